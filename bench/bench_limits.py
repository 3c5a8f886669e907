"""Title breaking: drafter's linear `layout.title_lines` against the quadratic one it replaced.

The baseline is the earlier algorithm, kept here word for word: each line re-measured the rest of the
title from its start, so a 40,000-character title took some 16 s. Both give the same lines (checked
on every title here); the report prints the times and the ratio for growing lengths.

    .venv/bin/python bench/bench_limits.py
"""

from __future__ import annotations

import time

from drafter.letter.layout import BREAK_AFTER, TITLE_WIDTH, _prefix_widths, title_lines, width


def baseline_title_lines(title: str) -> str:
    """The quadratic algorithm of drafter before issue 15."""
    if "\n" in title or width(title) <= TITLE_WIDTH:
        return title
    lines: list[str] = []
    rest = title
    while width(rest) > TITLE_WIDTH:
        fits = sum(1 for w in _prefix_widths(rest)[1:] if w <= TITLE_WIDTH)
        cut = max(rest.rfind(word, 0, fits - len(word) + 1) + len(word) for word in BREAK_AFTER)
        if cut <= len(rest) // 3:
            cut = -(-len(rest) // 2) if width(rest) <= 2 * TITLE_WIDTH else fits
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(lines)


def best_of(runs: int, fn, title: str) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn(title)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    piece = "关于加快推进科技成果转化和R&D投入的建议"
    print("| title length | baseline (quadratic) | drafter (linear) | ratio |")
    print("|---|---|---|---|")
    for length in (200, 2_000, 10_000, 40_000):
        title = (piece * (length // len(piece) + 1))[:length]
        assert baseline_title_lines(title) == title_lines(title)
        runs = 3 if length <= 10_000 else 1
        old, new = best_of(runs, baseline_title_lines, title), best_of(runs, title_lines, title)
        print(f"| {length:,} | {old:.3f} s | {new:.4f} s | {old / new:,.0f}× |")


if __name__ == "__main__":
    main()
