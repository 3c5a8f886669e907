"""One chunk of letters on a worker process: each checked, numbered from the ledger, rendered to temporary files.

A worker is told the run's `Settings` once; what it sends back for each letter is a small `Outcome`
(names, temporary paths, hashes), never the letter. One letter's fault becomes its own outcome and
stops no other.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import Any

from drafter import __version__
from drafter.batch.journal import file_hash
from drafter.batch.ledger import Ledger
from drafter.batch.names import Escape, inside, relative
from drafter.batch.numbering import numbered, request, settle
from drafter.batch.stream import InputLetter
from drafter.files import TEMP_FOLDER, output_problem, write_temp
from drafter.i18n import _
from drafter.letter.load import bind_bureau
from drafter.letter.model import Letter, Person
from drafter.letter.render import render
from drafter.library.search import BASE, Snapshot
from drafter.problems import InputError, Problem, TemplateProblem

# where the system cannot sync everything at once (Windows), each file is synced as it is written
SYNC_EACH = not hasattr(os, "sync")


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


_worker: dict[str, Any] = {}


def init(settings: Settings) -> None:
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
        if path.exists() and (record is None or file_hash(path) != record["output"]):
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
    chunk = [_guarded(source, partial(_check, source)) for source in sources]
    try:
        chunk = _number(chunk)
    except InputError as exc:  # the ledger itself cannot be opened or stays locked
        chunk = [Outcome("failed", problems=tuple(exc.problems)) if isinstance(c, _Checked) else c for c in chunk]
    out = []
    for source, item in zip(sources, chunk, strict=True):
        done = _guarded(source, partial(_render, item)) if isinstance(item, _Checked) else item
        assert isinstance(done, Outcome)
        out.append(done)
    return out


def convert(pairs: list[tuple[str, str]]) -> list[str | None]:
    """PDFs beside the written letters, by this worker's kept-running LibreOffice; an error message or None."""
    from drafter.pdf.convert import Converter, PdfError
    from drafter.pdf.find import PdfUnavailable

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


def release() -> None:
    """This process's LibreOffice ended (a run on one process keeps it in the main process)."""
    if _worker.get("converter") is not None:
        _worker["converter"].close()
        _worker["converter"] = None
