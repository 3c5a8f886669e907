"""`drafter batch`: every letter of a year's batch, checked first, then made on several processes.

The flow is two passes over the input, streamed so memory holds a few letters at a time:
1. examine: each letter is validated against the model and its bureau (on the workers); the main
   process then takes the ledger's numbers for all of them in one transaction, names the outputs,
   and decides what to write (new, changed, kept).
2. make: the letters to write are read again and rendered on the workers, each file written to a
   temporary name and renamed, then (with --pdf) converted by the worker's kept-running LibreOffice.
A journal in the output folder records what each file was made from, so `--changed` redoes only the
letters whose input, bureau library or drafter changed, and leaves alone a file edited in Word since.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from . import __version__
from .files import clean_stale, write_atomic
from .ledger import Ledger
from .letters import check
from .library import BASE, Snapshot
from .model import Letter, Person
from .names import Escape, inside, relative
from .numbering import Request, numbered, request, settle
from .problems import InputError, Problem, TemplateProblem
from .render import Rendered, render
from .stream import Source, read

JOURNAL = ".drafter-batch.jsonl"
CHUNK = 8  # letters per message to a worker: fewer round trips, still a smooth progress bar


@dataclass(frozen=True)
class Settings:
    """What the workers need to know; plain data, sent once to each."""

    library: tuple[Path, ...] = ()
    ledger: Path | None = None
    pdf: bool = False


@dataclass(frozen=True)
class Examined:
    """A letter after the first pass: its problems, or what it will make."""

    problems: tuple[Problem, ...] = ()
    outputs: tuple[str, ...] = ()  # paths inside the output folder, one per letter made (per_proposer: several)
    digest: str = ""  # of everything the files are made from
    request: Request | None = None
    number_at: Problem | None = None  # where a clash of its 发文字号 is reported


@dataclass(frozen=True)
class Job:
    source: Source
    targets: tuple[str, ...]  # absolute paths, in the order of Examined.outputs
    request: Request | None
    number: int | None


@dataclass(frozen=True)
class Made:
    files: tuple[str, ...] = ()
    hashes: tuple[str, ...] = ()  # sha256 of each .docx, to tell later whether someone edited it
    problems: tuple[Problem, ...] = ()


@dataclass
class Letterset:
    """One letter's fate in this run, for the summary and the report."""

    file: str
    index: int | None
    outputs: list[str] = field(default_factory=list)
    state: str = "pending"  # rendered / skipped / failed
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the workers' side

_worker: dict[str, Any] = {}


def _init(settings: Settings) -> None:
    _worker.clear()
    _worker.update(settings=settings, library=Snapshot(list(settings.library)), converter=None)


def _where(source: Source) -> Callable[[tuple[str | int, ...], str], Problem]:
    return source.problem


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


def examine(sources: list[Source]) -> list[Examined]:
    out = []
    for source in sources:
        try:
            letter, entry = check(source.data, _where(source), _worker["library"])
        except InputError as exc:
            out.append(Examined(problems=tuple(exc.problems)))
            continue
        outputs = tuple(str(relative(letter, person)) for person in _persons(letter))
        stamp = _stamp((entry.folder, BASE))
        digest = hashlib.sha256((letter.model_dump_json() + stamp).encode()).hexdigest()
        req = request(letter, entry, _worker["settings"].ledger)
        at = source.problem(("reply", "doc_number"), "") if req else None
        out.append(Examined(outputs=outputs, digest=digest, request=req, number_at=at))
    return out


def _converter() -> Any:
    if _worker["converter"] is None:
        from .pdf import Converter

        _worker["converter"] = Converter()
    return _worker["converter"]


def _write(target: Path, result: Rendered) -> str:
    write_atomic(target, result.write_docx, force=True)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if _worker["settings"].pdf:
        _converter().convert(target, target.with_suffix(".pdf"))
    return digest


def make(jobs: list[Job]) -> list[Made]:
    out = []
    for job in jobs:
        source = job.source
        try:
            letter, entry = check(source.data, _where(source), _worker["library"])
            if job.request is not None and job.number is not None:
                letter = numbered(letter, job.request, job.number)
            files, hashes = [], []
            for person, target in zip(_persons(letter), job.targets, strict=True):
                one = letter if person is None else _addressed(letter, person)
                result = render(one, entry)
                path = Path(target)
                hashes.append(_write(path, result))
                files.append(target)
                form = result.feedback()
                if form is not None:
                    form_path = path.with_name(f"{path.stem}-征询意见表.docx")
                    _write(form_path, form)
                    files.append(str(form_path))
            out.append(Made(tuple(files), tuple(hashes)))
        except InputError as exc:
            out.append(Made(problems=tuple(exc.problems)))
        except TemplateProblem as exc:
            out.append(Made(problems=(Problem(source.file, str(exc)),)))
        except OSError as exc:
            out.append(Made(problems=(Problem(Path(exc.filename or source.file), f"无法写入（{exc.strerror}）"),)))
        except Exception as exc:  # one letter's fault of ours must not stop the other letters
            from .pdf import PdfError

            if isinstance(exc, PdfError):
                out.append(Made(problems=(Problem(source.file, str(exc)),)))
            else:
                message = f"内部错误：{type(exc).__name__}: {exc}（程序的问题，不是输入的问题）"
                out.append(Made(problems=(Problem(source.file, message),)))
    return out


