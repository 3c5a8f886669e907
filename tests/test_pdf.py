"""PDF previews: one kept-running LibreOffice for many letters, killed and replaced when it hangs, and the
font stand-ins that make a Linux preview readable (and say that it is only a preview)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafter.letter.load import load
from drafter.letter.render import render
from drafter.library.search import Library
from drafter.pdf.convert import Converter, PdfError
from drafter.pdf.find import PdfUnavailable, find_soffice, find_uno_python
from drafter.pdf.fonts import FONTS_CONF, FontStatus, font_report, font_warning
from tests.conftest import EXAMPLES

SOFFICE = find_soffice()
PDFTOTEXT = shutil.which("pdftotext")
POSIX = os.name == "posix"
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; `python dev.py test` installs it"
)
needs_uno = pytest.mark.skipif(
    SOFFICE is None or find_uno_python(SOFFICE) is None,
    reason="no Python that can `import uno` (Debian/Ubuntu: apt install python3-uno); only the one-shot mode is tested",
)
LETTERS = ("wenzhou-sti-suggestion-393", "wenzhou-sti-proposal-494")


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("letters")
    out = []
    for name in LETTERS:
        loaded = load(EXAMPLES / f"{name}.yaml", Library([]))
        path = folder / f"{name}.docx"
        render(loaded.letter, loaded.entry).write_docx(path)
        out.append(path)
    return out


def text_of(pdf: Path) -> str:
    assert PDFTOTEXT, "pdftotext (poppler-utils) is needed"
    return subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def running(text: str) -> list[str]:
    """Command lines of live processes that mention `text` (Linux /proc; empty elsewhere)."""
    out = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline and proc.name != str(os.getpid()):
            out.append(cmdline)
    return out


def gone(pid: int) -> bool:
    """Whether the process group `pid` has no live (non-zombie) member left."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid and fields[0] != "Z":  # fields: state, ppid, pgrp, …
            return False
    return True


@needs_uno
@pytest.mark.skipif(not PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_one_soffice_makes_the_pdfs_of_letters_in_a_row(letters, tmp_path):
    with Converter(timeout=60) as converter:
        assert converter.mode == "uno"
        assert converter.pid is None  # nothing starts before the first letter
        pids = []
        for docx in letters:
            pdf = tmp_path / docx.with_suffix(".pdf").name
            converter.convert(docx, pdf)
            pids.append(converter.pid)
        folder = converter._running.folder
    assert pids[0] is not None and pids == [pids[0]] * len(letters)
    first, second = (tmp_path / d.with_suffix(".pdf").name for d in letters)
    assert "关于市十四届人大四次会议 393 号建议的" in text_of(first)
    assert "黄钦鑫代表：" in text_of(first)
    assert "494" in text_of(second) and "提案" in text_of(second)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])  # no temporary files
    if sys.platform.startswith("linux"):
        assert gone(pids[0]) and not running(str(folder))
    assert folder is not None and not folder.exists()


@needs_soffice
def test_close_leaves_no_soffice_behind(letters, tmp_path):
    converter = Converter()
    converter.convert(letters[0], tmp_path / "a.pdf")
    pid, folder = converter.pid, converter._running.folder
    assert pid is not None and folder is not None
    converter.close()
    converter.close()  # twice is fine
    assert converter.pid is None and not folder.exists()
    if sys.platform.startswith("linux"):
        assert gone(pid) and not running(str(folder))
    with pytest.raises(RuntimeError):
        converter.convert(letters[0], tmp_path / "b.pdf")


@needs_uno
@pytest.mark.skipif(not POSIX, reason="stops soffice with SIGSTOP")
def test_a_hung_soffice_is_killed_and_replaced(letters, tmp_path):
    with Converter(timeout=6, retries=1) as converter:
        converter.convert(letters[0], tmp_path / "a.pdf")
        hung = converter.pid
        assert hung is not None
        os.killpg(hung, signal.SIGSTOP)  # soffice stops answering, as a hung one does
        started = time.monotonic()
        converter.convert(letters[1], tmp_path / "b.pdf")
        assert time.monotonic() - started >= 6  # waited the timeout, then started another one
        assert converter.pid not in (None, hung)
        assert gone(hung)
    assert (tmp_path / "b.pdf").stat().st_size > 0


