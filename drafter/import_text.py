"""The lines of an existing letter, from a .txt (copied from a web page or a PDF) or a .docx.

Web-page furniture (breadcrumbs, the 索引号 / 发布机构 table, 打印本页 关闭窗口, page numbers) is set
aside here, so that what the importer parses is the letter and only the letter. Nothing else is dropped:
every other character reaches the parser, which places it or keeps it as a plain paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from .docx_zip import Damaged, DocxError, Package
from .files import refuse_special
from .i18n import _
from .limits import MAX_TEXT_BYTES
from .problems import InputError, Problem

SUFFIXES = (".txt", ".docx")
BREAKS = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class SourceLine:
    """One line of a .txt, or one paragraph or table row of a .docx; `number` is where it was (1-based)."""

    number: int
    text: str
    cells: tuple[str, ...] | None = None  # a table row


@dataclass
class Source:
    path: Path
    lines: list[SourceLine]
    unit: str  # how a place is named: 行 for a .txt, 段 for a .docx
    furniture: list[SourceLine] = field(default_factory=list)

    def where(self, number: int) -> str:
        return _("第{n}行").format(n=number) if self.unit == "行" else _("第{n}段").format(n=number)


# ---------------------------------------------------------------- reading


def read_source(path: Path) -> Source:
    """The source's lines; an unreadable, empty or unsupported file is a clear problem, not a crash."""
    suffix = path.suffix.lower()
    if path.is_dir():
        message = _("这是一个文件夹；导入文件夹里的全部信件请写 drafter import 文件夹 -o 输出文件夹")
        raise InputError([Problem(path, message)])
    if suffix == ".doc":
        raise InputError([Problem(path, _("不能读取旧版 Word 文件（.doc）；请在 Word 中“另存为” .docx 后再导入"))])
    if suffix not in SUFFIXES:
        raise InputError([Problem(path, _("只能导入 .txt 或 .docx 文件"))])
    refuse_special(path)
    try:
        size = path.stat().st_size
        if suffix == ".txt" and size > MAX_TEXT_BYTES:
            message = _("文件太大：{size} 字节，导入的 .txt 最多 {limit} 字节")
            raise InputError([Problem(path, message.format(size=f"{size:,}", limit=f"{MAX_TEXT_BYTES:,}"))])
        data = path.read_bytes() if suffix == ".txt" else b""  # a .docx is read part by part, within limits
    except FileNotFoundError:
        raise InputError([Problem(path, _("找不到这个文件"))]) from None
    except OSError as exc:
        raise InputError([Problem(path, _("无法读取这个文件（{reason}）").format(reason=exc.strerror))]) from None
    if suffix == ".docx":
        lines = _docx_lines(path, data)
        unit = "段"
    else:
        lines = [
            SourceLine(n, part)
            for n, text in enumerate(re.split(r"\r\n|\r|\n", _decode(path, data)), start=1)
            for part in BREAKS.split(text)  # a form feed (a PDF's page break) ends a line too; numbers as an editor's
        ]
        unit = "行"
    if not any(line.text.strip() or line.cells for line in lines):
        raise InputError([Problem(path, _("文件是空的，没有可导入的文字"))])
    return Source(path, lines, unit)


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM); GB18030 as saved by Notepad on a Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem(path, _("无法识别文件的编码；请在记事本中“另存为”，编码选 UTF-8"))])


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _docx_lines(path: Path, data: bytes) -> list[SourceLine]:
    try:
        with Package(path) as archive:  # the limits on size, methods and XML depth: drafter/docx_zip.py
            document = archive.xml("word/document.xml")
            styles = archive.xml("word/styles.xml") if "word/styles.xml" in archive.namelist() else None
    except (Damaged, KeyError):
        raise InputError([Problem(path, _("这个 .docx 文件已损坏或不是 Word 文件，无法读取"))]) from None
    except DocxError as exc:
        raise InputError([Problem(path, str(exc))]) from None
    bold_styles = _bold_styles(styles)
    body = document.find(f"{W}body")
    rows: list[tuple[str, tuple[str, ...] | None]] = []
    _walk(body if body is not None else document, rows, bold_styles)
    lines = []
    for n, (text, cells) in enumerate(rows, start=1):
        if cells is not None:
            lines.append(SourceLine(n, text, cells))
        else:  # a line break inside a paragraph (a title set over two lines) ends a line, as in a .txt
            lines += [SourceLine(n, part) for part in text.split("\n")]
    return lines


def _bold_styles(styles: ET.Element | None) -> set[str]:
    """Character styles that make their runs bold (公文-一是加粗): bold in the letter, as **…** here."""
    found: set[str] = set()
    for style in styles.iter(f"{W}style") if styles is not None else ():
        bold = style.find(f"{W}rPr/{W}b")
        if bold is not None and bold.get(f"{W}val") not in ("0", "false"):
            found.add(style.get(f"{W}styleId") or "")
    return found


def _walk(parent: ET.Element, rows: list[tuple[str, tuple[str, ...] | None]], bold: set[str]) -> None:
    for child in parent:
        if child.tag == f"{W}p":
            rows.append((_paragraph_text(child, bold), None))
            for box in child.iter(f"{W}txbxContent"):  # the 版记 box: its paragraphs follow their anchor
                if not _inside_fallback(child, box):
                    _walk(box, rows, bold)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = tuple(
                    "\n".join(t for t in (_paragraph_text(p, bold) for p in cell.iter(f"{W}p")) if t.strip())
                    for cell in row.findall(f"{W}tc")
                )
                rows.append((" | ".join(cells), cells))
        elif child.tag not in (f"{W}sectPr", f"{MC}Fallback"):
            _walk(child, rows, bold)


