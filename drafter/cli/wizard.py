"""`drafter wizard [DRAFT.yaml]` (also `python tui.py`): the terminal wizard that drafts one letter step by step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drafter.cli.registry import command
from drafter.i18n import N_, _

DEFAULT_DRAFT = Path("草稿.yaml")


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("draft", nargs="?", type=Path, default=DEFAULT_DRAFT, metavar="DRAFT.yaml",
                        help=_("草稿文件（没有则新建；默认 草稿.yaml）"))  # fmt: skip
    parser.add_argument(
        "--library", action="append", type=Path, default=[], metavar="PATH", help=_("另外的模板库文件夹")
    )
    parser.add_argument("--bureau", default="", metavar="ID", help=_("新草稿的承办单位（模板库编号）"))
    parser.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件"))


@command(
    "wizard",
    N_("一步一步起草一封答复（终端界面，同 python tui.py）"),
    arguments,
    description=N_("一步一步起草一封答复：每次修改都保存在草稿 YAML 里，下次打开从原处继续。"),
    formatter=argparse.HelpFormatter,
    own_errors=True,
)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Checks the arguments and the draft before the screen opens, so a bad draft is a plain message."""
    if args.draft.suffix.lower() not in (".yaml", ".yml"):
        print(_("错误：草稿文件名应以 .yaml 结尾：{path}").format(path=args.draft), file=sys.stderr)
        return 2
    missing = [p for p in args.library if not p.is_dir()]
    if missing:
        print(_("错误：找不到这个模板库文件夹（--library）：{path}").format(path=missing[0]), file=sys.stderr)
        return 2
    from drafter.library.search import Library
    from drafter.wizard.app import make_app  # Textual loads only for the wizard

    app = make_app(args.draft, Library(args.library), args.bureau, args.ledger)  # an InputError: said by main
    app.run()
    print(_("草稿已保存在 {path}").format(path=args.draft))
    return 0
