"""`advisor explain`: every option of one use case with its contributions, and every exclusion with its rule."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from advisor.recommendation import Recommendation, UseCaseResult
from advisor.scoring import CRITERIA, LABELS


def print_explanation(console: Console, result: UseCaseResult, rec: Recommendation) -> None:
    currency = rec.totals.currency
    console.print(f"[bold]{escape(result.name)}[/bold]: {result.kind.name}, {result.sensitivity} data")
    console.print("weights: " + ", ".join(f"{LABELS[c]} {result.weights[c]:.3f}" for c in CRITERIA))
    table = Table(title=f"{len(result.ranked)} option(s) passed the gates, best first")
    table.add_column("#", justify="right")
    table.add_column("option", overflow="fold")
    table.add_column("score", justify="right")
    for c in CRITERIA:
        table.add_column(c, justify="right")
    table.add_column(f"{currency}/month", justify="right")
    for i, s in enumerate(result.ranked, 1):
        cost = "unpriced" if s.monthly_cost is None else f"{s.monthly_cost:,.0f}"
        table.add_row(str(i), s.option.id, f"{s.score:.3f}", *(f"{s.contributions[c]:.3f}" for c in CRITERIA), cost)
    console.print(table)
    for line in [*result.reasons, *result.what_would_change]:
        console.print(f"  {line}", markup=False, soft_wrap=True)
    console.print(f"[bold]{len(result.excluded)} option(s) excluded[/bold]")
    for ex in result.excluded:
        console.print(f"  {ex.option.id}: " + "; ".join(str(e) for e in ex.exclusions), markup=False, soft_wrap=True)
    for change in result.changes_needed:
        console.print(
            f"  would pass with {change.what} ({change.rule}): {change.options} option(s), best {change.best}",
            markup=False,
            soft_wrap=True,
        )
