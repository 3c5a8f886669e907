"""A 交办清单 (.xlsx or .csv) read as a table: its header row found, its columns placed by their usual headers.

The lists the 人大 and 政协 offices send differ in detail: a title row (关于…交办清单) above the header, 建议号 or
提案号 or 编号, 领衔代表 or 提出人, 主办单位 and 协办单位 or one 承办单位 column, headers broken over lines or with
full-width brackets, sometimes a second header row under a merged 承办单位. What is not recognised is kept as a
note with its column letter, never guessed. Sizes are bounded (`limits`): an .xlsx is checked as a zip before
openpyxl opens it, read only and streamed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from drafter import limits
from drafter.files import refuse_special
from drafter.i18n import N_, _
from drafter.problems import InputError, Problem

Cell = str | dt.date | None  # a cell as the items read it: text, a date Excel typed, or nothing

# the item's fields → the headers lists use for them (compared without spaces, brackets' contents or 的)
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "建议号", "提案号", "建议编号", "提案编号", "案号", "代表建议号", "建议序号", "提案序号"),
    "title": ("标题", "案由", "题目", "建议标题", "提案标题", "建议题目", "提案题目", "建议名称", "提案名称"),
    "lead": (
        "领衔人",
        "提出人",
        "代表",
        "委员",
        "领衔代表",
        "领衔委员",
        "提案人",
        "建议人",
        "代表姓名",
        "委员姓名",
        "第一提案人",
        "领衔提出人",
        "提出者",
    ),
    "cosigners": ("联名人", "附议人", "联名代表", "附议代表", "联名委员", "附议委员", "联名提案人", "其他提出人"),
    "lead_unit": ("主办单位", "承办单位", "主办", "主办部门", "承办部门", "主办单位（承办单位）"),
    "协办": ("协办单位", "协办", "协办部门", "配合单位"),
    "会办": ("会办单位", "会办", "会办部门"),
    "assigned": ("交办日期", "交办时间", "交办日"),
    "due": ("办理时限", "答复时限", "办结时限", "时限", "答复期限", "办理期限", "截止日期", "答复截止日期"),
}
ROW_NUMBER = ("序号",)  # a running count, used as the number only when there is no other number column
KIND_OF_HEADER = {"建议号": "建议", "建议编号": "建议", "代表建议号": "建议", "提案号": "提案", "提案编号": "提案"}
_PLACE = {unicodedata.normalize("NFKC", h): name for name, headers in HEADERS.items() for h in headers}
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")


def normalised_header(text: str) -> str:
    """建议号, ' 建 议 号 ', '建议号\\n（必填）', '领衔代表（提出人）' compared as lists write them."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text).strip("*:：")
    return text


def place(text: str) -> str | None:
    """The field a header names, or None."""
    key = normalised_header(text)
    if key in _PLACE:
        return _PLACE[key]
    bare = _BRACKETED.sub("", key)  # 交办日期(年月日), 办理时限【天】
    return _PLACE.get(bare) or _PLACE.get(bare.replace("的", "")) if bare else None


