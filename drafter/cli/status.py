"""`drafter status`: every item in a folder of drafts with its deadline and state, for the weekly report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.i18n import N_, _
from drafter.problems import InputError, Problem

if TYPE_CHECKING:
    from drafter.worklist.status import Row, Summary

STATUS_HELP = N_(
    """\
列出文件夹里每件建议、提案的办理进度（每周报进度用）：编号、标题、提出人、答复类型、办理时限、状态、
发文字号、剩余天数，按办理时限排序（没有时限的排在最后），再按编号。子文件夹也算，隐藏文件夹不算。

状态：
  未起草  正文里还有【待填……】（drafter new 写的草稿，还没有动笔）
  起草中  正文已写，但旁边还没有同名的 .docx，或 .docx 比 YAML 旧（改过以后没有重新生成）
  已生成  旁边的 .docx 比 YAML 新，但 drafter check 查出了错误
  已检查  旁边的 .docx 比 YAML 新，drafter check 没有查出错误
  逾期    已过办理时限，还没有到“已检查”
  出错    YAML 文件读不了，表后列出错在哪里

办理时限：交办清单给了办理时限（proposal.due）就用它，否则是交办日期（proposal.assigned）加三个月；
都没有就空着。剩余天数是办理时限减今天，已过期为负数。

例子：
  drafter status 答复
  drafter status 答复 --xlsx 办理进度.xlsx
  drafter status 答复 --json > 办理进度.json

