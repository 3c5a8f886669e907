"""Shared helpers: run the command in-process, read a .docx's XML parts."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from drafter.cli.main import main
from drafter.ooxml import reader
from drafter.ooxml.ns import W
from drafter.ooxml.package import Package

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LETTER_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.startswith("batch-"))  # one letter each
EXAMPLE_LIBRARY = EXAMPLES / "library"  # a bureau library kept outside templates/, used with --library
SHARED = ROOT.parent / "shared"
SEEDS = {
    "000": "wenzhou-sti-suggestion-393",
    "001": "wenzhou-sti-proposal-494",
    "002": "zhejiang-sti-suggestion-wen138",
    "003": "dongtou-review-report",
    "004": "jinhua-sti-suggestion-wu35",
}

MINIMAL = """\
proposal:
  kind: 建议
  session: 市十四届人大四次会议
  number: "393"
  title: 关于支持龙港市申报试点县的建议
  proposers: [黄钦鑫]
reply:
  bureau: wenzhou-sti
  doc_number: 温科提复〔2024〕95号
  body:
    - 近年来，我局持续推进科技特派员工作。
  date: 2024-06-26
"""


@pytest.fixture(autouse=True)
def own_ledger(tmp_path, monkeypatch):
    """Every test numbers letters in a ledger of its own, never in the user's, and has a library folder of its own."""
    path = tmp_path / "ledger.sqlite"
    monkeypatch.setenv("DRAFTER_LEDGER", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "user-data"))
    return path


@pytest.fixture(autouse=True)
def chinese_interface():
    """Every test starts in the default language, whatever a test before it chose (--lang en sets it for the run)."""
    from drafter import i18n

    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch):
    """The checker's cache of the base style goes to the test run's folder, never the user's."""
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def run(capsys):
    """Run `drafter ARGS…` in-process; return (exit status, stdout, stderr)."""

    def _run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


@pytest.fixture
def letter_file(tmp_path):
    """Write a YAML letter into tmp_path and return its path."""

    def _write(text: str = MINIMAL, name: str = "letter.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def part(docx: Path, name: str) -> ET.Element:
    with Package(docx) as z:
        return z.xml(name)


def paragraph_texts(docx: Path) -> list[str]:
    """Every paragraph of the body in document order (text-box paragraphs after their anchor's text).

    A table row counts as one line: its cells joined with " | ", as in the text preview. Read by the
    checker's reader (drafter.ooxml.reader), so the tests see what `drafter check` sees."""
    out: list[str] = []
    row: tuple[int, list[list[str]]] | None = None
    for para in reader.read(docx).paragraphs:
        if para.cell is None:
            row = None
            out.append(para.text)
            continue
        number, column = para.cell
        if row is None or row[0] != number:
            row = (number, [])
            out.append("")
        cells = row[1]
        while len(cells) <= column:
            cells.append([])
        cells[column].append(para.text)
        out[-1] = " | ".join(" ".join(texts) for texts in cells)
    return out


def attr(el: ET.Element | None, name: str) -> str | None:
    return None if el is None else el.get(f"{W}{name}")


def styles_by_id(docx: Path) -> dict[str, ET.Element]:
    root = part(docx, "word/styles.xml")
    return {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}


def strip_tags(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)
