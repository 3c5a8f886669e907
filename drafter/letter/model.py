"""The input model: what a clerk states about one letter. The one schema for YAML files, drafts and batches.

Validation happens here and only here; everything downstream trusts a validated `Letter`.
Messages are Chinese, addressed to a clerk, raised as PydanticCustomError so they print without prefixes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from drafter.i18n import _
from drafter.vocab import dates, docnumber, numerals


class Strict(BaseModel):
    """Unknown keys are refused, so that a misspelt field is reported instead of silently ignored."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- text


def _bad_char(ch: str, multiline: bool) -> bool:
    """Control characters, surrogates and non-characters: invalid in a .docx or invisible in print."""
    if ch == "\n":
        return not multiline
    code = ord(ch)
    return unicodedata.category(ch) in ("Cc", "Cs") or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


_NONCHARACTERS = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(1, 17))
_ANY_BAD = re.compile(
    f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff{_NONCHARACTERS}]"
)  # exactly the characters _bad_char refuses, besides the line break


def _checked(value: str, multiline: bool) -> str:
    value = value.replace("\r\n", "\n")
    clean = not _ANY_BAD.search(value) and (multiline or "\n" not in value)  # one C scan for the usual case
    for index, ch in enumerate(() if clean else value):
        if _bad_char(ch, multiline):
            if ch == "\n":
                raise PydanticCustomError("newline", _("这一项只能写一行，不能换行"))
            if ch == "\t":
                raise PydanticCustomError(
                    "tab",
                    _("第{index}个字符是 Tab（制表符）；公文里不用 Tab 对齐，请删去或换成空格"),
                    {"index": index + 1},
                )
            raise PydanticCustomError(
                "control_char",
                _("第{index}个字符是看不见的控制字符 U+{code}（常见于从 Word 或 Excel 粘贴的文字），请删去它"),
                {"index": index + 1, "code": f"{ord(ch):04X}"},
            )
    value = value.strip(" \n")
    if not value:
        raise PydanticCustomError("empty", _("不能为空"))
    return value


def _line(value: str) -> str:
    return _checked(value, multiline=False)


def _text(value: str) -> str:
    return _checked(value, multiline=True)


Line = Annotated[str, AfterValidator(_line)]
"""One line of printed text: no line breaks, no control characters, not empty."""


def _line_or_none(value: str) -> str:
    return "" if value.strip() == "" else _line(value)


