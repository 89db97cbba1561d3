"""One use case: gate every option, price and score the rest, pick the winner and its fallback, say why.

The work that does not depend on the use case (the organisation's gates, an option's fixed criteria, which
GPUs hold a model) is remembered in the `Environment`, so a catalog of thousands of models decides fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress
from operator import attrgetter, itemgetter, not_
from typing import overload

from advisor.answers import Answers, UseCase
from advisor.catalog import Catalog
from advisor.costs import Sizing, Volume, blended_price, break_even_tokens, convert
from advisor.explanations import change_sentences, changes_needed, fallback_reasons, winner_reasons
from advisor.options import Option, options_by_model
from advisor.policy import Exclusion, Gatekeeper, Requirements, context_gates, needs_gates
from advisor.pricing import (
    CostStory,
    Pricer,
    ProfileColumns,
    ReservedProfile,
    ReservedQuotes,
    needs_sizing,
    way,
)
from advisor.ranking import Ranked, Row
from advisor.recommendation import BreakEven, ExcludedOption, UseCaseResult
from advisor.robustness import Draws, assess
from advisor.scoring import (
    CRITERIA,
    Criterion,
    ScoredOption,
    Scorer,
    capability_fit,
    cost_values,
    effective_weights,
    fit_weight_vector,
    quality_value,
    quality_weights,
)

ALTERNATIVES = 3
NO_EXCLUSIONS: list[Exclusion] = []  # shared, never appended to
NO_WAY = ("", "")
_FIXED_VALUES = attrgetter("fixed_values")
_PLACE = attrgetter("place")
_MODEL_INDEX = attrgetter("model_index")
_SIGNATURE = attrgetter("signature_index")


class Failing:
    """The options a data class's gates or the organisation's remove, with what tells why: each row's
    organisation gates (per place) and its deployment's data gates (per signature). Listed when first read
    (a decision needs only how many)."""

    def __init__(self, work: Groundwork, count: int, on_deployment: list[list[Exclusion]]) -> None:
        self.work, self.count, self.on_deployment = work, count, on_deployment
        self.every, self.static = work.rows, work.static_exclusions
        self._rows: list[Row] | None = None

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            blocked = [bool(failed) for failed in self.on_deployment]
            self._rows = [row for row in self.every if self.static[row.place] or blocked[row.signature_index]]
        return self._rows

    def reasons(self, row: Row) -> list[Exclusion]:
        return self.static[row.place] + self.on_deployment[row.signature_index]


class Candidates:
    """The options of one data class that pass the organisation's and the data's gates, as columns: rows
    priced per token first, then those on reserved GPUs, then the rest; and the options that fail.
    (Plain classes here and below: a dataclass costs about 1 ms to define, on every run.)"""

    def __init__(
        self,
        rows: list[Row],
        tokens: int,  # rows[:tokens] are priced per token
        reserved: int,  # rows[tokens:tokens + reserved] run on reserved GPUs
        price_index: list[int],  # per token row, its price's place in Groundwork.prices
        failing: Failing,
        work: Groundwork,
    ) -> None:
        self.rows, self.tokens, self.reserved, self.price_index = rows, tokens, reserved, price_index
        self.failing, self.work = failing, work
        # columns read by C loops (map, compress): tens of thousands of rows, per data class and use case
        self.model_column = list(map(_MODEL_INDEX, rows))
        self.signature_column = list(map(_SIGNATURE, rows))
        reserved_places = list(map(_PLACE, rows[tokens : tokens + reserved]))
        self.reserved_group_of = list(map(work.group_of.__getitem__, reserved_places))  # profile_columns places
        self.reserved_ways = list(map(work.ways.__getitem__, reserved_places))  # their modes and hosts (pricing.way)
        every = list(map(_FIXED_VALUES, rows))
        fixed = dict(zip(map(id, every), every, strict=True)).values()  # few distinct (one tuple each) among many
        columns = zip(*fixed, strict=True) if fixed else ()
        # the lowest and highest of each fixed criterion
        self.fixed_ranges: list[tuple[float, float]] = [(min(column), max(column)) for column in columns]
        self._dots: dict[tuple[float, ...], list[float]] = {}
        self._narrowed: dict[tuple[object, ...], tuple[Candidates, list[Row]]] = {}

    def fixed_dot(self, weights: tuple[float, ...]) -> list[float]:
        """Each row's weighted sum of the fixed criteria (lock_in, speed, operations, licence, lifecycle),
        remembered per weights."""
        found = self._dots.get(weights)
        if found is None:
            a, b, c, d, e = weights
            found = self._dots[weights] = [
                a * v + b * w + c * x + d * y + e * z for v, w, x, y, z in map(_FIXED_VALUES, self.rows)
            ]
        return found

    def narrowed(self, key: tuple[object, ...], failed: Sequence[list[Exclusion]]) -> tuple[Candidates, list[Row]]:
        """Without the rows whose model fails a use case's model gates (`failed`, per model), and those rows;
        remembered per `key`, the failing models."""
        found = self._narrowed.get(key)
        if found is None:
            passes = [not reasons for reasons in failed]  # per model
            keep = list(map(passes.__getitem__, self.model_column))  # per row
            tokens, reserved_end = self.tokens, self.tokens + self.reserved
            found = self._narrowed[key] = (
                Candidates(
                    list(compress(self.rows, keep)),  # in the same order: per token, reserved, the rest
                    keep[:tokens].count(True),
                    keep[tokens:reserved_end].count(True),
                    list(compress(self.price_index, keep)),  # the first `tokens` rows have prices
                    self.failing,
                    self.work,
                ),
                list(compress(self.rows, map(not_, keep))),
            )
        return found


class Groundwork:
    """What one organisation's answers and one catalog settle before any use case: every option, with its
    organisation-level gates, fixed criteria and per-token price worked out once. Kept for the next
    decision with the same settings (a batch of answers files mostly shares them)."""

    def __init__(
        self,
        catalog: Catalog,
        date: dt.date,
        options: list[Option],
        gatekeeper: Gatekeeper,
        pricer: Pricer,
        scorer: Scorer,
    ) -> None:
        self.catalog, self.date, self.options = catalog, date, options
        self.gatekeeper, self.pricer, self.scorer = gatekeeper, pricer, scorer
        self.rows: list[Row] = []
        self.static_exclusions: list[list[Exclusion]] = []  # per row
        # what the organisation's gates remove, per rule (by_rule counts these, not rows)
        self.static_tallies: dict[str, _Tally] = {}
        self.signature_rows: list[int] = []  # per kind of deployment: its rows
        self.signature_models: list[set[int]] = []  # and their models
        self.signature_first: list[int] = []  # and the place of the first
        self.model_rows: list[int] = []  # per model: its rows
        self.model_first: list[int] = []  # and the place of the first (a model's rows are consecutive)
        self.prices: list[tuple[float, float, float]] = []  # the distinct per-token prices
        self.price_of: list[int] = []  # per row, its place in prices (-1: not per token)
        self.models: list[Option] = []  # one option of each model, in order
        self.capability_fits: list[tuple[float, ...]] = []  # per model, on the quality scale
        self.capability_columns: list[tuple[float, ...]] = []  # the same, per capability
        self.signatures: list[Option] = []  # one option of each kind of deployment, in order
        self.group_of: list[int] = []  # per row: its model and host in profile_columns (-1: not reserved)
        self.ways: list[tuple[str, str]] = []  # per row on reserved GPUs: pricing.way
        self.profile_columns = ProfileColumns([])  # each model on each host with reserved GPUs
        self.smallest_window = 0  # the smallest context window of any model
        # the rows the organisation's gates leave in: priced per token, on reserved GPUs, the rest
        self.passing_by_pricing: tuple[list[Row], list[Row], list[Row]] = ([], [], [])
        self.candidates: dict[str, Candidates] = {}  # per data class
        self.fits: dict[tuple[float, ...], list[float]] = {}  # per quality weights: per model
        self.model_failures: dict[tuple[str, ...], list[list[Exclusion]]] = {}  # per needs: per model


_GROUNDWORK: dict[tuple[object, ...], Groundwork] = {}
GROUNDWORK_KEPT = 8


Keeper = Callable[[tuple[object, ...], Callable[[], Groundwork]], Groundwork]


def groundwork(answers: Answers, catalog: Catalog, date: dt.date, keep: Keeper | None = None) -> Groundwork:
    """The groundwork of these answers' settings on this catalog: remembered in this process, and, given a
    `keep` (the cache's), kept between runs. It depends on the settings in its key alone: the organisation's
    jurisdiction, expertise, currency, open-weights rule and excluded providers, and the date."""
    settings = groundwork_settings(answers, catalog, date)
    key = (id(catalog), *settings)
    found = _GROUNDWORK.get(key)
    if found is not None and found.catalog is catalog:
        return found
    work = keep(settings, lambda: lay_groundwork(answers, catalog, date)) if keep else None
    if work is None or work.catalog is not catalog or work.date != date:
        work = lay_groundwork(answers, catalog, date)
    if len(_GROUNDWORK) >= GROUNDWORK_KEPT:
        _GROUNDWORK.pop(next(iter(_GROUNDWORK)))
    _GROUNDWORK[key] = work
    return work


def groundwork_settings(answers: Answers, catalog: Catalog, date: dt.date) -> tuple[object, ...]:
    """Everything the groundwork depends on: the catalog (by digest), the date and the organisation's settings."""
    a = answers
    return (
        catalog.digest,
        a.organisation.jurisdiction,
        a.expertise,
        a.constraints.open_weights_only,
        tuple(sorted(a.constraints.exclude_providers)),
        date,
        a.budget.currency,
    )


def lay_groundwork(a: Answers, catalog: Catalog, date: dt.date) -> Groundwork:
    """Work out the groundwork: every option of every model, with its organisation gates, fixed criteria,
    per-token price and the reserved-GPU profiles of its model."""
    jurisdiction = a.organisation.jurisdiction
    per_model = options_by_model(catalog, jurisdiction)
    options = [option for model_options in per_model for option in model_options]
    operators = {model_options[0].model.id: operator_count(model_options) for model_options in per_model}
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
            catalog.policies.home_regions[jurisdiction],
            date,
            operators,
        ),
    )
    organisation = Requirements(
        sensitivity=a.data_sensitivity,
        jurisdiction=jurisdiction,
        expertise=a.expertise,
        open_weights_only=a.constraints.open_weights_only,
        exclude_providers=frozenset(a.constraints.exclude_providers),
        needs=(),
        context_tokens=0,
        date=date,
    )
    signature_index: dict[tuple[object, ...], int] = {}
    static, fixed_values, per_token = work.gatekeeper.static, work.scorer.fixed_values, work.pricer.per_token
    id_rank = {option_id: rank for rank, option_id in enumerate(sorted(option.id for option in options))}
    rows, group_of, ways = work.rows, work.group_of, work.ways
    per_token_of: list[tuple[float, float, float] | None] = []  # per row
    profiles: list[ReservedProfile] = []
    distinct_fixed: dict[tuple[float, ...], tuple[float, float, float, float, float]] = {}
    place = 0
    for m, model_options in enumerate(per_model):
        model = model_options[0].model
        work.models.append(model_options[0])
        work.capability_fits.append(capability_fit(model))
        groups: dict[str, int] = {}  # this model's reserved GPUs per host: their place in profiles
        fixed = fixed_values(model_options)
        work.static_exclusions.extend(static(model_options, organisation))
        for option, values in zip(model_options, fixed, strict=True):
            sig = signature_index.setdefault(option.signature, len(signature_index))
            if sig == len(work.signatures):
                work.signatures.append(option)
            # one tuple for equal values (few distinct among many rows): kept and read back once each
            rows.append(Row(option, place, m, sig, distinct_fixed.setdefault(values, values), id_rank[option.id]))
            per_token_of.append(per_token(option))
            host = option.deployment.host
            if option.deployment.offer is None:  # pricing.needs_sizing
                host_id = host.id if host else ""
                group = groups.get(host_id)
                if group is None:
                    group = groups[host_id] = len(profiles)
                    profiles.append(work.pricer.reserved_profile(model, host))
                group_of.append(group)
                ways.append(way(option))
            else:
                group_of.append(-1)
                ways.append(NO_WAY)
            place += 1
    for place, reasons in enumerate(work.static_exclusions):
        if reasons:
            _tally(work.static_tallies, reasons, 1, {rows[place].model_index}, place)
    work.signature_rows = [0] * len(work.signatures)
    work.signature_models = [set() for _ in work.signatures]
    work.signature_first = [-1] * len(work.signatures)
    work.model_rows = [0] * len(work.models)
    work.model_first = [-1] * len(work.models)
    for row in rows:
        sig, m = row.signature_index, row.model_index
        if work.signature_first[sig] < 0:
            work.signature_first[sig] = row.place
        if work.model_first[m] < 0:
            work.model_first[m] = row.place
        work.signature_rows[sig] += 1
        work.signature_models[sig].add(m)
        work.model_rows[m] += 1
    distinct: dict[tuple[float, float, float], int] = {}
    work.price_of = [-1 if price is None else distinct.setdefault(price, len(distinct)) for price in per_token_of]
    work.prices = list(distinct)
    work.smallest_window = min((option.model.context_window for option in work.models), default=0)
    work.profile_columns = ProfileColumns(profiles)
    price_of, excluded = work.price_of, work.static_exclusions
    passing = [row for row in rows if not excluded[row.place]]
    work.passing_by_pricing = (
        [row for row in passing if price_of[row.place] >= 0],
        [row for row in passing if price_of[row.place] < 0 and group_of[row.place] >= 0],
        [row for row in passing if price_of[row.place] < 0 and group_of[row.place] < 0],
    )
    return work


