"""How wide a text prints, in characters: one fact the layout (title breaks, the 署名 over the date) and the
checker (where a line ends) share, in a module of its own so the checker measures without loading the renderer."""

from __future__ import annotations


def width(text: str) -> float:
    """Printed width in characters: CJK and full-width forms one, ASCII half, and a quarter for the
    space that Word and LibreOffice put between CJK and Latin letters or digits (autospace)."""
    total = sum(0.5 if ch.isascii() else 1.0 for ch in text)
    changes = sum(1 for a, b in zip(text, text[1:], strict=False) if a.isascii() != b.isascii())
    return total + 0.25 * changes
