"""The stack as a whole: per-use-case winners, shared own deployments, totals against the budget, swaps.

`decide` is the decision core's entry point: no I/O, the date is an argument.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

from advisor import __version__
from advisor.answers.model import Answers
from advisor.catalog.schema import Catalog, stale_entries
from advisor.engine.budget import best_within, cheapest
from advisor.engine.choices import stack_options
from advisor.engine.costs import Volume, break_even_tokens, weighted_tokens
from advisor.engine.evaluate import Environment, Groundwork, around, break_even, evaluate, lay_groundwork
from advisor.engine.pricing import needs_sizing, pricing_needs
from advisor.engine.ranking import TIE
from advisor.engine.reasons import (
    budget_choice_reason,
    change_sentences,
    fallback_reasons,
    sharing_reason,
    winner_reasons,
)
from advisor.engine.recommendation import Recommendation, SharedDeployment, Swap, Totals, UseCaseResult
from advisor.engine.robustness import Draws, assess
from advisor.engine.scoring import CRITERIA, priority_weights
from advisor.errors import AdvisorError
from advisor.figures import money
from advisor.wording import and_list, provider_ref

SHARE_SCORE_LOSS = 0.03  # a use case moves onto another's own deployment if it loses at most this much score
GATEWAY = (
    "Put an LLM gateway (for example LiteLLM proxy, Portkey or Kong AI Gateway) between your applications "
    "and the models: one OpenAI-compatible interface, per-use-case routing, and switching to the fallback "
    "by configuration instead of code."
)


def rechoose(result: UseCaseResult, k: int, env: Environment, why: str) -> None:
    """Make the option at column position `k` the use case's primary, and work out again everything said
    about it: its reasons (against the best option of another model), the gap, its fallback, alternatives,
    hardware and robustness. `why` says what chose it instead of the top-scoring option; its robustness is
    checked on the weights the report shows against the options of other models that cost no more a month
    (priced alone): a dearer one is what the budget or the shared deployment chose it over."""
    ranked = result.ranked
    result.primary = primary = ranked.scored(k)
    model_id = primary.option.model.id
    runner_up = ranked.first_model(lambda model: model.id != model_id, start=0)
    currency = env.answers.budget.currency
    same_model = ranked.of_model(ranked.models[k])
    result.reasons = [*winner_reasons(primary, runner_up, result.use_case, currency, same_model), why]
    result.gap = {c: primary.contributions[c] - runner_up.contributions[c] for c in CRITERIA} if runner_up else {}
    ceiling = ranked.costs[k]
    costs = ranked.costs
    top = k == ranked.order[0]  # moved back to the top-scoring option (onto a deployment another use case runs)
    if env.robustness:
        result.robustness = robustness = assess(
            ranked,
            result.weights,
            env.draws,
            chosen=k,
            rival=None if top or ceiling is None else lambda p: costs[p] is not None and costs[p] <= ceiling + 1e-9,  # type: ignore[operator]
        )
        result.what_would_change = change_sentences(robustness, ranked, among_cheaper=not top)
    needs = pricing_needs(result.use_case.needs, result.kind.id)
    result.fallback, result.alternatives, result.sizing = around(ranked, primary, result.volume, needs, env.pricer)
    fallback = result.fallback
    result.fallback_reasons = fallback_reasons(fallback, primary, currency) if fallback else []
    result.break_even = break_even(ranked, result.volume, env, primary)


def _fit_budget(results: Sequence[UseCaseResult], env: Environment) -> tuple[bool, float | None]:
    """Choose the stack within the budget (budget.best_within); when none fits, the cheapest compliant stack.
    Gives whether one fits, and when none does, what the cheapest compliant stack costs a month."""
    rankings = [r.ranked if r.primary is not None else None for r in results]
    choice = best_within(rankings, env.answers.budget.monthly)
    feasible = choice is not None
    if choice is None:
        choice = cheapest(rankings)
    currency = env.answers.budget.currency
    for result, k in zip(results, choice.positions, strict=True):
        if k is None or result.primary is None or result.ranked.option(k).id == result.primary.option.id:
            continue
        top, ranked = result.primary, result.ranked
        extra = (top.monthly_cost or 0.0) - (ranked.costs[k] or 0.0)
        why = budget_choice_reason(top, ranked.scores[k], extra, currency, feasible)
        rechoose(result, k, env, why)
    return feasible, None if feasible else choice.monthly_cost


def _move_onto_shared(results: Sequence[UseCaseResult], env: Environment, ceiling: float) -> None:
    """Let a use case join another's own deployment when that costs it at most SHARE_SCORE_LOSS in score, or
    when that deployment scores higher than its own choice (the budget search prices each use case alone, so
    a stronger model another use case already pays for can look too dear); its fallback and alternatives are
    then chosen again around the new primary (the fallback from another vendor than it). A deployment whose
    quality fit is more than SHARE_SCORE_LOSS below the use case's own choice is not joined: sharing saves
    money, and a lower cost must not buy a weaker model for work that needs a stronger one. A move that would
    take the stack's total over `ceiling` is undone."""
    for result in results:
        if result.primary is None:
            continue
        hosts = {
            r.primary.option.id for r in results if r is not result and r.primary and needs_sizing(r.primary.option)
        }
        current = result.primary
        joined = current.option.id in hosts
        ranked = result.ranked
        floor = current.score + TIE if joined else current.score - SHARE_SCORE_LOSS
        best = None
        for k in ranked.order:  # best first: the first on a shared deployment within the loss allowed
            if ranked.scores[k] < floor - TIE:
                break
            if ranked.scores[k] >= floor and ranked.option(k).id in hosts and ranked.option(k).id != current.option.id:
                if ranked.scored(k).values["quality"] < current.values["quality"] - SHARE_SCORE_LOSS:
                    continue  # sharing saves money, never output quality: a weaker model's box is no home
                best = k
                break
        if best is None:
            continue
        why = sharing_reason(current, ranked.scores[ranked.order[0]], ranked.scores[best])
        before = dict(vars(result))
        rechoose(result, best, env, why)
        _priced(results, env)
        if sum(r.monthly_cost or 0.0 for r in results) > ceiling:  # sharing would break the budget: undone
            vars(result).update(before)
            _priced(results, env)


