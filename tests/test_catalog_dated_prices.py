"""Dated prices: an offer's price changes on a date, and a report is priced at the one in force on its date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.answers.model import Answers
from advisor.api import load_catalog, recommend, render
from advisor.catalog.schema import Catalog
from advisor.engine.recommendation import UseCaseResult
from advisor.errors import AdvisorError
from tests.conftest import Run

ARGON = "gemini-4-argon@google/shared_api/global"
FLASH = "gemini-3.8-flash@google/shared_api/global"

ANSWERS = """\
schema_version: 1
organisation: {name: Dated Ltd, jurisdiction: eu}
budget: {monthly: 100000, currency: USD}
expertise: none
data_sensitivity: internal
priorities: [quality, cost, privacy, lock_in, speed]
use_cases:
  - name: Research
    kind: document_analysis
    requests_per_month: 1000
    input_tokens: 10000
    output_tokens: 1000
"""


@pytest.fixture
def answers(tmp_path: Path) -> Answers:
    from advisor.api import load_answers

    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS)
    return load_answers(path)


def _use_case(answers: Answers, day: dt.date, catalog: Catalog | None = None) -> UseCaseResult:
    return recommend(answers, catalog=catalog, date=day, keep=False).use_cases[0]


def _cost(result: UseCaseResult, option_id: str) -> tuple[float | None, str]:
    found = next(s for s in result.ranked if s.option.id == option_id)
    return found.monthly_cost, found.cost_basis


def test_argon_is_priced_at_its_launch_price_before_december_and_double_from_december(answers: Answers) -> None:
    # 10M input and 1M output tokens a month: $2/$10 at launch is $30, $4/$20 from 2026-12-01 is $60
    before, basis_before = _cost(_use_case(answers, dt.date(2026, 11, 30)), ARGON)
    after, basis_after = _cost(_use_case(answers, dt.date(2026, 12, 4)), ARGON)
    assert before == pytest.approx(30.0)
    assert after == pytest.approx(60.0)
    assert "USD 2/M" in basis_before and "until 2026-11-30" in basis_before
    assert "USD 4/M" in basis_after and "from 2026-12-01" in basis_after


def test_flash_promotion_ends_with_the_year(answers: Answers) -> None:
    december, _ = _cost(_use_case(answers, dt.date(2026, 12, 31)), FLASH)
    january, _ = _cost(_use_case(answers, dt.date(2027, 1, 1)), FLASH)
    assert december == pytest.approx(10 * 0.75 + 1 * 3.75)
    assert january == pytest.approx(10 * 1.5 + 1 * 7.5)


def test_the_report_tells_the_price_and_its_period(answers: Answers) -> None:
    # quality first, a budget without limit, only Google's own API and illustrated writing in many languages:
    # Google's strongest writer wins, and its cost says which price
    catalog = load_catalog()
    answers.constraints.exclude_providers = sorted(p for p in catalog.providers if p != "google")
    answers.use_cases[0].kind = "content_creation"
    answers.use_cases[0].needs = ["vision", "multilingual"]
    rec = recommend(answers, catalog=catalog, date=dt.date(2026, 12, 4), keep=False)
    primary = rec.use_cases[0].primary
    assert primary is not None and primary.option.model.id == "gemini-4-argon"
    assert "the price in force from 2026-12-01" in render(rec, "md")


OVERLAY_ENDED = """\
offers:
  - model: gemini-4-argon
    mode: shared_api
    operator: google
    region: global
    retention_days: null
    zdr_available: true
    trains_on_data: false
    price: {input: 2.0, output: 10.0, currency: USD, valid_until: 2026-11-30}
    sources: [https://ai.google.dev/gemini-api/docs/pricing]
    verified: 2026-11-27
"""


def _overlay(tmp_path: Path, text: str, name: str = "google.yaml") -> Path:
    folder = tmp_path / "overlay"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / name).write_text(text)
    return folder


def test_a_report_dated_after_every_known_price_excludes_the_offer_and_says_why(
    answers: Answers, tmp_path: Path
) -> None:
    catalog = load_catalog([_overlay(tmp_path, OVERLAY_ENDED)])
    still = _use_case(answers, dt.date(2026, 11, 30), catalog)
    assert any(s.option.id == ARGON for s in still.ranked)
    result = _use_case(answers, dt.date(2026, 12, 4), catalog)
    assert all(s.option.id != ARGON for s in result.ranked), "never priced at an ended price"
    excluded = next(e for e in result.excluded if e.option.id == ARGON)
    reasons = [str(x) for x in excluded.exclusions]
    assert any("no price in force on 2026-12-04" in r and "until 2026-11-30" in r for r in reasons), reasons
    # the model's other offers are untouched
    assert any(s.option.model.id == "gemini-4-argon" and s.option.id != ARGON for s in result.ranked)


OVERLAPPING = """\
offers:
  - model: gemini-4-argon
    mode: shared_api
    operator: google
    region: global
    prices:
      - {input: 2.0, output: 10.0, currency: USD, valid_until: 2026-12-31}
      - {input: 4.0, output: 20.0, currency: USD, valid_from: 2026-12-01}
    sources: [https://ai.google.dev/gemini-api/docs/pricing]
    verified: 2026-11-27
"""


@pytest.mark.parametrize(
    ("prices", "message"),
    [
        (OVERLAPPING, "overlap"),
        (
            OVERLAPPING.replace("valid_until: 2026-12-31", "valid_from: 2027-01-01"),
            "needs a valid_until",
        ),
        (
            OVERLAPPING.replace(
                "    prices:\n",
                "    price: {input: 1.0, output: 1.0, currency: USD}\n    prices:\n",
            ),
            "not both",
        ),
        (
            OVERLAPPING.replace(
                "{input: 2.0, output: 10.0, currency: USD, valid_until: 2026-12-31}",
                "{input: 2.0, output: 10.0, currency: USD, valid_from: 2026-12-01, valid_until: 2026-11-01}",
            ),
            "before valid_from",
        ),
    ],
)
def test_bad_price_periods_are_refused_naming_file_and_offer(tmp_path: Path, prices: str, message: str) -> None:
    folder = _overlay(tmp_path, prices)
    with pytest.raises(AdvisorError) as caught:
        load_catalog([folder])
    text = str(caught.value)
    assert "google.yaml" in text
    assert "gemini-4-argon@google" in text
    assert message in text, text


def test_catalog_validate_reports_overlapping_prices_without_a_traceback(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run = cli("catalog", "validate", str(_overlay(tmp_path, OVERLAPPING)))
    assert run.code != 0
    assert "Traceback" not in run.err + run.out
    assert "overlap" in run.err + run.out
    assert "google.yaml" in run.err + run.out


def test_check_prices_accepts_either_period_of_a_dated_offer(catalog: Catalog) -> None:
    from advisor.catalog.litellm import compare

    offer = catalog.offers[ARGON]
    assert [p.input for p in offer.periods] == [2.0, 4.0]
    launch = {offer.litellm: {"input_cost_per_token": 2e-6, "output_cost_per_token": 1e-5}}
    december = {offer.litellm: {"input_cost_per_token": 4e-6, "output_cost_per_token": 2e-5}}
    other = {offer.litellm: {"input_cost_per_token": 9e-6, "output_cost_per_token": 9e-5}}
    assert offer.litellm is not None
    for prices, agreeing in ((launch, 1), (december, 1), (other, 0)):
        result = compare(catalog._replace(offers={ARGON: offer}), prices)
        assert result.agreeing == agreeing
