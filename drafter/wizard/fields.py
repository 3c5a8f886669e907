"""Form fields bound to a place in the draft: each shows its label, its control and its own problem.

A field converts between what the control shows and what the letter file says (text, a list of
lines, a choice, or "" for "none"), so the draft is always in the schema `drafter render` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from drafter.i18n import _
from drafter.wizard.draft import Path_

NONE = "\u2014"  # shown for an empty answer on the review screen


def path_id(path: Path_) -> str:
    """A widget id for a place in the draft: reply.body.2.text → f-reply-body-2-text."""
    return "f-" + "-".join(str(p) for p in path)


class Bound:
    """What every bound control carries: where its value lives in the draft and how to convert it."""

    data_path: Path_
    to_data: Callable[[Any], Any]
    from_data: Callable[[Any], Any]


def _text_or_none(value: str) -> str | None:
    return value if value.strip() else None


def _lines_or_none(value: str) -> list[str] | None:
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    return lines or None


class Field(Vertical):
    """Label, control and the problem line under it (empty when the value is fine)."""

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 1 0; }
    Field > .hint { color: $text-muted; }
    Field > .problem { color: $error; height: auto; }
    Field > .problem.-empty { display: none; }
    Field.-invalid > Input, Field.-invalid > TextArea { border: tall $error; }
    """

    def __init__(
        self,
        label: str,
        control: Widget,
        path: Path_,
        hint: str = "",
        to_data: Callable[[Any], Any] = _text_or_none,
        from_data: Callable[[Any], Any] = lambda v: "" if v is None else str(v),
    ) -> None:
        super().__init__(id=path_id(path) + "-field")
        self.label_text = label
        self.control = control
        self.hint = hint
        self.to_data = to_data
        control.data_path = path  # type: ignore[attr-defined]
        control.to_data = to_data  # type: ignore[attr-defined]
        control.from_data = from_data  # type: ignore[attr-defined]
        control.id = path_id(path)
        self.path = path

    def compose(self) -> ComposeResult:
        yield Label(self.label_text)
        yield self.control
        if self.hint:
            yield Static(self.hint, classes="hint", id=path_id(self.path) + "-hint")
        yield Static("", classes="problem -empty", id=path_id(self.path) + "-problem")

    def data(self) -> Any:
        """What the control holds, as the draft keeps it."""
        control = self.control
        if isinstance(control, TextArea):
            return self.to_data(control.text)
        if isinstance(control, (Input, Select)):
            return self.to_data(control.value)
        raise TypeError(f"a field's control is an Input, TextArea or Select, not {type(control).__name__}")

    def show_problem(self, message: str | None) -> None:
        self._problem = message
        self.set_class(bool(message), "-invalid")
        for problem in self.query(".problem").results(Static):  # none yet while the field is being composed
            problem.update(("\u26a0 " + message) if message else "")
            problem.set_class(not message, "-empty")

    def on_mount(self) -> None:
        if getattr(self, "_problem", None):
            self.show_problem(self._problem)


def line(label: str, path: Path_, hint: str = "", placeholder: str = "", required: bool = False) -> Field:
    """One line of text. A required field keeps "" in the draft, so the file shows what is still to fill."""
    to_data = (lambda v: v) if required else _text_or_none
    return Field(label, Input(placeholder=placeholder), path, hint, to_data=to_data)


def text(label: str, path: Path_, hint: str = "", height: int = 6, required: bool = False) -> Field:
    """Several paragraphs, one a line; Ctrl+E opens it in the clerk's own editor."""
    area = TextArea(soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
    area.styles.height = height
    to_data = (lambda v: v) if required else _text_or_none
    return Field(label, area, path, hint, to_data=to_data)


def lines(label: str, path: Path_, hint: str = "", height: int = 4) -> Field:
    """A list written one item a line (contact lines, 抄送)."""
    area = TextArea(soft_wrap=True, tab_behavior="focus")
    area.styles.height = height

    def from_data(value: Any) -> str:
        if value is None:
            return ""
        return "\n".join(value) if isinstance(value, list) else str(value)

    return Field(label, area, path, hint, to_data=_lines_or_none, from_data=from_data)


def choice(label: str, path: Path_, options: list[tuple[str, str]], hint: str = "", blank: str = "") -> Field:
    """A choice among fixed values; with `blank`, "not chosen" means the bureau's default."""
    select: Select[str] = Select(options, prompt=blank or _("（请选择）"), allow_blank=True)

    def to_data(value: Any) -> Any:
        return None if value is Select.NULL else value

    def from_data(value: Any) -> Any:
        values = {v for _label, v in select._options}  # noqa: SLF001  # as offered now (a bureau may be added)
        return value if value in values else Select.NULL

    return Field(label, select, path, hint, to_data=to_data, from_data=from_data)


def none_box(label: str, path: Path_) -> Checkbox:
    """A tick that writes "" or [] (none at all) where an empty value would mean "the bureau's default"."""
    box = Checkbox(label)
    box.data_path = path  # type: ignore[attr-defined]
    box.id = path_id(path) + "-none"
    return box
