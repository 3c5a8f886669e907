"""Fill in what the clerk left out, from the letter, then the bureau's library, then the base.

The result is a complete letter: every string that will be printed is known here, so the layout only
arranges and numbers, and the writers only typeset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.dates import format_date

from drafter.i18n import N_, _
from drafter.letter import phrases
from drafter.letter.model import (
    CO_TYPES,
    DEFAULT_ROLE,
    BodyNode,
    ContactPosition,
    DocNumber,
    Format,
    Kind,
    Letter,
    Organisation,
    Person,
    ReplyType,
    paragraphs,
)
from drafter.library.bureau import Bureau
from drafter.library.search import BureauFolder
from drafter.problems import TemplateProblem
from drafter.vocab import dates
from drafter.vocab.facts import item_label
from drafter.vocab.numerals import cardinal, year_digits
from drafter.vocab.parts import CC_LABEL


@dataclass(frozen=True)
class Mark:
    """A printed mark (result class, disclosure, 签发人) and where the bureau puts it."""

    text: str
    position: str
    name: str = ""  # 签发人's name, set in 楷体 after the label


@dataclass(frozen=True)
class Appendix:
    label: str  # 附件 / 附件2
    title: str  # may hold line breaks
    body: list[BodyNode]


@dataclass(frozen=True)
class Feedback:
    """The 征询意见表 that goes with a reply: its wording and the facts its rows print."""

    title: str
    note: str
    kind: Kind  # the word in the rows' labels (建议编号, 提案标题)
    item_label: str  # 第393号
    proposal_title: str
    role: str  # 代表, 委员 …: the proposer's role, in the rows' labels (代表姓名, 代表签名)
    addressee: str
    several: bool  # more than one person proposed it: the row names the 领衔人
    result_class: str | None  # the class as the letter gives it (A, B …), when the reply prints one


@dataclass(frozen=True)
class Complete:
    """A letter with every printed string decided: what layout arranges, and all it reads."""

    bureau: Bureau  # the effective settings: the bureau's over the base's
    type: ReplyType
    format: Format
    letterhead: str | None
    doc_number: str | None
    title: str
    dateline: str | None
    salutation: str
    opening: list[str]
    body: list[BodyNode]
    closing: list[str]
    attachments: list[Appendix]
    contact: list[str]
    contact_position: ContactPosition
    signer: str | None
    date: str | None
    cc: str | None
    printer: str | None
    result_class: Mark | None = None
    disclosure: Mark | None = None
    issuer: Mark | None = None
    feedback: Feedback | None = None  # the 征询意见表, when one goes with the reply
    warnings: tuple[str, ...] = ()  # what the clerk should know: an undated letter, …


ZH_CN = Locale.parse("zh_CN")  # parsed once: babel re-reads the locale data for every call given a name


def date_text(day: dt.date, style: str = "arabic") -> str:
    """2024年6月26日 (GB/T 9704 §7.3.5.4), or 二〇二四年六月二十六日 where a bureau asks for it."""
    if style == "chinese":
        return f"{year_digits(day.year)}年{cardinal(day.month)}月{cardinal(day.day)}日"
    return format_date(day, format="long", locale=ZH_CN)


def self_reference(bureau: str) -> str:
    """How the bureau names itself in a sentence: 我局, 我厅, 我委 … or 我们."""
    last = bureau[-1:]
    return f"我{last}" if last in "局厅委办院处部署站所" else "我们"


INHERITED = ("format", "genre", "signer", "contact", "contact_position", "date_style", "printer", "feedback_form")


def inherited(letter: Letter, bureau: Bureau, name: str) -> Any:
    """The reply's setting `name` (one of INHERITED), else the bureau's (already over the base)."""
    value = getattr(letter.reply, name)
    return getattr(bureau, name) if value is None else value


def settled(letter: Letter, bureau: Bureau) -> dict[str, Any]:
    """The reply's fields with what the letter leaves out taken from the bureau, as phrases see them."""
    reply = letter.reply.model_dump(exclude={"body", "attachments"})
    reply.update({name: inherited(letter, bureau, name) for name in INHERITED})
    reply["bureau"] = bureau.name
    return reply


