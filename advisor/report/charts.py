"""Inline SVG charts for the HTML report, each with a table of the same figures: cost per use case against
the budget, the top options' scores as a dot plot, the API against self-hosting over monthly volume, and the
weights of the criteria.

Plain SVG text with every label escaped and every number printed by `advisor.figures`, so the same report
gives the same bytes and a chart says what the tables say; no scripts, fonts or anything fetched. Labels
sit on their own line above each row, never clipped; every text is at least 12 units high in a 720-unit
viewBox that the stylesheet never shrinks below 660 px (the chart scrolls in its own box on a narrower
screen), so no text renders below 11 px. Colours that touch or sit side by side differ by at least 3:1 in
contrast, and each differs from the white page by at least 3:1 (PALETTE_PAIRS, checked by a test).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from advisor.engine.scoring import CRITERIA, LABELS
from advisor.figures import gap, money, money_between, printed_gap, score, tokens, unit_money, weight

WIDTH = 720  # the viewBox of a chart on a page or a wide screen
# a use case's cost-over-volume chart is in the body when its volume is within this factor of the break-even
# (the choice between API and self-hosting is then close), else in the appendix, with its figures in a sentence
CLOSE_TO_BREAK_EVEN = 10
NARROW = 380  # the viewBox of the same chart drawn for a narrow screen (600 px and less)
MIN_FONT = 12  # the smallest text in any chart, in viewBox units
FONT = "font-family=\"'Helvetica Neue', Arial, sans-serif\""
INK, MUTED, GRID, WHITE = "#1d2733", "#5b6b7b", "#d9dee4", "#ffffff"
NAVY, ACCENT, ORANGE, OVER, BUDGET = "#14324d", "#1f5f8b", "#d2691e", "#e4572e", "#c0392b"
# colours drawn next to each other, or over each other, in one chart: each pair at least 3:1 apart
PALETTE_PAIRS = (
    (INK, OVER),  # the total's bar within the budget and its part over it
    (NAVY, ORANGE),  # the recommended option's dot and the fallback's; the API line and self-hosting's
    (ORANGE, NAVY),  # the fallback's dot and the alternatives' outlined dots
)


def _n(x: float) -> str:
    """A coordinate at fixed precision: the same bytes on every run."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def escape(text: str) -> str:
    """SVG text, escaped as HTML is (html is imported here: only HTML reports draw charts)."""
    import html

    return html.escape(text)


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 13,
    fill: str = INK,
    anchor: str = "start",
    weight: str = "normal",
    extra: str = "",
    halo: bool = False,
) -> str:
    """One line of text; `extra` is a muted second part of the same line (an option's role and route); a
    halo of white keeps a value legible where a line of the chart crosses it."""
    text = _one_line(text)
    bold = ' font-weight="bold"' if weight == "bold" else ""
    tail = f'<tspan dx="8" fill="{MUTED}" font-weight="normal">{escape(_one_line(extra))}</tspan>' if extra else ""
    at = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(max(size, MIN_FONT))}" text-anchor="{anchor}"{bold}'
    # the halo is a white-stroked copy drawn first (paint-order is no SVG 1.1 attribute nor CSS 2.1 property)
    ring = f'<text {at} fill="{WHITE}" stroke="{WHITE}" stroke-width="4" stroke-linejoin="round">{escape(text)}</text>'
    return (ring if halo else "") + f'<text {at} fill="{fill}">{escape(text)}{tail}</text>'


def _width(text: str, size: float = 13) -> float:
    """About how wide a line of text is, generously, to keep a label clear of an edge."""
    return len(_one_line(text)) * size * 0.58


def _placed(x: float, text: str, anchor: str, width: float, size: float = 13) -> tuple[float, str]:
    """Where to put a label meant to start (or end) at x so that it stays inside a chart `width` wide."""
    w = _width(text, size)
    left = x - w if anchor == "end" else x
    if left < 2:
        return 2.0, "start"
    if left + w > width - 2:
        return width - 2.0, "end"
    return x, anchor


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" fill="{fill}"/>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, extra: str = "") -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"{extra}/>'


def _circle(x: float, y: float, r: float, fill: str, stroke: str | None = None) -> str:
    ring = f' stroke="{stroke}" stroke-width="2"' if stroke else ""
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}"{ring}/>'


