"""One use case: gate every option, price and score the rest, pick the winner and its fallback, say why.

The work that does not depend on the use case (the organisation's gates, an option's fixed criteria, which
GPUs hold a model) is remembered in the `Environment`, so a catalog of thousands of models decides fast.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import math
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from operator import is_not, itemgetter, not_
from typing import overload

from advisor.answers.model import Answers, UseCase
from advisor.catalog.schema import Catalog, Model, Sensitivity
from advisor.engine.ai_act import assess as assess_ai_act
from advisor.engine.costs import Sizing, Volume, blended_price, break_even_tokens, convert
from advisor.engine.options import Option, OptionTable, options_by_model
from advisor.engine.policy import (
    Exclusion,
    Gatekeeper,
    Requirements,
    context_gates,
    needs_gates,
    over_offer_limits,
)
from advisor.engine.pricing import (
    CostStory,
    PerToken,
    Pricer,
    ProfileColumns,
    ReservedProfile,
    ReservedQuotes,
    needs_sizing,
    pricing_needs,
    way,
)
from advisor.engine.ranking import Ranked
from advisor.engine.reasons import change_sentences, changes_needed, fallback_reasons, winner_reasons
from advisor.engine.recommendation import BreakEven, ExcludedOption, UseCaseResult
from advisor.engine.robustness import Draws, assess
from advisor.engine.scoring import (
    CRITERIA,
    Criterion,
    ScoredOption,
    Scorer,
    capability_fit,
    cost_values,
    fit_weight_vector,
    quality_value,
    quality_weights,
    separating_weights,
)

ALTERNATIVES = 3
NO_EXCLUSIONS: list[Exclusion] = []  # shared, never appended to
NO_WAY = ("", "")


class Failing:
    """The options a data class's gates or the organisation's remove, with what tells why: each row's
    organisation gates and its deployment's data gates (per signature). Listed when first read (a decision
    needs only how many)."""

    def __init__(self, work: Groundwork, count: int, on_deployment: list[list[Exclusion]]) -> None:
        self.work, self.count, self.on_deployment = work, count, on_deployment
        self._places: list[int] | None = None

    @property
    def places(self) -> list[int]:
        if self._places is None:
            blocked = [bool(failed) for failed in self.on_deployment]
            static_of, signature_of = self.work.static_of, self.work.signature_of
            self._places = [
                place for place in range(len(static_of)) if static_of[place] or blocked[signature_of[place]]
            ]
        return self._places

    def reasons(self, place: int) -> list[Exclusion]:
        work = self.work
        return work.static_table[work.static_of[place]] + self.on_deployment[work.signature_of[place]]


class Candidates:
    """The options of one data class that pass the organisation's and the data's gates, as columns: rows
    priced per token first, then those on reserved GPUs, then the rest; and the options that fail.
    (Plain classes here and below: a dataclass costs about 1 ms to define, on every run.)"""

    def __init__(
        self,
        places: list[int],  # the rows, by place
        tokens: int,  # places[:tokens] are priced per token
        reserved: int,  # places[tokens:tokens + reserved] run on reserved GPUs
        failing: Failing,
        work: Groundwork,
    ) -> None:
        self.places, self.tokens, self.reserved = places, tokens, reserved
        self.failing, self.work = failing, work
        # columns read by C loops (map, compress): tens of thousands of rows, per data class and use case
        self.price_index = list(map(work.price_of.__getitem__, places[:tokens]))  # places in work.prices
        self.model_column = list(map(work.table.model_of.__getitem__, places))
        self.signature_column = list(map(work.signature_of.__getitem__, places))
        self.fixed_index = list(map(work.fixed_of.__getitem__, places))  # places in work.fixed_table
        reserved_places = places[tokens : tokens + reserved]
        self.reserved_group_of = list(map(work.group_of.__getitem__, reserved_places))  # profile_columns places
        self.reserved_ways = list(map(work.way_table.__getitem__, map(work.way_of.__getitem__, reserved_places)))
        columns = zip(*map(work.fixed_table.__getitem__, set(self.fixed_index)), strict=True)
        # the lowest and highest of each fixed criterion
        self.fixed_ranges: list[tuple[float, float]] = [(min(column), max(column)) for column in columns]
        self._dots: dict[tuple[float, ...], list[float]] = {}
        self._narrowed: dict[tuple[object, ...], tuple[Candidates, list[int]]] = {}

    @property
    def fixed_column(self) -> list[tuple[float, float, float, float, float]]:
        """Each row's fixed criteria (lock_in, speed, operations, licence, lifecycle)."""
        return list(map(self.work.fixed_table.__getitem__, self.fixed_index))

    def fixed_dot(self, weights: tuple[float, ...]) -> list[float]:
        """Each row's weighted sum of the fixed criteria, remembered per weights: worked out once per distinct
        set of values (few among many rows)."""
        found = self._dots.get(weights)
        if found is None:
            a, b, c, d, e = weights
            each = [a * v + b * w + c * x + d * y + e * z for v, w, x, y, z in self.work.fixed_table]
            found = self._dots[weights] = list(map(each.__getitem__, self.fixed_index))
        return found

    def without_rows(self, rows: Mapping[int, object]) -> tuple[Candidates, list[int]]:
        """Without these rows (by place: those an offer's own limits remove), and those of them that were
        here; remembered per rows."""
        key = ("rows", *rows)
        found = self._narrowed.get(key)
        if found is None:
            found = self._narrowed[key] = self._keeping([place not in rows for place in self.places])
        return found

    def narrowed(self, key: tuple[object, ...], failed: Sequence[list[Exclusion]]) -> tuple[Candidates, list[int]]:
        """Without the rows whose model fails a use case's model gates (`failed`, per model), and those rows;
        remembered per `key`, the failing models."""
        found = self._narrowed.get(key)
        if found is None:
            passes = [not reasons for reasons in failed]  # per model
            found = self._narrowed[key] = self._keeping(list(map(passes.__getitem__, self.model_column)))
        return found

    def _keeping(self, keep: list[bool]) -> tuple[Candidates, list[int]]:
        """Only the rows marked in `keep` (per row), and the places of the others."""
        tokens, reserved_end = self.tokens, self.tokens + self.reserved
        kept = Candidates(
            list(compress(self.places, keep)),  # in the same order: per token, reserved, the rest
            keep[:tokens].count(True),
            keep[tokens:reserved_end].count(True),
            self.failing,
            self.work,
        )
        return kept, list(compress(self.places, map(not_, keep)))


