"""The `drafter batch` and `drafter number` commands: arguments, progress on the terminal, the summary."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from drafter.batch.journal import LOCK_WAIT
from drafter.batch.ledger import ENV as LEDGER_ENV
from drafter.batch.ledger import Ledger, default_path
from drafter.batch.numbering import item_text, ledger_path
from drafter.batch.run import Options, run
from drafter.batch.summary import Letterset, Progress, Summary, letter_problems
from drafter.files import write_atomic
from drafter.i18n import N_, _
from drafter.library.search import Library, stand_in_warning
from drafter.limits import MAX_RESERVE, serial
from drafter.problems import InputError, Problem

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


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    ledger = argparse.ArgumentParser(add_help=False)
    ledger.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件（默认见 drafter number --help）"))
    raw = argparse.RawDescriptionHelpFormatter
    batch = commands.add_parser(
        "batch", help=_("批量生成答复函"), description=_(BATCH_HELP), formatter_class=raw, parents=[common, ledger]
    )
    batch.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=_("YAML 文件或文件夹"))
    batch.add_argument("-o", "--out-dir", type=Path, required=True, metavar="OUTDIR", help=_("输出文件夹"))
    batch.add_argument("--force", action="store_true", help=_("覆盖已经存在的输出文件"))
    batch.add_argument("--changed", action="store_true", help=_("只重新生成输入或模板库改过的答复"))
    batch.add_argument("--strict", action="store_true", help=_("有一封出错就一个也不生成"))
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help=_("同时生成的进程数"))
    batch.add_argument(
        "--wait",
        type=float,
        default=LOCK_WAIT,
        metavar="SECONDS",
        help=_("另一个 drafter batch 正在向同一个输出文件夹生成时，最多等多少秒（默认 {seconds}；0 为不等）").format(
            seconds=f"{LOCK_WAIT:g}"
        ),
    )
    batch.add_argument("--pdf", action="store_true", help=_("同时用 LibreOffice 生成 PDF（供预览）"))
    batch.add_argument("--report", type=Path, metavar="FILE.json", help=_("把结果另存为 JSON"))

    number = commands.add_parser(
        "number",
        help=_("发文字号编号台账"),
        description=_(NUMBER_HELP).format(env=LEDGER_ENV, path=default_path()),
        formatter_class=raw,
    )
    actions = number.add_subparsers(dest="action", metavar=_("操作"))
    listing = actions.add_parser("list", help=_("列出已分配的编号"), parents=[common, ledger])
    listing.add_argument("bureau", nargs="?", metavar="BUREAU", help=_("单位（模板库编号或全称）"))
    listing.add_argument("--series", help=_("代字，或 答复 / 会办"))
    listing.add_argument("--year", type=int)
    nxt = actions.add_parser("next", help=_("手工预留下一个编号"), parents=[common, ledger])
    nxt.add_argument("bureau", metavar="BUREAU", help=_("单位（模板库编号或全称）"))
    nxt.add_argument("--series", default="答复", help=_("代字，或 答复 / 会办（默认 答复）"))
    nxt.add_argument("--year", type=int, default=dt.date.today().year, help=_("年份（默认今年）"))
    nxt.add_argument("--count", type=int, default=1, help=_("预留几个（默认 1）"))
    nxt.add_argument("--note", default="", help=_("备注：这个号给了什么文件"))
    nxt.add_argument(
        "--from", dest="start", type=int, default=1, metavar="N", help=_("至少从 N 号起（此前手工编过号时）")
    )


# ---------------------------------------------------------------- progress


STATE_WORDS = {"pending": N_("完成"), "rendered": N_("已生成"), "skipped": N_("跳过"), "failed": N_("出错")}


class PlainProgress(Progress):
    """One line a letter, for logs and for a window that is not a terminal."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.done = 0

    def start(self, phase: str, total: int | None) -> None:
        self.total, self.done = total, 0
        if total:
            print(_("{phase}：{total} 个文件").format(phase=_(phase), total=total), flush=True)

    def advance(self, done: Letterset | None = None) -> None:
        self.done += 1
        if done is None:
            return
        head = f"[{self.done}/{self.total}]" if self.total else f"[{self.done}]"
        word = _(STATE_WORDS[done.state])
        print(f"{head} {word} {_name(done)}", flush=True)


class BarProgress(Progress):
    """A rich progress bar on the terminal (stderr), so stdout stays clean for the summary."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: Any = None
        self.bar.start()

    def start(self, phase: str, total: int | None) -> None:
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(_(phase), total=total)

    def advance(self, done: Letterset | None = None) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


# ---------------------------------------------------------------- the commands


def _name(item: Letterset) -> str:
    where = item.file + (_(" 第{n}封").format(n=item.index + 1) if item.index is not None else "")
    return _("{where}（{output}）").format(where=where, output=item.outputs[0]) if item.outputs else where


def batch(args: argparse.Namespace, library_folders: list[Path]) -> int:
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
        library=tuple(library_folders),
        ledger=args.ledger,
        wait=max(args.wait, 0.0),
    )
    # the pool is forked before the progress bar starts its thread
    progress_factory = BarProgress if sys.stderr.isatty() else PlainProgress
    summary = run(args.paths, options, _Deferred(progress_factory))
    _print_summary(summary)
    if args.report:
        data = json.dumps(summary.as_data(), ensure_ascii=False, indent=2).encode("utf-8")
        write_atomic(args.report, lambda h: h.write(data), force=True)
        print(_("结果已另存为 {path}").format(path=args.report))
    return summary.status


class _Deferred(Progress):
    """Builds the real progress display on first use, after the worker processes exist."""

    def __init__(self, factory: type[Progress]):
        self.factory = factory
        self.real: Progress | None = None

    def start(self, phase: str, total: int | None) -> None:
        if self.real is None:
            self.real = self.factory()
        self.real.start(phase, total)

    def advance(self, done: Letterset | None = None) -> None:
        if self.real is not None:
            self.real.advance(done)

    def stop(self) -> None:
        if self.real is not None:
            self.real.stop()


def _check_pdf() -> None:
    from drafter.pdf.find import PdfUnavailable, find_soffice
    from drafter.pdf.fonts import font_report, font_warning

    if find_soffice() is None:
        raise InputError([Problem(None, str(PdfUnavailable()))])
    warning = font_warning(font_report())
    if warning:
        print(_("提示：{warning}").format(warning=warning), file=sys.stderr)


def _print_summary(summary: Summary) -> None:
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
            print(_("错误：{problem}").format(problem=f"{_name(item)}：{item.reason}"), file=err)
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


def _ledger_for(args: argparse.Namespace, library: Library, bureau: str | None) -> tuple[Ledger, str | None, Any]:
    if bureau is None:
        path = args.ledger or (Path(os.environ[LEDGER_ENV]) if os.environ.get(LEDGER_ENV) else default_path())
        return Ledger(path), None, None
    entry = library.find(bureau)
    if entry is None:
        raise InputError([Problem(None, library.not_found(bureau))])
    return Ledger(ledger_path(entry, args.ledger)), entry.id, entry


def number(args: argparse.Namespace, parser: argparse.ArgumentParser, library: Library) -> int:
    if args.action is None:
        parser.parse_args(["number", "--help"])
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