def _svg(height: float, title: str, body: list[str], width: float = WIDTH) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" '
        f'height="{_n(height)}" role="img" class="chart" {FONT}><title>{escape(_one_line(title))}</title>'
        + "".join(body)
        + "</svg>"
    )


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]) -> Markup:
    """A chart's figures as a table: a caption, a header cell with a scope for each column, the first cell
    of each row a row header."""
    import html

    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    out = [f"<table><caption>{html.escape(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col"{cls(i)}>{html.escape(h)}</th>' for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = [f'<th scope="row">{html.escape(row[0])}</th>']
        cells += [f"<td{cls(i)}>{html.escape(c)}</td>" for i, c in enumerate(row) if i]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


# --- cost per use case against the budget -------------------------------------------------------------


def _cost_rows(r: Mapping[str, Any]) -> list[tuple[str, float, bool]]:
    return [(u["use_case"], float(u["monthly_cost"] or 0), u["monthly_cost"] is None) for u in r["stack"]]


def cost_chart(r: Mapping[str, Any], width: int = WIDTH) -> Markup:
    """One bar per use case and the total, each labelled on its own line, against a marked budget line."""
    totals = r["totals"]
    cur, budget, total = totals["currency"], float(totals["budget"] or 0), float(totals["monthly_cost"] or 0)
    rows = _cost_rows(r)
    left, right_pad, row_h, top = 14.0, 120.0, 46.0, 8.0
    plot_w = width - left - right_pad
    scale_max = max(total, budget, 1.0)
    height = top + row_h * (len(rows) + 1) + 30
    body: list[str] = []

    def x(v: float) -> float:
        return left + plot_w * min(v, scale_max) / scale_max

    for i, (name, cost, unpriced) in enumerate(rows):
        y = top + i * row_h
        body.append(_text(left, y + 14, name))
        body.append(_rect(left, y + 20, max(x(cost) - left, 1.5), 18, ACCENT))
        body.append(_text(x(cost) + 6, y + 34, "unpriced" if unpriced else money(cost, cur), fill=INK, halo=True))
    y = top + len(rows) * row_h
    body.append(_line(left, y + 2, width - 10, y + 2, GRID))
    body.append(_text(left, y + 18, "Total", weight="bold"))
    within = min(total, budget) if budget else total
    body.append(_rect(left, y + 24, max(x(within) - left, 1.5), 18, INK))
    if budget and total > budget:
        body.append(_rect(x(budget), y + 24, x(total) - x(budget), 18, OVER))
    body.append(_text(x(total) + 6, y + 38, money(total, cur), weight="bold", halo=True))
    if budget:
        bx = x(budget)
        # drawn first, under the bars and their values, whose white halo keeps them legible across it
        body.insert(0, _line(bx, top, bx, y + 48, BUDGET, ' stroke-width="2" stroke-dasharray="5 3"'))
        label = f"Budget {money(budget, cur)}"
        # the budget's label beside its line, on the side with room for it
        if bx + 6 + _width(label) <= width - 4:
            body.append(_text(bx + 6, y + 62, label, fill=BUDGET))
        else:
            body.append(_text(bx - 6, y + 62, label, fill=BUDGET, anchor="end"))
    height = y + 70
    return _svg(height, f"Monthly cost per use case against the budget of {money(budget, cur)}", body, width)


def cost_table(r: Mapping[str, Any]) -> Markup:
    totals = r["totals"]
    cur, budget = totals["currency"], totals["budget"]
    rows = [[name, "unpriced" if unpriced else money(cost, cur)] for name, cost, unpriced in _cost_rows(r)]
    rows.append(["Total", money(totals["monthly_cost"], cur)])
    if budget:
        rows.append(["Budget", money(budget, cur)])
        if totals["monthly_cost"] is not None and totals["monthly_cost"] > budget:
            rows.append(["Over budget by", money_between(totals["monthly_cost"], budget, cur)])
    return _table("The chart's figures: monthly cost per use case", ["Use case", "Monthly cost"], rows, [1])


# --- scores: a dot plot of the top options ------------------------------------------------------------


def _options(u: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    out: list[tuple[str, Mapping[str, Any]]] = [("Recommended", u["primary"])]
    if u["fallback"]:
        out.append(("Fallback", u["fallback"]))
    out += [("Alternative", o) for o in u["alternatives"]]
    return out


def _route(o: Mapping[str, Any]) -> str:
    """'via Anthropic (global)' from 'Claude Sonnet 5.5 via Anthropic (global)'."""
    return str(o["label"]).removeprefix(str(o["model_name"])).lstrip(", ")


def gap_words(best: float, s: float) -> str:
    """How far an option is from the recommendation, in words, from the printed scores: '0.018 behind',
    '0.003 ahead' (the recommendation can trail an option it was chosen over, to keep within budget), 'level'."""
    difference = printed_gap(best, s)
    if difference == 0:
        return "level"
    return f"{gap(max(best, s), min(best, s))} {'behind' if difference > 0 else 'ahead'}"


LABEL_ROOM = 0.26  # the share of the dot plot's width left of the lowest dot, for its printed score and gap


def score_axis(scores: Sequence[float], room: float = LABEL_ROOM, steps: int = 8) -> tuple[float, float, float]:
    """An axis that starts near the options rather than at 0, so the gaps between them show: from a round
    figure below the lowest score, leaving `room` of the width left of it for the printed values, to the
    hundredth above the highest, with a tick step giving at most `steps` steps."""
    hi = math.ceil((max(scores) + 0.004) * 100) / 100
    lo = (min(scores) - room * hi) / (1 - room)
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25) if (hi - lo) / s <= steps)
    hi = math.ceil(hi / step - 1e-9) * step
    lo = (min(scores) - room * hi) / (1 - room)
    lo = max(math.floor(lo / step + 1e-9) * step, 0.0)
    return round(lo, 2), round(hi, 2), step


