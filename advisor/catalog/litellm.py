"""Checking the catalog's API prices against LiteLLM's public price file (read offline, never a dependency)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from advisor.catalog.schema import Catalog, LongPrompt, Price
from advisor.errors import AdvisorError
from advisor.yamlio import read_text

TOLERANCE = 0.05
COVERAGE_TARGET = 0.80
AGREEMENT_TARGET = 0.95


def load_price_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise AdvisorError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    if not isinstance(data, dict):
        raise AdvisorError(f"{path}: expected a JSON object of model entries, like LiteLLM's price file")
    return {k: v for k, v in data.items() if isinstance(v, dict)}


@dataclass
class PriceCheck:
    api_offers: int = 0
    mapped: int = 0
    agreeing: int = 0
    differences: list[str] = field(default_factory=list)
    unusable: list[str] = field(default_factory=list)  # the file's entry has no price, or one that is none
    missing: list[str] = field(default_factory=list)  # counterpart named but absent from the file
    unmapped: list[str] = field(default_factory=list)  # API offers naming no counterpart
    deprecations: list[str] = field(default_factory=list)
    cached_missing: list[str] = field(default_factory=list)  # the file has a cached-input rate, the catalog none
    cached_checked: int = 0  # offers whose cached-input rate was compared with the file's

    @property
    def coverage(self) -> float:
        return self.mapped / self.api_offers if self.api_offers else 0.0

    @property
    def agreement(self) -> float:
        return self.agreeing / self.mapped if self.mapped else 0.0

    def to_data(self) -> dict[str, Any]:
        return {
            "api_offers": self.api_offers,
            "mapped": self.mapped,
            "coverage": round(self.coverage, 4),
            "agreeing": self.agreeing,
            "agreement": round(self.agreement, 4),
            "price_differences": self.differences,
            "unusable_prices": self.unusable,
            "missing_counterparts": self.missing,
            "unmapped_offers": self.unmapped,
            "deprecations_missing": self.deprecations,
            "cached_input_checked": self.cached_checked,
            "cached_input_missing": self.cached_missing,
        }

    def to_text(self) -> str:
        lines = [
            f"API offers: {self.api_offers}; naming a LiteLLM counterpart found in the file: {self.mapped} "
            f"({self.coverage:.1%}, target {COVERAGE_TARGET:.0%})",
            f"agreeing within {TOLERANCE:.0%}: {self.agreeing} of {self.mapped} ({self.agreement:.1%}, "
            f"target {AGREEMENT_TARGET:.0%})",
            f"cached-input rates compared with the file's: {self.cached_checked} (a difference counts as one above)",
        ]
        for title, items in (
            ("prices that differ by more than 5%", self.differences),
            ("prices the file lacks or gives as no price (neither checked nor agreeing)", self.unusable),
            ("counterparts named but missing from the file", self.missing),
            ("deprecation dates the catalog lacks", self.deprecations),
            (
                "cached-input rates the file has and the catalog lacks (`catalog refresh` writes them)",
                self.cached_missing,
            ),
            ("API offers naming no counterpart", self.unmapped),
        ):
            lines.append(f"{title}: {len(items)}")
            lines.extend(f"  {item}" for item in items)
        return "\n".join(lines) + "\n"


def _is_price(value: Any) -> TypeGuard[float]:
    """A figure LiteLLM's file may give as a price: a finite number, zero or more (not a boolean)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < math.inf


def _differs(ours: float, theirs: float) -> bool:
    if theirs == 0:
        return ours != 0
    return abs(ours - theirs) / theirs > TOLERANCE


def compare(catalog: Catalog, prices: dict[str, dict[str, Any]]) -> PriceCheck:
    result = PriceCheck()
    for offer in catalog.offers.values():
        if offer.mode != "shared_api" or offer.price is None:
            continue
        result.api_offers += 1
        if offer.litellm is None:
            result.unmapped.append(offer.id)
            continue
        entry = prices.get(offer.litellm)
        if entry is None:
            result.missing.append(f"{offer.id}: '{offer.litellm}' is not in the file")
            continue
        result.mapped += 1
        uplift = regional_uplift(entry, offer.region)
        # an offer with dated prices agrees when one of its periods does (the file has one price per key,
        # either the one before or the one after a change); otherwise its latest price is reported
        checks = [_check(entry, price, uplift) for price in reversed(offer.periods)]
        problems, unusable = next((c for c in checks if not c[0] and not c[1]), checks[0])
        if problems:
            result.differences.append(f"{offer.id} ({offer.litellm}): " + ", ".join(problems))
        if unusable:
            result.unusable.append(f"{offer.id} ({offer.litellm}): " + ", ".join(unusable))
        if not problems and not unusable:
            result.agreeing += 1
        theirs = cached_rate(entry, uplift)
        if theirs is not None and any(p.cached_input is not None for p in offer.periods):
            result.cached_checked += 1
        elif theirs is not None:
            result.cached_missing.append(f"{offer.id} ({offer.litellm}): {theirs:g} per million")
        deprecation = entry.get("deprecation_date")
        if isinstance(deprecation, str) and offer.deprecated is None and catalog.models[offer.model].deprecated is None:
            try:
                when = dt.date.fromisoformat(deprecation[:10])
            except ValueError:
                continue
            result.deprecations.append(f"{offer.id}: LiteLLM '{offer.litellm}' retires it on {when}")
    return result


