"""The drafting wizard: six steps on the left, the form in the middle, the letter as it will read on the right.

Every change goes into the draft (`drafter.wizard.draft.Draft`), is checked by the letter model, shown in
the preview from the same layout as the .docx, and saved to the draft file a moment later.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Label,
    ListItem,
    ListView,
    Select,
    Static,
    TextArea,
)

from drafter.batch.numbering import offered
from drafter.i18n import N_, _
from drafter.letter.model import AUTO_WORDS
from drafter.letter.render import render
from drafter.library.search import Library
from drafter.problems import FIELD_LABELS, InputError
from drafter.vocab.numerals import cardinal
from drafter.wizard import cjk
from drafter.wizard import fields as f
from drafter.wizard.body import BodyEditor
from drafter.wizard.draft import Checked, Draft, Path_, Position
from drafter.wizard.export import Exported, export, pdf_available, targets
from drafter.wizard.newbureau import NewBureau
from drafter.wizard.screens import Confirm, HelpScreen

STEPS = [N_("单位与类型"), N_("建议或提案"), N_("答复事项"), N_("正文"), N_("审核"), N_("导出")]
SAVE_DELAY = 0.25  # seconds of quiet before the draft file is written (every change is saved)
NARROW = 120  # columns: below, the preview folds away behind F4
SHORT = 32  # rows: below, the body step's boxes above and below the outline take less room
KEY_TIMEOUT = 0.5  # seconds: a key no widget stopped and no binding saw does not hold up the next one


def clock(moment: float) -> str:
    """When the draft was saved, as the status line shows it (the snapshot tests fix it)."""
    return time.strftime("%H:%M:%S", time.localtime(moment))


def step_of(path: Path_) -> int:
    """The step (1–6) where a place in the draft is edited."""
    if not path:
        return 1
    if path[0] == "proposal":
        return 2
    if path[0] == "reply" and len(path) > 1:
        if path[1] in ("bureau", "type", "format", "lead_unit"):
            return 1
        if path[1] in ("title", "opening", "body", "closing", "attachments", "salutation"):
            return 4
        return 3
    return 1


PLACE_WORDS = {
    "heading": N_("标题"),
    "text": N_("正文"),
    "lead": N_("小标题"),
    "title": N_("标题"),
    "columns": N_("表头"),
    "body": N_("正文"),
}


def place_label(path: Path_) -> str:
    """reply.body.2.items.0.lead → 正文第3项 › 一是 › 小标题: a place as a clerk names it, never a path."""
    index = path[2] if len(path) > 2 else None
    if path[:2] == ("proposal", "proposers") and isinstance(index, int):
        return _("提出人{n}").format(n=index + 1)
    if path[:2] in (("reply", "body"), ("reply", "attachments")) and isinstance(index, int):
        words = [(_("正文第{n}项") if path[1] == "body" else _("附件{n}")).format(n=index + 1)]
        rest = list(path[3:])
        while rest:
            part = rest.pop(0)
            number = rest[0] if rest else None  # items.0, rows.2: the number goes with its word
            if part in ("items", "table", "rows") and isinstance(number, int):
                rest.pop(0)
                words.append(f"{cardinal(number + 1)}是" if part == "items" else _("第{n}行").format(n=number + 1))
            elif isinstance(part, str) and part in PLACE_WORDS:
                words.append(_(PLACE_WORDS[part]))
        return " › ".join(words)
    words = [FIELD_LABELS.get(p, p) for p in path if isinstance(p, str)]
    return " › ".join(words[1:] or words) or _("答复")


class Wizard(App[None]):
    CSS_PATH = "wizard.tcss"
    TITLE = "drafter"
    BINDINGS = [
        Binding("f1", "help", _("按键"), priority=True),
        Binding("f7", "step(-1)", _("上一步"), priority=True),
        Binding("f8", "step(1)", _("下一步"), priority=True),
        Binding("ctrl+pageup", "step(-1)", _("上一步"), show=False, priority=True),
        Binding("ctrl+pagedown", "step(1)", _("下一步"), show=False, priority=True),
        Binding("f2", "goto(5)", _("审核"), priority=True),
        Binding("f3", "goto(6)", _("导出"), priority=True),
        Binding("f4", "toggle_preview", _("预览"), priority=True),
        Binding("ctrl+e", "edit_outside", _("编辑器"), show=False),
        Binding("ctrl+s", "save", _("保存"), priority=True),
        Binding("ctrl+q", "quit", _("退出"), priority=True),
        Binding("ctrl+p", "command_palette", _("命令"), show=False, priority=True),
    ]

    def __init__(self, draft: Draft, ledger: Path | None = None) -> None:
        cjk.apply()  # Chinese characters whole under lists and notifications (Textual #6357)
        super().__init__()
        self.draft = draft
        self.ledger = ledger
        self.checked: Checked = Checked(None, None)
        self._filling = False
        self._save_timer: Timer | None = None
        self.saved_at: float | None = None
        self.preview_text = ""
        self.preview_ms: list[float] = []  # how long each preview took (the benchmark reads it)
        self.want_pdf: bool | None = None  # None: a PDF too where LibreOffice is
        self._key_in_flight: events.Key | None = None
        self._keys_waiting: deque[events.Key] = deque()

    # ------------------------------------------------------------ keys, one at a time

    async def on_event(self, event: events.Event) -> None:
        """Keys reach the form one at a time, each after the last has done all it does (typed a character,
        moved focus, added a section): keys typed ahead while a preview renders land where the clerk meant,
        in the order typed. Textual alone hands a key to the focused widget while an earlier key is still
        on its way up to the bindings, so text typed after Tab or `a` went to the old place."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_in_flight is not None:
                self._keys_waiting.append(event)
                return
            await self._deliver(event)
            return
        await super().on_event(event)
        if isinstance(event, events.Key):  # back from the widget, unused: its bindings have now run
            self._key_done(event)

    async def _deliver(self, event: events.Key) -> None:
        self._key_in_flight = event
        target = self.focused or self.screen
        await super().on_event(event)
        if not event.is_forwarded:  # a priority binding of the app: done already
            self._key_done(event)
            return
        target.call_later(self._key_handled, event)
        self.set_timer(KEY_TIMEOUT, lambda: self._key_done(event))

    def _key_handled(self, event: events.Key) -> None:
        if event._stop_propagation:  # noqa: SLF001  # the widget used the key (typed it): nothing bubbles up
            self._key_done(event)

    def _key_done(self, event: events.Key) -> None:
        if self._key_in_flight is event:
            self.call_later(self._release, event)  # after what the key queued (a focus change) has run

    async def _release(self, event: events.Key) -> None:
        if self._key_in_flight is not event:
            return
        self._key_in_flight = None
        if self._keys_waiting:
            await self._deliver(self._keys_waiting.popleft())

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="nav"):
                yield ListView(
                    *(ListItem(Label(f"{n}. {_(name)}"), id=f"nav-{n}") for n, name in enumerate(STEPS, 1)),
                    id="steps",
                )
                yield Static("", id="status")
            with ContentSwitcher(initial="step-1", id="form"):
                yield from self._steps()
            with Vertical(id="preview-pane"):
                yield Label(_("预览（与 .docx 同一排版）"), id="preview-title")
                with VerticalScroll(id="preview-scroll"):
                    yield Static("", id="preview", markup=False)
        yield Footer()

    def _steps(self) -> ComposeResult:
        with VerticalScroll(id="step-1", classes="step"):
            yield Label(_("第一步：承办单位和答复类型"), classes="step-title")
            yield f.choice(
                _("承办单位"), ("reply", "bureau"), self._bureaus(), _("模板库里的单位（drafter library list）")
            )
            yield Button(_("新建本单位……"), id="new-bureau", compact=True)
            kinds = [(_(k), k) for k in (N_("答复"), N_("清单式"), N_("会办意见"), N_("协办意见"))]
            yield f.choice(_("答复类型"), ("reply", "type"), kinds, blank=_("答复（默认）"))
            formats = [(_("信函格式"), "信函"), (_("文件格式"), "文件")]
            yield f.choice(_("格式"), ("reply", "format"), formats, blank=_("按单位的设置"))
            yield f.line(_("主办单位（会办、协办意见写给它）"), ("reply", "lead_unit"))
            yield from self._other_problems(1)
        with VerticalScroll(id="step-2", classes="step"):
            yield Label(_("第二步：建议或提案"), classes="step-title")
            yield f.choice(_("类别"), ("proposal", "kind"), [(_("人大代表建议"), "建议"), (_("政协提案"), "提案")])
            yield f.line(
                _("会议届次"),
                ("proposal", "session"),
                placeholder=_("如 {example}").format(example="市十四届人大四次会议"),
                required=True,
            )
            yield f.line(
                _("编号"), ("proposal", "number"), placeholder=_("如 {example}").format(example="393"), required=True
            )
            yield f.line(_("建议或提案的标题"), ("proposal", "title"), required=True)
            yield Label(_("提出人（代表、委员，或以单位名义提出的单位）"))
            yield Vertical(id="proposers")
            with Horizontal(id="proposer-buttons"):
                yield Button(_("加一位个人"), id="add-person", compact=True)
                yield Button(_("加单位"), id="add-organisation", compact=True)
            yield from self._other_problems(2)
        with VerticalScroll(id="step-3", classes="step"):
            yield Label(_("第三步：答复事项"), classes="step-title")
            yield f.line(_("发文字号"), ("reply", "doc_number"), _("写 auto 则导出时从编号台账取号"))
            yield Button(_("用台账编号（auto）"), id="use-ledger", compact=True)
            yield f.line(
                _("办理结果类别"), ("reply", "result_class"), placeholder=_("如 {example}").format(example="A")
            )
            disclosure = [(_(v), v) for v in (N_("主动公开"), N_("依申请公开"), N_("不予公开"))]
            yield f.choice(_("公开属性"), ("reply", "disclosure"), disclosure, blank=_("不标"))
            yield f.line(_("签发人"), ("reply", "issuer"))
            yield f.line(_("成文日期"), ("reply", "date"), _("如 2024-06-26"), required=True)
            yield f.line(_("署名（落款单位）"), ("reply", "signer"), _("不填则用单位全称"))
            yield f.none_box(_("不署名（只盖章）"), ("reply", "signer"))
            yield f.lines(_("联系人和电话（每行一条）"), ("reply", "contact"), _("不填则用单位的设置"))
            yield f.lines(_("抄送（每行一个单位）"), ("reply", "cc"), _("不填则用单位的设置"))
            yield f.none_box(_("不抄送"), ("reply", "cc"))
            yield from self._other_problems(3)
        with Vertical(id="step-4", classes="step"):
            with VerticalScroll(id="step-4-top"):
                yield Label(_("第四步：正文"), classes="step-title")
                yield f.line(_("标题"), ("reply", "title"), _("不填则按模板生成"))
                yield f.text(_("开头语"), ("reply", "opening"), _("不填则按模板生成"), height=4)
            yield BodyEditor(self.draft)
            with VerticalScroll(id="step-4-bottom"):
                yield f.text(_("结束语"), ("reply", "closing"), _("不填则按模板生成"), height=3)
                yield f.none_box(_("不要结束语"), ("reply", "closing"))
                yield from self._other_problems(4)
        with VerticalScroll(id="step-5", classes="step"):
            yield Label(_("第五步：审核（回车跳到该项修改）"), classes="step-title")
            yield ListView(id="review")
        with VerticalScroll(id="step-6", classes="step"):
            yield Label(_("第六步：导出"), classes="step-title")
            yield Static("", id="export-paths", markup=False)
            yield Checkbox(_("同时生成 PDF（需要 LibreOffice）"), id="want-pdf")
            yield Button(_("导出"), id="export", variant="primary")
            yield Label(_("还需修改的地方（回车跳过去）："), id="todo-title")
            yield ListView(id="todo")
            yield Static("", id="export-result", markup=False)

    def _other_problems(self, step: int) -> ComposeResult:
        yield Static("", id=f"problems-{step}", classes="problem", markup=False)

    def _bureaus(self) -> list[tuple[str, str]]:
        options = []
        for bureau_id in self.draft.library.folders():
            try:
                name = self.draft.library.entry(bureau_id).name
            except InputError:
                name = _("（bureau.yaml 有错误）")
            options.append((f"{name}（{bureau_id}）", bureau_id))
        named = self.draft.get(("reply", "bureau"))
        library = self.draft.library
        if named and library.find(named) is None and library.stand_in(named) is not None:
            options.append((_("{name}（没有模板库，按基础库）").format(name=named), named))  # a full name, said so
        return options

    # ------------------------------------------------------------ the command palette, in the clerk's language

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Ctrl+P offers what the wizard does (Textual's own entries are in English and about itself)."""
        yield SystemCommand(_("按键说明"), _("所有按键的作用"), self.action_help)
        for step, name in enumerate(STEPS, 1):
            yield SystemCommand(
                _("第{n}步：{name}").format(n=step, name=_(name)), _("转到这一步"), lambda s=step: self.goto(s)
            )
        yield SystemCommand(_("新建本单位"), _("为本单位建立模板库，并用于这份草稿"), self._new_bureau)
        yield SystemCommand(_("显示或隐藏预览"), _("F4；窄窗口里预览与表格轮换显示"), self.action_toggle_preview)
        yield SystemCommand(_("保存"), _("立即保存草稿"), self.action_save)
        yield SystemCommand(_("导出"), _("生成 .docx（和 PDF）"), self.action_export)
        yield SystemCommand(_("保存并退出"), _("下次打开同一草稿从原处继续"), self.action_quit)

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]  # Textual types it App[object]; App is invariant
            self.push_screen(CommandPalette(placeholder=_("输入要做的事，如 导出、预览……"), id="--command-palette"))

    # ------------------------------------------------------------ a narrow terminal

    def on_resize(self, event: events.Resize) -> None:
        """Under NARROW columns the preview folds away (F4 shows it in the form's place); short screens tighten."""
        self.set_class(event.size.width < NARROW, "-narrow")
        for footer in self.query(Footer):  # keys that fit: a cut-off row drops half of a Chinese character
            footer.compact = event.size.width < NARROW
            footer.show_command_palette = event.size.width >= NARROW
        self.set_class(event.size.height < SHORT, "-short")
        if event.size.width >= NARROW:
            self.remove_class("-preview-only")

    def action_toggle_preview(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-preview-only")
        else:
            self.toggle_class("-no-preview")

    # ------------------------------------------------------------ start

    async def on_mount(self) -> None:
        self.title = "drafter — " + _("起草答复")
        self.sub_title = str(self.draft.path)
        self._fill()
        await self._fill_proposers()
        self.query_one("#want-pdf", Checkbox).value = pdf_available() if self.want_pdf is None else self.want_pdf
        self.refresh_all()
        where = self.draft.position
        self.goto(where.step, where.field or None)
        if not self.draft.ours:
            self.notify(
                _("这个文件不是向导保存的：第一次修改后会按向导的格式重写，文件里的注释不保留。"),
                timeout=8,
            )

    def _fill(self) -> None:
        """Every bound control from the draft (at start, and after the draft changed under the form)."""
        self._filling = True
        try:
            for control in self._bound():
                value = self.draft.get(control.data_path)
                shown = control.from_data(value)
                if isinstance(control, Input):
                    control.value = shown
                elif isinstance(control, TextArea):
                    control.load_text(shown)
                elif isinstance(control, Select):
                    control.value = shown
            for box in self.query(Checkbox):
                path = getattr(box, "data_path", None)
                if path is not None:
                    value = self.draft.get(path)
                    box.value = value is not None and len(value) == 0
                    self._lock(path, box.value)
        finally:
            self._filling = False

    def _bound(self) -> list[Any]:
        return [w for w in self.query("Input, TextArea, Select") if getattr(w, "to_data", None) is not None]

    # ------------------------------------------------------------ proposers

    async def _fill_proposers(self) -> None:
        box = self.query_one("#proposers", Vertical)
        await box.remove_children()
        roles = [(_("代表"), "代表"), (_("委员"), "委员")]
        for index, person in enumerate(self.draft.proposers()):
            organisation = isinstance(person, dict) and "organisation" in person
            name = person.get("organisation" if organisation else "name", "") if isinstance(person, dict) else person
            row = Horizontal(classes="proposer", id=f"proposer-{index}")
            name_box = Input(value=str(name or ""), id=f"f-proposal-proposers-{index}", classes="proposer-name")
            name_box.border_title = _("单位名称") if organisation else _("姓名")
            parts: list[Any] = [name_box]
            if not organisation:
                role = person.get("role") if isinstance(person, dict) else None
                select: Select[str] = Select(roles, prompt=_("按类别"), value=role or Select.NULL, compact=True)
                select.id = f"role-{index}"
                parts.append(select)
            parts.append(Button(_("删除"), id=f"remove-{index}", compact=True))
            await box.mount(row)
            await row.mount_all(parts)
            await box.mount(Static("", id=f"f-proposal-proposers-{index}-problem", classes="problem"))

    def _proposer_changed(self, index: int) -> None:
        row = self.query_one(f"#proposer-{index}", Horizontal)
        name = row.query_one(Input).value
        current = self.draft.proposers()[index]
        if isinstance(current, dict) and "organisation" in current:
            new: Any = {"organisation": name}
        else:
            selects = row.query(Select)
            role = selects.first().value if selects else Select.NULL
            new = name if role is Select.NULL else {"name": name, "role": role}
        if new == current:
            return
        self.draft.proposers()[index] = new
        self.changed()

    @on(Button.Pressed, "#add-person, #add-organisation")
    async def _add_proposer(self, event: Button.Pressed) -> None:
        index = self.draft.add_proposer(organisation=event.button.id == "add-organisation")
        await self._fill_proposers()
        self.changed()
        self.call_after_refresh(lambda: self.query_one(f"#f-proposal-proposers-{index}").focus())

    @on(Button.Pressed, "#proposers Button")
    async def _remove_proposer(self, event: Button.Pressed) -> None:
        event.stop()
        self.draft.remove_proposer(int((event.button.id or "-0").rsplit("-", 1)[1]))
        await self._fill_proposers()
        self.changed()

    # ------------------------------------------------------------ a new bureau

    @on(Button.Pressed, "#new-bureau")
    def _new_bureau(self) -> None:
        self.push_screen(NewBureau(self.draft.library), self._bureau_made)

    def _bureau_made(self, bureau_id: str | None) -> None:
        """The new bureau chosen at once: in the list, in the draft, in the preview."""
        if not bureau_id:
            return
        select = self.query_one("#f-reply-bureau", Select)
        self._filling = True
        try:
            select.set_options(self._bureaus())
        finally:
            self._filling = False
        self.draft.set(("reply", "bureau"), bureau_id)
        self._fill()
        self.changed()
        folder = self.draft.library.folders().get(bureau_id)
        self.notify(_("已建立本单位的模板库：{folder}").format(folder=folder), timeout=8)

    # ------------------------------------------------------------ changes

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _control_changed(self, event: Any) -> None:
        if self._filling:
            return
        control = event.control
        ident = control.id or ""
        if ident.startswith(("f-proposal-proposers-", "role-")):
            self._proposer_changed(int(ident.rsplit("-", 1)[1]))
            return
        if getattr(control, "to_data", None) is None:
            return
        value = control.text if isinstance(control, TextArea) else control.value
        if control.from_data(self.draft.get(control.data_path)) == value:
            return  # the form being filled from the draft, or a value it cannot show: the draft stays as it is
        self.draft.set(control.data_path, control.to_data(value))
        self.changed()

    @on(Checkbox.Changed)
    def _none_changed(self, event: Checkbox.Changed) -> None:
        path = getattr(event.checkbox, "data_path", None)
        if self._filling or path is None:
            return
        if event.value:
            value: Any = [] if path[-1] == "cc" else ""
        else:
            value = self.query_one("#" + f.path_id(path) + "-field", f.Field).data()
        self._lock(path, event.value)
        if self.draft.get(path) != value:
            self.draft.set(path, value)
            self.changed()

    def _lock(self, path: Path_, none: bool) -> None:
        """With "none" ticked, the box it overrides is greyed out: what it holds is not printed."""
        self.query_one("#" + f.path_id(path)).disabled = none

    @on(BodyEditor.Edited)
    def _body_edited(self) -> None:
        self.changed()

    def changed(self) -> None:
        """A change by the clerk: check, preview, and save shortly (each change is saved)."""
        self.refresh_all()
        self.draft.ours = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_now)

    def refresh_all(self) -> None:
        self.checked = self.draft.check()
        self._show_problems()
        self.update_preview()
        self._status()

    # ------------------------------------------------------------ problems

    def _fields(self) -> list[f.Field]:
        """The form's fields, looked up once: a keystroke should not search the whole screen."""
        if not hasattr(self, "_field_list"):
            self._field_list = list(self.query(f.Field))
        return self._field_list

    def _show_problems(self) -> None:
        by_field = {path: self._hinted(path, message) for path, message in self.checked.by_field().items()}
        shown: set[Path_] = set()
        for field in self._fields():
            message = by_field.get(field.path)
            field.show_problem(message)
            if message:
                shown.add(field.path)
        for index in range(len(self.draft.proposers())):
            here = [m for p, m in by_field.items() if p[:3] == ("proposal", "proposers", index)]
            for problem in self.query(f"#f-proposal-proposers-{index}-problem").results(Static):
                problem.update(("\u26a0 " + here[0]) if here else "")
            if here:
                shown.update(p for p in by_field if p[:3] == ("proposal", "proposers", index))
        # the outline may be being rebuilt when a late Edited arrives (keys typed ahead of a step change):
        # then the block's line waits for the next check, rather than the query failing the whole wizard
        editor = next(iter(self.query(BodyEditor).results(BodyEditor)), None)
        block = self._block_problem(by_field, editor) if editor is not None else None
        self._widget("#block-problem").update(("\u26a0 " + block) if block else "")
        for step in (1, 2, 3, 4):
            rest = [
                f"\u26a0 {self._label(p)}：{m}"
                for p, m in by_field.items()
                if p not in shown and step_of(p) == step and not (p[:2] == ("reply", "body") and len(p) > 2)
            ]
            self._widget(f"#problems-{step}").update("\n".join(rest))

    def _hinted(self, path: Path_, message: str) -> str:
        """A problem's message with what to do about it here, in the wizard."""
        if path == ("reply", "bureau") and self.draft.get(path):  # a bureau named that has no library
            return message + _("；或在第一步按“新建本单位”建立，或在列表里选一个")
        return message

    def _block_problem(self, by_field: dict[Path_, str], editor: BodyEditor) -> str | None:
        if editor.current is None:
            return None
        where, index, row = editor.current
        prefix: Path_ = ("reply", "attachments", index) if where == "attachment" else ("reply", "body", index)
        if row is not None:
            prefix = (*prefix, "table", "rows", row)
        return next((m for p, m in by_field.items() if p[: len(prefix)] == prefix), None)

    def _label(self, path: Path_) -> str:
        """The field's label as the form shows it; for the body and the proposers, where it is in words."""
        for field in self._fields():
            if path[: len(field.path)] == field.path:
                return field.label_text
        return place_label(path)

    # ------------------------------------------------------------ preview and status

    def update_preview(self) -> None:
        started = time.perf_counter()
        letter, entry, _problems = self.draft.preview_letter(self.checked)
        if letter is None or entry is None:
            text = _("（先选择承办单位，预览随即出现）")
        else:
            text = render(letter, entry).text()
        if text != self.preview_text:
            self.preview_text = text
            self._widget("#preview").update(text)
            self.call_after_refresh(self._painted)
        self.preview_ms.append((time.perf_counter() - started) * 1000)
        self._ledger_hint(letter, entry)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()  # the benchmark's end point: the new preview is on the screen

    def _widget(self, selector: str) -> Any:
        cache = self.__dict__.setdefault("_widgets", {})
        if selector not in cache:
            cache[selector] = self.query_one(selector)
        return cache[selector]

    def _ledger_hint(self, letter: Any, entry: Any) -> None:
        number = self.draft.get(("reply", "doc_number"))
        key = (number, letter and (letter.proposal, letter.reply.date, letter.reply.type), entry and entry.id)
        if key == getattr(self, "_hint_key", None):
            return  # the ledger is asked again only when what the number depends on changes
        self._hint_key = key
        text = _("写 auto 则导出时从编号台账取号")
        if letter is not None and entry is not None and str(number or "").strip().lower() in AUTO_WORDS:
            try:
                will = offered(letter, entry, self.ledger)
            except Exception:  # an unreadable ledger is reported at export, with its path
                will = None
            if will:
                text = _("导出时从编号台账取号，将是 {number}").format(number=will)
        self._widget("#f-reply-doc_number-hint").update(text)

    def _status(self) -> None:
        count = len(self.checked.problems)
        saved = _("已保存 {time}").format(time=clock(self.saved_at)) if self.saved_at else _("尚未保存")
        todo = _("还有 {n} 处要改").format(n=count) if count else _("可以导出")
        self._widget("#status").update(f"{todo}\n{saved}\n{self.draft.path.name}")

    # ------------------------------------------------------------ saving

    def save_now(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        with contextlib.suppress(NoMatches):  # the app closing: the screen is gone, the place saved last stands
            self.draft.position = Position(self.current_step(), self._focused_path())
        try:
            self.draft.save()
        except (OSError, InputError) as exc:
            self.notify(_("草稿无法保存：{why}").format(why=exc), severity="error", timeout=10)
            return
        self.saved_at = time.time()
        self._status()

    def _focused_path(self) -> Path_:
        focused = self.focused
        path = getattr(focused, "data_path", None) if focused is not None else None
        if path is None and focused is not None and (focused.id or "").startswith("f-proposal-proposers-"):
            path = ("proposal", "proposers", int(focused.id.rsplit("-", 1)[1]))  # type: ignore[union-attr]
        return tuple(path) if path else ()

    def action_save(self) -> None:
        self.save_now()
        self.notify(_("草稿已保存到 {path}").format(path=self.draft.path))

    async def action_quit(self) -> None:
        if self.draft.ours:  # a clerk's own file, unchanged, is left exactly as it was
            self.save_now()
        self.exit()

    # ------------------------------------------------------------ moving between steps

    def current_step(self) -> int:
        return int((self.query_one("#form", ContentSwitcher).current or "step-1").split("-")[1])

    def goto(self, step: int, path: Path_ | None = None) -> None:
        step = min(max(step, 1), len(STEPS))
        self.query_one("#form", ContentSwitcher).current = f"step-{step}"
        self.query_one("#steps", ListView).index = step - 1
        if step == 5:
            self._fill_review()
        if step == 6:
            self._fill_export()
        if path:
            self.call_after_refresh(self._focus_path, path)
        else:
            self.call_after_refresh(self._focus_first, step)
        if self.draft.ours:
            self.save_now()  # the step is part of where the clerk is

    def _focus_first(self, step: int) -> None:
        if step == 6:
            self.query_one("#export", Button).focus()
            return
        pane = self.query_one(f"#step-{step}")
        for widget in pane.query("Input, TextArea, Select, ListView, Button"):
            if widget.focusable and widget.display and not widget.disabled:
                widget.focus()
                return

    def _focus_path(self, path: Path_) -> None:
        if path[:2] in (("reply", "body"), ("reply", "attachments")) and len(path) > 2:
            self.query_one(BodyEditor).focus_path(path)
            return
        if path[:2] == ("proposal", "proposers"):
            index = path[2] if len(path) > 2 and isinstance(path[2], int) else 0
            found = self.query(f"#f-proposal-proposers-{index}")
            if found:
                found.first().focus()
                return
        for length in range(len(path), 0, -1):
            found = self.query("#" + f.path_id(path[:length]))
            if found and found.first().focusable:
                found.first().focus()
                found.first().scroll_visible()
                return
        self._focus_first(step_of(path))

    def action_step(self, step: int) -> None:
        self.goto(self.current_step() + step)

    def action_goto(self, step: int) -> None:
        self.goto(step)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    @on(ListView.Selected, "#steps")
    def _step_chosen(self, event: ListView.Selected) -> None:
        self.goto((event.list_view.index or 0) + 1)

    # ------------------------------------------------------------ review and export

    def _answers(self) -> list[tuple[Path_, str, str]]:
        """Every answer, in the order of the steps: where it is, its label, what it says."""
        rows: list[tuple[Path_, str, str]] = []
        for field in self._fields():
            value = self.draft.get(field.path)
            if isinstance(field.control, Select):
                shown = next((str(t) for t, v in field.control._options if v == value), "")  # noqa: SLF001
            elif isinstance(value, list):
                shown = "；".join(str(v) for v in value) if value else _("（无）")
            elif value == "":
                shown = _("（无）")  # "none at all", ticked by the clerk
            else:
                shown = "" if value is None else str(value).replace("\n", " ")
            rows.append((field.path, field.label_text, shown))
        for index, person in enumerate(self.draft.proposers()):
            if isinstance(person, dict):
                name = person.get("organisation") or f"{person.get('name', '')} {person.get('role', '')}"
            else:
                name = str(person)
            rows.append((("proposal", "proposers", index), _("提出人{n}").format(n=index + 1), name))
        from drafter.wizard.body import outline

        for (where, index, row), text in outline(self.draft):
            if row is None:
                key = "attachments" if where == "attachment" else "body"
                rows.append((("reply", key, index), _("正文"), text.strip()))
        rows.sort(key=lambda r: step_of(r[0]))
        return rows

    def _fill_review(self) -> None:
        view = self.query_one("#review", ListView)
        view.clear()
        problems = self.checked.by_field()
        self._review_paths: list[Path_] = []
        for path, label, shown in self._answers():
            wrong = next((m for p, m in problems.items() if p[: len(path)] == path), None)
            text = f"{_(STEPS[step_of(path) - 1])} › {label}：{shown[:60] or f.NONE}"
            item = ListItem(Label(text + (f"\n    \u26a0 {wrong}" if wrong else ""), markup=False))
            item.set_class(bool(wrong), "-wrong")
            view.append(item)
            self._review_paths.append(path)

    @on(ListView.Selected, "#review")
    def _review_chosen(self, event: ListView.Selected) -> None:
        path = self._review_paths[event.list_view.index or 0]
        self.goto(step_of(path), path)

    def _fill_export(self) -> None:
        paths = targets(self.draft) if self.checked.letter else [self.draft.path.with_suffix(".docx")]
        lines = [_("草稿：{path}").format(path=self.draft.path)]
        lines += [_("将写出：{path}").format(path=p) for p in paths]
        if not pdf_available():
            lines.append(_("本机没有 LibreOffice，不能生成 PDF。"))
        self.query_one("#export-paths", Static).update("\n".join(lines))
        todo = self.query_one("#todo", ListView)
        todo.clear()
        self._todo_paths: list[Path_] = []
        for problem in self.checked.problems:
            message = self._hinted(problem.field, problem.message)
            todo.append(ListItem(Label(f"{self._label(problem.field)}：{message}", markup=False)))
            self._todo_paths.append(problem.field)
        self.query_one("#todo-title").display = bool(self.checked.problems)

    @on(ListView.Selected, "#todo")
    def _todo_chosen(self, event: ListView.Selected) -> None:
        path = self._todo_paths[event.list_view.index or 0]
        self.goto(step_of(path), path)

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        self.save_now()
        self.checked = self.draft.check()
        if self.checked.letter is None:
            self._fill_export()
            count = len(self.checked.problems)
            self.query_one("#export-result", Static).update(
                _("还不能导出：有 {n} 处要改，见上面的清单。").format(n=count)
            )
            self.notify(_("还不能导出：有 {n} 处要改").format(n=count), severity="error")
            return
        existing = [p for p in targets(self.draft) if p.exists()]
        if existing:
            names = "、".join(p.name for p in existing)
            question = _("{names} 已经存在。覆盖它吗？").format(names=names)
            self.push_screen(Confirm(question), lambda yes: self._export(force=True) if yes else None)
            return
        self._export(force=False)

    def _export(self, force: bool) -> None:
        """In a thread: LibreOffice takes seconds, and the screen should say what is happening meanwhile."""
        pdf = self.query_one("#want-pdf", Checkbox).value
        self.query_one("#export-result", Static).update(_("正在导出……") + (_("（生成 PDF 需要几秒钟）") if pdf else ""))
        self.query_one("#export", Button).disabled = True
        self.run_worker(lambda: self._export_in_thread(pdf, force), thread=True, exclusive=True, group="export")

    def _export_in_thread(self, pdf: bool, force: bool) -> None:
        try:
            done: Exported | InputError = export(self.draft, pdf, force, self.ledger)
        except InputError as exc:
            done = exc
        self.call_from_thread(self._exported, done)

    def _exported(self, done: Exported | InputError) -> None:
        self.query_one("#export", Button).disabled = False
        result = self.query_one("#export-result", Static)
        if isinstance(done, InputError):
            result.update("\n".join(str(p) for p in done.problems))
            self.notify(_("没有导出"), severity="error")
            return
        self._fill()
        self.refresh_all()
        lines = [_("已导出：")] + [f"  {p}" for p in done.written] + done.notes
        result.update("\n".join(lines))
        self.notify(_("已导出 {n} 个文件").format(n=len(done.written)))

    # ------------------------------------------------------------ $EDITOR

    def action_edit_outside(self) -> None:
        """The focused multi-line box in the clerk's own editor (long sections are easier there)."""
        area = self.focused
        if not isinstance(area, TextArea):
            self.notify(_("先把光标放在一个多行输入框里，再按 Ctrl+E"), severity="warning")
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ("notepad" if os.name == "nt" else "nano")
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as handle:
            handle.write(area.text)
            name = handle.name
        try:
            with self.suspend():
                subprocess.run([*shlex.split(editor, posix=os.name != "nt"), name], check=False)
            text = Path(name).read_text(encoding="utf-8").rstrip("\n")
        except OSError as exc:
            self.notify(_("无法打开编辑器 {editor}：{why}").format(editor=editor, why=exc), severity="error")
            return
        finally:
            Path(name).unlink(missing_ok=True)
        if text != area.text:
            area.replace(text, area.document.start, area.document.end)  # one step of undo, and a Changed event


def make_app(path: Path, library: Library, bureau: str = "", ledger: Path | None = None) -> Wizard:
    return Wizard(Draft.open(path, library, bureau), ledger)
