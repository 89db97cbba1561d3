"""The short summary printed on stderr after a report is written to a file."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from advisor.recommendation import Recommendation


def print_summary(console: Console, rec: Recommendation, path: Path) -> None:
    t = rec.totals
    table = Table(title=f"LLM stack for {escape(rec.answers.organisation.name)}", title_justify="left")
    for col in ("use case", "model", "deployment", f"{t.currency}/month", "fallback"):
        table.add_column(col, overflow="fold")
    for r in rec.use_cases:
        if r.primary is None:
            table.add_row(escape(r.name), "none passes the gates", "", "", "")
            continue
        d = r.primary.option.deployment
        cost = "unpriced" if r.monthly_cost is None else f"{r.monthly_cost:,.0f}"
        fallback = r.fallback.option.model.name if r.fallback else "none"
        table.add_row(
            escape(r.name), escape(r.primary.option.model.name), f"{d.mode} ({d.operator}, {d.region})", cost, fallback
        )
    console.print(table)
    verdict = "within" if t.within_budget else "[red]over[/red]"
    console.print(
        f"total {t.currency} {t.monthly_cost:,.0f} a month, {verdict} the budget of {t.currency} {t.budget:,.0f}"
    )
    for warning in rec.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    console.print(f"report written to {escape(str(path))}")
