"""Driving the wizard as a clerk does, for the Pilot tests and the benchmark: keys, and Chinese as paste events.

(Pilot.press drops full-width punctuation; a clerk's Chinese arrives through the IME or a paste.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from textual import events
from textual.widgets import Checkbox, Input, Select

from drafter.wizard.app import Wizard

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "examples" / "wenzhou-sti-suggestion-393.yaml"


def seed_000() -> dict[str, Any]:
    return YAML(typ="safe").load(SEED_000.read_text(encoding="utf-8"))


async def paste(pilot: Any, text: str) -> None:
    pilot.app.post_message(events.Paste(text))  # as the terminal driver delivers it: the app passes it on
    await pilot.pause()


async def focus(pilot: Any, selector: str) -> None:
    pilot.app.query_one(selector).focus()
    await pilot.pause()


async def fill(pilot: Any, selector: str, text: str) -> None:
    """Empty a one-line box with keys, then paste the text into it."""
    await focus(pilot, selector)
    box = pilot.app.query_one(selector, Input)
    await pilot.press("end", *["backspace"] * len(box.value))
    if text:
        await paste(pilot, text)


async def choose(pilot: Any, selector: str, value: str) -> None:
    pilot.app.query_one(selector, Select).value = value
    await pilot.pause()


async def tick(pilot: Any, selector: str) -> None:
    await focus(pilot, selector)
    assert not pilot.app.query_one(selector, Checkbox).value
    await pilot.press("space")


async def draft_seed_000(pilot: Any) -> None:
    """Step by step, the letter of examples/wenzhou-sti-suggestion-393.yaml (seed 000)."""
    letter = seed_000()
    p, r = letter["proposal"], letter["reply"]
    app: Wizard = pilot.app
    # 1 bureau and kind of reply
    await choose(pilot, "#f-reply-bureau", r["bureau"])
    await choose(pilot, "#f-reply-format", r["format"])
    await pilot.press("f8")
    assert app.current_step() == 2
    await fill(pilot, "#f-proposal-session", p["session"])
    await fill(pilot, "#f-proposal-number", p["number"])
    await fill(pilot, "#f-proposal-title", p["title"])
    await fill(pilot, "#f-proposal-proposers-0", p["proposers"][0])
    await pilot.press("f8")
    # 3 the reply's particulars
    await fill(pilot, "#f-reply-doc_number", r["doc_number"])
    await fill(pilot, "#f-reply-date", str(r["date"]))
    await tick(pilot, "#f-reply-signer-none")
    await focus(pilot, "#f-reply-contact")
    await paste(pilot, r["contact"][0])
    await tick(pilot, "#f-reply-cc-none")
    await pilot.press("f8")
    # 4 the body
    await fill(pilot, "#f-reply-title", r["title"])
    await focus(pilot, "#f-reply-opening")
    await paste(pilot, r["opening"].rstrip("\n"))
    first = True
    for block in r["body"]:
        await focus(pilot, "#outline")
        if isinstance(block, str):
            if not first:
                await pilot.press("p")
            else:
                await pilot.press("home")
                await focus(pilot, "#block-text")
            await paste(pilot, block.rstrip("\n"))
        else:
            await pilot.press("a")
            level = app.draft.body()[-1]["level"]
            await focus(pilot, "#outline")
            for _step in range(block["level"] - level):
                await pilot.press("shift+right")
            await focus(pilot, "#block-heading")
            await paste(pilot, block["heading"])
            await focus(pilot, "#block-text")
            await paste(pilot, block["text"].rstrip("\n"))
        first = False
    await focus(pilot, "#f-reply-closing")
    await paste(pilot, r["closing"])
