"""A wizard's draft: one letter as plain data, in the very schema `drafter render` and `drafter batch` read.

The draft may be half-written and invalid; it is kept as the clerk typed it and checked by the same
model as every letter, each problem tied to the field it concerns. The draft's file is written after
every change; a comment on its first line remembers where the clerk was, so the file itself stays
a plain letter.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from drafter.files import write_atomic
from drafter.i18n import _
from drafter.letter.load import bind_bureau
from drafter.letter.model import Letter
from drafter.letter.yamlio import Locate, parse, position, read_text
from drafter.library.search import BureauFolder, Library
from drafter.problems import InputError, Problem

Path_ = tuple[str | int, ...]  # a place in the draft: ("reply", "body", 2, "text")

HEADER = re.compile(r"^# drafter-wizard: step=(?P<step>\d+)(?: field=(?P<field>\S+))?\s*$")

# the order a clerk reads a letter in, for the draft file
PROPOSAL_KEYS = ("kind", "session", "number", "title", "proposers")
REPLY_KEYS = (
    "bureau", "type", "format", "lead_unit", "letterhead", "doc_number", "result_class", "disclosure", "issuer",
    "title", "salutation", "opening", "body", "closing", "attachments", "contact", "contact_position", "signer",
    "date", "date_style", "cc", "printer", "print_date", "feedback_form", "per_proposer", "genre", "subject",
    "meeting",
)  # fmt: skip


def new_letter(bureau: str = "", kind: str = "建议", today: dt.date | None = None) -> dict[str, Any]:
    """A fresh draft: what a clerk starts from. Required fields are present and empty, so they show as to-do."""
    return {
        "proposal": {"kind": kind, "session": "", "number": "", "title": "", "proposers": [""]},
        "reply": {
            "bureau": bureau,
            "doc_number": "auto",
            "body": [""],
            "date": (today or dt.date.today()).isoformat(),
        },
    }


def flatten(body: list[Any], parent: int = 0) -> list[Any]:
    """A body with nested `sections` as one list with explicit levels; it prints the same (layout.label)."""
    flat: list[Any] = []
    for node in body:
        if isinstance(node, dict) and "table" not in node and node.get("heading") is not None:
            given = str(node.get("level") or "")
            level = int(given) if given.isdigit() else parent + 1  # a file's scalars arrive as text
            inner = node.get("sections") or []
            own = {k: v for k, v in node.items() if k not in ("sections", "level")}
            flat.append({"level": level, **own})
            flat.extend(flatten(inner, level))
        else:
            flat.append(node)
    return flat


def _plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists; text stays text, dates become text."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def _for_file(node: Any, order: tuple[str, ...] = ()) -> Any:
    """Data as YAML a clerk can read: keys in letter order, text with line breaks as | blocks."""
    if isinstance(node, dict):
        out = CommentedMap()
        keys = [k for k in order if k in node] + [k for k in node if k not in order]
        for key in keys:
            inner = {"proposal": PROPOSAL_KEYS, "reply": REPLY_KEYS}.get(key, ())
            out[key] = _for_file(node[key], inner)
        return out
    if isinstance(node, list):
        seq = CommentedSeq(_for_file(v) for v in node)
        if node and all(isinstance(v, str) and "\n" not in v and len(v) < 40 for v in node):
            seq.fa.set_flow_style()  # proposers: [黄钦鑫, 郑海涛]
        return seq
    if isinstance(node, str) and "\n" in node:
        return LiteralScalarString(node if node.endswith("\n") else node + "\n")
    return node


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096  # a long line of Chinese stays one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


@dataclass
class Position:
    """Where the clerk was: the step (1–6) and the field, kept in the draft file's first line."""

    step: int = 1
    field: Path_ = ()

    def header(self) -> str:
        where = ".".join(str(p) for p in self.field)
        return f"# drafter-wizard: step={self.step}" + (f" field={where}" if where else "")

    @classmethod
    def read(cls, text: str) -> Position:
        match = HEADER.match(text.split("\n", 1)[0])
        if not match:
            return cls()
        parts = match["field"].split(".") if match["field"] else []
        return cls(int(match["step"]), tuple(int(p) if p.isdigit() else p for p in parts))


@dataclass
class Checked:
    """The draft checked: the letter when valid, else every problem, each with the field it concerns."""

    letter: Letter | None
    entry: BureauFolder | None
    problems: list[Problem] = field(default_factory=list)

    def by_field(self) -> dict[Path_, str]:
        found: dict[Path_, str] = {}
        for problem in self.problems:
            found.setdefault(problem.field, problem.message)
        return found