def letter(index: int) -> str:
    """The column letter Excel shows: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str  # as the list writes it, on one line

    @property
    def letter(self) -> str:
        return letter(self.index)


@dataclass
class Sheet:
    """The list as the items need it: where each field is, every data row, and what could not be placed."""

    path: Path
    name: str  # the worksheet's name ("" for a .csv)
    header_row: int  # 1-based, as Excel numbers rows
    columns: dict[str, Column]
    rows: list[tuple[int, list[Cell]]]  # (row number, cells)
    notes: list[str] = field(default_factory=list)
    kind: str | None = None  # 建议 or 提案, when a header (建议号 / 提案号) or the title row says which

    def cell(self, cells: list[Cell], name: str) -> Cell:
        column = self.columns.get(name)
        if column is None or column.index >= len(cells):
            return None
        return cells[column.index]


# ---------------------------------------------------------------- reading the file


def read(path: Path, sheet_name: str | None = None) -> Sheet:
    """The list in `path`: an .xlsx (or .xlsm) or a .csv; every problem raised as an InputError."""
    refuse_special(path)
    if not path.is_file():
        missing = _("找不到这个文件") if not path.exists() else _("这是一个文件夹，不是交办清单")
        raise InputError([Problem(path, missing)])
    size = path.stat().st_size
    if size > limits.MAX_SHEET_BYTES:
        message = _("文件太大：{size} 字节，交办清单最多 {limit} 字节")
        raise InputError([Problem(path, message.format(size=f"{size:,}", limit=f"{limits.MAX_SHEET_BYTES:,}"))])
    suffix = path.suffix.lower()
    if suffix == ".xls":
        message = _("这是旧的 Excel 97-2003 格式（.xls）；请在 Excel 里“另存为”Excel 工作簿（.xlsx）后再用")
        raise InputError([Problem(path, message)])
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet_name)
    if suffix in (".csv", ".txt"):
        if sheet_name:
            raise InputError([Problem(path, _(".csv 文件只有一张表，不用写 --sheet"))])
        name, rows = "", _csv(path)
    else:
        raise InputError([Problem(path, _("交办清单应是 Excel 工作簿（.xlsx）或 .csv 文件"))])
    return _table(path, name, rows)


DAMAGED = N_("打不开这个文件：它不是 Excel 工作簿（.xlsx），或者已经损坏")


def _xlsx(path: Path, sheet_name: str | None) -> Sheet:
    """The workbook opened, the sheet read whole, the workbook closed (Windows keeps an open file locked)."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError([Problem(path, _(DAMAGED))]) from None
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > limits.MAX_ZIP_ENTRIES or unpacked > limits.MAX_SHEET_UNPACKED:
        message = _("这个工作簿解压后太大（{size} 字节，最多 {limit} 字节），不像一份交办清单")
        raise InputError([Problem(path, message.format(size=f"{unpacked:,}", limit=f"{limits.MAX_SHEET_UNPACKED:,}"))])
    import openpyxl  # type: ignore[import-untyped]  # only drafter new needs it (no stubs installed)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like: nothing a clerk can act on
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken package
        raise InputError([Problem(path, _(DAMAGED))]) from None
    names = list(book.sheetnames)
    if sheet_name is not None and sheet_name not in names:
        message = _("工作簿里没有工作表“{name}”；有：{names}").format(name=sheet_name, names="、".join(names))
        book.close()
        raise InputError([Problem(path, message)])
    chosen = [sheet_name] if sheet_name is not None else names
    try:
        name, rows = _first_with_header(path, book, chosen)
        return _table(path, name, rows)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - a sheet's XML broken further in: openpyxl fails while streaming it
        raise InputError([Problem(path, _(DAMAGED))]) from None
    finally:
        book.close()


def _first_with_header(path: Path, book: object, names: list[str]) -> tuple[str, Iterator[list[Cell]]]:
    """The first worksheet (of `names`) whose first rows hold a header row; a workbook's 说明 sheet is passed."""
    for name in names:
        sheet = book[name]  # type: ignore[index]
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        head = list(_cells(sheet, limits.MAX_HEADER_ROW))
        if _header_at(head) is not None or len(names) == 1:
            return name, _cells(sheet, None)
    message = _("在工作表 {names} 的前 {n} 行里都没有找到表头（编号、标题等）；可用 --sheet 指定工作表")
    raise InputError([Problem(path, message.format(names="、".join(f"“{n}”" for n in names), n=limits.MAX_HEADER_ROW))])


def _cells(sheet: object, max_row: int | None) -> Iterator[list[Cell]]:
    down = _merged_down(sheet)
    rows = sheet.iter_rows(max_row=max_row, max_col=limits.MAX_SHEET_COLUMNS, values_only=True)  # type: ignore[attr-defined]
    held: dict[int, object] = {}  # column → the top-left value of the merged area the row is in
    for number, row in enumerate(rows, 1):
        values = list(row)
        for column, areas in down.items():
            values += [None] * (column - len(values))
            for top, bottom in areas:
                if number == top:
                    held[column] = values[column - 1]
                elif top < number <= bottom:
                    values[column - 1] = held.get(column)
        yield [_value(v) for v in values]


