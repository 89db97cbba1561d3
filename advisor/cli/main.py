"""The command line's entry: every command module registered, then the application run, with a problem in
the user's data (AdvisorError) turned into a message on stderr and exit code 1."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

# each module adds its commands; in this order they are listed by `advisor --help`
# isort: off
from advisor.cli import recommend  # noqa: F401
from advisor.cli import start  # noqa: F401
from advisor.cli import report  # noqa: F401
from advisor.cli import answers, catalog  # noqa: F401

# isort: on
from advisor.cli.app import app

if TYPE_CHECKING:
    from typer.models import CommandInfo, TyperInfo

COMPLETING = "_ADVISOR_COMPLETE"  # set by the shell's completion script: click completes, nothing is run


def main(argv: list[str] | None = None) -> None:
    """The console script: run the app, turning AdvisorError into a message on stderr and exit code 1."""
    from advisor.errors import AdvisorError

    commands, groups = app.registered_commands, app.registered_groups
    try:
        if COMPLETING not in os.environ:  # completion needs every command and option in place
            _only_the_one_named(sys.argv[1:] if argv is None else argv)
        app(args=argv, prog_name="advisor")
    except AdvisorError as exc:
        from rich.markup import escape

        from advisor.cli.terminal import console
        from advisor.plain_text import visible

        console(stderr=True).print(f"[red]error:[/red] {escape(visible(str(exc)))}", soft_wrap=True)
        sys.exit(1)
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def _names_and_help_only() -> None:
    """The root help lists each command's name and first line of help, nothing of its parameters: register
    for it stand-ins that carry only those (the same listing at a tenth of the cost)."""
    import copy

    def stand_in(info: CommandInfo) -> CommandInfo:
        original = info.callback
        assert original is not None

        def listed() -> None: ...

        listed.__name__, listed.__doc__ = original.__name__, original.__doc__
        shown = copy.copy(info)
        shown.callback = listed
        return shown

    def group_stand_in(group: TyperInfo) -> TyperInfo:
        shown = copy.copy(group)
        shown.typer_instance = typer.Typer(help=group.typer_instance.info.help if group.typer_instance else None)
        return shown

    app.registered_commands = [stand_in(info) for info in app.registered_commands]
    app.registered_groups = [group_stand_in(group) for group in app.registered_groups]


def _only_the_one_named(args: list[str]) -> None:
    """When the first argument names a command or group, leave only that one registered for this run:
    typer builds every registered command's parameters on each run (about 20 ms for all of them), and a
    run needs one. The root help gets stand-ins; anything else (an option, a typo) keeps them all, for
    completion and suggestions."""
    from typer.main import get_command_name

    if args in ([], ["--help"]):
        _names_and_help_only()
        return
    name = args[0]
    for info in app.registered_commands:
        if (info.name or get_command_name(info.callback.__name__ if info.callback else "")) == name:
            app.registered_commands, app.registered_groups = [info], []
            return
    for group in app.registered_groups:
        if group.name == name:
            app.registered_commands, app.registered_groups = [], [group]
            return