def _inside_fallback(paragraph: ET.Element, box: ET.Element) -> bool:
    """A text box written twice (DrawingML and VML fallback) is read once, from the DrawingML."""
    return any(node is box for fallback in paragraph.iter(f"{MC}Fallback") for node in fallback.iter())


def _paragraph_text(paragraph: ET.Element, bold_styles: set[str]) -> str:
    pieces: list[str] = []
    for run in paragraph.iter(f"{W}r"):
        if any(run is node for fb in paragraph.iter(f"{MC}Fallback") for node in fb.iter()):
            continue
        if any(run is node for box in paragraph.iter(f"{W}txbxContent") for node in box.iter()):
            continue
        text = "".join(
            (el.text or "") if el.tag == f"{W}t" else ("\n" if el.tag in (f"{W}br", f"{W}cr") else " ")
            for el in run
            if el.tag in (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr")
        )
        props = run.find(f"{W}rPr")
        is_bold = False
        if props is not None:
            direct = props.find(f"{W}b")
            style = props.find(f"{W}rStyle")
            is_bold = (direct is not None and direct.get(f"{W}val") not in ("0", "false")) or (
                style is not None and style.get(f"{W}val") in bold_styles
            )
        pieces.append(f"**{text}**" if is_bold and text.strip() else text)
    return "".join(pieces).replace("****", "")


# ---------------------------------------------------------------- web furniture

FURNITURE = re.compile(
    r"^\s*(?:"
    r"(?:索引号|主题分类|发布机构|发文机关|发文日期|成文日期|发布日期|发布时间|公开方式|公开范围|有效性|信息来源|来源|"
    r"浏览次数|访问量|点击数|文号|作者|责任编辑)\s*[:：]"
    r"|.*(?:打印本页|关闭窗口|【打印】|【关闭】|\[打印\]|\[关闭\]|扫一扫在手机|分享到)"
    r"|(?:当前位置|您现在的位置|您所在的位置)\s*[:：]?"
    r"|首页\s*[>›»＞/]"
    r"|[—－\-–]\s*\d+\s*[—－\-–]"  # a page number of a PDF: — 3 —
    r"|字号\s*[:：]?\s*[\[【(（]?\s*(?:大\s*中\s*小)?\s*[\]】)）]?"
    r")"
)
PAGE_NUMBER = re.compile(r"^[—－\-–]\s*\d+\s*[—－\-–]$")


def is_furniture(text: str) -> bool:
    stripped = text.strip()
    if PAGE_NUMBER.match(stripped):
        return True
    return bool(stripped) and bool(FURNITURE.match(stripped))


def letter_lines(source: Source) -> list[SourceLine]:
    """The source's non-empty lines, furniture set aside (kept in `source.furniture` for the report)."""
    kept: list[SourceLine] = []
    for line in source.lines:
        if line.cells is None and not line.text.strip():
            continue
        if line.cells is None and is_furniture(line.text):
            source.furniture.append(line)
            continue
        kept.append(line)
    return kept


# ---------------------------------------------------------------- punctuation

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def cjk(ch: str) -> bool:
    """A Chinese character or full-width punctuation mark (anything from the CJK blocks up)."""
    return bool(ch) and ord(ch) >= 0x2E80


def full_width(text: str) -> str:
    """ASCII , ; : ? ! ( ) beside Chinese become their full-width forms (GB/T 15834).

    Copies from web pages often carry half-width marks; a URL (http://…), a time (10:30) or a number
    keeps its own. Parentheses change in pairs, when either of them touches Chinese inside or out.
    """
    chars = list(text)
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            pairs.append((opened.pop(), i))

    def at(i: int) -> str:
        return chars[i] if 0 <= i < len(chars) else ""

    for left, right in pairs:
        if any(cjk(at(i)) for i in (left - 1, left + 1, right - 1, right + 1)):
            chars[left], chars[right] = "（", "）"
    for i, ch in enumerate(chars):
        if ch in ",;:?!":
            before, after = at(i - 1), at(i + 1)
            if ch == ":" and after == "/":
                continue  # http://
            if cjk(before) or (cjk(after) and not before.isdigit()):
                chars[i] = HALF_TO_FULL[ch]
    return "".join(chars)


def squeeze(text: str) -> str:
    """Spaces between Chinese characters removed: 答 复 函 → 答复函 (spaced out to centre a short title)."""
    return re.sub(r"(?<=[^\x00-\x7f])[ \u3000\t]+(?=[^\x00-\x7f])", "", text.strip())


# ---------------------------------------------------------------- page breaks

SENTENCE_END = tuple("。！？；：…”’）)》」』】")
MID_SENTENCE = tuple("，、（“《‘")


def cut_mid_sentence(first: str, second: str, starts_structure: bool) -> bool:
    """Whether `second` continues `first`, which a page break (or a PDF's line wrap) cut mid-sentence.

    A short line without a full stop is a heading or a label, not a cut; a line that begins a heading,
    an item or a table does not continue anything.
    """
    text = first.rstrip().removesuffix("**")
    if not text or starts_structure or not second.strip():
        return False
    if text.endswith(SENTENCE_END):
        return False
    return text.endswith(MID_SENTENCE) or len(text) > 30
