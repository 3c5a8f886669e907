"""Benchmark of `drafter batch`: speed against a plain docxtpl loop, and memory for 1,000 and 10,000 letters.

    python bench/bench_batch.py            (from the project root, with .venv made by `python dev.py test`)

Both sides run as their own processes on the same letters in the same run, timed from start to exit:
- baseline: bench/baseline_docxtpl.py, a plain loop that for each letter opens the template with
  docxtpl, renders and saves (after reading the YAML and laying the letter out as drafter does);
- drafter: `drafter batch LETTERS.yaml -o OUT` with its defaults (one worker per core, the ledger).
Each side runs REPEAT times; the best time of each is compared (the machine's other work only slows).
Peak memory is the whole process tree's (main process and workers), sampled every 20 ms from /proc:
PSS, which shares pages between the forked workers fairly, and RSS for reference.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_letters import write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DRAFTER = BIN / ("drafter.exe" if os.name == "nt" else "drafter")
LIBRARY = ROOT / "examples" / "library"
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def tree(pid: int) -> list[int]:
    """The process and its descendants, from the kernel's children lists (cheap enough to poll)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            continue
    return out


def memory(pids: list[int]) -> tuple[int, int]:
    """PSS and RSS in kB, summed over the processes."""
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss


def fresh_ledger(work: Path) -> None:
    """Every run numbers from an empty ledger (its journal file too)."""
    for path in work.glob("ledger.sqlite*"):
        path.unlink()


def settle() -> None:
    """Each run starts on a quiet disk: the files of the run before written out, not competing with this one."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1)


def timed(command: list[str], env: dict[str, str], sample: bool = False) -> tuple[float, int, int]:
    """Wall time in seconds, and (when sampling, which costs a little CPU) the tree's peak PSS and RSS in MB."""
    settle()
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_pss = peak_rss = 0
    while sample and proc.poll() is None:
        pss, rss = memory(tree(proc.pid))
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.05)
    proc.wait()
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"{command[0]} failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    return elapsed, peak_pss // 1024, peak_rss // 1024


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    env = dict(os.environ, DRAFTER_LEDGER=str(work / "ledger.sqlite"))
    try:
        small = write(work / "letters-1000.yaml", 1000)
        big = write(work / "letters-10000.yaml", 10000)
        sizes = small.stat().st_size / 1e6, big.stat().st_size / 1e6
        print(f"letters: {sizes[0]:.1f} MB of YAML for 1,000; {sizes[1]:.1f} MB for 10,000 (one file each)")
        # compiled once beforehand, as after any first run (this machine sets PYTHONDONTWRITEBYTECODE)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "drafter")], check=True)
        ours_cmd = [str(DRAFTER), "batch", str(small), "--library", str(LIBRARY), "-o"]
        base_cmd = [sys.executable, str(ROOT / "bench" / "baseline_docxtpl.py"), str(small)]
        ours, base = [], []
        for run in range(REPEAT):
            for side, command, times in (("baseline", base_cmd, base), ("drafter", ours_cmd, ours)):
                out = work / f"out-{side}-{run}"
                extra = [str(out), str(LIBRARY)] if side == "baseline" else [str(out)]
                fresh_ledger(work)
                elapsed, _, _ = timed(command + extra, env)
                files = sum(1 for _ in out.glob("*.docx"))
                times.append(elapsed)
                print(f"  run {run + 1}: {side:8} {elapsed:6.2f} s  ({files} .docx)")
                shutil.rmtree(out)
        ratio = min(base) / min(ours)
        median = statistics.median
        print(f"1,000 letters: baseline (plain docxtpl loop) best {min(base):.2f} s, median {median(base):.2f} s")
        print(f"               drafter batch best {min(ours):.2f} s, median {median(ours):.2f} s")
        print(f"SPEED  drafter batch is {ratio:.1f}x faster than the plain docxtpl loop (target: at least 10x)")

        peaks = {}
        for label, letters in (("1,000", small), ("10,000", big)):
            out = work / f"mem-{label}"
            fresh_ledger(work)
            command = [str(DRAFTER), "batch", str(letters), "--library", str(LIBRARY), "-o", str(out)]
            elapsed, pss, rss = timed(command, env, sample=True)
            peaks[label] = pss
            print(f"  {label:>6} letters: {elapsed:6.2f} s, peak PSS {pss} MB (RSS {rss} MB), all processes")
            shutil.rmtree(out)
        growth = peaks["10,000"] / peaks["1,000"]
        print(
            f"MEMORY 10,000 letters peak {peaks['10,000']} MB = {growth:.2f}x the peak for 1,000 "
            "(target: at most 1.2x, and under 300 MB)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
