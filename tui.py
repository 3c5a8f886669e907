"""The drafting wizard: `python tui.py [DRAFT.yaml] [--lang en]` (the same as `drafter wizard`)."""

import sys

from drafter.cli.main import main

if __name__ == "__main__":
    sys.exit(main(["wizard", *sys.argv[1:]]))
