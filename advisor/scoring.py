"""Weighted criteria on fixed scales: each option's value per criterion, weights, contributions, ranking.

Values are anchored to the catalog's fixed scales and the budget, never min-max over the candidates, so
adding or removing a model never reorders the others (see DOMAIN.md, "Scoring method").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from advisor.catalog_schema import CAPABILITIES, Capability, Expertise, LicenceClass, Policies, Sensitivity
from advisor.options import SELF, Option

Criterion = Literal["quality", "cost", "privacy", "lock_in", "speed", "operations", "licence", "lifecycle"]
PRIMARY: tuple[Criterion, ...] = ("quality", "cost", "privacy", "lock_in", "speed")  # the ranked priorities
SECONDARY: tuple[Criterion, ...] = ("operations", "licence", "lifecycle")
CRITERIA: tuple[Criterion, ...] = PRIMARY + SECONDARY
SECONDARY_WEIGHT = 0.03  # each secondary criterion's fixed weight; the priorities share the rest
NEED_WEIGHT = 0.15  # weight a named need adds to its capability in the quality fit
LICENCE_VALUE: dict[LicenceClass, float] = {
    "permissive": 1.0,
    "attribution": 0.85,
    "usage_capped": 0.7,
    "proprietary": 0.5,
    "research_only": 0.0,
}
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


def effective_weights(weights: Mapping[Criterion, float], sensitivity: Sensitivity) -> dict[Criterion, float]:
    """Public data needs no protection, so privacy cannot tell options apart: its weight goes to the other
    criteria in proportion, and the user's ranking of the rest decides."""
    if sensitivity != "public" or weights["privacy"] >= 1:
        return dict(weights)
    rest = 1 - weights["privacy"]
    return {c: 0.0 if c == "privacy" else w / rest for c, w in weights.items()}


def quality_weights(kind_weights: Mapping[Capability, float], needs: Sequence[str]) -> dict[Capability, float]:
    """The use-case kind's capability weights plus NEED_WEIGHT for each named need, normalised."""
    raw: dict[Capability, float] = {c: float(kind_weights.get(c, 0.0)) for c in CAPABILITIES}
    for need in needs:
        cap = NEED_CAPABILITY.get(need)
        if cap:
            raw[cap] += NEED_WEIGHT
    total = math.fsum(raw.values()) or 1.0
    return {c: w / total for c, w in raw.items() if w > 0}


@dataclass(frozen=True)
class ScoringContext:
    """What the criteria values of one use case depend on besides the option."""

    quality_weights: Mapping[Capability, float]
    sensitivity: Sensitivity
    expertise: Expertise
    budget_share: float  # this use case's share of the monthly budget, in the budget's currency
    policies: Policies
    date: dt.date


QUALITY_FLOOR = 3  # a capability rated at or below this is no fit at all; 10 is a full fit


def quality_value(option: Option, ctx: ScoringContext) -> float:
    """The use case's weighted capability ratings on a fixed scale: (rating - 3) / 7, clipped to 0-1."""
    caps = option.model.capabilities
    return math.fsum(
        w * max(0.0, getattr(caps, c) - QUALITY_FLOOR) / (10 - QUALITY_FLOOR) for c, w in ctx.quality_weights.items()
    )


def cost_value(monthly_cost: float | None, budget_share: float) -> float:
    """1 - log2(1 + cost / share) / 2: 1 at no cost, 0.5 at the use case's share of the budget, 0 at three
    times it, below 0 beyond. Logarithmic and unbounded below, so that raising the budget only ever narrows
    the gap between a cheaper and a dearer option. The worst value it allows when the cost is unknown."""
    if monthly_cost is None:
        return UNPRICED_COST_VALUE
    if budget_share <= 0:
        return 1.0 if monthly_cost == 0 else UNPRICED_COST_VALUE
    return 1 - math.log2(1 + monthly_cost / budget_share) / 2


UNPRICED_COST_VALUE = 0.0  # an option without a price scores as if it cost three times its budget share


def control_value(option: Option, policies: Policies, home_regions: Sequence[str]) -> float:
    d = option.deployment
    if d.mode == "shared_api":
        if d.region not in home_regions:
            return policies.control["shared_api_global"]
        return policies.control["shared_api_home_zdr" if d.zero_retention else "shared_api_home"]
    return policies.control[d.mode]


def portability_value(option: Option, operators: int) -> float:
    """How easily the organisation can move away: its own deployment of open weights 1; open weights on a
    host 0.6, plus 0.1 per other operator (up to 0.9); a closed model 0.2, plus 0.1 per other cloud that
    sells it (up to 0.5)."""
    others = min(3, max(0, operators - 1))
    if option.model.weights == "open":
        return 1.0 if is_own(option) else 0.6 + 0.1 * others
    return 0.2 + 0.1 * others


def operations_value(option: Option, expertise: Expertise) -> float:
    mode = option.deployment.mode
    if mode == "shared_api":
        return 1.0
    if mode == "dedicated":
        return 0.85
    return OPERATIONS_VALUE[(mode, expertise)]


def lifecycle_value(option: Option, date: dt.date) -> float:
    """1 for a model released within the last year, falling to 0.5 at three years; 0.3 once retirement is announced."""
    model = option.model
    if model.deprecated:
        return 0.3
    if model.released is None:
        return 0.6
    age_years = max(0.0, (date - model.released).days / 365.25)
    return max(0.5, min(1.0, 1 - (age_years - 1) * 0.25))


@dataclass
class ScoredOption:
    option: Option
    monthly_cost: float | None  # in the budget's currency; None when it cannot be priced
    cost_basis: str
    values: dict[Criterion, float]
    contributions: dict[Criterion, float] = field(default_factory=dict)
    score: float = 0.0


def criteria_values(
    option: Option,
    ctx: ScoringContext,
    monthly_cost: float | None,
    operators: int,
    licence_class: LicenceClass,
    home_regions: Sequence[str],
) -> dict[Criterion, float]:
    privacy = 1.0 if ctx.sensitivity == "public" else control_value(option, ctx.policies, home_regions)
    return {
        "quality": quality_value(option, ctx),
        "cost": cost_value(monthly_cost, ctx.budget_share),
        "privacy": privacy,
        "lock_in": portability_value(option, operators),
        "speed": option.model.capabilities.speed / 10,
        "operations": operations_value(option, ctx.expertise),
        "licence": LICENCE_VALUE[licence_class],
        "lifecycle": lifecycle_value(option, ctx.date),
    }


def apply_weights(scored: ScoredOption, weights: Mapping[Criterion, float]) -> None:
    scored.contributions = {c: weights[c] * scored.values[c] for c in CRITERIA}
    scored.score = math.fsum(scored.contributions.values())


def rank(scored: list[ScoredOption]) -> list[ScoredOption]:
    """Best first; ties broken by lower cost, then by id, so the order never depends on catalog order."""
    return sorted(
        scored,
        key=lambda s: (
            -round(s.score, 9),
            s.monthly_cost if s.monthly_cost is not None else math.inf,
            s.option.id,
        ),
    )


def is_own(option: Option) -> bool:
    return option.deployment.operator == SELF
