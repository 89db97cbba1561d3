"""The four figures on the report's cover, for a reader who decides on money: the monthly and the annual
cost against the budget, what one unit of work costs in the largest use case, and the decision required.

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


def unit_cost_card(stack: Sequence[Mapping[str, Any]], cur: str) -> dict[str, str]:
    """What one request (or a thousand, when one costs under a cent) costs in the use case with the most
    requests that has a price."""
    priced = [u for u in stack if u["monthly_cost"] is not None and u["volume"]["requests_per_month"]]
    if not priced:
        return {"value": "n/a", "label": "no use case has a priced recommendation", "tone": "neutral"}
    u = max(priced, key=lambda u: (u["volume"]["requests_per_month"], u["use_case"]))
    requests = u["volume"]["requests_per_month"]
    per_request = u["monthly_cost"] / requests
    # a fraction of a cent reads better per thousand: 'USD 0.47 per 1,000 requests'
    per = ("1,000 requests", 1000) if 0 < per_request < 0.01 else ("request", 1)
    return {
        "value": f"{unit_money(per_request * per[1], cur)} per {per[0]}",
        "label": f"{u['use_case']}, the largest use case ({requests:,} requests a month)",
        "tone": "neutral",
    }


def decision_card(options: Sequence[Mapping[str, Any]], cur: str) -> dict[str, str]:
    if not options:
        return {"value": "n/a", "label": "no stack option to decide on", "tone": "neutral"}
    labels = [o["label"] for o in options]
    value = f"Approve option {labels[0]}" if len(labels) == 1 else f"Choose {_and_or(labels)}"
    label = "; ".join(
        f"{o['label']}: {o['title'][:1].lower()}{o['title'][1:]}, {money(o['monthly_cost'], cur)} a month"
        for o in options
    )
    return {"value": value, "label": label, "tone": "decision"}


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
