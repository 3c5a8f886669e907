"""Property-based fuzzing of `drafter render` with the examples' YAML, mutated (Hypothesis).

Whatever the mutation (a value of another type, a key deleted, huge or odd text, a subtree repeated
through an alias, a tag), the command ends with exit 0 or 2, never a traceback or an internal error,
and writes nothing when it refuses. Odd but valid text (any printable Unicode: CJK extensions, emoji,
combining marks, right-to-left, markup and template syntax) comes out in the .docx character for
character. A batch file (the batch example, cut to three letters) goes through the same mutations
and the batch's own streaming reader: exit 0, 1 or 2, each letter's problem said plainly. A few dozen
examples in the normal run (under 10 s); DRAFTER_FUZZ_EXAMPLES=2000 for a long one.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from drafter.cli.main import main
from drafter.letter.yamlio import parse

from .conftest import EXAMPLE_LIBRARY, LETTER_EXAMPLES, ROOT, W

EXAMPLES = int(os.environ.get("DRAFTER_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not os.environ.get("DRAFTER_FUZZ_EXAMPLES"),  # the normal run is the same every time
    database=None,  # nothing written into the checkout
    phases=[Phase.explicit, Phase.generate, Phase.shrink],  # no "explain": it reruns every case many times
)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


LETTERS = {p.stem: _plain(parse(p.read_text(encoding="utf-8"), p)) for p in LETTER_EXAMPLES}


def _printable(ch: str) -> bool:
    """What a letter may hold: no control characters, surrogates, non-characters or YAML's odd line breaks."""
    code = ord(ch)
    if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\x85\u2028\u2029":
        return False
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


ODD_PIECES = [
    "{{ 7*7 }}",
    "{% raw %}",
    "{_{",
    "<w:t>",
    "&amp;",
    "]]>",
    "\\n",
    "'\"",
    "𠮷",
    "👨‍👩‍👧",
    "é",
    "שלום",
    "\u200b",
    "\ufeff",
]
odd_text = (
    st.lists(
        st.one_of(
            st.text(st.characters(codec="utf-8").filter(_printable), min_size=1, max_size=12),
            st.sampled_from(ODD_PIECES),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .map(lambda s: s.replace("\t", " ").replace("\r", " ").replace("\n", " ").strip(" "))
    .filter(bool)
)
huge_text = st.integers(1, 60_000).map(lambda n: "字" * n)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd_text, huge_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["text", "x", "level"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, here: tuple = (), above: frozenset[int] = frozenset()) -> list[tuple]:
    """Every place in the data; a node inside itself (an alias made a cycle) is not entered again."""
    out = [here]
    if id(node) in above:
        return out
    inside = above | {id(node)}
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*here, key), inside)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*here, index), inside)
    return out


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


def _mutate(data: dict, draw: Any) -> dict:
    paths = _paths(data)[1:]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent, last = _get(data, path[:-1]), path[-1]
        kind = draw(st.sampled_from(["replace", "delete", "alias"]))
        try:
            if kind == "delete":
                del parent[last]
            elif kind == "replace":
                parent[last] = draw(values)
            else:  # the same object twice: the dumper writes an anchor and an alias
                other = draw(st.sampled_from(paths))
                parent[last] = _get(data, other[:-1])[other[-1]] if other else data
        except (KeyError, IndexError, TypeError):
            continue
        paths = _paths(data)[1:] or [("reply",)]
    return data


TAGS = ["!!binary ", "!!python/object:os.system ", "!custom ", "!!int ", "!!str ", "!!set ", "!!omap "]


def _dump(data: Any) -> str:
    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _tagged(text: str, draw: Any) -> str:
    """Maybe a tag before one of the values."""
    if not draw(st.booleans()):
        return text
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    if ": " in lines[at]:
        key, value = lines[at].split(": ", 1)
        lines[at] = f"{key}: {draw(st.sampled_from(TAGS))}{value}"
    return "".join(lines)


def _render(text: str) -> tuple[int, str, Path, Path]:
    folder = Path(tempfile.mkdtemp(prefix="drafter-fuzz-"))
    source, target = folder / "letter.yaml", folder / "out.docx"
    source.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(
            [
                "render",
                str(source),
                "-o",
                str(target),
                "--library",
                str(EXAMPLE_LIBRARY),
                "--ledger",
                str(folder / "l.sqlite"),
            ]
        )
    return code, err.getvalue(), target, folder


def _docx_text(path: Path) -> str:
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


@FUZZ
@given(st.data())
def test_mutated_examples_end_in_0_or_2(data):
    name = data.draw(st.sampled_from(sorted(LETTERS)))
    letter = _mutate(_plain(LETTERS[name]), data.draw)
    code, err, target, folder = _render(_tagged(_dump(letter), data.draw))
    assert code in (0, 2), err
    assert "Traceback" not in err and "内部错误" not in err, err
    if code == 2:
        assert not target.exists() and err.strip()
    else:
        assert zipfile.ZipFile(target).testzip() is None
    shutil.rmtree(folder)


@FUZZ
@given(st.data())
def test_odd_text_is_kept_character_for_character(data):
    name = data.draw(st.sampled_from(sorted(LETTERS)))
    letter = _plain(LETTERS[name])
    odd = data.draw(odd_text)
    where = data.draw(st.sampled_from(["closing", "body"]))
    if where == "closing" or letter["reply"].get("type") == "清单式" or not letter["reply"].get("body"):
        letter["reply"]["closing"] = odd
    else:
        letter["reply"]["body"][0] = odd
    code, err, target, folder = _render(_dump(letter))
    assert code == 0, f"{odd!r}: {err}"
    assert odd in _docx_text(target).split("\n"), odd
    shutil.rmtree(folder)


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_every_example_renders_unmutated(name):
    code, err, _target, folder = _render(_dump(_plain(LETTERS[name])))
    assert code == 0, err
    shutil.rmtree(folder)


BATCH = _plain(parse((ROOT / "examples" / "batch-2024.yaml").read_text(encoding="utf-8"), None))
BATCH["letters"] = BATCH["letters"][:3]  # a few letters: each example runs the whole batch machinery


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 5))
@given(st.data())
def test_mutated_batches_report_each_letter_plainly(data):
    """The batch reads with its own streaming reader: the same mutations end in 0, 1 or 2, never our fault."""
    batch = _mutate(_plain(BATCH), data.draw)
    folder = Path(tempfile.mkdtemp(prefix="drafter-fuzz-"))
    source, out = folder / "batch.yaml", folder / "out"
    source.write_text(_tagged(_dump(batch), data.draw), encoding="utf-8")
    err, printed = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(printed):
        args = ["batch", str(source), "-o", str(out), "--jobs", "1", "--ledger", str(folder / "l.sqlite")]
        code = main(args)
    said = err.getvalue() + printed.getvalue()
    assert code in (0, 1, 2), said
    assert "Traceback" not in said and "内部错误" not in said, said
    made = list(out.glob("*.docx")) if out.exists() else []
    assert not (code == 2 and made), "nothing usable, yet files were written"
    for path in made:
        assert zipfile.ZipFile(path).testzip() is None
    shutil.rmtree(folder)
