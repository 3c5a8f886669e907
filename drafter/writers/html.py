"""The web copy as one HTML page (and the index of pages): the same blocks as the .docx and the text preview.

Semantic and self-contained: the title an <h1> (an attachment's title an <h2>), one <p> a block with its
role as class, tables as <table>, inline CSS for a readable page in Chinese; every text escaped, UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from drafter.letter.layout import Block, Item, Table

STYLE = """\
body { margin: 0; background: #f4f4f1; color: #1a1a1a; }
main { max-width: 800px; margin: 2em auto; padding: 3em 3.5em; background: #fff;
  font-family: "FangSong", "仿宋", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
  "Songti SC", "SimSun", serif; font-size: 16pt; line-height: 1.8; }
h1, h2 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif;
  font-weight: normal; text-align: center; line-height: 1.5; margin: 0.5em 0 0.8em; }
h1 { font-size: 22pt; }
h2 { font-size: 20pt; margin-top: 2em; }
p { margin: 0; text-align: justify; }
p.body, p.closing, p.contact, p.heading1, p.heading2, p.heading3, p.heading4, p.attachment_note,
p.attachment_note_more, p.note { text-indent: 2em; }
p.doc_number, p.dateline { text-align: center; margin-bottom: 0.8em; }
p.salutation { margin-top: 0.8em; }
p.signer, p.date { text-align: right; padding-right: 4em; }
p.signer { margin-top: 2em; }
p.cc { margin-top: 1.5em; border-top: 1px solid #999; padding-top: 0.3em; font-size: 14pt; }
p.attachment_label { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; margin-top: 2em; }
.h1, p.heading1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
.h2, p.heading2 { font-family: "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif; }
.runin_bold { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 14pt; line-height: 1.6; }
th, td { border: 1px solid #333; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
th, td.number { text-align: center; }
ul.letters { list-style: none; padding: 0; }
ul.letters li { margin: 0 0 1em; }
ul.letters .meta { display: block; font-size: 13pt; color: #555; }
"""


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _block(block: Block, first_title: bool) -> str:
    if block.role == "title":
        tag = "h1" if first_title else "h2"
        return f'<{tag} class="title">{_lines(block.text)}</{tag}>'
    runs = "".join(
        _lines(run.text) if run.role == "text" else f'<span class="{escape(run.role)}">{_lines(run.text)}</span>'
        for run in block.runs
    )
    # the 署名 centred over the date, as the layout placed it (its right indent in characters)
    indent = block.right_indent_chars
    style = f' style="padding-right: {indent:.2f}em"' if indent is not None else ""
    return f'<p class="{escape(block.role)}"{style}>{runs}</p>'


def _table(table: Table) -> str:
    rows = []
    for n, row in enumerate(table.rows):
        tag = "th" if n < table.header_rows else "td"
        cells = "".join(f'<{tag} class="{escape(c.role)}">{_lines(c.text)}</{tag}>' for c in row)
        rows.append(f"<tr>{cells}</tr>")
    head, body = rows[: table.header_rows], rows[table.header_rows :]
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    cols = "".join(f'<col style="width: {share * 100:.1f}%">' for share in table.widths)
    return f"<table><colgroup>{cols}</colgroup>{thead}<tbody>{''.join(body)}</tbody></table>"


def page(title: str, body: str) -> str:
    """A whole HTML document around `body` (already HTML)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title.replace(chr(10), ''))}</title>\n<style>\n{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def write(items: Sequence[Item], title: str) -> str:
    """The page of one letter: its blocks in order, one element each."""
    parts, titled = [], False
    for item in items:
        if isinstance(item, Table):
            parts.append(_table(item))
        else:
            parts.append(_block(item, first_title=not titled))
            titled = titled or item.role == "title"
    return page(title, "\n".join(parts))


@dataclass(frozen=True)
class Entry:
    """One published letter on the index page."""

    title: str
    number: str
    date: str
    html: str  # file names, relative to the index
    text: str


def index(entries: Sequence[Entry], heading: str = "建议提案答复公开") -> str:
    """The list of published letters: title (a link to the page), number, date, and the plain-text copy."""
    items = []
    for e in entries:
        meta = "　".join(escape(part) for part in (e.number, e.date) if part)
        items.append(
            f'<li><a href="{escape(quote(e.html))}">{escape(e.title.replace(chr(10), ""))}</a>'
            f'<span class="meta">{meta}{"　" if meta else ""}<a href="{escape(quote(e.text))}">纯文本</a></span></li>'
        )
    body = f"<h1>{escape(heading)}</h1>\n" + (
        f'<ul class="letters">\n{chr(10).join(items)}\n</ul>' if items else "<p>没有主动公开的答复。</p>"
    )
    return page(heading, body)
