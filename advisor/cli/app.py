"""The command-line application's command groups: `advisor`, `advisor answers`, `advisor catalog` and
`advisor report`. Each command module adds its commands to them with typer's decorators
(`@app.command(cls=Command)`); `advisor.cli.main` imports those modules and runs the application."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer
from typer._click.core import Context
from typer._click.exceptions import NoSuchOption, UsageError
from typer.core import TyperCommand

from advisor import __version__

SUGGESTION_CUTOFF = 0.7  # how alike an unknown option's name and a real one must be to suggest it


class Command(TyperCommand):
    """Every advisor command: its usage line names an argument as its help does (`ANSWERS`, not typer's
    `{ANSWERS}`), and an unknown option is answered with a real near miss only (`--formt`: `--format`), not
    any option that shares a few letters (`--bogus`: `--logo`)."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            exc.possibilities = close_options(exc.option_name, exc.possibilities or ())
            raise


def close_options(name: str, options: Iterable[str]) -> list[str]:
    """The options whose names (without their dashes) are near `name`'s."""
    import difflib

    bare = name.lstrip("-")
    return [o for o in options if difflib.SequenceMatcher(None, bare, o.lstrip("-")).ratio() >= SUGGESTION_CUTOFF]


def usage_error(message: str) -> UsageError:
    """A usage error (exit code 2, with the command's usage line), for a problem with the options themselves:
    options that contradict each other."""
    return UsageError(message)


app = typer.Typer(
    name="advisor",
    help="Which large language models to use for which use case, and how to run each one.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
answers_app = typer.Typer(
    help="The answers file: its schema, a commented template, the examples, a check.", no_args_is_help=True
)
catalog_app = typer.Typer(help="The model catalog: list, show, validate, check prices.", no_args_is_help=True)
report_app = typer.Typer(help="The report: its JSON Schema.", no_args_is_help=True)
app.add_typer(answers_app, name="answers")
app.add_typer(catalog_app, name="catalog")
app.add_typer(report_app, name="report")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Which large language models to use for which use case, and how to run each one."""
