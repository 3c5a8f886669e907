"""One letter from input to files: model → complete letter → layout → writers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from drafter.letter.geometry import Geometry, geometry
from drafter.letter.layout import Item, feedback_layout, layout
from drafter.letter.model import Letter
from drafter.letter.resolve import Complete, complete
from drafter.library.search import BureauFolder
from drafter.writers import docx, text

# the template .docx for each kind of document, most specific first; a bureau's copy wins over the base's
TEMPLATES = {
    "信函": ("letter.docx",),
    "文件": ("document.docx",),
    "报告": ("report.docx", "document.docx"),
    "征询意见表": ("form.docx", "document.docx"),
}


@dataclass(frozen=True)
class Rendered:
    complete: Complete
    blocks: list[Item]
    entry: BureauFolder
    form: str  # a key of TEMPLATES
    title: str

    @property
    def template(self) -> Path:
        return self.entry.template(*TEMPLATES[self.form])

    @property
    def geometry(self) -> Geometry:
        return form_geometry(self.entry, self.form)

    def text(self) -> str:
        return text.write(self.blocks)

    def fields(self) -> dict[str, str]:
        """The plain fields a template author may place in a template .docx besides the blocks."""
        c = self.complete
        return {
            "letterhead": c.letterhead or "",
            "doc_number": c.doc_number or "",
            "title": self.title,
            "bureau": c.bureau.name or "",
            "date": c.date or "",
        }

    def write_docx(self, out: IO[bytes] | Path) -> None:
        docx.write(self.blocks, self.template, out, self.fields(), self.title, self.entry.settings.house_style)

    def feedback(self) -> Rendered | None:
        """The 征询意见表 that goes with this reply, when the bureau or the letter asks for one."""
        c = self.complete
        if c.feedback is None or not c.feedback.title:
            return None
        form = "征询意见表"
        return Rendered(c, feedback_layout(c, form_geometry(self.entry, form)), self.entry, form, c.feedback.title)


def form_geometry(entry: BureauFolder, form: str) -> Geometry:
    """The page geometry of the template a kind of document is written into, with the bureau's house style."""
    return geometry(entry.template(*TEMPLATES[form]), entry.settings.house_style)


def render(letter: Letter, entry: BureauFolder) -> Rendered:
    done = complete(letter, entry)
    form = "报告" if done.type == "报告" else done.format
    return Rendered(done, layout(done, form_geometry(entry, form)), entry, form, done.title)
