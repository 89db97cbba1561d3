"""The report commands beside `recommend`: `batch` and `report schema`, and the branding options they share.

Thin: each command parses its options and calls the library (report, branding, batch, report_schema).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.app import Command, app, report_app
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
    catalog_for,
    parse_format,
    report_date,
    report_settings,
)

if TYPE_CHECKING:
    pass


@report_app.command("schema", cls=Command)
def report_schema() -> None:
    """Print the JSON Schema of the JSON report (--format json)."""
    import json

    from advisor.report.schema import report_json_schema

    typer.echo(json.dumps(report_json_schema(), indent=2))


@app.command(cls=Command)
def batch(
    answers: Annotated[
        list[Path], typer.Argument(metavar="ANSWERS", help="Answers files (YAML or JSON), one report each.")
    ],
    out_dir: Annotated[Path, typer.Option("--out-dir", "-d", metavar="DIR", help="Where to write the reports.")],
    fmt: FormatOption = "md",
    set_: SetOption = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
    client: ClientOption = None,
    consultant: ConsultantOption = None,
    logo: LogoOption = None,
    templates: TemplatesOption = None,
    status: StatusOption = "draft",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per CPU core).")
    ] = 0,
) -> None:
    """Write one report per answers file into DIR, with a progress bar; go on past bad files, list them
    at the end and exit 1 if there were any."""

    from advisor.cli.batch import run_batch

    report_format = parse_format(fmt)
    settings = report_settings(client, consultant, logo, templates, status)
    cat = catalog_for(catalog)
    when = report_date(date)
    failures = run_batch(answers, out_dir, report_format, cat, when, settings, set_ or [], jobs)
    if failures:
        raise typer.Exit(1)
