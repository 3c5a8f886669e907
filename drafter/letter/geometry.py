"""The page geometry of one template .docx with a bureau's declared `house_style:`: the one owner of page numbers.

Page and text block, line pitch, the body character and its spacing, lines a page and characters a line,
the title's and the 版记's characters a line, the 成文日期's right indent. Layout (title breaking), the .docx
writer (table widths, row heights, indents, gaps, the 版记 box) and the checker all read them from here, so
a bureau that restyles its template in Word or declares other margins gets what it declares everywhere.
They are read from the template as the writer will write it: the declared deviations are applied to its XML
first (`housestyle.patch_document`, `patch_styles`), then the numbers are read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.ooxml.housestyle import body_pitch, declared, patch_document, patch_styles
from drafter.ooxml.values import SectionValues, StyleValues, template_parts

if TYPE_CHECKING:
    from drafter.library.bureau import HouseStyle

SIDES = ("top", "bottom", "left", "right")


@dataclass(frozen=True)
class Geometry:
    """Numbers in twips (20ths of a point) unless named otherwise."""

    page: tuple[int, int]  # width, height
    margins: dict[str, int]  # top, bottom, left, right
    footer: int  # pgMar footer: the page number's distance from the paper's foot
    pitch: int  # the line grid (docGrid linePitch): one line of body text
    size: int  # body size in half-points (32: 三号)
    spacing: int  # body run spacing (-5: condensed by 0.25 pt)
    title_size: int  # half-points
    title_spacing: int
    foot_size: int  # the 版记's size in half-points (28: 四号)
    date_right: float  # the 成文日期's right indent in body characters
    # the 发文机关标志's own space before (its 35 mm gap in the 文件 format); None when its style is a frame,
    # which stands where it is placed whatever comes before it
    letterhead_before: int | None = None

    @property
    def text_width(self) -> int:
        return self.page[0] - self.margins["left"] - self.margins["right"]

    @property
    def text_height(self) -> int:
        return self.page[1] - self.margins["top"] - self.margins["bottom"]

    @property
    def lines(self) -> int:
        """Lines a page: 22 in the 225 mm text block at 28.95 pt."""
        return self.text_height // self.pitch

    @property
    def char(self) -> int:
        """One body character: the unit of 空N字 (320: 三号)."""
        return self.size * 10

    @property
    def advance(self) -> int:
        """One body character's advance with its run spacing."""
        return self.char + self.spacing

    @property
    def chars(self) -> int:
        """Characters a line: 28 condensed 三号 characters in the 156 mm text block."""
        return self.text_width // self.advance

    @property
    def foot_char(self) -> int:
        """One 版记 character (四号): the unit of the 版记's and the page number's 空一字."""
        return self.foot_size * 10

    @property
    def foot_chars(self) -> int:
        """版记 characters a line between its one-character side margins."""
        return (self.text_width - 2 * self.foot_char) // self.foot_char

    @property
    def title_chars(self) -> float:
        """Title characters a line: what fills the text block, less half a character for autospace."""
        return self.text_width // (self.title_size * 10 + self.title_spacing) - 0.5


def of_xml(document_xml: str, styles_xml: str) -> Geometry:
    """The geometry of a document.xml and styles.xml, as they will be written.

    What a template leaves out takes Word's own defaults (1-inch margins, 10 pt type, a 15.6 pt grid), on
    A4; a template made by scripts/build_base_templates.py sets every one of these."""
    section = SectionValues(document_xml)
    number = section.number
    styles = StyleValues(styles_xml)
    size = styles.value("GwBody", "rPr/sz", "val") or 20
    grid = number("docGrid", "linePitch", 0) or body_pitch(styles_xml) or 312
    date_right = styles.value("GwDate", "pPr/ind", "right")
    letterhead_before = styles.own("GwLetterhead", "pPr/spacing", "before") or 0
    return Geometry(
        page=(number("pgSz", "w", 11906), number("pgSz", "h", 16838)),
        margins={side: number("pgMar", side, 1440) for side in SIDES},
        footer=number("pgMar", "footer", 720),
        pitch=grid,
        size=size,
        spacing=styles.value("GwBody", "rPr/spacing", "val") or 0,
        title_size=styles.value("GwTitle", "rPr/sz", "val") or size,
        title_spacing=styles.value("GwTitle", "rPr/spacing", "val") or 0,
        foot_size=styles.value("GwCc", "rPr/sz", "val") or size,
        date_right=date_right / (size * 10) if date_right is not None else 0.0,
        letterhead_before=None if styles.has("GwLetterhead", "pPr/framePr") else letterhead_before,
    )


def geometry(template: Path, style: HouseStyle | None = None) -> Geometry:
    """The geometry of a template .docx with the bureau's declared house style; read again when the file changes."""
    stat = template.stat()
    key = style.model_dump_json(exclude_none=True) if style is not None and declared(style) else ""
    return _geometry(template, (stat.st_mtime_ns, stat.st_size), key)


@lru_cache(maxsize=32)
def _geometry(template: Path, stamp: tuple[int, int], declared_json: str) -> Geometry:
    document_xml, styles_xml = template_parts(template, "word/document.xml", "word/styles.xml")
    if declared_json:
        from drafter.library.bureau import HouseStyle  # the model loads only for a declared house style

        style = HouseStyle.model_validate_json(declared_json)
        document_xml = patch_document(document_xml, style)
        styles_xml = patch_styles(styles_xml, style, body_pitch(styles_xml))
    return of_xml(document_xml, styles_xml)
