"""Bad input: a located Chinese message, exit status 2, no traceback, and no output file."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL


def _fails(run, path, tmp_path) -> str:
    out = tmp_path / "out.docx"
    code, _, err = run("render", path, "-o", out)
    assert code == 2
    assert "Traceback" not in err
    assert str(path) in err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    return err


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        # YAML syntax: an unclosed quote, named with its line
        ("  session: 市十四届人大四次会议", '  session: "市十四届人大四次会议', "YAML 格式有误"),
        # the Chinese colon after a key, named on its own line
        ("  session: 市十四届人大四次会议", "  session：市十四届人大四次会议", "第3行第10列：项名后用了中文冒号“：”"),
        # a tab used for indentation
        ("  session: 市十四届人大四次会议", "\tsession: 市十四届人大四次会议", "YAML 格式有误"),
        # misspelt field: named, with a suggestion
        ("  title: 关于", "  titel: 关于", "不认识“titel”这一项，是不是想写“title”？"),
        # a fact a derived string needs: named with what needs it
        ('  number: "393"\n', "", "开头语要用到编号（proposal.number）：写上编号，或直接写 reply.opening"),
        (
            "  proposers: [黄钦鑫]\n",
            "",
            "称呼要用到提出人（proposal.proposers）：写上提出人，或直接写 reply.salutation",
        ),
        # wrong type
        ("  body:\n    - 近年来，我局持续推进科技特派员工作。", "  body: 3", "body（正文）：应当是一个列表"),
        # impossible date
        ("date: 2024-06-26", "date: 2024-13-01", "没有这一天：2024年13月1日"),
        ("date: 2024-06-26", "date: 2024-02-30", "没有这一天：2024年2月30日"),
        # 发文字号 mistakes
        ("温科提复〔2024〕95号", "温科提复[2024]95号", "年份要用六角括号〔〕"),
        ("温科提复〔2024〕95号", "温科提复（2024）95号", "年份要用六角括号〔〕"),
        ("温科提复〔2024〕95号", "温科提复〔2024〕第95号", "不写“第”"),
        ("温科提复〔2024〕95号", "温科提复〔2024〕095号", "序号前不加“0”"),
        # an empty body
        ("  body:\n    - 近年来，我局持续推进科技特派员工作。", "  body: []", "body（正文）：至少要有 1 项"),
        # an unknown kind
        ("kind: 建议", "kind: 议案", "只能是“建议”（人大代表建议）或“提案”（政协提案）"),
        # a control character pasted from Word, in a double-quoted string
        ("    - 近年来，我局持续推进科技特派员工作。", '    - "近年来\\v我局"', "控制字符 U+000B"),
        # a heading level that skips upward
        ("    - 近年来，我局持续推进科技特派员工作。", "    - heading: 甲\n      level: 5", "不能大于 4"),
    ],
)
def test_bad_letter_is_located(run, letter_file, tmp_path, old, new, expect):
    assert old in MINIMAL
    err = _fails(run, letter_file(MINIMAL.replace(old, new)), tmp_path)
    assert expect in err
    assert "行" in err  # every one of these has a line to point at


def test_line_and_column_point_at_the_field(run, letter_file, tmp_path):
    err = _fails(run, letter_file(MINIMAL.replace("温科提复〔2024〕95号", "温科提复[2024]95号")), tmp_path)
    assert "第9行第3列" in err
    assert "reply（答复） → doc_number（发文字号）" in err


def test_duplicate_key_names_both_lines(run, letter_file, tmp_path):
    text = MINIMAL.replace('  number: "393"\n', '  number: "393"\n  number: "394"\n')
    err = _fails(run, letter_file(text), tmp_path)
    assert "“number”这一项写了两次（第一次在第4行）" in err
    assert "第5行" in err


def test_raw_control_character_in_file(run, letter_file, tmp_path):
    err = _fails(run, letter_file(MINIMAL.replace("近年来，", "近年来\x0b")), tmp_path)
    assert "U+000B" in err and "第11行第10列" in err


def test_every_problem_is_reported_not_only_the_first(run, letter_file, tmp_path):
    text = MINIMAL.replace("  title: 关于", "  titel: 关于").replace("2024-06-26", "2024-02-30")
    text = text.replace("〔2024〕95号", "[2024]95号")
    err = _fails(run, letter_file(text), tmp_path)
    assert "不认识“titel”这一项" in err and "年份要用六角括号" in err and "没有这一天" in err
    assert err.count("错误：") == 3


def test_missing_file_and_wrong_encoding(run, tmp_path):
    code, _, err = run("render", tmp_path / "nope.yaml", "-o", tmp_path / "o.docx")
    assert code == 2 and "找不到这个文件" in err and "Traceback" not in err
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(MINIMAL.encode("gb18030"))
    err = _fails(run, gbk, tmp_path)
    assert "UTF-8" in err


def test_one_bad_file_among_several_writes_nothing(run, letter_file, tmp_path):
    good = letter_file(name="good.yaml")
    bad = letter_file(MINIMAL.replace("2024-06-26", "2024-13-01"), name="bad.yaml")
    out = tmp_path / "out"
    code, _, err = run("render", good, bad, "--out-dir", out)
    assert code == 2 and "bad.yaml" in err
    assert not out.exists() or not list(out.iterdir())


def test_leading_zero_item_number_survives(run, letter_file):
    """YAML would read 0843 as the number 843; drafter keeps what the clerk typed."""
    path = letter_file(MINIMAL.replace('number: "393"', "number: 0843"))
    code, out, _ = run("render", path, "--text")
    assert code == 0
    assert "第0843号" in out


BODY = "    - 近年来，我局持续推进科技特派员工作。\n"


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ("    - " + "[" * 1000 + "a" + "]" * 1000 + "\n", "嵌套太深"),
        ("    - &s {heading: 甲, levle: 2}\n    - <<: *s\n      text: x\n", "不认识“levle”这一项"),
        ('    - "近年来\\t我局"\n', "Tab（制表符）"),
        ("    - 近年来\u0085我局\n", "U+0085"),
    ],
)
def test_odd_input_is_a_clerks_error_not_ours(run, letter_file, tmp_path, body, expect):
    err = _fails(run, letter_file(MINIMAL.replace(BODY, body)), tmp_path)
    assert expect in err and "内部错误" not in err


def test_choices_are_listed_in_chinese(run, letter_file, tmp_path):
    err = _fails(run, letter_file(MINIMAL.replace("  bureau:", "  format: 函件\n  bureau:")), tmp_path)
    assert "只能是“信函”或“文件”" in err


def test_output_path_mistakes(run, letter_file, tmp_path):
    source = letter_file()
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    code, _, err = run("render", source, "--out-dir", a_file)
    assert code == 2 and "无法写到这里" in err and "内部错误" not in err
    folder = tmp_path / "d.docx"
    folder.mkdir()
    code, _, err = run("render", source, "-o", folder, "--force")
    assert code == 2 and "内部错误" not in err
