"""The lines of an existing letter, from a .txt (copied from a web page or a PDF) or a .docx.

Web-page furniture (breadcrumbs, the 索引号 / 发布机构 table, 打印本页 关闭窗口, page numbers) is set
aside here, so that what the importer parses is the letter and only the letter. Nothing else is dropped:
every other character reaches the parser, which places it or keeps it as a plain paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.files import refuse_special
from drafter.i18n import _
from drafter.limits import MAX_SOURCE_LINES, MAX_TEXT_BYTES
from drafter.ooxml.package import Damaged, DocxError, Package
from drafter.ooxml.reader import Paragraph, body_paragraphs
from drafter.problems import InputError, Problem

SUFFIXES = (".txt", ".docx")
BREAKS = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class SourceLine:
    """One line of a .txt, or one paragraph or table row of a .docx; `number` is where it was (1-based)."""

    number: int
    text: str
    cells: tuple[str, ...] | None = None  # a table row


@dataclass
class Source:
    path: Path
    lines: list[SourceLine]
    unit: str  # how a place is named: 行 for a .txt, 段 for a .docx
    furniture: list[SourceLine] = field(default_factory=list)
    pictures: list[int] = field(default_factory=list)  # where a picture stood (a .docx's seal, signature, chart)

    def where(self, number: int) -> str:
        return _("第{n}行").format(n=number) if self.unit == "行" else _("第{n}段").format(n=number)


# ---------------------------------------------------------------- reading


def read_source(path: Path) -> Source:
    """The source's lines; an unreadable, empty or unsupported file is a clear problem, not a crash."""
    suffix = path.suffix.lower()
    if path.is_dir():
        message = _("这是一个文件夹；导入文件夹里的全部信件请写 drafter import 文件夹 -o 输出文件夹")
        raise InputError([Problem(path, message)])
    if suffix == ".doc":
        raise InputError([Problem(path, _("不能读取旧版 Word 文件（.doc）；请在 Word 中“另存为” .docx 后再导入"))])
    if suffix not in SUFFIXES:
        raise InputError([Problem(path, _("只能导入 .txt 或 .docx 文件"))])
    refuse_special(path)
    try:
        size = path.stat().st_size
        if suffix == ".txt" and size > MAX_TEXT_BYTES:
            message = _("文件太大：{size} 字节，导入的 .txt 最多 {limit} 字节")
            raise InputError([Problem(path, message.format(size=f"{size:,}", limit=f"{MAX_TEXT_BYTES:,}"))])
        data = path.read_bytes() if suffix == ".txt" else b""  # a .docx is read part by part, within limits
    except FileNotFoundError:
        raise InputError([Problem(path, _("找不到这个文件"))]) from None
    except OSError as exc:
        raise InputError([Problem(path, _("无法读取这个文件（{reason}）").format(reason=exc.strerror))]) from None
    if suffix == ".docx":
        lines = _docx_lines(path, data)
        unit = "段"
    else:
        lines = _unflatten(
            _text_rows(
                [
                    SourceLine(n, part)
                    for n, text in enumerate(re.split(r"\r\n|\r|\n", _decode(path, data)), start=1)
                    for part in BREAKS.split(text)  # a form feed (a PDF's page break) ends a line too
                ]
            )
        )
        unit = "行"
    if len(lines) > MAX_SOURCE_LINES:  # the recognition after this costs about a millisecond a line
        message = _("内容太多：{count} 行（段），导入的信最多 {limit} 行（段）")
        raise InputError([Problem(path, message.format(count=f"{len(lines):,}", limit=f"{MAX_SOURCE_LINES:,}"))])
    if not any(line.text.strip() or line.cells for line in lines):
        raise InputError([Problem(path, _("文件是空的，没有可导入的文字"))])
    return Source(path, lines, unit)


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.strip().strip("|").split("|") if c.strip()]


def _text_rows(lines: list[SourceLine]) -> list[SourceLine]:
    """`a | b` lines of a copied web page: a table where rows of two or more cells follow each other, else
    the page's layout table, whose cells are lines of their own (a line of bare | is no text at all)."""
    counts = [len(_cells(line.text)) if "|" in line.text else 0 for line in lines]
    out: list[SourceLine] = []
    for i, line in enumerate(lines):
        if not counts[i]:
            if "|" not in line.text:
                out.append(line)
            continue
        neighbour = any(0 <= j < len(lines) and counts[j] == counts[i] for j in (i - 1, i + 1))
        if counts[i] >= 2 and neighbour:
            out.append(SourceLine(line.number, line.text, tuple(_cells(line.text))))
        else:
            out += [SourceLine(line.number, cell) for cell in _cells(line.text)]
    return out


FLAT_BREAK = re.compile(r"(?<=[\u3400-\u9fff：:。！!？?；;）)”])\s+(?=[\u3400-\u9fff（(“\d])")
FLAT_LENGTH = 150  # a line this long holding several breaks between Chinese words is a whole letter run together


