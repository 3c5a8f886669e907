"""Problems in a clerk's input, with where they are, and how they are told (Chinese by default)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIELD_LABELS = {
    "proposal": "建议或提案",
    "kind": "类别",
    "session": "会议届次",
    "number": "编号",
    "title": "标题",
    "proposers": "提出人",
    "name": "姓名",
    "role": "身份",
    "organisation": "单位",
    "reply": "答复",
    "bureau": "承办单位",
    "format": "版式",
    "letterhead": "发文机关标志",
    "doc_number": "发文字号",
    "prefix": "代字",
    "year": "年份",
    "genre": "文种",
    "salutation": "称呼",
    "opening": "开头语",
    "body": "正文",
    "heading": "小标题",
    "text": "正文",
    "level": "层级",
    "items": "“一是”条目",
    "lead": "条目开头",
    "items_bold": "条目加粗",
    "items_inline": "条目连排",
    "sections": "下级标题",
    "closing": "结束语",
    "contact": "联系人",
    "contact_position": "联系人位置",
    "signer": "署名",
    "date": "成文日期",
    "date_style": "日期写法",
    "cc": "抄送",
    "printer": "印发机关",
    "print_date": "印发日期",
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
                parts.append(f"第{part + 1}项")
            else:
                label = FIELD_LABELS.get(part)
                parts.append(f"{part}（{label}）" if label else part)
        return " → ".join(parts)

    def __str__(self) -> str:
        where = str(self.file) if self.file else "输入"
        if self.line is not None:
            where += f" 第{self.line}行"
            if self.column is not None:
                where += f"第{self.column}列"
        field = self.field_text()
        return f"{where}：{field + '：' if field else ''}{self.message}"


class InputError(Exception):
    """Input that cannot make a letter; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class TemplateProblem(Exception):
    """A template (phrase or .docx) that cannot be rendered: missing, broken, or reaching outside the sandbox."""
