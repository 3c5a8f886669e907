"""Chinese characters kept whole where Textual's compositor would cut them in half.

The compositor divides every screen line at the edges of all widgets, the covered ones included, and
gives each piece to the top-most widget there. Where such an edge falls inside a double-width character
of the widget on top (a Select's list or a notification over a box's border), Textual replaces the
character by two spaces: “（请  择）”. Textual issue #6357, open at the time of writing.

`apply()` wraps `Compositor._render_chops`: a widget's line is divided one cell later where an edge would
split one of its own characters and it owns the pieces on both sides, and the right-hand piece is then
placed one cell later. Nothing else changes; with another Textual whose compositor differs it does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version
from typing import Any

from rich.cells import cell_len

_applied = False
TESTED_MAJOR = "8"  # the Textual whose compositor this follows (8.2)


def wide_starts(strip: Any) -> set[int]:
    """Cell offsets inside `strip` that fall in the middle of a double-width character."""
    inside: set[int] = set()
    x = 0
    for segment in strip:
        if segment.control:
            continue
        for char in segment.text:
            width = cell_len(char)
            if width == 2:
                inside.add(x + 1)
            x += width
    return inside


def _render_chops(self: Any, crop: Any, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Any]]:
    cuts = self.cuts
    chops: list[dict[int, Any]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    moved: dict[int, dict[int, int]] = {}  # line → {cut: where its piece really starts}
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            divide_at = [cut - render_x for cut in final[1:]]
            inside = wide_starts(strip) if len(final) > 2 else set()
            shifted: dict[int, int] = {}
            for n, cut in enumerate(final[1:-1], start=1):
                owns_both = line.get(final[n - 1]) is None and line.get(cut) is None
                roomy = final[n + 1] - cut >= 2  # the right-hand piece keeps at least one cell
                if cut - render_x in inside and owns_both and roomy:
                    divide_at[n - 1] += 1
                    shifted[cut] = cut + 1
            for cut, piece in zip(final, strip.divide(divide_at), strict=False):
                if line.get(cut) is None:
                    line[cut] = piece
                    if cut in shifted:
                        moved.setdefault(y, {})[cut] = shifted[cut]
    for y, renames in moved.items():  # keys are where a piece is written; the order stays
        chops[y] = {renames.get(x, x): piece for x, piece in chops[y].items()}
    return chops


def apply() -> None:
    """Patch Textual's compositor once, if it is the one this was written against."""
    global _applied
    if _applied:
        return
    try:
        from textual._compositor import Compositor
    except ImportError:
        return
    if version("textual").split(".")[0] != TESTED_MAJOR:
        return  # another compositor: Textual's own, unpatched
    if not hasattr(Compositor, "_render_chops") or not hasattr(Compositor, "_get_renders"):
        return
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]  # noqa: SLF001
    _applied = True
