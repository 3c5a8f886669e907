"""Any .docx as Word would print it: paragraphs in reading order, each run with the look that applies to it.

Word resolves a run's look through layers: the document defaults, the paragraph style and the styles it is
based on, the run's character style, then the run's own properties; each attribute separately. The reader
does the same, so a rule sees 仿宋_GB2312 whether a clerk set it on the run, in a style, or as the default,
and a file saved by Word, WPS or drafter reads alike. Text boxes come after the paragraph that anchors
them, table cells in row order, and the alternative copy Word keeps for old readers (mc:Fallback) is skipped.
Fields read as Word shows them: the cached result between `separate` and `end`, nested fields inside an
instruction left out, and in headers and footers a PAGE field (fldSimple, or fldChar with or without a
`separate`, as python-docx and WPS write it) read as `{PAGE}`. A paragraph in a text box or frame knows
where the box is placed across the page (WPS puts page numbers in a floating frame aligned `outside`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from drafter.files import refuse_special
from drafter.i18n import _
from drafter.ooxml.ns import MC, OFFICE_DOCUMENT, PKG, WP, A, R, V, W
from drafter.ooxml.package import Damaged, DocxError, Package
from drafter.problems import InputError

SKIPPED = {MC + "Fallback", W + "del", W + "moveFrom", W + "rPr", W + "pPr", W + "sectPr"}
TRUE = {None, "1", "true", "on"}
DRAWING, TEXT_BOX = W + "drawing", W + "txbxContent"


class Unreadable(Exception):
    """The file is not a .docx that can be read; the message says what it is instead, for the clerk."""


@dataclass(frozen=True)
class Look:
    """The resolved look of a run (None where no layer says)."""

    east_asia: str | None = None
    ascii: str | None = None
    h_ansi: str | None = None
    hint: str | None = None
    size: int | None = None  # half-points: 32 is 三号 (16 pt)
    bold: bool = False
    color: str | None = None
    spacing: int = 0  # character spacing in twips (20ths of a point): -5 condenses by 0.25 pt


@dataclass(frozen=True)
class StyledRun:
    text: str
    look: Look
    emphasis: bool = False  # bold set on the run or its character style: what the writer marked bold in the text


@dataclass(frozen=True)
class Border:
    val: str
    size: int  # eighths of a point: 8 is 1 pt (0.35 mm)
    color: str | None


@dataclass
class Paragraph:
    index: int  # reading order, from 0, over every paragraph of the body, tables and text boxes
    where: str  # body | table | box | header | footer
    style: str | None  # style id
    runs: list[StyledRun]
    jc: str | None = None
    ind: dict[str, int] = field(default_factory=dict)  # left, right, firstLine, hanging, …Chars
    line: int | None = None
    line_rule: str | None = None
    before: int = 0  # space before, twips
    snap: bool = True
    borders: dict[str, Border] = field(default_factory=dict)
    frame: dict[str, str] | None = None
    box_align: str | None = None  # left | center | right | inside | outside: the text box or frame across the page
    box_top: int | None = None  # twips from the page's top edge, for a box or frame placed on the page
    at_bottom: bool = False  # in a text box, frame or table anchored at the bottom of the page or text block
    page_break_before: bool = False
    numbered: bool = False  # Word's automatic list numbering: the label is not in the text
    number: int = 0  # 1-based among paragraphs with text (as Word counts paragraphs); 0 for an empty one
    section: int = 0
    cell: tuple[int, int] | None = None  # in a table: (its row, counted over the document from 0; its column)
    picture: bool = False  # holds a picture (a seal, a signature, a chart), not counting text boxes

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def plain(self) -> str:
        """The text on one line: line breaks and tabs dropped, as a title split over lines reads."""
        return self.text.replace("\n", "").replace("\t", "")


@dataclass
class Section:
    width: int | None
    height: int | None
    margins: dict[str, int]  # top, bottom, left, right, footer, header, gutter (twips)
    grid_type: str | None
    line_pitch: int | None
    char_space: int | None
    title_page: bool
    footers: dict[str, list[Paragraph]]  # default | even | first → the footer's paragraphs
    headers: dict[str, list[Paragraph]]


@dataclass
class Document:
    path: Path
    paragraphs: list[Paragraph]
    sections: list[Section]
    styles: Styles
    even_and_odd: bool
    style_names: dict[str, str]
    drawn_lines: int = 0  # lines drawn as shapes in the body (some tools draw the red rules so)

    def defaults(self) -> Look:
        """The look of text typed into an empty paragraph: the default paragraph style over the defaults."""
        return self.styles.look(None, None, None)


# --- styles ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    kind: str
    based: str | None
    ppr: ET.Element | None
    rpr: ET.Element | None


class Styles:
    """styles.xml and the theme's fonts: the layers under a paragraph's and a run's own properties."""

    def __init__(self, root: ET.Element | None, theme: dict[str, str]) -> None:
        self.theme = theme
        self.by_id: dict[str, _Style] = {}
        self.names: dict[str, str] = {}
        self.default: dict[str, str] = {}
        self.doc_rpr: ET.Element | None = None
        self.doc_ppr: ET.Element | None = None
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults")
        if defaults is not None:
            self.doc_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
            self.doc_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
        for style in root.findall(f"{W}style"):
            sid = style.get(f"{W}styleId")
            if not sid:
                continue
            kind = style.get(f"{W}type") or "paragraph"
            based = style.find(f"{W}basedOn")
            self.by_id[sid] = _Style(
                kind, based.get(f"{W}val") if based is not None else None, style.find(f"{W}pPr"), style.find(f"{W}rPr")
            )
            name = style.find(f"{W}name")
            self.names[sid] = name.get(f"{W}val", sid) if name is not None else sid
            if style.get(f"{W}default") in ("1", "true", "on"):
                self.default.setdefault(kind, sid)

    def chain(self, sid: str | None, kind: str) -> list[_Style]:
        """The style and those it is based on, nearest first; an unknown id means the default style."""
        out: list[_Style] = []
        seen: set[str] = set()
        current = sid if sid in self.by_id else self.default.get(kind)
        while current and current not in seen and current in self.by_id:
            seen.add(current)
            out.append(self.by_id[current])
            current = self.by_id[current].based
        return out

    def ppr_layers(self, own: ET.Element | None, pstyle: str | None) -> list[ET.Element]:
        layers = [own] + [s.ppr for s in self.chain(pstyle, "paragraph")] + [self.doc_ppr]
        return [x for x in layers if x is not None]

    def rpr_layers(self, own: ET.Element | None, rstyle: str | None, pstyle: str | None) -> list[ET.Element]:
        chars = self.chain(rstyle, "character") if rstyle else []
        layers = [own] + [s.rpr for s in chars] + [s.rpr for s in self.chain(pstyle, "paragraph")] + [self.doc_rpr]
        return [x for x in layers if x is not None]

    def look(self, own: ET.Element | None, rstyle: str | None, pstyle: str | None) -> Look:
        layers = self.rpr_layers(own, rstyle, pstyle)
        return Look(
            east_asia=self._font(layers, "eastAsia"),
            ascii=self._font(layers, "ascii"),
            h_ansi=self._font(layers, "hAnsi"),
            hint=_first(layers, "rFonts", "hint"),
            size=_int(_first(layers, "sz", "val")),
            bold=_toggle(layers, "b"),
            color=_first(layers, "color", "val"),
            spacing=_int(_first(layers, "spacing", "val")) or 0,
        )

    def _font(self, layers: list[ET.Element], slot: str) -> str | None:
        for layer in layers:
            fonts = layer.find(f"{W}rFonts")
            if fonts is None:
                continue
            theme = fonts.get(f"{W}{slot}Theme")
            if theme:
                return self.theme.get(theme, theme)
            if fonts.get(f"{W}{slot}"):
                return fonts.get(f"{W}{slot}")
        return None