def _unflatten(lines: list[SourceLine]) -> list[SourceLine]:
    """A letter a page printed as one line (salutation, sections, signature and date with spaces between them)
    split into its lines again; Chinese text has no spaces between words, so each such space was a break."""
    out: list[SourceLine] = []
    for line in lines:
        parts = FLAT_BREAK.split(line.text.strip()) if line.cells is None and len(line.text) > FLAT_LENGTH else []
        if len(parts) >= 4:
            out += [SourceLine(line.number, part) for part in parts]
        else:
            out.append(line)
    return out


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM); GB18030 as saved by Notepad on a Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem(path, _("无法识别文件的编码；请在记事本中“另存为”，编码选 UTF-8"))])


def _docx_lines(path: Path, data: bytes) -> list[SourceLine]:
    try:
        with Package(path) as archive:  # the limits on size, methods and XML depth: drafter/ooxml/package.py
            paragraphs = body_paragraphs(archive)  # drafter/ooxml/reader.py, the checker's reader
    except (Damaged, KeyError):
        raise InputError([Problem(path, _("这个 .docx 文件已损坏或不是 Word 文件，无法读取"))]) from None
    except DocxError as exc:
        raise InputError([Problem(path, str(exc))]) from None
    lines = []
    for n, (text, cells) in enumerate(_rows(paragraphs), start=1):
        if cells is not None and not any(c.strip() for c in cells):
            continue  # a table with nothing in it: Word's way of drawing a rule
        if cells is not None and len(cells) == 1:  # a one-cell table framing its text: that text, as lines
            lines += [SourceLine(n, part) for part in cells[0].split("\n")]
        elif cells is not None:
            lines.append(SourceLine(n, text, cells))
        else:  # a line break inside a paragraph (a title set over two lines) ends a line, as in a .txt
            lines += [SourceLine(n, part) for part in text.split("\n")]
    return lines


def _rows(paragraphs: list[Paragraph]) -> list[tuple[str, tuple[str, ...] | None]]:
    """A paragraph (text boxes' after their anchor) or a table row a line: a row's cells, each its paragraphs
    with text, joined with " | "."""
    rows: list[tuple[str, tuple[str, ...] | None]] = []
    cells: dict[int, list[str]] = {}
    row: int | None = None

    def end_row() -> None:
        if cells:
            texts = tuple("\n".join(t for t in cells[c] if t.strip()) for c in sorted(cells))
            rows.append((" | ".join(texts), texts))
            cells.clear()

    for para in paragraphs:
        if para.cell is None or para.cell[0] != row:
            end_row()
        row = para.cell[0] if para.cell is not None else None
        if para.cell is None:
            rows.append((_paragraph_text(para), None))
        else:
            cells.setdefault(para.cell[1], []).append(_paragraph_text(para))
    end_row()
    return rows


IMAGE = "\ufffc"  # a picture's place in a paragraph's text (OBJECT REPLACEMENT CHARACTER), reported by the importer


def _paragraph_text(paragraph: Paragraph) -> str:
    """The text, a tab a space, a run bold in the letter (on the run or by its character style) as **…**."""
    pieces: list[str] = [IMAGE] if paragraph.picture else []
    for run in paragraph.runs:
        text = run.text.replace("\t", " ")
        pieces.append(f"**{text}**" if run.emphasis and text.strip() else text)
    return "".join(pieces).replace("****", "")


# ---------------------------------------------------------------- web furniture

META_LABELS = (
    "文号", "发布单位", "文章来源", "索引号", "主题分类", "发布机构", "发文机关", "发文日期", "发文时间",
    "成文日期", "发布日期", "发布时间", "公开方式", "公开范围", "公开时限", "有效性", "信息来源", "来源",
    "浏览次数", "浏览量", "访问量", "点击数", "阅读数", "阅读次数", "作者", "责任编辑", "关键字", "关键词",
    "主题词", "信息分类", "组配分类", "体裁分类", "时效", "生成日期", "来自", "时间", "主办", "网站标识码",
    "备案号", "标题", "名称", "日期", "发文字号", "公文时效", "成文时间", "编辑",
)  # fmt: skip
_LABEL = "|".join(r"\s*".join(label) for label in sorted(set(META_LABELS), key=len, reverse=True))
META = re.compile(rf"^\s*[•·●]?\s*(?:{_LABEL})\s*[:：]")
# the metadata table a portal prints above an article (索引号：…  发布机构：…), labels spaced out or not
TOKENS = re.compile(
    r"打印本页|关闭本页|关闭窗口|打印此页|打印文章|【\s*打印\s*】|【\s*关闭\s*】|\[\s*打印\s*\]|\[\s*关闭\s*\]|"
    r"【\s*(?:收藏|纠错|责任编辑|打印|关闭)\s*】|扫一扫在手机(?:上)?(?:打开|查看)?(?:当前页)?|分享到\s*[:：]?|微信|微博|QQ空间|腾讯微博|"
    r"新浪微博|人人网|豆瓣|朋友圈|收藏本页|加入收藏|返回顶部|返回首页|简体版|繁體版|简体|繁體|信息无障碍|无障碍|"
    r"(?:当前位置|您现在的位置|您所在的位置)\s*[:：]?|首页|字号\s*[:：]?\s*[\[【(（]?\s*(?:大\s*中\s*小)?\s*[\]】)）]?|"
    r"\S{0,20}信息公开(?:专栏|目录|指南|平台|网)?|[大中小]|打印|关闭|收藏|我要纠错|责任编辑\s*[:：]?\s*\S{0,8}"
)  # words a web page puts round an article; a line is furniture only when nothing else is left on it
CRUMBS = re.compile(r"^(?:(?:首页|网站首页)\s*[>›»＞/]|[>›»＞]{1,2}\s*\S)")  # 首页 > 政务公开 > …
LEFT_OVER = re.compile(r"^[\s【】\[\]()（）|:：>›»＞/\\\-—·•、,，]*$")
META_SPACED = re.compile(
    r"^\s*(?:索\s*引\s*号|主题分类|组配分类|体裁分类|发布机构|成文日期|发布日期|发布时间|公开方式|公开范围|文\s*号)\s+\S"
)  # the same table copied without its colons: 索引号 001008003/2024-312830 主题分类 …
PAGE_NUMBER = re.compile(r"^[—－\-–]\s*\d+\s*[—－\-–]$")
FOOTER = re.compile(r"ICP备|网站标识码|公网安备|版权所有|技术支持|网站地图|邮\s*编\s*[:：]\s*\d{6}")  # a site's footer
BULLET = re.compile(r"^[•●]\s*[^。，；！？]{0,40}$")  # • 索引号 / • 2024-06-20: a portal's bulleted metadata
MARKUP = re.compile(r"^(?:<!--.*?-->|</?[A-Za-z][^<>]*>)+$|^My JSP '[^']*' starting page$")  # HTML a page left behind


