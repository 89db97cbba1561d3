"""One number, one rounding: a score or a gap printed for the same option reads the same on the decision
card, in the alternatives table, in the lock-in list and in `advisor explain`; a gap is the
difference of the scores printed beside it; money is printed by one formatter."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from conftest import EXAMPLES

from advisor.figures import gap, money, score

EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
DATE = "2026-11-27"
NUMBER = r"[+-]?\d+\.\d{3}"


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, str]]:
    from advisor.api import load_answers, load_catalog, recommend, render

    catalog = load_catalog()
    out = {}
    for name in EXAMPLE_NAMES:
        rec = recommend(
            load_answers(EXAMPLES / f"{name}.yaml", catalog=catalog), catalog=catalog, date=dt.date.fromisoformat(DATE)
        )
        out[name] = {fmt: render(rec, fmt, catalog=catalog) for fmt in ("md", "html", "json")}
    return out


def explain_scores(cli, example: str, use_case: str) -> dict[str, str]:
    """`advisor explain`'s printed score of every option that passed, by option id."""
    run = cli("explain", str(EXAMPLES / f"{example}.yaml"), "-u", use_case, "--date", DATE, "--top", "100000")
    assert run.code == 0, run.err
    rows = [line.split() for line in run.out.splitlines()]
    return {row[1]: row[2] for row in rows if len(row) > 3 and row[0].isdigit() and "@" in row[1]}


def md_section(md: str, index: int) -> str:
    start = md.index(f"### 3.{index} ")
    end = md.find("\n### 3.", start + 1)
    return md[start : end if end > 0 else md.index("\n## 4.")]


def html_section(html: str, index: int) -> str:
    start = html.index(f'id="uc-{index}"')
    return html[start : html.index("</article>", start)]


def table_rows(section: str) -> dict[str, tuple[str, str, str]]:
    """The alternatives table of a use case's Markdown section: label -> (role, score, behind by)."""
    table = section[section.index("| Option | Role |") :].split("\n\n")[0].splitlines()[2:]
    rows = {}
    for line in table:
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        rows.setdefault(cells[0].replace("\\", ""), (cells[1], cells[2], cells[3]))
    return rows


def difference(a: str, b: str) -> Decimal:
    return Decimal(a) - Decimal(b)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_every_score_and_gap_of_an_option_agrees_wherever_it_is_printed(cli, rendered, example):
    data = json.loads(rendered[example]["json"])
    md, html = rendered[example]["md"], rendered[example]["html"]
    for index, u in enumerate(data["stack"], 1):
        p, f = u["primary"], u["fallback"]
        if p is None:
            continue
        explained = explain_scores(cli, example, u["use_case"])
        md_u, html_u = md_section(md, index), html_section(html, index)
        cards = re.findall(rf"a month(?: · [^<]*?)? · score ({NUMBER})</div>", html_u)
        rows = table_rows(md_u)
        printed = score(p["score"])
        # the recommendation: card, its line in Markdown, the table's first row, explain; the bullets beside the
        # card do not print it again
        assert cards[0] == printed
        assert f"score {printed}." in md_u and f"Scores {printed} of 1" not in md_u + html_u
        assert rows[p["label"]][:2] == ("Recommended", printed)
        assert explained[p["option"]] == printed
        # the best other model the bullets compare it with: the gap is the difference of printed scores
        versus = re.search(
            rf"(Beats|less than) the best other model, (\S+), (?:by |but )?(?:({NUMBER}))?", " ".join(p["reasons"])
        )
        said = re.search(
            rf"(?:Beats the best other model, \S+, by|Scores) ({NUMBER})(?: less)?", " ".join(p["reasons"][1:])
        )
        if versus is not None and said is not None:
            other = explained[versus.group(2).rstrip(",")]
            assert abs(difference(printed, other)) == Decimal(said.group(1)), (printed, other, said.group(0))
        # the fallback: card, table row with its gap, explain (its score is printed nowhere else)
        if f is not None:
            fallback = score(f["score"])
            assert cards[1] == fallback
            role, shown, behind = rows[f["label"]]
            assert (role, shown) == ("Fallback", fallback)
            assert Decimal(behind) == difference(printed, fallback)
            assert explained[f["option"]] == fallback
        # every alternative: its row's score is explain's, its gap the difference of the printed scores
        for a in u["alternatives"]:
            role, shown, behind = rows[a["label"]]
            assert shown == score(a["score"]) == explained[a["option"]]
            assert Decimal(behind) == difference(printed, shown)


