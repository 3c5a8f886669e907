"""A letter prints what it states: facts only where a derived string needs them; undated drafts; the vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.vocab import dates, docnumber, headings, numerals, parts
from tests.conftest import MINIMAL, paragraph_texts

OWN_WORDS = """\
reply:
  bureau: wenzhou-sti
  doc_number: 温科提复〔2024〕95号
  title: 关于龙港市申报试点县有关问题的答复函
  salutation: 黄钦鑫代表：
  opening: 您的建议收悉，现答复如下：
  body:
    - 近年来，我局持续推进科技特派员工作。
  closing: 感谢您的关心。
  date: 2024-06-26
"""


def test_a_letter_with_its_own_title_salutation_and_opening_needs_no_proposal(run, letter_file, tmp_path):
    out = tmp_path / "own.docx"
    code, _out, err = run("render", letter_file(OWN_WORDS), "-o", out)
    assert code == 0, err
    text = [p for p in paragraph_texts(out) if p]
    assert "关于龙港市申报试点县有关问题的答复函" in text and "黄钦鑫代表：" in text
    assert "您的建议收悉，现答复如下：" in text


def test_missing_facts_are_named_with_what_needs_them(run, letter_file):
    code, _out, err = run("render", letter_file(OWN_WORDS.replace("  salutation: 黄钦鑫代表：\n", "")), "--text")
    assert code == 2
    assert "称呼要用到提出人（proposal.proposers）：写上提出人，或直接写 reply.salutation" in err
    assert "标题要用到" not in err and "开头语要用到" not in err  # those the letter states


def test_title_from_the_proposals_own_title_when_session_and_number_are_not_stated(run, letter_file):
    text = MINIMAL.replace("  session: 市十四届人大四次会议\n", "").replace('  number: "393"\n', "")
    text = text.replace("  body:", "  opening: 您的建议收悉。\n  body:")
    code, out, err = run("render", letter_file(text), "--text")
    assert code == 0, err
    assert "关于《关于支持龙港市申报试点县的建议》的答复函" in out.replace("\n", "")


def test_undated_letter_leaves_the_date_for_the_signer(run, letter_file, tmp_path):
    out = tmp_path / "draft.docx"
    code, _out, err = run("render", letter_file(MINIMAL.replace("  date: 2024-06-26\n", "")), "-o", out)
    assert code == 0, err
    assert "没有写成文日期" in err
    paragraphs = paragraph_texts(out)
    assert dates.BLANK_LINE in paragraphs
    assert paragraphs.index(dates.BLANK_LINE) > paragraphs.index("温州市科学技术局")


def test_batch_strict_refuses_an_undated_letter(run, tmp_path):
    batch = tmp_path / "batch.yaml"
    letter = MINIMAL.replace("  date: 2024-06-26\n", "").replace("\n", "\n    ")
    batch.write_text("letters:\n  - " + letter.rstrip() + "\n", encoding="utf-8")
    code, _out, err = run("batch", batch, "-o", tmp_path / "out", "--strict")
    assert code != 0 and "没有写成文日期" in err
    assert not list((tmp_path / "out").glob("*.docx")) if (tmp_path / "out").exists() else True


@pytest.mark.parametrize(
    ("text", "day", "style"),
    [
        ("2024年6月26日", dt.date(2024, 6, 26), "arabic"),
        ("2024 年 6 月 26 日", dt.date(2024, 6, 26), "arabic"),
        ("二〇二四年六月二十六日", dt.date(2024, 6, 26), "chinese"),
        ("二○一九年五月九日", dt.date(2019, 5, 9), "chinese"),
        ("二零二三年十二月三十一日", dt.date(2023, 12, 31), "chinese"),
        ("二〇二四 年 十 月 一 日", dt.date(2024, 10, 1), "chinese"),
    ],
)
def test_dates_are_read_however_written(text, day, style):
    assert dates.read(text) == (day, style)


@pytest.mark.parametrize("text", ["2023831", "20241018", "2024年2月30日", "年  月  日", "202X年X月X日"])
def test_what_is_meant_as_a_date_but_cannot_be_read_is_not_guessed(text):
    assert dates.read(text) is None and dates.looks_like_date(text)


def test_numerals_both_ways():
    for n in [*range(1, 130), 999, 1000, 1001, 1010, 2024, 9999, 10000, 10001, 12345, 100000]:
        assert numerals.value(numerals.cardinal(n)) == n
    assert numerals.cardinal(15) == "十五" and numerals.cardinal(10000) == "一万" and numerals.value("两") == 2
    assert numerals.digits_value("二〇二四") == 2024 and numerals.value("二三") is None


def test_doc_numbers_as_printed():
    found = docnumber.read_line("潼民发【2024】275号")
    assert found and found.standard == "潼民发〔2024〕275号" and found.wrong_bracket == "【"
    found = docnumber.read_line("岳县水利函〔2019〕60号  B类  同意公开")
    assert found and found.rest.split() == ["B类", "同意公开"]
    # a portal's 文号： label is not taken into the 代字 (a colon stands in a 代字 only just before the bracket)
    assert docnumber.read_line("文号：虞交建〔2019〕12号 公开日期：2019-12-23") is None
    found = docnumber.read_line("建议字:〔2023〕8号")
    assert found and found.prefix == "建议字:" and found.serial == "8"


def test_heading_numbers_and_marks():
    assert headings.heading_number("（十二）加强管理") == (2, "十二")
    assert headings.heading_number("1、总体情况", loose=True) == (3, "1")
    assert parts.result_class("类别：B") == "B" and parts.result_class("B1类") == "B1"
    assert parts.disclosure("（此件公开发布）") == "主动公开" and parts.disclosure("同意公开") == "主动公开"
    assert parts.is_seal("〔此处加盖印章〕") and parts.is_placeholder("202X年X月X日")


def test_check_reports_a_missing_date_as_an_error(run, letter_file, tmp_path):
    undated, dated = tmp_path / "undated.docx", tmp_path / "dated.docx"
    assert run("render", letter_file(MINIMAL.replace("  date: 2024-06-26\n", ""), "u.yaml"), "-o", undated)[0] == 0
    assert run("render", letter_file(MINIMAL, "d.yaml"), "-o", dated)[0] == 0
    code, out, _err = run("check", undated, "--bureau", "wenzhou-sti")
    assert code == 1 and "[date-missing]" in out and "日期未填写" in out
    code, out, _err = run("check", dated, "--bureau", "wenzhou-sti")
    assert "[date-missing]" not in out


def test_a_heading_that_is_its_whole_paragraph_is_not_kept_with_the_next(run, letter_file, tmp_path):
    """1.该公路已实施，现已完工。 and nothing under it: a paragraph of text, so four of them do not chain to the
    signature (keepNext) and push the page's text over."""
    items = "".join(f"    - heading: 第{n}条道路已实施，现已完工。\n      level: 3\n" for n in range(1, 5))
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", items)
    out = tmp_path / "items.docx"
    assert run("render", letter_file(text), "-o", out)[0] == 0
    from tests.conftest import part

    body = part(out, "word/document.xml")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for p in body.iter(f"{w}p"):
        texts = "".join(t.text or "" for t in p.iter(f"{w}t"))
        if "道路已实施" in texts:
            style = p.find(f"{w}pPr/{w}pStyle")
            assert style is not None and style.get(f"{w}val") == "GwBody", texts
            assert p.find(f"{w}pPr/{w}keepNext") is None


def test_a_title_breaks_outside_a_quoted_proposal_title_where_it_can():
    from drafter.letter.layout import _break, title_lines

    assert _break("甲的《乙的丙》丁", 0, 6, 0) == 2  # after 甲的, not inside 《乙的丙》
    assert _break("《乙的丙》", 0, 4, 0) == 3  # inside only when nothing outside fits
    assert (
        title_lines("关于《关于支持龙港市申报试点县的建议》的答复函", 20.0)
        == "关于《关于支持龙港市申报试点县的建议》的\n答复函"
    )
