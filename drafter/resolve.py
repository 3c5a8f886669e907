"""Fill in what the clerk left out: title, salutation, opening, closing, dates, 版记 lines.

The result is a complete letter: every string that will be printed is known here, so the layout only
arranges and numbers, and the writers only typeset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from . import phrases
from .cnnum import cardinal, year_digits
from .model import BodyNode, Letter, Organisation, Person, paragraphs


@dataclass(frozen=True)
class Complete:
    """A letter with every printed string decided."""

    letter: Letter
    letterhead: str
    doc_number: str | None
    title: str
    salutation: str
    opening: list[str]
    body: list[BodyNode]
    closing: list[str]
    contact: list[str]
    signer: str | None
    date: str
    cc: str | None
    printer: str | None


def item_label(number: str) -> str:
    """393 → 第393号; 温138 → 温138号; 第0843号 stays; DH0271 → 第DH0271号."""
    text = number.strip()
    if text.endswith("号"):
        return text
    if text.startswith("第"):
        return text + "号"
    if text[:1].isascii():
        return f"第{text}号"
    return text + "号"


def date_text(day: dt.date, style: str = "arabic") -> str:
    """2024年6月26日 (GB/T 9704 §7.3.5.4), or 二〇二四年六月二十六日 where a bureau asks for it."""
    if style == "chinese":
        return f"{year_digits(day.year)}年{cardinal(day.month)}月{cardinal(day.day)}日"
    return format_date(day, format="long", locale="zh_CN")


def self_reference(bureau: str) -> str:
    """How the bureau names itself in a sentence: 我局, 我厅, 我委 … or 我们."""
    last = bureau[-1:]
    return f"我{last}" if last in "局厅委办院处部署站所" else "我们"


def phrase_context(letter: Letter) -> dict[str, Any]:
    """What phrase templates may use: the input as plain data, plus a few derived names."""
    proposers = letter.proposal.proposers
    persons = [p.model_dump() for p in proposers if isinstance(p, Person)]
    organisation = next((p.organisation for p in proposers if isinstance(p, Organisation)), None)
    reply = letter.reply
    return {
        "proposal": letter.proposal.model_dump(),
        "reply": reply.model_dump(exclude={"body"}),
        "persons": persons,
        "organisation": organisation,
        "pronoun": "您" if len(persons) == 1 and organisation is None else "你们",
        "item_label": item_label(letter.proposal.number),
        "self_ref": self_reference(reply.bureau),
        "letterhead_name": reply.bureau,
        "doc_number": str(reply.doc_number) if reply.doc_number else None,
        "date": date_text(reply.date, reply.date_style),
        "cc": [reply.cc] if isinstance(reply.cc, str) else list(reply.cc or []),
    }


def complete(letter: Letter) -> Complete:
    reply = letter.reply
    ctx = phrase_context(letter)
    say = lambda name: phrases.render(name, ctx)  # noqa: E731
    cc: str | None = None
    if isinstance(reply.cc, str):
        # written out in full by the clerk: printed as written, with the label added when it is not there
        cc = reply.cc if reply.cc.startswith(("抄送：", "抄送:")) else f"抄送：{reply.cc}"
    elif reply.cc:
        cc = say("cc")
    printer = None
    if reply.printer:
        printer = f"{reply.printer}\t{date_text(reply.print_date or reply.date, reply.date_style)}印发"
    closing = reply.closing if reply.closing is not None else say("closing")
    return Complete(
        letter=letter,
        letterhead=reply.letterhead or say(f"letterhead_{reply.format}"),
        doc_number=ctx["doc_number"],
        title=reply.title or say("title"),
        salutation=reply.salutation or say("salutation"),
        opening=paragraphs(reply.opening or say(f"opening_{letter.proposal.kind}")),
        body=list(reply.body),
        closing=paragraphs(closing),
        contact=list(reply.contact),
        signer=reply.signer,
        date=ctx["date"],
        cc=cc,
        printer=printer,
    )