class Environment:
    """One set of answers on its groundwork: the weights and budget share every use case is scored with."""

    def __init__(
        self,
        answers: Answers,
        catalog: Catalog,
        date: dt.date,
        weights: Mapping[Criterion, float],
        budget_share: float,
        draws: Draws | None = None,  # the Monte Carlo's weight draws (robustness.weight_draws when None)
        keep: Keeper | None = None,  # keeps the groundwork between runs (cache.stored)
    ) -> None:
        self.answers, self.catalog, self.date = answers, catalog, date
        self.weights, self.budget_share, self.draws = weights, budget_share, draws
        self.work = groundwork(answers, catalog, date, keep)

    @property
    def pricer(self) -> Pricer:
        return self.work.pricer

    @property
    def scorer(self) -> Scorer:
        return self.work.scorer

    @property
    def options(self) -> list[Option]:
        return self.work.options

    def candidates(self, req: Requirements) -> Candidates:
        """The options that pass the gates of the organisation and of this data class, and the others with
        their reasons: worked out once per data class."""
        work = self.work
        found = work.candidates.get(req.sensitivity)
        if found is None:
            on_deployment = [work.gatekeeper.deployment(option, req) for option in work.signatures]
            open_to = [not failed for failed in on_deployment]  # per kind of deployment
            token, reserved, rest = (
                list(compress(rows, map(open_to.__getitem__, map(_SIGNATURE, rows))))
                for rows in work.passing_by_pricing
            )
            found = work.candidates[req.sensitivity] = Candidates(
                [*token, *reserved, *rest],
                len(token),
                len(reserved),
                [work.price_of[row.place] for row in token],
                Failing(work, len(work.rows) - len(token) - len(reserved) - len(rest), on_deployment),
                work,
            )
        return found

    def fits(self, weights: tuple[float, ...]) -> list[float]:
        """Each model's quality fit under these capability weights (remembered per weights)."""
        found = self.work.fits.get(weights)
        if found is None:
            # the exact sum of each model's weighted ratings, over the capabilities this use case weighs
            # (a zero weight adds an exact zero): per capability a column, then one fsum per model
            work = self.work
            if not work.capability_columns and work.capability_fits:
                work.capability_columns = list(zip(*work.capability_fits, strict=True))
            columns = work.capability_columns
            weighted = [[w * x for x in columns[c]] for c, w in enumerate(weights) if w]
            found = self.work.fits[weights] = (
                list(map(math.fsum, zip(*weighted, strict=True))) if weighted else [0.0] * len(self.work.models)
            )
        return found

    def model_failures(self, req: Requirements) -> list[list[Exclusion]]:
        """Per model, the gates of this use case's request size and needs it fails: the needs' worked out once
        per needs, the request size's only where a model's window is too small."""
        work = self.work
        on_needs = work.model_failures.get(req.needs)
        if on_needs is None:
            on_needs = work.model_failures[req.needs] = (
                [needs_gates(option, req) for option in work.models]
                if req.needs
                else [NO_EXCLUSIONS] * len(work.models)
            )
        tokens = req.context_tokens
        if tokens <= work.smallest_window:
            return on_needs
        return [
            needs if option.model.context_window >= tokens else [*context_gates(option, req), *needs]
            for option, needs in zip(work.models, on_needs, strict=True)
        ]


