"""The XML namespaces of a .docx: the one place their URIs are written.

As in python-docx (`docx.oxml.ns`): a prefix names a namespace everywhere, `qn("w:p")` gives the
Clark name ElementTree uses, and the `W`, `R`, … constants are the `{uri}` prefixes for f-strings.
"""

from __future__ import annotations

URIS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "dc": "http://purl.org/dc/elements/1.1/",
}
RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = RELATIONSHIP_TYPES + "officeDocument"  # the package's main part


def qn(tag: str) -> str:
    """`w:p` → `{http://…/wordprocessingml/2006/main}p`: a prefixed name as ElementTree spells it."""
    prefix, local = tag.split(":")
    return f"{{{URIS[prefix]}}}{local}"


W = qn("w:")
R = qn("r:")
MC = qn("mc:")
WP = qn("wp:")
A = qn("a:")
V = qn("v:")
PKG = qn("pr:")