def _settle(results: Sequence[UseCaseResult], env: Environment) -> tuple[bool, float | None, list[SharedDeployment]]:
    """Make evaluated use cases a recommendation: the stack within the budget, moves onto shared deployments,
    each use case's share of the cost. Gives whether a stack fits, what the cheapest costs when none does,
    and the shared deployments."""
    feasible, needed = _fit_budget(results, env)
    _move_onto_shared(results, env, ceiling=max(env.answers.budget.monthly, needed or 0.0))
    return feasible, needed, _priced(results, env)


def _say_shared(results: Sequence[UseCaseResult], shared: Sequence[SharedDeployment], currency: str) -> None:
    """Each use case on a shared deployment says the one deployment's hardware and cost, and its share of it:
    not the hardware and cost of its option priced alone."""
    for deployment in shared:
        for r in results:
            if r.name not in deployment.use_cases or r.primary is None:
                continue
            r.sizing = {**r.sizing, r.primary.option.id: deployment.sizing}
            r.cost_basis = (
                f"its share by load of the {money(deployment.monthly_cost, currency)} a month of one deployment "
                f"for {len(deployment.use_cases)} use cases: {deployment.basis}"
            )
            r.reasons = [
                f"Monthly cost {money(r.monthly_cost, currency)}, {r.cost_basis}."
                if line.startswith("Monthly cost ")
                else line
                for line in r.reasons
            ]
        _shared_break_even([r for r in results if r.name in deployment.use_cases], deployment)


