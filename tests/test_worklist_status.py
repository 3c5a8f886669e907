"""`drafter status DIR`: a folder of drafts in every state, its deadlines, the table, --json and --xlsx.

Every date is relative to today, so the tests never age."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from rich.cells import cell_len

from drafter.checker import run as checker_run
from drafter.library.search import Library
from drafter.worklist import status
from drafter.worklist.deadline import months_after

TODAY = dt.date.today()


def draft(
    number: str,
    body: str = "近年来，我局持续推进科技特派员工作。",
    assigned: dt.date | None = None,
    due: dt.date | None = None,
    serial: str | None = None,
    kind: str = "答复",
) -> str:
    """A draft as `drafter new` writes one (the facts, the bureau, the body), with the given body and dates."""
    dates = f"  assigned: {assigned.isoformat()}\n" if assigned else ""
    dates += f"  due: {due.isoformat()}\n" if due else ""
    co = "  lead_unit: 温州市经济和信息化局\n" if kind != "答复" else ""
    return (
        "proposal:\n  kind: 建议\n  session: 市十四届人大四次会议\n"
        f'  number: "{number}"\n  title: 关于第{number}号事项的建议\n  proposers: [黄钦鑫, 李正乔]\n{dates}'
        f"reply:\n  bureau: wenzhou-sti\n  type: {kind}\n{co}"
        f"  doc_number: {serial or 'auto'}\n  body:\n    - {body}\n  date: 2024-06-26\n"
    )


@pytest.fixture
def folder(tmp_path, run):
    """A draft in each state: untouched, written, rendered with an error, rendered clean, late, edited after."""
    drafts = tmp_path / "答复"
    drafts.mkdir()
    files = {
        "第1号建议.yaml": draft("1", body="【待填：答复正文】", assigned=TODAY - dt.timedelta(days=10)),
        "第2号建议.yaml": draft("2", assigned=TODAY - dt.timedelta(days=30), due=TODAY + dt.timedelta(days=5)),
        "第3号建议.yaml": draft("3", body="请[主送单位]研究。", assigned=TODAY, serial="温科提复〔2024〕3号"),
        "第4号建议.yaml": draft("4", assigned=TODAY - dt.timedelta(days=1), kind="协办意见"),
        "第5号建议.yaml": draft("5", assigned=TODAY - dt.timedelta(days=120)),
        "第6号建议.yaml": draft("6", assigned=TODAY - dt.timedelta(days=2), serial="温科提复〔2024〕6号"),
        "第7号建议.yaml": draft("7"),
    }
    for name, text in files.items():
        (drafts / name).write_text(text, encoding="utf-8")
    code, out, err = run("render", *(drafts / f"第{n}号建议.yaml" for n in (3, 4, 6)))
    assert code == 0, err
    yaml6 = drafts / "第6号建议.yaml"  # edited after it was made: the .docx is older now
    later = (drafts / "第6号建议.docx").stat().st_mtime + 10
    os.utime(yaml6, (later, later))
    return drafts


def rows_by_number(rows: list[dict]) -> dict[str, dict]:
    return {r["number"]: r for r in rows}


def test_every_state_and_deadline(run, folder):
    code, out, err = run("status", folder, "--json")
    assert code == 0, err
    rows = json.loads(out)
    by = rows_by_number(rows)
    assert {n: r["state"] for n, r in by.items()} == {
        "1": "未起草",
        "2": "起草中",
        "3": "已生成",
        "4": "已检查",
        "5": "逾期",
        "6": "起草中",
        "7": "起草中",
    }
    assert by["5"]["state_code"] == "late" and by["5"]["progress"] == "drafting" and by["5"]["late"] is True
    assert by["4"]["state_code"] == "checked" and by["4"]["check_errors"] == 0
    assert by["3"]["check_errors"] >= 1  # the placeholder [主送单位] is an error drafter check names
    # the deadline: the list's 时限 when given (earlier than three months), else assigned + 3 calendar months
    assert by["2"]["deadline"] == (TODAY + dt.timedelta(days=5)).isoformat() and by["2"]["days_left"] == 5
    assert by["1"]["deadline"] == months_after(TODAY - dt.timedelta(days=10)).isoformat()
    assert by["5"]["days_left"] == (months_after(TODAY - dt.timedelta(days=120)) - TODAY).days < 0
    assert by["7"]["deadline"] is None and by["7"]["days_left"] is None
    # sorted by deadline, the unknown last
    assert [r["number"] for r in rows] == ["5", "2", "1", "4", "6", "3", "7"]
    # the 发文字号: the letter's own, else what the .docx prints (auto: the ledger's number)
    assert by["3"]["doc_number"] == "温科提复〔2024〕3号"
    assert by["4"]["doc_number"].startswith("温科提") and by["4"]["doc_number"].endswith("号")
    assert by["1"]["doc_number"] is None and by["2"]["doc_number"] is None
    assert by["4"]["reply_type"] == "协办意见" and by["1"]["proposers"] == ["黄钦鑫", "李正乔"]
    assert by["4"]["docx"] == "第4号建议.docx" and by["2"]["docx"] is None
    assert set(rows[0]) == {
        "file", "number", "title", "proposers", "reply_type", "assigned", "due", "deadline", "days_left",
        "state", "state_code", "progress", "late", "doc_number", "docx", "check_errors", "check_warnings", "problems",
    }  # fmt: skip


def test_a_checked_letter_past_its_deadline_is_not_late(run, folder):
    yaml = folder / "第4号建议.yaml"
    text = yaml.read_text(encoding="utf-8").replace(
        f"assigned: {(TODAY - dt.timedelta(days=1)).isoformat()}", f"due: {(TODAY - dt.timedelta(days=3)).isoformat()}"
    )
    stamp = yaml.stat().st_mtime
    yaml.write_text(text, encoding="utf-8")
    os.utime(yaml, (stamp, stamp))  # the same edit time: the .docx is still current
    by = rows_by_number(json.loads(run("status", folder, "--json")[1]))
    assert by["4"]["days_left"] == -3 and by["4"]["state"] == "已检查"


def test_summary_and_table_fit(run, folder, monkeypatch):
    for width in (100, 80):
        monkeypatch.setenv("COLUMNS", str(width))
        code, out, err = run("status", folder)
        assert code == 0, err
        lines = out.splitlines()
        table = [line for line in lines if not line.startswith("注意：")]  # notes name paths: never cut
        assert all(cell_len(line) <= width for line in table), "\n".join(lines)
        assert lines[0].split() == ["编号", "标题", "提出人", "类型", "办理时限", "状态", "发文字号", "剩余天数"]
        assert len(table[2:9]) == 7 and table[2].startswith("5 ")  # a line an item, the late one first
        summary = "".join(table[9:])  # wrapped where the terminal is narrow
        assert summary == "共 7 件：未起草 1，起草中 3，已生成 1，已检查 1，逾期 1；7 天内到期而未检查的 1 件。"
        assert "第3号建议.docx：drafter check 查出错误" in out
    long = draft("8", assigned=TODAY).replace("关于第8号事项的建议", "关于" + "加快推进科技创新" * 8 + "的建议")
    (folder / "第8号建议.yaml").write_text(long, encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "100")
    out = run("status", folder)[1]
    line = next(line for line in out.splitlines() if line.startswith("8 "))
    assert "关于加快推进科技创新加快" in line and "…" in line and "加快推进科技创新的建议" not in out
    assert cell_len(line) <= 100


def test_xlsx_read_back(run, folder):
    openpyxl = pytest.importorskip("openpyxl")
    target = folder.parent / "办理进度.xlsx"
    code, out, err = run("status", folder, "--xlsx", target)
    assert code == 0, err
    assert f"已生成 {target}" in out
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("编号", "标题", "提出人", "类型", "办理时限", "状态", "发文字号", "剩余天数", "文件", "说明")
    by = {r[0]: r for r in rows[1:]}
    assert by["2"][4] == dt.datetime.combine(TODAY + dt.timedelta(days=5), dt.time())  # a date, not text
    assert sheet.cell(2, 5).number_format == "yyyy-mm-dd"
    assert by["5"][5] == "逾期（起草中）" and by["5"][7] < 0 and by["7"][4] is None
    assert by["1"][2] == "黄钦鑫、李正乔" and by["3"][6] == "温科提复〔2024〕3号"
    late_line = next(i for i, r in enumerate(rows, start=1) if r[0] == "5")
    other_line = next(i for i, r in enumerate(rows, start=1) if r[0] == "2")
    assert sheet.cell(late_line, 2).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(other_line, 2).fill.fill_type is None
    assert sheet.column_dimensions["B"].width >= 40
    # an existing file is kept unless --force
    before = target.read_bytes()
    code, out, err = run("status", folder, "--xlsx", target)
    assert code == 2 and "已经存在" in err and target.read_bytes() == before
    assert run("status", folder, "--xlsx", target, "--force")[0] == 0
    code, _, err = run("status", folder, "--xlsx", folder.parent / "进度.xls")
    assert code == 2 and ".xlsx" in err


def test_json_and_xlsx_together_keep_stdout_json(run, folder):
    code, out, err = run("status", folder, "--json", "--xlsx", folder.parent / "x.xlsx")
    assert code == 0 and json.loads(out) and "已生成" in err


def test_a_broken_yaml_is_a_row(run, tmp_path):
    (tmp_path / "第1号建议.yaml").write_text(draft("1", assigned=TODAY), encoding="utf-8")
    (tmp_path / "坏.yaml").write_text('proposal:\n  number: "9"\nreply:\n  bureau: [x\n', encoding="utf-8")
    bad_date = draft("10", assigned=TODAY).replace(TODAY.isoformat(), "2024-02-30")
    (tmp_path / "第10号建议.yaml").write_text(bad_date, encoding="utf-8")
    code, out, err = run("status", tmp_path, "--json")
    assert code == 0, err
    by = {r["file"]: r for r in json.loads(out)}
    assert by["坏.yaml"]["state"] == "出错" and "第5行" in by["坏.yaml"]["problems"][0]
    assert by["第10号建议.yaml"]["number"] == "10"  # what could be read of it, so the row is recognisable
    assert "没有这一天" in by["第10号建议.yaml"]["problems"][0]
    assert by["第1号建议.yaml"]["state"] == "起草中"
    code, out, err = run("status", tmp_path)
    assert code == 0 and "出错 2" in out and "注意：" in out and "第10号建议.yaml" in out


def test_folders_hidden_batch_and_bureau_files(run, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "sub" / "第1号建议.yaml").write_text(draft("1"), encoding="utf-8")
    (tmp_path / ".hidden" / "第2号建议.yaml").write_text(draft("2"), encoding="utf-8")
    (tmp_path / "batch.yaml").write_text("defaults: {}\nletters: []\n", encoding="utf-8")
    (tmp_path / "bureau.yaml").write_text("name: 某局\n", encoding="utf-8")
    rows = json.loads(run("status", tmp_path, "--json")[1])
    assert [r["file"] for r in rows] == ["sub/第1号建议.yaml"]
    code, out, _ = run("status", tmp_path / "sub" / ".." / ".hidden" / "..")
    assert code == 0 and "共 1 件" in out


def test_checks_are_cached(run, folder, monkeypatch):
    first = json.loads(run("status", folder, "--json")[1])
    cache = json.loads((folder / status.CACHE).read_text(encoding="utf-8"))
    # 6's .docx is older than its YAML and its number is in the letter: nothing to ask the checker
    assert set(cache["checks"]) == {"第3号建议.docx", "第4号建议.docx"}
    assert len(cache["letters"]) == 7

    def no_check(*args, **kwargs):
        raise AssertionError("checked again although the .docx did not change")

    def no_read(path):
        raise AssertionError(f"read {path} again although it did not change")

    read_facts = status.read_facts
    monkeypatch.setattr(checker_run, "check_file", no_check)
    monkeypatch.setattr(status, "read_facts", no_read)
    rows = status.scan(folder, Library([]))
    assert {r.facts.number: r.state for r in rows} == {r["number"]: r["state"] for r in first}
    # a changed letter is read again
    yaml = folder / "第2号建议.yaml"
    os.utime(yaml, (yaml.stat().st_mtime + 5,) * 2)
    with pytest.raises(AssertionError, match="第2号建议.yaml again"):
        status.scan(folder, Library([]))
    monkeypatch.setattr(status, "read_facts", read_facts)  # not undo(): that would drop conftest's own cache
    status.scan(folder, Library([]))
    # a changed .docx is checked again
    docx = folder / "第4号建议.docx"
    stamp = docx.stat().st_mtime + 5
    os.utime(docx, (stamp, stamp))
    with pytest.raises(AssertionError, match="checked again"):
        status.scan(folder, Library([]))


def test_a_broken_cache_is_ignored(run, folder):
    (folder / status.CACHE).write_text("{not json", encoding="utf-8")
    rows = rows_by_number(json.loads(run("status", folder, "--json")[1]))
    assert rows["4"]["state"] == "已检查"
    assert json.loads((folder / status.CACHE).read_text(encoding="utf-8"))["checks"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_folder_errors(run, tmp_path, lang):
    missing = tmp_path / "无此文件夹"
    code, out, err = run("--lang", lang, "status", missing)
    assert code == 2 and str(missing) in err and "Traceback" not in err
    assert err.startswith("错误：" if lang == "zh" else "Error: ")
    a_file = tmp_path / "a.yaml"
    a_file.write_text(draft("1"), encoding="utf-8")
    code, out, err = run("--lang", lang, "status", a_file)
    assert code == 2 and str(a_file) in err
    assert ("不是文件夹" if lang == "zh" else "not a folder") in err


def test_an_empty_folder(run, tmp_path):
    code, out, err = run("status", tmp_path)
    assert code == 0 and out.startswith("共 0 件")
    assert json.loads(run("status", tmp_path, "--json")[1]) == []


def test_english_table(run, folder, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = run("--lang", "en", "status", folder)
    assert code == 0, err
    assert all(cell_len(line) <= 100 for line in out.splitlines() if not line.startswith("Note: "))
    assert out.splitlines()[0].split()[:3] == ["Item", "number", "Title"]
    assert "7 items: not started 1" in out


def test_same_deadline_sorted_by_number_as_numbers(run, tmp_path):
    for number in ("10", "9", "温138", "138", "²3"):
        (tmp_path / f"{number}.yaml").write_text(draft(number, assigned=TODAY), encoding="utf-8")
    rows = json.loads(run("status", tmp_path, "--json")[1])
    assert [r["number"] for r in rows] == ["9", "10", "138", "²3", "温138"]


def test_a_stand_in_anywhere_keeps_the_letter_unwritten(run, tmp_path):
    """Render refuses 【待填…】 in any field, so status counts such a letter as not yet written, not only by body."""
    from tests.conftest import MINIMAL

    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINIMAL.replace("  body:\n", "  title: 【待填：标题】\n  body:\n"), encoding="utf-8")
    code, out, err = run("status", folder, "--json")
    assert code == 0, err
    assert json.loads(out)[0]["progress"] == "not_started"
