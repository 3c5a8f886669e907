"""Each item's progress in a folder of drafts, for the office's weekly report (`drafter status`).

A row per letter YAML (hidden folders left out): its facts, its deadline (`deadline.deadline`), the state its
files show, the 发文字号 and the days left. The state is read from the files alone, so it is always what the
folder holds: 未起草 while the body still holds a 【待填…】 placeholder; 起草中 once written, until the .docx
beside it is newer than the YAML; then 已生成, or 已检查 when `drafter check` finds no error in that .docx;
逾期 whenever the deadline has passed short of 已检查. A file that cannot be read is a row with its problems.

Reading a YAML file (ruamel's round trip) and checking a .docx are the slow parts, so what each gave is kept
in DIR/.drafter-status.json, keyed by the file's size and modification time (a check also by the bureau it
was checked against) and drafter's version: a weekly rerun reads neither again, nor loads the letter model.
A file that cannot be read is read again every time (its problems in the language of the run).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from drafter import __version__
from drafter.files import write_atomic
from drafter.i18n import N_
from drafter.library.search import BUREAU_FILE, Library
from drafter.problems import InputError, Problem, TemplateProblem
from drafter.worklist.deadline import deadline

if TYPE_CHECKING:
    from drafter.letter.model import Letter

NOT_STARTED, DRAFTING, RENDERED, CHECKED, LATE, BROKEN = (
    N_("未起草"),
    N_("起草中"),
    N_("已生成"),
    N_("已检查"),
    N_("逾期"),
    N_("出错"),
)
STATES = (NOT_STARTED, DRAFTING, RENDERED, CHECKED, LATE, BROKEN)  # in the order the summary counts them
CODES = {
    NOT_STARTED: "not_started",
    DRAFTING: "drafting",
    RENDERED: "rendered",
    CHECKED: "checked",
    LATE: "late",
    BROKEN: "broken",
}
SOON = 7  # days: "due soon" in the summary
CACHE = ".drafter-status.json"
CACHE_LIMIT = 32 * 1024 * 1024  # bytes: a larger cache is not ours, or not worth reading
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Checked:
    """What `drafter check` said of one .docx: enough for the state and the number column."""

    errors: int
    warnings: int
    unreadable: str | None
    doc_number: str | None  # the 发文字号 as the .docx prints it


@dataclass(frozen=True)
class Facts:
    """What the status needs of one letter YAML: plain data, kept in the cache as it is."""

    bureau: str = ""
    written: bool = False  # the body holds no 【待填…】
    number: str | None = None
    title: str | None = None
    proposers: tuple[str, ...] = ()
    reply_type: str | None = None
    assigned: dt.date | None = None
    due: dt.date | None = None
    doc_number: str | None = None  # the letter's own, when it states all of it

    def as_json(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "proposers": list(self.proposers),
            "assigned": self.assigned.isoformat() if self.assigned else None,
            "due": self.due.isoformat() if self.due else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        def day(value: str | None) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        plain = {k: v for k, v in data.items() if k not in ("proposers", "assigned", "due")}
        return cls(**plain, proposers=tuple(data["proposers"]), assigned=day(data["assigned"]), due=day(data["due"]))


@dataclass(frozen=True)
class Row:
    file: Path  # relative to the folder
    facts: Facts = Facts()  # of a broken file, the number and title that could be read
    deadline: dt.date | None = None
    progress: str = BROKEN  # 未起草 … 已检查, or 出错: what the files show, lateness aside
    doc_number: str | None = None
    days_left: int | None = None
    docx: Path | None = None  # relative to the folder, when there is one beside the YAML
    checked: Checked | None = None
    problems: tuple[str, ...] = ()

    @property
    def late(self) -> bool:
        done = self.progress in (CHECKED, BROKEN)
        return not done and self.days_left is not None and self.days_left < 0

    @property
    def state(self) -> str:
        return LATE if self.late else self.progress

    @property
    def due_soon(self) -> bool:
        """Due within SOON days and not yet checked: what the office asks about first."""
        return self.progress not in (CHECKED, BROKEN) and self.days_left is not None and 0 <= self.days_left <= SOON

    def as_json(self) -> dict[str, Any]:
        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        facts = self.facts
        return {
            "file": self.file.as_posix(),
            "number": facts.number,
            "title": facts.title,
            "proposers": list(facts.proposers),
            "reply_type": facts.reply_type,
            "assigned": day(facts.assigned),
            "due": day(facts.due),
            "deadline": day(self.deadline),
            "days_left": self.days_left,
            "state": self.state,
            "state_code": CODES[self.state],
            "progress": CODES[self.progress],
            "late": self.late,
            "doc_number": self.doc_number,
            "docx": self.docx.as_posix() if self.docx else None,
            "check_errors": self.checked.errors if self.checked else None,
            "check_warnings": self.checked.warnings if self.checked else None,
            "problems": list(self.problems),
        }


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)  # state → rows
    soon: int = 0  # rows due within `days` days and not yet checked
    total: int = 0
    days: int = SOON


def summarise(rows: list[Row]) -> Summary:
    found = Summary(total=len(rows), soon=sum(1 for r in rows if r.due_soon))
    for state in STATES:
        found.counts[state] = sum(1 for r in rows if r.state == state)
    return found


def letter_files(folder: Path) -> Iterator[Path]:
    """The YAML files in `folder` and its subfolders, hidden ones (.drafter-tmp, .git) and bureau.yaml left out."""
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(YAML_SUFFIXES) and not name.startswith((".", "~$")) and name != BUREAU_FILE:
                yield Path(top) / name


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """第9号 before 第10号, 温138 after 138: digits compared as numbers."""
    parts = re.findall(r"[0-9]+|[^0-9]+", text)  # ASCII digits: int() refuses some that isdigit() accepts (²)
    return tuple((0, int(part)) if part[0] in "0123456789" else (1, part) for part in parts)


def _sort_key(row: Row) -> tuple[Any, ...]:
    return (row.deadline is None, row.deadline or dt.date.max, _natural(row.facts.number or ""), row.file.as_posix())


def _title(letter: Letter) -> str | None:
    if letter.proposal and letter.proposal.title:
        return letter.proposal.title
    reply = letter.reply
    return reply.title.split("\n")[0] if reply.title else reply.subject


def _doc_number(letter: Letter) -> str | None:
    """The letter's own 发文字号 when it states all of it (a serial alone or auto: the .docx says)."""
    number = letter.reply.doc_number
    if number and number.prefix and number.year and number.number:
        return str(number)
    return None


