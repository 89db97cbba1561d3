"""The report's prose, written from the report's data: the executive summary, each choice in a line, the
exclusions grouped by rule, robustness in words, lock-in, the roadmap, assumptions and method.

Pure functions over the dict that `report.to_data` builds, so every format says the same thing.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from advisor.engine.costs import CLOUD_OVERHEAD, ENGINEER_SHARE, FTE_PER_EXTRA_GPU, PEAK_TO_AVERAGE
from advisor.engine.scoring import LABELS, PRIMARY, Criterion
from advisor.figures import (
    fit,
    gap,
    money,
    money_between,
    printed_gap,
    score,
    score_change,
    weight,
    weight_change,
    weight_dropped,
    weight_moves,
)
from advisor.report.planning import IF_REACHED, act_binds, phase_plan
from advisor.report.risks import other_warnings
from advisor.wording import mode_words, region_name, region_phrase

if TYPE_CHECKING:
    from advisor.report.schema import (
        Comparison,
        ExclusionGroup,
        Narrative,
        Phase,
        PhaseText,
        Residency,
        Robustness,
        UseCaseNotes,
        WeightsUsed,
    )

OWN_CONTROL = ("self_hosted", "on_prem", "dedicated")
RULE_TITLES = {
    "data_sensitivity": "Data protection: the data class does not allow this deployment",
    "expertise": "Needs more in-house engineering than you have",
    "licence": "The licence forbids this use",
    "lifecycle": "The model or offer retires within 90 days",
    "context_window": "Context window too small for one request",
    "constraints.exclude_providers": "Provider excluded in your answers",
    "constraints.open_weights_only": "Closed weights, and you asked for open weights only",
    "hardware": "Too big for any GPU configuration on offer",
    "offer_limits": "Requests longer than this offer accepts",
    "price_validity": "No price in force on the report's date",
}
TIER_LABELS = {
    "minimal": "Minimal risk",
    "transparency": "Transparency obligations",
    "high_risk": "High risk",
    "prohibited": "Prohibited practice",
}
OPTION_ID = re.compile(r"[a-z0-9][a-z0-9.\-]*@[a-z0-9][a-z0-9.\-]*/[a-z_]+/[a-z0-9\-]+")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def humanise(text: str, labels: Mapping[str, str]) -> str:
    """Replace option ids ('model@operator/mode/region') and mode names with the words a reader knows."""
    text = OPTION_ID.sub(lambda m: labels.get(m.group(0), m.group(0)), text)
    return mode_words(text)


def rule_title(rule: str) -> str:
    if rule.startswith("needs."):
        need = rule.removeprefix("needs.").replace("_", " ")
        return f"Falls short on a stated need: {need}"
    return RULE_TITLES.get(rule, rule.replace("_", " "))


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


PLAIN_WORDS = ("Output", "Only", "High-risk", "Dependence", "The", "Regulated", "Confidential")


def _sentence_inner(title: str) -> str:
    """A title inside a sentence: its first word in lower case unless it is a name."""
    first = title.split(" ", 1)[0]
    return title[0].lower() + title[1:] if first in PLAIN_WORDS else title


def _plural(n: int, word: str, plural: str | None = None) -> str:
    count = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{count} {word if n == 1 else (plural or word + 's')}"


# --- per use case -------------------------------------------------------------------------------------------


def why(u: Mapping[str, Any]) -> str:
    """The choice in one line, for the stack table."""
    p = u["primary"]
    if p is None:
        return "No option passes the gates; see what would have to change."
    sens = u["data_sensitivity"]
    region = region_phrase(p["region"])
    if p["deployment"] in ("self_hosted", "on_prem"):
        data = f"{sens.capitalize()} data stays under your control in {region}"
    elif p["deployment"] == "dedicated":
        data = f"{sens.capitalize()} data stays in a single-tenant deployment in {region}"
    elif sens in ("public", "internal"):
        data = f"{sens.capitalize()} data may use a shared API"
    else:
        data = f"{sens.capitalize()} data on an API processing in {region}"
    ahead = [c for c in sorted(u["gap"], key=lambda c: -u["gap"][c]) if u["gap"][c] > 0.0005][:2]
    if u["options_passed"] == 1:
        best = "the only option that passes"
    elif ahead:
        best = f"best of {u['options_passed']} options, ahead on {_and([LABELS[c] for c in ahead])}"
    else:
        best = f"best of {u['options_passed']} options, on cost"
    return f"{data}; {best}."


def excluded_by_rule(u: Mapping[str, Any]) -> list[ExclusionGroup]:
    """Exclusions grouped by the rule that removed them: how many options, and which models."""
    counts: dict[str, int] = {}
    models: dict[str, set[str]] = {}
    examples: dict[str, str] = {}
    by_rule = getattr(u["excluded"], "by_rule", None)
    grouped = by_rule() if by_rule is not None else None
    if grouped is not None:  # the decision's own exclusions, grouped without listing them one by one
        for rule, group in grouped.items():
            counts[rule], models[rule], examples[rule] = group.options, group.models, group.example
    for ex in u["excluded"] if grouped is None else ():
        for rule in ex["rules"]:
            counts[rule] = counts.get(rule, 0) + 1
            models.setdefault(rule, set()).add(ex["model_name"])
            if rule not in examples:
                examples[rule] = next((r for r in ex["reasons"] if r.startswith(f"[{rule}]")), "")
    return [
        {
            "rule": rule,
            "title": rule_title(rule),
            "options": counts[rule],
            "models": heapq.nsmallest(6, models[rule]),  # as sorted(...)[:6], without sorting thousands
            "models_total": len(models[rule]),
            "example": examples[rule],
        }
        for rule in sorted(counts, key=lambda rule: (-counts[rule], rule))
    ]


def robustness(u: Mapping[str, Any], labels: Mapping[str, str]) -> Robustness:
    """A verdict and a sentence on how far the priorities must move to change the choice."""
    s = u["sensitivity"]
    if u["primary"] is None:
        return {"verdict": "n/a", "text": "No option passes, so there is no choice to test."}
    if u["options_passed"] == 1:
        return {"verdict": "Only option", "text": "It is the only option that passes the gates."}
    rate = s["win_rate"]
    flips = s["flips"]
    if s.get("ahead"):
        return {
            "verdict": "Not chosen on score",
            "text": "This option is chosen for the budget or the shared deployment its reasons name: another "
            "model scores higher on your weights.",
        }
    parts = []
    if rate is not None:
        parts.append(f"It stays first in {rate:.0%} of plausible variations of your priorities")
    if flips:
        f = flips[0]
        label, start, end = LABELS[f["criterion"]], f["weight"], f["flips_at"]
        if not weight_moves(start, end):  # within the rounding of the printed weights
            move = f"moving the weight of {label} by under 0.01"
        elif weight_dropped(end):
            move = f"no longer counting {label} (its weight {weight(start)} to 0)"
        else:
            move = f"moving the weight of {label} by {weight_change(start, end)}, from {weight(start)} to {weight(end)}"
        parts.append(f"the smallest change that alters it is {move}")
    else:
        parts.append("no change of a single priority's weight alters it")
    if s["fragile"]:
        verdict = "Close call"
    elif (s["margin"] is None or s["margin"] >= 0.2) and (rate is None or rate >= 0.9):
        verdict = "Robust"
    else:
        verdict = "Stable"
    text = "; ".join(parts) + "."
    text = text[0].upper() + text[1:]
    return {"verdict": verdict, "text": text}


def residency(u: Mapping[str, Any], jurisdiction: str) -> Residency:
    """Where the recommended deployment processes the data, who runs it, and for how long it keeps it."""
    p = u["primary"]
    if p is None:
        return {"where": "n/a", "operator": "n/a", "retention": "n/a", "in_jurisdiction": True}
    own = p["operator"] == "self"
    if own:
        retention = "your own policy"
    elif p["retention_days"] == 0:
        retention = "zero retention"
    elif p["retention_days"] is None:
        retention = "not published" + (" (zero retention can be arranged)" if p["zero_retention"] else "")
    else:
        retention = f"{p['retention_days']} days" + (" (zero retention can be arranged)" if p["zero_retention"] else "")
    home = own or p["region"] == jurisdiction
    operator = "you" if own else p["operator_name"]
    if not own and p["operator_jurisdiction"]:
        operator += f" (established in {region_phrase(p['operator_jurisdiction'])})"
    return {
        "where": "anywhere the operator chooses" if p["region"] == "global" else region_name(p["region"]),
        "operator": operator,
        "retention": retention,
        "in_jurisdiction": home,
    }


def comparisons(u: Mapping[str, Any]) -> list[Comparison]:
    """The fallback and the alternatives against the winner: the score gap and where each is stronger or weaker."""
    p = u["primary"]
    if p is None:
        return []
    rows: list[Comparison] = []
    others: list[tuple[Literal["Fallback", "Alternative"], Mapping[str, Any]]] = (
        [("Fallback", u["fallback"])] if u["fallback"] else []
    )
    others += [("Alternative", a) for a in u["alternatives"]]
    for role, o in others:
        diff = {c: o["contributions"][c] - p["contributions"][c] for c in p["contributions"]}
        shown = {c: printed_gap(o["contributions"][c], p["contributions"][c]) for c in diff}
        stronger = [c for c in sorted(diff, key=lambda c: -diff[c]) if shown[c] > 0][:2]  # never "(+0.000)"
        weaker = [c for c in sorted(diff, key=lambda c: diff[c]) if shown[c] < 0][:2]

        def against(c: Criterion, o: Mapping[str, Any] = o) -> str:
            return f"{LABELS[c]} ({gap(o['contributions'][c], p['contributions'][c], signed=True)})"

        rows.append(
            {
                "role": role,
                "label": o["label"],
                "model_name": o["model_name"],
                "weights": o["weights"],
                "score": o["score"],
                "behind": float(gap(p["score"], o["score"])),
                "monthly_cost": o["monthly_cost"],
                "stronger": [against(c) for c in stronger],
                "weaker": [against(c) for c in weaker],
            }
        )
    return rows


def why_won(u: Mapping[str, Any]) -> list[str]:
    """The bullets under "Why ... won", each fact once: the score is on the decision card beside them, so the
    score line goes; the gap to the best other model is said once, in its own bullet; the cost bullet says how
    the card's figure is reckoned (a use case on a shared deployment: its share of the one deployment)."""
    p = u["primary"]
    if p is None:
        return []
    out = []
    for reason in p["reasons"]:
        if reason == f"Scores {score(p['score'])} of 1 on the weighted criteria.":
            continue
        if reason.startswith("Monthly cost ") and reason.endswith(f"{p['cost_basis']}."):
            reason = f"Cost: {p['cost_basis']}."  # the figure is on the card; a shared deployment's says the share
        out.append(reason)
    if u["hardware"] and u["hardware"] not in p["cost_basis"]:
        out.append(f"Hardware: {u['hardware']}.")
    return out


