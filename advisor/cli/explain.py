"""`advisor explain`: the options of one use case with their contributions, and the exclusions with their rules.

By default the best `top` options and the exclusions grouped by rule (a catalog of thousands of models has
tens of thousands of each); with `top` None, each option and each exclusion. Rows are plain aligned text: fast
for tens of thousands of them, and easy to grep. At a terminal they are wrapped between words to its width, and
a table wider than that puts each option's criteria on lines of their own; a pipe or a file gets a line per
option and per exclusion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from advisor.engine.recommendation import ExcludedOption, Recommendation, UseCaseResult
from advisor.engine.scoring import CRITERIA, LABELS
from advisor.figures import money, score, weight

if TYPE_CHECKING:
    from advisor.catalog.schema import Catalog


def print_explanation(
    console: Console, result: UseCaseResult, rec: Recommendation, top: int | None, catalog: Catalog | None = None
) -> None:
    """The options and exclusions of one use case: the best `top` options and the exclusions by rule, or (top
    None) every one of each. Its sentences name providers as the report does (by the catalog's names)."""
    from advisor.report.render import CatalogFacts
    from advisor.wording import name_providers

    provider_name = CatalogFacts(rec, catalog).provider_name
    currency = rec.totals.currency
    console.print(f"[bold]{escape(result.name)}[/bold]: {result.kind.name}, {result.sensitivity} data")
    console.print("weights: " + ", ".join(f"{LABELS[c]} {weight(result.weights[c])}" for c in CRITERIA))
    passed = len(result.ranked)
    shown = result.ranked if top is None or passed <= top else result.ranked[:top]
    every = "" if len(shown) == passed else f"; the best {len(shown):,} (--all lists every one)"
    console.print(f"[bold]{passed:,} option(s) passed the gates[/bold], best first{every}")
    header = ["#", "option", "score", *CRITERIA, f"{currency}/month"]
    rows = [
        [
            str(i),
            s.option.id,
            score(s.score),
            *(score(s.contributions[c]) for c in CRITERIA),
            money(s.monthly_cost, currency).removeprefix(f"{currency} "),
        ]
        for i, s in enumerate(shown, 1)
    ]
    table = _aligned(header, rows, left={1})
    if console.is_terminal and table and len(table[0]) > console.width:  # each option's criteria on lines of their own
        table = _stacked(header, rows, console.width)
    _print_lines(console, table)
    sentences = [*result.reasons, *result.what_would_change]
    _print_lines(console, (f"  {name_providers(line, provider_name)}" for line in sentences))
    excluded = len(result.excluded)
    if top is None:
        console.print(f"[bold]{excluded:,} option(s) excluded[/bold]")
        _print_lines(
            console, (f"  {ex.option.id}: " + "; ".join(str(e) for e in ex.exclusions) for ex in result.excluded)
        )
    else:
        console.print(f"[bold]{excluded:,} option(s) excluded[/bold], by rule (--all lists every one)")
        _print_lines(console, _by_rule(result.excluded))
    _print_lines(
        console,
        (
            f"  would pass with {change.what} ({change.rule}): {change.options} option(s), best {change.best}"
            for change in result.changes_needed
        ),
    )


def _by_rule(excluded: Sequence[ExcludedOption]) -> list[str]:
    """A line per rule, most options first: how many options and models it removed, and its reason for the
    first of them (the report's grouping, narrative.excluded_by_rule)."""
    from advisor.report.narrative import excluded_by_rule
    from advisor.report.render import ExcludedView

    return [
        f"  {g['rule']}: {g['options']:,} option(s) of {g['models_total']:,} model(s); the first: {g['example']}"
        for g in excluded_by_rule({"excluded": ExcludedView(excluded)})
    ]


def _aligned(header: list[str], rows: list[list[str]], left: set[int]) -> list[str]:
    """The rows under their header in columns as wide as their widest cell; numbers to the right."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(w) if k in left else cell.rjust(w) for k, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), *map(line, rows)]


def _stacked(header: list[str], rows: list[list[str]], width: int) -> list[str]:
    """The table for a narrow terminal: rank, option, score and cost aligned; under each option its criteria,
    as 'name value' pairs wrapped to the width."""
    import textwrap

    short = [0, 1, 2, len(header) - 1]
    lines = []
    table = _aligned([header[k] for k in short], [[row[k] for k in short] for row in rows], left={1})
    lines.append(table[0])
    for row, line in zip(rows, table[1:], strict=True):
        lines.append(line)
        pairs = "  ".join(f"{name} {value}" for name, value in zip(header[3:-1], row[3:-1], strict=True))
        lines.extend(textwrap.wrap(pairs, width, initial_indent="   ", subsequent_indent="   ", break_on_hyphens=False))
    return lines


def _print_lines(console: Console, lines: Iterable[str]) -> None:
    """Plain lines, not read as markup, at a terminal wrapped between words to its width (a continuation
    indented under its start): one write for all of them. Most lines fit and are written as they are."""
    import textwrap

    width = console.width if console.is_terminal else None  # a pipe or a file: a line per item, for grep
    fitted = (
        line
        if width is None or len(line) <= width
        else textwrap.fill(
            line,
            width,
            subsequent_indent=" " * (len(line) - len(line.lstrip()) + 2),
            break_long_words=False,
            break_on_hyphens=False,
        )
        for line in lines
    )
    text = "\n".join(fitted)
    if text:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
