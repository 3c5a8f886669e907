"""The parts of an imported letter: what stands above the salutation, what follows the body.

Head (top down): 发文机关标志, marks (办理结果类别, 签发人, 公开属性), 发文字号, title (over one or more
lines). Tail (bottom up): 印发 line, 抄送 / 报 lines, contact lines at the very end, attachments, 附注,
date, signing unit, 附件说明, contact lines, closing. What lies between is the opening and the body.
A line none of these claims is kept as a plain paragraph and reported with its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from drafter.i18n import _
from drafter.importer.source import SourceLine, full_width, squeeze
from drafter.vocab import dates
from drafter.vocab.docnumber import read_line
from drafter.vocab.headings import LOOSE_HEADING_NUMBERS, RUN_IN
from drafter.vocab.numerals import value
from drafter.vocab.parts import (
    ATTACHMENT_LABEL,
    ATTACHMENT_MORE,
    ATTACHMENT_NOTE,
    CLOSING,
    CONTACT,
    COPY_NUMBER,
    GENRE_END,
    GREETING,
    GREETING_AFTER,
    ISSUER,
    ITEM_FACT,
    ITEM_FIELD,
    KIND_MARK,
    OPENING,
    OTHER_GENRES,
    OTHER_TITLE_START,
    PRINTED,
    PUNCTUATION,
    ROLE_END,
    SALUTATION_NOT,
    SENTENCE_MARK,
    TITLE_CLASS,
    TITLE_CONTINUES,
    TITLE_START,
    UNIT_END,
    disclosure,
    is_seal,
    marks_in,
    result_class,
)
from drafter.vocab.parts import CC_LABEL as CC


@dataclass(frozen=True)
class Para:
    """A paragraph of the source: its text (bold marked **…**) or a table row, and where it began."""

    line: int
    text: str
    cells: tuple[str, ...] | None = None


def heading_of(text: str) -> tuple[int, int, str] | None:
    """(level, number, the rest) when the paragraph begins with a heading label."""
    for level, pattern in LOOSE_HEADING_NUMBERS:
        match = pattern.match(text)
        if match:
            raw = match.group(1)
            number = int(raw) if raw.isdigit() else (value(raw) or 0)
            return level, number, text[match.end() :]
    return None


def starts_structure(text: str) -> bool:
    """The paragraph opens with a heading label or a run-in item (一是): a part of the body starts here."""
    plain = text.replace("**", "").lstrip()
    return heading_of(plain) is not None or RUN_IN.match(text.lstrip()) is not None


@dataclass
class Parts:
    """The letter's parts as written, before they are matched with the model's fields."""

    doc_number: str | None = None
    doc_number_line: int = 0
    bracket_fixed: bool = False
    result_class: str | None = None
    issuer: str | None = None
    disclosure: str | None = None
    letterhead: str | None = None
    web_title: str | None = None
    title: str | None = None
    salutation: str | None = None
    opening: list[str] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)
    contact_position: str | None = None
    notes: list[str] = field(default_factory=list)  # titles named in the 附件说明
    attachments: list[tuple[str, list[Para]]] = field(default_factory=list)
    signer: str | None = None
    date: dt.date | None = None
    date_style: str | None = None
    cc: list[str] = field(default_factory=list)
    printer: str | None = None
    print_date: dt.date | None = None
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    head_lines: list[int] = field(default_factory=list)  # where the head's parts were found
    kind: str | None = None  # 类别：提案 printed in the head
    item: dict[str, str] = field(default_factory=dict)  # facts a 办理单 states above the letter
    item_lines: list[int] = field(default_factory=list)
    web: bool = False  # copied from a web page: unknown lines after the date are the page's, set aside

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append((line, message))


def paragraphs(lines: list[SourceLine]) -> list[Para]:
    """Source lines as paragraphs: punctuation beside Chinese made full-width, `a | b | c` rows as cells."""
    out = []
    for line in lines:
        if line.cells is not None:
            cells = tuple(full_width(c.strip()) for c in line.cells)
            out.append(Para(line.number, full_width(line.text.strip()), cells))
            continue
        out.append(Para(line.number, full_width(line.text.strip())))
    return out


def clean(para: Para) -> str:
    return para.text.replace("**", "").strip()


def unit_like(text: str, known: set[str]) -> bool:
    """A unit's name standing alone: 温州市科学技术局, 温州市科学技术局文件."""
    return text in known or (len(text) <= 30 and not PUNCTUATION.search(text) and text.endswith(UNIT_END))


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """2024年6月26日 or 二〇二四年六月二十六日 → (date, style); None when it is no date."""
    return dates.read(squeeze(text))


