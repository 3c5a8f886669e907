"""The `drafter` command. Errors reach the clerk as located sentences and exit status 2, never a traceback.

Each command is a module of this package that declares itself to `registry.COMMANDS` (its name, help,
arguments and run); here the command line is built from them and the chosen command run.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from gettext import gettext
from pathlib import Path

from drafter import __version__
from drafter.cli.registry import COMMANDS
from drafter.files import OUTPUT_ERRORS, output_problem
from drafter.i18n import N_, _, choose, set_language
from drafter.problems import InputError, TemplateProblem

# in the order --help lists them
MODULES = ("render", "library", "batch", "number", "import_", "check", "wizard", "new", "status", "publish")

DESCRIPTION = N_(
    """\
drafter：按 GB/T 9704 公文格式起草人大代表建议、政协提案的答复函。

把一封答复写成一个 YAML 文件（建议或提案的情况 + 答复内容），用 drafter render 生成可以盖章发出的 .docx。
"""
)


def _parser(argv: list[str]) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The command line from the registry, and each command's own parser. Only the command named first gets
    its arguments built (so `drafter check` loads nothing that another command needs); any other line, all."""
    for module in MODULES:
        importlib.import_module(f"drafter.cli.{module}")
    parser = argparse.ArgumentParser(
        prog="drafter", description=_(DESCRIPTION), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    parser.add_argument(
        "--lang", choices=["zh", "en"], help=_("界面语言：zh 中文（默认）、en 英文；不写时按系统的语言环境（LANG）")
    )
    subparsers = parser.add_subparsers(dest="command", metavar=_("命令"))
    built = [argv[0]] if argv[:1] and argv[0] in COMMANDS else list(COMMANDS)
    parsers = {}
    for command in COMMANDS.values():
        sub = subparsers.add_parser(command.name, help=_(command.help), formatter_class=command.formatter)
        if command.name in built:
            if callable(command.description):
                sub.description = command.description()
            elif command.description:
                sub.description = _(command.description)
            command.arguments(sub)
        parsers[command.name] = sub
    return parser, parsers


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
    parser, parsers = _parser(argv)
    args, unknown = parser.parse_known_args(argv)
    if args.command is None:
        if unknown:
            parser.error(gettext("unrecognized arguments: %s") % " ".join(unknown))
        parser.print_help()
        return 2
    command = COMMANDS[args.command]
    if unknown:  # as `parse_args` says it, by the top parser unless the command answers for its own
        (parsers[command.name] if command.own_errors else parser).error(
            gettext("unrecognized arguments: %s") % " ".join(unknown)
        )
    try:
        return command.run(args, parsers[command.name])
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
