"""Benchmark of `drafter new`: the draft writer against ruamel's emitter, and a whole 交办清单 of 5,000 rows.

    python bench/bench_new.py            (from the project root, with .venv made by `python dev.py test`)

- writer: the same 1,000 drafts' data written as YAML text by `worklist.drafts.as_yaml` (ours) and by
  ruamel.yaml's round-trip emitter (the baseline, what `importer/dump` uses), interleaved, best of REPEAT
  (env BENCH_REPEAT, default 3); each side's text is read back with the letter reader to show both are right.
- whole: `drafter new --from LIST.xlsx` on a list of ROWS rows all led by the bureau, one process timed from
  start to exit, with its peak memory (ru_maxrss of the child).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
ROWS = int(os.environ.get("BENCH_ROWS", "5000"))
BIN = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin")
DRAFTER = BIN / ("drafter.exe" if os.name == "nt" else "drafter")


def data(n: int) -> dict:
    return {
        "proposal": {
            "kind": "建议",
            "session": "市十四届人大四次会议",
            "number": str(n),
            "title": f"关于推进第{n}项科技创新工作的建议",
            "proposers": ["黄钦鑫", "李正乔", "王立超"],
            "assigned": dt.date(2024, 3, 20),
        },
        "reply": {"bureau": "wenzhou-sti", "body": ["【待填：答复正文】"]},
    }


def writer() -> None:
    from ruamel.yaml import YAML

    from drafter.letter.yamlio import parse
    from drafter.worklist.drafts import as_yaml

    items = [data(n) for n in range(1, 1001)]
    yaml = YAML(typ="rt")

    def ours() -> list[str]:
        return [as_yaml(d, ["由 drafter new 生成"]) for d in items]

    def ruamel() -> list[str]:
        out = []
        for d in items:
            buffer = io.StringIO()
            yaml.dump(d, buffer)
            out.append(buffer.getvalue())
        return out

    best = {"ours": float("inf"), "ruamel": float("inf")}
    for _ in range(REPEAT):
        for name, step in (("ours", ours), ("ruamel", ruamel)):
            started = time.perf_counter()
            step()
            best[name] = min(best[name], time.perf_counter() - started)
    for text in (ours()[0], ruamel()[0]):
        parse(text, None)  # both read back as letters
    per = {k: v / len(items) * 1000 for k, v in best.items()}
    print(
        f"writer, 1,000 drafts: ours {best['ours']:.3f} s ({per['ours']:.3f} ms a draft), "
        f"ruamel {best['ruamel']:.3f} s ({per['ruamel']:.3f} ms a draft): "
        f"ours {best['ruamel'] / best['ours']:.1f}× faster"
    )


def whole() -> None:
    import openpyxl

    with tempfile.TemporaryDirectory() as tmp:
        listed = Path(tmp) / "交办清单.xlsx"
        book = openpyxl.Workbook()
        page = book.active
        page.append(["关于市十四届人大四次会议代表建议的交办清单"])
        page.append(["建议号", "标题", "领衔代表", "联名代表", "主办单位", "交办日期"])
        for n in range(1, ROWS + 1):
            page.append(
                [
                    n,
                    f"关于推进第{n}项科技创新工作的建议",
                    "黄钦鑫",
                    "李正乔、王立超",
                    "市科技局",
                    dt.datetime(2024, 3, 20),
                ]
            )
        book.save(listed)
        started = time.perf_counter()
        result = subprocess.run(
            [str(DRAFTER), "new", "--from", str(listed), "-o", str(Path(tmp) / "drafts"), "--bureau", "wenzhou-sti"],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        written = len(list((Path(tmp) / "drafts").glob("*.yaml")))
        assert result.returncode == 0, result.stderr
        each = seconds / written * 1000
        print(f"whole: {ROWS} rows → {written} drafts in {seconds:.1f} s ({each:.2f} ms a draft), peak {peak:.0f} MB")


if __name__ == "__main__":
    writer()
    whole()
