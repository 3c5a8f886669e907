"""The wizard's modal screens: the keys, and asking before a file is replaced."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label

from drafter.i18n import N_, _

KEYS = [
    ("F1", N_("这份按键说明")),
    ("F7 / Ctrl+PgUp", N_("上一步")),
    ("F8 / Ctrl+PgDn", N_("下一步")),
    ("F2", N_("审核：所有填写内容一览，回车跳回去修改")),
    ("F3", N_("导出 .docx（和 PDF）")),
    ("F4", N_("显示或隐藏预览（窄窗口里与表格轮换）")),
    ("Ctrl+P", N_("命令：转到某一步、新建本单位、保存、导出……")),
    ("Tab / Shift+Tab", N_("到下一个 / 上一个输入框")),
    ("Ctrl+Z / Ctrl+Y", N_("多行输入框里撤销 / 重做")),
    ("Ctrl+E", N_("在自己的编辑器（$EDITOR）里编辑当前多行输入框")),
    ("Ctrl+S", N_("立即保存草稿（每次修改后也会自动保存）")),
    ("Ctrl+Q", N_("保存并退出；下次打开同一草稿从原处继续")),
    ("a / p / t", N_("正文结构：加标题节 / 加段落 / 加清单表")),
    ("i", N_("正文结构：加一条“一是”条目（在选中的标题节或段落里）")),
    ("r / f", N_("正文结构：给清单表加一行 / 加附件")),
    ("Shift+→ / Shift+←", N_("正文结构：降一级 / 升一级（一、→（一）→ 1. →（1））")),
    ("Shift+↑ / Shift+↓", N_("正文结构：上移 / 下移")),
    ("Delete", N_("正文结构：删除选中的一项（Ctrl+Z 恢复）")),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", _("关闭"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label(_("按键说明（Esc 关闭）"), id="help-title")
            table: DataTable[str] = DataTable(show_cursor=False, id="help-keys")
            table.add_columns(_("按键"), _("作用"))
            for keys, what in KEYS:
                table.add_row(keys, _(what))
            yield table

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)


class Confirm(ModalScreen[bool]):
    """A yes/no question; No is the default, so Enter never replaces a file by accident."""

    BINDINGS = [Binding("escape", "answer(False)", _("取消"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question, markup=False)
            with Horizontal():
                yield Button(_("不覆盖"), id="no", variant="primary")
                yield Button(_("覆盖"), id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
