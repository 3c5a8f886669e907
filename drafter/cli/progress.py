"""What `drafter batch` shows as it goes: a rich progress bar on a terminal, one line a letter otherwise."""

from __future__ import annotations

from typing import Any

from drafter.batch.summary import Letterset, Progress
from drafter.i18n import N_, _

STATE_WORDS = {"pending": N_("完成"), "rendered": N_("已生成"), "skipped": N_("跳过"), "failed": N_("出错")}


class PlainProgress(Progress):
    """One line a letter, for logs and for a window that is not a terminal."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.done = 0

    def start(self, phase: str, total: int | None) -> None:
        self.total, self.done = total, 0
        if total:
            print(_("{phase}：{total} 个文件").format(phase=_(phase), total=total), flush=True)

    def advance(self, done: Letterset | None = None) -> None:
        self.done += 1
        if done is None:
            return
        head = f"[{self.done}/{self.total}]" if self.total else f"[{self.done}]"
        word = _(STATE_WORDS[done.state])
        print(f"{head} {word} {name(done)}", flush=True)


class BarProgress(Progress):
    """A rich progress bar on the terminal (stderr), so stdout stays clean for the summary."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: Any = None
        self.bar.start()

    def start(self, phase: str, total: int | None) -> None:
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(_(phase), total=total)

    def advance(self, done: Letterset | None = None) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


class Deferred(Progress):
    """Builds the real progress display on first use, after the worker processes exist."""

    def __init__(self, factory: type[Progress]):
        self.factory = factory
        self.real: Progress | None = None

    def start(self, phase: str, total: int | None) -> None:
        if self.real is None:
            self.real = self.factory()
        self.real.start(phase, total)

    def advance(self, done: Letterset | None = None) -> None:
        if self.real is not None:
            self.real.advance(done)

    def stop(self) -> None:
        if self.real is not None:
            self.real.stop()


def name(item: Letterset) -> str:
    """A letter as the clerk knows it: its file, which letter in it, and the file it gives."""
    where = item.file + (_(" 第{n}封").format(n=item.index + 1) if item.index is not None else "")
    return _("{where}（{output}）").format(where=where, output=item.outputs[0]) if item.outputs else where
