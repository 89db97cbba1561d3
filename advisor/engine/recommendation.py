"""What the decision produces: per use case the ranked options, exclusions and robustness; the stack as a whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from advisor.answers.model import Answers, UseCase
from advisor.catalog.schema import Mode, Sensitivity, UseCaseKind
from advisor.engine.ai_act import Assessment
from advisor.engine.costs import Sizing, Volume
from advisor.engine.options import Option
from advisor.engine.policy import Exclusion
from advisor.engine.ranking import Ranked
from advisor.engine.robustness import Robustness
from advisor.engine.scoring import Criterion, ScoredOption
from advisor.named_tuples import NamedTuple


class ExcludedOption(NamedTuple):
    option: Option
    exclusions: list[Exclusion]


class BreakEven(NamedTuple):
    api_option: str
    api_price_per_million: float  # blended for this use case's mix, budget currency
    self_option: str
    self_monthly: float
    tokens_per_month: float | None  # above this, self-hosting is cheaper; None if it never is
    current_tokens: float
    use_cases: tuple[str, ...] = ()  # when the own deployment serves several use cases: all of them, whose
    # combined tokens and API cost the figures above are then of
    decided_by: tuple[Criterion, ...] = ()  # the criteria on which the own deployment beats the API, when the
    # API would cost less: what, not cost, decided


class Change(NamedTuple):
    """A change to the answers that would let at least one option through, and the best it would allow."""

    rule: str
    what: str
    options: int
    best: str


class UseCaseResult:
    """One use case's decision. The stack settles `monthly_cost` and `shared_with` once every use case is
    decided. (A plain class: a dataclass costs about 1 ms to define, on every run.)"""

    def __init__(
        self,
        *,
        use_case: UseCase,
        kind: UseCaseKind,
        sensitivity: Sensitivity,
        volume: Volume,
        ranked: Ranked,  # best first
        excluded: Sequence[ExcludedOption],
        sizing: dict[str, Sizing],  # option id -> hardware, for self-hosted and on-prem options
        primary: ScoredOption | None,
        fallback: ScoredOption | None,
        alternatives: list[ScoredOption],
        reasons: list[str],
        fallback_reasons: list[str],
        gap: dict[Criterion, float],  # winner minus runner-up, per criterion contribution
        robustness: Robustness | None,
        what_would_change: list[str],
        changes_needed: list[Change],  # when nothing passed
        break_even: BreakEven | None,
        weights: dict[Criterion, float],  # this use case's (privacy's goes to the others for public data)
        ai_act: Assessment,  # the EU AI Act's tier, role, reach and duties for it
        monthly_cost: float | None = None,  # this use case's share of the stack's cost (budget currency)
    ) -> None:
        self.use_case, self.kind, self.sensitivity, self.volume = use_case, kind, sensitivity, volume
        self.ranked, self.excluded, self.sizing = ranked, excluded, sizing
        self.primary, self.fallback, self.alternatives = primary, fallback, alternatives
        self.reasons, self.fallback_reasons, self.gap = reasons, fallback_reasons, gap
        self.robustness, self.what_would_change, self.changes_needed = robustness, what_would_change, changes_needed
        self.break_even, self.weights, self.ai_act = break_even, weights, ai_act
        self.shared_with: list[str] = []  # other use cases on the same own deployment
        self.cost_basis: str | None = None  # how its monthly cost is reckoned, when not as its option alone
        self.monthly_cost = monthly_cost

    @property
    def name(self) -> str:
        return self.use_case.name


class SharedDeployment(NamedTuple):
    model: str
    mode: Mode
    operator: str
    use_cases: list[str]
    sizing: Sizing
    monthly_cost: float
    basis: str = ""  # how its cost is reckoned, for the combined load


class Swap(NamedTuple):
    use_case: str
    from_option: str
    to_option: str
    saves: float
    score_loss: float


class StackLine(NamedTuple):
    """One use case in a whole-stack option."""

    use_case: str
    option: Option | None  # None: no option passes for it
    monthly_cost: float | None
    quality: float | None  # the option's quality fit, 0-1


class StackOption(NamedTuple):
    """A whole stack the client can choose: A the recommendation, B the cheapest compliant stack, C the stack
    if the strictest binding rule were relaxed, D the best quality fit within the budget (when better than A's). Its conditions are what choosing it commits the client to."""

    label: Literal["A", "B", "C", "D"]
    title: str
    lines: list[StackLine]
    monthly_cost: float
    within_budget: bool
    quality: float | None  # the mean quality fit of its options
    conditions: list[str]


class Totals(NamedTuple):
    monthly_cost: float
    currency: str
    budget: float
    within_budget: bool
    unpriced: list[str]  # use cases whose cost could not be priced
    swaps: list[Swap]  # changes that bring the stack within budget, cheapest in score first
    swaps_suffice: bool
    feasible: bool = True  # some stack of compliant options fits the budget
    needed_budget: float | None = None  # when none does: what the cheapest compliant stack costs a month


class Recommendation(NamedTuple):
    answers: Answers
    date: dt.date
    advisor_version: str
    catalog_version: str
    catalog_digest: str
    catalog_models: int
    oldest_verified: dt.date
    weights: dict[Criterion, float]
    use_cases: list[UseCaseResult]
    shared: list[SharedDeployment]
    totals: Totals
    warnings: list[str]
    stale: list[str]
    options: list[StackOption]
    rates_date: dt.date
    gateway: str
