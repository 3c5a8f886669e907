"""Finding LibreOffice: the soffice to run and a Python that can drive it through UNO; plain advice when none is
installed."""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

from drafter.pdf.processes import client_env, hidden

SOFFICE_ENV = "DRAFTER_SOFFICE"  # a soffice to use instead of the one found
UNO_PYTHON_ENV = "DRAFTER_UNO_PYTHON"  # a Python that can `import uno`, instead of the one found


class PdfUnavailable(Exception):
    """No LibreOffice on this machine: PDFs cannot be made at all."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _install_advice())


def _install_advice() -> str:
    if sys.platform in ("win32", "darwin"):
        how = "请到 https://zh-cn.libreoffice.org 下载安装 LibreOffice（免费软件），装好后重新运行。"
    else:
        how = (
            "请安装 LibreOffice，例如在 Debian/Ubuntu 上运行 `sudo apt install libreoffice-writer python3-uno`，"
            "在统信 UOS、麒麟等系统上从应用商店安装 LibreOffice，装好后重新运行。"
        )
    return f"无法生成 PDF：本机没有找到 LibreOffice（soffice）。{how}不需要 PDF 时去掉 --pdf 即可，Word 文件照常生成。"


def find_soffice() -> str | None:
    """The soffice to run: $DRAFTER_SOFFICE, then PATH, then where installers usually put it."""
    named = os.environ.get(SOFFICE_ENV)
    if named:
        return named if Path(named).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found and not found.lower().endswith(".com"):
            return found
    for candidate in _usual_places():
        if Path(candidate).is_file():
            return str(candidate)
    return None


def _usual_places() -> list[str]:
    if sys.platform == "win32":
        places = []
        for key in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"):
            root = os.environ.get(key)
            if root:
                places += sorted(glob.glob(os.path.join(root, "LibreOffice*", "program", "soffice.exe")), reverse=True)
                places += sorted(
                    glob.glob(os.path.join(root, "Programs", "LibreOffice*", "program", "soffice.exe")), reverse=True
                )
        return _registry_soffice() + places
    if sys.platform == "darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    opt = sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)  # the installer from libreoffice.org
    return [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/usr/local/bin/soffice",
        *opt,
        "/snap/bin/libreoffice",
        "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice",
    ]


def _registry_soffice() -> list[str]:
    """Where the Windows installer says it put LibreOffice (HKLM\\SOFTWARE\\LibreOffice\\UNO\\InstallPath)."""
    if sys.platform != "win32":
        return []
    import winreg

    out = []
    for key in (r"SOFTWARE\LibreOffice\UNO\InstallPath", r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath"):
        for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(hive, key) as k:
                    program = winreg.QueryValueEx(k, "")[0]
            except OSError:
                continue
            out.append(os.path.join(program, "soffice.exe"))
    return out


@functools.cache
def find_uno_python(soffice: str) -> str | None:
    """A Python that can `import uno` for this soffice: LibreOffice's own, else the system's (python3-uno)."""
    program = Path(soffice).resolve().parent
    candidates = [os.environ.get(UNO_PYTHON_ENV, "")]
    if sys.platform == "win32":
        candidates.append(str(program / "python.exe"))
    elif sys.platform == "darwin":
        candidates.append(str(program.parent / "Resources" / "python"))
    else:
        candidates += [str(program / "python"), "/usr/bin/python3", shutil.which("python3") or ""]
    for python in dict.fromkeys(c for c in candidates if c and Path(c).is_file()):
        try:
            probe = subprocess.run(
                [python, "-c", "import uno"], capture_output=True, timeout=30, env=client_env(), **hidden()
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return python
    return None
