"""The commands of `drafter`: each module of this package declares its own with `@command` (its name, help,
arguments and run, in one place); `cli.main` builds the command line from them and runs the one chosen."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

Run = Callable[[argparse.Namespace, argparse.ArgumentParser], int]


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # marked with N_: translated when the parser is built, after --lang is read
    arguments: Callable[[argparse.ArgumentParser], None]  # adds the command's arguments to its parser
    run: Run  # the parsed arguments and the command's own parser (for its --help) → exit status
    description: str | Callable[[], str] | None = None  # marked with N_, or a function giving the text
    formatter: type[argparse.HelpFormatter] = argparse.RawDescriptionHelpFormatter
    own_errors: bool = False  # unknown arguments reported by the command's own parser (the wizard had its own)


COMMANDS: dict[str, Command] = {}  # in the order `drafter --help` lists them


def command(
    name: str,
    help: str,
    arguments: Callable[[argparse.ArgumentParser], None],
    *,
    description: str | Callable[[], str] | None = None,
    formatter: type[argparse.HelpFormatter] = argparse.RawDescriptionHelpFormatter,
    own_errors: bool = False,
) -> Callable[[Run], Run]:
    """Registers the decorated function as the run of command `name`."""

    def register(run: Run) -> Run:
        COMMANDS[name] = Command(name, help, arguments, run, description, formatter, own_errors)
        return run

    return register
