"""An imported letter as the model's data: the facts (session, number, proposers) read from the title,
the opening and the salutation; the bureau found in the library; what the renderer would print anyway
(a generated title or salutation, the letterhead) left out, so the file reads like a clerk's own.

Everything else the letter says is written out, so that the file keeps the letter's words whatever
the library's defaults become.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.i18n import N_, _
from drafter.importer.body import build, join_cuts
from drafter.importer.parse import Para, Parts, paragraphs, parse
from drafter.importer.source import Source, letter_lines, read_source, squeeze
from drafter.letter.model import CO_TYPES, DEFAULT_ROLE, Letter
from drafter.letter.resolve import complete
from drafter.library.search import BureauFolder, Library
from drafter.problems import InputError, Problem
from drafter.vocab import numerals
from drafter.vocab.docnumber import read_line
from drafter.vocab.facts import (
    BARE_TITLE,
    OPENING_NUMBER,
    PERSONS,
    PROPOSED_BY,
    QUOTED_TITLE,
    REPORT_SALUTATION,
    SELF_DELEGATE,
    SESSION,
    SUBJECT,
    TITLE_NUMBER,
)

MISSING = {
    "session": N_("没有找到会议届次（如 市十四届人大四次会议），请在 proposal.session 补上"),
    "number": N_("没有找到建议或提案的编号，请在 proposal.number 补上"),
    "title": N_("没有找到建议或提案的标题，请在 proposal.title 补上"),
}


@dataclass
class Imported:
    """One imported letter: its data (in the order a clerk writes it) and what the clerk should check."""

    source: Source
    data: dict[str, Any]
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    missing: set[tuple[str, str]] = field(default_factory=set)  # facts the letter did not state, already warned of
    paragraphs: int = 0
    bureau: BureauFolder | None = None
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # web furniture: listed in the YAML, not printed
    parts: Parts | None = None  # the letter's parts as written, for `drafter library new --from`

    def set_aside_lines(self) -> list[str]:
        return [_("{where}：{message}").format(where=self.source.where(n), message=m) for n, m in self.set_aside]

    def warning_lines(self) -> list[str]:
        out = []
        for line, message in self.warnings:
            out.append(
                _("{where}：{message}").format(where=self.source.where(line), message=message) if line else message
            )
        return out


def import_letter(path: Path, library: Library, bureau: str | None = None) -> Imported:
    source = read_source(path)
    lines = letter_lines(source)
    entries = _entries(library)
    known = {name for entry in entries for name in (entry.settings.name, entry.settings.short_name) if name}
    paras, dropped = _visible(paragraphs(lines))
    parts = parse(paras, known, web=source.unit == "行")
    if parts.doc_number is None:
        _doc_number_from_page(source, parts)
    imported = Imported(source, {}, parts=parts)
    for line, message in dropped:
        imported.warnings.append((line, message))
    imported.warnings += parts.warnings
    for line in source.pictures:
        message = _("这一段有图片（印章、签名或插图），drafter 不导入图片；需要时在生成的 .docx 里另行插入")
        imported.warnings.append((line, message))
    imported.set_aside = [
        (line.number, _("网页上的“{text}”没有导入").format(text=line.text.strip()[:40])) for line in source.furniture
    ]
    warn = imported.warnings.append
    entry = _bureau(parts, entries, library, bureau, warn, path.name)
    imported.bureau = entry
    data = _letter(parts, entry, warn)
    proposal = data.get("proposal")
    if proposal is not None:
        imported.missing = {("proposal", k) for k in ("session", "number", "title", "proposers") if k not in proposal}
    if not data["reply"]["bureau"]:
        imported.missing.add(("reply", "bureau"))
    imported.paragraphs = len(join_cuts(parts.body))
    if entry is not None:
        _leave_out_derived(data, entry)
    imported.data = data
    imported.warnings.sort(key=lambda w: w[0] or 0)
    return imported


def _doc_number_from_page(source: Source, parts: Parts) -> None:
    """文号：永农函〔2024〕66号 in a page's metadata table, when the letter itself prints no 发文字号: the letter's."""
    for line in source.furniture:
        label = re.match(r"^\s*[•·●]?\s*(?:文\s*号|发文字号)\s*[:：]?\s*", line.text)
        found = read_line(line.text[label.end() :]) if label else None
        if found:
            parts.doc_number = f"{found.prefix}〔{found.year}〕{found.serial}号"
            parts.doc_number_line = line.number
            parts.bracket_fixed = found.wrong_bracket is not None
            message = _("答复本身没有印发文字号，取自网页的“文号”栏：{number}，请核对")
            parts.warn(line.number, message.format(number=parts.doc_number))
            return


def _visible(paras: list[Para]) -> tuple[list[Para], list[tuple[int | None, str]]]:
    """Control characters (from a PDF copy) cannot go into a .docx: removed, and said so."""
    out: list[Para] = []
    notes: list[tuple[int | None, str]] = []
    for para in paras:
        text = "".join(" " if ch == "\t" else ch for ch in para.text if ch == "\t" or ord(ch) >= 32 and ch != "\x7f")
        if text != para.text.replace("\t", " "):
            notes.append((para.line, _("删去了看不见的控制字符")))
        out.append(Para(para.line, text, para.cells))
    return out, notes


def _entries(library: Library) -> list[BureauFolder]:
    found = []
    for bureau_id in library.folders():
        try:
            found.append(library.entry(bureau_id))
        except InputError:
            continue  # a broken bureau.yaml: reported when that bureau is used or checked
    return found


# ---------------------------------------------------------------- the bureau


def _bureau(
    parts: Parts, entries: list[BureauFolder], library: Library, given: str | None, warn: Any, source_name: str
) -> BureauFolder | None:
    """The bureau: as told (--bureau), else by the signing unit, the letterhead, the 代字, the text."""
    if given:
        entry = library.find(given)
        if entry is None:
            raise InputError([Problem(None, library.not_found(given))])
        names = (entry.settings.name, entry.settings.short_name, entry.settings.signer)
        if parts.signer and parts.signer not in names:
            message = _("原件的署名“{signer}”不是指定的承办单位 {id}（{name}）；署名照原件写出，请核对")
            warn((None, message.format(signer=parts.signer, id=entry.id, name=entry.settings.name)))
        return entry
    by_name: dict[str, BureauFolder] = {}
    for entry in entries:
        for name in (entry.settings.name, entry.settings.short_name):
            if name:
                by_name.setdefault(name, entry)
    letterhead = (parts.letterhead or "").removesuffix("文件")
    for unit in (parts.signer, letterhead, parts.printer and parts.printer.removesuffix("办公室")):
        if unit and unit in by_name:
            return by_name[unit]
    if parts.doc_number:
        prefix = parts.doc_number.split("〔", 1)[0]
        owners = [e for e in entries if prefix in e.settings.series.values()]
        if len(owners) == 1:
            return owners[0]
    text = "".join([*parts.opening, *(p.text for p in parts.body), *parts.closing])
    mentioned = [e for e in entries if any(n and n in text for n in (e.settings.name, e.settings.short_name))]
    delegate = SELF_DELEGATE.search(text)
    if not mentioned and delegate:
        unit = delegate["unit"]
        for entry in entries:
            for name in (entry.settings.short_name, entry.settings.name):
                place = name[: -len(unit)] if name and name.endswith(unit) else ""
                place = place.removesuffix("区").removesuffix("县")[-2:]  # 温州市洞头区 → 洞头
                if len(place) == 2 and place in text and entry not in mentioned:
                    mentioned.append(entry)
    if len(mentioned) == 1:
        found = mentioned[0]
        message = _("原件没有写明承办单位，按正文推断为 {id}（{name}），请核对")
        warn((None, message.format(id=found.id, name=found.name)))
        return found
    unit = parts.signer or letterhead or None
    if unit:
        message = _(
            "模板库里没有“{unit}”，已写作 bureau: {unit}：生成时按基础库的版式、以这个名称作发文机关标志和署名；"
            "要长期使用，请用 drafter library new 单位编号 --from {source} 从这封信建立它的模板库"
        )
        warn((None, message.format(unit=unit, source=source_name)))
    else:
        warn((None, _("原件没有写明承办单位，请在 reply.bureau 填写（模板库编号或单位全称），或导入时加 --bureau")))
    return None


# ---------------------------------------------------------------- the letter


def _letter(parts: Parts, entry: BureauFolder | None, warn: Any) -> dict[str, Any]:
    title = parts.title or ""
    opening = "\n".join(parts.opening)
    addressed_to_committee = bool(parts.salutation and REPORT_SALUTATION.search(parts.salutation))
    report = title.endswith(("报告", "办理情况")) or addressed_to_committee
    co_type = next((t for t in CO_TYPES if t in title or re.search(f"{t}(?:函告)?如下", opening)), None)
    reply: dict[str, Any] = {}
    unit = (parts.signer or (parts.letterhead or "").removesuffix("文件") or None) if entry is None else None
    reply["bureau"] = entry.id if entry is not None else (unit or "")
    body = build(parts.body, lambda line, message: warn((line, message))) if parts.body else []
    has_table = any(isinstance(node, dict) and "table" in node for node in body)
    kind_of_reply = "报告" if report else (co_type or ("清单式" if has_table else None))
    if kind_of_reply:
        reply["type"] = kind_of_reply
    if parts.letterhead:
        reply["format"] = "文件" if parts.letterhead.endswith("文件") else "信函"
        reply["letterhead"] = parts.letterhead
    proposal = None if report else _proposal(parts, co_type, warn)
    if co_type and parts.salutation:
        reply["lead_unit"] = parts.salutation.removesuffix("：")
    if report:
        subject = SUBJECT.match(title)
        if subject:
            reply["subject"] = subject["subject"]
    if parts.doc_number:
        reply["doc_number"] = parts.doc_number
        if parts.bracket_fixed:
            warn((parts.doc_number_line, _("发文字号的年份括号已改为六角括号〔〕")))
    if parts.result_class:
        reply["result_class"] = _result_class(parts.result_class, entry)
    if parts.issuer:
        reply["issuer"] = parts.issuer
    if parts.disclosure:
        reply["disclosure"] = parts.disclosure
    if parts.title:
        reply["title"] = parts.title
    if parts.salutation:
        reply["salutation"] = parts.salutation
    elif report:
        reply["salutation"] = ""  # printed as the letter has it: with none
    if opening:
        reply["opening"] = opening
    elif report:
        reply["opening"] = ""
    closing = list(parts.closing)
    if not body:  # the model wants a body: the letter's one paragraph of substance is its body
        if closing:
            body = [closing.pop(0)]
        elif len(parts.opening) > 1:
            body = [parts.opening[-1]]
            reply["opening"] = "\n".join(parts.opening[:-1])
        else:
            warn((None, _("原件除开头语外没有正文")))
    reply["body"] = body
    reply["closing"] = "\n".join(closing)
    if parts.attachments:
        reply["attachments"] = [
            {"title": title_text, "body": build(paras, lambda line, message: warn((line, message))) or [""]}
            for title_text, paras in parts.attachments
        ]
    if parts.contact:
        reply["contact"] = parts.contact
        reply["contact_position"] = parts.contact_position or "before_signature"
    reply["signer"] = parts.signer or ""
    if parts.date:
        reply["date"] = parts.date
        if parts.date_style == "chinese":
            reply["date_style"] = "chinese"
    reply["cc"] = _cc(parts.cc)
    form = reply.get("format") or (entry.settings.format if entry is not None else None)
    if parts.printer is not None or parts.print_date is not None or form == "文件":
        reply["printer"] = parts.printer or ""  # "": the letter had no 印发 line, so none is added
        if parts.print_date:
            reply["print_date"] = parts.print_date
    data: dict[str, Any] = {}
    if proposal is not None:
        data["proposal"] = proposal
    data["reply"] = reply
    return data


def _cc(lines: list[str]) -> Any:
    """One standard 抄送 line (抄送：A，B。) as a list; anything else as written, line by line."""
    if not lines:
        return []
    if len(lines) == 1:
        match = re.fullmatch(r"抄送：(?P<units>[^，。]+(?:，[^，。]+)*)。", lines[0])
        if match:
            return match["units"].split("，")
        if lines[0].startswith("抄送："):
            return lines[0].removeprefix("抄送：")
    return "\n".join(lines)


def _result_class(text: str, entry: BureauFolder | None) -> str:
    """The bureau's own value for a printed mark: 办理结果：正在解决 → 正在解决."""
    labels = entry.settings.marks.result_class.labels if entry is not None else {}
    for key, printed in labels.items():
        if text in (key, printed) or printed.endswith(text):
            return key
    return text


