"""Inline SVG charts for the HTML report: cost per use case against the budget, and scores by criterion.

Plain SVG text with every label escaped and every number printed at fixed precision, so the same report
gives the same bytes; no scripts, fonts or anything fetched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from advisor.engine.scoring import CRITERIA, LABELS
from advisor.figures import money, money_between, score, weight

WIDTH = 720
FONT = "font-family=\"'Helvetica Neue', Arial, sans-serif\""
INK, MUTED, GRID, ACCENT, OVER, BUDGET = "#1d2733", "#5b6b7b", "#d9dee4", "#1f5f8b", "#c0392b", "#c0392b"
CRITERION_COLOURS = {
    "quality": "#1f5f8b",
    "cost": "#4a9cc7",
    "privacy": "#1e7f6b",
    "lock_in": "#6cc3a0",
    "speed": "#e0a526",
    "operations": "#d2691e",
    "licence": "#8e5ba8",
    "lifecycle": "#a3adb8",
}


def _n(x: float) -> str:
    """A coordinate at fixed precision: the same bytes on every run."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _fit(text: str, width_px: float, size: float) -> str:
    """Shorten a label with an ellipsis so it fits about `width_px` at font size `size`."""
    text = _one_line(text)
    limit = max(4, int(width_px / (size * 0.56)))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def escape(text: str) -> str:
    """SVG text, escaped as HTML is (html is imported here: only HTML reports draw charts)."""
    import html

    return html.escape(text)


def _text(
    x: float, y: float, text: str, *, size: float = 12, fill: str = INK, anchor: str = "start", weight: str = "normal"
) -> str:
    text = _one_line(text)
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}" text-anchor="{anchor}"{bold}>'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, title: str | None = None) -> str:
    inner = f"<title>{escape(_one_line(title))}</title>" if title else ""
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" fill="{fill}">{inner}</rect>'


def _svg(height: float, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" '
        f'height="{_n(height)}" role="img" class="chart" {FONT}><title>{escape(_one_line(title))}</title>'
        + "".join(body)
        + "</svg>"
    )


