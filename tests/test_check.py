"""`drafter check`: every letter we make passes; a broken copy of an example is caught by its rule and no other."""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.checker.findings import RULES
from drafter.checker.run import check_file
from tests.conftest import EXAMPLE_LIBRARY, EXAMPLES, LETTER_EXAMPLES, MINIMAL

Parts = dict[str, str]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """Every example letter rendered once, by name (the 征询意见表 beside its reply too)."""
    from drafter.cli.main import main

    folder = tmp_path_factory.mktemp("examples")
    for source in LETTER_EXAMPLES:
        out = folder / f"{source.stem}.docx"
        assert main(["render", str(source), "-o", str(out), "--library", str(EXAMPLE_LIBRARY)]) == 0
    return {p.stem: p for p in folder.glob("*.docx")}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[Path]:
    from drafter.cli.main import main

    folder = tmp_path_factory.mktemp("batch")
    assert main(["batch", str(EXAMPLES / "batch-2024.yaml"), "-o", str(folder), "--jobs", "1"]) == 0
    return sorted(folder.glob("*.docx"))


def counts(path: Path, bureau: str | None = None) -> Counter[str]:
    entry = None
    if bureau:
        from drafter.library.search import Library

        entry = Library().find(bureau)
    report = check_file(path, entry)
    assert report.unreadable is None, report.unreadable
    out: Counter[str] = Counter()
    for f in report.findings:
        out[f.rule] += f.count
    return out


def broken(source: Path, target: Path, edit: Callable[[Parts], None]) -> Path:
    """A copy of `source` with its XML parts edited as text (zip in, edit, zip out)."""
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    before = dict(parts)
    edit(parts)
    assert parts != before, "the edit changed nothing"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return target


def sub(part: str, old: str, new: str, count: int = 1) -> Callable[[Parts], None]:
    """An edit: the first `count` matches of the regex `old` in `part` replaced (0: all)."""

    def edit(parts: Parts) -> None:
        text, n = re.subn(old, new, parts[part], count=count)
        assert n, f"{old!r} not found in {part}"
        parts[part] = text

    return edit


def both(*edits: Callable[[Parts], None]) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        for e in edits:
            e(parts)

    return edit


DOC, STYLES = "word/document.xml", "word/styles.xml"


def _style_rpr(sid: str, add: str) -> Callable[[Parts], None]:
    """Add run properties at the start of a style's w:rPr."""
    return sub(STYLES, rf'(w:styleId="{sid}".*?<w:rPr>)', rf"\g<1>{add}")


def _style_ppr(sid: str, old: str, new: str) -> Callable[[Parts], None]:
    return sub(STYLES, rf'(w:styleId="{sid}"(?:(?!</w:style>).)*?){old}', rf"\g<1>{new}")


def _new_default_style(parts: Parts) -> None:
    """A clerk's Normal in 宋体 五号 as the default paragraph style; every paragraph of ours names its own."""
    styles = parts[STYLES].replace('w:default="1" w:styleId="Normal"', 'w:styleId="Normal"', 1)
    plain = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="ClerkNormal"><w:name w:val="Clerk Normal"/>'
        '<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hint="eastAsia"/><w:sz w:val="21"/></w:rPr>'
        "</w:style>"
    )
    parts[STYLES] = styles.replace("</w:styles>", plain + "</w:styles>")


def _foot_into_flow(parts: Parts) -> None:
    """The 版记 taken out of its text box at the page's foot and set as plain paragraphs after the date."""
    doc = parts[DOC]
    box = re.search(r"<w:r><w:drawing>.*?<w:txbxContent>(.*?)</w:txbxContent>.*?</w:drawing></w:r>", doc, re.S)
    assert box
    parts[DOC] = doc.replace(box.group(0), "", 1).replace("<w:sectPr>", box.group(1) + "<w:sectPr>", 1)


def _rule_para(size: int) -> str:
    """An empty paragraph whose bottom border is a 版记 rule, as WPS draws them."""
    return (
        '<w:p><w:pPr><w:spacing w:line="113" w:lineRule="exact"/><w:pBdr>'
        f'<w:bottom w:val="single" w:sz="{size}" w:space="1" w:color="000000"/></w:pBdr></w:pPr></w:p>'
    )


