"""The format rules: page, grid, fonts and sizes, indents, the parts of the letter, 版记, page numbers, colours.

Each rule reads the resolved look of the paragraphs (reader) in their parts (anatomy) and compares it with
the house style's numbers (style.Expected). A rule checks its own property only: a wrong margin is not also
reported as 27 characters a line, because the characters rule measures against the house style's text
block, not the document's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from drafter.checker.anatomy import DOC_NUMBER, Anatomy, red
from drafter.checker.findings import Finding, Severity, finding
from drafter.checker.style import Expected, east_asian, family
from drafter.i18n import N_, _
from drafter.letter.widths import width
from drafter.ooxml.reader import Border, Document, Look, Paragraph, Section, StyledRun
from drafter.vocab import dates
from drafter.vocab import parts as words

TEXT_ROLES = ("salutation", "body", "heading", "contact", "attachment_note", "signer", "date", "note", "doc_number")
INDENTED = ("body", "heading", "contact")  # 左空二字, wrapped lines flush left
AMBIGUOUS = "“”‘’—…·"  # shown in the Latin font unless the run says eastAsia (w:hint)
LEVELS = (N_("一级标题"), N_("二级标题"), N_("三级标题"), N_("四级标题"))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\U00020000-\U0003ffff]")
PAGE_TOLERANCE = 10
MARGIN_TOLERANCE = 57  # ±1 mm (GB/T 9704 §5.2.1)
LETTERHEAD_TOP = 1701  # 信函: the letterhead's top edge 30 mm from the paper's top (GB/T 9704 §10.1)
LETTER_FOOT_RULE = 1134  # 信函: the lower red double rule 20 mm from the paper's foot
PLACE_TOLERANCE = 170  # ±3 mm: "far from its place", not a printer's drift
THICK_THIN = ("thickThinSmallGap", "thickThinMediumGap", "thickThinLargeGap")
THIN_THICK = ("thinThickSmallGap", "thinThickMediumGap", "thinThickLargeGap")
# Word draws thinThick as the thin line inside (toward the text) and the thick one outside (MS-OI29500 §2.1.528):
# a bottom border reads top to bottom as named, a top border the other way round.


@dataclass(frozen=True)
class Context:
    doc: Document
    parts: Anatomy
    style: Expected

    def paras(self, *roles: str) -> list[Paragraph]:
        return self.parts.of(self.doc, *roles)

    @property
    def grid(self) -> Section:
        return self.doc.sections[-1]


Rule = Callable[[Context], Iterator[Finding]]


def mm(tw: int | float) -> str:
    return f"{tw / 56.6929:.1f}".rstrip("0").rstrip(".") + " mm"


def pt(tw: int | float) -> str:
    return f"{tw / 20:.2f}".rstrip("0").rstrip(".") + _(" 磅")


def size_name(half_points: int | None) -> str:
    names = {84: "初号", 72: "小初", 52: "一号", 48: "小一", 44: "二号", 36: "小二", 32: "三号", 30: "小三", 28: "四号"}
    if half_points is None:
        return _("未设定")
    name = names.get(half_points)
    points = f"{half_points / 2:g}"
    return _("{name}（{pt} 磅）").format(name=name, pt=points) if name else _("{pt} 磅").format(pt=points)


def font_name(look: Look) -> str:
    return look.east_asia or _("未设定")


def fam(key: str) -> str:
    names = {"仿宋": _("仿宋"), "黑体": _("黑体"), "楷体": _("楷体"), "小标宋": _("小标宋"), "宋体": _("宋体")}
    return names.get(key, key)


def cjk_runs(para: Paragraph, start: int = 0, end: int | None = None) -> Iterator[tuple[StyledRun, str]]:
    """The runs of the paragraph (from character `start` to `end`) with the part of their text in range."""
    pos = 0
    for run in para.runs:
        text = run.text
        lo, hi = max(start - pos, 0), len(text) if end is None else min(end - pos, len(text))
        pos += len(text)
        if hi > lo:
            yield run, text[lo:hi]


# --- page and grid ---------------------------------------------------------------------------------------


def page_size(c: Context) -> Iterator[Finding]:
    for n, s in enumerate(c.doc.sections, start=1):
        size = (s.width or 0, s.height or 0)
        want = c.style.page
        if all(abs(a - b) <= PAGE_TOLERANCE for a, b in zip(sorted(size), sorted(want), strict=True)):
            continue
        yield finding(
            "page-size",
            _("A4 纸（{w} × {h}）").format(w=mm(want[0]), h=mm(want[1])),
            f"{mm(size[0])} × {mm(size[1])}" if all(size) else _("未设定"),
            place=_section_place(c, n),
        )


def _section_place(c: Context, n: int) -> str:
    return _("页面设置") if len(c.doc.sections) == 1 else _("页面设置（第{n}节）").format(n=n)


def margins(c: Context) -> Iterator[Finding]:
    want = c.style.margins
    for n, s in enumerate(c.doc.sections, start=1):
        if (s.width or 0) > (s.height or 0):
            continue  # a landscape section for a wide table (§8) keeps its own margins
        got = {k: s.margins.get(k, 0) for k in ("top", "bottom", "left", "right")}
        text_w = (s.width or 0) - got["left"] - got["right"]
        text_h = (s.height or 0) - got["top"] - got["bottom"]
        # each side within ±1 mm, so the 版心 is within 2 mm; the paper's own size is the paper rule's
        wrong = any(abs(got[k] - want[k]) > MARGIN_TOLERANCE for k in got) or (
            s.margins.get("gutter", 0) > MARGIN_TOLERANCE
        )
        if not wrong:
            continue

        def describe(m: dict[str, int], w: int, h: int) -> str:
            return _("上 {top}、下 {bottom}、左 {left}、右 {right}，版心 {w} × {h}").format(
                top=mm(m["top"]), bottom=mm(m["bottom"]), left=mm(m["left"]), right=mm(m["right"]), w=mm(w), h=mm(h)
            )

        found = describe(got, text_w, text_h)
        if s.margins.get("gutter", 0) > MARGIN_TOLERANCE:
            found += _("，装订线 {g}").format(g=mm(s.margins["gutter"]))
        yield finding(
            "margins",
            describe(want, c.style.text_width, c.style.text_height),
            found,
            place=_section_place(c, n),
        )


def _pitch(c: Context, para: Paragraph) -> tuple[int | None, str, bool]:
    """The pitch a paragraph's lines are set at in Word, how to say it, and whether the grid sets it.

    Exact spacing is the pitch whatever the grid; at least is the pitch when it is above the text's own
    height; single or multiple spacing on a document grid is that many grid pitches; without a grid
    the pitch follows the font, which only the page shows (None)."""
    grid = c.doc.sections[min(para.section, len(c.doc.sections) - 1)]
    rule = para.line_rule or "auto"
    line = para.line if para.line is not None else 240
    if rule == "exact":
        return line, _("固定值 {v}").format(v=pt(line)), False
    if rule == "atLeast":
        size = max((r.look.size or 0 for r in para.runs if r.text.strip()), default=0)
        said = _("最小值 {v}").format(v=pt(line))
        return (line if line >= size * 13 else None), said, False  # a line of text is about 1.3 × its size
    if grid.grid_type in ("lines", "linesAndChars") and grid.line_pitch and para.snap:
        pitch = round(grid.line_pitch * max(line, 240) / 240)
        if line <= 240:
            return pitch, _("单倍行距对齐网格 {v}").format(v=pt(grid.line_pitch)), True
        return pitch, _("{n} 倍行距对齐网格 {v}").format(n=f"{line / 240:g}", v=pt(grid.line_pitch)), True
    return None, _("{n} 倍行距").format(n=f"{line / 240:g}"), False


def line_pitch(c: Context) -> Iterator[Finding]:
    """Judged by the page: 28 pt exactly gives the 22 lines of 28.95 pt, so it passes; 29 pt gives 21.
    Paragraphs set on a wrong document grid are one finding on the grid, not one on each paragraph."""
    want, lines = c.style.pitch, c.style.lines
    expected = _("固定值 {v}，每页 {n} 行").format(v=pt(want), n=lines)
    on_grid: dict[int, int] = {}  # section → paragraphs the grid sets wrong
    uses_grid: set[int] = set()  # sections with a paragraph set by the grid
    for para in c.paras(*TEXT_ROLES):
        pitch, said, grid = _pitch(c, para)
        if grid:
            uses_grid.add(para.section)
        if pitch and c.style.text_height // pitch == lines:
            continue
        if grid and pitch:
            on_grid[para.section] = on_grid.get(para.section, 0) + 1
            continue
        found = said + (_("，每页 {n} 行").format(n=c.style.text_height // pitch) if pitch else "")
        yield finding("line-pitch", expected, found, para)
    for n, s in enumerate(c.doc.sections, start=1):
        count = on_grid.get(n - 1, 0)
        if s.grid_type not in ("lines", "linesAndChars") or not s.line_pitch:
            continue
        if c.style.text_height // s.line_pitch == lines:
            continue
        found = _("文档网格行距 {v}，每页 {n} 行").format(v=pt(s.line_pitch), n=c.style.text_height // s.line_pitch)
        if count:
            found += _("（{n} 段按网格排）").format(n=count)
            yield finding("line-pitch", expected, found, place=_section_place(c, n))
        elif n - 1 not in uses_grid:  # Word sets exact spacing over the grid; LibreOffice lays the lines on it
            found += _("（Word 中固定行距不受网格影响，LibreOffice 按网格排）")
            yield finding("line-pitch", expected, found, place=_section_place(c, n), severity="warning")


def chars_per_line(c: Context) -> Iterator[Finding]:
    style = c.style
    grid = c.grid
    expected = _("每行 {n} 字（三号字紧缩 {v}）").format(n=style.chars, v=pt(style.char - style.advance))
    for para in c.paras(*INDENTED, "salutation"):
        for run, text in cjk_runs(para):
            if not CJK.search(text):
                continue
            if grid.grid_type == "linesAndChars" and grid.char_space is not None:
                advance = style.char + grid.char_space / 204.8
                count = int(style.text_width // advance)
                if count == style.chars:
                    yield finding(
                        "chars-per-line",
                        expected,
                        _("Word 字符网格每行 {n} 字：只有 Word 这样排，LibreOffice 每行只排一半").format(n=count),
                        place=_("页面设置：文档网格"),
                        severity="warning",
                    )
                    return
            else:
                advance = style.char + run.look.spacing
                count = int(style.text_width // advance) if advance > 0 else 0
            if count != style.chars:
                spacing = pt(run.look.spacing) if run.look.spacing else _("标准")
                found = _("每行 {n} 字（字距 {v}）").format(n=count, v=spacing)
                yield finding("chars-per-line", expected, found, para)


# --- fonts -----------------------------------------------------------------------------------------------


def default_font(c: Context) -> Iterator[Finding]:
    look = c.doc.defaults()
    want = c.style
    if family(look.east_asia) != want.body_font or look.size != want.size:
        yield finding(
            "default-font",
            _("{font} {size}").format(font=fam(want.body_font), size=size_name(want.size)),
            _("{font} {size}").format(font=font_name(look), size=size_name(look.size)),
            place=_("样式“{name}”（新输入的文字用这个字体）").format(
                name=c.doc.style_names.get(c.doc.styles.default.get("paragraph", ""), "Normal")
            ),
        )


def _font_findings(
    rule: str, para: Paragraph, runs: Iterator[tuple[StyledRun, str]], font: str, size: int, bold: bool | None
) -> Iterator[Finding]:
    for run, text in runs:
        if not text.strip():
            continue
        look = run.look
        if CJK.search(text) and family(look.east_asia) != font:
            yield finding(rule, fam(font), font_name(look), para)
        if look.size != size:
            yield finding(rule, size_name(size), size_name(look.size), para)
        if bold is not None and look.bold != bold:
            yield finding(rule, _("加粗") if bold else _("不加粗"), _("加粗") if look.bold else _("不加粗"), para)


def body_font(c: Context) -> Iterator[Finding]:
    want = c.style
    for para in c.paras(*TEXT_ROLES):
        role = c.parts.role(para)
        start, end = 0, None
        if role == "heading":
            start = c.parts.levels[para.index][1]  # the heading has its own font; its run-in text is body
        if role == "doc_number":
            match = DOC_NUMBER.search(para.text)
            if match is None:
                continue
            start, end = match.start(), match.end()
        yield from _font_findings("body-font", para, cjk_runs(para, start, end), want.body_font, want.size, None)


def heading_font(c: Context) -> Iterator[Finding]:
    for para in c.paras("heading"):
        level, length = c.parts.levels[para.index]
        font, bold = c.style.headings[level]
        for item in _font_findings("heading-font", para, cjk_runs(para, 0, length), font, c.style.size, bold):
            yield finding(
                "heading-font",
                _("{level} {what}").format(level=_(LEVELS[level - 1]), what=item.expected),
                item.found,
                para,
            )


def title_format(c: Context) -> Iterator[Finding]:
    want = c.style
    for para in c.paras("title", "attachment_title"):
        yield from _font_findings(
            "title-format", para, cjk_runs(para), want.title_font, want.title_size, want.title_bold
        )
        if para.jc != "center":
            yield finding("title-format", _("居中"), _align(para.jc), para)
        indent = _first_line(para, c.style.char)
        if indent > c.style.char / 2:
            found = _("首行缩进 {n} 字").format(n=_chars(indent, c.style.char))
            yield finding("title-format", _("首行不缩进"), found, para)


def _align(jc: str | None) -> str:
    return {
        "center": _("居中"),
        "right": _("右对齐"),
        "end": _("右对齐"),
        "both": _("两端对齐"),
        "distribute": _("分散对齐"),
    }.get(jc or "left", _("左对齐"))


def _chars(tw: float, char: int) -> str:
    return f"{tw / char:.1f}".rstrip("0").rstrip(".")


def _lead(text: str) -> float:
    """Width in characters of the spaces a clerk typed to indent a line."""
    stripped = text.lstrip(" \u3000\u00a0")
    return sum(1.0 if ch == "\u3000" else 0.5 for ch in text[: len(text) - len(stripped)])


def _first_line(para: Paragraph, char: int) -> float:
    """Where the first line starts, in twips from the text block's left edge, typed spaces included."""
    ind = para.ind
    left = _left(para, char)
    if "firstLineChars" in ind:
        first = ind["firstLineChars"] * char / 100
    elif "hangingChars" in ind:
        first = -ind["hangingChars"] * char / 100
    else:
        first = ind.get("firstLine", 0) - ind.get("hanging", 0)
    return left + first + _lead(para.text) * char


