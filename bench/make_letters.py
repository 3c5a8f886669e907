"""Batch files of N varied letters for the benchmarks, made from the shipped examples.

Each letter is one of the examples (all kinds: 信函 and 文件, 清单式 tables, attachments, 会办意见,
marks, a 征询意见表) with its own item number and 发文字号, written in block style as a clerk would.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SKIP = {"dongtou-review-report.yaml", "batch-2024.yaml"}  # a 报告 has no item number to vary


def templates() -> list[str]:
    yaml = YAML(typ="rt")
    out = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        if path.name in SKIP:
            continue
        data = yaml.load(path.read_text(encoding="utf-8"))
        data["proposal"]["number"] = "__NUMBER__"
        data["reply"]["doc_number"] = "__DOC__"
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue()
        lines = text.splitlines()
        out.append("  - " + lines[0] + "\n" + "".join(f"    {line}\n" for line in lines[1:]))
    return out


def write(path: Path, count: int) -> Path:
    shapes = templates()
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"# 基准测试用的批量文件：由 examples/ 的答复改出的 {count} 封\nletters:\n")
        for i in range(count):
            doc = "__DOC__"
            text = shapes[i % len(shapes)].replace("__NUMBER__", str(1000 + i))
            handle.write(text.replace(doc, "auto"))
    return path


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]))
