"""One letter from input to files: model → complete letter → layout → writers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .layout import Block, layout
from .model import Letter
from .phrases import BASE
from .resolve import Complete, complete
from .writers import docx, text


@dataclass(frozen=True)
class Rendered:
    complete: Complete
    blocks: list[Block]

    @property
    def template(self) -> Path:
        name = "letter.docx" if self.complete.letter.reply.format == "信函" else "document.docx"
        return BASE / name

    def text(self) -> str:
        return text.render(self.blocks)

    def write_docx(self, out: IO[bytes] | Path) -> None:
        c = self.complete
        fields = {
            "letterhead": c.letterhead,
            "doc_number": c.doc_number or "",
            "title": c.title,
            "bureau": c.letter.reply.bureau,
            "date": c.date,
        }
        docx.write(self.blocks, self.template, out, fields, c.title)


def render(letter: Letter) -> Rendered:
    done = complete(letter)
    return Rendered(done, layout(done))
