"""Benchmark of `drafter status` on a folder of 300 drafts (target: the weekly rerun ≤ 2 s).

    python bench/bench_status.py            (from the project root, with .venv made by `python dev.py test`)

The folder: 300 letter YAML files, a third untouched (【待填：答复正文】), a third written, a third rendered
with `drafter render` (100 .docx). Timed from the process's start to its end, REPEAT times each (env
BENCH_REPEAT, default 3), interleaved:
- cold: `drafter status DIR` with its cache (.drafter-status.json) removed first: every .docx checked;
- warm: `drafter status DIR` again, nothing changed: the checks come from the cache (the weekly rerun);
- baseline: `drafter check` on the same 100 .docx in one call, what a clerk would otherwise run.
The report gives best and median; the target is judged on the best warm run.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
BIN = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin")
DRAFTER = BIN / ("drafter.exe" if os.name == "nt" else "drafter")
LETTERS = 300


def draft(n: int, body: str, assigned: dt.date) -> str:
    return (
        "proposal:\n  kind: 建议\n  session: 市十四届人大四次会议\n"
        f'  number: "{n}"\n  title: 关于第{n}号事项的建议\n  proposers: [黄钦鑫, 李正乔]\n'
        f"  assigned: {assigned.isoformat()}\n"
        f"reply:\n  bureau: wenzhou-sti\n  doc_number: auto\n  body:\n    - {body}\n  date: 2024-06-26\n"
    )


def folder(root: Path, env: dict[str, str]) -> Path:
    drafts = root / "答复"
    drafts.mkdir()
    today = dt.date.today()
    rendered = []
    for n in range(1, LETTERS + 1):
        body = "【待填：答复正文】" if n % 3 == 0 else "近年来，我局持续推进科技特派员工作。"
        path = drafts / f"第{n}号建议.yaml"
        path.write_text(draft(n, body, today - dt.timedelta(days=n % 120)), encoding="utf-8")
        if n % 3 == 1:
            rendered.append(str(path))
    subprocess.run([str(DRAFTER), "render", *rendered], env=env, check=True, stdout=subprocess.DEVNULL)
    return drafts


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
    return took


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = dict(os.environ, DRAFTER_LEDGER=str(root / "ledger.sqlite"), DRAFTER_CACHE=str(root / "cache"))
        drafts = folder(root, env)
        docx = sorted(str(p) for p in drafts.glob("*.docx"))
        status = [str(DRAFTER), "status", str(drafts)]
        check = [str(DRAFTER), "check", *docx]
        times: dict[str, list[float]] = {"cold": [], "warm": [], "baseline": []}
        for _ in range(REPEAT):
            (drafts / ".drafter-status.json").unlink(missing_ok=True)
            times["cold"].append(timed(status, env))
            times["warm"].append(timed(status, env))
            times["baseline"].append(timed(check, env))
    print(f"{LETTERS} drafts, {len(docx)} .docx; {REPEAT} runs each (seconds)")
    print("| | runs | best | median |\n|---|---|---|---|")
    names = {
        "cold": "`drafter status` cold (no cache)",
        "warm": "`drafter status` warm (cached)",
        "baseline": f"baseline: `drafter check` on the {len(docx)} .docx",
    }
    for key, label in names.items():
        runs = " / ".join(f"{t:.2f}" for t in times[key])
        print(f"| {label} | {runs} | {min(times[key]):.2f} | {statistics.median(times[key]):.2f} |")
    best = {k: min(v) for k, v in times.items()}
    print(f"warm against the baseline: {best['baseline'] / best['warm']:.1f}× faster (best runs)")
    print(f"warm against cold: {best['cold'] / best['warm']:.1f}× faster (best runs)")
    verdict = "met" if best["warm"] <= 2.0 else "NOT met"
    print(f"target (warm ≤ 2 s): {verdict}")


if __name__ == "__main__":
    main()