class RuleGroup:
    """The options one rule removed."""

    __slots__ = ("example", "first", "models", "options")

    def __init__(self, options: int, models: set[str], first: int, example: str) -> None:
        self.options = options
        self.models = models  # their models' names
        self.first = first  # the catalog place of the first of them
        self.example = example  # the rule's reason for that one, as "[rule] reason"


class _Tally:
    """The rows one rule removed, while they are counted: how many, their models (by index), and the first
    row's place and the rule's reason for it."""

    __slots__ = ("example", "first", "models", "options")

    def __init__(self, options: int, models: set[int], first: int, example: str) -> None:
        self.options, self.models, self.first, self.example = options, models, first, example

    def copy(self) -> _Tally:
        return _Tally(self.options, set(self.models), self.first, self.example)


def _tally(tallies: dict[str, _Tally], reasons: list[Exclusion], rows: int, models: set[int], first: int) -> None:
    """Count `rows` rows of `models`, the first at place `first`, under each rule among `reasons` (once each)."""
    seen: set[str] = set()
    for e in reasons:
        if e.rule in seen:
            continue
        seen.add(e.rule)
        found = tallies.get(e.rule)
        if found is None:
            tallies[e.rule] = _Tally(rows, set(models), first, str(e))
        else:
            found.options += rows
            found.models |= models
            if first < found.first:
                found.first, found.example = first, str(e)


