"""The 发文字号 (温科提复〔2024〕95号, GB/T 9704 §7.2.4) and its usual mistakes.

`STRICT` is the form the standard wants and the model accepts; `LOOSE` reads what real letters print (other
brackets round the year, spaces, a 第 before the serial, a leading zero, marks after it on the same line), so the
importer and the checker can take the number in and say what is wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRICT = re.compile(r"^(?P<prefix>[^〔〕\s]+?)〔(?P<year>\d{4})〕(?P<number>\d+)号$")
OPEN_BRACKETS = "〔[【（(［﹝{"
CLOSE_BRACKETS = "〕]】）)］﹞}"
WRONG_BRACKETS = ("[", "【", "（", "(", "［", "﹝", "{")  # the ones clerks type instead of 〔〕
LOOSE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fffA-Za-z]{1,16}?[:：]?)\s*(?P<open>[〔\[【（(［﹝{])\s*(?P<year>\d{4})\s*"
    r"(?P<close>[〕\]】）)］﹞}])\s*(?P<di>第)?\s*(?P<serial>\d+)\s*号"
)
LINE = re.compile(rf"^\s*{LOOSE.pattern}(?P<rest>.*)$")  # a line that starts with a 发文字号


@dataclass(frozen=True)
class Loose:
    """A 发文字号 as printed, with what differs from the standard form."""

    prefix: str
    year: int
    serial: str  # as printed, leading zeros kept
    rest: str  # what follows on the same line (marks, 签发人)
    wrong_bracket: str | None  # the bracket used instead of 〔
    has_di: bool  # 第 before the serial

    @property
    def standard(self) -> str:
        return f"{self.prefix}〔{self.year}〕{int(self.serial)}号"


def read_line(text: str) -> Loose | None:
    """The 发文字号 a line starts with, however it is bracketed; None when the line does not start with one."""
    match = LINE.match(text)
    if not match:
        return None
    wrong = None if match["open"] == "〔" and match["close"] == "〕" else match["open"]
    return Loose(match["prefix"], int(match["year"]), match["serial"], match["rest"], wrong, bool(match["di"]))


def find(text: str) -> re.Match[str] | None:
    """The first 发文字号 anywhere in a text (a sentence may quote one)."""
    return LOOSE.search(text)
