"""Dates as letters print them: 2024年6月26日 (GB/T 9704 §7.3.5.4) and 二〇二四年六月二十六日, spaced or not.

Also what is not quite a date: a 成文日期 that lost its 年月日 on a web page (2023831, 20241018), which is
reported, never guessed, and the blank 年　月　日 a draft carries before it is signed.
"""

from __future__ import annotations

import datetime as dt
import re

from drafter.vocab.numerals import CN_CHARS, digits_value, value

_CN_YEAR = "〇○零Ｏ0一二三四五六七八九"
_ARABIC = r"(?P<ay>\d{4})\s*年\s*(?P<am>\d{1,2})\s*月\s*(?P<ad>\d{1,2})\s*日"
_CHINESE = rf"(?P<cy>[{_CN_YEAR}]{{4}})\s*年\s*(?P<cm>[{CN_CHARS}]{{1,3}})\s*月\s*(?P<cd>[{CN_CHARS}]{{1,4}})\s*日"
DATE = re.compile(rf"(?:{_ARABIC}|{_CHINESE})")
WHOLE = re.compile(rf"^\s*(?:{_ARABIC}|{_CHINESE})\s*$")
ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
GARBLED = re.compile(r"^\s*(?:19|20)\d{2}\s*[01]?\d\s*[0-3]?\d\s*$")  # 2023831, 20241018: 年月日 lost
BLANK = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})?\s*年[\s　_＿]*月[\s　_＿]*日\s*$")
BLANK_LINE = "年　月　日"  # what an undated draft prints where the signer writes the date (GB/T 9704 §7.3.5.4)
PLACEHOLDER = re.compile(  # 202X年X月X日: at least one X, so a real date is none
    r"^(?=.*[XＸx×])\s*(?:20[0-9XＸx×]{2}|[XＸ×]{4})\s*年\s*[XＸx×\d]{1,2}\s*月\s*[XＸx×\d]{1,2}\s*日\s*$"
)


def _parts(match: re.Match[str]) -> tuple[int, int, int, str] | None:
    if match["ay"]:
        return int(match["ay"]), int(match["am"]), int(match["ad"]), "arabic"
    year = digits_value(match["cy"])
    month, day = value(match["cm"]), value(match["cd"])
    if year is None or month is None or day is None:
        return None
    return year, month, day, "chinese"


def read(text: str) -> tuple[dt.date, str] | None:
    """The date a whole line (or field) states, with its style (arabic or chinese); None when it is none."""
    match = WHOLE.match(text)
    if match is None:
        return None
    parts = _parts(match)
    if parts is None:
        return None
    try:
        return dt.date(*parts[:3]), parts[3]
    except ValueError:
        return None


def find_date(text: str, whole: bool = False) -> tuple[dt.date, str] | None:
    """A date in a text (or, with whole, the text as a date)."""
    if whole:
        return read(text)
    for match in DATE.finditer(text):
        parts = _parts(match)
        if parts is None:
            continue
        try:
            return dt.date(*parts[:3]), parts[3]
        except ValueError:
            continue
    return None


def looks_like_date(text: str) -> bool:
    """A line meant as a date even if it cannot be read as one: 2024年6月31日, 2023831, 二〇二四年…, 年 月 日."""
    stripped = text.strip()
    return bool(
        WHOLE.match(stripped) or GARBLED.match(stripped) or BLANK.match(stripped) or PLACEHOLDER.match(stripped)
    )


def is_blank(text: str) -> bool:
    """年　月　日 (a draft not yet dated)."""
    return bool(BLANK.match(text))
