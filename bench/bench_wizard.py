"""Benchmark of the wizard: start to first screen (target < 1.5 s) and preview after a keystroke (target < 100 ms).

    python bench/bench_wizard.py            (from the project root, with .venv made by `python dev.py test`)

Both measured against a named baseline in the same run:
- start-up: `python tui.py DRAFT.yaml` until its first screen is drawn and idle, then exit, timed from the
  process's start to its end; baseline: a bare Textual app (one Label) started and stopped the same way.
- keystroke: a key typed into a body section of a five-page letter (Pilot, headless), timed from the key
  until the screen has been drawn after the preview took the new text (`call_after_refresh`); baseline:
  the same key into a TextArea holding the same draft in a bare app without a preview, timed until the
  screen after the change was drawn. The median over KEYS keystrokes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
KEYS = int(os.environ.get("BENCH_KEYS", "60"))
PAGE_LINES, LINE_CHARS = 22, 28

READY = """
import sys, time
sys.argv = ["tui.py", *sys.argv[1:]]
{setup}
async def ready(pilot):
    await pilot.pause()
    pilot.app.exit()
app.run(headless=True, auto_pilot=ready, size=(150, 42))
"""
WIZARD = """
from pathlib import Path
from drafter.cli.main import take_language
args = take_language(sys.argv[1:])
from drafter.library.search import Library
from drafter.wizard.app import make_app
app = make_app(Path(args[0]), Library())
"""
BARE = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("hello")
app = Bare()
"""


def five_page_draft(folder: Path) -> Path:
    """The seed-000 letter with its sections repeated until the text preview fills five pages of 22 × 28."""
    from drafter.letter.render import render
    from drafter.library.search import Library
    from drafter.wizard.draft import Draft

    path = folder / "五页.yaml"
    shutil.copy(ROOT / "examples" / "wenzhou-sti-suggestion-393.yaml", path)
    draft = Draft.open(path, Library())
    sections = [b for b in draft.body() if isinstance(b, dict)]
    while True:
        letter, entry, _ = draft.preview_letter()
        lines = sum(max(1, -(-len(p) // LINE_CHARS)) for p in render(letter, entry).text().split("\n"))
        if lines >= 5 * PAGE_LINES:
            break
        draft.body().extend(dict(s) for s in sections)
    draft.save()
    return path


def startup(setup: str, draft: Path) -> float:
    script = READY.format(setup=textwrap.dedent(setup))
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, str(draft)], check=True, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


async def keystrokes_wizard(draft: Path) -> tuple[list[float], int]:
    from drafter.library.search import Library
    from drafter.wizard.app import Wizard
    from drafter.wizard.draft import Draft

    app = Wizard(Draft.open(draft, Library()))
    app.want_pdf = False
    times = []
    async with app.run_test(size=(150, 42)) as pilot:
        app.goto(4)
        await pilot.pause()
        app.query_one("#outline").focus()
        await pilot.press("down", "down", "down")
        app.query_one("#block-text").focus()
        await pilot.pause()
        for n in range(KEYS):
            started = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            assert app.preview_text.count("x") >= n + 1  # the preview follows
            times.append(app.painted_at - started)  # until the screen after the new preview was drawn
        pages = sum(max(1, -(-len(p) // LINE_CHARS)) for p in app.preview_text.split("\n")) / PAGE_LINES
    return times, round(pages, 1)


async def keystrokes_bare(draft: Path) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    text = draft.read_text(encoding="utf-8")

    class Bare(App[None]):
        painted_at = 0.0

        def compose(self) -> ComposeResult:
            yield TextArea(text, id="t")

        def on_text_area_changed(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            self.painted_at = time.perf_counter()

    app = Bare()
    times = []
    async with app.run_test(size=(150, 42)) as pilot:
        app.query_one("#t").focus()
        await pilot.pause()
        for _ in range(KEYS):
            started = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            times.append(app.painted_at - started)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DRAFTER_LEDGER"] = str(Path(tmp) / "ledger.sqlite")
        draft = five_page_draft(Path(tmp))
        bare_start = startup(BARE, draft)
        ours_start = startup(WIZARD, draft)
        print(f"start-up, best of {REPEAT}: bare Textual app {bare_start:.2f} s, wizard {ours_start:.2f} s "
              f"(target < 1.5 s) → {ours_start / bare_start:.2f}× the bare app")  # fmt: skip
        shutil.copy(draft, Path(tmp) / "keep.yaml")
        ours, pages = asyncio.run(keystrokes_wizard(draft))
        bare = asyncio.run(keystrokes_bare(Path(tmp) / "keep.yaml"))
        ours_ms, bare_ms = statistics.median(ours) * 1000, statistics.median(bare) * 1000
        print(f"keystroke → preview, median of {KEYS} on a {pages}-page preview: bare TextArea {bare_ms:.1f} ms, "
              f"wizard {ours_ms:.1f} ms (target < 100 ms) → {ours_ms / bare_ms:.2f}× the bare app; "
              f"p90 {statistics.quantiles(ours, n=10)[-1] * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
