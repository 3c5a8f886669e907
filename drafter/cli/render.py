"""`drafter render`: letters → .docx (and the 征询意见表 beside a reply), or their text on the screen."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.files import write_atomic
from drafter.i18n import N_, _
from drafter.library.search import stand_in_warning
from drafter.problems import InputError, Problem

if TYPE_CHECKING:
    from drafter.letter.render import Rendered

RENDER_HELP = N_(
    """\
把 YAML 写的答复函生成 .docx（或用 --text 在屏幕上预览文字）。

例子：
  drafter render examples/wenzhou-sti-suggestion-393.yaml -o 答复函.docx
  drafter render examples/*.yaml --out-dir out
  drafter render 答复.yaml --text

不指定 -o 时，.docx 写在 YAML 文件旁边，文件名相同。已有的文件不会被覆盖，除非加 --force。
输入有错时逐条列出文件、行、列和字段，退出码为 2，不生成任何文件。
"""
)


def arguments(parser: argparse.ArgumentParser) -> None:
    add_library(parser)
    parser.add_argument("letters", nargs="+", type=Path, metavar="LETTER.yaml", help=_("答复函的 YAML 文件"))
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.docx", help=_("输出文件（只有一个输入时）"))
    parser.add_argument("-d", "--out-dir", type=Path, metavar="DIR", help=_("输出文件夹（文件名随 YAML）"))
    parser.add_argument("--text", action="store_true", help=_("不生成文件，在屏幕上显示全文"))
    parser.add_argument("--force", action="store_true", help=_("覆盖已经存在的输出文件"))
    parser.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件（doc_number: auto 时取号）"))


def _target(source: Path, args: argparse.Namespace) -> Path:
    if args.output:
        return args.output
    folder = args.out_dir if args.out_dir else source.parent
    return folder / (source.stem + ".docx")


@command("render", N_("生成答复函 .docx"), arguments, description=RENDER_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.batch.numbering import assign
    from drafter.letter.load import (
        load,  # the renderer's modules load only for a command that renders (check stays quick)
    )
    from drafter.letter.render import render

    if args.output and len(args.letters) > 1:
        raise InputError([Problem(None, _("有多个输入文件时请用 --out-dir 指定输出文件夹，而不是 -o"))])
    if args.output and args.output.suffix.lower() != ".docx":
        raise InputError([Problem(args.output, _("输出文件名应以 .docx 结尾"))])
    # validate every letter first, so that one bad file among many writes nothing half-way
    library = library_folders(args)
    problems: list[Problem] = []
    loaded = []
    for source in args.letters:
        try:
            loaded.append(load(source, library))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    stand_ins = Counter(item.entry.id for item in loaded if item.entry.provisional)
    for name, letters in stand_ins.items():
        print(stand_in_warning(name, letters), file=sys.stderr)
    for item in loaded:
        # a preview does not take a number from the ledger; it shows where the number will go
        letter, clash = (item.letter, None) if args.text else assign(item.letter, item.entry, args.ledger)
        if clash:
            raise InputError([Problem(item.source, clash, field=("reply", "doc_number"))])
        result = render(letter, item.entry)
        for warning in result.complete.warnings:
            print(_("提示：{source} {warning}").format(source=item.source, warning=warning), file=sys.stderr)
        form = result.feedback()
        if args.text:
            sys.stdout.write(result.text())
            if form:
                sys.stdout.write("\n" + form.text())
            continue
        target = _target(item.source, args)
        _write(target, result, args.force)
        if form:
            _write(target.with_name(f"{target.stem}-征询意见表.docx"), form, args.force)
    return 0


def _write(target: Path, result: Rendered, force: bool) -> None:
    write_atomic(target, result.write_docx, force=force)  # OS errors come back as plain problems
    print(_("已生成 {path}").format(path=target))