Omit = Annotated[str, AfterValidator(_line_or_none)]
"""One line, or "" to say that the letter has none (where the bureau would otherwise supply one)."""
Text = Annotated[str, AfterValidator(_text)]
"""Printed text that may span paragraphs: each line of it becomes a paragraph."""
OmitText = Annotated[str, AfterValidator(lambda value: "" if value.strip() == "" else _text(value))]
"""Text, or "" to say that the letter has none."""


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a Text value: its non-blank lines."""
    return [p.strip(" ") for p in text.split("\n") if p.strip(" ")]


# ---------------------------------------------------------------- proposal

KIND_WORDS = {"建议": "建议", "人大代表建议": "建议", "代表建议": "建议", "提案": "提案", "政协提案": "提案"}


def _kind(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in KIND_WORDS:
        return KIND_WORDS[value.strip()]
    raise PydanticCustomError("kind", _("只能是“建议”（人大代表建议）或“提案”（政协提案）"))


Kind = Annotated[Literal["建议", "提案"], BeforeValidator(_kind)]
Role = Literal["代表", "委员"]
DEFAULT_ROLE: dict[str, Role] = {"建议": "代表", "提案": "委员"}


class Person(Strict):
    name: Line
    role: Role | None = None


class Organisation(Strict):
    organisation: Line


def _proposer_tag(value: Any) -> str:
    if isinstance(value, str):
        return "name"
    if isinstance(value, dict) and "organisation" in value:
        return "organisation"
    if isinstance(value, Person | Organisation):
        return "organisation" if isinstance(value, Organisation) else "person"
    return "person"


Proposer = Annotated[
    Annotated[Line, Tag("name")] | Annotated[Person, Tag("person")] | Annotated[Organisation, Tag("organisation")],
    Discriminator(_proposer_tag),
]


# ---------------------------------------------------------------- dates


def _date(value: Any) -> Any:
    """Accept 2024-06-26, 2024年6月26日 and 二〇二四年六月二十六日; an impossible date is reported in words."""
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value
    text = value.strip()
    iso, written = dates.ISO.match(text), dates.WHOLE.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif written:
        year, month, day = _numbers(written)
    else:
        raise PydanticCustomError("date", _("日期应写成 2024-06-26 或 2024年6月26日"))
    if not 1949 <= year <= 2100:
        raise PydanticCustomError("date", _("年份 {year} 不对，请检查"), {"year": year})
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date", _("没有这一天：{year}年{month}月{day}日"), {"year": year, "month": month, "day": day}
        ) from None


def _numbers(match: re.Match[str]) -> tuple[int, int, int]:
    """The year, month and day a date pattern matched, whichever way it was written (0 where unreadable)."""
    if match["ay"]:
        return int(match["ay"]), int(match["am"]), int(match["ad"])
    return (
        numerals.digits_value(match["cy"]) or 0,
        numerals.value(match["cm"]) or 0,
        numerals.value(match["cd"]) or 0,
    )


Date = Annotated[dt.date, BeforeValidator(_date)]


class Proposal(Strict):
    """The proposal as far as the letter needs it: a fact is required only where a derived string uses it.

    A letter that writes its own title, salutation and opening renders without session, number or title;
    `resolve` names the missing fact and what needs it when a phrase does (MissingFacts).
    """

    kind: Kind | None = None
    session: Line | None = None
    number: Line | None = None
    title: Line | None = None
    proposers: list[Proposer] = []
    assigned: Date | None = None  # 交办日期: the day the item was assigned (drafter new reads it from the 交办清单)
    due: Date | None = None  # 办理时限 where the list gives one; otherwise three months after `assigned`

    @model_validator(mode="after")
    def _persons_have_roles(self) -> Proposal:
        """A bare name is a person; the role follows the kind (建议 → 代表, 提案 → 委员) unless stated."""
        filled: list[Person | Organisation] = []
        for p in self.proposers:
            if isinstance(p, str):
                p = Person(name=p)
            if isinstance(p, Person) and p.role is None and self.kind is not None:
                p = Person(name=p.name, role=DEFAULT_ROLE[self.kind])
            filled.append(p)
        if any(isinstance(p, Organisation) for p in filled) and len(filled) > 1:
            raise PydanticCustomError("proposers", _("以单位名义提出的提案只写这一个单位，不能与个人混写"))
        self.proposers = filled  # type: ignore[assignment]
        return self


# ---------------------------------------------------------------- 发文字号

DOC_NUMBER = docnumber.STRICT


AUTO_WORDS = ("auto", "自动", "自动编号")


class DocNumber(Strict):
    """温科提复〔2024〕95号. A serial alone is completed by the bureau's 代字 and the year of the date.

    `auto` leaves the serial to the bureau's number ledger, which hands it out when the letter is made.
    """

    prefix: Line | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)
    number: int | None = Field(default=None, ge=1)
    auto: bool = False

    @model_validator(mode="after")
    def _serial(self) -> DocNumber:
        if self.number is None and not self.auto:
            raise PydanticCustomError("doc_number", _("缺少序号；写完整的发文字号，或写 auto 由台账自动编号"))
        return self

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.number}号"


def _doc_number(value: Any) -> Any:
    """Parse 温科提复〔2024〕95号, naming the usual mistakes one by one."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.lower() in AUTO_WORDS:
        return {"auto": True}
    if text.isdigit():
        if text.startswith("0"):
            raise PydanticCustomError("doc_number", _("序号前不加“0”，如 95号 而不是 095号"))
        return {"number": text}
    for wrong in docnumber.WRONG_BRACKETS:
        if wrong in text:
            raise PydanticCustomError(
                "doc_number", _("年份要用六角括号〔〕括起来，如 温科提复〔2024〕95号；不能用 {wrong}"), {"wrong": wrong}
            )
    if "第" in text:
        raise PydanticCustomError("doc_number", _("发文字号里不写“第”，如 温科提复〔2024〕95号"))
    match = DOC_NUMBER.match(text)
    if not match:
        raise PydanticCustomError("doc_number", _("发文字号应写成 代字〔年份〕序号号，如 温科提复〔2024〕95号"))
    if match["number"].startswith("0"):
        raise PydanticCustomError("doc_number", _("序号前不加“0”，如 95号 而不是 095号"))
    return {"prefix": match["prefix"], "year": match["year"], "number": match["number"]}


