"""Small parts: numerals, item labels, title breaks, dates, the phrase sandbox, safe file writing."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.files import write_atomic
from drafter.letter import phrases
from drafter.letter.geometry import geometry
from drafter.letter.layout import label, title_lines, width
from drafter.letter.resolve import date_text
from drafter.library.search import BASE
from drafter.problems import InputError, TemplateProblem
from drafter.vocab.facts import item_label
from drafter.vocab.numerals import cardinal, year_digits


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2024, "二千零二十四"),
    ],
)
def test_cardinal(n, text):
    assert cardinal(n) == text


def test_cardinal_range_and_year():
    with pytest.raises(ValueError):
        cardinal(0)
    assert year_digits(2024) == "二〇二四"
    assert year_digits(2010) == "二〇一〇"


def test_labels():
    assert [label(1, 3), label(2, 12), label(3, 4), label(4, 2)] == ["三、", "（十二）", "4.", "（2）"]


@pytest.mark.parametrize(
    ("number", "text"), [("393", "第393号"), ("温138", "温138号"), ("第0843号", "第0843号"), ("DH0271", "第DH0271号")]
)
def test_item_label(number, text):
    assert item_label(number) == text


def test_dates():
    assert date_text(dt.date(2024, 6, 6)) == "2024年6月6日"
    assert date_text(dt.date(2024, 6, 26), "chinese") == "二〇二四年六月二十六日"


def test_title_breaks():
    limit = geometry(BASE / "letter.docx").title_chars  # 20 2号 characters fill the text block, half spare
    assert limit == 19.5
    assert (
        title_lines("关于市十四届人大四次会议393号建议的答复函", limit) == "关于市十四届人大四次会议393号建议的\n答复函"
    )
    assert title_lines("短标题", limit) == "短标题"
    assert title_lines("第一行\n第二行", limit) == "第一行\n第二行"
    long = "关于" + "很长的" * 12 + "答复"
    assert all(width(line) <= 20 for line in title_lines(long, limit).split("\n"))
    assert title_lines(long, limit).replace("\n", "") == long


def test_phrase_sandbox_refuses_python_internals(tmp_path):
    (tmp_path / "evil.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="试图访问程序内部"):
        phrases.fill("evil", {}, (tmp_path,))


def test_phrase_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "broken.j2").write_text("感谢。\n{% if pronoun %}您", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"broken\.j2 第2行 写法有误"):
        phrases.fill(("broken_more", "broken"), {"pronoun": "您"}, (tmp_path,))


def test_phrase_undefined_name_is_an_error(tmp_path):
    (tmp_path / "typo.j2").write_text("{{ proposal.titel }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="typo.j2"):
        phrases.fill("typo", {"proposal": {"title": "x"}}, (tmp_path,))


def test_write_atomic_keeps_existing_file_unless_forced(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    with pytest.raises(InputError, match="已经存在"):
        write_atomic(target, lambda h: h.write(b"new"))
    assert target.read_bytes() == b"old"
    write_atomic(target, lambda h: h.write(b"new"), force=True)
    assert target.read_bytes() == b"new"


def test_write_atomic_leaves_nothing_when_writing_fails(tmp_path):
    target = tmp_path / "b.docx"

    def broken(handle):
        handle.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert list(tmp_path.iterdir()) == []


def test_cli_help_explains_itself(capsys):
    from drafter.cli.main import main

    for args, words in ((["--help"], ["render", "GB/T 9704"]), (["render", "--help"], ["--force", "--text", "例子"])):
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 0
        shown = capsys.readouterr().out
        assert all(w in shown for w in words), shown


def test_internal_fault_is_a_sentence_not_a_traceback(run, letter_file, monkeypatch, tmp_path):
    import drafter.letter.render

    def broken(letter, entry=None):
        raise KeyError("boom")

    monkeypatch.setattr(drafter.letter.render, "render", broken)  # the command loads it when it renders
    monkeypatch.delenv("DRAFTER_DEBUG", raising=False)
    code, _, err = run("render", letter_file(), "-o", tmp_path / "o.docx")
    assert code == 1 and "内部错误" in err and "Traceback" not in err
    assert not (tmp_path / "o.docx").exists()


def test_a_command_with_actions_but_none_given_shows_its_help(capsys):
    """`drafter number` and `drafter library` alone show their help (number used to end in 内部错误)."""
    from drafter.cli.main import main

    for command, actions in (("number", "list"), ("library", "list")):
        with pytest.raises(SystemExit) as done:
            main([command])
        out, err = capsys.readouterr()
        assert done.value.code in (0, None) and f"usage: drafter {command}" in out and actions in out, err
        assert "内部错误" not in err


def test_every_command_declares_itself_once():
    """The command line is built from the registry: every command listed by --help has its own module's run."""
    from drafter.cli import main as cli
    from drafter.cli.registry import COMMANDS

    cli._parser([])
    names = ["render", "library", "batch", "number", "import", "check", "preview", "wizard", "new", "status", "publish"]
    assert list(COMMANDS) == names
    assert all(c.run.__module__.startswith("drafter.cli.") for c in COMMANDS.values())


def test_a_reply_is_due_three_calendar_months_after_assignment_unless_the_list_says():
    import datetime as dt

    from drafter.worklist.deadline import deadline, months_after

    assert months_after(dt.date(2024, 3, 20)) == dt.date(2024, 6, 20)
    assert months_after(dt.date(2023, 11, 30)) == dt.date(2024, 2, 29)  # leap year: the month's last day
    assert months_after(dt.date(2024, 10, 31)) == dt.date(2025, 1, 31)
    assert deadline(dt.date(2024, 3, 20), dt.date(2024, 5, 1)) == dt.date(2024, 5, 1)  # the list's 时限 wins
    assert deadline(None, None) is None
