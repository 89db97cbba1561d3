"""Long-prompt price tiers: an offer that bills a higher rate when a request's prompt is longer than a threshold
is priced at that rate for a use case whose prompts are longer, and says so."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.answers.model import Answers
from advisor.api import load_catalog, recommend
from advisor.catalog.litellm import compare
from advisor.catalog.schema import Catalog
from advisor.errors import AdvisorError
from tests.conftest import Run

GEMINI = "gemini-3.1-pro@google/shared_api/global"  # USD 2/12, and 4/18 for prompts over 200k tokens
DAY = dt.date(2026, 12, 5)

ANSWERS = """\
schema_version: 1
organisation: {{name: Long Prompts Ltd, jurisdiction: eu}}
budget: {{monthly: 100000, currency: USD}}
expertise: none
data_sensitivity: internal
priorities: [quality, cost, privacy, lock_in, speed]
use_cases:
  - name: Contracts
    kind: document_analysis
    requests_per_month: 100
    input_tokens: {input_tokens}
    output_tokens: 1000
"""


def _answers(tmp_path: Path, input_tokens: int) -> Answers:
    from advisor.api import load_answers

    path = tmp_path / f"answers-{input_tokens}.yaml"
    path.write_text(ANSWERS.format(input_tokens=input_tokens))
    return load_answers(path)


def _cost(answers: Answers, option_id: str = GEMINI) -> tuple[float | None, str]:
    result = recommend(answers, date=DAY, keep=False).use_cases[0]
    found = next(s for s in result.ranked if s.option.id == option_id)
    return found.monthly_cost, found.cost_basis


def test_the_catalog_carries_the_tier_of_gemini_3_1_pro() -> None:
    price = load_catalog().offers[GEMINI].price
    assert price is not None and price.long_prompt is not None
    assert price.long_prompt[:3] == (200_000, 4.0, 18.0)


def test_a_250k_token_prompt_is_priced_at_the_long_prompt_rate(tmp_path: Path) -> None:
    # 100 requests of 250k input and 1k output tokens: 25M x USD 4/M + 0.1M x USD 18/M
    cost, basis = _cost(_answers(tmp_path, 250_000))
    assert cost == pytest.approx(25 * 4.0 + 0.1 * 18.0)
    assert "25.0M input tokens at USD 4/M" in basis and "0.1M output tokens at USD 18/M" in basis
    assert "the long-prompt rate of USD 4/M input above 200k tokens" in basis
    assert "250k tokens" in basis


def test_a_150k_token_prompt_is_priced_at_the_base_rate(tmp_path: Path) -> None:
    cost, basis = _cost(_answers(tmp_path, 150_000))
    assert cost == pytest.approx(15 * 2.0 + 0.1 * 12.0)
    assert "at USD 2/M" in basis and "long-prompt" not in basis


def test_the_threshold_itself_is_billed_at_the_base_rate(tmp_path: Path) -> None:
    # "over 200k": a prompt of exactly 200,000 tokens is not over it
    cost, _ = _cost(_answers(tmp_path, 200_000))
    assert cost == pytest.approx(20 * 2.0 + 0.1 * 12.0)


def test_every_tiered_offer_is_ranked_at_its_tier(tmp_path: Path) -> None:
    """The ranked cost (worked out for every offer at once) is the tier's, and the sentence telling it agrees."""
    long = recommend(_answers(tmp_path, 250_000), date=DAY, keep=False).use_cases[0]
    checked = 0
    for s in long.ranked:
        offer = s.option.deployment.offer
        price = offer.price if offer else None
        if price is None or price.long_prompt is None or price.currency != "USD" or price.monthly_fixed:
            continue
        rate_in, rate_out, tiered = price.rates(250_000)
        assert rate_in is not None and rate_out is not None
        assert s.monthly_cost == pytest.approx(25 * rate_in + 0.1 * rate_out), s.option.id
        assert tiered == (price.long_prompt.above < 250_000)
        assert ("long-prompt" in s.cost_basis) == tiered, s.option.id
        checked += 1
    assert checked >= 20