@needs_soffice
@pytest.mark.skipif(not POSIX, reason="the hung stand-in for soffice is a shell script")
@pytest.mark.parametrize("mode", ["uno", "oneshot"])
def test_a_soffice_that_never_answers_ends_in_pdf_error_naming_the_letter(letters, tmp_path, mode):
    if mode == "uno" and find_uno_python(SOFFICE) is None:
        pytest.skip("no Python that can `import uno`")
    starts = tmp_path / "starts.txt"
    fake = tmp_path / "soffice"
    fake.write_text(f'#!/bin/sh\necho $$ >> "{starts}"\nexec sleep 600\n')
    fake.chmod(0o755)
    converter = Converter(timeout=1, retries=1, mode=mode, soffice=str(fake))
    with pytest.raises(PdfError) as caught:
        converter.convert(letters[0], tmp_path / "a.pdf")
    converter.close()
    message = str(caught.value)
    assert letters[0].name in message and "1 秒" in message and "重试了 1 次" in message, message
    pids = [int(line) for line in starts.read_text().split()]
    assert len(pids) == 2  # the first try and one retry, each with a fresh soffice
    assert not (tmp_path / "a.pdf").exists()
    if sys.platform.startswith("linux"):
        assert all(gone(pid) for pid in pids)


@needs_soffice
@pytest.mark.skipif(not PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_without_uno_each_letter_gets_a_soffice_of_its_own(letters, tmp_path):
    with Converter(mode="oneshot") as converter:
        converter.convert(letters[0], tmp_path / "a.pdf")
        assert converter.pid is None  # nothing kept running
    assert "黄钦鑫代表：" in text_of(tmp_path / "a.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_a_missing_word_file_is_named_without_starting_libreoffice(tmp_path):
    with Converter(soffice="/nonexistent/soffice", mode="oneshot") as converter, pytest.raises(PdfError) as caught:
        converter.convert(tmp_path / "没有这个.docx", tmp_path / "没有这个.pdf")
    assert "没有这个.docx" in str(caught.value)


def test_no_libreoffice_says_how_to_install_it():
    message = str(PdfUnavailable())
    assert "LibreOffice" in message and "安装" in message


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("fc-match"), reason="fontconfig (Linux)")
def test_official_fonts_have_chinese_stand_ins_and_the_clerk_is_told():
    assert FONTS_CONF.is_file()
    report = {s.family: s for s in font_report()}
    chinese = set(
        subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True)
        .stdout.replace("\n", ",")
        .split(",")
    )
    for family in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"):
        status = report[family]
        assert status.kind in ("real", "stand-in"), status
        if status.kind == "stand-in":  # the case on this machine; a real font would be fine too
            assert status.found in chinese, status
    warning = font_warning(list(report.values()))
    stand_ins = [s for s in report.values() if s.kind == "stand-in"]
    if stand_ins:
        assert warning is not None and "预览用替代字体" in warning and "不能作为正式文件发出" in warning
        assert all(s.family in warning and str(s.found) in warning for s in stand_ins)


@needs_soffice
@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("pdffonts"), reason="fontconfig, pdffonts")
def test_the_pdf_uses_the_stand_ins_of_fonts_conf(letters, tmp_path):
    report = {s.family: s for s in font_report()}
    expected = {"Noto Serif CJK SC": "NotoSerifCJK", "LXGW WenKai": "LXGWWenKai", "AR PL UKai CN": "UKai"}
    with Converter() as converter:
        converter.convert(letters[0], tmp_path / "a.pdf")  # 仿宋 body, 楷体 headings, 小标宋 title
    fonts = subprocess.run(["pdffonts", str(tmp_path / "a.pdf")], capture_output=True, text=True).stdout
    for family in ("仿宋_GB2312", "楷体_GB2312"):
        found = report[family].found
        if report[family].kind == "stand-in" and found in expected:
            assert expected[found] in fonts, (family, found, fonts)
    if report["方正小标宋简体"].found == "Noto Serif CJK SC":
        assert "NotoSerifCJK" in fonts and "Bold" in fonts  # the title: a heavy Song


def test_font_warning_wording():
    real = [FontStatus("黑体", "黑体", "real")]
    assert font_warning(real) is None
    text = font_warning([*real, FontStatus("仿宋_GB2312", None, "missing")])
    assert text is not None and "缺少字体 仿宋_GB2312" in text and "安装" in text


def test_windows_font_report_from_the_installed_names(monkeypatch):
    import drafter.pdf.fonts as pdf

    installed = {"SimHei", "SimSun", "NSimSun", "FangSong", "KaiTi", "Times New Roman"}  # a fresh Windows 10
    monkeypatch.setattr(pdf, "_windows_font_names", lambda: installed)
    report = {s.family: (s.found, s.kind) for s in pdf._windows_fonts()}
    assert report == {
        "方正小标宋简体": (None, "missing"),
        "黑体": ("黑体", "real"),
        "楷体_GB2312": ("KaiTi", "stand-in"),
        "仿宋_GB2312": ("FangSong", "stand-in"),
        "宋体": ("宋体", "real"),
        "Times New Roman": ("Times New Roman", "real"),
    }
