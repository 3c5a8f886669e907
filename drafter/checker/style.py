"""The house style a document is checked against: the numbers the renderer itself uses.

They are read from the template .docx the renderer fills (the bureau's own letter.docx or document.docx, else
the base library's), so a bureau that restyles its template in Word is checked against its restyling, and
the bureau's declared `house_style:` deviations are laid over them as the writer lays them over the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.letter.geometry import Geometry, geometry
from drafter.library.search import BASE, BureauFolder, base_settings
from drafter.ooxml.reader import Look, Styles, read
from drafter.ooxml.reader import _borders as borders

# the 公文 type families, by what their names contain (仿宋 before 宋, 小标宋 before 宋)
FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("小标宋", ("小标宋", "xiaobiaosong", "xbs")),
    ("仿宋", ("仿宋", "fangsong", "fandolfang", "fang song")),
    ("楷体", ("楷", "kai")),
    ("黑体", ("黑", "hei")),
    ("宋体", ("宋", "simsun", "song", "ming")),
)
CJK_LATIN_NAMES = ("simsun", "nsimsun", "simhei", "dengxian", "yahei", "mingliu", "pmingliu", "noto", "source han")


def family(name: str | None) -> str | None:
    """The 公文 family a font name belongs to: 仿宋_GB2312, FangSong and 方正仿宋_GBK are all 仿宋."""
    if not name:
        return None
    low = name.casefold()
    for key, marks in FAMILIES:
        if any(m in low for m in marks):
            return key
    return None


def east_asian(name: str | None) -> bool:
    """A font that has Chinese punctuation in Chinese form (not a Latin face like Times New Roman)."""
    if not name:
        return False
    low = name.casefold()
    return family(name) is not None or not name.isascii() or any(n in low for n in CJK_LATIN_NAMES)


@dataclass(frozen=True)
class Expected:
    """The numbers of one house style for one format (信函 or 文件): the page's from `geometry`, the writer's own."""

    geometry: Geometry  # page, margins, footer, line pitch, body character, 版记 size, 成文日期's indent
    body_font: str  # a family of FAMILIES
    title_font: str
    title_bold: bool
    headings: dict[int, tuple[str, bool]]  # level → (family, bold)
    number_font: str
    number_size: int
    red: str
    foot_rules: tuple[int, int, int] | None  # 版记 rule sizes (eighths of a point), None in 信函
    date_style: str  # arabic | chinese

    page = property(lambda self: self.geometry.page)  # twips
    margins = property(lambda self: self.geometry.margins)
    footer = property(lambda self: self.geometry.footer)
    pitch = property(lambda self: self.geometry.pitch)
    size = property(lambda self: self.geometry.size)  # half-points
    title_size = property(lambda self: self.geometry.title_size)
    advance = property(lambda self: self.geometry.advance)
    text_width = property(lambda self: self.geometry.text_width)
    text_height = property(lambda self: self.geometry.text_height)
    lines = property(lambda self: self.geometry.lines)
    chars = property(lambda self: self.geometry.chars)
    char = property(lambda self: self.geometry.char)  # one 3号 character: the unit of 空N字
    foot_size = property(lambda self: self.geometry.foot_size)
    foot_char = property(lambda self: self.geometry.foot_char)  # one 4号 character
    date_right = property(lambda self: self.geometry.date_right)  # characters right of the 成文日期


def _look(styles: Styles, pstyle: str, rstyle: str | None = None) -> Look:
    return styles.look(None, rstyle, pstyle)


def expected(entry: BureauFolder | None, form: str) -> Expected:
    """The house style of `form` (信函, 文件, or 无版头 which takes the 文件 template) for a bureau, or the base."""

    name = "letter.docx" if form == "信函" else "document.docx"
    template = entry.template(name) if entry is not None else BASE / name
    settings = entry.settings if entry is not None else base_settings()
    doc = read(template)
    styles = doc.styles
    body = _look(styles, "GwBody")
    title = _look(styles, "GwTitle")
    number = _look(styles, "GwPageNumber")
    declared = settings.house_style
    bold_levels = set(declared.bold_headings or ())
    headings = {}
    for level in range(1, 5):
        look = _look(styles, f"GwHeading{level}", f"GwH{level}")
        headings[level] = (family(look.east_asia) or "", look.bold or level in bold_levels)
    rules = None
    if form != "信函":
        cc = borders(styles.ppr_layers(None, "GwCc"))
        printer = borders(styles.ppr_layers(None, "GwPrinter"))
        if "top" in cc and "bottom" in printer:
            middle = cc.get("bottom") or printer.get("top")
            rules = (cc["top"].size, middle.size if middle else 0, printer["bottom"].size)
    return Expected(
        geometry=geometry(template, declared),
        body_font=family(body.east_asia) or "仿宋",
        title_font=family(title.east_asia) or "小标宋",
        title_bold=title.bold,
        headings=headings,
        number_font=family(number.ascii or number.east_asia) or "宋体",
        number_size=number.size or 28,
        red=(_look(styles, "GwLetterhead").color or "FF0000").upper(),
        foot_rules=rules,
        date_style=settings.date_style or "arabic",
    )
