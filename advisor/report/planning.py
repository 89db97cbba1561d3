"""The money and the calendar around the running costs: the pilot's budget, the one-off costs, the totals over
12 and 36 months, and the roadmap's phases with their owners, dates, pass criteria and budgets.

Pure functions over the JSON report, like the narrative. The one-off figures are planning assumptions, not
catalog facts: they live in the one table below, and the report names each as an assumption for the client
to replace with their own figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from advisor.figures import money

if TYPE_CHECKING:
    from advisor.report.schema import CostPeriod, CostsOverTime, OneOffCost, PhasePlan

# --- planning assumptions ----------------------------------------------------------------------------------
# Rules of thumb, not catalog facts; every report states them as assumptions.
# An engineer-day, internal or contracted, in the report's currency: a senior ML engineer in Germany earns
# about EUR 90,000-120,000 a year, with on-costs of 1.2-1.3 times that over about 200 working days: EUR 540-780
# a day; contractors charge more. Rounded up to EUR 800, and to the usual equivalents in USD and GBP.
DAY_RATE = {"EUR": 800, "USD": 900, "GBP": 700}
GATEWAY_DAYS = 5  # set up the LLM gateway once: routing, keys, logging, cost alerts
EVALUATION_DAYS = 4  # per use case: collect 50 of the client's own cases, rate primary and fallback blind
# per use case, by how its recommendation runs: connecting the application, prompts, tests, monitoring; own
# and dedicated deployments add serving, scaling and failover
INTEGRATION_DAYS = {"shared_api": 10, "dedicated": 15, "self_hosted": 25, "on_prem": 40}
DPIA_DAYS = 8  # per use case with confidential or regulated data: a DPIA (GDPR Art. 35) with the DPO
# per high-risk use case under the EU AI Act: as its provider, the Art. 43 conformity assessment (Annex VI
# internal control: risk management, technical documentation, quality management, registration); as its
# deployer, the Art. 26 duties (human oversight, logs, informing workers) and a fundamental-rights assessment
CONFORMITY_DAYS = {"provider": 60, "deployer": 15}
REVIEW_DAYS = 2  # each quarterly review: re-run the advice, check prices, retirements and the AI Act
PILOT_WEEKS = 6
PILOT_VOLUME_SHARE = 0.10  # the pilot sends a tenth of production volume to each primary and fallback
PILOT_RESERVED_SHARE = 0.25  # reserved GPUs run in office hours only during the pilot: about 40 of 168 hours
COST_TOLERANCE = 0.10  # production passes when the monthly cost is within 10% of the estimate
LOW_LATENCY_P95_SECONDS = 2  # p95 time to a complete answer for a use case that needs low latency
PILOT_CASES = 50  # the client's own cases each primary and fallback are rated on
PILOT_ACCEPTED = 45  # of them, the answers a use case without a fallback must have accepted
HEADROOM = 0.10  # less than this share of the budget left is a budget risk

DAYS_PER_MONTH = 365.25 / 12
OWNERS = ("CIO", "DPO", "procurement", "engineering lead", "business owner")
SENSITIVE = ("confidential", "regulated")
HIGH_RISK = ("high_risk", "prohibited")


def day_rate(currency: str) -> int:
    return DAY_RATE.get(currency, DAY_RATE["EUR"])


def _fixed(option: Mapping[str, Any]) -> bool:
    """Whether an option costs the same whatever the volume: GPUs reserved around the clock."""
    return bool(option["deployment"] != "shared_api")


def pilot_running(data: Mapping[str, Any]) -> dict[str, Any]:
    """What running every primary and fallback for the pilot costs: usage-priced options at a tenth of
    production volume, reserved GPUs in office hours; a reserved deployment several use cases share counted
    once."""
    months = PILOT_WEEKS * 7 / DAYS_PER_MONTH
    seen: dict[tuple[str, str], float] = {}
    for u in data["stack"]:
        for o in (u["primary"], u["fallback"]):
            if o is None or o["monthly_cost"] is None:
                continue
            # usage-priced: each use case's own volume; reserved GPUs: one deployment, whoever uses it
            key = ("", o["option"]) if _fixed(o) else (u["use_case"], o["option"])
            share = PILOT_RESERVED_SHARE if _fixed(o) else PILOT_VOLUME_SHARE
            seen.setdefault(key, o["monthly_cost"] * share * months)
    return {"amount": round(sum(seen.values())), "options": len(seen), "months": months}


def one_off_costs(data: Mapping[str, Any]) -> list[OneOffCost]:
    """Every one-off cost line, each with its phase, the assumption behind it and its amount (whole units)."""
    cur = data["totals"]["currency"]
    rate = day_rate(cur)
    chosen = [u for u in data["stack"] if u["primary"] is not None]
    lines: list[OneOffCost] = []
    running = pilot_running(data)
    lines.append(
        {
            "item": "Pilot running costs",
            "phase": "pilot",
            "days": None,
            "basis": f"{PILOT_WEEKS} weeks at {PILOT_VOLUME_SHARE:.0%} of the volume",
            "amount": running["amount"],
            "assumption": f"{PILOT_WEEKS} weeks of every primary and fallback: usage-priced ones at "
            f"{PILOT_VOLUME_SHARE:.0%} of production volume, reserved GPUs in office hours "
            f"({PILOT_RESERVED_SHARE:.0%} of the hours)",
        }
    )
    set_up = GATEWAY_DAYS + EVALUATION_DAYS * len(chosen)
    lines.append(
        {
            "item": "Pilot set-up and evaluation",
            "phase": "pilot",
            "days": set_up,
            "basis": f"{set_up} engineer-days",
            "amount": set_up * rate,
            "assumption": f"{GATEWAY_DAYS} engineer-days for the gateway and {EVALUATION_DAYS} per use case to "
            f"collect and rate {PILOT_CASES} of your own cases",
        }
    )
    sensitive = [u for u in chosen if u["data_sensitivity"] in SENSITIVE]
    if sensitive:
        days = DPIA_DAYS * len(sensitive)
        lines.append(
            {
                "item": "Data protection impact assessment",
                "phase": "pilot",
                "days": days,
                "basis": f"{days} engineer-days",
                "amount": days * rate,
                "assumption": f"{DPIA_DAYS} days per use case with confidential or regulated data "
                f"({', '.join(u['use_case'] for u in sensitive)}), before real data flows",
            }
        )
    if chosen:
        days = sum(INTEGRATION_DAYS[u["primary"]["deployment"]] for u in chosen)
        per = sorted({(u["primary"]["deployment"], INTEGRATION_DAYS[u["primary"]["deployment"]]) for u in chosen})
        lines.append(
            {
                "item": "Integration",
                "phase": "production",
                "days": days,
                "basis": f"{days} engineer-days",
                "amount": days * rate,
                "assumption": "engineer-days per use case: "
                + ", ".join(f"{n} on {MODE_WORDS[mode]}" for mode, n in per),
            }
        )
    for u in data["stack"]:
        act = u["ai_act"]
        if act["tier"] != "high_risk" or not act_binds(u):  # conditional duties: stated, not counted
            continue
        days = CONFORMITY_DAYS["provider" if act["role"] == "provider" else "deployer"]
        what = (
            "conformity assessment (AI Act Art. 43)"
            if act["role"] == "provider"
            else "deployer's duties (AI Act Art. 26)"
        )
        lines.append(
            {
                "item": f"AI Act {what.split(' (')[0]}: {u['use_case']}",
                "phase": "production",
                "days": days,
                "basis": f"{days} engineer-days",
                "amount": days * rate,
                "assumption": f"{days} days for the {what}, before go-live",
            }
        )
    return lines


IF_REACHED = "if the EU AI Act reaches you (a system offered in the EU, or its output used there)"


def act_binds(u: Mapping[str, Any]) -> bool:
    """Whether the EU AI Act binds this use case for certain; otherwise its duties are conditional (Art. 2(1))
    and the report neither plans nor costs them as binding."""
    return bool(u["ai_act"]["applies"].startswith("yes"))


def _conditional_duties(data: Mapping[str, Any]) -> list[str]:
    """The AI Act work the one-off costs leave out because the Act may not reach the client."""
    cur = data["totals"]["currency"]
    out = []
    for u in data["stack"]:
        act = u["ai_act"]
        if act["tier"] == "high_risk" and not act_binds(u):
            days = CONFORMITY_DAYS["provider" if act["role"] == "provider" else "deployer"]
            out.append(
                f"Not counted: the AI Act duties of {u['use_case']} as its {act['role']} ({days} engineer-days, "
                f"{money(days * day_rate(cur), cur)}), needed only {IF_REACHED}."
            )
    return out


MODE_WORDS = {
    "shared_api": "a shared API",
    "dedicated": "a dedicated deployment",
    "self_hosted": "your cloud",
    "on_prem": "your hardware",
}


def costs_over_time(data: Mapping[str, Any]) -> CostsOverTime:
    """The running costs and the one-off costs over 12 and 36 months, every amount in whole units so that
    the printed figures add up."""
    t = data["totals"]
    cur = t["currency"]
    monthly = round(t["monthly_cost"] or 0)
    review = REVIEW_DAYS * day_rate(cur)
    one_off = one_off_costs(data)
    one_off_total = sum(line["amount"] for line in one_off)
    periods: dict[Literal["12", "36"], CostPeriod] = {}
    for key in ("12", "36"):
        months = int(key)
        running = monthly * months
        reviews = review * (months // 3)
        periods[key] = {
            "running": running,
            "reviews": reviews,
            "one_off": one_off_total,
            "total": running + reviews + one_off_total,
        }
    return {
        "currency": cur,
        "monthly": monthly,
        "day_rate": day_rate(cur),
        "review_per_quarter": review,
        "one_off": one_off,
        "one_off_total": one_off_total,
        "months": periods,
        "pilot_budget": sum(line["amount"] for line in one_off if line["phase"] == "pilot"),
        "assumptions": assumptions(cur) + _conditional_duties(data),
    }


def assumptions(cur: str) -> list[str]:
    """The planning figures behind the one-off costs, as the report states them."""
    rate = money(day_rate(cur), cur)
    return [
        f"An engineer-day costs {rate}, whether your own staff (salary and on-costs) or a contractor.",
        f"Integration: {', '.join(f'{n} engineer-days on {MODE_WORDS[m]}' for m, n in INTEGRATION_DAYS.items())}, "
        "per use case.",
        f"The pilot: {PILOT_WEEKS} weeks, usage-priced options at {PILOT_VOLUME_SHARE:.0%} of production volume, "
        f"reserved GPUs in office hours ({PILOT_RESERVED_SHARE:.0%} of the hours); {GATEWAY_DAYS} engineer-days "
        f"for the gateway and {EVALUATION_DAYS} per use case for the evaluation.",
        f"A data protection impact assessment: {DPIA_DAYS} days per use case with confidential or regulated data.",
        f"A high-risk AI Act use case: {CONFORMITY_DAYS['provider']} days as its provider (conformity assessment), "
        f"{CONFORMITY_DAYS['deployer']} as its deployer.",
        f"A quarterly review: {REVIEW_DAYS} days. Running costs are counted at the full monthly estimate from the "
        "first month, which overstates the months of the pilot and the roll-out.",
    ]


# --- the roadmap --------------------------------------------------------------------------------------------


CASE_WORDS = {
    "content_creation": "texts",
    "customer_support": "conversations",
    "coding_assistant": "coding tasks",
    "document_analysis": "documents",
    "data_extraction": "documents",
    "summarization": "documents",
    "translation": "texts",
    "hr_screening": "applications",
    "credit_scoring": "credit files",
}


def cases_word(u: Mapping[str, Any]) -> str:
    """What the client's own test cases for a use case are: 'documents', 'conversations', 'cases'."""
    return CASE_WORDS.get(u["kind"], "cases")


