"""Export from the wizard: the .docx (and its 征询意见表) beside the draft, and a PDF where LibreOffice is.

The same steps as `drafter render`: the draft is checked, an `auto` number is taken from the ledger
(and written back into the draft, so the clerk sees it and a second export keeps it), then written
atomically. Nothing here talks to the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter.batch.numbering import assign
from drafter.files import write_atomic
from drafter.i18n import _
from drafter.letter.render import render
from drafter.problems import InputError, Problem
from drafter.wizard.draft import Draft


@dataclass
class Exported:
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the PDF was not made, stand-in fonts, …


def targets(draft: Draft) -> list[Path]:
    """The files an export writes: DRAFT.docx (and DRAFT-征询意见表.docx when the bureau asks for one)."""
    docx = draft.path.with_suffix(".docx")
    checked = draft.check()
    if checked.letter is not None and checked.entry is not None and render(checked.letter, checked.entry).feedback():
        return [docx, docx.with_name(f"{docx.stem}-征询意见表.docx")]
    return [docx]


def export(draft: Draft, pdf: bool, force: bool, ledger: Path | None = None) -> Exported:
    """Write the letter; InputError with every problem when the draft is not a letter yet."""
    checked = draft.check()
    if checked.letter is None or checked.entry is None:
        raise InputError(checked.problems)
    letter, clash = assign(checked.letter, checked.entry, ledger)
    if clash:
        raise InputError([Problem(draft.path, clash, field=("reply", "doc_number"))])
    if checked.letter.reply.doc_number is not None and checked.letter.reply.doc_number.auto:
        draft.set(("reply", "doc_number"), str(letter.reply.doc_number))  # the number taken, shown from now on
        draft.save()
    result = render(letter, checked.entry)
    out = Exported()
    docx = draft.path.with_suffix(".docx")
    pairs = [(docx, result)]
    form = result.feedback()
    if form is not None:
        pairs.append((docx.with_name(f"{docx.stem}-征询意见表.docx"), form))
    for target, made in pairs:
        write_atomic(target, made.write_docx, force=force)
        out.written.append(target)
    if pdf:
        _pdfs([p for p, _made in pairs], out)
    return out


def _pdfs(docs: list[Path], out: Exported) -> None:
    from drafter.pdf.convert import Converter, PdfError
    from drafter.pdf.find import PdfUnavailable
    from drafter.pdf.fonts import font_report, font_warning

    try:
        with Converter() as converter:
            warning = font_warning(font_report())
            if warning:
                out.notes.append(warning)
            for docx in docs:
                converter.convert(docx, docx.with_suffix(".pdf"))
                out.written.append(docx.with_suffix(".pdf"))
    except PdfUnavailable as exc:
        out.notes.append(_("没有生成 PDF：{why}").format(why=exc))
    except PdfError as exc:
        out.notes.append(_("PDF 生成失败：{why}").format(why=exc))


def pdf_available() -> bool:
    from drafter.pdf.find import find_soffice

    return find_soffice() is not None
