"""`drafter library new`: a bureau's folder made from the base, ready to edit, inheriting everything else."""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.i18n import N_, _
from drafter.library.bureau import Bureau
from drafter.library.learn import Learned
from drafter.library.search import BASE, BUREAU_FILE
from drafter.problems import InputError, Problem

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

BUREAU_YAML = """\
# {title}的模板库设置。没有写的项按基础库 templates/base/bureau.yaml（改基础库会影响所有单位）。
# 改完后运行 drafter library check {id} 检查。
name: {name}                        # 单位全称：署名、正文里的自称
short_name: {short_name}                  # 发文机关标志（信函格式的红头）
format: 信函                         # 信函 或 文件
genre: 答复函                        # 标题里的文种：答复函 / 答复 / 复函
{series}signer: {name}                      # 署名；写 "" 表示只盖章不署名
contact: []                          # 默认联系人行，如 - 联系人：张三，联系电话：88888888
cc:                                  # 默认抄送，按建议、提案分别写；答复里写 cc: [] 表示不抄送
  建议: []
  提案: []
# house_style:                       # 版式与基础库不同时才写，如：
#   line_pitch: 28                   #   行距（磅），基础库 28.95（每页 22 行）
#   bold_headings: [2]               #   “（一）”级标题加粗
# 措辞（标题、称呼、开头语、结束语、抄送……）要与基础库不同时，把 templates/base/phrases/ 里
# 对应的 .j2 文件复制到本文件夹的 phrases/ 里再改。要改版式，把 templates/base/letter.docx 或
# document.docx 复制到本文件夹，在 Word 里改样式。
"""

PHRASES_README = """\
本文件夹放本单位自己的措辞模板。要改哪一句，就把 {base} 里同名的 .j2 文件复制过来再改；
没有复制的，一律用基础库的。文件名要与基础库的一致，例如 closing.j2（结束语）、title.j2（标题）。
模板里可以用的名称见 docs/library.md；改完后运行 drafter library check 检查。
"""


def _quoted(value: str | None, what: str) -> str:
    """A value as YAML double-quoted text, so that a colon or # in a name cannot change the file's meaning."""
    if value is None:
        return "null"
    if not value.strip() or any(unicodedata.category(ch) == "Cc" for ch in value):
        raise InputError(
            [Problem(None, _("{what}“{value}”不能为空，也不能含有控制字符").format(what=_(what), value=value))]
        )
    return json.dumps(value.strip(), ensure_ascii=False)


LEARNED_HEAD = """\
# {title}的模板库设置，从 {n} 封来信学得（drafter library new --from）；请核对。
# 没有写的项按基础库 templates/base/bureau.yaml。改完后运行 drafter library check {id} 检查。
"""

TYPED_HEAD = """\
# {title}的模板库设置（由起草向导的“新建本单位”建立）。
# 没有写的项按基础库 templates/base/bureau.yaml。改完后运行 drafter library check {id} 检查。
"""

COMMENTS = {
    "name": "单位全称：署名、正文里的自称",
    "short_name": "发文机关标志（红头）",
    "format": "信函 或 文件",
    "genre": "标题里的文种",
    "series": "代字：答复、会办",
    "signer": '署名；"" 表示只盖章不署名',
    "contact": "默认联系人行",
    "cc": "默认抄送，按建议、提案分别写",
    "printer": "文件格式的印发机关",
    "date_style": "arabic：2024年6月26日；chinese：二〇二四年六月二十六日",
    "marks": "办理结果类别、签发人、公开属性的写法和位置",
    "house_style": "版式与基础库不同之处（每封 .docx 都一样）",
}


def _yaml(value: Any, indent: int) -> list[str]:
    """A learned value as block YAML; every text double-quoted, so no name can change the file's meaning."""
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict) and item:
                lines += [f"{pad}{key}:", *_yaml(item, indent + 1)]
            else:
                lines.append(f"{pad}{key}: {_flow(item)}")
        return lines
    return [pad + _flow(value)]


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def learned_yaml(bureau_id: str, settings: dict[str, Any], letters: int) -> str:
    head = LEARNED_HEAD if letters else TYPED_HEAD
    lines = [head.format(title=settings["name"], n=letters, id=bureau_id).rstrip("\n")]
    for key, value in settings.items():
        comment = f"  # {COMMENTS[key]}" if key in COMMENTS else ""
        if isinstance(value, dict) and value:
            lines += [f"{key}:{comment}", *_yaml(value, 1)]
        else:
            lines.append(f"{key}: {_flow(value)}{comment}")
    return "\n".join(lines) + "\n"


def closing_phrase(text: str) -> str | None:
    """A closing every letter used, as a phrase: 您 / 你们 become the pronoun, so a letter to several fits."""
    if any(mark in text for mark in ("{", "}", "%", "#")):
        return None  # would be read as template syntax; the clerk can still copy it by hand
    return re.sub("您们|你们|您", "{{ pronoun }}", text) + "\n"


