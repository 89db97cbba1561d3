"""The short summary printed after a report is written to a file.

The lines are worked out once, as styled segments; `echo_summary` writes them through click's styling
(what `advisor recommend` uses: no rich console to import for a few lines), `print_summary` through a
rich console (what the interview, already on rich, uses). Both wrap at word boundaries to the width.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from advisor.engine.recommendation import Recommendation

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.catalog.schema import Catalog

Style = Literal["bold", "red", "yellow"] | None
Segment = tuple[str, Style]


def summary_lines(rec: Recommendation, path: Path, catalog: Catalog | None = None) -> list[list[Segment]]:
    """The stack in a few lines: each use case's choice, its cost and fallback, the total, the warnings; in
    the report's words (the catalog's names for providers and regions)."""
    from advisor.figures import money
    from advisor.report.render import CatalogFacts, client_warnings, option_label

    facts = CatalogFacts(rec, catalog)
    t = rec.totals
    lines: list[list[Segment]] = [[(f"LLM stack for {rec.answers.organisation.name}", "bold")]]
    for r in rec.use_cases:
        if r.primary is None:
            lines.append(
                [
                    (f"  {r.name}: ", None),
                    ("no option passes the gates", "red"),
                    ("; the report says what would have to change", None),
                ]
            )
            continue
        model = r.primary.option.model.name
        where = option_label(r.primary.option, facts).removeprefix(model)
        cost = f"{money(r.monthly_cost, t.currency)} a month"
        fallback = f"; fallback {r.fallback.option.model.name}" if r.fallback else ""
        lines.append([(f"  {r.name}: ", None), (model, "bold"), (f"{where}, {cost}{fallback}", None)])
    lines.append(
        [
            (f"total {money(t.monthly_cost, t.currency)} a month, ", None),
            ("within", None) if t.within_budget else ("over", "red"),
            (f" the budget of {money(t.budget, t.currency)}", None),
        ]
    )
    lines.extend([[("warning:", "yellow"), (f" {warning}", None)] for warning in client_warnings(rec, catalog)])
    lines.append([(f"report written to {path}", None)])
    return lines


def wrap(segments: list[Segment], width: int) -> list[list[Segment]]:
    """The segments cut into lines of at most `width` characters at spaces (a longer word stands alone)."""
    lines: list[list[Segment]] = [[]]
    used = 0
    for text, style in segments:
        for piece in re.split(r"( +)", text):
            if not piece:
                continue
            if used + len(piece) > width and used > 0:
                if piece.isspace():
                    continue  # the break replaces the space
                if lines[-1][-1][0].isspace():
                    lines[-1].pop()
                lines.append([])
                used = 0
            lines[-1].append((piece, style))
            used += len(piece)
    return lines


def echo_summary(rec: Recommendation, path: Path, catalog: Catalog | None = None, *, err: bool = True) -> None:
    """Write the summary through click: styled on a terminal, plain text anywhere else."""
    import sys

    from advisor.cli.terminal import styled

    width = max(20, shutil.get_terminal_size().columns)
    style_it = styled(sys.stderr if err else sys.stdout)  # click's own test (a terminal) knows no NO_COLOR
    for line in summary_lines(rec, path, catalog):
        for wrapped in wrap(line, width):
            typer.echo("".join(_styled(text, style) if style_it else text for text, style in wrapped), err=err)


def _styled(text: str, style: Style) -> str:
    if style is None:
        return text
    return typer.style(text, bold=True) if style == "bold" else typer.style(text, fg=style)


def print_summary(console: Console, rec: Recommendation, path: Path, catalog: Catalog | None = None) -> None:
    """Print the summary on a rich console (which wraps it to its own width)."""
    from rich.text import Text

    for line in summary_lines(rec, path, catalog):
        console.print(Text.assemble(*((text, style or "") for text, style in line)))


def echo_warnings(warnings: list[str]) -> None:
    """The report's warnings on stderr, where a reader of the report on stdout or in a file sees them too."""
    import sys

    from advisor.cli.terminal import styled

    label = typer.style("warning:", fg="yellow") if styled(sys.stderr) else "warning:"
    for warning in warnings:
        typer.echo(f"{label} {warning}", err=True)
