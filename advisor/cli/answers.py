"""`advisor answers schema|template|check`: the answers file's JSON Schema, a commented template, a check."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from advisor.cli.app import answers_app
from advisor.cli.options import CatalogOption, SetOption, answers_from, catalog_for


@answers_app.command("schema")
def answers_schema() -> None:
    """Print the JSON Schema of the answers file."""
    import json

    from advisor.answers.model import Answers
    from advisor.records import json_schema

    typer.echo(json.dumps(json_schema(Answers), indent=2))


@answers_app.command("template")
def answers_template(catalog: CatalogOption = None) -> None:
    """Print a commented answers file to start from."""
    from advisor.answers.template import answers_template as template

    cat = catalog_for(catalog)
    sys.stdout.write(template({k.id: k.description for k in cat.use_case_kinds.values()}))


@answers_app.command("check")
def answers_check(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file, or - for stdin.")],
    set_: SetOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Check an answers file; print every problem with its place."""
    cat = catalog_for(catalog)
    parsed = answers_from(answers, set_, cat)
    typer.echo(f"{answers}: valid ({len(parsed.use_cases)} use case(s))")
