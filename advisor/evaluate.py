"""One use case: gate every option, price and score the rest, pick the winner, its fallback and say why."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.answers import Answers, UseCase
from advisor.catalog import Catalog
from advisor.costs import (
    ENGINEER_SHARE,
    Sizing,
    Volume,
    api_cost,
    blended_price,
    break_even_tokens,
    cloud_tco,
    convert,
    hosted_monthly,
    on_prem_tco,
    size_deployment,
)
from advisor.options import Option
from advisor.policy import Exclusion, Requirements, gates
from advisor.recommendation import BreakEven, Change, ExcludedOption, UseCaseResult
from advisor.robustness import Robustness, assess
from advisor.scoring import (
    CRITERIA,
    LABELS,
    Criterion,
    ScoredOption,
    ScoringContext,
    apply_weights,
    criteria_values,
    effective_weights,
    is_own,
    quality_weights,
    rank,
)

ALTERNATIVES = 3
LONG_CONTEXT_SERVING = 131_072  # tokens a self-hosted deployment serves per sequence for long_context
MIN_SERVING_CONTEXT = 8_192


@dataclass(frozen=True)
class Environment:
    """What is the same for every use case of one set of answers."""

    answers: Answers
    catalog: Catalog
    date: dt.date
    options: Sequence[Option]
    operators: Mapping[str, int]  # model id -> how many operators run it (the organisation counts as one)
    weights: Mapping[Criterion, float]
    budget_share: float


def volume_of(use_case: UseCase, catalog: Catalog) -> Volume:
    kind = catalog.use_case_kinds[use_case.kind]
    return Volume(
        use_case.requests_per_month,
        use_case.input_tokens or kind.input_tokens,
        use_case.output_tokens or kind.output_tokens,
    )


def serving_context(volume: Volume, needs: Sequence[str], model_context: int) -> int:
    need = volume.input_tokens + volume.output_tokens
    target = LONG_CONTEXT_SERVING if "long_context" in needs else max(MIN_SERVING_CONTEXT, need)
    size = MIN_SERVING_CONTEXT
    while size < target:
        size *= 2
    return min(size, model_context)


def needs_sizing(option: Option) -> bool:
    return option.deployment.offer is None


def sizing_for(option: Option, volume: Volume, needs: Sequence[str], catalog: Catalog) -> Sizing | None:
    context = serving_context(volume, needs, option.model.context_window)
    host = option.deployment.host
    hourly = host.gpu_hourly if host else None
    return size_deployment(option.model, list(catalog.gpus.values()), context, volume, hourly=hourly)


def own_cost_usd(option: Option, sizing: Sizing, env: Environment) -> tuple[float, str] | None:
    staff = env.catalog.meta.staff_cost_per_year[env.answers.organisation.jurisdiction]
    fte = ENGINEER_SHARE[env.answers.expertise]
    if option.deployment.mode == "on_prem":
        tco = on_prem_tco(sizing, fte, staff)
        if tco is None:
            return None
        basis = f"{sizing.describe()}, bought and written off over 36 months, plus {fte:g} FTE to run it"
    else:
        tco = cloud_tco(sizing, fte, staff)
        basis = (
            f"{sizing.describe()} at USD {sizing.gpu.hourly_usd.typical:.2f}/GPU-hour, 24x7, +30% cloud overhead, "
            f"plus {fte:g} FTE to run it"
        )
    return tco.total, basis


def monthly_cost(option: Option, volume: Volume, sizing: Sizing | None, env: Environment) -> tuple[float | None, str]:
    """The option's monthly cost in the budget's currency, and how it was reckoned."""
    rates = env.catalog.meta.currency_rates
    currency = env.answers.budget.currency
    offer = option.deployment.offer
    host = option.deployment.host
    if host is not None:
        if sizing is None:
            return None, "no GPU configuration of this host fits"
        hosted = hosted_monthly(sizing, host.gpu_hourly)
        basis = (
            f"{sizing.describe()} reserved at {host.currency} {host.gpu_hourly[sizing.gpu.id]:.2f}/GPU-hour, 24x7, "
            f"run by {host.name}"
        )
        return convert(hosted, host.currency, currency, rates), basis
    if offer is None:
        if sizing is None:
            return None, "no GPU configuration fits"
        own = own_cost_usd(option, sizing, env)
        if own is None:
            return None, f"no purchase price for {sizing.gpu.name} in the catalog"
        return convert(own[0], "USD", currency, rates), own[1]
    price = offer.price
    if price is None:
        return None, "price on request (not in the catalog)"
    total = price.monthly_fixed or 0.0
    parts: list[str] = []
    if price.monthly_fixed:
        parts.append(f"{price.currency} {price.monthly_fixed:,.0f}/month fixed")
    if price.input is not None and price.output is not None:
        total += api_cost(volume, price.input, price.output)
        parts.append(
            f"{volume.tokens_in / 1e6:,.1f}M input tokens at {price.currency} {price.input:g}/M and "
            f"{volume.tokens_out / 1e6:,.1f}M output tokens at {price.currency} {price.output:g}/M"
        )
    elif not price.monthly_fixed:
        return None, "price on request (not in the catalog)"
    return convert(total, price.currency, currency, rates), "; ".join(parts)


def requirements(use_case: UseCase, volume: Volume, env: Environment) -> Requirements:
    a = env.answers
    return Requirements(
        sensitivity=a.sensitivity_of(use_case),
        jurisdiction=a.organisation.jurisdiction,
        expertise=a.expertise,
        open_weights_only=a.constraints.open_weights_only,
        exclude_providers=frozenset(a.constraints.exclude_providers),
        needs=tuple(use_case.needs),
        context_tokens=volume.input_tokens + volume.output_tokens,
        date=env.date,
    )


def pick_fallback(ranked: Sequence[ScoredOption]) -> ScoredOption | None:
    """The best option from another vendor, preferring the other camp (closed to open and back)."""
    if not ranked:
        return None
    winner = ranked[0].option.model
    others = [s for s in ranked[1:] if s.option.model.vendor != winner.vendor]
    other_camp = [s for s in others if s.option.model.weights != winner.weights]
    pool = other_camp or others
    return pool[0] if pool else None


def distinct_models(ranked: Sequence[ScoredOption], skip: Sequence[ScoredOption | None], n: int) -> list[ScoredOption]:
    seen = {s.option.model.id for s in skip if s is not None}
    out: list[ScoredOption] = []
    for s in ranked:
        if s.option.model.id not in seen:
            seen.add(s.option.model.id)
            out.append(s)
        if len(out) == n:
            break
    return out


def money(amount: float | None, currency: str) -> str:
    return "unpriced" if amount is None else f"{currency} {amount:,.0f}"


def winner_reasons(
    winner: ScoredOption,
    runner_up: ScoredOption | None,
    use_case: UseCase,
    env: Environment,
    same_model: Sequence[ScoredOption] = (),
) -> list[str]:
    currency = env.answers.budget.currency
    d = winner.option.deployment
    reasons = [f"Scores {winner.score:.3f} of 1 on the weighted criteria."]
    twins = [s.option.deployment.operator for s in same_model if s.option.id != winner.option.id]
    if twins:
        reasons.append(f"The same model is also offered by {', '.join(sorted(set(twins)))}.")
    if runner_up is not None:
        gap = {c: winner.contributions[c] - runner_up.contributions[c] for c in CRITERIA}
        ahead = [c for c in sorted(gap, key=lambda c: -gap[c]) if gap[c] > 0.0005][:3]
        behind = [c for c in sorted(gap, key=lambda c: gap[c]) if gap[c] < -0.0005][:2]
        if ahead:
            trade = "; it gives up " + ", ".join(f"{LABELS[c]} ({gap[c]:.3f})" for c in behind) if behind else ""
            reasons.append(
                f"Beats the best other model, {runner_up.option.id}, by {winner.score - runner_up.score:.3f}: "
                "ahead on " + ", ".join(f"{LABELS[c]} (+{gap[c]:.3f})" for c in ahead) + trade + "."
            )
        else:
            reasons.append(f"Ties with {runner_up.option.id} on score; wins on lower cost.")
    reasons.append(
        f"Quality fit for {use_case.kind.replace('_', ' ')}: {winner.values['quality']:.2f} on the 0-1 scale."
    )
    where = "under your own control" if is_own(winner.option) else f"by {d.operator}"
    place = f"in {d.region}" if d.region != "global" else "wherever the operator chooses (global)"
    retention = ""
    if not is_own(winner.option):
        if d.retention_days == 0:
            retention = " with zero data retention"
        elif d.retention_days is not None:
            retention = f" with {d.retention_days}-day retention"
        else:
            retention = " with retention terms the catalog does not know"
        if d.zdr_available and d.retention_days != 0:
            retention += " (zero retention can be arranged)"
    reasons.append(f"Runs as {d.mode} {where}, data processed {place}{retention}.")
    reasons.append(f"Monthly cost {money(winner.monthly_cost, currency)}: {winner.cost_basis}.")
    return reasons


def fallback_reasons(fallback: ScoredOption, winner: ScoredOption, env: Environment) -> list[str]:
    camp = "open-weights" if fallback.option.model.weights == "open" else "closed"
    return [
        f"From another vendor ({fallback.option.model.vendor}, {camp}), so no single vendor locks this use case in.",
        f"Scores {fallback.score:.3f} ({fallback.score - winner.score:+.3f} against the primary); "
        f"monthly cost {money(fallback.monthly_cost, env.answers.budget.currency)}.",
    ]


def change_sentences(robustness: Robustness | None, ranked: Sequence[ScoredOption]) -> list[str]:
    if robustness is None or not ranked:
        return []
    names = {s.option.id: s for s in ranked}
    out = []
    for flip in robustness.flips[:3]:
        direction = "rose" if flip.flips_at > flip.weight else "fell"
        out.append(
            f"If the weight of {LABELS[flip.criterion]} {direction} from {flip.weight:.2f} to {flip.flips_at:.2f}, "
            f"{names[flip.new_winner].option.id} would win instead."
        )
    if not robustness.flips:
        out.append("No single change of one priority's weight changes the winner.")
    if robustness.win_rate is not None:
        out.append(f"Across plausible weights around yours it wins {robustness.win_rate:.0%} of the time.")
    return out


CHANGE_TEXT = {
    "data_sensitivity": "a lower data sensitivity class, or a deployment the policy allows for this class",
    "expertise": "more in-house expertise (or a partner who runs the deployment)",
    "constraints.exclude_providers": "not excluding that provider",
    "constraints.open_weights_only": "allowing closed-weights models",
    "licence": "a licence that allows this use",
    "lifecycle": "a model that is not about to be retired",
    "context_window": "shorter requests",
    "hardware": "larger GPUs than the catalog lists",
}


def changes_needed(excluded: Sequence[ExcludedOption], scored_by_id: Mapping[str, float]) -> list[Change]:
    """For each gate, how many options fail only on it, and the best of them by quality."""
    alone: dict[str, list[ExcludedOption]] = {}
    for ex in excluded:
        rules = {e.rule for e in ex.exclusions}
        if len(rules) == 1:
            alone.setdefault(next(iter(rules)), []).append(ex)
    out = []
    for rule, items in sorted(alone.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        best = max(items, key=lambda ex: (scored_by_id.get(ex.option.id, 0.0), ex.option.id))
        what = CHANGE_TEXT.get(rule) or f"dropping the need '{rule.removeprefix('needs.')}'"
        out.append(Change(rule, what, len(items), best.option.id))
    return out


def evaluate(use_case: UseCase, env: Environment) -> UseCaseResult:
    catalog, answers = env.catalog, env.answers
    kind = catalog.use_case_kinds[use_case.kind]
    volume = volume_of(use_case, catalog)
    req = requirements(use_case, volume, env)
    ctx = ScoringContext(
        quality_weights(kind.weights, use_case.needs),
        req.sensitivity,
        answers.expertise,
        env.budget_share,
        catalog.policies,
        env.date,
    )
    home = catalog.policies.home_regions[req.jurisdiction]
    weights = effective_weights(env.weights, req.sensitivity)
    scored: list[ScoredOption] = []
    excluded: list[ExcludedOption] = []
    sizings: dict[str, Sizing] = {}
    for option in env.options:
        licence = catalog.licences[option.model.licence]
        failed = gates(option, licence, req, catalog.policies)
        sizing = None
        if needs_sizing(option) and not any(e.rule == "licence" for e in failed):
            sizing = sizing_for(option, volume, use_case.needs, catalog)
            if sizing is None:
                failed.append(Exclusion("hardware", "no configuration of up to 8 GPUs in the catalog holds it"))
            else:
                sizings[option.id] = sizing
        if failed:
            excluded.append(ExcludedOption(option, failed))
            continue
        cost, basis = monthly_cost(option, volume, sizing, env)
        values = criteria_values(
            option,
            ctx,
            cost,
            env.operators[option.model.id],
            licence.licence_class,
            home,
        )
        item = ScoredOption(option, cost, basis, values)
        apply_weights(item, weights)
        scored.append(item)
    ranked = rank(scored)
    primary = ranked[0] if ranked else None
    fallback = pick_fallback(ranked)
    runner_up = next((s for s in ranked[1:] if primary and s.option.model.id != primary.option.model.id), None)
    robustness = assess(ranked, weights, f"{answers.organisation.name}/{use_case.name}") if ranked else None
    return UseCaseResult(
        use_case=use_case,
        kind=kind,
        sensitivity=req.sensitivity,
        volume=volume,
        ranked=ranked,
        excluded=excluded,
        sizing=sizings,
        primary=primary,
        fallback=fallback,
        alternatives=distinct_models(ranked[1:], [primary, fallback], ALTERNATIVES),
        reasons=winner_reasons(
            primary, runner_up, use_case, env, [s for s in ranked if s.option.model.id == primary.option.model.id]
        )
        if primary
        else [],
        fallback_reasons=fallback_reasons(fallback, primary, env) if fallback and primary else [],
        gap={c: primary.contributions[c] - runner_up.contributions[c] for c in CRITERIA}
        if primary and runner_up
        else {},
        robustness=robustness,
        what_would_change=change_sentences(robustness, ranked),
        changes_needed=[] if ranked else changes_needed(excluded, _quality_by_id(excluded, ctx)),
        break_even=break_even(ranked, volume, env),
        weights=weights,
        monthly_cost=primary.monthly_cost if primary else None,
    )


def _quality_by_id(excluded: Sequence[ExcludedOption], ctx: ScoringContext) -> dict[str, float]:
    from advisor.scoring import quality_value

    return {ex.option.id: quality_value(ex.option, ctx) for ex in excluded}


def break_even(ranked: Sequence[ScoredOption], volume: Volume, env: Environment) -> BreakEven | None:
    """Tokens per month above which the best self-hosted option costs less than the best API option."""
    api = next((s for s in ranked if s.option.deployment.mode == "shared_api" and s.monthly_cost is not None), None)
    own = next((s for s in ranked if s.option.deployment.mode == "self_hosted" and s.monthly_cost is not None), None)
    if api is None or own is None or api.option.deployment.offer is None:
        return None
    price = api.option.deployment.offer.price
    assert price is not None and price.input is not None and price.output is not None
    blended = convert(
        blended_price(volume, price.input, price.output),
        price.currency,
        env.answers.budget.currency,
        env.catalog.meta.currency_rates,
    )
    assert own.monthly_cost is not None
    return BreakEven(
        api.option.id,
        blended,
        own.option.id,
        own.monthly_cost,
        break_even_tokens(own.monthly_cost, blended),
        volume.tokens_in + volume.tokens_out,
    )


def operator_counts(options: Sequence[Option]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for option in options:
        key = (option.model.id, option.deployment.operator)
        if key not in seen:
            seen.add(key)
            counts[option.model.id] += 1
    return dict(counts)
