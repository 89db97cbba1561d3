"""The options that passed one use case's gates, best first.

Scores, costs and criterion values are kept as columns, one entry per option; a `ScoredOption` is built only
when someone reads that option (a report reads a handful of the 20,000 a large catalog offers). The order is
`rank_key`: higher score first, scores equal to 9 decimals broken by lower cost, then by id (so the order
never depends on the catalog's order).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from typing import overload

from advisor.catalog.schema import Model
from advisor.engine.options import Option, OptionTable
from advisor.engine.scoring import ScoredOption

TIE = 2e-9  # scores closer than this may round to the same 9 decimals: their order is settled by rank_key


def rank_key(score: float, monthly_cost: float | None, id_rank: int) -> tuple[float, float, int]:
    """Best first; ties broken by lower cost, then by the option id's place among all ids."""
    return (-round(score, 9), math.inf if monthly_cost is None else monthly_cost, id_rank)


class Ranked(Sequence[ScoredOption]):
    """Sequence of ScoredOption, best first, materialised on reading."""

    __slots__ = (
        "_built",
        "_order",
        "basis",
        "cost_values",
        "costs",
        "fits",
        "fixed",
        "fixed_ranges",
        "models",
        "places",
        "privacy",
        "scores",
        "signatures",
        "table",
        "weights",
    )

    def __init__(
        self,
        table: OptionTable,
        places: list[int],  # each column position's row in `table`
        costs: list[float | None],
        cost_values: list[float],
        scores: list[float],
        fits: Sequence[float],  # per model
        privacy: Sequence[float],  # per kind of deployment
        weights: tuple[float, ...],
        basis: Callable[[Option], str],
        fixed_ranges: list[tuple[float, float]],
        models: list[int],  # each position's model (index), as a column
        signatures: list[int],  # each position's kind of deployment (index), as a column
        fixed: list[tuple[float, float, float, float, float]],  # each position's fixed criteria
    ) -> None:
        self.table, self.places = table, places
        self.costs, self.cost_values, self.scores = costs, cost_values, scores
        self.models, self.signatures, self.fixed = models, signatures, fixed
        self.fits, self.privacy, self.weights, self.basis = fits, privacy, weights, basis
        self.fixed_ranges = fixed_ranges  # the fixed criteria's lowest and highest values over these rows
        self._order: list[int] | None = None
        self._built: dict[int, ScoredOption] = {}

    @property
    def order(self) -> list[int]:
        """Column positions, best first."""
        if self._order is None:
            self._order = _rank(self.scores, self.costs, self.places, self.table.id_rank)
        return self._order

    def option(self, k: int) -> Option:
        """The option in column position `k`."""
        return self.table.option(self.places[k])

    def vector(self, k: int) -> tuple[float, ...]:
        """The criterion values (CRITERIA order) of the option in column position `k`."""
        return (self.fits[self.models[k]], self.cost_values[k], self.privacy[self.signatures[k]], *self.fixed[k])

    def scored(self, k: int) -> ScoredOption:
        """The ScoredOption in column position `k`."""
        item = self._built.get(k)
        if item is None:
            item = self._built[k] = ScoredOption(
                self.option(k), self.costs[k], self.vector(k), self.weights, self.basis, self.scores[k]
            )
        return item

    def first_model(self, test: Callable[[Model], bool], start: int = 1) -> ScoredOption | None:
        """The best option from rank `start` on whose model passes `test` (asked once per model)."""
        models, every = self.models, self.table.models
        passed: dict[int, bool] = {}
        for k in self.order[start:]:
            m = models[k]
            found = passed.get(m)
            if found is None:
                found = passed[m] = test(every[m])
            if found:
                return self.scored(k)
        return None

    def first_on(self, kinds: Sequence[bool], start: int = 0, priced: bool = False) -> ScoredOption | None:
        """The best option from rank `start` on whose kind of deployment (signature) `kinds` marks (and that has
        a price, if `priced`); at once None when no option here runs on a marked kind."""
        if not any(kinds[s] for s in set(self.signatures)):
            return None
        signatures, costs = self.signatures, self.costs
        for k in self.order[start:]:
            if kinds[signatures[k]] and (not priced or costs[k] is not None):
                return self.scored(k)
        return None

    def of_model(self, model_index: int) -> list[ScoredOption]:
        """Every option of one model, best first."""
        found = list(compress(range(len(self.models)), map(model_index.__eq__, self.models)))
        order = _rank(
            [self.scores[k] for k in found],
            [self.costs[k] for k in found],
            [self.places[k] for k in found],
            self.table.id_rank,
        )
        return [self.scored(found[i]) for i in order]

    def position(self, option_id: str) -> int | None:
        """Column position of an option, or None when it did not pass."""
        place = self.table.place_of(option_id)
        if place is None:
            return None
        try:
            return self.places.index(place)  # a C scan: a report looks up only a few options per use case
        except ValueError:
            return None

    def value_ranges(self) -> list[tuple[float, float]]:
        """Lowest and highest value of each criterion over these options (CRITERIA order)."""
        if not self.places:
            return []
        quality = [self.fits[m] for m in set(self.models)]
        privacy = [self.privacy[s] for s in set(self.signatures)]
        return [
            (min(quality), max(quality)),
            (min(self.cost_values), max(self.cost_values)),
            (min(privacy), max(privacy)),
            *self.fixed_ranges,
        ]

    def __len__(self) -> int:
        return len(self.places)

    @overload
    def __getitem__(self, index: int) -> ScoredOption: ...
    @overload
    def __getitem__(self, index: slice) -> list[ScoredOption]: ...
    def __getitem__(self, index: int | slice) -> ScoredOption | list[ScoredOption]:
        if isinstance(index, slice):
            return [self.scored(k) for k in self.order[index]]
        return self.scored(self.order[index])

    def __iter__(self) -> Iterator[ScoredOption]:
        return map(self.scored, self.order)

    def __bool__(self) -> bool:
        return bool(self.places)


def _rank(scores: list[float], costs: list[float | None], places: list[int], id_rank: Sequence[int]) -> list[int]:
    """Positions sorted by rank_key, sorting floats first and settling near-ties by the full key (`id_rank`:
    per row, by `places`, the option id's place among all ids)."""
    order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
    ordered = [scores[k] for k in order]
    tie_keys: tuple[list[float], list[int]] | None = None  # cost and id rank per position, once ties appear
    j, n = 0, len(order)
    while j < n - 1:
        if ordered[j] - ordered[j + 1] >= TIE:
            j += 1
            continue
        end = j + 1
        while end < n - 1 and ordered[end] - ordered[end + 1] < TIE:
            end += 1
        run = order[j : end + 1]
        if ordered[j] == ordered[end]:  # equal scores (a model offered alike by several operators): cost, then id
            if tie_keys is None:
                tie_keys = ([math.inf if c is None else c for c in costs], [id_rank[place] for place in places])
            run.sort(key=tie_keys[1].__getitem__)
            run.sort(key=tie_keys[0].__getitem__)  # stable: equal costs keep the id order
        else:
            run.sort(key=lambda k: rank_key(scores[k], costs[k], id_rank[places[k]]))
        order[j : end + 1] = run
        j = end + 1
    return order
