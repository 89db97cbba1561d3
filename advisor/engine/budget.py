"""The budget as a ceiling for the whole stack: one option per use case, the best total score that fits.

The budget question asks how much may be spent each month on all use cases together. Choosing each use
case's best option on its own can overrun it while a slightly lower-scoring, cheaper option elsewhere would
fit; so the stack is chosen as a whole: among all combinations of one passing option per use case, the one
with the highest sum of scores whose total monthly cost is within the budget (a multiple-choice knapsack).

Only options on a use case's cost-score frontier can be part of the best combination (an option that costs
at least as much as a better-scoring one never is), so each use case brings its frontier, and combinations
are built use case by use case, keeping only those no other combination beats on both cost and score. This
is exact: on the shipped catalog the frontiers hold a few dozen options and the combinations a few hundred.

When no combination fits, the stack is infeasible: the cheapest compliant stack is what the budget would
have to cover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from advisor.engine.ranking import Ranked
from advisor.named_tuples import NamedTuple

MAX_FRONTIER = 200  # options per use case considered at most (the frontier's best-scoring ones)


class Choice(NamedTuple):
    """One option per use case (its column position in that use case's ranking; None: the use case is left
    as it is, having no priced option) and what the combination costs and scores."""

    positions: tuple[int | None, ...]
    monthly_cost: float
    score: float


def quality(ranked: Ranked) -> list[float]:
    """Each column position's quality fit (0-1): what `best_within` maximises for the best-quality stack."""
    return [ranked.fits[m] for m in ranked.models]


def frontier(ranked: Ranked, values: Sequence[float] | None = None) -> list[int]:
    """Column positions of the priced options no other option beats on both value and cost: the best first,
    each cheaper than every one before it. The value is the score unless `values` gives another per column
    (equal values: the better score first)."""
    order = ranked.order
    if values is not None:
        place = {k: i for i, k in enumerate(order)}
        order = sorted(order, key=lambda k: (-values[k], place[k]))
    out: list[int] = []
    cheapest = float("inf")
    for k in order:
        cost = ranked.costs[k]
        if cost is not None and cost < cheapest:
            out.append(k)
            cheapest = cost
            if len(out) == MAX_FRONTIER:
                break
    return out


def best_within(
    rankings: Sequence[Ranked | None], budget: float, value: Callable[[Ranked], Sequence[float]] | None = None
) -> Choice | None:
    """The combination with the highest total score whose cost is within `budget`; None when none is. With
    `value` (for example `quality`), the highest total of that value instead, and `Choice.score` is that total.
    A use case without a ranking or without a priced option takes no part (its position is None)."""
    combos: list[Choice] = [Choice((), 0.0, 0.0)]
    for ranked in rankings:
        values: Sequence[float] = () if ranked is None else ranked.scores if value is None else value(ranked)
        options = frontier(ranked, None if value is None else values) if ranked else []
        if not options or ranked is None:
            combos = [Choice((*c.positions, None), c.monthly_cost, c.score) for c in combos]
            continue
        grown = [
            Choice((*c.positions, k), c.monthly_cost + cost, c.score + values[k])
            for c in combos
            for k in options
            for cost in [ranked.costs[k]]
            if cost is not None and c.monthly_cost + cost <= budget
        ]
        combos = _undominated(grown)
        if not combos:
            return None
    return max(combos, key=lambda c: (c.score, -c.monthly_cost))


def cheapest(rankings: Sequence[Ranked | None]) -> Choice:
    """Each use case's cheapest priced option (the better-scoring one of equal cost): the least the stack
    can cost with every option compliant."""
    positions: list[int | None] = []
    cost = score = 0.0
    for ranked in rankings:
        options = frontier(ranked) if ranked else []
        k = options[-1] if options else None
        positions.append(k)
        if k is not None and ranked is not None:
            cost += ranked.costs[k] or 0.0
            score += ranked.scores[k]
    return Choice(tuple(positions), cost, score)


def _undominated(combos: list[Choice]) -> list[Choice]:
    """The combinations no other one beats on both cost and score, cheapest first."""
    out: list[Choice] = []
    best = float("-inf")
    for combo in sorted(combos, key=lambda c: (c.monthly_cost, -c.score)):
        if combo.score > best:
            out.append(combo)
            best = combo.score
    return out
