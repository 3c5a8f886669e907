"""The year's work end to end: a 交办清单 in, drafts out, one written and rendered, and `status` on the folder.

Dates are relative to today, so the test never ages: one item was assigned long ago and is late, one has the
list's own 时限, the rest are due three calendar months after assignment.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl

from drafter.vocab.parts import DRAFT_BODY
from drafter.worklist.deadline import months_after

TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=10)
LONG_AGO = TODAY - dt.timedelta(days=120)
DUE = TODAY + dt.timedelta(days=20)
HEADER = ["建议号", "标题", "领衔代表", "联名代表", "主办单位", "协办单位", "交办日期", "办理时限"]
ROWS = [
    [201, "关于建设科技成果转化中心的建议", "林小东", "周一、吴二", "温州市科学技术局", None, RECENT, None],
    [202, "关于优化人才公寓申请流程的建议", "郑三", None, "市人力社保局", "市科技局", RECENT, DUE],
    [203, "关于推进智慧农业示范区建设的建议", "王四", None, "市科技局", None, LONG_AGO, None],
    [204, "关于加强城市绿道管护的建议", "冯五", None, "市住建局", "市园林局", RECENT, None],  # not ours
]


def write_list(path):
    book = openpyxl.Workbook()
    page = book.active
    page.append(["关于市十四届人大四次会议代表建议的交办清单"])
    page.append(HEADER)
    for row in ROWS:
        page.append(row)
    book.save(path)
    return path


def test_a_list_becomes_drafts_whose_progress_status_reports(run, tmp_path):
    listed = write_list(tmp_path / "交办清单.xlsx")
    drafts = tmp_path / "drafts"
    code, out, err = run(
        "new", "--from", listed, "-o", drafts, "--bureau", "wenzhou-sti", "--session", "市十四届人大四次会议"
    )
    assert code == 0, err
    written = sorted(p.name for p in drafts.glob("*.yaml"))
    assert written == ["第201号建议.yaml", "第202号建议-协办意见.yaml", "第203号建议.yaml"], (written, out)

    # the clerk writes one reply and dates it; render writes 第201号建议.docx beside it
    draft = drafts / "第201号建议.yaml"
    text = draft.read_text(encoding="utf-8")
    assert DRAFT_BODY in text
    body = "近年来，我局围绕科技成果转化开展了多项工作，下一步将继续推进中心建设。"
    draft.write_text(text.replace(DRAFT_BODY, body).rstrip("\n") + f"\n  date: {TODAY.isoformat()}\n", encoding="utf-8")
    code, _out, err = run("render", draft)
    assert code == 0, err
    assert (drafts / "第201号建议.docx").exists()

    code, out, err = run("status", drafts, "--json")
    assert code == 0, err
    rows = {row["number"]: row for row in json.loads(out)}
    assert set(rows) == {"201", "202", "203"}
    assert rows["201"]["state"] == "已检查" and rows["201"]["check_errors"] == 0, rows["201"]
    assert rows["201"]["deadline"] == months_after(RECENT).isoformat()
    assert rows["201"]["days_left"] == (months_after(RECENT) - TODAY).days
    assert rows["202"]["state"] == "未起草" and rows["202"]["reply_type"] == "协办意见"
    assert rows["202"]["deadline"] == DUE.isoformat() and rows["202"]["days_left"] == 20  # the list's 时限
    assert rows["203"]["state"] == "逾期" and rows["203"]["days_left"] < 0
    assert [row["number"] for row in json.loads(out)] == ["203", "202", "201"]  # by deadline

    report = tmp_path / "周报.xlsx"
    code, _out, err = run("status", drafts, "--xlsx", report)
    assert code == 0, err
    sheet = openpyxl.load_workbook(report).active
    states = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert states == ["逾期（未起草）", "未起草", "已检查"]  # a late item says how far it got
