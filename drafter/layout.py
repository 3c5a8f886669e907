"""The letter as an ordered list of blocks: one paragraph each, with a role, made of runs with roles.

Numbering (一、 （一） 1. （1） and 一是) is decided here, once. Writers map roles to styles and never
look at the input model, so the text preview and the .docx cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .cnnum import cardinal
from .model import RunIn, Section, paragraphs
from .resolve import Complete


@dataclass(frozen=True)
class Run:
    text: str
    role: str = "text"  # text | h1 … h4 | runin | runin_bold


@dataclass(frozen=True)
class Block:
    role: str  # letterhead, doc_number, title, salutation, body, heading1 … heading4, closing, contact, …
    runs: tuple[Run, ...] = ()
    right_indent_chars: float | None = None  # computed alignment (署名 centred over the date)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _block(role: str, text: str | None = None) -> Block:
    return Block(role, (Run(text),) if text else ())


BLANK = Block("blank")
FOOT_ROLES = ("cc", "printer")  # the 版记: at the foot of the last page
TITLE_WIDTH = 20  # characters of 2号 type in the 156 mm text block


def label(level: int, n: int) -> str:
    return {1: f"{cardinal(n)}、", 2: f"（{cardinal(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def width(text: str) -> float:
    """Printed width in characters: CJK and full-width forms one, ASCII half, and a quarter for the
    space that Word and LibreOffice put between CJK and Latin letters or digits (autospace)."""
    total = sum(0.5 if ch.isascii() else 1.0 for ch in text)
    changes = sum(1 for a, b in zip(text, text[1:], strict=False) if a.isascii() != b.isascii())
    return total + 0.25 * changes


def title_lines(title: str) -> str:
    """Break a long title into lines of at most TITLE_WIDTH characters, at a sensible place.

    A clerk's own line breaks are kept. Otherwise the genre word (答复函, 答复, 复函) goes to a line of its
    own when the rest fits, else the break falls after the last 的 that fits, else at the width.
    """
    if "\n" in title or width(title) <= TITLE_WIDTH:
        return title
    lines: list[str] = []
    rest = title
    while width(rest) > TITLE_WIDTH:
        fits = 0
        while fits < len(rest) and width(rest[: fits + 1]) <= TITLE_WIDTH:
            fits += 1
        cut = rest.rfind("的", 0, fits) + 1
        if cut <= len(rest) // 3:
            cut = fits
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(lines)


class _Paragraphs:
    """Collects body paragraphs; run-in items may continue the current one or start their own."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
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
        assert isinstance(node, Section)
        paras = paragraphs(node.text) if node.text else []
        if node.heading is not None:
            level = node.level or parent_level + 1
            counts[level] += 1
            for deeper in range(level + 1, 5):  # （一） starts again under each new 一、
                counts[deeper] = 0
            head = Run(label(level, counts[level]) + node.heading, f"h{level}")
            out.start([head] + ([Run(paras[0])] if paras else []), "body" if paras else f"heading{level}")
            paras = paras[1:]
        elif paras:
            out.start([Run(paras[0])])
            paras = paras[1:]
        for para in paras:
            out.start([Run(para)])
        _items(out, node.items, node.items_bold, node.items_inline)
        if node.sections:
            _nodes(out, node.sections, node.level or parent_level + 1)
    out.flush()


def body_blocks(nodes: list) -> list[Block]:
    out = _Paragraphs()
    _nodes(out, nodes, 0)
    out.flush()
    return out.blocks


def layout(c: Complete) -> list[Block]:
    reply = c.letter.reply
    blocks: list[Block] = []
    if reply.format == "信函":
        # letterhead and its rules are frames on page 1; the text flows below the frame, so the 发文字号
        # takes the first line under the double rule
        blocks += [_block("letterhead", c.letterhead)]
        blocks.append(_block("doc_number", c.doc_number) if c.doc_number else BLANK)
        blocks += [Block("letterhead_foot"), BLANK, BLANK]
    else:
        blocks += [_block("letterhead", c.letterhead), BLANK, BLANK, _block("doc_number", c.doc_number), BLANK]
    blocks += [_block("title", title_lines(c.title)), BLANK, _block("salutation", c.salutation)]
    blocks += [_block("body", p) for p in c.opening]
    blocks += body_blocks(c.body)
    blocks += [_block("closing", p) for p in c.closing]
    before = reply.contact_position == "before_signature"
    if before:
        blocks += [_block("contact", line) for line in c.contact]
    blocks += [BLANK, BLANK]  # room for the seal above the signature (§7.3.5.1)
    if c.signer:
        # 署名 centred over the 成文日期, which stands four characters from the right (§7.3.5.1)
        indent = max(0.0, 4 + (width(c.date) - width(c.signer)) / 2)
        blocks.append(Block("signer", (Run(c.signer),), right_indent_chars=indent))
    blocks.append(_block("date", c.date))
    if not before:
        blocks += [_block("note", line) for line in c.contact]
    if c.cc:
        blocks.append(_block("cc", c.cc))
    if c.printer:
        blocks.append(_block("printer", c.printer))
    return blocks
