"""Page geometry has one owner, and the signature never stands alone on a page (GB/T 9704 7.3.5).

The XML tests read the written .docx; the layout tests lay letters out with LibreOffice (skipped without
it) at lengths that used to leave the 署名 and 成文日期 on a page of their own. The full sweep of lengths
is bench/sweep_pages.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from drafter.checker.run import check_file
from drafter.checker.style import expected
from drafter.letter.geometry import geometry
from drafter.letter.load import load
from drafter.letter.render import form_geometry, render
from drafter.library.search import BASE, Library
from tests.conftest import EXAMPLES, MINIMAL, W, part
from tests.test_check import DOC, broken, sub

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_layout = pytest.mark.skipif(
    not (SOFFICE and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils are not installed; `python dev.py test` installs them",
)
WIDE = "house_style:\n  margins: {left: 20, right: 20}\n  line_pitch: 29\n"  # 9638-twip text block, 580 lines


def test_base_geometry_is_the_templates():
    """The numbers GB/T 9704 gives, read back from the generated templates, not written down again."""
    for name in ("letter.docx", "document.docx"):
        geo = geometry(BASE / name)
        assert (geo.text_width, geo.pitch, geo.lines, geo.chars) == (8845, 579, 22, 28)
        assert (geo.char, geo.foot_chars, geo.title_chars, geo.date_right) == (320, 29, 19.5, 4.0)


@pytest.fixture()
def wide(tmp_path) -> Path:
    """A library with one bureau declaring 20 mm side margins and 29 pt lines, and a 清单式 letter with a form."""
    root = tmp_path / "lib"
    shutil.copytree(EXAMPLES.parent / "templates" / "zhejiang-sti", root / "wide")
    with (root / "wide" / "bureau.yaml").open("a", encoding="utf-8") as settings:
        settings.write("\n" + WIDE)
    letter = (EXAMPLES / "zhejiang-sti-suggestion-wen138.yaml").read_text(encoding="utf-8")
    letter = letter.replace("bureau: zhejiang-sti", "bureau: wide").replace(
        "reply:\n", "reply:\n  feedback_form: true\n  cc: [省府办]\n"
    )
    source = tmp_path / "wide.yaml"
    source.write_text(letter, encoding="utf-8")
    return source


def test_declared_margins_reach_tables_box_and_form(wide, run, tmp_path):
    out = tmp_path / "wide.docx"
    code, _out, err = run("render", wide, "-o", out, "--library", wide.parent / "lib")
    assert code == 0, err
    loaded = load(wide, Library([wide.parent / "lib"]))
    geo = render(loaded.letter, loaded.entry).geometry
    assert (geo.text_width, geo.pitch) == (11906 - 2 * 1134, 580)
    body = part(out, DOC)
    assert list(body.iter(f"{W}tbl"))
    for tbl in body.iter(f"{W}tbl"):
        assert tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w") == str(geo.text_width)
        assert sum(int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")) == geo.text_width
    box = body.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert box is not None and int(box.get("cx")) == geo.text_width * 635
    signer = next(p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='GwSigner']") is not None)
    laid = next(b for b in render(loaded.letter, loaded.entry).blocks if getattr(b, "role", "") == "signer")
    assert int(signer.find(f"{W}pPr/{W}ind").get(f"{W}right")) == round(laid.right_indent_chars * geo.char)
    form = next(tmp_path.glob("*征询意见表.docx"))
    heights = [int(h.get(f"{W}val")) for h in part(form, DOC).iter(f"{W}trHeight")]
    assert heights == [4 * geo.pitch]
    assert part(form, DOC).find(f".//{W}tblW").get(f"{W}w") == str(geo.text_width)


def test_check_with_the_bureau_agrees_with_the_writer(wide, run, tmp_path):
    """Every number: the checker's geometry is the writer's, so the bureau's check finds nothing in the page
    set-up, and the base's check finds the declared margins and pitch."""
    library = Library([wide.parent / "lib"])
    loaded = load(wide, library)
    for form in ("信函", "文件"):
        assert expected(loaded.entry, form).geometry == form_geometry(loaded.entry, form)
    out = tmp_path / "wide.docx"
    assert run("render", wide, "-o", out, "--library", wide.parent / "lib")[0] == 0
    code, text, _err = run("check", out, "--bureau", "wide", "--library", wide.parent / "lib")
    assert code == 0, text
    assert not set(re.findall(r"\[([a-z-]+)\]", text)) & {"margins", "line-pitch", "chars-per-line", "signer"}
    code, text, _err = run("check", out)
    assert {"margins", "line-pitch"} <= set(re.findall(r"\[([a-z-]+)\]", text))


def _ppr(body, style: str) -> list:
    return [p.find(f"{W}pPr") for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='{style}']") is not None]


def _paragraphs(docx: Path) -> tuple[list, list[str]]:
    paras = part(docx, DOC).find(f"{W}body").findall(f"{W}p")  # the text box's paragraphs are inside the last
    return paras, [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paras]


