"""The wording rules: what is wrong in the text itself, whatever its look.

They read plain text with each paragraph's part of the letter (title, salutation, body …), so they work on
any text set as a letter: a .docx through its anatomy, or paragraphs given directly (`Text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from drafter.checker.anatomy import DATE, DOC_NUMBER, heading_level, placeholders
from drafter.checker.findings import Finding, Located, finding
from drafter.i18n import _
from drafter.vocab import parts as words
from drafter.vocab import phones

HAN = r"\u3400-\u9fff\U00020000-\U0003ffff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—"
CJK_CHAR = re.compile(rf"[{HAN}{CJK_PUNCT}]")
ASCII_PUNCT = ',;:()?!"'
URL = re.compile(r"(?:https?://|www\.)[\w./?=&%#:~+-]+", re.I)
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*([-－–~～])\s*((?:19|20)\d{2})(?!\d)")
MOBILE = phones.MOBILE
PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("‘", "’"), ("〔", "〕"))
TITLE_END = "。，、；：！？.,;:!?"
ENDS = "。！？；…：:"
CLOSERS = "”’」』）)》"
# the proposal's number where a letter cites it: 第393号, 温138号, （人大建议393号）, （武35号）
ITEM = re.compile(
    rf"(?<![〕\]】\d])(?P<kind>建议|提案)?(?P<prefix>第|[{HAN}]{{0,2}}?)(?P<n>\d+)号(?P<after>建议|提案)?"
)
KIND_IN_TEXT = re.compile(r"(?:在|的|此|该|本|份|条|项)(建议|提案)(?:中|里|上|内)")


@dataclass(frozen=True)
class Text:
    """A paragraph given as text: its number among paragraphs, its part of the letter and its text."""

    number: int
    role: str
    plain: str


def _located(items: Iterable[tuple[str, Located]], *roles: str) -> list[Located]:
    return [p for role, p in items if role in roles]


def ascii_punctuation(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    for _role, para in items:
        text = para.plain
        skip = [m.span() for m in URL.finditer(text)] + [m.span() for m in DOC_NUMBER.finditer(text)]
        found = []
        for i, ch in enumerate(text):
            if ch not in ASCII_PUNCT or any(a <= i < b for a, b in skip):
                continue
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if CJK_CHAR.match(before or " ") or CJK_CHAR.match(after or " "):
                found.append(text[max(0, i - 3) : i + 4])
        if found:
            yield finding(
                "ascii-punctuation",
                _("中文里用全角标点 ，；：（）？！“”"),
                _("半角标点：{where}").format(where="；".join(f"“{s}”" for s in found[:3])),
                para,
                count=len(found),
            )


def placeholder(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    """A form's placeholders not filled in, as one finding: the first ones named, all counted."""
    found = [(para, text) for _role, para in items for text in placeholders(para.plain)]
    if found:
        names = list(dict.fromkeys(text for _para, text in found))
        shown = "、".join(f"“{t}”" for t in names[:4]) + ("……" if len(names) > 4 else "")
        yield finding("placeholder", _("填入实际内容"), shown, found[0][0], count=len(found))