def parse(paras: list[Para], known_units: set[str], web: bool = False) -> Parts:
    """The letter's parts; `web` for text copied from a page, whose lines after the date are the page's."""
    parts = Parts(web=web)
    at = _salutation(paras)
    if at is None:
        parts.warn(paras[0].line if paras else 0, _("没有找到称呼（如“黄钦鑫代表：”），全文按正文导入"))
        lead = next((i for i, p in enumerate(paras[:12]) if SENTENCE_MARK.search(clean(p)) or len(clean(p)) > 60), 0)
        head, rest = paras[:lead], paras[lead:]  # a report with no salutation still has a head: its title
    else:
        head, rest = paras[:at], paras[at + 1 :]
        parts.salutation = clean(paras[at])
    unplaced = _head(head, parts, known_units)
    _tail(rest, parts, known_units, unplaced)
    return parts


def _salutation(paras: list[Para]) -> int | None:
    """The salutation: the first short line ending in ：, or naming deputies or members without the colon
    (曾楚雄等代表, 尊敬的贺文国、佟金菊委员, 王立超  委员) as copied web pages often print it."""
    for index, para in enumerate(paras):
        text = clean(para)
        if para.cells is not None or len(text) > 60 or SALUTATION_NOT.match(text) or read_line(text):
            continue
        if ITEM_FIELD.match(text):
            continue
        if text.endswith("："):
            return index
        bare = squeeze(text)
        named = ROLE_END.search(bare) or GREETING_AFTER.search(bare)
        if len(bare) <= 40 and named and not SENTENCE_MARK.search(bare):
            return index
    return None


# ---------------------------------------------------------------- head


