"""The jinja2 sandbox that phrases and template .docx render in, with limits on what a template may cost.

jinja2's immutable sandbox keeps a template away from the program; it does not stop one from running
for ever or filling the memory (`{% for i in range(10**9) %}`, `{{ 'a' * 10**9 }}`, a recursive include).
`Guarded` adds the limits of `drafter.limits`: every loop counts its steps against a budget of the
rendering, `range` and `lipsum` are bounded, `*`, `**`, `%`, `+` and the string methods and filters that
pad or repeat are checked before they build anything, the output is counted as it is produced, and a
rendering that fails in any way (a limit, a recursion, 1/0) is the template's problem, reported with the
template's file and line, never an internal error.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template, TemplateError, TemplateNotFound, UndefinedError, nodes
from jinja2.exceptions import TemplateRuntimeError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import generate_lorem_ipsum

from drafter import limits
from drafter.i18n import _


class LimitPassed(TemplateRuntimeError):
    """A template went past one of the sandbox's limits."""


@dataclass(frozen=True)
class Limits:
    output_chars: int
    loop_steps: int


PHRASE = Limits(limits.MAX_PHRASE_CHARS, limits.MAX_LOOP_STEPS)
DOCX = Limits(limits.MAX_DOCX_XML_CHARS, limits.MAX_DOCX_LOOP_STEPS)


@dataclass
class _Budget:
    limits: Limits
    steps: int = field(default=0)


_budget: ContextVar[_Budget | None] = ContextVar("drafter_template_budget", default=None)


def _step() -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget.steps += 1
    if budget.steps > budget.limits.loop_steps:
        message = _("循环次数太多：一次生成最多循环 {limit} 次").format(limit=f"{budget.limits.loop_steps:,}")
        raise LimitPassed(message)


def _counted(iterable: Any) -> Any:
    for item in iterable:
        _step()
        yield item


def _too_big(size: int) -> None:
    if size > limits.MAX_VALUE_CHARS:
        message = _("生成的文字或列表太长：最多 {limit} 个字").format(limit=f"{limits.MAX_VALUE_CHARS:,}")
        raise LimitPassed(message)


def _range(*args: int) -> range:
    made = range(*args)
    if len(made) > limits.MAX_RANGE:
        raise LimitPassed(_("range() 最多 {limit} 项").format(limit=f"{limits.MAX_RANGE:,}"))
    return made


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - jinja's names
    if n * max > 10_000:
        raise LimitPassed(_("lipsum() 生成的文字太长"))
    return generate_lorem_ipsum(n, html, min, max)


WIDE_FORMAT = re.compile(r"%[-+ #0]*(\*|\d{5,})|%[-+ #0]*\d*\.(\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")
PADDING = {"ljust", "rjust", "center", "zfill", "expandtabs"}  # str methods whose argument is a width


def _format_string(text: Any) -> None:
    """A % or format() pattern with a width or precision of five digits or more would pad to that size."""
    if isinstance(text, str) and WIDE_FORMAT.search(text):
        raise LimitPassed(_("格式里的宽度或精度太大（最多四位数）"))


