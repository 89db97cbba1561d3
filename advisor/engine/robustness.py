"""How robust a winner is: closed-form weight flip points and a seeded Monte Carlo over plausible weights.

Flip point (Triantaphyllou & Sanchez 1997): move weight k to t and rescale the others proportionally;
S_i(t) = t v_ik + (1 - t) r_i with r_i = (S_i - w_k v_ik) / (1 - w_k); A and B tie at
t* = (r_A - r_B) / ((r_A - r_B) - (v_Ak - v_Bk)).
"""

from __future__ import annotations

import functools
import math
import random
import zlib
from collections.abc import Callable, Mapping, Sequence

from advisor.engine.ranking import TIE, Ranked
from advisor.engine.scoring import CRITERIA, PRIMARY, Criterion, ScoredOption
from advisor.named_tuples import NamedTuple

MC_DRAWS = 2000
MC_CONCENTRATION = 30.0  # kappa of Dirichlet(kappa x w): how far plausible weights stray from the user's
MC_RIVALS = 5
FRAGILE_MARGIN = 0.05  # a winner that a move of a weight by less than this changes is fragile
SETTLE_EVERY = 16  # rivals read between checks whether any later one could still flip the winner nearer
FRAGILE_WIN_RATE = 0.60  # and one that keeps first place in fewer of the plausible weights


class Flip(NamedTuple):
    criterion: Criterion
    weight: float  # the weight now
    flips_at: float  # the weight at which the winner changes
    new_winner: str  # option id

    @property
    def distance(self) -> float:
        return abs(self.flips_at - self.weight)


class Robustness(NamedTuple):
    margin: float | None  # smallest weight move that changes the winner; None when no move does
    win_rate: float | None  # share of Monte Carlo draws the winner keeps; None without rivals
    fragile: bool
    flips: list[Flip]
    ahead: str | None = None  # a rival of another model that already scores higher (option id): a winner
    # chosen by the budget or a shared deployment, not by its score, may have one


def _tie(score_a: float, value_a: float, score_b: float, value_b: float, w: float) -> float | None:
    if w >= 1:
        return None
    r_a = (score_a - w * value_a) / (1 - w)
    r_b = (score_b - w * value_b) / (1 - w)
    denominator = (r_a - r_b) - (value_a - value_b)
    if abs(denominator) < 1e-12:
        return None
    t = (r_a - r_b) / denominator
    return t if 0 <= t < 1 - 1e-9 else None  # at t = 1 only criterion k counts: no real ranking


def _reach(gap: float, value: float, low: float, high: float, w: float) -> float:
    """The nearest a rival trailing by `gap` or more could flip the winner on one criterion, whose value is
    `value` for the winner and within [low, high] for everyone: infinite when none can."""
    d = max(0.0, gap - TIE)
    if w >= 1:
        return math.inf
    nearest = math.inf
    if high > value:  # a rival better on it overtakes as its weight rises
        nearest = d * (1 - w) / (d + high - value)
    if w > 0 and value - low >= d / w and value - low > d:  # a rival worse on it, as its weight falls
        nearest = min(nearest, d * (1 - w) / (value - low - d))
    return nearest


def _settled(
    gap: float, value: float, bounds: tuple[float, float], w: float, best: tuple[float, float, str] | None
) -> bool:
    """No rival trailing by `gap` or more can flip the winner on this criterion nearer than `best`."""
    reach = _reach(gap, value, *bounds, w)
    return reach == math.inf or (best is not None and reach > best[0] + 1e-9)


def flips_and_rivals(
    ranked: Ranked,
    weights: Mapping[Criterion, float],
    chosen: int | None = None,
    rival: Callable[[int], bool] | None = None,
) -> tuple[list[Flip], list[ScoredOption]]:
    """For each priority, the nearest weight at which a rival of another model overtakes the winner; and the
    MC_RIVALS best distinct rivals of other models (the same model elsewhere leaves the choice of model as it
    is). The winner is the option at column position `chosen` (the top-scoring one when None), its rivals
    the positions `rival` accepts (every one when None); a rival already ahead of it counts in the win rate
    but has no flip to give. Rivals are read best first, and reading stops once no later one (trailing
    further) can flip the winner any nearer than the flips found: the result is that of reading every rival."""
    order = ranked.order
    top = order[0] if chosen is None else chosen
    winner = ranked.scored(top)
    v0, s0 = winner.vector, winner.score
    criteria = [(k, CRITERIA.index(k), weights[k]) for k in PRIMARY]
    ranges = ranked.value_ranges()
    best: dict[Criterion, tuple[float, float, str]] = {}
    seen: set[tuple[float, ...]] = {v0}
    rivals: list[ScoredOption] = []
    scores, fixed, fits, costs, privacy = ranked.scores, ranked.fixed, ranked.fits, ranked.cost_values, ranked.privacy
    models, signatures = ranked.models, ranked.signatures
    unsettled = criteria
    ahead: set[int] = set()  # models with an option that scores higher than the winner
    n = -1
    for position in order:
        if position == top or (rival is not None and not rival(position)):
            continue
        n += 1
        if n % SETTLE_EVERY == 0 and len(rivals) >= MC_RIVALS:
            gap = s0 - scores[position]
            unsettled = [(k, i, w) for k, i, w in unsettled if not _settled(gap, v0[i], ranges[i], w, best.get(k))]
            if not unsettled:
                break
        if models[position] == models[top]:
            continue  # the same model run elsewhere: the client's choice of model does not change
        # its vector, as Ranked.vector: this runs for thousands of rivals
        vector = (fits[models[position]], costs[position], privacy[signatures[position]], *fixed[position])
        if vector in seen:
            continue  # an equal vector flips at the same weight: the best ranked of them speaks for all
        seen.add(vector)
        if len(rivals) < MC_RIVALS:
            rivals.append(ranked.scored(position))
        score = scores[position]
        if score > s0 + TIE:
            ahead.add(models[position])
            continue  # already ahead on these weights: no weight to move for it to overtake
        if models[position] in ahead:
            continue  # its model is ahead already: another of its options overtaking changes nothing
        for k, i, w in unsettled:  # a settled criterion has its nearest flip already
            t = _tie(s0, v0[i], score, vector[i], w)
            if t is None or abs(t - w) < 1e-12:
                continue
            if k not in best or abs(t - w) < best[k][0]:
                best[k] = (abs(t - w), t, ranked.option(position).id)
    found = [Flip(k, weights[k], t, option_id) for k, (_, t, option_id) in best.items()]
    return sorted(found, key=lambda f: (f.distance, f.criterion)), rivals


