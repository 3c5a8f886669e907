"""The limits that keep hostile or mistaken input bounded in time and memory; one owner for each number.

Each limit is far above what a real letter needs and low enough that passing it ends in a plain message
(exit 2) within seconds and a few hundred MB. README.md lists them for clerks, docs/limits.md for
maintainers. The checks on letter data here walk plain data (a YAML tree or a wizard's draft) without
recursion and know nothing of the model beyond the names `body`, `heading` and `doc_number`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drafter.i18n import _

# ---------------------------------------------------------------- YAML
MAX_YAML_BYTES = 512_000  # a YAML file read whole (a letter: some 10 KB; batch files are streamed a letter at a time)
MAX_ALIASES = 5_000  # uses of an alias (*name) in one file (a batch of 1,000 letters may repeat a few things each)
MAX_ALIAS_CHARS = 1_000_000  # characters that aliases add to a file, counted with what they repeat
MAX_DEPTH = 40  # nesting of mappings and lists in a letter (four heading levels need about 14)

# ---------------------------------------------------------------- one letter
MAX_FIELD_CHARS = 50_000  # characters in one text field (a body paragraph of 50,000 is some 60 pages)
MAX_NODES = 200_000  # values in one letter, all fields counted
MAX_LETTER_CHARS = 1_000_000  # characters of text in one letter, all fields counted
MAX_LETTER_YAML = 2_000_000  # characters of YAML one letter of a batch file takes (read one at a time)
MAX_PARAGRAPHS = 5_000  # paragraphs, headings, items and table rows in one letter's body
MAX_HEADINGS = 1_000  # headings in one letter's body
MAX_SERIAL = 999_999  # the serial of a 发文字号 (six digits)
MAX_RESERVE = 10_000  # numbers reserved by hand at once (drafter number next --count)

# ---------------------------------------------------------------- files read by check and import
MAX_TEXT_BYTES = 5_000_000  # a .txt to import (a long letter copied from a web page: some 30 KB)
MAX_SOURCE_LINES = 10_000  # lines of a .txt, or paragraphs and table rows of a .docx, to import (a letter: some 300)
MAX_DOCX_PARAGRAPHS = 20_000  # paragraphs in one .docx read by check or import (some 400 pages)
MAX_DOCX_BYTES = 200_000_000  # the file itself
MAX_ZIP_ENTRIES = 10_000  # parts in the package
MAX_PART_BYTES = 32_000_000  # one part read (document.xml, styles.xml, …), uncompressed
MAX_READ_BYTES = 96_000_000  # all parts read from one .docx, uncompressed
MAX_XML_DEPTH = 200  # nesting of XML elements (a real letter: about 20)
MAX_XML_ELEMENTS = 1_000_000  # XML elements read from one .docx (a ten-page letter: some 10,000)
ZIP_METHODS = {0: "stored", 8: "deflate"}  # what Word writes; others are refused

# ---------------------------------------------------------------- 交办清单 read by drafter new
MAX_SHEET_BYTES = 20_000_000  # the .xlsx or .csv file (a list of 500 items: some 100 KB)
MAX_SHEET_UNPACKED = 30_000_000  # an .xlsx's parts, uncompressed, as the zip declares them (zip bombs)
MAX_SHEET_ROWS = 5_000  # rows with something in them (a city's list: a few hundred items; a province's: ~1,000)
MAX_SHEET_COLUMNS = 100  # columns read; a header further right is not looked for
MAX_BLANK_ROWS = 1_000  # blank rows in a row: the list has ended (Excel may format rows down to 1,048,576)
MAX_HEADER_ROW = 20  # the header row is looked for among the first rows (title rows above it)
MAX_CELL_CHARS = 2_000  # characters in a cell that is used (a title: under 100; Excel allows 32,767)

# ---------------------------------------------------------------- templates (phrases and template .docx)
MAX_PHRASE_CHARS = 100_000  # the text one phrase template produces
MAX_DOCX_XML_CHARS = 64_000_000  # the XML one template .docx part produces
MAX_LOOP_STEPS = 100_000  # loop steps in one rendering of a phrase
MAX_DOCX_LOOP_STEPS = 1_000_000  # loop steps in one rendering of a template .docx part
MAX_RANGE = 10_000  # items of one range()
MAX_VALUE_CHARS = 1_000_000  # a string or list made by * or % in a template
MAX_POWER_BITS = 4_096  # size of a number made by ** in a template


def too_long(length: int, limit: int) -> str:
    return _("太长：{length} 个字，最多 {limit} 个字").format(length=f"{length:,}", limit=f"{limit:,}")


Path_ = tuple[str | int, ...]


def _walk(data: Any) -> Iterator[tuple[Path_, Any]]:
    """Every value with its path, depth first, without recursion (so nesting cannot overflow the stack)."""
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(value))))


def letter_data(data: Any) -> list[tuple[Path_, str]]:
    """What in a letter's data passes a limit, with where: one problem per limit, the first place found."""
    found: list[tuple[Path_, str]] = []
    nodes = paragraphs = headings = chars = 0
    seen: set[str] = set()

    def once(kind: str, path: Path_, message: str) -> None:
        if kind not in seen:
            seen.add(kind)
            found.append((path, message))

    for path, value in _walk(data):
        nodes += 1
        if nodes > MAX_NODES:
            once("nodes", (), _("内容太多：超过 {limit} 项").format(limit=f"{MAX_NODES:,}"))
            break
        if len(path) > MAX_DEPTH:
            once("depth", path, _("内容嵌套太深（超过 {limit} 层），请检查缩进和括号").format(limit=MAX_DEPTH))
            continue
        if isinstance(value, str):
            chars += len(value)
            if len(value) > MAX_FIELD_CHARS:
                once("chars", path, too_long(len(value), MAX_FIELD_CHARS))
            elif chars > MAX_LETTER_CHARS:
                message = _("这封答复太长：各项合计超过 {limit} 个字").format(limit=f"{MAX_LETTER_CHARS:,}")
                once("letter", (), message)
        in_body = len(path) >= 3 and path[0] == "reply" and path[1] == "body"
        if in_body and isinstance(path[-1], int):
            paragraphs += 1
            if paragraphs == MAX_PARAGRAPHS + 1:
                message = _("正文的段落、标题、条目和表格行太多：最多 {limit} 个").format(limit=f"{MAX_PARAGRAPHS:,}")
                once("paragraphs", path, message)
        if in_body and path[-1] == "heading":
            headings += 1
            if headings == MAX_HEADINGS + 1:
                once("headings", path, _("正文的小标题太多：最多 {limit} 个").format(limit=f"{MAX_HEADINGS:,}"))
    return found


def serial(number: int | None) -> str | None:
    """A 发文字号 serial past the ledger's six digits, said plainly; None when it is fine."""
    if number is not None and number > MAX_SERIAL:
        return _("发文字号的序号太大：最多 {limit}").format(limit=f"{MAX_SERIAL:,}")
    return None
