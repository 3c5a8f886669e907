"""`drafter library new --from`: a bureau's settings read from its own past letters.

Each letter goes through the importer (`import_letter`, whose `Parts` are the letter as written) and
votes for what it shows: names, format, 代字, signer, contact, 抄送 per kind, printer, genre, date style,
the wording and place of its marks, and, from a .docx, its page set-up. The most frequent value wins;
on a tie a value the letter shows beats none, then the first letter read. The losers are kept for the
report, so the clerk sees where the letters disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.i18n import N_, _
from drafter.importer.letter import import_letter
from drafter.importer.parse import Parts, clean, paragraphs
from drafter.importer.source import SUFFIXES, Source, letter_lines, squeeze
from drafter.library.search import Library, base_settings
from drafter.problems import InputError, Problem
from drafter.vocab import dates, docnumber
from drafter.vocab.parts import ISSUER, disclosure, marks_in, result_class

GENRES = ("答复函", "复函", "答复")  # 文种 a title may end with, longest first
CO_SERIES = {"会办意见": "会办", "协办意见": "会办"}
MM = 56.6929  # twips in a millimetre
MAX_OTHERS = 5  # disagreeing values listed per setting; the rest counted
MAX_FILES = 500  # a folder of letters: enough to learn from, bounded so a wrong folder does not run for ever


@dataclass
class Vote:
    """One setting: how many letters showed each value, in the order first seen."""

    label: str
    counts: Counter[Any] = field(default_factory=Counter)

    def add(self, value: Any) -> None:
        self.counts[value] += 1

    def winner(self) -> Any:
        def shown(value: Any) -> bool:
            return value not in ("", None, ())

        order = list(self.counts)
        return max(order, key=lambda v: (self.counts[v], shown(v), -order.index(v)))

    def others(self) -> list[tuple[Any, int]]:
        best = self.winner()
        return [(v, n) for v, n in self.counts.items() if v != best]


@dataclass
class Learned:
    """What the letters show, ready for bureau.yaml, with the votes behind it for the report."""

    letters: int
    settings: dict[str, Any]
    closing: str | None
    votes: dict[str, Vote]
    skipped: list[Problem]

    def report(self) -> list[str]:
        lines = [_("从 {n} 封来信学得：").format(n=self.letters)]
        for vote in self.votes.values():
            if not vote.counts:
                continue
            total = sum(vote.counts.values())
            best = vote.winner()
            line = _("  {label}：{value}（{n}/{total} 封）").format(
                label=_(vote.label), value=shown(best), n=vote.counts[best], total=total
            )
            lines.append(line)
            others = sorted(vote.others(), key=lambda item: -item[1])
            for value, n in others[:MAX_OTHERS]:
                lines.append(_("      另有：{value}（{n} 封），没有采用").format(value=shown(value), n=n))
            if len(others) > MAX_OTHERS:
                lines.append(_("      另有 {n} 种写法，没有采用").format(n=len(others) - MAX_OTHERS))
        names = self.votes["name"].counts
        if len(names) > 1 and max(names.values()) * 2 <= sum(names.values()):
            lines.append(_("  注意：这些信件的单位名称各不相同，像是几个单位的信；请只给本单位的答复函"))
        if self.closing:
            lines.append(_("  结束语（每封都用）：{text}").format(text=self.closing))
        for problem in self.skipped:
            lines.append(_("  跳过：{problem}").format(problem=problem))
        return lines


WORDS = {
    "arabic": N_("2024年6月26日"),
    "chinese": N_("二〇二四年六月二十六日"),
    "before_signature": N_("署名之前"),
    "after_date": N_("日期之后（附注）"),
    "end": N_("全文最后"),
    "top_left": N_("左上"),
    "title_right": N_("标题右上"),
    "after_doc_number": N_("发文字号后"),
    "doc_number_line": N_("与发文字号同一行"),
    "note": N_("日期下一行"),
}  # the words a clerk reads for a setting's value


def shown(value: Any) -> str:
    if value in ("", None, ()):
        return _("（无）")
    if isinstance(value, str) and value in WORDS:
        return _(WORDS[value])
    if isinstance(value, tuple):
        return "；".join(shown(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def letter_files(paths: list[Path]) -> list[Path]:
    """The letters named: files as given, folders searched for .txt and .docx (Word's ~$ lock files left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")  # ~$: Word's lock
            )
            if not inside:
                raise InputError([Problem(path, _("这个文件夹里没有 .txt 或 .docx 信件"))])
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise InputError([Problem(path, _("找不到这个文件"))])
    if len(found) > MAX_FILES:
        message = _("信件太多（{n} 封）；选最近的几十封就够了（最多 {max} 封）").format(n=len(found), max=MAX_FILES)
        raise InputError([Problem(paths[0], message)])
    return list(dict.fromkeys(found))


