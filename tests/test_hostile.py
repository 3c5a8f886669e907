"""Hostile input and faults: each case ends within 15 s and 600 MB with exit 2 and a plain message.

The command runs in a subprocess with its address space capped (RLIMIT_AS) and a timeout, so a case
that would run away fails here instead of taking the machine with it. Cases that only need the code
run in-process.
"""

from __future__ import annotations

import errno
import os
import re
import struct
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from drafter import limits
from drafter.batch.journal import JOURNAL, LOCK, folder_lock
from drafter.cli.main import main
from drafter.files import write_atomic
from drafter.importer.source import read_source
from drafter.letter import sandbox
from drafter.letter.layout import title_lines
from drafter.ooxml import reader
from drafter.ooxml.reader import Unreadable
from drafter.problems import InputError

from .conftest import EXAMPLE_LIBRARY, EXAMPLES, MINIMAL, ROOT

SECONDS = 15
MEGABYTES = 600
POSIX = os.name == "posix"


def _cap() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEGABYTES << 20, MEGABYTES << 20))


def drafter(*args: str | Path, tmp: Path, stdin: int | None = subprocess.DEVNULL) -> tuple[int, str, str, float]:
    """`python -m drafter ARGS` with 600 MB and 15 s; (status, stdout, stderr, seconds)."""
    env = dict(os.environ, DRAFTER_LEDGER=str(tmp / "ledger.sqlite"), PYTHONUTF8="1")
    env.pop("DRAFTER_DEBUG", None)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "drafter", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=SECONDS * 2,  # a hang fails the test below rather than blocking the suite
        preexec_fn=_cap if POSIX else None,
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def refused(result: tuple[int, str, str, float], *words: str) -> str:
    code, _out, err, seconds = result
    assert code == 2, err
    assert "Traceback" not in err and "内部错误" not in err and "MemoryError" not in err, err
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    for word in words:
        assert word in err, err
    return err


def letter_file(tmp: Path, text: str, name: str = "letter.yaml") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- YAML


