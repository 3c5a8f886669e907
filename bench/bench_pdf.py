"""PDF benchmark: 50 letters converted by one soffice per letter (the baseline) and by kept-running Converters.

    python bench/bench_pdf.py [COUNT]

The letters are the shipped examples' renders, copied up to COUNT (50). Three ways, in one run, each
writing its own folder of PDFs:
  baseline   `soffice --headless --convert-to pdf` once per letter, one after another (its profile made
             beforehand and not timed, so the baseline pays only what every letter pays);
  1 process  one Converter (one soffice kept running, driven through UNO), start-up included;
  2 processes  two worker processes with a Converter each, half the letters each, start-up included.
All use drafter's fonts.conf, so they draw the same fonts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from drafter.letter.load import load
from drafter.library.search import Library
from drafter.pdf.convert import Converter
from drafter.pdf.find import find_soffice
from drafter.pdf.fonts import FONTS_CONF
from drafter.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def make_letters(folder: Path, count: int) -> list[Path]:
    """COUNT .docx files: the examples that render on their own, copied round-robin."""
    from drafter.letter.render import render

    library = Library([EXAMPLES / "library"])
    renders = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        try:
            loaded = load(path, library)
        except InputError:
            continue  # not a single letter (a batch file)
        out = folder / "examples" / f"{path.stem}.docx"
        out.parent.mkdir(exist_ok=True)
        render(loaded.letter, loaded.entry).write_docx(out)
        renders.append(out)
    letters = []
    for i in range(count):
        target = folder / "in" / f"{i:03d}-{renders[i % len(renders)].name}"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(renders[i % len(renders)], target)
        letters.append(target)
    return letters


def baseline(soffice: str, letters: list[Path], out: Path, work: Path) -> float:
    profile = work / "baseline-profile"
    args = [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}"]
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
    subprocess.run(
        [*args, "--convert-to", "pdf", "--outdir", str(work / "warm-up"), str(letters[0])],
        capture_output=True,
        env=env,
        check=True,
    )  # makes the profile: not timed
    started = time.perf_counter()
    for docx in letters:
        subprocess.run(
            [*args, "--convert-to", "pdf", "--outdir", str(out), str(docx)],
            capture_output=True,
            env=env,
            check=True,
            timeout=120,
        )
    return time.perf_counter() - started


def ours(letters: list[Path], out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    with Converter() as converter:
        for docx in letters:
            converter.convert(docx, out / docx.with_suffix(".pdf").name)
        mode = converter.mode
    return time.perf_counter() - started, mode


def _worker(letters: list[Path], out: Path) -> None:
    with Converter() as converter:
        for docx in letters:
            converter.convert(docx, out / docx.with_suffix(".pdf").name)


def ours_parallel(letters: list[Path], out: Path, processes: int) -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        shares = [letters[i::processes] for i in range(processes)]
        for future in [pool.submit(_worker, share, out) for share in shares]:
            future.result()
    return time.perf_counter() - started


def check(letters: list[Path], out: Path) -> None:
    made = [out / d.with_suffix(".pdf").name for d in letters]
    bad = [p.name for p in made if not p.is_file() or p.stat().st_size < 1000]
    if bad:
        sys.exit(f"missing or empty PDFs in {out}: {bad[:5]}")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    soffice = find_soffice()
    if soffice is None:
        sys.exit("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temp:
        work = Path(temp)
        letters = make_letters(work, count)
        outs = {name: work / name for name in ("baseline", "one", "two")}
        for folder in outs.values():
            folder.mkdir()
        print(f"{count} letters ({len({p.name[4:] for p in letters})} different examples), LibreOffice {soffice}")
        base = baseline(soffice, letters, outs["baseline"], work)
        check(letters, outs["baseline"])
        one, mode = ours(letters, outs["one"])
        check(letters, outs["one"])
        two = ours_parallel(letters, outs["two"], 2)
        check(letters, outs["two"])
    rows = [
        ("baseline: soffice --convert-to per letter", base),
        (f"ours: 1 Converter, 1 process ({mode})", one),
        ("ours: 2 Converters, 2 processes", two),
    ]
    for name, seconds in rows:
        print(f"  {name:<44} {seconds:7.2f} s  {seconds / count * 1000:6.0f} ms/letter  {base / seconds:5.1f}×")
    print(f"baseline / ours: {base / one:.1f}× (1 process), {base / two:.1f}× (2 processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