def _check(entry: dict[str, Any], price: Price, uplift: float) -> tuple[list[str], list[str]]:
    """How one of our prices differs from the file's entry, and what the entry lacks."""
    problems, unusable = [], []
    for side, key in (("input", "input_cost_per_token"), ("output", "output_cost_per_token")):
        theirs = entry.get(key)
        ours = getattr(price, side)
        if ours is None:
            continue
        if not _is_price(theirs):
            unusable.append(f"{key} {'missing' if theirs is None else f'is {theirs!r}, not a price'}")
        elif _differs(ours, theirs * 1e6 * uplift):
            problems.append(f"{side} {ours:g} vs {theirs * 1e6 * uplift:g} per million")
    theirs_cached = cached_rate(entry, uplift)
    if price.cached_input is not None and theirs_cached is not None and _differs(price.cached_input, theirs_cached):
        problems.append(f"cached input {price.cached_input:g} vs {theirs_cached:g} per million")
    if price.input is not None and price.output is not None:
        problems += _tier_problems(price.long_prompt, long_prompt_tier(entry, uplift))
    return problems, unusable


def cached_rate(entry: dict[str, Any], uplift: float = 1.0) -> float | None:
    """The file's rate per million input tokens read from the prompt cache, with the regional uplift; None
    without one."""
    value = entry.get("cache_read_input_token_cost")
    return round(value * 1e6 * uplift, 6) if _is_price(value) else None


# LiteLLM's long-prompt rates: input_cost_per_token_above_200k_tokens (no _batches, _flex, _priority suffix)
_TIER_KEY = re.compile(r"^(input|output)_cost_per_token_above_(\d+)k_tokens$")
_CACHED_TIER_KEY = re.compile(r"^cache_read_input_token_cost_above_(\d+)k_tokens$")


def long_prompt_tier(entry: dict[str, Any], uplift: float = 1.0) -> LongPrompt | None:
    """The file's long-prompt tier of an entry, per million tokens with the regional uplift: the lowest
    threshold with both an input and an output rate (`above_200k` is 200,000 tokens); None without one."""
    found: dict[int, dict[str, float]] = {}
    for key, value in entry.items():
        matched = _TIER_KEY.match(key)
        if matched and _is_price(value):
            found.setdefault(int(matched[2]) * 1000, {})[matched[1]] = value
    cached: dict[int, float] = {}
    for key, value in entry.items():
        matched = _CACHED_TIER_KEY.match(key)
        if matched and _is_price(value):
            cached[int(matched[1]) * 1000] = value
    for above in sorted(found):
        rates = found[above]
        if "input" in rates and "output" in rates:
            tier_cached = cached.get(above)
            return LongPrompt(
                above,
                round(rates["input"] * 1e6 * uplift, 6),
                round(rates["output"] * 1e6 * uplift, 6),
                None if tier_cached is None else round(tier_cached * 1e6 * uplift, 6),
            )
    return None


def _tier_problems(ours: LongPrompt | None, theirs: LongPrompt | None) -> list[str]:
    """How our long-prompt tier differs from the file's."""
    if ours is None and theirs is None:
        return []
    if theirs is None:
        assert ours is not None
        return [
            f"long-prompt tier {ours.input:g}/{ours.output:g} per million above {ours.above:,} tokens, none in the file"
        ]
    if ours is None:
        return [
            f"no long-prompt tier, the file's is {theirs.input:g}/{theirs.output:g} per million above {theirs.above:,} tokens"
        ]
    problems = []
    if ours.above != theirs.above:
        problems.append(f"long-prompt threshold {ours.above:,} vs {theirs.above:,} tokens")
    for side in ("input", "output"):
        if _differs(getattr(ours, side), getattr(theirs, side)):
            problems.append(f"long-prompt {side} {getattr(ours, side):g} vs {getattr(theirs, side):g} per million")
    if (
        ours.cached_input is not None
        and theirs.cached_input is not None
        and _differs(ours.cached_input, theirs.cached_input)
    ):
        problems.append(f"long-prompt cached input {ours.cached_input:g} vs {theirs.cached_input:g} per million")
    return problems