def _shared_break_even(members: Sequence[UseCaseResult], deployment: SharedDeployment) -> None:
    """API or self-hosting for a deployment several use cases share: the deployment's cost against the API's
    for all their tokens (each use case compared the whole deployment's cost with the API for its own tokens
    alone, and the same deployment was quoted at different costs)."""
    evens = [m.break_even for m in members]
    known = [b for b in evens if b is not None]
    if len(known) < len(members) or any(
        m.primary is None or b.self_option != m.primary.option.id for m, b in zip(members, known, strict=True)
    ):  # some use case on it has no compliant API: the deployment runs for it anyway, so no choice to weigh
        for m in members:
            m.break_even = None
        return
    tokens = sum(b.current_tokens for b in known)
    api_cost = sum(b.api_price_per_million * b.current_tokens / 1e6 for b in known)
    blended = api_cost / tokens * 1e6 if tokens else 0.0
    for m, b in zip(members, known, strict=True):
        m.break_even = b._replace(
            api_price_per_million=blended,
            self_monthly=deployment.monthly_cost,
            tokens_per_month=break_even_tokens(deployment.monthly_cost, blended),
            current_tokens=tokens,
            use_cases=tuple(deployment.use_cases),
        )


def _priced(results: Sequence[UseCaseResult], env: Environment) -> list[SharedDeployment]:
    """Each use case's monthly cost, own deployments shared by several use cases split by load."""
    for r in results:
        r.monthly_cost = r.primary.monthly_cost if r.primary else None
        r.shared_with = []
    return _share_deployments(results, env)


def _share_deployments(results: Sequence[UseCaseResult], env: Environment) -> list[SharedDeployment]:
    """One own deployment per model and mode, sized for all its use cases, its cost split by load."""
    groups: dict[str, list[UseCaseResult]] = {}
    for r in results:
        if r.primary and needs_sizing(r.primary.option):
            groups.setdefault(r.primary.option.id, []).append(r)
    shared = []
    for _option_id, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        option = members[0].primary.option  # type: ignore[union-attr]
        volumes = [m.volume for m in members]
        combined = Volume(
            1,
            int(sum(v.tokens_in for v in volumes)),
            int(sum(v.tokens_out for v in volumes)),
        )
        largest = max(volumes, key=lambda v: v.input_tokens + v.output_tokens)
        needs = sorted({n for m in members for n in pricing_needs(m.use_case.needs, m.kind.id)})
        load = _as_requests(combined, largest)
        sizing = env.pricer.sizing(option, load, needs)
        if sizing is None:
            continue
        total = env.pricer.cost(option, load, sizing)
        if total is None:
            continue
        weighted = sum(weighted_tokens(v) for v in volumes) or 1.0
        for m in members:
            m.monthly_cost = total * weighted_tokens(m.volume) / weighted
            m.shared_with = [o.name for o in members if o is not m]
        shared.append(
            SharedDeployment(
                option.model.id,
                option.deployment.mode,
                option.deployment.operator,
                [m.name for m in members],
                sizing,
                total,
                env.pricer.basis(option, load, sizing),
            )
        )
    return shared


def _as_requests(combined: Volume, largest: Volume) -> Volume:
    """The combined load expressed as requests of the largest use case's size (for the KV cache)."""
    per_request = largest.input_tokens + largest.output_tokens
    total = combined.tokens_in + combined.tokens_out
    requests = max(1, round(total / per_request)) if per_request else 1
    share_in = combined.tokens_in / total if total else 0.5
    return Volume(requests, max(1, round(per_request * share_in)), max(1, round(per_request * (1 - share_in))))


def _swaps(results: Sequence[UseCaseResult], over_by: float) -> tuple[list[Swap], bool]:
    """Cheaper options, best savings per point of score lost first, until the stack fits the budget."""
    candidates: list[Swap] = []
    for r in results:
        if r.primary is None or r.monthly_cost is None:
            continue
        current, score, ranked = r.monthly_cost, r.primary.score, r.ranked
        costs, scores = ranked.costs, ranked.scores
        best: tuple[float, int] | None = None  # efficiency, column position
        for k in ranked.order[1:]:
            cost = costs[k]
            if cost is None or cost >= current:
                continue
            efficiency = (current - cost) / max(score - scores[k], 1e-6)
            if best is None or efficiency > best[0]:
                best = (efficiency, k)
        if best:
            k = best[1]
            cheaper = costs[k]
            assert cheaper is not None
            candidates.append(
                Swap(r.name, r.primary.option.id, ranked.option(k).id, current - cheaper, score - scores[k])
            )
    candidates.sort(key=lambda s: (-_efficiency(s), s.use_case))
    chosen, saved = [], 0.0
    for swap in candidates:
        if saved >= over_by:
            break
        chosen.append(swap)
        saved += swap.saves
    return chosen, saved >= over_by


