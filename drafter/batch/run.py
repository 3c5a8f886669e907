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
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import multiprocessing
import os
import re
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, Any, TypeVar

from drafter import __version__
from drafter.batch.ledger import Ledger
from drafter.batch.names import Escape, inside, relative
from drafter.batch.numbering import numbered, request, settle
from drafter.batch.stream import InputLetter, read
from drafter.files import TEMP_FOLDER, clean_stale, drop_temp_folders, output_problem, write_atomic, write_temp, writing
from drafter.i18n import N_, _
from drafter.letter.load import bind_bureau
from drafter.letter.model import Letter, Person
from drafter.letter.render import render
from drafter.library.search import BASE, Snapshot
from drafter.problems import InputError, Problem, TemplateProblem

JOURNAL = ".drafter-batch.jsonl"
LOCK = ".drafter-batch.lock"  # held by the run writing into the folder (the file itself stays, empty)
LOCK_WAIT = 600.0  # seconds a second run into the same folder waits for the first before it gives up
CHUNK = 64  # most letters per message to a worker (and per ledger transaction)
SYNC_EACH = not hasattr(os, "sync")  # where the system cannot sync everything at once (Windows), each file is


@dataclass(frozen=True)
class Settings:
    """What the workers need to know; plain data, sent once to each."""

    out_dir: Path
    library: tuple[Path, ...] = ()
    ledger: Path | None = None
    force: bool = False
    changed: bool = False
    pdf: bool = False
    journal: dict[str, dict[str, str]] = field(default_factory=dict)
    strict: bool = False  # --strict: an undated letter is refused, not left for the signer to date
    written: dict[tuple[str | None, int | None], frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A letter after its worker: made into temporary files, skipped, or failed with its problems."""

    state: str  # made / skipped / failed
    reason: str = ""
    problems: tuple[Problem, ...] = ()
    outputs: tuple[str, ...] = ()  # paths inside the output folder, one per letter (per_proposer: several)
    temps: tuple[tuple[str, str], ...] = ()  # (temporary, final) for each file, the 征询意见表 included
    hashes: tuple[str, ...] = ()  # sha256 of each output, to tell later whether someone edited it
    digest: str = ""  # of everything the files are made from
    stand_in: str = ""  # the bureau's name when it has no library (rendered with the base's)


@dataclass(slots=True)
class Letterset:
    """One letter's fate in this run, for the summary and the report (kept small: a batch may hold 10,000)."""

    file: str
    index: int | None
    outputs: tuple[str, ...] = ()
    state: str = "pending"  # rendered / skipped / failed
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    temps: tuple[tuple[str, str], ...] = ()  # made, not yet committed


# ---------------------------------------------------------------- the workers' side

_worker: dict[str, Any] = {}


def _init(settings: Settings) -> None:
    # a worker makes many short-lived objects and few cycles: collect rarely, and never walk the objects
    # it shares with its parent (walking them would copy their pages, see Pool)
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    gc.enable()
    _worker.clear()
    _worker.update(settings=settings, library=Snapshot(list(settings.library)), ledgers={}, converter=None)


@lru_cache(maxsize=64)
def _stamp(folders: tuple[Path, ...]) -> str:
    """What a bureau's letters are made from besides the input: its files and the base's, by size and time."""
    h = hashlib.sha256(__version__.encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                h.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _persons(letter: Letter) -> list[Person | None]:
    if not letter.reply.per_proposer or letter.proposal is None:
        return [None]
    return [p for p in letter.proposal.proposers if isinstance(p, Person)]


def _addressed(letter: Letter, person: Person) -> Letter:
    """The same reply to one of the co-signers."""
    assert letter.proposal is not None
    proposal = letter.proposal.model_copy(update={"proposers": [person]})
    reply = letter.reply.model_copy(update={"per_proposer": False})
    return letter.model_copy(update={"proposal": proposal, "reply": reply})


def _ledger(path: Path) -> Ledger:
    ledgers = _worker["ledgers"]
    if path not in ledgers:
        ledgers[path] = Ledger(path)
    return ledgers[path]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kept(settings: Settings, outputs: tuple[str, ...], digest: str) -> str | None:
    """Why existing files are kept, or None when the letter is to be made."""
    out = settings.out_dir
    paths = [out.joinpath(*PurePosixPath(rel).parts) for rel in outputs]
    existing = [p for p in paths if p.exists()]
    if settings.force or not existing:
        return None
    if not settings.changed:
        return _("文件已存在（加 --force 覆盖，或加 --changed 只重新生成改过的）")
    records = [settings.journal.get(rel) for rel in outputs]
    for rel, path in zip(outputs, paths, strict=True):
        record = settings.journal.get(rel)
        if path.exists() and (record is None or _sha(path) != record["output"]):
            return _("{rel} 已在 Word 里改过（或不是本工具生成的），没有覆盖；要覆盖请加 --force").format(rel=rel)
    same = all(r is not None and r["input"] == digest for r in records) and len(existing) == len(paths)
    if same and (not settings.pdf or all(p.with_suffix(".pdf").exists() for p in paths)):
        return _("没有变化")
    return None


@dataclass
class _Checked:
    """A letter of a worker's chunk between its check and its rendering."""

    source: InputLetter
    letter: Letter
    entry: Any
    persons: list[Person | None]
    outputs: tuple[str, ...]
    digest: str
    request: Any = None


def _check(source: InputLetter) -> _Checked | Outcome:
    settings: Settings = _worker["settings"]
    letter, entry = bind_bureau(source.data, source.problem, _worker["library"])
    if settings.strict and letter.reply.date is None and letter.reply.type != "报告":
        message = "没有写成文日期（date）；加了 --strict 时不生成未写日期的答复"
        return Outcome("failed", problems=(source.problem(("reply", "date"), message),))
    persons = _persons(letter)
    outputs = tuple(str(relative(letter, person)) for person in persons)
    for rel in outputs:
        try:
            inside(settings.out_dir, PurePosixPath(rel))
        except Escape:
            message = _("输出文件 {rel} 会落到输出文件夹之外（经由链接），已拒绝").format(rel=rel)
            return Outcome("failed", problems=(source.problem(("file",), message),), outputs=outputs)
    digest = hashlib.sha256((letter.model_dump_json() + _stamp((entry.folder, BASE))).encode()).hexdigest()
    kept = _kept(settings, outputs, digest)
    if kept:
        return Outcome("skipped", kept, outputs=outputs, digest=digest, stand_in=_stand_in(entry))
    return _Checked(source, letter, entry, persons, outputs, digest, request(letter, entry, settings.ledger))


def _number(chunk: list[_Checked | Outcome]) -> list[_Checked | Outcome]:
    """The chunk's numbers from the ledger, one transaction per ledger file for the whole chunk."""
    by_ledger: dict[Path, list[int]] = {}
    for i, item in enumerate(chunk):
        if isinstance(item, _Checked) and item.request is not None:
            by_ledger.setdefault(item.request.ledger, []).append(i)
    for path, indexes in by_ledger.items():
        ledger = _ledger(path)
        with ledger.transaction():
            for i in indexes:
                item = chunk[i]
                assert isinstance(item, _Checked)
                number, clash = settle(item.request, ledger, _written(item.request))
                if clash:
                    problem = item.source.problem(("reply", "doc_number"), clash)
                    chunk[i] = Outcome("failed", problems=(problem,), outputs=item.outputs)
                else:
                    item.letter = numbered(item.letter, item.request, number)
    return chunk


def _written(req: Any) -> frozenset[int]:
    """Serials written in the run's letters under the request's 代字 and year, which no auto number may take."""
    written = _worker["settings"].written
    return written.get((req.prefix, req.year), frozenset()) | written.get((None, None), frozenset())


WRITTEN = re.compile(
    r"""doc_number\s*:\s*["']?\s*"""  # the key, and the value's opening quote if any
    r"""(?:(?P<prefix>[^〔〕\s"'{}\[\],]+?)〔(?P<year>\d{4})〕)?(?P<number>\d{1,6})(?(prefix)号)"""
)


def written_numbers(files: list[Path]) -> dict[tuple[str | None, int | None], frozenset[int]]:
    """Every 发文字号 written in the inputs, found before any letter is numbered.

    So an `auto` letter early in the run never takes a number that a later letter states, whatever the
    order of the files. The files' `doc_number:` lines are scanned as text (a tenth of the cost of
    parsing them again); a serial written alone (its 代字 from the bureau) is kept under (None, None)
    and avoided in every series. Finding too much only leaves a gap; a number written in a way the scan
    does not see is still refused when it clashes, as before.
    """
    found: dict[tuple[str | None, int | None], set[int]] = {}
    for path in files:
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if "doc_number" not in line:
                        continue
                    for match in WRITTEN.finditer(line):
                        year = int(match["year"]) if match["year"] else None
                        found.setdefault((match["prefix"], year), set()).add(int(match["number"]))
        except OSError:
            continue  # the reader says why
    return {key: frozenset(numbers) for key, numbers in found.items()}


def _render(item: _Checked) -> Outcome:
    settings: Settings = _worker["settings"]
    temps: list[tuple[str, str]] = []
    hashes = []
    try:
        for person, rel in zip(item.persons, item.outputs, strict=True):
            one = item.letter if person is None else _addressed(item.letter, person)
            result = render(one, item.entry)
            final = settings.out_dir.joinpath(*PurePosixPath(rel).parts)
            hashes.append(_make(final, result.write_docx, temps))
            form = result.feedback()
            if form is not None:
                _make(final.with_name(f"{final.stem}-征询意见表.docx"), form.write_docx, temps)
    except BaseException:
        for temp, _final in temps:
            Path(temp).unlink(missing_ok=True)
        raise
    return Outcome(
        "made",
        outputs=item.outputs,
        temps=tuple(temps),
        hashes=tuple(hashes),
        digest=item.digest,
        stand_in=_stand_in(item.entry),
    )


def _stand_in(entry: Any) -> str:
    return entry.id if entry.provisional else ""


def _make(final: Path, fill: Callable[[Any], None], temps: list[tuple[str, str]]) -> str:
    buffer = io.BytesIO()
    fill(buffer)
    blob = buffer.getvalue()
    folder = _worker["settings"].out_dir / TEMP_FOLDER / str(os.getpid())
    temp = write_temp(folder, blob, sync=SYNC_EACH)
    temps.append((str(temp), str(final)))
    return hashlib.sha256(blob).hexdigest()


def _guarded(source: InputLetter, step: Callable[[], Outcome | _Checked]) -> Outcome | _Checked:
    """One letter's step; its problems become its outcome, so one letter's fault stops no other."""
    try:
        return step()
    except InputError as exc:
        return Outcome("failed", problems=tuple(exc.problems))
    except TemplateProblem as exc:
        return Outcome("failed", problems=(Problem(source.file, str(exc)),))
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else source.file
        return Outcome("failed", problems=(output_problem(where, exc),))
    except Exception as exc:
        message = _("内部错误：{kind}: {exc}（程序的问题，不是输入的问题）").format(kind=type(exc).__name__, exc=exc)
        return Outcome("failed", problems=(Problem(source.file, message),))


def process(sources: list[InputLetter]) -> list[Outcome]:
    """A chunk of letters: checked, numbered together, rendered to temporary files."""
    chunk = [_guarded(source, lambda s=source: _check(s)) for source in sources]
    try:
        chunk = _number(chunk)
    except InputError as exc:  # the ledger itself cannot be opened or stays locked
        chunk = [Outcome("failed", problems=tuple(exc.problems)) if isinstance(c, _Checked) else c for c in chunk]
    out = []
    for source, item in zip(sources, chunk, strict=True):
        done = _guarded(source, lambda i=item: _render(i)) if isinstance(item, _Checked) else item
        assert isinstance(done, Outcome)
        out.append(done)
    return out


def convert(pairs: list[tuple[str, str]]) -> list[str | None]:
    """PDFs beside the written letters, by this worker's kept-running LibreOffice; an error message or None."""
    from drafter.pdf.convert import Converter, PdfError, PdfUnavailable

    if _worker["converter"] is None:
        _worker["converter"] = Converter()
    out: list[str | None] = []
    for docx, pdf in pairs:
        try:
            _worker["converter"].convert(Path(docx), Path(pdf))
            out.append(None)
        except (PdfError, PdfUnavailable) as exc:
            out.append(str(exc))
    return out


# ---------------------------------------------------------------- the main process

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Pieces of 4, 8, 16 … up to `size` items: small batches still spread over every worker, and big ones
    pay the per-piece costs (a message each way, a ledger transaction) rarely."""
    chunk: list[T] = []
    limit = min(4, size)
    for item in items:
        chunk.append(item)
        if len(chunk) == limit:
            yield chunk
            chunk = []
            limit = min(limit * 2, size)
    if chunk:
        yield chunk


class Pool:
    """Work spread over processes with a bounded queue, so a huge batch is never all in memory at once."""

    def __init__(self, jobs: int, settings: Settings):
        self.jobs = jobs
        self.pool = None
        if jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            # forked workers share the parent's memory until they write to it; a garbage collection in a
            # worker would touch every object and copy every page, so the parent's objects are frozen first
            gc.disable()
            gc.freeze()  # for good: unfreezing would write to every object's header and copy the pages anyway
            try:
                self.pool = context.Pool(jobs, initializer=_init, initargs=(settings,))
            finally:
                gc.enable()
        else:
            _init(settings)

    def map(self, fn: Callable[[list[T]], list[R]], items: Iterable[T]) -> Iterator[R]:
        if self.pool is None:
            for chunk in chunks(items, CHUNK):
                yield from fn(chunk)
            return
        pending: deque[Any] = deque()
        for chunk in chunks(items, CHUNK):
            pending.append(self.pool.apply_async(fn, (chunk,)))
            if len(pending) >= self.jobs * 4:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        elif _worker.get("converter") is not None:
            _worker["converter"].close()
            _worker["converter"] = None


def inputs(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named, or found in the folders named (and their subfolders), in a stable order."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in (".yaml", ".yml")
                and p.name != "bureau.yaml"  # a bureau's library settings, not a letter
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(path, _("这个文件夹里没有 .yaml 文件")))
            files += found
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Problem(path, _("这不是普通文件（是管道、设备或套接字），不能作为输入读取")))
        else:
            problems.append(Problem(path, _("找不到这个文件或文件夹")))
    return files, problems


class Journal:
    """What each output was made from: one JSON line a file, read by --changed in the next run.

    A run's lines first go to a pending file as letters are made, and join the journal only when their
    files are renamed into place; so the main process keeps nothing of them in memory.
    """

    def __init__(self, folder: Path):
        self.path = folder / JOURNAL
        self.pending_path = folder / (JOURNAL + ".pending")
        self._pending: Any = None

    def recover(self) -> None:
        """A pending journal left by a killed run: lines whose file is in place join the journal, the rest go.

        A file is in place when it has the bytes the line records; so a run killed while it renamed its
        files loses no line, and one killed before leaves nothing that --changed would trust.
        """
        if not self.pending_path.exists():
            return
        records, found = self.records(), False
        for line in self.pending_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
                path = self.path.parent.joinpath(*PurePosixPath(record["file"]).parts)
                if path.is_file() and _sha(path) == record["output"]:
                    records[record["file"]], found = record, True
            except (ValueError, KeyError, TypeError, OSError):
                continue  # a line cut off by the kill
        if found:
            self._write(records)
        self.pending_path.unlink(missing_ok=True)

    def _write(self, records: dict[str, dict[str, str]]) -> None:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values())
        write_atomic(self.path, lambda h: h.write(lines.encode("utf-8")), force=True)

    def records(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for path in (self.path,):
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    out[record["file"]] = record
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut off by a kill
        return out

    def pend(self, rel: str, digest: str, output: str) -> None:
        if self._pending is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._pending = self.pending_path.open("w", encoding="utf-8")
        self._pending.write(json.dumps({"file": rel, "input": digest, "output": output}, ensure_ascii=False) + "\n")

    def settle(self, keep: bool) -> None:
        """The pending lines join the journal (rewritten with one line a file), or are dropped."""
        if self._pending is None:
            return
        self._pending.close()
        self._pending = None
        if keep:
            records = self.records()
            for line in self.pending_path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                records[record["file"]] = record
            self._write(records)
        self.pending_path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Options:
    out_dir: Path
    force: bool = False
    changed: bool = False
    strict: bool = False
    jobs: int = 1
    pdf: bool = False
    library: tuple[Path, ...] = ()
    ledger: Path | None = None
    wait: float = LOCK_WAIT  # for another run writing into the same folder


@dataclass
class Summary:
    out_dir: Path
    letters: list[Letterset]
    problems: list[Problem]  # problems with whole files (unreadable, not YAML)
    strict_stop: bool = False
    stand_ins: Counter[str] = field(default_factory=Counter)  # bureaus with no library → letters made with the base

    def count(self, state: str) -> int:
        return sum(1 for item in self.letters if item.state == state)

    @property
    def usable(self) -> bool:
        return any(item.state != "failed" for item in self.letters)

    @property
    def status(self) -> int:
        if not self.usable:
            return 2
        return 1 if self.problems or self.count("failed") else 0

    def as_data(self) -> dict[str, Any]:
        def problem(p: Problem) -> dict[str, Any]:
            data = asdict(p)
            data["file"] = str(p.file) if p.file else None
            data["field"] = list(p.field)
            data["text"] = str(p)
            return data

        return {
            "out_dir": str(self.out_dir),
            "status": self.status,
            "strict_stop": self.strict_stop,
            "counts": {s: self.count(s) for s in ("rendered", "skipped", "failed")},
            "file_problems": [problem(p) for p in self.problems],
            "letters": [
                {
                    "source": item.file,
                    "index": item.index,
                    "state": item.state,
                    "reason": item.reason,
                    "outputs": item.outputs,
                    "written": item.written,
                    "problems": [problem(p) for p in item.problems],
                }
                for item in self.letters
            ],
        }


class Progress:
    """What the run tells the clerk as it goes; the CLI gives a rich bar or plain lines."""

    def start(self, phase: str, total: int | None) -> None: ...

    def advance(self, done: Letterset | None = None) -> None: ...

    def stop(self) -> None: ...


def _sources(files: list[Path], problems: list[Problem]) -> Iterator[InputLetter]:
    for path in files:
        try:
            yield from read(path)
        except InputError as exc:
            problems.extend(exc.problems)


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


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError where another process holds it
        return False
    return True


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float) -> Iterator[None]:
    """The output folder for this run alone: a second run waits up to `wait` seconds, then refuses plainly.

    Two runs writing into one folder would share its journal and its temporary files; one after the
    other, each reads what the other committed. The lock file is removed by its holder at the end; a
    waiter that then gets the lock of the removed file sees that it is no longer the one at the path,
    and starts again on the new one.
    """
    path = folder / LOCK
    deadline, told = time.monotonic() + wait, False
    while True:
        with writing(path):  # a read-only or full disk, said plainly
            folder.mkdir(parents=True, exist_ok=True)
            handle = path.open("a+b")
        if _try_lock(handle):
            with contextlib.suppress(OSError):
                if os.name == "nt" or os.fstat(handle.fileno()).st_ino == path.stat().st_ino:
                    break
        handle.close()
        if time.monotonic() >= deadline:
            message = _("另一个 drafter batch 正在向这个文件夹生成答复，等了 {seconds} 秒还没有结束；")
            message += _("请等它结束后再运行")
            raise InputError([Problem(folder, message.format(seconds=f"{wait:g}"))])
        if not told:
            waiting = _("另一个 drafter batch 正在向 {folder} 生成答复，等它结束……")
            print(waiting.format(folder=folder), file=sys.stderr)
            told = True
        time.sleep(0.2)
    try:
        yield  # the lock goes with the handle, also when the process is killed
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held (Windows keeps an open file: there it stays, empty)
        handle.close()


def _gather(files: list[Path], pool: Pool, progress: Progress, summary: Summary, journal: Journal) -> None:
    read_problems: list[Problem] = []
    keys: deque[tuple[str, int | None]] = deque()

    def sources() -> Iterator[InputLetter]:
        for source in _sources(files, read_problems):
            keys.append((sys.intern(str(source.file)), source.index))  # one string a file, not one a letter
            yield source

    progress.start(N_("生成"), None)
    taken: dict[str, Letterset] = {}
    for outcome in pool.map(process, sources()):
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
    summary.problems += _dedupe(read_problems)
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


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (str(p.file), p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def letter_problems(item: Letterset) -> list[Problem]:
    return _dedupe(item.problems)