def _proposal(parts: Parts, co_type: str | None, warn: Any) -> dict[str, Any]:
    title, opening = parts.title or "", "\n".join(parts.opening)
    session = _session(title) or _session(opening)
    item = parts.item
    number = _number(title, opening) or _item_number(item.get("number", ""))
    proposal_title = _proposal_title(opening) or parts.web_title or item.get("title")
    if parts.item_lines:
        message = _("原件答复前的办理单栏目读作建议或提案的情况（编号、提出人、标题），生成的答复不再印出这些栏目")
        warn((parts.item_lines[0], message))
    kind = parts.kind or _kind(session, proposal_title, title, parts.salutation)
    proposers = _proposers(parts, co_type, opening, warn)
    out: dict[str, Any] = {"kind": kind}
    for key, value in (("session", session), ("number", number), ("title", proposal_title)):
        if value:
            out[key] = value
        else:
            warn((None, _(MISSING[key])))
    if proposers:
        out["proposers"] = proposers
    return out


def _item_number(text: str) -> str | None:
    """第23号 → 23, as a 办理单's 编号 field writes it."""
    match = re.fullmatch(r"(?:第)?\s*([A-Za-z\u4e00-\u9fff]{0,3}?\d+)\s*号?", text.strip())
    return match[1] if match else None