class Exclusions(Sequence[ExcludedOption]):
    """Every option a gate removed for one use case, in catalog order, with every reason: assembled only
    when someone reads it (most reports show a count and a few)."""

    def __init__(
        self,
        failing: Failing,
        model_failed: list[list[Exclusion]],
        failed_model: list[Row],
        too_big: list[Row],
        why_too_big: Callable[[Option], str],
    ) -> None:
        self._failing, self._model_failed = failing, model_failed
        self._failed_model, self._too_big, self._why_too_big = failed_model, too_big, why_too_big
        self._items: list[ExcludedOption] | None = None

    def _all(self) -> list[ExcludedOption]:
        if self._items is None:
            model_failed = self._model_failed
            merged = [
                (row.place, ExcludedOption(row.option, self._failing.reasons(row) + model_failed[row.model_index]))
                for row in self._failing.rows
            ]
            merged.extend(
                (row.place, ExcludedOption(row.option, model_failed[row.model_index])) for row in self._failed_model
            )
            merged.extend(
                (row.place, ExcludedOption(row.option, [Exclusion("hardware", self._why_too_big(row.option))]))
                for row in self._too_big
            )
            merged.sort(key=itemgetter(0))
            self._items = [item for _, item in merged]
        return self._items

    def __len__(self) -> int:
        return self._failing.count + len(self._failed_model) + len(self._too_big)

    def by_rule(self) -> dict[str, RuleGroup]:
        """For each rule, the options it removed: how many, their models' names, and its reason for the first
        of them in catalog order. The same as grouping the ExcludedOptions, without assembling them.

        The rules of the organisation's gates, of the data's gates, of the model gates and `hardware` are
        distinct, and every option of a model that fails a model gate is removed by it: so a rule's options
        are counted per source, from what the groundwork counted once (per rule of the organisation's gates,
        per kind of deployment, per model), never option by option."""
        failing, work = self._failing, self._failing.work
        tallies = {rule: tally.copy() for rule, tally in work.static_tallies.items()}
        for sig, reasons in enumerate(failing.on_deployment):
            if reasons:
                _tally(
                    tallies, reasons, work.signature_rows[sig], work.signature_models[sig], work.signature_first[sig]
                )
        models_of: dict[str, list[int]] = {}  # per model-gate rule, the models that fail it, in catalog order
        examples: dict[str, Exclusion] = {}
        for m, reasons in enumerate(self._model_failed):
            for e in reasons:
                failing_models = models_of.setdefault(e.rule, [])
                if not failing_models:
                    examples[e.rule] = e
                if not failing_models or failing_models[-1] != m:
                    failing_models.append(m)
        for rule, failing_models in models_of.items():
            rows = sum(work.model_rows[m] for m in failing_models)
            tallies[rule] = _Tally(rows, set(failing_models), work.model_first[failing_models[0]], str(examples[rule]))
        names = [option.model.name for option in work.models]
        groups = {
            rule: RuleGroup(t.options, {names[m] for m in t.models}, t.first, t.example) for rule, t in tallies.items()
        }
        if self._too_big:
            first = min(self._too_big, key=_PLACE)
            groups["hardware"] = RuleGroup(
                len(self._too_big),
                {row.option.model.name for row in self._too_big},
                first.place,
                str(Exclusion("hardware", self._why_too_big(first.option))),
            )
        return groups

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