def pilot_criteria(data: Mapping[str, Any], costs: Mapping[str, Any]) -> list[str]:
    cur = data["totals"]["currency"]
    out = []
    for u in data["stack"]:
        p = u["primary"]
        if p is None:
            continue
        if u["fallback"]:
            test = (
                f"{u['use_case']}: {p['model_name']} scores at least as well as its fallback on {PILOT_CASES} of "
                f"your own {cases_word(u)}, rated blind by the business owner"
            )
        else:
            test = (
                f"{u['use_case']}: {p['model_name']} is rated acceptable on at least {PILOT_ACCEPTED} of {PILOT_CASES} of your "
                f"own {cases_word(u)} by the business owner"
            )
        if u["sensitivity"]["fragile"]:
            test += " (a close call: rate the runner-up too, and take the better)"
        out.append(test + ".")
        if "low_latency" in u["needs"]:
            out.append(
                f"{u['use_case']}: p95 latency under {LOW_LATENCY_P95_SECONDS} s for a complete answer at the expected "
                "peak load."
            )
        elif p["deployment"] in ("self_hosted", "on_prem", "dedicated"):
            out.append(
                f"{u['use_case']}: the reserved deployment answers at twice the average load without queueing "
                "(p95 latency measured and recorded)."
            )
    out.append(
        f"Measured cost per request within {COST_TOLERANCE:.0%} of the estimate for each use case, and pilot "
        f"spending within its budget of {money(costs['pilot_budget'], cur)}."
    )
    sensitive = [u["use_case"] for u in data["stack"] if u["primary"] and u["data_sensitivity"] in SENSITIVE]
    if sensitive:
        out.append(
            f"The DPO has signed off the data protection impact assessment before real data of "
            f"{', '.join(sensitive)} flows."
        )
    return out


