"""The rules that need a page layout (`drafter check --render`): the document laid out by LibreOffice with
the font mapping (drafter.pdf.convert), read back with `pdftotext -bbox-layout`, and measured.

- 22 lines on a full page: pages between the first and the last whose text reaches the foot of the text block;
- 28 characters on a full line: the usual count of lines of Chinese that run from margin to margin (a few
  lines give one up to the rule that no line starts with a full stop, so the usual count is what counts);
- page numbers: on each page (none on page 1 of a 信函), right on odd pages, left on even, about 7 mm below
  the text block;
- the 版记 on the last page, at the foot of the text block;
- page 1 shows body text;
- the 署名 and 成文日期 on one page with body text (GB/T 9704 7.3.5), and never “此页无正文”.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from drafter.checker.anatomy import Anatomy
from drafter.checker.findings import Finding, finding
from drafter.checker.style import Expected
from drafter.i18n import _
from drafter.ooxml.reader import Document

if TYPE_CHECKING:
    from drafter.pdf.convert import Converter

MM = 72 / 25.4  # points in a millimetre
CJK_ONLY = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e“”‘’—…·]+")


class RenderSkipped(Exception):
    """The layout rules could not run here (no LibreOffice, no pdftotext, a conversion that failed)."""


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # words joined without spaces


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[Line]

    def text(self) -> str:
        return "".join(line.text for line in self.lines)


def pages(pdf: Path, pdftotext: str) -> list[Page]:
    command = [pdftotext, "-bbox-layout", str(pdf), "-"]
    xml = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=True, timeout=120).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml[xml.index("<html") :]).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    out = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            text = "".join(w.text or "" for w in line.iter("word"))
            x0, y0, x1, y1 = (float(line.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            lines.append(Line(x0, y0, x1, y1, text))
        out.append(Page(float(page.get("width", 0)), float(page.get("height", 0)), sorted(lines, key=lambda x: x.y0)))
    return out


def check_layout(
    path: Path, doc: Document, parts: Anatomy, style: Expected, converter: Converter | None = None
) -> list[Finding]:
    """The layout findings; RenderSkipped when this machine cannot lay the document out."""
    from drafter.pdf.convert import Converter, PdfError
    from drafter.pdf.find import PdfUnavailable, find_soffice

    if find_soffice() is None:
        raise RenderSkipped(_("本机没有找到 LibreOffice（soffice），需要排版的项目没有检查"))
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise RenderSkipped(_("本机没有 pdftotext（poppler-utils），需要排版的项目没有检查"))
    with tempfile.TemporaryDirectory(prefix="drafter-check-") as tmp:
        pdf = Path(tmp) / "layout.pdf"
        try:
            if converter is None:
                with Converter() as own:
                    own.convert(path, pdf)
            else:
                converter.convert(path, pdf)
            laid_out = pages(pdf, pdftotext)
        except (PdfUnavailable, PdfError, OSError, subprocess.SubprocessError, ET.ParseError) as exc:
            raise RenderSkipped(_("排版失败：{why}").format(why=exc)) from None
    return measure(laid_out, doc, parts, style)


@dataclass(frozen=True)
class TextBlock:
    """The text block (版心) in points from the page's top-left corner."""

    left: float
    right: float
    top: float
    bottom: float
    pitch: float

    def inside(self, line: Line) -> bool:
        return line.y0 >= self.top - self.pitch / 2 and line.y1 <= self.bottom + 3 and line.text.strip() != ""


def text_block(page: Page, style: Expected) -> TextBlock:
    """The text block of a laid-out page, from the house style's margins and pitch."""
    m = style.margins
    return TextBlock(
        m["left"] / 20, page.width - m["right"] / 20, m["top"] / 20, page.height - m["bottom"] / 20, style.pitch / 20
    )


def measure(laid_out: list[Page], doc: Document, parts: Anatomy, style: Expected) -> list[Finding]:
    if not laid_out:
        return []
    block = text_block(laid_out[0], style)
    out: list[Finding] = []
    out += _lines(laid_out, block, style)
    out += _chars(laid_out, block, style)
    out += _page_numbers(laid_out, block, style, parts)
    out += _foot(laid_out, block, doc, parts)
    out += _first_page(laid_out, doc, parts)
    out += _signature(laid_out, block, doc, parts)
    return out


