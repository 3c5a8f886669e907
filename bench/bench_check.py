"""Benchmark of `drafter check`: one letter from the command line (target ≤ 0.3 s) and 100 files in one call (≤ 5 s).

    python bench/bench_check.py            (from the project root, with .venv made by `python dev.py test`)

Both are timed from the process's start to its end, against a named baseline measured in the same run:
- one letter: `drafter check LETTER.docx` (and with `--bureau wenzhou-sti`); baseline: a bare `python -c`
  that opens the same .docx with zipfile and reads word/document.xml (the least any checker must do).
- 100 files: `drafter check FOLDER` on 100 .docx (the rendered examples and the batch, copied up to 100);
  baseline: one bare Python process that opens each of them and reads its word/document.xml.
The runs are interleaved, REPEAT times each (env BENCH_REPEAT, default 5); the report gives best and median,
and judges the target on the best run (this machine is shared: the median follows the other users' load).
The base style is cached between runs (check/stylecache.py): the first, cold run is timed and shown apart.
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
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
BIN = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DRAFTER = BIN / ("drafter.exe" if os.name == "nt" else "drafter")
READ_ONE = "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).read('word/document.xml')"
READ_ALL = (
    "import sys, zipfile, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.docx')): zipfile.ZipFile(p).read('word/document.xml')"
)


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: the files have findings, which is fine here
        raise SystemExit(f"{command[0]} failed: {done.stderr.decode(errors='replace')}")
    return took


def letters(folder: Path, env: dict[str, str]) -> list[Path]:
    """The examples rendered and the batch made, then copied round until there are 100."""
    made = folder / "made"
    made.mkdir()
    examples = sorted(p for p in (ROOT / "examples").glob("*.yaml") if not p.name.startswith("batch"))
    library = ["--library", str(ROOT / "examples" / "library")]
    render = [str(DRAFTER), "render", *map(str, examples), "--out-dir", str(made), *library]
    subprocess.run(render, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [str(DRAFTER), "batch", str(ROOT / "examples" / "batch-2024.yaml"), "-o", str(made / "batch")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sources = sorted(made.rglob("*.docx"))
    hundred = folder / "hundred"
    hundred.mkdir()
    for n in range(100):
        shutil.copy(sources[n % len(sources)], hundred / f"{n:03d}-{sources[n % len(sources)].name}")
    return sorted(hundred.glob("*.docx"))


def line(name: str, values: list[float]) -> str:
    runs = " | ".join(f"{v:.3f} s" for v in values)
    return f"| {name} | {runs} | {min(values):.3f} s | {statistics.median(values):.3f} s |"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "DRAFTER_CACHE": str(folder / "cache"), "DRAFTER_LEDGER": str(folder / "ledger")}
        files = letters(folder, env)
        one = files[0]
        cold = timed([str(DRAFTER), "check", str(one)], env)  # fills the cache
        results: dict[str, list[float]] = {k: [] for k in ("base1", "check1", "bureau1", "base100", "check100")}
        bureau = [str(DRAFTER), "check", str(one), "--bureau", "wenzhou-sti"]
        timed(bureau, env)  # fills the cache for the bureau
        for _ in range(REPEAT):
            results["base1"].append(timed([str(PYTHON), "-c", READ_ONE, str(one)], env))
            results["check1"].append(timed([str(DRAFTER), "check", str(one)], env))
            results["bureau1"].append(timed(bureau, env))
            results["base100"].append(timed([str(PYTHON), "-c", READ_ALL, str(one.parent)], env))
            results["check100"].append(timed([str(DRAFTER), "check", str(one.parent)], env))
    header = "| | " + " | ".join(f"run {n + 1}" for n in range(REPEAT)) + " | best | median |"
    print(header)
    print("|---" * (REPEAT + 3) + "|")
    print(line("baseline: python + zip read, 1 file", results["base1"]))
    print(line(f"`drafter check` 1 letter ({one.name.split('-', 1)[1]})", results["check1"]))
    print(line("`drafter check --bureau wenzhou-sti` 1 letter", results["bureau1"]))
    print(line("baseline: python + zip read, 100 files", results["base100"]))
    print(line("`drafter check` 100 files", results["check100"]))
    for key, base, target in (("check1", "base1", 0.3), ("bureau1", "base1", 0.3), ("check100", "base100", 5.0)):
        best, median = min(results[key]), statistics.median(results[key])
        ratio = best / min(results[base])
        verdict = "met" if best <= target else "NOT met"  # the best run: the machine is shared and noisy
        said = f"{key}: best {best:.3f} s, median {median:.3f} s, {ratio:.1f}× the baseline"
        print(f"{said}; target {target} s {verdict}")
    print(f"first run, cache empty (the base style computed and written): {cold:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
