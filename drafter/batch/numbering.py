"""Letters and the number ledger: `doc_number: auto` gets its serial, a written number is checked for clashes."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from drafter.batch.ledger import ENV, Ledger, default_path
from drafter.i18n import _
from drafter.letter.model import CO_TYPES, DocNumber, Letter
from drafter.library.search import BureauFolder
from drafter.vocab.facts import item_label


def series_key(letter: Letter) -> str:
    return "会办" if letter.reply.type in CO_TYPES else "答复"


def item_key(letter: Letter) -> str:
    """What a number is recorded against: the proposal (会议届次|建议|编号), or a 报告's title and date."""
    p, reply = letter.proposal, letter.reply
    if p is None and reply.type == "报告":
        return f"报告|{reply.title or reply.subject}|{reply.date}"
    if p is None or not (p.session and p.kind and p.number):  # the letter's own title stands for the item
        return f"标题|{(reply.title or '').replace(chr(10), '')}"
    return f"{p.session}|{p.kind}|{p.number}"


def item_text(key: str) -> str:
    """An item key as a clerk says it: 市十四届人大四次会议第393号建议."""
    parts = key.split("|")
    if parts[0] == "标题":
        return parts[1]
    if len(parts) == 3 and parts[0] != "报告":
        return f"{parts[0]}{item_label(parts[2])}{parts[1]}"
    return "".join(p for p in parts if p != "None")


def ledger_path(entry: BureauFolder, override: Path | None = None) -> Path:
    """--ledger, then DRAFTER_LEDGER, then the bureau's `ledger:` (beside its bureau.yaml), then the user's."""
    if override is not None:
        return override
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    if entry.settings.ledger:
        path = Path(entry.settings.ledger).expanduser()
        return path if path.is_absolute() else entry.folder / path
    return default_path()


@dataclass(frozen=True)
class Request:
    """What a letter asks of the ledger: plain data, so batch workers can hand it to the main process."""

    ledger: Path
    bureau: str
    prefix: str  # the 代字 is the series: numbers run per 代字 and year
    year: int
    item: str
    number: int | None  # None: auto


def request(letter: Letter, entry: BureauFolder, override: Path | None = None) -> Request | None:
    """None when the letter has no 发文字号, or a full one under a 代字 the bureau does not number."""
    given, reply = letter.reply.doc_number, letter.reply
    if given is None:
        return None
    prefix = given.prefix or entry.settings.series.get(series_key(letter))
    if not prefix:
        return None
    year = given.year or (reply.date.year if reply.date else dt.date.today().year)
    return Request(ledger_path(entry, override), entry.id, prefix, year, item_key(letter), given.number)


def settle(req: Request, ledger: Ledger, avoid: frozenset[int] = frozenset()) -> tuple[int, str | None]:
    """The number for the request, and a clash message when a written number is another item's.

    An auto number skips `avoid`: the numbers other letters of the same run state (drafter batch).
    """
    if req.number is None:
        return ledger.take(req.bureau, req.prefix, req.year, req.item, avoid=avoid), None
    holder = ledger.claim(req.bureau, req.prefix, req.year, req.number, req.item)
    if holder:
        number = DocNumber(prefix=req.prefix, year=req.year, number=req.number)
        message = _("发文字号 {number} 在编号台账里已经给了“{value}”；请改用别的序号，或写 auto 自动编号").format(
            number=number, value=item_text(holder)
        )
        return req.number, message
    return req.number, None


def numbered(letter: Letter, req: Request, number: int) -> Letter:
    filled = DocNumber(prefix=req.prefix, year=req.year, number=number)
    return letter.model_copy(update={"reply": letter.reply.model_copy(update={"doc_number": filled})})


def assign(letter: Letter, entry: BureauFolder, override: Path | None = None) -> tuple[Letter, str | None]:
    """One letter (drafter render): its auto number filled in, or a clash message."""
    req = request(letter, entry, override)
    if req is None:
        return letter, None
    with Ledger(req.ledger) as ledger:
        number, clash = settle(req, ledger)
    return (letter, clash) if clash else (numbered(letter, req, number), None)


def offered(letter: Letter, entry: BureauFolder, override: Path | None = None) -> str | None:
    """The 发文字号 an `auto` letter will get from the ledger, as the wizard offers it; None if not auto."""
    req = request(letter, entry, override)
    if req is None or req.number is not None:
        return None
    number = 1
    if req.ledger.exists():  # looking does not create the ledger
        with Ledger(req.ledger) as ledger:
            number = ledger.peek(req.bureau, req.prefix, req.year, req.item)
    return str(DocNumber(prefix=req.prefix, year=req.year, number=number))


def taken(letter: Letter, entry: BureauFolder, override: Path | None = None) -> Letter | None:
    """The letter with the number it already holds (publish takes none); None for `auto` with none taken yet."""
    req = request(letter, entry, override)
    if req is None or req.number is not None:
        return letter
    if not req.ledger.exists():  # looking does not create the ledger
        return None
    with Ledger(req.ledger) as ledger:
        held = ledger.held(req.bureau, req.prefix, req.year, req.item)
    return None if held is None else numbered(letter, req, held)
