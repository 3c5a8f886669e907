"""The items of a 交办清单: one pydantic model for an assigned item, each row validated into it.

Every bad row is reported together, located by the row number and column letter Excel shows, and nothing is
written while any is left: a draft made from a misread row would be worse than none.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError

from drafter import limits
from drafter.i18n import _
from drafter.letter.model import Date, Kind, Line, Organisation
from drafter.letter.yamlio import Locate, problems_from
from drafter.problems import InputError, Problem
from drafter.vocab import numerals
from drafter.worklist.deadline import months_after
from drafter.worklist.sheet import Cell, Sheet, one_line

SEPARATORS = re.compile(r"[、，,;；\s]+")  # between names or units in one cell (spaces and line breaks too)
ROLE_SUFFIX = re.compile(r"(?<=..)(?:代表|委员)$")  # 黄钦鑫代表 → 黄钦鑫
ORGANISATION = re.compile(
    r"民革|民盟|民建|民进|农工|致公|九三|台盟|工商联|委员会|委会|界别|小组|支部|总工会|共青团|妇联|科协|侨联|代表团"
)
UNIT_ROLE = re.compile(r"[(（]\s*(主办|会办|协办)\s*[)）]$")  # 市科技局（协办） in a single 承办单位 column
SLASHED = re.compile(r"^(\d{4})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})$")  # 2024/3/15, 2024.3.15
MONTHS = re.compile(r"^(?:交办后|自交办之日起)?([0-9一二三四五六七八九十]+)个月(?:内)?$")  # 办理时限: 三个月
CLOCK = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")  # 2024-03-15 00:00:00, as a csv from Excel may write it
BEFORE = re.compile(r"(?:之?前|以前|止)$")  # 2024年6月30日前


def _sheet_date(value: Any) -> Any:
    """A date as lists write it: typed by Excel, 2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日(前)."""
    if not isinstance(value, str):
        return value
    text = CLOCK.sub("", BEFORE.sub("", value.strip()))
    slashed = SLASHED.match(text)
    if slashed:
        year, month, day = slashed.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


SheetDate = Annotated[Date, BeforeValidator(_sheet_date)]
DATE: TypeAdapter[dt.date] = TypeAdapter(SheetDate)


class Unit(BaseModel):
    """A unit named in a 主办 / 协办 / 会办 cell, and how it takes part."""

    model_config = ConfigDict(frozen=True)
    name: Line
    role: str  # 主办, 协办 or 会办


class Item(BaseModel):
    """One assigned item, as the 交办清单 gives it; the source of a draft's proposal facts."""

    model_config = ConfigDict(frozen=True)
    row: int  # where it stands in the list (Excel's row number)
    number: Line
    title: Line
    kind: Kind | None = None
    proposers: list[Line | Organisation] = []
    units: list[Unit] = []
    assigned: SheetDate | None = None
    due: SheetDate | None = None

    def lead(self) -> list[str]:
        return [u.name for u in self.units if u.role == "主办"]

    def key(self) -> str:
        """The number as compared for repeats: 第393号, 393 and ３９３ are one item."""
        return number_key(self.number)


def number_key(number: str) -> str:
    text = unicodedata.normalize("NFKC", number).strip().upper()
    return text.removeprefix("第").removesuffix("号").lstrip("0") or "0"


def names(cell: Cell) -> list[str]:
    """The people in a 领衔人 or 联名人 cell, split on 、，, ; and spaces; role words dropped."""
    if not isinstance(cell, str):
        return []
    return [ROLE_SUFFIX.sub("", part) for part in SEPARATORS.split(cell) if part]


def units(cell: Cell, role: str) -> list[Unit]:
    """The units in one cell; 市科技局（协办） says its own role in a single 承办单位 column."""
    if not isinstance(cell, str):
        return []
    found = []
    for part in re.split(r"[、，,;；\n]+", cell):
        text = part.strip()
        if not text:
            continue
        marked = UNIT_ROLE.search(text)
        found.append(Unit(name=UNIT_ROLE.sub("", text).strip(), role=marked.group(1) if marked else role))
    return found


def _text(cell: Cell) -> str | None:
    if cell is None:
        return None
    return one_line(cell) if isinstance(cell, str) else cell.isoformat()


