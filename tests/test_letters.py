"""Whole letters: the seed letters reproduced, the text preview equal to the .docx, hostile text kept exactly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from drafter.letter.load import load
from drafter.letter.render import render
from drafter.library.search import Library
from tests.conftest import EXAMPLE_LIBRARY, EXAMPLES, LETTER_EXAMPLES, MINIMAL, SEEDS, SHARED, paragraph_texts

SEEDCHECK = SHARED / "tools" / "seedcheck.py"


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_example_reproduces_seed(seed, run, tmp_path):
    if not SEEDCHECK.exists():
        pytest.skip(f"{SEEDCHECK} is not beside this checkout")
    out = tmp_path / f"{seed}.docx"
    code, _, err = run("render", EXAMPLES / f"{SEEDS[seed]}.yaml", "-o", out)
    assert code == 0, err
    check = subprocess.run([sys.executable, str(SEEDCHECK), seed, str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert "OK" in check.stdout


@pytest.mark.parametrize("example", LETTER_EXAMPLES, ids=lambda p: p.stem)
def test_text_preview_equals_docx(example, tmp_path):
    loaded = load(example, Library([EXAMPLE_LIBRARY]))
    result = render(loaded.letter, loaded.entry)
    out = tmp_path / "x.docx"
    result.write_docx(out)
    assert "\n".join(paragraph_texts(out)) + "\n" == result.text()


HOSTILE = "R&D <测试> & {{ 7*7 }} {% if x %} {_{ 𠮷野家 “引号” — ……"


def test_hostile_text_survives_exactly(letter_file, run, tmp_path):
    text = MINIMAL.replace("近年来，我局持续推进科技特派员工作。", '"' + HOSTILE.replace('"', '\\"') + '"')
    text = text.replace("proposers: [黄钦鑫]", "proposers: [𠮷田]")
    path = letter_file(text)
    out = tmp_path / "out.docx"
    code, _, err = run("render", path, "-o", out)
    assert code == 0, err
    paras = paragraph_texts(out)
    assert HOSTILE in paras
    assert "𠮷田代表：" in paras
    assert not any("49" in p for p in paras)
    code, preview, _ = run("render", path, "--text")
    assert HOSTILE in preview.splitlines()


def test_numbering_levels_and_run_in_items(letter_file, run):
    body = """\
    - heading: 总体情况
      sections:
        - heading: 第一小节。
          text: 小节正文。
          sections:
            - heading: 细目
              sections:
                - heading: 更细
        - heading: 第二小节
    - heading: 下一步
      items_bold: true
      items:
        - lead: 加强领导。
          text: "领导正文。\\n另起一段。"
        - lead: 加大投入。
    - text: 此外，
      items_inline: true
      items:
        - lead: 甲。
        - lead: 乙。
"""
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", body)
    code, out, err = run("render", letter_file(text), "--text")
    assert code == 0, err
    lines = out.splitlines()
    for expected in (
        "一、总体情况",
        "（一）第一小节。小节正文。",
        "1.细目",
        "（1）更细",
        "（二）第二小节",
        "二、下一步",
        "一是加强领导。领导正文。",
        "另起一段。",
        "二是加大投入。",
        "此外，一是甲。二是乙。",
    ):
        assert expected in lines, expected


@pytest.mark.parametrize(
    ("proposers", "salutation", "pronoun"),
    [
        ("[黄钦鑫]", "黄钦鑫代表：", "您"),
        ("[王珂, 高晨星]", "王珂、高晨星两位代表：", "你们"),
        ("[郑志荣, 白成林, 王海涛]", "郑志荣等3位代表：", "你们"),
        ("[{organisation: 民盟温州市委会}]", "民盟温州市委会：", "你们"),
        ("[{name: 项奕豪, role: 委员}]", "项奕豪委员：", "您"),
    ],
)
def test_salutation_and_pronoun_follow_proposers(letter_file, run, proposers, salutation, pronoun):
    text = MINIMAL.replace("[黄钦鑫]", proposers)
    code, out, err = run("render", letter_file(text), "--text")
    assert code == 0, err
    lines = out.splitlines()
    assert salutation in lines
    opening = lines[lines.index(salutation) + 1]
    assert opening.startswith(
        f"{pronoun}在市十四届人大四次会议期间提出的《关于支持龙港市申报试点县的建议》（第393号）收悉。"
    )
    assert f"感谢{pronoun}对我局工作的关心和支持。" in lines


def test_proposal_kind_sets_role_title_and_opening(letter_file, run):
    text = MINIMAL.replace("kind: 建议", "kind: 政协提案").replace("市十四届人大四次会议", "市政协十二届二次会议")
    code, out, _ = run("render", letter_file(text), "--text")
    assert code == 0
    assert "黄钦鑫委员：" in out
    assert "关于市政协十二届二次会议第393号提案的答复函" in out.replace("\n", "")
    assert "经认真研究，现将办理情况答复如下：" in out


def test_contact_after_date_and_chinese_date(letter_file, run):
    text = (
        MINIMAL + "  contact: [（联系人：张三，联系电话：12345678）]\n  contact_position: after_date\n"
        "  date_style: chinese\n  signer: 温州市科学技术局\n  cc: []\n"
    )
    code, out, _ = run("render", letter_file(text), "--text")
    assert code == 0
    lines = [line for line in out.splitlines() if line]
    assert lines[-3:] == ["温州市科学技术局", "二〇二四年六月二十六日", "（联系人：张三，联系电话：12345678）"]


def test_letter_format_refuses_printer_line(letter_file, run, tmp_path):
    code, _, err = run("render", letter_file(MINIMAL + "  printer: 办公室\n"), "-o", tmp_path / "o.docx")
    assert code == 2 and "信函格式的版记只印抄送" in err


def test_readme_example_renders(tmp_path, run):
    """The letter shown in the README is valid input and renders."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    source = tmp_path / "readme.yaml"
    source.write_text(block, encoding="utf-8")
    code, out, err = run("render", source, "--text")
    assert code == 0, err
    assert "一、做好顶层设计。发挥特派团战略咨询作用……" in out
    # what the letter leaves out comes from the bureau's library: the 署名 and the 抄送 for a 建议
    # (the empty line is the 版记 box's anchor, after the date)
    assert out.splitlines()[-4:] == ["温州市科学技术局", "2024年6月26日", "", "抄送：市人大常委会代表工委，市府办。"]


def test_numbering_restarts_under_each_top_heading(letter_file, run):
    body = "    - heading: 甲\n    - {heading: 甲一, level: 2}\n    - heading: 乙\n    - {heading: 乙一, level: 2}\n"
    code, out, _ = run(
        "render", letter_file(MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", body)), "--text"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[lines.index("一、甲") : lines.index("一、甲") + 4] == ["一、甲", "（一）甲一", "二、乙", "（一）乙一"]


def test_cc_written_out_is_printed_once(letter_file, run):
    code, out, _ = run("render", letter_file(MINIMAL + "  cc: 抄送：市府办。\n"), "--text")
    assert code == 0 and "抄送：市府办。" in out.splitlines() and "抄送：抄送" not in out
