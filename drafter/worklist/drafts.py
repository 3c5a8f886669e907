"""Which items of a 交办清单 this bureau answers, and the draft letter each one gets.

The bureau is recognised in a 主办 / 协办 / 会办 cell by its full name, its letterhead name or an alias of its
bureau.yaml (lists say 市科技局 as often as 温州市科学技术局). Where it leads it drafts the 答复; where it
assists, the 协办意见 or 会办意见 to the lead unit. A draft is an ordinary letter YAML with the proposal's facts
filled and `vocab.parts.DRAFT_BODY` as its body, which `load.bind_bureau` refuses until it is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.batch.names import derived, safe_part
from drafter.i18n import _
from drafter.letter.model import Letter, Organisation
from drafter.library.search import BureauFolder, Library
from drafter.problems import InputError
from drafter.vocab.parts import DRAFT_BODY
from drafter.worklist.deadline import deadline
from drafter.worklist.items import Item, at
from drafter.worklist.sheet import Sheet

CO_TYPE = {"协办": "协办意见", "会办": "会办意见"}  # the column a unit stands in → the letter it sends


def _key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def bureau_names(entry: BureauFolder) -> set[str]:
    """Every name a list may use for the bureau, compared without spaces and width differences."""
    settings = entry.settings
    found = {settings.name, settings.short_name, *settings.aliases}
    return {_key(n) for n in found if n}


def bureau_named(library: Library, ref: str) -> BureauFolder | None:
    """The bureau `--bureau` names: by id or full name, else by the letterhead name or an alias (市科技局)."""
    found = library.find(ref)
    if found is not None:
        return found
    key = _key(ref)
    for bureau_id in library.folders():
        try:
            entry = library.entry(bureau_id)
        except InputError:
            continue  # a bureau whose bureau.yaml is broken is not the one meant here; library check says why
        if key in bureau_names(entry):
            return entry
    return None


@dataclass(frozen=True)
class Draft:
    item: Item
    type: str  # 答复, 协办意见 or 会办意见
    lead_unit: str | None  # whom a 协办意见 / 会办意见 goes to
    file: str  # its name in the output folder: 第393号建议.yaml, 第58号建议-协办意见.yaml
    text: str  # the YAML


@dataclass(frozen=True)
class Plan:
    drafts: list[Draft]
    not_ours: list[Item]  # items this bureau neither leads nor assists


def role(item: Item, names: set[str]) -> tuple[str, str | None] | None:
    """答复 where the bureau leads; 协办意见 / 会办意见 to the lead unit where it assists; None if not ours."""
    ours = [u for u in item.units if _key(u.name) in names]
    if any(u.role == "主办" for u in ours):
        return "答复", None
    for unit in ours:
        if unit.role in CO_TYPE:
            return CO_TYPE[unit.role], "、".join(item.lead()) or None
    return None


def plan(sheet: Sheet, items: list[Item], entry: BureauFolder, session: str | None) -> Plan:
    """The drafts this bureau writes from the list, and the items that are not its own."""
    names = bureau_names(entry)
    drafts, not_ours, problems = [], [], []
    named_by: dict[str, int] = {}  # a draft's file name → the row that gave it
    for item in items:
        found = role(item, names)
        if found is None:
            not_ours.append(item)
            continue
        kind, lead = found
        if kind != "答复" and not lead:
            message = _("{bureau}在这一项是{role}单位，但这一行没有主办单位，{kind}不知道写给谁")
            message = message.format(bureau=entry.name, role=kind[:2], kind=kind)
            problems.append(at(sheet, item.row, "lead_unit", message))
            continue
        data = letter_data(item, kind, lead, entry.id, session)
        letter = Letter.model_validate(data)  # the draft is a valid letter: the one schema says so
        name = safe_part(derived(letter)) + ".yaml"
        if name in named_by:  # A/1 and A:1 make one file name: the second would be taken for a kept draft
            message = _("与第{row}行的草稿同名（{name}），请改一个编号").format(row=named_by[name], name=name)
            problems.append(at(sheet, item.row, "number", message))
            continue
        named_by[name] = item.row
        drafts.append(Draft(item, kind, lead, name, as_yaml(data, _comment(sheet, item, kind, lead, session))))
    if problems:
        raise InputError(problems)
    return Plan(drafts, not_ours)


def letter_data(item: Item, kind: str, lead: str | None, bureau: str, session: str | None) -> dict[str, Any]:
    """The draft as plain letter data: the proposal's facts from the list, the reply still to be written."""
    proposal: dict[str, Any] = {}
    if item.kind:
        proposal["kind"] = item.kind
    if session:
        proposal["session"] = session
    proposal["number"] = item.number
    proposal["title"] = item.title
    people = [p.model_dump() if isinstance(p, Organisation) else p for p in item.proposers]
    if people:
        proposal["proposers"] = people
    if item.assigned:
        proposal["assigned"] = item.assigned
    if item.due:
        proposal["due"] = item.due
    reply: dict[str, Any] = {"bureau": bureau}
    if kind != "答复":
        reply["type"] = kind
        reply["lead_unit"] = lead
    reply["body"] = [DRAFT_BODY]
    return {"proposal": proposal, "reply": reply}


PLAIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\w（）《》“”〔〕【】、：·—．]+")  # text YAML reads back as written
ASCII_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")  # a bureau id: wenzhou-sti
BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")  # what YAML reads as a line break
YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _scalar(value: str | dt.date) -> str:
    """One value as YAML: plain where it reads back the same, else double-quoted (JSON's escapes are YAML's)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    plain = PLAIN.fullmatch(value) and not value.isascii() and value[0] not in "：、"
    if plain or (ASCII_PLAIN.fullmatch(value) and value.lower() not in YAML_WORDS):
        return value
    return json.dumps(value, ensure_ascii=False)


def as_yaml(data: dict[str, Any], comment: list[str]) -> str:
    """The draft's YAML, in the examples' layout (`    - ` lists), under its comment.

    Written here rather than by ruamel's emitter, which takes some 5 ms a draft (a list of thousands of rows
    would take minutes); the shape is fixed: two mappings of one-line texts, dates and short lists.
    """
    lines = ["# " + BREAKS.sub(" ", line) for line in comment]  # a file's name may hold a line break
    for part, fields in data.items():
        if part == "reply":
            lines.append("")
        lines.append(f"{part}:")
        for key, value in fields.items():
            if key == "proposers" and all(isinstance(p, str) for p in value):
                lines.append(f"  {key}: [{', '.join(_scalar(p) for p in value)}]")
            elif isinstance(value, list):
                lines.append(f"  {key}:")
                for entry in value:
                    if isinstance(entry, dict):
                        first = True
                        for k, v in entry.items():
                            lines.append(("    - " if first else "      ") + f"{k}: {_scalar(v)}")
                            first = False
                    else:
                        lines.append(f"    - {_scalar(entry)}")
            else:
                lines.append(f"  {key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _comment(sheet: Sheet, item: Item, kind: str, lead: str | None, session: str | None) -> list[str]:
    """Where the draft came from and what the clerk does next, for the head of the file."""
    source = Path(sheet.path).name
    if sheet.name:
        origin = _("由 drafter new 从 {file}（工作表“{sheet}”第{row}行）生成。").format(
            file=source, sheet=sheet.name, row=item.row
        )
    else:
        origin = _("由 drafter new 从 {file}（第{row}行）生成。").format(file=source, row=item.row)
    lines = [origin]
    if kind != "答复":
        lines.append(_("这是{kind}，写给主办单位{lead}，不写给代表或委员。").format(kind=kind, lead=lead))
    due = deadline(item.assigned, item.due)
    if due is not None:
        why = _("清单所写的时限") if item.due else _("交办日期后三个月")
        lines.append(_("答复期限：{date}（{why}）。").format(date=due.isoformat(), why=why))
        if kind != "答复":
            lines.append(_("{kind}要在这之前送主办单位，好让主办单位按期答复。").format(kind=kind))
    if not session:
        lines.append(_("清单没有写会议届次：请在 proposal 下补上 session（如 市十四届人大四次会议）。"))
    lines.append(
        _(
            "下一步：把 reply.body 里的“{placeholder}”换成答复正文（可分几段、加小标题），"
            "补上发文字号 doc_number 和成文日期 date，"
            "然后运行 drafter render 本文件（.docx 写在旁边，drafter status 按同名找它）"
        ).format(placeholder=DRAFT_BODY)
    )
    return lines
