"""An imported letter written as YAML that reads like a clerk's file: block style, long text in `|`
blocks, keys in the order of the examples, Chinese as it is, no tags."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from drafter.i18n import _

TEXT_KEYS = ("opening", "text", "closing", "title", "cc")  # fields that may hold several paragraphs
TEXT_LISTS = ("body", "sections", "rows")  # lists whose strings are paragraphs (or table cells)
LONG = 60  # a paragraph longer than this goes into a | block, where it needs no quoting


def _scalar(value: str, text: bool) -> Any:
    if "\n" in value or (text and len(value) > LONG):
        return LiteralScalarString(value + "\n")
    if value.isdigit():
        return DoubleQuotedScalarString(value)  # number: "393" stays text, as the examples write it
    return value


def _tree(value: Any, key: str = "", in_text_list: bool = False) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _tree(v, k)
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        flow = key in ("proposers", "columns") and all(isinstance(v, str) and len(v) < 20 for v in value)
        for item in value:
            seq.append(_tree(item, key, in_text_list=key in TEXT_LISTS))
        if flow and value:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        return _scalar(value, in_text_list or key in TEXT_KEYS)
    if isinstance(value, dt.date | bool | int):
        return value
    raise TypeError(type(value))


def dump(data: dict[str, Any], source_name: str, warnings: list[str]) -> str:
    """The letter as YAML text, headed by a comment on where it came from and what to check."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    tree = _tree(data)
    head = _("由 drafter import 从 {name} 导入。请核对后再生成：drafter render 本文件 -o 答复.docx")
    lines = [head.format(name=source_name)]
    lines += [_("提示：{warning}").format(warning=w) for w in warnings]
    tree.yaml_set_start_comment("\n".join(lines))
    if "reply" in tree and "proposal" in tree:
        tree.yaml_set_comment_before_after_key("reply", before="\n")
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()
