"""Heading numbers (GB/T 9704 §7.3.3: 一、 （一） 1. （1）) and run-in items (一是……二是……), both ways."""

from __future__ import annotations

import re

from drafter.vocab.numerals import cardinal

_CN = "一二三四五六七八九十百"


def label(level: int, n: int) -> str:
    """The number printed before a heading of `level` (1–4): 一、 （一） 1. （1）."""
    return {1: f"{cardinal(n)}、", 2: f"（{cardinal(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


HEADING_NUMBERS = (
    (1, re.compile(rf"^([{_CN}]{{1,4}})、")),
    (2, re.compile(rf"^[（(]([{_CN}]{{1,4}})[）)]")),
    (3, re.compile(r"^(\d{1,3})[.．](?!\d)")),
    (4, re.compile(r"^[（(](\d{1,3})[）)]")),
)  # what `label` prints, read back; group 1 is the number as written
LOOSE_HEADING_NUMBERS = tuple(
    (level, re.compile(r"^(\d{1,3})[.．、](?!\d)") if level == 3 else pattern) for level, pattern in HEADING_NUMBERS
)  # as letters also write them: 1、 for 1.
RUN_IN = re.compile(rf"(?:^|(?<=[。！？；：]))\s*(\*\*)?([{_CN}]{{1,3}})是")  # 一是 at a sentence's start


def run_in_label(n: int) -> str:
    return f"{cardinal(n)}是"


def heading_number(text: str, loose: bool = False) -> tuple[int, str] | None:
    """(level, number as written) of a heading the text starts with; None when it starts with none."""
    for level, pattern in LOOSE_HEADING_NUMBERS if loose else HEADING_NUMBERS:
        match = pattern.match(text)
        if match:
            return level, match.group(1)
    return None
