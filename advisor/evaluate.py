"""One use case: gate every option, price and score the rest, pick the winner and its fallback, say why.

The work that does not depend on the use case (the organisation's gates, an option's fixed criteria, which
GPUs hold a model) is remembered in the `Environment`, so a catalog of thousands of models decides fast.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, mul
from typing import overload

from advisor.answers import Answers, UseCase
from advisor.catalog import Catalog
from advisor.costs import Volume, blended_price, break_even_tokens, convert
from advisor.explanations import change_sentences, changes_needed, fallback_reasons, winner_reasons
from advisor.options import Option, all_options
from advisor.policy import Exclusion, Gatekeeper, Requirements, model_gates
from advisor.pricing import CostStory, Pricer, ReservedQuotes, needs_sizing
from advisor.recommendation import BreakEven, ExcludedOption, UseCaseResult
from advisor.robustness import assess
from advisor.scoring import (
    CRITERIA,
    Criterion,
    ScoredOption,
    Scorer,
    capability_fit,
    cost_value,
    effective_weights,
    fit_weight_vector,
    quality_value,
    quality_weights,
    rank_key,
)

ALTERNATIVES = 3
NO_EXCLUSIONS: list[Exclusion] = []  # shared, never appended to


@dataclass(frozen=True, slots=True)
class Prepared:
    """An option with what does not depend on the use case worked out once."""

    option: Option
    index: int  # its place in the catalog's order of options
    model_index: int  # into Environment.models
    signature_index: int  # into Environment.signatures: the kind of deployment the data gates look at
    static_exclusions: list[Exclusion]
    fixed_values: tuple[float, float, float, float, float]  # lock_in, speed, operations, licence, lifecycle
    per_token: tuple[float, float, float] | None  # input and output price per token, fixed monthly; budget currency
    reserved: bool  # runs on GPUs reserved for the organisation: sized, not priced per token


@dataclass
class Groundwork:
    """What one organisation's answers and one catalog settle before any use case: every option, with its
    organisation-level gates, fixed criteria and per-token price worked out once. Kept for the next
    decision with the same settings (a batch of answers files mostly shares them)."""

    catalog: Catalog
    date: dt.date
    options: list[Option]
    gatekeeper: Gatekeeper
    pricer: Pricer
    scorer: Scorer
    prepared: list[Prepared] = field(default_factory=list)
    models: list[Option] = field(default_factory=list)  # one option of each model, in order
    capability_fits: list[tuple[float, ...]] = field(default_factory=list)  # per model, on the quality scale
    signatures: list[Option] = field(default_factory=list)  # one option of each kind of deployment, in order
    partitions: dict[str, tuple[list[Prepared], list[tuple[Prepared, list[Exclusion]]]]] = field(default_factory=dict)


_GROUNDWORK: dict[tuple[object, ...], Groundwork] = {}
GROUNDWORK_KEPT = 8


def groundwork(answers: Answers, catalog: Catalog, date: dt.date) -> Groundwork:
    a = answers
    key = (
        id(catalog),
        catalog.digest,
        a.organisation.jurisdiction,
        a.expertise,
        a.constraints.open_weights_only,
        tuple(sorted(a.constraints.exclude_providers)),
        date,
        a.budget.currency,
    )
    found = _GROUNDWORK.get(key)
    if found is not None and found.catalog is catalog:
        return found
    options = all_options(catalog, a.organisation.jurisdiction)
    work = Groundwork(
        catalog,
        date,
        options,
        Gatekeeper(catalog.policies, catalog.licences),
        Pricer(a, catalog),
        Scorer(
            catalog.policies,
            {lid: catalog.licence_classes[lic.licence_class].value for lid, lic in catalog.licences.items()},
            a.expertise,
            catalog.policies.home_regions[a.organisation.jurisdiction],
            date,
            operator_counts(options),
        ),
    )
    organisation = Requirements(
        sensitivity=a.data_sensitivity,
        jurisdiction=a.organisation.jurisdiction,
        expertise=a.expertise,
        open_weights_only=a.constraints.open_weights_only,
        exclude_providers=frozenset(a.constraints.exclude_providers),
        needs=(),
        context_tokens=0,
        date=date,
    )
    model_index: dict[str, int] = {}
    signature_index: dict[tuple[object, ...], int] = {}
    for option in options:
        m = model_index.setdefault(option.model.id, len(model_index))
        if m == len(work.models):
            work.models.append(option)
            work.capability_fits.append(capability_fit(option.model))
        sig = signature_index.setdefault(option.signature, len(signature_index))
        if sig == len(work.signatures):
            work.signatures.append(option)
        work.prepared.append(
            Prepared(
                option,
                len(work.prepared),
                m,
                sig,
                work.gatekeeper.static(option, organisation),
                work.scorer.fixed_values(option),
                work.pricer.per_token(option),
                needs_sizing(option),
            )
        )
    if len(_GROUNDWORK) >= GROUNDWORK_KEPT:
        _GROUNDWORK.pop(next(iter(_GROUNDWORK)))
    _GROUNDWORK[key] = work
    return work


@dataclass
class Environment:
    """One set of answers on its groundwork: the weights and budget share every use case is scored with."""

    answers: Answers
    catalog: Catalog
    date: dt.date
    weights: Mapping[Criterion, float]
    budget_share: float
    work: Groundwork = field(init=False)

    def __post_init__(self) -> None:
        self.work = groundwork(self.answers, self.catalog, self.date)

    @property
    def pricer(self) -> Pricer:
        return self.work.pricer

    @property
    def scorer(self) -> Scorer:
        return self.work.scorer

    @property
    def options(self) -> list[Option]:
        return self.work.options

    def partition(self, req: Requirements) -> tuple[list[Prepared], list[tuple[Prepared, list[Exclusion]]]]:
        """The options that pass the gates of the organisation and of this data class, and the others with
        their reasons: worked out once per data class."""
        work = self.work
        found = work.partitions.get(req.sensitivity)
        if found is None:
            on_deployment = [work.gatekeeper.deployment(option, req) for option in work.signatures]
            passing: list[Prepared] = []
            failing: list[tuple[Prepared, list[Exclusion]]] = []
            for prepared in work.prepared:
                failed = prepared.static_exclusions + on_deployment[prepared.signature_index]
                if failed:
                    failing.append((prepared, failed))
                else:
                    passing.append(prepared)
            found = work.partitions[req.sensitivity] = (passing, failing)
        return found


class Exclusions(Sequence[ExcludedOption]):
    """Every option a gate removed for one use case, in catalog order, with every reason: assembled only
    when someone reads it (most reports show a count and a few)."""

    def __init__(
        self,
        closed: list[tuple[Prepared, list[Exclusion]]],
        model_failed: list[list[Exclusion]],
        also: list[tuple[int, ExcludedOption]],
    ) -> None:
        self._closed, self._model_failed, self._also = closed, model_failed, also
        self._items: list[ExcludedOption] | None = None

    def _all(self) -> list[ExcludedOption]:
        if self._items is None:
            merged = [
                (p.index, ExcludedOption(p.option, failed + self._model_failed[p.model_index]))
                for p, failed in self._closed
            ]
            merged.extend(self._also)
            merged.sort(key=itemgetter(0))
            self._items = [item for _, item in merged]
        return self._items

    def __len__(self) -> int:
        return len(self._closed) + len(self._also)

    @overload
    def __getitem__(self, index: int) -> ExcludedOption: ...
    @overload
    def __getitem__(self, index: slice) -> list[ExcludedOption]: ...
    def __getitem__(self, index: int | slice) -> ExcludedOption | list[ExcludedOption]:
        return self._all()[index]

    def __iter__(self) -> Iterator[ExcludedOption]:
        return iter(self._all())


def volume_of(use_case: UseCase, catalog: Catalog) -> Volume:
    kind = catalog.use_case_kinds[use_case.kind]
    return Volume(
        use_case.requests_per_month,
        use_case.input_tokens or kind.input_tokens,
        use_case.output_tokens or kind.output_tokens,
    )


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
    first_other_vendor = None
    for s in ranked[1:]:
        model = s.option.model
        if model.vendor != winner.vendor:
            if model.weights != winner.weights:
                return s
            if first_other_vendor is None:
                first_other_vendor = s
    return first_other_vendor


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


def evaluate(use_case: UseCase, env: Environment) -> UseCaseResult:
    catalog = env.catalog
    kind = catalog.use_case_kinds[use_case.kind]
    volume = volume_of(use_case, catalog)
    req = requirements(use_case, volume, env)
    weights = effective_weights(env.weights, req.sensitivity)
    weight_vector = tuple(weights[c] for c in CRITERIA)
    w_quality, w_cost, w_privacy, *w_fixed = weight_vector
    fit_weights = quality_weights(kind.weights, use_case.needs)
    pricer, share, needs = env.pricer, env.budget_share, use_case.needs
    story = CostStory(pricer, volume, needs)
    open_options, closed_options = env.partition(req)
    privacy_of = [env.scorer.privacy(option, req.sensitivity) for option in env.work.signatures]
    weight_of = fit_weight_vector(fit_weights)
    unlimited = not req.needs
    by_model = [
        (
            NO_EXCLUSIONS
            if unlimited and option.model.context_window >= req.context_tokens
            else model_gates(option, req),
            math.fsum(map(mul, weight_of, fit)),
        )
        for option, fit in zip(env.work.models, env.work.capability_fits, strict=True)
    ]
    quotes = ReservedQuotes(pricer, volume, needs)
    tokens_in, tokens_out = volume.tokens_in, volume.tokens_out
    w_lock_in, w_speed, w_operations, w_licence, w_lifecycle = w_fixed
    scored: list[tuple[tuple[float, float, str], ScoredOption]] = []
    also_excluded: list[tuple[int, ExcludedOption]] = []
    for prepared in open_options:
        option = prepared.option
        model_failed, fit = by_model[prepared.model_index]
        if model_failed:
            also_excluded.append((prepared.index, ExcludedOption(option, model_failed)))
            continue
        if prepared.per_token is not None:
            per_in, per_out, fixed = prepared.per_token
            cost: float | None = fixed + tokens_in * per_in + tokens_out * per_out
        elif prepared.reserved:
            fits, cost = quotes.cost(option)
            if not fits:
                too_big = Exclusion("hardware", pricer.too_big(option, volume, needs))
                also_excluded.append((prepared.index, ExcludedOption(option, [too_big])))
                continue
        else:
            cost = pricer.cost(option, volume, None)
        cost_v = cost_value(cost, share)
        privacy = privacy_of[prepared.signature_index]
        lock_in, speed, operations, licence, lifecycle = prepared.fixed_values
        score = (
            w_quality * fit
            + w_cost * cost_v
            + w_privacy * privacy
            + w_lock_in * lock_in
            + w_speed * speed
            + w_operations * operations
            + w_licence * licence
            + w_lifecycle * lifecycle
        )
        vector = (fit, cost_v, privacy, lock_in, speed, operations, licence, lifecycle)
        item = ScoredOption(option, cost, vector, weight_vector, story, score)
        scored.append((rank_key(score, cost, option.id), item))
    scored.sort(key=itemgetter(0))
    excluded = Exclusions(closed_options, [gates for gates, _ in by_model], also_excluded)
    ranked = [item for _, item in scored]
    primary = ranked[0] if ranked else None
    fallback = pick_fallback(ranked)
    alternatives = distinct_models(ranked[1:], [primary, fallback], ALTERNATIVES)
    sizings = {
        s.option.id: sizing
        for s in [primary, fallback, *alternatives]
        if s is not None and needs_sizing(s.option)
        for sizing in [pricer.sizing(s.option, volume, needs)]
        if sizing is not None
    }
    runner_up = next((s for s in ranked[1:] if primary and s.option.model.id != primary.option.model.id), None)
    robustness = assess(ranked, weights) if ranked else None
    currency = env.answers.budget.currency
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
        alternatives=alternatives,
        reasons=winner_reasons(
            primary, runner_up, use_case, currency, [s for s in ranked if s.option.model is primary.option.model]
        )
        if primary
        else [],
        fallback_reasons=fallback_reasons(fallback, primary, currency) if fallback and primary else [],
        gap={c: primary.contributions[c] - runner_up.contributions[c] for c in CRITERIA}
        if primary and runner_up
        else {},
        robustness=robustness,
        what_would_change=change_sentences(robustness, ranked),
        changes_needed=[]
        if ranked
        else changes_needed(excluded, {ex.option.id: quality_value(ex.option.model, fit_weights) for ex in excluded}),
        break_even=break_even(ranked, volume, env),
        weights=weights,
        monthly_cost=primary.monthly_cost if primary else None,
    )


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
