"""The terminal wizard (`python tui.py [DRAFT.yaml]`, `drafter wizard [DRAFT.yaml]`): one letter, step by step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drafter.i18n import _

DEFAULT_DRAFT = Path("草稿.yaml")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="drafter wizard",
        description=_("一步一步起草一封答复：每次修改都保存在草稿 YAML 里，下次打开从原处继续。"),
    )
    p.add_argument("draft", nargs="?", type=Path, default=DEFAULT_DRAFT, metavar="DRAFT.yaml",
                   help=_("草稿文件（没有则新建；默认 草稿.yaml）"))  # fmt: skip
    p.add_argument("--library", action="append", type=Path, default=[], metavar="PATH", help=_("另外的模板库文件夹"))
    p.add_argument("--bureau", default="", metavar="ID", help=_("新草稿的承办单位（模板库编号）"))
    p.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件"))
    return p


def run(argv: list[str]) -> int:
    """Checks the arguments and the draft before the screen opens, so a bad draft is a plain message."""
    from drafter.library.search import Library
    from drafter.problems import InputError

    args = parser().parse_args(argv)
    if args.draft.suffix.lower() not in (".yaml", ".yml"):
        print(_("错误：草稿文件名应以 .yaml 结尾：{path}").format(path=args.draft), file=sys.stderr)
        return 2
    missing = [p for p in args.library if not p.is_dir()]
    if missing:
        print(_("错误：找不到这个模板库文件夹（--library）：{path}").format(path=missing[0]), file=sys.stderr)
        return 2
    from drafter.wizard.app import make_app

    try:
        app = make_app(args.draft, Library(args.library), args.bureau, args.ledger)
    except InputError as exc:
        for problem in exc.problems:
            print(_("错误：{problem}").format(problem=problem), file=sys.stderr)
        return 2
    app.run()
    print(_("草稿已保存在 {path}").format(path=args.draft))
    return 0
