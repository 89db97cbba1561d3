"""The short summary printed on stderr after a report is written to a file."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from advisor.recommendation import Recommendation


def print_summary(console: Console, rec: Recommendation, path: Path) -> None:
    """The stack in a few lines that wrap at word boundaries, whatever the terminal's width."""
    t = rec.totals
    console.print(f"[bold]LLM stack for {escape(rec.answers.organisation.name)}[/bold]")
    for r in rec.use_cases:
        name = escape(r.name)
        if r.primary is None:
            console.print(f"  {name}: [red]no option passes the gates[/red]; the report says what would have to change")
            continue
        d = r.primary.option.deployment
        cost = "unpriced" if r.monthly_cost is None else f"{t.currency} {r.monthly_cost:,.0f}/month"
        fallback = f"; fallback {escape(r.fallback.option.model.name)}" if r.fallback else ""
        console.print(
            f"  {name}: [bold]{escape(r.primary.option.model.name)}[/bold], {d.mode.replace('_', ' ')} "
            f"({escape(d.operator)}, {escape(d.region)}), {cost}{fallback}"
        )
    verdict = "within" if t.within_budget else "[red]over[/red]"
    console.print(
        f"total {t.currency} {t.monthly_cost:,.0f} a month, {verdict} the budget of {t.currency} {t.budget:,.0f}"
    )
    for warning in rec.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    console.print(f"report written to {escape(str(path))}")
