"""The plain-text rendering: one line per block, a table row per line, the same text the .docx carries."""

from __future__ import annotations

from drafter.letter.layout import Item


def write(blocks: list[Item]) -> str:
    return "\n".join(block.text for block in blocks) + "\n"