def cost_chart(r: Mapping[str, Any]) -> Markup:
    """One bar per use case and a stacked total, against a marked budget line."""
    totals = r["totals"]
    cur, budget, total = totals["currency"], float(totals["budget"] or 0), float(totals["monthly_cost"] or 0)
    rows = [(u["use_case"], float(u["monthly_cost"] or 0), u["monthly_cost"] is None) for u in r["stack"]]
    label_w, right_pad, row_h, top = 210.0, 110.0, 30.0, 14.0
    plot_w = WIDTH - label_w - right_pad
    scale_max = max(total, budget, 1.0)
    height = top + row_h * (len(rows) + 1) + 40
    body: list[str] = []
    x0 = label_w

    def x(v: float) -> float:
        return x0 + plot_w * min(v, scale_max) / scale_max

    for i, (name, cost, unpriced) in enumerate(rows):
        y = top + i * row_h
        body.append(_text(label_w - 10, y + 17, _fit(name, label_w - 14, 12), anchor="end"))
        body.append(_rect(x0, y + 5, max(x(cost) - x0, 1.5), 18, ACCENT, f"{name}: {money(cost, cur)} a month"))
        value = "unpriced" if unpriced else money(cost, cur)
        body.append(_text(x(cost) + 6, y + 18, value, size=11, fill=MUTED))
    y = top + len(rows) * row_h
    body.append(f'<line x1="{_n(x0 - 200)}" y1="{_n(y + 1)}" x2="{_n(WIDTH - 10)}" y2="{_n(y + 1)}" stroke="{GRID}"/>')
    body.append(_text(label_w - 10, y + 21, "Total", anchor="end", weight="bold"))
    within = min(total, budget) if budget else total
    body.append(_rect(x0, y + 8, x(within) - x0, 18, INK, f"Total: {money(total, cur)} a month"))
    if budget and total > budget:
        body.append(
            _rect(
                x(budget), y + 8, x(total) - x(budget), 18, OVER, f"Over budget by {money_between(total, budget, cur)}"
            )
        )
    body.append(_text(x(total) + 6, y + 22, money(total, cur), size=11, fill=INK, weight="bold"))
    if budget:
        bx = x(budget)
        body.append(
            f'<line x1="{_n(bx)}" y1="{_n(top - 4)}" x2="{_n(bx)}" y2="{_n(y + 32)}" stroke="{BUDGET}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        body.append(_text(bx, y + 46, f"Budget {money(budget, cur)}", size=11, fill=BUDGET, anchor="middle"))
    return _svg(height, f"Monthly cost per use case against the budget of {money(budget, cur)}", body)


LEGEND_COLUMNS = 4


def _legend(y: float) -> list[str]:
    """The criteria's colours in rows of four, so the legend never runs off the chart."""
    out = []
    column_w = (WIDTH - 20) / LEGEND_COLUMNS
    for i, c in enumerate(CRITERIA):
        x = 10 + (i % LEGEND_COLUMNS) * column_w
        row_y = y + (i // LEGEND_COLUMNS) * 16
        out.append(_rect(x, row_y, 10, 10, CRITERION_COLOURS[c]))
        out.append(_text(x + 15, row_y + 9, LABELS[c], size=11, fill=MUTED))
    return out


def score_chart(u: Mapping[str, Any]) -> Markup:
    """Each option's score as a stack of its criteria's weighted contributions, on a fixed 0-1 axis."""
    options: Sequence[Mapping[str, Any]] = [
        o for o in [u["primary"], u["fallback"], *u["alternatives"]] if o is not None
    ]
    roles = ["Recommended", "Fallback" if u["fallback"] else "Alternative"] + ["Alternative"] * len(options)
    label_w, right_pad, row_h, top = 280.0, 50.0, 38.0, 22.0
    plot_w = WIDTH - label_w - right_pad
    legend_rows = -(-len(CRITERIA) // LEGEND_COLUMNS)
    height = top + row_h * len(options) + 18 + 16 * legend_rows
    body: list[str] = []
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        tx = label_w + plot_w * tick
        body.append(
            f'<line x1="{_n(tx)}" y1="{_n(top - 6)}" x2="{_n(tx)}" y2="{_n(top + row_h * len(options))}" stroke="{GRID}"/>'
        )
        body.append(_text(tx, top - 10, f"{tick:g}", size=10, fill=MUTED, anchor="middle"))
    for i, o in enumerate(options):
        y = top + i * row_h
        emphasis = "bold" if i == 0 else "normal"
        body.append(_text(label_w - 10, y + 14, _fit(o["model_name"], label_w - 14, 12), anchor="end", weight=emphasis))
        detail = f"{roles[i]} · {o['label'].removeprefix(o['model_name']).lstrip(', ')}"
        body.append(_text(label_w - 10, y + 28, _fit(detail, label_w - 14, 10), size=10, fill=MUTED, anchor="end"))
        x = label_w
        for c in CRITERIA:
            part = max(float(o["contributions"][c]), 0.0)
            w = plot_w * part
            if w > 0:
                body.append(_rect(x, y + 6, w, 22, CRITERION_COLOURS[c], f"{LABELS[c]}: {score(part)}"))
            x += w
        body.append(_text(x + 6, y + 21, score(o["score"]), size=11, weight=emphasis))
    body.extend(_legend(top + row_h * len(options) + 12))
    return _svg(height, f"Scores by criterion for {u['use_case']}", body)


def weights_chart(weights: Mapping[str, float]) -> Markup:
    """The weight of each criterion, as bars."""
    label_w, row_h, top = 210.0, 22.0, 6.0
    plot_w = WIDTH - label_w - 80
    body: list[str] = []
    for i, c in enumerate(CRITERIA):
        y = top + i * row_h
        w = float(weights[c])
        body.append(_text(label_w - 10, y + 14, LABELS[c], size=11, anchor="end"))
        body.append(_rect(label_w, y + 4, max(plot_w * w, 1.0), 14, CRITERION_COLOURS[c]))
        body.append(_text(label_w + plot_w * w + 6, y + 15, weight(w), size=11, fill=MUTED))
    return _svg(top + row_h * len(CRITERIA) + 6, "Weight of each criterion", body)
