"""Cached-input prices: where an operator publishes a lower rate for input read from its prompt cache, the
catalog carries it, check-prices and refresh compare it with LiteLLM's file, and a use case that says how much
of its prompt repeats (cached_input_share) is priced with it. Without that answer nothing changes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.answers.model import Answers
from advisor.api import load_answers, load_catalog, recommend
from advisor.catalog.litellm import compare
from advisor.catalog.schema import Catalog
from advisor.errors import AdvisorError
from tests.conftest import Run

SONNET = "claude-sonnet-5.5@anthropic/shared_api/global"  # USD 2/10, cached input 0.10
SONNET_KEY = "claude-sonnet-5-5"
DAY = dt.date(2026, 12, 5)
EXTRACT = Path(__file__).parent / "fixtures" / "litellm_prices_extract.json"

ANSWERS = """\
schema_version: 1
organisation: {{name: Cached Prompts Ltd, jurisdiction: eu}}
budget: {{monthly: 100000, currency: USD}}
expertise: none
data_sensitivity: internal
priorities: [quality, cost, privacy, lock_in, speed]
use_cases:
  - name: Support answers
    kind: document_analysis
    requests_per_month: 10000
    input_tokens: 20000
    output_tokens: 500
{extra}"""


def _answers(tmp_path: Path, extra: str = "") -> Answers:
    path = tmp_path / f"answers-{abs(hash(extra))}.yaml"
    path.write_text(ANSWERS.format(extra=extra))
    return load_answers(path)


def _ranked(answers: Answers) -> dict[str, Any]:
    return {s.option.id: s for s in recommend(answers, date=DAY, keep=False).use_cases[0].ranked}


def test_the_catalog_carries_published_cached_input_rates(catalog: Catalog) -> None:
    assert catalog.offers[SONNET].price.cached_input == 0.1  # type: ignore[union-attr]
    assert catalog.offers["claude-sonnet-5.5@aws/shared_api/eu"].price.cached_input == 0.11  # type: ignore[union-attr]
    tier = catalog.offers["gemini-3.1-pro@google/shared_api/global"].price.long_prompt  # type: ignore[union-attr]
    assert tier is not None and tier.cached_input == 0.4
    cached = [o for o in catalog.offers.values() if any(p.cached_input is not None for p in o.periods)]
    assert len(cached) >= 180


def test_the_shipped_cached_rates_agree_with_the_file(catalog: Catalog) -> None:
    result = compare(catalog, json.loads(EXTRACT.read_text()))
    assert not [line for line in result.differences if "cached" in line]
    assert result.cached_checked >= 180 and not result.cached_missing


def test_a_repeated_prompt_is_priced_at_the_cached_rate(tmp_path: Path) -> None:
    # 10,000 requests of 20k input (200M tokens) and 500 output (5M): 80% of the input read from the cache
    plain = _ranked(_answers(tmp_path))[SONNET]
    cached = _ranked(_answers(tmp_path, "    cached_input_share: 0.8\n"))[SONNET]
    assert plain.monthly_cost == pytest.approx(200 * 2.0 + 5 * 10.0)
    assert cached.monthly_cost == pytest.approx(200 * (0.2 * 2.0 + 0.8 * 0.1) + 5 * 10.0)
    assert "of which 80% read from the prompt cache at USD 0.1/M" in cached.cost_basis
    assert "prompt cache" not in plain.cost_basis


def test_an_offer_without_a_published_cached_rate_bills_cached_input_at_the_input_rate(tmp_path: Path) -> None:
    plain = _ranked(_answers(tmp_path))
    cached = _ranked(_answers(tmp_path, "    cached_input_share: 0.8\n"))
    uncached = [
        i
        for i, s in plain.items()
        if s.option.deployment.offer is not None
        and s.option.deployment.offer.price is not None
        and s.option.deployment.offer.price.cached_input is None
        and s.monthly_cost is not None
        and i in cached
    ]
    assert uncached
    for i in uncached:
        assert cached[i].monthly_cost == pytest.approx(plain[i].monthly_cost), i
    assert "publishes no cached-input rate" in cached[uncached[0]].cost_basis


def test_every_cached_offer_is_ranked_at_its_cached_rate(tmp_path: Path) -> None:
    """The ranked cost (worked out for every offer at once) agrees with the price's own rates."""
    cached = _ranked(_answers(tmp_path, "    cached_input_share: 0.5\n"))
    checked = 0
    for s in cached.values():
        offer = s.option.deployment.offer
        price = offer.price if offer else None
        if price is None or price.cached_input is None or price.currency != "USD" or price.monthly_fixed:
            continue
        rate_in, rate_out, _ = price.rates(20_000)
        assert rate_in is not None and rate_out is not None
        assert s.monthly_cost == pytest.approx(200 * (0.5 * rate_in + 0.5 * price.cached_input) + 5 * rate_out)
        checked += 1
    assert checked >= 50