def _head(head: list[Para], parts: Parts, known: set[str]) -> list[Para]:
    """Recognise the lines above the salutation; returns those it cannot place."""
    unplaced: list[Para] = []
    title: list[Para] = []  # a title being gathered over lines

    def close_title() -> None:
        if not title:
            return
        text = squeeze("".join(clean(p) for p in title))
        mark = TITLE_CLASS.search(text)
        if mark and text[: mark.start()].endswith(GENRE_END):  # …的答复（B）: the class mark set in the title
            parts.result_class = parts.result_class or mark["value"]
            text = text[: mark.start()]
        if parts.title and (text.endswith(parts.title) or parts.title.endswith(text)):
            parts.title = max(text, parts.title, key=len)  # the title again, perhaps with its unit's line
        elif text.endswith(GENRE_END) or (not parts.web and text.startswith("关于") and text.endswith(OTHER_GENRES)):
            if parts.title is not None:  # a page's heading first, then the letter's own title: the letter's
                message = _("网页的标题“{page}”与答复自己的标题不同，按答复的标题导入")
                parts.warn(title[0].line, message.format(page=_short(parts.title)))
            parts.title = text
            parts.head_lines.append(title[0].line)
        elif text.endswith(("建议", "提案")) and parts.web_title is None:
            parts.web_title = text  # the web page's heading: the proposal's own title
            parts.head_lines.append(title[0].line)
        else:
            unplaced.extend(title)
        title.clear()

    for at, para in enumerate(head):
        text = squeeze(clean(para))
        if text and text in (parts.title, parts.web_title):
            continue  # the title again: a web page prints its heading, then the letter its title
        number = read_line(text)
        if number and parts.doc_number is None:
            close_title()
            parts.doc_number = f"{number.prefix}〔{number.year}〕{number.serial}号"
            parts.doc_number_line = para.line
            parts.bracket_fixed = number.wrong_bracket is not None
            _marks_after_number(number.rest.strip(), para, parts)
            continue
        if number and f"{number.prefix}〔{number.year}〕{number.serial}号" == parts.doc_number:
            continue  # the same 发文字号 again (a web page repeats its header)
        issuer = ISSUER.fullmatch(text)
        if issuer:
            close_title()
            parts.issuer = issuer["name"]
            continue
        result = result_class(text)
        if result and len(text) <= 20:
            close_title()
            parts.result_class = result
            continue
        shown = disclosure(text)
        if shown:
            close_title()
            parts.disclosure = shown
            continue
        if title:
            joined = squeeze("".join(clean(p) for p in title))
            whole = TITLE_CLASS.sub("", squeeze(joined + text))
            genres = GENRE_END if parts.web else (*GENRE_END, *OTHER_GENRES)
            if not joined.endswith(genres) and (
                joined.endswith((*TITLE_CONTINUES, "建议", "提案")) or whole.endswith(genres)
            ):
                title.append(para)
                continue
            close_title()
        if TITLE_START.match(text) or (not parts.web and OTHER_TITLE_START.match(text)):
            title.append(para)
            continue
        if COPY_NUMBER.match(text):  # 份号 and 密级: GB/T 9704 marks that a reply letter does not carry
            message = _("“{text}”是份号或密级，drafter 不印这一项，没有导入；需要时在 Word 里加上")
            parts.warn(para.line, message.format(text=text))
            continue
        ahead = squeeze(clean(head[at + 1])) if at + 1 < len(head) else ""
        if parts.title and unit_like(text, known) and not text.endswith("文件") and TITLE_START.match(ahead):
            title.append(para)  # 重庆市永川区交通运输委员会 / 关于……的答复函: the title's first line
            continue
        if text.endswith("文件") and unit_like(text, known) and not (parts.letterhead or "").endswith("文件"):
            if parts.letterhead:  # 潼关县民政局 above the title was the title's first line, not the letterhead
                parts.title = parts.title and squeeze(parts.letterhead + parts.title)
            parts.letterhead = text
            parts.head_lines.append(para.line)
            continue
        if unit_like(text, known) and parts.title is None and parts.letterhead is None:
            parts.letterhead = text
            parts.head_lines.append(para.line)
            continue
        kind = KIND_MARK.match(text)
        if kind:
            parts.kind = kind["kind"]
            continue
        item = ITEM_FIELD.match(clean(para))
        if item and parts.title is not None:  # a 办理单 under its title: 新编号：第23号, 代表姓名：…, 事由：…
            close_title()
            label = re.sub(r"\s", "", item["label"])
            if item["value"].strip() and label in ITEM_FACT:
                parts.item.setdefault(ITEM_FACT[label], item["value"].strip())
            parts.item_lines.append(para.line)
            continue
        if text == parts.letterhead:
            continue  # repeated letterhead
        unplaced.append(para)
    close_title()
    return _set_aside_before_letter(unplaced, parts)


def _set_aside_before_letter(unplaced: list[Para], parts: Parts) -> list[Para]:
    """Lines above the letter's first part that none of its parts claims are the web page's, not the letter's:
    set aside and listed (with their lines) for the clerk, rather than printed as the body's first paragraphs."""
    if not parts.web:  # a Word file holds nothing of a web page: what is not placed stays in the body
        return unplaced
    firsts = [parts.doc_number_line or 0, *parts.head_lines]
    first = min((n for n in firsts if n), default=None)
    if first is None:  # nothing above the salutation is the letter's own: a bare letter under a page's heading
        first = max((p.line for p in unplaced), default=0) + 1
    kept = []
    for para in unplaced:
        if para.line < first:
            parts.warn(para.line, _("“{text}”在答复之前，像是网页上的文字，没有导入").format(text=_short(clean(para))))
        else:
            kept.append(para)
    return kept