def score_chart(u: Mapping[str, Any], width: int = WIDTH) -> Markup:
    """The recommended option, its fallback and the next best on an axis that starts near them, each dot
    with its score and its gap to the recommendation printed beside it."""
    options = _options(u)
    scores = [float(o["score"]) for _, o in options]
    narrow = width < 600  # the option's role and route on a line of their own, more room for the values
    left, right, top, row_h = 14.0, width - 24.0, 30.0, (66.0 if narrow else 50.0)
    plot_w = right - left
    lo, hi, step = score_axis(scores, max(LABEL_ROOM, 165 / plot_w), 5 if narrow else 8)

    def x(v: float) -> float:
        return left + plot_w * (v - lo) / (hi - lo)

    bottom = top + row_h * len(options)
    body: list[str] = []
    ticks = round((hi - lo) / step)
    for k in range(ticks + 1):
        tick = lo + k * step
        tx = x(tick)
        body.append(_line(tx, top - 6, tx, bottom, GRID))
        anchor = "start" if k == 0 else "end" if k == ticks else "middle"
        body.append(_text(tx, top - 12, f"{tick:.2f}", size=12, fill=MUTED, anchor=anchor))
    best = scores[0]
    body.append(_line(x(best), top - 6, x(best), bottom, NAVY, ' stroke-width="1.5" stroke-dasharray="3 3"'))
    for i, (role, o) in enumerate(options):
        y = top + i * row_h
        bold = "bold" if i == 0 else "normal"
        if narrow:
            body.append(_text(left, y + 16, str(o["model_name"]), weight=bold))
            body.append(_text(left, y + 32, f"{role}, {_route(o)}", size=12, fill=MUTED))
        else:
            body.append(_text(left, y + 16, str(o["model_name"]), weight=bold, extra=f"{role}, {_route(o)}"))
        cy = y + row_h - 16
        body.append(_line(left, cy, right, cy, GRID, ' stroke-width="1"'))
        s = float(o["score"])
        cx = x(s)
        if i == 0:
            body.append(_circle(cx, cy, 7, NAVY))
            value = score(s)
        else:
            value = f"{score(s)}, {gap_words(best, s)}"
            body.append(_line(cx, cy, x(best), cy, MUTED, ' stroke-width="2"'))
            if role == "Fallback":
                body.append(_circle(cx, cy, 7, ORANGE))
            else:
                body.append(_circle(cx, cy, 6, WHITE, NAVY))
        # the value left of the dot and its gap line, or right of them where the left has no room
        start, end = min(cx, x(best)), max(cx, x(best))
        if start - 12 - _width(value) >= 0:
            body.append(_text(start - 12, cy + 5, value, weight=bold, anchor="end", halo=True))
        else:
            vx, anchor = _placed(end + 12, value, "start", width)
            body.append(_text(vx, cy + 5, value, weight=bold, anchor=anchor, halo=True))
    body.append(_text(left, bottom + 22, f"Score out of 1; the axis runs from {lo:.2f} to {hi:.2f}.", fill=MUTED))
    return _svg(bottom + 30, f"Scores of the top options for {u['use_case']}", body, width)


