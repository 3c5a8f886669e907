"""What a check reports: one finding per rule broken, with where, what was expected and what was found.

Rule ids are stable (scripts and the JSON output use them); each rule has a default severity. An error is
what gets a letter returned (GB/T 9704 format, a 发文字号 or date in the wrong form); a warning is worth a
look but may be intended (a house default in styles that no text uses, wording that reads oddly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from drafter.i18n import N_, _

Severity = Literal["error", "warning"]

# id → (default severity, short title); the order is the order of the report
RULES: dict[str, tuple[Severity, str]] = {
    "document-kind": ("warning", N_("文种格式")),
    "placeholder": ("error", N_("未填写的占位符")),
    "page-size": ("error", N_("纸张")),
    "margins": ("error", N_("页边距和版心")),
    "line-pitch": ("error", N_("行距和每页行数")),
    "chars-per-line": ("error", N_("每行字数")),
    "default-font": ("warning", N_("默认字体字号")),
    "body-font": ("error", N_("正文字体字号")),
    "heading-font": ("error", N_("标题层次字体")),
    "letterhead-position": ("error", N_("信函版头位置")),
    "letterhead-rules": ("error", N_("信函版头红色双线")),
    "title-format": ("error", N_("标题格式")),
    "salutation": ("error", N_("主送机关")),
    "body-indent": ("error", N_("正文缩进")),
    "doc-number": ("error", N_("发文字号")),
    "date-missing": ("error", N_("成文日期")),
    "date-position": ("error", N_("成文日期位置")),
    "signer": ("error", N_("署名位置")),
    "note": ("error", N_("附注")),
    "attachment-note": ("error", N_("附件说明")),
    "attachment-order": ("error", N_("附件的位置")),
    "cc": ("error", N_("版记：抄送")),
    "printer": ("error", N_("版记：印发机关和印发日期")),
    "foot-rules": ("error", N_("版记分隔线")),
    "foot-position": ("warning", N_("版记位置")),
    "page-number": ("error", N_("页码")),
    "colour": ("error", N_("颜色")),
    "punctuation-font": ("error", N_("标点的字体")),
    "ascii-punctuation": ("error", N_("半角标点")),
    "doc-number-brackets": ("error", N_("发文字号的括号")),
    "date-form": ("error", N_("成文日期写法")),
    "unbalanced": ("error", N_("成对标点")),
    "title-punctuation": ("error", N_("标题末尾标点")),
    "salutation-kind": ("error", N_("称呼与类别")),
    "item-number": ("warning", N_("建议提案编号")),
    "item-kind": ("warning", N_("建议提案类别")),
    "mobile-phone": ("warning", N_("公开件中的手机号码")),
    "year-range": ("warning", N_("年份区间的连接号")),
    "sentence-end": ("warning", N_("句末标点")),
    "render-lines": ("error", N_("排版：每页行数")),
    "render-chars": ("error", N_("排版：每行字数")),
    "render-page-number": ("error", N_("排版：页码位置")),
    "render-foot": ("error", N_("排版：版记位置")),
    "render-first-page": ("error", N_("排版：首页正文")),
    "render-signature": ("error", N_("排版：署名页有正文")),
}
FORMAT_RULES = tuple(r for r in RULES if not r.startswith("render-"))


class Located(Protocol):
    """A paragraph as the rules see it: its number among paragraphs with text, and its text."""

    @property
    def number(self) -> int: ...

    @property
    def plain(self) -> str: ...


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    expected: str
    found: str
    paragraph: int | None = None  # 1-based, among paragraphs with text (empty paragraphs not counted)
    excerpt: str | None = None  # the paragraph's first words
    place: str | None = None  # where there is no paragraph: 页面设置, 样式, 页脚 …
    count: int = 1  # how many places share this finding (the first is named)

    @property
    def title(self) -> str:
        return _(RULES[self.rule][1])

    def where(self) -> str:
        parts = []
        if self.paragraph:
            parts.append(_("第{n}段（不计空段）“{words}”").format(n=self.paragraph, words=self.excerpt or ""))
        if self.place:
            parts.append(self.place)
        return "，".join(parts) if parts else _("全文")

    def line(self) -> str:
        level = _("错误") if self.severity == "error" else _("警告")
        text = _("{level} [{rule}] {title} — {where}：应为 {expected}；实为 {found}").format(
            level=level, rule=self.rule, title=self.title, where=self.where(), expected=self.expected, found=self.found
        )
        if self.count > 1:
            text += _("（共 {count} 处）").format(count=self.count)
        return text

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "paragraph": self.paragraph,
            "excerpt": self.excerpt,
            "place": self.place,
            "expected": self.expected,
            "found": self.found,
            "count": self.count,
        }


def excerpt(text: str, size: int = 12) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "……"


def finding(
    rule: str,
    expected: str,
    found: str,
    para: Located | None = None,
    place: str | None = None,
    severity: Severity | None = None,
    count: int = 1,
) -> Finding:
    return Finding(
        rule,
        severity or RULES[rule][0],
        expected,
        found,
        para.number if para is not None and para.number else None,
        excerpt(para.plain) if para is not None else None,
        place,
        count,
    )


class Collector:
    """Findings of one document; the same rule with the same expected and found value becomes one finding
    that names its first place and counts the rest, so a letter set in 宋体 gives one line, not eighty."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str, str, str], Finding] = {}

    def add(self, item: Finding) -> None:
        key = (item.rule, item.severity, item.expected, item.found)
        first = self._found.get(key)
        if first is None:
            self._found[key] = item
        else:
            self._found[key] = Finding(**{**first.__dict__, "count": first.count + item.count})

    def extend(self, items: list[Finding]) -> None:
        for item in items:
            self.add(item)

    def result(self) -> list[Finding]:
        order = {rule: n for n, rule in enumerate(RULES)}
        return sorted(self._found.values(), key=lambda f: (order[f.rule], f.paragraph or 0))
