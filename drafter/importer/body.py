"""The body of an imported letter: paragraphs → the model's body nodes (sections, run-in items, tables).

The renderer numbers headings (一、 （一） 1. （1）) and run-in items (一是) itself, so the importer keeps
the words and drops the labels, after checking that the renderer will print the same labels again.
A label that would come out differently (a gap in the numbering) stays in the text, with a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drafter.i18n import N_, _
from drafter.importer.parse import Para, heading_of, starts_structure
from drafter.importer.source import cut_mid_sentence
from drafter.vocab.headings import RUN_IN as ITEM
from drafter.vocab.headings import label
from drafter.vocab.numerals import value

LEVEL_NAMES = {1: N_("一级"), 2: N_("二级"), 3: N_("三级"), 4: N_("四级")}
HEADING_AT_COLON = 40  # a heading ends at a colon this near its start when no full stop comes first
SENTENCE = re.compile(r"[。！？]")
LEAD_END = re.compile(r"[。！？；]")

Warn = Callable[[int, str], None]


def join_cuts(paras: list[Para]) -> list[Para]:
    """Paragraphs a page break cut in two (text cut mid-sentence) joined again."""
    out: list[Para] = []
    for index, para in enumerate(paras):
        prev = out[-1] if out else None
        nxt = paras[index + 1] if index + 1 < len(paras) else None
        heading_like = (  # 下步工作措施 before （一）: a heading whose number was lost, not a cut sentence
            len(_clean(para.text)) <= 24
            and not SENTENCE.search(para.text)
            and nxt is not None
            and nxt.cells is None
            and heading_of(_clean(nxt.text)) is not None
        )
        if (
            prev is not None
            and prev.cells is None
            and para.cells is None
            and not heading_like
            and cut_mid_sentence(prev.text, para.text, starts_structure(para.text))
        ):
            out[-1] = Para(prev.line, _join(prev.text, para.text))
            continue
        out.append(para)
    return out


def _join(first: str, second: str) -> str:
    first, second = first.rstrip(), second.lstrip()
    if first.endswith("**") and second.startswith("**"):  # bold on both sides of the break
        return first[:-2] + second[2:]
    return first + second


# ---------------------------------------------------------------- the tree under construction


@dataclass
class Item:
    lead: str
    text: list[str] = field(default_factory=list)
    bold: bool = False
    inline: bool = False  # began inside a paragraph, after text or another item


@dataclass
class Node:
    """A section (with a heading) or a heading-less paragraph that carries run-in items."""

    heading: str | None = None
    level: int = 0
    text: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    sections: list[Any] = field(default_factory=list)  # Node, str or a table mapping
    counts: dict[int, int] = field(default_factory=dict)  # headings under this one, per level


def _clean(text: str) -> str:
    return text.replace("**", "").strip()


@dataclass
class Body:
    """Builds the body node by node; `nodes` is the top level, `stack` the open headings."""

    nodes: list[Any] = field(default_factory=list)
    stack: list[Node] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)
    run: Node | None = None  # the node whose run-in items are still open (二是 may follow)

    # ---- placing

    def _place(self, thing: Any) -> None:
        target = self.stack[-1] if self.stack else None
        if target is None:
            self.nodes.append(thing)
        elif isinstance(thing, str) and not target.items and not target.sections:
            target.text.append(thing)
        else:
            target.sections.append(thing)

    def paragraph(self, text: str) -> None:
        self.run = None
        if _clean(text):
            self._place(_clean(text))

    def table(self, table: dict[str, Any]) -> None:
        self.run = None
        self._place(table)

    # ---- headings

    def expected(self, level: int) -> int:
        """The number the renderer will give the next heading of `level` here."""
        parents = [n for n in self.stack if n.level < level]
        counts = parents[-1].counts if parents else self.counts
        return counts.get(level, 0) + 1

    def heading(self, level: int, words: str, line: int) -> None:
        """A new section; `words` is the paragraph after its label (heading, then maybe text and items)."""
        self.run = None
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        counts = parent.counts if parent else self.counts
        counts[level] = counts.get(level, 0) + 1
        plain = _clean(words)
        stop = SENTENCE.search(plain)
        colon = plain.find("：")
        if 0 < colon <= HEADING_AT_COLON and (stop is None or colon < stop.start()) and plain[colon + 1 :].strip():
            head, cut = plain[: colon + 1], _raw_index(words, colon + 1)  # 一、关于……的回复：近几年以来……
        elif stop and plain[stop.end() :].strip():
            head, cut = plain[: stop.end()], _raw_index(words, stop.end())
        else:
            head, cut = plain, len(words)
        node = Node(heading=head, level=level)
        if parent is None:
            self.nodes.append(node)
        else:
            parent.sections.append(node)
        self.stack.append(node)
        rest = words[cut:]
        if rest.strip():
            self.content(rest, line, node, at_start=False)

    # ---- text with run-in items

    def content(self, raw: str, line: int, host: Node | None, at_start: bool) -> None:
        """A paragraph's text: leading words, then run-in items in sequence (一是 … 二是 …).

        `host` is the section the text belongs to (None: the innermost open one, or the top).
        """
        opening = ITEM.match(raw.lstrip())
        if at_start and opening and value(opening.group(2)) == 1:
            self.run = None  # 一是 at the head of a paragraph begins a new list
        continuing = self.run is not None
        expect = len(self.run.items) + 1 if self.run is not None else 1
        marks = _item_marks(raw, expect)
        if not marks:
            if self.run is not None and self.later is not None and self.later(self.run):
                self.run.items[-1].text.append(_clean(raw))
                return
            if host is not None:
                self.run = None
                if _clean(raw):
                    host.text.append(_clean(raw))
                return
            self.paragraph(raw)
            return
        first_at, _number, _bold = marks[0]
        leading = raw[:first_at]
        if continuing and self.run is not None and marks[0][1] == expect:
            node = self.run
            if _clean(leading):
                node.items[-1].text.append(_clean(leading))
        else:
            node = self._container(host, leading)
        for index, (at, _number, bold) in enumerate(marks):
            end = marks[index + 1][0] if index + 1 < len(marks) else len(raw)
            item = _item(raw[at:end], bold)
            item.inline = at > 0 or not at_start or index > 0
            if item.lead:
                node.items.append(item)
            elif node.items:
                node.items[-1].text.append(_clean(raw[at:end]))
        self.run = node

    def _container(self, host: Node | None, leading: str) -> Node:
        """Where a new run of items goes: the section itself when it has no items or subsections yet."""
        target = host if host is not None else (self.stack[-1] if self.stack else None)
        if target is not None and target.heading is not None and not target.items and not target.sections:
            if _clean(leading):
                target.text.append(_clean(leading))
            return target
        node = Node(text=[_clean(leading)] if _clean(leading) else [])
        siblings = self.nodes if target is None else (target.text if not target.sections else target.sections)
        if not node.text and siblings and isinstance(siblings[-1], str) and siblings[-1].endswith("："):
            node.text.append(siblings.pop())  # 主要做了以下工作： introduces the items that follow
        if target is None:
            self.nodes.append(node)
        else:
            target.sections.append(node)
        return node

    later: Callable[[Node], bool] | None = None  # look-ahead: does the open run go on after this paragraph?


def _raw_index(raw: str, k: int) -> int:
    """The index in `raw` (with ** marks) after its first `k` characters that are not marks."""
    seen = i = 0
    while i < len(raw) and seen < k:
        if raw.startswith("**", i):
            i += 2
            continue
        seen += 1
        i += 1
    return i


def _item_marks(raw: str, expect: int) -> list[tuple[int, int, bool]]:
    """Positions of the run-in labels that continue the sequence from `expect`; a new 一是 inside an
    item starts a nested list, whose labels are the item's own words."""
    marks: list[tuple[int, int, bool]] = []
    for match in ITEM.finditer(raw):
        number = value(match.group(2)) or 0
        if number == expect:
            marks.append((match.start(2) - (2 if match.group(1) else 0), number, bool(match.group(1))))
            expect += 1
        elif marks or expect > 1:
            break  # a nested list (一是 again) or a gap: the rest is the item's text
    return marks