def _left(para: Paragraph, char: int) -> float:
    """Word and WPS write one indent twice, in characters and in twips; the characters win (never both)."""
    if para.ind.get("leftChars"):
        return para.ind["leftChars"] * char / 100
    return para.ind.get("left", 0)


def _right(para: Paragraph, char: int) -> float:
    if para.ind.get("rightChars"):
        return para.ind["rightChars"] * char / 100
    return para.ind.get("right", 0)


# --- parts of the letter ---------------------------------------------------------------------------------


def salutation(c: Context) -> Iterator[Finding]:
    char = c.style.char
    for para in c.paras("salutation"):
        start = _first_line(para, char)
        if abs(start) > char / 4 or abs(_left(para, char)) > char / 4:
            found = _("缩进 {n} 字").format(n=_chars(max(start, _left(para, char)), char))
            yield finding("salutation", _("顶格"), found, para)


def body_indent(c: Context) -> Iterator[Finding]:
    char = c.style.char
    expected = _("首行缩进 2 字，回行顶格")
    for para in c.paras(*INDENTED):
        start, left = _first_line(para, char), _left(para, char)
        if abs(start - 2 * char) > char / 4 or abs(left) > char / 4:
            found = _("首行 {first} 字，左缩进 {left} 字").format(first=_chars(start, char), left=_chars(left, char))
            yield finding("body-indent", expected, found, para)
        if para.jc in ("center", "right", "end", "distribute"):
            yield finding("body-indent", _("两端对齐"), _align(para.jc), para)
        elif para.jc not in ("both", "justify"):
            yield finding("body-indent", _("两端对齐"), _align(para.jc), para, severity="warning")


