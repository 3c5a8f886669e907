"""drafter publish over many letters: which are published, each page and text copy, the index, the summary.

Every letter is read and checked first and every target name settled before anything is written, so a bad
letter or a file already there writes nothing (nothing overwritten without --force).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from drafter.files import write_atomic
from drafter.i18n import _
from drafter.letter.layout import Item
from drafter.letter.load import Loaded, bind_bureau, unfilled
from drafter.library.search import Library
from drafter.problems import InputError, Problem
from drafter.publish.redact import redact
from drafter.publish.webcopy import web_copy
from drafter.writers import html, text

PUBLIC = "主动公开"
INDEX = "index.html"
MANIFEST = ".drafter-publish.json"  # the pages published into the folder so far, for the index


@dataclass(frozen=True)
class Read:
    """A letter with its bureau, and the name its web copy takes."""

    loaded: Loaded | None  # None: a draft whose text still holds 【待填…】
    stem: str
    label: str  # how the clerk finds it: the file, and for a batch letter its place and name


@dataclass(frozen=True)
class Page:
    source: Path
    label: str  # Read.label: the file, and a batch letter's place in it
    items: list[Item]
    entry: html.Entry


@dataclass
class Outcome:
    published: list[Page] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # the letter (Read.label) and why
    kinds: Counter[str] = field(default_factory=Counter)  # skipped by reason: 不予公开, 依申请公开, none


def sources(paths: list[Path]) -> list[Path]:
    """The letter files, found as `drafter batch` finds them (subfolders too; bureau.yaml and hidden folders not)."""
    from drafter.batch.inputs import inputs

    found, problems = inputs(paths)
    if problems:
        raise InputError(problems)
    return found


def _read(path: Path, library: Library) -> list[Read]:
    """The file's letters with their bureaus: one for a letter file, each of a batch file's letters in order.

    A letter file's web copy is named after the file; a batch letter's as `drafter batch` names its .docx.
    """
    from drafter.batch.names import relative
    from drafter.batch.stream import read

    found: list[Read] = []
    problems: list[Problem] = []
    for source in read(path):
        if unfilled(source.data, source.problem):  # a draft not written yet: not a reply to publish
            found.append(Read(None, path.stem, _label(path, source.index, None)))
            continue
        try:
            letter, entry = bind_bureau(source.data, source.problem, library)
        except InputError as exc:
            problems += exc.problems
            continue
        stem = path.stem if source.index is None else relative(letter).stem
        found.append(Read(Loaded(path, letter, entry), stem, _label(path, source.index, stem)))
    if problems:
        raise InputError(problems)
    return found


def _label(path: Path, index: int | None, stem: str | None) -> str:
    if index is None:
        return str(path)
    if stem is None:
        return _("{file} 第{n}封").format(file=path, n=index + 1)
    return _("{file} 第{n}封（{name}）").format(file=path, n=index + 1, name=stem)


def plan(paths: list[Path], library: Library, ledger: Path | None = None) -> Outcome:
    """Every letter read and rendered to its web copy, or skipped with the reason; nothing written yet."""
    from drafter.batch.numbering import taken
    from drafter.letter.render import render

    outcome = Outcome()
    problems: list[Problem] = []
    loaded: list[Read] = []
    for path in sources(paths):
        try:
            loaded += _read(path, library)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    for read in loaded:
        item = read.loaded
        if item is None:
            outcome.skipped.append((read.label, _("答复还没有写完（仍有“【待填…】”），没有发布")))
            outcome.kinds["unwritten"] += 1
            continue
        settings = item.entry.settings.publish
        disclosure = item.letter.reply.disclosure or settings.disclosure
        if disclosure is None:
            note = _(
                "没有写公开属性，没有发布；"
                "请在答复里写 reply.disclosure: 主动公开，或在单位的 bureau.yaml 里写 publish.disclosure"
            )
            outcome.skipped.append((read.label, note))
            outcome.kinds["none"] += 1
            continue
        if disclosure != PUBLIC:
            outcome.skipped.append((read.label, _("公开属性是{value}，没有发布").format(value=disclosure)))
            outcome.kinds[disclosure] += 1
            continue
        letter = taken(item.letter, item.entry, ledger)  # the number the signed letter carries; none is taken
        if letter is None:
            note = _("发文字号是 auto，还没有取号，没有发布；请先用 drafter render 或 drafter batch 生成正式文件")
            outcome.skipped.append((read.label, note))
            outcome.kinds["unnumbered"] += 1
            continue
        result = render(letter, item.entry)
        items = redact(web_copy(result.blocks), hide_name=settings.hide_contact_name)
        c = result.complete
        stem = read.stem
        entry = html.Entry(result.title, c.doc_number or "", c.date or "", f"{stem}.html", f"{stem}.txt")
        outcome.published.append(Page(item.source, read.label, items, entry))
    return outcome


def targets(outcome: Outcome, out: Path) -> list[Path]:
    """The pages and text copies; the index drafter wrote (its manifest beside it) is rewritten with every run."""
    return [out / name for page in outcome.published for name in (page.entry.html, page.entry.text)]


def earlier(out: Path) -> list[html.Entry]:
    """The pages earlier runs published into the folder and that are still there (a broken manifest: none)."""
    try:
        rows = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        entries = [html.Entry(**row) for row in rows]
    except (OSError, ValueError, TypeError):
        return []
    return [e for e in entries if (out / e.html).is_file()]


def listed(outcome: Outcome, out: Path) -> list[html.Entry]:
    """The index's letters: earlier ones first, in their order, a page published again replaced in place."""
    new = {page.entry.html: page.entry for page in outcome.published}
    kept = [new.pop(e.html, e) for e in earlier(out)]
    return kept + list(new.values())


