"""The interface language: chosen from --lang or the locale, and every message has its English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from drafter import i18n
from drafter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "drafter" / "locale" / "en" / "LC_MESSAGES" / "drafter.po"


@pytest.fixture(autouse=True)
def back_to_chinese():
    yield
    i18n.set_language("zh")


def _extracted() -> set[str]:
    method_map = [("drafter/**.py", "python"), ("tui.py", "python")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "N_": None, "ngettext": (1, 2)}
    ):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found


def test_every_message_in_the_code_has_its_english():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    missing = sorted(_extracted() - translated)
    assert not missing, "run `python dev.py messages` and translate:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("requested", "env", "expected"),
    [
        (None, {}, "zh"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("zh-CN", {"LANG": "en_US.UTF-8"}, "zh"),
    ],
)
def test_language_from_flag_then_locale(requested, env, expected):
    assert i18n.choose(requested, env) == expected


def test_catalog_translates_and_source_stays_chinese():
    i18n.set_language("en")
    assert i18n._("错误：{problem}") == "Error: {problem}"
    i18n.set_language("zh")
    assert i18n._("错误：{problem}") == "错误：{problem}"


def test_cli_speaks_english_with_lang_en(tmp_path, capsys):
    missing = tmp_path / "missing.yaml"
    assert main(["--lang", "en", "render", str(missing)]) == 2
    assert capsys.readouterr().err.startswith("Error: ")


def test_unknown_language_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "fr", "render", "x.yaml"])
    assert stop.value.code == 2
    assert "--lang fr" in capsys.readouterr().err