def _first(layers: list[ET.Element], tag: str, attr: str) -> str | None:
    for layer in layers:
        el = layer.find(f"{W}{tag}")
        if el is not None and el.get(f"{W}{attr}") is not None:
            return el.get(f"{W}{attr}")
    return None


def _toggle(layers: list[ET.Element], tag: str) -> bool:
    for layer in layers:
        el = layer.find(f"{W}{tag}")
        if el is not None:
            return el.get(f"{W}val") in TRUE
    return False


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return round(float(value))
    except ValueError:
        return None


def _theme_fonts(root: ET.Element | None) -> dict[str, str]:
    """minorEastAsia → the theme's East-Asian face (its Hans script font where the ea slot is empty), etc."""
    out: dict[str, str] = {}
    if root is None:
        return out
    for which in ("major", "minor"):
        font = root.find(f".//{A}{which}Font")
        if font is None:
            continue
        latin, ea = font.find(f"{A}latin"), font.find(f"{A}ea")
        hans = next((f.get("typeface") for f in font.findall(f"{A}font") if f.get("script") == "Hans"), None)
        east = (ea.get("typeface") if ea is not None else None) or hans
        if latin is not None and latin.get("typeface"):
            out[f"{which}HAnsi"] = out[f"{which}Ascii"] = latin.get("typeface", "")
        if east:
            out[f"{which}EastAsia"] = east
    return out