def pick_fallback(ranked: Ranked, primary: ScoredOption | None = None) -> ScoredOption | None:
    """The best option from another vendor than the primary's (the best option's, by default), preferring
    the other camp (closed to open and back)."""
    if not ranked:
        return None
    winner = (primary or ranked[0]).option.model
    other_camp = ranked.first(
        lambda row: row.option.model.vendor != winner.vendor and row.option.model.weights != winner.weights, start=0
    )
    return other_camp or ranked.first(lambda row: row.option.model.vendor != winner.vendor, start=0)


def distinct_models(ranked: Ranked, skip: Sequence[ScoredOption | None], n: int) -> list[ScoredOption]:
    """The `n` best options, each of a model not in `skip` nor already chosen."""
    seen = {s.option.model.id for s in skip if s is not None}
    out: list[ScoredOption] = []
    rows = ranked.rows
    for k in ranked.order:
        model_id = rows[k].option.model.id
        if model_id not in seen:
            seen.add(model_id)
            out.append(ranked.scored(k))
            if len(out) == n:
                break
    return out


def around(
    ranked: Ranked, primary: ScoredOption, volume: Volume, needs: Sequence[str], pricer: Pricer
) -> tuple[ScoredOption | None, list[ScoredOption], dict[str, Sizing]]:
    """What goes with a primary: its fallback from another vendor, the best alternatives of other models, and
    the sizing of each of them that runs on reserved GPUs."""
    fallback = pick_fallback(ranked, primary)
    alternatives = distinct_models(ranked, [primary, fallback], ALTERNATIVES)
    sizings = {
        s.option.id: sizing
        for s in [primary, fallback, *alternatives]
        if s is not None and needs_sizing(s.option)
        for sizing in [pricer.sizing(s.option, volume, needs)]
        if sizing is not None
    }
    return fallback, alternatives, sizings


