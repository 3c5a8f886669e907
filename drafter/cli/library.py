"""`drafter library list/new/check`: the bureaus' libraries, listed, made (from past letters too) and checked."""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.i18n import N_, _
from drafter.library.search import BASE, SHIPPED, Library, user_folder
from drafter.problems import InputError, Problem

LIBRARY_HELP = N_(
    """\
各单位的模板库：templates/ 下每个单位一个文件夹，里面的 bureau.yaml 写单位名称、代字、署名、联系人、
抄送等；需要时再放自己的措辞模板（phrases/*.j2）和 Word 模板（letter.docx、document.docx）。
没有写的，一律按基础库 templates/base。

例子：
  drafter library list
  drafter library new lucheng-edu --name 温州市鹿城区教育局 --code 鹿教提复
  drafter library check lucheng-edu

  drafter library new ruian-sti --from 以前的答复函/      # 从本单位以前的答复函（.txt、.docx）学得设置

放在别处的模板库用 --library 文件夹 指定（或设环境变量 DRAFTER_LIBRARY），先于自带的查找。
new 建在第一个 --library 文件夹里，没有指定时建在本人的模板库文件夹里（Windows：%APPDATA%\\drafter，
Linux：~/.local/share/drafter），从不写进程序自带的 templates/；这个文件夹也总会被查找。
check 有问题时逐条列出，退出码为 1。
"""
)


def arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar=_("操作"))
    add_library(actions.add_parser("list", help=_("列出所有单位的模板库")))
    new = actions.add_parser("new", help=_("从基础库新建一个单位的模板库"))
    add_library(new)
    new.add_argument("id", metavar="ID", help=_("模板库编号（文件夹名），如 wenzhou-sti"))
    new.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE|DIR",
        help=_("本单位以前的答复函（.txt、.docx，或放它们的文件夹）：从中学得名称、代字、署名、抄送等"),
    )
    new.add_argument("--name", help=_("单位全称，如 温州市科学技术局（用 --from 时可不写）"))
    new.add_argument("--short-name", help=_("发文机关标志（红头）用的名称，默认同全称"))
    new.add_argument("--code", help=_("答复的代字，如 温科提复"))
    check = actions.add_parser("check", help=_("检查模板库（不写编号则检查全部）"))
    add_library(check)
    check.add_argument("id", nargs="?", metavar="ID", help=_("模板库编号"))


@command("library", N_("查看、新建、检查各单位的模板库"), arguments, description=LIBRARY_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.action is None:
        parser.print_help()
        parser.exit()
    library = library_folders(args, must_exist=args.action != "new")
    if args.action == "list":
        folders = library.folders()
        for bureau_id, folder in folders.items():
            try:
                name = library.entry(bureau_id).name
            except InputError:
                name = _("（bureau.yaml 有错误，请运行 drafter library check）")
            own = sorted(p.name for p in folder.glob("*.docx") if not p.name.startswith("~$")) + sorted(
                f"phrases/{p.name}" for p in (folder / "phrases").glob("*.j2")
            )
            print(f"{bureau_id}\t{name}\t{folder}" + (_("\t自有：{files}").format(files="，".join(own)) if own else ""))
        print(_("共 {count} 个单位。基础库：{base}").format(count=len(folders), base=BASE))
        print(_("本人的模板库文件夹（library new 建在这里）：{folder}").format(folder=user_folder()))
        return 0
    if args.action == "new":
        return _new(args, library)
    folders = library.folders()
    if args.id is not None and args.id not in folders:
        raise InputError([Problem(None, library.not_found(args.id))])
    ids = [args.id] if args.id else list(folders)
    total = 0
    from drafter.library.check import check_bureau  # python-docx and docxtpl: loaded only for a check

    for bureau_id in ids:
        findings = check_bureau(bureau_id, library)
        total += len(findings)
        for finding in findings:
            print(_("问题：{finding}").format(finding=finding))
        result = _("发现 {count} 个问题").format(count=len(findings)) if findings else _("没有发现问题")
        print(_("{id}：{result}").format(id=bureau_id, result=result))
    return 1 if total else 0


def _new(args: argparse.Namespace, library: Library) -> int:
    """`library new`: into the first --library folder, else the user's own folder; never into the program."""
    root = args.library[0] if args.library else user_folder()
    if root.resolve() == SHIPPED or SHIPPED in root.resolve().parents:
        message = _("不能把模板库建在程序自带的 templates/ 里（更新程序时会丢失）；请用 --library 指定别的文件夹")
        raise InputError([Problem(root, message)])
    from drafter.library.new import create  # the library's writer loads only for `library new`

    learned = None
    if args.sources:
        from drafter.library.learn import learn  # the importer loads only when learning from letters

        learned = learn(args.sources, library)
    folder = create(root, args.id, args.name, args.short_name, args.code, learned)
    if learned is not None:
        print("\n".join(learned.report()))
    where = f" --library {root}" if args.library else ""
    print(
        _("已新建 {folder}：请核对其中的 bureau.yaml，然后运行 drafter library check {id}{where}").format(
            folder=folder, id=args.id, where=where
        )
    )
    return 0