def score_table(u: Mapping[str, Any]) -> Markup:
    options = _options(u)
    best = float(options[0][1]["score"])
    cur = u["primary"]["currency"]
    rows = [
        [
            str(o["label"]),
            role,
            score(o["score"]),
            "–" if i == 0 else gap_words(best, float(o["score"])),
            money(o["monthly_cost"], cur),
        ]
        for i, (role, o) in enumerate(options)
    ]
    return _table(
        f"The chart's figures: scores out of 1 for {u['use_case']}",
        ["Option", "Role", "Score", "Against the recommendation", "Monthly cost"],
        rows,
        [2, 3, 4],
    )


# --- the API against self-hosting, over monthly volume -------------------------------------------------


def _decade_ticks(lo: float, hi: float) -> list[float]:
    return [10.0**k for k in range(round(math.log10(lo)), round(math.log10(hi)) + 1)]


def _money_tick(v: float, cur: str) -> str:
    return unit_money(v, cur) if v < 1 else money(v, cur)


def _token_tick(v: float) -> str:
    if v >= 1e9:
        return f"{v / 1e9:,.0f}bn"
    if v >= 1e6:
        return f"{v / 1e6:,.0f}M"
    return tokens(v)


def break_even_chart(u: Mapping[str, Any], width: int = WIDTH) -> Markup:
    """The monthly cost of the API and of self-hosting against monthly tokens, both axes by powers of ten
    (the API is then a straight rising line, self-hosting a flat one), the break-even point and the use
    case's own volume marked and their figures printed."""
    b = u["break_even"]
    cur = u["primary"]["currency"] if u["primary"] else ""
    price, flat = float(b["api_price_per_million"]), float(b["self_hosted_monthly"])
    even, now = float(b["tokens_per_month"]), float(b["current_tokens_per_month"])

    def api(t: float) -> float:
        return price * t / 1e6

    x_lo = 10.0 ** math.floor(math.log10(min(even, now)) - 0.3)
    x_hi = 10.0 ** math.ceil(math.log10(max(even, now)) + 0.3)
    y_lo = 10.0 ** math.floor(math.log10(max(min(api(now), flat), 1e-3)) - 0.3)
    y_hi = 10.0 ** math.ceil(math.log10(max(api(x_hi), flat)))
    narrow = width < 600  # shorter labels
    left, right, top, bottom = 90.0, width - 22.0, 16.0, (260.0 if narrow else 230.0)

    def x(t: float) -> float:
        return left + (right - left) * (math.log10(t) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo))

    def y(v: float) -> float:
        v = min(max(v, y_lo), y_hi)
        return bottom - (bottom - top) * (math.log10(v) - math.log10(y_lo)) / (math.log10(y_hi) - math.log10(y_lo))

    body: list[str] = []
    for t in _decade_ticks(x_lo, x_hi):
        body.append(_line(x(t), top, x(t), bottom, GRID))
        body.append(_text(x(t), bottom + 18, _token_tick(t), size=12, fill=MUTED, anchor="middle"))
    for v in _decade_ticks(y_lo, y_hi):
        body.append(_line(left, y(v), right, y(v), GRID))
        body.append(_text(left - 8, y(v) + 4, _money_tick(v, cur), size=12, fill=MUTED, anchor="end"))
    body.append(
        _text(
            (left + right) / 2,
            bottom + 38,
            "Tokens a month, by powers of ten" if narrow else "Tokens a month (each step ten times the last)",
            fill=MUTED,
            anchor="middle",
        )
    )
    # the API line from where it enters the plot to where it leaves it
    t_start = max(x_lo, y_lo * 1e6 / price)
    t_end = min(x_hi, y_hi * 1e6 / price)
    body.append(_line(x(t_start), y(api(t_start)), x(t_end), y(api(t_end)), NAVY, ' stroke-width="3"'))
    body.append(_line(left, y(flat), right, y(flat), ORANGE, ' stroke-width="3" stroke-dasharray="8 4"'))
    # each label on the side of its line where no other line runs: self-hosting's below its flat line at the
    # left, the API's below its rising line, the break-even point's above and left of it, today's below right
    flat_label = f"Self-hosting {money(flat, cur)} a month" + ("" if narrow else " at any volume")
    body.append(_text(left + 8, y(flat) + 20, flat_label, halo=True))
    t_api = 10 ** ((math.log10(now) + math.log10(min(even, t_end))) / 2)
    api_label = f"API {unit_money(price, cur)} per million tokens"
    ax, anchor = _placed(x(t_api) + 10, api_label, "start", width)
    body.append(_text(ax, y(api(t_api)) + 24, api_label, anchor=anchor, halo=True))
    ex, ey = x(even), y(flat)
    body.append(_line(ex, ey, ex, bottom, INK, ' stroke-dasharray="2 3"'))
    body.append(_circle(ex, ey, 7, WHITE, INK))
    even_label = f"Break-even {tokens(even)} tokens" + ("" if narrow else " a month")
    lx, anchor = _placed(ex - 10, even_label, "end", width)
    body.append(_text(lx, ey - 12, even_label, weight="bold", anchor=anchor, halo=True))
    nx, ny = x(now), y(api(now))
    body.append(_line(nx, ny, nx, bottom, NAVY, ' stroke-dasharray="2 3"'))
    body.append(_circle(nx, ny, 7, NAVY))
    now_label = f"Today {tokens(now)} tokens: API {money(api(now), cur)}" + ("" if narrow else " a month")
    lx, anchor = _placed(nx + 10, now_label, "start", width)
    body.append(_text(lx, ny + 24, now_label, weight="bold", anchor=anchor, halo=True))
    return _svg(bottom + 46, f"API against self-hosting by monthly volume for {u['use_case']}", body, width)


