"""`--lang en` speaks English throughout: every command's --help, and its error paths, with no Chinese left
except quoted data (“…”), the clerk's own file names and values, and the arguments of example commands."""

from __future__ import annotations

import re

import pytest

from drafter import i18n
from drafter.cli.main import main
from tests.conftest import MINIMAL

HAN = re.compile(r"[\u3400-\u9fff]")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」")
HELPS = [
    (),
    ("render",),
    ("batch",),
    ("import",),
    ("check",),
    ("preview",),
    ("library",),
    ("library", "list"),
    ("library", "new"),
    ("library", "check"),
    ("number",),
    ("number", "list"),
    ("number", "next"),
    ("wizard",),
    ("publish",),
]


@pytest.fixture(autouse=True)
def back_to_chinese():
    yield
    i18n.set_language("zh")


def chinese_left(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """The lines that still hold Chinese once quoted data, the given data and example commands are set aside."""
    left = []
    for line in text.splitlines():
        if re.match(r"\s*(drafter|python) ", line):  # an example command: its arguments are the clerk's data
            continue
        rest = QUOTED.sub("", line)
        for value in data:
            rest = rest.replace(value, "")
        if HAN.search(rest):
            left.append(line)
    return left


def _help(capsys, *command: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(["--lang", "en", *command, "--help"])
    assert done.value.code in (0, None)
    return capsys.readouterr().out


@pytest.mark.parametrize("command", HELPS, ids=lambda c: " ".join(c) or "drafter")
def test_help_is_english(capsys, command):
    text = _help(capsys, *command)
    assert "usage:" in text
    assert chinese_left(text) == []


def test_chinese_is_still_the_default(capsys):
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    assert "答复函的 YAML 文件" in capsys.readouterr().out


BAD_LETTERS = {
    "duplicate key": MINIMAL.replace('  number: "393"\n', '  number: "393"\n  number: "394"\n'),
    "unknown key": MINIMAL.replace("  body:", "  bdy: x\n  body:"),
    "bad document number": MINIMAL.replace("温科提复〔2024〕95号", "温科提复[2024]95号"),
    "bad date": MINIMAL.replace("2024-06-26", "2024-02-30"),
    "missing title": MINIMAL.replace("  title: 关于支持龙港市申报试点县的建议\n", ""),
    "unknown bureau": MINIMAL.replace("wenzhou-sti", "wenzhou-stx"),
    "syntax": MINIMAL.replace("  kind: 建议", "  kind: 建议: 提案"),
    "tab in a line": MINIMAL.replace("关于支持龙港市", "关于\t支持龙港市"),
    "wrong kind": MINIMAL.replace("kind: 建议", "kind: 意见"),
    "batch file": "defaults: {}\nletters: []\n",
}


@pytest.mark.parametrize("case", sorted(BAD_LETTERS))
def test_render_errors_are_english(run, letter_file, tmp_path, case):
    path = letter_file(BAD_LETTERS[case])
    code, out, err = run("--lang", "en", "render", path, "-o", tmp_path / "x.docx")
    assert code == 2, out + err
    assert err.startswith("Error: ")
    # the clerk's own words come back as they were written (a key, a value, a file name): that is data
    data = (
        str(path),
        "关于支持龙港市申报试点县的建议",
        "关于\t支持龙港市申报试点县的建议",
        "意见",
        "温科提复[2024]95号",
    )
    assert chinese_left(err, data) == [], err


@pytest.mark.parametrize(
    "command",
    [
        ("render", "missing.yaml"),
        ("render", "a.yaml", "b.yaml", "-o", "x.docx"),
        ("batch", "missing.yaml", "-o", "out", "--jobs", "0"),
        ("number", "list", "no-such-bureau"),
        ("number", "next", "wenzhou-sti", "--count", "0"),
        ("library", "check", "no-such-bureau"),
        ("library", "new", "Bad_Id", "--name", "某局"),
        ("library", "list", "--library", "no-such-folder"),
        ("wizard", "draft.txt"),
        ("check", "missing.docx"),
        ("preview", "missing.docx"),
        ("import", "missing.txt"),
        ("import", "letter.doc"),
    ],
    ids=lambda c: " ".join(c),
)
def test_command_errors_are_english(run, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--lang", "en", *command)
    assert code == 2, out + err
    assert err.startswith("Error: "), err
    assert chinese_left(out + err, ("某局",)) == [], out + err


def test_library_commands_report_in_english(run, tmp_path):
    code, out, err = run("--lang", "en", "library", "new", "demo", "--name", "某某局", "--library", tmp_path)
    assert code == 0 and out.startswith("created "), err
    code, out, err = run("--lang", "en", "library", "check", "demo", "--library", tmp_path)
    assert code == 0 and out == "demo: no problems found\n", out + err
    code, out, _ = run("--lang", "en", "library", "list", "--library", tmp_path)
    assert code == 0 and "Base library:" in out
    assert chinese_left(out, ("某某局",) + tuple(re.findall(r"\t([^\t]+)\t", out))) == []


def test_library_check_findings_are_english(run, tmp_path):
    run("library", "new", "demo", "--name", "某某局", "--library", tmp_path)
    (tmp_path / "demo" / "phrases").mkdir(exist_ok=True)
    (tmp_path / "demo" / "phrases" / "closing.j2").write_text("{{ pronon }}", encoding="utf-8")
    (tmp_path / "demo" / "phrases" / "closng.j2").write_text("x", encoding="utf-8")
    code, out, err = run("--lang", "en", "library", "check", "demo", "--library", tmp_path)
    assert code == 1
    assert "uses the name “pronon”, which does not exist" in out and "closng" in out
    assert chinese_left(out + err) == [], out


def test_batch_reports_in_english(run, tmp_path):
    bad = MINIMAL.replace("2024-06-26", "2024-02-30")
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(bad, encoding="utf-8")
    code, out, err = run(
        "--lang", "en", "batch", tmp_path / "a.yaml", tmp_path / "b.yaml", "-o", tmp_path / "out", "--jobs", "1"
    )
    assert code == 1, out + err
    assert "there is no such day" in err and "1 made" in out
    data = tuple(str(p) for p in tmp_path.rglob("*")) + ("第393号建议.docx", "第393号建议")
    assert chinese_left(out + err, data) == [], out + err
