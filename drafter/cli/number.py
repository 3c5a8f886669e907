"""`drafter number list/next`: the ledger of 发文字号 serials, listed, or reserved by hand."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.cli.options import add_ledger, add_library, library_folders
from drafter.cli.registry import command
from drafter.i18n import N_, _
from drafter.library.search import Library
from drafter.limits import MAX_RESERVE, serial
from drafter.problems import InputError, Problem

if TYPE_CHECKING:
    from drafter.batch.ledger import Ledger

NUMBER_HELP = N_(
    """\
发文字号的编号台账（按单位、代字、年份编号，不会重号）。批量生成时 doc_number: auto 从这里取号。

例子：
  drafter number list wenzhou-sti --year 2024
  drafter number next wenzhou-sti --note 手工起草的第12号建议答复
  drafter number next wenzhou-sti --series 会办 --count 3

台账文件：--ledger 指定，或环境变量 {env}，或单位 bureau.yaml 里的 ledger:，否则是 {path}。
"""
)


def _description() -> str:
    from drafter.batch.ledger import ENV, default_path

    return _(NUMBER_HELP).format(env=ENV, path=default_path())


def arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar=_("操作"))
    listing = actions.add_parser("list", help=_("列出已分配的编号"))
    add_library(listing)
    add_ledger(listing)
    listing.add_argument("bureau", nargs="?", metavar="BUREAU", help=_("单位（模板库编号或全称）"))
    listing.add_argument("--series", help=_("代字，或 答复 / 会办"))
    listing.add_argument("--year", type=int)
    nxt = actions.add_parser("next", help=_("手工预留下一个编号"))
    add_library(nxt)
    add_ledger(nxt)
    nxt.add_argument("bureau", metavar="BUREAU", help=_("单位（模板库编号或全称）"))
    nxt.add_argument("--series", default="答复", help=_("代字，或 答复 / 会办（默认 答复）"))
    nxt.add_argument("--year", type=int, default=dt.date.today().year, help=_("年份（默认今年）"))
    nxt.add_argument("--count", type=int, default=1, help=_("预留几个（默认 1）"))
    nxt.add_argument("--note", default="", help=_("备注：这个号给了什么文件"))
    nxt.add_argument(
        "--from", dest="start", type=int, default=1, metavar="N", help=_("至少从 N 号起（此前手工编过号时）")
    )


def _ledger_for(args: argparse.Namespace, library: Library, bureau: str | None) -> tuple[Ledger, str | None, Any]:
    from drafter.batch.ledger import ENV as LEDGER_ENV
    from drafter.batch.ledger import Ledger, default_path
    from drafter.batch.numbering import ledger_path

    if bureau is None:
        path = args.ledger or (Path(os.environ[LEDGER_ENV]) if os.environ.get(LEDGER_ENV) else default_path())
        return Ledger(path), None, None
    entry = library.find(bureau)
    if entry is None:
        raise InputError([Problem(None, library.not_found(bureau))])
    return Ledger(ledger_path(entry, args.ledger)), entry.id, entry


@command("number", N_("发文字号编号台账"), arguments, description=_description)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.action is None:
        parser.print_help()
        parser.exit()
    from drafter.batch.numbering import item_text  # the letter model loads only for a ledger command

    library = library_folders(args)
    if args.year is not None and not 1949 <= args.year <= 2100:  # the years a 发文字号 may carry (model.DocNumber)
        raise InputError([Problem(None, _("--year 应在 1949 到 2100 之间"))])
    ledger, bureau_id, entry = _ledger_for(args, library, args.bureau)
    series = args.series
    if series and entry is not None and series in entry.settings.series:
        series = entry.settings.series[series]
    with ledger:
        if args.action == "list":
            rows = ledger.entries(bureau_id, series, args.year)
            print(_("编号台账：{path}").format(path=ledger.path))
            if not rows:
                print(_("（没有记录）"))
            for row in rows:
                what = item_text(row.item) if row.item else _("手工预留 {note}").format(note=row.note).strip()
                print(f"{row.bureau}  {row.series}〔{row.year}〕{row.number}号  {what}  {row.taken_at}")
            return 0
        if series is None or series in ("答复", "会办"):
            raise InputError(
                [
                    Problem(
                        None,
                        _("{bureau} 的 bureau.yaml 没有设“{series}”系列的代字").format(
                            bureau=bureau_id, series=args.series
                        ),
                    )
                ]
            )
        if args.count < 1:
            raise InputError([Problem(None, _("--count 至少是 1"))])
        if args.count > MAX_RESERVE:
            raise InputError([Problem(None, _("--count 最多 {limit}").format(limit=f"{MAX_RESERVE:,}"))])
        too_big = serial(max(args.start, 1) + args.count - 1)
        if too_big:
            raise InputError([Problem(None, f"--from：{too_big}")])
        numbers = ledger.reserve(bureau_id or "", series, args.year, args.count, args.note, args.start)
        for n in numbers:
            print(
                _("已预留 {number}").format(number=f"{series}〔{args.year}〕{n}号")
                + (f"（{args.note}）" if args.note else "")
            )
        print(_("编号台账：{path}").format(path=ledger.path))
    return 0