def _laughs() -> str:
    lines = ['a0: &a0 ["哈"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n" + MINIMAL


YAML_CASES = {
    "billion-laughs": (_laughs(), "别名（*）重复的内容太多"),
    "big-string-aliased": (
        "s: &s " + "x" * 300_000 + "\nt: [" + ", ".join(["*s"] * 2000) + "]\n" + MINIMAL,
        "别名（*）重复的内容太多",
    ),
    "many-aliases": (
        "s: &s 字\nt: [" + ", ".join(["*s"] * (limits.MAX_ALIASES + 1)) + "]\n" + MINIMAL,
        "别名（*）用得太多",
    ),
    "self-merge": (MINIMAL.replace("proposal:\n", "proposal: &p {<<: *p}\nx:\n", 1), "用在了它自己的锚点"),
    "binary-tag": (MINIMAL.replace('number: "393"', "number: !!binary MzkzCg=="), "!!binary"),
    "python-tag": (MINIMAL.replace('number: "393"', 'number: !!python/object:os.system "ls"'), "!!python/object"),
    "flow-nesting": (MINIMAL + "x: " + "[" * 5000 + "]" * 5000 + "\n", "嵌套太深"),
    "block-nesting": (MINIMAL + "x:\n" + "".join("  " * i + "-\n" for i in range(300)), "嵌套"),
    "serial-20-digits": (MINIMAL.replace("〔2024〕95号", "〔2024〕12345678901234567890号"), "序号太大"),
    "huge-item-number": (MINIMAL.replace('number: "393"', 'number: "' + "9" * 400_000 + '"'), "太长"),
    "too-big-a-file": (MINIMAL + "# " + "字" * 200_000 + "\n", "文件太大"),
    "1001-headings": (
        MINIMAL.replace(
            "    - 近年来，我局持续推进科技特派员工作。\n",
            "".join(f"    - heading: 标题{i}\n      text: 正文。\n" for i in range(limits.MAX_HEADINGS + 1)),
        ),
        "小标题太多",
    ),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_hostile_yaml_is_refused_plainly(case, tmp_path):
    text, words = YAML_CASES[case]
    path = letter_file(tmp_path, text)
    out = tmp_path / "out.docx"
    err = refused(drafter("render", path, "-o", out, tmp=tmp_path), words)
    assert not out.exists()
    assert re.search(r"letter\.yaml( 第\d+行)?", err)


def test_10000_headings_in_a_batch_are_refused_plainly(tmp_path):
    body = "".join(f"        - heading: 标题{i}\n          text: 正文。\n" for i in range(10_000))
    text = _batch_text(range(1, 2)).replace("        - 我局持续推进第1件事。\n", body)
    path = letter_file(tmp_path, text, "batch.yaml")
    refused(drafter("batch", path, "-o", tmp_path / "out", "--jobs", "1", tmp=tmp_path), "小标题太多", "第")


def test_a_giant_letter_in_a_batch_is_refused_while_it_is_read(tmp_path):
    body = "".join("        - " + "字" * 40_000 + "\n" for _ in range(100))  # 4 million characters, 12 MB
    text = _batch_text(range(1, 3)).replace("        - 我局持续推进第1件事。\n", body)
    path = letter_file(tmp_path, text, "batch.yaml")
    code, out, err, seconds = drafter("batch", path, "-o", tmp_path / "out", "--jobs", "1", tmp=tmp_path)
    assert code == 2 and seconds < SECONDS and "这封答复太长" in err and "第11行第5列" in err, err
    assert "Traceback" not in err and not list((tmp_path / "out").glob("*.docx"))  # as any file-level problem


def test_the_text_of_one_letter_is_bounded_in_all():
    body = ["字" * limits.MAX_FIELD_CHARS] * (limits.MAX_LETTER_CHARS // limits.MAX_FIELD_CHARS + 1)
    assert [message for _, message in limits.letter_data({"reply": {"body": body}})] == [
        "这封答复太长：各项合计超过 1,000,000 个字"
    ]


def test_aliases_within_the_limits_still_work(run, tmp_path):
    text = MINIMAL.replace("  proposers: [黄钦鑫]\n", "  proposers: &who [黄钦鑫]\n") + "extra: *who\n"
    path = letter_file(tmp_path, text.replace("extra: *who\n", ""))
    assert run("render", path, "--text")[0] == 0
    merged = MINIMAL.replace("reply:\n", "common: &c {bureau: wenzhou-sti}\nreply:\n  <<: *c\n").replace(
        "  bureau: wenzhou-sti\n", ""
    )
    code, _, err = run("render", letter_file(tmp_path, merged), "--text")
    assert code == 2 and "不认识“common”" in err  # the merge itself was read; the helper key is not a field


def test_a_long_title_is_odd_not_slow(tmp_path):
    title = "关于加快推进科技成果转化的" * 3000  # 39,000 characters: quadratic breaking took 16 s
    path = letter_file(tmp_path, MINIMAL.replace("  body:", f"  title: {title}\n  body:"))
    code, out, err, seconds = drafter("render", path, "-o", tmp_path / "out.docx", tmp=tmp_path)
    assert code == 0 and seconds < SECONDS, err
    started = time.monotonic()
    assert title_lines("9" * 1_000_000, 19.5).count("\n") > 1000
    assert time.monotonic() - started < 5


def test_field_limit_is_checked_before_the_model():
    over = limits.letter_data({"reply": {"body": ["字" * (limits.MAX_FIELD_CHARS + 1)]}})
    assert over and over[0][0] == ("reply", "body", 0)
    assert not limits.letter_data({"reply": {"body": ["字" * limits.MAX_FIELD_CHARS]}})


# ---------------------------------------------------------------- templates


def _bureau_with(tmp: Path, phrase: str) -> Path:
    """A copy of wenzhou-sti whose salutation phrase is `phrase`; the library folder."""
    import shutil

    library = tmp / "library"
    shutil.copytree(ROOT / "templates" / "wenzhou-sti", library / "wenzhou-sti")
    (library / "wenzhou-sti" / "phrases").mkdir(exist_ok=True)
    (library / "wenzhou-sti" / "phrases" / "salutation.j2").write_text(phrase, encoding="utf-8")
    return library


TEMPLATE_CASES = {
    "string-times-a-billion": "{{ 'a' * 10**9 }}",
    "range-a-billion": "{% for i in range(10**9) %}{% endfor %}",
    "nested-ranges": "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(n=100000) }}",
    "recursive-include": "{% include 'salutation.j2' %}",
    "recursive-macro": "{% macro m(x) %}{{ m(x) }}{% endmacro %}{{ m(1) }}",
    "padding-method": "{{ 'a'.ljust(10**9) }}",
    "padding-filter": "{{ 'a'|center(10**9) }}",
    "wide-format": "{{ '%0999999999d' % 1 }}",
    "wide-str-format": "{{ '{:>999999999}'.format(1) }}",
    "doubling": '{% set ns = namespace(s="ab") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    "power": "{{ 2 ** 10000000000 }}",
    "division-by-zero": "{{ 1 / 0 }}",
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_CASES))
def test_a_runaway_phrase_is_a_template_problem(case):
    env = sandbox.Guarded(loader=None)
    template = env.from_string("尊敬的代表：\n" + TEMPLATE_CASES[case])
    started = time.monotonic()
    with pytest.raises(sandbox.Failed) as caught:
        sandbox.render_bounded(template, {}, sandbox.PHRASE)
    assert time.monotonic() - started < SECONDS
    assert caught.value.line in (2, None) if case.startswith("recursive") else caught.value.line == 2


@pytest.mark.parametrize("case", ["range-a-billion", "recursive-include", "string-times-a-billion"])
def test_a_runaway_phrase_names_its_file_and_line(case, tmp_path):
    library = _bureau_with(tmp_path, "{{ persons }}\n" + TEMPLATE_CASES[case])
    path = letter_file(tmp_path, MINIMAL)
    out = tmp_path / "out.docx"
    err = refused(drafter("render", path, "--library", library, "-o", out, tmp=tmp_path), "salutation.j2 第2行")
    assert "措辞模板" in err and not out.exists()


def test_ordinary_phrases_still_render_under_the_guard():
    env = sandbox.Guarded(loader=None)
    source = "{% for p in people %}{{ p }}{{ '、' if not loop.last }}{% endfor %}{{ '%s号' % 5 }}{{ 'x' * 3 }}"
    assert sandbox.render_bounded(env.from_string(source), {"people": ["甲", "乙"]}, sandbox.PHRASE) == "甲、乙5号xxx"


def test_a_runaway_docx_template_is_a_template_problem(tmp_path):
    library = tmp_path / "library"
    import shutil

    shutil.copytree(ROOT / "templates" / "wenzhou-sti", library / "wenzhou-sti")
    base = ROOT / "templates" / "base" / "letter.docx"
    target = library / "wenzhou-sti" / "letter.docx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                loop = "<w:p><w:r><w:t>{% for i in range(10**9) %}x{% endfor %}</w:t></w:r></w:p>"
                data = data.replace(b"<w:body>", b"<w:body>" + loop.encode(), 1)
            dst.writestr(info, data)
    text = MINIMAL.replace("  doc_number:", "  format: 信函\n  doc_number:")
    path = letter_file(tmp_path, text)
    out = tmp_path / "out.docx"
    refused(drafter("render", path, "--library", library, "-o", out, tmp=tmp_path), "letter.docx", "range()")
    assert not out.exists()


# ---------------------------------------------------------------- .docx read by check and import


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rendered")
    (folder / "letter.yaml").write_text(MINIMAL, encoding="utf-8")
    os.environ.setdefault("DRAFTER_LEDGER", str(folder / "ledger.sqlite"))
    assert (
        main(
            [
                "render",
                str(folder / "letter.yaml"),
                "-o",
                str(folder / "letter.docx"),
                "--ledger",
                str(folder / "l.sqlite"),
            ]
        )
        == 0
    )
    return folder / "letter.docx"


def _rezip(source: Path, target: Path, document: bytes | None = None, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", method) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, document if document and info.filename == "word/document.xml" else data)
    return target


def _nested(source: Path, depth: int) -> bytes:
    xml = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    body = re.search(r"<w:body[^>]*>", xml)
    assert body is not None
    paragraph = re.search(r"<w:p[ >].*?</w:p>", xml[body.end() :], re.S)
    assert paragraph is not None
    inner = "<w:sdt><w:sdtContent>" * depth + paragraph.group(0) + "</w:sdtContent></w:sdt>" * depth
    return (xml[: body.end()] + inner + xml[body.end() :]).encode("utf-8")


def _patched(source: Path, target: Path, change) -> Path:
    """The package with each record of word/document.xml changed by `change(data, offset, central)`."""
    data = bytearray(source.read_bytes())
    name = b"word/document.xml"
    at = data.find(name)
    while at >= 0:
        if data[at - 30 : at - 26] == b"PK\x03\x04":
            change(data, at - 30, False)
        if data[at - 46 : at - 42] == b"PK\x01\x02":
            change(data, at - 46, True)
        at = data.find(name, at + 1)
    target.write_bytes(bytes(data))
    return target


def _deflate64(data: bytearray, at: int, central: bool) -> None:
    offset = at + (10 if central else 8)
    data[offset : offset + 2] = struct.pack("<H", 9)


def _encrypted(data: bytearray, at: int, central: bool) -> None:
    data[at + (8 if central else 6)] |= 1


def _bomb(source: Path, target: Path) -> Path:
    """A document.xml of a gigabyte of spaces inside the body: about 1 MB on disk."""
    xml = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    body = re.search(r"<w:body[^>]*>", xml)
    assert body is not None
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
                continue
            with dst.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(xml[: body.end()].encode())
                block = b" " * (1 << 20)
                for _ in range(1024):
                    part.write(block)
                part.write(xml[body.end() :].encode())
    return target


@pytest.fixture(scope="module")
def hostile(rendered, tmp_path_factory):
    """Each hostile package, made once (the gigabyte bomb takes a few seconds to deflate)."""
    folder, made = tmp_path_factory.mktemp("hostile"), {}

    def get(kind: str) -> Path:
        if kind not in made:
            made[kind] = hostile_docx(kind, rendered, folder)
        return made[kind]

    return get


def hostile_docx(kind: str, rendered: Path, folder: Path) -> Path:
    target = folder / f"{kind}.docx"
    if kind == "xml-1000-deep":
        return _rezip(rendered, target, _nested(rendered, 1000))
    if kind == "bomb":
        return _bomb(rendered, target)
    if kind == "bzip2":
        return _rezip(rendered, target, method=zipfile.ZIP_BZIP2)
    if kind == "deflate64":
        return _patched(rendered, target, _deflate64)
    if kind == "encrypted":
        return _patched(rendered, target, _encrypted)
    if kind == "too-many-paragraphs":
        xml = zipfile.ZipFile(rendered).read("word/document.xml").decode("utf-8")
        body = re.search(r"<w:body[^>]*>", xml)
        assert body is not None
        many = "<w:p><w:r><w:t>我局持续推进。</w:t></w:r></w:p>" * (limits.MAX_DOCX_PARAGRAPHS + 1)
        return _rezip(rendered, target, (xml[: body.end()] + many + xml[body.end() :]).encode("utf-8"))
    raise AssertionError(kind)


DOCX_CASES = {
    "xml-1000-deep": "嵌套太深",
    "bomb": "解压后太大",
    "bzip2": "bzip2",
    "deflate64": "deflate64",
    "encrypted": "加密",
    "too-many-paragraphs": "段落太多",
}


@pytest.mark.parametrize("command", ["check", "import"])
@pytest.mark.parametrize("kind", sorted(DOCX_CASES))
def test_hostile_docx_is_refused_plainly(kind, command, hostile, tmp_path):
    path = hostile(kind)
    extra = ["-o", tmp_path / "imported.yaml"] if command == "import" else []
    err = refused(drafter(command, path, *extra, tmp=tmp_path), DOCX_CASES[kind])
    assert str(path) in err
    assert not (tmp_path / "imported.yaml").exists()


def test_deep_but_allowed_xml_is_read_by_both_readers(rendered, tmp_path):
    allowed = (limits.MAX_XML_DEPTH - 10) // 2  # two elements a level, and the document's own few
    path = _rezip(rendered, tmp_path / "deep.docx", _nested(rendered, allowed))
    assert any(p.text for p in reader.read(path).paragraphs)
    assert read_source(path).lines
    with pytest.raises(Unreadable, match="嵌套太深"):
        reader.read(_rezip(rendered, tmp_path / "deeper.docx", _nested(rendered, limits.MAX_XML_DEPTH // 2 + 1)))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize(
    ("command", "suffix"), [("render", ".yaml"), ("check", ".docx"), ("import", ".docx"), ("import", ".txt")]
)
def test_a_pipe_given_as_input_is_refused_not_waited_on(command, suffix, tmp_path):
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    extra = ["-o", tmp_path / "out.yaml"] if command == "import" else []
    err = refused(drafter(command, fifo, *extra, tmp=tmp_path), "不是普通文件")
    assert err.count(str(fifo)) == 1, err


def test_a_txt_of_too_many_lines_is_refused_before_recognition(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("黄钦鑫代表：\n" + "我局持续推进。\n" * limits.MAX_SOURCE_LINES, encoding="utf-8")
    refused(drafter("import", path, "-o", tmp_path / "out.yaml", tmp=tmp_path), "内容太多")
    assert not (tmp_path / "out.yaml").exists()


# ---------------------------------------------------------------- output faults


@pytest.mark.parametrize(
    ("number", "words"),
    [(errno.ENOSPC, "磁盘已满"), (errno.EROFS, "只读"), (errno.EACCES, "没有权限"), (errno.ENAMETOOLONG, "太长")],
)
def test_os_errors_on_output_are_plain_problems(number, words, tmp_path, monkeypatch):
    def failing(handle):
        raise OSError(number, os.strerror(number))

    target = tmp_path / "out.docx"
    with pytest.raises(InputError) as caught:
        write_atomic(target, failing)
    assert words in str(caught.value) and str(target) in str(caught.value)
    assert not target.exists() and not list(tmp_path.glob(".~*"))


def test_an_over_long_output_name_is_a_plain_problem(tmp_path):
    path = letter_file(tmp_path, MINIMAL)
    refused(drafter("render", path, "-o", tmp_path / ("长" * 200 + ".docx"), tmp=tmp_path), "太长")


@pytest.mark.skipif(POSIX and os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_folder_is_a_plain_problem(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        refused(drafter("render", letter_file(tmp_path, MINIMAL), "-o", folder / "out.docx", tmp=tmp_path), "权限")
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not POSIX, reason="needs a shell pipe")
def test_a_reader_that_stops_early_ends_the_listing_quietly(tmp_path):
    env = dict(os.environ, DRAFTER_LEDGER=str(tmp_path / "ledger.sqlite"))
    subprocess.run(
        [sys.executable, "-m", "drafter", "number", "next", "wenzhou-sti", "--year", "2024", "--count", "3000"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    listing = subprocess.Popen(
        [sys.executable, "-m", "drafter", "number", "list", "wenzhou-sti"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None and listing.stdout.readline()
    listing.stdout.close()  # as `| head -1` does
    _, err = listing.communicate(timeout=SECONDS)
    assert listing.returncode == 0 and not err.strip(), err.decode("utf-8", "replace")


# ---------------------------------------------------------------- batch concurrency


def _batch_text(numbers: range) -> str:
    head = "defaults:\n  proposal:\n    kind: 建议\n    session: 市十四届人大四次会议\n    proposers: [黄钦鑫]\n"
    head += "  reply:\n    bureau: wenzhou-sti\n    doc_number: auto\n    date: 2024-06-20\nletters:\n"
    return head + "".join(
        f'  - proposal:\n      number: "{n}"\n      title: 关于第{n}件事的建议\n'
        f"    reply:\n      body:\n        - 我局持续推进第{n}件事。\n"
        for n in numbers
    )


def test_two_batches_into_one_folder_both_end_cleanly(tmp_path):
    first = letter_file(tmp_path, _batch_text(range(1, 41)), "first.yaml")
    second = letter_file(tmp_path, _batch_text(range(41, 81)), "second.yaml")
    out = tmp_path / "out"
    results: dict[str, tuple[int, str, str, float]] = {}

    def go(name: str, path: Path) -> None:
        results[name] = drafter("batch", path, "-o", out, "--jobs", "1", tmp=tmp_path)

    threads = [threading.Thread(target=go, args=(n, p)) for n, p in (("first", first), ("second", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for code, _out, err, _seconds in results.values():
        assert code == 0, err
        assert "Traceback" not in err and "内部错误" not in err
    assert len(list(out.glob("*.docx"))) == 80
    journal = (out / JOURNAL).read_text(encoding="utf-8").splitlines()
    assert len(journal) == 80, "no journal line is lost"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [JOURNAL]
    for path in (first, second):
        code, stdout, err, _ = drafter("batch", path, "-o", out, "--jobs", "1", "--changed", tmp=tmp_path)
        assert code == 0 and "没有变化" in stdout and "生成 0 封" not in err, stdout + err
        assert "改过" not in stdout, stdout


def test_a_second_batch_that_will_not_wait_is_refused_plainly(tmp_path):
    out = tmp_path / "out"
    path = letter_file(tmp_path, _batch_text(range(1, 3)), "batch.yaml")
    with folder_lock(out, 0):
        err = refused(drafter("batch", path, "-o", out, "--wait", "0", tmp=tmp_path), "另一个 drafter batch")
    assert str(out) in err
    assert not list(out.glob("*.docx")) and not (out / LOCK).exists()


def test_a_pending_journal_left_by_a_kill_is_replayed(run, tmp_path):
    out = tmp_path / "out"
    path = letter_file(tmp_path, _batch_text(range(1, 4)), "batch.yaml")
    assert run("batch", path, "-o", out, "--jobs", "1")[0] == 0
    journal = out / JOURNAL
    lines = journal.read_text(encoding="utf-8")
    journal.unlink()  # killed after renaming its files, before the journal took the pending lines
    (out / (JOURNAL + ".pending")).write_text(lines + '{"file": "cut off', encoding="utf-8")
    code, stdout, _ = run("batch", path, "-o", out, "--jobs", "1", "--changed")
    assert code == 0 and stdout.count("没有变化") >= 1 and "改过" not in stdout, stdout
    assert not (out / (JOURNAL + ".pending")).exists()
    assert journal.read_text(encoding="utf-8") == lines


def test_written_numbers_win_whatever_the_file_order(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    letter_file(folder, _batch_text(range(1, 3)), "a.yaml")  # two auto letters, read first
    written = _batch_text(range(3, 4)).replace("      body:", "      doc_number: 温科提复〔2024〕1号\n      body:")
    letter_file(folder, written, "b.yaml")
    code, _, err = run("batch", folder, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 0, err
    from .test_batch import doc_number

    numbers = sorted(doc_number(p) for p in (tmp_path / "out").glob("*.docx"))
    assert numbers == ["温科提复〔2024〕1号", "温科提复〔2024〕2号", "温科提复〔2024〕3号"]
    assert doc_number(tmp_path / "out" / "第3号建议.docx") == "温科提复〔2024〕1号"


def test_examples_still_render(run, tmp_path):
    """The limits are far from what real letters use: every example renders as before."""
    for example in sorted(EXAMPLES.glob("*.yaml")):
        if example.name.startswith("batch-"):
            continue
        code, _, err = run("render", example, "--library", EXAMPLE_LIBRARY, "-o", tmp_path / f"{example.stem}.docx")
        assert code == 0, err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["next", "--count", "1000000000"], "--count 最多"),
        (["next", "--from", "100000000000000000000"], "序号太大"),
        (["next", "--year", "100000000000000000000"], "--year"),
        (["list", "--year", "100000000000000000000"], "--year"),
    ],
)
def test_the_ledger_commands_refuse_numbers_past_its_limits(args, words, tmp_path):
    refused(drafter("number", args[0], "wenzhou-sti", *args[1:], tmp=tmp_path), words)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_given_to_batch_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    refused(drafter("batch", fifo, "-o", tmp_path / "out", tmp=tmp_path), "不是普通文件")


def test_an_over_long_name_in_a_batch_fails_that_letter_only(tmp_path):
    text = _batch_text(range(1, 3)).replace(
        "      title: 关于第2件事的建议\n", "      title: 关于第2件事的建议\n    file: " + "长" * 120 + ".docx\n"
    )
    path = letter_file(tmp_path, text, "batch.yaml")
    code, out, err, seconds = drafter("batch", path, "-o", tmp_path / "out", "--jobs", "1", tmp=tmp_path)
    assert code == 1 and seconds < SECONDS, err
    assert "太长" in err + out and "Traceback" not in err and "内部错误" not in err + out
    assert [p.name for p in (tmp_path / "out").glob("*.docx")] == ["第1号建议.docx"]
