"""PDF previews of the rendered letters, through LibreOffice kept running across letters.

Starting LibreOffice costs about a second; converting one letter in a running LibreOffice costs a tenth
of that. So a Converter starts one soffice (with a profile of its own, so it never joins the clerk's own
LibreOffice window) and drives it through UNO for every letter. UNO is importable only by the Python that
LibreOffice uses, so the driving is done by drafter/pdf/uno_client.py, run under that Python and spoken to in
JSON lines. Where no such Python exists, each letter gets a `soffice --convert-to pdf` of its own: slower,
same result.

On Linux the official-document fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are usually absent:
drafter/pdf/fontconfig/fonts.conf maps them to free look-alikes for the soffice we start, and fonts.font_report() /
fonts.font_warning() tell the clerk that such a PDF is for looking, not for sending. Finding LibreOffice is
find.py, starting and killing its processes processes.py.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import multiprocessing.util
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from drafter.pdf.find import PdfUnavailable, find_soffice, find_uno_python
from drafter.pdf.processes import client_env, hidden, kill, office_args, spawn_office

UNO_CLIENT = Path(__file__).resolve().parent / "uno_client.py"

Mode = Literal["uno", "oneshot"]


class PdfError(Exception):
    """One letter's PDF could not be made; the message names the file, for the clerk."""


class _Broken(Exception):
    """LibreOffice died, hung or did not start: kill it, start a new one and try the letter again."""


@dataclass
class _Running:
    """What a Converter has started; kept apart from the Converter so that clean-up at exit can reach it."""

    folder: Path | None = None  # holds the profile and the client's error output
    office: subprocess.Popen[bytes] | None = None
    client: subprocess.Popen[bytes] | None = None
    replies: queue.Queue[dict[str, Any] | None] = field(default_factory=queue.Queue)
    errors: IO[bytes] | None = None
    owner: int = field(default_factory=os.getpid)  # a forked child must not end its parent's LibreOffice

    def stop(self, gently: bool = False) -> None:
        """End the processes (gently: let LibreOffice quit by itself first) and remove the profile."""
        if os.getpid() != self.owner:
            return
        client, office = self.client, self.office
        self.client = self.office = None
        if gently and client is not None and client.stdin is not None and client.poll() is None:
            with contextlib.suppress(OSError):  # the client asks LibreOffice to quit, which lets it clean up
                client.stdin.write(b'{"quit": true}\n')
                client.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                client.wait(timeout=5)
                if office is not None:
                    office.wait(timeout=5)
        kill(client)
        kill(office)
        if self.errors is not None:
            self.errors.close()
            self.errors = None
        if self.folder is not None:
            for _ in range(20):  # on Windows a file can stay locked a moment after its process ended
                shutil.rmtree(self.folder, ignore_errors=True)
                if not self.folder.exists():
                    break
                time.sleep(0.1)
            self.folder = None

    def new_folder(self) -> Path:
        self.stop()
        self.folder = Path(tempfile.mkdtemp(prefix="drafter-pdf-"))
        return self.folder