def doc_number(c: Context) -> Iterator[Finding]:
    for para in c.paras("doc_number"):
        match = DOC_NUMBER.search(para.plain)
        assert match is not None
        year, n = int(match["year"]), match["serial"]
        form = _("代字〔年份〕序号号，如 温科提复〔2024〕95号")
        if match["di"]:
            yield finding("doc-number", form, _("序号前有“第”：{text}").format(text=match.group(0)), para)
        if n.startswith("0"):
            yield finding("doc-number", form, _("序号有前导零：{text}").format(text=match.group(0)), para)
        if not 1990 <= year <= 2100:
            yield finding("doc-number", _("四位的年份"), str(year), para)
        if " " in match.group(0) or "\u3000" in match.group(0):
            yield finding("doc-number", form, _("中间有空格：{text}").format(text=match.group(0)), para)
        place = {"信函": "right", "文件": "center"}.get(c.parts.format)
        if place and para.jc != place and not (place == "right" and para.jc == "end"):
            want = _("居右（信函格式）") if place == "right" else _("居中（文件格式）")
            yield finding("doc-number", want, _align(para.jc), para)
        if place is None and para.jc in (None, "left", "start", "both", "distribute"):
            yield finding("doc-number", _("居中或居右（没有版头时在标题下居中）"), _align(para.jc), para)


