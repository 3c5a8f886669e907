"""Bureau-style variants of the base templates: what a clerk's edits in Word leave in a template .docx.

Word splits a placeholder over runs whenever formatting or spell-check touches it, writes quotes as
&quot;, and a bureau adds a header, a footnote, document properties, a table with a column loop or a
picture. Each change here is one of those, written as Word writes it, so the writer can be held to docxtpl.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from drafter.ooxml.ns import RELATIONSHIP_TYPES as RELS
from drafter.ooxml.ns import URIS

W, R, WP = URIS["w"], URIS["r"], URIS["wp"]
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."

# a placeholder split over three runs, the middle one bold, as Word leaves it after formatting part of it
SPLIT = "<w:r><w:t>{{ bu</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>re</w:t></w:r><w:r><w:t>au }}</w:t></w:r>"
# a quote inside a tag, written by Word as &quot;, split at the quote
QUOTED = (
    '<w:r><w:t xml:space="preserve">{% if bureau != &quot;</w:t></w:r>'
    "<w:r><w:t>无&quot; %}本件由{{ bureau }}办理{% endif %}</w:t></w:r>"
)
HEADER = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}"><w:p>{QUOTED}</w:p></w:hdr>'


def _notes(kind: str, text: str) -> str:
    tag = kind[:-1]  # footnotes → footnote
    separators = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind} xmlns:w="{W}">{separators}'
        f'<w:{tag} w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:{tag}></w:{kind}>'
    )


# a table whose cells come from a {%tc for %} column loop: two grid columns, four cells after filling
COLUMN_LOOP = (
    '<w:tbl><w:tblPr><w:tblW w:w="8845" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
    '<w:tblGrid><w:gridCol w:w="4422"/><w:gridCol w:w="4423"/></w:tblGrid><w:tr>'
    '<w:tc><w:tcPr><w:tcW w:w="4422" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>日期</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>{%</w:t></w:r><w:r><w:t>tc for part in ["甲", "乙", "丙"] %}</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:tcPr><w:tcW w:w="4423" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{{ part }}</w:t></w:r></w:p></w:tc>'
    "<w:tc><w:p><w:r><w:t>{%tc endfor %}</w:t></w:r></w:p></w:tc>"
    "</w:tr></w:tbl>"
)
# a picture (here a text box) inside a paragraph loop: docPr id 5 twice unless the writer renumbers
DRAWING = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="914400" cy="228600"/>'
    '<wp:docPr id="5" name="标识"/><a:graphic><a:graphicData '
    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
    '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="228600"/></a:xfrm><a:prstGeom prst="rect">'
    "<a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:t>{{ n }}</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)
PICTURE_LOOP = (
    "<w:p><w:r><w:t>{%p for n in [1, 2] %}</w:t></w:r></w:p>"
    f"<w:p>{DRAWING}</w:p>"
    "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>"
)
FOOTNOTE_REF = '<w:p><w:r><w:t>注</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
ENDNOTE_REF = '<w:p><w:r><w:t>尾注</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>'


def _edit(source: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    change(parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out


def _add_part(parts: dict[str, str], name: str, text: str, content_type: str, rel_type: str, rel_id: str) -> None:
    parts[name] = text
    override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace("</Types>", override + "</Types>")
    rel = f'<Relationship Id="{rel_id}" Type="{RELS}{rel_type}" Target="{name.removeprefix("word/")}"/>'
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace("</Relationships>", rel + "</Relationships>")


def _after_blocks(parts: dict[str, str], xml: str) -> None:
    """Adds body XML after the {{p blocks }} paragraph (before the section properties)."""
    doc = parts["word/document.xml"]
    parts["word/document.xml"] = re.sub(r"(<w:sectPr\b)", lambda m: xml + m.group(1), doc, count=1)


def edited_in_word(source: Path, out: Path) -> Path:
    """Everything at once: split tags in a footer and a header, &quot; in a tag, a footnote, an endnote,
    placeholders in the document properties, a column loop and a picture in a loop."""

    def change(parts: dict[str, str]) -> None:
        footer = "word/footer1.xml"
        parts[footer] = parts[footer].replace("</w:ftr>", f"<w:p>{SPLIT}</w:p></w:ftr>")
        _add_part(parts, "word/header1.xml", HEADER, CT + "header+xml", "header", "rIdHdr1")
        doc = parts["word/document.xml"]
        parts["word/document.xml"] = doc.replace(
            "<w:sectPr>", '<w:sectPr><w:headerReference w:type="default" r:id="rIdHdr1"/>', 1
        )
        footnotes = _notes("footnotes", "发文字号：{{ doc_number }}")
        _add_part(parts, "word/footnotes.xml", footnotes, CT + "footnotes+xml", "footnotes", "rIdFn")
        endnotes = _notes("endnotes", "{{ bureau }}，{{ date }}")
        _add_part(parts, "word/endnotes.xml", endnotes, CT + "endnotes+xml", "endnotes", "rIdEn")
        _after_blocks(parts, FOOTNOTE_REF + ENDNOTE_REF + COLUMN_LOOP + PICTURE_LOOP + "<w:p/>")
        core = "docProps/core.xml"
        parts[core] = parts[core].replace(
            "</cp:coreProperties>",
            "<dc:subject>{{ bureau }}</dc:subject><dc:description>{{ doc_number }}</dc:description>"
            "</cp:coreProperties>",
        )
        if 'xmlns:wp="' not in parts["word/document.xml"]:
            raise AssertionError("the base document declares the drawing namespaces")

    return _edit(source, out, change)


def with_footer(source: Path, out: Path, paragraph_xml: str) -> Path:
    """The template with one more paragraph in its odd-page footer."""

    def change(parts: dict[str, str]) -> None:
        parts["word/footer1.xml"] = parts["word/footer1.xml"].replace("</w:ftr>", paragraph_xml + "</w:ftr>")

    return _edit(source, out, change)


def with_body(source: Path, out: Path, body_xml: str, replace_blocks: bool = False) -> Path:
    """The template with body XML added after the blocks, or standing in for the {{p blocks }} paragraph."""

    def change(parts: dict[str, str]) -> None:
        if replace_blocks:
            doc = parts["word/document.xml"]
            parts["word/document.xml"] = re.sub(r"<w:p><w:r><w:t>\{\{p blocks \}\}</w:t></w:r></w:p>", body_xml, doc)
        else:
            _after_blocks(parts, body_xml)

    return _edit(source, out, change)
