"""The body editor: the letter's paragraphs, numbered sections and 清单式 tables as one outline.

Each outline line is one block of `reply.body` (or a row of a table, or an attachment); the editor
beside it edits that block. Numbers are shown as they will print (一、（一）1.（1）), from the same
`layout.label` the letter uses.
"""

from __future__ import annotations

import copy
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, ListItem, ListView, Static, TextArea

from drafter.i18n import _
from drafter.letter.layout import label
from drafter.vocab.numerals import cardinal
from drafter.wizard.draft import Draft, Path_

Slot = tuple[str, int, int | None]  # ("body", block, row) or ("attachment", index, None)


def outline(draft: Draft) -> list[tuple[Slot, str]]:
    """The outline's lines: what each entry is and how it reads, numbered as printed."""
    out: list[tuple[Slot, str]] = []
    counts = [0] * 5
    for index, block in enumerate(draft.body()):
        if isinstance(block, str):
            out.append((("body", index, None), _("段落") + "  " + _short(block)))
        elif isinstance(block, dict) and "table" in block:
            table = block["table"] if isinstance(block["table"], dict) else {}
            columns = "｜".join(str(c) for c in table.get("columns") or [])
            out.append((("body", index, None), _("清单表") + "  " + columns))
            for row, cells in enumerate(table.get("rows") or []):
                first = cells[0] if isinstance(cells, list) and cells else ""
                out.append((("body", index, row), f"    {row + 1}. " + _short(str(first))))
        elif isinstance(block, dict) and "heading" in block:
            raw = block.get("level")
            level = min(max(raw, 1), 4) if isinstance(raw, int) else 1
            counts[level] += 1
            counts[level + 1 :] = [0] * (4 - level)
            indent = "  " * (level - 1)
            out.append((("body", index, None), f"{indent}{label(level, counts[level])}{_short(block['heading'])}"))
            out += _item_lines(index, block, indent + "    ")
        elif isinstance(block, dict):
            out.append((("body", index, None), _("“一是”段落") + "  " + _short(block.get("text"))))
            out += _item_lines(index, block, "    ")
        else:
            out.append((("body", index, None), _("（不认识的一项，请在 YAML 中编辑）")))
    for index, attachment in enumerate(draft.data["reply"].get("attachments") or []):
        title = attachment.get("title", "") if isinstance(attachment, dict) else ""
        out.append((("attachment", index, None), _("附件{n}").format(n=index + 1) + "  " + _short(str(title))))
    return out


def _item_lines(index: int, block: dict[str, Any], indent: str) -> list[tuple[Slot, str]]:
    items = block.get("items")
    leads = [item.get("lead") if isinstance(item, dict) else "" for item in items] if isinstance(items, list) else []
    return [(("body", index, n), f"{indent}{cardinal(n + 1)}是" + _short(lead)) for n, lead in enumerate(leads)]


def _short(text: Any, width: int = 22) -> str:
    first = str(text or "").strip().split("\n", 1)[0]
    return first if len(first) <= width else first[:width] + "…"


class Outline(ListView):
    """The outline list; its keys add, delete, indent and move blocks (typing in a box never triggers them)."""

    BINDINGS = [
        Binding("a", "add('section')", _("加标题节"), show=False),
        Binding("p", "add('paragraph')", _("加段落"), show=False),
        Binding("t", "add('table')", _("加清单表"), show=False),
        Binding("i", "add_item", _("加“一是”条目"), show=False),
        Binding("ctrl+z", "undo", _("撤销删除"), show=False),
        Binding("r", "add_row", _("加表格行"), show=False),
        Binding("f", "add_attachment", _("加附件"), show=False),
        Binding("delete,x", "delete", _("删除"), show=False),
        Binding("shift+right,greater_than_sign", "level(1)", _("降一级"), show=False),
        Binding("shift+left,less_than_sign", "level(-1)", _("升一级"), show=False),
        Binding("shift+up,u", "move(-1)", _("上移"), show=False),
        Binding("shift+down,n", "move(1)", _("下移"), show=False),
    ]

    def _editor(self) -> BodyEditor:
        return self.query_ancestor(BodyEditor)

    def action_add(self, kind: str) -> None:
        self._editor().action_add(kind)

    def action_add_row(self) -> None:
        self._editor().action_add_row()

    def action_add_item(self) -> None:
        self._editor().action_add_item()

    def action_undo(self) -> None:
        self._editor().action_undo()

    def action_add_attachment(self) -> None:
        self._editor().action_add_attachment()

    def action_delete(self) -> None:
        self._editor().action_delete()

    def action_level(self, step: int) -> None:
        self._editor().action_level(step)

    def action_move(self, step: int) -> None:
        self._editor().action_move(step)


