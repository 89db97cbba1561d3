"""Capability ratings come from published benchmarks by one formula; without results they say they are
estimated and from what."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import yaml

from advisor.catalog.ratings import FROM, SCALES, on_scale, rate
from advisor.catalog.schema import BenchmarkResult

DAY = dt.date(2026, 12, 5)


def _result(model: str, benchmark: str, score: float) -> BenchmarkResult:
    return BenchmarkResult(model, benchmark, score, "independent", "https://example.org/leaderboard", DAY)  # type: ignore[arg-type]


@pytest.mark.parametrize("benchmark", sorted(SCALES))
def test_each_benchmark_maps_monotonically_onto_the_rating_scale(benchmark):
    scale = SCALES[benchmark]
    points = [scale.low * f for f in (0.25, 0.5, 1, 1.5, 2, 4, 8)] + [scale.high]
    values = [on_scale(benchmark, p) for p in sorted(points)]
    assert values == sorted(values) and min(values) >= 1 and max(values) <= 10
    assert on_scale(benchmark, scale.low) == pytest.approx(3) and on_scale(benchmark, scale.high) == pytest.approx(10)


def test_a_model_higher_on_a_ratings_benchmarks_is_never_rated_lower(catalog):
    model = next(m for m in catalog.models.values() if "image" in m.modalities.input)
    for capability, benchmarks in FROM.items():
        for low, high in itertools.combinations((0.5, 1, 1.3, 1.6, 2), 2):  # each benchmark at a factor of its anchor
            weaker = rate(model, [_result(model.id, b, SCALES[b].low * low) for b in benchmarks])[capability]
            stronger = rate(model, [_result(model.id, b, SCALES[b].low * high) for b in benchmarks])[capability]
            assert stronger.value >= weaker.value, (capability, low, high)
            assert not stronger.estimated and stronger.inputs


def test_without_results_a_rating_is_the_catalogs_estimate_and_says_so(catalog):
    model = next(iter(catalog.models.values()))
    ratings = rate(model, [])
    for capability, rating in ratings.items():
        if capability == "vision" and "image" not in model.modalities.input:
            continue
        assert rating.estimated and rating.basis.startswith("estimated: no published")
        assert rating.value == getattr(model.capabilities, capability)


def test_the_shipped_catalog_rates_from_its_recorded_results(catalog):
    rated = [
        (model_id, capability)
        for model_id, ratings in catalog.ratings.items()
        for capability, rating in ratings.items()
        if not rating.estimated and rating.inputs
    ]
    for model_id, capability in rated:
        assert getattr(catalog.models[model_id].capabilities, capability) == catalog.ratings[model_id][capability].value
        for result in catalog.ratings[model_id][capability].inputs:
            assert result.source.startswith(("https://", "http://")) and "DOMAIN" not in result.source


def test_a_result_for_an_unknown_model_is_named(cli, tmp_path):
    (tmp_path / "benchmarks").mkdir()
    bad = {"results": [{"model": "gpt-6.1-soll", "benchmark": "gpqa_diamond", "score": 80, "by": "vendor",
                        "source": "https://example.org", "checked": "2026-12-05"}]}  # fmt: skip
    (tmp_path / "benchmarks" / "extra.yaml").write_text(yaml.safe_dump(bad))
    run = cli("catalog", "validate", str(tmp_path))
    assert run.code == 1 and "gpt-6.1-soll" in run.err and "did you mean 'gpt-6.1-sol'" in run.err


def _vendor(model: str, benchmark: str, score: float) -> BenchmarkResult:
    return BenchmarkResult(model, benchmark, score, "vendor", "https://example.org/model-card", DAY)  # type: ignore[arg-type]


def test_a_vendors_own_figures_never_raise_an_estimate_and_may_lower_it_one_step(catalog):
    model = catalog.models["gemma-4-26b-a4b"]
    estimate = int(model.capabilities.coding)
    flattering = rate(model, [_vendor(model.id, "livecodebench", 99)])["coding"]
    assert flattering.value == estimate and flattering.estimated and flattering.inputs
    damning = rate(model, [_vendor(model.id, "livecodebench", 1)])["coding"]
    assert damning.value == estimate - 1 and damning.estimated and "lowered one step" in damning.basis


def test_an_independent_figure_sets_the_rating_whatever_the_vendor_says(catalog):
    model = catalog.models["gemma-4-26b-a4b"]
    results = [_vendor(model.id, "livecodebench", 99), _result(model.id, "aa_coding_index", SCALES["aa_coding_index"].low)]
    rating = rate(model, results)["coding"]
    assert rating.value == 3 and not rating.estimated
    assert [r.by for r in rating.inputs] == ["independent"]


def _index(model: str, score: float, variant: str) -> BenchmarkResult:
    return BenchmarkResult(
        model, "aa_intelligence_index", score, "independent", "https://example.org/leaderboard", DAY, variant
    )  # type: ignore[arg-type]


def test_an_index_figure_is_rated_on_the_anchors_of_the_version_it_was_published_on(catalog):
    # AA re-based its index in June 2026 (v4.1): the same model scores about 9 points lower on it, so a model
    # must not rate lower for having been measured after the re-basing (GPT-5.5 xhigh: 60 on v4.0, 55 on v4.1)
    model = catalog.models["gpt-5.5"]
    on_v40 = rate(model, [_index(model.id, 57, "v4.0, xhigh")])["reasoning"].value
    on_v41 = rate(model, [_index(model.id, 48, "v4.1 or later, point version not stated")])["reasoning"].value
    assert on_v40 == on_v41
    # and a higher score on either version never rates lower
    for variant in ("v4.0", "v4.1"):
        values = [rate(model, [_index(model.id, s, variant)])["reasoning"].value for s in range(5, 70, 5)]
        assert values == sorted(values)


def test_an_index_figure_without_its_version_is_refused_by_name(cli, tmp_path):
    (tmp_path / "benchmarks").mkdir()
    unversioned = {"results": [{"model": "gpt-5.5", "benchmark": "aa_intelligence_index", "score": 55,
                                "variant": "xhigh", "by": "independent", "source": "https://example.org",
                                "checked": "2026-12-05"}]}  # fmt: skip
    (tmp_path / "benchmarks" / "extra.yaml").write_text(yaml.safe_dump(unversioned))
    run = cli("catalog", "validate", str(tmp_path))
    assert run.code == 1 and "gpt-5.5" in run.err and "v4.0, v4.1" in run.err


def test_validate_counts_the_ratings_by_what_they_rest_on(cli, catalog):
    run = cli("catalog", "validate")
    rated = [r for per_model in catalog.ratings.values() for r in per_model.values() if r.estimated or r.inputs]
    independent = sum(not r.estimated for r in rated)
    checked = sum(r.estimated and bool(r.inputs) for r in rated)
    assert run.code == 0
    assert (
        f"{len(rated)} capability ratings: {independent} from independent results, "
        f"{checked} estimated and checked against vendor figures, {len(rated) - independent - checked} estimated"
    ) in run.out
    assert independent > 0 and checked > 0  # the shipped catalog has both kinds


def test_an_added_independent_result_moves_one_rating_from_estimated_to_independent(cli, tmp_path):
    (tmp_path / "benchmarks").mkdir()
    arena = {"results": [{"model": "phi-4-mini", "benchmark": "lmarena_text", "score": 1300, "by": "independent",
                          "source": "https://example.org/arena", "checked": "2026-12-05"}]}  # fmt: skip
    (tmp_path / "benchmarks" / "extra.yaml").write_text(yaml.safe_dump(arena))

    def counts(*args: str) -> list[int]:
        line = next(x for x in cli("catalog", "validate", *args).out.splitlines() if "capability ratings" in x)
        return [int(n) for n in re.findall(r"\d+", line)]

    total, independent, checked, estimated = counts()
    assert counts(str(tmp_path)) == [total, independent + 1, checked, estimated - 1]
