"""`drafter batch`: its arguments, progress on the terminal, the summary; the run itself is drafter.batch.run."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.cli.options import add_ledger, add_library, library_folders
from drafter.cli.registry import command
from drafter.files import write_atomic
from drafter.i18n import N_, _
from drafter.library.search import stand_in_warning
from drafter.problems import InputError, Problem

if TYPE_CHECKING:
    from drafter.batch.summary import Letterset, Summary

BATCH_HELP = N_(
    """\
一次生成一批答复函：每个 YAML 文件可以是一封答复、若干封答复的列表，或 defaults:（共同的内容：
承办单位、会议届次、日期、署名、联系人……）加 letters:（各封答复，可覆盖共同的内容）。也可以给一个文件夹。

例子：
  drafter batch examples/batch-2024.yaml -o out/2024
  drafter batch 答复/ -o 成稿 --changed          （只重新生成改过的）
  drafter batch 答复/ -o 成稿 --pdf --report 结果.json

先检查全部答复，逐条列出每个错误（文件、行、列、字段），再生成没有错误的；加 --strict 则有一封出错就一个也不生成。
输出文件名取自建议或提案的编号（如 第393号建议.docx），每次相同；可在答复里用 file: 另定，但总在输出文件夹之内。
已有的文件不覆盖，除非加 --force；加 --changed 只重新生成输入、模板库有改动的，在 Word 里改过的文件不覆盖。
发文字号写 auto 时从编号台账取号，同一件建议再次生成时仍用原号。
退出码：0 全部成功，1 有答复出错，2 没有一封可用。
"""
)


def arguments(parser: argparse.ArgumentParser) -> None:
    from drafter.batch.journal import LOCK_WAIT

    add_library(parser)
    add_ledger(parser)
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=_("YAML 文件或文件夹"))
    parser.add_argument("-o", "--out-dir", type=Path, required=True, metavar="OUTDIR", help=_("输出文件夹"))
    parser.add_argument("--force", action="store_true", help=_("覆盖已经存在的输出文件"))
    parser.add_argument("--changed", action="store_true", help=_("只重新生成输入或模板库改过的答复"))
    parser.add_argument("--strict", action="store_true", help=_("有一封出错就一个也不生成"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help=_("同时生成的进程数"))
    parser.add_argument(
        "--wait",
        type=float,
        default=LOCK_WAIT,
        metavar="SECONDS",
        help=_("另一个 drafter batch 正在向同一个输出文件夹生成时，最多等多少秒（默认 {seconds}；0 为不等）").format(
            seconds=f"{LOCK_WAIT:g}"
        ),
    )
    parser.add_argument("--pdf", action="store_true", help=_("同时用 LibreOffice 生成 PDF（供预览）"))
    parser.add_argument("--report", type=Path, metavar="FILE.json", help=_("把结果另存为 JSON"))


@command("batch", N_("批量生成答复函"), arguments, description=BATCH_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.batch.run import Options, run  # the renderer loads only for a command that renders

    folders = library_folders(args).roots[: len(args.library)]
    if args.jobs < 1:
        raise InputError([Problem(None, _("--jobs 至少是 1"))])
    if args.report and args.report.suffix.lower() != ".json":
        raise InputError([Problem(args.report, _("--report 的文件名应以 .json 结尾"))])
    if args.pdf:
        _check_pdf()
    options = Options(
        out_dir=args.out_dir,
        force=args.force,
        changed=args.changed,
        strict=args.strict,
        jobs=args.jobs,
        pdf=args.pdf,
        library=folders,
        ledger=args.ledger,
        wait=max(args.wait, 0.0),
    )
    from drafter.cli.progress import BarProgress, Deferred, PlainProgress

    # the pool is forked before the progress bar starts its thread
    progress_factory = BarProgress if sys.stderr.isatty() else PlainProgress
    summary = run(args.paths, options, Deferred(progress_factory))
    _print_summary(summary)
    if args.report:
        data = json.dumps(summary.as_data(), ensure_ascii=False, indent=2).encode("utf-8")
        write_atomic(args.report, lambda h: h.write(data), force=True)
        print(_("结果已另存为 {path}").format(path=args.report))
    return summary.status


def _check_pdf() -> None:
    from drafter.pdf.find import PdfUnavailable, find_soffice
    from drafter.pdf.fonts import font_report, font_warning

    if find_soffice() is None:
        raise InputError([Problem(None, str(PdfUnavailable()))])
    warning = font_warning(font_report())
    if warning:
        print(_("提示：{warning}").format(warning=warning), file=sys.stderr)


def _print_summary(summary: Summary) -> None:
    from drafter.batch.summary import letter_problems
    from drafter.cli.progress import name as letter_name

    sys.stdout.flush()
    err = sys.stderr
    shown: set[tuple[str, int | None, int | None, str]] = set()
    for problem in summary.problems:
        print(_("错误：{problem}").format(problem=problem), file=err)
    for name, letters in summary.stand_ins.items():
        print(stand_in_warning(name, letters), file=err)
    failed = [item for item in summary.letters if item.state == "failed"]
    for item in failed:
        problems = letter_problems(item)
        fresh = [p for p in problems if (str(p.file), p.line, p.column, p.message) not in shown]
        if not problems:
            print(_("错误：{problem}").format(problem=f"{letter_name(item)}：{item.reason}"), file=err)
        for problem in fresh:
            shown.add((str(problem.file), problem.line, problem.column, problem.message))
            print(_("错误：{problem}").format(problem=problem), file=err)
    err.flush()
    reasons: dict[str, list[Letterset]] = {}
    for item in summary.letters:
        if item.state == "skipped":
            reasons.setdefault(item.reason, []).append(item)
    for reason, items in reasons.items():
        names = "、".join(i.outputs[0] for i in items[:5] if i.outputs) + ("……" if len(items) > 5 else "")
        print(
            _("跳过 {count} 封：{reason}").format(count=len(items), reason=reason)
            + (_("（{names}）").format(names=names) if names else "")
        )
    total = len(summary.letters)
    files = sum(len(item.written) for item in summary.letters)
    line = _(
        "共 {total} 封答复：生成 {rendered} 封（{files} 个文件），"
        "跳过 {skipped} 封，出错 {failed} 封。输出文件夹：{out}"
    )
    print(
        line.format(
            total=total,
            rendered=summary.count("rendered"),
            files=files,
            skipped=summary.count("skipped"),
            failed=summary.count("failed"),
            out=summary.out_dir,
        )
    )
    unreadable = len({str(p.file) for p in summary.problems})
    if unreadable:  # a file that could not be read gives no letters to count
        print(_("另有 {n} 个文件读不出（错误见上），其中的答复没有算在内。").format(n=unreadable))
    if summary.strict_stop:
        print(_("有答复出错，按 --strict 一个也没有生成。"), file=err)
    elif summary.problems and not summary.letters:
        print(_("没有可以生成的答复。"), file=err)
