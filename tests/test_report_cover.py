"""The cover's figures: the monthly and annual cost against the budget, the cost of one unit of work in the
largest use case (in the unit its kind names: a summary, a draft, an answer), and the decision required, in
the HTML cards and the Markdown's table alike."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from conftest import ROOT

from advisor.figures import money

GOLDEN = ROOT / "tests" / "golden"
EXAMPLE_NAMES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def html_cards(example: str) -> list[tuple[str, str]]:
    html = (GOLDEN / f"{example}.html").read_text(encoding="utf-8")
    figures = html[html.index('<div class="figures">') : html.index("</header>")]
    return re.findall(r'<div class="value">([^<]*)</div>\s*<div class="label">([^<]*)</div>', figures)


def md_cards(example: str) -> list[tuple[str, str]]:
    md = (GOLDEN / f"{example}.md").read_text(encoding="utf-8")
    table = md[md.index("| At a glance |") : md.index("## 1.")]
    return re.findall(r"^\| \*\*(.*?)\*\* \| (.*) \|$", table, flags=re.M)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_the_cover_gives_cost_against_budget_unit_cost_and_the_decision(example):
    import html as html_lib

    r = json.loads((GOLDEN / f"{example}.json").read_text(encoding="utf-8"))
    t, cur = r["totals"], r["totals"]["currency"]
    cards = [(html_lib.unescape(v), html_lib.unescape(label)) for v, label in html_cards(example)]
    assert cards == [(v.replace("\\", ""), label.replace("\\", "")) for v, label in md_cards(example)]
    (month, month_label), (year, year_label), (unit, unit_label), (decision, decision_label) = cards
    # no bare counts ("2", "2 of 2")
    assert not any(re.fullmatch(r"[\d\s]+(of \d+)?", value) for value, _ in cards)
    assert month == f"{money(t['monthly_cost'], cur)} a month" and money(t["budget"], cur) in month_label
    assert ("within budget" if t["within_budget"] else "over budget") in month_label
    # the annual cost is twelve times the monthly cost as printed
    printed_month = Decimal(month.split()[1].replace(",", ""))
    assert year == f"{cur} {12 * printed_month:,} a year" and money(12 * t["budget"], cur) in year_label
    # the cost of one unit of work, in the use case's own unit (a summary, a draft, an answer), in the use
    # case with the most requests
    largest = max(r["stack"], key=lambda u: u["volume"]["requests_per_month"])
    requests, one, many = largest["volume"]["requests_per_month"], largest["unit"]["one"], largest["unit"]["many"]
    assert largest["use_case"] in unit_label and f"{requests:,} {many} a month" in unit_label
    assert unit.endswith((f" per {one}", f" per 1,000 {many}")) and "request" not in unit
    per_request = largest["monthly_cost"] / requests
    shown = Decimal(re.search(r"[\d.,]+", unit).group(0).replace(",", ""))
    expected = per_request * (1000 if f"per 1,000 {many}" in unit else 1)
    assert abs(float(shown) - expected) <= 0.005 + 1e-9  # printed to the cent
    # the decision names every whole-stack option with its cost
    labels = [o["label"] for o in r["options"]]
    assert decision == (
        "Choose " + ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else "Approve option A"
    )
    for i, o in enumerate(r["options"]):
        named = f"{o['label']} (the recommendation): " if i == 0 else f"{o['label']}: "
        assert f"{named}{money(o['monthly_cost'], cur)} a month" in decision_label


def test_a_unit_of_work_is_the_kinds_own_and_a_request_where_the_kind_names_none():
    from advisor.report.cover import per_unit

    summary = {"cost_per_unit": 1.3017, "unit": {"one": "summary", "many": "summaries"}}
    assert per_unit(summary, "EUR") == "EUR 1.30 per summary"
    answer = {"cost_per_unit": 0.000465, "unit": {"one": "answer", "many": "answers"}}
    assert per_unit(answer, "USD") == "USD 0.47 per 1,000 answers"  # under a cent: per thousand
    assert (
        per_unit({"cost_per_unit": 2.0, "unit": {"one": "request", "many": "requests"}}, "EUR")
        == "EUR 2.00 per request"
    )
    assert per_unit({"cost_per_unit": None, "unit": {"one": "draft", "many": "drafts"}}, "EUR") is None