def _right_gap(para: Paragraph, char: int, chars: int) -> float:
    """Characters between the line's end and the text block's right edge."""
    text = para.plain.strip()
    if para.jc in ("right", "end"):
        return _right(para, char) / char + (len(para.plain) - len(para.plain.rstrip())) * 0.5
    start = _first_line(para, char) / char
    if para.jc == "center":
        return (chars - width(text)) / 2
    return chars - start - width(text)


def date_missing(c: Context) -> Iterator[Finding]:
    """A letter goes out dated (GB/T 9704 §7.3.5.4): a draft's blank 年　月　日 is still to be filled in."""
    titles = c.paras("title")
    if not c.paras("salutation") or c.paras("date") or any(t.plain.strip().endswith("报告") for t in titles):
        return  # a 报告 to the standing committee may go undated
    blank = next((p for p in c.doc.paragraphs if p.plain.strip() and dates.is_blank(p.plain)), None)
    if blank is not None:
        yield finding("date-missing", _("写明成文日期，如 2024年6月26日"), _("日期未填写（年　月　日）"), blank)
    else:
        yield finding("date-missing", _("写明成文日期，如 2024年6月26日"), _("没有成文日期"), place=_("署名之下"))


def date_position(c: Context) -> Iterator[Finding]:
    char, chars = c.style.char, c.style.chars
    for date in c.paras("date"):
        gap = _right_gap(date, char, chars)
        if abs(gap - c.style.date_right) <= 0.5:
            continue
        signer = next(iter(c.paras("signer")), None)
        if signer is not None and _unsealed(signer, date, char, chars):
            continue
        yield finding(
            "date-position",
            _("右空 {n} 字").format(n=f"{c.style.date_right:g}"),
            _("右空 {n} 字").format(n=f"{gap:.1f}".rstrip("0").rstrip(".")),
            date,
        )


