"""Weighted criteria on fixed scales: each option's value per criterion, weights, contributions, ranking.

Values are anchored to the catalog's fixed scales and the budget, never min-max over the candidates, so
adding or removing a model never reorders the others (see DOMAIN.md, "Scoring method").
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from math import log2
from typing import Any, Literal

from advisor.catalog.schema import CAPABILITIES, Capability, Expertise, Model, Policies, Sensitivity
from advisor.engine.options import SELF, Option
from advisor.engine.policy import retirement

Criterion = Literal["quality", "cost", "privacy", "lock_in", "speed", "operations", "licence", "lifecycle"]
PRIMARY: tuple[Criterion, ...] = ("quality", "cost", "privacy", "lock_in", "speed")  # the ranked priorities
SECONDARY: tuple[Criterion, ...] = ("operations", "licence", "lifecycle")
CRITERIA: tuple[Criterion, ...] = PRIMARY + SECONDARY
SECONDARY_WEIGHT = 0.03  # each secondary criterion's fixed weight; the priorities share the rest
NEED_WEIGHT = 0.15  # weight a named need adds to its capability in the quality fit
OPERATIONS_VALUE: dict[tuple[str, Expertise], float] = {
    ("self_hosted", "strong"): 0.6,
    ("self_hosted", "some"): 0.35,
    ("self_hosted", "none"): 0.0,
    ("on_prem", "strong"): 0.4,
    ("on_prem", "some"): 0.15,
    ("on_prem", "none"): 0.0,
}
NEED_CAPABILITY: dict[str, Capability] = {
    "vision": "vision",
    "tool_use": "tool_use",
    "coding": "coding",
    "reasoning": "reasoning",
    "multilingual": "multilingual",
    "low_latency": "speed",
}
LABELS: dict[Criterion, str] = {
    "quality": "quality fit",
    "cost": "cost against budget",
    "privacy": "privacy and control",
    "lock_in": "portability",
    "speed": "speed",
    "operations": "operational burden",
    "licence": "licence permissiveness",
    "lifecycle": "lifecycle",
}


def roc_weights(n: int) -> list[float]:
    """Rank-order-centroid weights: w_k = (1/n) sum_{i=k..n} 1/i."""
    return [sum(1 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]


def priority_weights(ranking: Sequence[str], explicit: Mapping[Any, float] | None = None) -> dict[Criterion, float]:
    """Weights of all criteria: the priorities share 1 - 3 x 0.03 by ROC rank (unranked ones tie last)
    or by the explicit weights; each secondary criterion keeps 0.03."""
    share = 1 - SECONDARY_WEIGHT * len(SECONDARY)
    if explicit:
        total = math.fsum(explicit.values())
        primary = {c: share * explicit.get(c, 0.0) / total for c in PRIMARY}
    else:
        roc = roc_weights(len(PRIMARY))
        ranked = [c for c in ranking if c in PRIMARY]
        rest = [c for c in PRIMARY if c not in ranked]
        primary = {c: share * roc[i] for i, c in enumerate(ranked)}
        if rest:
            tied = math.fsum(roc[len(ranked) :]) / len(rest)
            primary.update({c: share * tied for c in rest})
    return {**{c: primary[c] for c in PRIMARY}, **{c: SECONDARY_WEIGHT for c in SECONDARY}}


SEPARATES = 0.05  # a criterion whose values among the passing options differ by less does not separate them


def separating_weights(weights: Sequence[float], spreads: Sequence[float]) -> tuple[float, ...]:
    """The weights (CRITERIA order) with those of criteria that do not separate the passing options (their
    values spread by less than SEPARATES, a twentieth of the scale) given to the ranked priorities that do,
    in proportion; the secondary criteria keep their small fixed weights.

    After the gates, the options left may all score about alike on a criterion, as they do on privacy when
    only own deployments may hold regulated data, or on any criterion for public data. Its weight would then
    only amplify small differences in it: the priorities that do tell the options apart decide, in the
    proportions the user gave them, as if the criterion had not been ranked at all. When no ranked priority
    separates, the weights stay as given."""
    separates = [spread >= SEPARATES for spread in spreads]
    receivers = [i for i, c in enumerate(CRITERIA) if c in PRIMARY and separates[i] and weights[i] > 0]
    removed = math.fsum(w for w, s in zip(weights, separates, strict=True) if not s)
    if not receivers or removed <= 0:
        return tuple(weights)
    share = math.fsum(weights[i] for i in receivers)
    return tuple(
        w + removed * w / share if i in receivers else (w if separates[i] else 0.0) for i, w in enumerate(weights)
    )


def quality_weights(kind_weights: Mapping[Capability, float], needs: Sequence[str]) -> dict[Capability, float]:
    """The use-case kind's capability weights plus NEED_WEIGHT for each named need, normalised."""
    raw: dict[Capability, float] = {c: float(kind_weights.get(c, 0.0)) for c in CAPABILITIES}
    for need in needs:
        cap = NEED_CAPABILITY.get(need)
        if cap:
            raw[cap] += NEED_WEIGHT
    total = math.fsum(raw.values()) or 1.0
    return {c: w / total for c, w in raw.items() if w > 0}