def _efficiency(swap: Swap) -> float:
    return swap.saves / max(swap.score_loss, 1e-6)


def _totals(results: Sequence[UseCaseResult], answers: Answers, feasible: bool, needed: float | None) -> Totals:
    priced = [r.monthly_cost for r in results if r.monthly_cost is not None]
    total = sum(priced)
    unpriced = [r.name for r in results if r.primary is not None and r.monthly_cost is None]
    budget = answers.budget.monthly
    within = total <= budget
    swaps, suffice = ([], True) if within else _swaps(results, total - budget)
    return Totals(total, answers.budget.currency, budget, within, unpriced, swaps, suffice, feasible, needed)


def _unknown_providers(answers: Answers, catalog: Catalog) -> list[str]:
    """An excluded provider the catalog does not know excludes nothing: a typo the user should hear of."""
    from advisor.errors import did_you_mean

    known = sorted(catalog.providers)
    return [
        f"constraints.exclude_providers: '{name}' is no provider in the catalog, so it excludes nothing"
        + did_you_mean(name, known)
        for name in answers.constraints.exclude_providers
        if name not in catalog.providers
    ]


# vendors established where a national-intelligence law can compel their cooperation (China's National
# Intelligence Law of 2017, Art. 7): many supervisors, public buyers and clients ask for a review of a model
# from there even when its weights run on the client's own hardware
ORIGIN_REVIEW = {"cn": "China"}


def _origin_warnings(results: Sequence[UseCaseResult], catalog: Catalog) -> list[str]:
    """One warning per model from a vendor established where ORIGIN_REVIEW says, with where the data goes: a
    recommended model's, then a fallback's (it receives the data whenever the gateway switches to it). Its
    providers are references (advisor.wording.provider_ref) that the report names; the risk register carries
    a recommended model's sentence as it is."""
    out = []
    seen: set[str] = set()
    for role in ("primary", "fallback"):
        for r in results:
            chosen = r.primary if role == "primary" else r.fallback
            if chosen is None or chosen.option.model.id in seen:
                continue
            model, d = chosen.option.model, chosen.option.deployment
            vendor = catalog.providers.get(model.vendor)
            country = ORIGIN_REVIEW.get(vendor.jurisdiction) if vendor else None
            if country is None:
                continue
            seen.add(model.id)
            users = [
                u.name
                for u in results
                if (u.primary if role == "primary" else u.fallback) is not None
                and (u.primary if role == "primary" else u.fallback).option.model.id == model.id  # type: ignore[union-attr]
            ]
            if d.operator == model.vendor:
                where = f"its vendor's own service receives the data of {and_list(users)}"
            else:
                runs = (
                    "you run the weights"
                    if d.mode in ("self_hosted", "on_prem")
                    else f"{provider_ref(d.operator)} runs the weights"
                )
                where = f"no data reaches {provider_ref(model.vendor)} ({runs})"
            what = model.name if role == "primary" else f"{model.name}, the fallback of {and_list(users)},"
            out.append(
                f"{what} comes from {provider_ref(model.vendor)}, established in {country}; {where}. Many "
                "supervisors, public buyers and clients ask for a review of a model's origin."
            )
    return out


