"""The template library: the base house style and one folder per bureau, searched in a fixed order.

A library root is a folder of bureau folders, each with a `bureau.yaml` and optional overrides: any
phrase template under `phrases/` and any template .docx. Roots are searched in this order: folders
given with --library, then those in the DRAFTER_LIBRARY environment variable, then the user's own
library folder (where `drafter library new` and the wizard write), then the shipped `templates/`.
The base (`templates/base`) is always the shipped one, so a fix to it reaches every bureau.
The shipped library is found through importlib.resources: installed, it is the package's `drafter/templates`
(the build copies it in); in a source checkout it is `templates/` beside the package.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.i18n import N_, _
from drafter.problems import InputError, Problem

if TYPE_CHECKING:  # the model (pydantic) loads when a bureau.yaml is read, so `drafter check` starts quickly
    from drafter.library.bureau import Bureau


def _shipped() -> Path:
    """The library that comes with drafter: in the installed package, else the source checkout's templates/."""
    installed = resources.files("drafter") / "templates"
    if installed.is_dir():
        return Path(str(installed)).resolve()
    return Path(__file__).resolve().parents[2] / "templates"


SHIPPED = _shipped()
BASE = SHIPPED / "base"
ENV = "DRAFTER_LIBRARY"
BUREAU_FILE = "bureau.yaml"
UNIT_CHAR = re.compile(r"[\u4e00-\u9fff（）()A-Za-z0-9·]")  # a unit's name: 温州市瓯海区人民政府（办公室）
BUREAU_SHAPE = N_("bureau.yaml 应当由若干项组成，如 name: 温州市科学技术局")


def user_folder() -> Path:
    """The clerk's own library folder: %APPDATA%\\drafter on Windows, else $XDG_DATA_HOME/drafter
    (~/.local/share/drafter). New bureaus go here, never into the installed program."""
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "drafter"
    data = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(data) if data and Path(data).is_absolute() else Path.home() / ".local" / "share") / "drafter"


@lru_cache(maxsize=256)
def _read(path: Path, stamp: int) -> Bureau:
    """A bureau.yaml, validated; cached until the file changes (stamp is its modification time)."""
    from drafter.letter.yamlio import load_tree, validate
    from drafter.library.bureau import Bureau

    return validate(Bureau, load_tree(path, BUREAU_SHAPE), path)


def read_bureau(path: Path) -> Bureau:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise InputError([Problem(path, _("找不到这个文件"))]) from None
    return _read(path, stamp)


@dataclass(frozen=True)
class BureauFolder:
    """One bureau's folder in the library, with its settings over the base's."""

    id: str
    folder: Path
    settings: Bureau
    provisional: bool = False  # no library: the base's, with the letter's name for the bureau (Library.stand_in)

    @property
    def name(self) -> str:
        return self.settings.name or self.id

    def phrase_folders(self) -> tuple[Path, ...]:
        own = self.folder / "phrases"
        return ((own,) if own.is_dir() else ()) + (BASE / "phrases",)

    def template(self, *names: str) -> Path:
        """The first of `names` in the bureau's folder, else in the base: a bureau overrides any .docx."""
        for folder in (self.folder, BASE):
            for name in names:
                if (folder / name).is_file():
                    return folder / name
        raise InputError(
            [Problem(self.folder, _("模板库里找不到模板文件 {names}").format(names=_(" 或 ").join(names)))]
        )


def base_settings() -> Bureau:
    return read_bureau(BASE / BUREAU_FILE)


class Library:
    """The library roots of one run, in search order."""

    def __init__(self, extra: tuple[Path, ...] | list[Path] = ()) -> None:
        env = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]
        self.roots: tuple[Path, ...] = tuple(dict.fromkeys(p.resolve() for p in [*extra, *env, user_folder(), SHIPPED]))

    def folders(self) -> dict[str, Path]:
        """Bureau id → folder; an id found in an earlier root hides the same id in a later one."""
        found: dict[str, Path] = {}
        for root in self.roots:
            if (root / BUREAU_FILE).is_file() and root != BASE:  # --library pointing at one bureau's folder
                found.setdefault(root.name, root)
                continue
            if not root.is_dir():
                continue
            for folder in sorted(root.iterdir()):
                if folder.is_dir() and folder != BASE and (folder / BUREAU_FILE).is_file():
                    found.setdefault(folder.name, folder)
        return found

    def entry(self, bureau_id: str) -> BureauFolder:
        folder = self.folders()[bureau_id]
        from drafter.library.bureau import merged

        return BureauFolder(bureau_id, folder, merged(base_settings(), read_bureau(folder / BUREAU_FILE)))

    def find(self, ref: str) -> BureauFolder | None:
        """The bureau a letter names, by its id or by its full name."""
        folders = self.folders()
        if ref in folders:
            return self.entry(ref)
        for bureau_id in folders:
            try:
                entry = self.entry(bureau_id)
            except InputError:
                continue  # a broken bureau.yaml is reported when that bureau is used or checked
            if ref in (entry.settings.name, entry.settings.short_name):
                return entry
        return None

    def stand_in(self, ref: str) -> BureauFolder | None:
        """A bureau named by its full name with no library for it: the base library, that name as letterhead and
        signer, so the letter still renders (with `stand_in_warning`). An id-like or odd name gets none."""
        text = ref.strip()
        if not 4 <= len(text) <= 40 or not all(UNIT_CHAR.match(ch) for ch in text):
            return None
        if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return None
        from drafter.library.bureau import Bureau, merged

        own = Bureau(name=text, short_name=text, signer=text)
        return BureauFolder(text, BASE, merged(base_settings(), own), provisional=True)

    def not_found(self, ref: str) -> str:
        folders = self.folders()
        names = [f"{i}" for i in folders]
        close = difflib.get_close_matches(ref, names, n=1, cutoff=0.6)
        known = _("、").join(names) if names else _("（没有）")
        hint = _("是不是想写“{close}”？").format(close=close[0]) if close else ""
        message = _("模板库里没有承办单位“{ref}”。{hint}现有：{known}。新单位请先用 drafter library new 建立它的模板库")
        return message.format(ref=ref, hint=hint, known=known)


def stand_in_warning(name: str, letters: int = 1) -> str:
    """The one warning for a bureau that has no library, with the command that makes one."""
    many = _("（{n} 封）").format(n=letters) if letters > 1 else ""
    return _(
        "提示：模板库里没有“{name}”{many}，已按基础库生成，发文机关标志和署名用“{name}”。"
        "要长期使用，请建立它的模板库：drafter library new my-bureau --name {name} --from 以前的答复函文件夹"
        "（my-bureau 换成本单位的编号，如 ruian-sti；--from 可不写）"
    ).format(name=name, many=many)


class Snapshot(Library):
    """The library as it stands when a batch starts: each bureau is looked up once, not once a letter."""

    def __init__(self, extra: tuple[Path, ...] | list[Path] = ()) -> None:
        super().__init__(extra)
        self._found: dict[str, BureauFolder | None] = {}

    def find(self, ref: str) -> BureauFolder | None:
        if ref not in self._found:
            self._found[ref] = super().find(ref)
        return self._found[ref]