def score(
    req: Requirements,
    volume: Volume,
    weights: tuple[float, ...],
    fit_weights: tuple[float, ...],
    env: Environment,
) -> tuple[Ranked, Exclusions]:
    """Every option of one use case that passes its gates, priced and scored, and every one that does not."""
    pricer, needs, work = env.pricer, req.needs, env.work
    candidates = env.candidates(req)
    model_failed = env.model_failures(req)
    failed_model: list[Row] = []
    if any(model_failed):
        failing_models = tuple(m for m, failed in enumerate(model_failed) if failed)
        candidates, failed_model = candidates.narrowed(failing_models, model_failed)
    rows, tokens, reserved_end = candidates.rows, candidates.tokens, candidates.tokens + candidates.reserved
    models, signatures = candidates.model_column, candidates.signature_column
    w_quality, w_cost, w_privacy, *w_fixed = weights
    dots = candidates.fixed_dot(tuple(w_fixed))
    share = env.budget_share
    tokens_in, tokens_out = volume.tokens_in, volume.tokens_out
    # priced per token: each distinct price once (many offers share one), then per row
    each = [fixed + tokens_in * per_in + tokens_out * per_out for per_in, per_out, fixed in work.prices]
    each_value = cost_values(each, share)
    costs: list[float | None] = [each[i] for i in candidates.price_index]
    values = [each_value[i] for i in candidates.price_index]
    # the rows on reserved GPUs that some configuration holds, with their columns; the others are too big
    more: list[float | None] = []
    held: tuple[list[Row], list[int], list[int], list[float]] = ([], [], [], [])
    held_rows, held_models, held_signatures, held_dots = held
    too_big: list[Row] = []
    chosen = ReservedQuotes(pricer, volume, needs).choose(work.profile_columns)
    prices, price = pricer.reserved_prices, pricer.reserved_price
    reserved = zip(range(tokens, reserved_end), candidates.reserved_group_of, candidates.reserved_ways, strict=True)
    for k, group, how in reserved:
        configuration = chosen[group]
        if configuration is None:
            too_big.append(rows[k])
            continue
        gpu, gpus = configuration
        key = (how, gpu.id, gpus)
        more.append(prices[key] if key in prices else price(rows[k].option, gpu, gpus))
        held_rows.append(rows[k])
        held_models.append(models[k])
        held_signatures.append(signatures[k])
        held_dots.append(dots[k])
    more.extend(pricer.cost(row.option, volume, None) for row in rows[reserved_end:])
    costs += more
    values += cost_values(more, share)
    if too_big:
        rows = rows[:tokens] + held_rows + rows[reserved_end:]
        models = models[:tokens] + held_models + models[reserved_end:]
        signatures = signatures[:tokens] + held_signatures + signatures[reserved_end:]
        dots = dots[:tokens] + held_dots + dots[reserved_end:]
    privacy = [work.scorer.privacy(option, req.sensitivity) for option in work.signatures]
    fits = env.fits(fit_weights)
    scores = [
        w_quality * fits[m] + w_cost * cv + w_privacy * privacy[sig] + fixed
        for m, cv, sig, fixed in zip(models, values, signatures, dots, strict=True)
    ]
    ranked = Ranked(
        rows,
        costs,
        values,
        scores,
        fits,
        privacy,
        weights,
        CostStory(pricer, volume, needs),
        candidates.fixed_ranges,
        models,
        signatures,
    )
    why_too_big = functools.partial(_too_big, pricer, volume, needs)
    return ranked, Exclusions(candidates.failing, model_failed, failed_model, too_big, why_too_big)