def _keeps(p) -> tuple[bool, bool]:
    return p.find(f"{W}pPr/{W}keepNext") is not None, p.find(f"{W}pPr/{W}keepLines") is not None


def test_closing_to_date_is_one_chain_and_the_box_anchors_after_the_date(letter_file, run, tmp_path):
    out = tmp_path / "x.docx"
    assert run("render", letter_file(MINIMAL), "-o", out)[0] == 0
    paras, styles = _paragraphs(out)
    closing, date = styles.index("GwClosing"), styles.index("GwDate")
    assert styles[closing:date] == ["GwClosing", "GwBlank", "GwBlank", "GwSigner"]
    assert all(_keeps(p) == (True, True) for p in paras[closing:date])
    assert _keeps(paras[date]) == (False, False)
    assert styles[closing - 1] == "GwBody" and _keeps(paras[closing - 1]) == (False, False)  # the chain's head
    anchor = paras[-1]
    assert styles[-1] == "GwBlank" and len(paras) - 1 > date
    assert anchor.find(f".//{W}txbxContent") is not None  # the 版记 box
    spacing = anchor.find(f"{W}pPr/{W}spacing")
    assert int(spacing.get(f"{W}line")) < 20 and spacing.get(f"{W}lineRule") == "exact"


@pytest.mark.parametrize(("paragraph", "whole"), [("近年来，我局持续推进科技特派员工作。", True), ("长" * 200, False)])
def test_without_a_closing_the_last_body_paragraph_heads_the_chain(paragraph, whole, letter_file, run, tmp_path):
    """Kept whole when short; a long one only kept with the next (so the chain stays well under a page)."""
    text = MINIMAL.replace("近年来，我局持续推进科技特派员工作。", paragraph).replace(
        "  date:", '  closing: ""\n  date:'
    )
    out = tmp_path / "x.docx"
    assert run("render", letter_file(text), "-o", out)[0] == 0
    paras, styles = _paragraphs(out)
    signer = styles.index("GwSigner")
    assert styles[signer - 3 : signer] == ["GwBody", "GwBlank", "GwBlank"]
    assert _keeps(paras[signer - 3]) == (True, whole)
    assert _keeps(paras[signer - 4]) == (False, False)


# --- laid out by LibreOffice ---------------------------------------------------------------------------------

# lengths (one-line paragraphs added to the README's letter) at which the signature used to stand alone:
# 信函 +1…+5, 文件 +0 and +17, 报告 +9…+12 (bench/README.md); now across the page break of each format
USED_TO_FAIL = (("信函", "plain", 1), ("信函", "plain", 3), ("信函", "contact", 5), ("文件", "plain", 0))
USED_TO_FAIL += (("文件", "all", 16), ("报告", "plain", 9), ("报告", "plain", 11))


@pytest.fixture(scope="module")
def converter():
    from drafter.pdf.convert import Converter

    with Converter() as running:
        yield running


def _laid_out(data: dict, form: str, folder: Path, converter) -> tuple[int, list[str]]:
    """A letter given as data, written and laid out: (pages, problems) as the sweep measures them."""
    from bench.sweep_pages import measure_one

    source = folder / "letter.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = load(source, Library([]))
    out = folder / "letter.docx"
    render(loaded.letter, loaded.entry).write_docx(out)
    pages, problems, *_ = measure_one(out, loaded.entry, converter, folder, form)
    return pages, problems


@needs_layout
def test_readme_letter_is_one_page(tmp_path, converter):
    from bench.sweep_pages import readme_letter

    assert _laid_out(readme_letter(), "信函", tmp_path, converter) == (1, [])


@needs_layout
@pytest.mark.parametrize(("form", "option", "lines"), USED_TO_FAIL)
def test_signature_shares_a_page_with_the_body(form, option, lines, tmp_path, converter):
    from bench.sweep_pages import letter

    assert _laid_out(letter(form, option, lines), form, tmp_path, converter)[1] == []


@needs_layout
def test_a_lone_signature_and_this_page_has_no_text_are_found(letter_file, run, tmp_path, converter):
    out = tmp_path / "x.docx"
    assert run("render", letter_file(MINIMAL), "-o", out)[0] == 0
    assert not [f for f in check_file(out, render=True, converter=converter).findings if f.rule.startswith("render-")]
    alone = broken(
        out,
        tmp_path / "alone.docx",
        sub(DOC, r'(<w:pStyle w:val="GwBlank"/><w:keepNext/><w:keepLines/>)', r"\1<w:pageBreakBefore/>"),
    )
    found = [f for f in check_file(alone, render=True, converter=converter).findings if f.rule == "render-signature"]
    assert [f.found for f in found] == ["第2页只有署名、成文日期，没有正文"]
    marked = broken(out, tmp_path / "marked.docx", sub(DOC, "感谢您对我局工作的关心和支持。", "（此页无正文）"))
    found = [f for f in check_file(marked, render=True, converter=converter).findings if f.rule == "render-signature"]
    assert "有“此页无正文”" in [f.found for f in found]