def is_furniture(text: str) -> bool:
    """A web page's own line (navigation, metadata, print and share buttons, a PDF's page number).

    Only a line that is furniture through and through: a sentence of the letter that mentions 分享到 or 关闭窗口
    is the letter's, and is kept (nothing is dropped silently).
    """
    stripped = text.strip()
    if not stripped:
        return False
    if any(p.match(stripped) for p in (PAGE_NUMBER, CRUMBS, META, META_SPACED, MARKUP, BULLET)):
        return True
    if FOOTER.search(stripped) and not re.search(r"[。！？]", stripped):
        return True
    rest = TOKENS.sub("", stripped)
    return rest != stripped and bool(LEFT_OVER.match(rest))


def letter_lines(source: Source) -> list[SourceLine]:
    """The source's non-empty lines, furniture set aside (kept in `source.furniture` for the report)."""
    kept: list[SourceLine] = []
    for line in source.lines:
        if IMAGE in line.text:
            source.pictures.append(line.number)
            line = SourceLine(line.number, line.text.replace(IMAGE, ""), line.cells)
        if line.cells is None and not line.text.strip():
            continue
        if line.cells is None and is_furniture(line.text):
            source.furniture.append(line)
            continue
        kept.append(line)
    return kept


# ---------------------------------------------------------------- punctuation

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def cjk(ch: str) -> bool:
    """A Chinese character or full-width punctuation mark (anything from the CJK blocks up)."""
    return bool(ch) and ord(ch) >= 0x2E80


def full_width(text: str) -> str:
    """ASCII , ; : ? ! ( ) beside Chinese become their full-width forms (GB/T 15834).

    Copies from web pages often carry half-width marks; a URL (http://…), a time (10:30) or a number
    keeps its own. Parentheses change in pairs, when either of them touches Chinese inside or out.
    """
    chars = list(text)
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            pairs.append((opened.pop(), i))

    def at(i: int) -> str:
        return chars[i] if 0 <= i < len(chars) else ""

    for left, right in pairs:
        if any(cjk(at(i)) for i in (left - 1, left + 1, right - 1, right + 1)):
            chars[left], chars[right] = "（", "）"
    for i, ch in enumerate(chars):
        if ch in ",;:?!":
            before, after = at(i - 1), at(i + 1)
            if ch == ":" and after == "/":
                continue  # http://
            if cjk(before) or (cjk(after) and not before.isdigit()):
                chars[i] = HALF_TO_FULL[ch]
    return "".join(chars)


def squeeze(text: str) -> str:
    """Spaces between Chinese characters removed: 答 复 函 → 答复函 (spaced out to centre a short title)."""
    return re.sub(r"(?<=[^\x00-\x7f])[ \u3000\t]+(?=[^\x00-\x7f])", "", text.strip())


# ---------------------------------------------------------------- page breaks

SENTENCE_END = tuple("。！？；：…”’）)》」』】")
MID_SENTENCE = tuple("，、（“《‘")


def cut_mid_sentence(first: str, second: str, starts_structure: bool) -> bool:
    """Whether `second` continues `first`, which a page break (or a PDF's line wrap) cut mid-sentence.

    A short line without a full stop is a heading or a label, not a cut; a line that begins a heading,
    an item or a table does not continue anything.
    """
    text = first.rstrip().removesuffix("**")
    if not text or starts_structure or not second.strip():
        return False
    if text.endswith(SENTENCE_END):
        return False
    return text.endswith(MID_SENTENCE) or len(text) > 30
