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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.scoring import CRITERIA, PRIMARY, Criterion, ScoredOption

MC_DRAWS = 2000
MC_CONCENTRATION = 30.0  # kappa of Dirichlet(kappa x w): how far plausible weights stray from the user's
MC_RIVALS = 5
FRAGILE_MARGIN = 0.10
FRAGILE_WIN_RATE = 0.70


@dataclass(frozen=True)
class Flip:
    criterion: Criterion
    weight: float  # the weight now
    flips_at: float  # the weight at which the winner changes
    new_winner: str  # option id

    @property
    def distance(self) -> float:
        return abs(self.flips_at - self.weight)


@dataclass(frozen=True)
class Robustness:
    margin: float | None  # smallest weight move that changes the winner; None when no move does
    win_rate: float | None  # share of Monte Carlo draws the winner keeps; None without rivals
    fragile: bool
    flips: list[Flip]


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


def _distinct(rivals: Sequence[ScoredOption]) -> list[ScoredOption]:
    """One rival per distinct value vector (the best ranked): equal vectors flip at the same weight."""
    seen: set[tuple[float, ...]] = set()
    out = []
    for rival in rivals:
        if rival.vector not in seen:
            seen.add(rival.vector)
            out.append(rival)
    return out


def flips(winner: ScoredOption, rivals: Sequence[ScoredOption], weights: Mapping[Criterion, float]) -> list[Flip]:
    """For each priority, the nearest weight at which one of the (distinct) rivals overtakes the winner."""
    out: list[Flip] = []
    for k in PRIMARY:
        i = CRITERIA.index(k)
        w = weights[k]
        value_a = winner.vector[i]
        best: tuple[float, float, ScoredOption] | None = None
        for rival in rivals:
            t = _tie(winner.score, value_a, rival.score, rival.vector[i], w)
            if t is None or abs(t - w) < 1e-12:
                continue
            if best is None or abs(t - w) < best[0]:
                best = (abs(t - w), t, rival)
        if best:
            out.append(Flip(k, w, best[1], best[2].option.id))
    return sorted(out, key=lambda f: (f.distance, f.criterion))


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


def win_rate(winner: ScoredOption, rivals: Sequence[ScoredOption], weights: Mapping[Criterion, float]) -> float | None:
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
    samples = weight_draws(tuple(round(MC_CONCENTRATION * weights[c] / share, 12) for c in PRIMARY))
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


def assess(ranked: Sequence[ScoredOption], weights: Mapping[Criterion, float]) -> Robustness:
    if len(ranked) < 2:
        return Robustness(None, None, False, [])
    winner = ranked[0]
    rivals = _distinct([r for r in ranked[1:] if r.vector != winner.vector])
    found = flips(winner, rivals, weights)
    margin = found[0].distance if found else None
    rate = win_rate(winner, rivals, weights)
    fragile = (margin is not None and margin < FRAGILE_MARGIN) or (rate is not None and rate < FRAGILE_WIN_RATE)
    return Robustness(margin, rate, fragile, found)