def _unsealed(signer: Paragraph, date: Paragraph, char: int, chars: int) -> bool:
    """GB/T 9704 §7.3.5.2: 署名 右空二字, the date's first character two to the right of the 署名's."""
    s_gap, d_gap = _right_gap(signer, char, chars), _right_gap(date, char, chars)
    s_start = chars - s_gap - width(signer.plain.strip())
    d_start = chars - d_gap - width(date.plain.strip())
    normal = abs(s_gap - 2) <= 0.5 and abs(d_start - s_start - 2) <= 0.5
    long_date = abs(d_gap - 2) <= 0.5 and s_gap >= 2 - 0.5 and abs(d_start - s_start - 2) <= 0.5
    return normal or long_date


def signer(c: Context) -> Iterator[Finding]:
    char, chars = c.style.char, c.style.chars
    dates = c.paras("date")
    for para in c.paras("signer"):
        if not dates:
            continue
        date = dates[0]
        s_gap, d_gap = _right_gap(para, char, chars), _right_gap(date, char, chars)
        s_mid = s_gap + width(para.plain.strip()) / 2
        d_mid = d_gap + width(date.plain.strip()) / 2
        if abs(s_mid - d_mid) <= 0.5 or _unsealed(para, date, char, chars):
            continue
        off = s_mid - d_mid
        found = _("偏左 {n} 字").format(n=f"{off:.1f}") if off > 0 else _("偏右 {n} 字").format(n=f"{-off:.1f}")
        yield finding("signer", _("以成文日期为准居中"), found, para)


def note(c: Context) -> Iterator[Finding]:
    """附注 under the date: in parentheses, 左空二字. A contact line there without them (a bureau that puts its
    联系人 lines last) is a warning: the standard's 附注 form, but a house may mean it."""
    char = c.style.char
    for para in c.paras("note"):
        text = para.plain.strip()
        if not (text.startswith(("（", "(")) and text.endswith(("）", ")"))):
            severity: Severity | None = "warning" if words.CONTACT.match(text) else None
            yield finding("note", _("用圆括号括起：（……）"), excerpt_of(text), para, severity=severity)
        start = _first_line(para, char)
        if abs(start - 2 * char) > char / 4:
            yield finding("note", _("居左空二字"), _("首行 {n} 字").format(n=_chars(start, char)), para)


def attachment_order(c: Context) -> Iterator[Finding]:
    """GB/T 9704 §7.3.6: the attachment follows the 成文日期 (and 附注) on a page of its own; a 附件 label inside
    the text, with the closing or the signature still to come, puts it in the wrong place."""
    for para in c.paras("attachment_early"):
        later = [p for p in c.doc.paragraphs if p.index > para.index and p.text.strip()]
        signing = next((p for p in later if c.parts.role(p) in ("signer", "date", "placeholder")), None)
        text = [p for p in later if c.parts.role(p) in ("body", "heading")]
        text = [p for p in text if signing is None or p.index < signing.index]
        what = text[-1] if text else signing  # the closing (特此通知) it stands before, else the signature
        if what is None:
            continue
        yield finding(
            "attachment-order",
            _("附件在成文日期（和附注）之后另页编排"),
            _("附件排在“{words}”之前").format(words=excerpt_of(what.plain.strip())),
            para,
        )


def excerpt_of(text: str) -> str:
    return text if len(text) <= 16 else text[:16] + "……"


def attachment_note(c: Context) -> Iterator[Finding]:
    char = c.style.char
    notes = c.paras("attachment_note")
    for n, para in enumerate(notes):
        text = para.plain.strip()
        if n == 0:
            start = _first_line(para, char)
            if abs(start - 2 * char) > char / 4:
                yield finding("attachment-note", _("左空二字"), _("首行 {n} 字").format(n=_chars(start, char)), para)
            before = c.doc.paragraphs[para.index - 1] if para.index else None
            if before is not None and before.text.strip():
                yield finding("attachment-note", _("正文下空一行"), _("紧接正文"), para)
            if len(notes) > 1 and not re.match(r"附件[：:]\s*1[.．]", text):
                yield finding("attachment-note", _("附件：1.名称"), excerpt_of(text), para)
        if text.endswith(tuple("。，；、.,;")):
            yield finding("attachment-note", _("名称后不加标点"), _("以“{c}”结尾").format(c=text[-1]), para)


