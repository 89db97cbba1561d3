"""The risk register, the costs over time and the roadmap (issue 17, items 3 and 5): built from the report's
data, each risk with a likelihood, an impact, an owner and a mitigation; one-off costs stated as planning
assumptions; phases with owners, dates from the start, measurable pass criteria and a pilot budget; and the
fallback and the warnings said once."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES

from advisor.figures import money, score, unit_money, weight
from advisor.report import planning
from advisor.report.risks import other_warnings, register

DATE = "2026-11-27"
ROLES = {"CIO", "DPO", "procurement", "engineering lead", "business owner"}
LEVELS = {"low", "medium", "high"}
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))

BANK = Path(__file__).parent / "fixtures" / "bank-eu.yaml"  # an EU bank: regulated credit memos, a copilot, a chat


def _render(path: Any, fmt: str) -> str:
    from advisor.api import load_answers, load_catalog, recommend, render

    catalog = load_catalog()
    rec = recommend(load_answers(path, catalog=catalog), catalog=catalog, date=dt.date.fromisoformat(DATE))
    return render(rec, fmt, catalog=catalog)


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in EXAMPLE_NAMES:
        path = EXAMPLES / f"{name}.yaml"
        out[name] = {
            "json": json.loads(_render(path, "json")),
            "md": _render(path, "md"),
            "html": _render(path, "html"),
        }
    return out


@pytest.fixture(scope="module")
def bank() -> dict[str, Any]:
    return {"json": json.loads(_render(BANK, "json")), "md": _render(BANK, "md")}


def _kinds(data: dict[str, Any]) -> list[str]:
    return [r["kind"] for r in data["risks"]]


# --- the risk register ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_risk_has_a_likelihood_an_impact_a_role_and_a_mitigation(reports, name):
    data = reports[name]["json"]
    assert data["risks"], "every stack has at least the risk of output quality on the client's own documents"
    for risk in data["risks"]:
        assert risk["likelihood"] in LEVELS and risk["impact"] in LEVELS
        assert risk["owner"] in ROLES
        assert risk["mitigation"] and risk["risk"] and risk["title"]
    rank = {"low": 1, "medium": 2, "high": 3}
    severity = [rank[r["likelihood"]] * rank[r["impact"]] for r in data["risks"]]
    assert severity == sorted(severity, reverse=True), "the most serious first"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_output_quality_is_a_risk_of_every_use_case(reports, name):
    data = reports[name]["json"]
    quality = [r for r in data["risks"] if r["kind"] == "output_quality"]
    assert sorted(u for r in quality for u in r["use_cases"]) == sorted(u["use_case"] for u in data["stack"])
    assert all(r["owner"] == "business owner" and "50 of your own" in r["mitigation"] for r in quality)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_register_is_a_table_in_markdown_and_html(reports, name):
    data, md, html = reports[name]["json"], reports[name]["md"], reports[name]["html"]
    section = md[md.index("### Risk register") : md.index("### EU AI Act")]
    assert "| Risk | Likelihood | Impact | Owner | Mitigation |" in section
    rows = [line for line in section.splitlines() if line.startswith("| **")]
    assert len(rows) == len(data["risks"])
    for row, risk in zip(rows, data["risks"], strict=True):
        assert f"| {risk['likelihood']} | {risk['impact']} | {risk['owner']} |" in row
    table = html[html.index('<table class="risks">') : html.index("</table>", html.index('<table class="risks">'))]
    assert "<caption>" in table
    assert table.count('<th scope="col">') == 5
    assert table.count('<th scope="row">') == len(data["risks"])


def test_a_thin_budget_headroom_is_a_risk_for_the_cio(reports):
    data = reports["eu-marketing-hr"]["json"]  # EUR 2,774 of EUR 3,000: 8% to spare
    (budget,) = [r for r in data["risks"] if r["kind"] == "budget"]
    assert budget["owner"] == "CIO"
    assert "EUR 226 (8%)" in budget["risk"] and "less than 10%" in budget["risk"]


def test_over_budget_is_a_risk_that_carries_the_budget_warning(reports):
    data, md = reports["clinic-regulated"]["json"], reports["clinic-regulated"]["md"]
    (budget,) = [r for r in data["risks"] if r["kind"] == "budget"]
    assert budget["likelihood"] == "high" and "EUR 245 over the budget of EUR 2,500" in budget["risk"]
    assert budget["warnings"] == [w for w in data["warnings"] if w.startswith("No stack of compliant options")]
    assert data["risks"][0]["kind"] == "budget", "the most serious first"
    assert "### Other warnings" not in md and "**EUR 245 a month over budget**" in md


def test_several_use_cases_at_one_operator_are_one_concentration_risk_on_the_operator_not_the_maker(reports):
    data = reports["clinic-regulated"]["json"]  # both use cases on Gemma 4 at Scaleway, one deployment
    (risk,) = [r for r in data["risks"] if r["kind"] == "concentration"]
    # Scaleway runs the model; Google made it, with open weights that another operator could run
    assert risk["title"] == "Dependence on Scaleway"
    assert "one outage stops them together" in risk["risk"]
    assert "Gemma 4 26B A4B from Google, has open weights" in risk["risk"]
    assert "runs at Scaleway too" in risk["mitigation"], "the fallback at the same operator is no way out"
    assert "exit terms with Scaleway (" in risk["mitigation"], "with the operator the contract is with"


def test_the_banks_register_has_the_ai_act_the_vendor_origin_and_the_close_call(bank):
    data = bank["json"]
    kinds = _kinds(data)
    assert {"ai_act", "vendor_origin", "output_quality"} <= set(kinds)
    # every use case runs open weights on the bank's own hardware: no operator to depend on, and the maker of
    # open weights is no dependence (its origin is a risk of its own)
    assert "concentration" not in kinds
    (act,) = [r for r in data["risks"] if r["kind"] == "ai_act"]
    assert act["use_cases"] == ["Credit memo drafting"] and act["owner"] == "DPO" and act["impact"] == "high"
    assert "Before go-live" in act["mitigation"] and "Art. 43" in act["mitigation"]
    (origin,) = [r for r in data["risks"] if r["kind"] == "vendor_origin"]
    assert "established in China" in origin["risk"] and origin["owner"] == "procurement"
    # a close call, where there is one, is a likely risk whose mitigation rates the runner-up too
    close_calls = [u["use_case"] for u in data["stack"] if (u.get("robustness") or {}).get("verdict") == "Close call"]
    close = [r for r in data["risks"] if r["kind"] == "output_quality" and "close call" in r["risk"]]
    assert len(close) == len(close_calls)
    assert all(r["likelihood"] == "high" and "runner-up" in r["mitigation"] for r in close)
    # every warning is carried by a risk here, so the Markdown prints none of them twice
    carried = [w for r in data["risks"] for w in r["warnings"]]
    assert sorted(carried) == sorted(data["warnings"])
    assert data["narrative"]["warnings"] == []
    assert "### Other warnings" not in bank["md"]
    assert "established in China" in bank["md"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_warning_is_lost_and_none_is_printed_twice(reports, name):
    data, md = reports[name]["json"], reports[name]["md"]
    carried = {w for r in data["risks"] for w in r["warnings"]}
    assert carried | set(data["narrative"]["warnings"]) == set(data["warnings"])
    assert not carried & set(data["narrative"]["warnings"])
    for w in data["narrative"]["warnings"]:
        assert md.count(w[:60]) == 1


def _with(data: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    change(data)
    data["risks"] = register(data)
    return data


def test_a_retirement_within_the_horizon_is_a_dated_risk(reports):
    def retire(data: dict[str, Any]) -> None:
        data["stack"][0]["primary"]["retires"] = "2027-06-30"
        data["stack"][1]["fallback"]["retires"] = "2031-01-01"  # beyond the 36 months: no risk

    data = _with(reports["eu-marketing-hr"]["json"], retire)
    (risk,) = [r for r in data["risks"] if r["kind"] == "retirement"]
    assert risk["use_cases"] == ["Marketing content"] and risk["likelihood"] == "high"
    assert "retires on 2027-06-30, in month 7" in risk["risk"]
    assert "By 2027-03-31" in risk["mitigation"] and risk["owner"] == "engineering lead"


def test_a_dated_price_is_a_risk_with_the_cost_after_the_change(reports):
    def dated(data: dict[str, Any]) -> None:
        data["stack"][0]["primary"]["price_change"] = {
            "until": "2026-11-30",
            "currency": "USD",
            "input": 2.0,
            "output": 10.0,
            "next_from": "2026-12-01",
            "next_currency": "USD",
            "next_input": 4.0,
            "next_output": 20.0,
        }

    data = _with(reports["eu-marketing-hr"]["json"], dated)
    (risk,) = [r for r in data["risks"] if r["kind"] == "price_change"]
    cost = data["stack"][0]["monthly_cost"]
    assert f"about {money(2 * cost, 'EUR')} a month instead of {money(cost, 'EUR')}" in risk["risk"]
    assert risk["owner"] == "procurement" and "2026-12-01" in risk["mitigation"]


def test_sensitive_data_on_a_shared_api_lists_the_conditions_to_arrange(reports):
    def confidential(data: dict[str, Any]) -> None:
        data["stack"][0]["data_sensitivity"] = "confidential"

    data = _with(reports["eu-marketing-hr"]["json"], confidential)
    (risk,) = [r for r in data["risks"] if r["kind"] == "shared_api"]
    assert risk["owner"] == "DPO"
    for condition in ("data processing agreement", "zero retention", "processing in the EU", "impact assessment"):
        assert condition in risk["mitigation"]


def test_the_summary_names_the_three_biggest_risks(reports):
    data = reports["eu-marketing-hr"]["json"]
    watch = next(p for p in data["narrative"]["summary"] if p.startswith("Watch:"))
    assert "the three biggest risks in the register are" in watch
    for risk in data["risks"][:3]:
        assert risk["title"][1:] in watch


def test_other_warnings_keeps_the_order_of_the_json(reports):
    data = copy.deepcopy(reports["clinic-regulated"]["json"])
    data["warnings"] = ["first", *data["warnings"], "last"]
    assert other_warnings(data) == ["first", "last"]


# --- costs over time -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_12_and_36_month_totals_add_up_and_include_one_off_costs(reports, name):
    data = reports[name]["json"]
    c = data["costs_over_time"]
    assert c["monthly"] == round(data["totals"]["monthly_cost"])
    assert c["one_off_total"] == sum(line["amount"] for line in c["one_off"]) > 0
    for months in (12, 36):
        period = c["months"][str(months)]
        assert period["running"] == months * c["monthly"]
        assert period["total"] == period["running"] + period["reviews"] + c["one_off_total"]
    items = [line["item"] for line in c["one_off"]]
    assert items[:2] == ["Pilot running costs", "Pilot set-up and evaluation"] and "Integration" in items
    sensitive = any(u["data_sensitivity"] in ("confidential", "regulated") for u in data["stack"])
    assert ("Data protection impact assessment" in items) == sensitive
    md = reports[name]["md"]
    section = md[md.index("### Costs over time") : md.index("## 5.")]
    cur = data["totals"]["currency"]
    assert f"**{money(c['months']['12']['total'], cur)}**" in section
    assert f"**{money(c['months']['36']['total'], cur)}**" in section
    assert section.count("(assumption)") == len(c["one_off"]) + 1
    appendix = md[md.index("## 7.") : md.index("## 8.")]
    planned = appendix[appendix.index("### Planning assumptions") :].split("\n### ")[0]
    assert planned.count("\n- ") == len(c["assumptions"])
    assert f"An engineer-day costs {money(planning.day_rate(cur), cur)}" in appendix


def test_a_high_risk_use_case_adds_its_conformity_assessment(bank):
    c = bank["json"]["costs_over_time"]
    (line,) = [x for x in c["one_off"] if x["item"].startswith("AI Act")]
    assert line["days"] == planning.CONFORMITY_DAYS["provider"] and line["phase"] == "production"
    assert line["amount"] == line["days"] * planning.DAY_RATE["EUR"]


def test_the_pilot_runs_primaries_and_fallbacks_at_a_fraction_of_their_monthly_cost(reports):
    data = reports["startup-support-bot"]["json"]  # shared APIs only: a tenth of the volume for six weeks
    # the same shared API serves both use cases, each at its own volume
    costs = [o["monthly_cost"] for u in data["stack"] for o in (u["primary"], u["fallback"]) if o]
    assert len(costs) == 4
    months = planning.PILOT_WEEKS * 7 / planning.DAYS_PER_MONTH
    expected = round(sum(costs) * planning.PILOT_VOLUME_SHARE * months)
    running = data["costs_over_time"]["one_off"][0]
    assert running["amount"] == expected


# --- the roadmap ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_phase_has_an_owner_dates_from_the_start_pass_criteria_and_a_budget(reports, name):
    data = reports[name]["json"]
    phases = {p["phase"]: p for p in data["narrative"]["roadmap"]}
    assert list(phases) == ["Pilot", "Production", "Review"]
    assert all(p["owner"] in ROLES and p["pass_criteria"] for p in phases.values())
    assert (phases["Pilot"]["start_week"], phases["Pilot"]["end_week"]) == (1, 6)
    assert (phases["Production"]["start_week"], phases["Production"]["end_week"]) == (7, 17)
    assert phases["Review"]["end_week"] is None
    c = data["costs_over_time"]
    assert (
        phases["Pilot"]["budget"]
        == c["pilot_budget"]
        == sum(line["amount"] for line in c["one_off"] if line["phase"] == "pilot")
    )
    pilot = " ".join(phases["Pilot"]["pass_criteria"])
    for u in data["stack"]:
        assert f"{u['use_case']}: {u['primary']['model_name']} scores at least as well as its fallback on 50" in pilot
    assert "within 10% of the estimate" in pilot
    assert "within 10% of the estimate" in " ".join(phases["Production"]["pass_criteria"])
    md = reports[name]["md"]
    cur = data["totals"]["currency"]
    roadmap = md[md.index("## 6. Roadmap") : md.index("## 7.")]
    assert "| Phase | Starts | Ends | Owner | Budget |" in roadmap
    assert f"| Pilot | week 1 | end of week 6 | engineering lead | {money(c['pilot_budget'], cur)} |" in roadmap
    assert roadmap.count("Pass criteria:") == 3
    summary = md[md.index("## 1.") : md.index("## 2.")]
    assert f"pilot budget of {money(c['pilot_budget'], cur)}" in summary


def test_a_low_latency_use_case_has_a_latency_criterion(reports):
    data = reports["startup-support-bot"]["json"]
    pilot = data["narrative"]["roadmap"][0]["pass_criteria"]
    assert f"Support chatbot: p95 latency under {planning.LOW_LATENCY_P95_SECONDS} s" in " ".join(pilot)
    assert not any(c.startswith("Ticket summaries: p95") for c in pilot)


def test_regulated_data_waits_for_the_dpo(reports):
    pilot = reports["eu-marketing-hr"]["json"]["narrative"]["roadmap"][0]["pass_criteria"]
    assert any("DPO has signed off the data protection impact assessment" in c for c in pilot)


# --- said once -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_fallback_is_described_once_per_use_case(reports, name):
    data, md = reports[name]["json"], reports[name]["md"]
    body = md[: md.index("## 7.")]
    assert body.count("**Fallback:**") == sum(1 for u in data["stack"] if u["primary"])
    assert "against the primary" not in md
    lock_in = md[md.index("### Avoiding lock-in") :].split("\n### ")[0]
    roadmap = md[md.index("## 6.") : md.index("## 7.")]
    for u in data["stack"]:
        if u["fallback"]:
            assert u["fallback"]["label"] not in lock_in
            assert u["fallback"]["label"] not in roadmap
    assert body.count("Options excluded") == 0, "the exclusions are in the appendix"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_two_use_cases_stay_short_before_the_appendix(reports, name):
    md = reports[name]["md"]
    before = md[: md.index("## 7.")].count("\n")
    assert before <= 200, before
    assert re.search(r"\n---\n\n## 7\. Appendix", md), "a visible divider before the appendix"


def test_the_new_sections_are_blocks_a_template_can_override(cli, tmp_path):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for fmt in ("md", "html"):
        template = (ROOT / "templates" / f"report.{fmt}.j2").read_text(encoding="utf-8")
        for block in ("costs_over_time", "risk_register", "planning_assumptions", "exclusions"):
            assert f"{{% block {block} %}}" in template
            assert f"`{block}`" in readme
    (tmp_path / "report.md.j2").write_text(
        '{% extends "default:report.md.j2" %}{% block risk_register %}OUR OWN REGISTER\n{% endblock %}'
    )
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--date", DATE, "--templates", str(tmp_path))
    assert run.code == 0, run.err
    assert "OUR OWN REGISTER" in run.out and "### Risk register" not in run.out
    assert "### Costs over time" in run.out


def test_an_option_view_carries_the_end_of_its_price_and_the_price_after(catalog):
    """Gemini 4 Argon's launch price runs until 2026-11-30; the JSON report says so, and what follows."""
    from advisor.engine.options import from_offer, on_date
    from advisor.report.render import price_change

    day = dt.date.fromisoformat(DATE)
    dated = [o for o in catalog.offers.values() if any(p.valid_until for p in o.periods)]
    assert dated, "the catalog has dated prices"
    for offer in dated:
        option = from_offer(catalog.models[offer.model], on_date(offer, day))
        change = price_change(option, day)
        current = offer.price_on(day)
        assert change is not None and current is not None
        assert change["until"] == current.valid_until.isoformat()
        after = [p for p in offer.periods if p.valid_from and p.valid_from > current.valid_until]
        assert change["next_from"] == (after[0].valid_from.isoformat() if after else None)
        if after:
            assert (change["next_input"], change["next_output"]) == (after[0].input, after[0].output)


