"""The letter as an ordered list of blocks: one paragraph each, with a role, made of runs with roles.

Numbering (一、 （一） 1. （1） and 一是) is decided here, once. Writers map roles to styles and never
look at the input model, so the text preview and the .docx cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from drafter.letter.geometry import Geometry
from drafter.letter.model import RunIn, Section, TableNode, paragraphs
from drafter.letter.resolve import Complete, Mark
from drafter.letter.widths import width
from drafter.vocab.headings import label
from drafter.vocab.numerals import cardinal


@dataclass(frozen=True)
class Run:
    text: str
    role: str = "text"  # text | h1 … h4 | runin | runin_bold


@dataclass(frozen=True)
class Block:
    role: str  # letterhead, doc_number, title, salutation, body, heading1 … heading4, closing, contact, …
    runs: tuple[Run, ...] = ()
    right_indent_chars: float | None = None  # computed alignment (署名 centred over the date)
    keep_next: bool = False  # on the page of the next block: the chain from the body's last lines to the date
    keep_lines: bool = False  # not split across pages
    before: int | None = None  # space before in twips, where layout moves the paragraph from its style's place
    box_lines: int = 0  # the 版记's anchor: the lines of the box it holds (its height before Word refits it)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Cell:
    text: str  # line breaks make paragraphs inside the cell
    role: str = "cell"  # head | cell | number | label


@dataclass(frozen=True)
class Table:
    """A table between paragraphs: rows of cells, column widths as shares of the text block's width."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header_rows: int = 1
    min_lines: tuple[int, ...] = ()  # per row, the least height in lines (a form's empty answer box)

    @property
    def text(self) -> str:
        """A row a line, cells joined with " | ": how the preview shows a table."""
        return "\n".join(" | ".join(cell.text.replace("\n", " ") for cell in row) for row in self.rows)


Item = Block | Table


def _block(role: str, text: str | None = None) -> Block:
    return Block(role, (Run(text),) if text else ())


BLANK = Block("blank")
BODY_ROLES = ("body", "heading1", "heading2", "heading3", "heading4")  # the text of the letter
FOOT_ROLES = ("cc", "printer")  # the 版记: at the foot of the last page
# the last paragraph of the text, which holds the 版记's text box: after the date, so the box never pushes it
FOOT_ANCHOR = Block("foot_anchor")


def _prefix_widths(text: str) -> list[float]:
    """width(text[:k]) for every k, in one pass."""
    out, total = [0.0], 0.0
    for i, ch in enumerate(text):
        total += 0.5 if ch.isascii() else 1.0
        if i and ch.isascii() != text[i - 1].isascii():
            total += 0.25
        out.append(total)
    return out


BREAK_AFTER = ("的", "会议")  # words a title line may end with


