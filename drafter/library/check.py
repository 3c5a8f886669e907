"""`drafter library check`: what would go wrong with a bureau's library, found before a letter is due.

Every template must parse; every name and dotted path it uses must exist in what the program passes
in (taken from a real context built from the input model, so the check cannot drift from the model);
nothing may reach for Python internals; every template .docx must carry the styles the writer names
and the `{{p blocks }}` placeholder; and a sample letter of each kind must render.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.document import CT_Document
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from drafter.i18n import _
from drafter.letter import phrases
from drafter.letter.model import Letter
from drafter.letter.render import TEMPLATES, render
from drafter.letter.resolve import phrase_context
from drafter.library.search import BASE, BUREAU_FILE, BureauFolder, Library
from drafter.ooxml.package import DocxError, Package
from drafter.problems import InputError, TemplateProblem
from drafter.writers.docx import REQUIRED_STYLES

DOCX_FIELDS = ("blocks", "letterhead", "doc_number", "title", "bureau", "date")  # what render.write_docx passes
KNOWN_DOCX = sorted({name for names in TEMPLATES.values() for name in names})


@dataclass(frozen=True)
class TemplateFinding:
    file: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}" + (_(" 第{line}行").format(line=self.line) if self.line else "")
        return f"{where}：{self.message}"


# ---------------------------------------------------------------- names a template uses

ANY = object()  # a value whose inside we do not know (a loop over a filter, a macro argument …)


def _shape(value: Any) -> Any:
    """The shape of a context value: dicts by key, lists by their first element, anything else a leaf."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else [ANY]
    return None if isinstance(value, str) else ANY  # text has no parts; a date's or an unset value's we allow


class _Names:
    """Walks a template's syntax tree and reports names and attributes that the context does not have."""

    def __init__(self, shape: dict[str, Any], allowed: set[str], file: Path, out: list[TemplateFinding]) -> None:
        self.shape, self.allowed, self.file, self.out = shape, allowed, file, out
        self.guarded: set[str] = set()  # dotted paths tested with `is defined` around the current node

    def report(self, node: nodes.Node, message: str) -> object:
        self.out.append(TemplateFinding(self.file, message, node.lineno))
        return ANY

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The shape of an expression, reporting the first step that does not exist."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.shape:
                return self.shape[node.name]
            if node.name in self.allowed:
                return ANY
            return self.report(
                node,
                _("用了不存在的名称“{name}”（可用：{value}）").format(
                    name=node.name, value=_("、").join(sorted(self.shape))
                ),
            )
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            if _dotted(node) in self.guarded:
                return ANY
            key = node.attr if isinstance(node, nodes.Getattr) else None
            if isinstance(node, nodes.Getitem):
                self.visit(node.arg, scope)
                if isinstance(node.arg, nodes.Const):
                    key = node.arg.value
            if isinstance(key, str) and key.startswith("_"):
                return self.report(node, _("试图访问程序内部（.{key}），模板只能使用答复里的数据").format(key=key))
            base = self.resolve(node.node, scope)
            if base is ANY:
                return ANY
            if isinstance(base, list):
                return base[0] if isinstance(key, int) else ANY
            if isinstance(base, dict) and isinstance(key, str):
                if key in base:
                    return base[key]
                path = _dotted(node)
                known = (
                    _("（可用：{value}）").format(value=_("、").join(sorted(base)))
                    if base
                    else _("（这里还没有任何项）")
                )
                if path.startswith("bureau.words."):
                    known = _("（请在本单位 bureau.yaml 的 words 里写上 {key}: …）").format(key=key)
                return self.report(
                    node, _("“{path}”不存在：没有“{key}”这一项{known}").format(path=path, key=key, known=known)
                )
            if base is None and isinstance(key, str):
                return self.report(
                    node,
                    _("“{value}”不存在：“{value2}”是一段文字，没有下级项").format(
                        value=_dotted(node), value2=_dotted(node.node)
                    ),
                )
            return ANY
        self.visit(node, scope)
        return ANY

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.Template):  # macros are callable anywhere in their template
            for macro in node.find_all(nodes.Macro):
                scope[macro.name] = ANY
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            # a method: {{ bureau.words.items() }}, {{ proposal.title.strip() }}
            self.resolve(node.node.node, scope)
            for child in [*node.args, *node.kwargs]:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Test) and node.name in ("defined", "undefined", "none"):
            if isinstance(node.node, nodes.Getattr | nodes.Getitem):
                self.resolve(node.node.node, scope)  # asking whether it exists is not using it
            return
        if isinstance(node, nodes.Filter) and node.name in ("default", "d") and node.node is not None:
            if isinstance(node.node, nodes.Getattr | nodes.Getitem):
                self.resolve(node.node.node, scope)
            for child in [*node.args, *node.kwargs]:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.If) and isinstance(node.test, nodes.Test) and node.test.name == "defined":
            # {% if bureau.words.phone is defined %}…{{ bureau.words.phone }}…: guarded, so allowed inside
            guarded = _dotted(node.test.node)
            self.visit(node.test, scope)
            self.guarded.add(guarded)
            for child in node.body:
                self.visit(child, scope)
            self.guarded.discard(guarded)
            for child in [*node.elif_, *node.else_]:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                shape = self.resolve(value, scope)
                if isinstance(target, nodes.Name):
                    inner[target.name] = shape
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.For):
            items = self.resolve(node.iter, scope)
            element = items[0] if isinstance(items, list) else ANY
            inner = dict(scope)
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = element
            for target in node.target.find_all(nodes.Name):  # unpacking: for a, b in …
                inner[target.name] = ANY
            inner["loop"] = ANY
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                inner[arg.name] = ANY
            inner.update({"caller": ANY, "varargs": ANY, "kwargs": ANY})
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            shape = ANY
            if isinstance(node, nodes.Assign):
                shape = self.resolve(node.node, scope)  # {% set p = proposal %}: p.sesion is still checked
            else:
                for child in node.iter_child_nodes(exclude=("target",)):
                    self.visit(child, scope)
            if isinstance(node.target, nodes.Name):
                scope[node.target.name] = shape
            for target in node.target.find_all(nodes.Name):
                scope[target.name] = ANY
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            if not (isinstance(node, nodes.Name) and node.ctx != "load"):
                self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"