def cc(c: Context) -> Iterator[Finding]:
    foot = c.style.foot_char
    for para in c.paras("cc"):
        text = para.plain.strip()
        for run, piece in cjk_runs(para):
            if piece.strip() and run.look.size != c.style.foot_size:
                yield finding("cc", size_name(c.style.foot_size), size_name(run.look.size), para)
                break
        if not text.startswith(("抄送：", "抄报：", "报：")):
            yield finding("cc", _("抄送：……"), excerpt_of(text), para)
        if not text.endswith("。"):
            yield finding("cc", _("末尾加句号"), _("以“{c}”结尾").format(c=text[-1:]), para, severity="warning")
        if para.where != "table":
            start, right = _first_line(para, foot), _right(para, foot)
            if abs(start - foot) > foot / 3 or abs(right - foot) > foot / 3:
                found = _("左 {l} 字，右 {r} 字").format(l=_chars(start, foot), r=_chars(right, foot))
                yield finding("cc", _("左右各空一字"), found, para)


def printer(c: Context) -> Iterator[Finding]:
    lines = c.paras("printer")
    if c.parts.format == "信函":
        for para in lines:
            yield finding("printer", _("信函格式不印印发机关和印发日期"), excerpt_of(para.plain.strip()), para)
        return
    if c.parts.format == "文件" and not lines:
        yield finding("printer", _("版记末行：印发机关 + 印发日期印发"), _("没有印发行"), severity="warning")
    foot = c.style.foot_char
    for para in lines:
        for run, piece in cjk_runs(para):
            if piece.strip() and run.look.size != c.style.foot_size:
                yield finding("printer", size_name(c.style.foot_size), size_name(run.look.size), para)
                break
        if para.where != "table" and abs(_first_line(para, foot) - foot) > foot / 3:
            found = _("左 {n} 字").format(n=_chars(_first_line(para, foot), foot))
            yield finding("printer", _("印发机关左空一字"), found, para)


def foot_rules(c: Context) -> Iterator[Finding]:
    foot = [p for p in c.paras("cc", "printer") if p.where != "table"]
    if not foot:
        return
    if c.parts.format == "信函":
        for para in foot:
            if para.borders:
                yield finding("foot-rules", _("信函格式的版记不加分隔线"), _("有分隔线"), para)
        return
    want = c.style.foot_rules
    if want is None or c.parts.format != "文件":
        return
    first, last = foot[0], foot[-1]
    cc_lines = [p for p in foot if c.parts.role(p) == "cc"]
    printer_lines = [p for p in foot if c.parts.role(p) == "printer"]
    middle = None
    if cc_lines and printer_lines:
        middle = _rule_below(c, cc_lines[-1]) or _rule_above(c, printer_lines[0])
    top, bottom = _rule_above(c, first), _rule_below(c, last)

    def size(rule: Border | None) -> int:
        return rule.size if rule is not None else 0

    # without a 印发 line there is no middle rule to look for
    sizes = (size(top), size(middle) if printer_lines else want[1], size(bottom))
    dark = all((b.color or "auto").lower() in ("auto", "000000") for b in (top, middle, bottom) if b is not None)
    if sizes != want or not dark:

        def say(values: tuple[int, ...]) -> str:  # sizes in eighths of a point; 0: no rule
            return "、".join(f"{v / 8 * 0.3528:.2f} mm" if v else _("无") for v in values)

        found = say(sizes) + ("" if dark else _("，不是黑色"))
        wanted = _("首末条 {a}，中间 {b}，黑色").format(a=say((want[0],)), b=say((want[1],)))
        yield finding("foot-rules", wanted, found, first)


def _empty_neighbour(c: Context, para: Paragraph, step: int) -> Paragraph | None:
    """The empty paragraph right before (-1) or after (+1): WPS and Word draw a 版记 rule as its border."""
    n = para.index + step
    if 0 <= n < len(c.doc.paragraphs):
        other = c.doc.paragraphs[n]
        if not other.text.strip() and other.where == para.where:
            return other
    return None


def _rule_above(c: Context, para: Paragraph) -> Border | None:
    other = _empty_neighbour(c, para, -1)
    return para.borders.get("top") or (other.borders.get("bottom") or other.borders.get("top") if other else None)


def _rule_below(c: Context, para: Paragraph) -> Border | None:
    return _rule_below_side(c, para)[0]


def _rule_below_side(c: Context, para: Paragraph) -> tuple[Border | None, str]:
    """The rule under a paragraph and the side of the paragraph that carries it (top or bottom)."""
    if para.borders.get("bottom"):
        return para.borders["bottom"], "bottom"
    other = _empty_neighbour(c, para, 1)
    if other is not None and other.borders.get("top"):
        return other.borders["top"], "top"
    return (other.borders.get("bottom") if other else None), "bottom"


def foot_position(c: Context) -> Iterator[Finding]:
    foot = c.paras("cc", "printer")
    if foot and not any(p.at_bottom for p in foot):
        yield finding(
            "foot-position",
            _("版记固定在最后一页的版心下端（文本框、图文框或表格定位在底部）"),
            _("版记随正文排列，无法确认在页面下端（可用 --render 检查）"),
            foot[0],
        )


# --- the 信函 letterhead ----------------------------------------------------------------------------------


