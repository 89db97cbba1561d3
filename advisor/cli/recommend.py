"""`advisor recommend` (the report) and `advisor explain` (one use case's options in full)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.app import app
from advisor.cli.options import (
    CatalogOption,
    ClientOption,
    ConsultantOption,
    DateOption,
    FormatOption,
    LogoOption,
    SetOption,
    TemplatesOption,
    answers_from,
    catalog_for,
    parse_format,
    report_date,
    report_settings,
)

EXPLAIN_TOP = 20  # the options `advisor explain` lists unless told


@app.command()
def recommend(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file (YAML or JSON), or - for stdin.")],
    set_: SetOption = None,
    fmt: FormatOption = "md",
    output: Annotated[
        Optional[str],  # noqa: UP045  (text, not a Path: a Path drops the final / of a folder's name)
        typer.Option("--output", "-o", metavar="FILE", help="Write the report here instead of stdout."),
    ] = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
    client: ClientOption = None,
    consultant: ConsultantOption = None,
    logo: LogoOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Recommend a model and a deployment for every use case, with a fallback, and write the report."""
    from advisor.api import recommend as decide
    from advisor.api import render
    from advisor.errors import AdvisorError
    from advisor.output import report_path, same_file, write_atomic

    target = None if output is None else report_path(output)
    if target is not None and answers != "-" and same_file(target, Path(answers)):
        raise AdvisorError(f"-o {output}: is the answers file itself; give the report another name")
    report_format = parse_format(fmt)
    settings = report_settings(client, consultant, logo, templates)
    cat = catalog_for(catalog)
    rec = decide(answers_from(answers, set_, cat), catalog=cat, date=report_date(date))
    text = render(rec, report_format, catalog=cat, settings=settings)
    if target is None:
        sys.stdout.write(text)
        return
    write_atomic(target, text)
    from advisor.cli.summary import echo_summary

    echo_summary(rec, target)


@app.command()
def explain(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file, or - for stdin.")],
    use_case: Annotated[str, typer.Option("--use-case", "-u", help="The use case's name, as in the answers.")],
    top: Annotated[
        int, typer.Option("--top", min=1, metavar="N", help="How many of the best options to list.")
    ] = EXPLAIN_TOP,
    every: Annotated[
        bool, typer.Option("--all", help="List every option and every exclusion with its reasons.")
    ] = False,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
) -> None:
    """The best options of one use case with their score by criterion, and its exclusions by rule (--all: every
    option and every exclusion with its reasons)."""
    from advisor.api import recommend as decide
    from advisor.cli.explain import print_explanation
    from advisor.errors import AdvisorError

    cat = catalog_for(catalog)
    parsed = answers_from(answers, set_, cat)
    names = [u.name for u in parsed.use_cases]
    # names are unique regardless of case (answers.Answers), so a name in other case still names one
    chosen = next((name for name in names if name.casefold() == use_case.strip().casefold()), None)
    if chosen is None:
        raise AdvisorError(f"--use-case {use_case!r}: no such use case; the answers have {', '.join(names)}")
    rec = decide(parsed, catalog=cat, date=report_date(date))
    result = next(r for r in rec.use_cases if r.name == chosen)
    from rich.console import Console

    print_explanation(Console(highlight=False), result, rec, None if every else top)