def _item(segment: str, bold: bool) -> Item:
    """一是{lead}{text}: the lead runs to the end of its first sentence (or of the bold part)."""
    body = segment.lstrip()
    body = body[2:] if body.startswith("**") else body
    label = re.match(r"[一二三四五六七八九十百]{1,3}是", body)
    assert label is not None
    rest = body[label.end() :]
    if bold and "**" in rest:
        lead, text = rest.split("**", 1)
        if not LEAD_END.search(lead[-1:] or ""):
            stop = LEAD_END.search(rest)
            lead, text = (rest[: stop.end()], rest[stop.end() :]) if stop else (rest, "")
    else:
        stop = LEAD_END.search(rest)
        lead, text = (rest[: stop.end()], rest[stop.end() :]) if stop else (rest, "")
    item = Item(_clean(lead), bold=bold)
    if _clean(text):
        item.text.append(_clean(text))
    return item


# ---------------------------------------------------------------- building


def build(paras: list[Para], warn: Warn) -> list[Any]:
    """The body nodes (plain data, in the order a clerk writes them) of the body's paragraphs."""
    body = Body()
    paras = join_cuts(paras)
    index = 0

    def later_paragraphs() -> list[Para]:
        """The paragraphs after the current one, up to the next heading."""
        out = []
        for para in paras[index + 1 :]:
            if para.cells is not None or heading_of(_clean(para.text)) is not None:
                break
            out.append(para)
        return out

    def run_continues(run: Node) -> bool:
        for para in later_paragraphs():
            if _item_marks(para.text, len(run.items) + 1):
                return True
            if ITEM.match(para.text.lstrip()):
                return False  # another list begins
        return False

    body.later = run_continues
    while index < len(paras):
        para = paras[index]
        if para.cells is not None:
            rows = []
            while index < len(paras) and paras[index].cells is not None:
                rows.append(paras[index])
                index += 1
            body.table(table_node(rows, warn))
            continue
        plain = _clean(para.text)
        found = heading_of(plain)
        if found is not None:
            level, number, _rest = found
            want = body.expected(level)
            written = plain[: len(plain) - len(_rest)]
            if unicodedata.normalize("NFKC", written) != unicodedata.normalize("NFKC", label(level, number)):
                message = _("“{got}”不是标题编号的规范写法（应为“{want}”），按原文作为普通段落导入")
                warn(para.line, message.format(got=written, want=label(level, number)))
                body.paragraph(para.text)
                index += 1
                continue
            if number == want:
                label_end = _raw_index(para.text.lstrip(), len(plain) - len(_rest))
                body.heading(level, para.text.lstrip()[label_end:], para.line)
                index += 1
                continue
            message = _("标题编号“{got}”与前文不连续（生成时会编作“{want}”），按原文作为普通段落导入")
            warn(para.line, message.format(got=plain[: len(plain) - len(_rest)], want=label(level, want)))
            body.paragraph(para.text)
            index += 1
            continue
        lost = _lost_number(body, paras, index)
        if lost:
            message = _("标题“{text}”前没有编号，按{level}标题“{label}”导入")
            warn(para.line, message.format(text=plain, level=_(LEVEL_NAMES[lost[0]]), label=label(*lost)))
            body.heading(lost[0], para.text, para.line)
            index += 1
            continue
        body.content(para.text, para.line, None, at_start=True)
        index += 1
    return [_data(node, 0) for node in body.nodes]


