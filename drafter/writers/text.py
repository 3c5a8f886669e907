"""The plain-text rendering: one line per block, the same text the .docx carries."""

from __future__ import annotations

from ..layout import Block


def render(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks) + "\n"
