"""The `drafter` command. Errors reach the clerk as located sentences and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .files import write_atomic
from .letters import load
from .library import ENV, Library
from .problems import InputError, Problem, TemplateProblem
from .render import Rendered, render

DESCRIPTION = """\
drafter：按 GB/T 9704 公文格式起草人大代表建议、政协提案的答复函。

把一封答复写成一个 YAML 文件（建议或提案的情况 + 答复内容），用 drafter render 生成可以盖章发出的 .docx。
"""

RENDER_HELP = """\
把 YAML 写的答复函生成 .docx（或用 --text 在屏幕上预览文字）。

例子：
  drafter render examples/wenzhou-sti-suggestion-393.yaml -o 答复函.docx
  drafter render examples/*.yaml --out-dir out
  drafter render 答复.yaml --text

不指定 -o 时，.docx 写在 YAML 文件旁边，文件名相同。已有的文件不会被覆盖，除非加 --force。
输入有错时逐条列出文件、行、列和字段，退出码为 2，不生成任何文件。
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drafter", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help=f"另外的模板库文件夹，先于自带的 templates/ 查找（可写多次；也可设环境变量 {ENV}）",
    )
    commands = parser.add_subparsers(dest="command", metavar="命令")
    render_cmd = commands.add_parser(
        "render",
        help="生成答复函 .docx",
        description=RENDER_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    render_cmd.add_argument("letters", nargs="+", type=Path, metavar="LETTER.yaml", help="答复函的 YAML 文件")
    render_cmd.add_argument("-o", "--output", type=Path, metavar="OUT.docx", help="输出文件（只有一个输入时）")
    render_cmd.add_argument("-d", "--out-dir", type=Path, metavar="DIR", help="输出文件夹（文件名随 YAML）")
    render_cmd.add_argument("--text", action="store_true", help="不生成文件，在屏幕上显示全文")
    render_cmd.add_argument("--force", action="store_true", help="覆盖已经存在的输出文件")
    return parser


def _target(source: Path, args: argparse.Namespace) -> Path:
    if args.output:
        return args.output
    folder = args.out_dir if args.out_dir else source.parent
    return folder / (source.stem + ".docx")


def _render(args: argparse.Namespace) -> int:
    if args.output and len(args.letters) > 1:
        raise InputError([Problem(None, "有多个输入文件时请用 --out-dir 指定输出文件夹，而不是 -o")])
    if args.output and args.output.suffix.lower() != ".docx":
        raise InputError([Problem(args.output, "输出文件名应以 .docx 结尾")])
    # validate every letter first, so that one bad file among many writes nothing half-way
    library = Library(args.library)
    problems: list[Problem] = []
    loaded = []
    for source in args.letters:
        try:
            loaded.append(load(source, library))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    for item in loaded:
        result = render(item.letter, item.entry)
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
    try:
        write_atomic(target, result.write_docx, force=force)
    except (IsADirectoryError, NotADirectoryError, FileExistsError) as exc:
        raise InputError([Problem(target, f"无法写到这里：{exc.strerror}（路径中有同名的文件或文件夹）")]) from None
    except PermissionError as exc:
        raise InputError([Problem(target, f"没有权限写入：{exc.strerror}")]) from None
    print(f"已生成 {target}")


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return _render(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"错误：{problem}", file=sys.stderr)
        return 2
    except TemplateProblem as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断，没有写出未完成的文件。", file=sys.stderr)
        return 130
    except Exception as exc:  # a fault of ours, not the clerk's: say so plainly, keep the trace for maintainers
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        print(f"内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        print("这是程序的问题，不是输入的问题；设置环境变量 DRAFTER_DEBUG=1 再运行可看到详细信息。", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