def _rows(page: Page, block: TextBlock) -> list[Line]:
    """The text lines inside the text block, lines at the same height (a 署名 split by a gap) counted once."""
    rows: list[Line] = []
    for line in page.lines:
        if not block.inside(line):
            continue
        if rows and abs(line.y0 - rows[-1].y0) < 2:
            continue
        rows.append(line)
    return rows


def _lines(laid_out: list[Page], block: TextBlock, style: Expected) -> list[Finding]:
    out = []
    for number, page in enumerate(laid_out[1:-1], start=2):
        rows = _rows(page, block)
        if len(rows) < 3:
            continue
        steps = [b.y0 - a.y0 for a, b in zip(rows, rows[1:], strict=False)]
        pitch = sorted(steps)[len(steps) // 2]
        regular = sum(1 for s in steps if abs(s - pitch) < 0.5) >= 0.8 * len(steps)
        # full: starts at the top, and one more line would not fit above the text block's foot
        full = rows[-1].y1 + pitch > block.bottom - 1 and rows[0].y0 - block.top < block.pitch
        if not (regular and full) or abs(pitch - block.pitch) > block.pitch * 0.1:
            continue
        count = round((rows[-1].y0 - rows[0].y0) / pitch) + 1
        if count != style.lines:
            out.append(
                finding(
                    "render-lines",
                    _("每页 {n} 行").format(n=style.lines),
                    _("{n} 行（行距 {pitch} 磅）").format(n=count, pitch=f"{pitch:.2f}"),
                    place=_("第{page}页").format(page=number),
                )
            )
    return out


def _chars(laid_out: list[Page], block: TextBlock, style: Expected) -> list[Finding]:
    char = style.char / 20
    counts: Counter[int] = Counter()
    for page in laid_out:
        for line in page.lines:
            if not block.inside(line) or not CJK_ONLY.fullmatch(line.text):
                continue
            # margin to margin; a full stop hanging past the margin (LibreOffice lets it) is not a full line
            if abs(line.x0 - block.left) < char * 0.3 and abs(line.x1 - block.right) < char * 0.5:
                counts[len(line.text)] += 1
    if sum(counts.values()) < 3:
        return []  # too few full lines of plain Chinese to say what a full line holds
    usual, seen = counts.most_common(1)[0]
    if usual == style.chars:
        return []
    return [
        finding(
            "render-chars",
            _("满行 {n} 字").format(n=style.chars),
            _("满行 {n} 字（{lines} 行如此）").format(n=usual, lines=seen),
            place=_("全文"),
        )
    ]


NUMBER = re.compile(r"^[—－\-–]*\s*(\d+)\s*[—－\-–]*$")


def _page_numbers(laid_out: list[Page], block: TextBlock, style: Expected, parts: Anatomy) -> list[Finding]:
    out = []
    foot = style.foot_char / 20
    missing, misplaced = [], []
    for number, page in enumerate(laid_out, start=1):
        below = [line for line in page.lines if line.y0 > block.bottom + 2 and NUMBER.match(line.text.replace(" ", ""))]
        if number == 1 and parts.format == "信函":
            if below:
                out.append(finding("render-page-number", _("信函格式首页不标页码"), _("首页有页码"), place=_("第1页")))
            continue
        if not below:
            missing.append(number)
            continue
        line = below[0]
        shown = NUMBER.match(line.text.replace(" ", ""))
        assert shown is not None
        right = number % 2 == 1
        gap = block.right - line.x1 if right else line.x0 - block.left
        drop = ((line.y0 + line.y1) / 2 - block.bottom) / MM
        if int(shown.group(1)) != number or abs(gap - foot) > foot / 2 or not 5 <= drop <= 9:
            misplaced.append((number, gap / foot, drop))
    if missing:
        out.append(
            finding(
                "render-page-number",
                _("每页标页码"),
                _("第{pages}页没有页码").format(pages="、".join(map(str, missing))),
                place=_("页脚"),
            )
        )
    for number, gap, drop in misplaced:
        side = _("居右空一字") if number % 2 else _("居左空一字")
        out.append(
            finding(
                "render-page-number",
                _("{side}，在版心下边缘之下约 7 mm").format(side=side),
                _("空 {gap} 字，在版心下 {drop} mm").format(gap=f"{gap:.1f}", drop=f"{drop:.1f}"),
                place=_("第{page}页").format(page=number),
            )
        )
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _foot(laid_out: list[Page], block: TextBlock, doc: Document, parts: Anatomy) -> list[Finding]:
    foot = parts.of(doc, "cc", "printer")
    if not foot:
        return []
    key = _squash(foot[0].plain)[:4]
    found = [
        (number, line)
        for number, page in enumerate(laid_out, start=1)
        for line in page.lines
        if _squash(line.text).startswith(key)
    ]
    if not found:
        return []
    number, _first = found[-1]
    last_page = laid_out[number - 1]
    out = []
    if number != len(laid_out):
        out.append(
            finding(
                "render-foot",
                _("版记在最后一页"),
                _("在第{page}页（共{pages}页）").format(page=number, pages=len(laid_out)),
                foot[0],
            )
        )
    rows = [line for line in last_page.lines if block.inside(line) and line.y0 >= _first.y0]
    bottom = max((line.y1 for line in rows), default=_first.y1)
    if block.bottom - bottom > block.pitch:
        out.append(
            finding(
                "render-foot",
                _("版记在版心下端"),
                _("离版心下边缘 {mm} mm").format(mm=f"{(block.bottom - bottom) / MM:.0f}"),
                foot[0],
            )
        )
    return out


def _first_page(laid_out: list[Page], doc: Document, parts: Anatomy) -> list[Finding]:
    body = parts.of(doc, "body", "heading")
    if not body:
        return []
    start = _squash(body[0].plain)[:6]
    if start and start not in _squash(laid_out[0].text()):
        return [finding("render-first-page", _("首页有正文"), _("首页没有正文，正文从第2页开始"), place=_("第1页"))]
    return []


NO_TEXT = "此页无正文"


def _signature(laid_out: list[Page], block: TextBlock, doc: Document, parts: Anatomy) -> list[Finding]:
    """The page of the 成文日期 (and the 署名 above it) carries lines of the body above them (§7.3.5).

    The date is found as the first laid-out line that is exactly its text, the 署名 as the nearest line of its
    text above it (on the same page, else at the foot of the page before). A line above them on that page is
    body text when it is part of a body paragraph's text."""
    out = []
    for number, page in enumerate(laid_out, start=1):
        if NO_TEXT in _squash(page.text()):
            out.append(
                finding(
                    "render-signature",
                    _("不用“此页无正文”"),
                    _("有“此页无正文”"),
                    place=_("第{page}页").format(page=number),
                )
            )
    dates, signers = parts.of(doc, "date"), parts.of(doc, "signer")
    if not dates:
        return out
    date_text = _squash(dates[0].plain)
    at = next(
        ((n, line) for n, page in enumerate(laid_out) for line in page.lines if _squash(line.text) == date_text), None
    )
    if at is None:
        return out
    number, date_line = at
    page = laid_out[number]
    top = date_line
    if signers:
        signer_text = _squash(signers[0].plain)
        above = [line for line in page.lines if line.y0 < date_line.y0 and _squash(line.text) == signer_text]
        if above:
            top = above[-1]
        elif number and any(_squash(line.text) == signer_text for line in laid_out[number - 1].lines[-3:]):
            out.append(
                finding(
                    "render-signature",
                    _("署名和成文日期在同一页"),
                    _("署名在第{a}页，成文日期在第{b}页").format(a=number, b=number + 1),
                    signers[0],
                )
            )
    body = "".join(_squash(p.plain) for p in parts.of(doc, "body", "heading", "cell") if p.index < dates[0].index)
    text_above = [
        _squash(line.text)
        for line in page.lines
        if block.inside(line) and line.y0 < top.y0 - 1 and len(_squash(line.text)) >= 2
    ]
    if not any(line in body for line in text_above):
        out.append(
            finding(
                "render-signature",
                _("署名、成文日期与正文在同一页（不用“此页无正文”）"),
                _("第{page}页只有署名、成文日期，没有正文").format(page=number + 1),
                dates[0],
            )
        )
    return out