def create(
    root: Path,
    bureau_id: str,
    name: str | None,
    short_name: str | None = None,
    code: str | None = None,
    learned: Learned | None = None,
    signer: str | None = None,
    contact: list[str] | None = None,
) -> Path:
    """The bureau's folder, made whole in a hidden folder beside it and then renamed: never half a library.

    With `learned` (or a signer or contact lines, as the wizard gives) the settings are written out as values;
    without, the commented bureau.yaml to edit by hand."""
    if not ID.match(bureau_id):
        raise InputError(
            [Problem(None, _("模板库的编号“{id}”只能用小写字母、数字和连字符，如 wenzhou-sti").format(id=bureau_id))]
        )
    folder = root / bureau_id
    if folder.exists():
        raise InputError([Problem(folder, _("这个文件夹已经存在，没有改动它"))])
    if root.exists() and not root.is_dir():
        raise InputError([Problem(root, _("这不是一个文件夹；--library 要写模板库所在的文件夹"))])
    files: dict[str, str] = {}
    if learned is None and (signer is not None or contact):
        learned = Learned(0, {}, None, {}, [])  # the wizard's form: the values the clerk typed, nothing learned
    if learned is None:
        if name is None:
            raise InputError([Problem(None, _("请用 --name 写单位全称，或用 --from 给出本单位以前的答复函"))])
        files[BUREAU_FILE] = _plain(bureau_id, name, short_name, code)
    else:
        files.update(_from_letters(bureau_id, learned, name, short_name, code, signer, contact))
    files.setdefault("phrases/README.txt", PHRASES_README.format(base=BASE / "phrases"))
    temp = root / f".{bureau_id}.part-{os.getpid()}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(temp, ignore_errors=True)
        for rel, text in files.items():
            (temp / rel).parent.mkdir(parents=True, exist_ok=True)
            (temp / rel).write_text(text, encoding="utf-8")
        temp.rename(folder)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise InputError([Problem(folder, _("无法建立模板库文件夹（{error}）").format(error=exc.strerror))]) from None
    return folder


def _plain(bureau_id: str, name: str, short_name: str | None, code: str | None) -> str:
    quoted = {what: _quoted(v, what) for v, what in ((name, N_("名称")), (short_name, N_("简称")), (code, N_("代字")))}
    # 代字: used when a letter gives only the serial in doc_number
    series = (
        f"series:\n  答复: {quoted['代字']}\n" if code is not None else "series: {}      # 代字，如 答复: 温科提复\n"
    )
    return BUREAU_YAML.format(
        id=bureau_id,
        title=name.strip(),
        name=quoted["名称"],
        short_name=quoted["简称"] if short_name is not None else quoted["名称"],
        series=series,
    )


def _from_letters(
    bureau_id: str,
    learned: Learned,
    name: str | None,
    short_name: str | None,
    code: str | None,
    signer: str | None = None,
    contact: list[str] | None = None,
) -> dict[str, str]:
    """bureau.yaml (and the closing phrase) from what the letters show, the flags given winning."""
    settings = dict(learned.settings)
    if contact:
        for line in contact:
            _quoted(line, "联系人行")  # refuses control characters
        settings["contact"] = [line.strip() for line in contact]
    learned_name = settings.get("name")
    for key, value, what in (("name", name, "名称"), ("short_name", short_name, "简称")):
        if value is not None:
            _quoted(value, what)
            settings[key] = value.strip()
    if name is not None and settings.get("signer") in (learned_name, settings.get("short_name")):
        settings["signer"] = name.strip()  # the letters' own signature was their bureau's name: --name's now
    if signer is not None:
        settings["signer"] = signer.strip()
    if code is not None:
        _quoted(code, "代字")
        settings["series"] = {**settings.get("series", {}), "答复": code.strip()}
    if not settings.get("name"):
        message = _(
            "从信件里看不出单位全称（没有署名，也没有发文机关标志）；请加 --name 写上，如 --name 温州市科学技术局"
        )
        raise InputError([Problem(None, message)])
    ordered = {key: settings[key] for key in ORDER if key in settings}
    try:
        Bureau.model_validate(ordered)
    except ValidationError as exc:
        message = _("从信件里学得的设置不能用（{detail}）；请用 --name 等自己写").format(detail=exc.errors()[0]["msg"])
        raise InputError([Problem(None, message)]) from None
    files = {BUREAU_FILE: learned_yaml(bureau_id, ordered, learned.letters)}
    phrase = closing_phrase(learned.closing) if learned.closing else None
    if phrase:
        files["phrases/closing.j2"] = phrase
    return files


ORDER = (
    "name", "short_name", "format", "genre", "series", "signer", "contact", "contact_position", "cc", "printer",
    "date_style", "marks", "house_style",
)  # fmt: skip