def learn(paths: list[Path], library: Library) -> Learned:
    votes = {key: Vote(label) for key, label in LABELS.items()}
    closings: list[str] = []
    house: list[dict[str, float]] = []
    skipped: list[Problem] = []
    letters = 0
    for path in letter_files(paths):
        try:
            imported = import_letter(path, library)
        except InputError as exc:
            skipped += exc.problems
            continue
        parts = imported.parts
        if parts is None or parts.salutation is None and parts.doc_number is None:
            skipped.append(Problem(path, _("看不出是一封答复（没有称呼，也没有发文字号）")))
            continue
        letters += 1
        reply = imported.data.get("reply", {})
        kind = imported.data.get("proposal", {}).get("kind")
        _vote(votes, parts, reply.get("type"), kind)
        _marks(votes, parts, imported.source)
        closings.append("\n".join(parts.closing))
        if path.suffix.lower() == ".docx":
            house.append(_page(path, "文件" if (parts.letterhead or "").endswith("文件") else "信函"))
    if not letters:
        raise InputError(skipped or [Problem(paths[0], _("没有读到任何信件"))])
    settings = _settings(votes)
    style = _house_style(house) if house and len(house) == letters else {}
    if style:
        settings["house_style"] = style
    # a closing every letter uses (two at least: one letter's thanks may be that letter's own)
    same = letters >= 2 and closings[0] and all(c == closings[0] for c in closings)
    closing = closings[0] if same else None
    return Learned(letters, settings, closing, votes, skipped)


LABELS = {
    "name": N_("单位全称"),
    "short_name": N_("发文机关标志"),
    "format": N_("版式"),
    "series.答复": N_("答复的代字"),
    "series.会办": N_("会办意见的代字"),
    "signer": N_("署名"),
    "contact": N_("联系人行"),
    "contact_position": N_("联系人行的位置"),
    "cc.建议": N_("建议的抄送"),
    "cc.提案": N_("提案的抄送"),
    "printer": N_("印发机关"),
    "genre": N_("文种"),
    "date_style": N_("日期写法"),
    "marks.result_class": N_("办理结果类别的写法和位置"),
    "marks.issuer": N_("签发人的写法和位置"),
    "marks.disclosure": N_("公开属性的写法和位置"),
}


def _vote(votes: dict[str, Vote], parts: Parts, reply_type: str | None, kind: str | None) -> None:
    letterhead = (parts.letterhead or "").removesuffix("文件") or None
    printer = parts.printer
    name = parts.signer or letterhead or (printer.removesuffix("办公室") if printer else None)
    if name:
        votes["name"].add(name)
    if letterhead:
        votes["short_name"].add(letterhead)
    form = "文件" if (parts.letterhead or "").endswith("文件") else "信函"
    votes["format"].add(form)
    if parts.doc_number and reply_type != "报告":
        number = docnumber.read_line(parts.doc_number)
        if number:
            votes[f"series.{CO_SERIES.get(reply_type or '', '答复')}"].add(number.prefix)
    if reply_type == "报告":
        return
    votes["signer"].add(parts.signer or "")
    votes["contact"].add(tuple(parts.contact))
    if parts.contact:
        votes["contact_position"].add(parts.contact_position or "before_signature")
    if kind in ("建议", "提案") and reply_type not in CO_SERIES:
        votes[f"cc.{kind}"].add(_cc(parts.cc))
    if form == "文件":
        votes["printer"].add(printer or "")
    title = parts.title or ""
    genre = next((g for g in GENRES if title.endswith(g)), None)
    if genre and reply_type not in CO_SERIES:
        votes["genre"].add(genre)
    if parts.date_style:
        votes["date_style"].add(parts.date_style)