class Broken(Exception):
    """A file that is not a letter one can read: its problems, and what could be read of it for the row."""

    def __init__(self, problems: list[Problem], salvaged: dict[str, str]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.salvaged = salvaged


def read_facts(path: Path) -> Facts | None:
    """One letter YAML read with the located reader and validated by the model; None for a batch file
    (letters:, defaults:), which holds many letters. A broken file raises Broken, its problems located."""
    from drafter import limits
    from drafter.letter.load import unfilled
    from drafter.letter.model import Letter, Person
    from drafter.letter.yamlio import LETTER_SHAPE, in_tree, load_tree, validate

    tree = None
    try:
        tree = load_tree(path, LETTER_SHAPE)
        if "letters" in tree or "defaults" in tree:
            return None
        over = limits.letter_data(tree)
        if over:
            where = in_tree(tree, path)
            raise InputError([where(loc, message) for loc, message in over])
        letter = validate(Letter, tree, path)
    except InputError as exc:
        raise Broken(exc.problems, _salvaged(tree)) from None
    proposal = letter.proposal
    people = proposal.proposers if proposal else []
    return Facts(
        bureau=letter.reply.bureau,
        written=not unfilled(tree, in_tree(tree, path)),  # as render decides: no 【待填…】 left anywhere
        number=proposal.number if proposal else None,
        title=_title(letter),
        proposers=tuple(p.name if isinstance(p, Person) else p.organisation for p in people),  # type: ignore[union-attr]
        reply_type=letter.reply.type,
        assigned=proposal.assigned if proposal else None,
        due=proposal.due if proposal else None,
        doc_number=_doc_number(letter),
    )


def _salvaged(tree: Any) -> dict[str, str]:
    """The number and title of a file that is not a valid letter, when its YAML could be read: the row is
    then recognisable in the table."""
    proposal = tree.get("proposal") if isinstance(tree, dict) else None
    if not isinstance(proposal, dict):
        return {}
    found = {key: proposal.get(key) for key in ("number", "title")}
    return {key: value for key, value in found.items() if isinstance(value, str)}


def _stamp(info: os.stat_result) -> dict[str, int]:
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


class Cache:
    """What each letter YAML said and what `drafter check` said of each .docx, kept between runs in
    DIR/.drafter-status.json. Only ever a shortcut: one that cannot be read or written is ignored."""

    def __init__(self, folder: Path, library: Library):
        self.folder = folder
        self.library = library
        self.path = folder / CACHE
        old = self._read()
        self.old = {part: old.get(part, {}) for part in ("letters", "checks")}
        self.new: dict[str, dict[str, Any]] = {"letters": {}, "checks": {}}
        self.changed = False
        self.bureaus: dict[str, tuple[Any, str | None]] = {}

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            if self.path.stat().st_size > CACHE_LIMIT:
                return {}
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != __version__:
            return {}
        parts = {part: data.get(part) for part in ("letters", "checks")}
        return {
            part: {k: v for k, v in value.items() if isinstance(v, dict)}
            for part, value in parts.items()
            if isinstance(value, dict)
        }

    def _hit(self, part: str, key: str, stamp: dict[str, Any]) -> dict[str, Any] | None:
        cached = self.old[part].get(key)
        if cached is not None and all(cached.get(k) == v for k, v in stamp.items()):
            self.new[part][key] = cached
            return cached
        return None

    def _keep(self, part: str, key: str, entry: dict[str, Any]) -> None:
        self.new[part][key] = entry
        self.changed = True

    def facts(self, path: Path, info: os.stat_result) -> Facts | None:
        """The letter's facts, read again only when the file changed."""
        key, stamp = path.relative_to(self.folder).as_posix(), _stamp(info)
        cached = self._hit("letters", key, stamp)
        if cached is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return None if cached["facts"] is None else Facts.from_json(cached["facts"])
        found = read_facts(path)  # a broken file raises, and is not kept
        self._keep("letters", key, {**stamp, "facts": found.as_json() if found else None})
        return found

    def _bureau(self, ref: str) -> tuple[Any, str | None]:
        """The bureau whose house style the .docx is checked against; the base (and why) if not found."""
        if ref not in self.bureaus:
            from drafter.checker.stylecache import named

            try:
                entry = named(self.library, ref)
                self.bureaus[ref] = (entry, None if entry else self.library.not_found(ref))
            except (InputError, TemplateProblem) as exc:
                self.bureaus[ref] = (None, str(exc))
        return self.bureaus[ref]

    def check(self, docx: Path, ref: str) -> tuple[Checked, str | None]:
        """The check of `docx` against bureau `ref` (and a note when the bureau was not found), checked again
        only when the file changed."""
        key, stamp = docx.relative_to(self.folder).as_posix(), {**_stamp(docx.stat()), "bureau": ref}
        cached = self._hit("checks", key, stamp)
        if cached is not None:
            with contextlib.suppress(KeyError, TypeError):
                found = Checked(cached["errors"], cached["warnings"], cached["unreadable"], cached["doc_number"])
                return found, cached["note"]
        from drafter.checker.run import check_file

        entry, note = self._bureau(ref)
        report = check_file(docx, entry)
        found = Checked(report.errors, report.warnings, report.unreadable, report.doc_number)
        self._keep("checks", key, {**stamp, **found.__dict__, "note": note})
        return found, note

    def save(self) -> None:
        """Written when something changed or a file went."""
        if not self.changed and all(self.new[p].keys() == self.old[p].keys() for p in self.new):
            return
        blob = json.dumps({"version": __version__, **self.new}, ensure_ascii=False, indent=1).encode("utf-8")

        def fill(handle: IO[bytes]) -> None:
            handle.write(blob)

        with contextlib.suppress(InputError, OSError):
            write_atomic(self.path, fill, force=True)


def _row(path: Path, folder: Path, cache: Cache, today: dt.date) -> Row | None:
    """The row of one file; None for a batch file."""
    rel = path.relative_to(folder)
    try:
        info = path.stat()
    except OSError:
        return None  # gone since the folder was listed
    try:
        facts = cache.facts(path, info)
    except Broken as exc:
        salvaged = Facts(number=exc.salvaged.get("number"), title=exc.salvaged.get("title"))
        return Row(rel, salvaged, problems=tuple(str(p) for p in exc.problems))
    if facts is None:
        return None
    until = deadline(facts.assigned, facts.due)
    docx = path.with_suffix(".docx")
    docx_info = docx.stat() if docx.is_file() else None
    current = docx_info is not None and docx_info.st_mtime_ns >= info.st_mtime_ns
    checked, note = None, None
    if docx_info is not None and ((facts.written and current) or facts.doc_number is None):
        checked, note = cache.check(docx, facts.bureau)
    if not facts.written:
        progress = NOT_STARTED
    elif not current:
        progress = DRAFTING
    else:
        assert checked is not None
        progress = CHECKED if checked.errors == 0 and checked.unreadable is None else RENDERED
    return Row(
        file=rel,
        facts=facts,
        deadline=until,
        progress=progress,
        doc_number=facts.doc_number or (checked.doc_number if checked else None),
        days_left=(until - today).days if until else None,
        docx=docx.relative_to(folder) if docx_info is not None else None,
        checked=checked,
        problems=tuple(p for p in (note, checked.unreadable if checked else None) if p),
    )


def scan(folder: Path, library: Library, today: dt.date | None = None) -> list[Row]:
    """Every letter in `folder`, sorted by deadline (unknown last), then number."""
    today = today or dt.date.today()
    cache = Cache(folder, library)
    rows = [row for path in letter_files(folder) if (row := _row(path, folder, cache, today))]
    cache.save()
    return sorted(rows, key=_sort_key)