def _marks_after_number(rest: str, para: Para, parts: Parts) -> None:
    """华教体函〔2017〕35号B类, 宁交函〔2011〕25号 签发人：廖德谦, 岳县水利函〔2019〕60号 B类  同意公开."""
    result, shown, issuer, left = marks_in(rest)
    parts.result_class = parts.result_class or result
    parts.disclosure = parts.disclosure or shown
    parts.issuer = parts.issuer or issuer
    title = left.lstrip("-－—–:： ")
    if title and TITLE_START.match(title) and parts.title is None:  # 楼政发〔2017〕46号-对…建议的: a page's heading
        parts.title = title
        parts.head_lines.append(para.line)
        if not title.endswith(GENRE_END):
            message = _("标题“{text}”似乎不完整（网页截断了），请核对 reply.title")
            parts.warn(para.line, message.format(text=_short(title)))
    elif left:
        parts.warn(para.line, _("发文字号后的“{text}”不认识，没有导入").format(text=left))


# ---------------------------------------------------------------- tail


def _tail(rest: list[Para], parts: Parts, known: set[str], unplaced_head: list[Para]) -> None:
    end_contact: list[str] = []
    end = _trailing_contact(rest, len(rest), end_contact)  # contact lines may follow even the 版记
    after_foot = bool(end_contact)
    foot = _foot(rest[:end], parts, known)
    if foot == end:
        after_foot = False
    end = _trailing_contact(rest, foot, end_contact)
    date_at = _date_line(rest, end, parts.web)
    stop = end
    late: list[Para] = []
    attachments: list[tuple[int, list[Para]]] = []
    after_date: list[str] = []
    set_aside: list[Para] = []
    if date_at is None and parts.web:  # no date: the page's own short lines (评论, 提交 …) after the text
        while end and _page_word(rest[end - 1], known):
            set_aside.insert(0, rest[end - 1])
            end -= 1
        stop = end
    if date_at is not None:
        parts.date, parts.date_style = parse_date(clean(rest[date_at])) or (None, None)
        if parts.date is None and not dates.is_blank(clean(rest[date_at])):
            message = _("成文日期“{text}”读不出年月日，没有猜；请在 reply.date 写上日期")
            parts.warn(rest[date_at].line, message.format(text=clean(rest[date_at])))
        late, attachments, after_date = _after_date(rest[date_at + 1 : end], parts)
        if parts.web and not attachments:
            set_aside, late = late, []
        stop = _seal(rest, date_at, parts)
        if stop and _signer_like(clean(rest[stop - 1])):
            parts.signer = clean(rest[stop - 1])
            stop = _seal(rest, stop - 1, parts)
    before, note_lines, stop = _before_signature(rest, stop)
    at_end = "end" if attachments or date_at is None or (after_foot and parts.cc) else "after_date"
    found = (("before_signature", before), ("after_date", after_date), (at_end, end_contact))
    placed = [(position, lines) for position, lines in found if lines]
    parts.contact = [line for _position, lines in placed for line in lines]
    if placed:
        parts.contact_position = placed[0][0]
    if len({position for position, _lines in placed}) > 1:
        parts.warn(None, _("原件的联系人行分在几处，导入后放在一起（第一处的位置）"))
    parts.notes = _note_titles(note_lines)
    opening_end = _opening(rest, stop, parts)
    closing_at = _closing(rest, opening_end, stop)
    parts.closing = [clean(p) for p in rest[closing_at:stop]]
    parts.body = [*unplaced_head, *rest[opening_end:closing_at], *late]
    for para in unplaced_head:
        parts.warn(para.line, _("“{text}”不认识，按正文的一段导入").format(text=_short(clean(para))))
    for para in late:
        parts.warn(para.line, _("日期之后的“{text}”不认识，按正文最后一段导入").format(text=_short(clean(para))))
    after = _("日期之后的“{text}”像是网页上的文字，没有导入") if date_at is not None else None
    for para in set_aside:
        message = after or _("正文之后的“{text}”像是网页上的文字，没有导入")
        parts.warn(para.line, message.format(text=_short(clean(para))))
    parts.attachments = [_attachment(line, body, parts, n) for n, (line, body) in enumerate(attachments)]
    if note_lines and not parts.attachments:
        parts.closing += [clean(p) for p in note_lines]
        parts.notes = []
        parts.warn(note_lines[0].line, _("附件说明没有对应的附件正文，按结束语之后的一段导入"))


