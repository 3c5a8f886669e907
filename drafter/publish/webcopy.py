"""Which of a letter's blocks the public web copy shows, and in what order.

Decided from the published copies in ../shared/seeds (002, a 省科技厅 reply; 003, a 区政府 report): a web page
starts at the title, with no 发文机关标志, red rules or top-left marks (类别, 签发人 lines); the 发文字号 is
printed as a line under the title (002: 浙科提〔2024〕297号 below the heading), not above it; no seal's space
and no 印发 line (neither seed has one). Everything else, numbering labels, tables, 署名, date, 附注 and
attachments, is the layout's own, block for block, so the page says what the signed .docx says.
"""

from __future__ import annotations

from drafter.letter.layout import Block, Item

LEFT_OUT = frozenset({"letterhead", "letterhead_foot", "mark", "mark_right", "blank", "foot_anchor", "printer"})


def web_copy(items: list[Item]) -> list[Item]:
    """The blocks from the title on, the 发文字号 moved to just below the title, the print-only blocks left out."""
    start = next((i for i, item in enumerate(items) if isinstance(item, Block) and item.role == "title"), 0)
    number = [b for b in items[:start] if isinstance(b, Block) and b.role == "doc_number"]
    rest = [item for item in items[start + 1 :] if not (isinstance(item, Block) and item.role in LEFT_OUT)]
    head = [items[start]] if items else []
    return [*head, *number, *rest]
