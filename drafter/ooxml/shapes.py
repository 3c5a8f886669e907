"""Drawings the writer places: the 版记's text box at the foot of the text block."""

from __future__ import annotations

from drafter.ooxml.ns import URIS

EMU_PER_TWIP = 635


def foot_box(inner: str, width: int, height: int) -> str:
    """The 版记 as a text box anchored at the bottom of the text block, on the page of its anchor.

    A text box, because LibreOffice drops a frame whose paragraphs have borders (the 版记 rules) and
    turns a full-width floating table into an inline one. Its height is an estimate that both Word and
    LibreOffice correct (spAutoFit). `width` and `height` are in twips.
    """
    cx, cy = width * EMU_PER_TWIP, height * EMU_PER_TWIP  # twips → EMU
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="900" name="版记"/><wp:cNvGraphicFramePr/><a:graphic>'
        f'<a:graphicData uri="{URIS["wps"]}"><wps:wsp>'
        f'<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" '
        'anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        "</w:drawing></w:r>"
    )