OVERLAY = """\
offers:
  - model: gemini-3.1-pro
    mode: shared_api
    operator: google
    region: global
    retention_days: null
    zdr_available: true
    trains_on_data: false
    price: {{input: 2.0, output: 12.0, currency: USD, long_prompt: {tier}}}
    litellm: gemini/gemini-3.1-pro-preview
    sources: [https://ai.google.dev/gemini-api/docs/pricing]
    verified: 2026-11-27
"""


def _overlay(tmp_path: Path, tier: str) -> Path:
    folder = tmp_path / "overlay"
    (folder / "models").mkdir(parents=True)
    # the shipped offer's key, so that check-prices and refresh compare it
    (folder / "models" / "google.yaml").write_text(OVERLAY.format(tier=tier))
    return folder


@pytest.mark.parametrize(
    ("tier", "said"),
    [
        ("{above: 0, input: 4.0, output: 18.0}", "price.long_prompt.above: Input should be greater than 0"),
        ("{above: 200000, input: 1.0, output: 18.0}", "price.long_prompt.input 1 is below the base rate 2"),
        ("{above: 200000, input: 4.0, output: 6.0}", "price.long_prompt.output 6 is below the base rate 12"),
        ("{above: 200000, input: 4.0}", "price.long_prompt.output"),
        ("{above: 200000, input: 4.0, output: 18.0, over: 1}", "price.long_prompt.over"),
    ],
)
def test_a_bad_tier_in_an_overlay_names_the_file_and_the_place(tmp_path: Path, tier: str, said: str) -> None:
    folder = _overlay(tmp_path, tier)
    with pytest.raises(AdvisorError) as caught:
        load_catalog([folder])
    text = str(caught.value)
    assert str(folder / "models" / "google.yaml") in text, text
    assert "offer #1 (gemini-3.1-pro@google)" in text, text
    assert said in text and "(top level)" not in text, text


def test_a_good_tier_in_an_overlay_prices_the_offer(tmp_path: Path) -> None:
    catalog = load_catalog([_overlay(tmp_path, "{above: 100000, input: 5.0, output: 20.0}")])
    result = recommend(_answers(tmp_path, 150_000), catalog=catalog, date=DAY, keep=False).use_cases[0]
    found = next(s for s in result.ranked if s.option.id == GEMINI)
    assert found.monthly_cost == pytest.approx(15 * 5.0 + 0.1 * 20.0)


# --- check-prices and refresh compare the tiers with LiteLLM's file -------------------------------------------

EXTRACT = Path(__file__).parent / "fixtures" / "litellm_prices_extract.json"
GEMINI_KEY = "gemini/gemini-3.1-pro-preview"


def _prices(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(EXTRACT.read_text())
    change(data[GEMINI_KEY])
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(data))
    return path


def test_the_shipped_tiers_agree_with_the_file(catalog: Catalog) -> None:
    result = compare(catalog, json.loads(EXTRACT.read_text()))
    assert not [line for line in result.differences if "long-prompt" in line]
    tiered = [o for o in catalog.offers.values() if o.price is not None and o.price.long_prompt is not None]
    assert len(tiered) >= 60


def test_check_prices_reports_a_disagreeing_tier(cli: Callable[..., Run], tmp_path: Path) -> None:
    def dearer(entry: dict[str, Any]) -> None:
        entry["input_cost_per_token_above_200k_tokens"] = 6e-06

    path = _prices(tmp_path, dearer)
    report = json.loads(cli("catalog", "check-prices", str(path), "--json").out)
    assert f"{GEMINI} ({GEMINI_KEY}): long-prompt input 4 vs 6 per million" in report["price_differences"]
    agreeing = json.loads(cli("catalog", "check-prices", str(EXTRACT), "--json").out)["agreeing"]
    assert report["agreeing"] == agreeing - 1