def _warnings(results: Sequence[UseCaseResult], totals: Totals, stale: list[str], stale_days: int) -> list[str]:
    out = []
    for r in results:
        if r.primary is None:
            out.append(f"{r.name}: no option passes the gates for {r.sensitivity} data; see what would have to change.")
        elif r.robustness and r.robustness.fragile and r.robustness.ahead is None:  # else not chosen on score
            out.append(f"{r.name}: the choice is fragile; small changes in priorities change the winner.")
        if r.ai_act.tier == "high_risk":
            role = "its provider and deployer" if r.ai_act.role == "provider" else "its deployer"
            reach = "" if r.ai_act.applies.startswith("yes") else " if the Act reaches you"
            out.append(f"{r.name}: high-risk under the EU AI Act ({r.ai_act.reference}); you are {role}{reach}.")
    for name in totals.unpriced:
        out.append(f"{name}: the recommended deployment has no price in the catalog; the total leaves it out.")
    if not totals.feasible:
        out.append(
            f"No stack of compliant options fits the budget of {totals.currency} {totals.budget:,.0f} a month: the "
            f"cheapest costs {totals.currency} {totals.monthly_cost:,.0f}. The budget would have to rise to that, or "
            "a rule or an answer change (see what would have to change)."
        )
    elif not totals.within_budget:
        out.append(
            f"The stack costs {totals.currency} {totals.monthly_cost:,.0f} a month, over the budget of "
            f"{totals.currency} {totals.budget:,.0f}: the deployment shared by several use cases costs more "
            "than their separate options would."
        )
    if stale:
        out.append(
            f"{len(stale)} catalog figure(s) used here were verified more than {stale_days} days ago: {', '.join(stale)}."
        )
    return out


def _stale_used(results: Sequence[UseCaseResult], catalog: Catalog, date: dt.date, currency: str) -> list[str]:
    """The stale entries among those the recommended and fallback options rest on."""
    used: set[str] = set()
    for r in results:
        for s in (r.primary, r.fallback):
            if s is None:
                continue
            d = s.option.deployment
            used.add(f"model {s.option.model.id}")
            if d.offer is not None:
                used.add(f"offer {d.offer.id}")
            if d.host is not None:
                used.add(f"dedicated host {d.host.id}")
            sizing = r.sizing.get(s.option.id)
            if sizing is not None:
                used.add(f"gpu {sizing.gpu.id}")
            if d.offer is None or (d.offer.price and d.offer.price.currency != currency):
                used.add("currency rates")
    return [entry for entry in stale_entries(catalog, date) if entry.split(" (")[0] in used]


def decide(
    answers: Answers,
    catalog: Catalog,
    date: dt.date,
    *,
    groundwork: Groundwork | None = None,
    draws: Draws | None = None,
) -> Recommendation:
    """The recommendation for these answers, from this catalog, as of this date.

    Two inputs may come worked out already (the caller may keep them between runs; `advisor.api` does):
    `groundwork`, the catalog worked out for the organisation's settings (`lay_groundwork`; it must be of
    these answers' `groundwork_settings` on this catalog), and `draws`, the robustness check's weight draws
    (`robustness.weight_draws`, the same for the same weights).
    """
    unknown = [u.kind for u in answers.use_cases if u.kind not in catalog.use_case_kinds]
    if unknown:
        raise AdvisorError(f"unknown use-case kind(s): {', '.join(unknown)}")
    env = Environment(
        answers=answers,
        catalog=catalog,
        date=date,
        weights=priority_weights(answers.priorities, answers.weights),
        budget_share=answers.budget.monthly,  # the cost scale's reference: the whole budget
        work=groundwork or lay_groundwork(answers, catalog, date),
        draws=draws,
    )
    results = [evaluate(u, env) for u in answers.use_cases]
    unsettled = [
        copy.copy(r) for r in results
    ]  # as evaluated: option C starts from them where its rule changes nothing
    feasible, needed, shared = _settle(results, env)
    _say_shared(results, shared, answers.budget.currency)
    totals = _totals(results, answers, feasible, needed)

    def settle(relaxed: Sequence[UseCaseResult]) -> None:
        _settle(relaxed, env.without_robustness())

    options = stack_options(results, env, settle, unsettled)
    stale = _stale_used(results, catalog, date, answers.budget.currency)
    return Recommendation(
        answers=answers,
        date=date,
        advisor_version=__version__,
        catalog_version=catalog.meta.version,
        catalog_digest=catalog.digest,
        catalog_models=len(catalog.models),
        oldest_verified=catalog.oldest_verified(),
        weights=dict(env.weights),
        use_cases=results,
        shared=shared,
        totals=totals,
        warnings=_unknown_providers(answers, catalog)
        + _warnings(results, totals, stale, catalog.meta.stale_after_days)
        + _origin_warnings(results, catalog),
        stale=stale,
        options=options,
        rates_date=catalog.meta.rates_date,
        gateway=GATEWAY,
    )