def test_a_use_case_without_a_fallback_is_rated_on_its_own(reports):
    def alone(data: dict[str, Any]) -> None:
        data["stack"][0]["fallback"] = None

    data = _with(reports["eu-marketing-hr"]["json"], alone)
    (risk,) = [r for r in data["risks"] if r["kind"] == "output_quality" and r["use_cases"] == ["Marketing content"]]
    assert "fallback" not in risk["mitigation"]
    assert f"accepts at least {planning.PILOT_ACCEPTED}" in risk["mitigation"]
    criteria = planning.pilot_criteria(data, data["costs_over_time"])
    assert any(
        c.startswith("Marketing content: Claude Sonnet 5.5 is rated acceptable on at least 45 of 50") for c in criteria
    )


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_cover_gives_the_first_year_with_one_off_costs(reports, name):
    data, md = reports[name]["json"], reports[name]["md"]
    cur = data["totals"]["currency"]
    first_year = money(data["costs_over_time"]["months"]["12"]["total"], cur)
    cover = md[: md.index("## 1.")]
    assert f"{first_year} in the first year with one-off costs and reviews" in cover


def _use_case_sections(md: str) -> list[str]:
    body = md[md.index("## 3.") : md.index("## 4.")]
    return body.split("\n### 3.")[1:]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_use_case_says_what_won_why_what_it_beat_its_cost_and_its_fallback_once(reports, name):
    data, md = reports[name]["json"], reports[name]["md"]
    cur = data["totals"]["currency"]
    for u, section in zip(data["stack"], _use_case_sections(md), strict=True):
        p = u["primary"]
        why = section[section.index("#### Why") :].split("\n\n", 2)[1]
        # the score is on the card line, not again in the bullets; the gap to the best other model once
        assert section.count(f"score {score(p['score'])}") == 1
        gaps = [line for line in why.splitlines() if "the best other model" in line]
        assert len(gaps) == 1, why
        # the cost: the use case's own (its share of a shared deployment), said on the card line, and how it
        # is reckoned in one bullet that does not print another monthly figure
        assert section.count(f"{money(u['monthly_cost'], cur)} a month") >= 1
        cost = [line for line in why.splitlines() if line.startswith("- Cost: ")]
        assert len(cost) == 1 and p["cost_basis"] in cost[0]
        if not u["shared_with"]:
            assert "a month" not in cost[0]
        assert section.count("**Fallback:**") == 1


