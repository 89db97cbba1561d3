"""How every report, the terminal summary and `explain` print a number: one formatter per kind of figure.

A score is kept to four places (as the JSON report keeps it) and printed to three, so the same option's
score reads the same wherever it is printed, whether the printer has the exact score or the JSON's. A gap
between two scores is printed as the difference of the two printed scores, so that the numbers beside it
add up on the page.
"""

from __future__ import annotations

from decimal import Decimal

SCORE_PLACES = 4  # places the JSON report keeps


def money(amount: float | None, currency: str) -> str:
    """'EUR 1,234'; 'under EUR 1' for an amount that rounds to nothing yet costs something; 'unpriced'."""
    if amount is None:
        return "unpriced"
    if 0 < amount < 0.5:
        return f"under {currency} 1"
    return f"{currency} {amount:,.0f}"


def money_between(more: float, less: float, currency: str) -> str:
    """The difference of two amounts as the difference of the two amounts as printed, so that the three
    figures on the page add up: 'EUR 3,000' less 'EUR 2,847' is 'EUR 153'."""
    return money(round(more) - round(less), currency)


def unit_money(amount: float | None, currency: str) -> str:
    """A cost per unit of work: 'EUR 0.01', 'EUR 1.25', 'under EUR 0.01'."""
    if amount is None:
        return "unpriced"
    if 0 < amount < 0.005:
        return f"under {currency} 0.01"
    return f"{currency} {amount:,.2f}"


def tokens(count: float) -> str:
    """A number of tokens: '12,840M', '6.9M', '420k', '800' (never '0.0M')."""
    if count >= 1e8:
        return f"{count / 1e6:,.0f}M"
    if count >= 1e6:
        return f"{count / 1e6:,.1f}M"
    if count >= 1e3:
        return f"{count / 1e3:,.0f}k"
    return f"{count:,.0f}"


def _printed(value: float) -> Decimal:
    return Decimal(f"{round(value, SCORE_PLACES):.3f}")


def score(value: float | None) -> str:
    """A score, or a criterion's contribution to one, on the 0-1 scale: '0.837'."""
    return "n/a" if value is None else str(_printed(value))


def printed_gap(higher: float, lower: float) -> Decimal:
    """The difference of the two printed scores: zero when they print alike, however they differ."""
    return _printed(higher) - _printed(lower)


def gap(higher: float, lower: float, *, signed: bool = False) -> str:
    """How far one score is above another, as the difference of the two printed scores: '0.033' ('+0.033',
    '-0.005' when signed)."""
    difference = printed_gap(higher, lower)
    if signed:
        return f"{difference:+.3f}"
    return f"{difference:.3f}"


def score_change(loss: float) -> str:
    """What a move costs in score, in words: 'for a loss of 0.031 in score', 'for a gain of 0.031 in score'."""
    if round(loss, SCORE_PLACES) < 0:
        return f"for a gain of {score(-loss)} in score"
    return f"for a loss of {score(loss)} in score"


def fit(value: float | None) -> str:
    """A quality fit (0-1), wherever the report prints one: '0.64'."""
    return "n/a" if value is None else f"{value:.2f}"


def weight(value: float) -> str:
    """A criterion's weight: '0.23'; never '-0.00' (a weight that reaches zero from rounding below it)."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def weight_moves(start: float, end: float) -> bool:
    """Whether a move of a weight shows in print: '0.08 to 0.08' changes nothing the reader can see."""
    return weight(start) != weight(end)


def weight_dropped(end: float) -> bool:
    """Whether a weight moved to `end` prints as zero: the criterion no longer counts at all."""
    return weight(end) == "0.00"


def weight_change(start: float, end: float) -> str:
    """How far a weight moves, as the difference of the two printed weights: '0.13'."""
    return f"{abs(Decimal(weight(end)) - Decimal(weight(start))):.2f}"