def _addressed(letter: Letter, person: Person) -> Letter:
    """The same reply to one of the co-signers."""
    assert letter.proposal is not None
    proposal = letter.proposal.model_copy(update={"proposers": [person]})
    reply = letter.reply.model_copy(update={"per_proposer": False})
    return letter.model_copy(update={"proposal": proposal, "reply": reply})


# ---------------------------------------------------------------- the main process

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
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
            self.pool = context.Pool(jobs, initializer=_init, initargs=(settings,))
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
                problems.append(Problem(path, "这个文件夹里没有 .yaml 文件"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path, "找不到这个文件或文件夹"))
    return files, problems


class Journal:
    """What each output was made from, appended as files are written, so a killed run loses nothing."""

    def __init__(self, folder: Path):
        self.path = folder / JOURNAL
        self.records: dict[str, dict[str, str]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.records[record["file"]] = record
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut off by a kill
        self._handle: Any = None

    def add(self, rel: str, digest: str, output: str) -> None:
        record = {"file": rel, "input": digest, "output": output}
        self.records[rel] = record
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Rewrite the journal with one line a file (it only grows between runs otherwise)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.records.values())
            write_atomic(self.path, lambda h: h.write(lines.encode("utf-8")), force=True)


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


@dataclass
class Summary:
    out_dir: Path
    letters: list[Letterset]
    problems: list[Problem]  # problems with whole files (unreadable, not YAML)
    strict_stop: bool = False

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


def _sources(files: list[Path], problems: list[Problem]) -> Iterator[Source]:
    for path in files:
        try:
            yield from read(path)
        except InputError as exc:
            problems.extend(exc.problems)


def run(paths: list[Path], options: Options, progress: Progress | None = None) -> Summary:
    progress = progress or Progress()
    files, file_problems = inputs(paths)
    out_dir = options.out_dir
    summary = Summary(out_dir, [], file_problems)
    if not files:
        return summary
    stats = {f: f.stat() for f in files}
    settings = Settings(options.library, options.ledger, options.pdf)
    pool = Pool(options.jobs, settings)
    try:
        return _run(files, stats, options, summary, pool, progress)
    finally:
        progress.stop()
        pool.close()


def _run(
    files: list[Path],
    stats: dict[Path, os.stat_result],
    options: Options,
    summary: Summary,
    pool: Pool,
    progress: Progress,
) -> Summary:
    out_dir = options.out_dir
    # pass 1: examine every letter
    progress.start("检查", None)
    broken: set[str] = set()
    read_problems: list[Problem] = []
    examined: list[tuple[Letterset, Examined]] = []
    keys: list[tuple[str, int | None]] = []

    def sources() -> Iterator[Source]:
        for source in _sources(files, read_problems):
            keys.append((str(source.file), source.index))
            yield source

    for number, verdict in enumerate(pool.map(examine, sources())):
        file, index = keys[number]
        item = Letterset(file, index, list(verdict.outputs))
        if verdict.problems:
            item.state, item.problems = "failed", list(verdict.problems)
        examined.append((item, verdict))
        progress.advance()
    for problem in read_problems:
        if problem.file is not None:
            broken.add(str(problem.file))
    summary.problems += _dedupe(read_problems)
    for item, _ in examined:
        if item.file in broken and item.state != "failed":
            item.state, item.reason = "failed", "所在文件有格式错误，整个文件没有生成"
    summary.letters = [item for item, _ in examined]

    numbers = _numbers(examined)
    _name(examined, out_dir, options)
    if options.strict and (summary.problems or any(i.state == "failed" for i, _ in examined)):
        summary.strict_stop = True
        for item, _ in examined:
            if item.state == "pending":
                item.state, item.reason = "skipped", "有答复出错，--strict 时一个也不生成"
        return summary

    # pass 2: make what is to be made
    todo = {(item.file, item.index): (item, verdict) for item, verdict in examined if item.state == "pending"}
    if not todo:
        return summary
    clean_stale(out_dir)
    journal = Journal(out_dir)
    progress.start("生成", len(todo))
    chosen: list[tuple[Letterset, Examined]] = []

    def jobs() -> Iterator[Job]:
        wanted = {file for file, _ in todo}
        for path in files:
            if str(path) in broken or str(path) not in wanted:
                continue
            now = path.stat()
            changed = (now.st_mtime_ns, now.st_size) != (stats[path].st_mtime_ns, stats[path].st_size)
            for source in _sources([path], []):
                pair = todo.get((str(source.file), source.index))
                if pair is None:
                    continue
                item, verdict = pair
                if changed:
                    item.state, item.reason = "failed", "生成过程中这个文件被修改了，请重新运行"
                    continue
                chosen.append(pair)
                targets = tuple(str(out_dir.joinpath(*PurePosixPath(o).parts)) for o in item.outputs)
                yield Job(source, targets, verdict.request, numbers.get((item.file, item.index)))

    try:
        for number, made in enumerate(pool.map(make, jobs())):
            item, verdict = chosen[number]
            if made.problems:
                item.state, item.problems = "failed", list(made.problems)
            else:
                item.state, item.written = "rendered", list(made.files)
                for rel, digest in zip(item.outputs, made.hashes, strict=True):
                    journal.add(rel, verdict.digest, digest)
            progress.advance(item)
    finally:
        journal.close()
    return summary