def series(reply_type: ReplyType) -> str:
    """The bureau's number series (`series:` in bureau.yaml) a reply of this type is numbered in."""
    return "会办" if reply_type in CO_TYPES else "答复"


def doc_number(letter: Letter, bureau: Bureau) -> str | None:
    """The 发文字号; a serial alone takes the bureau's 代字 for this kind of reply and the year of the date."""
    given = letter.reply.doc_number
    if given is None:
        return None
    prefix = given.prefix or bureau.series.get(series(letter.reply.type))
    year = given.year or (letter.reply.date.year if letter.reply.date else dt.date.today().year)
    if given.number is None:  # auto, in a preview: the ledger hands the number out when the file is made
        return f"{prefix}〔{year}〕（自动编号）号"
    return str(DocNumber(prefix=prefix, year=year, number=given.number))


def phrase_context(letter: Letter, bureau: Bureau) -> dict[str, Any]:
    """What phrase templates may use: the input as plain data, the bureau's settings, a few derived names.

    A fact the letter does not state is absent, not None, so a phrase that needs it fails by name (MissingFacts).
    """
    proposal = letter.proposal
    proposers = proposal.proposers if proposal else []
    persons = [p.model_dump(exclude_none=True) for p in proposers if isinstance(p, Person)]
    organisation = next((p.organisation for p in proposers if isinstance(p, Organisation)), None)
    reply = settled(letter, bureau)
    date = letter.reply.date
    cc = letter.reply.cc
    if cc is None and proposal is not None and proposal.kind and letter.reply.type not in CO_TYPES:
        cc = bureau.cc.get(proposal.kind, [])  # a 会办意见 goes to the lead unit only
    stated: dict[str, Any] | None = proposal.model_dump(exclude_none=True) if proposal else None
    if stated is not None and not proposers:
        del stated["proposers"]
    ctx: dict[str, Any] = {
        "proposal": stated if stated is not None or letter.reply.type == "报告" else {},
        "reply": reply,
        "bureau": bureau.model_dump(),
        "persons": persons,
        "organisation": organisation,
        "self_ref": self_reference(bureau.name or ""),
        "letterhead_name": letter.reply.letterhead or bureau.short_name or bureau.name,
        "doc_number": doc_number(letter, bureau),
        "date": date_text(date, reply["date_style"]) if date else None,
        "cc": [cc] if isinstance(cc, str) else list(cc or []),
    }
    role = persons[0].get("role") if persons else (DEFAULT_ROLE[proposal.kind] if proposal and proposal.kind else None)
    if role:
        ctx["role"] = role
    if proposers:
        ctx["pronoun"] = "您" if len(persons) == 1 and organisation is None else "你们"
    if proposal and proposal.number:
        ctx["item_label"] = item_label(proposal.number)
    return ctx


# the facts a phrase may need, and how a clerk supplies them
FACTS = {
    "number": (("proposal", "number"), N_("编号（proposal.number）"), N_("写上编号")),
    "item_label": (("proposal", "number"), N_("编号（proposal.number）"), N_("写上编号")),
    "session": (("proposal", "session"), N_("会议届次（proposal.session）"), N_("写上会议届次")),
    "title": (("proposal", "title"), N_("建议或提案的标题（proposal.title）"), N_("写上建议或提案的标题")),
    "kind": (("proposal", "kind"), N_("类别（proposal.kind：建议 或 提案）"), N_("写上类别")),
    "proposers": (("proposal", "proposers"), N_("提出人（proposal.proposers）"), N_("写上提出人")),
    "addressee": (("proposal", "proposers"), N_("提出人（proposal.proposers）"), N_("写上提出人")),
    "pronoun": (("proposal", "proposers"), N_("提出人（proposal.proposers）"), N_("写上提出人")),
    "role": (("proposal", "kind"), N_("提出人的身份（proposal.kind，或提出人的 role）"), N_("写上类别")),
}
USES = {
    "title": (N_("标题"), "reply.title"),
    "salutation": (N_("称呼"), "reply.salutation"),
    "opening": (N_("开头语"), "reply.opening"),
    "closing": (N_("结束语"), "reply.closing"),
    "feedback_title": (N_("征询意见表"), "reply.feedback_form: false"),
    "feedback_note": (N_("征询意见表"), "reply.feedback_form: false"),
}