def _too_big(pricer: Pricer, volume: Volume, needs: Sequence[str], option: Option) -> str:
    return pricer.too_big(option, volume, needs)


def evaluate(use_case: UseCase, env: Environment) -> UseCaseResult:
    catalog = env.catalog
    kind = catalog.use_case_kinds[use_case.kind]
    volume = volume_of(use_case, catalog)
    req = requirements(use_case, volume, env)
    weights = effective_weights(env.weights, req.sensitivity)
    weight_vector = tuple(weights[c] for c in CRITERIA)
    fit_weights = quality_weights(kind.weights, use_case.needs)
    ranked, excluded = score(req, volume, weight_vector, fit_weight_vector(fit_weights), env)
    primary = ranked[0] if ranked else None
    fallback, alternatives, sizings = (
        around(ranked, primary, volume, use_case.needs, env.pricer) if primary is not None else (None, [], {})
    )
    runner_up = (
        ranked.first(lambda row: row.option.model.id != primary.option.model.id) if primary is not None else None
    )
    robustness = assess(ranked, weights, env.draws) if ranked else None
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
            primary, runner_up, use_case, currency, ranked.of_model(ranked.rows[ranked.order[0]].model_index)
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


def break_even(ranked: Ranked, volume: Volume, env: Environment) -> BreakEven | None:
    """Tokens per month above which the best self-hosted option costs less than the best API option."""
    kinds = env.work.signatures  # one option per kind of deployment
    api = ranked.first_on([option.deployment.mode == "shared_api" for option in kinds], priced=True)
    own = ranked.first_on([option.deployment.mode == "self_hosted" for option in kinds], priced=True)
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


def operator_count(options: Sequence[Option]) -> int:
    """How many operators run a model (its options)."""
    return len({option.deployment.operator for option in options})
