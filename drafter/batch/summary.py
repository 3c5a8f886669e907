"""What a batch tells: each letter's fate (`Letterset`), the run's `Summary` and its JSON report, and the
`Progress` it reports as it goes. Plain data, so the command can show it without loading the renderer."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from drafter.problems import Problem


@dataclass(slots=True)
class Letterset:
    """One letter's fate in this run, for the summary and the report (kept small: a batch may hold 10,000)."""

    file: str
    index: int | None
    outputs: tuple[str, ...] = ()
    state: str = "pending"  # rendered / skipped / failed
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    temps: tuple[tuple[str, str], ...] = ()  # made, not yet committed


@dataclass
class Summary:
    out_dir: Path
    letters: list[Letterset]
    problems: list[Problem]  # problems with whole files (unreadable, not YAML)
    strict_stop: bool = False
    stand_ins: Counter[str] = field(default_factory=Counter)  # bureaus with no library → letters made with the base

    def count(self, state: str) -> int:
        return sum(1 for item in self.letters if item.state == state)

    @property
    def usable(self) -> bool:
        return any(item.state != "failed" for item in self.letters)

    @property
    def status(self) -> int:
        if not self.usable:
            return 2
        return 1 if self.problems or self.count("failed") else 0

    def as_data(self) -> dict[str, Any]:
        def problem(p: Problem) -> dict[str, Any]:
            data = asdict(p)
            data["file"] = str(p.file) if p.file else None
            data["field"] = list(p.field)
            data["text"] = str(p)
            return data

        return {
            "out_dir": str(self.out_dir),
            "status": self.status,
            "strict_stop": self.strict_stop,
            "counts": {s: self.count(s) for s in ("rendered", "skipped", "failed")},
            "file_problems": [problem(p) for p in self.problems],
            "letters": [
                {
                    "source": item.file,
                    "index": item.index,
                    "state": item.state,
                    "reason": item.reason,
                    "outputs": item.outputs,
                    "written": item.written,
                    "problems": [problem(p) for p in item.problems],
                }
                for item in self.letters
            ],
        }


class Progress:
    """What the run tells the clerk as it goes; the CLI gives a rich bar or plain lines."""

    def start(self, phase: str, total: int | None) -> None: ...

    def advance(self, done: Letterset | None = None) -> None: ...

    def stop(self) -> None: ...


def dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (str(p.file), p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def letter_problems(item: Letterset) -> list[Problem]:
    return dedupe(item.problems)
