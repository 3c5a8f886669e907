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


def _checked(value: str, multiline: bool) -> str:
    value = value.replace("\r\n", "\n")
    for index, ch in enumerate(value):
        if _bad_char(ch, multiline):
            if ch == "\n":
                raise PydanticCustomError("newline", "这一项只能写一行，不能换行")
            if ch == "\t":
                raise PydanticCustomError(
                    "tab",
                    "第{index}个字符是 Tab（制表符）；公文里不用 Tab 对齐，请删去或换成空格",
                    {"index": index + 1},
                )
            raise PydanticCustomError(
                "control_char",
                "第{index}个字符是看不见的控制字符 U+{code}（常见于从 Word 或 Excel 粘贴的文字），请删去它",
                {"index": index + 1, "code": f"{ord(ch):04X}"},
            )
    value = value.strip(" \n")
    if not value:
        raise PydanticCustomError("empty", "不能为空")
    return value


def _line(value: str) -> str:
    return _checked(value, multiline=False)


def _text(value: str) -> str:
    return _checked(value, multiline=True)


Line = Annotated[str, AfterValidator(_line)]
"""One line of printed text: no line breaks, no control characters, not empty."""
Text = Annotated[str, AfterValidator(_text)]
"""Printed text that may span paragraphs: each line of it becomes a paragraph."""


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a Text value: its non-blank lines."""
    return [p.strip(" ") for p in text.split("\n") if p.strip(" ")]


# ---------------------------------------------------------------- proposal

KIND_WORDS = {"建议": "建议", "人大代表建议": "建议", "代表建议": "建议", "提案": "提案", "政协提案": "提案"}


def _kind(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in KIND_WORDS:
        return KIND_WORDS[value.strip()]
    raise PydanticCustomError("kind", "只能是“建议”（人大代表建议）或“提案”（政协提案）")


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


class Proposal(Strict):
    kind: Kind
    session: Line
    number: Line
    title: Line
    proposers: list[Proposer] = Field(min_length=1)

    @model_validator(mode="after")
    def _persons_have_roles(self) -> Proposal:
        """A bare name is a person; the role follows the kind (建议 → 代表, 提案 → 委员) unless stated."""
        filled: list[Person | Organisation] = []
        for p in self.proposers:
            if isinstance(p, str):
                p = Person(name=p)
            if isinstance(p, Person) and p.role is None:
                p = Person(name=p.name, role=DEFAULT_ROLE[self.kind])
            filled.append(p)
        if any(isinstance(p, Organisation) for p in filled) and len(filled) > 1:
            raise PydanticCustomError("proposers", "以单位名义提出的提案只写这一个单位，不能与个人混写")
        self.proposers = filled  # type: ignore[assignment]
        return self


# ---------------------------------------------------------------- 发文字号

DOC_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\s]+?)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


class DocNumber(Strict):
    prefix: Line
    year: int = Field(ge=1949, le=2100)
    number: int = Field(ge=1)

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.number}号"


def _doc_number(value: Any) -> Any:
    """Parse 温科提复〔2024〕95号, naming the usual mistakes one by one."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    for wrong in ("[", "【", "（", "(", "［"):
        if wrong in text:
            raise PydanticCustomError(
                "doc_number", "年份要用六角括号〔〕括起来，如 温科提复〔2024〕95号；不能用 {wrong}", {"wrong": wrong}
            )
    if "第" in text:
        raise PydanticCustomError("doc_number", "发文字号里不写“第”，如 温科提复〔2024〕95号")
    match = DOC_NUMBER.match(text)
    if not match:
        raise PydanticCustomError("doc_number", "发文字号应写成 代字〔年份〕序号号，如 温科提复〔2024〕95号")
    if match["number"].startswith("0"):
        raise PydanticCustomError("doc_number", "序号前不加“0”，如 95号 而不是 095号")
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
    sections: list[BodyNode] = []

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if self.heading is None and self.text is None and not self.items:
            raise PydanticCustomError("section", "这一节既没有标题（heading），也没有正文（text）或“一是”条目（items）")
        if self.heading is None and (self.sections or self.level is not None):
            raise PydanticCustomError("section", "没有标题（heading）的段落不能有层级（level）或下级（sections）")
        return self


def _body_tag(value: Any) -> str:
    return "paragraph" if isinstance(value, str) else "section"


BodyNode = Annotated[
    Annotated[Text, Tag("paragraph")] | Annotated[Section, Tag("section")],
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
                "层级 {level} 不能比上一级（{parent}）更高或相同",
                {"level": level, "parent": parent, "path": here},
            )
        if level > 4:
            raise PydanticCustomError("level", "标题最多四级（一、（一）1.（1））", {"path": here})
        node.level = level
        _levels(node.sections, level, [*here, "sections"])


# ---------------------------------------------------------------- reply

DATE_CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def _date(value: Any) -> Any:
    """Accept 2024-06-26 and 2024年6月26日; an impossible date is reported in words."""
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value
    text = value.strip()
    match = DATE_CN.match(text) or re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
    if not match:
        raise PydanticCustomError("date", "日期应写成 2024-06-26 或 2024年6月26日")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date", "没有这一天：{year}年{month}月{day}日", {"year": year, "month": month, "day": day}
        ) from None


Date = Annotated[dt.date, BeforeValidator(_date)]


class Reply(Strict):
    bureau: Line
    format: Literal["信函", "文件"] = "信函"
    letterhead: Line | None = None
    doc_number: Annotated[DocNumber, BeforeValidator(_doc_number)] | None = None
    title: Text | None = None
    genre: Line = "答复函"
    salutation: Line | None = None
    opening: Text | None = None
    body: list[BodyNode] = Field(min_length=1)
    closing: str | None = None
    contact: list[Line] = []
    contact_position: Literal["before_signature", "after_date"] = "before_signature"
    signer: Line | None = None
    date: Date
    date_style: Literal["arabic", "chinese"] = "arabic"
    cc: list[Line] | Line | None = None
    printer: Line | None = None
    print_date: Date | None = None

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
        if self.format == "信函" and (self.printer or self.print_date):
            raise PydanticCustomError("printer", "信函格式的版记只印抄送，不印“印发”行；要印发行请写 format: 文件")
        return self


class Letter(Strict):
    proposal: Proposal
    reply: Reply