def title_lines(title: str, limit: float) -> str:
    """Break a long title into lines of at most `limit` characters (Geometry.title_chars), at a sensible place.

    A clerk's own line breaks are kept. Otherwise the genre word (答复函, 答复, 复函) goes to a line of its
    own when the rest fits, else the break falls after the last 的 or 会议 that fits, else in the middle.
    Linear in the title's length: widths come from one table of prefix widths, and each line looks only
    at the characters that can fit on it.
    """
    if "\n" in title or width(title) <= limit:
        return title
    prefix = _prefix_widths(title)
    n = len(title)
    depths = [0]  # 《 still open before each character
    for ch in title:
        depths.append(depths[-1] + (ch == "《") - (ch == "》"))

    def span(start: int, end: int) -> float:  # width(title[start:end]), without the space before `start`
        seam = 0.25 if 0 < start < n and title[start].isascii() != title[start - 1].isascii() else 0.0
        return prefix[end] - prefix[start] - (seam if end > start else 0.0)

    lines: list[str] = []
    start = 0
    while span(start, n) > limit:
        fits = 0
        while start + fits < n and span(start, start + fits + 1) <= limit:  # widths only grow
            fits += 1
        cut = _break(title, start, fits, depths[start])
        rest = n - start
        if cut <= rest // 3:
            # no word boundary we know: two even lines rather than a full one and a stub (梯形, not a tail)
            cut = -(-rest // 2) if span(start, n) <= 2 * limit else fits
        cut = max(cut, 1)
        lines.append(title[start : start + cut])
        start += cut
    lines.append(title[start:])
    return "\n".join(lines)


def _break(title: str, start: int, fits: int, depth: int) -> int:
    """How many characters from `start` the line takes: up to the last 的, 会议 or 》 among the `fits` that fit,
    outside a 《》 where there is one (a quoted proposal title is not cut in two); -1 when there is none.
    `depth` is how many 《 are open at `start`."""
    best = inside = -1
    for at in range(start, start + fits):
        depth += (title[at] == "《") - (title[at] == "》")
        end = at + 1
        if any(title.endswith(word, start, end) for word in BREAK_AFTER) or title[at] == "》":
            if depth <= 0:
                best = end - start
            else:
                inside = end - start
    return best if best > 0 else inside


class _Paragraphs:
    """Collects body paragraphs; run-in items may continue the current one or start their own."""

    def __init__(self) -> None:
        self.blocks: list[Item] = []
        self.current: list[Run] | None = None
        self.role = "body"

    def start(self, runs: list[Run], role: str = "body") -> None:
        self.flush()
        self.current, self.role = runs, role

    def extend(self, runs: list[Run]) -> None:
        if self.current is None:
            self.start(runs)
        else:
            self.current.extend(runs)
            self.role = "body"

    def flush(self) -> None:
        if self.current:
            self.blocks.append(Block(self.role, tuple(self.current)))
        self.current = None


def _items(out: _Paragraphs, items: list[RunIn], bold: bool, inline: bool) -> None:
    for n, item in enumerate(items, start=1):
        lead = Run(f"{cardinal(n)}是{item.lead}", "runin_bold" if bold else "runin")
        paras = paragraphs(item.text) if item.text else []
        runs = [lead] + ([Run(paras[0])] if paras else [])
        if inline:
            out.extend(runs)
        else:
            out.start(runs)
        for para in paras[1:]:
            out.start([Run(para)])


def _nodes(out: _Paragraphs, nodes: list, parent_level: int) -> None:
    counts: dict[int, int] = defaultdict(int)
    for node in nodes:
        if isinstance(node, str):
            for para in paragraphs(node):
                out.start([Run(para)])
            continue
        if isinstance(node, TableNode):
            out.flush()
            out.blocks.append(demand_table(node))
            continue
        assert isinstance(node, Section)
        paras = paragraphs(node.text) if node.text else []
        if node.heading is not None:
            level = node.level or parent_level + 1
            counts[level] += 1
            for deeper in range(level + 1, 5):  # （一） starts again under each new 一、
                counts[deeper] = 0
            head = Run(label(level, counts[level]) + node.heading, f"h{level}")
            if paras and node.runs_in():
                out.start([head, Run(paras[0])], "body")
                paras = paras[1:]
            elif node.runs_in() and not node.sections and not node.items:
                # 1.该公路已实施，现已完工。 a heading that is its whole paragraph: a paragraph, not kept with the next
                out.start([head], "body")
            else:
                out.start([head], f"heading{level}")
        elif paras:
            out.start([Run(paras[0])])
            paras = paras[1:]
        for para in paras:
            out.start([Run(para)])
        _items(out, node.items, node.items_bold, node.items_inline)
        if node.sections:
            _nodes(out, node.sections, node.level or parent_level + 1)
    out.flush()


def demand_table(node: TableNode) -> Table:
    """The 清单式 table: 序号 | 具体诉求 | 答复内容, the first column narrow, the answer wide."""
    spec = node.table
    head = [Cell(c, "head") for c in spec.columns]
    rows = [[Cell(cell) for cell in row] for row in spec.rows]
    count = len(spec.columns)
    widths = [0.28, 0.72] if count == 2 else [1.0 / count] * count
    if spec.numbered:
        head.insert(0, Cell("序号", "head"))
        for n, row in enumerate(rows, start=1):
            row.insert(0, Cell(str(n), "number"))
        widths = [0.08] + [w * 0.92 for w in widths]
    return Table(tuple(tuple(r) for r in [head, *rows]), tuple(widths))


def body_blocks(nodes: list) -> list[Item]:
    out = _Paragraphs()
    _nodes(out, nodes, 0)
    out.flush()
    return out.blocks


def _marks_at(c: Complete, position: str) -> list[Mark]:
    return [m for m in (c.result_class, c.issuer, c.disclosure) if m is not None and m.position == position]


def _mark_block(mark: Mark, role: str) -> Block:
    runs = (Run(mark.text),) + ((Run(mark.name, "issuer_name"),) if mark.name else ())
    return Block(role, runs)


def _head(c: Complete, geo: Geometry) -> list[Item]:
    """Letterhead, top-left marks and 发文字号, then the title, in the order of the chosen format."""
    left = [_mark_block(m, "mark") for m in _marks_at(c, "top_left")]
    number: list[Block] = []
    if c.doc_number:
        runs = [Run(c.doc_number)]
        runs += [Run(m.text) for m in _marks_at(c, "after_doc_number")]
        for m in _marks_at(c, "doc_number_line"):
            runs += [Run("　" + m.text), Run(m.name, "issuer_name")]
        number = [Block("doc_number", tuple(runs))]
    blocks: list[Item] = []
    if c.type == "报告":
        blocks += left
    elif c.format == "信函":
        # letterhead and its rules are frames on page 1; the text flows below the frame, so the first
        # line under the double rule takes the marks and the 发文字号
        blocks += [_block("letterhead", c.letterhead), *left]
        blocks += number or ([BLANK] if not left else [])
        blocks += [Block("letterhead_foot"), BLANK]
    else:
        # 文件格式: marks stand top-left above the 发文机关标志 like 份号 and 密级 (§7.2.1)
        head = _block("letterhead", c.letterhead)
        if left and geo.letterhead_before is not None:
            # the marks take their lines out of the 发文机关标志's 35 mm gap, so it stays in place
            head = replace(head, before=max(0, geo.letterhead_before - len(left) * geo.pitch))
        blocks += [*left, head, BLANK, BLANK]
        blocks += number or [BLANK]
    right = [_mark_block(m, "mark_right") for m in _marks_at(c, "title_right")]
    blocks += right or ([] if c.type == "报告" else [BLANK])
    blocks.append(_block("title", title_lines(c.title, geo.title_chars)))
    if c.dateline:
        blocks.append(_block("dateline", c.dateline))
    if c.salutation:  # "" : the letter has none (a report of the year's handling)
        blocks += [BLANK, _block("salutation", c.salutation)]
    return blocks


def _signature(c: Complete, geo: Geometry) -> list[Block]:
    blocks = [BLANK, BLANK]  # room for the seal above the signature (§7.3.5.1)
    if c.signer:
        # 署名 centred over the 成文日期, which stands four characters from the right (§7.3.5.1)
        indent = max(0.0, geo.date_right + (width(c.date or "") - width(c.signer)) / 2)
        blocks.append(Block("signer", (Run(c.signer),), right_indent_chars=indent))
    if c.date:
        blocks.append(_block("date", c.date))
    return blocks


def _attachment_note(c: Complete) -> list[Block]:
    """附件说明 (§7.3.4): 附件：name, or 附件：1.name with later names aligned under the first."""
    names = [a.title.replace("\n", "") for a in c.attachments]
    if not names:
        return []
    if len(names) == 1:
        return [BLANK, _block("attachment_note", f"附件：{names[0]}")]
    lines = [_block("attachment_note", f"附件：1.{names[0]}")]
    lines += [_block("attachment_note_more", f"{n}.{name}") for n, name in enumerate(names[1:], start=2)]
    return [BLANK, *lines]


def _keep_with_signature(blocks: list[Item], geo: Geometry) -> list[Item]:
    """Chain the body's last paragraph, contact lines, 附件说明 and the seal's blank lines to the 署名 (§7.3.5:
    the seal, the 署名 and the 成文日期 on a page with body text, never "此页无正文").

    The chain starts at the closing, the 正文's last paragraph. Without one it starts at the last body
    paragraph, kept whole when short. A long one is only kept with the next: Word carries its last line
    over, LibreOffice all of it. Each link is kept whole too, so the chain is a few lines, far less than a
    page, and both programs move it as one piece."""
    out = list(blocks)
    for i in range(len(out) - 1, -1, -1):
        block = out[i]
        if isinstance(block, Table):
            break
        if block.role in BODY_ROLES or block.role == "salutation":
            lines = -(-(width(block.text) + 2) // geo.chars)  # with its two-character indent
            out[i] = replace(block, keep_next=True, keep_lines=lines <= KEPT_WHOLE)
            break
        out[i] = replace(block, keep_next=True, keep_lines=True)
        if block.role == "closing" and not (i and getattr(out[i - 1], "role", "") == "closing"):
            break
    return out


KEPT_WHOLE = 3  # lines: a body paragraph this short goes over whole with the signature


def _appendices(c: Complete, geo: Geometry) -> list[Item]:
    """Each attachment on a new page: 附件N in 黑体 on line 1, the title on line 3, the body below (§7.5)."""
    blocks: list[Item] = []
    for a in c.attachments:
        blocks += [
            _block("attachment_label", a.label),
            BLANK,
            _block("title", title_lines(a.title, geo.title_chars)),
            BLANK,
        ]
        blocks += body_blocks(a.body)
    return blocks


def layout(c: Complete, geo: Geometry) -> list[Item]:
    blocks = _head(c, geo)
    blocks += [_block("body", p) for p in c.opening]
    blocks += body_blocks(c.body)
    blocks += [_block("closing", p) for p in c.closing]
    contact = [_block("contact", line) for line in c.contact]
    if c.contact_position == "before_signature":
        blocks += contact
    blocks += _attachment_note(c)
    if c.date:  # a 报告 read at a meeting carries its date in the dateline instead, or none
        blocks = _keep_with_signature(blocks, geo)
        signature = _signature(c, geo)
        blocks += [replace(b, keep_next=True, keep_lines=True) for b in signature[:-1]] + signature[-1:]
    if c.contact_position == "after_date":
        blocks += [_block("note", line) for line in c.contact]
    blocks += [_block("note", m.text) for m in _marks_at(c, "note")]
    blocks += _appendices(c, geo)
    if c.contact_position == "end":
        blocks += [BLANK, *contact] if c.attachments else contact
    foot = [_block("cc", line) for line in c.cc.split("\n")] if c.cc else []
    if c.printer:
        foot.append(_block("printer", c.printer))
    if not foot:
        return blocks
    lines = sum(max(1, -(-round(width(b.text)) // geo.foot_chars)) for b in foot)  # each wraps at foot_chars
    return [*blocks, replace(FOOT_ANCHOR, box_lines=lines), *foot]


FEEDBACK_CHOICES = "□满意　　□基本满意　　□不满意"


def feedback_layout(c: Complete, geo: Geometry) -> list[Item]:
    """The 征询意见表 sent with a reply: the item, the unit, the three ticks, room for comments, signature."""
    form = c.feedback
    assert form is not None
    word, role = form.kind, form.role
    rows = [
        (f"{word}编号", form.item_label),
        (f"{word}标题", form.proposal_title),
        ("领衔人" if form.several else f"{role}姓名", form.addressee),
        ("承办单位", c.bureau.name or ""),
        ("答复文号", c.doc_number or ""),
    ]
    if form.result_class is not None:
        rows.append(("办理结果类别", form.result_class))
    rows += [
        ("对办理工作的评价", FEEDBACK_CHOICES),
        ("意见和建议", ""),
        (f"{role}签名", ""),
        ("日期", "　　年　　月　　日"),
    ]
    heights = tuple(4 if label == "意见和建议" else 0 for label, _ in rows)  # room to write, one page in all
    table = Table(
        tuple((Cell(label, "label"), Cell(value)) for label, value in rows),
        (0.3, 0.7),
        header_rows=0,
        min_lines=heights,
    )
    return [
        _block("title", title_lines(form.title, geo.title_chars)),
        BLANK,
        table,
        BLANK,
        _block("note", form.note),
    ]