def test_a_public_data_use_case_shows_the_weights_it_really_used_and_why(reports):
    data, md = reports["eu-marketing-hr"]["json"], reports["eu-marketing-hr"]["md"]
    marketing, hr = data["stack"]
    assert marketing["data_sensitivity"] == "public" and marketing["weights"]["privacy"] == 0
    note = marketing["weights_used"]
    changed = {c["criterion"]: c for c in note["changes"]}
    assert changed["privacy"]["used"] == 0 and changed["privacy"]["organisation"] == data["weights"]["privacy"]
    assert "for public data every option scores the same on privacy and control" in note["text"]
    # the figures in the sentence are the weights the use case was scored with, beside the organisation's
    quality = f"quality fit {weight(marketing['weights']['quality'])} (yours {weight(data['weights']['quality'])})"
    assert quality in note["text"]
    # the robustness line moves those weights, so it and the note agree
    flip = marketing["sensitivity"]["flips"][0]
    assert weight(flip["weight"]) == weight(marketing["weights"][flip["criterion"]])
    marketing_section, hr_section = _use_case_sections(md)
    assert note["text"] in marketing_section
    # a use case scored with the organisation's weights says nothing about them
    assert hr["weights_used"] is None and "Weights used here" not in hr_section
    method = md[md.index("## 8. Method") :]
    assert "Marketing content used other weights" in method


