"""One document checked: read it, find its parts, run the format and wording rules (and the layout rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.checker import format_rules, wording
from drafter.checker.anatomy import Anatomy, anatomy
from drafter.checker.findings import Collector, Finding, finding
from drafter.checker.style import Expected
from drafter.checker.stylecache import Named, expected
from drafter.i18n import _
from drafter.library.search import BureauFolder
from drafter.ooxml.reader import Document, Unreadable, read
from drafter.vocab import docnumber

if TYPE_CHECKING:
    from drafter.pdf.convert import Converter


@dataclass
class Report:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    format: str | None = None
    unreadable: str | None = None  # why the file could not be read at all
    render: str | None = None  # None: not asked; "" done; else why the layout rules were skipped
    doc_number: str | None = None  # the 发文字号 as printed (drafter status shows it)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def texts(doc: Document, parts: Anatomy) -> list[tuple[str, wording.Located]]:
    """Every paragraph with text and its part of the letter, in reading order, for the wording rules."""
    return [(parts.roles.get(p.index, "other"), p) for p in doc.paragraphs if p.where != "footer" and p.text.strip()]


SECTIONS = {"命令": "10.2", "纪要": "10.3"}


def examine(doc: Document, parts: Anatomy, style: Expected, rendered: bool = False) -> list[Finding]:
    if parts.own_format is not None:  # a 命令 or 纪要: its own format, which these rules would misjudge
        kind = parts.own_format
        said = _("{kind}格式（GB/T 9704 第 {n} 条），不在本工具的检查范围内，未作检查").format(
            kind=kind, n=SECTIONS.get(kind, "10")
        )
        return [finding("document-kind", _("信函格式、文件格式或无版头的公文"), said, place=_("全文"))]
    found = Collector()
    found.extend(format_rules.check_format(doc, parts, style, rendered))
    found.extend(wording.check_wording(texts(doc, parts), parts.kind, parts.published, style.date_style))
    return found.result()


def check_file(
    path: Path, entry: BureauFolder | Named | None = None, render: bool = False, converter: Converter | None = None
) -> Report:
    """The report on one file; `entry` is the bureau whose house style applies (None: the base).

    With `render`, the layout rules run too, on `converter` (one LibreOffice kept running across files)."""
    report = Report(path)
    try:
        doc = read(path)
    except Unreadable as exc:
        report.unreadable = str(exc)
        return report
    parts = anatomy(doc)
    report.format = parts.format
    numbers = [docnumber.find(p.plain) for p in parts.of(doc, "doc_number")]
    report.doc_number = numbers[0].group(0) if numbers and numbers[0] else None
    style = expected(entry, parts.format)
    extra: list[Finding] = []
    if render and not parts.known:
        report.render = _("{kind}格式不在本工具的检查范围内").format(kind=parts.own_format)
    elif render:
        from drafter.checker.layout_rules import RenderSkipped, check_layout

        try:
            extra = check_layout(path, doc, parts, style, converter)
            report.render = ""
        except RenderSkipped as exc:
            report.render = str(exc)
    report.findings = examine(doc, parts, style, rendered=report.render == "")
    if extra:
        collected = Collector()
        collected.extend(report.findings + extra)
        report.findings = collected.result()
    return report
