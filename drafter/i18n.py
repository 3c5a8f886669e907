"""The interface's language: Chinese by default, English with --lang en or an English locale.

Messages are written in Chinese in the code (the clerk's language) and translated through babel
message catalogs: `drafter/locale/<lang>/LC_MESSAGES/drafter.po`, compiled to `.mo` by the build
(`setup.py`'s build_py, and `python dev.py` for a source tree). Where a source tree has a `.po` newer
than its `.mo`, the catalog is compiled in memory with babel, so a translation is never stale.

    from drafter.i18n import _
    print(_("已生成 {path}").format(path=target))

Only the interface is translated; the letters themselves are always Chinese.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

DOMAIN = "drafter"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE = "zh"  # the language the messages are written in
LANGUAGES = ("zh", "en")
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's own order

_current = SOURCE


def choose(requested: str | None = None, environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """--lang if given, else the first locale variable that is set: en… → English, anything else → Chinese."""
    if requested:
        code = requested.strip().lower().replace("-", "_").split("_")[0]
        if code not in LANGUAGES:
            raise ValueError(requested)
        return code
    env = os.environ if environ is None else environ
    for name in ENV_VARS:
        value = env.get(name, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "en" if value.split(":")[0].lower().startswith("en") else SOURCE
    return SOURCE


def set_language(code: str) -> None:
    global _current
    if code not in LANGUAGES:
        raise ValueError(code)
    _current = code


def language() -> str:
    return _current


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog of one language: the compiled .mo, or the .po compiled now when it is newer."""
    if code == SOURCE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    blob = io.BytesIO()
    write_mo(blob, catalog)
    blob.seek(0)
    return gettext.GNUTranslations(blob)


def _(message: str) -> str:
    """The message in the current language (the Chinese text itself when untranslated)."""
    return translations(_current).gettext(message) if _current != SOURCE else message


def ngettext(singular: str, plural: str, n: int) -> str:
    if _current == SOURCE:
        return singular
    return translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (module-level constants)."""
    return message


def compile_catalogs(root: Path = LOCALE_DIR) -> list[Path]:
    """Every .po under `root` compiled to its .mo; the build and dev.py call this."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(mo)
    return written
