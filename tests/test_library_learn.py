"""`drafter library new --from`: a bureau's library learned from its past letters, written to the user's folder;
a letter for a bureau with no library renders with the base library and one warning."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drafter.library.learn import learn
from drafter.library.search import SHIPPED, Library, user_folder

from .conftest import EXAMPLES, MINIMAL, paragraph_texts
from .test_import import SEED_FILES, needs_seeds, seedcheck


def _letter(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "letters" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _other(number: str, who: str, code: str = "瑞科提复", head: str = "", tail: str = "") -> str:
    return (
        f"{head}{code}〔2024〕{number}号\n\n关于市十四届人大四次会议第{number}号建议的答复\n\n{who}代表：\n"
        f"您提出的《关于加快科技创新的建议》（第{number}号）收悉。现答复如下：\n"
        "近年来，我局持续推进科技创新工作。\n感谢您对科技工作的关心和支持。\n"
        "联系人：张三，联系电话：66666666。\n瑞安市科学技术局\n二〇二四年六月二十六日\n"
        f"{tail}抄送：市人大代表工委。\n"
    )


@needs_seeds
@pytest.mark.parametrize("seed", ["000", "001"])
def test_learned_library_reproduces_seeds(seed, run, tmp_path):
    """The library learned from seeds 000 and 001 does for the two examples what the hand-written one does."""
    lib = tmp_path / "lib"
    code, out, err = run("library", "new", "wz", "--from", SEED_FILES["000"], SEED_FILES["001"], "--library", lib)
    assert code == 0, err
    assert "从 2 封来信学得" in out and "温科提复" in out
    example = {"000": "wenzhou-sti-suggestion-393", "001": "wenzhou-sti-proposal-494"}[seed]
    text = (EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8")
    assert "  bureau: wenzhou-sti\n" in text
    letter = tmp_path / f"{example}.yaml"
    letter.write_text(text.replace("  bureau: wenzhou-sti\n", "  bureau: wz\n"), encoding="utf-8")
    target = tmp_path / "out.docx"
    code, _, err = run("render", letter, "-o", target, "--library", lib)
    assert code == 0, err
    result = seedcheck(seed, target)
    assert result.returncode == 0 and "OK" in result.stdout, result.stdout + result.stderr


@needs_seeds
def test_what_the_seeds_show(tmp_path):
    learned = learn([SEED_FILES["000"], SEED_FILES["001"]], Library())
    s = learned.settings
    assert learned.letters == 2
    assert (s["name"], s["short_name"], s["series"]) == ("温州市科学技术局", "温州市科学技术局", {"答复": "温科提复"})
    assert s["signer"] == "温州市科学技术局"  # a tie between a stamp-only letter and a signed one: the name shown
    assert s["cc"] == {"建议": [], "提案": ["市府办", "市政协提案委"]}
    assert (s["printer"], s["genre"], s["date_style"]) == ("温州市科学技术局办公室", "答复函", "arabic")
    assert learned.closing == "最后，感谢您对科技创新工作的支持。"
    report = "\n".join(learned.report())
    assert "版式：信函（1/2 封）" in report and "另有：文件（1 封）" in report  # the disagreement is shown


def test_most_frequent_wins_and_flags_override(run, tmp_path):
    for n, who in (("11", "张甲"), ("12", "李乙"), ("13", "王丙")):
        _letter(tmp_path, f"{n}.txt", _other(n, who))
    _letter(tmp_path, "14.txt", _other("14", "赵丁", code="瑞科函"))
    lib = tmp_path / "lib"
    code, out, err = run("library", "new", "ruian", "--from", tmp_path / "letters", "--library", lib)
    assert code == 0, err
    yaml = (lib / "ruian" / "bureau.yaml").read_text(encoding="utf-8")
    assert 'name: "瑞安市科学技术局"' in yaml and '答复: "瑞科提复"' in yaml and 'genre: "答复"' in yaml
    assert 'date_style: "chinese"' in yaml and '建议: ["市人大代表工委"]' in yaml
    assert "答复的代字：瑞科提复（3/4 封）" in out and "另有：瑞科函（1 封）" in out
    assert "像是几个单位" not in out
    closing = (lib / "ruian" / "phrases" / "closing.j2").read_text(encoding="utf-8")
    assert closing == "感谢{{ pronoun }}对科技工作的关心和支持。\n"
    code, _, err = run(
        "library", "new", "ruian2", "--from", tmp_path / "letters", "--name", "瑞安市科技局", "--code", "瑞科复",
        "--library", lib,
    )  # fmt: skip
    assert code == 0, err
    yaml = (lib / "ruian2" / "bureau.yaml").read_text(encoding="utf-8")
    assert 'name: "瑞安市科技局"' in yaml and '答复: "瑞科复"' in yaml
    assert 'signer: "瑞安市科技局"' in yaml  # the letters signed with their bureau's name: --name's now
    # one letter's closing is that letter's own, not the bureau's: learned from two letters or more
    code, _, err = run("library", "new", "one", "--from", tmp_path / "letters" / "11.txt", "--library", lib)
    assert code == 0, err
    assert not (lib / "one" / "phrases" / "closing.j2").exists()

    # the learned library renders a letter: signer, 代字 from the series, the learned closing and 抄送
    letter = tmp_path / "l.yaml"
    letter.write_text(MINIMAL.replace("wenzhou-sti", "ruian").replace("温科提复〔2024〕95号", "7"), encoding="utf-8")
    code, out, err = run("render", letter, "--text", "--library", lib)
    assert code == 0, err
    assert "瑞科提复〔2024〕7号" in out and "感谢您对科技工作的关心和支持。" in out
    assert "二〇二四年六月二十六日" in out and "抄送：市人大代表工委。" in out


def test_letters_of_several_bureaus_are_pointed_out(tmp_path):
    for n, unit in enumerate(("瑞安市科学技术局", "乐清市科学技术局", "平阳县科学技术局")):
        _letter(tmp_path, f"{n}.txt", _other(str(n + 1), "张甲").replace("瑞安市科学技术局", unit))
    report = "\n".join(learn([tmp_path / "letters"], Library()).report())
    assert "像是几个单位" in report and "另有：乐清市科学技术局（1 封）" in report


def test_marks_learned_with_their_place_and_words(run, tmp_path):
    for n in ("21", "22"):
        _letter(tmp_path, f"{n}.txt", _other(n, "张甲", head="签发人：李四\n类别：A\n", tail="（此件主动公开）\n"))
    learned = learn([tmp_path / "letters"], Library())
    marks = learned.settings["marks"]
    assert marks["issuer"] == {"position": "top_left", "label": "签发人："}
    assert marks["result_class"]["position"] == "top_left"
    assert marks["result_class"]["labels"] == {"A": "类别：A", "B": "类别：B", "C": "类别：C"}
    assert marks["disclosure"] == {"position": "note", "wording": {"主动公开": "（此件主动公开）"}}


def test_house_style_only_what_every_docx_shares(run, tmp_path):
    """Page set-up from .docx letters: margins the same in every letter become house_style, the base's do not."""
    pytest.importorskip("docx")
    from docx import Document
    from docx.shared import Mm

    for n, left in (("31", 30), ("32", 30)):
        doc = Document()
        for line in _other(n, "张甲").splitlines():
            doc.add_paragraph(line)
        section = doc.sections[0]
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(37), Mm(35), Mm(left), Mm(26 if n == "31" else 20),
        )  # fmt: skip
        doc.save(tmp_path / f"{n}.docx")
    learned = learn([tmp_path / "31.docx", tmp_path / "32.docx"], Library())
    assert learned.settings["house_style"] == {"margins": {"left": 30.0}}  # right differs between the letters