def _numbers(examined: list[tuple[Letterset, Examined]]) -> dict[tuple[str, int | None], int]:
    """The ledger's numbers for every valid letter, one transaction per ledger file."""
    wanted: dict[Path, list[tuple[Letterset, Examined]]] = {}
    for item, verdict in examined:
        if item.state == "pending" and verdict.request is not None:
            wanted.setdefault(verdict.request.ledger, []).append((item, verdict))
    numbers = {}
    for path, pairs in wanted.items():
        try:
            ledger = Ledger(path)
        except InputError as exc:
            for item, _ in pairs:
                item.state, item.problems = "failed", list(exc.problems)
            continue
        with ledger, ledger.transaction():
            for item, verdict in pairs:
                assert verdict.request is not None
                number, clash = settle(verdict.request, ledger)
                if clash:
                    at = verdict.number_at
                    assert at is not None
                    item.state, item.problems = "failed", [Problem(at.file, clash, at.line, at.column, at.field)]
                else:
                    numbers[(item.file, item.index)] = number
    return numbers


def _name(examined: list[tuple[Letterset, Examined]], out_dir: Path, options: Options) -> None:
    """Refuse clashing names and names outside the folder; decide what existing files to keep."""
    journal = Journal(out_dir).records if options.changed else {}
    taken: dict[str, Letterset] = {}
    for item, verdict in examined:
        if item.state != "pending":
            continue
        for rel in item.outputs:
            key = rel.casefold()  # Windows does not tell 答复A.docx from 答复a.docx
            other = taken.get(key)
            if other is not None:
                where = f"{other.file}" + (f" 第{other.index + 1}封" if other.index is not None else "")
                message = f"输出文件名 {rel} 与 {where} 的相同；请在这封答复里写 file: 另起一个文件名"
                item.state, item.problems = "failed", [Problem(Path(item.file), message, field=("file",))]
                break
            taken[key] = item
            try:
                inside(out_dir, PurePosixPath(rel))
            except Escape:
                message = f"输出文件 {rel} 会落到输出文件夹之外（经由链接），已拒绝"
                item.state, item.problems = "failed", [Problem(Path(item.file), message, field=("file",))]
                break
        if item.state != "pending" or options.force:
            continue
        existing = [rel for rel in item.outputs if out_dir.joinpath(*PurePosixPath(rel).parts).exists()]
        if not existing:
            continue
        if not options.changed:
            item.state, item.reason = "skipped", "文件已存在（加 --force 覆盖，或加 --changed 只重新生成改过的）"
            continue
        records = [journal.get(rel) for rel in item.outputs]
        if all(r is not None and r["input"] == verdict.digest for r in records) and len(existing) == len(
            item.outputs
        ) and (not options.pdf or all(_pdf_of(out_dir, rel).exists() for rel in item.outputs)):
            item.state, item.reason = "skipped", "没有变化"
            continue
        for rel in existing:
            record = journal.get(rel)
            path = out_dir.joinpath(*PurePosixPath(rel).parts)
            if record is None or hashlib.sha256(path.read_bytes()).hexdigest() != record["output"]:
                item.state = "skipped"
                item.reason = f"{rel} 已在 Word 里改过（或不是本工具生成的），没有覆盖；要覆盖请加 --force"
                break


def _pdf_of(out_dir: Path, rel: str) -> Path:
    return out_dir.joinpath(*PurePosixPath(rel).parts).with_suffix(".pdf")


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