def check_source(
    source: str, file: Path, shape: dict[str, Any], env: ImmutableSandboxedEnvironment
) -> list[TemplateFinding]:
    out: list[TemplateFinding] = []
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [TemplateFinding(file, _("模板写法有误：{message}").format(message=exc.message), exc.lineno)]
    _Names(shape, set(env.globals), file, out).visit(tree, {})
    return out


# ---------------------------------------------------------------- samples


def samples(entry: BureauFolder) -> dict[str, Letter]:
    """One letter of each kind for this bureau, with every mark and an attachment, to render as a test."""
    reply = {
        "bureau": entry.id,
        "body": ["正文第一段。", {"heading": "小标题", "text": "正文。"}],
        "date": "2024-06-26",
    }
    proposal = {"kind": "建议", "session": "市十四届人大四次会议", "number": "1", "title": "关于示例的建议"}
    labels = list(entry.settings.marks.result_class.labels)
    marks = {"result_class": labels[0]} if labels else {}
    table = {"table": {"rows": [["诉求一", "答复一"]]}}
    letters = {
        "答复（建议）": {
            "proposal": {**proposal, "proposers": ["张三"]},
            "reply": {**reply, **marks, "issuer": "李四", "disclosure": "主动公开", "feedback_form": True},
        },
        "答复（提案）": {
            "proposal": {**proposal, "kind": "提案", "proposers": [{"organisation": "民盟某某委员会"}]},
            "reply": {**reply, "attachments": [{"title": "附件标题", "body": ["附件正文。"]}]},
        },
        "清单式": {
            "proposal": {**proposal, "proposers": ["张三", "王五"]},
            "reply": {**reply, "type": "清单式", "body": [table]},
        },
        "会办意见": {
            "proposal": {**proposal, "proposers": ["张三"]},
            "reply": {**reply, "type": "会办意见", "lead_unit": "某某街道"},
        },
        "报告": {"reply": {**reply, "type": "报告", "subject": "示例工作"}},
    }
    return {name: Letter.model_validate(data) for name, data in letters.items()}


# ---------------------------------------------------------------- the check


def _phrase_names() -> set[str]:
    """Phrase names the program asks for: the base's files, and the per-type and per-kind forms."""
    names = {p.stem for p in (BASE / "phrases").glob("*.j2")}
    types = ("答复", "清单式", "会办意见", "协办意见", "报告")
    for stem in ("title", "salutation", "opening", "closing"):
        names |= {f"{stem}_{t}" for t in types}
    names |= {f"opening_{t}_{k}" for t in types for k in ("建议", "提案")} | {"opening_建议", "opening_提案"}
    return names


