"""PDF previews of the rendered letters, through LibreOffice kept running across letters.

Starting LibreOffice costs about a second; converting one letter in a running LibreOffice costs a tenth
of that. So a Converter starts one soffice (with a profile of its own, so it never joins the clerk's own
LibreOffice window) and drives it through UNO for every letter. UNO is importable only by the Python that
LibreOffice uses, so the driving is done by drafter/pdf/uno_client.py, run under that Python and spoken to in
JSON lines. Where no such Python exists, each letter gets a `soffice --convert-to pdf` of its own: slower,
same result.

On Linux the official-document fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are usually absent:
drafter/pdf/fonts/fonts.conf maps them to free look-alikes for the soffice we start, and font_report() /
font_warning() tell the clerk that such a PDF is for looking, not for sending.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import itertools
import json
import multiprocessing.util
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

HERE = Path(__file__).resolve().parent
FONTS_CONF = HERE / "fonts" / "fonts.conf"
UNO_CLIENT = HERE / "uno_client.py"
WINDOWS = os.name == "nt"
USES_FONTCONFIG = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
SOFFICE_ENV = "DRAFTER_SOFFICE"  # a soffice to use instead of the one found
UNO_PYTHON_ENV = "DRAFTER_UNO_PYTHON"  # a Python that can `import uno`, instead of the one found

Mode = Literal["uno", "oneshot"]


class PdfUnavailable(Exception):
    """No LibreOffice on this machine: PDFs cannot be made at all."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _install_advice())


class PdfError(Exception):
    """One letter's PDF could not be made; the message names the file, for the clerk."""


def _install_advice() -> str:
    if WINDOWS or sys.platform == "darwin":
        how = "请到 https://zh-cn.libreoffice.org 下载安装 LibreOffice（免费软件），装好后重新运行。"
    else:
        how = (
            "请安装 LibreOffice，例如在 Debian/Ubuntu 上运行 `sudo apt install libreoffice-writer python3-uno`，"
            "在统信 UOS、麒麟等系统上从应用商店安装 LibreOffice，装好后重新运行。"
        )
    return f"无法生成 PDF：本机没有找到 LibreOffice（soffice）。{how}不需要 PDF 时去掉 --pdf 即可，Word 文件照常生成。"


# --- finding LibreOffice ---------------------------------------------------------------------------------


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
    if WINDOWS:
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
    try:
        import winreg
    except ImportError:
        return []
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
    if WINDOWS:
        candidates.append(str(program / "python.exe"))
    elif sys.platform == "darwin":
        candidates.append(str(program.parent / "Resources" / "python"))
    else:
        candidates += [str(program / "python"), "/usr/bin/python3", shutil.which("python3") or ""]
    for python in dict.fromkeys(c for c in candidates if c and Path(c).is_file()):
        try:
            probe = subprocess.run(
                [python, "-c", "import uno"], capture_output=True, timeout=30, env=_client_env(), **_hidden()
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return python
    return None


# --- the processes ---------------------------------------------------------------------------------------


def _hidden() -> dict[str, Any]:
    """Popen settings: no console window on Windows; on every system a process group of its own, so that
    Ctrl+C in the clerk's terminal does not reach LibreOffice mid-letter, and one kill takes its children."""
    if WINDOWS:
        return {"creationflags": subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _office_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    # LibreOffice keeps temporary files (lu*.tmp) in the temp folder: put them in ours, which goes when we end
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    env.update(TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp))
    if USES_FONTCONFIG and FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def _client_env() -> dict[str, str]:
    # the client runs under another Python: settings meant for ours must not leak into it
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV")}


def _spawn_office(args: list[str], folder: Path) -> subprocess.Popen[bytes]:
    """soffice, silent, with its own profile environment, hidden from the desktop on Windows."""
    return subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_office_env(folder),
        **_hidden(),
    )


def _kill(process: subprocess.Popen[bytes] | None) -> None:
    """Kill a process we started, with all its children (soffice → oosplash → soffice.bin)."""
    if process is None:
        return
    if WINDOWS:
        if process.poll() is None:
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False, **_hidden()
            )
    else:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the group id is its pid
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _profile_uri(profile: Path) -> str:
    return profile.as_uri()


def _office_args(soffice: str, profile: Path) -> list[str]:
    return [
        soffice,
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={_profile_uri(profile)}",
    ]


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
        _kill(client)
        _kill(office)
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


# --- the converter ---------------------------------------------------------------------------------------


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
        args = [*_office_args(self.soffice, folder / "profile"), accept]
        try:
            run.office = _spawn_office(args, folder)
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
                env=_client_env(),
                **_hidden(),
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
                *_office_args(self.soffice, run.folder / "profile"),
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(out),
                str(docx),
            ]
            try:
                run.office = _spawn_office(args, run.folder)
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


# --- fonts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontStatus:
    """One font the templates name: the font the machine uses for it, and whether that is the font itself."""

    family: str
    found: str | None
    kind: Literal["real", "stand-in", "missing"]