def doc_number_brackets(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    for _role, para in items:
        for match in DOC_NUMBER.finditer(para.plain):
            if (match["open"], match["close"]) != ("〔", "〕"):
                yield finding(
                    "doc-number-brackets",
                    _("年份用六角括号〔〕：{code}〔{year}〕{n}号").format(
                        code=match["prefix"], year=match["year"], n=match["serial"]
                    ),
                    match.group(0),
                    para,
                )


def date_form(items: list[tuple[str, Located]], date_style: str) -> Iterator[Finding]:
    for role, para in items:
        if role == "date":
            text = para.plain.strip()
        elif role == "printer":
            found = words.PRINTED.match(para.plain.strip())
            if not found:
                continue
            text = found["date"]
        else:
            continue
        match = DATE.match(text)
        if not match:
            continue
        year, month, day = (
            (match["ay"], match["am"], match["ad"]) if match["ay"] else (match["cy"], match["cm"], match["cd"])
        )
        if all(part.isdigit() for part in (year, month, day)):
            if month.startswith("0") or day.startswith("0"):
                right = f"{int(year)}年{int(month)}月{int(day)}日"
                yield finding("date-form", _("阿拉伯数字，月日不编虚位：{date}").format(date=right), text, para)
        elif date_style != "chinese":
            yield finding(
                "date-form",
                _("阿拉伯数字，如 2024年6月26日（本单位要求汉字日期时除外）"),
                text,
                para,
                severity="warning",
            )


def unbalanced(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    for _role, para in items:
        text = para.plain
        for left, right in PAIRS:
            depth, problem = 0, ""
            for ch in text:
                if ch == left:
                    depth += 1
                elif ch == right:
                    if depth == 0:
                        problem = _("多了“{c}”").format(c=right)
                        break
                    depth -= 1
            if not problem and depth:
                problem = _("缺少“{c}”").format(c=right)
            if problem:
                yield finding("unbalanced", _("“{l}”与“{r}”成对").format(l=left, r=right), problem, para)


def title_punctuation(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    titles = _located(items, "title")
    if titles:
        text = "".join(p.plain for p in titles).strip()
        if text and text[-1] in TITLE_END:
            yield finding("title-punctuation", _("标题末尾不加标点"), _("以“{c}”结尾").format(c=text[-1]), titles[-1])


def title_kind(items: list[tuple[str, Located]]) -> str | None:
    from drafter.checker.anatomy import _kind

    return _kind("".join(p.plain for p in _located(items, "title")))


ROLE_WORD = re.compile(r"代表(?!团)|委员(?!会)")


def salutation_kind(items: list[tuple[str, Located]], kind: str | None) -> Iterator[Finding]:
    if kind is None:
        return
    wrong, right = ("代表", "委员") if kind == "提案" else ("委员", "代表")
    for para in _located(items, "salutation"):
        said = ROLE_WORD.findall(para.plain)  # a person's role: 委员会 and 代表团 are bodies, not roles
        if wrong in said and right not in said:
            yield finding(
                "salutation-kind",
                _("{kind}的提出人称“{right}”").format(kind=kind, right=right),
                _("称“{wrong}”").format(wrong=wrong),
                para,
            )


def _title_item(items: list[tuple[str, Located]]) -> re.Match[str] | None:
    title = "".join(p.plain for p in _located(items, "title"))
    return next((m for m in ITEM.finditer(title) if m["after"] or m["prefix"] == "第"), None)


def _opening(items: list[tuple[str, Located]]) -> Located | None:
    """The opening: the first body paragraph after the salutation, where the letter cites what it answers."""
    seen = False
    for role, para in items:
        if role == "salutation":
            seen = True
        elif seen and role in ("body", "heading"):
            return para
    return None


def _cited(text: str) -> list[re.Match[str]]:
    """The proposal numbers an opening cites: in brackets after its title, or as 第N号 / N号建议."""
    out = []
    for m in ITEM.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        if before in ("（", "(") or m["prefix"] == "第" or m["kind"] or m["after"]:
            out.append(m)
    return out


def item_number(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    title = _title_item(items)
    opening = _opening(items)
    if title is None or opening is None:
        return
    said = ("第" if title["prefix"] == "第" else "") + title["n"] + "号"
    for m in _cited(opening.plain):
        if int(m["n"]) != int(title["n"]):
            yield finding("item-number", _("与标题相同：{n}").format(n=said), m.group(0), opening)


def item_kind(items: list[tuple[str, Located]], kind: str | None) -> Iterator[Finding]:
    opening = _opening(items)
    if kind is None or opening is None:
        return
    other = "建议" if kind == "提案" else "提案"
    text = opening.plain
    wrong = [text[max(0, m.start() - 2) : m.end() + 1] for m in _cited(text) if other in (m["kind"], m["after"])]
    wrong += [text[max(0, m.start() - 1) : m.end() + 1] for m in KIND_IN_TEXT.finditer(text) if m.group(1) == other]
    wrong += [f"《…{m.group(1)}》" for m in re.finditer(r"《[^》]*?(建议|提案)》", text) if m.group(1) == other]
    if wrong:
        yield finding(
            "item-kind",
            _("与标题一致，称“{kind}”").format(kind=kind),
            "；".join(dict.fromkeys(wrong)),
            opening,
        )


def mobile_phone(items: list[tuple[str, Located]], published: bool) -> Iterator[Finding]:
    if not published:
        return
    for _role, para in items:
        numbers = MOBILE.findall(para.plain)
        if numbers:
            yield finding(
                "mobile-phone",
                _("公开发布的答复不印个人手机号码"),
                "、".join(numbers),
                para,
            )


def year_range(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    for _role, para in items:
        found = [m.group(0) for m in YEAR_RANGE.finditer(para.plain)]
        if found:
            right = [f"{m.group(1)}—{m.group(3)}" for m in YEAR_RANGE.finditer(para.plain)]
            yield finding(
                "year-range",
                _("一字线“—”：{right}").format(right="、".join(right[:3])),
                "、".join(found[:3]),
                para,
                count=len(found),
            )


def sentence_end(items: list[tuple[str, Located]]) -> Iterator[Finding]:
    for role, para in items:
        if role not in ("body", "heading"):
            continue
        text = para.plain.rstrip(" \u3000")
        level = heading_level(text) if role == "heading" else None
        if level is not None and level[1] >= len(text):
            continue  # a heading on a line of its own takes no full stop
        core = text.rstrip(CLOSERS)
        if core and core[-1] not in ENDS:
            yield finding("sentence-end", _("句末有标点（。！？）"), _("以“{tail}”结尾").format(tail=text[-6:]), para)


def check_wording(
    items: list[tuple[str, Located]], kind: str | None = None, published: bool = False, date_style: str = "arabic"
) -> list[Finding]:
    """Every wording rule over the paragraphs, each given with its part of the letter."""
    kind = kind or title_kind(items)
    texts = [(role, p) for role, p in items if p.plain.strip()]
    out: list[Finding] = []
    for rule in (
        placeholder,
        ascii_punctuation,
        doc_number_brackets,
        unbalanced,
        title_punctuation,
        item_number,
        year_range,
    ):
        out += list(rule(texts))
    out += list(date_form(texts, date_style))
    out += list(salutation_kind(texts, kind))
    out += list(item_kind(texts, kind))
    out += list(mobile_phone(texts, published))
    out += list(sentence_end(texts))
    return out
