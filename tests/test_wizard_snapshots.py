"""What the clerk sees at each step, held by SVG snapshots (pytest-textual-snapshot; --snapshot-update to renew)."""

from __future__ import annotations

import shutil

import pytest

from drafter.library.search import Library
from drafter.wizard import app as wizard_app
from drafter.wizard.app import Wizard
from drafter.wizard.draft import Draft
from tests.conftest import EXAMPLES

SIZE = (150, 42)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """The text cursor always shown: a blink (every 0.5 s) caught by a slow run is not a change of the screen."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible", True))
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: setattr(self, "_cursor_visible", True))


@pytest.fixture
def draft_393(tmp_path, monkeypatch):
    """The seed-000 letter as a wizard draft, at a fixed relative path and a fixed save time."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(wizard_app, "clock", lambda moment: "09:30:00")
    path = tmp_path / "第393号建议.yaml"
    shutil.copy(EXAMPLES / "wenzhou-sti-suggestion-393.yaml", path)
    draft = Draft.open(path.relative_to(tmp_path), Library())
    draft.save()  # as the wizard keeps it
    return path.relative_to(tmp_path)


def _app(path) -> Wizard:
    return Wizard(Draft.open(path, Library()))


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 6])
def test_step(step, draft_393, snap_compare):
    async def go(pilot):
        pilot.app.goto(step)
        await pilot.pause()
        pilot.app.query_one("#preview-scroll").scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(_app(draft_393), run_before=go, terminal_size=SIZE)


def test_body_section_selected(draft_393, snap_compare):
    async def go(pilot):
        pilot.app.goto(4)
        await pilot.pause()
        pilot.app.query_one("#outline").focus()
        await pilot.press("down", "down", "down")
        await pilot.pause()

    assert snap_compare(_app(draft_393), run_before=go, terminal_size=SIZE)


def test_problem_beside_the_field(draft_393, snap_compare):
    async def go(pilot):
        pilot.app.goto(3)
        await pilot.pause()
        box = pilot.app.query_one("#f-reply-doc_number")
        box.value = "温科提复[2024]95号"
        await pilot.pause()

    assert snap_compare(_app(draft_393), run_before=go, terminal_size=SIZE)


def test_help_screen(draft_393, snap_compare):
    assert snap_compare(_app(draft_393), press=["f1"], terminal_size=SIZE)


def test_body_step_at_80_by_24(draft_393, snap_compare):
    """The body step on a small terminal: the preview folded away (F4), outline and editor in view."""

    async def go(pilot):
        pilot.app.goto(4)
        await pilot.pause()
        pilot.app.query_one("#outline").focus()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(_app(draft_393), run_before=go, terminal_size=(80, 24))


def test_preview_behind_f4_at_80_by_24(draft_393, snap_compare):
    async def go(pilot):
        pilot.app.goto(4)
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        pilot.app.query_one("#preview-scroll").scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(_app(draft_393), run_before=go, terminal_size=(80, 24))


def test_new_bureau_form(draft_393, snap_compare, monkeypatch):
    from pathlib import Path

    from drafter.wizard import newbureau

    monkeypatch.setattr(newbureau, "user_folder", lambda: Path("/home/clerk/.local/share/drafter"))  # as shown

    async def go(pilot):
        await pilot.pause()
        await pilot.click("#new-bureau")
        await pilot.pause()

    assert snap_compare(_app(draft_393), run_before=go, terminal_size=SIZE)