class BodyEditor(Vertical):
    """Outline on the left, the chosen block's editor on the right."""

    class Edited(Message):
        """The draft's body changed (structure or text): the app saves and previews."""

    def __init__(self, draft: Draft) -> None:
        super().__init__(id="body-editor")
        self.draft = draft
        self.entries: list[Slot] = []
        self.current: Slot | None = None
        self._filling = False
        self._undo: tuple[Any, Any, Slot | None] | None = None  # body, attachments, place: before a deletion

    def compose(self) -> ComposeResult:
        with Horizontal(id="body-panes"):
            with Vertical(id="outline-pane"):
                yield Static(
                    _("正文结构（a 标题节 · p 段落 · i “一是”条目 · t 清单表 · r 表格行 · f 附件 · Delete 删除）"),
                    id="outline-keys",
                )
                yield Outline(id="outline")
                with Horizontal(id="outline-buttons"):
                    yield Button(_("升级 ←"), id="b-outdent", compact=True)
                    yield Button(_("降级 →"), id="b-indent", compact=True)
                    yield Button(_("上移"), id="b-up", compact=True)
                    yield Button(_("下移"), id="b-down", compact=True)
                    yield Button(_("删除"), id="b-delete", compact=True, variant="error")
            with Vertical(id="block-pane"):
                yield Static("", id="block-kind")
                yield Label(_("标题"), id="l-heading")
                yield Input(id="block-heading")
                yield Label(_("正文（每行一段；Ctrl+Z 撤销，Ctrl+E 用编辑器打开）"), id="l-text")
                yield TextArea(id="block-text", soft_wrap=True, tab_behavior="focus")
                yield Static("", id="block-problem", classes="problem")

    def on_mount(self) -> None:
        self.refresh_outline(select=0)

    # ------------------------------------------------------------ outline

    def refresh_outline(self, select: int | Slot | None = None) -> None:
        view = self.query_one("#outline", ListView)
        rows = outline(self.draft)
        self.entries = [entry for entry, _text in rows]
        view.clear()
        view.extend(ListItem(Label(text, markup=False)) for _entry, text in rows)
        if isinstance(select, tuple):
            select = self.entries.index(select) if select in self.entries else 0
        if self.entries:
            index = min(select or 0, len(self.entries) - 1)
            view.index = index
            self.show(self.entries[index])
        else:
            self.show(None)

    def _relabel(self) -> None:
        """Labels follow typing without rebuilding the list (focus and scroll stay put)."""
        view = self.query_one("#outline", ListView)
        for (entry, text), item in zip(outline(self.draft), view.children, strict=False):
            if entry in self.entries:
                item.query_one(Label).update(text)

    @on(ListView.Highlighted, "#outline")
    def _highlighted(self, event: ListView.Highlighted) -> None:
        view = self.query_one("#outline", ListView)
        if view.index is not None and view.index < len(self.entries):
            entry = self.entries[view.index]
            if entry != self.current:  # shown by refresh_outline; again would undo what was typed since
                self.show(entry)

    # ------------------------------------------------------------ block editor

    def _value_paths(self, entry: Slot) -> tuple[Path_ | None, Path_ | None, str]:
        """The draft paths the heading box and the text box edit for this entry, and what it is."""
        where, index, row = entry
        if where == "attachment":
            base: Path_ = ("reply", "attachments", index)
            return (*base, "title"), (*base, "body"), _("附件")
        block = self.draft.body()[index]
        if isinstance(block, str):
            return None, ("reply", "body", index), _("段落")
        if "table" in block:
            if row is None:
                return ("reply", "body", index, "table", "columns"), None, _("清单表：表头（各列用｜隔开）")
            return (
                None,
                ("reply", "body", index, "table", "rows", row),
                _("清单表第{n}行（每行一格）").format(n=row + 1),
            )
        if not isinstance(block, dict):
            return None, None, _("（不认识的一项，请在 YAML 中编辑）")
        if row is not None:
            item: Path_ = ("reply", "body", index, "items", row)
            kind = _("{label}条目：左边框写“一是”后的小标题，下面写内容").format(label=f"{cardinal(row + 1)}是")
            return (*item, "lead"), (*item, "text"), kind
        if "heading" in block:
            level = block.get("level") or 1
            return (
                ("reply", "body", index, "heading"),
                ("reply", "body", index, "text"),
                _("第{n}级标题（i 加“一是”条目）").format(n=level),
            )
        return None, ("reply", "body", index, "text"), _("引出“一是”条目的一段（可空；i 再加一条）")

    def show(self, entry: Slot | None) -> None:
        self.current = entry
        heading = self.query_one("#block-heading", Input)
        area = self.query_one("#block-text", TextArea)
        heading_path, text_path, kind = self._value_paths(entry) if entry else (None, None, _("（正文是空的）"))
        self._filling = True
        try:
            self.query_one("#block-kind", Static).update(kind)
            heading.display = self.query_one("#l-heading").display = heading_path is not None
            area.display = self.query_one("#l-text").display = text_path is not None
            heading.data_path = heading_path  # type: ignore[attr-defined]
            area.data_path = text_path  # type: ignore[attr-defined]
            if heading_path is not None:
                value = self.draft.get(heading_path)
                heading.value = "｜".join(value) if isinstance(value, list) else str(value or "")
            if text_path is not None:
                value = self.draft.get(text_path)
                area.text = "\n".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
        finally:
            self._filling = False

    @on(Input.Changed, "#block-heading")
    def _heading_changed(self, event: Input.Changed) -> None:
        event.stop()
        path = getattr(event.input, "data_path", None)
        if self._filling or path is None:
            return
        value: Any = [c.strip() for c in event.value.split("｜")] if path[-1] == "columns" else event.value
        if value == self.draft.get(path):
            return
        self.draft.set(path, value)
        self._relabel()
        self.post_message(self.Edited())

    @on(TextArea.Changed, "#block-text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        path = getattr(event.text_area, "data_path", None)
        if self._filling or path is None:
            return
        value: Any = event.text_area.text
        if path[-2] == "rows":  # a table row: one cell a line, as many lines as columns
            width = len(self.draft.get(path[:-2] + ("columns",)) or [])
            cells = value.split("\n")
            value = cells[: width - 1] + ["\n".join(cells[width - 1 :])] if width and len(cells) > width else cells
        elif path[-1] == "body" and path[1] == "attachments":
            value = [p for p in value.split("\n") if p.strip()] or [""]
        if value == self.draft.get(path) or value + "\n" == self.draft.get(path):
            return  # the box being filled from the draft
        self.draft.set(path, value)
        self._relabel()
        self.post_message(self.Edited())

    def focus_path(self, path: Path_) -> None:
        """Bring a body place into view: from a problem or the review screen."""
        if len(path) >= 3 and path[1] == "body" and isinstance(path[2], int):
            row = path[5] if len(path) > 5 and path[3:5] == ("table", "rows") and isinstance(path[5], int) else None
            target: Slot = ("body", path[2], row)
        elif len(path) >= 3 and path[1] == "attachments" and isinstance(path[2], int):
            target = ("attachment", path[2], None)
        else:
            return
        self.refresh_outline(select=target)
        heading = self.query_one("#block-heading", Input)
        area = self.query_one("#block-text", TextArea)
        wants_heading = path[-1] in ("heading", "title", "columns")
        (heading if wants_heading and heading.display else area if area.display else heading).focus()

    # ------------------------------------------------------------ structure

    def _index(self) -> int | None:
        return self.current[1] if self.current and self.current[0] == "body" else None

    def action_add(self, kind: str) -> None:
        at = self.draft.add_block(self._index(), kind)
        self.refresh_outline(select=("body", at, None))
        self.post_message(self.Edited())
        self._focus_box("#block-heading" if kind in ("section", "table") else "#block-text")

    def _focus_box(self, selector: str) -> None:
        """The new block's box takes the cursor once it is shown (it may have been hidden a moment ago)."""
        box = self.query_one(selector)

        def focus() -> None:
            box.focus()
            box.scroll_visible(animate=False)

        focus()
        self.call_after_refresh(focus)

    def action_add_item(self) -> None:
        index = self._index()
        block = self.draft.body()[index] if index is not None else None
        into = isinstance(block, dict) and "table" not in block  # a section or an items paragraph takes it
        at, item = self.draft.add_item(index, self.current[2] if into and self.current else None)
        self.refresh_outline(select=("body", at, item))
        self.post_message(self.Edited())
        self._focus_box("#block-heading")

    def _keep_for_undo(self) -> None:
        reply = self.draft.data["reply"]
        self._undo = (copy.deepcopy(reply.get("body")), copy.deepcopy(reply.get("attachments")), self.current)

    def action_undo(self) -> None:
        """Ctrl+Z on the outline: the last deletion back."""
        kept = self._undo
        if kept is None:
            self.app.bell()
            return
        body, attachments, where = kept
        reply = self.draft.data["reply"]
        reply["body"] = body
        if attachments is None:
            reply.pop("attachments", None)
        else:
            reply["attachments"] = attachments
        self._undo = None
        self.refresh_outline(select=where)
        self.post_message(self.Edited())
        self.app.notify(_("已恢复删除的一项"))

    def action_add_row(self) -> None:
        index = self._index()
        if index is None or "table" not in (self.draft.body()[index] or {}):
            self.app.notify(_("先在左边选中一张清单表，再加行"), severity="warning")
            return
        row = self.draft.add_row(index)
        self.refresh_outline(select=("body", index, row))
        self.post_message(self.Edited())
        self.query_one("#block-text").focus()

    def action_add_attachment(self) -> None:
        attachments = self.draft.data["reply"].setdefault("attachments", [])
        attachments.append({"title": "", "body": [""]})
        self.refresh_outline(select=("attachment", len(attachments) - 1, None))
        self.post_message(self.Edited())
        self.query_one("#block-heading").focus()

    def action_delete(self) -> None:
        if self.current is None:
            return
        where, index, row = self.current
        self._keep_for_undo()
        if where == "attachment":
            del self.draft.data["reply"]["attachments"][index]
            if not self.draft.data["reply"]["attachments"]:
                del self.draft.data["reply"]["attachments"]
        elif row is not None and "table" in self.draft.body()[index]:
            rows = self.draft.body()[index]["table"]["rows"]
            if len(rows) > 1:
                del rows[row]
        elif row is not None:
            self.draft.delete_item(index, row)
        else:
            self.draft.delete_block(index)
        position = self.query_one("#outline", ListView).index or 0
        self.refresh_outline(select=max(position - 1, 0))
        self.post_message(self.Edited())
        self.app.notify(_("已删除。删错了请在正文结构里按 Ctrl+Z 恢复"), timeout=6)

    def action_level(self, step: int) -> None:
        index = self._index()
        if index is None or self.current[2] is not None or not self.draft.shift_level(index, step):  # type: ignore[index]
            self.app.bell()
            return
        self.refresh_outline(select=("body", index, None))
        self.post_message(self.Edited())

    def action_move(self, step: int) -> None:
        index = self._index()
        if index is None:
            return
        where, _i, row = self.current  # type: ignore[misc]
        if row is not None:
            block = self.draft.body()[index]
            rows = block["table"]["rows"] if "table" in block else block["items"]
            to = row + step
            if 0 <= to < len(rows):
                rows[row], rows[to] = rows[to], rows[row]
                self.refresh_outline(select=("body", index, to))
                self.post_message(self.Edited())
            return
        to = self.draft.move_block(index, step)
        self.refresh_outline(select=("body", to, None))
        self.post_message(self.Edited())

    @on(Button.Pressed, "#outline-buttons Button")
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "b-outdent": lambda: self.action_level(-1),
            "b-indent": lambda: self.action_level(1),
            "b-up": lambda: self.action_move(-1),
            "b-down": lambda: self.action_move(1),
            "b-delete": self.action_delete,
        }
        actions[event.button.id or ""]()