# the fonts the templates name, each with the other names the same font goes by
FONTS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
    "黑体": ("黑体", "SimHei"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312"),
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312"),
    "宋体": ("宋体", "SimSun"),
    "Times New Roman": ("Times New Roman",),
}
# near relatives that Windows itself ships or bureaus commonly have (used as stand-ins on Windows)
RELATIVES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
    "楷体_GB2312": ("楷体", "KaiTi"),
    "仿宋_GB2312": ("仿宋", "FangSong"),
}
# Windows font files by their usual names, for fonts copied into the Fonts folder without registering
WINDOWS_FILES: dict[str, str] = {
    "simhei.ttf": "SimHei",
    "simsun.ttc": "SimSun",
    "simkai.ttf": "KaiTi",
    "simfang.ttf": "FangSong",
    "times.ttf": "Times New Roman",
    "fzxbsjw.ttf": "方正小标宋简体",
    "方正小标宋简体.ttf": "方正小标宋简体",
    "方正小标宋_gbk.ttf": "方正小标宋_GBK",
    "fzxbsk.ttf": "方正小标宋_GBK",
    "仿宋_gb2312.ttf": "仿宋_GB2312",
    "fs_gb2312.ttf": "仿宋_GB2312",
    "楷体_gb2312.ttf": "楷体_GB2312",
    "kt_gb2312.ttf": "楷体_GB2312",
}


def _norm(name: str) -> str:
    return name.replace(" ", "").casefold()


def font_report() -> list[FontStatus]:
    """What the machine will print each template font with: the font itself, a stand-in, or nothing suitable."""
    if WINDOWS:
        return _windows_fonts()
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return [FontStatus(family, None, "missing") for family in FONTS]
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF)) if FONTS_CONF.is_file() else dict(os.environ)
    out = []
    for family, names in FONTS.items():
        latin = family.isascii()
        escaped = family.replace("\\", "\\\\").replace("-", "\\-").replace(":", "\\:").replace(",", "\\,")
        pattern = escaped if latin else f"{escaped}:lang=zh-cn"
        try:
            result = subprocess.run(
                [fc_match, "-f", "%{family}\n%{lang}\n", pattern],
                capture_output=True,
                text=True,
                encoding="utf-8",
                env=env,
                timeout=30,
                check=True,
            )
            families, langs = (result.stdout.splitlines() + ["", ""])[:2]
        except (OSError, subprocess.SubprocessError):
            out.append(FontStatus(family, None, "missing"))
            continue
        names_found = [f for f in families.split(",") if f]
        shown = names_found[0] if names_found else None
        wanted = {_norm(n) for n in names}
        if any(_norm(f) in wanted for f in names_found):
            out.append(FontStatus(family, family, "real"))
        elif shown and (latin or "zh-cn" in langs.split("|")):
            out.append(FontStatus(family, shown, "stand-in"))
        else:
            out.append(FontStatus(family, shown, "missing"))  # whatever it found cannot show Chinese
    return out


def _windows_fonts() -> list[FontStatus]:
    have = {_norm(n) for n in _windows_font_names()}
    out = []
    for family, names in FONTS.items():
        if any(_norm(n) in have for n in names):
            out.append(FontStatus(family, family, "real"))
            continue
        relative = next((r for r in RELATIVES.get(family, ()) if _norm(r) in have), None)
        out.append(FontStatus(family, relative, "stand-in" if relative else "missing"))
    return out


def _windows_font_names() -> set[str]:
    """Family names of the installed fonts: registry entries ("SimSun & NSimSun (TrueType)") and file names."""
    names: set[str] = set()
    try:
        import winreg

        key = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
        for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(hive, key) as k:
                    for i in itertools.count():
                        try:
                            entry = winreg.EnumValue(k, i)[0]
                        except OSError:
                            break
                        entry = entry.split("(")[0].strip()
                        names.update(part.strip() for part in entry.split("&"))
            except OSError:
                continue
    except ImportError:
        pass
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    for folder in folders:
        with contextlib.suppress(OSError):
            for file in folder.iterdir():
                known = WINDOWS_FILES.get(file.name.casefold())
                if known:
                    names.add(known)
    return names


def font_warning(report: list[FontStatus]) -> str | None:
    """A paragraph for the clerk when the PDF will not show the official fonts; None when all are real."""
    standins = [s for s in report if s.kind == "stand-in"]
    missing = [s for s in report if s.kind == "missing"]
    if not standins and not missing:
        return None
    parts = []
    if standins:
        pairs = "、".join(f"{s.family}（用 {s.found} 代替）" for s in standins)
        parts.append(
            f"本机没有公文字体 {pairs}，生成的 PDF 使用预览用替代字体，字形与正式公文不同，"
            "只供查看核对，不能作为正式文件发出。"
        )
    if missing:
        names = "、".join(s.family for s in missing)
        parts.append(f"本机缺少字体 {names}，也没有合适的替代字体，PDF 中这些文字可能显示为别的字体或方框。")
    wanted = "、".join(s.family for s in standins + missing)
    if WINDOWS:
        parts.append(
            f"要让 PDF 与 Word 中一致，请安装字体 {wanted}（字体文件可向单位信息管理员索取，"
            "右键字体文件选“安装”），然后重新生成。Word 文件不受影响。"
        )
    else:
        parts.append(
            f"要让 PDF 与 Word 中一致，请安装字体 {wanted}（字体文件可向单位信息管理员索取，"
            "复制到 ~/.local/share/fonts 后运行 fc-cache -f），然后重新生成。Word 文件不受影响。"
        )
        if missing:
            parts.append("至少可以先装免费替代字体：sudo apt install fonts-noto-cjk fonts-lxgw-wenkai。")
    return "".join(parts)
