"""Each item's progress in a folder of drafts, for the office's weekly report (`drafter status`).

A row per letter YAML (hidden folders left out): its facts, its deadline (`deadline.deadline`), the state its
files show, the 发文字号 and the days left. The state is read from the files alone, so it is always what the
folder holds: 未起草 while the body still holds a 【待填…】 placeholder; 起草中 once written, until the .docx
beside it is newer than the YAML; then 已生成, or 已检查 when `drafter check` finds no error in that .docx;
逾期 whenever the deadline has passed short of 已检查. A file that cannot be read is a row with its problems.

Checking a .docx is the slow part, so each result is kept in DIR/.drafter-status.json, keyed by the .docx's
size and modification time, the bureau it was checked against and drafter's version.
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
from typing import IO, Any

from drafter import __version__, limits
from drafter.files import write_atomic
from drafter.i18n import N_
from drafter.letter.model import Letter, Person
from drafter.letter.yamlio import LETTER_SHAPE, in_tree, load_tree, validate
from drafter.library.search import BUREAU_FILE, Library
from drafter.problems import InputError, TemplateProblem
from drafter.vocab.parts import DRAFT_BODY
from drafter.worklist.deadline import deadline

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
UNWRITTEN = DRAFT_BODY[: DRAFT_BODY.index("：")]  # 【待填: drafter new's body, and the wizard's stand-ins
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Checked:
    """What `drafter check` said of one .docx: enough for the state and the number column."""

    errors: int
    warnings: int
    unreadable: str | None
    doc_number: str | None  # the 发文字号 as the .docx prints it


@dataclass(frozen=True)
class Row:
    file: Path  # relative to the folder
    number: str | None = None
    title: str | None = None
    proposers: tuple[str, ...] = ()
    reply_type: str | None = None
    assigned: dt.date | None = None
    due: dt.date | None = None
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

        return {
            "file": self.file.as_posix(),
            "number": self.number,
            "title": self.title,
            "proposers": list(self.proposers),
            "reply_type": self.reply_type,
            "assigned": day(self.assigned),
            "due": day(self.due),
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


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """第9号 before 第10号, 温138 after 138: digits compared as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", text))


def _sort_key(row: Row) -> tuple[Any, ...]:
    return (row.deadline is None, row.deadline or dt.date.max, _natural(row.number or ""), row.file.as_posix())


def _title(letter: Letter) -> str | None:
    if letter.proposal and letter.proposal.title:
        return letter.proposal.title
    reply = letter.reply
    return reply.title.split("\n")[0] if reply.title else reply.subject


def _proposers(letter: Letter) -> tuple[str, ...]:
    people = letter.proposal.proposers if letter.proposal else []
    return tuple(p.name if isinstance(p, Person) else p.organisation for p in people)  # type: ignore[union-attr]


def _doc_number(letter: Letter) -> str | None:
    """The letter's own 发文字号 when it states all of it (a serial alone or auto: the .docx says)."""
    number = letter.reply.doc_number
    if number and number.prefix and number.year and number.number:
        return str(number)
    return None


