"""Every .docx drafter writes, and every template it ships, passes the Open XML schema validation Word uses.

Word drops properties that come out of schema order (a date losing its right indent, a page number its
indent) and may refuse a part it cannot read. openxml-audit is a pure-Python port of the Open XML SDK
validator; it runs here with the Microsoft 365 rules, and neither an error nor a warning is allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_LIBRARY, EXAMPLES, LETTER_EXAMPLES, ROOT

openxml_audit = pytest.importorskip(
    "openxml_audit", reason="openxml-audit is in the test extras: pip install -e .[test]"
)

TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*.docx") if not p.name.startswith("~$"))


def problems(path: Path) -> list[str]:
    validator = openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.MICROSOFT_365)
    result = validator.validate(path)
    return [f"{path.name}: {error}" for error in result.errors]  # errors and warnings alike


def test_the_shipped_templates_are_valid():
    assert TEMPLATES, "templates/ has no .docx"
    assert [p for t in TEMPLATES for p in problems(t)] == []


@pytest.mark.parametrize("example", LETTER_EXAMPLES, ids=lambda p: p.stem)
def test_every_example_letter_is_valid(example, run, tmp_path):
    code, _, err = run("render", example, "--library", EXAMPLE_LIBRARY, "--out-dir", tmp_path)
    assert code == 0, err
    written = sorted(tmp_path.glob("*.docx"))
    assert written
    assert [p for docx in written for p in problems(docx)] == []


def test_a_batch_is_valid(run, tmp_path):
    out = tmp_path / "out"
    code, _, err = run("batch", EXAMPLES / "batch-2024.yaml", "--library", EXAMPLE_LIBRARY, "-o", out, "--jobs", "1")
    assert code == 0, err
    written = sorted(out.rglob("*.docx"))
    assert len(written) >= 20
    assert [p for docx in written for p in problems(docx)] == []