def _raw(sheet: Sheet, cells: list[Cell], kind: str | None) -> dict[str, Any]:
    """A row's cells under the item's field names, before validation."""
    people = [*names(sheet.cell(cells, "lead")), *names(sheet.cell(cells, "cosigners"))]
    people = list(dict.fromkeys(people))
    proposers: list[Any] = people
    if len(people) == 1 and len(people[0]) > 4 and ORGANISATION.search(people[0]):
        proposers = [{"organisation": people[0]}]  # 民盟温州市委会: a collective proposal
    found = [
        *units(sheet.cell(cells, "lead_unit"), "主办"),
        *units(sheet.cell(cells, "协办"), "协办"),
        *units(sheet.cell(cells, "会办"), "会办"),
    ]
    raw: dict[str, Any] = {"proposers": proposers, "units": [u.model_dump() for u in found]}
    for name in ("number", "title"):
        value = _text(sheet.cell(cells, name))
        if value is not None:
            raw[name] = value
    for name in ("assigned", "due"):
        cell = sheet.cell(cells, name)
        if cell is not None:
            raw[name] = cell
    if kind:
        raw["kind"] = kind
    return raw


def _due(raw: dict[str, Any]) -> str | None:
    """办理时限 written as 三个月 (after assignment): the date, or a message when it cannot be counted."""
    due = raw.get("due")
    found = MONTHS.match(due.strip()) if isinstance(due, str) else None
    if not found:
        return None
    months = int(found.group(1)) if found.group(1).isdigit() else numerals.value(found.group(1))
    if raw.get("assigned") is None or not months:
        return _("时限写的是“{due}”，要从交办日期算起，但这一行没有交办日期").format(due=due)
    try:
        assigned = DATE.validate_python(raw["assigned"])
    except ValidationError:
        del raw["due"]  # the model says what is wrong with the 交办日期; the 时限 follows from it
        return None
    raw["due"] = months_after(assigned, months)
    return None


# a group heading where a number goes: 一、经济类（12件）, 经济类, 第一组 — no digits but a count's
GROUP = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+[组类])?[^\d]*?(?:[（(]\s*\d+\s*[件项个]\s*[）)])?$"
)


def read_items(sheet: Sheet, kind: str | None) -> list[Item]:
    """Every item of the list, or every bad row at once (no number, a number twice, an impossible date)."""
    problems: list[Problem] = []
    items: list[Item] = []
    first: dict[str, int] = {}
    for row, cells in sheet.rows:
        raw = _raw(sheet, cells, kind)
        if "number" not in raw and "title" not in raw:
            continue  # a note under the table (填表说明, 合计) or a group heading in a merged row
        if "number" not in raw:
            problems.append(at(sheet, row, "number", _("这一项没有编号")))
            continue
        if "title" not in raw and GROUP.match(raw["number"]):
            continue  # 一、经济类（12件）: a group heading in the number column
        too_long = [n for n in ("number", "title") if len(raw.get(n, "")) > limits.MAX_CELL_CHARS]
        for name in too_long:
            problems.append(at(sheet, row, name, limits.too_long(len(raw[name]), limits.MAX_CELL_CHARS)))
        if too_long:
            continue
        counted = _due(raw)
        if counted:
            problems.append(at(sheet, row, "due", counted))
            continue
        if "title" not in raw:
            problems.append(at(sheet, row, "title", _("这一项没有标题")))
            continue
        try:
            item = Item.model_validate({"row": row, **raw})
        except ValidationError as exc:
            problems += problems_from(exc, _in_row(sheet, row))
            continue
        if item.key() in first:
            message = _("编号“{number}”在第{first}行已经有了，同一个编号出现了两次").format(
                number=item.number, first=first[item.key()]
            )
            problems.append(at(sheet, row, "number", message))
            continue
        first[item.key()] = row
        items.append(item)
    if problems:
        raise InputError(problems)
    return items


def _in_row(sheet: Sheet, row: int) -> Locate:
    """A model error in a row, placed at the column its field came from."""
    return lambda loc, message: at(sheet, row, str(loc[0]) if loc else "", message)


FIELD_COLUMN = {"proposers": "lead", "units": "lead_unit"}  # a model field → the column it came from


def at(sheet: Sheet, row: int, name: str, message: str) -> Problem:
    """A problem at a row of the list and, where the field has one, the column (C列“建议号”)."""
    column = sheet.columns.get(FIELD_COLUMN.get(name, name))
    where = (_("{letter}列“{header}”").format(letter=column.letter, header=column.header),) if column else ()
    return Problem(sheet.path, message, line=row, field=where)
