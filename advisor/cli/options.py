"""What several commands share: their options, and turning option values into the library's inputs (the
report date, the catalog with its overlays, the answers, the report format, the branding)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    import datetime as dt

    from advisor.answers.model import Answers
    from advisor.catalog.schema import Catalog
    from advisor.report.render import ReportFormat, ReportSettings
    from advisor.report.schema import Status

FORMATS = ("md", "html", "json")  # advisor.report.render.ReportFormat's values (a test holds them equal)
FIRST_DAY, LAST_DAY = "1970-01-01", "2999-12-31"  # the years a report can be dated in: the catalog's dates
# and horizons are worked out from it


def checked_format(value: str) -> str:
    """`--format`: one of the formats, as written (`MD` is no format), else a usage error (exit 2)."""
    if value not in FORMATS:
        hint = f"; did you mean {value.strip().lower()}?" if value.strip().lower() in FORMATS else ""
        raise typer.BadParameter(f"{value!r}: expected one of {', '.join(FORMATS)}{hint}")
    return value


def checked_date(value: str | None) -> str | None:
    """`--date`: a day as YYYY-MM-DD between 1970 and 2999, else a usage error (exit 2)."""
    if value is not None:
        import datetime as dt

        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r}: expected a date as YYYY-MM-DD, e.g. 2026-11-27") from None
        if not dt.date.fromisoformat(FIRST_DAY) <= day <= dt.date.fromisoformat(LAST_DAY):
            raise typer.BadParameter(f"{value!r}: expected a date between {FIRST_DAY} and {LAST_DAY}")
    return value


STATUSES = ("draft", "final")


def checked_status(value: str) -> str:  # typer reads this signature: its types must exist at run time
    """`--status`: draft or final, else a usage error (exit 2)."""
    if value not in STATUSES:
        raise typer.BadParameter(f"{value!r}: expected one of {', '.join(STATUSES)}")
    return value


def checked_overrides(values: list[str] | None) -> list[str] | None:
    """`--set`: each PATH=VALUE, else a usage error (exit 2). Whether the path and value make valid answers is
    a question for the answers (exit 1)."""
    for value in values or []:
        path, sep, _ = value.partition("=")
        if not sep or not path.strip():
            raise typer.BadParameter(f"{value!r}: expected PATH=VALUE, e.g. --set budget.monthly=500")
    return values


SetOption = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(
        "--set",
        metavar="PATH=VALUE",
        callback=checked_overrides,
        help="Override an answer, e.g. --set budget.monthly=500.",
    ),
]
CatalogOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(
        "--catalog",
        metavar="DIR",
        help="An overlay folder that adds or overrides catalog entries (also ADVISOR_CATALOG).",
    ),
]
DateOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        callback=checked_date,
        help="The report date (default: SOURCE_DATE_EPOCH or today).",
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar="md|html|json", callback=checked_format, help="Report format.")
]
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
StatusOption = Annotated[
    str,
    typer.Option(
        "--status",
        metavar="draft|final",
        callback=checked_status,
        help="The document's status on its cover and every printed page.",
    ),
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
    client: str | None, consultant: str | None, logo: Path | None, templates: Path | None, status: str = "draft"
) -> ReportSettings:
    """Check the branding options once, before any answers are read or anything is written."""
    from advisor.errors import AdvisorError
    from advisor.report.branding import Branding, load_logo
    from advisor.report.render import ReportSettings

    if templates is not None and not templates.is_dir():
        raise AdvisorError(f"{templates}: no such folder; --templates expects a folder of Jinja templates")
    from advisor.answers.model import MAX_NAME
    from advisor.plain_text import refused

    for flag, value in (("--client", client), ("--consultant", consultant)):
        if value is None:
            continue
        if not value.strip():
            raise AdvisorError(f"{flag}: empty; give a name, or leave the option out")
        wrong = refused(value, name=True)  # as the names in the answers: it reaches terminals, Markdown and HTML
        if wrong:
            raise AdvisorError(f"{flag}: {wrong}")
        if len(value) > MAX_NAME:
            raise AdvisorError(f"{flag}: {len(value):,} characters; a name of at most {MAX_NAME} is shown")
    branding = Branding(client, consultant, load_logo(logo) if logo else None)
    final: Status = "final" if checked_status(status) == "final" else "draft"
    return ReportSettings(branding, templates, final)


def report_date(text: str | None) -> dt.date:
    import datetime as dt

    from advisor.errors import AdvisorError

    first, last = dt.date.fromisoformat(FIRST_DAY), dt.date.fromisoformat(LAST_DAY)
    if text is not None:  # checked already when it came from --date (checked_date): this is for other callers
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise AdvisorError(f"--date {text!r}: expected a date as YYYY-MM-DD, e.g. 2026-11-27") from None
        if not first <= day <= last:
            raise AdvisorError(f"--date {text!r}: expected a date between {first} and {last}")
        return day
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            day = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise AdvisorError(f"SOURCE_DATE_EPOCH={epoch!r}: expected seconds since 1970 as a whole number") from None
        if not first <= day <= last:
            raise AdvisorError(f"SOURCE_DATE_EPOCH={epoch!r}: expected a time between {first} and {last}")
        return day
    return dt.date.today()


def catalog_for(overlays: list[Path] | None) -> Catalog:
    """The shipped catalog with the `--catalog` overlay folders on top."""
    from advisor.api import load_catalog

    return load_catalog(overlays or [])


def answers_from(source: str, overrides: list[str] | None, catalog: Catalog) -> Answers:
    """The answers file (or stdin for '-') with the `--set` overrides, checked against the catalog."""
    from advisor.api import load_answers

    return load_answers(source, overrides or [], catalog)


def parse_format(fmt: str) -> ReportFormat:
    from advisor.report.render import ReportFormat

    return ReportFormat.parse(fmt)