def _sized(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


class Guarded(ImmutableSandboxedEnvironment):
    """The immutable sandbox with the limits above; the budget of a rendering is set by `render`."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum
        for name in ("center", "indent", "format", "replace", "wordwrap", "truncate"):
            self.filters[name] = _checked_filter(self.filters[name], name)

    def guard_loop(self, iterable: Any) -> Any:
        return _counted(iterable)

    def guard_value(self, value: Any) -> Any:
        _too_big(_sized(value))
        return value

    def _generate(self, source: Any, name: str | None, filename: str | None, defer_init: bool = False) -> str:
        """Every `for` counts its steps, and every `~` is measured, before the code is generated."""
        if isinstance(source, nodes.Template):
            for loop in source.find_all(nodes.For):
                loop.iter = nodes.Call(nodes.EnvironmentAttribute("guard_loop"), [loop.iter], [], None, None)
            for join in list(source.find_all(nodes.Concat)):
                join.nodes = [
                    nodes.Call(nodes.EnvironmentAttribute("guard_value"), [n], [], None, None) for n in join.nodes
                ]
        return super()._generate(source, name, filename, defer_init)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(times, int) and _sized(seq):
                    _too_big(_sized(seq) * max(times, 0))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if max(abs(left), 2).bit_length() * right > limits.MAX_POWER_BITS:
                raise LimitPassed(_("乘方的结果太大"))
        elif operator == "%":
            _format_string(left)
        elif operator == "+":
            _too_big(_sized(left) + _sized(right))
        result = super().call_binop(context, operator, left, right)
        _too_big(_sized(result))
        return result

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _format_string(value.__self__)  # checked when the method is looked up, before any call
        return wrapped

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - jinja's signature
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str):
            if name in PADDING and args and isinstance(args[0], int):
                _too_big(args[0])
            if name == "replace" and len(args) >= 2:
                _too_big(_sized(__obj.__self__) * max(_sized(args[1]), 1))
        result = super().call(__context, __obj, *args, **kwargs)
        _too_big(_sized(result))
        return result


def _checked_filter(original: Any, name: str) -> Any:
    """A filter that pads or repeats, refused before it builds a value past the limit."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
        values += [v for v in kwargs.values() if isinstance(v, int) and not isinstance(v, bool)]
        if name in ("center", "indent") and values:
            _too_big(max(values))
        if name == "format" and args:
            _format_string(next((a for a in args if isinstance(a, str)), None))
        if name == "replace":
            texts = [a for a in args if isinstance(a, str)]
            if len(texts) >= 3:
                _too_big(len(texts[0]) * max(len(texts[2]), 1))
        result = original(*args, **kwargs)
        _too_big(_sized(result))
        return result

    if hasattr(original, "jinja_pass_arg"):  # the environment or context the filter asks for is passed on
        checked.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


def template_line(exc: BaseException, template: Template) -> int | None:
    """The line of the template (the deepest included one, when it is a file) where the rendering failed."""
    line = None
    tb = exc.__traceback__
    names = {template.filename, "<template>"} if template.filename else {"<template>"}
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in names or filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class Failed(Exception):
    """A rendering that failed: what went wrong, in the clerk's words, and the template's line."""

    def __init__(self, message: str, line: int | None, file: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.file = message, line, file


def _failed_file(exc: BaseException) -> str | None:
    tb, file = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            file = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return file


def render_bounded(template: Template, context: dict[str, Any], bounds: Limits) -> str:
    """The template's text within `bounds`; any failure is a `Failed` but for those the callers word themselves."""
    token = _budget.set(_Budget(bounds))
    out: list[str] = []
    size = 0
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > bounds.output_chars:
                message = _("生成的文字太长：最多 {limit} 个字").format(limit=f"{bounds.output_chars:,}")
                raise LimitPassed(message)
            out.append(chunk)
        return "".join(out)
    except (SecurityError, TemplateNotFound, UndefinedError):
        raise  # the callers word these themselves (phrases tell a fact left out from a misspelt name)
    except TemplateError as exc:
        raise Failed(exc.message or str(exc), template_line(exc, template), _failed_file(exc)) from None
    except RecursionError as exc:
        message = _("模板引用自身（include 或 macro）层层嵌套，没有尽头")
        raise Failed(message, template_line(exc, template), _failed_file(exc)) from None
    except MemoryError as exc:
        raise Failed(_("生成时内存不够"), template_line(exc, template), _failed_file(exc)) from None
    except Exception as exc:  # 1/0, int('x') …: the template's doing, not the program's
        message = f"{type(exc).__name__}: {exc}"
        raise Failed(message, template_line(exc, template), _failed_file(exc)) from None
    finally:
        _budget.reset(token)