# ---------------------------------------------------------------- body


class RunIn(Strict):
    """One run-in item: 一是{lead}{text}. Further lines of text become paragraphs of their own."""

    lead: Line
    text: Text | None = None


class Section(Strict):
    """A numbered section (一、 （一） 1. （1）) or, without heading, a paragraph that carries run-in items."""

    heading: Line | None = None
    text: Text | None = None
    level: int | None = Field(default=None, ge=1, le=4)
    items: list[RunIn] = []
    items_bold: bool = False
    items_inline: bool = False
    run_in: bool | None = None  # text continues the heading's paragraph; by default when the heading ends in 。
    sections: list[BodyNode] = []

    def runs_in(self) -> bool:
        """（一）做好顶层设计。发挥…: a heading ending a sentence carries the text on; 一、工作落实情况 stands alone."""
        if self.run_in is not None:
            return self.run_in
        return bool(self.heading and self.heading[-1] in "。！？；：…")

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if self.heading is None and self.text is None and not self.items:
            raise PydanticCustomError(
                "section", _("这一节既没有标题（heading），也没有正文（text）或“一是”条目（items）")
            )
        if self.heading is None and (self.sections or self.level is not None):
            raise PydanticCustomError("section", _("没有标题（heading）的段落不能有层级（level）或下级（sections）"))
        return self


DEFAULT_COLUMNS = ["具体诉求", "答复内容"]


class TableData(Strict):
    """A 清单式 table: one row per demand of the proposal, with a 序号 column in front unless numbered is false."""

    columns: list[Line] = Field(default_factory=lambda: list(DEFAULT_COLUMNS), min_length=1)
    numbered: bool = True
    rows: list[list[Text]] = Field(min_length=1)

    @model_validator(mode="after")
    def _row_widths(self) -> TableData:
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise PydanticCustomError(
                    "table_row",
                    _("这一行有 {got} 格，表头有 {want} 列（{columns}）；每行的格数要与列数相同"),
                    {
                        "got": len(row),
                        "want": len(self.columns),
                        "columns": "、".join(self.columns),
                        "path": ["rows", index],
                    },
                )
        return self


class TableNode(Strict):
    table: TableData


def _body_tag(value: Any) -> str:
    if isinstance(value, str):
        return "paragraph"
    if isinstance(value, dict | TableNode) and (isinstance(value, TableNode) or "table" in value):
        return "table_node"
    return "section"


BodyNode = Annotated[
    Annotated[Text, Tag("paragraph")] | Annotated[TableNode, Tag("table_node")] | Annotated[Section, Tag("section")],
    Discriminator(_body_tag),
]
Section.model_rebuild()


def _levels(nodes: list[Any], parent: int, path: list[str | int]) -> None:
    """Each section sits one level under its parent unless it states a deeper level; four levels at most."""
    for index, node in enumerate(nodes):
        if not isinstance(node, Section) or node.heading is None:
            continue
        level = node.level if node.level is not None else parent + 1
        here = [*path, index]
        if level <= parent:
            raise PydanticCustomError(
                "level",
                _("层级 {level} 不能比上一级（{parent}）更高或相同"),
                {"level": level, "parent": parent, "path": here},
            )
        if level > 4:
            raise PydanticCustomError("level", _("标题最多四级（一、（一）1.（1））"), {"path": here})
        node.level = level
        _levels(node.sections, level, [*here, "sections"])


# ---------------------------------------------------------------- reply


def _has_table(nodes: list[Any]) -> bool:
    return any(isinstance(n, TableNode) or (isinstance(n, Section) and _has_table(n.sections)) for n in nodes)