def _merged_down(sheet: object) -> dict[int, list[tuple[int, int]]]:
    """Cells merged down a column (主办单位 or 交办日期 over several items): column → (first rows, last rows).

    openpyxl's read-only sheet holds only an area's top-left value, so the areas are read from the sheet's
    own XML (`<mergeCell ref="D2:D4"/>`, after the rows), streamed; an area across columns (a header over
    two columns) is left as it is.
    """
    from xml.etree import ElementTree as ET

    from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]

    path, book = getattr(sheet, "_worksheet_path", None), getattr(getattr(sheet, "parent", None), "_archive", None)
    down: dict[int, list[tuple[int, int]]] = {}
    if path is None or book is None:
        return down
    with book.open(path) as part:
        for _event, element in ET.iterparse(part):
            if element.tag.endswith("}mergeCell"):
                try:
                    bounds = range_boundaries(element.get("ref", ""))
                except (TypeError, ValueError):
                    continue
                low_col, low_row, high_col, high_row = bounds
                if low_col is None or low_row is None or high_col is None or high_row is None:
                    continue  # a whole row or column (A:A): not an item's cell
                if low_col == high_col and low_col <= limits.MAX_SHEET_COLUMNS and high_row > low_row:
                    down.setdefault(low_col, []).append((low_row, high_row))
            element.clear()  # the rows are not kept: memory stays that of one element
    return down


def _value(value: object) -> Cell:
    """A cell as text (393, not 393.0), or the date Excel typed; nothing for an empty cell."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _csv(path: Path) -> Iterator[list[Cell]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # what Excel on Chinese Windows writes for “CSV（逗号分隔）”
        except UnicodeDecodeError:
            raise InputError([Problem(path, _("文件既不是 UTF-8 也不是 GB18030（GBK）编码，读不出来"))]) from None
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _csv_rows(path, text, dialect)


def _csv_rows(path: Path, text: str, dialect: type[csv.Dialect] | csv.Dialect) -> Iterator[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield [cell if cell.strip() else None for cell in row[: limits.MAX_SHEET_COLUMNS]]
    except csv.Error as exc:
        message = _("CSV 格式有误（{error}）").format(error=exc)
        raise InputError([Problem(path, message, line=reader.line_num)]) from None


# ---------------------------------------------------------------- the table


def _header_at(rows: list[list[Cell]]) -> int | None:
    """The index of the first row that places a number (or 序号) and a title column."""
    for index, cells in enumerate(rows[: limits.MAX_HEADER_ROW]):
        placed = {place(c) for c in cells if isinstance(c, str)}
        numbered = "number" in placed or any(isinstance(c, str) and normalised_header(c) in ROW_NUMBER for c in cells)
        if numbered and "title" in placed:
            return index
    return None


def one_line(text: str) -> str:
    """A header or cell broken over lines in Excel, on one line again (Chinese joined, other words spaced)."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n") if p.strip()]
    out = ""
    for part in parts:
        joined = out and not (_cjk(out[-1]) or _cjk(part[0]))
        out += (" " if joined else "") + part
    return out


def _cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _table(path: Path, name: str, rows: Iterator[list[Cell]]) -> Sheet:
    head: list[list[Cell]] = []
    for cells in rows:
        head.append(cells)
        if len(head) >= limits.MAX_HEADER_ROW:
            break
    found = _header_at(head)
    if found is None:
        where = _("工作表“{name}”").format(name=name) if name else _("文件")
        message = _(
            "{where}的前 {n} 行里没有找到表头：表头要有编号（编号、建议号或提案号）和标题（标题、案由或题目）两列"
        )
        raise InputError([Problem(path, message.format(where=where, n=limits.MAX_HEADER_ROW))])
    sheet = Sheet(path, name, found + 1, {}, [])
    header = head[found]
    below = head[found + 1] if found + 1 < len(head) else []
    _place_columns(sheet, header, below)
    sheet.kind = _kind(header, head[:found])
    data_start = sheet.header_row + (1 if _is_sub_header(sheet, below) else 0)
    _data(sheet, [(n + 1, c) for n, c in enumerate(head) if n + 1 > data_start], rows, len(head))
    return sheet