class MissingFacts(Exception):
    """Strings the renderer derives that need facts the letter does not state: (field path, message) each."""

    def __init__(self, found: list[tuple[tuple[str, ...], str]]) -> None:
        super().__init__("; ".join(message for _path, message in found))
        self.found = found


def _missing_fact(exc: phrases.MissingName, ctx: dict[str, Any], use: str) -> tuple[tuple[str, ...], str] | None:
    """The fact a phrase lacked and what needs it, or None when the name is a template's own mistake."""
    name = exc.name
    if exc.owner is not None and exc.owner is not ctx.get("proposal"):
        return None
    if exc.owner is None and name in ("number", "session", "title", "kind", "proposers"):
        return None  # a top-level name of that spelling is a typo, not a fact
    if name not in FACTS:
        return None
    path, fact, remedy = FACTS[name]
    what, instead = USES.get(use, (use, f"reply.{use}"))
    message = _("{what}要用到{fact}：{remedy}，或直接写 {instead}").format(
        what=_(what), fact=_(fact), remedy=_(remedy), instead=instead
    )
    return path, message


def _marks(letter: Letter, bureau: Bureau) -> tuple[Mark | None, Mark | None, Mark | None]:
    reply, marks = letter.reply, bureau.marks
    result = disclosure = issuer = None
    if reply.result_class and marks.result_class.position != "none":
        text = marks.result_class.labels.get(reply.result_class, reply.result_class)
        result = Mark(text, marks.result_class.position)
    if reply.disclosure and marks.disclosure.position != "none":
        text = marks.disclosure.wording.get(reply.disclosure, f"（{reply.disclosure}）")
        disclosure = Mark(text, marks.disclosure.position)
    if reply.issuer and marks.issuer.position != "none":
        issuer = Mark(marks.issuer.label, marks.issuer.position, reply.issuer)
    return result, disclosure, issuer


def _attachments(letter: Letter) -> list[Appendix]:
    items = letter.reply.attachments
    return [
        Appendix("附件" if len(items) == 1 else f"附件{n}", item.title, list(item.body))
        for n, item in enumerate(items, start=1)
    ]


