"""Regional offers: the frontier closed models can be processed in the US, so a US firm with confidential data
can have them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advisor.api import load_answers, recommend
from advisor.catalog.schema import Catalog

DATE = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("model", "operators"),
    [
        ("claude-sonnet-5.5", {"anthropic", "aws", "google-cloud"}),
        ("claude-opus-5.5", {"anthropic", "aws", "google-cloud"}),
        ("gpt-6.1-sol", {"openai", "microsoft", "aws"}),
        ("gpt-6-astra", {"openai", "microsoft", "aws"}),
        ("gemini-4-argon", {"google-cloud"}),
    ],
)
def test_frontier_models_have_us_processed_offers_with_sources(catalog: Catalog, model: str, operators) -> None:
    us = [o for o in catalog.offers_of(model) if o.region == "us"]
    assert {o.operator for o in us} == operators
    for offer in us:
        assert offer.sources and all(s.startswith("https://") for s in offer.sources)
        assert offer.litellm and offer.verified >= dt.date(2026, 12, 5)


def test_a_us_firm_with_confidential_data_gets_claude_gpt_and_gemini_processed_in_the_us(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        """\
schema_version: 1
organisation: {name: Harbor Legal LLP, jurisdiction: us}
budget: {monthly: 50000, currency: USD}
expertise: none
data_sensitivity: confidential
priorities: [quality, privacy, cost, lock_in, speed]
use_cases:
  - name: Contract analysis
    kind: document_analysis
    requests_per_month: 2000
"""
    )
    result = recommend(load_answers(path), date=DATE, keep=False).use_cases[0]
    passing = [s.option for s in result.ranked]
    vendors = {o.model.vendor for o in passing if o.model.weights == "closed"}
    assert {"anthropic", "openai", "google"} <= vendors
    for option in passing:
        if option.model.weights == "closed":
            assert option.deployment.region == "us"
    # the same models' global offers are still excluded for confidential data
    excluded = {x.option.id for x in result.excluded}
    assert "claude-sonnet-5.5@anthropic/shared_api/global" in excluded
    assert "claude-sonnet-5.5@anthropic/shared_api/us" in {o.id for o in passing}
    assert result.primary is not None and result.primary.option.model.weights == "closed"


def test_check_prices_reads_anthropics_us_inference_price(catalog: Catalog) -> None:
    from advisor.catalog.litellm import compare

    offer = catalog.offers["claude-sonnet-5.5@anthropic/shared_api/us"]
    assert offer.price is not None and (offer.price.input, offer.price.output) == (2.2, 11.0)
    entry = {"input_cost_per_token": 2e-6, "output_cost_per_token": 1e-5, "provider_specific_entry": {"us": 1.1}}
    result = compare(catalog._replace(offers={offer.id: offer}), {"claude-sonnet-5-5": entry})
    assert result.agreeing == 1
    result = compare(
        catalog._replace(offers={offer.id: offer}), {"claude-sonnet-5-5": {**entry, "provider_specific_entry": {}}}
    )
    assert result.agreeing == 0