def production_criteria(data: Mapping[str, Any]) -> list[str]:
    t = data["totals"]
    cur = t["currency"]
    out = [
        f"Monthly cost within {COST_TOLERANCE:.0%} of the estimate of {money(t['monthly_cost'], cur)} for two "
        "consecutive months.",
        "Each use case switches to its fallback by configuration within 15 minutes in a monthly test.",
        "At least 99.5% of requests answered each month, failovers included.",
    ]
    for u in data["stack"]:
        tier = u["ai_act"]["tier"]
        reached = "" if act_binds(u) else f", {IF_REACHED}"
        if tier == "transparency":
            out.append(
                f"{u['use_case']}: the notice that users are talking to an AI system is live (Art. 50){reached}."
            )
        elif tier in HIGH_RISK:
            out.append(
                f"{u['use_case']}: the AI Act duties are in place and documented before go-live, signed off by the "
                f"DPO{reached}."
            )
    return out


def review_criteria(data: Mapping[str, Any]) -> list[str]:
    t = data["totals"]
    out = [
        "The advice re-run with the current catalog still recommends the stack in use, or a change is planned.",
        "No model in use is within six months of its retirement date without a tested replacement.",
    ]
    if t["budget"]:
        out.append(
            f"Monthly cost within the budget of {money(t['budget'], t['currency'])}, with at least {HEADROOM:.0%} to spare."
        )
    return out


