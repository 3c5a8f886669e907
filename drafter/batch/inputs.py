"""The run's inputs: the YAML files named or found in folders, every 发文字号 written in them, their letters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from drafter.batch.stream import InputLetter, read
from drafter.i18n import _
from drafter.problems import InputError, Problem


def inputs(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named, or found in the folders named (and their subfolders), in a stable order."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in (".yaml", ".yml")
                and p.name != "bureau.yaml"  # a bureau's library settings, not a letter
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(path, _("这个文件夹里没有 .yaml 文件")))
            files += found
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Problem(path, _("这不是普通文件（是管道、设备或套接字），不能作为输入读取")))
        else:
            problems.append(Problem(path, _("找不到这个文件或文件夹")))
    return files, problems


WRITTEN = re.compile(
    r"""doc_number\s*:\s*["']?\s*"""  # the key, and the value's opening quote if any
    r"""(?:(?P<prefix>[^〔〕\s"'{}\[\],]+?)〔(?P<year>\d{4})〕)?(?P<number>\d{1,6})(?(prefix)号)"""
)


def written_numbers(files: list[Path]) -> dict[tuple[str | None, int | None], frozenset[int]]:
    """Every 发文字号 written in the inputs, found before any letter is numbered.

    So an `auto` letter early in the run never takes a number that a later letter states, whatever the
    order of the files. The files' `doc_number:` lines are scanned as text (a tenth of the cost of
    parsing them again); a serial written alone (its 代字 from the bureau) is kept under (None, None)
    and avoided in every series. Finding too much only leaves a gap; a number written in a way the scan
    does not see is still refused when it clashes, as before.
    """
    found: dict[tuple[str | None, int | None], set[int]] = {}
    for path in files:
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if "doc_number" not in line:
                        continue
                    for match in WRITTEN.finditer(line):
                        year = int(match["year"]) if match["year"] else None
                        found.setdefault((match["prefix"], year), set()).add(int(match["number"]))
        except OSError:
            continue  # the reader says why
    return {key: frozenset(numbers) for key, numbers in found.items()}


def sources(files: list[Path], problems: list[Problem]) -> Iterator[InputLetter]:
    """Every letter of the files in order; a file that cannot be read adds its problems instead."""
    for path in files:
        try:
            yield from read(path)
        except InputError as exc:
            problems.extend(exc.problems)