def test_new_writes_into_user_folder_never_the_package(run, tmp_path):
    code, out, err = run("library", "new", "plain", "--name", "某某县某某局")
    assert code == 0, err
    folder = user_folder() / "plain"
    assert folder.is_relative_to(tmp_path) and (folder / "bureau.yaml").is_file()
    assert not (SHIPPED / "plain").exists()
    code, out, _ = run("library", "list")
    assert f"plain\t某某县某某局\t{folder}" in out  # searched too, and its folder shown
    code, _, err = run("library", "new", "x", "--name", "某局", "--library", SHIPPED)
    assert code == 2 and "程序自带" in err and not (SHIPPED / "x").exists()
    code, _, err = run("library", "new", "y")
    assert code == 2 and "--name" in err and "--from" in err


def test_user_folder_per_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_folder() == tmp_path / "xdg" / "drafter"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/not/allowed")
    assert user_folder() == Path.home() / ".local" / "share" / "drafter"
    if sys.platform == "win32":
        assert user_folder() == Path(monkeypatch.getenv("APPDATA") or "") / "drafter"


def test_learning_from_nothing_usable(run, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("library", "new", "z", "--from", empty, "--library", tmp_path / "lib")
    assert code == 2 and "没有 .txt 或 .docx" in err
    note = _letter(tmp_path, "note.txt", "今天天气很好。\n")
    code, _, err = run("library", "new", "z", "--from", note, "--library", tmp_path / "lib")
    assert code == 2 and "note.txt" in err and not (tmp_path / "lib" / "z").exists()


def test_bureau_without_library_renders_with_one_warning(run, letter_file, tmp_path):
    letter = letter_file(MINIMAL.replace("bureau: wenzhou-sti", "bureau: 瑞安市农业农村局"))
    code, out, err = run("render", letter, "-o", tmp_path / "out.docx")
    assert code == 0, err
    assert err.count("提示：") == 1 and "drafter library new" in err and "瑞安市农业农村局" in err
    texts = paragraph_texts(tmp_path / "out.docx")
    assert "瑞安市农业农村局" in texts  # letterhead (and signer)
    assert texts.count("瑞安市农业农村局") >= 2
    code, _, err = run("render", letter_file(MINIMAL.replace("bureau: wenzhou-sti", "bureau: nosuch")), "--text")
    assert code == 2 and "nosuch" in err  # an id with no library is still refused


def test_batch_warns_once_per_bureau(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in ("1", "2", "3"):
        text = MINIMAL.replace("bureau: wenzhou-sti", "bureau: 瑞安市农业农村局")
        text = text.replace('"393"', f'"{n}"').replace("95号", f"9{n}号")
        (folder / f"{n}.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("batch", folder, "-o", tmp_path / "out")
    assert code == 0, out + err
    assert (out + err).count("模板库里没有“瑞安市农业农村局”") == 1 and "（3 封）" in out + err


def test_learned_closing_names_the_proposers_once():
    from drafter.library.new import closing_phrase

    assert closing_phrase("感谢您们对我县水果产业的关心。") == "感谢{{ pronoun }}对我县水果产业的关心。\n"
    assert closing_phrase("感谢你们的支持，也感谢您。") == "感谢{{ pronoun }}的支持，也感谢{{ pronoun }}。\n"
