"""Page sweep: letters whose body grows one line at a time until three pages, laid out by LibreOffice.

    python bench/sweep_pages.py [--formats 信函,文件,报告] [--max-lines 70] [--only LIST]

The letter is the README's minimal letter, in 信函 and 文件 format and as a 报告 (reply.type 报告), each
plain and with a contact line, a 附件说明 (and its attachment), no 抄送, and all of these; and without a
closing, so that the chain to the signature starts at a body paragraph (a one-line one, or a five-line one
last). Its body grows by one
one-line paragraph at a time until the letter runs to three pages (of its own text: an attachment adds
pages after that). Each length is written as .docx, converted by one kept-running LibreOffice
(drafter.pdf.convert.Converter), read back with `pdftotext -bbox-layout` and measured by the rules of
`drafter check --render` (drafter.checker.layout_rules):

  render-signature    no page holds the 署名 or 成文日期 without body text; never “此页无正文”;
  render-lines        full pages hold 22 lines at the grid's pitch;
  render-foot         the 版记 at the foot of the last page;
  render-page-number  page numbers right on odd pages, left on even, none on a 信函's first page;

and by the sweep itself: the 信函's lower red rule on page 1 only (red pixels in its band, pdftoppm), a
one-page letter on one page (the shortest lengths), and how many lines the keep-together chain leaves
empty at the foot of a page (reported, not judged). Prints one line per series and exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPTIONS = ("plain", "contact", "attachment", "no-cc", "all", "no-closing", "long-end")
FORMATS = ("信函", "文件", "报告")
STEP = "第{n}段，科技创新工作持续推进，成效明显。"  # one line of 三号 with its two-character indent
LONG = "科技创新工作持续推进，成效明显，" * 8 + "特此说明。"  # five lines: a long last paragraph


def readme_letter() -> dict[str, Any]:
    """The minimal letter shown in README.md, as data."""
    from ruamel.yaml import YAML

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    return YAML(typ="base").load(block)


def letter(form: str, option: str, lines: int) -> dict[str, Any]:
    """The README letter in `form` with `option`, its body grown by `lines` one-line paragraphs."""
    data = readme_letter()
    reply = data["reply"]
    reply["body"] = list(reply["body"]) + [STEP.format(n=n) for n in range(1, lines + 1)]
    if form == "报告":
        del data["proposal"]
        reply.pop("doc_number", None)
        reply.update(type="报告", subject="科技创新工作")
    else:
        reply["format"] = form
    if option not in ("contact", "all"):
        reply["contact"] = []
    if option in ("attachment", "all"):
        reply["attachments"] = [{"title": "有关情况说明", "body": ["附件正文。"]}]
    if option in ("no-cc", "all"):
        reply["cc"] = []
    if option in ("no-closing", "long-end"):
        reply["closing"] = ""
    if option == "long-end":
        reply["body"].append(LONG)
    return data


@dataclass
class Outcome:
    lines: int
    pages: int
    problems: list[str] = field(default_factory=list)
    empty_foot: int = 0  # most empty lines at the foot of a page that is followed by more text
    full: int = 0  # pages of 22 lines
    foot_alone: bool = False  # the last page holds only the 版记 (a 版记页, GB/T 9704 7.5)


def red_rule_pages(pdf: Path, pages: int, y_pt: float, work: Path) -> list[int]:
    """The pages with red pixels in a band around `y_pt` (points from the top): where the lower rule is."""
    dpi = 36
    found = []
    for page in range(1, pages + 1):
        top = int((y_pt - 6) / 72 * dpi)
        out = work / f"band-{page}"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-y", str(top), "-H", str(12 * dpi // 72)]
            + ["-W", "9999", "-x", "0", "-singlefile", str(pdf), str(out)],
            check=True,
            capture_output=True,
        )
        data = (work / f"band-{page}.ppm").read_bytes()
        pixels = data.split(b"\n", 3)[3]  # P6, width height, maxval, then RGB bytes
        reds = sum(
            1 for i in range(0, len(pixels) - 2, 3) if pixels[i] > 200 and pixels[i + 1] < 80 and pixels[i + 2] < 80
        )
        if reds > 20:
            found.append(page)
    return found


def measure_one(path: Path, entry: Any, converter: Any, work: Path, form: str) -> tuple[int, list[str], int, int, bool]:
    """(pages, problems, most empty lines at a page's foot, full pages, a 版记 page) for one .docx."""
    from drafter.checker.anatomy import anatomy
    from drafter.checker.layout_rules import _rows, measure, pages, text_block
    from drafter.checker.style import expected
    from drafter.ooxml.reader import read

    pdf = path.with_suffix(".pdf")
    converter.convert(path, pdf)
    laid_out = pages(pdf, shutil.which("pdftotext") or "pdftotext")
    doc = read(path)
    parts = anatomy(doc)
    style = expected(entry, parts.format)
    problems = [f"{f.rule}: {f.found} ({f.place or ''})" for f in measure(laid_out, doc, parts, style)]
    if form == "信函":
        rule_y = _lower_rule_y(entry)
        if rule_y is not None:
            on = red_rule_pages(pdf, len(laid_out), rule_y, work)
            if on != [1]:
                problems.append(f"lower-rule: red rule on pages {on}, wanted [1]")
    block = text_block(laid_out[0], style)
    if not parts.of(doc, "date"):
        problems.append("sweep: no 成文日期 recognised, so the signature rule had nothing to check")
    empty = full = 0
    for number, page in enumerate(laid_out[:-1], start=1):
        rows = _rows(page, block)
        if not rows:
            continue
        last = rows[-1]
        if last.y1 > block.bottom + 1:
            problems.append(f"sweep: page {number} has text below the text block")
        foot = int((block.bottom - last.y1) // block.pitch)
        empty = max(empty, foot)
        line = round((last.y0 - block.top) / block.pitch) + 1  # the grid line the page's last text stands on
        if foot == 0 and line != style.lines:
            problems.append(f"sweep: page {number} is full at {line} lines, not {style.lines}")
        full += foot == 0 and line == style.lines
    last = _rows(laid_out[-1], block)
    alone = bool(parts.of(doc, "cc", "printer")) and all(r.y0 > block.bottom - 4 * block.pitch for r in last)
    return len(laid_out), problems, empty, full, alone


def _lower_rule_y(entry: Any) -> float | None:
    """The 信函's lower double rule: its frame's distance from the paper top (points), from the template."""
    import re
    import zipfile

    template = entry.template("letter.docx")
    with zipfile.ZipFile(template) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    block = re.search(r'w:styleId="GwLetterheadFoot".*?</w:style>', styles, re.S)
    frame = re.search(r'<w:framePr\b[^>]*\bw:y="(\d+)"', block.group(0)) if block else None
    return int(frame.group(1)) / 20 if frame else None


def sweep(form: str, option: str, max_lines: int, converter: Any, work: Path) -> list[Outcome]:
    from drafter.letter.load import load
    from drafter.letter.render import render
    from drafter.library.search import Library

    library = Library([])
    outcomes = []
    for lines in range(max_lines + 1):
        source = work / f"{form}-{option}-{lines:03d}.yaml"
        source.write_text(json.dumps(letter(form, option, lines), ensure_ascii=False), encoding="utf-8")
        loaded = load(source, library)
        out = source.with_suffix(".docx")
        render(loaded.letter, loaded.entry).write_docx(out)
        outcomes.append(Outcome(lines, *measure_one(out, loaded.entry, converter, work, form)))
        pages = outcomes[-1].pages
        if pages - (1 if option in ("attachment", "all") else 0) >= 3:  # the attachment's own page aside
            break
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--options", default=",".join(OPTIONS))
    parser.add_argument("--max-lines", type=int, default=80)
    parser.add_argument("--keep", type=Path, help="keep the letters, .docx and PDFs in this folder")
    args = parser.parse_args(argv)
    from drafter.pdf.convert import Converter

    work = args.keep or Path(tempfile.mkdtemp(prefix="drafter-sweep-"))
    work.mkdir(parents=True, exist_ok=True)
    failed = total = 0
    started = time.perf_counter()
    with Converter() as converter:
        for form in args.formats.split(","):
            for option in args.options.split(","):
                outcomes = sweep(form, option, args.max_lines, converter, work)
                bad = [o for o in outcomes if o.problems]
                one_page = outcomes[0].pages
                total += len(outcomes)
                failed += len(bad)
                pages = "/".join(str(sum(1 for o in outcomes if o.pages == n)) for n in (1, 2, 3, 4))
                print(
                    f"{form} {option:10} lengths {len(outcomes):3}  pages 1/2/3/4: {pages:11}  "
                    f"shortest: {one_page} page  failing: {len(bad):2}  "
                    f"full pages (22 lines): {sum(o.full for o in outcomes):3}  "
                    f"most empty foot lines: {max(o.empty_foot for o in outcomes):2}  "
                    f"版记 pages: {sum(o.foot_alone for o in outcomes)}",
                    flush=True,
                )
                for o in bad:
                    print(f"    +{o.lines} lines, {o.pages} pages: " + "; ".join(o.problems), flush=True)
    print(f"{total} letters, {failed} failing, {time.perf_counter() - started:.0f} s")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