def _check_phrases(entry: BureauFolder, shape: dict[str, Any], folders: list[Path]) -> list[TemplateFinding]:
    env = phrases.environment(entry.phrase_folders())
    known = _phrase_names()
    out: list[TemplateFinding] = []
    for folder in folders:
        for path in sorted(folder.glob("*")):
            if path.suffix != ".j2":
                if path.is_file() and path.name.lower() not in ("readme.txt", "readme.md", "说明.txt"):
                    out.append(TemplateFinding(path, _("措辞模板文件名应以 .j2 结尾；这个文件不会被使用")))
                continue
            if path.stem not in known:
                out.append(
                    TemplateFinding(
                        path, _("程序不会使用名为“{stem}”的措辞模板（是不是拼错了文件名？）").format(stem=path.stem)
                    )
                )
            try:
                source = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                out.append(TemplateFinding(path, _("文件不是 UTF-8 编码")))
                continue
            out += check_source(source, path, shape, env)
    return out


NOTES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
)
# docxtpl's objects that drafter never passes in: a bureau template naming them cannot work
UNSUPPORTED = re.compile(r"\b(InlineImage|RichText|RichTextParagraph|Subdoc|subdoc|new_subdoc|Listing)\b")
# a placeholder in the text of a part, as Word shows it: {{ x }}, {{p x }}, {{r x }}
PLACEHOLDER = re.compile(r"\{\{(?:([pr]) )?\s*(.*?)\s*\}\}", re.S)


def _docx_sources(path: Path) -> list[tuple[str, str, str]]:
    """A template .docx as docxtpl sees it: (part, jinja source, the text a clerk sees) for the body,
    each header and footer, the footnotes and endnotes."""
    doc = DocxTemplate(str(path))
    document = Document(str(path))
    root = document.element  # python-docx types it as any element; a document's is a CT_Document
    assert isinstance(root, CT_Document)
    body = doc.xml_to_string(root.body)
    sources = [("body", doc.patch_xml(body), _shown(body))]
    for rel in document.part.rels.values():
        if rel.reltype in (doc.HEADER_URI, doc.FOOTER_URI) and not rel.is_external:
            xml = rel.target_part.blob.decode("utf-8")
            sources.append((rel.target_part.partname, doc.patch_xml(doc.get_part_xml(rel.target_part)), _shown(xml)))
    for part in document.part.package.parts:
        if part.content_type in NOTES:
            xml = part.blob.decode("utf-8")
            sources.append((part.partname, doc.patch_xml(xml), _shown(xml)))
    return sources


def _shown(xml: str) -> str:
    """The text of a part with Word's run boundaries gone, so a placeholder split over runs reads whole."""
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def _placeholders(part: str, shown: str) -> list[str]:
    """What is wrong with how the placeholders of one part are written (not what they name)."""
    out = []
    where = _("正文") if part == "body" else _("{value}（页眉、页脚或脚注）").format(value=part.lstrip("/"))
    for kind, expr in PLACEHOLDER.findall(shown):
        tag = "{{" + (f"{kind} " if kind else " ") + expr + " }}"
        if kind == "r":
            out.append(
                _(
                    "{tag}：带 r 的占位符是 docxtpl 的富文本（RichText）写法，drafter 不支持，请写成 {{{{ {expr} }}}}"
                ).format(tag=tag, expr=expr)
            )
        elif kind == "p" and expr != "blocks":
            out.append(
                _(
                    "{tag}：只有正文占位符写成 {{{{p blocks }}}}；别的占位符带 p 是 docxtpl 的子文档写法，"
                    "drafter 不支持，请写成 {{{{ {expr} }}}}"
                ).format(tag=tag, expr=expr)
            )
        elif kind == "p" and part != "body":
            out.append(_("{tag} 放在了{where}里：正文占位符只能放在正文里，单独成一段").format(tag=tag, where=where))
        elif not kind and re.fullmatch(r"blocks\b.*", expr):
            out.append(
                _(
                    "{tag}：正文占位符要写成 {{{{p blocks }}}}（带 p，单独成一段），"
                    "否则正文的段落会塞进一行字里，Word 打不开"
                ).format(tag=tag)
            )
    tags = " ".join(re.findall(r"\{[{%](.*?)[}%]\}", shown, re.S))
    for name in sorted(set(UNSUPPORTED.findall(tags))):
        out.append(
            _(
                "用了 {name}：drafter 不支持图片占位符（InlineImage）、子文档（subdoc）和富文本（RichText），"
                "请直接在模板里放图片和文字"
            ).format(name=name)
        )
    if re.search(r"\|\s*safe\b|autoescape\s+false", tags, re.I):
        out.append(_("用了 |safe（或关闭了自动转义）：值里的 & < > 会原样写进文件，Word 打不开；请去掉"))
    return out