def regional_uplift(entry: dict[str, Any], region: str) -> float:
    """LiteLLM keeps one key per model and states the regional surcharge beside the price."""
    if region == "global":
        return 1.0
    for key in (f"regional_processing_uplift_multiplier_{region}", "regional_endpoint_uplift_multiplier"):
        value = entry.get(key)
        if isinstance(value, int | float) and value > 0:
            return float(value)
    # Anthropic's keys give the price of in-region inference (inference_geo) per region: {"us": 1.1}
    specific = entry.get("provider_specific_entry")
    value = specific.get(region) if isinstance(specific, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return 1.0


LITELLM_SOURCE = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"


@dataclass
class Refresh:
    """What `catalog refresh` changes: overlay entries for offers whose API price or retirement date moved."""

    offers: list[dict[str, Any]] = field(default_factory=list)  # overlay offer entries, as the YAML holds them
    changes: list[str] = field(default_factory=list)  # one line per offer changed, saying what changed
    by_hand: list[str] = field(default_factory=list)  # dated prices, tiers the file lacks: a person decides


def refresh(catalog: Catalog, prices: dict[str, dict[str, Any]], today: dt.date) -> Refresh:
    """Overlay entries that bring the catalog's API prices and retirement dates up to LiteLLM's file: an offer
    whose price differs by more than TOLERANCE takes the file's price (with its regional uplift), one without a
    retirement date takes the file's; a long-prompt tier (`long_prompt`) missing or differing takes the file's
    too; each is marked verified today with the file as a source. Offers with dated prices, and tiers the file
    lacks, are listed for a person to decide, not changed."""
    from advisor.records import plain

    out = Refresh()
    for offer in catalog.offers.values():
        if offer.mode != "shared_api" or offer.price is None or offer.litellm is None:
            continue
        entry = prices.get(offer.litellm)
        if entry is None:
            continue
        uplift = regional_uplift(entry, offer.region)
        problems, _ = _check(entry, offer.price, uplift)
        if offer.prices and any(not _check(entry, period, uplift)[0] for period in offer.periods):
            problems = []  # one of its dated prices is the file's (compare's rule)
        tier = long_prompt_tier(entry, uplift)
        if tier is None and offer.price.long_prompt is not None and problems:
            # a tier the file lacks is kept (the file may not know it), for a person to check
            lacking = _tier_problems(offer.price.long_prompt, None)
            problems = [p for p in problems if p not in lacking]
            out.by_hand.append(f"{offer.id}: " + ", ".join(lacking) + "; kept, check the operator's price page")
        deprecation = _date(entry.get("deprecation_date"))
        retires = deprecation if offer.deprecated is None and catalog.models[offer.model].deprecated is None else None
        # a cached-input rate the file has and the catalog lacks is added (to a single price; dated prices are
        # a person's to date), as is the long-prompt tier's
        cached = cached_rate(entry, uplift)
        adds_cached = cached is not None and offer.price.cached_input is None and not offer.prices
        if cached is not None and offer.prices and all(p.cached_input is None for p in offer.periods):
            out.by_hand.append(
                f"{offer.id}: dated prices; the file's cached-input rate is {cached:g} per million, add it to the "
                "period it belongs to"
            )
        adds_tier_cached = (
            not offer.prices
            and tier is not None
            and tier.cached_input is not None
            and offer.price.long_prompt is not None
            and offer.price.long_prompt.above == tier.above
            and offer.price.long_prompt.cached_input is None
        )
        if not problems and retires is None and not adds_cached and not adds_tier_cached:
            continue
        if problems and offer.prices:
            out.by_hand.append(f"{offer.id}: dated prices; the file says " + ", ".join(problems))
            continue
        data = plain(offer)
        said = []
        if problems:
            for side, key in (("input", "input_cost_per_token"), ("output", "output_cost_per_token")):
                theirs = entry.get(key)
                if getattr(offer.price, side) is not None and _is_price(theirs):
                    data["price"][side] = round(theirs * 1e6 * uplift, 6)
            if tier is not None:
                data["price"]["long_prompt"] = {k: v for k, v in plain(tier).items() if v is not None}
            if cached is not None:
                data["price"]["cached_input"] = cached
            said.append(", ".join(problems))
        if adds_cached:
            data["price"]["cached_input"] = cached
            said.append(f"adds the cached-input rate {cached:g} per million")
        if adds_tier_cached and not problems:
            assert tier is not None and tier.cached_input is not None
            data["price"]["long_prompt"]["cached_input"] = tier.cached_input
            said.append(f"adds the long-prompt tier's cached-input rate {tier.cached_input:g} per million")
        if retires is not None:
            data["deprecated"] = retires.isoformat()
            said.append(f"retires {retires}")
        data["verified"] = today.isoformat()
        data["sources"] = (
            [*data["sources"], LITELLM_SOURCE] if LITELLM_SOURCE not in data["sources"] else data["sources"]
        )
        out.offers.append(data)
        out.changes.append(f"{offer.id}: " + "; ".join(said))
    return out


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