读到的内容和检查的结果记在文件夹里的 .drafter-status.json，文件没有变就不再读、不再检查。
已有的 Excel 文件不会被覆盖，除非加 --force。
"""
)

HEADERS = (N_("编号"), N_("标题"), N_("提出人"), N_("类型"), N_("办理时限"), N_("状态"), N_("发文字号"), N_("剩余天数"))
MORE_HEADERS = (N_("文件"), N_("说明"))  # the spreadsheet's extra columns
WIDTH = 100  # the table is laid out for at most this many columns


def arguments(parser: argparse.ArgumentParser) -> None:
    add_library(parser)
    parser.add_argument("folder", type=Path, metavar="DIR", help=_("放答复 YAML 的文件夹"))
    parser.add_argument("--json", action="store_true", help=_("以 JSON 输出（每件一个对象）"))
    parser.add_argument("--xlsx", type=Path, metavar="FILE", help=_("另把表格写成 Excel 文件（.xlsx）"))
    parser.add_argument("--force", action="store_true", help=_("覆盖已有的 Excel 文件"))


@command("status", N_("列出每件建议、提案的办理进度和期限"), arguments, description=STATUS_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.worklist.status import scan, summarise

    folder: Path = args.folder
    if not folder.exists():
        raise InputError([Problem(folder, _("找不到这个文件夹"))])
    if not folder.is_dir():
        raise InputError([Problem(folder, _("这不是文件夹；请给出放答复 YAML 的文件夹"))])
    if args.xlsx is not None:
        if args.xlsx.suffix.lower() != ".xlsx":
            raise InputError([Problem(args.xlsx, _("Excel 文件名应以 .xlsx 结尾"))])
        if args.xlsx.exists() and not args.force:  # said before the folder is read, not after
            raise InputError([Problem(args.xlsx, _("文件已经存在，没有覆盖；要覆盖请加 --force"))])
    rows = scan(folder, library_folders(args))
    summary = summarise(rows)
    if args.json:
        json.dump([r.as_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print(folder, rows, summary)
    if args.xlsx is not None:
        from drafter.files import write_atomic

        write_atomic(args.xlsx, lambda handle: write_xlsx(rows, handle), force=args.force)
        print(_("已生成 {path}").format(path=args.xlsx), file=sys.stderr if args.json else sys.stdout)
    return 0


def headers(names: tuple[str, ...]) -> list[str]:
    """The column heads in the interface language, capitalised in English (the catalog's are in mid-sentence)."""
    return [(text := _(name))[:1].upper() + text[1:] for name in names]


def _day(row: Row) -> str:
    return row.deadline.isoformat() if row.deadline else ""


def _cells(row: Row) -> list[str]:
    return [
        row.facts.number or "",
        row.facts.title or row.file.as_posix(),
        "、".join(row.facts.proposers),
        row.facts.reply_type or "",
        _day(row),
        _(row.state),
        row.doc_number or "",
        "" if row.days_left is None else str(row.days_left),
    ]


def _state(row: Row) -> str:
    """The sheet's state: a late item also says how far it got (逾期（已生成）), so the office sees which are
    nearly done; the terminal's narrower table shows 逾期 in red and leaves that to the sheet."""
    if row.late and row.state != row.progress:
        return _("{state}（{progress}）").format(state=_(row.state), progress=_(row.progress))
    return _(row.state)


def summary_line(summary: Summary) -> str:
    """共 12 件：未起草 3，起草中 2，……；7 天内到期而未检查的 1 件。"""
    counts = _("，").join(f"{_(state)} {n}" for state, n in summary.counts.items() if n)
    text = _("共 {total} 件：{counts}；{days} 天内到期而未检查的 {soon} 件。")
    if not summary.total:
        text = _("共 0 件（这个文件夹里没有答复的 YAML 文件）。")
    return text.format(total=summary.total, counts=counts, days=summary.days, soon=summary.soon)


SHRINK = ((6, 10), (0, 6), (7, 4), (3, 4), (5, 4), (4, 5))  # (column, narrowest) in the order they give way


def _widths(header: list[str], lines: list[list[str]], room: int) -> list[int]:
    """Each column as wide as its widest cell where `room` allows. The title (1) and the proposers (2) keep
    12 and 6 at least, the other columns giving way first (the 发文字号 first of all); what is left goes to
    the proposers (a quarter) and the title."""
    from rich.cells import cell_len

    natural = [max(cell_len(text) for text in column) for column in zip(header, *lines, strict=True)]
    widths = list(natural)
    widths[1], widths[2] = min(natural[1], 12), min(natural[2], 6)

    def over() -> int:
        return sum(widths) + len(widths) - 1 - room  # one space between columns

    for column, narrowest in SHRINK:
        if over() > 0:
            widths[column] = max(min(widths[column], narrowest), widths[column] - over())
    spare = -over()
    for column, share in ((2, spare // 4), (1, spare), (2, spare)):
        grow = max(0, min(natural[column] - widths[column], share, -over()))
        widths[column] += grow
    return widths


def _print(folder: Path, rows: list[Row], summary: Summary) -> None:
    from rich import box
    from rich.console import Console, JustifyMethod
    from rich.table import Table
    from rich.text import Text

    from drafter.worklist.status import BROKEN, RENDERED

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = WIDTH  # written to a file or a pipe: the whole table, not a terminal's default 80
    console.width = min(console.width, WIDTH)
    if rows:
        header = headers(HEADERS)
        lines = [_cells(row) for row in rows]
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=0, header_style="bold")
        for n, (title, width) in enumerate(zip(header, _widths(header, lines, console.width), strict=True)):
            justify: JustifyMethod = "right" if n == len(header) - 1 else "left"  # the days left
            table.add_column(title, width=width, no_wrap=True, overflow="ellipsis", justify=justify)
        for row, cells in zip(rows, lines, strict=True):
            alarm = row.late or row.progress == BROKEN
            style = "red" if alarm else ("yellow" if row.due_soon else None)
            table.add_row(*(Text(cell) for cell in cells), style=style)  # the clerk's [ ] are not markup
        console.print(table)
    console.print(summary_line(summary), markup=False)
    notes = [problem for row in rows for problem in row.problems]
    notes += [
        _("{docx}：drafter check 查出错误 {n} 个").format(docx=folder / row.docx, n=row.checked.errors)
        for row in rows
        if row.progress == RENDERED and row.checked and row.docx and row.checked.errors
    ]
    for note in notes:
        console.print(_("注意：{problem}").format(problem=note), markup=False, soft_wrap=True)


def write_xlsx(rows: list[Row], handle: IO[bytes]) -> None:
    """The table as a sheet: headers in the interface language, dates as dates, late rows filled red."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from drafter.worklist.status import RENDERED

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("办理进度")
    sheet.append(headers(HEADERS + MORE_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    late = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    for row in rows:
        cells = _cells(row)
        values: list[object] = [*cells[:4], row.deadline, _state(row), cells[6], row.days_left]
        errors = row.checked.errors if row.progress == RENDERED and row.checked and row.docx else 0
        found = [_("drafter check 查出错误 {n} 个").format(n=errors)] if errors else []
        values += [row.file.as_posix(), "\n".join([*row.problems, *found])]
        sheet.append(values)
        line = sheet.max_row
        sheet.cell(line, 5).number_format = "yyyy-mm-dd"
        if row.late:
            for cell in sheet[line]:
                cell.fill = late
    for column, width in enumerate((10, 48, 20, 10, 12, 8, 22, 10, 28, 40), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(handle)