class Groundwork:
    """What one organisation's answers and one catalog settle before any use case: every option, with its
    organisation-level gates, fixed criteria and per-token price worked out once, as columns (per row: an
    option, by its place in `table`). Kept for the next decision with the same settings (a batch of answers
    files mostly shares them)."""

    def __init__(
        self,
        catalog: Catalog,
        date: dt.date,
        table: OptionTable,
        gatekeeper: Gatekeeper,
        pricer: Pricer,
        scorer: Scorer,
    ) -> None:
        self.catalog, self.date, self.table = catalog, date, table
        self.gatekeeper, self.pricer, self.scorer = gatekeeper, pricer, scorer
        # per row
        self.signature_of: list[int] = []  # its kind of deployment, a place in `signatures`
        self.fixed_of: list[int] = []  # its fixed criteria, a place in `fixed_table`
        self.static_of: list[int] = []  # the organisation's gates it fails, a place in `static_table` (0: none)
        self.price_of: list[int] = []  # its per-token price, a place in `prices` (-1: not priced per token)
        self.group_of = array("i")  # its model and host in profile_columns (-1: not on reserved GPUs)
        self.way_of: list[int] = []  # on reserved GPUs: how they are run, a place in `way_table` (pricing.way)
        # the distinct values those point at
        self.fixed_table: list[tuple[float, float, float, float, float]] = []  # lock_in, speed, ... lifecycle
        self.static_table: list[list[Exclusion]] = [NO_EXCLUSIONS]
        self.prices: list[PerToken] = []  # per input token, per output token, fixed, long-prompt tier
        self.way_table: list[tuple[str, str]] = [NO_WAY]
        self.flat_costs: dict[int, float | None] = {}  # per row neither per token nor reserved: its monthly cost
        # what the organisation's gates remove, per rule (by_rule counts these, not rows)
        self.static_tallies: dict[str, _Tally] = {}
        self.signatures: list[Option] = []  # one option of each kind of deployment, in order
        self.signature_rows: list[int] = []  # per kind of deployment: its rows
        self.signature_models: list[set[int]] = []  # and their models
        self.signature_first: list[int] = []  # and the place of the first
        self.model_rows: list[int] = []  # per model: its rows
        self.model_first: list[int] = []  # and the place of the first (a model's rows are consecutive)
        self.capability_fits: list[tuple[float, ...]] = []  # per model, on the quality scale
        self.profile_columns = ProfileColumns([])  # each model on each host with reserved GPUs
        self.smallest_window = 0  # the smallest context window of any model
        # the rows the organisation's gates leave in: priced per token, on reserved GPUs, the rest (arrays, as
        # group_of: kept and read back as bytes, not as tens of thousands of numbers)
        self.passing_by_pricing: tuple[array[int], array[int], array[int]] = (array("i"), array("i"), array("i"))
        self._memos()

    def _memos(self) -> None:
        self.candidates: dict[str, Candidates] = {}  # per data class
        self.capability_columns: list[tuple[float, ...]] = []  # capability_fits, per capability
        self.fits: dict[tuple[float, ...], list[float]] = {}  # per quality weights: per model
        self.model_failures: dict[tuple[str, ...], list[list[Exclusion]]] = {}  # per needs: per model

    def __getstate__(self) -> dict[str, object]:
        """Kept without what one decision remembers along the way."""
        state = dict(self.__dict__)
        for memo in ("candidates", "capability_columns", "fits", "model_failures"):
            del state[memo]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._memos()

    @property
    def models(self) -> list[Model]:
        return self.table.models


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
    per_model = options_by_model(catalog, jurisdiction, date)
    operators = {model_options[0].model.id: operator_count(model_options) for model_options in per_model}
    table = OptionTable(per_model)
    work = Groundwork(
        catalog,
        date,
        table,
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
    static, fixed_values, pricer = work.gatekeeper.static, work.scorer.fixed_values, work.pricer
    # the distinct values of the columns below, by value (fixed criteria, ways) or by identity (exclusions)
    signature_index: dict[tuple[object, ...], int] = {}
    fixed_index: dict[tuple[float, float, float, float, float], int] = {}
    static_index: dict[int, int] = {id(NO_EXCLUSIONS): 0}
    price_index: dict[PerToken, int] = {}
    way_index: dict[tuple[str, str], int] = {NO_WAY: 0}
    profiles: list[ReservedProfile] = []
    passing = work.passing_by_pricing
    place = 0
    for m, model_options in enumerate(per_model):
        model = model_options[0].model
        work.capability_fits.append(capability_fit(model))
        work.model_first.append(place)  # a model's rows are consecutive
        work.model_rows.append(len(model_options))
        groups: dict[str, int] = {}  # this model's reserved GPUs per host: their place in profiles
        for option, values, reasons in zip(
            model_options, fixed_values(model_options), static(model_options, organisation), strict=True
        ):
            sig = signature_index.setdefault(option.signature, len(signature_index))
            if sig == len(work.signatures):
                work.signatures.append(option)
                work.signature_first.append(place)
                work.signature_rows.append(0)
                work.signature_models.append(set())
            work.signature_rows[sig] += 1
            work.signature_models[sig].add(m)
            work.signature_of.append(sig)
            work.fixed_of.append(fixed_index.setdefault(values, len(fixed_index)))
            if not reasons:
                reasons = NO_EXCLUSIONS
            work.static_of.append(static_index.setdefault(id(reasons), len(static_index)))
            if len(static_index) > len(work.static_table):
                work.static_table.append(reasons)
            price = pricer.per_token(option)
            price_place, group, way_place = -1, -1, 0  # not priced per token, not on reserved GPUs
            if price is not None:
                price_place, pricing = price_index.setdefault(price, len(price_index)), 0
            elif option.deployment.offer is None:  # pricing.needs_sizing
                host = option.deployment.host
                host_id = host.id if host else ""
                found = groups.get(host_id)
                if found is None:
                    found = groups[host_id] = len(profiles)
                    profiles.append(pricer.reserved_profile(model, host))
                group, way_place, pricing = found, way_index.setdefault(way(option), len(way_index)), 1
            else:  # an offer with a flat monthly fee, or with no price
                work.flat_costs[place] = pricer.flat_cost(option)
                pricing = 2
            work.price_of.append(price_place)
            work.group_of.append(group)
            work.way_of.append(way_place)
            if reasons:
                _tally(work.static_tallies, reasons, 1, {m}, place)
            else:
                passing[pricing].append(place)
            place += 1
    work.fixed_table = list(fixed_index)
    work.prices = list(price_index)
    work.way_table = list(way_index)
    work.smallest_window = min((model.context_window for model in table.models), default=0)
    work.profile_columns = ProfileColumns(profiles)
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
        work: Groundwork,  # the groundwork of these answers' settings on this catalog (lay_groundwork)
        draws: Draws | None = None,  # the Monte Carlo's weight draws (robustness.weight_draws when None)
        robustness: bool = True,  # whether each use case's choice is checked for robustness
    ) -> None:
        self.answers, self.catalog, self.date = answers, catalog, date
        self.weights, self.budget_share, self.draws = weights, budget_share, draws
        self.work, self.robustness = work, robustness

    def without_robustness(self) -> Environment:
        """The same, for a whole-stack option (C): the report shows no robustness check of its use cases, so
        none is run."""
        quick = copy.copy(self)
        quick.robustness = False
        return quick

    @property
    def pricer(self) -> Pricer:
        return self.work.pricer

    @property
    def scorer(self) -> Scorer:
        return self.work.scorer

    def candidates(self, req: Requirements) -> Candidates:
        """The options that pass the gates of the organisation and of this data class, and the others with
        their reasons: worked out once per data class."""
        work = self.work
        found = work.candidates.get(req.sensitivity)
        if found is None:
            on_deployment = [work.gatekeeper.deployment(option, req) for option in work.signatures]
            open_to = [not failed for failed in on_deployment]  # per kind of deployment
            token, reserved, rest = (
                list(compress(places, map(open_to.__getitem__, map(work.signature_of.__getitem__, places))))
                for places in work.passing_by_pricing
            )
            found = work.candidates[req.sensitivity] = Candidates(
                [*token, *reserved, *rest],
                len(token),
                len(reserved),
                Failing(work, len(work.table) - len(token) - len(reserved) - len(rest), on_deployment),
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
                [needs_gates(model, req) for model in work.models] if req.needs else [NO_EXCLUSIONS] * len(work.models)
            )
        tokens = req.context_tokens
        if tokens <= work.smallest_window:
            return on_needs
        return [
            needs if model.context_window >= tokens else [*context_gates(model, req), *needs]
            for model, needs in zip(work.models, on_needs, strict=True)
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
        failed_model: list[int],  # the rows (places) whose model fails a model gate
        too_big: list[int],  # the rows on reserved GPUs that no configuration holds
        why_too_big: Callable[[Option], str],
        capped: Mapping[int, list[Exclusion]] | None = None,  # the rows over their offer's own limits, and why
    ) -> None:
        self._failing, self._model_failed = failing, model_failed
        self._failed_model, self._too_big, self._why_too_big = failed_model, too_big, why_too_big
        self._capped = capped or {}
        self._items: list[ExcludedOption] | None = None

    def _all(self) -> list[ExcludedOption]:
        if self._items is None:
            model_failed, failing = self._model_failed, self._failing
            table = failing.work.table
            option, model_of = table.option, table.model_of
            merged = [
                (place, ExcludedOption(option(place), failing.reasons(place) + model_failed[model_of[place]]))
                for place in failing.places
            ]
            merged.extend(
                (place, ExcludedOption(option(place), model_failed[model_of[place]])) for place in self._failed_model
            )
            merged.extend(
                (place, ExcludedOption(option(place), [Exclusion("hardware", self._why_too_big(option(place)))]))
                for place in self._too_big
            )
            merged.extend((place, ExcludedOption(option(place), reasons)) for place, reasons in self._capped.items())
            merged.sort(key=itemgetter(0))
            self._items = [item for _, item in merged]
        return self._items

    def __len__(self) -> int:
        return self._failing.count + len(self._failed_model) + len(self._too_big) + len(self._capped)

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
        model_of = work.table.model_of
        for place, reasons in self._capped.items():
            _tally(tallies, reasons, 1, {model_of[place]}, place)
        names = [model.name for model in work.models]
        groups = {
            rule: RuleGroup(t.options, {names[m] for m in t.models}, t.first, t.example) for rule, t in tallies.items()
        }
        if self._too_big:
            first, model_of = min(self._too_big), work.table.model_of
            groups["hardware"] = RuleGroup(
                len(self._too_big),
                {names[model_of[place]] for place in self._too_big},
                first,
                str(Exclusion("hardware", self._why_too_big(work.table.option(first)))),
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
        use_case.cached_input_share,
    )


