"""A bureau's declared deviations from its template's house style (`house_style:` in bureau.yaml), applied.

The writer applies them to the template's XML when it compiles the template, and the checker applies the
same numbers to what it reads from the template, so what a bureau declares is what it gets and what
`drafter check --bureau` expects. Only the declared parts change; everything else stays the template's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model (pydantic) loads only where a bureau.yaml is read: `drafter check` starts quickly
    from drafter.library.bureau import HouseStyle

MM = 56.6929  # twips in a millimetre
BOLD = "<w:b/><w:bCs/>"


def twips(points: float) -> int:
    return round(points * 20)


def margin_twips(style: HouseStyle) -> dict[str, int]:
    """The declared margins in twips, by side."""
    if style.margins is None:
        return {}
    return {side: round(mm * MM) for side, mm in style.margins.model_dump().items() if mm is not None}


def declared(style: HouseStyle) -> bool:
    return bool(style.line_pitch or style.bold_headings or margin_twips(style))


def patch_document(xml: str, style: HouseStyle) -> str:
    """document.xml: the section's grid pitch and margins."""
    if style.line_pitch:
        xml = re.sub(r'(<w:docGrid\b[^>]*\bw:linePitch=")\d+(")', rf"\g<1>{twips(style.line_pitch)}\2", xml)
    for side, value in margin_twips(style).items():
        xml = re.sub(rf'(<w:pgMar\b[^>]*\bw:{side}=")-?\d+(")', rf"\g<1>{value}\2", xml)
    return xml


def patch_styles(xml: str, style: HouseStyle, pitch: int | None) -> str:
    """styles.xml: every exact line of the template's body pitch takes the declared pitch; bold headings."""
    if style.line_pitch and pitch:
        exact = rf'(<w:spacing\b[^>]*\bw:line="){pitch}("[^>]*\bw:lineRule="exact")'
        xml = re.sub(exact, rf"\g<1>{twips(style.line_pitch)}\2", xml)
    for level in style.bold_headings or ():
        for sid in (f"GwH{level}", f"GwHeading{level}"):
            xml = _bold(xml, sid)
    return xml


def _bold(xml: str, sid: str) -> str:
    match = re.search(rf'<w:style\b[^>]*w:styleId="{re.escape(sid)}"[^>]*>.*?</w:style>', xml, re.S)
    if match is None:
        return xml
    body = match.group(0)
    if re.search(r"<w:b(\s[^>]*)?/>", body):
        body = re.sub(r"<w:b(\s[^>]*)?/>", "<w:b/>", body)
    elif "<w:rPr/>" in body:
        body = body.replace("<w:rPr/>", f"<w:rPr>{BOLD}</w:rPr>")
    elif "<w:rPr>" in body:
        rpr = re.search(r"<w:rPr>(.*?)</w:rPr>", body, re.S)
        assert rpr is not None
        inner = rpr.group(1)
        # w:b comes after w:rStyle and w:rFonts in the schema's order
        lead = re.match(r"(<w:rStyle\b[^>]*/>)?(<w:rFonts\b[^>]*/>)?", inner)
        cut = lead.end() if lead else 0
        body = body.replace(rpr.group(0), f"<w:rPr>{inner[:cut]}{BOLD}{inner[cut:]}</w:rPr>", 1)
    else:
        body = body.replace("</w:style>", f"<w:rPr>{BOLD}</w:rPr></w:style>")
    return xml[: match.start()] + body + xml[match.end() :]


def body_pitch(styles_xml: str) -> int | None:
    """The template's body line pitch: the exact line of 公文-正文 (GwBody), else of the defaults."""
    for pattern in (r'<w:style\b[^>]*w:styleId="GwBody"[^>]*>.*?</w:style>', r"<w:docDefaults>.*?</w:docDefaults>"):
        block = re.search(pattern, styles_xml, re.S)
        if block:
            line = re.search(r'<w:spacing\b[^>]*\bw:line="(\d+)"[^>]*\bw:lineRule="exact"', block.group(0))
            if line:
                return int(line.group(1))
    return None