@functools.lru_cache(maxsize=8)
def weight_draws(alphas: tuple[float, ...], draws: int = MC_DRAWS) -> tuple[tuple[float, ...], ...]:
    """`draws` Dirichlet(alphas) samples, seeded by the alphas themselves: the same weights always get the
    same draws, and use cases with the same weights share them."""
    rng = random.Random(zlib.crc32(repr(alphas).encode()))
    out = []
    for _ in range(draws):
        sample = [rng.gammavariate(a, 1.0) if a > 0 else 0.0 for a in alphas]
        total = math.fsum(sample) or 1.0
        out.append(tuple(x / total for x in sample))
    return tuple(out)


Draws = Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]]


def win_rate(
    winner: ScoredOption,
    rivals: Sequence[ScoredOption],
    weights: Mapping[Criterion, float],
    draws: Draws | None = None,
) -> float | None:
    """Share of draws of the priority weights, Dirichlet around the user's, in which the winner stays first
    against its nearest distinct rivals."""
    contenders = [winner, *rivals[:MC_RIVALS]]
    if len(contenders) < 2:
        return None
    share = math.fsum(weights[c] for c in PRIMARY)
    if share <= 0:
        return None
    secondary = [i for i, c in enumerate(CRITERIA) if c not in PRIMARY]
    primary = [CRITERIA.index(c) for c in PRIMARY]
    fixed = [sum(s.weights[i] * s.vector[i] for i in secondary) for s in contenders]
    vectors = [[s.vector[i] for i in primary] for s in contenders]
    samples = (draws or weight_draws)(tuple(round(MC_CONCENTRATION * weights[c] / share, 12) for c in PRIMARY))
    # the winner stays first in a draw w when, for every rival, (f0 - f) / share + w . (v0 - v) >= 0
    f0, *f_rivals = fixed
    v0, *v_rivals = vectors
    margins = [
        ((f0 - f) / share, *(a - b for a, b in zip(v0, v, strict=True)))
        for f, v in zip(f_rivals, v_rivals, strict=True)
    ]
    wins = 0
    for w0, w1, w2, w3, w4 in samples:
        for c, d0, d1, d2, d3, d4 in margins:
            if c + w0 * d0 + w1 * d1 + w2 * d2 + w3 * d3 + w4 * d4 < 0:
                break
        else:
            wins += 1
    return wins / len(samples)


def assess(
    ranked: Ranked,
    weights: Mapping[Criterion, float],
    draws: Draws | None = None,
    chosen: int | None = None,
    rival: Callable[[int], bool] | None = None,
) -> Robustness:
    """The winner's flip points and win rate; `draws` gives the Monte Carlo's weight draws for a Dirichlet's
    parameters (weight_draws, or a store of them worked out before). The winner is the option at column
    position `chosen`, against the positions `rival` accepts (flips_and_rivals); by default the top-scoring
    option against every other."""
    if len(ranked) < 2:
        return Robustness(None, None, False, [])
    found, rivals = flips_and_rivals(ranked, weights, chosen, rival)
    winner = ranked.scored(ranked.order[0] if chosen is None else chosen)
    before = [r for r in rivals if r.score > winner.score + TIE]
    if before:  # it does not win on these weights: no rival would "win instead" of it
        found = []
    margin = found[0].distance if found else None
    rate = win_rate(winner, rivals, weights, draws)
    fragile = (margin is not None and margin < FRAGILE_MARGIN) or (rate is not None and rate < FRAGILE_WIN_RATE)
    return Robustness(margin, rate, fragile, found, before[0].option.id if before else None)
