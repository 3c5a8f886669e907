"""`drafter batch`: a batch checked first and made after, named safely, numbered once, resumable."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from drafter.batch.ledger import Ledger
from drafter.batch.stream import _slow, read
from drafter.letter.yamlio import read_text
from tests.conftest import EXAMPLES, ROOT, paragraph_texts

HEAD = """\
defaults:
  proposal:
    kind: 建议
    session: 市十四届人大四次会议
  reply:
    bureau: wenzhou-sti
    date: 2024-06-26
    contact: ["联系人：项秋霞，联系电话：88962072。"]
letters:
"""


def letter(number: int, doc: str = "auto", body: str = "近年来，我局持续推进科技特派员工作。", extra: str = "") -> str:
    return f"""\
  - proposal:
      number: "{number}"
      title: 关于加强第{number}项科技工作的建议
      proposers: [黄钦鑫]
    reply:
      doc_number: {doc}
      body: ["{body}"]
{extra}"""


def batch_file(tmp_path: Path, letters: list[str], name: str = "batch.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "".join(letters), encoding="utf-8")
    return path


def doc_number(path: Path) -> str:
    return next(t for t in paragraph_texts(path) if "〔" in t)


def docx_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.docx"))


def test_example_batch_renders(run, tmp_path):
    out = tmp_path / "out"
    code, stdout, err = run("batch", EXAMPLES / "batch-2024.yaml", "-o", out, "--jobs", "1")
    assert code == 0, err
    made = docx_files(out)
    assert len(made) >= 20
    assert "出错 0 封" in stdout
    for path in made:
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None


def test_broken_letters_are_reported_and_the_rest_made(run, tmp_path):
    letters = [letter(n) for n in range(1, 21)]
    broken = {
        3: ("doc_number: auto", "doc_number: 温科提复[2024]3号"),
        7: ('number: "7"', "number: "),
        11: ("bureau: wenzhou-sti", "bureau: wenzhou-stx"),
        15: ("reply:", "replies:"),
        19: ("proposers: [黄钦鑫]", "proposers: []"),
    }
    for n, (old, new) in broken.items():
        letters[n - 1] = letters[n - 1].replace(old, new, 1)
    letters[10] = letters[10] + "      bureau: wenzhou-stx\n"  # letter 11: its own (wrong) bureau
    letters[10] = letter(11).replace("    reply:\n", "    reply:\n      bureau: wenzhou-stx\n")
    path = batch_file(tmp_path, letters)
    code, stdout, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1", "--report", tmp_path / "r.json")
    assert code == 1
    assert len(docx_files(tmp_path / "out")) == 15
    assert "生成 15 封" in stdout and "出错 5 封" in stdout
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    failed = [item for item in report["letters"] if item["state"] == "failed"]
    assert [item["index"] for item in failed] == [2, 6, 10, 14, 18]
    text = path.read_text(encoding="utf-8").splitlines()
    for item in failed:
        problem = item["problems"][0]
        assert problem["line"] is not None and problem["column"] is not None
        assert problem["field"][:2] == ["letters", item["index"]]
        assert str(path) in err and f"第{problem['line']}行" in err
        assert text[problem["line"] - 1].strip()  # the line named is a line of the letter
    assert "六角括号" in err and "缺少" in err or "应当是一段文字" in err
    assert "wenzhou-stx" in err


def test_strict_writes_nothing(run, tmp_path):
    path = batch_file(tmp_path, [letter(1), letter(2, doc="温科提复[2024]2号"), letter(3)])
    code, _, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1", "--strict")
    assert code == 1
    assert not docx_files(tmp_path / "out") and "--strict" in err


def test_nothing_usable_is_status_2(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("letters:\n  - proposal: [\n", encoding="utf-8")
    code, _, err = run("batch", bad, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 2
    assert "bad.yaml 第" in err and "Traceback" not in err


def test_a_broken_file_does_not_stop_the_others(run, tmp_path):
    good = batch_file(tmp_path, [letter(1)], "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEAD + letter(2) + "  - proposal: {number: 3\n", encoding="utf-8")
    code, out, err = run("batch", good, bad, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 1
    assert [p.name for p in docx_files(tmp_path / "out")] == ["第1号建议.docx"]
    assert "bad.yaml 第" in err
    assert "另有 1 个文件读不出" in out  # the summary's count says what it leaves out


def test_folder_of_files_and_existing_kept(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    batch_file(folder, [letter(1), letter(2)], "a.yaml")
    batch_file(folder, [letter(3)], "b.yml")
    out = tmp_path / "out"
    assert run("batch", folder, "-o", out, "--jobs", "1")[0] == 0
    first = {p.name: p.stat().st_mtime_ns for p in docx_files(out)}
    assert sorted(first) == ["第1号建议.docx", "第2号建议.docx", "第3号建议.docx"]
    code, stdout, _ = run("batch", folder, "-o", out, "--jobs", "1")
    assert code == 0 and "跳过 3 封" in stdout and "文件已存在" in stdout
    assert {p.name: p.stat().st_mtime_ns for p in docx_files(out)} == first


def test_changed_redoes_only_what_changed_and_keeps_word_edits(run, tmp_path):
    out = tmp_path / "out"
    path = batch_file(tmp_path, [letter(1), letter(2), letter(3)])
    assert run("batch", path, "-o", out, "--jobs", "1")[0] == 0
    before = {p.name: p.read_bytes() for p in docx_files(out)}
    path.write_text(HEAD + letter(1) + letter(2, body="修改后的正文。") + letter(3), encoding="utf-8")
    (out / "第3号建议.docx").write_bytes(before["第3号建议.docx"] + b"")  # untouched copy: same bytes
    code, stdout, _ = run("batch", path, "-o", out, "--jobs", "1", "--changed")
    assert code == 0 and "生成 1 封" in stdout and "没有变化" in stdout
    assert "修改后的正文。" in paragraph_texts(out / "第2号建议.docx")
    assert (out / "第1号建议.docx").read_bytes() == before["第1号建议.docx"]
    # the clerk edits 第1号 in Word, then its input changes: the edit is not overwritten without --force
    (out / "第1号建议.docx").write_bytes(before["第2号建议.docx"])
    path.write_text(HEAD + letter(1, body="又改了。") + letter(2, body="修改后的正文。") + letter(3), encoding="utf-8")
    code, stdout, _ = run("batch", path, "-o", out, "--jobs", "1", "--changed")
    assert "已在 Word 里改过" in stdout
    assert (out / "第1号建议.docx").read_bytes() == before["第2号建议.docx"]
    assert run("batch", path, "-o", out, "--jobs", "1", "--force")[0] == 0
    assert "又改了。" in paragraph_texts(out / "第1号建议.docx")


def test_written_numbers_are_claimed_before_auto_ones_and_kept_between_runs(run, tmp_path, own_ledger):
    path = batch_file(tmp_path, [letter(1), letter(2), letter(3, doc="温科提复〔2024〕2号")])
    code, _, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 0, err  # 3 writes 2号 by hand: auto gives letter 2, read before it, the next free number
    numbers = {p.name: doc_number(p) for p in docx_files(tmp_path / "out")}
    assert numbers == {
        "第1号建议.docx": "温科提复〔2024〕1号",
        "第2号建议.docx": "温科提复〔2024〕3号",
        "第3号建议.docx": "温科提复〔2024〕2号",
    }
    path.write_text(HEAD + letter(2) + letter(1) + letter(3, doc="温科提复〔2024〕7号"), encoding="utf-8")
    assert run("batch", path, "-o", tmp_path / "again", "--jobs", "1")[0] == 0
    again = {p.name: doc_number(p) for p in docx_files(tmp_path / "again")}
    assert again == dict(numbers, **{"第3号建议.docx": "温科提复〔2024〕7号"})
    # a number the ledger already gave another letter is still refused, located in the letter
    path.write_text(HEAD + letter(4, doc="温科提复〔2024〕3号"), encoding="utf-8")
    code, _, err = run("batch", path, "-o", tmp_path / "third", "--jobs", "1")
    assert code == 2 and "温科提复〔2024〕3号 在编号台账里已经给了“市十四届人大四次会议第2号建议”" in err
    assert re.search(r"第\d+行第7列", err)
    code, stdout, _ = run("number", "next", "wenzhou-sti", "--year", "2024")
    assert code == 0 and "温科提复〔2024〕8号" in stdout
    code, stdout, _ = run("number", "list", "wenzhou-sti", "--year", "2024")
    assert stdout.count("温科提复〔2024〕") == 5 and "手工预留" in stdout


def _take_many(path: str, worker: int, queue: multiprocessing.Queue) -> None:
    with Ledger(Path(path)) as ledger:
        queue.put([ledger.take("wenzhou-sti", "温科提复", 2024, f"item-{worker}-{i}") for i in range(50)])


def test_four_processes_get_200_distinct_numbers(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_take_many, args=(path, w, queue)) for w in range(4)]
    for w in workers:
        w.start()
    numbers = [n for _ in workers for n in queue.get(timeout=120)]
    for w in workers:
        w.join(timeout=60)
    assert sorted(numbers) == list(range(1, 201))


@pytest.mark.parametrize(
    "given",
    ["../../x.docx", "../../../etc/passwd", "/tmp/abs.docx", "C:\\Windows\\x.docx", "..\\..\\x", "sub/../../x"],
)
def test_output_names_cannot_escape(run, tmp_path, given):
    out = tmp_path / "deep" / "out"
    path = batch_file(tmp_path, [letter(1).replace("  - proposal:", f"  - file: '{given}'\n    proposal:")])
    code, _, err = run("batch", path, "-o", out, "--jobs", "1")
    assert code == 0, err
    made = [p for p in tmp_path.rglob("*.docx")]
    assert len(made) == 1 and made[0].resolve().is_relative_to(out.resolve())


def test_a_link_out_of_the_folder_is_refused(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    path = batch_file(tmp_path, [letter(1).replace("  - proposal:", "  - file: sub/x.docx\n    proposal:")])
    code, _, err = run("batch", path, "-o", out, "--jobs", "1")
    assert code == 2 and "输出文件夹之外" in err
    assert not list((tmp_path / "elsewhere").iterdir())


def test_windows_unsafe_names_are_cleaned(run, tmp_path):
    path = batch_file(tmp_path, [letter(1).replace("  - proposal:", "  - file: 'CON: a<b>|c?.docx '\n    proposal:")])
    assert run("batch", path, "-o", tmp_path / "out", "--jobs", "1")[0] == 0
    (made,) = docx_files(tmp_path / "out")
    assert made.name == "CON_ a_b__c_.docx"


def test_clashing_names_are_refused(run, tmp_path):
    path = batch_file(tmp_path, [letter(1), letter(1, doc="auto")])
    code, _, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 1 and "与" in err and "file:" in err
    assert len(docx_files(tmp_path / "out")) == 1


def test_one_letter_per_co_signer(run, tmp_path):
    joint = letter(5).replace("proposers: [黄钦鑫]", "proposers: [李正乔, 𠮷野, 王五]")
    joint = joint.replace("      doc_number: auto\n", "      doc_number: auto\n      per_proposer: true\n")
    path = batch_file(tmp_path, [joint])
    assert run("batch", path, "-o", tmp_path / "out", "--jobs", "1")[0] == 0
    made = {p.name: paragraph_texts(p) for p in docx_files(tmp_path / "out")}
    assert sorted(made) == ["第5号建议-李正乔.docx", "第5号建议-王五.docx", "第5号建议-𠮷野.docx"]
    assert "𠮷野代表：" in made["第5号建议-𠮷野.docx"]
    assert {doc_number(p) for p in docx_files(tmp_path / "out")} == {"温科提复〔2024〕1号"}  # one reply, one number


def test_per_proposer_needs_co_signers(run, tmp_path):
    path = batch_file(tmp_path, [letter(5).replace("      doc_number: auto\n", "      per_proposer: true\n")])
    code, _, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 2 and "per_proposer" in err and "第15行第7列" in err


def test_hostile_text_survives_a_batch(run, tmp_path):
    path = batch_file(tmp_path, [letter(1, body="R&D <研发> & {{ 7*7 }} “引号” 𠮷")])
    assert run("batch", path, "-o", tmp_path / "out", "--jobs", "2")[0] == 0
    assert "R&D <研发> & {{ 7*7 }} “引号” 𠮷" in paragraph_texts(tmp_path / "out" / "第1号建议.docx")


def test_a_killed_batch_leaves_no_partial_file_and_resumes(tmp_path):
    count = 400
    path = batch_file(tmp_path, [letter(n) for n in range(1, count + 1)])
    out = tmp_path / "out"
    drafter = [sys.executable, "-m", "drafter", "batch", str(path), "-o", str(out), "--jobs", "2"]
    proc = subprocess.Popen(drafter, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.rglob("*.part"))) < 40:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run, workers too, midway through
    proc.wait()
    left = list(out.rglob("*.part"))
    assert left, "the batch should have been killed midway"
    for file in docx_files(out):  # a .docx under its own name is whole, if there is any
        with zipfile.ZipFile(file) as z:
            assert z.testzip() is None and "word/document.xml" in z.namelist()
    finish = subprocess.run(drafter, cwd=ROOT, capture_output=True, text=True)
    assert finish.returncode == 0, finish.stderr
    assert len(docx_files(out)) == count
    assert not list(out.rglob("*.part")), "the re-run clears what the killed run left half-written"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".drafter-batch.jsonl"]
    numbers = {doc_number(p) for p in docx_files(out)}
    assert len(numbers) == count  # the numbers taken before the kill were kept for their letters, none twice


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fast_reader_agrees_with_the_located_reader(example):
    fast = list(read(example))
    slow = list(_slow(read_text(example), example))
    assert [(s.data, s.positions, s.prefix) for s in fast] == [(s.data, s.positions, s.prefix) for s in slow]


def test_defaults_problems_point_into_the_defaults(run, tmp_path):
    path = batch_file(tmp_path, [letter(1), letter(2)])
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2024-06-26", "date: 2024-13-26"), "utf-8")
    code, _, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1")
    assert code == 2
    assert err.count("第7行") == 1  # said once, though both letters inherit it


def test_pdf_beside_each_letter(run, tmp_path):
    from drafter.pdf.find import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; `python dev.py test` installs it")
    path = batch_file(tmp_path, [letter(1), letter(2), letter(3)])
    code, stdout, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "2", "--pdf")
    assert code == 0, err
    pdfs = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert pdfs == ["第1号建议.pdf", "第2号建议.pdf", "第3号建议.pdf"]
    assert all((tmp_path / "out" / name).read_bytes().startswith(b"%PDF") for name in pdfs)
    assert "替代字体" in err  # the preview says plainly that it does not use the real 公文 fonts
    assert "生成 3 封（6 个文件）" in stdout


def test_render_takes_auto_numbers_from_the_ledger(run, letter_file, tmp_path):
    from tests.conftest import MINIMAL

    path = letter_file(MINIMAL.replace("doc_number: 温科提复〔2024〕95号", "doc_number: auto"))
    code, _, err = run("render", path, "-o", tmp_path / "a.docx")
    assert code == 0, err
    assert doc_number(tmp_path / "a.docx") == "温科提复〔2024〕1号"
    code, _, err = run("render", path, "-o", tmp_path / "b.docx")
    assert doc_number(tmp_path / "b.docx") == "温科提复〔2024〕1号"  # the same item keeps its number
    code, stdout, _ = run("number", "next", "wenzhou-sti", "--year", "2024", "--from", "40", "--note", "手工")
    assert "温科提复〔2024〕40号（手工）" in stdout
    code, stdout, _ = run("render", path, "--text")
    assert "温科提复〔2024〕" in stdout


def test_a_ledger_that_cannot_be_opened_is_named(run, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()  # a folder where the ledger file should be
    path = batch_file(tmp_path, [letter(1), letter(2)])
    code, _, err = run("batch", path, "-o", tmp_path / "out", "--jobs", "1", "--ledger", folder)
    assert code == 2 and "Traceback" not in err
    assert "无法打开编号台账" in err and str(folder) in err
    assert not docx_files(tmp_path / "out")
