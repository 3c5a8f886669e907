"""Letters read one at a time from YAML files, for batches of hundreds or thousands.

libyaml (ruamel's C parser) yields parse events, and each letter is put together from them on its own,
with the line and column of every key and item: memory holds one letter at a time, not the file.
Anything unusual (anchors and aliases, explicit tags, a repeated key, a syntax error) sends the file to
the round-trip reader of `yamlio`, which reads it whole and names the problem as `drafter render` does.
Either way every scalar stays the text the clerk typed, as in `yamlio`.

A file holds one letter (proposal: / reply:), a list of letters, or `defaults:` then `letters:`; each
letter lays its own values over the defaults (mappings key by key, lists and text replaced).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import events as ev
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.i18n import N_, _
from drafter.letter.yamlio import ODD_BREAKS, check_line_breaks, field_names, parse, read_text
from drafter.limits import MAX_LETTER_YAML
from drafter.problems import InputError, Problem

try:
    from _ruamel_yaml import CParser
except ImportError:  # no C extension on this machine: every file takes the round-trip reader
    CParser = None

Path_ = tuple[str | int, ...]
NULLS = ("", "~", "null", "Null", "NULL")
BATCH_KEYS = ("defaults", "letters")
UNKNOWN_KEY = N_("不认识“{key}”这一项；批量文件只有 defaults:（共同的内容）和 letters:（各封答复）")
BATCH_SHAPE = N_(
    "批量文件应当是：一封答复（proposal: 和 reply:），或若干封答复的列表（每封以“- ”开头），"
    "或 defaults:（共同的内容）加 letters:（各封答复的列表）"
)


@dataclass(frozen=True)
class InputLetter:
    """One letter as read: plain data, and where each part of it stands in its file."""

    file: Path
    index: int | None  # its place in the file's list; None when the file is one letter
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(repr=False)  # 1-based line and column of keys and items
    prefix: Path_ = ()  # where the letter stands in the file: ("letters", 3), (3,) or ()

    def locate(self, loc: Path_) -> tuple[int | None, int | None, Path_]:
        """Line, column and the clerk's path of the deepest part of `loc` that the letter has.

        pydantic locations also hold union tags ('section', 'person'); those are not keys and are skipped.
        """
        found = self.positions.get(())
        path: list[str | int] = []
        for part in loc:
            here = (*path, part)
            if here in self.positions:
                path.append(part)
                found = self.positions[here]
            elif isinstance(part, str) and part not in field_names():
                continue
            else:
                path.append(part)
                break
        line, column = found if found else (None, None)
        return line, column, self.prefix + tuple(path)

    def problem(self, loc: Path_, message: str) -> Problem:
        line, column, where = self.locate(loc)
        return Problem(self.file, message, line, column, where)


_SCALAR, _MAP_START, _MAP_END = ev.ScalarEvent, ev.MappingStartEvent, ev.MappingEndEvent
_SEQ_START, _SEQ_END = ev.SequenceStartEvent, ev.SequenceEndEvent


class _Unusual(Exception):
    """Something the fast reader leaves to the round-trip reader."""


class _Chunks:
    """The file's text for libyaml, a piece at a time, so a file of 10,000 letters is never all in memory.

    Anything the located reader would refuse (not UTF-8, the line breaks YAML folds into spaces) sends
    the file there, for the message with its line and column.
    """

    def __init__(self, path: Path):
        self.handle = path.open("rb")
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")

    def read(self, size: int = 65536) -> str:
        data = self.handle.read(size)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise _Unusual from exc
        if ODD_BREAKS.search(text):
            raise _Unusual
        return text

    def close(self) -> None:
        self.handle.close()


def read(path: Path) -> Iterator[InputLetter]:
    """The file's letters in order. A problem with the file as a whole raises InputError, maybe after some letters."""
    done = 0
    if CParser is not None:
        try:
            chunks = _Chunks(path)
        except OSError:
            chunks = None  # not readable: the located reader says why
        if chunks is not None:
            try:
                for source in _Fast(chunks, path).letters():
                    done += 1
                    yield source
                return
            except _Unusual:
                pass
            finally:
                chunks.close()
    text = read_text(path)
    check_line_breaks(text, path)
    for index, source in enumerate(_slow(text, path)):
        if index >= done:
            yield source


def merge(low: Any, high: Any) -> Any:
    if isinstance(low, dict) and isinstance(high, dict):
        out = dict(low)
        for key, value in high.items():
            out[key] = merge(low[key], value) if key in low else value
        return out
    return high


