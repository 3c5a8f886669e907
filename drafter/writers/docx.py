"""The .docx writer: the block list becomes paragraphs in a template .docx that carries the look.

Each block role names a paragraph style and each run role a character style of the template, so a
bureau restyles its letters in Word. docxtpl renders the template in a jinja2 sandbox with autoescape
on; the paragraphs reach it as one ready-made XML fragment through the `{{p blocks }}` placeholder.
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.parsers import expat

from jinja2 import StrictUndefined, Template, TemplateError, nodes
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from drafter.i18n import _
from drafter.letter import sandbox
from drafter.letter.geometry import Geometry, geometry
from drafter.letter.layout import FOOT_ROLES, Block, Item, Run, Table, width
from drafter.letter.sandbox import Guarded
from drafter.problems import TemplateProblem

if TYPE_CHECKING:  # docxtpl (and python-docx under it) is loaded when a template is first compiled
    from docxtpl import DocxTemplate

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
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"}
_ESCAPE = re.compile('[&<>"{}]')


def escape(text: str) -> str:
    """XML-escape the clerk's text; braces too, because docxtpl rewrites {_{ and {_% after rendering."""
    if not _ESCAPE.search(text):
        return text
    for ch, entity in _ESCAPES.items():  # "&" first, so the other entities are not escaped again
        text = text.replace(ch, entity)
    return text


def _styles(template: Path) -> dict[str, str]:
    """Each paragraph style's XML in the template, by style id; read again when the file changes."""
    stat = template.stat()
    return _styles_at(template, (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=32)
def _styles_at(template: Path, stamp: tuple[int, int]) -> dict[str, str]:
    with zipfile.ZipFile(template) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r'<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>(.*?)</w:style>', styles, re.S)
    }


def style_frames(template: Path) -> dict[str, str]:
    """The frame (w:framePr) of each paragraph style in the template, by style id.

    Word honours a frame set in a style; LibreOffice ignores it, and ignores a paragraph's own frame too
    while its style has one. So the frame lives in the template's style, where a bureau edits it in Word,
    and the written file carries it on each paragraph instead (see `_frames_to_paragraphs`).
    """
    frames = {}
    for sid, body in _styles(template).items():
        frame = re.search(r"<w:framePr\b[^>]*/>", body)
        if frame:
            frames[sid] = frame.group(0)
    return frames


def space_before(template: Path, sid: str) -> int:
    match = re.search(r'<w:spacing\b[^>]*w:before="(\d+)"', _styles(template).get(sid, ""))
    return int(match.group(1)) if match else 0


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


def paragraph(block: Block, frames: dict[str, str], geo: Geometry, before: int | None = None) -> str:
    style = PARAGRAPH_STYLES[block.role]
    ppr = f'<w:pStyle w:val="{style}"/>'
    # the chain to the date (layout._keep_with_signature)
    ppr += ("<w:keepNext/>" if block.keep_next else "") + ("<w:keepLines/>" if block.keep_lines else "")
    ppr += frames.get(style, "")
    if block.role == "foot_anchor":
        ppr += ANCHOR_PPR
    elif before is not None:
        ppr += f'<w:spacing w:before="{before}"/>'
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


EMU_PER_TWIP = 635


def foot_box(inner: str, lines: int, geo: Geometry) -> str:
    """The 版记 as a text box anchored at the bottom of the text block, on the page of its anchor.

    A text box, because LibreOffice drops a frame whose paragraphs have borders (the 版记 rules) and
    turns a full-width floating table into an inline one. Its height is an estimate that both Word and
    LibreOffice correct (spAutoFit).
    """
    cx, cy = geo.text_width * EMU_PER_TWIP, lines * geo.pitch * EMU_PER_TWIP
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="900" name="版记"/><wp:cNvGraphicFramePr/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" '
        'anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        "</w:drawing></w:r>"
    )


