"""A letter file and its bureau: read, validate, find the bureau, and check what depends on the bureau.

Everything wrong is reported together, located in the letter file (or in the bureau's bureau.yaml when
that file is at fault).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter import limits
from drafter.i18n import N_, _
from drafter.letter.model import CO_TYPES, Letter
from drafter.letter.resolve import inherited, missing_facts, series
from drafter.letter.yamlio import LETTER_SHAPE, Locate, in_tree, load_tree, problems_from
from drafter.library.bureau import Bureau
from drafter.library.search import BureauFolder, Library
from drafter.problems import InputError, Problem
from drafter.vocab.parts import TO_FILL


@dataclass(frozen=True)
class Loaded:
    source: Path
    letter: Letter
    entry: BureauFolder


def against(letter: Letter, bureau: Bureau, bureau_id: str) -> list[tuple[tuple[str | int, ...], str]]:
    """What the letter says that its bureau's settings do not allow, with where in the letter."""
    reply = letter.reply
    found: list[tuple[tuple[str | int, ...], str]] = []
    labels = bureau.marks.result_class.labels
    if reply.result_class is not None:
        if reply.type in CO_TYPES:
            found.append((("reply", "result_class"), _("会办、协办意见不标办理结果类别，只有主办单位的答复才标")))
        elif labels and reply.result_class not in labels and not _subclass(reply.result_class, labels):
            allowed = _("、").join(labels)
            found.append(
                (
                    ("reply", "result_class"),
                    _(
                        "办理结果类别只能是 {allowed}（{bureau} 的 bureau.yaml 中 marks.result_class.labels 所列）"
                    ).format(allowed=allowed, bureau=bureau_id),
                )
            )
    if inherited(letter, bureau, "format") == "信函" and (reply.printer or reply.print_date):
        field = "printer" if reply.printer else "print_date"
        found.append((("reply", field), _("信函格式的版记只印抄送，不印“印发”行；要印发行请写 format: 文件")))
    report = reply.type == "报告"
    for name, used_by in (
        ("doc_number", N_("答复和会办意见")),
        ("letterhead", N_("答复和会办意见")),
        ("result_class", N_("答复")),
        ("issuer", N_("答复和会办意见")),
    ):
        if report and getattr(reply, name) is not None:
            found.append((("reply", name), _("报告不印这一项（只用于{used_by}）；请删去它").format(used_by=_(used_by))))
    if not report:
        for name, used_by in (("subject", N_("报告")), ("meeting", N_("报告"))):
            if getattr(reply, name) is not None:
                found.append(
                    (("reply", name), _("这一项只用于{used_by}（type: 报告）；请删去它").format(used_by=_(used_by)))
                )
    if reply.type not in CO_TYPES and reply.lead_unit is not None:
        found.append(
            (("reply", "lead_unit"), _("主办单位（lead_unit）只用于会办意见、协办意见；请删去它或写 type: 会办意见"))
        )
    marks = bureau.marks
    if reply.doc_number is None and not report:
        if reply.result_class is not None and marks.result_class.position == "after_doc_number":
            found.append(
                (
                    ("reply", "result_class"),
                    _("{bureau} 把办理结果类别印在发文字号后面，这封答复却没有发文字号").format(bureau=bureau_id),
                )
            )
        if reply.issuer is not None and marks.issuer.position == "doc_number_line":
            found.append(
                (
                    ("reply", "issuer"),
                    _("{bureau} 把签发人印在发文字号同一行，这封答复却没有发文字号").format(bureau=bureau_id),
                )
            )
    number = reply.doc_number
    if number is not None and number.prefix is None:
        wanted = series(reply.type)
        if wanted not in bureau.series:
            found.append(
                (
                    ("reply", "doc_number"),
                    (_("写了 auto（自动编号）") if number.auto else _("只写了序号"))
                    + _(
                        "，但 {bureau} 的 bureau.yaml 没有设“{series}”系列的代字（series: {series}: …）；"
                        "请写完整的发文字号，如 温科提复〔2024〕95号"
                    ).format(bureau=bureau_id, series=wanted),
                )
            )
    return found


def _subclass(value: str, labels: dict[str, str]) -> bool:
    """B1, B2: a numbered subdivision of a class the bureau has (some regions grade B类 further)."""
    return len(value) == 2 and value[0] in labels and value[1].isdigit()


def unfilled(data: Any, where: Locate) -> list[Problem]:
    """Each text that still holds a 【待填…】 stand-in (drafter new's body), with its field and line.

    One walk over plain data with an explicit stack and a substring test a string: cheap next to the model.
    """
    found: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if TO_FILL in value:
                found.append(_unfilled_at(where, path, value))
        elif isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))


def _unfilled_at(where: Locate, path: tuple[str | int, ...], value: str) -> Problem:
    start = value.index(TO_FILL)
    end = value.find("】", start)
    stand_in = value[start : end + 1] if end > 0 else value[start:]
    in_body = path[:2] == ("reply", "body")
    problem = where(path, "")
    if problem.line is not None and in_body:
        message = _("答复正文还没有写：第{line}行仍是“{text}”").format(line=problem.line, text=stand_in)
    elif problem.line is not None:
        message = _("这一项还没有填：第{line}行仍是“{text}”").format(line=problem.line, text=stand_in)
    else:
        wording = _("答复正文还没有写：仍是“{text}”") if in_body else _("这一项还没有填：仍是“{text}”")
        message = wording.format(text=stand_in)
    return replace(problem, message=message)


def bind_bureau(data: Any, where: Locate, library: Library, stand_ins: bool = False) -> tuple[Letter, BureauFolder]:
    """The letter and its bureau, or every problem found, each located through `where`.

    A text still holding 【待填…】 is refused (drafter new's drafts before the body is written), unless
    `stand_ins`: the wizard's preview puts them in on purpose.
    """
    over = limits.letter_data(data)  # before the model: sizes and nesting it would take long to meet
    if over:
        raise InputError([where(loc, message) for loc, message in over])
    try:
        letter = Letter.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, where)) from None
    except RecursionError:
        raise InputError([where((), _("内容嵌套太深（标题最多四级），请检查缩进和括号"))]) from None
    ref = letter.reply.bureau
    entry = library.find(ref) or library.stand_in(ref)
    if entry is None:
        raise InputError([where(("reply", "bureau"), library.not_found(ref))])
    if not entry.settings.name:
        bureau_file = entry.folder / "bureau.yaml"
        raise InputError([Problem(bureau_file, _("缺少单位全称 name，如 name: 温州市科学技术局"), field=("name",))])
    problems = [where(loc, message) for loc, message in against(letter, entry.settings, entry.id)]
    too_big = limits.serial(letter.reply.doc_number.number if letter.reply.doc_number else None)
    if too_big:
        problems.append(where(("reply", "doc_number"), too_big))
    if letter.reply.per_proposer and letter.reply.salutation is not None:
        message = _("每位提出人各发一份（per_proposer）时称呼随各人而定；请删去 salutation")
        problems.append(where(("reply", "salutation"), message))
    problems += [where(loc, message) for loc, message in missing_facts(letter, entry)]
    if not stand_ins:
        problems += unfilled(data, where)
    if problems:
        raise InputError(problems)
    return letter, entry


def load(path: Path, library: Library) -> Loaded:
    tree = load_tree(path, LETTER_SHAPE)
    if "letters" in tree or "defaults" in tree:
        message = _("这是一个批量文件（有 letters: 或 defaults:）；请用 drafter batch 生成")
        raise InputError([Problem(path, message)])
    letter, entry = bind_bureau(tree, in_tree(tree, path), library)
    return Loaded(path, letter, entry)
