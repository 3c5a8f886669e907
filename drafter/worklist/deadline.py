"""When a reply is due: the list's own 办理时限, else three months after the item was assigned.

The three months are calendar months (建议提案办理办法: 自交办之日起三个月内答复); a day the later month
lacks falls to its last day (30 November → 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = 3


def months_after(day: dt.date, months: int = MONTHS) -> dt.date:
    """The same day `months` calendar months later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(assigned: dt.date | None, due: dt.date | None) -> dt.date | None:
    """The list's 时限 when it gives one (it may be earlier than three months), else assigned + 3 months."""
    if due is not None:
        return due
    return months_after(assigned) if assigned is not None else None
