"""Which paragraph of a letter is what: letterhead, 发文字号, title, salutation, body, date, 版记 …

The checker reads letters it did not write, so the parts are recognised as a clerk would: by their text and
place (the salutation is the first short line ending in a colon, the 成文日期 the first line that is only a
date after it, the 版记 the lines that begin with 抄送 or end in 印发) and, in the head, by their look (the
letterhead is red or very large, the title centred). The format follows from the letterhead: one ending in
文件 is 文件格式, another is 信函格式, none means a plain document (a report, a form). A title is never a
letterhead, however it is coloured; a line that is only a form's placeholder ([发文单位], 〔此处加盖印章〕) is
a placeholder, not the part whose place it holds; a 命令 or 纪要 (GB/T 9704 §10.2, §10.3) has a format of its
own. The words themselves (dates, 发文字号, heading numbers, 版记 labels) are the shared vocabulary's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.ooxml.reader import Document, Paragraph
from drafter.vocab import dates, docnumber, phones
from drafter.vocab import parts as words
from drafter.vocab.headings import HEADING_NUMBERS

DATE = dates.WHOLE  # a line that is only a date
DOC_NUMBER = docnumber.LOOSE  # a 发文字号 with any brackets around the year (the wording rules name the wrong ones)
SENTENCE_END = "。！？"
REMARK = re.compile(r"\s*[（(][^）)]*[）)]\s*$")  # 附件1（可选）: a form's remark after a label
SIGNING_MARKS = "。，；：！？:;,"


@dataclass
class Anatomy:
    format: str  # 信函 | 文件 | 无版头
    roles: dict[int, str] = field(default_factory=dict)  # paragraph index → role
    levels: dict[int, tuple[int, int]] = field(default_factory=dict)  # heading index → (level, heading length)
    attachment_start: int | None = None  # index of the first attachment's label
    kind: str | None = None  # 建议 | 提案, from the title (else the session named in it)
    published: bool = False  # marked 主动公开 / 此件公开发布
    letterhead_in_header: bool = False
    own_format: str | None = None  # 命令 | 纪要: a kind with a format of its own, outside these rules

    @property
    def known(self) -> bool:
        return self.own_format is None

    def role(self, para: Paragraph) -> str | None:
        return self.roles.get(para.index)

    def of(self, doc: Document, *roles: str) -> list[Paragraph]:
        return [p for p in doc.paragraphs if self.roles.get(p.index) in roles]


def heading_level(text: str) -> tuple[int, int] | None:
    """(level, length of the heading) for a paragraph that starts with 一、 （一） 1. （1）; a run-in heading
    ends at its first full stop, a heading on its own line is the whole paragraph."""
    stripped = text.lstrip(" \u3000")
    lead = len(text) - len(stripped)
    for level, pattern in HEADING_NUMBERS:
        match = pattern.match(stripped)
        if match:
            rest = stripped[match.end() :]
            stop = min((rest.find(c) for c in SENTENCE_END if c in rest), default=-1)
            return level, lead + match.end() + (stop + 1 if stop >= 0 else len(rest))
    return None


def red(color: str | None) -> bool:
    """A red as letterheads print it (FF0000, C00000, E60012 …); dark grey 333333 or blue is not."""
    if not color or len(color) != 6:
        return False
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0x99 and g <= 0x66 and b <= 0x66


def is_red(para: Paragraph) -> bool:
    coloured = sum(len(r.text.strip()) for r in para.runs if red(r.look.color))
    total = sum(len(r.text.strip()) for r in para.runs)
    return total > 0 and coloured * 2 > total


def placeholders(text: str) -> list[str]:
    """The placeholders of a form in a text: [发文单位], XX单位, 202X年X月X日, {{…}}, 〔此处加盖印章〕."""
    return [m.group(0) for m in words.PLACEHOLDER.finditer(text)]


def only_placeholder(text: str) -> bool:
    """The line holds nothing but placeholders (and the punctuation around them)."""
    if not placeholders(text):
        return False
    return not re.sub(r"[\s：:，,。；（）()、]", "", words.PLACEHOLDER.sub("", text))


def _size(para: Paragraph) -> int:
    return max((r.look.size or 0 for r in para.runs if r.text.strip()), default=0)


def _is_letterhead(para: Paragraph) -> bool:
    """Red or 25 pt and more (larger than any 2号 title); a title (关于……) is not, whatever its colour."""
    text = para.plain
    if "关于" in text or words.TITLE_START.match(text.strip()) or only_placeholder(text):
        return False
    return is_red(para) or _size(para) >= 50


def _own_format(paras: list[Paragraph]) -> str | None:
    """命令 (the letterhead or title ends in 令, 第N号 under it) or 纪要: formats these rules do not cover."""
    head = paras[:6]
    for n, p in enumerate(head):
        text = re.sub(r"\s", "", p.plain)
        for end, kind in words.OWN_FORMAT:
            if not text.endswith(end) or len(text) > 30:
                continue
            if kind == "命令" and not any(words.ORDER_NUMBER.match(q.plain.strip()) for q in head[n + 1 : n + 3]):
                continue
            if kind == "纪要" and not (_is_letterhead(p) or p.jc == "center"):
                continue
            return kind
    return None


def _kind(title: str) -> str | None:
    has = {k for k in ("建议", "提案") if re.search(rf"号{k}|{k}(的|答复|办理|会办|协办|$)", title)}
    if len(has) == 1:
        return has.pop()
    if "政协" in title:
        return "提案"
    if "人大" in title or "代表" in title:
        return "建议"
    return None


def anatomy(doc: Document) -> Anatomy:
    paras = [p for p in doc.paragraphs if p.where in ("body", "table", "box") and p.text.strip()]
    roles: dict[int, str] = {p.index: "placeholder" for p in paras if only_placeholder(p.plain)}
    own = _own_format([p for p in paras if p.index not in roles])
    if own is not None:
        return Anatomy(own, roles, own_format=own)
    paras_all = paras
    paras = [p for p in paras if p.index not in roles]
    salutation = next(
        (
            p
            for p in paras[:25]
            if p.where == "body"
            and p.plain.strip().endswith(("：", ":"))
            and len(p.plain.strip()) <= 60
            and p.jc not in ("center", "right")
            and not DOC_NUMBER.search(p.plain)
            and heading_level(p.plain) is None
        ),
        None,
    )
    head = [p for p in paras if p.where == "body" and (salutation is None or p.index < salutation.index)]
    if salutation is None:
        # no salutation (a form, a notice): the head ends with the first centred run of paragraphs
        centred = [i for i, p in enumerate(head) if p.jc == "center"]
        end = centred[0] if centred else 0
        while end < len(head) and head[end].jc == "center":
            end += 1
        head = head[:end]
    letter = Anatomy("无版头")
    number = next((p for p in head if DOC_NUMBER.search(p.plain)), None)
    limit = number.index if number else None
    letterheads = [p for p in head if (limit is None or p.index < limit) and _is_letterhead(p)]
    if not letterheads:
        letterheads = [p for p in head if _is_letterhead(p) and p.jc == "center" and _size(p) >= 50]
    for p in letterheads:
        roles[p.index] = "letterhead"
    if number:
        roles[number.index] = "doc_number"
    header_text = ""
    if not letterheads:
        for part in ("first", "default"):
            red = [p for p in (doc.sections[0].headers.get(part, []) if doc.sections else []) if is_red(p)]
            if red:
                header_text = "".join(p.plain for p in red)
                letter.letterhead_in_header = True
                break
    head_text = "".join(p.plain for p in letterheads) or header_text
    if head_text:
        letter.format = "文件" if re.sub(r"\s", "", head_text).endswith("文件") else "信函"
    after = max([p.index for p in letterheads] + ([number.index] if number else []), default=-1)
    rest = [p for p in head if p.index > after]
    titles = [p for p in rest if p.jc == "center" and not re.fullmatch(r"\s*[（(].*[）)]\s*", p.plain)]
    if not titles:
        titles = [p for p in rest if _size(p) >= 36]
    if not titles and number is not None and not letterheads:  # a title above its 发文字号, no letterhead
        rest = [p for p in head if p.index < number.index]
        titles = [p for p in rest if not words.COPY_NUMBER.match(p.plain.strip())]
    if not titles:
        titles = rest[-1:]
    if titles:  # one title: the first centred paragraphs in a row
        first = rest.index(titles[0])
        run = [titles[0]]
        for p in rest[first + 1 :]:
            if p in titles and p.index == run[-1].index + 1:
                run.append(p)
            else:
                break
        titles = run
    for p in titles:
        roles[p.index] = "title"
    for p in head:
        if p.index not in roles:
            below_title = titles and p.index > titles[-1].index
            roles[p.index] = "dateline" if below_title and p.jc == "center" else "mark"
    title_text = "".join(p.plain for p in titles)
    letter.kind = _kind(title_text)
    if salutation is not None:
        roles[salutation.index] = "salutation"
    start = salutation.index if salutation is not None else (head[-1].index if head else -1)
    tail = [p for p in paras if p.index > start]
    date = next((p for p in tail if p.where == "body" and DATE.match(p.plain)), None)
    foot_from = date.index if date else start
    for p in tail:
        if p.index > foot_from and (words.CC_START.match(p.plain.strip()) or _printer_line(p.plain)):
            roles[p.index] = "printer" if _printer_line(p.plain) else "cc"
    body_end = date.index if date else None
    if date is not None:
        roles[date.index] = "date"
        before = [p for p in tail if p.index < date.index and p.where == "body"]
        if before and _looks_signed(before[-1]):
            roles[before[-1].index] = "signer"
            body_end = before[-1].index
    else:  # no date (or only its placeholder): signing lines set to the right at the end
        main = [p for p in tail if p.index not in roles and p.where == "body"]
        while main and main[-1].jc in ("right", "end") and _looks_signed(main[-1]):
            roles[main.pop().index] = "signer"
    main = [p for p in tail if (body_end is None or p.index < body_end) and p.index not in roles]
    _body(main, roles, letter, attachments_allowed=True)
    if date is not None:
        after_date = [p for p in tail if p.index > date.index and p.index not in roles]
        label = next((p for p in after_date if _attachment_label(p.plain)), None)
        for p in after_date:
            if label is not None and p.index >= label.index:
                break
            roles[p.index] = "cell" if p.where == "table" else "note"  # 附注: 公开属性, a contact line …
        if label is not None:
            letter.attachment_start = label.index
            pages = [p for p in after_date if p.index >= label.index]
            current: list[Paragraph] = []
            for p in pages:
                if _attachment_label(p.plain):
                    _body(current, roles, letter, attachments_allowed=False)
                    current = []
                    roles[p.index] = "attachment_label"
                elif p.jc == "center" and all(roles.get(c.index) == "attachment_title" for c in current):
                    roles[p.index] = "attachment_title"
                    current.append(p)
                else:
                    current.append(p)
            _body([p for p in current if p.index not in roles], roles, letter, attachments_allowed=False)
    letter.roles = roles
    marks = [p for p in paras_all if roles.get(p.index) in ("note", "mark", "contact", "doc_number")]
    letter.published = any("此件公开发布" in p.plain or "主动公开" in p.plain for p in marks)
    return letter


def _printer_line(text: str) -> bool:
    return bool(words.PRINTED.match(text.strip()))


def _attachment_label(text: str) -> bool:
    """附件, 附件2, and a form's 附件1（可选）."""
    return bool(words.ATTACHMENT_LABEL.match(REMARK.sub("", text.strip())))


