"""Regional offers: the frontier closed models can be processed in the US, so a US firm with confidential data
can have them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

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


# --- UK and Swiss clients: their jurisdiction's rules, end to end -----------------------------------------------

UK_OFFER = "nemotron-3-super@aws/shared_api/uk"  # Bedrock London (eu-west-2), in-region, zero retention

REGULATED = """\
schema_version: 1
organisation: {{name: {name}, jurisdiction: {jurisdiction}}}
budget: {{monthly: 20000, currency: {currency}}}
expertise: none
data_sensitivity: regulated
priorities: [privacy, quality, cost, lock_in, speed]
constraints: {{regulated_via_api: true}}
use_cases:
  - name: Clinical letters
    kind: document_analysis
    requests_per_month: 3000
"""


def _regulated(tmp_path: Path, jurisdiction: str, name: str, currency: str):
    path = tmp_path / f"{jurisdiction}.yaml"
    path.write_text(REGULATED.format(name=name, jurisdiction=jurisdiction, currency=currency))
    return load_answers(path)


def test_a_uk_client_with_regulated_data_is_served_in_the_uk_or_the_eu(tmp_path: Path) -> None:
    """UK GDPR: the EU/EEA is adequate, so processing in the UK or the EU counts as in the jurisdiction
    (catalog/policies.yaml home_regions); the in-UK offer passes, US and global processing do not."""
    result = recommend(_regulated(tmp_path, "uk", "Thames Health Ltd", "GBP"), date=DATE, keep=False).use_cases[0]
    passing = {s.option.id: s.option for s in result.ranked}
    assert UK_OFFER in passing
    for option in passing.values():
        if option.deployment.mode in ("shared_api", "dedicated"):
            assert option.deployment.region in ("uk", "eu"), option.id
    assert result.primary is not None and result.primary.option.deployment.region in ("uk", "eu")
    assert result.fallback is not None and result.fallback.option.deployment.region in ("uk", "eu")
    excluded = {x.option.id: x for x in result.excluded}
    for offer in ("claude-sonnet-5.5@anthropic/shared_api/us", "claude-sonnet-5.5@anthropic/shared_api/global"):
        (reason,) = [str(r) for r in excluded[offer].exclusions]
        assert "processed in the UK or the EU" in reason, reason


def test_a_uk_client_whose_policy_keeps_data_in_the_uk_gets_the_in_uk_offer(catalog: Catalog, tmp_path: Path) -> None:
    """A consultant who tightens the policy to UK processing only (an overlay's policies.yaml) gets the offer
    processed in London, and the report names where its data is processed."""
    from advisor.api import load_catalog, render
    from advisor.records import plain

    folder = tmp_path / "uk-only"
    folder.mkdir()
    policies = plain(catalog.policies)
    policies["home_regions"]["uk"] = ["uk"]
    (folder / "policies.yaml").write_text(yaml.safe_dump(policies, sort_keys=False))
    tight = load_catalog([folder])
    answers = _regulated(tmp_path, "uk", "Thames Health Ltd", "GBP")
    rec = recommend(answers, catalog=tight, date=DATE, keep=False)
    result = rec.use_cases[0]
    assert result.primary is not None and result.primary.option.id == UK_OFFER
    assert all(s.option.deployment.region == "uk" for s in result.ranked if s.option.deployment.offer)
    report = render(rec, "md", catalog=tight)
    assert "data processed in the UK with zero data retention" in report


def test_a_swiss_client_with_regulated_data_is_served_in_switzerland_or_the_eu(tmp_path: Path) -> None:
    """revFADP: the EU/EEA is adequate (home_regions ch: [ch, eu]); no catalog offer processes in Switzerland
    itself (none is published for the frontier models), and the UK offer is not in the jurisdiction."""
    answers = _regulated(tmp_path, "ch", "Limmat Privatbank AG", "CHF")
    result = recommend(answers, date=DATE, keep=False).use_cases[0]
    passing = {s.option.id: s.option for s in result.ranked}
    assert UK_OFFER not in passing
    for option in passing.values():
        if option.deployment.mode in ("shared_api", "dedicated"):
            assert option.deployment.region in ("ch", "eu"), option.id
    assert result.primary is not None and result.primary.option.deployment.region in ("ch", "eu")
    closed = {o.model.vendor for o in passing.values() if o.model.weights == "closed"}
    assert {"anthropic", "openai", "google"} <= closed  # Claude, GPT and Gemini through their EU offers
    (reason,) = [str(r) for x in result.excluded if x.option.id == UK_OFFER for r in x.exclusions]
    assert "processed in Switzerland or the EU" in reason, reason
