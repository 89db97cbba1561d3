"""The report commands beside `recommend`: `batch` and `report schema`, and the branding options they share.

Thin: each command parses its options and calls the library (report, branding, batch, report_schema).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from advisor.cli.options import CatalogOption, DateOption, SetOption

if TYPE_CHECKING:
    from advisor.catalog.load import Catalog
    from advisor.report.render import ReportFormat, ReportSettings

FormatOption = Annotated[str, typer.Option("--format", "-f", metavar="md|html|json", help="Report format.")]
ClientOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option("--client", metavar="NAME", help="The client's name on the report (default: the organisation's)."),
]
ConsultantOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--consultant", metavar="NAME", help="Who prepared the report, on its cover and footer."),
]
LogoOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--logo", metavar="FILE", help="A PNG, JPEG or SVG logo, embedded in the report."),
]
TemplatesOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--templates",
        metavar="DIR",
        help='Templates overriding the shipped ones by name; extend a shipped one with "default:NAME".',
    ),
]


def report_settings(
    client: str | None, consultant: str | None, logo: Path | None, templates: Path | None
) -> ReportSettings:
    """Check the branding options once, before any answers are read or anything is written."""
    from advisor.errors import AdvisorError
    from advisor.report.branding import Branding, load_logo
    from advisor.report.render import ReportSettings

    if templates is not None and not templates.is_dir():
        raise AdvisorError(f"{templates}: no such folder; --templates expects a folder of Jinja templates")
    from advisor.answers.model import MAX_NAME, UNPRINTABLE_MESSAGE, unprintable

    for flag, value in (("--client", client), ("--consultant", consultant)):
        if value is None:
            continue
        if not value.strip():
            raise AdvisorError(f"{flag}: empty; give a name, or leave the option out")
        if unprintable(value):  # as the names in the answers: it reaches terminals, Markdown and HTML
            raise AdvisorError(f"{flag}: {UNPRINTABLE_MESSAGE}")
        if len(value) > MAX_NAME:
            raise AdvisorError(f"{flag}: {len(value):,} characters; a name of at most {MAX_NAME} is shown")
    return ReportSettings(Branding(client, consultant, load_logo(logo) if logo else None), templates)


def register(
    app: typer.Typer,
    load_catalog: Callable[[list[Path] | None], Catalog],
    parse_format: Callable[[str], ReportFormat],
    report_date: Callable[[str | None], object],
) -> None:
    """Add `batch` and the `report` group (`report schema`) to the app."""
    report_app = typer.Typer(help="The report: its JSON Schema.", no_args_is_help=True)
    app.add_typer(report_app, name="report")

    @report_app.command("schema")
    def report_schema() -> None:
        """Print the JSON Schema of the JSON report (--format json)."""
        import json

        from advisor.report.schema import report_json_schema

        typer.echo(json.dumps(report_json_schema(), indent=2))

    @app.command()
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
        jobs: Annotated[
            int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per CPU core).")
        ] = 0,
    ) -> None:
        """Write one report per answers file into DIR, with a progress bar; go on past bad files, list them
        at the end and exit 1 if there were any."""
        import datetime as dt

        from advisor.cli.batch import run_batch

        report_format = parse_format(fmt)
        settings = report_settings(client, consultant, logo, templates)
        cat = load_catalog(catalog)
        when = report_date(date)
        assert isinstance(when, dt.date)
        failures = run_batch(answers, out_dir, report_format, cat, when, settings, set_ or [], jobs)
        if failures:
            raise typer.Exit(1)
