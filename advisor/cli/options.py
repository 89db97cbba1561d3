"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

SetOption = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option("--set", metavar="PATH=VALUE", help="Override an answer, e.g. --set budget.monthly=500."),
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
    typer.Option("--date", metavar="YYYY-MM-DD", help="The report date (default: SOURCE_DATE_EPOCH or today)."),
]