class Draft:
    """One letter being drafted: the data, where it is saved, and what is wrong with it."""

    def __init__(self, path: Path, data: dict[str, Any], library: Library, where: Position | None = None) -> None:
        self.path = path
        self.data = data
        self.library = library
        self.position = where or Position()
        # a file the wizard wrote (or will create) is saved at will; a clerk's own file only once it is changed
        self.ours = not path.exists() or HEADER.match(read_text(path).split("\n", 1)[0]) is not None
        self.data["reply"]["body"] = flatten(self.data["reply"].get("body") or [])

    # ------------------------------------------------------------ file

    @classmethod
    def open(cls, path: Path, library: Library, bureau: str = "") -> Draft:
        """The draft in `path`, or a new one when the file does not exist yet."""
        if not path.exists():
            return cls(path, new_letter(bureau), library)
        text = read_text(path)
        tree = parse(text, path)
        if not isinstance(tree, dict) or not isinstance(tree.get("reply", {}), dict):
            message = _("这个文件不是一封答复的草稿（应当由 proposal: 和 reply: 两部分组成）")
            raise InputError([Problem(path, message)])
        if "letters" in tree or "defaults" in tree:
            raise InputError([Problem(path, _("这是一个批量文件；向导一次只起草一封答复"))])
        data = _plain(tree)
        data.setdefault("reply", {})
        if not isinstance(data["reply"].get("body"), list):
            data["reply"]["body"] = [] if data["reply"].get("body") is None else [data["reply"]["body"]]
        return cls(path, data, library, Position.read(text))

    def dump(self) -> str:
        out = io.StringIO()
        out.write(self.position.header() + "\n")
        out.write(_("# 由 drafter 向导保存；也可以直接用 drafter render 或 drafter batch 生成。") + "\n")
        _yaml().dump(_for_file(self.data, ("proposal", "reply", "file")), out)
        return out.getvalue()

    def save(self) -> None:
        """Written whole to a temporary file and renamed over the draft: a kill never leaves half a draft."""
        blob = self.dump().encode("utf-8")
        write_atomic(self.path, lambda handle: handle.write(blob), force=True)

    # ------------------------------------------------------------ values

    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: Path_, value: Any) -> None:
        """Set a value; None removes an optional key (the bureau's default then applies)."""
        node: Any = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
        last = path[-1]
        if value is None and isinstance(node, dict):
            node.pop(last, None)
        else:
            node[last] = value

    # ------------------------------------------------------------ proposers

    def proposers(self) -> list[Any]:
        return self.data.setdefault("proposal", {}).setdefault("proposers", [])

    def add_proposer(self, organisation: bool = False) -> int:
        self.proposers().append({"organisation": ""} if organisation else "")
        return len(self.proposers()) - 1

    def remove_proposer(self, index: int) -> None:
        del self.proposers()[index]

    # ------------------------------------------------------------ body

    def body(self) -> list[Any]:
        return self.data["reply"].setdefault("body", [])

    def add_block(self, after: int | None, kind: str) -> int:
        """A paragraph, a section (at the level of the one it follows) or a 清单式 table, after block `after`."""
        body = self.body()
        at = len(body) if after is None else after + 1
        if kind == "section":
            level = next((b.get("level") or 1 for b in reversed(body[:at]) if _is_section(b)), 1)
            block: Any = {"level": level, "heading": "", "text": ""}
        elif kind == "table":
            block = {"table": {"columns": ["具体诉求", "答复内容"], "rows": [["", ""]]}}
        else:
            block = ""
        body.insert(at, block)
        return at

    def delete_block(self, index: int) -> None:
        del self.body()[index]

    def move_block(self, index: int, step: int) -> int:
        body, to = self.body(), index + step
        if 0 <= to < len(body):
            body[index], body[to] = body[to], body[index]
            return to
        return index

    def shift_level(self, index: int, step: int) -> bool:
        """Indent (+1) or outdent (−1) a section, within 一、（一）1.（1）; False when it cannot move."""
        block = self.body()[index]
        if not _is_section(block):
            return False
        level = (block.get("level") or 1) + step
        if not 1 <= level <= 4:
            return False
        block["level"] = level
        return True

    def add_item(self, index: int | None, after: int | None = None) -> tuple[int, int]:
        """A “一是” item: into the section or items paragraph `index` (after item `after`), else a new items
        paragraph after block `index`. Returns (block, item)."""
        body = self.body()
        block = body[index] if index is not None else None
        if isinstance(block, dict) and "table" not in block:
            items = block.setdefault("items", [])
            at = len(items) if after is None else after + 1
            items.insert(at, {"lead": "", "text": ""})
            return index, at  # type: ignore[return-value]
        at = len(body) if index is None else index + 1
        body.insert(at, {"items": [{"lead": "", "text": ""}]})
        return at, 0

    def delete_item(self, index: int, item: int) -> None:
        """An item out; a paragraph that held only items goes with its last one."""
        block = self.body()[index]
        del block["items"][item]
        if not block["items"]:
            del block["items"]
            if not block.get("heading") and not block.get("text"):
                del self.body()[index]

    def add_row(self, index: int) -> int:
        table = self.body()[index]["table"]
        table["rows"].append(["" for _ in table.get("columns") or ["", ""]])
        return len(table["rows"]) - 1

    # ------------------------------------------------------------ checking and the letter

    def check(self) -> Checked:
        """The letter as `drafter render` would read this draft, or every problem with its field."""
        try:
            letter, entry = bind_bureau(_submitted(self.data), _by_field(self.path, self.data), self.library)
        except InputError as exc:
            return Checked(None, None, exc.problems)
        return Checked(letter, entry)

    def preview_letter(self, done: Checked | None = None) -> tuple[Letter | None, BureauFolder | None, list[Problem]]:
        """A letter to preview even while the draft is unfinished: what is missing shows as 【待填：…】.

        `done` is this draft's check when the caller has just made it (it is not made twice a keystroke).
        """
        done = done or self.check()
        if done.letter is not None:
            return done.letter, done.entry, []
        trial = copy.deepcopy(_submitted(self.data))
        problems = done.problems
        for _round in range(8):
            for problem in problems:
                _stand_in(trial, problem.field)
            try:
                letter, entry = bind_bureau(trial, _by_field(None, trial), self.library, stand_ins=True)
            except InputError as exc:
                problems = exc.problems
                continue
            return letter, entry, done.problems
        return None, None, done.problems


