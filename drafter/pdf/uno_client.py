"""Drive one running LibreOffice through UNO, for drafter.pdf.convert.Converter.

This file runs under LibreOffice's own Python (the one that can `import uno`: /usr/bin/python3 with
python3-uno on Debian/Ubuntu, <LibreOffice>/program/python.exe on Windows), not under drafter's Python,
so it imports nothing from drafter and keeps to what Python 3.7 understands.

    python uno_client.py --pipe NAME --office-pid PID --folder DIR [--connect-timeout SECONDS]

It connects to the soffice listening on the pipe (retrying while soffice starts), says {"ready": true}
on stdout, then reads one JSON request per line on stdin, {"id": 1, "docx": "...", "pdf": "..."}, and
answers each with one line: {"id": 1, "ok": true} or {"id": 1, "ok": false, "error": "...", "fatal": bool}.
"fatal" means LibreOffice itself is gone or broken (restart it), otherwise the document was at fault.
{"quit": true} asks LibreOffice to quit and ends the client. When stdin ends without it (drafter died),
the client kills LibreOffice and removes its folder (profile, temporary files) itself, so that no soffice
outlives the drafter that started it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time


def send(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def connect(pipe: str, timeout: float):  # noqa: ANN201 - a UNO proxy
    """The Desktop of the soffice on `pipe`, waiting for it to start listening."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def props(**values: object) -> tuple:
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def convert(desktop, docx: str, pdf: str) -> None:  # noqa: ANN001
    import uno

    url = uno.systemPathToFileUrl(os.path.abspath(docx))
    # hidden, read-only, no macros, no links refreshed: a preview must not run or fetch anything
    doc = desktop.loadComponentFromURL(
        url, "_blank", 0, props(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0)
    )
    if doc is None:
        raise ValueError("the document could not be loaded")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(pdf)), props(FilterName="writer_pdf_Export"))
    finally:
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def alive(desktop) -> bool:  # noqa: ANN001
    """Whether LibreOffice still answers (after an error: the document's fault, or the office's?)."""
    try:
        desktop.getFrames()
        return True
    except Exception:
        return False


def end_office(desktop, pid: int, folder: str) -> None:  # noqa: ANN001
    """Ask LibreOffice to quit, make sure it did (with its children), and remove its folder."""
    if desktop is not None:
        with contextlib.suppress(Exception):
            desktop.terminate()
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(pid)], capture_output=True, check=False)
    else:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except OSError:
                break
            time.sleep(0.05)
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # soffice runs in a session of its own: this takes its children too
    for _ in range(20):  # Windows may hold the files a moment longer
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder):
            break
        time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--office-pid", type=int, required=True)
    parser.add_argument("--folder", required=True)  # the profile and temporary files
    parser.add_argument("--connect-timeout", type=float, default=60.0)
    args = parser.parse_args()
    desktop = None
    quitting = False
    try:
        desktop = connect(args.pipe, args.connect_timeout)
        send({"ready": True})
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            if request.get("quit"):  # drafter is closing: it waits for LibreOffice and removes the folder
                with contextlib.suppress(Exception):
                    desktop.terminate()
                quitting = True
                return 0
            try:
                convert(desktop, request["docx"], request["pdf"])
                send({"id": request.get("id"), "ok": True})
            except Exception as exc:
                fatal = not alive(desktop)
                send({"id": request.get("id"), "ok": False, "error": describe(exc), "fatal": fatal})
                if fatal:
                    return 1
    except Exception as exc:
        send({"ok": False, "error": describe(exc), "fatal": True})
        return 1
    finally:
        if not quitting:  # stdin ended without a quit, or we failed: drafter may be gone, so clean up here
            end_office(desktop, args.office_pid, args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