def phase_plan(data: Mapping[str, Any], costs: Mapping[str, Any]) -> dict[str, PhasePlan]:
    """Each phase's owner, start and end (weeks from the start), pass criteria and budget."""
    production_budget = sum(line["amount"] for line in costs["one_off"] if line["phase"] == "production")
    return {
        "Pilot": {
            "owner": "engineering lead",
            "start_week": 1,
            "end_week": PILOT_WEEKS,
            "starts": "week 1",
            "ends": f"end of week {PILOT_WEEKS}",
            "pass_criteria": pilot_criteria(data, costs),
            "budget": costs["pilot_budget"],
            "budget_basis": "running the primaries and fallbacks, set-up and evaluation"
            + (
                ", the data protection impact assessment"
                if any(x["item"].startswith("Data") for x in costs["one_off"])
                else ""
            ),
        },
        "Production": {
            "owner": "CIO",
            "start_week": PILOT_WEEKS + 1,
            "end_week": 17,
            "starts": "month 2 (week 7)",
            "ends": "end of month 4 (week 17)",
            "pass_criteria": production_criteria(data),
            "budget": production_budget,
            "budget_basis": "one-off integration"
            + (" and AI Act duties" if any(x["item"].startswith("AI Act") for x in costs["one_off"]) else "")
            + "; running costs from go-live",
        },
        "Review": {
            "owner": "CIO",
            "start_week": 26,
            "end_week": None,
            "starts": "month 6",
            "ends": "every quarter after",
            "pass_criteria": review_criteria(data),
            "budget": costs["review_per_quarter"],
            "budget_basis": f"{REVIEW_DAYS} engineer-days a quarter",
        },
    }
