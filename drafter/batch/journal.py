"""The output folder's own records: the journal of what each file was made from, and the lock of the run.

The journal (`.drafter-batch.jsonl`) lets `--changed` redo only the letters whose input, bureau library
or drafter changed, and leave alone a file edited in Word since. The lock (`.drafter-batch.lock`) keeps a
second run out of the folder while the first writes into it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from drafter.files import write_atomic, writing
from drafter.i18n import _
from drafter.problems import InputError, Problem

JOURNAL = ".drafter-batch.jsonl"
LOCK = ".drafter-batch.lock"  # held by the run writing into the folder (the file itself stays, empty)
LOCK_WAIT = 600.0  # seconds a second run into the same folder waits for the first before it gives up


def file_hash(path: Path) -> str:
    """The bytes' hash the journal records, to tell later whether someone edited the file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Journal:
    """What each output was made from: one JSON line a file, read by --changed in the next run.

    A run's lines first go to a pending file as letters are made, and join the journal only when their
    files are renamed into place; so the main process keeps nothing of them in memory.
    """

    def __init__(self, folder: Path):
        self.path = folder / JOURNAL
        self.pending_path = folder / (JOURNAL + ".pending")
        self._pending: Any = None

    def recover(self) -> None:
        """A pending journal left by a killed run: lines whose file is in place join the journal, the rest go.

        A file is in place when it has the bytes the line records; so a run killed while it renamed its
        files loses no line, and one killed before leaves nothing that --changed would trust.
        """
        if not self.pending_path.exists():
            return
        records, found = self.records(), False
        for line in self.pending_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
                path = self.path.parent.joinpath(*PurePosixPath(record["file"]).parts)
                if path.is_file() and file_hash(path) == record["output"]:
                    records[record["file"]], found = record, True
            except (ValueError, KeyError, TypeError, OSError):
                continue  # a line cut off by the kill
        if found:
            self._write(records)
        self.pending_path.unlink(missing_ok=True)

    def _write(self, records: dict[str, dict[str, str]]) -> None:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values())
        write_atomic(self.path, lambda h: h.write(lines.encode("utf-8")), force=True)

    def records(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for path in (self.path,):
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    out[record["file"]] = record
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut off by a kill
        return out

    def pend(self, rel: str, digest: str, output: str) -> None:
        if self._pending is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._pending = self.pending_path.open("w", encoding="utf-8")
        self._pending.write(json.dumps({"file": rel, "input": digest, "output": output}, ensure_ascii=False) + "\n")

    def settle(self, keep: bool) -> None:
        """The pending lines join the journal (rewritten with one line a file), or are dropped."""
        if self._pending is None:
            return
        self._pending.close()
        self._pending = None
        if keep:
            records = self.records()
            for line in self.pending_path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                records[record["file"]] = record
            self._write(records)
        self.pending_path.unlink(missing_ok=True)


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError where another process holds it
        return False
    return True


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float) -> Iterator[None]:
    """The output folder for this run alone: a second run waits up to `wait` seconds, then refuses plainly.

    Two runs writing into one folder would share its journal and its temporary files; one after the
    other, each reads what the other committed. The lock file is removed by its holder at the end; a
    waiter that then gets the lock of the removed file sees that it is no longer the one at the path,
    and starts again on the new one.
    """
    path = folder / LOCK
    deadline, told = time.monotonic() + wait, False
    while True:
        with writing(path):  # a read-only or full disk, said plainly
            folder.mkdir(parents=True, exist_ok=True)
            handle = path.open("a+b")
        if _try_lock(handle):
            with contextlib.suppress(OSError):
                if os.name == "nt" or os.fstat(handle.fileno()).st_ino == path.stat().st_ino:
                    break
        handle.close()
        if time.monotonic() >= deadline:
            message = _("另一个 drafter batch 正在向这个文件夹生成答复，等了 {seconds} 秒还没有结束；")
            message += _("请等它结束后再运行")
            raise InputError([Problem(folder, message.format(seconds=f"{wait:g}"))])
        if not told:
            waiting = _("另一个 drafter batch 正在向 {folder} 生成答复，等它结束……")
            print(waiting.format(folder=folder), file=sys.stderr)
            told = True
        time.sleep(0.2)
    try:
        yield  # the lock goes with the handle, also when the process is killed
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held (Windows keeps an open file: there it stays, empty)
        handle.close()