class _Fast:
    def __init__(self, text: Any, path: Path):
        self.parser = CParser(text)
        self.path = path
        self.began, self.began_at = 0, (1, 1)  # where the letter being read starts: characters in, line and column

    def _next(self) -> Any:
        try:
            return self.parser.get_event()
        except Exception as exc:  # a syntax error: the round-trip reader names it in Chinese
            raise _Unusual from exc

    def _peek(self) -> Any:
        try:
            return self.parser.peek_event()
        except Exception as exc:
            raise _Unusual from exc

    def compose(self, here: Path_, positions: dict[Path_, tuple[int, int]]) -> Any:
        """One node and all below it, as plain data; the place of each key and item in `positions`."""
        try:
            return self._compose(here, positions)
        except InputError:
            raise
        except (_Unusual, RecursionError):
            raise _Unusual from None
        except Exception as exc:  # a syntax error: the round-trip reader names it in Chinese
            raise _Unusual from exc

    def _compose(self, here: Path_, positions: dict[Path_, tuple[int, int]]) -> Any:
        # the hot loop of a batch: parser methods and event classes bound to locals
        get, peek = self.parser.get_event, self.parser.peek_event
        event = get()
        kind = type(event)
        if kind is _SCALAR:
            if event.end_mark.index - self.began > MAX_LETTER_YAML:  # memory holds one letter: a bounded one
                self._too_long()
            if event.anchor or (event.tag and event.tag != "!" and not any(event.implicit)):
                raise _Unusual  # an anchor, or an explicit tag (!!int …)
            if not event.style and event.value in NULLS:
                return None
            return event.value
        if event.anchor or kind is ev.AliasEvent:
            raise _Unusual
        if kind is _MAP_START:
            out: dict[str, Any] = {}
            while type(peek()) is not _MAP_END:
                key = get()
                name = key.value if type(key) is _SCALAR else None
                if name is None or key.anchor or name in out or name == "<<":
                    raise _Unusual  # a complex or repeated key, a merge
                mark = key.start_mark
                path = (*here, name)
                positions[path] = (mark.line + 1, mark.column + 1)
                out[name] = self._compose(path, positions)
            get()
            return out
        if kind is _SEQ_START:
            items: list[Any] = []
            while type(nxt := peek()) is not _SEQ_END:
                mark = nxt.start_mark
                path = (*here, len(items))
                positions[path] = (mark.line + 1, mark.column + 1)
                items.append(self._compose(path, positions))
            get()
            return items
        raise _Unusual

    def _too_long(self) -> None:
        message = _("这封答复太长：超过 {limit} 个字").format(limit=f"{MAX_LETTER_YAML:,}")
        line, column = self.began_at
        raise InputError([Problem(self.path, message, line, column)])

    def letters(self) -> Iterator[InputLetter]:
        self._next()  # stream start
        if type(self._peek()) is ev.StreamEndEvent:
            raise InputError([Problem(self.path, _("文件是空的"))])
        self._next()  # document start
        first = self._peek()
        mark = (first.start_mark.line + 1, first.start_mark.column + 1)
        self.began, self.began_at = first.start_mark.index, mark
        if type(first) is ev.SequenceStartEvent:
            yield from self._items((), {}, {})
        elif type(first) is ev.MappingStartEvent:
            self._next()
            head = self._peek()
            if type(head) is ev.ScalarEvent and head.value in BATCH_KEYS:
                yield from self._batch()
            else:
                positions: dict[Path_, tuple[int, int]] = {(): mark}
                data: dict[str, Any] = {}
                while type(self._peek()) is not ev.MappingEndEvent:
                    key = self._next()
                    if type(key) is not ev.ScalarEvent or key.anchor or key.value in data or key.value == "<<":
                        raise _Unusual
                    positions[(key.value,)] = (key.start_mark.line + 1, key.start_mark.column + 1)
                    data[key.value] = self.compose((key.value,), positions)
                self._next()
                yield InputLetter(self.path, None, data, positions)
        else:
            raise _Unusual  # text or nothing: the round-trip reader says what the file should hold
        self._next()  # document end
        if type(self._peek()) is not ev.StreamEndEvent:
            raise _Unusual  # several documents (---): the round-trip reader refuses them with their line

    def _batch(self) -> Iterator[InputLetter]:
        defaults: dict[str, Any] = {}
        default_positions: dict[Path_, tuple[int, int]] = {}
        seen: set[str] = set()
        while type(self._peek()) is not ev.MappingEndEvent:
            key = self._next()
            if type(key) is not ev.ScalarEvent or key.value in seen:
                raise _Unusual
            seen.add(key.value)
            where = (key.start_mark.line + 1, key.start_mark.column + 1)
            if key.value == "defaults":
                if "letters" in seen:
                    raise InputError([Problem(self.path, _("defaults: 要写在 letters: 前面"), *where, ("defaults",))])
                value = self.compose((), default_positions)
                if value is None:
                    continue
                if not isinstance(value, dict):
                    message = _("defaults: 应当是各封答复共同的内容（proposal: / reply: 下的若干项）")
                    raise InputError([Problem(self.path, message, *where, ("defaults",))])
                defaults = value
            elif key.value == "letters":
                if type(self._peek()) is not ev.SequenceStartEvent:
                    message = _("letters: 应当是答复的列表，每封以“- ”开头")
                    raise InputError([Problem(self.path, message, *where, ("letters",))])
                yield from self._items(("letters",), defaults, default_positions)
            else:
                message = _(UNKNOWN_KEY).format(key=key.value)
                raise InputError([Problem(self.path, message, *where, (key.value,))])
        self._next()

    def _items(self, prefix: Path_, defaults: dict[str, Any], default_positions: dict) -> Iterator[InputLetter]:
        self._next()  # sequence start
        index = 0
        while type(self._peek()) is not ev.SequenceEndEvent:
            mark = self._peek().start_mark
            positions = dict(default_positions)
            positions[()] = (mark.line + 1, mark.column + 1)
            self.began, self.began_at = mark.index, positions[()]
            item = self.compose((), positions)
            data = merge(defaults, item) if isinstance(item, dict) else item
            yield InputLetter(self.path, index, data, positions, (*prefix, index))
            index += 1
        self._next()