def gated_as(answers: Answers, use_case: UseCase) -> Sensitivity:
    """The data class whose rules gate this use case: its own, or confidential for regulated data when the
    organisation accepted the relaxed rule (constraints.regulated_via_api: an in-jurisdiction shared API with
    zero retention and no training is what the confidential rules allow)."""
    sensitivity = answers.sensitivity_of(use_case)
    if sensitivity == "regulated" and answers.constraints.regulated_via_api:
        return "confidential"
    return sensitivity


def requirements(use_case: UseCase, volume: Volume, env: Environment) -> Requirements:
    a = env.answers
    return Requirements(
        sensitivity=gated_as(a, use_case),
        jurisdiction=a.organisation.jurisdiction,
        expertise=a.expertise,
        open_weights_only=a.constraints.open_weights_only,
        exclude_providers=frozenset(a.constraints.exclude_providers),
        needs=tuple(use_case.needs),
        context_tokens=volume.input_tokens + volume.output_tokens,
        date=env.date,
    )


def pick_fallback(ranked: Ranked, primary: ScoredOption | None = None) -> ScoredOption | None:
    """The best option from another vendor than the primary's (the best option's, by default): preferring,
    in this order, the other camp (closed to open and back) on another operator's infrastructure, another
    operator, the other camp, then any other vendor. A fallback on the primary's operator would fail with it."""
    if not ranked:
        return None
    winner = primary or ranked[0]
    model, operator = winner.option.model, winner.option.deployment.operator
    found: list[int | None] = [None, None, None, None]
    for k in ranked.order:
        option = ranked.option(k)
        if option.model.vendor == model.vendor:
            continue
        other_camp = option.model.weights != model.weights
        elsewhere = option.deployment.operator != operator
        for rank, fits in enumerate((other_camp and elsewhere, elsewhere, other_camp, True)):
            if fits and found[rank] is None:
                found[rank] = k
        if found[0] is not None:
            break
    best = next((k for k in found if k is not None), None)
    return ranked.scored(best) if best is not None else None


