"""House style, read from the produced .docx XML: page, grid, fonts on every run, sizes, page numbers, 版记."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SEEDS, W, attr, part, styles_by_id

FONTS = {"GwBody": "仿宋_GB2312", "GwTitle": "方正小标宋简体", "GwLetterhead": "方正小标宋简体", "GwPageNumber": "宋体"}
LETTER_FORMAT = ("000", "002", "004")  # the seeds set in 信函格式
RUN_FONTS = {"GwH1": "黑体", "GwH2": "楷体_GB2312", "GwH3": "仿宋_GB2312", "GwH4": "仿宋_GB2312"}


@pytest.fixture(scope="module", params=sorted(SEEDS))
def rendered(request, tmp_path_factory) -> Path:
    from drafter.cli.main import main

    out = tmp_path_factory.mktemp("style") / f"{request.param}.docx"
    assert main(["render", str(EXAMPLES / f"{SEEDS[request.param]}.yaml"), "-o", str(out)]) == 0
    return out


def _style_prop(styles, sid: str, path: str, name: str) -> str | None:
    """A property of a style, following basedOn to where it is set."""
    while sid:
        style = styles[sid]
        el = style.find(path)
        if el is not None and attr(el, name) is not None:
            return attr(el, name)
        based = style.find(f"{W}basedOn")
        sid = attr(based, "val") if based is not None else None
    return None


def test_page_and_margins(rendered):
    sect = part(rendered, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")
    assert [int(attr(margins, k)) for k in ("top", "bottom", "left", "right")] == [2098, 1984, 1587, 1474]
    assert 1417 <= int(attr(margins, "footer")) <= 1474


def test_line_grid_and_exact_lines(rendered):
    sect = part(rendered, "word/document.xml").find(f"{W}body/{W}sectPr")
    grid = sect.find(f"{W}docGrid")
    assert (attr(grid, "type"), attr(grid, "linePitch")) == ("lines", "579")
    styles = styles_by_id(rendered)
    for sid in ("Normal", "GwBody", "GwTitle", "GwHeading1", "GwDate"):
        assert _style_prop(styles, sid, f"{W}pPr/{W}spacing", "line") == "579"
        assert _style_prop(styles, sid, f"{W}pPr/{W}spacing", "lineRule") == "exact"
    # 22 lines fit the 225 mm text block, 23 would not
    assert 22 * 579 <= 16838 - 2098 - 1984 < 23 * 579


def test_runs_condensed_to_28_characters(rendered):
    styles = styles_by_id(rendered)
    assert _style_prop(styles, "GwBody", f"{W}rPr/{W}sz", "val") == "32"
    spacing = int(_style_prop(styles, "GwBody", f"{W}rPr/{W}spacing", "val"))
    assert spacing == -5
    text_width_pt = (11906 - 1587 - 1474) / 20
    assert 28 * (16 + spacing / 20) <= text_width_pt < 29 * (16 + spacing / 20)


def test_fonts_and_sizes_of_styles(rendered):
    styles = styles_by_id(rendered)
    for sid, font in {**FONTS, **RUN_FONTS}.items():
        assert _style_prop(styles, sid, f"{W}rPr/{W}rFonts", "eastAsia") == font, sid
    assert _style_prop(styles, "GwTitle", f"{W}rPr/{W}sz", "val") == "44"
    assert _style_prop(styles, "GwPageNumber", f"{W}rPr/{W}sz", "val") == "28"
    assert _style_prop(styles, "GwCc", f"{W}rPr/{W}sz", "val") == "28"
    assert _style_prop(styles, "GwBody", f"{W}pPr/{W}ind", "firstLineChars") == "200"
    assert _style_prop(styles, "GwSalutation", f"{W}pPr/{W}ind", "firstLine") == "0"
    # nothing is bold but the run-in items that ask for it
    bold = {s.get(f"{W}styleId") for s in styles.values() if s.find(f"{W}rPr/{W}b") is not None}
    assert bold == {"GwRunInBold"}


def test_every_run_has_an_east_asian_font(rendered):
    """Each run resolves to an East-Asian font and says so for “”—…： (w:hint), so punctuation stays CJK."""
    styles = styles_by_id(rendered)
    doc = part(rendered, "word/document.xml")
    runs = 0
    for p in doc.iter(f"{W}p"):
        pstyle = attr(p.find(f"{W}pPr/{W}pStyle"), "val") or "Normal"
        for r in p.findall(f"{W}r"):
            if r.find(f"{W}t") is None:
                continue
            runs += 1
            rpr = r.find(f"{W}rPr")
            assert attr(rpr.find(f"{W}rFonts"), "hint") == "eastAsia"
            rstyle = attr(rpr.find(f"{W}rStyle"), "val")
            font = (_style_prop(styles, rstyle, f"{W}rPr/{W}rFonts", "eastAsia") if rstyle else None) or (
                _style_prop(styles, pstyle, f"{W}rPr/{W}rFonts", "eastAsia")
            )
            assert font in {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"}, (pstyle, rstyle)
    assert runs > 10


def test_heading_runs_use_heading_fonts(rendered):
    doc = part(rendered, "word/document.xml")
    for r in doc.iter(f"{W}r"):
        rstyle = attr(r.find(f"{W}rPr/{W}rStyle"), "val")
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        if rstyle == "GwH2":
            assert text.startswith("（") and text[1] in "一二三四五六七八九十"
        if rstyle == "GwH1":
            assert text[0] in "一二三四五六七八九十" and "、" in text[:4]


def test_page_numbers_odd_right_even_left(rendered):
    doc = part(rendered, "word/document.xml")
    sect = doc.find(f"{W}body/{W}sectPr")
    assert part(rendered, "word/settings.xml").find(f"{W}evenAndOddHeaders") is not None
    rels = {r.get("Id"): r.get("Target") for r in part(rendered, "word/_rels/document.xml.rels")}
    refs = {
        attr(ref, "type"): rels[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        for ref in sect.findall(f"{W}footerReference")
    }
    for kind, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = part(rendered, f"word/{refs[kind]}")
        p = footer.find(f"{W}p")
        assert attr(p.find(f"{W}pPr/{W}jc"), "val") == jc
        assert attr(p.find(f"{W}pPr/{W}ind"), side) == "280"
        texts = "".join(t.text or "" for t in p.iter(f"{W}t"))
        assert texts.startswith("— ") and texts.endswith(" —")
        assert "PAGE" in "".join(t.text or "" for t in p.iter(f"{W}instrText"))
    letter = sect.find(f"{W}titlePg") is not None
    fmt = "信函" if letter else "文件"
    assert (fmt == "信函") == (rendered.stem in LETTER_FORMAT)
    if letter:  # 信函格式: no page number on page 1
        first = part(rendered, f"word/{refs['first']}")
        assert not "".join(t.text or "" for t in first.iter(f"{W}t"))
        assert first.find(f".//{W}fldChar") is None


def test_letterhead_and_foot(rendered):
    doc = part(rendered, "word/document.xml")
    styles = styles_by_id(rendered)
    paras = list(doc.iter(f"{W}p"))
    first = paras[0]
    if rendered.stem == "003":  # a 报告 to the 人大常委会 opens with its title, no letterhead
        assert attr(first.find(f"{W}pPr/{W}pStyle"), "val") == "GwTitle"
        return
    assert attr(first.find(f"{W}pPr/{W}pStyle"), "val") == "GwLetterhead"
    assert _style_prop(styles, "GwLetterhead", f"{W}rPr/{W}color", "val") == "FF0000"
    if rendered.stem in LETTER_FORMAT:
        # 信函: the bureau's name 30 mm from the paper top, in a frame the paragraph itself carries
        frame = first.find(f"{W}pPr/{W}framePr")
        assert attr(frame, "y") == "1701" and attr(frame, "vAnchor") == "page"
        rule = _style_prop(styles, "GwLetterhead", f"{W}pPr/{W}pBdr/{W}bottom", "val")
        assert rule == "thickThinSmallGap"
    # no frame is left in the styles: LibreOffice would ignore the paragraphs' own frames
    assert part(rendered, "word/styles.xml").find(f".//{W}framePr") is None


def test_document_format_has_full_foot(tmp_path):
    """文件格式: 版记 with 抄送 and 印发 in a box anchored at the bottom of the text block, rules 8/6/8."""
    from drafter.cli.main import main

    out = tmp_path / "001.docx"

    assert main(["render", str(EXAMPLES / "wenzhou-sti-proposal-494.yaml"), "-o", str(out), "--force"]) == 0
    doc = part(out, "word/document.xml")
    anchor = doc.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor")
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    assert anchor.find(f"{wp}positionV").get("relativeFrom") == "margin"
    assert anchor.find(f"{wp}positionV/{wp}align").text == "bottom"
    box = [p for p in anchor.iter(f"{W}p")]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in box]
    assert texts == ["抄送：市府办，市政协提案委", "温州市科学技术局办公室2023年6月28日印发"]
    assert [attr(p.find(f"{W}pPr/{W}pStyle"), "val") for p in box] == ["GwCc", "GwPrinter"]
    styles = styles_by_id(out)
    assert _style_prop(styles, "GwCc", f"{W}pPr/{W}pBdr/{W}top", "sz") == "8"
    assert _style_prop(styles, "GwCc", f"{W}pPr/{W}pBdr/{W}bottom", "sz") == "6"
    assert _style_prop(styles, "GwPrinter", f"{W}pPr/{W}pBdr/{W}bottom", "sz") == "8"
    # the red rule under the centred 发文字号
    assert _style_prop(styles, "GwDocNumber", f"{W}pPr/{W}pBdr/{W}bottom", "color") == "FF0000"
    assert _style_prop(styles, "GwDocNumber", f"{W}pPr/{W}jc", "val") == "center"


def test_signer_centred_over_date(rendered):
    """Sealed letters (§7.3.5.1): date four characters from the right, signer centred over the date."""
    doc = part(rendered, "word/document.xml")
    styles = styles_by_id(rendered)
    assert _style_prop(styles, "GwDate", f"{W}pPr/{W}ind", "right") == "1280"
    assert _style_prop(styles, "GwDate", f"{W}pPr/{W}jc", "val") == "right"
    texts = {}
    for p in doc.iter(f"{W}p"):
        role = attr(p.find(f"{W}pPr/{W}pStyle"), "val")
        if role in ("GwSigner", "GwDate"):
            own = "".join(t.text or "" for r in p.findall(f"{W}r") for t in r.findall(f"{W}t"))
            texts[role] = (own, p)
    if "GwSigner" not in texts:
        assert rendered.stem in ("000", "003")  # seed 000 carries only the seal, the 报告 no signature
        return
    signer, p = texts["GwSigner"]
    date, _ = texts["GwDate"]
    # widths in characters: CJK 1, digits 1/2, and 1/4 for each autospace between CJK and digits
    digits = sum(ch.isdigit() for ch in date)
    spaces = sum(1 for a, b in zip(date, date[1:], strict=False) if a.isdigit() != b.isdigit())
    date_width = (len(date) - digits) + digits / 2 + spaces / 4
    assert signer in ("温州市科学技术局", "金华市科学技术局", "浙江省科学技术厅")
    expected = 4 + (date_width - len(signer)) / 2
    assert int(attr(p.find(f"{W}pPr/{W}ind"), "right")) == round(expected * 320)