def body_xml(blocks: list[Item], template: Path, geo: Geometry) -> str:
    frames = style_frames(template)
    flow = [b for b in blocks if isinstance(b, Table) or b.role not in FOOT_ROLES]
    foot = [b for b in blocks if isinstance(b, Block) and b.role in FOOT_ROLES]
    if not flow or isinstance(flow[-1], Table):
        flow.append(Block("blank"))  # a document ends with a paragraph, and the 版记 needs one to anchor in
    parts = [table(b, geo) if isinstance(b, Table) else paragraph(b, frames, geo) for b in flow]
    marks = next((i for i, b in enumerate(flow) if not (isinstance(b, Block) and b.role == "mark")), 0)
    head = flow[marks] if marks < len(flow) else None
    if marks and isinstance(head, Block) and head.role == "letterhead" and "GwLetterhead" not in frames:
        # 文件格式: marks above the 发文机关标志 take their lines out of its 35 mm gap, so it stays in place
        gap = space_before(template, "GwLetterhead")
        parts[marks] = paragraph(head, frames, geo, max(0, gap - marks * geo.pitch))
    if foot:
        lines = sum(max(1, -(-round(width(b.text)) // geo.foot_chars)) for b in foot)
        box = foot_box("".join(paragraph(b, frames, geo) for b in foot), lines, geo)
        parts[-1] = parts[-1].replace("</w:p>", box + "</w:p>")  # anchored in the last paragraph
    return "".join(parts)


@lru_cache(maxsize=1)
def _jinja() -> Guarded:
    return Guarded(undefined=StrictUndefined, autoescape=True)


ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed, so the same letter gives the same bytes and a re-run can tell
_TEMPLATED = re.compile(r"\{[{%]")
_FRAME = re.compile(r"<w:framePr\b[^>]*/>|<w:framePr\b[^>]*>.*?</w:framePr>", re.S)
_TITLE = re.compile(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", re.S)
_LISTING = re.compile("[\t\a\n\f]")
_DOC_PR = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+"')
_COLUMN_LOOP = re.compile(r"\{%\s*tc\b")
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# the core properties docxtpl fills from the context (docx.opc.coreprops: author, comments, identifier …)
CORE_PROPERTIES = ("dc:creator", "dc:description", "dc:identifier", "dc:language", "dc:subject", "dc:title")
NOTES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
}


@dataclass(frozen=True)
class _Filled:
    """An XML part filled per letter: the text around its jinja template, and what to do after filling."""

    template: Template
    before: str = ""
    after: str = ""
    checked: bool = False  # it can write unescaped text (|safe, autoescape off): parsed after filling
    grid: bool = False  # it has {%tc %} column loops: table grids are fixed after filling, as docxtpl does


@dataclass(frozen=True)
class _Properties:
    """docProps/core.xml: the properties that hold placeholders, filled as text; the title always set."""

    xml: bytes
    templates: tuple[tuple[str, Template], ...]


@dataclass(frozen=True)
class Compiled:
    """A template .docx read, patched and compiled once, then filled for letter after letter.

    This is what docxtpl does for every render (open the package, clean the placeholders, compile the
    XML as a jinja template, re-parse and re-serialise every part); here it is done once per template,
    and a letter costs one jinja render per templated part and one small zip. Filled like docxtpl fills
    them: the body, every header and footer, the footnotes, and the core properties; the endnotes too.
    """

    path: Path
    parts: tuple[tuple[str, bytes | _Filled | _Properties], ...]  # in the template's order
    listing: DocxTemplate  # docxtpl's post-processing of rendered XML (tabs, breaks in placeholder values)

    def fill(self, context: dict[str, Any], title: str, out: IO[bytes] | Path) -> None:
        entries = []
        for name, part in self.parts:
            if isinstance(part, _Filled):
                data = self._render(part.template, context, name)
                if part.grid:
                    data = _fix_grid(self.listing, data)
                if name == "word/document.xml" and "docPr" in data:
                    data = _renumber_drawings(data)
                data = part.before + data + part.after
                if part.checked:
                    self._well_formed(name, data)
                entries.append(_Deflated.of(name, data.encode("utf-8"), level=1))  # per letter: fast over small
            elif isinstance(part, _Properties):
                entries.append(_Deflated.of(name, self._properties(part, context, title)))
            else:
                entries.append(self.static[name])
        blob = _zip(entries)
        if isinstance(out, Path):
            out.write_bytes(blob)
        else:
            out.write(blob)

    @property
    def static(self) -> dict[str, _Deflated]:
        """The parts that are the same in every letter, compressed once."""
        return _static(self)

    def _render(self, template: Template, context: dict[str, Any], name: str) -> str:
        try:
            xml = sandbox.render_bounded(template, context, sandbox.DOCX)
        except SecurityError as exc:
            raise TemplateProblem(
                _("模板文件 {path} 的占位符试图访问程序内部（{exc}），已拒绝").format(path=self.path, exc=exc)
            ) from None
        except sandbox.Failed as exc:
            # the source has each paragraph on a line of its own (see _compile): line n is paragraph n - 1
            where = _("（{part} 第{n}段附近）").format(part=name, n=max(exc.line - 1, 1)) if exc.line else ""
            message = _("模板文件 {path}{where} 里的占位符有错误：{why}")
            raise TemplateProblem(message.format(path=self.path, where=where, why=exc.message)) from None
        except TemplateError as exc:
            raise TemplateProblem(
                _("模板文件 {path} 里的占位符有错误：{message}").format(path=self.path, message=exc.message)
            ) from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.listing.resolve_listing(xml) if _LISTING.search(xml) else xml

    def _well_formed(self, name: str, data: str) -> None:
        """Refuses a part that Word could not open; docxtpl would 'recover' it, silently losing text."""
        try:
            expat.ParserCreate().Parse(data.encode("utf-8"), True)
        except expat.ExpatError as exc:
            message = _(
                "模板文件 {path} 生成的 {part} 不是合格的 XML（{error}）：占位符用了 |safe 或关闭了自动转义，"
                "值里的 & < > 原样写进了文件。请在 Word 里去掉模板中的 |safe"
            )
            raise TemplateProblem(message.format(path=self.path, part=name, error=exc)) from None

    def _properties(self, part: _Properties, context: dict[str, Any], title: str) -> bytes:
        text = part.xml.decode("utf-8")
        for tag, template in part.templates:
            try:
                value = sandbox.render_bounded(template, context, sandbox.PHRASE)  # a property is a line of text
            except (SecurityError, TemplateError, sandbox.Failed) as exc:
                message = _("模板文件 {path} 的文档属性（{tag}）里的占位符有错误：{error}")
                raise TemplateProblem(message.format(path=self.path, tag=tag, error=exc)) from None
            text = _element(tag).sub(lambda _m, t=tag, v=value: f"<{t}>{escape(v)}</{t}>", text, count=1)
        return _with_title(text.encode("utf-8"), title)


def _renumber_drawings(xml: str) -> str:
    """Every drawing of the body gets its own id, from 1001 as docxtpl numbers them (a loop repeats ids)."""
    counter = iter(range(1001, 1_000_000))
    return _DOC_PR.sub(lambda m: f'{m.group(1)}{next(counter)}"', xml)


def _fix_grid(listing: DocxTemplate, body: str) -> str:
    """After a {%tc for %} column loop the table grid is made to match its cells, by docxtpl's own fix."""
    from lxml import etree

    return etree.tostring(listing.fix_tables(body), encoding="unicode")


def _element(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<{tag}\s*/>|<{tag}>.*?</{tag}>", re.S)


def _unescaped(source: str) -> bool:
    """Whether a template can write text unescaped: a |safe filter or an {% autoescape false %} block."""
    tree = _jinja().parse(source)
    return any(f.name == "safe" for f in tree.find_all(nodes.Filter)) or any(
        True for _n in tree.find_all(nodes.EvalContextModifier)
    )


@dataclass(frozen=True)
class _Deflated:
    name: bytes
    crc: int
    size: int
    data: bytes

    @classmethod
    def of(cls, name: str, blob: bytes, level: int = 6) -> _Deflated:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name.encode("utf-8"), zlib.crc32(blob), len(blob), packer.compress(blob) + packer.flush())


@lru_cache(maxsize=32)
def _static(compiled: Compiled) -> dict[str, _Deflated]:
    return {name: _Deflated.of(name, part) for name, part in compiled.parts if isinstance(part, bytes)}


_DOS_DATE = ((ZIP_TIME[0] - 1980) << 9) | (ZIP_TIME[1] << 5) | ZIP_TIME[2]


def _zip(entries: list[_Deflated]) -> bytes:
    """A plain zip of deflated entries: what zipfile writes, without compressing the unchanged parts again."""
    local, central, offset = [], [], 0
    for e in entries:
        fields = (20, 0, zipfile.ZIP_DEFLATED, 0, _DOS_DATE, e.crc, len(e.data), e.size, len(e.name), 0)
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + e.name
        central.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHH", *fields)
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + e.name
        )
        local += (header, e.data)
        offset += len(header) + len(e.data)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(local) + directory + end


def _with_title(core: bytes, title: str) -> bytes:
    text = core.decode("utf-8")
    element = f"<dc:title>{escape(title)}</dc:title>"
    if _TITLE.search(text):
        text = _TITLE.sub(lambda _: element, text, count=1)
    else:
        text = text.replace("</cp:coreProperties>", element + "</cp:coreProperties>")
    return text.encode("utf-8")


def _compile(source: str, template: Path, **after: Any) -> _Filled:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    try:
        compiled = _jinja().from_string(source)
    except TemplateError as exc:
        raise TemplateProblem(
            _("模板文件 {template} 里的占位符有错误：{message}").format(template=template, message=exc.message)
        ) from None
    return _Filled(compiled, checked=_unescaped(source), **after)


def _core_properties(blob: bytes, template: Path) -> _Properties:
    """The core properties with placeholders, as python-docx reads them (the element's text), compiled."""
    text = blob.decode("utf-8")
    found = []
    for tag in CORE_PROPERTIES:
        match = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.S)
        value = html.unescape(match.group(1)) if match else ""
        if tag != "dc:title" and _TEMPLATED.search(value):
            try:
                found.append((tag, _text_jinja().from_string(value)))
            except TemplateError as exc:
                message = _("模板文件 {path} 的文档属性（{tag}）里的占位符有错误：{error}")
                raise TemplateProblem(message.format(path=template, tag=tag, error=exc.message)) from None
    return _Properties(blob, tuple(found))


@lru_cache(maxsize=1)
def _text_jinja() -> Guarded:
    """For document properties: plain text, escaped once when it is put into core.xml."""
    return Guarded(undefined=StrictUndefined, autoescape=False)


@lru_cache(maxsize=32)
def _compiled(template: Path, stamp: tuple[int, int], declared: str = "") -> Compiled:
    from docxtpl import DocxTemplate
    from lxml import etree

    from drafter.library.bureau import HouseStyle
    from drafter.ooxml.housestyle import body_pitch, patch_document, patch_styles

    style = HouseStyle.model_validate_json(declared) if declared else None
    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    assert tpl.docx is not None
    heads = {
        rel.target_part.partname.lstrip("/")
        for rel in tpl.docx.part.rels.values()
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and not rel.is_external
    }
    notes = {part.partname.lstrip("/") for part in tpl.docx.part.package.parts if part.content_type in NOTES}
    with zipfile.ZipFile(template) as z:
        names = [i.filename for i in z.infolist() if not i.is_dir()]
        blobs = {name: z.read(name) for name in names}
    parts: list[tuple[str, bytes | _Filled | _Properties]] = []
    for name in names:
        blob = blobs[name]
        if name == "word/document.xml":
            text = blob.decode("utf-8")
            start, end = text.index("<w:body"), text.rindex("</w:body>") + len("</w:body>")
            source = tpl.patch_xml(tpl.get_xml())
            grid = bool(_COLUMN_LOOP.search(re.sub(r"<[^>]+>", "", tpl.get_xml())))  # {% and tc in two runs too
            filled = _compile(patch_document(source, style) if style else source, template, grid=grid)
            parts.append((name, replace(filled, before=text[:start], after=text[end:])))
        elif name in heads:
            # as docxtpl reads a header: parsed and written again (so &quot; is "), then its tags cleaned
            source = tpl.patch_xml(etree.tostring(etree.fromstring(blob), encoding="unicode"))
            templated = _TEMPLATED.search(source)
            parts.append((name, replace(_compile(source, template), before=DECLARATION) if templated else blob))
        elif name in notes:
            source = tpl.patch_xml(blob.decode("utf-8"))
            parts.append((name, _compile(source, template) if _TEMPLATED.search(source) else blob))
        elif name == "docProps/core.xml":
            parts.append((name, _core_properties(blob, template)))
        elif name == "word/styles.xml":
            # the paragraphs carry their frames (see style_frames); the styles must not keep them too
            xml = _FRAME.sub("", blob.decode("utf-8"))
            if style:
                xml = patch_styles(xml, style, body_pitch(xml))
            parts.append((name, xml.encode("utf-8")))
        else:
            parts.append((name, blob))
    return Compiled(template, tuple(parts), tpl)


def compiled(template: Path, style: HouseStyle | None = None) -> Compiled:
    """The compiled template, with the bureau's declared house style; read again when the file changes."""
    from drafter.ooxml.housestyle import declared

    stat = template.stat()
    key = style.model_dump_json(exclude_none=True) if style is not None and declared(style) else ""
    return _compiled(template, (stat.st_mtime_ns, stat.st_size), key)


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