def distinct_models(ranked: Ranked, skip: Sequence[ScoredOption | None], n: int) -> list[ScoredOption]:
    """The `n` best options, each of a model not in `skip` nor already chosen."""
    seen = {s.option.model.id for s in skip if s is not None}
    out: list[ScoredOption] = []
    models, every = ranked.models, ranked.table.models
    for k in ranked.order:
        model_id = every[models[k]].id
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
    kind: str,
) -> tuple[Ranked, Exclusions]:
    """Every option of one use case that passes its gates, priced and scored, and every one that does not."""
    pricer, needs, work = env.pricer, pricing_needs(req.needs, kind), env.work
    candidates = env.candidates(req)
    model_failed = env.model_failures(req)
    failed_model: list[int] = []
    if any(model_failed):
        failing_models = tuple(m for m, failed in enumerate(model_failed) if failed)
        candidates, failed_model = candidates.narrowed(failing_models, model_failed)
    # offers with their own token limits under this use case's requests: out, not the model's other offers
    over = over_offer_limits(work.table.limited, volume.input_tokens, volume.output_tokens, needs)
    capped: dict[int, list[Exclusion]] = {}
    if over:
        candidates, removed = candidates.without_rows(over)
        capped = {place: over[place] for place in removed}
    places, tokens, reserved_end = candidates.places, candidates.tokens, candidates.tokens + candidates.reserved
    models, signatures = candidates.model_column, candidates.signature_column
    fixed = candidates.fixed_column
    share = env.budget_share
    tokens_in, tokens_out = volume.tokens_in, volume.tokens_out
    # priced per token: each distinct price once (many offers share one), then per row; a request whose
    # prompt is longer than an offer's long-prompt tier's threshold is billed at the tier's rates throughout
    # (and the cached share of its input at the cached-input rate, the input rate where none is published)
    prompt = volume.input_tokens
    cached, fresh = volume.cached_share, 1.0 - volume.cached_share
    each = [
        fixed + tokens_in * (fresh * per_in + cached * per_cached) + tokens_out * per_out
        if long is None or prompt <= long[0]
        else fixed + tokens_in * (fresh * long[1] + cached * long[3]) + tokens_out * long[2]
        for per_in, per_out, fixed, long, per_cached in work.prices
    ]
    each_value = cost_values(each, share)
    costs: list[float | None] = list(map(each.__getitem__, candidates.price_index))
    values = list(map(each_value.__getitem__, candidates.price_index))
    # the rows on reserved GPUs that some configuration holds, with their columns; the others are too big
    chosen = ReservedQuotes(pricer, volume, needs).choose(work.profile_columns)
    configurations = list(map(chosen.__getitem__, candidates.reserved_group_of))
    holds = list(map(is_not, configurations, repeat(None)))
    too_big = list(compress(places[tokens:reserved_end], map(not_, holds)))  # places
    held = list(compress(range(tokens, reserved_end), holds))  # positions
    # priced per way of running and configuration: few distinct among thousands of rows, each priced once
    keys = list(zip(compress(candidates.reserved_ways, holds), map(id, compress(configurations, holds)), strict=True))
    each_key: dict[tuple[object, ...], float | None] = {}
    for key, k in dict(zip(keys, held, strict=True)).items():  # a position with each key
        configuration = configurations[k - tokens]
        assert configuration is not None
        each_key[key] = pricer.reserved_price(work.table.option(places[k]), *configuration)
    key_values = dict(zip(each_key, cost_values(list(each_key.values()), share), strict=True))
    flat = list(map(work.flat_costs.__getitem__, places[reserved_end:]))
    costs += map(each_key.__getitem__, keys)
    costs += flat
    values += map(key_values.__getitem__, keys)
    values += cost_values(flat, share)
    kept = [*range(tokens), *held, *range(reserved_end, len(places))] if too_big else None
    if kept is not None:
        places, models, signatures = [list(map(column.__getitem__, kept)) for column in (places, models, signatures)]
        fixed = list(map(fixed.__getitem__, kept))
    privacy = [work.scorer.privacy(option, req.sensitivity) for option in work.signatures]
    fits = env.fits(fit_weights)
    if places:  # a criterion on which the passing options all score alike gives its weight to the others
        quality_values, privacy_values = [fits[m] for m in set(models)], [privacy[g] for g in set(signatures)]
        spreads = [
            max(quality_values) - min(quality_values),
            max(values) - min(values),
            max(privacy_values) - min(privacy_values),
            *(high - low for low, high in candidates.fixed_ranges),
        ]
        weights = separating_weights(weights, spreads)
    w_quality, w_cost, w_privacy, *w_fixed = weights
    dots = candidates.fixed_dot(tuple(w_fixed))
    if kept is not None:
        dots = list(map(dots.__getitem__, kept))
    scores = [
        w_quality * fits[m] + w_cost * cv + w_privacy * privacy[sig] + fixed_sum
        for m, cv, sig, fixed_sum in zip(models, values, signatures, dots, strict=True)
    ]
    ranked = Ranked(
        work.table,
        places,
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
        fixed,
    )
    why_too_big = functools.partial(_too_big, pricer, volume, needs)
    return ranked, Exclusions(candidates.failing, model_failed, failed_model, too_big, why_too_big, capped)