def check_targets(outcome: Outcome, out: Path, force: bool) -> None:
    """Two letters with one file name, or files already there without --force: refused before writing."""
    problems = []
    seen: dict[str, str] = {}
    for page in outcome.published:
        other = seen.setdefault(page.entry.html, page.label)
        if other != page.label:  # two letters, maybe of one batch file, with one web name
            message = _("与 {other} 的输出文件名相同（{name}），请改一个文件名").format(
                other=other, name=page.entry.html
            )
            problems.append(Problem(page.source, message))
    if out.exists() and not out.is_dir():
        problems.append(Problem(out, _("输出位置是一个文件，不是文件夹")))
    elif not force:
        message = _("文件已经存在，没有覆盖；要覆盖请加 --force")
        problems += [Problem(target, message) for target in targets(outcome, out) if target.exists()]
        if (out / INDEX).exists() and not (out / MANIFEST).exists():  # an index.html drafter did not write
            problems.append(Problem(out / INDEX, message))
    if problems:
        raise InputError(problems)


def write(outcome: Outcome, out: Path, force: bool) -> list[Path]:
    """Each page and text copy, then the index; each file written whole or not at all."""
    check_targets(outcome, out, force)
    written = []
    for page in outcome.published:
        page_html = html.write(page.items, page.entry.title).encode("utf-8")
        page_text = text.write(page.items).encode("utf-8")
        for name, blob in ((page.entry.html, page_html), (page.entry.text, page_text)):
            _write(out / name, blob, force)
            written.append(out / name)
    entries = listed(outcome, out)
    _write(out / INDEX, html.index(entries).encode("utf-8"), True)
    manifest = json.dumps([dataclasses.asdict(e) for e in entries], ensure_ascii=False, indent=1)
    _write(out / MANIFEST, manifest.encode("utf-8"), True)
    written.append(out / INDEX)
    return written


def _write(target: Path, blob: bytes, force: bool) -> None:
    def fill(handle: IO[bytes]) -> None:
        handle.write(blob)

    write_atomic(target, fill, force=force)
