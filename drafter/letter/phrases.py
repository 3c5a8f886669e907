"""Phrase templates: the letter's fixed wording, as jinja2 text files that a bureau may override.

Templates are data, not code: they render in jinja2's immutable sandbox with undefined names as errors,
and within the limits of `drafter.letter.sandbox` (loop steps, output length, recursion).
The clerk's text is only ever passed in as values, never made part of a template's source.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

from drafter.i18n import _
from drafter.letter import sandbox
from drafter.letter.sandbox import Guarded
from drafter.library.search import BASE
from drafter.problems import TemplateProblem


class MissingName(TemplateProblem):
    """A phrase used a name the context lacks: a fact the letter did not state, or a bureau's typo.

    `owner` is the mapping the name was looked up in (None for a top-level name), so that `resolve` can tell
    proposal.number (a fact the letter left out) from a misspelt name (a template problem).
    """

    def __init__(self, message: str, name: str, owner: Any) -> None:
        super().__init__(message)
        self.name = name
        self.owner = owner


class PhraseNotFound(TemplateProblem):
    """None of the phrase names asked for exists in the library's folders."""


class _Undefined(StrictUndefined):
    """StrictUndefined that says which name was missing, and where it was looked up."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        raise _Missing(self._undefined_name or "", self._undefined_obj, self._undefined_message)

    # StrictUndefined binds these to the base class's method, so they are bound again to this one
    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = _fail_with_undefined_error  # type: ignore[assignment]


class _Missing(UndefinedError):
    def __init__(self, name: str, owner: Any, message: str) -> None:
        super().__init__(message)
        self.name, self.owner = name, owner


@cache
def environment(folders: tuple[Path, ...] = (BASE / "phrases",)) -> Guarded:
    """One compiled environment per search path; templates are compiled once and cached by jinja2."""
    return Guarded(
        loader=FileSystemLoader([str(f) for f in folders], encoding="utf-8"),
        undefined=_Undefined,
        autoescape=False,
        keep_trailing_newline=False,
        auto_reload=False,
    )


@lru_cache(maxsize=1024)
def _select(folders: tuple[Path, ...], candidates: tuple[str, ...]) -> Template:
    """The most specific phrase that exists; remembered, as jinja2 only remembers the ones it found."""
    return environment(folders).select_template([f"{n}.j2" for n in candidates])


def fill(names: str | tuple[str, ...], context: dict[str, Any], folders: tuple[Path, ...] = (BASE / "phrases",)) -> str:
    """The first of `names` that exists (most specific first), looked up in the folders in order."""
    candidates = (names,) if isinstance(names, str) else names
    env = environment(folders)
    name = candidates[0]
    try:
        template = _select(folders, candidates)
    except TemplateNotFound:
        wanted = _(" 或 ").join(f"{n}.j2" for n in candidates)
        raise PhraseNotFound(
            _("找不到措辞模板 {wanted}（在 {value}）").format(wanted=wanted, value=", ".join(str(f) for f in folders))
        ) from None
    except TemplateSyntaxError as exc:
        where = exc.filename or f"{name}.j2"
        raise TemplateProblem(
            _("措辞模板 {where} 第{lineno}行 写法有误：{message}").format(
                where=where, lineno=exc.lineno, message=exc.message
            )
        ) from None
    name = template.name.removesuffix(".j2") if template.name else name
    try:
        return sandbox.render_bounded(template, context, sandbox.PHRASE).strip("\n")
    except _Missing as exc:
        owner = None if exc.owner is missing else exc.owner
        message = f"措辞模板 {_where(env, name)} 用到的 {exc.name} 没有定义"
        raise MissingName(message, exc.name, owner) from None
    except TemplateNotFound as exc:
        raise TemplateProblem(
            _("措辞模板 {value} 引用的 {name} 不存在").format(value=_where(env, name), name=exc.name)
        ) from None
    except SecurityError as exc:
        raise TemplateProblem(
            _("措辞模板 {name}.j2 试图访问程序内部（{exc}），已拒绝").format(name=name, exc=exc)
        ) from None
    except sandbox.Failed as exc:
        where = (exc.file or _where(env, name)) + (f" 第{exc.line}行" if exc.line else "")
        raise TemplateProblem(_("措辞模板 {where} 有错误：{why}").format(where=where, why=exc.message)) from None
    except TemplateError as exc:  # an undefined name (passed on by the sandbox for the case above)
        raise TemplateProblem(
            _("措辞模板 {value}{where} 有错误：{message}").format(
                value=_where(env, name), where="", message=exc.message
            )
        ) from None


def _where(env: ImmutableSandboxedEnvironment, name: str) -> str:
    """The file a phrase came from, so that the clerk knows which copy to fix."""
    try:
        source = env.loader.get_source(env, f"{name}.j2")  # type: ignore[union-attr]
        return source[1] or f"{name}.j2"
    except TemplateNotFound:
        return f"{name}.j2"
