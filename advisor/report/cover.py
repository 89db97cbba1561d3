"""The four figures on the report's cover, for a reader who decides on money: the monthly and the annual
cost against the budget, what one unit of work (a summary, a draft, an answer: the use-case kind's own unit,
else a request) costs in the largest use case, and the decision required.

A pure function over the JSON report, like the narrative; the annual figure is twelve times the monthly
figure as printed, so that the two cards agree to the unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.figures import money, unit_money


def _and_or(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def monthly_card(totals: Mapping[str, Any]) -> dict[str, str]:
    cur, total, budget = totals["currency"], totals["monthly_cost"], totals["budget"]
    if not budget:
        return {"value": f"{money(total, cur)} a month", "label": "no budget was given", "tone": "neutral"}
    share = round(total) / budget
    where = "within" if totals["within_budget"] else "over"
    return {
        "value": f"{money(total, cur)} a month",
        "label": f"{share:.0%} of the monthly budget of {money(budget, cur)}: {where} budget",
        "tone": where,
    }


def annual_card(totals: Mapping[str, Any], costs: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Twelve times the monthly figure as printed, and the first year's total with the one-off costs."""
    cur, total, budget = totals["currency"], totals["monthly_cost"], totals["budget"]
    year = 12 * round(total)
    against = f"against {money(12 * budget, cur)} budgeted for the year" if budget else "no budget was given"
    if costs is None:
        rest = "running costs only, before one-off costs such as the pilot"
    else:
        first = costs["months"]["12"]["total"]
        rest = f"running costs only: {money(first, cur)} in the first year with one-off costs and reviews"
    return {"value": f"{money(year, cur)} a year", "label": f"{against}; {rest}", "tone": "neutral"}


def per_unit(u: Mapping[str, Any], cur: str) -> str | None:
    """What one unit of the use case's work costs, in its own unit where its kind names one ('EUR 1.30 per
    summary'), else per request; per thousand when one costs under a cent ('USD 0.47 per 1,000 answers').
    None when the use case has no priced recommendation or no requests."""
    cost = u.get("cost_per_unit")
    if cost is None:
        return None
    unit = u.get("unit") or {"one": "request", "many": "requests"}
    if 0 < cost < 0.01:
        return f"{unit_money(cost * 1000, cur)} per 1,000 {unit['many']}"
    return f"{unit_money(cost, cur)} per {unit['one']}"


def unit_cost_card(stack: Sequence[Mapping[str, Any]], cur: str) -> dict[str, str]:
    """What one unit of work (a summary, a draft, an answer; a request where the kind names none) costs in
    the use case with the most requests that has a price."""
    priced = [u for u in stack if u["monthly_cost"] is not None and u["volume"]["requests_per_month"]]
    if not priced:
        return {"value": "n/a", "label": "no use case has a priced recommendation", "tone": "neutral"}
    u = max(priced, key=lambda u: (u["volume"]["requests_per_month"], u["use_case"]))
    requests = u["volume"]["requests_per_month"]
    unit = u.get("unit") or {"one": "request", "many": "requests"}
    volume = f"{requests:,} {unit['many']} a month"
    return {
        "value": per_unit(u, cur) or "n/a",
        "label": f"{u['use_case']}, the largest use case ({volume})",
        "tone": "neutral",
    }


def decision_card(options: Sequence[Mapping[str, Any]], cur: str) -> dict[str, str]:
    if not options:
        return {"value": "n/a", "label": "no stack option to decide on", "tone": "neutral"}
    labels = [o["label"] for o in options]
    value = f"Approve option {labels[0]}" if len(labels) == 1 else f"Choose {_and_or(labels)}"
    # the titles are in "Decision required", just below: the card gives each option's cost
    label = "; ".join(
        f"{o['label']}{' (the recommendation)' if i == 0 else ''}: {money(o['monthly_cost'], cur)} a month"
        for i, o in enumerate(options)
    )
    if len(options) > 1:
        label += " (what each is: Decision required)"
    return {"value": value, "label": label, "tone": "decision"}


def option_changes(option: Mapping[str, Any], options: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The lines of a whole-stack option that differ from the first option's (the recommendation), so that
    the decision table names only what each other option changes."""
    first = {line["use_case"]: line["option"] for line in options[0]["stack"]} if options else {}
    return [line for line in option["stack"] if first.get(line["use_case"], "") != line["option"]]


def cover_figures(r: Mapping[str, Any]) -> list[dict[str, str]]:
    """The cover's cards, each a value, a label and a tone (within, over, neutral, decision)."""
    totals = r["totals"]
    cur = totals["currency"]
    return [
        monthly_card(totals),
        annual_card(totals, r.get("costs_over_time")),
        unit_cost_card(r["stack"], cur),
        decision_card(r["options"], cur),
    ]
