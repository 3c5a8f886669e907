"""The page geometry of one template .docx with a bureau's declared `house_style:`: the one owner of page numbers.

Page and text block, line pitch, the body character and its spacing, lines a page and characters a line,
the title's and the 版记's characters a line, the 成文日期's right indent. Layout (title breaking), the .docx
writer (table widths, row heights, indents, gaps, the 版记 box) and the checker all read them from here, so
a bureau that restyles its template in Word or declares other margins gets what it declares everywhere.
They are read from the template as the writer will write it: the declared deviations are applied to its XML
first (`housestyle.patch_document`, `patch_styles`), then the numbers are read back.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from drafter.ooxml.housestyle import body_pitch, declared, patch_document, patch_styles

if TYPE_CHECKING:
    from drafter.library.bureau import HouseStyle

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
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


class _Styles:
    """Just enough of styles.xml to follow a run property through basedOn to the document defaults."""

    def __init__(self, xml: str) -> None:
        root = ET.fromstring(xml)
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        self.defaults = root.find(f"{W}docDefaults")
        self.normal = next(
            (s for s in root.iter(f"{W}style") if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1"),
            None,
        )

    def _chain(self, sid: str) -> list[ET.Element]:
        """The style and those it is based on, nearest first, then the default paragraph style."""
        out: list[ET.Element] = []
        style = self.by_id.get(sid)
        while style is not None and style not in out:
            out.append(style)
            based = style.find(f"{W}basedOn")
            style = self.by_id.get(based.get(f"{W}val")) if based is not None else None
        if self.normal is not None and self.normal not in out:
            out.append(self.normal)
        return out

    def value(self, sid: str, path: str, name: str) -> int | None:
        steps = path.split("/")
        layers = [(s, steps) for s in self._chain(sid)]
        if self.defaults is not None:  # rPrDefault/rPr/…, pPrDefault/pPr/…
            layers.append((self.defaults, [f"{steps[0]}Default", *steps]))
        for layer, where in layers:
            el = layer.find("/".join(f"{W}{step}" for step in where))
            if el is not None and el.get(f"{W}{name}") is not None:
                try:
                    return int(el.get(f"{W}{name}", ""))
                except ValueError:
                    return None
        return None


def of_xml(document_xml: str, styles_xml: str) -> Geometry:
    """The geometry of a document.xml and styles.xml, as they will be written.

    What a template leaves out takes Word's own defaults (1-inch margins, 10 pt type, a 15.6 pt grid), on
    A4; a template made by scripts/build_base_templates.py sets every one of these."""
    root = ET.fromstring(document_xml)
    sections = list(root.iter(f"{W}sectPr"))
    section = sections[-1] if sections else ET.Element(f"{W}sectPr")

    def number(tag: str, name: str, default: int) -> int:
        el = section.find(f"{W}{tag}")
        raw = el.get(f"{W}{name}") if el is not None else None
        try:
            return int(raw) if raw is not None else default
        except ValueError:
            return default

    styles = _Styles(styles_xml)
    size = styles.value("GwBody", "rPr/sz", "val") or 20
    grid = number("docGrid", "linePitch", 0) or body_pitch(styles_xml) or 312
    date_right = styles.value("GwDate", "pPr/ind", "right")
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
    )


def geometry(template: Path, style: HouseStyle | None = None) -> Geometry:
    """The geometry of a template .docx with the bureau's declared house style; read again when the file changes."""
    stat = template.stat()
    key = style.model_dump_json(exclude_none=True) if style is not None and declared(style) else ""
    return _geometry(template, (stat.st_mtime_ns, stat.st_size), key)


@lru_cache(maxsize=32)
def _geometry(template: Path, stamp: tuple[int, int], declared_json: str) -> Geometry:
    with zipfile.ZipFile(template) as z:
        document_xml = z.read("word/document.xml").decode("utf-8")
        styles_xml = z.read("word/styles.xml").decode("utf-8")
    if declared_json:
        from drafter.library.bureau import HouseStyle  # the model loads only for a declared house style

        style = HouseStyle.model_validate_json(declared_json)
        document_xml = patch_document(document_xml, style)
        styles_xml = patch_styles(styles_xml, style, body_pitch(styles_xml))
    return of_xml(document_xml, styles_xml)
