"""A template .docx read, patched and compiled once, then filled for letter after letter: the package writer.

This is the XML and zip side of writing a letter; drafter.writers.docx maps the layout's blocks to
WordprocessingML and hands the body here as one ready-made fragment (`{{p blocks }}`). docxtpl's way of
filling a template (a jinja2 sandbox with autoescape on, every header, footer, footnote and core property)
is kept, with its cost paid once per template: see `Compiled`. Templates are the bureau's data, so they
render through drafter.letter.sandbox with its limits.
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

from drafter.i18n import _
from drafter.letter import sandbox
from drafter.letter.sandbox import Guarded
from drafter.ooxml.values import template_parts
from drafter.problems import TemplateProblem

if TYPE_CHECKING:  # docxtpl (and python-docx under it) is loaded when a template is first compiled
    from docxtpl import DocxTemplate

    from drafter.library.bureau import HouseStyle

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
    (styles,) = template_parts(template, "word/styles.xml")
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r'<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>(.*?)</w:style>', styles, re.S)
    }


def style_frames(template: Path) -> dict[str, str]:
    """The frame (w:framePr) of each paragraph style in the template, by style id.

    Word honours a frame set in a style; LibreOffice ignores it, and ignores a paragraph's own frame too
    while its style has one. So the frame lives in the template's style, where a bureau edits it in Word,
    and the written file carries it on each paragraph instead (drafter.writers.docx).
    """
    frames = {}
    for sid, body in _styles(template).items():
        frame = re.search(r"<w:framePr\b[^>]*/>", body)
        if frame:
            frames[sid] = frame.group(0)
    return frames


@lru_cache(maxsize=1)
def jinja() -> Guarded:
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
            filled = f"<{tag}>{escape(value)}</{tag}>"
            text = _element(tag).sub(lambda _m: filled, text, count=1)  # noqa: B023 (used at once)
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
    tree = jinja().parse(source)
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
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
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
        compiled = jinja().from_string(source)
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
                found.append((tag, _textjinja().from_string(value)))
            except TemplateError as exc:
                message = _("模板文件 {path} 的文档属性（{tag}）里的占位符有错误：{error}")
                raise TemplateProblem(message.format(path=template, tag=tag, error=exc.message)) from None
    return _Properties(blob, tuple(found))


@lru_cache(maxsize=1)
def _textjinja() -> Guarded:
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
