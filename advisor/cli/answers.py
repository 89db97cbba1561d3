"""`advisor answers schema|template|example|check`: the answers file's JSON Schema, a commented template, the
shipped examples, a check."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from advisor.cli.app import Command, answers_app
from advisor.cli.options import CatalogOption, DateOption, SetOption, answers_from, catalog_for, report_date


@answers_app.command("schema", cls=Command)
def answers_schema() -> None:
    """Print the JSON Schema of the answers file."""
    import json

    from advisor.answers.model import Answers
    from advisor.records import json_schema

    typer.echo(json.dumps(with_checked_rules(json_schema(Answers)), indent=2))


def with_checked_rules(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with the rules `answers check` enforces beyond the fields' types, where JSON Schema can say
    them: each priority and need once (`uniqueItems`); use-case names unique regardless of case (said in the
    description: JSON Schema cannot compare names without case)."""
    schema["properties"]["priorities"]["uniqueItems"] = True
    use_case = schema["$defs"]["UseCase"]["properties"]
    use_case["needs"]["uniqueItems"] = True
    schema["properties"]["use_cases"].setdefault(
        "description", "The use cases; their names must be unique, regardless of case, spacing and letter forms"
    )
    return schema


@answers_app.command("template", cls=Command)
def answers_template(catalog: CatalogOption = None) -> None:
    """Print a commented answers file to start from."""
    from advisor.answers.template import answers_template as template
    from advisor.output import write_stdout

    cat = catalog_for(catalog)
    write_stdout(template({k.id: k.description for k in cat.use_case_kinds.values()}))


@answers_app.command("example", cls=Command)
def answers_example(
    name: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at run time
        typer.Argument(metavar="[NAME]", help="An example's name; without it, the list of examples."),
    ] = None,
) -> None:
    """Print a shipped example answers file (the README's examples), or without NAME list them."""
    from advisor.output import write_stdout
    from advisor.resources import examples

    shipped = examples()
    if name is None:
        import textwrap

        width = max(map(len, shipped), default=0) + 2
        lines = [
            textwrap.fill(
                _summary(path.read_text(encoding="utf-8")),
                width=80,
                initial_indent=f"{stem:<{width}}",
                subsequent_indent=" " * width,
                break_long_words=False,
                break_on_hyphens=False,
            )
            for stem, path in shipped.items()
        ]
        write_stdout("\n".join(lines) + "\n")
        return
    stem = name.removesuffix(".yaml")
    if stem not in shipped:
        raise typer.BadParameter(f"{name!r}: expected one of {', '.join(shipped)}", param_hint="NAME")
    write_stdout(shipped[stem].read_text(encoding="utf-8"))


def _summary(text: str) -> str:
    """An example's first comment line, which says whose answers they are."""
    first = text.splitlines()[0] if text else ""
    return first.lstrip("#").strip() if first.startswith("#") else ""


@answers_app.command("check", cls=Command)
def answers_check(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file, or - for stdin.")],
    set_: SetOption = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
) -> None:
    """Check an answers file; print every problem with its place (exit 1), and on stderr the warnings a
    report of it would carry (a provider to exclude that the catalog does not know, ...)."""
    from advisor.api import recommend
    from advisor.cli.summary import echo_warnings
    from advisor.report.render import client_warnings

    cat = catalog_for(catalog)
    parsed = answers_from(answers, set_, cat)
    rec = recommend(parsed, catalog=cat, date=report_date(date))
    echo_warnings(client_warnings(rec, cat))
    typer.echo(f"{answers}: valid ({len(parsed.use_cases)} use case(s))")
