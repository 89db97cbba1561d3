"""Capability ratings from published benchmarks, by one formula.

Each benchmark maps onto the 0-10 scale linearly between two anchors: a score of `low` rates 3 (a model
that is usable but weak at it) and `high` rates 10 (the frontier when the scale was set), clipped to 1-10;
output speed maps on a logarithmic scale, as each doubling of speed is worth the same. A model's results on
one benchmark (several variants or pages) are averaged first; a capability's rating is then the mean of the
ratings of its benchmarks that the model has results for, rounded to a whole number. Every step is
non-decreasing in every score, so a model higher on a rating's benchmarks is never rated lower.

Independent measurements (Artificial Analysis, LMArena, a benchmark's own leaderboard) set a rating. A
vendor's own figures alone do not: they were measured on the vendor's set-up, often on benchmarks the
frontier has saturated, so they can lower the catalog's estimate by one step when they speak against it,
never raise it, and the rating stays marked estimated.

A model without results for a capability keeps the catalog's rating, marked estimated, with what it was
estimated from (the vendor's description in `capability_basis`). A model without image input rates 0 on
vision whatever a benchmark says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from advisor.catalog.schema import CAPABILITIES, BenchmarkResult, Model, Rating
from advisor.named_tuples import NamedTuple


class Scale(NamedTuple):
    name: str
    low: float  # rates 3
    high: float  # rates 10
    logarithmic: bool = False
    # an index its publisher re-bases: each version's own anchors (low, high), the version named at the start of
    # a result's `variant` ("v4.0 ...", "v4.1 or later ..."); `low` and `high` above are the first version's
    versions: tuple[tuple[str, float, float], ...] = ()


SCALES: dict[str, Scale] = {
    # v4.0 (Jan-Jun 2026): the frontier stood at 60 (GPT-5.5 xhigh). v4.1 (16 June 2026) and its later point
    # versions score the same model lower: the three models AA published on both fell 5, 11 and 11 points
    # (GPT-5.5 xhigh 60 -> 55, Gemini 3.1 Pro Preview 57 -> 46, MiniMax M3 55 -> 44), so its anchors are 9 lower
    "aa_intelligence_index": Scale(
        "Artificial Analysis Intelligence Index", 20, 60, versions=(("v4.0", 20, 60), ("v4.1", 11, 51))
    ),
    # only v4.0 figures are anchored: v4.1 swapped Terminal-Bench Hard for Terminal-Bench 2.1 and the index rose
    # (its leader went from 59 to 76), and no model yet has figures on both to anchor it by
    "aa_coding_index": Scale("Artificial Analysis Coding Index", 15, 60, versions=(("v4.0", 15, 60),)),
    "aa_agentic_index": Scale("Artificial Analysis Agentic Index", 15, 65, versions=(("v4.0", 15, 65),)),
    "gpqa_diamond": Scale("GPQA Diamond", 40, 90),
    "hle": Scale("Humanity's Last Exam", 3, 40),
    "swe_bench_verified": Scale("SWE-bench Verified", 20, 80),
    "livecodebench": Scale("LiveCodeBench", 20, 85),
    "terminal_bench": Scale("Terminal-Bench", 10, 65),
    "tau_bench": Scale("tau-bench", 40, 90),
    "bfcl": Scale("BFCL", 50, 80),
    "mmmlu": Scale("MMMLU / Global-MMLU", 55, 90),
    "mmmu": Scale("MMMU", 40, 85),
    # the frontier stood at about 1,500-1,510 in mid-2026 (Claude Opus 4.6/4.8, Gemini 3.1 Pro), and the arena
    # itself calls gaps under about 30 points noise: 8 is about 60 points below it, 6 about 120
    "lmarena_text": Scale("LMArena text Elo", 1300, 1510),
    "output_speed": Scale("output speed (tokens/s)", 20, 300, logarithmic=True),
}
# the benchmarks each capability is rated from
FROM: dict[str, tuple[str, ...]] = {
    "reasoning": ("aa_intelligence_index", "gpqa_diamond", "hle"),
    "coding": ("aa_coding_index", "swe_bench_verified", "livecodebench", "terminal_bench"),
    "writing": ("lmarena_text",),  # human preference; the intelligence index measures agents, code and science
    "multilingual": ("mmmlu",),
    "tool_use": ("aa_agentic_index", "tau_bench", "bfcl", "terminal_bench"),
    "vision": ("mmmu",),
    "speed": ("output_speed",),
}


def version_of(result: BenchmarkResult) -> str | None:
    """The index version a result names at the start of its variant ("v4.1 or later, ..." is "v4.1"), if any."""
    found = re.match(r"v(\d+\.\d+)", result.variant or "")
    return f"v{found.group(1)}" if found else None


def unanchored(results: Iterable[BenchmarkResult]) -> list[str]:
    """Results on a re-based index that name no version the scale has anchors for: they cannot be rated."""
    problems = []
    for r in results:
        known = [v for v, _, _ in SCALES[r.benchmark].versions]
        if known and version_of(r) not in known:
            problems.append(
                f"benchmarks: the {r.benchmark} result for '{r.model}' ({r.source}) must start its variant with "
                f"the index version, one of {', '.join(known)} (AA re-based the index; each version has its anchors)"
            )
    return problems


NO_IMAGE_INPUT = "no image input"


def on_scale(benchmark: str, score: float, version: str | None = None) -> float:
    """A benchmark score on the 0-10 rating scale: 3 at the scale's low anchor, 10 at its high, clipped to 1-10;
    on a re-based index, the anchors of the version the score was published on."""
    scale = SCALES[benchmark]
    low, high = next(((lo, hi) for v, lo, hi in scale.versions if v == version), (scale.low, scale.high))
    if scale.logarithmic:
        low, high, x = math.log(low), math.log(high), math.log(max(score, 1e-9))
    else:
        x = score
    return min(10.0, max(1.0, 3 + 7 * (x - low) / (high - low)))


def rate(model: Model, results: Iterable[BenchmarkResult]) -> dict[str, Rating]:
    """Each capability's rating for this model from its published results, or the catalog's estimate."""
    by_benchmark: dict[str, list[BenchmarkResult]] = {}
    for result in results:
        by_benchmark.setdefault(result.benchmark, []).append(result)
    out: dict[str, Rating] = {}
    for capability in CAPABILITIES:
        estimate = int(getattr(model.capabilities, capability))
        if capability == "vision" and "image" not in model.modalities.input:
            out[capability] = Rating(0, False, [], NO_IMAGE_INPUT)
            continue
        independent = {b: [r for r in by_benchmark.get(b, []) if r.by == "independent"] for b in FROM[capability]}
        vendor = {b: [r for r in by_benchmark.get(b, []) if r.by == "vendor"] for b in FROM[capability]}
        if any(independent.values()):
            value, inputs = _rated(independent)
            out[capability] = Rating(value, False, inputs, f"from {_shown(inputs)}")
        elif any(vendor.values()):
            measured, inputs = _rated(vendor)
            value = estimate - 1 if measured < estimate else estimate
            out[capability] = Rating(
                value,
                True,
                inputs,
                f"estimated {estimate}; the vendor's own figures ({_shown(inputs)}) would rate {measured}, "
                + ("so it is lowered one step" if value < estimate else "which does not raise an estimate")
                + "; no independent result recorded",
            )
        else:
            out[capability] = Rating(
                estimate,
                True,
                [],
                f"estimated: no published {_names(FROM[capability])} result recorded; "
                f"from the vendor's description ({model.capability_basis})"
                if model.capability_basis
                else f"estimated: no published {_names(FROM[capability])} result recorded",
            )
    return out


def _rated(results: Mapping[str, list[BenchmarkResult]]) -> tuple[int, list[BenchmarkResult]]:
    """The rating these results give (each benchmark's results averaged, then the benchmarks), and them."""
    used = [b for b, found in results.items() if found]
    each = [math.fsum(on_scale(b, r.score, version_of(r)) for r in results[b]) / len(results[b]) for b in used]
    return math.floor(math.fsum(each) / len(each) + 0.5), [r for b in used for r in results[b]]


def _shown(inputs: Iterable[BenchmarkResult]) -> str:
    return "; ".join(
        f"{SCALES[r.benchmark].name} {r.score:g}" + (" (vendor)" if r.by == "vendor" else "") for r in inputs
    )


def with_ratings(
    models: Mapping[str, Model], results: Iterable[BenchmarkResult]
) -> tuple[dict[str, Model], dict[str, dict[str, Rating]]]:
    """The models with their capabilities rated from the results, and each rating with its basis."""
    per_model: dict[str, list[BenchmarkResult]] = {}
    for result in results:
        per_model.setdefault(result.model, []).append(result)
    rated: dict[str, Model] = {}
    ratings: dict[str, dict[str, Rating]] = {}
    for model_id, model in models.items():
        ratings[model_id] = rating = rate(model, per_model.get(model_id, []))
        capabilities = model.capabilities._replace(**{c: r.value for c, r in rating.items()})
        rated[model_id] = model._replace(capabilities=capabilities) if capabilities != model.capabilities else model
    return rated, ratings


class Basis(NamedTuple):
    """How many ratings rest on what: independent results, an estimate checked against the vendor's own
    figures, or an estimate alone (vision ratings of models without image input are not counted)."""

    independent: int
    vendor_checked: int
    estimated: int

    def __str__(self) -> str:
        total = self.independent + self.vendor_checked + self.estimated
        return (
            f"{total} capability ratings: {self.independent} from independent results, "
            f"{self.vendor_checked} estimated and checked against vendor figures, {self.estimated} estimated"
        )


def basis(ratings: Mapping[str, Mapping[str, Rating]]) -> Basis:
    """Count the ratings by what they rest on."""
    each = [r for per_model in ratings.values() for r in per_model.values() if r.estimated or r.inputs]
    return Basis(
        sum(not r.estimated for r in each),
        sum(r.estimated and bool(r.inputs) for r in each),
        sum(r.estimated and not r.inputs for r in each),
    )


def _names(benchmarks: Iterable[str]) -> str:
    return " or ".join(SCALES[b].name for b in benchmarks)
