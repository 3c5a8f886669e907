"""The compiled-template writer gives the same document docxtpl gives, part by part, for every example."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from bench.baseline_docxtpl import save
from drafter.letters import load
from drafter.library import Library
from drafter.render import Rendered, render
from drafter.writers import docx as writer
from tests.conftest import EXAMPLE_LIBRARY, LETTER_EXAMPLES


def docxtpl_reference(result: Rendered) -> bytes:
    """The letter made the plain docxtpl way, as the benchmark's baseline makes it."""
    out = io.BytesIO()
    save(result, out)
    return out.getvalue()


def canonical(blob: bytes, unordered: bool = False) -> bytes:
    """The XML in canonical form; the order of entries in a list part (content types, relations) does not count."""
    blob = re.sub(rb'(<wp:docPr id=")\d+', rb"\1N", blob)  # docxtpl renumbers drawings; ours has one, id 900
    root = etree.fromstring(blob, etree.XMLParser(remove_blank_text=True))
    if unordered:
        root[:] = sorted(root, key=etree.tostring)
    return etree.tostring(root, method="c14n2", strip_text=True)


def parts(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return {name: z.read(name) for name in z.namelist()}


def results():
    for example in LETTER_EXAMPLES:
        loaded = load(example, Library([EXAMPLE_LIBRARY]))
        result = render(loaded.letter, loaded.entry)
        yield example.stem, result
        form = result.feedback()
        if form:
            yield example.stem + "-form", form


@pytest.mark.parametrize(("name", "result"), list(results()), ids=lambda v: v if isinstance(v, str) else "")
def test_compiled_writer_equals_docxtpl(name, result):
    ours = io.BytesIO()
    result.write_docx(ours)
    mine, theirs = parts(ours.getvalue()), parts(docxtpl_reference(result))
    assert sorted(mine) == sorted(theirs)
    for part in theirs:
        if part == "docProps/core.xml":  # python-docx also stamps the time of saving
            title = etree.fromstring(mine[part]).find("{http://purl.org/dc/elements/1.1/}title")
            assert title is not None and title.text == result.title.replace("\n", "")
            continue
        if part.endswith(".xml") or part.endswith(".rels"):
            unordered = part.endswith(("[Content_Types].xml", ".rels"))
            assert canonical(mine[part], unordered) == canonical(theirs[part], unordered), part
        else:
            assert mine[part] == theirs[part], part


def test_same_letter_same_bytes():
    """A fixed zip time: a re-run that changes nothing writes the same file, so changes can be told."""
    _, result = next(results())
    first, second = io.BytesIO(), io.BytesIO()
    result.write_docx(first)
    result.write_docx(second)
    assert first.getvalue() == second.getvalue()


def test_edited_template_is_read_again(tmp_path):
    """A long-running process (the wizard) picks up a template edited in Word."""
    _, result = next(results())
    template = tmp_path / "letter.docx"
    template.write_bytes(result.template.read_bytes())
    first = writer.compiled(template)
    with zipfile.ZipFile(template, "a") as z:
        z.writestr("customXml/extra.xml", "<x/>")
    assert writer.compiled(template) is not first
