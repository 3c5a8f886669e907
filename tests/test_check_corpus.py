"""`drafter check` on real .docx made by other tools and by people in Word and WPS (../shared/corpus/docx).

The table is `REVIEW.md` of that folder: for each file, the findings a careful reviewer judged false (they must
be gone), the ones judged true (they must stay) and the defects the checker missed (they must be reported). A
finding is named by its rule and words of its line (`Finding.line()`), as a clerk reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.checker.run import Report, check_file
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "docx"

Named = tuple[str, str]  # (rule, words in the finding's line)

# file → (format, false, true, missed)
REVIEW: dict[str, tuple[str, list[Named], list[Named], list[Named]]] = {
    "k_standard": (
        "文件",
        [
            ("page-number", "没有页码"),  # PAGE field without a separate fldChar
            ("date-position", "右空 8 字"),  # rightChars and right of one indent added up
            ("note", "首行 4 字"),
            ("attachment-note", "首行 4 字"),
            ("cc", "左 2.1 字"),
            ("printer", "左 2.1 字"),
            ("body-indent", "中共云岭市委办公室"),  # the signing unit, not body text
            ("line-pitch", "此处加盖"),  # the seal placeholder is not the signer, nor text
            ("signer", "此处加盖"),
            ("colour", "此处加盖"),
            ("foot-rules", "无、无、无"),  # the rules are borders of empty paragraphs
        ],
        [("line-pitch", "固定值 29 磅，每页 21 行"), ("chars-per-line", "每行 27 字")],
        [("signer", "中共云岭市委办公室")],  # the 署名 not centred over the date
    ),
    "m_test4": (
        "无版头",
        [("line-pitch", "固定值 28 磅"), ("page-number", "没有页码")],
        [("heading-font", "二级标题 不加粗；实为 加粗"), ("chars-per-line", "每行 27 字"), ("default-font", "警告")],
        [("page-number", "实为 居中"), ("page-number", "Times New Roman")],
    ),
    "z_notice": (
        "无版头",
        [("body-indent", "[发文单位]"), ("sentence-end", "[发文单位]"), ("sentence-end", "[日期]")],
        [
            ("page-number", "奇偶页不同"),
            ("page-number", "实为 仿宋_GB2312"),
            ("page-number", "居右空一字；实为 居中"),
            ("page-number", "12.7 mm"),
        ],
        [("attachment-order", "附件1（可选）"), ("placeholder", "[发文单位]")],
    ),
    "l_reqref": (
        "无版头",
        [("line-pitch", "固定值 28 磅"), ("page-number", "左对齐")],
        [
            ("page-number", "奇偶页不同"),
            ("page-number", "18 mm"),
            ("chars-per-line", "每行 27 字"),
            ("page-number", "文本框居中"),  # what is wrong with it: centred, not right
        ],
        [],
    ),
    "p_out1": (
        "无版头",
        [("line-pitch", "固定值 28 磅"), ("page-number", "左对齐")],  # the frame is aligned outside: right, left
        [
            ("body-font", "实为 宋体"),
            ("heading-font", "一级标题 黑体；实为 楷体"),
            ("heading-font", "二级标题 楷体；实为 仿宋"),
            ("cc", "四号"),
            ("cc", "左右各空一字"),
            ("page-size", "未设定"),
        ],
        [],
    ),
    "d_basic": (
        "无版头",
        [],
        [
            ("margins", "上 32 mm"),
            ("line-pitch", "1.15 倍行距"),
            ("chars-per-line", "每行 27 字"),
            ("body-indent", "首行 0 字"),
            ("date-position", "右空 0 字"),
            ("signer", "办公室"),
            ("attachment-note", "附件：格式检查清单"),
            ("page-number", "没有页码"),
        ],
        [],
    ),
    "g_draft1": (
        "无版头",  # no 发文机关标志: the title in #333333 is not one
        [("colour", "红色")],
        [
            ("body-font", "华文琥珀"),
            ("body-font", "12 磅"),
            ("margins", "上 25.4 mm"),
            ("line-pitch", "15.6 磅"),
            ("doc-number", "左对齐"),
            ("page-number", "没有页码"),
        ],
        [],
    ),
}


def lines(report: Report, rule: str) -> list[str]:
    return [f.line() for f in report.findings if f.rule == rule]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real documents is not here: {CORPUS} (../shared is absent)")
    return {name: check_file(CORPUS / f"{name}.docx") for name in REVIEW}


@pytest.mark.parametrize("name", sorted(REVIEW))
def test_reviewed_findings(name, reports):
    form, false, true, missed = REVIEW[name]
    report = reports[name]
    assert report.unreadable is None, report.unreadable
    assert report.format == form
    for rule, words in false:
        assert not [line for line in lines(report, rule) if words in line], (rule, words, lines(report, rule))
    for rule, words in true + missed:
        assert [line for line in lines(report, rule) if words in line], (rule, words, lines(report, rule))


def test_placeholders_are_one_finding(reports):
    """z_notice's placeholders ([主送单位], [发文单位], [日期] …): one line with their count, nothing measured."""
    report = reports["z_notice"]
    found = [f for f in report.findings if f.rule == "placeholder"]
    assert len(found) == 1 and found[0].count >= 6
    assert not [f for f in report.findings if f.rule != "placeholder" and f.excerpt and f.excerpt.startswith("[")]


def test_every_corpus_file_is_reviewed():
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real documents is not here: {CORPUS} (../shared is absent)")
    assert {p.stem for p in Path(CORPUS).glob("*.docx")} == set(REVIEW)