def _printer_in_letter(parts: Parts) -> None:
    line = (
        '<w:p><w:pPr><w:pStyle w:val="GwPrinter"/></w:pPr><w:r><w:t>温州市科学技术局办公室</w:t><w:tab/>'
        "<w:t>2024年6月25日印发</w:t></w:r></w:p>"
    )
    parts[DOC] = parts[DOC].replace("</w:txbxContent>", line + "</w:txbxContent>", 1)


FOOTERS = ("word/footer1.xml", "word/footer2.xml")
SEPARATE = (  # a PAGE field's separate mark and cached result, which python-docx and WPS leave out
    r'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
    r'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>\d</w:t></w:r>'
)
PAGE_FIELD = (
    r'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>.*?'
    r'<w:fldChar w:fldCharType="end"/></w:r>'
)


def _in_footers(old: str, new: str, count: int = 1) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        for name in FOOTERS:
            sub(name, old, new, count)(parts)

    return edit


def _page_number_in_box(align: str) -> Callable[[Parts], None]:
    """Each footer's page number moved into a floating VML text box placed across the page, as WPS writes it."""

    def edit(parts: Parts) -> None:
        for name in FOOTERS:
            text = parts[name].replace("<w:ftr ", '<w:ftr xmlns:v="urn:schemas-microsoft-com:vml" ', 1)
            para = re.search(r'<w:p><w:pPr><w:pStyle w:val="GwPageNumber"/>.*?</w:pPr>(.*)</w:p>', text, re.S)
            assert para
            box = (
                '<w:p><w:pPr><w:pStyle w:val="GwPageNumber"/></w:pPr><w:r><w:pict><v:shape style="position:absolute;'
                f'mso-position-horizontal:{align};mso-position-horizontal-relative:margin"><v:textbox><w:txbxContent>'
                f'<w:p><w:pPr><w:pStyle w:val="GwPageNumber"/></w:pPr>{para.group(1)}</w:p>'
                "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
            )
            parts[name] = text.replace(para.group(0), box)

    return edit


def _insert_before(style: str, xml: str) -> Callable[[Parts], None]:
    return sub(DOC, rf'(<w:p><w:pPr><w:pStyle w:val="{style}"/>)', xml.replace("\\", "\\\\") + r"\1")