def test_a_score_prints_the_same_from_the_exact_value_and_from_the_json_value():
    for exact in (0.83649, 0.83651, 0.8365, 0.12345678, 0.0004999, 0.99995):
        assert score(exact) == score(round(exact, 4))
    assert gap(0.8365, 0.80349) == str(Decimal(score(0.8365)) - Decimal(score(0.80349)))


def test_one_money_formatter_for_every_small_amount():
    assert money(0.3, "EUR") == "under EUR 1"
    assert money(0, "EUR") == "EUR 0"
    assert money(None, "EUR") == "unpriced"
    assert money(2745.5, "EUR") == "EUR 2,746"


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_no_report_prints_a_small_cost_as_zero(rendered, example):
    for fmt in ("md", "html"):
        text = rendered[example][fmt]
        assert not re.search(r"\b(?:EUR|USD|GBP|CHF) 0(?![.,\d])", text), fmt


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_a_criterion_is_named_stronger_or_weaker_only_when_its_printed_gap_is_not_zero(rendered, example):
    for fmt in ("md", "html"):
        assert not re.search(r"\([+-]0\.000\)", rendered[example][fmt]), fmt


def test_a_difference_of_amounts_is_the_difference_of_the_printed_amounts():
    from advisor.figures import money_between

    assert money(10.4, "EUR") == "EUR 10" and money(0.6, "EUR") == "EUR 1"
    assert money_between(10.4, 0.6, "EUR") == "EUR 9"  # not EUR 10, the rounded 9.8


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_what_is_left_of_the_budget_is_the_budget_less_the_total_as_printed(rendered, example):
    data = json.loads(rendered[example]["json"])
    t, cur = data["totals"], data["totals"]["currency"]
    printed = {name: int(money(t[name], cur).split()[1].replace(",", "")) for name in ("budget", "monthly_cost")}
    md = rendered[example]["md"]
    if t["within_budget"]:
        left = printed["budget"] - printed["monthly_cost"]
        assert f"leaving {cur} {left:,}" in md and f"with {cur} {left:,} a month to spare" in md
    else:
        over = printed["monthly_cost"] - printed["budget"]
        assert f"The stack is {cur} {over:,} a month over the budget" in md


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_a_quality_fit_prints_alike_wherever_it_is_printed(rendered, example):
    """One formatter (figures.fit): the decision table, the summary, the reasons and the risk register print
    a quality fit with two places, so the option D sentence and the table agree."""
    from advisor.figures import fit

    md, data = rendered[example]["md"], json.loads(rendered[example]["json"])
    printed = re.findall(r"[Qq]uality fit (?:of |for [a-z ]+: )?(\d\.\d+)", md)
    assert printed and all(len(p.split(".")[1]) == 2 for p in printed), printed
    table = {o["label"]: o for o in data["options"]}
    for label, option in table.items():
        assert re.search(rf"\*\*{label}: .*\| {re.escape(fit(option['quality_fit']))} \|", md), label
    if "D" in table:
        sentence = (
            f"the budget buys a quality fit of {fit(table['D']['quality_fit'])} against "
            f"{fit(table['A']['quality_fit'])}, for {money(table['D']['monthly_cost'], data['totals']['currency'])} "
            "a month (option D)"
        )
        assert sentence in md and sentence in rendered[example]["html"]