def _too_big(pricer: Pricer, volume: Volume, needs: Sequence[str], option: Option) -> str:
    return pricer.too_big(option, volume, needs)


def evaluate(use_case: UseCase, env: Environment) -> UseCaseResult:
    catalog = env.catalog
    kind = catalog.use_case_kinds[use_case.kind]
    volume = volume_of(use_case, catalog)
    req = requirements(use_case, volume, env)
    fit_weights = quality_weights(kind.weights, use_case.needs)
    weight_vector = tuple(env.weights[c] for c in CRITERIA)
    ranked, excluded = score(req, volume, weight_vector, fit_weight_vector(fit_weights), env, kind.id)
    weights = dict(zip(CRITERIA, ranked.weights, strict=True))  # without the criteria that did not separate
    primary = ranked[0] if ranked else None
    fallback, alternatives, sizings = (
        around(ranked, primary, volume, pricing_needs(use_case.needs, kind.id), env.pricer)
        if primary is not None
        else (None, [], {})
    )
    runner_up = ranked.first_model(lambda model: model.id != primary.option.model.id) if primary is not None else None
    robustness = assess(ranked, weights, env.draws) if ranked and env.robustness else None
    currency = env.answers.budget.currency
    return UseCaseResult(
        use_case=use_case,
        kind=kind,
        sensitivity=env.answers.sensitivity_of(use_case),  # as the user said it, whatever rules gated it
        volume=volume,
        ranked=ranked,
        excluded=excluded,
        sizing=sizings,
        primary=primary,
        fallback=fallback,
        alternatives=alternatives,
        reasons=winner_reasons(primary, runner_up, use_case, currency, ranked.of_model(ranked.models[ranked.order[0]]))
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
        break_even=break_even(ranked, volume, env, primary),
        weights=weights,
        ai_act=assess_ai_act(kind.ai_act, use_case, env.answers.organisation),
        monthly_cost=primary.monthly_cost if primary else None,
    )


