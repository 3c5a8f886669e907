"""Problems in a clerk's input, with where they are, and how they are told (Chinese by default)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.i18n import N_, _

FIELD_LABELS = {
    "proposal": N_("建议或提案"),
    "kind": N_("类别"),
    "session": N_("会议届次"),
    "number": N_("编号"),
    "title": N_("标题"),
    "proposers": N_("提出人"),
    "name": N_("姓名"),
    "role": N_("身份"),
    "organisation": N_("单位"),
    "reply": N_("答复"),
    "bureau": N_("承办单位"),
    "format": N_("版式"),
    "letterhead": N_("发文机关标志"),
    "doc_number": N_("发文字号"),
    "prefix": N_("代字"),
    "year": N_("年份"),
    "genre": N_("文种"),
    "salutation": N_("称呼"),
    "opening": N_("开头语"),
    "body": N_("正文"),
    "heading": N_("小标题"),
    "text": N_("正文"),
    "level": N_("层级"),
    "items": N_("“一是”条目"),
    "lead": N_("条目开头"),
    "items_bold": N_("条目加粗"),
    "items_inline": N_("条目连排"),
    "sections": N_("下级标题"),
    "closing": N_("结束语"),
    "contact": N_("联系人"),
    "contact_position": N_("联系人位置"),
    "signer": N_("署名"),
    "date": N_("成文日期"),
    "date_style": N_("日期写法"),
    "cc": N_("抄送"),
    "printer": N_("印发机关"),
    "print_date": N_("印发日期"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: Path | None
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: tuple[str | int, ...] = ()

    def field_text(self) -> str:
        parts: list[str] = []
        for part in self.field:
            if isinstance(part, int):
                parts.append(_("第{n}项").format(n=part + 1))
            else:
                label = FIELD_LABELS.get(part)
                parts.append(_("{key}（{label}）").format(key=part, label=_(label)) if label else part)
        return " → ".join(parts)

    def __str__(self) -> str:
        where = str(self.file) if self.file else _("输入")
        if self.line is not None:
            where += _(" 第{line}行").format(line=self.line)
            if self.column is not None:
                where += _("第{column}列").format(column=self.column)
        field = self.field_text()
        if field:
            return _("{where}：{field}：{message}").format(where=where, field=field, message=self.message)
        return _("{where}：{message}").format(where=where, message=self.message)


class InputError(Exception):
    """Input that cannot make a letter; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class TemplateProblem(Exception):
    """A template (phrase or .docx) that cannot be rendered: missing, broken, or reaching outside the sandbox."""
