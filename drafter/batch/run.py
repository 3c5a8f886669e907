"""`drafter batch`: every letter of a year's batch, checked, numbered and made on several processes.

One pass over the input, streamed so memory holds a few letters at a time. Each letter is validated
on a worker against the model and its bureau, given its number from the ledger, and rendered to a
temporary file beside its final name. Only when every letter has been through does the main process
commit: with `--strict` and any failure it removes the temporary files and nothing is written;
otherwise it syncs them to disk once and renames each into place. So a killed run leaves no
half-written .docx (its temporary files are removed by the next run), and nothing appears before
every problem is known. A journal in the output folder records what each file was made from, so
`--changed` redoes only the letters whose input, bureau library or drafter changed, and leaves alone a
file edited in Word since.

Here is the run itself, in the main process; `worker` is what each process does with a chunk of letters,
`pool` spreads the chunks, `journal` keeps the folder's records and lock, `summary` is what the run tells.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from drafter.batch.inputs import inputs, sources, written_numbers
from drafter.batch.journal import LOCK_WAIT, Journal, folder_lock
from drafter.batch.pool import Pool
from drafter.batch.stream import InputLetter
from drafter.batch.summary import Letterset, Progress, Summary, dedupe
from drafter.batch.worker import Settings, convert, process
from drafter.files import clean_stale, drop_temp_folders, output_problem
from drafter.i18n import N_, _
from drafter.problems import Problem


@dataclass(frozen=True)
class Options:
    """What the command asks of the run."""

    out_dir: Path
    force: bool = False
    changed: bool = False
    strict: bool = False
    jobs: int = 1
    pdf: bool = False
    library: tuple[Path, ...] = ()
    ledger: Path | None = None
    wait: float = LOCK_WAIT  # for another run writing into the same folder


def run(paths: list[Path], options: Options, progress: Progress | None = None) -> Summary:
    progress = progress or Progress()
    files, file_problems = inputs(paths)
    summary = Summary(options.out_dir, [], file_problems)
    if not files:
        return summary
    with folder_lock(options.out_dir, options.wait):
        _run(files, options, progress, summary)
    return summary


def _run(files: list[Path], options: Options, progress: Progress, summary: Summary) -> None:
    clean_stale(options.out_dir)
    journal = Journal(options.out_dir)
    journal.recover()
    settings = Settings(
        options.out_dir,
        options.library,
        options.ledger,
        options.force,
        options.changed,
        options.pdf,
        journal.records() if options.changed else {},
        options.strict,
        written_numbers(files),
    )
    pool = Pool(options.jobs, settings)
    committed = False
    try:
        _gather(files, pool, progress, summary, journal)
        committed = _commit(options, summary)
        if options.pdf:
            _pdfs(pool, progress, summary)
    finally:
        for item in summary.letters:  # whatever was not committed goes
            for temp, _final in item.temps:
                Path(temp).unlink(missing_ok=True)
        progress.stop()
        pool.close()
        journal.settle(keep=committed)
        drop_temp_folders(options.out_dir)


def _gather(files: list[Path], pool: Pool, progress: Progress, summary: Summary, journal: Journal) -> None:
    read_problems: list[Problem] = []
    keys: deque[tuple[str, int | None]] = deque()

    def letters() -> Iterator[InputLetter]:
        for source in sources(files, read_problems):
            keys.append((sys.intern(str(source.file)), source.index))  # one string a file, not one a letter
            yield source

    progress.start(N_("生成"), None)
    taken: dict[str, Letterset] = {}
    for outcome in pool.map(process, letters()):
        file, index = keys.popleft()
        item = Letterset(file, index, outcome.outputs, reason=outcome.reason, problems=list(outcome.problems))
        item.state = {"made": "pending", "skipped": "skipped", "failed": "failed"}[outcome.state]
        if outcome.stand_in:
            summary.stand_ins[outcome.stand_in] += 1
        if item.state != "failed":
            clash = _clash(item, taken)
            if clash:
                item.state, item.problems = "failed", [clash]
        if item.state == "pending":
            item.temps = outcome.temps
            for rel, digest in zip(outcome.outputs, outcome.hashes, strict=True):
                journal.pend(rel, outcome.digest, digest)
        else:
            for temp, _final in outcome.temps:
                Path(temp).unlink(missing_ok=True)
        summary.letters.append(item)
        progress.advance(item)
    summary.problems += dedupe(read_problems)
    broken = {str(p.file) for p in read_problems if p.file is not None}
    for item in summary.letters:
        if item.file in broken and item.state != "failed":
            item.state, item.reason = "failed", _("所在文件有格式错误，整个文件都没有生成")


def _clash(item: Letterset, taken: dict[str, Letterset]) -> Problem | None:
    """Two letters with one output name: the later one is refused (Windows does not tell 答复A from 答复a)."""
    for rel in item.outputs:
        other = taken.get(rel.casefold())
        if other is not None:
            where = other.file + (_(" 第{value}封").format(value=other.index + 1) if other.index is not None else "")
            message = _("输出文件名 {rel} 与 {where} 的相同；请在这封答复里写 file: 另起一个文件名").format(
                rel=rel, where=where
            )
            return Problem(Path(item.file), message, field=("file",))
    for rel in item.outputs:
        taken[rel.casefold()] = item
    return None


def _commit(options: Options, summary: Summary) -> bool:
    """Rename every made file into place, or (--strict with a failure) none; whether any was."""
    failed = summary.problems or any(item.state == "failed" for item in summary.letters)
    if options.strict and failed:
        summary.strict_stop = True
        for item in summary.letters:
            if item.state == "pending":
                item.state, item.reason = "skipped", _("有答复出错，--strict 时一个也不生成")
        return False
    if hasattr(os, "sync") and any(item.state == "pending" for item in summary.letters):
        os.sync()  # every temporary file on disk before any is renamed: one sync, not one a file
    for item in summary.letters:
        if item.state != "pending":
            continue
        final = ""
        try:
            for temp, final in item.temps:
                Path(final).parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, final)
                item.written.append(final)
            item.state, item.temps = "rendered", ()
        except PermissionError:
            message = _("无法写入：文件可能正在 Word 中打开，请先关闭它")
            item.state, item.problems = "failed", [Problem(Path(final), message)]
        except OSError as exc:  # a name too long, a full or read-only disk: this letter fails, the others go on
            item.state, item.problems = "failed", [output_problem(Path(final), exc)]
    return True


def _pdfs(pool: Pool, progress: Progress, summary: Summary) -> None:
    made = [(item, docx) for item in summary.letters if item.state == "rendered" for docx in item.written]
    progress.start(N_("转换 PDF"), len(made))
    pairs = ((docx, str(Path(docx).with_suffix(".pdf"))) for _item, docx in made)
    for (item, docx), error in zip(made, pool.map(convert, pairs), strict=True):
        if error is None:
            item.written.append(str(Path(docx).with_suffix(".pdf")))
        else:
            item.problems.append(Problem(Path(docx), _("没有生成 PDF：{error}").format(error=error)))
            item.state = "failed"
        progress.advance()