def _session(text: str) -> str | None:
    for match in SESSION.finditer(text):
        if "届" in match["session"]:
            return match["session"]
    return None


def _number(title: str, opening: str) -> str | None:
    match = TITLE_NUMBER.search(title)
    if match:
        return match["number"]
    quoted = QUOTED_TITLE.search(opening)
    match = OPENING_NUMBER.search(opening, quoted.end() if quoted else 0)
    return match["number"] if match else None


def _proposal_title(opening: str) -> str | None:
    quoted = QUOTED_TITLE.search(opening)
    if quoted:
        return quoted["title"] or quoted["plain"]
    bare = BARE_TITLE.search(opening)
    return bare["title"] if bare else None


def _kind(session: str | None, proposal_title: str | None, title: str, salutation: str | None) -> str:
    if session and "政协" in session:
        return "提案"
    if session and ("人大" in session or "人民代表大会" in session):
        return "建议"
    for text in (proposal_title or "", title):
        if "提案" in text:
            return "提案"
        if "建议" in text:
            return "建议"
    return "提案" if salutation and salutation.endswith("委员：") else "建议"


def _proposers(parts: Parts, co_type: str | None, opening: str, warn: Any) -> list[Any]:
    """From the salutation (a co-opinion names them in its opening): persons, or one organisation."""
    if co_type:
        match = PROPOSED_BY.match(opening.split("\n")[-1])
        who = match["who"] if match else ""
    else:
        who = (parts.salutation or "").removesuffix("：")
    who = who.removeprefix("尊敬的").strip()
    if not who:
        warn((None, _("没有找到提出人，请在 proposal.proposers 补上")))
        return []
    persons = PERSONS.match(who)
    if persons:
        names = [n.strip() for n in re.split(r"[、，]", persons["names"]) if n.strip()]
        listed = [n for n in re.split(r"[、，,\s]+", parts.item.get("proposers", "")) if n]
        if len(listed) > len(names) and listed[0] == names[0]:  # 色尔道等代表, and the 办理单 names them all
            names = listed
        many = persons["many"]
        if many and len(names) < _count(many):
            message = _("称呼说“{count}位”，原件只列出 {n} 位的姓名；proposers 里只写了这几位")
            warn((None, message.format(count=many, n=len(names))))
        role = persons["role"]
        kind = _kind(_session("\n".join(parts.opening)), None, parts.title or "", None)
        default = DEFAULT_ROLE[kind]
        return [n if role == default else {"name": n, "role": role} for n in names]
    return [{"organisation": who}]


def _count(text: str) -> int:
    if text.isdigit():
        return int(text)
    return numerals.value(text) or 0


# ---------------------------------------------------------------- what the renderer prints anyway


def _leave_out_derived(data: dict[str, Any], entry: BureauFolder) -> None:
    """Drop the title, salutation and letterhead where the bureau's phrases print exactly the same."""
    reply = data["reply"]
    probe = copy.deepcopy(data)
    for name in ("title", "salutation", "letterhead"):
        probe["reply"].pop(name, None)
    try:
        done = complete(Letter.model_validate(probe), entry)
    except (ValidationError, InputError, ValueError):
        return
    except Exception:  # a phrase the bureau's library cannot render: keep what the letter says
        return
    if "title" in reply and squeeze(reply["title"]) == done.title.replace("\n", ""):
        del reply["title"]
    if "salutation" in reply and reply["salutation"] == done.salutation:
        del reply["salutation"]
    if "letterhead" in reply and reply["letterhead"] == done.letterhead:
        del reply["letterhead"]
