"""The `drafter import` command: an existing letter (.txt or .docx) → a letter YAML; a folder → one each."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.files import write_atomic
from drafter.i18n import N_, _
from drafter.library.search import Library
from drafter.problems import InputError, Problem

if TYPE_CHECKING:
    from drafter.importer.letter import Imported

IMPORT_HELP = N_(
    """\
把已经发出的答复（从网页或 PDF 复制的 .txt，或 Word 的 .docx）转成 drafter 的 YAML 文件，
用作示例、积累本单位的常用措辞，或按现在的版式重新生成。

例子：
  drafter import 第393号建议答复.txt -o 393.yaml
  drafter import 旧答复.docx                       （写到 旧答复.yaml）
  drafter import 旧答复/ -o 导入/                   （文件夹里的每个 .txt、.docx，最后列一张表）

网页上的导航、“索引号 / 发布机构”表格、“打印本页 关闭窗口”等不属于答复，会跳过。
认不出的文字按普通段落保留，并指出在原件第几行，不会丢掉。承办单位按署名、发文机关标志或代字在模板库里查找；
原件没有写明时用 --bureau 指定。已有的 YAML 文件不覆盖，除非加 --force。
"""
)


def arguments(parser: argparse.ArgumentParser) -> None:
    add_library(parser)
    parser.add_argument("source", type=Path, metavar="FILE|DIR", help=_("答复的 .txt 或 .docx 文件，或一个文件夹"))
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help=_("输出的 YAML 文件（文件夹时为输出文件夹）"))
    parser.add_argument("--bureau", metavar="ID", help=_("承办单位（模板库编号或全称），原件没有写明时用"))
    parser.add_argument("--force", action="store_true", help=_("覆盖已经存在的 YAML 文件"))


@command("import", N_("把已有的答复（.txt、.docx）转成 YAML"), arguments, description=IMPORT_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    library = library_folders(args)
    source: Path = args.source
    if source.is_dir():
        return _folder(source, args, library)
    target = args.output or source.with_suffix(".yaml")
    if target.is_dir():
        target = target / (source.stem + ".yaml")
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise InputError([Problem(target, _("输出文件名应以 .yaml 结尾"))])
    imported, notes = _one(source, target, args, library)
    for note in notes:
        print(_("提示：{source} {note}").format(source=source, note=note), file=sys.stderr)
    if imported.set_aside:
        message = _("提示：{source} 有 {n} 行网页上的文字（导航、按钮等）没有导入，逐行列在 {target} 开头的注释里")
        print(message.format(source=source, n=len(imported.set_aside), target=target), file=sys.stderr)
    print(_("已导入 {target}（{n} 处提示）").format(target=target, n=len(notes)))
    return 0


def _one(source: Path, target: Path, args: argparse.Namespace, library: Library) -> tuple[Imported, list[str]]:
    """Import one letter, check the result as `drafter render` would, write it; returns the notes."""
    from drafter.importer.dump import dump  # the importer and the model load only for this command
    from drafter.importer.letter import import_letter

    if target.exists() and not args.force:
        raise InputError([Problem(target, _("文件已经存在，没有覆盖；要覆盖请加 --force"))])
    imported = import_letter(source, library, args.bureau)
    notes = imported.warning_lines()
    text = dump(imported.data, source.name, notes + imported.set_aside_lines())
    notes += _still_needed(text, target, library, imported.missing)
    if len(notes) != len(imported.warning_lines()):
        text = dump(imported.data, source.name, notes + imported.set_aside_lines())
    try:
        write_atomic(target, lambda handle: handle.write(text.encode("utf-8")), force=args.force)
    except (IsADirectoryError, NotADirectoryError, FileExistsError, PermissionError) as exc:
        raise InputError([Problem(target, _("无法写到这里：{reason}").format(reason=exc.strerror))]) from None
    return imported, notes


def _still_needed(text: str, target: Path, library: Library, told: set[tuple[str, str]]) -> list[str]:
    """What `drafter render` would still refuse in the imported file, besides the facts already told of."""
    from drafter.letter.load import bind_bureau
    from drafter.letter.yamlio import in_tree, parse

    tree = parse(text, target)
    try:
        bind_bureau(tree, in_tree(tree, target), library)
    except InputError as exc:
        found = [p for p in exc.problems if tuple(p.field[:2]) not in told]
        return [_("生成前需要补上或改正：{problem}").format(problem=p) for p in found]
    return []


def _folder(folder: Path, args: argparse.Namespace, library: Library) -> int:
    from drafter.importer.source import SUFFIXES

    out_dir: Path = args.output or folder
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError([Problem(out_dir, _("导入一个文件夹时，-o 应当是一个文件夹"))])
    sources = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (*SUFFIXES, ".doc"))
    if not sources:
        raise InputError([Problem(folder, _("文件夹里没有 .txt 或 .docx 文件"))])
    header = [_("文件"), _("文号"), _("届次/号"), _("提出人"), _("段数"), _("日期"), _("警告数")]
    rows: list[list[str]] = []
    failed = 0
    for source in sources:
        target = out_dir / (source.stem + ".yaml")
        try:
            imported, notes = _one(source, target, args, library)
        except InputError as exc:
            failed += 1
            for problem in exc.problems:
                print(_("错误：{problem}").format(problem=problem), file=sys.stderr)
            rows.append([source.name, _("（未导入）"), "", "", "", "", ""])
            continue
        for note in notes:
            print(_("提示：{source} {note}").format(source=source.name, note=note), file=sys.stderr)
        rows.append([source.name, *summary(imported), str(len(notes))])
    print(table([header, *rows]))
    done = len(sources) - failed
    print(
        _("共 {total} 个文件：导入 {done} 个，出错 {failed} 个；YAML 在 {folder}").format(
            total=len(sources), done=done, failed=failed, folder=out_dir
        )
    )
    return 0 if not failed else (1 if done else 2)


def summary(imported: Imported) -> list[str]:
    """What the importer recognised, for the table: 文号, 届次/号, 提出人, 段数, 日期."""
    data = imported.data
    reply, proposal = data["reply"], data.get("proposal") or {}
    session = proposal.get("session") or reply.get("subject") or ""
    number = proposal.get("number")
    item = f"{session} {number}号" if number else session
    people = []
    for person in proposal.get("proposers") or []:
        people.append(person if isinstance(person, str) else person.get("name") or person.get("organisation", ""))
    who = "、".join(people[:3]) + ("等" if len(people) > 3 else "")
    date = reply.get("date")
    return [reply.get("doc_number", "—"), item or "—", who or "—", str(imported.paragraphs), str(date or "—")]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[list[str]]) -> str:
    """Columns aligned for a terminal, Chinese counted as two columns wide."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
