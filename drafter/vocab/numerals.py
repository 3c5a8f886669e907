"""Chinese numerals both ways: 十五 ⇄ 15, for heading labels (一、 （一） 一是), dates and item numbers.

babel has no spell-out for Chinese and cn2an writes 零 in years, so we keep these small functions of our own.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
ZEROS = "〇○零Ｏ0"  # the ways a zero digit is written in 二〇二四 (○ and Ｏ are common typing slips)
UNITS = ["", "十", "百", "千"]
BIG = ((100_000_000, "亿"), (10_000, "万"))
CN_CHARS = "〇○零一二三四五六七八九十百千万两"  # what a Chinese numeral may be made of


def _below_10000(n: int) -> str:
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero_pending = False
    for i, d in enumerate(digits):
        unit = UNITS[len(digits) - 1 - i]
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(DIGITS[d] + unit)
    return "".join(out)


def cardinal(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 105 → 一百零五, 2024 → 二千零二十四, 10000 → 一万 (any n ≥ 1)."""
    if n < 1:
        raise ValueError(f"cardinal() counts from 1, not {n}")
    parts: list[str] = []
    rest = n
    for size, word in BIG:
        if rest >= size:
            head, rest = divmod(rest, size)
            parts.append(cardinal(head) + word)
            if 0 < rest < size // 10:
                parts.append("零")
    if rest:
        parts.append(_below_10000(rest))
    text = "".join(parts)
    # 一十五 is written 十五 when ten leads the number
    return text[1:] if 10 <= n <= 19 else text


def year_digits(year: int) -> str:
    """2024 → 二〇二四: each digit on its own, with 〇 for zero (the style of 二〇二四年六月二十六日)."""
    return "".join("〇" if ch == "0" else DIGITS[int(ch)] for ch in str(year))


def value(text: str) -> int | None:
    """十五 → 15, 一百零五 → 105, 二十 → 20, 两 → 2, 15 → 15; None when the text is no numeral."""
    text = text.strip()
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in ZEROS:
            digit = 0 if digit is None else digit
            continue
        if ch in DIGITS or ch == "两":
            if digit:  # 二三 is digits read one by one, not a cardinal
                return None
            digit = 2 if ch == "两" else DIGITS.index(ch)
            continue
        if ch in "十百千":
            unit = 10 ** ("十百千".index(ch) + 1)
            section += (digit if digit is not None else 1) * unit
            digit = None
            continue
        if ch in "万亿":
            section += digit or 0
            total += section * (10_000 if ch == "万" else 100_000_000)
            section, digit = 0, None
            continue
        return None
    return total + section + (digit or 0)


def digits_value(text: str) -> int | None:
    """二〇二四 → 2024: digits written one by one, as in a year; None when it is not such."""
    out = []
    for ch in text.strip():
        if ch in ZEROS:
            out.append("0")
        elif ch in DIGITS[1:]:
            out.append(str(DIGITS.index(ch)))
        elif ch.isdigit() and ch.isascii():
            out.append(ch)
        else:
            return None
    return int("".join(out)) if out else None