def test_a_criterion_on_which_every_passing_option_ties_is_named_as_not_weighted(reports):
    data = reports["clinic-regulated"]["json"]
    letters = data["stack"][0]  # regulated data: only single-tenant deployments pass, alike on privacy
    assert letters["data_sensitivity"] == "regulated" and letters["weights"]["privacy"] == 0
    text = letters["weights_used"]["text"]
    assert "every option that passes the gates scores about the same on privacy and control" in text
    assert "not weighted" in text


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_close_call_is_a_likely_risk_that_rates_the_runner_up(reports, name):
    data = reports[name]["json"]
    close_calls = [u["use_case"] for u in data["stack"] if (u.get("robustness") or {}).get("verdict") == "Close call"]
    close = [r for r in data["risks"] if r["kind"] == "output_quality" and "close call" in r["risk"]]
    assert sorted(u for r in close for u in r["use_cases"]) == sorted(close_calls)
    assert all(r["likelihood"] == "high" and "runner-up" in r["mitigation"] for r in close)


def test_an_option_not_chosen_on_score_names_what_scores_higher_and_is_not_said_to_have_won(reports):
    # the clinic's public leaflets join the letters' reserved deployment, though a shared API scores higher
    data, md = reports["clinic-regulated"]["json"], reports["clinic-regulated"]["md"]
    leaflets = data["stack"][1]
    assert leaflets["robustness"]["verdict"] == "Not chosen on score" and leaflets["sensitivity"]["ahead"]
    ahead = next(a["label"] for a in leaflets["alternatives"] if a["option"] == leaflets["sensitivity"]["ahead"])
    section = _use_case_sections(md)[1]
    assert f"#### Why {leaflets['primary']['model_name']} is recommended" in section and " won\n" not in section
    (risk,) = [r for r in data["risks"] if r["kind"] == "output_quality" and r["use_cases"] == [leaflets["use_case"]]]
    assert f"{ahead} scores higher on your weights" in risk["risk"] and "close call" not in risk["risk"]
    assert f"rate {ahead} too" in risk["mitigation"] and risk["likelihood"] == "high"