@pytest.mark.parametrize("share", ["1.5", "-0.1", "yes"])
def test_a_share_outside_0_to_1_is_refused_with_its_place(tmp_path: Path, share: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS.format(extra=f"    cached_input_share: {share}\n"))
    with pytest.raises(AdvisorError) as caught:
        load_answers(path)
    assert "use_cases" in str(caught.value) and "cached_input_share" in str(caught.value)


OVERLAY = """\
offers:
  - model: claude-sonnet-5.5
    mode: shared_api
    operator: anthropic
    region: global
    retention_days: 30
    zdr_available: true
    trains_on_data: false
    price: {{input: 2.0, output: 10.0, currency: USD{cached}}}
    litellm: claude-sonnet-5-5
    sources: [https://platform.claude.com/docs/en/about-claude/pricing]
    verified: 2026-12-05
"""


def _overlay(tmp_path: Path, cached: str) -> Path:
    folder = tmp_path / "overlay"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "anthropic.yaml").write_text(OVERLAY.format(cached=cached))
    return folder


def test_a_cached_rate_above_the_input_rate_names_the_file_and_the_place(tmp_path: Path) -> None:
    folder = _overlay(tmp_path, ", cached_input: 2.5")
    with pytest.raises(AdvisorError) as caught:
        load_catalog([folder])
    text = str(caught.value)
    assert str(folder / "models" / "anthropic.yaml") in text and "offer #1 (claude-sonnet-5.5@anthropic)" in text
    assert "price.cached_input 2.5 is above the input rate 2" in text, text


def test_check_prices_reports_a_disagreeing_cached_rate(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _overlay(tmp_path, ", cached_input: 0.5")
    run = cli("catalog", "check-prices", str(EXTRACT), "--catalog", str(folder))
    assert f"{SONNET} ({SONNET_KEY}): cached input 0.5 vs 0.1 per million" in run.out


def test_refresh_writes_a_missing_cached_rate_and_the_overlay_validates(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = _overlay(tmp_path, "")
    run = cli("catalog", "check-prices", str(EXTRACT), "--catalog", str(folder))
    assert f"{SONNET} ({SONNET_KEY}): 0.1 per million" in run.out  # the file has one, the overlay none
    out = tmp_path / "refreshed"
    run = cli("catalog", "refresh", str(EXTRACT), "-o", str(out), "--catalog", str(folder), "--date", "2026-12-05")
    assert run.code == 0, run.err
    assert f"{SONNET}: adds the cached-input rate 0.1 per million" in run.out
    (entry,) = yaml.safe_load((out / "models" / "litellm-refresh.yaml").read_text())["offers"]
    assert entry["price"]["cached_input"] == 0.1
    assert cli("catalog", "validate", str(out)).code == 0


def test_catalog_show_prints_the_cached_rate(cli: Callable[..., Run]) -> None:
    run = cli("catalog", "show", "claude-sonnet-5.5")
    assert "cached" in run.out and "0.1" in run.out
    data = json.loads(cli("catalog", "show", "claude-sonnet-5.5", "--json").out)
    (offer,) = [o for o in data["offers"] if (o["operator"], o["region"]) == ("anthropic", "global")]
    assert offer["price"]["cached_input"] == 0.1