def weights_used(u: Mapping[str, Any], organisation: Mapping[Criterion, float]) -> WeightsUsed | None:
    """The weights this use case was scored with, where they differ (as printed) from the organisation's, and
    why: a criterion on which every option that passes scores alike (privacy for public data) is not weighted,
    and its weight goes to the priorities that tell the options apart, in the proportions given."""
    used = u["weights"]
    changes = [c for c in used if c in organisation and weight(used[c]) != weight(organisation[c])]
    if not changes or u["primary"] is None:
        return None
    dropped = [c for c in changes if used[c] == 0]
    raised = [c for c in changes if used[c] > organisation[c]]
    if dropped == ["privacy"] and u["data_sensitivity"] == "public":
        why_dropped = "for public data every option scores the same on privacy and control, so it is not weighted"
    elif dropped:
        names = _and([LABELS[c] for c in dropped])
        why_dropped = (
            f"every option that passes the gates scores about the same on {names}, so "
            f"{'it is' if len(dropped) == 1 else 'they are'} not weighted"
        )
    else:
        why_dropped = "the criteria on which the options that pass differ carry the weight"
    moved = _and([f"{LABELS[c]} {weight(used[c])} (yours {weight(organisation[c])})" for c in raised])
    text = f"Weights used here differ from your organisation's: {why_dropped}"
    if raised:
        its = "its" if len(dropped) == 1 else "their"
        text += f"; {its} weight goes to the other priorities in your proportions: {moved}" if dropped else f": {moved}"
    text += "."
    return {
        "text": text,
        "changes": [{"criterion": c, "organisation": organisation[c], "used": used[c]} for c in changes],
    }