def _para(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


# example → (edit, the rule that must catch it); each edit breaks one thing a clerk breaks in Word
S393, S494, MARKS, WEN138, REPORT = (
    "wenzhou-sti-suggestion-393",
    "wenzhou-sti-proposal-494",
    "wenzhou-sti-suggestion-marks",
    "zhejiang-sti-suggestion-wen138",
    "dongtou-review-report",
)
BREAKS: dict[str, tuple[str, Callable[[Parts], None], str]] = {
    "paper": (S393, sub(DOC, r'<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="12240" w:h="15840"/>'), "page-size"),
    "margin": (S393, sub(DOC, r'w:left="1587"', 'w:left="1800"'), "margins"),
    "29pt-lines": (S393, sub(STYLES, r'w:line="579"', 'w:line="580"', 0), "line-pitch"),
    "grid-pitch": (S494, sub(DOC, r'w:linePitch="579"', 'w:linePitch="600"'), "line-pitch"),
    "no-condensing": (S393, sub(STYLES, r'<w:spacing w:val="-5"/>', ""), "chars-per-line"),
    "word-only-grid": (
        S393,
        sub(
            DOC,
            r'<w:docGrid w:type="lines" w:linePitch="579"/>',
            '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>',
        ),
        "chars-per-line",
    ),
    "default-songti": (S393, _new_default_style, "default-font"),
    "body-run-songti": (
        S393,
        sub(
            DOC,
            r'(<w:pStyle w:val="GwBody"/></w:pPr><w:r><w:rPr>)',
            r'\g<1><w:rFonts w:eastAsia="宋体" w:hint="eastAsia"/>',
        ),
        "body-font",
    ),
    "body-run-small": (
        S494,
        sub(
            DOC,
            r'(<w:pStyle w:val="GwClosing"/>(?:<w:keepNext/><w:keepLines/>)?</w:pPr><w:r><w:rPr>)',
            r'\g<1><w:sz w:val="30"/>',
        ),
        "body-font",
    ),
    "heading-bold": (S494, _style_rpr("GwH1", "<w:b/>"), "heading-font"),
    "heading-kaiti": (S494, _style_rpr("GwH1", '<w:rFonts w:eastAsia="楷体_GB2312"/>'), "heading-font"),
    "title-bold": (S393, _style_rpr("GwTitle", "<w:b/>"), "title-format"),
    "title-left": (S393, _style_ppr("GwTitle", r'<w:jc w:val="center"/>', '<w:jc w:val="left"/>'), "title-format"),
    "salutation-indented": (
        S393,
        _style_ppr("GwSalutation", r'<w:ind w:firstLine="0"/>', '<w:ind w:firstLine="640"/>'),
        "salutation",
    ),
    "body-not-indented": (
        S393,
        sub(DOC, r'(<w:pStyle w:val="GwBody"/>)', r'\g<1><w:ind w:firstLine="0" w:firstLineChars="0"/>'),
        "body-indent",
    ),
    "doc-number-di": (S393, sub(DOC, "〕95号", "〕第95号"), "doc-number"),
    "doc-number-zero": (S393, sub(DOC, "〕95号", "〕095号"), "doc-number"),
    "doc-number-centred": (
        S393,
        _style_ppr("GwDocNumber", r'<w:jc w:val="right"/>', '<w:jc w:val="center"/>'),
        "doc-number",
    ),
    "doc-number-square": (S393, sub(DOC, "〔2024〕", "[2024]"), "doc-number-brackets"),
    "doc-number-round": (S494, sub(DOC, "〔2023〕", "（2023）"), "doc-number-brackets"),
    "date-zeros": (S393, sub(DOC, "2024年6月26日", "2024年06月26日"), "date-form"),
    "date-blank": (S393, sub(DOC, "2024年6月26日", "2024年  月  日"), "date-missing"),
    "date-flush-right": (
        S393,
        _style_ppr("GwDate", r'<w:ind w:right="1280"/>', '<w:ind w:right="0"/>'),
        "date-position",
    ),
    "signer-off-centre": (S494, sub(DOC, r'<w:ind w:right="1240"/>', '<w:ind w:right="300"/>'), "signer"),
    "note-unbracketed": (MARKS, sub(DOC, "（此件公开发布）", "此件公开发布"), "note"),
    "attachment-note-stop": (WEN138, sub(DOC, "2024年工作思路</w:t>", "2024年工作思路。</w:t>"), "attachment-note"),
    "attachment-note-no-gap": (
        WEN138,
        sub(
            DOC,
            r'<w:p><w:pPr><w:pStyle w:val="GwBlank"/>(?:<w:keepNext/><w:keepLines/>)?</w:pPr></w:p>'
            r'(<w:p><w:pPr><w:pStyle w:val="GwAttachmentNote"/>)',
            r"\1",
        ),
        "attachment-note",
    ),
    "cc-size": (S494, _style_rpr("GwCc", '<w:sz w:val="32"/>'), "cc"),
    "cc-heading": (S494, sub(DOC, "抄送：", "抄报单位"), "cc"),
    "printer-in-letter": ("batch:第103号建议", _printer_in_letter, "printer"),
    "foot-rule-thin": (S494, _style_ppr("GwPrinter", r'w:sz="8"', 'w:sz="4"'), "foot-rules"),
    "foot-in-flow": (S494, _foot_into_flow, "foot-position"),
    "page-number-missing": (
        S393,
        sub(DOC, r'<w:footerReference w:type="default" r:id="rIdFtrOdd"/>', ""),
        "page-number",
    ),
    "page-number-hyphens": (S393, sub("word/footer1.xml", "— ", "- "), "page-number"),
    "page-number-first-page": (S393, sub(DOC, "<w:titlePg/>", ""), "page-number"),
    "page-number-centred": (
        S494,
        sub("word/footer2.xml", r'<w:jc w:val="left"/>', '<w:jc w:val="center"/>'),
        "page-number",
    ),
    "blue-run": (
        S393,
        sub(
            DOC,
            r'(<w:pStyle w:val="GwClosing"/>(?:<w:keepNext/><w:keepLines/>)?</w:pPr><w:r><w:rPr>)',
            r'\g<1><w:color w:val="0000FF"/>',
        ),
        "colour",
    ),
    "black-letterhead": (S393, _style_rpr("GwLetterhead", '<w:color w:val="000000"/>'), "colour"),
    "quotes-in-latin-font": (
        S393,
        both(sub(DOC, ' w:hint="eastAsia"', "", 0), sub(STYLES, ' w:hint="eastAsia"', "", 0)),
        "punctuation-font",
    ),
    "half-width-commas": (S393, sub(DOC, "近年来，我局", "近年来,我局"), "ascii-punctuation"),
    "half-width-parentheses": (S393, sub(DOC, "（人大建议393号）", "(人大建议393号)"), "ascii-punctuation"),
    "unbalanced-book-title": (S393, sub(DOC, "试点县的建议》", "试点县的建议"), "unbalanced"),
    "unbalanced-quote": (S393, sub(DOC, "“一县一业”", "“一县一业"), "unbalanced"),
    "title-full-stop": (S393, sub(DOC, "答复函</w:t>", "答复函。</w:t>"), "title-punctuation"),
    "salutation-daibiao-for-tian": (S494, sub(DOC, "项奕豪委员：", "项奕豪代表："), "salutation-kind"),
    "salutation-weiyuan-for-jianyi": (S393, sub(DOC, "黄钦鑫代表：", "黄钦鑫委员："), "salutation-kind"),
    "item-number-differs": (S393, sub(DOC, "（人大建议393号）", "（人大建议394号）"), "item-number"),
    "item-kind-differs": (S393, sub(DOC, "（人大建议393号）", "（政协提案393号）"), "item-kind"),
    "mobile-in-published": (MARKS, sub(DOC, "88962072", "13857712345"), "mobile-phone"),
    "year-range-hyphen": (REPORT, sub(DOC, "2023—2027年", "2023-2027年"), "year-range"),
    "no-full-stop": (S393, sub(DOC, "将重点做好以下工作。", "将重点做好以下工作"), "sentence-end"),
    "order-kind": (
        S393,
        both(sub(DOC, "温州市科学技术局</w:t>", "温州市人民政府令</w:t>"), sub(DOC, "温科提复〔2024〕95号", "第5号")),
        "document-kind",
    ),
    "minutes-kind": (
        S393,
        sub(DOC, "温州市科学技术局</w:t>", "温州市科学技术局局长办公会议纪要</w:t>"),
        "document-kind",
    ),
    "placeholder-in-text": (S393, sub(DOC, "近年来，我局", "近年来，XX单位"), "placeholder"),
    "seal-between-signer-and-date": (
        S494,
        _insert_before("GwDate", _para("GwSigner", "〔此处加盖印章〕")),
        "placeholder",
    ),
    "letterhead-low": (S393, sub(DOC, 'w:y="1701"', 'w:y="2835"'), "letterhead-position"),
    "letterhead-single-rule": (
        S393,
        _style_ppr("GwLetterhead", 'w:val="thickThinSmallGap"', 'w:val="single"'),
        "letterhead-rules",
    ),
    "letterhead-foot-rule-upside-down": (
        S393,
        _style_ppr("GwLetterheadFoot", 'w:val="thickThinSmallGap"', 'w:val="thinThickSmallGap"'),  # drawn 上粗下细
        "letterhead-rules",
    ),
    "attachment-before-closing": (S393, _insert_before("GwClosing", _para("GwBody", "附件1")), "attachment-order"),
    "page-number-times": (
        S393,
        _in_footers(
            '<w:rFonts w:hint="eastAsia"/>',
            '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:hint="eastAsia"/>',
            0,
        ),
        "page-number",
    ),
    "page-number-in-centred-box": (S393, _page_number_in_box("center"), "page-number"),
    "page-field-without-separate-centred": (
        S393,
        both(
            sub("word/footer1.xml", SEPARATE, ""),
            sub("word/footer1.xml", r'<w:ind w:right="280"/><w:jc w:val="right"/>', '<w:jc w:val="center"/>'),
        ),
        "page-number",
    ),
    "title-blue": (S393, _style_rpr("GwTitle", '<w:color w:val="0000FF"/>'), "colour"),
}

# example → an edit that writes the same thing the way Word, WPS or another tool writes it: no finding may change
SAME: dict[str, tuple[str, Callable[[Parts], None]]] = {
    "page-field-without-separate": (
        S393,
        _in_footers(SEPARATE, ""),
    ),
    "page-field-simple": (
        S393,
        _in_footers(PAGE_FIELD, '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'),
    ),
    "page-field-nested": (
        S393,
        _in_footers(
            r'(<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>)',
            r'\1<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SECTION </w:instrText></w:r>'
            r'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r>'
            r'<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ),
    ),
    "page-number-in-outside-box": (S393, _page_number_in_box("outside")),
    "page-number-in-outside-frame": (
        S393,
        _in_footers(
            r'<w:ind w:(right|left)="280"/><w:jc w:val="(right|left)"/>',
            '<w:framePr w:wrap="around" w:vAnchor="text" w:hAnchor="margin" w:xAlign="outside" w:y="1"/>',
        ),
    ),
    "at-least-28.95pt": (S393, sub(STYLES, 'w:line="579" w:lineRule="exact"', 'w:line="579" w:lineRule="atLeast"', 0)),
    "one-and-a-half-on-a-386-grid": (
        S393,
        both(
            sub(STYLES, 'w:line="579" w:lineRule="exact"', 'w:line="360" w:lineRule="auto"', 0),
            sub(DOC, r'w:linePitch="579"', 'w:linePitch="386"'),
        ),
    ),
    "single-spacing-on-the-grid": (
        S393,
        sub(STYLES, 'w:line="579" w:lineRule="exact"', 'w:line="240" w:lineRule="auto"', 0),
    ),
    "date-indent-chars-and-twips": (
        S393,
        _style_ppr("GwDate", '<w:ind w:right="1280"/>', '<w:ind w:rightChars="400" w:right="1280"/>'),
    ),
    "body-indent-chars-and-twips": (
        S393,
        _style_ppr(
            "GwBody",
            '<w:ind w:firstLineChars="200" w:firstLine="640"/>',
            '<w:ind w:firstLineChars="200" w:firstLine="640" w:leftChars="0" w:left="0"/>',
        ),
    ),
    "exact-28pt": (
        S393,
        both(sub(STYLES, r'w:line="579"', 'w:line="560"', 0), sub(DOC, r'w:linePitch="579"', 'w:linePitch="560"')),
    ),
    "table-after-date": (
        S393,
        sub(
            DOC,
            r"(2024年6月26日</w:t></w:r></w:p>)",
            r"\1<w:tbl>"
            + "".join(f"<w:tr><w:tc>{_para('GwTableCell', f'第{n}项')}</w:tc></w:tr>" for n in range(1, 6))
            + "</w:tbl>",
        ),
    ),
    "foot-rules-on-empty-paragraphs": (
        S494,
        both(
            _style_ppr("GwCc", r"<w:pBdr>.*?</w:pBdr>", ""),
            _style_ppr("GwPrinter", r"<w:pBdr>.*?</w:pBdr>", ""),
            sub(
                DOC,
                r'(<w:p><w:pPr><w:pStyle w:val="GwCc"/>.*?</w:p>)(<w:p><w:pPr><w:pStyle w:val="GwPrinter"/>.*?</w:p>)',
                _rule_para(8) + r"\1" + _rule_para(6) + r"\2" + _rule_para(8),
            ),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(SAME))
def test_the_same_written_otherwise_reads_the_same(name, made, tmp_path):
    example, edit = SAME[name]
    source = made[example]
    target = broken(source, tmp_path / f"{name}.docx", edit)
    before, after = check_file(source), check_file(target)
    assert after.unreadable is None, after.unreadable
    assert [f.line() for f in after.findings] == [f.line() for f in before.findings]


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_is_caught_by_its_rule_only(name, made, batch, tmp_path):
    example, edit, rule = BREAKS[name]
    if example.startswith("batch:"):
        source = next(p for p in batch if p.stem == example.split(":", 1)[1])
    else:
        source = made[example]
    target = broken(source, tmp_path / f"{name}.docx", edit)
    new = counts(target) - counts(source)
    assert set(new) == {rule}, dict(new)


def test_every_rule_has_a_break():
    caught = {rule for _example, _edit, rule in BREAKS.values()}
    assert caught == {r for r in RULES if not r.startswith("render-")}


def test_every_example_letter_passes(made):
    assert len(made) >= len(LETTER_EXAMPLES) + 1  # and the 征询意见表 of the marks example
    for path in made.values():
        report = check_file(path)
        errors = [f.line() for f in report.findings if f.severity == "error"]
        assert not errors, (path.name, errors)


def test_every_batch_letter_passes(batch):
    assert len(batch) >= 24
    for path in batch:
        report = check_file(path)
        errors = [f.line() for f in report.findings if f.severity == "error"]
        assert not errors, (path.name, errors)


# seed → the wording findings its text really contains: (rule, the paragraph's first words) each
SEED_WORDING = {
    "000": [("year-range", "近年来，我局深入贯彻习近")],  # 《龙港市科技特派团实施方案（2025-2027年）》
    "001": [
        ("item-kind", "您在市政协十二届二次会议"),  # the 提案 called （政协建议494号） and 您在建议中
        ("year-range", "二是精准赋能创新。持续实"),
        ("year-range", "四是“专精特新”支持。继"),
        ("year-range", "三、强化平台支撑，加快科"),
    ],
    "002": [],
    "003": [  # three paragraphs that lost their closing full stop
        ("sentence-end", "一是科技孵化生态不优。我"),
        ("sentence-end", "二是高层次人才招引难度大"),
        ("sentence-end", "（三）聚焦科技成果转化，"),
    ],
    "004": [],
}
WORDING_RULES = {
    "ascii-punctuation",
    "doc-number-brackets",
    "date-form",
    "unbalanced",
    "title-punctuation",
    "salutation-kind",
    "item-number",
    "item-kind",
    "mobile-phone",
    "year-range",
    "sentence-end",
}


@pytest.mark.parametrize("seed", sorted(SEED_WORDING))
def test_seed_wording_findings(seed, made):
    from tests.conftest import SEEDS

    report = check_file(made[SEEDS[seed]])
    found = sorted((f.rule, (f.excerpt or "").rstrip("…")) for f in report.findings if f.rule in WORDING_RULES)
    assert found == sorted(SEED_WORDING[seed])


def test_bureau_house_style_is_rendered_and_checked(run, tmp_path, letter_file):
    """A bureau declares 30 pt lines (21 a page) and bold level-2 headings: its letters have them, pass its check,
    and fail the base's check on exactly those two rules."""
    root = tmp_path / "lib"
    (root / "bold-lines").mkdir(parents=True)
    (root / "bold-lines" / "bureau.yaml").write_text(
        "name: 温州市科学技术局\nseries: {答复: 温科提复}\nhouse_style:\n  line_pitch: 30\n  bold_headings: [2]\n",
        encoding="utf-8",
    )
    source = letter_file(
        (EXAMPLES / "wenzhou-sti-suggestion-393.yaml")
        .read_text(encoding="utf-8")
        .replace("bureau: wenzhou-sti", "bureau: bold-lines")
    )
    out = tmp_path / "393.docx"
    assert run("render", source, "-o", out, "--library", root)[0] == 0
    with zipfile.ZipFile(out) as z:
        styles, document = z.read(STYLES).decode(), z.read(DOC).decode()
    assert 'w:linePitch="600"' in document and 'w:line="600" w:lineRule="exact"' in styles
    assert re.search(r'w:styleId="GwH2".*?<w:b/>', styles, re.S)
    code, out_text, _err = run("check", out, "--bureau", "bold-lines", "--library", root)
    assert code == 0, out_text
    assert "line-pitch" not in out_text and "heading-font" not in out_text
    code, out_text, _err = run("check", out)
    assert code == 1
    rules = set(re.findall(r"\[([a-z-]+)\]", out_text))
    assert rules == {"line-pitch", "heading-font", "year-range"}  # year-range: the seed's own 2025-2027


def test_unreadable_files_are_named_without_traceback(run, tmp_path):
    empty = tmp_path / "空.docx"
    empty.write_bytes(b"")
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    sheet = tmp_path / "表.docx"
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    cut = tmp_path / "半个.docx"
    cut.write_bytes(b"PK\x03\x04" + b"\0" * 20)
    missing = tmp_path / "没有.docx"
    for path, words in [
        (empty, "空文件"),
        (old, "旧版 Word 文档（.doc）"),
        (sheet, "Excel"),
        (cut, "已损坏"),
        (missing, "找不到文件"),
    ]:
        code, _out, err = run("check", path)
        assert code == 2, path
        assert words in err and str(path) in err and "Traceback" not in err


def test_exit_status_and_json(run, made, tmp_path):
    clean = made["wenzhou-sti-co-opinion-58"]
    assert run("check", clean)[0] == 0
    bad = broken(made[S393], tmp_path / "bad.docx", sub(DOC, "〔2024〕", "[2024]"))
    code, out, _err = run("check", "--json", bad, clean)
    assert code == 1
    data = json.loads(out)
    first = data["files"][0]
    assert first["errors"] == 1 and data["errors"] == 1
    finding = next(f for f in first["findings"] if f["rule"] == "doc-number-brackets")
    assert finding["severity"] == "error" and finding["paragraph"] == 2
    assert finding["found"] == "温科提复[2024]95号" and "〔2024〕" in finding["expected"]
    assert data["files"][1]["findings"] == []
    # warnings alone pass, unless --strict
    assert run("check", made[S393])[0] == 0
    assert run("check", "--strict", made[S393])[0] == 1


def test_english_report(run, tmp_path, made):
    bad = broken(made[S393], tmp_path / "bad.docx", sub(DOC, "2024年6月26日", "2024年06月26日"))
    code, out, _err = run("--lang", "en", "check", bad)
    assert code == 1
    assert "Error [date-form]" in out and "expected" in out and "paragraph" in out.lower()


def test_wording_rules_on_plain_text():
    """The wording rules need no .docx: paragraphs given as text with their parts."""
    from drafter.checker.wording import Text, check_wording

    items = [
        ("title", Text(1, "title", "关于市政协十二届二次会议第494号提案的答复函")),
        ("salutation", Text(2, "salutation", "项奕豪代表：")),
        ("body", Text(3, "body", "您提出的《关于……的提案》（第495号）收悉,现答复如下：")),
        ("body", Text(4, "body", "实施《三年行动计划（2022-2024年）》")),
    ]
    rules = sorted(f.rule for f in check_wording(items))
    assert rules == ["ascii-punctuation", "item-number", "salutation-kind", "sentence-end", "year-range"]


def test_folder_and_pattern_are_expanded(run, batch, tmp_path):
    """A batch's output folder, or a pattern Windows' cmd passes on unexpanded, checks every .docx in it."""
    folder = batch[0].parent
    (folder / "~$第12号建议.docx").write_bytes(b"Word's lock file")
    code, out, _err = run("check", folder)
    assert code == 0 and out.count("（信函格式）") + out.count("（文件格式）") + out.count("（无版头）") == len(batch)
    assert f"共 {len(batch)} 个文件" in out and "~$" not in out
    code, out, _err = run("check", folder / "第1*号建议.docx")
    assert (
        code == 0
        and f"共 {len([p for p in batch if p.name.startswith('第1') and p.name.endswith('号建议.docx')])} 个文件" in out
    )


def test_unknown_bureau_is_named(run, made):
    code, _out, err = run("check", made[S393], "--bureau", "wenzhou-st")
    assert code == 2 and "wenzhou-sti" in err


def test_base_style_is_cached_and_recomputed_when_its_files_change(tmp_path, monkeypatch):
    """The cached numbers equal the computed ones; a cache that no longer matches its files is not used."""
    from drafter.checker import style, stylecache

    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path))
    for form in ("信函", "文件"):
        assert stylecache.expected(None, form) == style.expected(None, form)  # computed and written
        assert stylecache.expected(None, form) == style.expected(None, form)  # read back
    written = sorted(tmp_path.glob("expected-*.json"))
    assert len(written) == 2
    written[0].write_text("{not json", encoding="utf-8")  # a damaged cache is recomputed, and rewritten
    assert stylecache.expected(None, "信函") == style.expected(None, "信函")
    monkeypatch.setattr(stylecache, "__version__", "another")  # what it depends on changed: a new key
    stylecache.expected(None, "信函")
    assert len(list(tmp_path.glob("expected-*.json"))) == 3


def test_a_title_alone_is_no_letterhead(made, tmp_path):
    """Without its letterhead, a letter is a document without one, even with its title in red: the title is
    not taken for a 发文机关标志 and not told to be red, and the 发文字号 is not judged as a 信函's."""
    edit = both(
        sub(DOC, r'<w:p><w:pPr><w:pStyle w:val="GwLetterhead"/>.*?</w:p>', ""),
        _style_rpr("GwTitle", '<w:color w:val="FF0000"/>'),
    )
    report = check_file(broken(made[S393], tmp_path / "no-letterhead.docx", edit))
    assert report.format == "无版头"
    colour = [f for f in report.findings if f.rule == "colour"]
    assert colour and all("发文机关标志" not in f.expected for f in colour)
    assert all(f.excerpt and f.excerpt.startswith("关于") for f in colour)


def test_a_bureau_style_is_cached_until_its_bureau_yaml_changes(tmp_path, monkeypatch):
    """--bureau ID reads the bureau only when its style is not cached; editing its bureau.yaml is seen at once."""
    from drafter.checker import style, stylecache
    from drafter.library.search import Library

    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "lib" / "pitch"
    folder.mkdir(parents=True)
    settings = folder / "bureau.yaml"
    settings.write_text("name: 温州市科学技术局\nhouse_style:\n  line_pitch: 30\n", encoding="utf-8")
    library = Library([tmp_path / "lib"])
    ref = stylecache.named(library, "pitch")
    assert isinstance(ref, stylecache.Named)
    first = stylecache.expected(ref, "信函")
    assert first == style.expected(library.entry("pitch"), "信函") and first.pitch == 600
    assert stylecache.expected(ref, "信函") == first  # from the cache
    settings.write_text("name: 温州市科学技术局\nhouse_style:\n  line_pitch: 29\n", encoding="utf-8")
    os.utime(settings, ns=(settings.stat().st_atime_ns, settings.stat().st_mtime_ns + 10**9))
    assert stylecache.expected(ref, "信函").pitch == 580
    assert stylecache.named(library, "温州市科学技术局") is not None  # a full name is found by reading


def test_a_unit_named_committee_is_no_member():
    """A 协办意见 to 温州市发展和改革委员会 on a 建议: 委员会 is a body, not the 委员 a proposal's member is called."""
    from drafter.checker.wording import Text, check_wording

    def rules(salutation: str) -> list[str]:
        items = [
            ("title", Text(1, "title", "关于市十四届人大四次会议第58号建议的协办意见")),
            ("salutation", Text(2, "salutation", salutation)),
        ]
        return [f.rule for f in check_wording(items) if f.rule == "salutation-kind"]

    assert rules("温州市发展和改革委员会：") == []
    assert rules("温州市人大常委会代表团：") == []
    assert rules("黄钦鑫委员：") == ["salutation-kind"]  # still wrong for a 建议


def test_a_heading_whose_text_gives_a_telephone_number_is_a_heading(run, tmp_path):
    """一、强化资金保障。…联系电话：0577-… is a run-in heading, not a contact line checked as body text."""
    letter = tmp_path / "l.yaml"
    letter.write_text(
        MINIMAL.replace(
            "  body:\n",
            "  body:\n    - heading: 强化资金保障。\n      text: 设立科技专项资金，联系电话：0577-88962072。\n",
        ),
        encoding="utf-8",
    )
    docx = tmp_path / "l.docx"
    assert run("render", letter, "-o", docx)[0] == 0
    code, out, err = run("check", docx)
    assert code == 0 and "body-font" not in out and "heading-font" not in out, (out, err)
    assert "（信函格式）" in out and not re.search(r"错误 [1-9]", out), out
