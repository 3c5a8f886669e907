"""The real-letters corpus (../shared/corpus/letters) run as a new user would: library new, import, render.

Used by tests/test_corpus.py (which says how many letters hold) and by bench/bench_import.py. Each letter
is judged on what the issue asks: render succeeds; the rendered text from the salutation on is at least
0.98 similar to the original's (seedcheck's normalisation); every header line of the original (文号, marks,
签发人, the title's lines) appears in the rendered head; proposers, date and 发文字号 are fields, not body text.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LETTERS = SHARED / "corpus" / "letters"
SEEDCHECK = SHARED / "tools" / "seedcheck.py"
THRESHOLD = 0.98


def available() -> bool:
    return (LETTERS / "spans.json").is_file() and SEEDCHECK.is_file()


def seedcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("seedcheck", SEEDCHECK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("seedcheck", module)
    spec.loader.exec_module(module)
    return module


def spans() -> dict[str, dict[str, Any]]:
    return json.loads((LETTERS / "spans.json").read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*|")


def original_lines(name: str, span: dict[str, Any]) -> list[str]:
    """The letter's own lines as published: from `start` to `end`, less the clutter lines in `drop`."""
    raw = (LETTERS / name).read_text(encoding="utf-8").splitlines()[1:]  # line 1 is "# source: URL"
    stripped = [line.strip() for line in raw]
    start = stripped.index(span["start"].strip())
    end = len(stripped) - 1 - stripped[::-1].index(span["end"].strip()) if span["end"] else len(stripped) - 1
    if end < start:  # the end line occurs before the start too (05: one flattened line)
        end = start + stripped[start:].index(span["end"].strip())
    drop = {d.strip() for d in span.get("drop", [])}
    return [line for line in stripped[start : end + 1] if line and line not in drop]


HEADER_LINE = re.compile(r"〔\d{4}〕|【\d{4}】|\[\d{4}\]|签发人|^[A-Z]\d?类|类别:[A-Z]|公开")


@dataclass
class Outcome:
    name: str
    bureau: str
    imported: bool = False
    rendered: bool = False
    similarity: float = 0.0
    missing_header: list[str] = field(default_factory=list)
    fields_in_body: list[str] = field(default_factory=list)
    error: str = ""
    yaml: str = ""

    @property
    def holds(self) -> bool:
        return self.rendered and self.similarity >= THRESHOLD and not self.missing_header and not self.fields_in_body

    def line(self) -> str:
        if not self.imported or not self.rendered:
            return f"{self.name}: FAIL {self.error}"
        verdict = "ok" if self.holds else "FAIL"
        extra = ""
        if self.missing_header:
            extra += f" header missing {self.missing_header}"
        if self.fields_in_body:
            extra += f" fields in body {self.fields_in_body}"
        return f"{self.name}: {verdict} similarity {self.similarity:.4f}{extra}"


def _salutation_at(lines: list[str], salutation: str | None) -> int:
    if salutation is None:
        return 0
    want = normalise(salutation)
    for i, line in enumerate(lines):
        if want and (line == want or line.startswith(want) or want.startswith(line) and len(line) > 3):
            return i
    return 0


def _rendered_start(lines: list[str], salutation: str | None, first_body: str) -> int:
    """Where the rendered letter's part from the salutation on begins."""
    if salutation is not None:
        want = normalise(salutation)
        for i, line in enumerate(lines):
            if line and (want.startswith(line[:6]) or line.startswith(want[:6])):
                return i
    for i, line in enumerate(lines):  # reports: from the first body line
        if line[:8] and line[:8] in first_body[:40]:
            return i
    return 0