def break_even(
    ranked: Ranked, volume: Volume, env: Environment, primary: ScoredOption | None = None
) -> BreakEven | None:
    """Tokens per month above which a deployment on reserved GPUs costs less than an API: the recommended one
    when it runs on reserved GPUs (else the best self-hosted option), against the best compliant API of the
    same model (else the best compliant API of any model)."""
    kinds = env.work.signatures  # one option per kind of deployment
    if primary is not None and needs_sizing(primary.option) and primary.monthly_cost is not None:
        own: ScoredOption | None = primary
    else:
        own = ranked.first_on([option.deployment.mode == "self_hosted" for option in kinds], priced=True)
    if own is None:
        return None
    same_model = [
        s for s in ranked.of_model(ranked.models[ranked.position(own.option.id) or 0])
        if s.option.deployment.mode == "shared_api" and s.monthly_cost is not None
    ]  # fmt: skip
    api = (
        same_model[0]
        if same_model
        else ranked.first_on([option.deployment.mode == "shared_api" for option in kinds], priced=True)
    )
    if api is None or api.option.deployment.offer is None:
        return None
    price = api.option.deployment.offer.price
    assert price is not None
    rate_in, rate_out, _ = price.rates(volume.input_tokens)
    assert rate_in is not None and rate_out is not None
    cached = price.cached_rate(volume.input_tokens)
    if cached is not None:  # the input rate this use case pays, its cached share at the cached rate
        rate_in += volume.cached_share * (cached - rate_in)
    blended = convert(
        blended_price(volume, rate_in, rate_out),
        price.currency,
        env.answers.budget.currency,
        env.catalog.meta.currency_rates,
    )
    assert own.monthly_cost is not None
    ahead = sorted(
        (c for c in CRITERIA if c != "cost" and own.contributions[c] - api.contributions[c] >= 0.0005),
        key=lambda c: api.contributions[c] - own.contributions[c],
    )
    return BreakEven(
        api.option.id,
        blended,
        own.option.id,
        own.monthly_cost,
        break_even_tokens(own.monthly_cost, blended),
        volume.tokens_in + volume.tokens_out,
        decided_by=tuple(ahead[:2]) if own is primary else (),  # only when self-hosting is what is recommended
    )


def operator_count(options: Sequence[Option]) -> int:
    """How many operators run a model (its options)."""
    return len({option.deployment.operator for option in options})
