"""Reading a letter from YAML with every problem located at its line and column.

ruamel.yaml in round-trip mode keeps positions and refuses duplicate keys. Its implicit typing is switched
off: every scalar stays the text the clerk typed (so 0843 keeps its zero, NO stays a word, 2024-13-01 is
not a crash), and the pydantic model decides what each field means.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from drafter.files import refuse_special
from drafter.i18n import N_, _
from drafter.letter.model import Letter, Strict
from drafter.limits import MAX_ALIAS_CHARS, MAX_ALIASES, MAX_DEPTH, MAX_YAML_BYTES
from drafter.problems import InputError, Problem

M = TypeVar("M", bound=Strict)


class _TextConstructor(RoundTripConstructor):
    """Plain scalars that look like numbers, booleans or dates stay text."""


def _as_text(self: RoundTripConstructor, node: Any) -> str:
    return str(node.value)


for _tag in ("int", "float", "bool", "timestamp"):
    _TextConstructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_text)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextConstructor
    yaml.allow_duplicate_keys = False
    return yaml


SYNTAX_HINTS = {
    "mapping values are not allowed": N_("这里多了一个冒号，或冒号后少了空格；含有英文冒号的文字请用引号括起来"),
    "could not find expected ':'": N_("缺少冒号“: ”"),
    "cannot start any token": N_("这一行以 Tab 或特殊符号开头；缩进请用空格，以特殊符号开头的文字请用引号括起来"),
    "found unexpected end of stream": N_("引号没有配对"),
    "did not find expected key": N_("缩进不对齐，或上一行的引号没有配对"),
    "did not find expected '-' indicator": N_("列表项缩进不对齐"),
    "found undefined alias": N_("用了没有定义的别名（*）"),
}


def _syntax_message(problem: str) -> str:
    for key, hint in SYNTAX_HINTS.items():
        if key in problem:
            return _("YAML 格式有误：{hint}（{problem}）").format(hint=_(hint), problem=problem)
    return _("YAML 格式有误（{problem}）").format(problem=problem)


def read_text(path: Path, limit: int | None = MAX_YAML_BYTES) -> str:
    """The file's text; a missing file or another encoding than UTF-8 is a clear problem, not a crash.

    A file larger than `limit` is refused before it is read: the round-trip loader would take long.
    """
    refuse_special(path)
    try:
        if limit is not None and path.stat().st_size > limit:
            message = _(
                "文件太大：{size} 字节，整个读入的 YAML 文件最多 {limit} 字节"
                "（批量文件不用锚点 &、别名 *、标签 ! 时一封一封地读，不受此限）"
            ).format(size=f"{path.stat().st_size:,}", limit=f"{limit:,}")
            raise InputError([Problem(path, message)])
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, _("找不到这个文件"))]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, _("这是一个文件夹，不是 YAML 文件"))]) from None
    except OSError as exc:
        raise InputError([Problem(path, _("无法读取这个文件（{error}）").format(error=exc.strerror))]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(path, _("文件不是 UTF-8 编码；请在记事本中“另存为”，编码选 UTF-8"), line=line)]
        ) from None


ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def check_line_breaks(text: str, path: Path | None) -> None:
    """Refuse the characters YAML reads as line breaks and folds into spaces: they would vanish silently."""
    found = ODD_BREAKS.search(text)
    if found:
        index, ch = found.start(), found.group(0)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        message = _("文件里有特殊的换行字符 U+{code}，YAML 会把它变成空格；请删去它或换成普通换行").format(
            code=f"{ord(ch):04X}"
        )
        raise InputError([Problem(path, message, line, column)])


ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str")  # an explicit !!str only says what every scalar is anyway


def screen(text: str, path: Path | None) -> None:
    """Refuse tags, nesting and aliases past the limits, from the parser's events before anything is built.

    An alias (*name) repeats what its anchor (&name) holds; counted with what it repeats, a kilobyte
    of nested aliases can stand for gigabytes (a "billion laughs"), and an alias inside its own anchor
    (`&p {<<: *p}`) for an endless letter. Each anchor's expanded size is known when its node ends, so
    one pass over the events, without recursion, measures what every alias adds.
    """
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    total = added = aliases = 0

    def refuse(message: str, event: Any) -> None:
        mark = event.start_mark
        raise InputError([Problem(path, message, mark.line + 1, mark.column + 1)])

    try:
        for event in _events(text):
            if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag not in ALLOWED_TAGS:
                tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
                refuse(_("不能用 YAML 标签 {tag}：答复里的每一项都是文字，请删去这个标签").format(tag=tag), event)
            if isinstance(event, ScalarEvent):
                total += 1 + len(event.value)
                if event.anchor:
                    sizes[event.anchor] = 1 + len(event.value)
            elif isinstance(event, CollectionStartEvent):
                open_nodes.append((event.anchor, total))
                total += 1
                if len(open_nodes) > MAX_DEPTH:
                    refuse(_("内容嵌套太深（超过 {limit} 层），请检查缩进和括号").format(limit=MAX_DEPTH), event)
            elif isinstance(event, CollectionEndEvent) and open_nodes:
                anchor, start = open_nodes.pop()
                if anchor:
                    sizes[anchor] = total - start
            elif isinstance(event, AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    refuse(_("别名（*）用得太多：一个文件最多 {limit} 处").format(limit=MAX_ALIASES), event)
                if any(anchor == event.anchor for anchor, _start in open_nodes):
                    message = _("别名 *{name} 用在了它自己的锚点 &{name} 里面，内容会无穷无尽")
                    refuse(message.format(name=event.anchor), event)
                size = sizes.get(event.anchor, 0)
                total += size
                added += size
                if added > MAX_ALIAS_CHARS:
                    message = _("别名（*）重复的内容太多：展开后超过 {limit} 个字").format(limit=f"{MAX_ALIAS_CHARS:,}")
                    refuse(message, event)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - a syntax error: the loader names it with its place
        return


def _events(text: str) -> Iterator[Any]:
    """The parser's events; libyaml's when it is there (twenty times faster than the pure-Python parser)."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        yield from _yaml().parse(text)
        return
    parser = CParser(text)
    while True:
        event = parser.get_event()
        yield event
        if type(event).__name__ == "StreamEndEvent":
            return


