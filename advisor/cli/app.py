"""The command-line application's command groups: `advisor`, `advisor answers`, `advisor catalog` and
`advisor report`. Each command module adds its commands to them with typer's decorators
(`@app.command()`); `advisor.cli.main` imports those modules and runs the application."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor import __version__

app = typer.Typer(
    name="advisor",
    help="Which large language models to use for which use case, and how to run each one.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
answers_app = typer.Typer(help="The answers file: its schema, a commented template, a check.", no_args_is_help=True)
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
