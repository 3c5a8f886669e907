"""The plain-text rendering: one line per block, a table row per line, the same text the .docx carries."""

from __future__ import annotations

from ..layout import Item, Table


def render(blocks: list[Item]) -> str:
    lines = []
    for block in blocks:
        if isinstance(block, Table):
            lines += [" | ".join(cell.text.replace("\n", " ") for cell in row) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"