def _trailing_contact(rest: list[Para], end: int, found: list[str]) -> int:
    """Contact lines just above `end`, put in front of `found`; where they begin."""
    while end and rest[end - 1].cells is None and CONTACT.match(clean(rest[end - 1])):
        found.insert(0, clean(rest[end - 1]))
        end -= 1
    return end


def _foot(rest: list[Para], parts: Parts, known: set[str]) -> int:
    """The 版记 at the very end: the 印发 line (on one line or two), then the 抄送 / 报 lines above it."""
    end = len(rest)
    printed = PRINTED.match(clean(rest[end - 1])) if end and rest[end - 1].cells is None else None
    day = parse_date(printed["date"]) if printed else None
    if printed and day:
        parts.print_date = day[0]
        end -= 1
        if printed["unit"]:
            parts.printer = printed["unit"].strip()
        elif end and unit_like(clean(rest[end - 1]), known):
            parts.printer = clean(rest[end - 1])
            end -= 1
    while end and rest[end - 1].cells is None and CC.match(clean(rest[end - 1])):
        parts.cc.insert(0, clean(rest[end - 1]))
        end -= 1
    return end


def _printed(text: str, parts: Parts) -> bool:
    """××办公室  2024年6月26日印发: the 印发 line's unit and date, when the date can be read."""
    printed = PRINTED.match(text)
    day = parse_date(printed["date"]) if printed else None
    if not printed or not day:
        return False
    parts.print_date = day[0]
    if printed["unit"]:
        parts.printer = printed["unit"].strip()
    return True


def _after_date(after: list[Para], parts: Parts) -> tuple[list[Para], list[tuple[int, list[Para]]], list[str]]:
    """附注 under the date (公开属性, contact lines), then the attachments, each from its 附件 label."""
    labels = [i for i, p in enumerate(after) if p.cells is None and ATTACHMENT_LABEL.match(squeeze(clean(p)))]
    late: list[Para] = []
    contact: list[str] = []
    for para in after[: labels[0]] if labels else after:
        text = clean(para)
        shown = disclosure(squeeze(text))
        if shown and parts.disclosure is None:
            parts.disclosure = shown
        elif CONTACT.match(text):
            contact.append(text)
        elif CC.match(text) and parts.web:  # 报：/抄送： above page text that hid them from the foot
            parts.cc.append(text)
        elif PRINTED.match(text) and parts.web and _printed(text, parts):
            continue
        else:
            late.append(para)
    attachments = []
    for n, start in enumerate(labels):
        finish = labels[n + 1] if n + 1 < len(labels) else len(after)
        attachments.append((after[start].line, after[start + 1 : finish]))
    return late, attachments, contact


def _before_signature(rest: list[Para], stop: int) -> tuple[list[str], list[Para], int]:
    """Contact lines and the 附件说明 just above the signature, in either order."""
    contact: list[str] = []
    notes: list[Para] = []
    while stop and rest[stop - 1].cells is None:
        para = rest[stop - 1]
        text = clean(para)
        more = bool(ATTACHMENT_MORE.match(text)) and len(text) < 80
        if CONTACT.match(text):
            contact.insert(0, text)
        elif ATTACHMENT_NOTE.match(squeeze(text)) or (more and (notes or _is_note_block(rest, stop - 1))):
            notes.insert(0, para)
        else:
            break
        stop -= 1
    return contact, notes, stop


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def _date_line(rest: list[Para], end: int, web: bool = False) -> int | None:
    """The letter's date: the first line meant as a date alone (2024年6月26日; also 2023831 or 年  月  日, which
    are reported) that the letter's tail follows; else the last such line under a signing unit."""
    meant = [i for i in range(end) if rest[i].cells is None and dates.looks_like_date(squeeze(clean(rest[i])))]
    for index in meant:
        nxt = clean(rest[index + 1]) if index + 1 < end else None
        if (
            nxt is None
            or ATTACHMENT_LABEL.match(squeeze(nxt))
            or CONTACT.match(nxt)
            or disclosure(squeeze(nxt))
            or CC.match(nxt)
            or (nxt.startswith(("（", "(")) and nxt.endswith(("）", ")")))
        ):
            return index
    for index in reversed(meant):
        if index and _signer_like(clean(rest[index - 1])):
            return index
    return meant[-1] if meant and web else None


