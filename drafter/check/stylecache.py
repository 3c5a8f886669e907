"""The base house style's numbers kept between runs, so `drafter check` starts without loading the model.

`style.expected` reads the template .docx and the base's bureau.yaml, which is validated by the pydantic
model: that import alone costs more than checking a letter. For the base (no --bureau) the result is kept
as a small JSON file in the user's cache folder, keyed by the size and modification time of every file it
depends on (the template, bureau.yaml, the code that derives it) and the version, so any change recomputes
it. A bureau's own style is computed each time (its settings are loaded anyway). A cache that cannot be
read or written is ignored: it is only ever a shortcut.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..library import BASE, BUREAU_FILE
from . import reader, style

if TYPE_CHECKING:
    from ..library import Entry

ENV = "DRAFTER_CACHE"  # the cache folder, if not the user's usual one


def folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "drafter" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafter"


def _key(form: str) -> str:
    template = "letter.docx" if form == "信函" else "document.docx"
    sources = [BASE / template, BASE / BUREAU_FILE, Path(style.__file__), Path(reader.__file__), Path(__file__)]
    sources.append(Path(style.__file__).parent.parent / "housestyle.py")
    stamps = [__version__, form] + [[str(p), p.stat().st_mtime_ns, p.stat().st_size] for p in sources]
    return hashlib.sha256(json.dumps(stamps).encode()).hexdigest()[:20]


def _load(data: dict[str, Any]) -> style.Expected:
    data["page"] = tuple(data["page"])
    data["headings"] = {int(k): tuple(v) for k, v in data["headings"].items()}
    data["foot_rules"] = tuple(data["foot_rules"]) if data["foot_rules"] is not None else None
    return style.Expected(**data)


def expected(entry: Entry | None, form: str) -> style.Expected:
    """`style.expected`, from the cache for the base."""
    if entry is not None:
        return style.expected(entry, form)
    try:
        path = folder() / f"expected-{_key(form)}.json"
        return _load(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = style.expected(None, form)
    with contextlib.suppress(OSError):
        from ..files import write_atomic

        blob = json.dumps(dataclasses.asdict(value), ensure_ascii=False).encode("utf-8")
        write_atomic(path, lambda handle: handle.write(blob), force=True)
    return value