@pytest.mark.parametrize(
    ("unit", "one", "many"),
    [
        ("letter", "letter", "letters"),
        ("summary", "summary", "summaries"),
        ("box", "box", "boxes"),
        ("day", "day", "days"),
        ("analysis/analyses", "analysis", "analyses"),
    ],
)
def test_the_answers_name_the_unit_of_work_and_its_plural(unit, one, many):
    from advisor.wording import unit_names

    assert unit_names(unit) == (one, many)


def test_a_unit_named_in_the_answers_is_the_reports_unit_of_work(reports):
    data, md = reports["clinic-regulated"]["json"], reports["clinic-regulated"]["md"]
    letters = data["stack"][0]
    assert letters["unit"] == {"one": "letter", "many": "letters"}
    assert f"{unit_money(letters['cost_per_unit'], 'EUR')} per letter" in md and "2,000 letters a month" in md


def test_a_malformed_unit_is_refused_with_its_place(tmp_path, cli):
    answers = tmp_path / "a.yaml"
    answers.write_text((EXAMPLES / "clinic-regulated.yaml").read_text().replace("unit: leaflet", "unit: a/b/c"))
    run = cli("recommend", str(answers))
    assert run.code == 1 and "use_cases.1.unit" in run.err and "singular/plural" in run.err
