"""Write the base library's template .docx files (信函格式 and 文件格式) from the house-style numbers.

The .docx files in templates/base/ are the source of the look once a bureau edits them in Word; this
script only makes the first versions reproducibly, so that every number can be traced to
../shared/docs/house-style.md. Run it after changing a number here:

    python scripts/build_base_templates.py
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)

# page geometry (twips): A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = 2098, 1984, 1587, 1474
TEXT_W = PAGE_W - LEFT - RIGHT  # 8845: the 156 mm text block
LINE = 579  # exact 28.95 pt: 22 lines in the 225 mm text block
FOOTER = 1450  # page number about 7 mm below the text block
RED = "FF0000"

FANG = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
XBS = "方正小标宋简体"
SONG = "宋体"
LATIN = "Times New Roman"


def fonts(east: str, latin: str = LATIN) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}" w:hint="eastAsia"/>'


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def pstyle(sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal", extra: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="{based}"/><w:qFormat/>{extra}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>'
    )


def cstyle(sid: str, name: str, rpr: str) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
        f"<w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>"
    )


def line(rule: int = LINE) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{rule}" w:lineRule="exact"/>'


NO_INDENT = '<w:keepNext/><w:ind w:firstLine="0"/>'
BODY_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'


def styles(kind: str) -> str:
    """styles.xml: one paragraph style per block role, one character style per run role."""
    letter = kind == "letter"
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{fonts(FANG)}{size(32)}<w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'{line()}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    normal = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:widowControl w:val="0"/>{line()}<w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{fonts(FANG)}<w:spacing w:val="-5"/>{size(32)}</w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    )
    red_rule = f'w:color="{RED}"'
    out = [defaults, normal]
    if letter:
        # 信函格式: the bureau's name 30 mm from the paper top, red double rule (thick over thin, 170 mm)
        frame = (
            '<w:framePr w:w="9638" w:h="0" w:wrap="around" w:vAnchor="page" w:hAnchor="page" '
            'w:xAlign="center" w:y="1701"/>'
        )
        border = f'<w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="2" {red_rule}/></w:pBdr>'
        out.append(
            pstyle(
                "GwLetterhead",
                "公文-发文机关标志",
                f'{frame}{border}{line(720)}<w:jc w:val="center"/>',
                f'{fonts(XBS)}<w:color w:val="{RED}"/><w:spacing w:val="20"/>{size(60)}',
            )
        )
        foot_frame = (
            '<w:framePr w:w="9638" w:h="0" w:wrap="around" w:vAnchor="page" w:hAnchor="page" '
            'w:xAlign="center" w:y="15704"/>'
        )
        # 上细下粗 as a top border: Word draws the first-named line inside, toward the text (MS-OI29500 2.1.528)
        foot_border = f'<w:pBdr><w:top w:val="thickThinSmallGap" w:sz="24" w:space="1" {red_rule}/></w:pBdr>'
        out.append(pstyle("GwLetterheadFoot", "公文-信函下双线", f"{foot_frame}{foot_border}{line(240)}", size(16)))
        out.append(pstyle("GwDocNumber", "公文-发文字号", '<w:jc w:val="right"/>'))
    else:
        # 文件格式: "XX局文件" 35 mm below the text block top, 发文字号 centred with a red rule 4 mm below
        out.append(
            pstyle(
                "GwLetterhead",
                "公文-发文机关标志",
                '<w:spacing w:before="1247" w:after="0" w:line="1040" w:lineRule="exact"/><w:jc w:val="center"/>',
                f'{fonts(XBS)}<w:color w:val="{RED}"/><w:spacing w:val="0"/>{size(72)}',
            )
        )
        rule = f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" {red_rule}/></w:pBdr>'
        out.append(pstyle("GwDocNumber", "公文-发文字号", f'{rule}<w:jc w:val="center"/>'))
    out += [
        pstyle("GwBlank", "公文-空行"),
        pstyle(
            "GwTitle",
            "公文-标题",
            # off the line grid: LibreOffice gives a 2号 line on the grid two grid lines, Word one exact line
            '<w:keepNext/><w:snapToGrid w:val="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            f'{fonts(XBS)}<w:spacing w:val="0"/>{size(44)}',
        ),
        pstyle("GwSalutation", "公文-主送机关", '<w:keepNext/><w:ind w:firstLine="0"/>'),
        pstyle("GwBody", "公文-正文", BODY_INDENT),
        pstyle("GwHeading1", "公文-一级标题", f'<w:keepNext/>{BODY_INDENT}<w:outlineLvl w:val="1"/>', fonts(HEI)),
        pstyle("GwHeading2", "公文-二级标题", f'<w:keepNext/>{BODY_INDENT}<w:outlineLvl w:val="2"/>', fonts(KAI)),
        pstyle("GwHeading3", "公文-三级标题", f'<w:keepNext/>{BODY_INDENT}<w:outlineLvl w:val="3"/>', fonts(FANG)),
        pstyle("GwHeading4", "公文-四级标题", f'<w:keepNext/>{BODY_INDENT}<w:outlineLvl w:val="4"/>', fonts(FANG)),
        pstyle("GwClosing", "公文-结束语", BODY_INDENT),
        pstyle("GwContact", "公文-联系人", BODY_INDENT),
        pstyle("GwSigner", "公文-署名", '<w:keepNext/><w:keepLines/><w:jc w:val="right"/>'),
        pstyle("GwDate", "公文-成文日期", '<w:ind w:right="1280"/><w:jc w:val="right"/>'),
        pstyle("GwNote", "公文-附注", BODY_INDENT),
        pstyle("GwPageNumber", "公文-页码", line(300), f'{fonts(SONG, SONG)}<w:spacing w:val="0"/>{size(28)}'),
        # marks: result class and 公开属性 top-left (or right of the title), 签发人 with the name in 楷体
        pstyle("GwMark", "公文-标注", '<w:ind w:firstLine="0"/><w:jc w:val="left"/>'),
        pstyle("GwMarkRight", "公文-标题右上标注", '<w:keepNext/><w:ind w:firstLine="0"/><w:jc w:val="right"/>'),
        # 报告: the dateline under the title, （2024年5月28日在……会议上）
        pstyle("GwDateline", "公文-题注", '<w:keepNext/><w:jc w:val="center"/>', fonts(KAI)),
        # 附件说明 (§7.3.4): 左空二字 "附件："; wrapped lines and later names align with the first name
        pstyle("GwAttachmentNote", "公文-附件说明", '<w:ind w:left="1600" w:hanging="960"/>'),
        pstyle("GwAttachmentNoteMore", "公文-附件说明续", '<w:ind w:left="1600" w:firstLine="0"/>'),
        # the attachment's own pages: 附件 / 附件2 in 3号黑体 顶格 on line 1 of a new page
        pstyle(
            "GwAttachmentLabel",
            "公文-附件标识",
            '<w:keepNext/><w:pageBreakBefore/><w:ind w:firstLine="0"/>',
            fonts(HEI),
        ),
        # tables (清单式答复, 征询意见表): 4号, single exact lines, head in 黑体
        pstyle("GwTableHead", "公文-表头", f'{line(480)}<w:jc w:val="center"/>', f"{fonts(HEI)}{size(28)}"),
        pstyle("GwTableCell", "公文-表格", f'{line(480)}<w:jc w:val="both"/>', size(28)),
        pstyle("GwTableNumber", "公文-表格序号", f'{line(480)}<w:jc w:val="center"/>', size(28)),
        pstyle("GwTableLabel", "公文-表格栏目", f'{line(480)}<w:jc w:val="center"/>', f"{fonts(HEI)}{size(28)}"),
        cstyle("GwIssuerName", "公文-签发人姓名", fonts(KAI)),
        cstyle("GwH1", "公文-一级标题字", fonts(HEI)),
        cstyle("GwH2", "公文-二级标题字", fonts(KAI)),
        cstyle("GwH3", "公文-三级标题字", fonts(FANG)),
        cstyle("GwH4", "公文-四级标题字", fonts(FANG)),
        cstyle("GwRunIn", "公文-一是", ""),
        cstyle("GwRunInBold", "公文-一是加粗", "<w:b/><w:bCs/>"),
    ]
    # 版记 (the writer puts it in a text box at the foot of the last page); 抄送 wraps after the colon
    cc_ind = '<w:ind w:left="1120" w:right="280" w:hanging="840"/>'
    cc_rpr = f'<w:spacing w:val="0"/>{size(28)}'
    if letter:
        out.append(pstyle("GwCc", "公文-抄送", cc_ind, cc_rpr))
        out.append(pstyle("GwPrinter", "公文-印发", "", cc_rpr))
    else:
        cc_bdr = (
            '<w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
            '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        )
        pr_bdr = '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W - 280}"/></w:tabs>'
        out.append(pstyle("GwCc", "公文-抄送", f"{cc_bdr}{cc_ind}", cc_rpr))
        out.append(pstyle("GwPrinter", "公文-印发", f'{pr_bdr}{tabs}<w:ind w:left="280" w:right="0"/>', cc_rpr))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">{"".join(out)}</w:styles>'
    )


def footer(side: str) -> str:
    """A page-number footer: — N — in 4号 宋体, odd pages right, even pages left, one character in."""
    body = ""
    if side in ("odd", "even"):
        jc, ind = ("right", '<w:ind w:right="280"/>') if side == "odd" else ("left", '<w:ind w:left="280"/>')
        rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
        body = (
            f'<w:p><w:pPr><w:pStyle w:val="GwPageNumber"/>{ind}<w:jc w:val="{jc}"/></w:pPr>'
            f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{rpr}<w:t>1</w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
        )
    else:
        body = '<w:p><w:pPr><w:pStyle w:val="GwPageNumber"/></w:pPr></w:p>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:ftr>'
    )


def document(kind: str) -> str:
    letter = kind == "letter"
    refs = '<w:footerReference w:type="default" r:id="rIdFtrOdd"/><w:footerReference w:type="even" r:id="rIdFtrEven"/>'
    if letter:
        refs += '<w:footerReference w:type="first" r:id="rIdFtrFirst"/>'
    sect = (
        f'<w:sectPr>{refs}<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" '
        f'w:header="851" w:footer="{FOOTER}" w:gutter="0"/>'
        f"{'<w:titlePg/>' if letter else ''}"
        f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" {DRAWING_NS}><w:body>'
        "<w:p><w:r><w:t>{{p blocks }}</w:t></w:r></w:p>"
        f"{sect}</w:body></w:document>"
    )


SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat></w:settings>'
)

FONT_TABLE = (
    # the fonts the styles name, with their character sets, so Word substitutes a missing 公文 font sensibly
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:fonts xmlns:w="{W_NS}">'
    + "".join(
        f'<w:font w:name="{name}"><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="variable"/></w:font>'
        for name, charset, family in (
            (FANG, "86", "modern"),
            (KAI, "86", "modern"),
            (HEI, "86", "modern"),
            (XBS, "86", "script"),
            (SONG, "86", "auto"),
            (LATIN, "00", "roman"),
        )
    )
    + "</w:fonts>"
)

# a minimal DrawingML theme: Word requires the part; every font the styles use is named explicitly, not by theme
_SCHEME = "".join(
    f'<a:{slot}><a:srgbClr val="{rgb}"/></a:{slot}>'
    for slot, rgb in (
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    )
)
_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = f'<a:ln w="6350">{_FILL}</a:ln>'
THEME = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="drafter"><a:themeElements>'
    '<a:clrScheme name="drafter"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    f'<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>{_SCHEME}</a:clrScheme>'
    f'<a:fontScheme name="drafter"><a:majorFont><a:latin typeface="{LATIN}"/><a:ea typeface="{HEI}"/>'
    f'<a:cs typeface="{LATIN}"/></a:majorFont><a:minorFont><a:latin typeface="{LATIN}"/><a:ea typeface="{FANG}"/>'
    f'<a:cs typeface="{LATIN}"/></a:minorFont></a:fontScheme>'
    f'<a:fmtScheme name="drafter"><a:fillStyleLst>{_FILL * 3}</a:fillStyleLst>'
    f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
    f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_FILL * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer3.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{REL}styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{REL}settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFontTable" Type="{REL}fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdTheme" Type="{REL}theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rIdFtrOdd" Type="{REL}footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFtrEven" Type="{REL}footer" Target="footer2.xml"/>'
    f'<Relationship Id="rIdFtrFirst" Type="{REL}footer" Target="footer3.xml"/>'
    "</Relationships>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title></dc:title><dc:creator>drafter</dc:creator>"
    "</cp:coreProperties>"
)


def build(kind: str, path: Path) -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "word/document.xml": document(kind),
        "word/styles.xml": styles(kind),
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": FONT_TABLE,
        "word/theme/theme1.xml": THEME,
        "word/_rels/document.xml.rels": DOC_RELS,
        "word/footer1.xml": footer("odd"),
        "word/footer2.xml": footer("even"),
        "word/footer3.xml": footer("first"),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def main() -> int:
    base = Path(__file__).resolve().parent.parent / "templates" / "base"
    base.mkdir(parents=True, exist_ok=True)
    build("letter", base / "letter.docx")
    build("document", base / "document.docx")
    print(f"wrote {base / 'letter.docx'} and {base / 'document.docx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
