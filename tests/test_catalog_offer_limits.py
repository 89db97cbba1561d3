"""Offer limits: an operator's own cap on input or output tokens removes that offer, not the model's others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advisor.api import load_answers, load_catalog, recommend
from advisor.engine.recommendation import UseCaseResult
from advisor.errors import AdvisorError

SCALEWAY = "deepseek-v4-flash@scaleway/shared_api/eu"
DATE = dt.date(2026, 11, 27)


def _result(tmp_path: Path, input_tokens: int, output_tokens: int, needs: str = "[]") -> UseCaseResult:
    path = tmp_path / "answers.yaml"
    path.write_text(
        f"""\
schema_version: 1
organisation: {{name: Limits SAS, jurisdiction: eu}}
budget: {{monthly: 1000000, currency: EUR}}
expertise: none
data_sensitivity: internal
priorities: [cost, quality, privacy, lock_in, speed]
use_cases:
  - name: Contract review
    kind: document_analysis
    requests_per_month: 100
    input_tokens: {input_tokens}
    output_tokens: {output_tokens}
    needs: {needs}
"""
    )
    return recommend(load_answers(path), date=DATE, keep=False).use_cases[0]


def _reasons(result: UseCaseResult, option_id: str) -> list[str]:
    return [str(e) for x in result.excluded if x.option.id == option_id for e in x.exclusions]


def test_the_catalog_records_scaleways_own_limits(catalog) -> None:
    offer = catalog.offers[SCALEWAY]
    assert (offer.max_input_tokens, offer.max_output_tokens) == (256_000, 32_768)
    assert catalog.models["deepseek-v4-flash"].context_window > 256_000


def test_a_request_within_the_offers_limits_may_go_to_it(tmp_path: Path) -> None:
    result = _result(tmp_path, 200_000, 4_000)
    assert any(s.option.id == SCALEWAY for s in result.ranked)
    assert not _reasons(result, SCALEWAY)


def test_a_prompt_above_the_offers_input_cap_excludes_that_offer_only(tmp_path: Path) -> None:
    result = _result(tmp_path, 300_000, 4_000)
    assert all(s.option.id != SCALEWAY for s in result.ranked)
    assert _reasons(result, SCALEWAY) == [
        "[offer_limits] the offer accepts at most 256,000 input tokens, under one request's 300,000"
    ]
    # the model's own window holds the request: its other offers stay in
    others = [s.option.id for s in result.ranked if s.option.model.id == "deepseek-v4-flash"]
    assert others and SCALEWAY not in others
    assert "offer_limits" in result.excluded.by_rule()  # type: ignore[attr-defined]
    assert result.excluded.by_rule()["offer_limits"].options >= 1  # type: ignore[attr-defined]


def test_an_answer_longer_than_the_offers_output_cap_excludes_it(tmp_path: Path) -> None:
    result = _result(tmp_path, 10_000, 40_000)
    assert "[offer_limits] the offer returns at most 32,768 output tokens, under one request's 40,000" in (
        _reasons(result, SCALEWAY)
    )


def test_long_context_needs_the_offers_own_window(tmp_path: Path) -> None:
    result = _result(tmp_path, 10_000, 1_000, "[long_context]")
    azure = "grok-4.1-fast@microsoft/shared_api/global"  # 128k here, 2M at xAI
    reasons = [str(e) for x in result.excluded if x.option.id == azure for e in x.exclusions]
    assert any("accepts at most 128,000 input tokens, under the 200,000 long_context needs" in r for r in reasons)


def test_a_cap_above_the_models_window_is_refused_naming_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "overlay"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "deepseek.yaml").write_text(
        """\
offers:
  - model: deepseek-v4-flash
    mode: shared_api
    operator: scaleway
    region: eu
    price: {input: 0.4, output: 0.8, currency: USD}
    max_input_tokens: 5000000
    sources: [https://www.scaleway.com/en/pricing/model-as-a-service/]
    verified: 2026-11-27
"""
    )
    with pytest.raises(AdvisorError) as caught:
        load_catalog([folder])
    text = str(caught.value)
    assert "deepseek.yaml" in text and SCALEWAY in text and "max_input_tokens" in text


def test_the_report_names_the_offer_limit_rule_in_words(tmp_path: Path) -> None:
    from advisor.api import render
    from advisor.engine.reasons import CHANGE_TEXT
    from advisor.report.narrative import rule_title

    assert rule_title("offer_limits") == "Requests longer than this offer accepts"
    assert "dropping the need" not in CHANGE_TEXT["offer_limits"]
    path = tmp_path / "answers.yaml"
    _result(tmp_path, 300_000, 4_000)  # writes the answers file
    report = render(recommend(load_answers(path), date=DATE, keep=False), "md")
    assert "Requests longer than this offer accepts" in report
