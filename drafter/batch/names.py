"""Output file names: derived from the letter, the same on every run, valid on Windows and Linux, and
always inside the output folder whatever the input says."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from drafter.letter.model import CO_TYPES, Letter, Person
from drafter.vocab.facts import item_label

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_CHARS = 100  # a name, leaving room for the folder within Windows' 260-character paths


class Escape(ValueError):
    """A name that would land outside the output folder (through a link, say)."""


def safe_part(text: str) -> str:
    """One path component: no characters Windows refuses, no trailing dot or space, no device name."""
    text = unicodedata.normalize("NFC", text.replace("\n", " ").replace("\t", " "))
    text = _UNSAFE.sub("_", text).strip().rstrip(". ")
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text[:MAX_CHARS] or "_"


def derived(letter: Letter) -> str:
    """第393号建议, 温138号建议-会办意见, or a 报告's subject: what a clerk calls the letter."""
    p, reply = letter.proposal, letter.reply
    if p is None or not p.number:  # a letter that states no item number is named by its own title
        base = (reply.title or f"关于{reply.subject}的报告").replace("\n", "")
        if reply.type in CO_TYPES:
            base += f"-{reply.type}"
    else:
        base = item_label(p.number) + (p.kind or "")
        if reply.type in CO_TYPES:
            base += f"-{reply.type}"
    return base


def relative(letter: Letter, person: Person | None = None) -> PurePosixPath:
    """The output's path inside the output folder: the letter's `file:` cleaned up, or one derived from it."""
    given = letter.file
    if given:
        parts = [p for p in re.split(r"[\\/]+", given.strip()) if p not in ("", ".", "..") and not p.endswith(":")]
        parts = [safe_part(p) for p in parts] or ["_"]
    else:
        parts = [safe_part(derived(letter))]
    stem = parts[-1][: -len(".docx")] if parts[-1].lower().endswith(".docx") else parts[-1]
    if person is not None:
        stem = f"{stem}-{safe_part(person.name)}"
    parts[-1] = stem + ".docx"
    return PurePosixPath(*parts)


def inside(folder: Path, rel: PurePosixPath) -> Path:
    """The path of `rel` in `folder`; refused when links would take it outside."""
    target = folder.joinpath(*rel.parts)
    root = folder.resolve()
    if not target.resolve().is_relative_to(root):
        raise Escape(str(rel))
    return target