def _letterhead_top(c: Context, para: Paragraph) -> int | None:
    """The letterhead's top edge from the paper's top, where the file fixes it: a frame or box placed on the
    page, or the first lines of the page at exact spacing; None where only the page would tell."""
    if para.box_top is not None:
        return para.box_top
    if para.where != "body" or para.frame is not None:
        return None
    section = c.doc.sections[min(para.section, len(c.doc.sections) - 1)]
    top = section.margins.get("top", 0) + para.before
    for other in c.doc.paragraphs[: para.index]:
        if other.where != "body" or other.frame is not None or other.box_top is not None:
            continue
        if other.line_rule != "exact" or other.line is None:
            return None
        top += other.before + other.line
    return top


def letterhead_position(c: Context) -> Iterator[Finding]:
    heads = [p for p in c.paras("letterhead") if p.where in ("body", "box")]
    if c.parts.format != "信函" or not heads:
        return
    top = _letterhead_top(c, heads[0])
    if top is not None and abs(top - LETTERHEAD_TOP) > PLACE_TOLERANCE:
        yield finding(
            "letterhead-position",
            _("发文机关标志上边缘距纸张上边 {v}").format(v=mm(LETTERHEAD_TOP)),
            mm(top),
            heads[0],
        )


def _order(rule: Border, side: str) -> str:
    """How a double rule looks on the page, top to bottom: thick-thin (上粗下细), thin-thick, or other."""
    named = "thick-thin" if rule.val in THICK_THIN else "thin-thick" if rule.val in THIN_THICK else "other"
    if side == "top" and named != "other":
        return "thin-thick" if named == "thick-thin" else "thick-thin"
    return named


def _say_rule(rule: Border | None, side: str = "bottom") -> str:
    if rule is None:
        return _("没有")
    if _order(rule, side) == "thick-thin":
        kind = _("上粗下细双线")
    elif _order(rule, side) == "thin-thick":
        kind = _("上细下粗双线")
    elif rule.val == "double":
        kind = _("等粗双线")
    else:
        kind = _("单线")
    return kind + ("" if red(rule.color) else _("，{c}").format(c=(rule.color or "auto").upper()))


def letterhead_rules(c: Context) -> Iterator[Finding]:
    """GB/T 9704 §10.1: under the letterhead a red double rule, thick above thin; 20 mm above the paper's foot
    a red double rule, thin above thick. Rules drawn as shapes are not read (no finding either way)."""
    heads = [p for p in c.paras("letterhead") if p.where in ("body", "box")]
    if c.parts.format != "信函" or not heads:
        return
    upper, upper_side = _rule_below_side(c, heads[-1])
    if upper is None and c.doc.drawn_lines:
        return
    if upper is None or _order(upper, upper_side) != "thick-thin" or not red(upper.color):
        found = _say_rule(upper, upper_side)
        yield finding("letterhead-rules", _("发文机关标志下一条红色双线（上粗下细）"), found, heads[-1])
    lower = next(
        (
            (p, b, side)
            for p in c.doc.paragraphs
            if p.index > heads[-1].index and p.where in ("body", "box")
            for side, b in (("top", p.borders.get("top")), ("bottom", p.borders.get("bottom")))
            if b is not None and b.val in THIN_THICK + THICK_THIN + ("double",) and red(b.color)
        ),
        None,
    )
    want = _("距纸张下边 20 mm 一条红色双线（上细下粗）")
    if lower is None:
        if not c.doc.drawn_lines:
            yield finding("letterhead-rules", want, _("没有"), place=_("首页下端"))
        return
    para, rule, side = lower
    if _order(rule, side) != "thin-thick":
        yield finding("letterhead-rules", want, _say_rule(rule, side), place=_("首页下端"))
    if para.box_top is not None:  # against the house style's paper, so a wrong paper is the paper rule's only
        gap = c.style.page[1] - para.box_top
        if abs(gap - LETTER_FOOT_RULE) > PLACE_TOLERANCE:
            yield finding("letterhead-rules", want, _("距纸张下边 {v}").format(v=mm(gap)), place=_("首页下端"))


# --- page numbers ----------------------------------------------------------------------------------------