def _check_docx(path: Path) -> list[TemplateFinding]:
    if path.name not in KNOWN_DOCX:
        return [
            TemplateFinding(
                path, _("程序不会使用这个模板文件；模板文件名只能是 {value}").format(value=_("、").join(KNOWN_DOCX))
            )
        ]
    try:
        with Package(path) as package:  # a bureau's template is read within the limits of any .docx
            styles = package.read("word/styles.xml").decode("utf-8")
            names = package.namelist()
            core = package.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in names else ""
        sources = _docx_sources(path)
    except (DocxError, zipfile.BadZipFile, KeyError, PackageNotFoundError, ValueError, UnicodeDecodeError):
        return [TemplateFinding(path, _("不是一个能打开的 .docx 文件（请在 Word 中“另存为” .docx）"))]
    out: list[TemplateFinding] = []
    missing = [s for s in REQUIRED_STYLES if f'w:styleId="{s}"' not in styles]
    if missing:
        out.append(
            TemplateFinding(
                path, _("缺少样式 {value}（请从基础库的模板复制这些样式）").format(value=_("、").join(missing))
            )
        )
    env = ImmutableSandboxedEnvironment()
    used: set[str] = set()
    body = sources[0][1]
    with contextlib.suppress(TemplateSyntaxError):  # reported below
        used |= meta.find_undeclared_variables(env.parse(body))
    if "blocks" not in used and not any(expr == "blocks" for _k, expr in PLACEHOLDER.findall(sources[0][2])):
        out.append(TemplateFinding(path, _("模板里没有正文占位符 {{p blocks }}，生成的文件会没有正文")))
    for part, _source, shown in sources:
        out += [TemplateFinding(path, message) for message in _placeholders(part, shown)]
    # the document properties (File → Info) are filled as text, like the parts
    properties = [html.unescape(m) for m in re.findall(r"<dc:\w+>(.*?)</dc:\w+>", core, re.S)]
    for source in [s for _p, s, _t in sources] + [p for p in properties if "{" in p]:
        for finding in check_source(source, path, dict.fromkeys(DOCX_FIELDS), env):
            out.append(
                TemplateFinding(path, _("占位符有误：{message}").format(message=finding.message))
            )  # a line of the XML means nothing in Word
    return out


def _templates(folder: Path) -> list[Path]:
    """The template .docx files of a bureau's folder; Word's lock files (~$letter.docx) are not templates."""
    return sorted(p for p in folder.glob("*.docx") if not p.name.startswith("~$"))


def check_bureau(entry_id: str, library: Library) -> list[TemplateFinding]:
    """Everything wrong with one bureau's library; empty when all is well."""
    folder = library.folders()[entry_id]
    try:
        entry = library.entry(entry_id)
    except InputError as exc:
        return [
            TemplateFinding(p.file or folder / BUREAU_FILE, p.message + _field(p.field), p.line) for p in exc.problems
        ]
    out: list[TemplateFinding] = []
    if not entry.settings.name:
        out.append(TemplateFinding(folder / BUREAU_FILE, _("缺少单位全称 name，如 name: 温州市科学技术局")))
        return out
    letters = samples(entry)
    shape = _shape(phrase_context(letters["答复（建议）"], entry.settings)) | {"addressee": None}
    own_phrases = [entry.folder / "phrases"] if (entry.folder / "phrases").is_dir() else []
    out += _check_phrases(entry, shape, own_phrases + [BASE / "phrases"])
    for path in _templates(entry.folder):
        out += _check_docx(path)
    if out:
        return out  # a sample would only fail again for the same reasons
    for name, letter in letters.items():
        try:
            result = render(letter, entry)
            result.write_docx(io.BytesIO())
            form = result.feedback()
            if form:
                form.write_docx(io.BytesIO())
        except (TemplateProblem, InputError) as exc:
            out.append(TemplateFinding(entry.folder, _("示例“{name}”生成失败：{exc}").format(name=name, exc=exc)))
    return out


def _field(field: tuple[str | int, ...]) -> str:
    return f"（{'.'.join(str(f) for f in field)}）" if field else ""
