"""Writing output files safely: to a temporary name in the target folder, then renamed into place.

A killed run leaves no half-written file, and an existing file is replaced only when asked.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from drafter.i18n import N_, _
from drafter.problems import InputError, Problem


def refuse_special(path: Path) -> None:
    """A pipe, socket or device given as input is refused before reading: reading it could wait for ever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: the reader says so in its own words
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError([Problem(path, _("这不是普通文件（是管道、设备或套接字），不能作为输入读取"))])


_OUTPUT_ERRORS = {
    "ENOSPC": N_("磁盘已满，没有写出文件；请腾出空间后再运行"),
    "EDQUOT": N_("超出了磁盘配额，没有写出文件；请腾出空间后再运行"),
    "EROFS": N_("这个位置是只读的（只读磁盘或只读共享文件夹），不能写入；请换一个输出位置"),
    "ENAMETOOLONG": N_("文件名或路径太长，系统不接受；请用短一些的文件名（file:）或输出文件夹"),
    "EACCES": N_("没有权限写入这个位置（或文件正在 Word 中打开）；请换一个位置或先关闭文件"),
    "EPERM": N_("没有权限写入这个位置（或文件正在 Word 中打开）；请换一个位置或先关闭文件"),
    "EISDIR": N_("无法写到这里：路径中有同名的文件夹"),
    "ENOTDIR": N_("无法写到这里：路径中有同名的文件（不是文件夹）"),
    "EEXIST": N_("无法写到这里：路径中有同名的文件或文件夹"),
    "EINVAL": N_("文件名里有系统不接受的字符；请换一个文件名"),
}
OUTPUT_ERRORS = {getattr(errno, name): text for name, text in _OUTPUT_ERRORS.items() if hasattr(errno, name)}


def output_problem(target: Path, exc: OSError) -> Problem:
    """An OS error met while writing an output, in the clerk's words; the one place for them."""
    known = OUTPUT_ERRORS.get(exc.errno or 0)
    if known:
        return Problem(target, _(known))
    return Problem(target, _("无法写入（{reason}）").format(reason=exc.strerror or exc))


@contextlib.contextmanager
def writing(target: Path) -> Iterator[None]:
    """Turns an OS error while writing `target` into an InputError with a plain message."""
    try:
        yield
    except InputError:
        raise
    except OSError as exc:
        raise InputError([output_problem(target, exc)]) from None


PART = ".part"
UMASK = os.umask(0o022)
os.umask(UMASK)
STALE_AFTER = 3600  # seconds; where a writer's life cannot be asked (Windows), an old temporary file is stale


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process nobody has reaped yet still answers; it writes nothing more
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


TEMP_FOLDER = ".drafter-tmp"  # a batch's workers write here, a folder each, then the files are renamed out


def clean_stale(folder: Path) -> list[Path]:
    """Remove temporary files a killed run left in `folder` (and below); a running writer's are kept."""
    removed = []
    for worker in (folder / TEMP_FOLDER).iterdir() if (folder / TEMP_FOLDER).is_dir() else ():
        old = time.time() - worker.stat().st_mtime > STALE_AFTER
        if (worker.name.isdigit() and not _alive(int(worker.name))) or old:
            shutil.rmtree(worker, ignore_errors=True)
            removed.append(worker)
    with contextlib.suppress(OSError):
        (folder / TEMP_FOLDER).rmdir()  # when no run is writing there
    for path in folder.rglob(f".~*{PART}") if folder.is_dir() else ():
        pid = path.name.split(".")[1].removeprefix("~")
        old = time.time() - path.stat().st_mtime > STALE_AFTER
        if (pid.isdigit() and not _alive(int(pid))) or old:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _temp(target: Path) -> tuple[int, str]:
    """A new hidden file beside the target: .~PID.RANDOM.NAME.part, so a later run can tell whose it was."""
    return tempfile.mkstemp(prefix=f".~{os.getpid()}.", suffix=f".{target.name}{PART}", dir=target.parent)


_serial = itertools.count()


def drop_temp_folders(folder: Path) -> None:
    """Remove the empty temporary folders of `folder` (a writer that needs one again makes it again)."""
    root = folder / TEMP_FOLDER
    for worker in root.iterdir() if root.is_dir() else ():
        with contextlib.suppress(OSError):
            worker.rmdir()
    with contextlib.suppress(OSError):
        root.rmdir()


def write_temp(folder: Path, blob: bytes, sync: bool = True) -> Path:
    """The bytes in a new temporary file in `folder` (this process's own), for the caller to rename or remove.

    A folder of its own per process: file creations in one folder queue behind each other in the
    filesystem, so workers writing side by side into the output folder would wait on one another.
    Named N.part without the random names and retries of mkstemp, and made with the ordinary
    permissions of a new file (umask), like the file it becomes.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = folder / f"{next(_serial)}{PART}"
        try:
            fd = os.open(tmp, flags, 0o666)
            break
        except FileExistsError:
            continue  # left by an earlier process with the same pid
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(target: Path, fill: Callable[[IO[bytes]], object], force: bool = False) -> None:
    """`target` written whole or not at all; `fill` writes into the open file (its result is unused: `write` does)."""
    with writing(target):
        _write_atomic(target, fill, force)


def _write_atomic(target: Path, fill: Callable[[IO[bytes]], object], force: bool) -> None:
    if target.exists() and not force:
        raise InputError([Problem(target, _("文件已经存在，没有覆盖；要覆盖请加 --force"))])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp makes the file private; an output is an ordinary file
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise InputError([Problem(target, _("无法写入：文件可能正在 Word 中打开，请先关闭它"))]) from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
        raise
