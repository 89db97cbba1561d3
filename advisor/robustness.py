"""How robust a winner is: closed-form weight flip points and a seeded Monte Carlo over plausible weights.

Flip point (Triantaphyllou & Sanchez 1997): move weight k to t and rescale the others proportionally;
S_i(t) = t v_ik + (1 - t) r_i with r_i = (S_i - w_k v_ik) / (1 - w_k); A and B tie at
t* = (r_A - r_B) / ((r_A - r_B) - (v_Ak - v_Bk)).
"""

from __future__ import annotations

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


def flip_point(
    winner: ScoredOption, rival: ScoredOption, k: Criterion, weights: Mapping[Criterion, float]
) -> float | None:
    """The weight of k at which `rival` ties `winner`, when it lies in [0, 1]."""
    w = weights[k]
    if w >= 1:
        return None
    r_a = (winner.score - w * winner.values[k]) / (1 - w)
    r_b = (rival.score - w * rival.values[k]) / (1 - w)
    denominator = (r_a - r_b) - (winner.values[k] - rival.values[k])
    if abs(denominator) < 1e-12:
        return None
    t = (r_a - r_b) / denominator
    return t if 0 <= t < 1 - 1e-9 else None  # at t = 1 only criterion k counts: no real ranking


def flips(ranked: Sequence[ScoredOption], weights: Mapping[Criterion, float]) -> list[Flip]:
    """For each priority, the nearest weight at which some rival overtakes the winner."""
    winner, rivals = ranked[0], ranked[1:]
    out: list[Flip] = []
    for k in PRIMARY:
        best: Flip | None = None
        for rival in rivals:
            t = flip_point(winner, rival, k, weights)
            if t is None or abs(t - weights[k]) < 1e-12:
                continue
            candidate = Flip(k, weights[k], t, rival.option.id)
            if best is None or candidate.distance < best.distance:
                best = candidate
        if best:
            out.append(best)
    return sorted(out, key=lambda f: (f.distance, f.criterion))


def _dirichlet(rng: random.Random, alphas: Sequence[float]) -> list[float]:
    draws = [rng.gammavariate(a, 1.0) if a > 0 else 0.0 for a in alphas]
    total = math.fsum(draws) or 1.0
    return [d / total for d in draws]


def win_rate(
    ranked: Sequence[ScoredOption], weights: Mapping[Criterion, float], seed_text: str, draws: int = MC_DRAWS
) -> float | None:
    """Share of draws of the priority weights, Dirichlet around the user's, in which the winner stays first."""
    contenders = list(ranked[: MC_RIVALS + 1])
    if len(contenders) < 2:
        return None
    rng = random.Random(zlib.crc32(seed_text.encode()))
    share = math.fsum(weights[c] for c in PRIMARY)
    if share <= 0:
        return None
    fixed = [math.fsum(weights[c] * s.values[c] for c in CRITERIA if c not in PRIMARY) for s in contenders]
    vectors = [[s.values[c] for c in PRIMARY] for s in contenders]
    alphas = [MC_CONCENTRATION * weights[c] / share for c in PRIMARY]
    wins = 0
    for _ in range(draws):
        w = [x * share for x in _dirichlet(rng, alphas)]
        scores = [fixed[i] + math.fsum(a * b for a, b in zip(w, vec, strict=True)) for i, vec in enumerate(vectors)]
        if scores[0] >= max(scores[1:]):
            wins += 1
    return wins / draws


def assess(ranked: Sequence[ScoredOption], weights: Mapping[Criterion, float], seed_text: str) -> Robustness:
    if len(ranked) < 2:
        return Robustness(None, None, False, [])
    found = flips(ranked, weights)
    margin = found[0].distance if found else None
    rate = win_rate(ranked, weights, seed_text)
    fragile = (margin is not None and margin < FRAGILE_MARGIN) or (rate is not None and rate < FRAGILE_WIN_RATE)
    return Robustness(margin, rate, fragile, found)