class Attachment(Strict):
    """An attachment printed on pages of its own after the letter (附件 / 附件2), listed in the 附件说明."""

    title: Text  # a line break here breaks the title on the attachment's page
    body: list[BodyNode] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels(self) -> Attachment:
        _levels(self.body, 0, ["body"])
        return self


ReplyType = Literal["答复", "清单式", "会办意见", "协办意见", "报告"]
CO_TYPES = ("会办意见", "协办意见")
Disclosure = Literal["主动公开", "依申请公开", "不予公开"]
ContactPosition = Literal["before_signature", "after_date", "end"]
Format = Literal["信函", "文件"]  # 信函格式 or 文件格式 (GB/T 9704 §10.1, §7)


class Reply(Strict):
    """What the clerk states about the reply. None means: take it from the bureau's library, then the base."""

    bureau: Line  # the bureau's id in the library (wenzhou-sti) or its full name
    type: ReplyType = "答复"
    format: Format | None = None
    letterhead: Line | None = None
    doc_number: Annotated[DocNumber, BeforeValidator(_doc_number)] | None = None
    result_class: Line | None = None
    disclosure: Disclosure | None = None
    issuer: Line | None = None  # 签发人
    title: Text | None = None
    genre: Line | None = None
    lead_unit: Line | None = None  # 会办意见 / 协办意见: the unit that answers the deputy
    subject: Line | None = None  # 报告: the work the 常委会 reviewed (科技创新工作)
    meeting: Line | None = None  # 报告: the meeting it is presented at, printed under the title with the date
    salutation: Omit | None = None  # "": the letter has none
    opening: OmitText | None = None  # "": the letter has none
    body: list[BodyNode] = Field(min_length=1)
    closing: str | None = None
    attachments: list[Attachment] = []
    contact: list[Line] | None = None
    contact_position: ContactPosition | None = None
    signer: Omit | None = None
    date: Date | None = None
    date_style: Literal["arabic", "chinese"] | None = None
    cc: list[Line] | Text | None = None  # a list is joined as 抄送：A，B。; text is printed as written, line by line
    printer: Omit | None = None
    print_date: Date | None = None
    feedback_form: bool | None = None  # also write the 征询意见表 beside the reply
    per_proposer: bool = False  # 联名建议: one letter to each co-signer, the same reply addressed to each

    @field_validator("closing")
    @classmethod
    def _closing(cls, value: str | None) -> str | None:
        """An empty closing ("") means the letter has none; otherwise it is ordinary text."""
        if value is None or value.strip() == "":
            return value if value is None else ""
        return _text(value)

    @model_validator(mode="after")
    def _consistent(self) -> Reply:
        _levels(self.body, 0, ["body"])
        if self.type in CO_TYPES and not self.lead_unit:
            raise PydanticCustomError(
                "lead_unit",
                _("{type}写给主办单位，请在 lead_unit 写主办单位的名称，如 lead_unit: 双龙湖街道"),
                {"type": self.type},
            )
        if self.type == "清单式" and not _has_table(self.body):
            raise PydanticCustomError(
                "table", _("清单式答复的正文里要有一张表（- table: …），每条诉求一行"), {"path": ["body"]}
            )
        if self.type == "报告" and not (self.title or self.subject):
            raise PydanticCustomError(
                "subject",
                _("报告要写 subject（审议的工作，如 科技创新工作），或直接写 title（标题）"),
            )
        if self.meeting and self.date is None:
            raise PydanticCustomError(
                "date", _("写了会议（meeting）就要写日期（date），题注印作“（日期在会议上）”"), {"path": ["date"]}
            )
        return self


class Letter(Strict):
    proposal: Proposal | None = None  # not needed for a 报告 to the 人大常委会
    reply: Reply
    file: Line | None = None  # batch: the output's file name (kept inside the output folder whatever it says)

    @model_validator(mode="after")
    def _per_proposer(self) -> Letter:
        if self.reply.per_proposer:
            persons = [p for p in self.proposal.proposers if isinstance(p, Person)] if self.proposal else []
            if len(persons) < 2:
                raise PydanticCustomError(
                    "per_proposer",
                    _("per_proposer（每位提出人各发一份）只用于几位代表或委员联名的建议、提案"),
                    {"path": ["reply", "per_proposer"]},
                )
        return self
