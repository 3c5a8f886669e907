"""Writing output files safely: to a temporary name in the target folder, then renamed into place.

A killed run leaves no half-written file, and an existing file is replaced only when asked.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .problems import InputError, Problem


def write_atomic(target: Path, fill: Callable[[IO[bytes]], None], force: bool = False) -> None:
    if target.exists() and not force:
        raise InputError([Problem(target, "文件已经存在，没有覆盖；要覆盖请加 --force")])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise InputError([Problem(target, "无法写入：文件可能正在 Word 中打开，请先关闭它")]) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
