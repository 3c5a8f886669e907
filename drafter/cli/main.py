"""The `drafter` command. Errors reach the clerk as located sentences and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from drafter import __version__
from drafter.files import OUTPUT_ERRORS, output_problem, write_atomic
from drafter.i18n import N_, _, choose, set_language
from drafter.library.search import BASE, ENV, SHIPPED, Library, stand_in_warning, user_folder
from drafter.problems import InputError, Problem, TemplateProblem

if TYPE_CHECKING:
    from drafter.letter.render import Rendered

DESCRIPTION = N_(
    """\
drafter：按 GB/T 9704 公文格式起草人大代表建议、政协提案的答复函。

把一封答复写成一个 YAML 文件（建议或提案的情况 + 答复内容），用 drafter render 生成可以盖章发出的 .docx。
"""
)

RENDER_HELP = N_(
    """\
把 YAML 写的答复函生成 .docx（或用 --text 在屏幕上预览文字）。

例子：
  drafter render examples/wenzhou-sti-suggestion-393.yaml -o 答复函.docx
  drafter render examples/*.yaml --out-dir out
  drafter render 答复.yaml --text

不指定 -o 时，.docx 写在 YAML 文件旁边，文件名相同。已有的文件不会被覆盖，除非加 --force。
输入有错时逐条列出文件、行、列和字段，退出码为 2，不生成任何文件。
"""
)


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


def _parser(full: bool = True) -> argparse.ArgumentParser:
    """The command line; without `full`, only the commands that check (the others' modules stay unloaded)."""
    parser = argparse.ArgumentParser(
        prog="drafter", description=_(DESCRIPTION), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    parser.add_argument(
        "--lang", choices=["zh", "en"], help=_("界面语言：zh 中文（默认）、en 英文；不写时按系统的语言环境（LANG）")
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help=_("另外的模板库文件夹，先于自带的 templates/ 查找（可写多次；也可设环境变量 {env}）").format(env=ENV),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("命令"))
    render_cmd = commands.add_parser(
        "render",
        help=_("生成答复函 .docx"),
        description=_(RENDER_HELP),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    render_cmd.add_argument("letters", nargs="+", type=Path, metavar="LETTER.yaml", help=_("答复函的 YAML 文件"))
    render_cmd.add_argument("-o", "--output", type=Path, metavar="OUT.docx", help=_("输出文件（只有一个输入时）"))
    render_cmd.add_argument("-d", "--out-dir", type=Path, metavar="DIR", help=_("输出文件夹（文件名随 YAML）"))
    render_cmd.add_argument("--text", action="store_true", help=_("不生成文件，在屏幕上显示全文"))
    render_cmd.add_argument("--force", action="store_true", help=_("覆盖已经存在的输出文件"))
    render_cmd.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件（doc_number: auto 时取号）"))

    library_cmd = commands.add_parser(
        "library",
        help=_("查看、新建、检查各单位的模板库"),
        description=_(LIBRARY_HELP),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = library_cmd.add_subparsers(dest="action", metavar=_("操作"))
    actions.add_parser("list", help=_("列出所有单位的模板库"), parents=[common])
    new = actions.add_parser("new", help=_("从基础库新建一个单位的模板库"), parents=[common])
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
    check = actions.add_parser("check", help=_("检查模板库（不写编号则检查全部）"), parents=[common])
    check.add_argument("id", nargs="?", metavar="ID", help=_("模板库编号"))
    if full:  # the batch and import machinery loads only for a command line that may use it
        from drafter.cli import batch as cli_batch
        from drafter.cli import import_ as cli_import

        cli_batch.add_commands(commands, common)
        cli_import.add_commands(commands, common)
    from drafter.cli import check as cli_check

    cli_check.add_commands(commands, common)
    commands.add_parser("wizard", help=_("一步一步起草一封答复（终端界面，同 python tui.py）"), add_help=False)
    return parser


def _target(source: Path, args: argparse.Namespace) -> Path:
    if args.output:
        return args.output
    folder = args.out_dir if args.out_dir else source.parent
    return folder / (source.stem + ".docx")


def _render(args: argparse.Namespace) -> int:
    from drafter.batch.numbering import assign
    from drafter.letter.load import (
        load,  # the renderer's modules load only for a command that renders (check stays quick)
    )
    from drafter.letter.render import render

    if args.output and len(args.letters) > 1:
        raise InputError([Problem(None, _("有多个输入文件时请用 --out-dir 指定输出文件夹，而不是 -o"))])
    if args.output and args.output.suffix.lower() != ".docx":
        raise InputError([Problem(args.output, _("输出文件名应以 .docx 结尾"))])
    # validate every letter first, so that one bad file among many writes nothing half-way
    library = _library_folders(args)
    problems: list[Problem] = []
    loaded = []
    for source in args.letters:
        try:
            loaded.append(load(source, library))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    stand_ins = Counter(item.entry.id for item in loaded if item.entry.provisional)
    for name, letters in stand_ins.items():
        print(stand_in_warning(name, letters), file=sys.stderr)
    for item in loaded:
        # a preview does not take a number from the ledger; it shows where the number will go
        letter, clash = (item.letter, None) if args.text else assign(item.letter, item.entry, args.ledger)
        if clash:
            raise InputError([Problem(item.source, clash, field=("reply", "doc_number"))])
        result = render(letter, item.entry)
        for warning in result.complete.warnings:
            print(_("提示：{source} {warning}").format(source=item.source, warning=warning), file=sys.stderr)
        form = result.feedback()
        if args.text:
            sys.stdout.write(result.text())
            if form:
                sys.stdout.write("\n" + form.text())
            continue
        target = _target(item.source, args)
        _write(target, result, args.force)
        if form:
            _write(target.with_name(f"{target.stem}-征询意见表.docx"), form, args.force)
    return 0


def _write(target: Path, result: Rendered, force: bool) -> None:
    write_atomic(target, result.write_docx, force=force)  # OS errors come back as plain problems
    print(_("已生成 {path}").format(path=target))


def _library_folders(args: argparse.Namespace, must_exist: bool = True) -> Library:
    """The library of this run; a folder named with --library must exist, one in DRAFTER_LIBRARY is warned of."""
    missing = [p for p in args.library if not p.is_dir()]
    if missing and must_exist:
        raise InputError([Problem(p, _("找不到这个模板库文件夹（--library）")) for p in missing])
    library = Library(args.library)
    for root in library.roots[len(args.library) :]:
        if root == SHIPPED:
            if not (BASE / "bureau.yaml").is_file():  # an install that lost its package data
                raise InputError([Problem(BASE, _("drafter 自带的基础模板库不见了，请重新安装 drafter"))])
        elif not root.is_dir() and root != user_folder().resolve():
            print(
                _("提示：环境变量 {env} 里的文件夹 {path} 不存在，已跳过").format(env=ENV, path=root), file=sys.stderr
            )
    return library


def _library(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.action is None:
        parser.parse_args(["library", "--help"])
    library = _library_folders(args, must_exist=args.action != "new")
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


def take_language(argv: list[str]) -> list[str]:
    """Sets the interface language from `--lang X` anywhere on the line (or the locale); returns the rest."""
    rest, requested, words = [], None, iter(argv)
    for word in words:
        if word == "--lang":
            requested = next(words, "")
        elif word.startswith("--lang="):
            requested = word.split("=", 1)[1]
        else:
            rest.append(word)
    try:
        set_language(choose(requested))
    except ValueError:
        print(_("错误：不认识的界面语言 --lang {lang}（可用 zh、en）").format(lang=requested), file=sys.stderr)
        raise SystemExit(2) from None
    return rest


def main(argv: list[str] | None = None) -> int:
    """The command; a reader that stops early (`drafter number list | head -1`) ends it quietly."""
    try:
        status = _main(argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # nobody reads the rest: point stdout at nothing so that the flush at exit does not fail again
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    argv = take_language(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["wizard"]:
        from drafter.wizard import run  # Textual loads only for the wizard

        return run(argv[1:])
    parser = _parser(full=argv[:1] not in (["check"], ["preview"]))  # `drafter check` starts quickly
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "library":
            return _library(args, parser)
        from drafter.cli import check as cli_check

        if args.command in ("batch", "number"):
            from drafter.cli import batch as cli_batch

            if args.command == "batch":
                return cli_batch.batch(args, _library_folders(args).roots[: len(args.library)])
            return cli_batch.number(args, parser, _library_folders(args))
        if args.command == "import":
            from drafter.cli import import_ as cli_import

            return cli_import.run(args, _library_folders(args))
        if args.command == "check":
            return cli_check.check(args, _library_folders(args))
        if args.command == "preview":
            return cli_check.preview(args)
        return _render(args)
    except InputError as exc:
        for problem in exc.problems:
            print(_("错误：{problem}").format(problem=problem), file=sys.stderr)
        return 2
    except TemplateProblem as exc:
        print(_("错误：{problem}").format(problem=exc), file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRORS:  # not the input's or the disk's fault: ours
            return _internal(exc)
        print(_("错误：{problem}").format(problem=output_problem(Path(exc.filename or "."), exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("已中断，没有写出未完成的文件。"), file=sys.stderr)
        return 130
    except Exception as exc:
        return _internal(exc)


def _internal(exc: Exception) -> int:
    """A fault of ours, not the clerk's: say so plainly, keep the trace for maintainers."""
    if os.environ.get("DRAFTER_DEBUG"):
        raise exc
    print(_("内部错误：{kind}: {detail}").format(kind=type(exc).__name__, detail=exc), file=sys.stderr)
    print(_("这是程序的问题，不是输入的问题；设置环境变量 DRAFTER_DEBUG=1 再运行可看到详细信息。"), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
