"""The grid as a renderer lays it out: 22 lines on a full page, 28 characters on a full line (LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import MINIMAL

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed; `python dev.py test` installs them",
)

PARAGRAPH = ("科技创新工作持续推进成效明显" * 20)[:278]  # 26 + 9 × 28: ten full lines when condensed


def _lines(pdf, page: int) -> list[tuple[float, str]]:
    xml = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    xml = xml[xml.index("<html") :]
    root = ET.fromstring(xml.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    out = []
    for line in root.iter("line"):
        text = "".join(w.text or "" for w in line.iter("word"))
        out.append((float(line.get("yMin")), text))
    return out


def test_full_page_has_22_lines_of_28_characters(letter_file, tmp_path):
    from drafter.cli.main import main

    body = "".join(f'    - "{PARAGRAPH}"\n' for _ in range(12))
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", body)
    source = letter_file(text)
    out = tmp_path / "long.docx"
    assert main(["render", str(source), "-o", str(out)]) == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    lines = _lines(tmp_path / "long.pdf", 2)
    body_lines = [t for _, t in lines if not t.startswith("—")]
    assert len(body_lines) == 22, body_lines
    # every line of a full paragraph holds 28 characters; the first of each paragraph 26 after its indent
    widths = sorted({len(t) for t in body_lines})
    assert widths in ([26, 28], [28]), widths
    # pdftotext joins the spaced "— 2 —" into one word
    assert [t for _, t in lines if t.startswith("—")] == ["—2—"]
