"""The base house style's numbers kept between runs, so `drafter check` starts without loading the model.

`style.expected` reads the template .docx and bureau.yaml, which is validated by the pydantic model: that
import alone costs more than checking a letter. So the result is kept as a small JSON file in the user's cache
folder, keyed by the size and modification time of every file it depends on (the base's template and
bureau.yaml, for a bureau named by its id also its folder's bureau.yaml and template, and the code that
derives the numbers) and the version, so any change recomputes it (and a broken bureau.yaml is reported
then, as before). A cache that cannot be read or written is ignored: it is only ever a shortcut.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter import __version__
from drafter.checker import style
from drafter.letter import geometry
from drafter.letter.geometry import Geometry
from drafter.library.search import BASE, BUREAU_FILE, BureauFolder, Library
from drafter.ooxml import housestyle, reader, values

ENV = "DRAFTER_CACHE"  # the cache folder, if not the user's usual one


def folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "drafter" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafter"


@dataclass(frozen=True)
class Named:
    """A bureau named by its library id: its folder is known, its settings are read only when needed."""

    id: str
    folder: Path
    library: Library

    def entry(self) -> BureauFolder:
        return self.library.entry(self.id)


def named(library: Library, ref: str) -> Named | BureauFolder | None:
    """The bureau `ref` names: by id without reading it yet, else (a full name) found by reading them."""
    folder = library.folders().get(ref)
    return Named(ref, folder, library) if folder is not None else library.find(ref)


def _stamp(path: Path) -> list[object]:
    try:
        info = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path), info.st_mtime_ns, info.st_size]


def _key(form: str, bureau: Path | None) -> str:
    template = "letter.docx" if form == "信函" else "document.docx"
    sources = [BASE / template, BASE / BUREAU_FILE, Path(style.__file__), Path(reader.__file__), Path(__file__)]
    sources += [Path(housestyle.__file__), Path(geometry.__file__), Path(values.__file__)]
    if bureau is not None:
        sources += [bureau / BUREAU_FILE, bureau / template]
    stamps = [__version__, form, str(bureau)] + [_stamp(p) for p in sources]
    return hashlib.sha256(json.dumps(stamps).encode()).hexdigest()[:20]


def _load(data: dict[str, Any]) -> style.Expected:
    shape = dict(data["geometry"], page=tuple(data["geometry"]["page"]))
    data["geometry"] = Geometry(**shape)
    data["headings"] = {int(k): tuple(v) for k, v in data["headings"].items()}
    data["foot_rules"] = tuple(data["foot_rules"]) if data["foot_rules"] is not None else None
    return style.Expected(**data)


def expected(entry: Named | BureauFolder | None, form: str) -> style.Expected:
    """`style.expected`, from the cache for the base and for a bureau named by its id."""
    if isinstance(entry, BureauFolder):
        return style.expected(entry, form)
    path = folder() / f"expected-{_key(form, entry.folder if entry is not None else None)}.json"
    try:
        return _load(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = style.expected(entry.entry() if entry is not None else None, form)
    with contextlib.suppress(OSError):
        from drafter.files import write_atomic

        blob = json.dumps(dataclasses.asdict(value), ensure_ascii=False).encode("utf-8")
        write_atomic(path, lambda handle: handle.write(blob), force=True)
    return value
