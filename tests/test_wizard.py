"""The wizard driven through Textual's Pilot: a whole letter drafted and exported, resume, validation, kill, English."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Input, ListView, Static

from drafter import i18n
from drafter.letter.load import load
from drafter.library.search import Library
from drafter.wizard.app import Wizard
from drafter.wizard.draft import Draft, Position
from drafter.wizard.export import pdf_available
from tests.conftest import ROOT, SHARED, paragraph_texts
from tests.wizard_driver import draft_seed_000, fill, focus, paste

SEEDCHECK = SHARED / "tools" / "seedcheck.py"
SIZE = (160, 48)


def wizard(path: Path, pdf: bool = False) -> Wizard:
    """The app on a draft; PDF export off unless asked (LibreOffice takes seconds)."""
    app = Wizard(Draft.open(path, Library()))
    app.want_pdf = pdf
    return app


def run(coro):
    return asyncio.run(coro)


def test_drafts_seed_000_through_the_screens_and_exports_it(tmp_path):
    path = tmp_path / "第393号建议.yaml"

    async def scenario():
        app = wizard(path, pdf=True)
        async with app.run_test(size=SIZE) as pilot:
            await draft_seed_000(pilot)
            await pilot.press("f2")
            review = app.query_one("#review", ListView)
            assert len(review.children) > 20
            await pilot.press("f3")
            assert app.checked.problems == []
            await pilot.click("#export")
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = str(app.query_one("#export-result", Static).render())
            return shown

    shown = run(scenario())
    docx = path.with_suffix(".docx")
    assert str(docx) in shown
    if pdf_available():  # the box is ticked by default where LibreOffice is
        assert path.with_suffix(".pdf").stat().st_size > 10_000 and str(path.with_suffix(".pdf")) in shown
    # the draft is a letter file like any other: render reads it, and it says what the example says
    loaded = load(path, Library())
    expected = load(ROOT / "examples" / "wenzhou-sti-suggestion-393.yaml", Library())
    assert loaded.letter == expected.letter
    if not SEEDCHECK.exists():
        pytest.skip(f"{SEEDCHECK} is not beside this checkout")
    check = subprocess.run([sys.executable, str(SEEDCHECK), "000", str(docx)], capture_output=True, text=True)
    assert check.returncode == 0 and "OK" in check.stdout, check.stdout


HALF = """\
# drafter-wizard: step=2 field=proposal.title
proposal:
  kind: 提案
  session: 市政协十二届三次会议
  number: "494"
  title: ""
  proposers: [项奕豪]
reply:
  bureau: wenzhou-sti
  doc_number: auto
  body:
    - 近年来，我局持续推进 R&D <投入> & 𠮷 的统计。
  date: 2024-07-01