QUALITY_FLOOR = 3  # a capability rated at or below this is no fit at all; 10 is a full fit
_ratings = operator.attrgetter(*CAPABILITIES)


def capability_fit(model: Model) -> tuple[float, ...]:
    """Each capability on the quality scale, in CAPABILITIES order: (rating - 3) / 7, clipped to 0-1."""
    ratings = _ratings(model.capabilities)
    return tuple([max(0.0, r - QUALITY_FLOOR) / (10 - QUALITY_FLOOR) for r in ratings])


def fit_weight_vector(weights: Mapping[Capability, float]) -> tuple[float, ...]:
    return tuple(weights.get(c, 0.0) for c in CAPABILITIES)


def quality_value(model: Model, weights: Mapping[Capability, float]) -> float:
    """The use case's weighted capability ratings on the fixed quality scale."""
    return math.fsum(map(operator.mul, fit_weight_vector(weights), capability_fit(model)))


def cost_values(costs: Sequence[float | None], budget_share: float) -> list[float]:
    """Each monthly cost on the cost scale, 1 - log2(1 + cost / budget) / 2: 1 at no cost, 0.5 when the use
    case alone would take the whole budget, 0 at three times it, below 0 beyond. The reference is the whole
    budget, not an equal split: the budget is a ceiling for the stack (engine.budget keeps the total within
    it), so a heavy use case may take more of it than a light one, and the scale only says how much of the
    money the client allowed an option would spend. Logarithmic and unbounded below, so that raising the
    budget only ever narrows the gap between a cheaper and a dearer option. An unknown cost gets the worst
    value it allows. Over a list at once: it runs for every option of a large catalog."""
    if budget_share <= 0:
        return [1.0 if c == 0 else UNPRICED_COST_VALUE for c in costs]
    return [
        UNPRICED_COST_VALUE if c is None else 1 - log2(1 + min(c / budget_share, MAX_COST_RATIO)) / 2 for c in costs
    ]


MAX_COST_RATIO = 1e15  # beyond any budget the answers allow: keeps the value finite


UNPRICED_COST_VALUE = 0.0  # an option without a price scores as if it cost three times the budget


def control_value(option: Option, policies: Policies, home_regions: Sequence[str]) -> float:
    d = option.deployment
    if d.mode == "shared_api":
        if d.region not in home_regions:
            return policies.control["shared_api_global"]
        return policies.control["shared_api_home_zdr" if d.zero_retention else "shared_api_home"]
    return policies.control[d.mode]


def portability_value(option: Option, operators: int) -> float:
    """How easily the organisation can move away: its own deployment of open weights 1; open weights on a
    host 0.8, plus 0.05 per other operator (up to 0.95); a closed model 0.5, plus 0.1 per other cloud that
    sells it (up to 0.8). Every recommendation comes with a fallback from another vendor behind a gateway,
    so leaving a closed model costs a migration (prompts, evaluation), not the use case: the scale ranks
    that cost and does not outweigh a real difference in quality fit."""
    others = min(3, max(0, operators - 1))
    if option.model.weights == "open":
        return 1.0 if is_own(option) else 0.8 + 0.05 * others
    return 0.5 + 0.1 * others


def operations_value(option: Option, expertise: Expertise) -> float:
    mode = option.deployment.mode
    if mode == "shared_api":
        return 1.0
    if mode == "dedicated":
        return 0.85
    return OPERATIONS_VALUE[(mode, expertise)]


RETIRING_VALUE = 0.3  # a way of running the model that ends within RETIRING_SOON
RETIRING_SOON = 180  # days
RETIRING_FAR = 730  # days: a retirement this far away or farther costs nothing yet
UNKNOWN_RELEASE_VALUE = 0.8  # no release date in the catalog: neither new nor old