# --- the package -----------------------------------------------------------------------------------------


def _open(path: Path) -> Package:
    if path.is_dir():
        raise Unreadable(_("{path} 是文件夹，不是 Word 文档").format(path=path))
    try:
        refuse_special(path)
        head = path.open("rb").read(8)
    except InputError as exc:  # a pipe or a device: reading it would wait for ever
        raise Unreadable(_("{path}：{why}").format(path=path, why=exc.problems[0].message)) from None
    except FileNotFoundError:
        raise Unreadable(_("找不到文件 {path}").format(path=path)) from None
    except OSError as exc:
        raise Unreadable(_("无法读取 {path}：{why}").format(path=path, why=exc.strerror)) from None
    if not head:
        raise Unreadable(_("{path} 是空文件（0 字节），不是 Word 文档").format(path=path))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(
            _(
                "{path} 是旧版 Word 文档（.doc）或加密的文档，无法检查。请在 Word 中打开，"
                "取消密码后“另存为”Word 文档（.docx），再检查另存的文件"
            ).format(path=path)
        )
    if not head.startswith(b"PK"):
        raise Unreadable(_("{path} 不是 Word 文档（.docx）：文件内容不是 .docx 的格式").format(path=path))
    try:
        return Package(path)  # the limits on size, methods and XML depth: drafter/ooxml/package.py
    except DocxError as exc:
        raise Unreadable(_("{path}：{why}").format(path=path, why=exc)) from None


def _main_part(z: Package, path: Path) -> str:
    names = set(z.namelist())
    try:
        rels = z.xml("_rels/.rels")
        for rel in rels.findall(f"{PKG}Relationship"):
            if rel.get("Type") == OFFICE_DOCUMENT:
                target = (rel.get("Target") or "").lstrip("/")
                if target in names:
                    return target
    except (KeyError, Damaged):
        pass
    except DocxError as exc:
        raise Unreadable(_("{path}：{why}").format(path=path, why=exc)) from None
    if "word/document.xml" in names:
        return "word/document.xml"
    if any(n.startswith("xl/") for n in names):
        what = _("Excel 表格（.xlsx）")
    elif any(n.startswith("ppt/") for n in names):
        what = _("PowerPoint 演示文稿（.pptx）")
    elif "content.xml" in names:
        what = _("OpenDocument 文件（.odt 等）")
    else:
        what = _("压缩包")
    raise Unreadable(_("{path} 不是 Word 文档（.docx），而是{what}").format(path=path, what=what))


def _xml(z: Package, name: str, path: Path, needed: bool = False) -> ET.Element | None:
    try:
        return z.xml(name)
    except KeyError:
        if needed:
            raise Unreadable(_("{path} 不完整：缺少 {part}").format(path=path, part=name)) from None
        return None
    except DocxError as exc:
        raise Unreadable(_("{path}：{why}").format(path=path, why=exc)) from None


