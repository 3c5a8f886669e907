"""The .docx writer: the block list becomes WordprocessingML paragraphs in a template that carries the look.

Each block role names a paragraph style and each run role a character style of the template, so a
bureau restyles its letters in Word. The paragraphs reach the template as one ready-made XML fragment
through the `{{p blocks }}` placeholder; the package side (compiling and filling the template in a
sandbox, the styles' frames, the 版记's text box, the zip) is drafter.ooxml's.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from markupsafe import Markup

from drafter.letter.geometry import Geometry, geometry
from drafter.letter.layout import FOOT_ROLES, Block, Item, Run, Table
from drafter.ooxml.shapes import foot_box
from drafter.ooxml.template import compiled, escape, style_frames

if TYPE_CHECKING:
    from drafter.library.bureau import HouseStyle

PARAGRAPH_STYLES = {
    "letterhead": "GwLetterhead",
    "letterhead_foot": "GwLetterheadFoot",
    "doc_number": "GwDocNumber",
    "blank": "GwBlank",
    "title": "GwTitle",
    "salutation": "GwSalutation",
    "body": "GwBody",
    "heading1": "GwHeading1",
    "heading2": "GwHeading2",
    "heading3": "GwHeading3",
    "heading4": "GwHeading4",
    "closing": "GwClosing",
    "contact": "GwContact",
    "signer": "GwSigner",
    "date": "GwDate",
    "note": "GwNote",
    "cc": "GwCc",
    "printer": "GwPrinter",
    "mark": "GwMark",
    "mark_right": "GwMarkRight",
    "dateline": "GwDateline",
    "attachment_note": "GwAttachmentNote",
    "attachment_note_more": "GwAttachmentNoteMore",
    "attachment_label": "GwAttachmentLabel",
    "foot_anchor": "GwBlank",
}
CELL_STYLES = {"head": "GwTableHead", "cell": "GwTableCell", "number": "GwTableNumber", "label": "GwTableLabel"}
CHARACTER_STYLES = {
    "text": None,
    "h1": "GwH1",
    "h2": "GwH2",
    "h3": "GwH3",
    "h4": "GwH4",
    "runin": "GwRunIn",
    "runin_bold": "GwRunInBold",
    "issuer_name": "GwIssuerName",
}
REQUIRED_STYLES = (*PARAGRAPH_STYLES.values(), *CELL_STYLES.values(), *(s for s in CHARACTER_STYLES.values() if s))


def _run(run: Run) -> str:
    style = CHARACTER_STYLES[run.role]
    rpr = (f'<w:rStyle w:val="{style}"/>' if style else "") + '<w:rFonts w:hint="eastAsia"/>'
    pieces = []
    for i, line in enumerate(run.text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return f"<w:r><w:rPr>{rpr}</w:rPr>{''.join(pieces)}</w:r>"


# the 版记's anchor: a paragraph of (almost) no height, off the grid, so that it fits below the date whenever
# the box does (a box of N exact lines under a date on line 22 - N)
ANCHOR_PPR = '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="2" w:lineRule="exact"/>'


def paragraph(block: Block, frames: dict[str, str], geo: Geometry) -> str:
    style = PARAGRAPH_STYLES[block.role]
    ppr = f'<w:pStyle w:val="{style}"/>'
    # the chain to the date (layout._keep_with_signature)
    ppr += ("<w:keepNext/>" if block.keep_next else "") + ("<w:keepLines/>" if block.keep_lines else "")
    ppr += frames.get(style, "")
    if block.role == "foot_anchor":
        ppr += ANCHOR_PPR
    elif block.before is not None:
        ppr += f'<w:spacing w:before="{block.before}"/>'
    if block.right_indent_chars is not None:
        ppr += f'<w:ind w:right="{round(block.right_indent_chars * geo.char)}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(_run(r) for r in block.runs)}</w:p>"


def _cell_paragraphs(text: str, role: str) -> str:
    style = CELL_STYLES[role]
    lines = text.split("\n") if text else [""]
    return "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_run(Run(line)) if line else ""}</w:p>' for line in lines
    )


def table(t: Table, geo: Geometry) -> str:
    """A table as wide as the text block, with single black rules; header rows repeat on each page."""
    cols = [round(geo.text_width * w) for w in t.widths]
    cols[-1] = geo.text_width - sum(cols[:-1])
    rule = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
    borders = "".join(f"<w:{side} {rule}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{geo.text_width}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for index, row in enumerate(t.rows):
        trpr = "<w:cantSplit/>" if index < t.header_rows else ""
        if index < t.header_rows:
            trpr += "<w:tblHeader/>"
        lines = t.min_lines[index] if index < len(t.min_lines) else 0
        if lines:
            trpr += f'<w:trHeight w:val="{lines * geo.pitch}" w:hRule="atLeast"/>'
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{cols[i]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{_cell_paragraphs(cell.text, cell.role)}</w:tc>"
            for i, cell in enumerate(row)
        )
        out.append(f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def body_xml(blocks: list[Item], template: Path, geo: Geometry) -> str:
    frames = style_frames(template)
    flow = [b for b in blocks if isinstance(b, Table) or b.role not in FOOT_ROLES]
    foot = [b for b in blocks if isinstance(b, Block) and b.role in FOOT_ROLES]
    if not flow or isinstance(flow[-1], Table):
        flow.append(Block("blank"))  # a document ends with a paragraph, and the 版记 needs one to anchor in
    parts = [table(b, geo) if isinstance(b, Table) else paragraph(b, frames, geo) for b in flow]
    if foot:
        anchor = flow[-1]  # layout puts the 版记's anchor last in the flow, with the box's lines
        lines = anchor.box_lines if isinstance(anchor, Block) else 0
        box = foot_box("".join(paragraph(b, frames, geo) for b in foot), geo.text_width, lines * geo.pitch)
        parts[-1] = parts[-1].replace("</w:p>", box + "</w:p>")  # anchored in the last paragraph
    return "".join(parts)


def write(
    blocks: list[Item],
    template: Path,
    out: IO[bytes] | Path,
    fields: dict[str, Any],
    title: str,
    style: HouseStyle | None = None,
) -> None:
    """Fill the template with the blocks and the plain fields a template author may also use."""
    context = dict(fields, blocks=Markup(body_xml(blocks, template, geometry(template, style))))
    compiled(template, style).fill(context, title.replace("\n", ""), out)
