"""The compiled-template writer gives the same document docxtpl gives, part by part, for every example."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest
from lxml import etree

from bench.baseline_docxtpl import save
from drafter.letter.load import load
from drafter.letter.render import Rendered, render
from drafter.library.search import Library
from drafter.problems import TemplateProblem
from drafter.writers import docx as writer
from tests import variants
from tests.conftest import EXAMPLE_LIBRARY, LETTER_EXAMPLES, W


def docxtpl_reference(result: Rendered) -> bytes:
    """The letter made the plain docxtpl way, as the benchmark's baseline makes it."""
    out = io.BytesIO()
    save(result, out)
    return out.getvalue()


def canonical(blob: bytes, unordered: bool = False) -> bytes:
    """The XML in canonical form; the order of entries in a list part (content types, relations) does not count."""
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


# ---------------------------------------------------------------- templates a bureau edited in Word


def _variant_results(tmp_path):
    """Each base template (信函 letter.docx, 文件 document.docx) as a bureau edits it, filled with an example."""
    seen = {}
    for name, result in results():
        if result.fields()["doc_number"] and result.fields()["date"]:
            seen.setdefault(result.template.name, (name, result))
    for template_name, (name, result) in sorted(seen.items()):
        folder = tmp_path / template_name.removesuffix(".docx")
        folder.mkdir()
        variants.edited_in_word(result.template, folder / template_name)
        yield name, dataclasses.replace(result, entry=dataclasses.replace(result.entry, folder=folder))


def _text(xml: bytes) -> str:
    return "".join(etree.fromstring(xml).itertext())


def test_bureau_edited_templates_match_docxtpl(tmp_path):
    checked = set()
    for name, result in _variant_results(tmp_path):
        ours = io.BytesIO()
        result.write_docx(ours)
        mine, theirs = parts(ours.getvalue()), parts(docxtpl_reference(result))
        assert sorted(mine) == sorted(theirs), name
        fields = result.fields()
        for part in theirs:
            if part == "word/endnotes.xml":  # docxtpl leaves endnotes as written; drafter fills them too
                assert _text(mine[part]).endswith(f"{fields['bureau']}，{fields['date']}"), name
                assert "{{" in _text(theirs[part])
                continue
            if part == "docProps/core.xml":
                props = etree.fromstring(mine[part])
                ns = {"dc": "http://purl.org/dc/elements/1.1/"}
                assert props.findtext("dc:subject", namespaces=ns) == fields["bureau"]
                assert props.findtext("dc:description", namespaces=ns) == fields["doc_number"]
                other = etree.fromstring(theirs[part])
                for tag in ("dc:subject", "dc:description"):
                    assert props.findtext(tag, namespaces=ns) == other.findtext(tag, namespaces=ns)
                continue
            if part.endswith((".xml", ".rels")):
                unordered = part.endswith(("[Content_Types].xml", ".rels"))
                assert canonical(mine[part], unordered) == canonical(theirs[part], unordered), (name, part)
            else:
                assert mine[part] == theirs[part], (name, part)
        # the same as docxtpl, and also what a bureau meant: every placeholder filled
        assert fields["bureau"] in _text(mine["word/footer1.xml"])
        assert f"本件由{fields['bureau']}办理" in _text(mine["word/header1.xml"])
        assert f"发文字号：{fields['doc_number']}" in _text(mine["word/footnotes.xml"])
        body = mine["word/document.xml"].decode("utf-8")
        assert "{{" not in body and "{%" not in body
        loop_table = etree.fromstring(mine["word/document.xml"]).findall(f".//{W}tbl")[-1]
        assert len(loop_table.findall(f"{W}tblGrid/{W}gridCol")) == 4  # one grid column a cell after the loop
        ids = re.findall(r'<wp:docPr [^>]*?id="(\d+)"', body)
        assert len(ids) >= 2 and len(ids) == len(set(ids)), ids
        checked.add(result.template.name)
    assert checked == {"letter.docx", "document.docx"}


def test_safe_filter_that_breaks_the_xml_is_refused_naming_the_template(tmp_path):
    _, result = next(results())
    template = variants.with_footer(
        result.template, tmp_path / "letter.docx", "<w:p><w:r><w:t>{{ bureau|safe }}</w:t></w:r></w:p>"
    )
    fields = dict(result.fields(), bureau="R&D <局>")
    with pytest.raises(TemplateProblem) as caught:
        writer.write(result.blocks, template, io.BytesIO(), fields, result.title)
    assert str(template) in str(caught.value) and "|safe" in str(caught.value)
    out = io.BytesIO()  # escaped as usual, the same value is fine
    writer.write(result.blocks, result.template, out, fields, result.title)


def test_drawing_ids_are_unique_in_every_example():
    for name, result in results():
        out = io.BytesIO()
        result.write_docx(out)
        ids = re.findall(rb'<wp:docPr [^>]*?id="(\d+)"', parts(out.getvalue())["word/document.xml"])
        assert len(ids) == len(set(ids)), name
