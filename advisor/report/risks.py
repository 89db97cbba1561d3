"""The risk register: one row per real risk of the recommended stack, each with its likelihood, impact, owner
(a role) and mitigation, built from the report's data: vendor concentration, the vendor's country, retirement
dates and dated prices within the report's horizon, output quality on the client's own documents, the budget,
high-risk AI Act uses and sensitive data on shared APIs.

A pure function over the JSON report, like the narrative. Each risk names the warnings of the JSON report it
carries, so that the Markdown and HTML reports print every warning once: in the register, or in the list
of the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor.engine.choices import data_law
from advisor.engine.stack import ORIGIN_REVIEW
from advisor.figures import fit as quality_fit
from advisor.figures import money, money_between, score
from advisor.report.planning import HEADROOM, HIGH_RISK, PILOT_ACCEPTED, PILOT_CASES, SENSITIVE, cases_word
from advisor.wording import region_phrase

if TYPE_CHECKING:
    from advisor.report.schema import Level, Owner, Risk, RiskKind

HORIZON_MONTHS = 36  # the longest period the report's costs cover
LEVELS: tuple[Level, ...] = ("low", "medium", "high")


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _risk(
    kind: RiskKind,
    title: str,
    risk: str,
    use_cases: list[str],
    likelihood: Level,
    impact: Level,
    owner: Owner,
    mitigation: str,
    warnings: Sequence[str] = (),
) -> Risk:
    return {
        "kind": kind,
        "title": title,
        "risk": risk,
        "use_cases": use_cases,
        "likelihood": likelihood,
        "impact": impact,
        "owner": owner,
        "mitigation": mitigation,
        "warnings": list(warnings),
    }


def _months_after(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _concentration(data: Mapping[str, Any]) -> list[Risk]:
    """Several use cases on one vendor's models, or at one operator: one row per group of use cases (a vendor
    and an operator serving the same use cases share a row)."""
    chosen = [u for u in data["stack"] if u["primary"]]
    if len(chosen) < 2:
        return []
    groups: dict[tuple[str, ...], dict[str, str]] = {}
    for key in ("vendor", "operator"):
        by: dict[str, list[str]] = {}
        for u in chosen:
            p = u["primary"]
            # the stack depends on whoever runs a model (its contract, its infrastructure), and on the maker of
            # a closed model only: open weights can be run elsewhere, so their maker is no dependence
            if p[key] != "self" and (key == "operator" or p["weights"] == "closed" or p["operator"] == p["vendor"]):
                by.setdefault(p[key], []).append(u["use_case"])
        for ident, names in by.items():
            if len(names) >= 2:
                name = next(u["primary"][f"{key}_name"] for u in chosen if u["primary"][key] == ident)
                groups.setdefault(tuple(names), {}).setdefault(key, name)
    out = []
    for together, who in groups.items():
        names = list(together)
        group = [u for u in chosen if u["use_case"] in names]
        vendor, operator = who.get("vendor"), who.get("operator")
        if vendor and operator and vendor != operator:
            where, title = f"use models from {vendor}, run at {operator}", f"{vendor} and {operator}"
        elif vendor:
            where, title = f"use models from {vendor}", vendor
        else:
            where, title = f"run at {operator}", str(operator)
        risk = f"{_and(names)} {'both' if len(names) == 2 else 'all'} {where}"
        if len({u["primary"]["option"] for u in group}) == 1 and group[0]["primary"]["deployment"] != "shared_api":
            risk += "; one deployment serves them, so one outage stops them together"
        risk += _open_makers(group, operator)
        without = [u["use_case"] for u in group if u["fallback"] is None]
        same_operator = [
            u["use_case"]
            for u in group
            if operator and u["fallback"] and u["fallback"]["operator"] == u["primary"]["operator"]
        ]
        mitigation = (
            "Keep each use case's fallback from another vendor configured in the gateway and test the switch monthly"
        )
        if same_operator:
            mitigation += (
                f"; the fallback of {_and(same_operator)} runs at {operator} too: prefer one at another operator"
            )
        if without:
            mitigation += f"; {_and(without)} has no fallback from another vendor yet"
        mitigation += f". Procurement: exit terms with {operator or vendor} (notice of changes, data export)."
        out.append(
            _risk(
                "concentration",
                f"Dependence on {title}",
                risk + ".",
                names,
                "medium" if without or same_operator else "low",
                "high" if len(group) == len(chosen) else "medium",
                "CIO",
                mitigation,
            )
        )
    return out


def _open_makers(group: Sequence[Mapping[str, Any]], operator: str | None) -> str:
    """The makers of the open-weight models an operator runs for the group: a separate point from the
    dependence, since the weights are open and another operator, or you, could run them."""
    if operator is None:
        return ""
    makers: dict[str, list[str]] = {}
    for u in group:
        p = u["primary"]
        if p["weights"] == "open" and p["vendor"] != p["operator"]:
            models = makers.setdefault(p["vendor_name"], [])
            if p["model_name"] not in models:
                models.append(p["model_name"])
    if not makers:
        return ""
    made = _and([f"{_and(models)} from {maker}" for maker, models in makers.items()])
    if sum(map(len, makers.values())) == 1:
        return f"; the model, {made}, has open weights, so another operator could run it"
    return f"; the models, {made}, have open weights, so another operator could run them"


def _origin(data: Mapping[str, Any]) -> list[Risk]:
    """A model from a vendor established where ORIGIN_REVIEW says, recommended or a fallback: the engine's
    warning is the risk, as it is."""
    out = []
    seen = set()
    for role in ("primary", "fallback"):
        for u in data["stack"]:
            p = u[role]
            if p is None or p["model"] in seen or p["vendor_jurisdiction"] not in ORIGIN_REVIEW:
                continue
            seen.add(p["model"])
            country = ORIGIN_REVIEW[p["vendor_jurisdiction"]]
            users = [x["use_case"] for x in data["stack"] if x[role] and x[role]["model"] == p["model"]]
            prefix = p["model_name"] if role == "primary" else f"{p['model_name']}, the fallback of {_and(users)},"
            start = f"{prefix} comes from {p['vendor_name']}, established in {country}; "
            warning = next((w for w in data["warnings"] if w.startswith(start)), None)
            if warning is None:  # the engine flags every such model; without its warning there is no sentence
                continue
            out.append(
                _risk(
                    "vendor_origin",
                    f"{p['model_name']}{'' if role == 'primary' else ' (a fallback)'} from a vendor in {country}",
                    warning,
                    users,
                    "medium" if role == "primary" else "low",
                    "high" if p["operator"] == p["vendor"] else "medium",
                    "procurement",
                    "Record the choice and its reasons; check your procurement and outsourcing policies before the "
                    + (
                        "pilot; keep the fallback from another vendor ready in case the review says no."
                        if role == "primary"
                        else "pilot; if the review says no, choose another fallback among the alternatives listed."
                    ),
                    [warning],
                )
            )
    return out


def _retirements(data: Mapping[str, Any]) -> list[Risk]:
    today = dt.date.fromisoformat(data["generated"])
    out = []
    seen = set()
    for u in data["stack"]:
        for role, o in (("primary", u["primary"]), ("fallback", u["fallback"])):
            if o is None or not o["retires"]:
                continue
            when = dt.date.fromisoformat(o["retires"])
            months = _months_after(today, when)
            if months > HORIZON_MONTHS or (o["option"], u["use_case"]) in seen:
                continue
            seen.add((o["option"], u["use_case"]))
            plan = when - dt.timedelta(days=91)
            has_fallback = role == "primary" and u["fallback"] is not None
            out.append(
                _risk(
                    "retirement",
                    f"{o['model_name']} retires on {when.isoformat()}",
                    f"{o['label']}, the {'recommendation' if role == 'primary' else 'fallback'} for {u['use_case']}, "
                    f"retires on {when.isoformat()}, in month {max(months, 1)} of the {HORIZON_MONTHS} this report's "
                    "costs cover.",
                    [u["use_case"]],
                    "high",
                    "low" if role == "fallback" else ("medium" if has_fallback else "high"),
                    "engineering lead",
                    f"By {plan.isoformat()}, three months ahead: re-run this advice, rate the successor on your "
                    "evaluation set, and switch in the gateway.",
                )
            )
    return out


def _price_changes(data: Mapping[str, Any]) -> list[Risk]:
    today = dt.date.fromisoformat(data["generated"])
    t = data["totals"]
    cur = t["currency"]
    out = []
    for u in data["stack"]:
        o = u["primary"]
        change = o["price_change"] if o else None
        if o is None or change is None:
            continue
        until = dt.date.fromisoformat(change["until"])
        if _months_after(today, until) > HORIZON_MONTHS:
            continue
        v = u["volume"]
        cost = u["monthly_cost"] or 0
        after = None
        if (
            change["next_input"] is not None
            and change["input"]
            and change["output"]
            and change["next_output"] is not None
        ):
            now = v["requests_per_month"] * (
                v["input_tokens"] * change["input"] + v["output_tokens"] * change["output"]
            )
            then = v["requests_per_month"] * (
                v["input_tokens"] * change["next_input"] + v["output_tokens"] * change["next_output"]
            )
            after = cost * then / now if now else None
        if after is not None:
            rise = after - cost
            what = (
                f"its price changes on {change['next_from']}: about {money(after, cur)} a month instead of "
                f"{money(cost, cur)} at this volume"
            )
            share = rise / t["budget"] if t["budget"] else 1.0
            impact: Level = "low" if share < 0.01 else ("medium" if share < HEADROOM else "high")
            mitigation = (
                f"Budget the new price from {change['next_from']}; ask {o['operator_name']} for a committed-use rate, "
                "or compare the alternatives again before then."
            )
        else:
            what = "no price after that date is published"
            impact = "medium"
            mitigation = f"Ask {o['operator_name']} for the price after {change['until']} before relying on it."
        out.append(
            _risk(
                "price_change",
                f"The price of {o['model_name']} changes after {change['until']}",
                f"The price of {o['label']} for {u['use_case']} is in force until {change['until']}; {what}.",
                [u["use_case"]],
                "high",
                impact,
                "procurement",
                mitigation,
            )
        )
    return out


def _named_option(u: Mapping[str, Any], option: str | None) -> str | None:
    """The reader's name of an option the use case's section shows (its fallback or an alternative)."""
    if option is None:
        return None
    shown = [o for o in (u["fallback"], *u["alternatives"]) if o]
    return next((o["label"] for o in shown if o["option"] == option), "another model")


def _quality(data: Mapping[str, Any]) -> list[Risk]:
    out = []
    for u in data["stack"]:
        p = u["primary"]
        if p is None:
            continue
        fit = p["values"]["quality"]
        # the option closest in score, ahead or behind (a primary chosen to fit the budget may trail one)
        nearest = min((abs(c["behind"]) for c in u.get("comparisons") or []), default=None)
        ahead = _named_option(u, u["sensitivity"].get("ahead"))  # chosen for the budget or a shared deployment
        close = u["sensitivity"]["fragile"] and ahead is None
        near = nearest is not None and nearest < 0.02
        likelihood: Level = "high" if close or ahead else ("medium" if fit < 0.7 or near else "low")
        impact: Level = (
            "high"
            if u["data_sensitivity"] in SENSITIVE or u["ai_act"]["tier"] in (*HIGH_RISK, "transparency")
            else "medium"
        )
        risk = (
            f"{p['model_name']} may do less well on your own {cases_word(u)} than its published ratings "
            f"suggest (quality fit {quality_fit(fit)} of 1)"
        )
        if ahead is not None:
            risk += f"; {ahead} scores higher on your weights: {p['model_name']} was chosen for the budget or a shared deployment"
        elif close:
            risk += "; the choice is a close call"
        elif near and nearest is not None:
            risk += (
                "; another option scores as well, to three places"
                if nearest == 0
                else f"; another option scores within {score(nearest)} of it"
            )
        covered = [w for w in data["warnings"] if w.startswith(f"{u['use_case']}: the choice is fragile")]
        if u["fallback"]:
            mitigation = (
                f"In the pilot, rate it against its fallback on {PILOT_CASES} of your own {cases_word(u)}; go live "
                "only if it scores at least as well"
            )
        else:
            mitigation = (
                f"In the pilot, rate it on {PILOT_CASES} of your own {cases_word(u)}; go live only if the business "
                f"owner accepts at least {PILOT_ACCEPTED}"
            )
        if close:
            mitigation += ", and rate the runner-up too"
        elif ahead is not None:
            mitigation += f", and rate {ahead} too: if it does better, its score may be worth its cost"
        out.append(
            _risk(
                "output_quality",
                f"Output quality on your own {cases_word(u)} for {u['use_case']}",
                risk + ".",
                [u["use_case"]],
                likelihood,
                impact,
                "business owner",
                mitigation + ".",
                covered,
            )
        )
    return out


BUDGET_WARNINGS = ("No stack of compliant options fits the budget", "The stack costs ")


def _budget(data: Mapping[str, Any]) -> list[Risk]:
    t = data["totals"]
    cur, total, budget = t["currency"], t["monthly_cost"], t["budget"]
    if not budget or total is None:
        return []
    covered = [w for w in data["warnings"] if w.startswith(BUDGET_WARNINGS)]
    names = [u["use_case"] for u in data["stack"] if u["primary"]]
    if not t["within_budget"]:
        over = money_between(total, budget, cur)
        mitigation = (
            f"Decide between the options {_and([o['label'] for o in data['options']])} in the executive summary"
            if data["options"]
            else "Raise the budget or change an answer"
        )
        if t["swaps"] and t["swaps_bring_within_budget"]:
            mitigation = "Take the savings listed in the cost section, or " + mitigation[0].lower() + mitigation[1:]
        return [
            _risk(
                "budget",
                f"{over} a month over budget",
                f"The stack costs {money(total, cur)} a month, {over} over the budget of {money(budget, cur)}.",
                names,
                "high",
                "high" if not t["feasible"] else "medium",
                "CIO",
                mitigation + " before the pilot.",
                covered,
            )
        ]
    spare = round(budget) - round(total)
    if spare >= HEADROOM * budget:
        return []
    usage = [u for u in data["stack"] if u["primary"] and u["primary"]["deployment"] == "shared_api"]
    usage_cost = sum(u["monthly_cost"] or 0 for u in usage)
    if usage_cost > 0:
        growth = 1 + spare / usage_cost
        growth_text = (
            f"; the volume of {_and([u['use_case'] for u in usage])}, priced by use, could grow "
            + (f"by {growth - 1:.0%}" if growth < 2 else f"{growth:.1f}-fold")
            + " before the budget is used up"
        )
    else:
        growth_text = "; the reserved deployments cost the same whatever the volume"
    return [
        _risk(
            "budget",
            f"Only {spare / budget:.0%} of the budget to spare",
            f"The stack leaves {money_between(budget, total, cur)} ({spare / budget:.0%}) of the monthly budget of "
            f"{money(budget, cur)} to spare, less than {HEADROOM:.0%}{growth_text}.",
            names,
            "medium" if usage_cost > 0 else "low",
            "medium",
            "CIO",
            "Alert at 80% of the budget in the gateway, and cap usage-priced use cases with rate limits; any price "
            "rise or new use case needs a budget decision.",
            covered,
        )
    ]


def _ai_act(data: Mapping[str, Any]) -> list[Risk]:
    out = []
    for u in data["stack"]:
        act = u["ai_act"]
        if act["tier"] not in HIGH_RISK:
            continue
        covered = [w for w in data["warnings"] if w.startswith(f"{u['use_case']}: high-risk under the EU AI Act")]
        conditional = not act["applies"].startswith("yes")
        duties = "; ".join(act["duties"][:3]) if act["duties"] else "the duties of your role"
        out.append(
            _risk(
                "ai_act",
                f"High-risk AI Act duties for {u['use_case']}",
                f"{u['use_case']} is high-risk under the EU AI Act ({act['reference']}); you are its {act['role']}"
                + (" if the Act reaches you" if conditional else "")
                + ", with duties before go-live.",
                [u["use_case"]],
                "medium" if conditional else "high",
                "high",
                "DPO",
                f"Before go-live: {duties}.",
                covered,
            )
        )
    return out


def _shared_api(data: Mapping[str, Any]) -> list[Risk]:
    jurisdiction = data["answers"]["organisation"]["jurisdiction"]
    out = []
    for u in data["stack"]:
        p = u["primary"]
        if p is None or p["deployment"] != "shared_api" or u["data_sensitivity"] not in SENSITIVE:
            continue
        contract, assessment = data_law(jurisdiction)
        arrange = [f"{contract} with {p['operator_name']}"]
        if p["retention_days"] != 0:
            arrange.append(
                "zero retention, confirmed in writing" if p["zero_retention"] else "the shortest retention on offer"
            )
        if p["trains_on_data"]:
            arrange.append("an opt-out from training on your data")
        if p["region"] != jurisdiction:
            arrange.append(f"processing in {region_phrase(jurisdiction)}")
        arrange.append(assessment)
        out.append(
            _risk(
                "shared_api",
                f"{u['data_sensitivity'].capitalize()} data of {u['use_case']} on a shared API",
                f"{u['use_case']} sends {u['data_sensitivity']} data to a shared API ({p['label']}): lawful only "
                "under the conditions to arrange.",
                [u["use_case"]],
                "medium",
                "high",
                "DPO",
                f"Before real data flows: {_and(arrange)}.",
            )
        )
    return out


def register(data: Mapping[str, Any]) -> list[Risk]:
    """Every risk of the stack, the most serious first (likelihood times impact, then the order found)."""
    risks = [
        *_budget(data),
        *_ai_act(data),
        *_shared_api(data),
        *_origin(data),
        *_retirements(data),
        *_price_changes(data),
        *_concentration(data),
        *_quality(data),
    ]
    weight = {level: n for n, level in enumerate(LEVELS, 1)}
    order = sorted(range(len(risks)), key=lambda i: (-weight[risks[i]["likelihood"]] * weight[risks[i]["impact"]], i))
    return [risks[i] for i in order]


def other_warnings(data: Mapping[str, Any]) -> list[str]:
    """The warnings no risk in the register carries, in their order."""
    carried = {w for risk in data["risks"] for w in risk["warnings"]}
    return [w for w in data["warnings"] if w not in carried]