def test_check_prices_reports_a_moved_threshold_and_a_tier_on_either_side_only(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    def moved(entry: dict[str, Any]) -> None:
        entry["input_cost_per_token_above_128k_tokens"] = entry.pop("input_cost_per_token_above_200k_tokens")
        entry["output_cost_per_token_above_128k_tokens"] = entry.pop("output_cost_per_token_above_200k_tokens")

    report = json.loads(cli("catalog", "check-prices", str(_prices(tmp_path, moved)), "--json").out)
    assert f"{GEMINI} ({GEMINI_KEY}): long-prompt threshold 200,000 vs 128,000 tokens" in report["price_differences"]

    def dropped(entry: dict[str, Any]) -> None:
        del entry["input_cost_per_token_above_200k_tokens"], entry["output_cost_per_token_above_200k_tokens"]

    report = json.loads(cli("catalog", "check-prices", str(_prices(tmp_path, dropped)), "--json").out)
    assert (
        f"{GEMINI} ({GEMINI_KEY}): long-prompt tier 4/18 per million above 200,000 tokens, none in the file"
        in report["price_differences"]
    )
    # an offer without the tier the file has (an overlay that leaves it out)
    folder = _overlay(tmp_path / "no-tier", "null")
    report = json.loads(cli("catalog", "check-prices", str(EXTRACT), "--json", "--catalog", str(folder)).out)
    assert (
        f"{GEMINI} ({GEMINI_KEY}): no long-prompt tier, the file's is 4/18 per million above 200,000 tokens"
        in report["price_differences"]
    )


def test_refresh_brings_a_tier_up_to_the_file_and_the_overlay_validates(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    def dearer(entry: dict[str, Any]) -> None:
        entry["input_cost_per_token_above_200k_tokens"] = 5e-06
        entry["output_cost_per_token_above_200k_tokens"] = 2e-05

    out = tmp_path / "refreshed"
    run = cli("catalog", "refresh", str(_prices(tmp_path, dearer)), "-o", str(out), "--date", "2026-12-05")
    assert run.code == 0, run.err
    assert f"{GEMINI}: long-prompt input 4 vs 5 per million, long-prompt output 18 vs 20 per million" in run.out
    data = yaml.safe_load((out / "models" / "litellm-refresh.yaml").read_text())
    (entry,) = [e for e in data["offers"] if e.get("litellm") == GEMINI_KEY]
    assert entry["price"]["long_prompt"] == {"above": 200000, "input": 5.0, "output": 20.0, "cached_input": 0.4}
    assert cli("catalog", "validate", str(out)).code == 0
    assert load_catalog([out]).offers[GEMINI].price.long_prompt[:3] == (200_000, 5.0, 20.0)  # type: ignore[union-attr]


def test_refresh_adds_a_missing_tier_and_keeps_one_the_file_lacks(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _overlay(tmp_path / "no-tier", "null")
    out = tmp_path / "refreshed"
    run = cli("catalog", "refresh", str(EXTRACT), "-o", str(out), "--catalog", str(folder), "--date", "2026-12-05")
    assert run.code == 0, run.err
    (entry,) = yaml.safe_load((out / "models" / "litellm-refresh.yaml").read_text())["offers"]
    assert entry["price"]["long_prompt"] == {"above": 200000, "input": 4.0, "output": 18.0, "cached_input": 0.4}

    def dropped(entry: dict[str, Any]) -> None:
        del entry["input_cost_per_token_above_200k_tokens"], entry["output_cost_per_token_above_200k_tokens"]

    out = tmp_path / "kept"
    run = cli("catalog", "refresh", str(_prices(tmp_path, dropped)), "-o", str(out), "--date", "2026-12-05")
    assert run.code == 0, run.err
    assert ": 0 offer(s) changed" in run.out
    assert f"{GEMINI}: long-prompt tier 4/18 per million above 200,000 tokens, none in the file; kept" in run.out
