"""The options several commands share (`--library`, the ledger commands' `--ledger`) and the run's library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drafter.i18n import _
from drafter.library.search import BASE, ENV, SHIPPED, Library, user_folder
from drafter.problems import InputError, Problem


def add_library(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help=_("另外的模板库文件夹，先于自带的 templates/ 查找（可写多次；也可设环境变量 {env}）").format(env=ENV),
    )


def add_ledger(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件（默认见 drafter number --help）"))


def library_folders(args: argparse.Namespace, must_exist: bool = True) -> Library:
    """The library of this run; a folder named with --library must exist, one in DRAFTER_LIBRARY is warned of."""
    missing = [p for p in args.library if not p.is_dir()]
    if missing and must_exist:
        raise InputError([Problem(p, _("找不到这个模板库文件夹（--library）")) for p in missing])
    library = Library(args.library)
    for root in library.roots[len(args.library) :]:
        if root == SHIPPED:
            if not (BASE / "bureau.yaml").is_file():  # an install that lost its package data
                raise InputError([Problem(BASE, _("drafter 自带的基础模板库不见了，请重新安装 drafter"))])
        elif not root.is_dir() and root != user_folder().resolve():
            print(
                _("提示：环境变量 {env} 里的文件夹 {path} 不存在，已跳过").format(env=ENV, path=root), file=sys.stderr
            )
    return library
