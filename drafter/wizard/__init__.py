"""The terminal wizard (`python tui.py [DRAFT.yaml]`, `drafter wizard [DRAFT.yaml]`): one letter, step by step.

Its command line is drafter/cli/wizard.py; here are the draft (draft.py, no UI) and the Textual app (app.py).
"""