"""


def test_resumes_a_half_written_draft_where_the_clerk_was(tmp_path):
    path = tmp_path / "草稿.yaml"
    path.write_text(HALF, encoding="utf-8")

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.current_step() == 2
            assert app.focused is app.query_one("#f-proposal-title", Input)
            assert app.query_one("#f-proposal-session", Input).value == "市政协十二届三次会议"
            assert "不能为空" in str(app.query_one("#f-proposal-title-problem", Static).render())
            await paste(pilot, "关于加大R&D投入的提案")
            await pilot.press("ctrl+q")

    run(scenario())
    text = path.read_text(encoding="utf-8")
    assert "title: 关于加大R&D投入的提案" in text
    assert "R&D <投入> & 𠮷" in text  # untouched text survives exactly
    assert Position.read(text) == Position(2, ("proposal", "title"))
    loaded = load(path, Library())
    assert loaded.letter.proposal.title == "关于加大R&D投入的提案"


def test_an_invalid_field_blocks_export_and_names_the_field(tmp_path):
    path = tmp_path / "草稿.yaml"
    path.write_text(HALF.replace('title: ""', "title: 关于加大投入的提案"), encoding="utf-8")

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f8")  # to step 3
            await fill(pilot, "#f-reply-doc_number", "温科提复[2024]95号")
            problem = str(app.query_one("#f-reply-doc_number-problem", Static).render())
            assert "六角括号" in problem
            await pilot.press("f3")
            await pilot.click("#export")
            await app.workers.wait_for_complete()
            await pilot.pause()
            result = str(app.query_one("#export-result", Static).render())
            todo = app.query_one("#todo", ListView)
            labels = [str(item.query_one("Label").render()) for item in todo.children]
            assert not path.with_suffix(".docx").exists()
            # the list of what to fix leads back to the field
            todo.focus()
            todo.index = 0
            await pilot.press("enter")
            await pilot.pause()
            return result, labels, app.current_step(), app.focused

    result, labels, step, focused = run(scenario())
    assert "还不能导出" in result
    assert any(label.startswith("发文字号") and "六角括号" in label for label in labels)
    assert step == 3 and focused is not None and focused.id == "f-reply-doc_number"


def test_killing_the_app_keeps_what_was_saved(tmp_path):
    """A real process in a pty-less run: type, wait for the save, SIGKILL; the draft has every character."""
    path = tmp_path / "草稿.yaml"
    path.write_text(HALF, encoding="utf-8")
    script = tmp_path / "drive.py"
    script.write_text(
        f"""
import asyncio, sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from drafter.wizard.draft import Draft
from drafter.library.search import Library
from drafter.wizard.app import Wizard
from drafter.wizard.export import pdf_available
from tests.wizard_driver import fill, paste, focus

async def main():
    app = Wizard(Draft.open(Path({str(path)!r}), Library()))
    async with app.run_test(size=(160, 48)) as pilot:
        await fill(pilot, "#f-proposal-title", "关于𠮷田“R&D”<投入>的提案")
        await focus(pilot, "#block-text") if False else None
        await pilot.pause(1.0)   # the save happens a moment after the last change
        print("TYPED", flush=True)
        await asyncio.sleep(60)

