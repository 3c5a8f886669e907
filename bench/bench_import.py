"""Benchmark of `drafter import DIR`: 100 published letters in one call, against the command's own start-up.

    python bench/bench_import.py        (from the project root, with .venv made by `python dev.py test`;
                                          needs ../shared/corpus/letters beside the project)

The 36 letters of the corpus are copied into one folder until there are 100 (each copy its own file), then:
- baseline: `drafter --help`, the same program starting, reading its settings and exiting: what any call costs;
- drafter: `drafter import FOLDER -o OUT --bureau wenzhou-sti`, every file imported, checked and written.
Each side runs REPEAT times; the best time of each is reported, with the ratio and the issue's target (< 10 s).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT.parent / "shared" / "corpus" / "letters"
BIN = Path(sys.executable).parent
DRAFTER = BIN / ("drafter.exe" if os.name == "nt" else "drafter")
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
COUNT = 100
TARGET = 10.0


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some file had an error; still every file was read
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def main() -> int:
    sources = sorted(LETTERS.glob("*.txt"))
    if not sources:
        print(f"the corpus is not there ({LETTERS}); nothing to measure")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        for n in range(COUNT):
            source = sources[n % len(sources)]
            text = source.read_text(encoding="utf-8").split("\n", 1)[1]  # without the corpus's "# source:" line
            (folder / f"{n:03d}-{source.name}").write_text(text, encoding="utf-8")
        base, ours = [], []
        for _ in range(REPEAT):
            base.append(timed([str(DRAFTER), "--help"]))
            out = Path(tmp) / "out"
            shutil.rmtree(out, ignore_errors=True)
            ours.append(timed([str(DRAFTER), "import", str(folder), "-o", str(out), "--bureau", "wenzhou-sti"]))
            written = len(list(out.glob("*.yaml")))
        print(f"{COUNT} letters, {REPEAT} runs a side, {written} YAML files written")
        print(f"baseline `drafter --help`: best {min(base):.2f} s, median {statistics.median(base):.2f} s")
        print(f"`drafter import DIR`:     best {min(ours):.2f} s, median {statistics.median(ours):.2f} s")
        print(f"ratio import / start-up: {min(ours) / min(base):.1f}× (best to best)")
        per = (min(ours) - min(base)) / COUNT * 1000
        print(f"per letter, start-up taken out: {per:.0f} ms; target {TARGET:.0f} s for {COUNT}: ", end="")
        print("met" if min(ours) < TARGET else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