def run_one(name: str, span: dict[str, Any], work: Path) -> Outcome:
    """library new + import --bureau + render, in process, as the commands do."""
    from drafter.cli.import_ import _still_needed
    from drafter.importer.dump import dump
    from drafter.importer.letter import import_letter
    from drafter.letter.load import bind_bureau
    from drafter.letter.render import render
    from drafter.letter.yamlio import in_tree, parse
    from drafter.library import new as libnew
    from drafter.library.search import Library
    from drafter.problems import InputError

    bureau = span["bureau"]
    outcome = Outcome(name, bureau)
    library_dir = work / "library"
    bureau_id = "c" + name[:2]
    try:
        if not (library_dir / bureau_id).exists():
            libnew.create(library_dir, bureau_id, bureau, None, None)
        library = Library([library_dir])
        page = work / name  # the page as a clerk copies it: without the corpus's own "# source:" line
        page.write_text((LETTERS / name).read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
        imported = import_letter(page, library, bureau_id)
        target = work / (Path(name).stem + ".yaml")
        text = dump(imported.data, name, imported.warning_lines())
        _still_needed(text, target, library, imported.missing)
        target.write_text(text, encoding="utf-8")
        outcome.yaml = text
        outcome.imported = True
        tree = parse(text, target)
        letter, entry = bind_bureau(tree, in_tree(tree, target), library)
        out = work / (Path(name).stem + ".docx")
        render(letter, entry).write_docx(out)
        outcome.rendered = True
    except InputError as exc:
        outcome.error = "; ".join(str(p) for p in exc.problems)[:400]
        return outcome
    lines = [normalise(x) for x in original_lines(name, span)]
    lines = [x for x in lines if x]
    got = seedcheck().docx_lines(out)
    s_at = _salutation_at(lines, span["salutation"])
    want = "".join(lines[s_at:])
    r_at = _rendered_start(got, span["salutation"], want)
    if span["salutation"] is None and r_at < len(got):  # a report: compared after its title (printed once)
        title = got[r_at]
        while s_at < len(lines) and lines[s_at] == title:
            s_at += 1
        r_at += 1
        want = "".join(lines[s_at:])
    have = "".join(got[r_at:])
    outcome.similarity = difflib.SequenceMatcher(None, want, have, autojunk=False).ratio()
    outcome.missing_header = [x for x in lines[:s_at] if HEADER_LINE.search(x) and not _header_kept(x, "".join(got))]
    outcome.fields_in_body = _fields_in_body(imported.data)
    return outcome


def _header_kept(line: str, rendered: str) -> bool:
    """A header line of the original is in the rendered letter: its 发文字号 (in the standard form the renderer
    prints: 〔〕, no 第, no leading zero), its marks by their value (B类 → B, 同意公开 → a 公开 mark), 签发人."""
    from drafter.vocab import docnumber, parts

    if line in rendered:
        return True
    number = docnumber.find(line)
    if number:
        found = docnumber.read_line(line[number.start() :])
        if found is None or normalise(found.standard) not in rendered:
            return False
        line = (line[: number.start()] + line[number.end() :]).strip("-－—–:：")
    issuer = parts.ISSUER.search(line)
    if issuer:
        if issuer["name"] not in rendered:
            return False
        line = line[: issuer.start()] + line[issuer.end() :]
    for word in [line] if parts.result_class(line) else re.split(r"(?<=类)(?=\S)|\s+", line):
        if not word:
            continue
        value = parts.result_class(word)
        if value:
            if value not in rendered:
                return False
        elif parts.disclosure(word) or word.endswith("公开"):
            if "公开" not in rendered:
                return False
        elif word not in rendered:
            return False
    return True


def _fields_in_body(data: dict[str, Any]) -> list[str]:
    """Facts that belong in fields but were left as body text: a date line, a 发文字号 line, a bare name list."""
    from drafter.vocab import dates, docnumber

    found = []
    body = data.get("reply", {}).get("body") or []
    texts = [b for b in body if isinstance(b, str)]
    for text in texts[-3:]:
        for para in text.split("\n"):
            if dates.find_date(para.strip(), whole=True):
                found.append(f"date {para.strip()[:20]}")
    for text in texts[:3]:
        for para in text.split("\n"):
            if docnumber.read_line(para.strip()):
                found.append(f"doc_number {para.strip()[:20]}")
    return found


def run_all(work: Path, only: list[str] | None = None) -> list[Outcome]:
    out = []
    for name, span in spans().items():
        if only and not any(name.startswith(o) for o in only):
            continue
        out.append(run_one(name, span, work))
    return out


def explain(name: str, work: Path) -> None:
    """Print the YAML and where the rendered text differs from the original (for working on one letter)."""
    span = spans()[name]
    outcome = run_one(name, span, work)
    print(outcome.yaml)
    print(outcome.line())
    if not outcome.rendered:
        return
    lines = [x for x in (normalise(x) for x in original_lines(name, span)) if x]
    got = seedcheck().docx_lines(work / (Path(name).stem + ".docx"))
    want = "".join(lines[_salutation_at(lines, span["salutation"]) :])
    have = "".join(got[_rendered_start(got, span["salutation"], want) :])
    seedcheck().report_difference(want, have)


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "explain":
    import tempfile

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        explain(next(n for n in spans() if n.startswith(sys.argv[2])), Path(tmp))
elif __name__ == "__main__":  # python tests/corpus.py [PREFIX…]: one line a letter, then the count
    import tempfile

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        results = run_all(Path(tmp), sys.argv[1:] or None)
        for r in results:
            print(r.line())
        print(f"{sum(r.holds for r in results)} of {len(results)} hold")