def complete(letter: Letter, entry: BureauFolder) -> Complete:
    reply, bureau = letter.reply, entry.settings
    ctx = phrase_context(letter, bureau)
    folders = entry.phrase_folders()
    kind = letter.proposal.kind if letter.proposal else None
    missing: list[tuple[int, tuple[str, ...], str]] = []  # in the order the letter prints what needs them

    def say(*names: str, use: str = "") -> str:
        """A phrase; a fact it lacks is noted (all are reported together) and a stand-in returned."""
        try:
            return phrases.fill(names, ctx, folders)
        except phrases.MissingName as exc:
            found = _missing_fact(exc, ctx, use or names[-1])
            if found is None:
                raise TemplateProblem(str(exc)) from None
        except phrases.PhraseNotFound:
            if kind:
                raise
            found = _missing_fact(phrases.MissingName("", "kind", ctx["proposal"]), ctx, use or names[-1])
            assert found is not None
        use = use or names[-1]
        entry = (list(USES).index(use) if use in USES else len(USES), *found)
        if entry not in missing:
            missing.append(entry)
        return ""

    if letter.proposal is not None and letter.proposal.proposers:
        ctx["addressee"] = say("addressee", use="salutation")
    settled_reply = ctx["reply"]
    type_ = reply.type
    cc: str | None = None
    if isinstance(reply.cc, str):
        # written out by the clerk: each line (报：…, 抄送：…) printed as written, 抄送： added where no label is
        cc = "\n".join(line if CC_LABEL.match(line) else f"抄送：{line}" for line in paragraphs(reply.cc))
    elif ctx["cc"]:
        cc = say("cc")
    printer = None
    if settled_reply["printer"] and settled_reply["format"] == "文件":  # 信函 prints no 印发 line (§10.1)
        day = reply.print_date or reply.date
        printer = f"{settled_reply['printer']}\t{date_text(day, settled_reply['date_style'])}印发" if day else None
    closing = reply.closing if reply.closing is not None else say(f"closing_{type_}", "closing")
    opening = (
        reply.opening
        if reply.opening is not None
        else say(
            *((f"opening_{type_}_{kind}", f"opening_{type_}", f"opening_{kind}") if kind else (f"opening_{type_}",)),
            use="opening",
        )
    )
    report = type_ == "报告"
    result, disclosure, issuer = _marks(letter, bureau)
    feedback = bool(settled_reply["feedback_form"]) and letter.proposal is not None and type_ not in CO_TYPES
    if feedback:  # the form's rows print the item's number, title and proposers whatever its phrases say
        for name in ("item_label", "title", "addressee", "role"):
            if name not in ctx and name not in ctx["proposal"]:
                found = _missing_fact(phrases.MissingName("", name, ctx["proposal"]), ctx, "feedback_title")
                if found and (len(USES), *found) not in missing:
                    missing.append((list(USES).index("feedback_title"), *found))
    form = None
    if feedback:
        form = Feedback(
            title=say("feedback_title"),
            note=say("feedback_note"),
            kind="建议" if kind == "建议" else "提案",
            item_label=ctx.get("item_label", ""),
            proposal_title=ctx["proposal"].get("title", ""),
            role=ctx.get("role", ""),
            addressee=ctx.get("addressee", ""),
            several=len(ctx["persons"]) > 1,
            result_class=reply.result_class if result is not None else None,
        )
    done = Complete(
        bureau=bureau,
        type=type_,
        format=settled_reply["format"],
        letterhead=None if report else (reply.letterhead or say(f"letterhead_{settled_reply['format']}")),
        doc_number=None if report else ctx["doc_number"],
        title=reply.title or say(f"title_{type_}", "title"),
        dateline=say("dateline") if reply.meeting else None,
        salutation=reply.salutation if reply.salutation is not None else say(f"salutation_{type_}", "salutation"),
        opening=paragraphs(opening),
        body=list(reply.body),
        closing=paragraphs(closing),
        attachments=_attachments(letter),
        contact=list(settled_reply["contact"] or []),
        contact_position=settled_reply["contact_position"],
        signer=settled_reply["signer"] or None,
        date=None if report and reply.meeting else (ctx["date"] or (None if report else dates.BLANK_LINE)),
        cc=cc,
        printer=printer,
        result_class=None if type_ in CO_TYPES else result,
        disclosure=disclosure,
        issuer=issuer,
        feedback=form,
        warnings=tuple(_warnings(letter)),
    )
    if missing:
        raise MissingFacts([(path, message) for _order, path, message in sorted(missing)])
    return done


def missing_facts(letter: Letter, entry: BureauFolder) -> list[tuple[tuple[str, ...], str]]:
    """The facts the derived strings need that the letter does not state: (field path, message) each.

    The phrases are rendered only when some fact in FACTS is absent: a letter stating them all lacks none.
    """
    p = letter.proposal
    if p is None and letter.reply.type == "报告":  # a report on no item: its phrases need no item's facts
        return []
    if p is not None and all(getattr(p, path[-1]) for path, _fact, _remedy in FACTS.values()):
        return []
    try:
        complete(letter, entry)
    except MissingFacts as exc:
        return exc.found
    return []


def _warnings(letter: Letter) -> Iterator[str]:
    if letter.reply.date is None and letter.reply.type != "报告":  # a 报告 may go undated
        yield _("没有写成文日期（reply.date）：日期一行留作“{blank}”，由签发人填写").format(blank=dates.BLANK_LINE)