def _seal(rest: list[Para], stop: int, parts: Parts) -> int:
    """〔此处加盖印章〕 just above `stop`: where the seal goes, never the signer; the renderer leaves its room."""
    while stop and is_seal(clean(rest[stop - 1])):
        message = _("“{text}”是盖章处的提示，不是署名，没有导入；生成的答复在署名上方留有盖章的位置")
        parts.warn(rest[stop - 1].line, message.format(text=clean(rest[stop - 1])))
        stop -= 1
    return stop


def _page_word(para: Para, known: set[str]) -> bool:
    """A short line with no sentence in it that no part of a letter's tail is: a web page's button or label."""
    text = clean(para)
    return (
        para.cells is None
        and len(text) <= 12
        and not SENTENCE_MARK.search(text)
        and not unit_like(text, known)
        and not CONTACT.match(text)
        and not CC.match(text)
        and not dates.looks_like_date(text)
    )


def _signer_like(text: str) -> bool:
    return 0 < len(text) <= 40 and not PUNCTUATION.search(text) and not text.startswith(("附件", "联系", "抄送"))


def _is_note_block(rest: list[Para], index: int) -> bool:
    """Whether a `2.…` line belongs to a 附件说明 above it."""
    for para in reversed(rest[:index]):
        text = squeeze(clean(para))
        if ATTACHMENT_NOTE.match(text):
            return True
        if not ATTACHMENT_MORE.match(text):
            return False
    return False


def _note_titles(lines: list[Para]) -> list[str]:
    titles = []
    for para in lines:
        text = squeeze(clean(para))
        note = ATTACHMENT_NOTE.match(text)
        more = ATTACHMENT_MORE.match(text)
        if note:
            titles.append(note["title"].strip())
        elif more:
            titles.append(more["title"].strip())
    return titles


def _opening(rest: list[Para], stop: int, parts: Parts) -> int:
    """The opening: up to the paragraph that says 收悉 … 答复如下 (a greeting may come first)."""
    for index in range(min(3, stop)):
        para = rest[index]
        if para.cells is not None or (index and _structural(para)):
            break
        if OPENING.search(clean(para)):
            parts.opening = [clean(p) for p in rest[: index + 1]]
            return index + 1
        if not GREETING.match(clean(para)):
            break
    if stop and rest[0].cells is None and not _structural(rest[0]):
        parts.opening = [clean(rest[0])]
        return 1
    if stop:
        parts.warn(rest[0].line, _("称呼之后直接是正文的标题，没有开头语；生成时会按模板补上开头语"))
    return 0


def _structural(para: Para) -> bool:
    return starts_structure(para.text)


def _closing(rest: list[Para], first: int, stop: int) -> int:
    """Where the closing begins: the earliest of the last plain, short paragraphs that reads like one."""
    found = stop
    index = stop - 1
    while index > first:  # the body keeps at least one paragraph
        para = rest[index]
        if para.cells is not None or _structural(para) or len(clean(para)) > 150:
            break
        if CLOSING.match(clean(para)):
            found = index
        index -= 1
    return found


def _attachment(line: int, body: list[Para], parts: Parts, n: int) -> tuple[str, list[Para]]:
    """An attachment's title lines (matched against the 附件说明 when there is one) and its body."""
    wanted = squeeze(parts.notes[n]) if n < len(parts.notes) else None
    taken: list[str] = []
    index = 0
    while index < len(body) and body[index].cells is None:
        candidate = "".join(taken) + squeeze(clean(body[index]))
        if wanted is not None and wanted.startswith(candidate) and taken != [wanted]:
            taken.append(squeeze(clean(body[index])))
            index += 1
            if "".join(taken) == wanted:
                break
            continue
        break
    if not taken and body:
        taken, index = [clean(body[0])], 1
    if wanted is not None and "".join(taken) != wanted:
        parts.warn(line, _("附件说明中的标题与附件上的标题不一致；生成时附件说明按附件上的标题印"))
    if not taken:
        parts.warn(line, _("附件没有标题"))
    return "\n".join(taken), body[index:]