def parse(text: str, path: Path | None) -> Any:
    """YAML text to ruamel's commented tree, with syntax errors located."""
    check_line_breaks(text, path)
    screen(text, path)
    try:
        return _yaml().load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        start = exc.context_mark.line if exc.context_mark else 0
        key, first = _duplicate_key(text, start, mark.line, mark.column)
        message = _("“{key}”这一项写了两次").format(key=key) + (
            _("（第一次在第{line}行）").format(line=first) if first else ""
        )
        raise InputError([Problem(path, message, mark.line + 1, mark.column + 1)]) from None
    except ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = (
            _("文件里有看不见的控制字符 U+{code}，请删去它").format(code=f"{exc.character:04X}")
            if isinstance(exc.character, int)
            else _("文件里有不能识别的字符")
        )
        raise InputError([Problem(path, message, line, column)]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = (mark.line + 1, mark.column + 1) if mark else ()
        wide = _wide_colon(text, exc.context_mark.line if exc.context_mark else 0, mark.line if mark else 0)
        if wide is not None:  # the slip a clerk makes most: 项名：值 with the Chinese colon
            message = _("项名后用了中文冒号“：”；YAML 要用英文冒号加空格，如 date: 2024-06-26")
            raise InputError([Problem(path, message, *wide)]) from None
        raise InputError([Problem(path, _syntax_message(str(exc.problem)), *at)]) from None
    except YAMLError as exc:
        raise InputError([Problem(path, _syntax_message(str(exc)))]) from None
    except RecursionError:
        raise InputError([Problem(path, _("内容嵌套太深（标题最多四级），请检查缩进和括号"))]) from None


WIDE_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*：")  # date：2024-06-26


def _wide_colon(text: str, first: int, last: int) -> tuple[int, int] | None:
    """(line, column), 1-based, of a key written with the full-width colon near a syntax error."""
    rows = text.splitlines()
    for number in range(max(0, first - 1), min(len(rows), last + 2)):
        found = WIDE_COLON.match(rows[number])
        if found:
            return number + 1, found.end()
    return None


def _duplicate_key(text: str, start: int, line: int, column: int) -> tuple[str, int | None]:
    """The repeated key and the line (1-based) where it first stands in the same mapping."""
    rows = text.splitlines()
    key = rows[line][column:].split(":", 1)[0].strip().strip("'\"") if line < len(rows) else ""
    for number in range(start, line):
        row = rows[number]
        if row[:column].strip(" -") == "" and row[column:].split(":", 1)[0].strip().strip("'\"") == key:
            return key, number + 1
    return key, None


def position(tree: Any, loc: tuple[str | int, ...]) -> tuple[int | None, int | None, tuple[str | int, ...]]:
    """Line and column (1-based) of the deepest part of `loc` present in the tree, and that part's path.

    Plain dicts and lists (a wizard's draft) give the path alone, without line and column.

    pydantic locations also hold union tags ('section', 'person'); those are not keys in the data and
    are skipped, so a location always names what the clerk wrote.
    """
    node, line, column = tree, None, None
    path: list[str | int] = []
    for part in loc:
        if isinstance(node, dict) and part in node:
            if isinstance(node, CommentedMap):
                try:
                    line, column = node.lc.key(part)
                except KeyError:  # a key that came in through a merge (<<: *anchor) has no place of its own
                    line, column = node.lc.line, node.lc.col
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if isinstance(node, CommentedSeq):
                line, column = node.lc.item(part)
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and part not in field_names():
            continue  # a union tag
        else:
            path.append(part)
            break
    if line is None and isinstance(tree, CommentedMap) and tree.lc.line is not None:
        line, column = tree.lc.line, tree.lc.col
    return (line + 1 if line is not None else None, column + 1 if column is not None else None, tuple(path))


def field_names() -> set[str]:
    """Field names of every model (letters, bureaus), to tell a key from a union tag in a location."""
    names: set[str] = set()
    stack: list[type] = [Strict]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        names.update(getattr(cls, "model_fields", {}).keys())
    return names


def _message(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("缺少这一项（必填）")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, sorted(field_names()), n=1, cutoff=0.6)
        return _("不认识“{name}”这一项").format(name=name) + (
            _("，是不是想写“{close}”？").format(close=close[0]) if close else _("（请检查拼写）")
        )
    if kind in ("string_type", "str_type"):
        return _("应当是一段文字")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("应当是一个整数")
    if kind in ("bool_parsing", "bool_type"):
        return _("应当是 true（是）或 false（否）")
    if kind == "list_type":
        return _("应当是一个列表（每项另起一行，以“- ”开头）")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("应当是带有若干项的一组内容（每项写成 名称: 内容）")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return _("只能是{choices}").format(choices=_("或").join(f"“{c}”" for c in choices))
    if kind == "invalid_key":
        return _("冒号前面的名称应当是文字")
    if kind == "too_short":
        return _("至少要有 {n} 项").format(n=ctx.get("min_length", 1))
    if kind == "greater_than_equal":
        return _("不能小于 {n}").format(n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("不能大于 {n}").format(n=ctx.get("le"))
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return _("日期应写成 2024-06-26 或 2024年6月26日")
    return str(error["msg"]).removeprefix("Value error, ")


Locate = Callable[[tuple[str | int, ...], str], Problem]  # a place in the input and a message → a Problem


def problems_from(exc: ValidationError, where: Locate) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = tuple(error["loc"]) + tuple((error.get("ctx") or {}).get("path", ()))
        out.append(where(loc, _message(error)))
    return out


def in_tree(tree: Any, path: Path) -> Locate:
    return lambda loc, message: located(tree, path, loc, message)


def load_tree(path: Path, shape: str) -> CommentedMap:
    """A YAML file that must be a mapping; `shape` tells the clerk what it should hold."""
    tree = parse(read_text(path), path)
    if not isinstance(tree, CommentedMap):
        more = _("；若干封答复的列表是批量文件，请用 drafter batch") if isinstance(tree, CommentedSeq) else ""
        raise InputError([Problem(path, _(shape) + more)])
    return tree


def validate(model: type[M], tree: CommentedMap, path: Path) -> M:
    """The model from the tree; every problem located at its line and column."""
    try:
        return model.model_validate(tree)
    except ValidationError as exc:
        raise InputError(problems_from(exc, in_tree(tree, path))) from None
    except RecursionError:
        raise InputError([Problem(path, _("内容嵌套太深（标题最多四级），请检查缩进和括号"))]) from None


def located(tree: Any, path: Path, loc: tuple[str | int, ...], message: str) -> Problem:
    line, column, field = position(tree, loc)
    return Problem(path, message, line, column, field)


LETTER_SHAPE = N_("文件应当由 proposal:（建议或提案）和 reply:（答复）两部分组成")


def load_letter(path: Path) -> Letter:
    """Read and validate one letter; every problem found is raised together in an InputError."""
    return validate(Letter, load_tree(path, LETTER_SHAPE), path)