def _relations(z: Package, part: str, path: Path) -> dict[str, str]:
    """Relationship id → part name, for the main document part."""
    folder, name = posixpath.split(part)
    root = _xml(z, posixpath.join(folder, "_rels", name + ".rels"), path)
    out: dict[str, str] = {}
    if root is None:
        return out
    for rel in root.findall(f"{PKG}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = full
    return out


def _by_type(z: Package, part: str, path: Path, kind: str) -> str | None:
    folder, name = posixpath.split(part)
    root = _xml(z, posixpath.join(folder, "_rels", name + ".rels"), path)
    if root is None:
        return None
    for rel in root.findall(f"{PKG}Relationship"):
        if (rel.get("Type") or "").endswith("/" + kind):
            return posixpath.normpath(posixpath.join(folder, rel.get("Target") or ""))
    return None


# --- paragraphs ------------------------------------------------------------------------------------------


class _Walker:
    """Collects paragraphs in reading order; text boxes after their anchor paragraph, cells row by row."""

    def __init__(self, styles: Styles, footer_fields: bool = False, merge: bool = True) -> None:
        self.styles = styles
        self.merge = merge  # neighbouring runs of one look joined (False: each w:r a run, as written)
        self.rows = 0
        self.cell: tuple[int, int] | None = None
        self.out: list[Paragraph] = []
        self.footer_fields = footer_fields  # a PAGE field reads as {PAGE}, its cached result left out
        self.section = 0
        self.section_ends: list[int] = []  # index of the last paragraph of each section but the last

    def block(
        self, parent: ET.Element, where: str, at_bottom: bool = False, align: str | None = None, top: int | None = None
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, where, at_bottom, align, top)
            elif tag == W + "tbl":
                spec = child.find(f"{W}tblPr/{W}tblpPr")
                bottom = at_bottom or (spec is not None and spec.get(f"{W}tblpYSpec") == "bottom")
                for row in child.findall(f"{W}tr"):
                    outer, number = self.cell, self.rows
                    self.rows += 1
                    for column, cell in enumerate(row.findall(f"{W}tc")):
                        self.cell = (number, column)
                        self.block(cell, "table", bottom, align)
                    self.cell = outer
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent", MC + "AlternateContent", MC + "Choice"):
                self.block(child, where, at_bottom, align)

    def paragraph(
        self, p: ET.Element, where: str, at_bottom: bool, align: str | None = None, top: int | None = None
    ) -> None:
        styles = self.styles
        ppr = p.find(f"{W}pPr")
        pstyle_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        pstyle = pstyle_el.get(f"{W}val") if pstyle_el is not None else None
        layers = styles.ppr_layers(ppr, pstyle)
        runs: list[StyledRun] = []
        boxes: list[tuple[ET.Element, bool, str | None, int | None]] = []
        breaks = [False]
        self._inline(p, pstyle, runs, boxes, breaks)
        ind: dict[str, int] = {}
        for key in ("left", "right", "start", "end", "firstLine", "hanging", "firstLineChars", "hangingChars"):
            value = _int(_first(layers, "ind", key))
            if value is not None:
                ind[{"start": "left", "end": "right"}.get(key, key)] = value
        for key in ("leftChars", "rightChars", "startChars", "endChars"):
            value = _int(_first(layers, "ind", key))
            if value:
                ind[{"startChars": "leftChars", "endChars": "rightChars"}.get(key, key)] = value
        frame_el = next((x.find(f"{W}framePr") for x in layers if x.find(f"{W}framePr") is not None), None)
        frame = {k.replace(W, ""): v for k, v in frame_el.attrib.items()} if frame_el is not None else None
        para = Paragraph(
            index=len(self.out),
            where=where,
            style=pstyle,
            runs=_merged(runs) if self.merge else runs,
            jc=_first(layers, "jc", "val"),
            ind=ind,
            line=_int(_first(layers, "spacing", "line")),
            line_rule=_first(layers, "spacing", "lineRule"),
            snap=_toggle_default(layers, "snapToGrid", True),
            borders=_borders(layers),
            frame=frame,
            box_align=(frame or {}).get("xAlign") or align,
            box_top=_frame_top(frame) if frame is not None else top,
            before=_int(_first(layers, "spacing", "before")) or 0,
            at_bottom=at_bottom or (frame is not None and frame.get("yAlign") == "bottom"),
            page_break_before=_toggle(layers, "pageBreakBefore") or breaks[0],
            numbered=any(x.find(f"{W}numPr") is not None for x in layers),
            section=self.section,
            cell=self.cell,
            picture=_has_picture(p),
        )
        self.out.append(para)
        if ppr is not None and ppr.find(f"{W}sectPr") is not None:
            self.section_ends.append(para.index)
            self.section += 1
        for box, bottom, box_align, box_top in boxes:
            self.block(box, "box", bottom, box_align, box_top)

    def _inline(
        self,
        el: ET.Element,
        pstyle: str | None,
        runs: list[StyledRun],
        boxes: list[tuple[ET.Element, bool, str | None, int | None]],
        breaks: list[bool],
        fields: list[list[Any]] | None = None,
    ) -> None:
        state = fields if fields is not None else []  # the open fields, outermost first: [mode, instruction, look]
        for child in el:
            tag = child.tag
            if tag in SKIPPED:
                continue
            if tag == W + "r":
                self._run(child, pstyle, runs, boxes, breaks, state)
            elif tag == W + "fldSimple" and self.footer_fields and "PAGE" in (child.get(f"{W}instr") or "").split():
                look = _look_of_first_run(child, self.styles, pstyle)
                runs.append(StyledRun("{PAGE}", look))
            elif tag == W + "txbxContent":
                boxes.append((child, False, None, None))
            else:
                self._inline(child, pstyle, runs, boxes, breaks, state)

    def _run(
        self,
        r: ET.Element,
        pstyle: str | None,
        runs: list[StyledRun],
        boxes: list[tuple[ET.Element, bool, str | None, int | None]],
        breaks: list[bool],
        state: list[list[Any]],
    ) -> None:
        rpr = r.find(f"{W}rPr")
        rstyle_el = rpr.find(f"{W}rStyle") if rpr is not None else None
        rstyle = rstyle_el.get(f"{W}val") if rstyle_el is not None else None
        look = self.styles.look(rpr, rstyle, pstyle)
        own = [rpr] + ([s.rpr for s in self.styles.chain(rstyle, "character")] if rstyle else [])
        emphasis = _toggle([x for x in own if x is not None], "b")
        pieces: list[str] = []

        def page(shown: Look) -> None:
            if pieces:
                runs.append(StyledRun("".join(pieces), look, emphasis))
                pieces.clear()
            runs.append(StyledRun("{PAGE}", shown))

        for child in r:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    state.append(["instr", "", look])
                elif kind == "separate" and state:
                    state[-1][0] = "result"
                elif kind == "end" and state:
                    mode, _instr, shown = state[-1]
                    is_page = self._page(state)
                    state.pop()
                    if is_page and mode != "shown" and not self._hidden(state):
                        page(shown)  # no cached result: Word shows it in the look of the field's first run
                continue
            if tag == W + "instrText":
                if state:
                    state[-1][1] += child.text or ""
                continue
            if state and state[-1][0] == "result" and self._page(state) and tag == W + "t":
                state[-1][0] = "shown"
                if not self._hidden(state[:-1]):
                    page(look)  # the cached page number, in its own look
                continue
            if self._hidden(state):
                continue
            if tag == W + "t":
                pieces.append(child.text or "")
            elif tag == W + "tab":
                pieces.append("\t")
            elif tag == W + "br":
                if child.get(f"{W}type") == "page":
                    breaks[0] = breaks[0] or not runs and not pieces
                else:
                    pieces.append("\n")
            elif tag == W + "cr":
                pieces.append("\n")
            elif tag == W + "noBreakHyphen":
                pieces.append("-")
            elif tag in (W + "drawing", W + "pict", MC + "AlternateContent"):
                for box in _boxes(child):
                    boxes.append(box)
        if pieces:
            runs.append(StyledRun("".join(pieces), look, emphasis))

    def _page(self, state: list[list[Any]]) -> bool:
        """The innermost open field is a PAGE field of a header or footer."""
        return self.footer_fields and bool(state) and state[-1][1].split()[:1] == ["PAGE"]

    def _hidden(self, state: list[list[Any]]) -> bool:
        """Text now is not shown: inside a field's instruction, or the cached result of a page number."""
        return any(
            mode == "instr" or (mode in ("result", "shown") and self.footer_fields and instr.split()[:1] == ["PAGE"])
            for mode, instr, _look in state
        )


def _has_picture(p: ET.Element) -> bool:
    """A picture in the paragraph (a seal, a signature, a chart): a drawing that is not a text box, or VML's."""
    for el in p.iter():
        tag = el.tag
        if tag == DRAWING and not any(True for _ in el.iter(TEXT_BOX)):
            return True
        if tag.endswith("}imagedata"):
            return True
    return False


def _toggle_default(layers: list[ET.Element], tag: str, default: bool) -> bool:
    for layer in layers:
        el = layer.find(f"{W}{tag}")
        if el is not None:
            return el.get(f"{W}val") in TRUE
    return default


def _borders(layers: list[ET.Element]) -> dict[str, Border]:
    out: dict[str, Border] = {}
    for layer in layers:
        pbdr = layer.find(f"{W}pBdr")
        if pbdr is None:
            continue
        for side in pbdr:
            name = side.tag.replace(W, "")
            val = side.get(f"{W}val") or "none"
            if name in out:
                continue
            out[name] = Border(val, _int(side.get(f"{W}sz")) or 0, side.get(f"{W}color"))
    return {k: v for k, v in out.items() if v.val not in ("none", "nil")}


def _frame_top(frame: dict[str, str]) -> int | None:
    """A frame's top edge from the page's top, when it is placed on the page."""
    y = _int(frame.get("y"))
    return y if y is not None and frame.get("vAnchor") == "page" else None


def _boxes(drawing: ET.Element) -> list[tuple[ET.Element, bool, str | None, int | None]]:
    """The text boxes inside a drawing (not its fallback copy), each with: anchored at the page's foot? its
    alignment across the page (wp:positionH/wp:align, or VML's mso-position-horizontal), and its top edge
    from the page's top when it is placed on the page (twips)."""
    out: list[tuple[ET.Element, bool, str | None, int | None]] = []

    def walk(el: ET.Element, bottom: bool, across: str | None, top: int | None) -> None:
        for child in el:
            if child.tag == MC + "Fallback":
                continue
            here, side, y = bottom, across, top
            if child.tag == WP + "anchor":
                align = child.find(f"{WP}positionV/{WP}align")
                here = align is not None and align.text == "bottom"
                h_align = child.find(f"{WP}positionH/{WP}align")
                side = (h_align.text or "").strip() or None if h_align is not None else None
                offset = child.find(f"{WP}positionV/{WP}posOffset")
                page = child.find(f"{WP}positionV")
                if offset is not None and page is not None and page.get("relativeFrom") == "page":
                    y = (_int(offset.text) or 0) // 635  # EMU → twips
            elif child.tag.startswith(V):
                style = dict(
                    (k.strip(), v.strip())
                    for k, _sep, v in (item.partition(":") for item in (child.get("style") or "").split(";"))
                )
                side = style.get("mso-position-horizontal") or side
                here = here or style.get("mso-position-vertical") == "bottom"
            if child.tag == W + "txbxContent":
                out.append((child, here, side, y))
                continue
            walk(child, here, side, y)

    walk(drawing, False, None, None)
    return out


def _look_of_first_run(el: ET.Element, styles: Styles, pstyle: str | None) -> Look:
    r = el.find(f".//{W}r")
    rpr = r.find(f"{W}rPr") if r is not None else None
    rstyle_el = rpr.find(f"{W}rStyle") if rpr is not None else None
    return styles.look(rpr, rstyle_el.get(f"{W}val") if rstyle_el is not None else None, pstyle)


def _merged(runs: list[StyledRun]) -> list[StyledRun]:
    """Neighbouring runs with the same look joined: Word splits runs for spelling marks and revisions."""
    out: list[StyledRun] = []
    for run in runs:
        if out and out[-1].look == run.look and out[-1].emphasis == run.emphasis:
            out[-1] = StyledRun(out[-1].text + run.text, run.look, run.emphasis)
        else:
            out.append(run)
    return out


# --- sections --------------------------------------------------------------------------------------------


def _section(
    sect: ET.Element | None, previous: Section | None, parts: dict[str, list[Paragraph]], rels: dict[str, str]
) -> Section:
    def refs(tag: str, inherited: dict[str, list[Paragraph]]) -> dict[str, list[Paragraph]]:
        out = dict(inherited)
        if sect is not None:
            for ref in sect.findall(f"{W}{tag}Reference"):
                target = rels.get(ref.get(f"{R}id") or "")
                out[ref.get(f"{W}type") or "default"] = parts.get(target or "", [])
        return out

    size = sect.find(f"{W}pgSz") if sect is not None else None
    mar = sect.find(f"{W}pgMar") if sect is not None else None
    grid = sect.find(f"{W}docGrid") if sect is not None else None
    margins = {}
    if mar is not None:
        for key in ("top", "bottom", "left", "right", "footer", "header", "gutter"):
            value = _int(mar.get(f"{W}{key}"))
            if value is not None:
                margins[key] = abs(value)
    title = sect.find(f"{W}titlePg") if sect is not None else None
    return Section(
        width=_int(size.get(f"{W}w")) if size is not None else None,
        height=_int(size.get(f"{W}h")) if size is not None else None,
        margins=margins,
        grid_type=grid.get(f"{W}type") if grid is not None else None,
        line_pitch=_int(grid.get(f"{W}linePitch")) if grid is not None else None,
        char_space=_int(grid.get(f"{W}charSpace")) if grid is not None else None,
        title_page=title is not None and title.get(f"{W}val") in TRUE,
        footers=refs("footer", previous.footers if previous else {}),
        headers=refs("header", previous.headers if previous else {}),
    )


def body_paragraphs(z: Package) -> list[Paragraph]:
    """The paragraphs of word/document.xml's body, each w:r a run of its own, for a caller (the importer)
    that words a broken package its own way: DocxError, Damaged and KeyError pass through."""
    document = z.xml("word/document.xml")
    styles = Styles(z.xml("word/styles.xml") if "word/styles.xml" in z.namelist() else None, {})
    body = document.find(f"{W}body")
    walker = _Walker(styles, merge=False)
    walker.block(body if body is not None else document, "body")
    return walker.out


def read(path: Path) -> Document:
    """The document at `path`; Unreadable (with the reason, for the clerk) when it is not a readable .docx."""
    with _open(path) as z:
        main = _main_part(z, path)
        root = _xml(z, main, path, needed=True)
        assert root is not None
        body = root.find(f"{W}body")
        if body is None:
            raise Unreadable(_("{path} 不完整：文档里没有正文部分").format(path=path))
        styles_name = _by_type(z, main, path, "styles")
        theme_name = _by_type(z, main, path, "theme")
        settings_name = _by_type(z, main, path, "settings")
        theme = _theme_fonts(_xml(z, theme_name, path) if theme_name else None)
        styles = Styles(_xml(z, styles_name, path) if styles_name else None, theme)
        settings = _xml(z, settings_name, path) if settings_name else None
        rels = _relations(z, main, path)
        parts: dict[str, list[Paragraph]] = {}
        for target in set(rels.values()):
            base = posixpath.basename(target)
            if base.startswith(("footer", "header")) and base.endswith(".xml"):
                part_root = _xml(z, target, path)
                if part_root is None:
                    continue
                walker = _Walker(styles, footer_fields=True)
                walker.block(part_root, "footer" if base.startswith("footer") else "header")
                parts[target] = walker.out
    walker = _Walker(styles)
    walker.block(body, "body")
    paragraphs = walker.out
    number = 0
    for para in paragraphs:
        if para.text.strip():
            number += 1
            para.number = number
    sections: list[Section] = []
    sect_elements: list[ET.Element | None] = list(body.iter(f"{W}sectPr"))  # in pPr and at the body's end
    for sect in sect_elements or [None]:
        sections.append(_section(sect, sections[-1] if sections else None, parts, rels))
    even_odd = settings is not None and _toggle_default([settings], "evenAndOddHeaders", False)
    lines = sum(
        1
        for el in body.iter()
        if el.tag == V + "line" or (el.tag == A + "prstGeom" and el.get("prst") in ("line", "straightConnector1"))
    )
    return Document(path, paragraphs, sections, styles, even_odd, styles.names, lines)
