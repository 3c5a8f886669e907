"""`drafter check --render` (the rules that need LibreOffice's layout) and `drafter preview`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.checker.run import check_file
from drafter.pdf.convert import Converter
from tests.conftest import EXAMPLE_LIBRARY, LETTER_EXAMPLES, MINIMAL
from tests.test_check import DOC, STYLES, _foot_into_flow, broken, sub

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    not (SOFFICE and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils are not installed; `python dev.py test` installs them",
)
PARAGRAPH = ("科技创新工作持续推进成效明显，" * 20)[:277] + "。"  # ten full lines


@pytest.fixture(scope="module")
def converter():
    with Converter() as running:
        yield running


@pytest.fixture(scope="module")
def long_letter(tmp_path_factory) -> Path:
    """Six pages in 文件格式 with a 版记 (抄送 and 印发): full pages and full lines to measure."""
    from drafter.cli.main import main

    folder = tmp_path_factory.mktemp("long")
    body = "".join(f'    - "{PARAGRAPH}"\n' for _ in range(14))
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", body).replace(
        "  date: 2024-06-26\n",
        "  date: 2024-06-26\n  format: 文件\n  cc: [市府办]\n  printer: 温州市科学技术局办公室\n",
    )
    (folder / "long.yaml").write_text(text, encoding="utf-8")
    assert main(["render", str(folder / "long.yaml"), "-o", str(folder / "long.docx")]) == 0
    return folder / "long.docx"


def layout_rules(path: Path, converter: Converter) -> set[str]:
    report = check_file(path, render=True, converter=converter)
    assert report.render == "", report.render
    return {f.rule for f in report.findings if f.rule.startswith("render-")}


def test_examples_pass_the_layout_rules(tmp_path, converter):
    from drafter.cli.main import main

    for source in LETTER_EXAMPLES:
        out = tmp_path / f"{source.stem}.docx"
        assert main(["render", str(source), "-o", str(out), "--library", str(EXAMPLE_LIBRARY)]) == 0
    for path in sorted(tmp_path.glob("*.docx")):
        assert layout_rules(path, converter) == set(), path.name


def test_long_letter_passes(long_letter, converter):
    assert layout_rules(long_letter, converter) == set()


LAYOUT_BREAKS = {
    # the grid pitch LibreOffice lays lines on: 30 pt gives 21 lines a page
    "grid-30pt": (sub(DOC, r'w:linePitch="579"', 'w:linePitch="600"'), "render-lines"),
    # exact 29 pt lines without a grid: 21 lines a page in LibreOffice as in Word
    "29pt-no-grid": (
        lambda parts: (
            sub(STYLES, r'w:line="579"', 'w:line="580"', 0)(parts),
            sub(DOC, r'<w:docGrid w:type="lines" w:linePitch="579"/>', "")(parts),
        ),
        "render-lines",
    ),
    "no-condensing": (sub(STYLES, r'<w:spacing w:val="-5"/>', ""), "render-chars"),
    "no-page-numbers": (
        sub(DOC, r'<w:footerReference w:type="(default|even)" r:id="rIdFtr(Odd|Even)"/>', "", 0),
        "render-page-number",
    ),
    "page-numbers-swapped": (
        sub(
            "word/footer1.xml",
            r'<w:ind w:right="280"/><w:jc w:val="right"/>',
            '<w:ind w:left="280"/><w:jc w:val="left"/>',
        ),
        "render-page-number",
    ),
    "foot-in-flow": (_foot_into_flow, "render-foot"),
    "body-on-page-2": (sub(DOC, r'(<w:pStyle w:val="GwBody"/>)', r"\1<w:pageBreakBefore/>"), "render-first-page"),
}


@pytest.mark.parametrize("name", sorted(LAYOUT_BREAKS))
def test_layout_break_is_caught(name, long_letter, converter, tmp_path):
    edit, rule = LAYOUT_BREAKS[name]
    target = broken(long_letter, tmp_path / f"{name}.docx", edit)
    assert layout_rules(target, converter) == {rule}


def test_letter_format_has_no_number_on_page_1(tmp_path, converter, letter_file):
    from drafter.cli.main import main

    body = "".join(f'    - "{PARAGRAPH}"\n' for _ in range(4))
    source = letter_file(MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", body))
    out = tmp_path / "letter.docx"
    assert main(["render", str(source), "-o", str(out)]) == 0
    assert layout_rules(out, converter) == set()
    numbered = broken(out, tmp_path / "numbered.docx", sub(DOC, "<w:titlePg/>", ""))
    report = check_file(numbered, render=True, converter=converter)
    found = [f for f in report.findings if f.rule == "render-page-number"]
    assert [f.found for f in found] == ["首页有页码"]


def test_render_is_skipped_plainly_without_libreoffice(run, long_letter, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", "/nonexistent/soffice")
    code, out, err = run("check", "--render", long_letter)
    assert code == 0
    assert "未做排版检查" in out and "LibreOffice" in out and "Traceback" not in out + err


def test_preview_writes_pdf_and_pages_and_keeps_existing(run, long_letter, tmp_path):
    folder = tmp_path / "预览"
    code, out, _err = run("preview", long_letter, "-o", folder)
    assert code == 0
    pdf = folder / "long.pdf"
    pages = sorted(folder.glob("long-*.png"))
    assert pdf.read_bytes().startswith(b"%PDF") and len(pages) >= 5
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    assert str(pdf) in out and str(folder / "long-1.png") in out
    stamp = pdf.stat().st_mtime_ns
    code, _out, err = run("preview", long_letter, "-o", folder)
    assert code == 2 and "--force" in err and pdf.stat().st_mtime_ns == stamp
    (folder / "long-99.png").write_bytes(b"old page")
    assert run("preview", long_letter, "-o", folder, "--force")[0] == 0
    assert not (folder / "long-99.png").exists()  # a page of the earlier preview, gone with it
    assert not list(folder.glob(".drafter-preview-*"))


def test_preview_of_what_is_not_a_docx(run, tmp_path):
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    code, _out, err = run("preview", old)
    assert code == 2 and ".doc" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))