def _plain(node: Any, here: Path_, positions: dict[Path_, tuple[int, int]]) -> Any:
    """ruamel's commented tree as plain data, with the place of every key and item."""
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            try:
                line, column = node.lc.key(key)
            except KeyError:  # a key that came in through a merge (<<: *anchor) has no place of its own
                line, column = node.lc.line, node.lc.col
            positions[(*here, key)] = (line + 1, column + 1)
            out[key] = _plain(value, (*here, key), positions)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, column = node.lc.item(index)
            positions[(*here, index)] = (line + 1, column + 1)
            items.append(_plain(value, (*here, index), positions))
        return items
    return node


def _slow(text: str, path: Path) -> Iterator[InputLetter]:
    tree = parse(text, path)
    if isinstance(tree, CommentedSeq):
        yield from _slow_items(tree, path, (), {}, {})
        return
    if not isinstance(tree, CommentedMap):
        raise InputError([Problem(path, _(BATCH_SHAPE) if tree is not None else _("文件是空的"))])
    keys = list(tree)
    if not keys or keys[0] not in BATCH_KEYS:
        positions: dict[Path_, tuple[int, int]] = {(): (tree.lc.line + 1, tree.lc.col + 1)}
        yield InputLetter(path, None, _plain(tree, (), positions), positions)
        return
    for key in keys:
        if key not in BATCH_KEYS:
            line, column = tree.lc.key(key)
            message = _(UNKNOWN_KEY).format(key=key)
            raise InputError([Problem(path, message, line + 1, column + 1, (key,))])
    default_positions: dict[Path_, tuple[int, int]] = {}
    defaults = _plain(tree.get("defaults"), (), default_positions) or {}
    if not isinstance(defaults, dict):
        line, column = tree.lc.key("defaults")
        message = _("defaults: 应当是各封答复共同的内容（proposal: / reply: 下的若干项）")
        raise InputError([Problem(path, message, line + 1, column + 1, ("defaults",))])
    letters = tree.get("letters")
    if not isinstance(letters, CommentedSeq):
        line, column = tree.lc.key("letters") if "letters" in tree else (tree.lc.line, tree.lc.col)
        message = _("letters: 应当是答复的列表，每封以“- ”开头")
        raise InputError([Problem(path, message, line + 1, column + 1, ("letters",))])
    yield from _slow_items(letters, path, ("letters",), defaults, default_positions)


def _slow_items(
    seq: CommentedSeq, path: Path, prefix: Path_, defaults: dict[str, Any], default_positions: dict
) -> Iterator[InputLetter]:
    for index, node in enumerate(seq):
        line, column = seq.lc.item(index)
        positions = dict(default_positions)
        positions[()] = (line + 1, column + 1)
        item = _plain(node, (), positions)
        data = merge(defaults, item) if isinstance(item, dict) else item
        yield InputLetter(path, index, data, positions, (*prefix, index))