class Converter:
    """One LibreOffice process kept running across letters, with its own profile directory.

    Lazy: nothing starts before the first convert(). Not for use by two threads at once.
    `mode` is "uno" (one soffice for all letters) or "oneshot" (one soffice per letter, when no Python
    with `uno` is found; slower). `pid` is the running soffice's process id (None while none runs).
    """

    def __init__(
        self, timeout: float = 60.0, retries: int = 1, *, mode: Mode | None = None, soffice: str | None = None
    ) -> None:
        self.timeout = timeout
        self.retries = max(0, retries)
        self._mode = mode
        self._soffice = soffice
        self._running = _Running()
        self._ids = itertools.count(1)
        self._closed = False
        # clean up at interpreter exit, also in multiprocessing's forked workers (which skip atexit)
        self._finalizer = weakref.finalize(self, self._running.stop)
        self._mp_finalizer = multiprocessing.util.Finalize(self._running, self._running.stop, exitpriority=10)

    @property
    def soffice(self) -> str:
        if self._soffice is None:
            self._soffice = find_soffice()
            if self._soffice is None:
                raise PdfUnavailable()
        return self._soffice

    @property
    def mode(self) -> Mode:
        if self._mode is None:
            self._mode = "uno" if find_uno_python(self.soffice) else "oneshot"
        return self._mode

    @property
    def pid(self) -> int | None:
        office = self._running.office
        return office.pid if office is not None and office.poll() is None else None

    def convert(self, docx: Path, pdf: Path) -> None:
        """Write `pdf` from `docx`: complete or not at all (a temporary name in the same folder, then renamed)."""
        if self._closed:
            raise RuntimeError("Converter is closed")
        docx, pdf = Path(os.path.abspath(docx)), Path(os.path.abspath(pdf))
        if not docx.is_file():
            raise PdfError(f"无法生成 {pdf.name}：找不到 Word 文件 {docx}")
        if not pdf.parent.is_dir():
            raise PdfError(f"无法生成 {pdf.name}：文件夹 {pdf.parent} 不存在")
        why = ""
        for attempt in range(1 + self.retries):
            try:
                if self.mode == "uno":
                    self._convert_uno(docx, pdf)
                else:
                    self._convert_oneshot(docx, pdf)
                return
            except _Broken as exc:
                why = str(exc)
                self._running.stop()  # the next attempt starts a fresh LibreOffice with a fresh profile
                if attempt < self.retries:
                    time.sleep(0.2)
        tried = f"重启 LibreOffice 重试了 {self.retries} 次仍然不行" if self.retries else "没有重试"
        raise PdfError(
            f"无法把 {docx.name} 转成 PDF：{why}，{tried}。Word 文件不受影响，可以用 Word 打开后另存为 PDF。"
        )

    def close(self) -> None:
        """End LibreOffice and its children and remove the profile. Safe to call twice."""
        self._closed = True
        self._running.stop(gently=True)
        self._finalizer.detach()
        self._mp_finalizer.cancel()

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one soffice for all letters, driven by uno_client.py --

    def _start_uno(self) -> None:
        run = self._running
        folder = run.new_folder()
        pipe = f"drafter_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        accept = f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"
        args = [*office_args(self.soffice, folder / "profile"), accept]
        try:
            run.office = spawn_office(args, folder)
            run.errors = open(folder / "client-errors.txt", "wb")  # noqa: SIM115 - kept open while the client runs
            python = find_uno_python(self.soffice)
            assert python is not None
            client_args = [
                python,
                str(UNO_CLIENT),
                "--pipe",
                pipe,
                "--office-pid",
                str(run.office.pid),
                "--folder",
                str(folder),
                "--connect-timeout",
                str(self.timeout + 10),  # our own timeout, below, is the one that counts
            ]
            run.client = subprocess.Popen(
                client_args,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=run.errors,
                env=client_env(),
                **hidden(),
            )
        except OSError as exc:
            raise _Broken(f"无法启动 LibreOffice（{exc}）") from exc
        run.replies = queue.Queue()
        threading.Thread(target=_read_replies, args=(run.client.stdout, run.replies), daemon=True).start()
        reply = self._reply(None, "启动")
        if not reply.get("ready"):
            raise _Broken(f"LibreOffice 没有正常启动（{reply.get('error', '')}）")

    def _convert_uno(self, docx: Path, pdf: Path) -> None:
        run = self._running
        if run.client is None or run.client.poll() is not None or run.office is None or run.office.poll() is not None:
            self._start_uno()
        assert run.client is not None and run.client.stdin is not None
        temp = _temp_name(pdf)
        ident = next(self._ids)
        try:
            line = json.dumps({"id": ident, "docx": str(docx), "pdf": str(temp)}, ensure_ascii=True) + "\n"
            try:
                run.client.stdin.write(line.encode("ascii"))
                run.client.stdin.flush()
            except OSError as exc:
                raise _Broken("LibreOffice 已意外退出") from exc
            reply = self._reply(ident, "转换")
            if not reply.get("ok"):
                if reply.get("fatal"):
                    raise _Broken(f"LibreOffice 出错退出（{reply.get('error', '')}）")
                why = reply.get("error", "")
                raise PdfError(f"无法把 {docx.name} 转成 PDF：LibreOffice 打不开或转换不了这个文件（{why}）")
            if not temp.is_file() or temp.stat().st_size == 0:
                raise _Broken("LibreOffice 没有写出 PDF")
            _replace(temp, pdf)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()

    def _reply(self, ident: int | None, doing: str) -> dict[str, Any]:
        """The client's next answer to request `ident` (None: its ready message), within the timeout."""
        run = self._running
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Broken(f"LibreOffice 在 {self.timeout:g} 秒内没有完成{doing}")
            try:
                reply = run.replies.get(timeout=min(left, 0.5))
            except queue.Empty:
                if run.office is not None and run.office.poll() is not None:
                    raise _Broken("LibreOffice 已意外退出") from None
                continue
            if reply is None:
                raise _Broken("LibreOffice 已意外退出")
            if "ready" in reply or reply.get("id") == ident or (reply.get("fatal") and "id" not in reply):
                return reply

    # -- one soffice per letter --

    def _convert_oneshot(self, docx: Path, pdf: Path) -> None:
        run = self._running
        if run.folder is None:
            run.new_folder()
        assert run.folder is not None
        out = Path(tempfile.mkdtemp(prefix=".drafter-pdf-", dir=pdf.parent))  # same disk: the rename is atomic
        try:
            args = [
                *office_args(self.soffice, run.folder / "profile"),
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(out),
                str(docx),
            ]
            try:
                run.office = spawn_office(args, run.folder)
            except OSError as exc:
                raise _Broken(f"无法启动 LibreOffice（{exc}）") from exc
            try:
                run.office.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                raise _Broken(f"LibreOffice 在 {self.timeout:g} 秒内没有完成转换") from None
            made = out / f"{docx.stem}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                raise _Broken("LibreOffice 没有写出 PDF")
            _replace(made, pdf)
            run.office = None
        finally:
            shutil.rmtree(out, ignore_errors=True)


def _read_replies(stream: IO[bytes], replies: queue.Queue[dict[str, Any] | None]) -> None:
    """Move the client's JSON lines into a queue (None at its end), so that waiting for one can time out."""
    for line in stream:
        try:
            message = json.loads(line)
        except ValueError:
            continue  # not ours: something the UNO runtime printed
        if isinstance(message, dict):
            replies.put(message)
    replies.put(None)


def _temp_name(pdf: Path) -> Path:
    return pdf.with_name(f".{pdf.stem}.{uuid.uuid4().hex[:8]}.pdf.tmp")


def _replace(temp: Path, pdf: Path) -> None:
    try:
        os.replace(temp, pdf)
    except PermissionError as exc:
        raise PdfError(f"无法写入 {pdf.name}：这个 PDF 可能正被别的程序打开，请关闭后再试（{exc.strerror}）") from exc
    except OSError as exc:
        raise PdfError(f"无法写入 {pdf.name}（{exc.strerror}）") from exc
