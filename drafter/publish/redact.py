"""The web copy without telephone numbers, and without the contact person's name where the bureau asks.

Numbers go wherever they stand (contact lines, body, table cells): the pattern is `vocab.phones`. Names are
taken from the contact lines only (联系人：项秋霞, 联系单位及联系人：某处 蔡建军). A line left with nothing but
its label (联系电话：) is dropped; every other block keeps its place and role.
"""

from __future__ import annotations

import re
from dataclasses import replace

from drafter.letter.layout import Cell, Item, Run, Table
from drafter.vocab.phones import CONTACT_NAME, is_bare_label, tidy, without_phones

CONTACT_ROLES = ("contact", "note")  # the contact lines: before the signature, at the end, or under the date


def without_name(text: str) -> str:
    """A contact line without the contact person's name."""

    def cut(match: re.Match[str]) -> str:
        start, end = match.span("name" if match["name"] else "name2")
        return (text[match.start() : start] + text[end : match.end()]).rstrip()

    out = CONTACT_NAME.sub(cut, text)
    return tidy(out) if out != text else text


def redact_text(text: str, role: str, hide_name: bool) -> str:
    out = without_phones(text, contact=role in CONTACT_ROLES)
    if hide_name and role in CONTACT_ROLES:
        out = without_name(out)
    return out


def redact(items: list[Item], hide_name: bool = False) -> list[Item]:
    """Every block and table cell with its numbers (and names) removed; emptied contact lines dropped."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Table):
            rows = tuple(tuple(Cell(without_phones(c.text), c.role) for c in row) for row in item.rows)
            out.append(replace(item, rows=rows))
            continue
        runs = tuple(Run(redact_text(r.text, item.role, hide_name), r.role) for r in item.runs)
        if runs == item.runs:
            out.append(item)
        elif not is_bare_label("".join(r.text for r in runs)):
            out.append(replace(item, runs=tuple(r for r in runs if r.text)))
    return out
