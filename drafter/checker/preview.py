"""`drafter preview`: a .docx as PDF and one PNG a page, through LibreOffice with the font mapping, to look at.

Everything is made in a hidden temporary folder beside the targets and renamed into place at the end, so
an interrupted preview leaves the old files or the new ones, never half of each.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from drafter.i18n import _
from drafter.ooxml.reader import Unreadable, read
from drafter.pdf.convert import Converter, PdfError
from drafter.pdf.find import PdfUnavailable
from drafter.problems import InputError, Problem


def page_images(folder: Path, stem: str) -> list[Path]:
    """The FILE-1.png, FILE-2.png … of an earlier preview in `folder`."""
    pattern = re.compile(rf"{re.escape(stem)}-(\d+)\.png")
    found = [(int(m.group(1)), p) for p in folder.glob("*.png") if (m := pattern.fullmatch(p.name))]
    return [p for _n, p in sorted(found)]


def make_preview(docx: Path, out_dir: Path | None = None, force: bool = False, dpi: int = 96) -> list[Path]:
    """Write FILE.pdf and FILE-N.png; return their paths. InputError for the clerk when it cannot."""
    try:
        read(docx)  # a clear message for a .doc, an empty file, a zip that is not a .docx
    except Unreadable as exc:
        raise InputError([Problem(None, str(exc))]) from None
    folder = out_dir if out_dir is not None else docx.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(folder, _("无法建立输出文件夹：{why}").format(why=exc.strerror))]) from None
    pdf = folder / f"{docx.stem}.pdf"
    old = ([pdf] if pdf.exists() else []) + page_images(folder, docx.stem)
    if old and not force:
        raise InputError([Problem(p, _("已经存在，没有覆盖；要覆盖请加 --force")) for p in old])
    pdftoppm = shutil.which("pdftoppm")
    with tempfile.TemporaryDirectory(prefix=".drafter-preview-", dir=folder) as tmp:
        work = Path(tmp)
        try:
            with Converter() as converter:
                converter.convert(docx, work / "preview.pdf")
        except (PdfUnavailable, PdfError) as exc:
            raise InputError([Problem(docx, str(exc))]) from None
        pages: list[Path] = []
        if pdftoppm:
            try:
                subprocess.run(
                    [pdftoppm, "-png", "-r", str(dpi), str(work / "preview.pdf"), str(work / "page")],
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise InputError([Problem(docx, _("无法把 PDF 转成图片（pdftoppm）：{why}").format(why=exc))]) from None
            numbered = [(int(p.stem.rsplit("-", 1)[1]), p) for p in work.glob("page-*.png")]
            pages = [p for _n, p in sorted(numbered)]
        for stale in page_images(folder, docx.stem):
            stale.unlink()
        written = []
        os.replace(work / "preview.pdf", pdf)
        written.append(pdf)
        for n, page in enumerate(pages, start=1):
            target = folder / f"{docx.stem}-{n}.png"
            os.replace(page, target)
            written.append(target)
    if not pdftoppm:
        print(_("提示：本机没有 pdftoppm（poppler-utils），只生成了 PDF，没有生成 PNG。"))
    return written