def _lost_number(body: Body, paras: list[Para], index: int) -> tuple[int, int] | None:
    """A short line without a full stop, followed by a first subsection (（一）), where a heading of
    the level above is open: that heading's number was lost in the copy (下步工作措施 for 三、…)."""
    plain = _clean(paras[index].text)
    if len(plain) > 24 or SENTENCE.search(plain) or plain.endswith(("，", "：", "；")):
        return None
    nxt = paras[index + 1] if index + 1 < len(paras) else None
    found = heading_of(_clean(nxt.text)) if nxt is not None and nxt.cells is None else None
    if found is None or found[1] != 1 or found[0] < 2:
        return None
    level = found[0] - 1
    if not any(node.level == level for node in body.stack):
        return None
    return level, body.expected(level)


def table_node(rows: list[Para], warn: Warn) -> dict[str, Any]:
    """A table: the first row is its head; a 序号 column numbered 1, 2, 3 … is the renderer's own."""
    cells = [list(row.cells or ()) for row in rows]
    head, data = cells[0], cells[1:]
    numbered = (
        bool(head)
        and _clean(head[0]) == "序号"
        and all(row and _clean(row[0]) == str(n) for n, row in enumerate(data, start=1))
    )
    if numbered:
        head, data = head[1:], [row[1:] for row in data]
    width = len(head)
    for row, para in zip(data, rows[1:], strict=False):
        if len(row) != width:
            message = _("表格这一行有 {got} 格，表头有 {want} 列；已补齐或合并，请核对")
            warn(para.line, message.format(got=len(row), want=width))
    data = [_fit(row, width) for row in data]
    for row, para in zip(data, rows[1:], strict=False):
        if any(not _clean(cell) for cell in row):
            warn(para.line, _("表格这一行有空的单元格，已填作“—”"))
    table: dict[str, Any] = {}
    columns = [_clean(c) for c in head]
    if columns != ["具体诉求", "答复内容"]:
        table["columns"] = columns
    if not numbered:
        table["numbered"] = False
    table["rows"] = [[c.replace("**", "").strip() or "—" for c in row] for row in data] or [["—"] * width]
    return {"table": table}


def _fit(row: list[str], width: int) -> list[str]:
    if len(row) > width:
        return [*row[: width - 1], "\n".join(c for c in row[width - 1 :] if c.strip())]
    return row + [""] * (width - len(row))


def _data(node: Any, parent_level: int) -> Any:
    """A node as the plain data a clerk writes: keys in the order of the examples, defaults left out."""
    if not isinstance(node, Node):
        return node
    out: dict[str, Any] = {}
    level = parent_level
    if node.heading is not None:
        level = node.level
        if node.level != parent_level + 1:
            out["level"] = node.level
        out["heading"] = node.heading
    if node.text:
        out["text"] = "\n".join(node.text)
    if node.items:
        inline = sum(item.inline for item in node.items[1:] or node.items)
        if inline * 2 > len(node.items[1:] or node.items):
            out["items_inline"] = True
        if sum(item.bold for item in node.items) * 2 > len(node.items):
            out["items_bold"] = True
        out["items"] = [{"lead": i.lead, **({"text": "\n".join(i.text)} if i.text else {})} for i in node.items]
    if node.sections:
        out["sections"] = [_data(child, level) for child in node.sections]
    if node.heading is None and not out.get("text") and not node.items:
        return ""
    return out


def count_paragraphs(paras: list[Para]) -> int:
    return len(join_cuts(paras))