def break_even_table(u: Mapping[str, Any], api_option: str, self_option: str) -> Markup:
    b = u["break_even"]
    cur = u["primary"]["currency"] if u["primary"] else ""
    price, flat = float(b["api_price_per_million"]), float(b["self_hosted_monthly"])
    even, now = float(b["tokens_per_month"]), float(b["current_tokens_per_month"])
    rows = [
        [f"Today ({tokens(now)} tokens a month)", money(price * now / 1e6, cur), money(flat, cur)],
        # the two costs are equal there by definition: one figure, not two roundings of it
        [f"Break-even ({tokens(even)} tokens a month)", money(flat, cur), money(flat, cur)],
    ]
    return _table(
        f"The chart's figures for {u['use_case']}: monthly cost of the API ({api_option}, "
        f"{unit_money(price, cur)} per million tokens) and of self-hosting ({self_option})",
        ["Monthly volume", "API", "Self-hosting"],
        rows,
        [1, 2],
    )


# --- the weights --------------------------------------------------------------------------------------


def weights_chart(weights: Mapping[str, float], width: int = WIDTH) -> Markup:
    """The weight of each criterion, as bars of one colour, the figure printed beside each; each criterion's
    name left of its bar, or above it on a narrow chart."""
    narrow = width < 600
    label_w, row_h, top = (14.0, 36.0, 4.0) if narrow else (200.0, 24.0, 6.0)
    bar_y = 19.0 if narrow else 4.0
    plot_w = width - label_w - 60
    scale = max(max(float(weights[c]) for c in CRITERIA), 0.01)
    body: list[str] = []
    for i, c in enumerate(CRITERIA):
        y = top + i * row_h
        w = float(weights[c])
        if narrow:
            body.append(_text(label_w, y + 14, LABELS[c]))
        else:
            body.append(_text(label_w - 10, y + 15, LABELS[c], anchor="end"))
        body.append(_rect(label_w, y + bar_y, max(plot_w * w / scale, 1.0), 14, ACCENT))
        body.append(_text(label_w + plot_w * w / scale + 6, y + bar_y + 12, weight(w), fill=INK))
    return _svg(top + row_h * len(CRITERIA) + 6, "Weight of each criterion", body, width)


def weights_table(weights: Mapping[str, float]) -> Markup:
    rows = [[LABELS[c], weight(float(weights[c]))] for c in CRITERIA]
    return _table("The chart's figures: the weight of each criterion", ["Criterion", "Weight"], rows, [1])