def _cc(lines: list[str]) -> tuple[str, ...]:
    """抄送：市府办，市政协提案委。 → (市府办, 市政协提案委); a 报： line or several lines are not one list."""
    if len(lines) != 1 or not lines[0].startswith("抄送："):
        return tuple(lines)
    units = lines[0].removeprefix("抄送：").removesuffix("。")
    return tuple(u.strip() for u in units.replace("、", "，").split("，") if u.strip())


def _marks(votes: dict[str, Vote], parts: Parts, source: Source) -> None:
    """Where each mark stands (by its line against the 发文字号's, the salutation's and the date's) and its words."""
    paras = paragraphs(letter_lines(source))
    texts = [squeeze(clean(p)) for p in paras]
    greeting = next((i for i, t in enumerate(texts) if t == parts.salutation), len(texts))
    number_at = next((i for i, p in enumerate(paras) if p.line == parts.doc_number_line and parts.doc_number), None)
    dated = [i for i, t in enumerate(texts) if i > greeting and dates.read(t)]
    for i, text in enumerate(texts):
        if i == number_at:
            number = docnumber.read_line(text)
            rest = number.rest.strip() if number else ""
            result, _shown, issuer, _left = marks_in(rest)
            label = ISSUER.search(rest)
            if issuer and label:
                votes["marks.issuer"].add(("doc_number_line", rest[label.start() : label.start("name")].strip()))
            if result and parts.result_class:
                printed = rest[: label.start()].strip() if label else rest
                votes["marks.result_class"].add(("after_doc_number", parts.result_class, printed))
        elif i < greeting:
            label = ISSUER.fullmatch(text)
            if label:
                votes["marks.issuer"].add(("top_left", text[: label.start("name")]))
            elif parts.result_class and len(text) <= 20 and result_class(text):
                before = number_at is None or i < number_at
                votes["marks.result_class"].add(("top_left" if before else "title_right", parts.result_class, text))
            elif parts.disclosure and disclosure(text):
                votes["marks.disclosure"].add(("top_left", parts.disclosure, text))
        elif parts.disclosure and dated and i > dated[0] and disclosure(text):
            votes["marks.disclosure"].add(("note", parts.disclosure, text))


def _settings(votes: dict[str, Vote]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, vote in votes.items():
        if not vote.counts:
            continue
        value = vote.winner()
        head, _dot, sub = key.partition(".")
        if head == "marks":
            out.setdefault("marks", {})[sub] = _mark(sub, value)
        elif sub:
            out.setdefault(head, {})[sub] = list(value) if isinstance(value, tuple) else value
        else:
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


def _mark(name: str, value: tuple[str, ...]) -> dict[str, Any]:
    if name == "issuer":
        return {"position": value[0], "label": value[1]}
    position, key, printed = value
    if name == "disclosure":
        return {"position": position, "wording": {key: printed}}
    # one class seen (类别：A) stands for the others the base knows (类别：B, 类别：C)
    labels = {key: printed}
    if key in printed:
        for other in base_settings().marks.result_class.labels:
            labels.setdefault(other, printed.replace(key, other))
    return {"position": position, "labels": labels}


def _page(path: Path, form: str) -> dict[str, float]:
    """A .docx letter's margins (mm) and line pitch (pt) where they differ from the base template's."""
    from drafter.checker.style import expected
    from drafter.ooxml.reader import Unreadable, read  # the .docx reader loads only for a .docx letter

    try:
        section = read(path).sections[-1]
    except (Unreadable, IndexError):
        return {}
    base = expected(None, form)
    out: dict[str, float] = {}
    for side in ("top", "bottom", "left", "right"):
        own = section.margins.get(side)
        if own is not None and abs(own - base.margins[side]) > MM / 2:
            out[f"margins.{side}"] = round(own / MM * 2) / 2
    if section.line_pitch and abs(section.line_pitch - base.pitch) > 2:
        out["line_pitch"] = round(section.line_pitch / 20, 2)
    return out


def _house_style(pages: list[dict[str, float]]) -> dict[str, Any]:
    """Only what every .docx letter sets the same way: one letter's odd margin is not the house style."""
    first = pages[0]
    same = {k: v for k, v in first.items() if all(p.get(k) == v for p in pages[1:])}
    style: dict[str, Any] = {}
    for key, value in same.items():
        head, _dot, side = key.partition(".")
        if head == "margins" and 10 <= value <= 80:
            style.setdefault("margins", {})[side] = value
        elif head == "line_pitch" and 20 <= value <= 40:
            style["line_pitch"] = value
    return style
