"""`advisor recommend` (the report) and `advisor explain` (one use case's options in full)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.app import Command, app
from advisor.cli.options import (
    CatalogOption,
    ClientOption,
    ConsultantOption,
    DateOption,
    FormatOption,
    LogoOption,
    SetOption,
    StatusOption,
    TemplatesOption,
    answers_from,
    catalog_for,
    parse_format,
    report_date,
    report_settings,
)

EXPLAIN_TOP = 20  # the options `advisor explain` lists unless told


@app.command(cls=Command)
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
    status: StatusOption = "draft",
) -> None:
    """Recommend a model and a deployment for every use case, with a fallback, and write the report."""
    from advisor.api import recommend as decide
    from advisor.api import render
    from advisor.errors import AdvisorError
    from advisor.output import report_path, same_file, write_atomic, write_stdout

    target = None if output is None else report_path(output)
    if target is not None and answers != "-" and same_file(target, Path(answers)):
        raise AdvisorError(f"-o {output}: is the answers file itself; give the report another name")
    report_format = parse_format(fmt)
    settings = report_settings(client, consultant, logo, templates, status)
    cat = catalog_for(catalog)
    rec = decide(answers_from(answers, set_, cat), catalog=cat, date=report_date(date))
    text = render(rec, report_format, catalog=cat, settings=settings)
    if target is None:
        write_stdout(text)
        from advisor.cli.summary import echo_warnings
        from advisor.report.render import client_warnings

        echo_warnings(client_warnings(rec, cat))  # after the report, so that they are the last a terminal shows
        return
    write_atomic(target, text)
    from advisor.cli.summary import echo_summary

    echo_summary(rec, target, cat)


@app.command(cls=Command)
def explain(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file, or - for stdin.")],
    use_case: Annotated[
        str, typer.Option("--use-case", "-u", metavar="NAME", help="The use case's name, as in the answers.")
    ],
    top: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--top",
            min=1,
            metavar="N",
            show_default=False,
            help=f"How many of the best options to list (default: {EXPLAIN_TOP}).",
        ),
    ] = None,
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
    from advisor.cli.app import usage_error
    from advisor.cli.explain import print_explanation
    from advisor.errors import AdvisorError

    if every and top is not None:
        raise usage_error("--all lists every option, --top only the best N: give one of them")
    cat = catalog_for(catalog)
    parsed = answers_from(answers, set_, cat)
    names = [u.name for u in parsed.use_cases]
    # names are unique as advisor.plain_text.name_key compares them, so a name in other case still names one
    from advisor.plain_text import name_key

    chosen = next((name for name in names if name_key(name) == name_key(use_case)), None)
    if chosen is None:
        raise AdvisorError(f"--use-case {use_case!r}: no such use case; the answers have {', '.join(names)}")
    rec = decide(parsed, catalog=cat, date=report_date(date))
    result = next(r for r in rec.use_cases if r.name == chosen)
    from advisor.cli.terminal import console

    print_explanation(console(), result, rec, None if every else (top or EXPLAIN_TOP), cat)
