"""LibreOffice's processes as drafter starts and ends them: hidden, in a process group of their own, with our
temporary folder and font mapping, killed with their children."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from drafter.pdf.fonts import FONTS_CONF

USES_FONTCONFIG = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def hidden() -> dict[str, Any]:
    """Popen settings: no console window on Windows; on every system a process group of its own, so that
    Ctrl+C in the clerk's terminal does not reach LibreOffice mid-letter, and one kill takes its children."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def office_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    # LibreOffice keeps temporary files (lu*.tmp) in the temp folder: put them in ours, which goes when we end
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    env.update(TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp))
    if USES_FONTCONFIG and FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def client_env() -> dict[str, str]:
    # the client runs under another Python: settings meant for ours must not leak into it
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV")}


def spawn_office(args: list[str], folder: Path) -> subprocess.Popen[bytes]:
    """soffice, silent, with its own profile environment, hidden from the desktop on Windows."""
    return subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=office_env(folder),
        **hidden(),
    )


def kill(process: subprocess.Popen[bytes] | None) -> None:
    """Kill a process we started, with all its children (soffice → oosplash → soffice.bin)."""
    if process is None:
        return
    if sys.platform == "win32":
        if process.poll() is None:
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False, **hidden()
            )
    else:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the group id is its pid
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def office_args(soffice: str, profile: Path) -> list[str]:
    return [
        soffice,
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
    ]
