"""Numbers in a template's own XML: a section's page set-up and a paragraph style's properties.

The page geometry (drafter.letter.geometry) reads its numbers through these, so the XML names stay here.
A template is the bureau's own file, written by Word or by scripts/build_base_templates.py.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from drafter.ooxml.ns import W


def template_parts(template: Path, *names: str) -> tuple[str, ...]:
    """The named XML parts of a template .docx, as text."""
    with zipfile.ZipFile(template) as z:
        return tuple(z.read(name).decode("utf-8") for name in names)


class SectionValues:
    """The last section of a document.xml (the letter's page set-up): pgSz, pgMar, docGrid."""

    def __init__(self, document_xml: str) -> None:
        sections = list(ET.fromstring(document_xml).iter(f"{W}sectPr"))
        self.section = sections[-1] if sections else ET.Element(f"{W}sectPr")

    def number(self, tag: str, name: str, default: int) -> int:
        el = self.section.find(f"{W}{tag}")
        raw = el.get(f"{W}{name}") if el is not None else None
        try:
            return int(raw) if raw is not None else default
        except ValueError:
            return default


class StyleValues:
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
        """`value("GwBody", "rPr/sz", "val")`: the first layer that sets it, or None."""
        steps = path.split("/")
        layers = [(s, steps) for s in self._chain(sid)]
        if self.defaults is not None:  # rPrDefault/rPr/…, pPrDefault/pPr/…
            layers.append((self.defaults, [f"{steps[0]}Default", *steps]))
        for layer, where in layers:
            if _attribute(layer, where, name) is not None:
                return _number(layer, where, name)  # the nearest layer that says decides, even unreadably
        return None

    def own(self, sid: str, path: str, name: str) -> int | None:
        """The style's own value, not inherited: what Word shows in the style's own definition."""
        style = self.by_id.get(sid)
        return _number(style, path.split("/"), name) if style is not None else None

    def has(self, sid: str, path: str) -> bool:
        """Whether the style itself sets the element (a frame: `has("GwLetterhead", "pPr/framePr")`)."""
        style = self.by_id.get(sid)
        return style is not None and style.find("/".join(f"{W}{step}" for step in path.split("/"))) is not None


def _attribute(layer: ET.Element, where: list[str], name: str) -> str | None:
    el = layer.find("/".join(f"{W}{step}" for step in where))
    return el.get(f"{W}{name}") if el is not None else None


def _number(layer: ET.Element, where: list[str], name: str) -> int | None:
    raw = _attribute(layer, where, name)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None
