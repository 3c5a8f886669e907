"""The `drafter new` command: a 交办清单 (.xlsx or .csv) → one draft letter YAML per item this bureau answers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.i18n import N_, _
from drafter.problems import InputError, Problem

if TYPE_CHECKING:
    from drafter.worklist.drafts import Draft
    from drafter.worklist.items import Item

NEW_HELP = N_(
    """\
从人大、政协发来的交办清单（Excel 的 .xlsx，或 .csv）为本单位办理的每一件建议、提案起草一份答复的 YAML 文件：
本单位主办的写“答复”，协办、会办的写给主办单位的“协办意见”“会办意见”。编号、标题、提出人（领衔人和联名人）、
交办日期、办理时限从清单里填好，正文留作“【待填：答复正文】”，写好正文前 drafter render 不会生成。

例子：
  drafter new --from 2024年建议交办清单.xlsx -o 2024建议 --bureau wenzhou-sti --session 市十四届人大四次会议
  drafter new --from 提案清单.csv -o 2024提案 --bureau wenzhou-sti --kind 提案

清单的表头可以不在第一行（上面可以有“关于……的交办清单”标题）。按常见的列名找列：编号、建议号、提案号；
标题、案由、题目；领衔人、提出人、代表、委员；联名人、附议人；主办单位、承办单位；协办单位；会办单位；
交办日期；办理时限、答复时限。认不出的列会指出是哪一列。本单位按模板库 bureau.yaml 里的全称（name）、
发文机关标志（short_name）和别名（aliases，如 市科技局）在单位栏里认出。已有的草稿不覆盖。
"""
)


def arguments(parser: argparse.ArgumentParser) -> None:
    add_library(parser)
    parser.add_argument(
        "--from", dest="source", type=Path, required=True, metavar="LIST", help=_("交办清单（.xlsx 或 .csv）")
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help=_("草稿写到这个文件夹"))
    parser.add_argument(
        "--bureau", required=True, metavar="ID", help=_("本单位（模板库编号、全称、简称或 aliases 里的别名）")
    )
    parser.add_argument("--session", metavar="SESSION", help=_("会议届次，如 市十四届人大四次会议"))
    parser.add_argument("--kind", metavar="KIND", help=_("建议 或 提案；不写时按表头（建议号、提案号）判断"))
    parser.add_argument("--sheet", metavar="NAME", help=_("工作表的名称；不写时用第一张有表头的工作表"))


@command("new", N_("从交办清单起草本单位要办理的答复"), arguments, description=NEW_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.files import write_atomic
    from drafter.letter.model import KIND_WORDS
    from drafter.worklist import drafts, items, sheet

    library = library_folders(args)
    out: Path = args.output
    if out.exists() and not out.is_dir():
        raise InputError([Problem(out, _("-o 应当是一个文件夹（草稿一件一个文件）"))])
    kind = None
    if args.kind is not None:
        kind = KIND_WORDS.get(args.kind.strip())
        if kind is None:
            raise InputError([Problem(None, _("--kind 只能是“建议”或“提案”，不是“{kind}”").format(kind=args.kind))])
    entry = drafts.bureau_named(library, args.bureau)
    if entry is None:
        raise InputError([Problem(None, "--bureau: " + library.not_found(args.bureau))])
    table = sheet.read(args.source, args.sheet)
    for note in table.notes:  # before the rows are checked: an unplaced header may explain a bad row
        print(_("提示：{source} {note}").format(source=args.source, note=note), file=sys.stderr)
    kind = kind or table.kind
    if kind is None:
        message = _("看不出这份清单是建议还是提案（表头没有“建议号”或“提案号”）；请加 --kind 建议 或 --kind 提案")
        raise InputError([Problem(args.source, message)])
    found = items.read_items(table, kind)
    plan = drafts.plan(table, found, entry, args.session)  # every row checked before anything is written
    where = _("工作表“{name}”，").format(name=table.name) if table.name else ""  # a .csv has no sheets
    print(
        _("已读 {source}（{where}第{row}行是表头）：{n} 项，本单位办理 {ours} 项").format(
            source=args.source, where=where, row=table.header_row, n=len(found), ours=len(plan.drafts)
        )
    )
    written, kept = [], []
    for draft in plan.drafts:
        target = out / draft.file
        if target.exists():
            kept.append(draft)
            continue
        write_atomic(target, _writer(draft.text))
        written.append(draft)
    if written:
        print(_("写出 {n} 份草稿到 {folder}：").format(n=len(written), folder=out))
        print(_table([_row(d) for d in written]))
    if kept:
        print(_("已有 {n} 份草稿，没有覆盖：{names}").format(n=len(kept), names="、".join(d.file for d in kept)))
    if plan.not_ours:
        shown = "、".join(_other(i) for i in plan.not_ours[:20]) + ("……" if len(plan.not_ours) > 20 else "")
        print(_("不由本单位办理的 {n} 项：{items}").format(n=len(plan.not_ours), items=shown))
    if plan.drafts:
        print(_("下一步：在每份草稿的 reply.body 里写上答复正文，然后 drafter render 草稿.yaml（.docx 写在草稿旁边）"))
    return 0


def _writer(text: str) -> Callable[[IO[bytes]], object]:
    return lambda handle: handle.write(text.encode("utf-8"))


def _row(draft: Draft) -> list[str]:
    from drafter.worklist.deadline import deadline

    item = draft.item
    people = [p if isinstance(p, str) else p.organisation for p in item.proposers]
    who = "、".join(people[:3]) + ("等" if len(people) > 3 else "")
    kind = draft.type + (f" → {draft.lead_unit}" if draft.lead_unit else "")
    due = deadline(item.assigned, item.due)
    return [draft.file, kind, who or "—", due.isoformat() if due else "—"]


def _table(rows: list[list[str]]) -> str:
    from drafter.cli.import_ import table

    return table([[_("草稿"), _("种类"), _("提出人"), _("期限")], *rows])


def _other(item: Item) -> str:
    from drafter.vocab.facts import item_label

    lead = "、".join(item.lead())
    return item_label(item.number) + (_("（{lead}）").format(lead=lead) if lead else "")
