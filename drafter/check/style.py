"""The house style a document is checked against: the numbers the renderer itself uses.

They are read from the template .docx the renderer fills (the bureau's own letter.docx or document.docx, else
the base library's), so a bureau that restyles its template in Word is checked against its restyling, and
the bureau's declared `house_style:` deviations are laid over them as the writer lays them over the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..library import BASE, Entry, base_settings
from .reader import Look, Styles, read
from .reader import _borders as borders
from .reader import _first as first

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
    """The numbers of one house style for one format (信函 or 文件)."""

    page: tuple[int, int]  # twips
    margins: dict[str, int]  # top, bottom, left, right (twips)
    footer: int  # pgMar footer: the page number's distance from the paper's foot
    pitch: int  # line pitch in twips (579: exact 28.95 pt)
    size: int  # body size in half-points (32: 三号)
    advance: int  # one body character's advance in twips (size + run spacing)
    body_font: str  # a family of FAMILIES
    title_font: str
    title_size: int
    title_bold: bool
    headings: dict[int, tuple[str, bool]]  # level → (family, bold)
    number_font: str
    number_size: int
    foot_size: int
    red: str
    date_right: float  # characters between the 成文日期 and the right edge (sealed letters)
    foot_rules: tuple[int, int, int] | None  # 版记 rule sizes (eighths of a point), None in 信函
    date_style: str  # arabic | chinese

    @property
    def text_width(self) -> int:
        return self.page[0] - self.margins["left"] - self.margins["right"]

    @property
    def text_height(self) -> int:
        return self.page[1] - self.margins["top"] - self.margins["bottom"]

    @property
    def lines(self) -> int:
        return self.text_height // self.pitch

    @property
    def chars(self) -> int:
        return self.text_width // self.advance

    @property
    def char(self) -> int:
        """One 3号 character in twips: the unit of 空N字."""
        return self.size * 10

    @property
    def foot_char(self) -> int:
        """One 4号 character: the unit of the 版记's and the page number's 空一字."""
        return self.foot_size * 10


def _look(styles: Styles, pstyle: str, rstyle: str | None = None) -> Look:
    return styles.look(None, rstyle, pstyle)


def expected(entry: Entry | None, form: str) -> Expected:
    """The house style of `form` (信函, 文件, or 无版头 which takes the 文件 template) for a bureau, or the base."""
    from ..housestyle import margin_twips, twips  # the model: loaded only when the style is computed

    name = "letter.docx" if form == "信函" else "document.docx"
    template = entry.template(name) if entry is not None else BASE / name
    settings = entry.settings if entry is not None else base_settings()
    doc = read(template)
    styles = doc.styles
    section = doc.sections[-1]
    body = _look(styles, "GwBody")
    title = _look(styles, "GwTitle")
    number = _look(styles, "GwPageNumber")
    declared = settings.house_style
    margins = {k: section.margins.get(k, 0) for k in ("top", "bottom", "left", "right")}
    margins.update(margin_twips(declared))
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
    date_right = first(styles.ppr_layers(None, "GwDate"), "ind", "right")
    size = body.size or 32
    return Expected(
        page=(section.width or 11906, section.height or 16838),
        margins=margins,
        footer=section.margins.get("footer", 1450),
        pitch=twips(declared.line_pitch) if declared.line_pitch else section.line_pitch or 579,
        size=size,
        advance=size * 10 + body.spacing,
        body_font=family(body.east_asia) or "仿宋",
        title_font=family(title.east_asia) or "小标宋",
        title_size=title.size or 44,
        title_bold=title.bold,
        headings=headings,
        number_font=family(number.ascii or number.east_asia) or "宋体",
        number_size=number.size or 28,
        foot_size=_look(styles, "GwCc").size or 28,
        red=(_look(styles, "GwLetterhead").color or "FF0000").upper(),
        date_right=int(date_right) / (size * 10) if date_right else 4.0,
        foot_rules=rules,
        date_style=settings.date_style or "arabic",
    )