def lifecycle_value(option: Option, date: dt.date) -> float:
    """1 for a model released within the last year, falling to 0.5 at three years (UNKNOWN_RELEASE_VALUE
    without a date); a retirement within half a year gives RETIRING_VALUE, one further away less of a cut,
    none from two years on."""
    return _with_retirement(_lifecycle_unretired(option.model, date), retirement(option), date)


def _with_retirement(value: float, ends: dt.date | None, date: dt.date) -> float:
    if ends is None:
        return value
    days = (ends - date).days
    if days <= RETIRING_SOON:
        return RETIRING_VALUE
    if days >= RETIRING_FAR:
        return value
    share = (days - RETIRING_SOON) / (RETIRING_FAR - RETIRING_SOON)
    return RETIRING_VALUE + share * (value - RETIRING_VALUE)


def _lifecycle_unretired(model: Model, date: dt.date) -> float:
    if model.released is None:
        return UNKNOWN_RELEASE_VALUE
    age_years = max(0.0, (date - model.released).days / 365.25)
    return max(0.5, min(1.0, 1 - (age_years - 1) * 0.25))


class ScoredOption:
    """An option that passed the gates: its cost, its value on each criterion and its weighted score."""

    __slots__ = ("_basis", "monthly_cost", "option", "score", "vector", "weights")

    def __init__(
        self,
        option: Option,
        monthly_cost: float | None,
        vector: tuple[float, ...],
        weights: tuple[float, ...],
        basis: str | Callable[[Option], str],
        score: float | None = None,
    ) -> None:
        self.option = option
        self.monthly_cost = monthly_cost  # in the budget's currency; None when it cannot be priced
        self.vector = vector  # values in CRITERIA order
        self.weights = weights
        self.score = sum(w * v for w, v in zip(weights, vector, strict=True)) if score is None else score
        self._basis = basis

    @property
    def values(self) -> dict[Criterion, float]:
        return dict(zip(CRITERIA, self.vector, strict=True))

    @property
    def contributions(self) -> dict[Criterion, float]:
        return {c: w * v for c, w, v in zip(CRITERIA, self.weights, self.vector, strict=True)}

    @property
    def cost_basis(self) -> str:
        """How the cost was reckoned (worked out when first asked for: most options are never reported)."""
        if not isinstance(self._basis, str):
            self._basis = self._basis(self.option)
        return self._basis


class Scorer:
    """Criteria values for one decision: an option's fixed values (portability, speed, operations,
    licence, lifecycle) once, privacy once per kind of deployment and data class."""

    def __init__(
        self,
        policies: Policies,
        licence_values: Mapping[str, float],
        expertise: Expertise,
        home_regions: Sequence[str],
        date: dt.date,
        operators: Mapping[str, int],
    ) -> None:
        self.policies = policies
        self.licence_values = licence_values
        self.expertise = expertise
        self.home_regions = home_regions
        self.date = date
        self.operators = operators
        self._privacy: dict[tuple[object, ...], float] = {}
        self._ways: dict[tuple[object, ...], tuple[float, float]] = {}

    def fixed_values(self, options: Sequence[Option]) -> list[tuple[float, float, float, float, float]]:
        """lock_in, speed, operations, licence and lifecycle, in CRITERIA order, of each of one model's
        options (the model's own values worked out once)."""
        model = options[0].model
        speed, licence = model.capabilities.speed / 10, self.licence_values[model.licence]
        lifecycle = _lifecycle_unretired(model, self.date)
        operators = self.operators.get(model.id, 1)
        out = []
        for option in options:
            d = option.deployment
            key = (d.mode, d.operator == SELF, operators, model.weights)
            ways = self._ways.get(key)
            if ways is None:
                ways = self._ways[key] = (
                    portability_value(option, operators),
                    operations_value(option, self.expertise),
                )
            out.append((ways[0], speed, ways[1], licence, _with_retirement(lifecycle, retirement(option), self.date)))
        return out

    def privacy(self, option: Option, sensitivity: Sensitivity) -> float:
        if sensitivity == "public":
            return 1.0
        d = option.deployment
        key = (d.mode, d.region, d.zero_retention)
        value = self._privacy.get(key)
        if value is None:
            value = self._privacy[key] = control_value(option, self.policies, self.home_regions)
        return value


def is_own(option: Option) -> bool:
    return option.deployment.operator == SELF