def _looks_signed(para: Paragraph) -> bool:
    """A 署名 (above the date, or at the end of an undated text) is a short name set to the right."""
    text = para.plain.strip()
    if not text or len(text) > 30 or any(c in text for c in SIGNING_MARKS) or text.startswith(("附件", "联系")):
        return False
    placed = para.jc in ("right", "center") or para.ind.get("right", 0) > 0 or para.ind.get("left", 0) >= 960
    return placed or para.plain.startswith(("    ", "\u3000\u3000\u3000"))


def _body(paras: list[Paragraph], roles: dict[int, str], letter: Anatomy, attachments_allowed: bool) -> None:
    previous = ""
    for p in paras:
        if p.index in roles:
            continue
        text = p.plain.strip()
        if p.where == "table":
            role = "cell"
        elif attachments_allowed and _attachment_label(text):
            role = "attachment_early"  # a 附件 label inside the text, before the date: the attachment is misplaced
        elif attachments_allowed and (
            text.startswith(("附件：", "附件:")) or (previous == "attachment_note" and re.match(r"^\d+[.．]", text))
        ):
            role = "attachment_note"
        elif words.CONTACT.match(text):
            role = "contact"
        elif (level := heading_level(p.plain)) is not None:  # a heading may give a number in its text
            role = "heading"
            letter.levels[p.index] = level
        elif len(text) <= 60 and "电话" in text and phones.has_phone(text):
            role = "contact"
        else:
            role = "body"
        roles[p.index] = role
        previous = role