def use_case_notes(
    u: Mapping[str, Any], labels: Mapping[str, str], jurisdiction: str, organisation: Mapping[Criterion, float]
) -> UseCaseNotes:
    return {
        "why": why(u),
        "why_won": why_won(u),
        "comparisons": comparisons(u),
        "excluded_by_rule": excluded_by_rule(u),
        "robustness": robustness(u, labels),
        "residency": residency(u, jurisdiction),
        "weights_used": weights_used(u, organisation),
    }


# --- the stack as a whole -----------------------------------------------------------------------------------


def _with_primary(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [u for u in data["stack"] if u["primary"] is not None]


def _where_it_runs(u: Mapping[str, Any]) -> str:
    p = u["primary"]
    place = region_phrase(p["region"])
    if p["deployment"] in ("self_hosted", "on_prem"):
        return f"under your own control in {place}"
    if p["deployment"] == "dedicated":
        return f"in a single-tenant deployment operated by {p['operator_name']} in {place}"
    if p["region"] == "global":
        return f"on a shared API from {p['operator_name']}, where the strongest models cost least"
    return f"on a shared API from {p['operator_name']}, processed in {place}"


def _model_phrase(p: Mapping[str, Any]) -> str:
    how = "closed, through an API" if p["weights"] == "closed" else "open weights"
    return f"{p['model_name']} from {p['vendor_name']} ({how})"


def summary(data: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """The executive summary, a paragraph each: what to use, where the data goes, what it costs, what to watch,
    what next. When nothing compliant fits the budget, the cost paragraph comes first: it is the decision."""
    cost = _summary_cost(data, labels)
    paragraphs = [
        _summary_what(data),
        _summary_missing(data),
        _summary_where(data),
        cost if data["totals"]["feasible"] else None,
        _summary_watch(data),
        _summary_next(data),
    ]
    out = [p for p in paragraphs if p]
    return out if data["totals"]["feasible"] else [cost, *out]


def _summary_what(data: Mapping[str, Any]) -> str | None:
    """Which models, from how many vendors, and whether each has a fallback."""
    stack, chosen = data["stack"], _with_primary(data)
    if not chosen:
        return None
    models = {u["primary"]["model"]: u["primary"] for u in chosen}
    vendors = {p["vendor"] for p in models.values()}
    camps = {p["weights"] for p in models.values()}
    with_fallback = [u for u in chosen if u["fallback"]]
    if len(with_fallback) == len(chosen):
        fallback = "Each recommendation also has a fallback from another vendor."
    else:
        fallback = (
            f"{_plural(len(with_fallback), 'recommendation').capitalize()} of {len(chosen)} also "
            f"{'has' if len(with_fallback) == 1 else 'have'} a fallback from another vendor."
        )
    if len(models) == 1:
        if len(chosen) < len(stack):
            scope = _and([u["use_case"] for u in chosen])
        else:
            scope = "both use cases" if len(chosen) == 2 else ("it" if len(chosen) == 1 else "all of them")
        what = f"one model for {scope}: {_model_phrase(next(iter(models.values())))}"
    else:
        kind = "a hybrid stack of " if len(camps) == 2 else ""
        what = f"{kind}{_plural(len(models), 'model')} from {_plural(len(vendors), 'vendor')}: " + _and(
            [_model_phrase(p) for p in models.values()]
        )
    client = data["branding"]["client"]
    return f"For {client}'s {_plural(len(stack), 'use case')} we recommend {what}. {fallback}"


def _summary_missing(data: Mapping[str, Any]) -> str | None:
    missing = [u["use_case"] for u in data["stack"] if u["primary"] is None]
    if not missing:
        return None
    return (
        f"For {_and(missing)} no model and deployment passes your data-protection, expertise and licence "
        "rules today; the use-case section says which single change would open options."
    )


def _summary_where(data: Mapping[str, Any]) -> str | None:
    """Where each use case runs, grouped by place, with its data class."""
    chosen = _with_primary(data)
    if not chosen:
        return None
    places: dict[str, list[str]] = {}
    for u in chosen:
        places.setdefault(_where_it_runs(u), []).append(f"{u['use_case']} ({u['data_sensitivity']} data)")
    runs = [f"{_and(names)} {'runs' if len(names) == 1 else 'run'} {where}" for where, names in places.items()]
    return "Data protection shapes where each runs: " + "; ".join(runs) + "."


def _summary_cost(data: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The total against the budget, what dominates it, and what would bring it within."""
    t = data["totals"]
    cost = _cost_against_budget(t)
    cost += _biggest_fixed_cost(data)
    cost += _closing_the_gap(t, labels)
    cost += _what_quality_would_cost(data)
    cost += _set_up_against_budget(data)
    if t["unpriced"]:
        cost += f" {_and(t['unpriced'])} has no price in the catalog and is not counted."
    return cost


def _cost_against_budget(t: Mapping[str, Any]) -> str:
    cur, total, budget = t["currency"], t["monthly_cost"], t["budget"]
    if not budget:
        return f"The stack costs about {money(total, cur)} a month; no budget was given."
    if t["within_budget"]:
        spare = budget - total
        return (
            f"The stack costs about {money(total, cur)} a month against a budget of {money(budget, cur)}, "
            f"leaving {money_between(budget, total, cur)} ({spare / budget:.0%}) for growth and experiments."
        )
    if not t["feasible"]:
        return (
            f"No stack of compliant options fits the budget of {money(budget, cur)} a month. The cheapest "
            f"compliant stack costs about {money(t['needed_budget'], cur)}, and the one shown about "
            f"{money(total, cur)}, {money_between(total, budget, cur)} over: the budget would have to rise to that, "
            "or a data rule "
            'or an answer change (the options under "Decision required" show what each costs).'
        )
    over = total - budget
    return (
        f"The stack costs about {money(total, cur)} a month, {money_between(total, budget, cur)} "
        f"({over / budget:.0%}) over the budget of {money(budget, cur)}."
    )


def _what_quality_would_cost(data: Mapping[str, Any]) -> str:
    """A sentence when option D exists: the quality fit the budget would buy if spent on quality alone, and its
    cost, beside the recommendation's (which your other priorities chose)."""
    options = {o["label"]: o for o in data["options"]}
    a, d = options.get("A"), options.get("D")
    if a is None or d is None or a["quality_fit"] is None or d["quality_fit"] is None:
        return ""
    cur = data["totals"]["currency"]
    return (
        f" Spent on quality alone, the budget buys a quality fit of {fit(d['quality_fit'])} against "
        f"{fit(a['quality_fit'])}, for {money(d['monthly_cost'], cur)} a month (option D)."
    )


SET_UP_YEARS = 2  # a set-up dearer than this many years of the running budget is said in the summary


def _set_up_against_budget(data: Mapping[str, Any]) -> str:
    """A sentence when setting the stack up costs more than SET_UP_YEARS of the budget: a monthly budget covers
    running it, and a client who reads only the running cost would be surprised by the pilot's bill."""
    t, plan = data["totals"], data.get("costs_over_time")
    if not plan or not t["budget"] or plan["one_off_total"] <= SET_UP_YEARS * 12 * t["budget"]:
        return ""
    cur, year = t["currency"], 12 * t["budget"]
    return (
        f" Setting it up costs about {money(plan['one_off_total'], cur)} once (the pilot, integration and "
        f"assessments at the planning assumptions), {plan['one_off_total'] / year:,.0f} times the "
        f"{money(year, cur)} budgeted for a year of running it: budget the set-up separately, or lower it with your "
        "own staff's time."
    )


def _biggest_fixed_cost(data: Mapping[str, Any]) -> str:
    """A sentence on the use case that takes most of the total on reserved GPUs, or nothing."""
    t = data["totals"]
    priced = [u for u in _with_primary(data) if u["monthly_cost"] is not None]
    if len(priced) < 2 or not t["monthly_cost"]:
        return ""
    biggest = max(priced, key=lambda u: u["monthly_cost"])
    if biggest["monthly_cost"] < 0.6 * t["monthly_cost"] or biggest["primary"]["deployment"] == "shared_api":
        return ""
    what = (
        "GPUs reserved around the clock"
        if biggest["primary"]["deployment"] == "dedicated"
        else "reserved GPUs and the engineering time to run them"
    )
    return (
        f" {money(biggest['monthly_cost'], t['currency'])} of it is {biggest['use_case']}: {what}, a cost that "
        "stays flat as volume grows."
    )


def _closing_the_gap(t: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """Over a budget that a compliant stack could meet: the swaps that bring it within, or the budget needed."""
    cur = t["currency"]
    if t["within_budget"]:
        return ""
    if t["swaps"] and t["swaps_bring_within_budget"]:
        loss = sum(s["score_loss"] for s in t["swaps"])
        if len(t["swaps"]) == 1:
            s = t["swaps"][0]
            return (
                f" Moving {s['use_case']} to {labels.get(s['to'], s['to'])} saves {money(s['saves'], cur)} a month "
                f"and brings the stack within budget, {score_change(loss)}."
            )
        moves = _and([f"{s['use_case']} to {labels.get(s['to'], s['to'])}" for s in t["swaps"]])
        saved = sum(s["saves"] for s in t["swaps"])
        return (
            f" Moving {moves} saves {money(saved, cur)} a month and brings the stack within budget, "
            f"{score_change(loss)}."
        )
    if t["budget"] and t["feasible"]:
        saved = sum(s["saves"] for s in t["swaps"])
        return (
            " No cheaper option that passes the gates closes the gap"
            + (f" (the cheaper ones save {money(saved, cur)} a month)" if saved else "")
            + f": the budget would have to rise to about {money_between(t['monthly_cost'], saved, cur)} a month."
        )
    return ""


def _summary_watch(data: Mapping[str, Any]) -> str | None:
    """The biggest risks, transparency duties, data that may leave the jurisdiction, stale figures."""
    stack, chosen = data["stack"], _with_primary(data)
    watch = []
    top = data["risks"][:3]
    if top:
        titles = "; ".join(_sentence_inner(r["title"]) for r in top)
        watch.append(
            f"the biggest risk in the register is {titles}"
            if len(top) == 1
            else f"the {_plural(len(top), 'biggest risk')} in the register are: {titles}"
        )
    transparency = [u for u in stack if u["ai_act"]["tier"] == "transparency"]
    if transparency:
        reached = "" if all(act_binds(u) for u in transparency) else f" {IF_REACHED}"
        watch.append(
            f"{_and([u['use_case'] for u in transparency])} must tell people they are dealing with an AI system "
            f"(AI Act Art. 50){reached}"
        )
    foreign = [
        u["use_case"] for u in chosen if u["data_sensitivity"] == "internal" and not u["residency"]["in_jurisdiction"]
    ]
    if foreign:
        home = region_phrase(data["answers"]["organisation"]["jurisdiction"])
        watch.append(f"{_and(foreign)} may be processed outside {home}; confirm the operator's data processing terms")
    stale = [e for e in data["provenance"]["entries"] if e["stale"]]
    if stale:
        watch.append(
            f"{_plural(len(stale), 'catalog figure')} behind this advice should be re-checked before contracts"
        )
    # each point a sentence of its own: joined by "; " the point after three risks read as a fourth risk
    return "Watch: " + ". ".join(w[0].upper() + w[1:] if i else w for i, w in enumerate(watch)) + "." if watch else None


def _summary_next(data: Mapping[str, Any]) -> str | None:
    chosen = _with_primary(data)
    if not chosen:
        return None
    first = sorted(chosen, key=lambda u: (u["primary"]["deployment"] != "shared_api", u["use_case"]))[0]
    return (
        f"Next step: a six-week pilot behind an LLM gateway, starting with {first['use_case']}, "
        "testing each recommendation against its fallback on your own examples, for a pilot budget of "
        f"{money(data['costs_over_time']['pilot_budget'], data['totals']['currency'])} (see the roadmap)."
    )


def lock_in(data: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    out = []
    chosen = _with_primary(data)
    without = [u["use_case"] for u in chosen if u["fallback"] is None]  # the others' fallbacks: in their sections
    if without:
        out.append(f"{_and(without)}: no option from another vendor passes the gates, so it depends on one vendor.")
    out.append(data["gateway"])
    open_models = sorted({u["primary"]["model_name"] for u in _with_primary(data) if u["primary"]["weights"] == "open"})
    if open_models:
        out.append(
            f"Open-weight models ({_and(open_models)}) can move between hosting providers, or in-house, "
            "without changing the model or its behaviour."
        )
    out.append(
        "Keep prompts, evaluation sets and logs in your own repository in a vendor-neutral form, so that switching "
        "models is a test run rather than a project."
    )
    out.append(
        "Keep vendor-specific features (proprietary agents, fine-tuning and vector stores) out of the core path, or "
        "behind your own interface; prefer monthly terms over annual commitments until the pilot has proved a choice."
    )
    return out


def roadmap(data: Mapping[str, Any], labels: Mapping[str, str]) -> list[Phase]:
    """The phases, each with its goal, steps, owner, start and end (weeks from the start), pass criteria and
    budget; what to test is in the pass criteria, what could go wrong in the risk register."""
    chosen = _with_primary(data)
    pilot = [
        "Put an LLM gateway in front of the models and route each use case to its primary and its fallback.",
    ]
    own: dict[str, list[Mapping[str, Any]]] = {}  # one step per own deployment, however many use cases it serves
    for u in sorted(chosen, key=lambda u: u["use_case"]):
        if u["primary"]["deployment"] in ("self_hosted", "on_prem"):
            own.setdefault(u["primary"]["option"], []).append(u)
    for users in own.values():
        u, p = users[0], users[0]["primary"]
        pilot.append(
            f"{_and([x['use_case'] for x in users])}: stand up {u['hardware'] or 'the GPU server'} "
            f"({region_name(p['region'])}) with test data and measure latency at the expected "
            f"{'combined ' if len(users) > 1 else ''}load."
        )
    sensitive = [u for u in chosen if u["data_sensitivity"] in ("confidential", "regulated")]
    if sensitive:
        pilot.append(
            f"Before real {'/'.join(sorted({u['data_sensitivity'] for u in sensitive}))} data flows "
            f"({_and([u['use_case'] for u in sensitive])}): data processing agreements with every operator "
            "involved, and the data protection impact assessment."
        )
    for u in data["stack"]:
        if u["primary"] is None:
            pilot.append(
                f"{u['use_case']}: no option passes today; decide which of the changes in its section to make, "
                "then pilot it like the others."
            )
    pilot.append("Start AI literacy training for the staff who will use the systems (AI Act Art. 4).")

    production = [
        "Move the use cases to production one at a time, shared APIs first, own deployments once the pilot has sized them.",
        "Turn on automatic failover to each fallback in the gateway, and a cost alert per use case.",
    ]
    for u in data["stack"]:
        tier = u["ai_act"]["tier"]
        reached = "" if act_binds(u) else f", {IF_REACHED}"
        if tier == "transparency":
            production.append(
                f"{u['use_case']}: tell people they are talking to an AI system before go-live (Art. 50){reached}."
            )
        elif tier in ("high_risk", "prohibited"):
            production.append(
                f"{u['use_case']}: human oversight, logging and the {u['ai_act']['role']}'s other duties in place "
                f"before go-live{reached}."
            )
    if not data["totals"]["within_budget"]:
        production.append("Settle the budget: raise it, or take the savings listed in the cost section.")

    review = [
        "Re-run this advice with the current catalog, and go through the risk register: prices fall and new "
        "models arrive every month.",
    ]
    stale = [e for e in data["provenance"]["entries"] if e["stale"]]
    if stale:
        review.append(f"Re-verify the {_plural(len(stale), 'stale catalog figure')} before signing contracts.")
    review.append("Review the AI Act duties as the Commission's guidance and application dates evolve.")
    plan = phase_plan(data, data["costs_over_time"])
    phases: list[PhaseText] = [
        {"phase": "Pilot", "when": "Weeks 1-6", "goal": "Prove quality and cost on your own data.", "steps": pilot},
        {
            "phase": "Production",
            "when": "Months 2-4",
            "goal": "Go live use case by use case, with failover and cost control.",
            "steps": production,
        },
        {
            "phase": "Review",
            "when": "Every quarter",
            "goal": "Keep the stack current and the advice true.",
            "steps": review,
        },
    ]
    return [{**phase, **plan[phase["phase"]]} for phase in phases]


def assumptions(data: Mapping[str, Any]) -> list[str]:
    a = data["answers"]
    out = []
    for u in data["stack"]:
        v = u["volume"]
        source = (
            "typical for the use-case kind, from the catalog: confirm in the pilot"
            if v["kind_defaults"]
            else "as stated"
        )
        out.append(
            f"{u['use_case']}: {v['requests_per_month']:,} requests a month of about {v['input_tokens']:,} input "
            f"and {v['output_tokens']:,} output tokens ({source})."
        )
    ranked = [LABELS[p] for p in a["priorities"] if p in LABELS]
    weights = ", ".join(f"{LABELS[c]} {weight(data['weights'][c])}" for c in PRIMARY)
    out.append(f"Your priorities, most important first: {', '.join(ranked)} (weights {weights}).")
    out.append(prices_basis(data))
    fte = ENGINEER_SHARE.get(a["expertise"], 0.25)
    out.append(
        f"Own and dedicated deployments are reserved 24x7 and sized for peaks of {PEAK_TO_AVERAGE:g} times the average "
        f"load; self-hosting adds {CLOUD_OVERHEAD:.0%} cloud overhead and {fte:g} of an engineer's time for the first GPU, "
        f"{FTE_PER_EXTRA_GPU:g} for each further one."
    )
    out.append(
        "Quality ratings are the catalog's 0-10 ratings per capability from public benchmarks and vendor "
        "documentation, not a test on your data: the pilot is that test."
    )
    out.append(
        "Notes on the EU AI Act, licences and data protection are a checklist for your legal counsel, not legal advice."
    )
    return out


def overlay_name(path: str) -> str:
    """An overlay file as the report names it: its folder and name ('models/client.yaml'), not the path on
    the machine that made the report."""
    return "/".join(PurePath(path).parts[-2:])


def prices_basis(data: Mapping[str, Any]) -> str:
    """Where the prices come from: the catalog's list prices, and the catalog overlay's entries where it
    supplied any behind the recommended and fallback options."""
    catalog = data["catalog"]
    rates = f"converted at the currency rates of {catalog['rates_date']}"
    overlaid = [e for e in data["provenance"]["entries"] if e["overlay"]]
    if not overlaid:
        return (
            f"Prices are list prices from catalog {catalog['version']}, {rates}; no discounts or committed-use "
            "rates are included."
        )
    entries = _and([f"{e['name']} ({e['kind']}, from {overlay_name(e['overlay'])})" for e in overlaid])
    return (
        f"Prices are from catalog {catalog['version']} with a catalog overlay on top, {rates}. The overlay "
        f"supplies {_plural(len(overlaid), 'entry', 'entries')} behind this advice: {entries}; its figures, "
        "which may include negotiated prices, replace the catalog's. Every other price is a list price, without "
        "discounts or committed-use rates."
    )


def _weights_note(data: Mapping[str, Any]) -> str:
    """The organisation's weights, and which use cases were scored with others (each says why in its section)."""
    own = ", ".join(f"{LABELS[c]} {weight(w)}" for c, w in data["weights"].items())
    others = [u["use_case"] for u in data["stack"] if u.get("weights_used")]
    where = (
        f"{_and(others)} used other weights, given with the reason in {'its section' if len(others) == 1 else 'their sections'}"
        if others
        else "every use case here used these weights"
    )
    return (
        f"Your organisation's weights: {own}. A criterion on which every option that passes a use case's gates "
        "scores alike (privacy and control for public data, for example) is not weighted for that use case, and "
        f"its weight goes to the others in the same proportions: {where}."
    )


def method(data: Mapping[str, Any]) -> list[str]:
    return [
        "Each option is a model on a way of running it: a vendor's or hyperscaler's shared API, a single-tenant "
        "deployment run by a provider, open weights on GPUs in your cloud account, or on your own hardware.",
        "Hard gates remove what your data's sensitivity and jurisdiction, your in-house expertise, the licence, the "
        "context window, the model's retirement date or a stated need rule out; every removal names its rule.",
        "The options left are scored on fixed 0-1 scales (quality fit, cost against the budget, privacy and control, "
        "portability, speed, operational burden, licence permissiveness, lifecycle) and weighted from your ranked "
        "priorities with rank-order-centroid weights. Fixed scales mean adding or removing a model never reorders "
        "the others. Cost against the budget is 1 at no cost and 0.5 when one use case alone would take the whole "
        "monthly budget; the best combination whose total fits the budget is then chosen.",
        "API costs come from prices per million tokens; self-hosting from GPU sizing (parameters, quantisation, KV "
        "cache), GPU-hours and a share of an engineer's time.",
        "Robustness: for each priority, the weight at which another option would win, and a seeded simulation of "
        "plausible weights around yours that counts how often the winner stays first.",
        _weights_note(data),
    ]


def narrative(data: Mapping[str, Any], labels: Mapping[str, str]) -> Narrative:
    """The report-wide prose, from the report's facts, its costs over time and its risk register."""
    return {
        "summary": summary(data, labels),
        "lock_in": lock_in(data, labels),
        "roadmap": roadmap(data, labels),
        "warnings": other_warnings(data),
        "assumptions": assumptions(data),
        "method": method(data),
    }
