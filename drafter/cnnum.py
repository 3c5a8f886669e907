"""Chinese numerals for heading labels (一、 （一） 一是) and optional 〇-style years.

babel has no spell-out for Chinese and cn2an writes 零 in years, so we keep this small function of our own.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
UNITS = ["", "十", "百", "千"]


def cardinal(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 105 → 一百零五, 2024 → 二千零二十四 (for 1 ≤ n ≤ 9999)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"cardinal() handles 1..9999, not {n}")
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
    text = "".join(out)
    # 一十五 is written 十五 when ten leads the number
    return text[1:] if 10 <= n <= 19 else text


def year_digits(year: int) -> str:
    """2024 → 二〇二四: each digit on its own, with 〇 for zero (the style of 二〇二四年六月二十六日)."""
    return "".join("〇" if ch == "0" else DIGITS[int(ch)] for ch in str(year))
