"""dev.py's set-up: pip and apt output goes to a log with a short summary, and the Windows launcher."""

from __future__ import annotations

import sys

import pytest

import dev


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "setup.log"
    monkeypatch.setattr(dev, "LOG", path)
    return path


def test_a_set_up_command_is_quiet_and_logged(log, capsys):
    noisy = [sys.executable, "-c", "for i in range(300): print('noise', i)"]
    assert dev.logged(noisy, "noisy step") == 0
    assert capsys.readouterr().out == ""
    assert "noise 299" in log.read_text(encoding="utf-8")


def test_a_failing_command_shows_the_end_of_its_log(log, capsys):
    failing = [sys.executable, "-c", "import sys; [print('line', i) for i in range(100)]; sys.exit(3)"]
    assert dev.logged(failing, "failing step", check=False) == 3
    out = capsys.readouterr().out
    assert "line 99" in out and "line 10\n" not in out  # the last lines, not all 100
    assert "failing step failed (exit 3)" in out and str(log) in out
    with pytest.raises(SystemExit):
        dev.logged(failing, "failing step")


def test_windows_launcher_finds_the_venv_from_its_own_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(dev, "ROOT", tmp_path / "有中文的文件夹")
    dev.ROOT.mkdir()
    blob = dev.write_launcher().read_bytes()
    assert blob == b'@echo off\r\n"%~dp0.venv\\Scripts\\drafter.exe" %*\r\n'  # ASCII, CRLF, no path written in