def _sub_header(below: list[Cell]) -> bool:
    """A second header row (主办 | 协办 under a merged 承办单位): headers only, none of them number or title."""
    placed = [place(c) for c in below if isinstance(c, str)]
    return any(placed) and not any(p in ("number", "title") for p in placed)


def _is_sub_header(sheet: Sheet, below: list[Cell]) -> bool:
    return _sub_header(below) and sheet.cell(below, "number") is None


def _place_columns(sheet: Sheet, header: list[Cell], below: list[Cell]) -> None:
    """Each header cell to its field; a second header row under a merged cell (承办单位 → 主办 | 协办) wins."""
    sub = _sub_header(below)
    row_number: Column | None = None
    for index in range(max(len(header), len(below) if sub else 0)):
        top = header[index] if index < len(header) else None
        low = below[index] if sub and index < len(below) else None
        text = one_line(low) if isinstance(low, str) and place(low) else (one_line(top) if isinstance(top, str) else "")
        if not text:
            continue
        column = Column(index, text)
        name = place(text)
        if name is None and normalised_header(text) in ROW_NUMBER:
            row_number = row_number or column
            continue
        if name is None:
            sheet.notes.append(
                _("第{row}行 {letter}列“{header}”：认不出这一列，没有用").format(
                    row=sheet.header_row, letter=column.letter, header=text
                )
            )
        elif name in sheet.columns:
            first = sheet.columns[name]
            sheet.notes.append(
                _("第{row}行 {letter}列“{header}”：与 {first}列“{other}”说的是同一项，只用 {first}列").format(
                    row=sheet.header_row, letter=column.letter, header=text, first=first.letter, other=first.header
                )
            )
        else:
            sheet.columns[name] = column
    if "number" not in sheet.columns and row_number is not None:
        sheet.columns["number"] = row_number
        sheet.notes.append(_("没有编号列，把 {letter}列“序号”当作编号").format(letter=row_number.letter))


def _kind(header: list[Cell], above: list[list[Cell]]) -> str | None:
    """建议 or 提案 from the number's header (建议号, 提案号), else from the title row (…代表建议交办清单)."""
    for cell in header:
        if isinstance(cell, str) and normalised_header(cell) in KIND_OF_HEADER:
            return KIND_OF_HEADER[normalised_header(cell)]
    words = "".join(c for row in above for c in row if isinstance(c, str))
    has_suggestion, has_proposal = "建议" in words, "提案" in words
    if has_suggestion != has_proposal:
        return "建议" if has_suggestion else "提案"
    return None


def _data(sheet: Sheet, seen: list[tuple[int, list[Cell]]], rest: Iterator[list[Cell]], number: int) -> None:
    """The rows under the header (`seen` already read, then `rest` from row `number` + 1): blank rows skipped,
    the list's end found, sizes bounded."""
    blank = 0

    def take(row: int, cells: list[Cell]) -> bool:
        nonlocal blank
        if all(c is None for c in cells):
            blank += 1
            return blank <= limits.MAX_BLANK_ROWS
        blank = 0
        if len(sheet.rows) >= limits.MAX_SHEET_ROWS:
            message = _("行数太多：有内容的行最多 {limit} 行").format(limit=f"{limits.MAX_SHEET_ROWS:,}")
            raise InputError([Problem(sheet.path, message, line=row)])
        sheet.rows.append((row, cells))
        return True

    for row, cells in seen:
        if not take(row, cells):
            return
    for cells in rest:
        number += 1
        if not take(number, cells):
            return
