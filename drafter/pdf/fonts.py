"""The fonts the templates name, as this machine will show them in a PDF: the font itself, a stand-in, or
nothing suitable; and the clerk's warning when a PDF is only for looking.

On Linux the official-document fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are usually absent:
fonts/fonts.conf maps them to free look-alikes for the soffice we start (`processes.office_env`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

FONTS_CONF = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


@dataclass(frozen=True)
class FontStatus:
    """One font the templates name: the font the machine uses for it, and whether that is the font itself."""

    family: str
    found: str | None
    kind: Literal["real", "stand-in", "missing"]


# the fonts the templates name, each with the other names the same font goes by
FONTS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
    "黑体": ("黑体", "SimHei"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312"),
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312"),
    "宋体": ("宋体", "SimSun"),
    "Times New Roman": ("Times New Roman",),
}
# near relatives that Windows itself ships or bureaus commonly have (used as stand-ins on Windows)
RELATIVES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
    "楷体_GB2312": ("楷体", "KaiTi"),
    "仿宋_GB2312": ("仿宋", "FangSong"),
}
# Windows font files by their usual names, for fonts copied into the Fonts folder without registering
WINDOWS_FILES: dict[str, str] = {
    "simhei.ttf": "SimHei",
    "simsun.ttc": "SimSun",
    "simkai.ttf": "KaiTi",
    "simfang.ttf": "FangSong",
    "times.ttf": "Times New Roman",
    "fzxbsjw.ttf": "方正小标宋简体",
    "方正小标宋简体.ttf": "方正小标宋简体",
    "方正小标宋_gbk.ttf": "方正小标宋_GBK",
    "fzxbsk.ttf": "方正小标宋_GBK",
    "仿宋_gb2312.ttf": "仿宋_GB2312",
    "fs_gb2312.ttf": "仿宋_GB2312",
    "楷体_gb2312.ttf": "楷体_GB2312",
    "kt_gb2312.ttf": "楷体_GB2312",
}


def _norm(name: str) -> str:
    return name.replace(" ", "").casefold()


def font_report() -> list[FontStatus]:
    """What the machine will print each template font with: the font itself, a stand-in, or nothing suitable."""
    if sys.platform == "win32":
        return _windows_fonts()
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return [FontStatus(family, None, "missing") for family in FONTS]
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF)) if FONTS_CONF.is_file() else dict(os.environ)
    out = []
    for family, names in FONTS.items():
        latin = family.isascii()
        escaped = family.replace("\\", "\\\\").replace("-", "\\-").replace(":", "\\:").replace(",", "\\,")
        pattern = escaped if latin else f"{escaped}:lang=zh-cn"
        try:
            result = subprocess.run(
                [fc_match, "-f", "%{family}\n%{lang}\n", pattern],
                capture_output=True,
                text=True,
                encoding="utf-8",
                env=env,
                timeout=30,
                check=True,
            )
            families, langs = (result.stdout.splitlines() + ["", ""])[:2]
        except (OSError, subprocess.SubprocessError):
            out.append(FontStatus(family, None, "missing"))
            continue
        names_found = [f for f in families.split(",") if f]
        shown = names_found[0] if names_found else None
        wanted = {_norm(n) for n in names}
        if any(_norm(f) in wanted for f in names_found):
            out.append(FontStatus(family, family, "real"))
        elif shown and (latin or "zh-cn" in langs.split("|")):
            out.append(FontStatus(family, shown, "stand-in"))
        else:
            out.append(FontStatus(family, shown, "missing"))  # whatever it found cannot show Chinese
    return out


def _windows_fonts() -> list[FontStatus]:
    have = {_norm(n) for n in _windows_font_names()}
    out = []
    for family, names in FONTS.items():
        if any(_norm(n) in have for n in names):
            out.append(FontStatus(family, family, "real"))
            continue
        relative = next((r for r in RELATIVES.get(family, ()) if _norm(r) in have), None)
        out.append(FontStatus(family, relative, "stand-in" if relative else "missing"))
    return out


def _windows_font_names() -> set[str]:
    """Family names of the installed fonts: registry entries ("SimSun & NSimSun (TrueType)") and file names."""
    names: set[str] = set()
    if sys.platform == "win32":
        import winreg

        key = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
        for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(hive, key) as k:
                    for i in itertools.count():
                        try:
                            entry = winreg.EnumValue(k, i)[0]
                        except OSError:
                            break
                        entry = entry.split("(")[0].strip()
                        names.update(part.strip() for part in entry.split("&"))
            except OSError:
                continue
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    for folder in folders:
        with contextlib.suppress(OSError):
            for file in folder.iterdir():
                known = WINDOWS_FILES.get(file.name.casefold())
                if known:
                    names.add(known)
    return names


def font_warning(report: list[FontStatus]) -> str | None:
    """A paragraph for the clerk when the PDF will not show the official fonts; None when all are real."""
    standins = [s for s in report if s.kind == "stand-in"]
    missing = [s for s in report if s.kind == "missing"]
    if not standins and not missing:
        return None
    parts = []
    if standins:
        pairs = "、".join(f"{s.family}（用 {s.found} 代替）" for s in standins)
        parts.append(
            f"本机没有公文字体 {pairs}，生成的 PDF 使用预览用替代字体，字形与正式公文不同，"
            "只供查看核对，不能作为正式文件发出。"
        )
    if missing:
        names = "、".join(s.family for s in missing)
        parts.append(f"本机缺少字体 {names}，也没有合适的替代字体，PDF 中这些文字可能显示为别的字体或方框。")
    wanted = "、".join(s.family for s in standins + missing)
    if sys.platform == "win32":
        parts.append(
            f"要让 PDF 与 Word 中一致，请安装字体 {wanted}（字体文件可向单位信息管理员索取，"
            "右键字体文件选“安装”），然后重新生成。Word 文件不受影响。"
        )
    else:
        parts.append(
            f"要让 PDF 与 Word 中一致，请安装字体 {wanted}（字体文件可向单位信息管理员索取，"
            "复制到 ~/.local/share/fonts 后运行 fc-cache -f），然后重新生成。Word 文件不受影响。"
        )
        if missing:
            parts.append("至少可以先装免费替代字体：sudo apt install fonts-noto-cjk fonts-lxgw-wenkai。")
    return "".join(parts)
