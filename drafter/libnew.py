"""`drafter library new`: a bureau's folder made from the base, ready to edit, inheriting everything else."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from .i18n import N_, _
from .library import BASE, BUREAU_FILE
from .problems import InputError, Problem

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


def create(root: Path, bureau_id: str, name: str, short_name: str | None, code: str | None) -> Path:
    if not ID.match(bureau_id):
        raise InputError(
            [Problem(None, _("模板库的编号“{id}”只能用小写字母、数字和连字符，如 wenzhou-sti").format(id=bureau_id))]
        )
    folder = root / bureau_id
    if folder.exists():
        raise InputError([Problem(folder, _("这个文件夹已经存在，没有改动它"))])
    title = name.strip()
    quoted = {what: _quoted(v, what) for v, what in ((name, N_("名称")), (short_name, N_("简称")), (code, N_("代字")))}
    # 代字: used when a letter gives only the serial in doc_number
    series = (
        f"series:\n  答复: {quoted['代字']}\n" if code is not None else "series: {}      # 代字，如 答复: 温科提复\n"
    )
    text = BUREAU_YAML.format(
        id=bureau_id,
        title=title,
        name=quoted["名称"],
        short_name=quoted["简称"] if short_name is not None else quoted["名称"],
        series=series,
    )
    if root.exists() and not root.is_dir():
        raise InputError([Problem(root, _("这不是一个文件夹；--library 要写模板库所在的文件夹"))])
    try:
        folder.mkdir(parents=True)
        (folder / BUREAU_FILE).write_text(text, encoding="utf-8")
        (folder / "phrases").mkdir()
        (folder / "phrases" / "README.txt").write_text(PHRASES_README.format(base=BASE / "phrases"), encoding="utf-8")
    except OSError as exc:
        raise InputError([Problem(folder, _("无法建立模板库文件夹（{error}）").format(error=exc.strerror))]) from None
    return folder