def page_number(c: Context) -> Iterator[Finding]:
    style = c.style
    foot = style.foot_char
    section = c.doc.sections[0]
    number_form = _("“— 1 —”，{font} {size}").format(font=fam(style.number_font), size=size_name(style.number_size))
    odd = section.footers.get("default", [])
    if not any("{PAGE}" in p.text for p in odd):
        yield finding("page-number", number_form, _("没有页码"), place=_("页脚"))
        return
    if not c.doc.even_and_odd:
        yield finding("page-number", _("奇偶页不同：单页居右、双页居左"), _("各页页码位置相同"), place=_("页脚"))
    sides = [("default", "right", _("奇数页页脚"))]
    if c.doc.even_and_odd:
        sides.append(("even", "left", _("偶数页页脚")))
    for kind, side, place in sides:
        paras = [p for p in section.footers.get(kind, []) if "{PAGE}" in p.text]
        if not paras:
            yield finding("page-number", number_form, _("没有页码"), place=place)
            continue
        para = paras[0]
        text = re.sub(r"\s", "", para.text)
        if text != "—{PAGE}—":
            shown = para.text.strip().replace("{PAGE}", "1")
            yield finding("page-number", _("“— 1 —”（一字线 U+2014）"), f"“{shown}”", place=place)
        run = next((r for r in para.runs if "{PAGE}" in r.text), para.runs[0])
        digit_font = run.look.ascii or run.look.east_asia
        if family(digit_font) != style.number_font or run.look.size != style.number_size:
            yield finding(
                "page-number",
                f"{fam(style.number_font)} {size_name(style.number_size)}",
                f"{digit_font or _('未设定')} {size_name(run.look.size)}",
                place=place,
            )
        if para.box_align:  # a text box or frame placed across the page: its place is the alignment
            across = {"outside": side, "inside": "left" if side == "right" else "right"}.get(para.box_align)
            across = across or para.box_align
            if across != side:
                want = _("居右空一字") if side == "right" else _("居左空一字")
                yield finding("page-number", want, _("文本框{align}").format(align=_align(across)), place=place)
            continue
        indent = _right(para, foot) if side == "right" else _left(para, foot)
        aligned = para.jc in ((side, "end") if side == "right" else (side, "start", None, "both"))
        if not aligned or abs(indent - foot) > foot / 3:
            want = _("居右空一字") if side == "right" else _("居左空一字")
            found = _("{align}，空 {n} 字").format(align=_align(para.jc), n=_chars(indent, foot))
            yield finding("page-number", want, found, place=place)
    first = section.footers.get("first", [])
    first_numbered = section.title_page and any("{PAGE}" in p.text for p in first)
    if c.parts.format == "信函" and not (section.title_page and not first_numbered):
        yield finding("page-number", _("信函格式首页不标页码"), _("首页有页码"), place=_("首页页脚"))
    if c.parts.format == "文件" and section.title_page and not first_numbered:
        yield finding("page-number", _("文件格式首页标页码"), _("首页没有页码"), place=_("首页页脚"))
    distance = section.margins.get("footer")
    if distance is not None and abs(distance - style.footer) > MARGIN_TOLERANCE:
        yield finding(
            "page-number",
            _("页脚距边界 {v}（页码在版心下边缘之下约 7 mm）").format(v=mm(style.footer)),
            mm(distance),
            place=_("页面设置"),
        )


# --- colour and punctuation fonts ------------------------------------------------------------------------


def colour(c: Context) -> Iterator[Finding]:
    red = c.style.red
    for para in c.doc.paragraphs:
        role = c.parts.role(para)
        if para.where not in ("body", "table", "box") or not para.text.strip() or role == "placeholder":
            continue
        for run in para.runs:
            if not run.text.strip():
                continue
            got = (run.look.color or "auto").upper()
            if role == "letterhead":
                if got != red:
                    yield finding("colour", _("发文机关标志用红色（{red}）").format(red=red), got, para)
                    break
            elif got not in ("AUTO", "000000"):
                yield finding("colour", _("黑色"), got, para)
                break
    if c.parts.format == "文件":
        for para in c.paras("doc_number"):
            rule = para.borders.get("bottom")
            if rule is not None and (rule.color or "auto").upper() != red:
                wanted = _("版头分隔线用红色（{red}）").format(red=red)
                yield finding("colour", wanted, (rule.color or "auto").upper(), para)


def punctuation_font(c: Context) -> Iterator[Finding]:
    for para in c.doc.paragraphs:
        if para.where not in ("body", "table", "box"):
            continue
        for run in para.runs:
            marks = "".join(dict.fromkeys(ch for ch in run.text if ch in AMBIGUOUS))
            if not marks:
                continue
            look = run.look
            if look.hint == "eastAsia" or east_asian(look.h_ansi):
                continue
            yield finding(
                "punctuation-font",
                _('{marks} 用中文字体（w:hint="eastAsia"）').format(marks=marks),
                _("用西文字体 {font}").format(font=look.h_ansi or _("未设定")),
                para,
            )
            break


RULES: tuple[Rule, ...] = (
    page_size,
    margins,
    line_pitch,
    chars_per_line,
    default_font,
    body_font,
    heading_font,
    letterhead_position,
    letterhead_rules,
    title_format,
    salutation,
    body_indent,
    doc_number,
    date_missing,
    date_position,
    signer,
    note,
    attachment_note,
    attachment_order,
    cc,
    printer,
    foot_rules,
    page_number,
    colour,
    punctuation_font,
)


def check_format(doc: Document, parts: Anatomy, style: Expected, rendered: bool = False) -> list[Finding]:
    context = Context(doc, parts, style)
    out = [f for rule in RULES for f in rule(context)]
    if not rendered:
        out += list(foot_position(context))
    return out
