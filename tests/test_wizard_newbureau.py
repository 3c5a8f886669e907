"""A new bureau's first letter drafted entirely inside the wizard; the body's “一是” items; keys typed ahead."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.widgets import Input, Select, Static

from drafter.library.search import Library, user_folder
from drafter.wizard.app import Wizard
from drafter.wizard.draft import Draft
from tests.conftest import paragraph_texts
from tests.wizard_driver import choose, fill, focus, paste

SIZE = (160, 48)


def wizard(path: Path, bureau: str = "") -> Wizard:
    app = Wizard(Draft.open(path, Library(), bureau))
    app.want_pdf = False
    return app


async def type_in(pilot, selector: str, text: str) -> None:
    """Into a box of the form on top (the new-bureau form is a screen of its own)."""
    box = pilot.app.screen.query_one(selector)
    box.focus()
    await pilot.pause()
    if isinstance(box, Input):
        await pilot.press("end", *["backspace"] * len(box.value))
    if text:
        await paste(pilot, text)


async def open_form(pilot) -> None:
    """The 新建本单位 form, opened from step 1."""
    await pilot.pause()
    await pilot.click("#new-bureau")
    await pilot.pause()


async def new_bureau(pilot) -> None:
    """新建本单位, typed as a clerk does, chosen at once."""
    await open_form(pilot)
    await type_in(pilot, "#nb-name", "瑞安市科学技术局")
    await type_in(pilot, "#nb-code", "瑞科提复")
    await type_in(pilot, "#nb-contact", "联系人：张三，联系电话：66666666。")
    await type_in(pilot, "#nb-id", "ruian-sti")
    await pilot.click("#nb-create")
    await pilot.pause()


def test_a_new_bureau_drafts_its_first_letter_inside_the_wizard(tmp_path):
    path = tmp_path / "第12号提案.yaml"

    async def scenario():
        app = wizard(path)
        async with app.run_test(size=SIZE) as pilot:
            assert "先选择承办单位" in app.preview_text
            await new_bureau(pilot)
            assert app.draft.get(("reply", "bureau")) == "ruian-sti"
            assert app.query_one("#f-reply-bureau", Select).value == "ruian-sti"  # in the list, chosen
            assert "瑞安市科学技术局" in app.preview_text  # and used at once
            await pilot.press("f8")
            await choose(pilot, "#f-proposal-kind", "提案")
            await fill(pilot, "#f-proposal-session", "市政协十二届三次会议")
            await fill(pilot, "#f-proposal-number", "12")
            await fill(pilot, "#f-proposal-title", "关于加快科技创新的提案")
            await fill(pilot, "#f-proposal-proposers-0", "王五")
            await pilot.press("f8")
            await fill(pilot, "#f-reply-doc_number", "12")  # the serial: the 代字 comes from the new library
            await fill(pilot, "#f-reply-date", "2024-06-26")
            await pilot.press("f8")
            await focus(pilot, "#block-text")
            await paste(pilot, "近年来，我局持续推进科技创新工作。")
            await focus(pilot, "#outline")
            await pilot.press("i")  # a “一是” item after the paragraph
            assert app.focused is app.query_one("#block-heading", Input)
            await paste(pilot, "强化顶层设计。")
            await focus(pilot, "#block-text")
            await paste(pilot, "制定实施方案。")
            await pilot.press("f3")
            assert app.checked.problems == [], app.checked.problems
            await pilot.click("#export")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return str(app.query_one("#export-result", Static).render())

    shown = run(scenario())
    docx = path.with_suffix(".docx")
    assert str(docx) in shown
    texts = paragraph_texts(docx)
    assert texts[0] == "瑞安市科学技术局"  # the 信函 letterhead
    assert "瑞科提复〔2024〕12号" in texts
    assert "一是强化顶层设计。制定实施方案。" in "".join(texts)
    assert "联系人：张三，联系电话：66666666。" in texts
    bureau = (user_folder() / "ruian-sti" / "bureau.yaml").read_text(encoding="utf-8")
    assert user_folder().is_relative_to(tmp_path) and 'name: "瑞安市科学技术局"' in bureau


def test_new_bureau_form_says_what_is_wrong(tmp_path):
    async def scenario():
        app = wizard(tmp_path / "d.yaml")
        async with app.run_test(size=SIZE) as pilot:
            await open_form(pilot)
            await type_in(pilot, "#nb-id", "Bad Id")
            await pilot.click("#nb-create")
            await pilot.pause()
            first = str(app.screen.query_one("#nb-problem", Static).render())
            await type_in(pilot, "#nb-id", "")
            await type_in(pilot, "#nb-from", str(tmp_path / "missing"))
            await pilot.click("#nb-create")
            await pilot.pause()
            second = str(app.screen.query_one("#nb-problem", Static).render())
            await pilot.press("escape")
            await pilot.pause()
            return first, second, app.draft.get(("reply", "bureau"))

    first, second, bureau = run(scenario())
    assert "小写字母" in first and "找不到这个文件" in second and "missing" in second
    assert bureau == "" and not (user_folder()).exists()  # nothing written, nothing chosen


def test_items_are_added_edited_moved_and_deleted_with_undo(tmp_path):
    async def scenario():
        app = wizard(tmp_path / "d.yaml", "wenzhou-sti")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.goto(4)
            await pilot.pause()
            await focus(pilot, "#outline")
            await pilot.press("a")
            await paste(pilot, "做好顶层设计。")
            for lead in ("甲。", "乙。"):
                await focus(pilot, "#outline")
                await pilot.press("i")
                await paste(pilot, lead)
            body = app.draft.body()
            assert body[1]["items"] == [{"lead": "甲。", "text": ""}, {"lead": "乙。", "text": ""}]
            await focus(pilot, "#outline")
            await pilot.press("shift+up")  # 乙 before 甲
            assert [i["lead"] for i in app.draft.body()[1]["items"]] == ["乙。", "甲。"]
            await pilot.press("delete")
            assert [i["lead"] for i in app.draft.body()[1]["items"]] == ["甲。"]
            await pilot.press("ctrl+z")
            assert [i["lead"] for i in app.draft.body()[1]["items"]] == ["乙。", "甲。"]
            await pilot.press("up", "delete")  # the section itself, then back
            assert len(app.draft.body()) == 1
            await pilot.press("ctrl+z")
            return app.draft.body(), app.preview_text

    body, preview = run(scenario())
    assert body[1]["heading"] == "做好顶层设计。" and len(body[1]["items"]) == 2
    assert "一是乙。二是甲。" in preview.replace("\n", "")


def test_keys_typed_ahead_land_in_order(tmp_path):
    """A burst of keys (as a clerk types while the preview renders): Tab and `a` move focus before what follows."""

    async def burst(pilot, *keys: str) -> None:
        app: Wizard = pilot.app
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _wait in range(200):  # until every key has been handled (each refreshes the preview)
            await pilot.pause(0.05)
            if app._key_in_flight is None and not app._keys_waiting:  # noqa: SLF001
                break

    async def scenario():
        app = wizard(tmp_path / "d.yaml")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.goto(3)
            await pilot.pause()
            await focus(pilot, "#f-reply-date")
            box = app.query_one("#f-reply-date", Input)
            await burst(pilot, "end", *["backspace"] * len(box.value), *"2024-06-26", "tab", *"95")
            date, after = box.value, app.focused
            app.goto(4)
            await pilot.pause()
            await focus(pilot, "#outline")
            await burst(pilot, "a", *"pat")  # p, a, t would add blocks if they reached the outline
            return date, after, app.draft.body()

    date, after, body = run(scenario())
    assert date == "2024-06-26" and after is not None and after.id == "f-reply-signer"
    assert after.value == "95"  # typed after Tab: in the next box
    assert len(body) == 2 and body[1]["heading"] == "pat"


def run(coro):
    return asyncio.run(coro)


def test_export_list_names_places_in_words(tmp_path):
    from textual.widgets import Label, ListView

    from drafter.wizard.app import place_label

    assert place_label(("reply", "body", 2, "items", 0, "lead")) == "正文第3项 › 一是 › 小标题"
    assert place_label(("reply", "body", 0, "table", "rows", 1)) == "正文第1项 › 第2行"
    assert place_label(("proposal", "proposers", 1, "name")) == "提出人2"

    async def scenario(bureau: str, name: str, item: bool = True):
        app = wizard(tmp_path / name, bureau)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.goto(4)
            await pilot.pause()
            await focus(pilot, "#outline")
            if item:
                await pilot.press("i")  # an item with no lead yet
            await pilot.press("f3")
            await pilot.pause()
            todo = app.query_one("#todo", ListView)
            labels = [item.query_one(Label) for item in todo.children]
            fits = all(label.size.width <= todo.size.width for label in labels)  # wrapped, not cut off
            tall = max(label.size.height for label in labels)
            return [str(label.render()) for label in labels], fits, tall

    lines, fits, _tall = run(scenario("wenzhou-sti", "a.yaml"))
    assert lines and fits and not any("reply" in line or "proposal" in line for line in lines)
    assert any(line.startswith("正文第2项 › 一是 › 小标题") for line in lines), lines
    draft = Draft.open(tmp_path / "b.yaml", Library(), "lucheng-edu")  # a bureau with no library: a long message
    for key, value in (("session", "市十四届人大四次会议"), ("number", "1"), ("title", "关于某事的建议")):
        draft.set(("proposal", key), value)
    draft.set(("proposal", "proposers"), ["张三"])
    draft.set(("reply", "body"), ["正文。"])
    draft.save()
    lines, fits, tall = run(scenario("", "b.yaml", item=False))
    bureau = next(line for line in lines if line.startswith("承办单位："))
    assert "lucheng-edu" in bureau and "新建本单位" in bureau  # in full, with what to do
    assert fits and tall >= 2  # wrapped at 80 columns, not cut off


def test_an_open_list_keeps_every_chinese_character(tmp_path):
    """Textual #6357: an edge of a covered widget inside a wide character blanked it (温州  科学技术局, （请  择）)."""

    async def scenario():
        app = wizard(tmp_path / "d.yaml")
        async with app.run_test(size=(123, 30)) as pilot:
            await pilot.pause()
            app.query_one("#f-reply-bureau").focus()
            await pilot.press("enter")
            await pilot.pause(0.3)
            return [strip.text for strip in app.screen._compositor.render_strips()]  # noqa: SLF001

    lines = run(scenario())
    shown = "\n".join(lines)
    assert "温州市科学技术局（wenzhou-sti）" in shown and "（请选择）" in shown
    assert not any("  择" in line or "温州  " in line for line in lines)


def test_new_bureau_learned_from_past_letters(tmp_path):
    """The form's past letters: the rest of the settings learned as `library new --from` learns them."""
    import pytest

    from tests.conftest import SHARED

    seeds = sorted((SHARED / "seeds").glob("00[01]_*.txt"))
    if len(seeds) < 2:
        pytest.skip(f"{SHARED / 'seeds'} is not beside this checkout")

    async def scenario():
        app = wizard(tmp_path / "d.yaml")
        async with app.run_test(size=SIZE) as pilot:
            await open_form(pilot)
            await type_in(pilot, "#nb-from", ";".join(str(p) for p in seeds))
            await type_in(pilot, "#nb-id", "wz")
            await pilot.click("#nb-create")
            await pilot.pause()
            return app.draft.get(("reply", "bureau")), app.preview_text

    bureau, preview = run(scenario())
    assert bureau == "wz" and "温州市科学技术局" in preview
    text = (user_folder() / "wz" / "bureau.yaml").read_text(encoding="utf-8")
    assert "从 2 封来信学得" in text and '答复: "温科提复"' in text and 'printer: "温州市科学技术局办公室"' in text
    assert (user_folder() / "wz" / "phrases" / "closing.j2").is_file()