class CheckCache:
    """`drafter check` results by .docx, kept between runs in DIR/.drafter-status.json."""

    def __init__(self, folder: Path, library: Library):
        self.folder = folder
        self.library = library
        self.path = folder / CACHE
        self.entries = self._read()
        self.kept: dict[str, dict[str, Any]] = {}
        self.changed = False
        self.bureaus: dict[str, Any] = {}

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            if self.path.stat().st_size > CACHE_LIMIT:
                return {}
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != __version__ or not isinstance(data.get("files"), dict):
            return {}
        return {k: v for k, v in data["files"].items() if isinstance(v, dict)}

    def _bureau(self, ref: str) -> tuple[Any, str | None]:
        """The bureau whose house style the .docx is checked against; the base (and why) if not found."""
        if ref not in self.bureaus:
            from drafter.checker.stylecache import named

            try:
                entry = named(self.library, ref)
                self.bureaus[ref] = (entry, None if entry else self.library.not_found(ref))
            except (InputError, TemplateProblem) as exc:
                self.bureaus[ref] = (None, str(exc))
        return self.bureaus[ref]  # type: ignore[no-any-return]

    def check(self, docx: Path, ref: str) -> tuple[Checked, str | None]:
        """The check of `docx` against bureau `ref`, from the cache when the file is unchanged."""
        info = docx.stat()
        key = docx.relative_to(self.folder).as_posix()
        stamp = {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "bureau": ref}
        entry, why = self._bureau(ref)
        cached = self.entries.get(key)
        if cached and all(cached.get(k) == v for k, v in stamp.items()):
            with contextlib.suppress(KeyError, TypeError):
                result = Checked(cached["errors"], cached["warnings"], cached["unreadable"], cached["doc_number"])
                self.kept[key] = cached
                return result, why
        from drafter.checker.run import check_file

        report = check_file(docx, entry)
        result = Checked(report.errors, report.warnings, report.unreadable, report.doc_number)
        self.kept[key] = {**stamp, **result.__dict__}
        self.changed = True
        return result, why

    def save(self) -> None:
        """Written when something changed or a .docx went; a folder that cannot be written is left as it is."""
        if not self.changed and self.kept.keys() == self.entries.keys():
            return
        data = {"version": __version__, "files": self.kept}
        blob = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

        def fill(handle: IO[bytes]) -> None:
            handle.write(blob)

        with contextlib.suppress(InputError, OSError):
            write_atomic(self.path, fill, force=True)


def _row(path: Path, folder: Path, cache: CheckCache, today: dt.date) -> Row | None:
    """The row of one file; None for a batch file (letters:, defaults:), which holds many letters."""
    rel = path.relative_to(folder)
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
        return Row(rel, problems=tuple(str(p) for p in exc.problems), **_salvaged(tree))
    proposal = letter.proposal
    assigned, due = (proposal.assigned, proposal.due) if proposal else (None, None)
    until = deadline(assigned, due)
    docx = path.with_suffix(".docx")
    has_docx = docx.is_file()
    number = _doc_number(letter)
    written = not any(UNWRITTEN in text for text in _strings(tree["reply"].get("body")))
    current = has_docx and docx.stat().st_mtime_ns >= path.stat().st_mtime_ns
    checked, note = None, None
    if has_docx and ((written and current) or number is None):
        checked, note = cache.check(docx, letter.reply.bureau)
    if not written:
        progress = NOT_STARTED
    elif not current:
        progress = DRAFTING
    else:
        assert checked is not None
        progress = CHECKED if checked.errors == 0 and checked.unreadable is None else RENDERED
    problems = tuple(p for p in (note, checked.unreadable if checked else None) if p)
    return Row(
        file=rel,
        number=proposal.number if proposal else None,
        title=_title(letter),
        proposers=_proposers(letter),
        reply_type=letter.reply.type,
        assigned=assigned,
        due=due,
        deadline=until,
        progress=progress,
        doc_number=number or (checked.doc_number if checked else None),
        days_left=(until - today).days if until else None,
        docx=docx.relative_to(folder) if has_docx else None,
        checked=checked,
        problems=problems,
    )


def _salvaged(tree: Any) -> dict[str, Any]:
    """The number and title of a file that is not a valid letter, when its YAML could be read: the row is
    then recognisable in the table."""
    proposal = tree.get("proposal") if isinstance(tree, dict) else None
    if not isinstance(proposal, dict):
        return {}
    found = {key: proposal.get(key) for key in ("number", "title")}
    return {key: value for key, value in found.items() if isinstance(value, str)}


def scan(folder: Path, library: Library, today: dt.date | None = None) -> list[Row]:
    """Every letter in `folder`, sorted by deadline (unknown last), then number."""
    today = today or dt.date.today()
    cache = CheckCache(folder, library)
    rows = [row for path in letter_files(folder) if (row := _row(path, folder, cache, today))]
    cache.save()
    return sorted(rows, key=_sort_key)
