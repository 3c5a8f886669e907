"""The baseline: a plain docxtpl loop over the same letters with the same templates.

For each letter: take it from the YAML (read with ruamel.yaml, as drafter reads a letter), validate it,
lay it out with drafter's own layout, then open the template with docxtpl, render, save. Nothing is
compiled once or kept between letters, one process: what a script would do before `drafter batch`.
It also writes the 征询意见表 where a letter has one, so both sides make the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from markupsafe import Markup

from drafter.batch.numbering import numbered, request
from drafter.batch.stream import merge
from drafter.letter.load import bind_bureau
from drafter.letter.render import Rendered, render
from drafter.letter.yamlio import in_tree, parse, read_text
from drafter.library.search import Library
from drafter.ooxml import template
from drafter.writers import docx as writer


def save(result: Rendered, out: Path | IO[bytes]) -> None:
    """One letter the plain docxtpl way; tests/test_writer.py holds drafter's writer to this output."""
    doc = DocxTemplate(str(result.template))
    context = dict(result.fields(), blocks=Markup(writer.body_xml(result.blocks, result.template, result.geometry)))
    doc.render(context, jinja_env=template.jinja(), autoescape=True)
    for frame in list(doc.docx.styles.element.iter(qn("w:framePr"))):
        frame.getparent().remove(frame)
    doc.docx.core_properties.title = result.title.replace("\n", "")
    doc.save(out)


def main(batch: Path, out_dir: Path, library: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    tree = parse(read_text(batch, limit=None), batch)  # a benchmark file, far past a letter's limit
    lib = Library([library])
    number = 0
    for index, item in enumerate(tree["letters"]):
        data = merge(dict(tree.get("defaults") or {}), item)
        letter, entry = bind_bureau(data, in_tree(item, batch), lib)
        if letter.reply.doc_number is not None and letter.reply.doc_number.auto:
            number += 1  # the baseline has no ledger: it just counts
            req = request(letter, entry)
            assert req is not None
            letter = numbered(letter, req, number)
        result = render(letter, entry)
        save(result, out_dir / f"{index}.docx")
        form = result.feedback()
        if form is not None:
            save(form, out_dir / f"{index}-征询意见表.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