def _is_section(block: Any) -> bool:
    return isinstance(block, dict) and "table" not in block and "heading" in block


def _by_field(file: Path | None, data: Any) -> Locate:
    """A problem placed by its field in `data`, the draft's tree: the wizard shows it beside that box."""

    def where(loc: tuple[str | int, ...], message: str) -> Problem:
        return Problem(file, message, field=position(data, loc)[2])

    return where


def _submitted(data: dict[str, Any]) -> dict[str, Any]:
    """The draft as a letter file says it: a section without text has no `text`, as a clerk would write it."""
    reply = data.get("reply")
    if not isinstance(reply, dict) or not isinstance(reply.get("body"), list):
        return data
    body = []
    for block in reply["body"]:
        if isinstance(block, dict) and block.get("text") == "" and (block.get("heading") or block.get("items")):
            block = {k: v for k, v in block.items() if k != "text"}
        if isinstance(block, dict) and isinstance(block.get("items"), list):  # an item's empty text: none
            items = [{k: v for k, v in i.items() if (k, v) != ("text", "")} if isinstance(i, dict) else i
                     for i in block["items"]]  # fmt: skip
            block = {**block, "items": items}
        body.append(block)
    return {**data, "reply": {**reply, "body": body}}


STAND_INS = {
    "session": "【待填：会议届次】",
    "number": "【待填：编号】",
    "title": "【待填：标题】",
    "name": "【待填：姓名】",
    "organisation": "【待填：单位】",
    "heading": "【待填：标题】",
    "lead": "【待填】",
}


def _stand_in(data: Any, path: Path_) -> None:
    """Make the value at `path` previewable: a stand-in for required text, else drop what is wrong."""
    if not path:
        return
    parent: Any = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if path[:2] == ("proposal", "proposers"):
        proposers = data["proposal"].get("proposers")
        if not proposers or len(path) < 3 or not isinstance(path[2], int) or path[2] >= len(proposers):
            data["proposal"]["proposers"] = [p for p in proposers or [] if p] or [STAND_INS["name"]]
        elif isinstance(proposers[path[2]], dict) and "organisation" in proposers[path[2]]:
            proposers[path[2]] = {"organisation": STAND_INS["organisation"]}
        else:
            proposers[path[2]] = STAND_INS["name"]
        return
    if last == "body" and isinstance(parent, dict):
        parent["body"] = [b for b in parent.get("body") or [] if b] or ["【待填：正文】"]
        return
    if last == "date" and isinstance(parent, dict):
        parent["date"] = dt.date.today().isoformat()
        return
    if last == "bureau" and isinstance(parent, dict):
        return  # no bureau, no letter: the preview says so
    if isinstance(parent, dict):
        if last in STAND_INS:
            parent[last] = STAND_INS[last]
        elif last == "text" and parent.get("heading"):
            parent.pop("text", None)
        elif last == "kind":
            parent["kind"] = "建议"
        else:
            parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if isinstance(parent[last], str):
            parent[last] = "【待填】"
        else:
            del parent[last]
