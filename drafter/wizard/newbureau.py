"""新建本单位: a bureau's library made from inside the wizard (full name, letterhead name, 代字, signer, contact,
optionally its past letters to learn from), written to the clerk's own library folder and chosen at once."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from drafter.i18n import _
from drafter.library.new import ID, create
from drafter.library.search import Library, user_folder
from drafter.problems import InputError, Problem


def free_id(library: Library) -> str:
    """bureau-1, bureau-2 …: an id for a clerk who does not want to choose one."""
    taken = set(library.folders())
    n = 1
    while f"bureau-{n}" in taken:
        n += 1
    return f"bureau-{n}"


def split_paths(text: str) -> list[Path]:
    """Files or folders, separated by ; or new lines (a path may hold spaces)."""
    return [Path(p.strip().strip('"')).expanduser() for p in re.split(r"[;；\n]", text) if p.strip()]


class NewBureau(ModalScreen[str | None]):
    """The form; dismisses with the new bureau's id, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("取消"))]

    def __init__(self, library: Library, root: Path | None = None) -> None:
        super().__init__()
        self.library = library
        self.root = root or user_folder()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="nb-form"):
            yield Label(_("新建本单位（Esc 取消）"), id="nb-title")
            yield Label(_("单位全称（署名、正文里的自称）"))
            yield Input(id="nb-name", compact=True, placeholder=_("如 {example}").format(example="瑞安市科学技术局"))
            yield Label(_("发文机关标志（红头上的名称；不填同全称）"))
            yield Input(id="nb-short", compact=True)
            yield Label(_("答复的代字（发文字号〔年份〕前的字）"))
            yield Input(id="nb-code", compact=True, placeholder=_("如 {example}").format(example="瑞科提复"))
            yield Label(_("署名（不填同全称）"))
            yield Input(id="nb-signer", compact=True)
            yield Label(_("联系人和电话（每行一条）"))
            yield TextArea(id="nb-contact", soft_wrap=True, tab_behavior="focus", compact=True)
            yield Label(_("以前的答复函（可不填；从中学得其余设置）：.txt、.docx 或文件夹，用 ; 隔开"))
            yield Input(id="nb-from", compact=True)
            yield Label(_("模板库编号（文件夹名，小写字母、数字和 -；不填则自动取）"))
            yield Input(id="nb-id", compact=True, placeholder=free_id(self.library))
            yield Static(_("写进本人的模板库文件夹：{folder}").format(folder=self.root), id="nb-where", markup=False)
            yield Static("", id="nb-problem", classes="problem", markup=False)
            with Horizontal(id="nb-buttons"):
                yield Button(_("建立并使用"), id="nb-create", variant="primary", compact=True)
                yield Button(_("取消"), id="nb-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#nb-name", Input).focus()

    def _value(self, ident: str) -> str:
        widget = self.query_one(f"#{ident}")
        return (widget.text if isinstance(widget, TextArea) else widget.value).strip()  # type: ignore[attr-defined]

    def make(self) -> str:
        """The library written; its id. Every problem is an InputError for the form to show."""
        bureau_id = self._value("nb-id") or free_id(self.library)
        name = self._value("nb-name") or None
        sources = split_paths(self._value("nb-from"))
        if not ID.match(bureau_id):
            raise InputError([Problem(None, _("模板库编号只能用小写字母、数字和连字符，如 ruian-sti"))])
        if name is None and not sources:
            raise InputError([Problem(None, _("请写单位全称（或给出以前的答复函，从中学得）"))])
        learned = None
        if sources:
            from drafter.library.learn import learn  # the importer loads only when learning from letters

            learned = learn(sources, self.library)
        contact = [line for line in self._value("nb-contact").split("\n") if line.strip()]
        signer = self._value("nb-signer") or name
        create(
            self.root,
            bureau_id,
            name,
            self._value("nb-short") or None,
            self._value("nb-code") or None,
            learned,
            signer=signer if signer is not None else None,
            contact=contact or None,
        )
        return bureau_id

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "nb-cancel":
            self.dismiss(None)
            return
        try:
            made = self.make()
        except InputError as exc:
            self.query_one("#nb-problem", Static).update("\n".join("\u26a0 " + str(p) for p in exc.problems))
            return
        self.dismiss(made)

    def action_cancel(self) -> None:
        self.dismiss(None)
