"""The number ledger: 发文字号 serials handed out per bureau, series and year, never twice.

SQLite, because it is one file a bureau can keep where it likes and it serialises writers across
processes: every hand-out runs in a `BEGIN IMMEDIATE` transaction, so several `drafter` runs at once
(batch workers, the wizard, a colleague's run on the same file) each get their own number. A number is
recorded against its item (会议届次 | 建议/提案 | 编号), so a re-run of the same letter gets the same number.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drafter.i18n import _
from drafter.problems import InputError, Problem

ENV = "DRAFTER_LEDGER"
SCHEMA = """
CREATE TABLE IF NOT EXISTS numbers (
    bureau TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    item TEXT,
    note TEXT NOT NULL DEFAULT '',
    taken_at TEXT NOT NULL,
    PRIMARY KEY (bureau, series, year, number),
    UNIQUE (bureau, series, year, item)
)
"""


def default_path() -> Path:
    """Where the ledger lives unless the bureau (bureau.yaml `ledger:`), DRAFTER_LEDGER or --ledger say."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "drafter" / "ledger.sqlite"


@dataclass(frozen=True)
class Issued:
    bureau: str
    series: str
    year: int
    number: int
    item: str | None
    note: str
    taken_at: str


class Ledger:
    """One ledger file. Open it per process; SQLite takes care of the others."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 60000")
            self._db.execute("PRAGMA journal_mode = PERSIST")  # a rollback journal (safe on shared folders), kept
            self._db.execute(SCHEMA)
        except sqlite3.Error as exc:
            message = _("无法打开编号台账（{exc}）；请检查文件夹是否存在、是否有写权限").format(exc=exc)
            raise InputError([Problem(path, message)]) from None
        except OSError as exc:
            raise InputError(
                [Problem(path, _("无法建立编号台账所在的文件夹（{strerror}）").format(strerror=exc.strerror))]
            ) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction taken before reading, so no other process can hand out the same number.

        Calls inside one transaction share it: a batch takes all its numbers in one commit.
        """
        if self._db.in_transaction:
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise InputError(
                [Problem(self.path, _("编号台账被占用太久，没有取到号（{exc}）；请稍后再试").format(exc=exc))]
            ) from None
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def take(
        self, bureau: str, series: str, year: int, item: str, start: int = 1, avoid: frozenset[int] = frozenset()
    ) -> int:
        """The item's number: the one already recorded for it, else the next free one (at least `start`)
        that is not in `avoid` (numbers that letters still to come have written)."""
        with self.transaction():
            held = self._held(bureau, series, year, item)
            number = held if held is not None else self._next(bureau, series, year, start)
            while held is None and number in avoid:
                number += 1
            if held is None:
                self._insert(bureau, series, year, number, item, "")
        return number

    def _held(self, bureau: str, series: str, year: int, item: str) -> int | None:
        row = self._db.execute(
            "SELECT number FROM numbers WHERE bureau=? AND series=? AND year=? AND item=?",
            (bureau, series, year, item),
        ).fetchone()
        return row[0] if row else None

    def held(self, bureau: str, series: str, year: int, item: str) -> int | None:
        """The number the item already holds, if any: what publish prints, never taking one."""
        return self._held(bureau, series, year, item)

    def peek(self, bureau: str, series: str, year: int, item: str, start: int = 1) -> int:
        """The number `take` would give now, without taking it: what the wizard offers before export."""
        held = self._held(bureau, series, year, item)
        return held if held is not None else self._next(bureau, series, year, start)

    def reserve(self, bureau: str, series: str, year: int, count: int = 1, note: str = "", start: int = 1) -> list[int]:
        """Numbers taken by hand (a letter written outside drafter), recorded with a note and no item."""
        with self.transaction():
            first = self._next(bureau, series, year, start)
            numbers = list(range(first, first + count))
            for number in numbers:
                self._insert(bureau, series, year, number, None, note)
        return numbers

    def claim(self, bureau: str, series: str, year: int, number: int, item: str) -> str | None:
        """Record a number the clerk wrote in the letter; the item already holding it, when another has it.

        A number reserved by hand (`drafter number next`) and then written into the letter is taken over
        by the letter's item.
        """
        with self.transaction():
            key = (bureau, series, year)
            row = self._db.execute(
                "SELECT item FROM numbers WHERE bureau=? AND series=? AND year=? AND number=?", (*key, number)
            ).fetchone()
            mine = self._db.execute(
                "SELECT number FROM numbers WHERE bureau=? AND series=? AND year=? AND item=?", (*key, item)
            ).fetchone()
            holder = None
            if row is None:
                # an item that already has another number keeps that record; this one is noted beside it
                self._insert(*key, number, None if mine else item, f"{item}（信中写明）" if mine else "")
            elif row[0] is None and mine is None:
                self._db.execute(
                    "UPDATE numbers SET item=? WHERE bureau=? AND series=? AND year=? AND number=?",
                    (item, *key, number),
                )
            elif row[0] is not None and row[0] != item:
                holder = row[0]
        return holder

    def entries(self, bureau: str | None = None, series: str | None = None, year: int | None = None) -> list[Issued]:
        where, args = [], []
        for column, value in (("bureau", bureau), ("series", series), ("year", year)):
            if value is not None:
                where.append(f"{column}=?")
                args.append(value)
        sql = "SELECT bureau, series, year, number, item, note, taken_at FROM numbers"
        sql += (" WHERE " + " AND ".join(where)) if where else ""
        rows = self._db.execute(sql + " ORDER BY bureau, series, year, number", args).fetchall()
        return [Issued(*row) for row in rows]

    def _next(self, bureau: str, series: str, year: int, start: int) -> int:
        row = self._db.execute(
            "SELECT MAX(number) FROM numbers WHERE bureau=? AND series=? AND year=?", (bureau, series, year)
        ).fetchone()
        return max(start, (row[0] or 0) + 1)

    def _insert(self, bureau: str, series: str, year: int, number: int, item: str | None, note: str) -> None:
        now = dt.datetime.now().isoformat(timespec="seconds")
        self._db.execute(
            "INSERT INTO numbers (bureau, series, year, number, item, note, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (bureau, series, year, number, item, note, now),
        )