asyncio.run(main())
""",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        line = b""
        while b"TYPED" not in line and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
        assert b"TYPED" in line
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    text = path.read_text(encoding="utf-8")
    assert "title: 关于𠮷田“R&D”<投入>的提案" in text
    assert not list(tmp_path.glob(".~*"))  # no temporary file left behind
    assert load(path, Library()).letter.proposal.title == "关于𠮷田“R&D”<投入>的提案"


def test_quitting_with_invalid_input_keeps_it_in_the_draft(tmp_path):
    path = tmp_path / "草稿.yaml"

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f8")
            await fill(pilot, "#f-proposal-number", "第393号")
            await fill(pilot, "#f-proposal-session", "市十四届人大四次会议")
            await pilot.press("f8")
            await fill(pilot, "#f-reply-date", "2024-02-30")
            assert "没有这一天" in str(app.query_one("#f-reply-date-problem", Static).render())
            await pilot.press("ctrl+q")

    run(scenario())
    draft = Draft.open(path, Library())
    assert draft.get(("reply", "date")) == "2024-02-30"
    assert draft.get(("proposal", "session")) == "市十四届人大四次会议"
    assert draft.position.step == 3


def test_new_draft_starts_today_with_ledger_numbering(tmp_path):
    draft = Draft.open(tmp_path / "新.yaml", Library(), "wenzhou-sti")
    assert draft.get(("reply", "date")) == dt.date.today().isoformat()
    assert draft.get(("reply", "doc_number")) == "auto"


def test_ledger_offers_the_next_number_and_export_takes_it(tmp_path, own_ledger):
    path = tmp_path / "草稿.yaml"
    path.write_text(HALF.replace('title: ""', "title: 关于加大投入的提案"), encoding="utf-8")
    from drafter.batch.ledger import Ledger

    with Ledger(own_ledger) as ledger:
        ledger.reserve("wenzhou-sti", "温科提复", 2024, count=6, note="手工")

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f8")
            hint = str(app.query_one("#f-reply-doc_number-hint", Static).render())
            await pilot.press("f3")
            await pilot.click("#export")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return hint, app.query_one("#f-reply-doc_number", Input).value

    hint, shown = run(scenario())
    assert "温科提复〔2024〕7号" in hint
    assert shown == "温科提复〔2024〕7号"
    assert "温科提复〔2024〕7号" in paragraph_texts(path.with_suffix(".docx"))


def test_export_never_overwrites_without_asking(tmp_path):
    path = tmp_path / "草稿.yaml"
    path.write_text(HALF.replace('title: ""', "title: 关于加大投入的提案"), encoding="utf-8")
    docx = path.with_suffix(".docx")
    docx.write_bytes(b"the clerk's edited copy")

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")
            await pilot.click("#export")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")  # the default answer is No
            await pilot.pause()

    run(scenario())
    assert docx.read_bytes() == b"the clerk's edited copy"


def test_body_outline_indents_moves_and_deletes(tmp_path):
    path = tmp_path / "草稿.yaml"
    path.write_text(HALF, encoding="utf-8")

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            app.goto(4)
            await pilot.pause()
            await focus(pilot, "#outline")
            await pilot.press("a")
            await paste(pilot, "总体情况")
            await focus(pilot, "#outline")
            await pilot.press("a")  # the new section's heading box has the cursor
            await focus(pilot, "#outline")
            await pilot.press("shift+right")
            await focus(pilot, "#block-heading")
            await paste(pilot, "做好顶层设计。")
            await focus(pilot, "#outline")
            await pilot.press("a")
            await focus(pilot, "#block-heading")
            await paste(pilot, "集聚创新资源。")
            await focus(pilot, "#outline")
            await pilot.press("shift+up")  # move above 做好顶层设计
            preview = app.preview_text
            await pilot.press("delete")
            return preview, [b if isinstance(b, str) else (b.get("level"), b.get("heading")) for b in app.draft.body()]

    preview, body = run(scenario())
    assert "一、总体情况" in preview
    assert "（一）集聚创新资源。" in preview and "（二）做好顶层设计。" in preview
    assert body == ["近年来，我局持续推进 R&D <投入> & 𠮷 的统计。", (1, "总体情况"), (2, "做好顶层设计。")]


def test_english_interface(tmp_path):
    path = tmp_path / "draft.yaml"
    i18n.set_language("en")
    try:

        async def scenario():
            app = wizard(path)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                nav = [str(item.query_one("Label").render()) for item in app.query_one("#steps", ListView).children]
                await pilot.press("f8")
                problem = str(app.query_one("#problems-2", Static).render())
                title = str(app.query_one("#step-2 .step-title").render())
                return nav, title, problem

        nav, title, _problem = run(scenario())
    finally:
        i18n.set_language("zh")
    assert nav[0] == "1. Bureau and kind" and nav[3] == "4. Body"
    assert title.startswith("Step 2")


def test_tui_refuses_a_broken_draft_plainly(tmp_path):
    path = tmp_path / "坏.yaml"
    path.write_text("proposal: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tui.py"), str(path)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and "第" in result.stderr


def test_outline_numbers_sections_as_printed():
    from drafter.wizard.body import outline

    draft = Draft.open(ROOT / "examples" / "wenzhou-sti-suggestion-393.yaml", Library())
    lines = [text.strip() for _entry, text in outline(draft)]
    assert lines[2] == "（一）做好顶层设计，深谋产业发展规划路径。"
    assert lines[5].startswith("（四）")


def test_a_clerks_own_file_is_not_rewritten_until_changed(tmp_path):
    path = tmp_path / "393.yaml"
    original = (ROOT / "examples" / "wenzhou-sti-suggestion-393.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            for _step in range(5):
                await pilot.press("f8")
            await pilot.pause(0.5)
            await pilot.press("ctrl+q")

    run(scenario())
    assert path.read_text(encoding="utf-8") == original  # comments and all
