"""What an option costs a month in the budget's currency, and how that was reckoned.

One `Pricer` serves one decision: it remembers which GPU configurations hold each model, so that pricing
thousands of options for a dozen use cases sizes each model once.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from itertools import compress, repeat
from operator import getitem, lt

from advisor.answers.model import Answers
from advisor.catalog.schema import Catalog, DedicatedHost, Gpu, Model, Quantisation
from advisor.engine.costs import (
    ENGINEER_SHARE,
    FACILITIES_PER_GPU_MONTH_USD,
    FTE_PER_EXTRA_GPU,
    MEMORY_OVERHEAD,
    ON_PREM_MONTHS,
    RUNTIME_GB,
    SERVER_SHARE,
    Fit,
    HoldingSteps,
    Sizing,
    Volume,
    api_cost,
    cheapest_fit,
    cheapest_sizing,
    cloud_tco,
    convert,
    engineer_fte,
    fit_ladders,
    holding,
    holding_steps,
    hosted_monthly,
    kv_bytes_per_token,
    kv_cache_tokens,
    memory_gb,
    on_prem_tco,
    replica_throughput,
    runs,
    serving_precision,
    weighted_tokens_per_second,
    weights_gb,
)
from advisor.engine.options import Option
from advisor.named_tuples import NamedTuple

# per input token, per output token, fixed per month; the long-prompt tier: the input tokens per request above
# which it applies, its price per input, per output and per cached input token (None: no tier); and the price
# per cached input token (the input price where the operator publishes none)
PerToken = tuple[float, float, float, tuple[int, float, float, float] | None, float]

LONG_CONTEXT_SERVING = 131_072  # tokens a reserved deployment serves per sequence for long_context
MIN_SERVING_CONTEXT = 8_192


def serving_size(volume: Volume, needs: Sequence[str]) -> int:
    """The context a reserved deployment serves per sequence, before the model's own window caps it."""
    need = volume.input_tokens + volume.output_tokens
    # at least the request itself: a long_context use case is served 128k tokens, or more when it sends more
    target = max(MIN_SERVING_CONTEXT, need, LONG_CONTEXT_SERVING if "long_context" in needs else 0)
    size = MIN_SERVING_CONTEXT
    while size < target:
        size *= 2
    return size


def serving_context(volume: Volume, needs: Sequence[str], model_context: int) -> int:
    return min(serving_size(volume, needs), model_context)


def way(option: Option) -> tuple[str, str]:
    """How reserved GPUs are run and paid for: the mode, and the host if one runs them."""
    d = option.deployment
    return (d.mode, d.host.id if d.host else "")


REDUNDANT = "redundant"  # a pricing need beside the user's: at least two replicas (N+1) on reserved GPUs
CUSTOMER_FACING = frozenset({"customer_support"})  # use-case kinds whose users are the organisation's customers


def pricing_needs(needs: Sequence[str], kind: str) -> tuple[str, ...]:
    """What pricing a use case on reserved GPUs needs: its needs, and REDUNDANT when it faces customers or must
    answer fast: one GPU node is one point of failure, so such a service runs at least two replicas."""
    redundant = kind in CUSTOMER_FACING or "low_latency" in needs
    return (*needs, REDUNDANT) if redundant else tuple(needs)


def min_replicas(needs: Sequence[str]) -> int:
    return 2 if REDUNDANT in needs else 1


def needs_sizing(option: Option) -> bool:
    """Runs on GPUs reserved for the organisation (its own, or a dedicated host's): sized, not priced per token."""
    return option.deployment.offer is None


class CostStory:
    """How one use case's costs were reckoned, told for an option only when a report asks."""

    __slots__ = ("needs", "pricer", "volume")

    def __init__(self, pricer: Pricer, volume: Volume, needs: Sequence[str]) -> None:
        self.pricer, self.volume, self.needs = pricer, volume, needs

    def __call__(self, option: Option) -> str:
        sizing = self.pricer.sizing(option, self.volume, self.needs) if needs_sizing(option) else None
        return self.pricer.basis(option, self.volume, sizing)


class ReservedProfile(NamedTuple):
    """A model on reserved GPUs of one host (or the organisation's own): what sizing it needs."""

    model: Model
    host: DedicatedHost | None
    weights_gb: float  # at the serving precision
    kv_per_token: float  # bytes of KV cache per token
    slowest: float  # weighted tokens per second of the slowest single-GPU replica on offer
    steps: HoldingSteps  # the host's cheapest configuration per memory need
    window: int  # the model's context window


class ProfileColumns:
    """Reserved profiles as columns, for `Pricer.quote`: each host's steps' choices with None past the end."""

    __slots__ = ("capacities", "choices", "hosts", "kv_per_token", "models", "slowest", "weights", "windows")

    def __init__(self, profiles: Sequence[ReservedProfile]) -> None:
        self.models = [p.model for p in profiles]
        self.hosts = [p.host for p in profiles]
        self.weights = [p.weights_gb for p in profiles]
        self.kv_per_token = [p.kv_per_token for p in profiles]
        self.windows = [p.window for p in profiles]
        self.slowest = [p.slowest for p in profiles]
        self.capacities = [p.steps.capacities for p in profiles]
        ended: dict[int, list[tuple[Gpu, int] | None]] = {}  # per host's steps (by id, alive in profiles)
        self.choices = [ended.setdefault(id(p.steps), [*p.steps.choices, None]) for p in profiles]


class ReservedQuotes:
    """What one use case asks of reserved GPUs: the context served per sequence, the request size, the load."""

    __slots__ = ("load", "min_replicas", "pricer", "request_tokens", "size")

    def __init__(self, pricer: Pricer, volume: Volume, needs: Sequence[str]) -> None:
        self.pricer = pricer
        self.size = serving_size(volume, needs)
        self.request_tokens = volume.input_tokens + volume.output_tokens
        self.load = weighted_tokens_per_second(volume)
        self.min_replicas = min_replicas(needs)

    def choose(self, profiles: ProfileColumns) -> list[tuple[Gpu, int] | None]:
        """For each model on its host, the GPU type and count to reserve; None when no configuration holds
        it. Price them with `Pricer.reserved_price`."""
        return self.pricer.quote(profiles, self.size, self.request_tokens, self.load, self.min_replicas)


class Pricer:
    def __init__(self, answers: Answers, catalog: Catalog) -> None:
        self.catalog = catalog
        self.currency = answers.budget.currency
        self.rates = catalog.meta.currency_rates
        self.expertise = answers.expertise
        self.staff = catalog.meta.staff_cost_per_year[answers.organisation.jurisdiction]
        self.gpus = list(catalog.gpus.values())
        self.per_usd = convert(1.0, "USD", self.currency, self.rates)
        self._fits: dict[tuple[str, str, int], tuple[float, list[Fit]]] = {}
        self._ladders: dict[tuple[str, str], list[list[Fit]]] = {}
        self._steps: dict[tuple[str, Quantisation], tuple[HoldingSteps, Gpu | None]] = {}
        self._factors: dict[str, float] = {}
        self._profiles: dict[tuple[str, str], ReservedProfile] = {}
        self.reserved_prices: dict[tuple[tuple[str, str], str, int], float | None] = {}

    def __getstate__(self) -> dict[str, object]:
        """Kept (with the groundwork) without what it remembers along the way: worked out again on demand."""
        state = dict(self.__dict__)
        for memo in ("_fits", "_ladders", "_steps", "_factors", "_profiles", "reserved_prices"):
            state[memo] = {}
        return state

    def reserved_profile(self, model: Model, host: DedicatedHost | None) -> ReservedProfile:
        """What sizing the model on this host (or the organisation's own GPUs) needs, whatever the use case."""
        where = (model.id, host.id if host else "")
        profile = self._profiles.get(where)
        if profile is None:
            precision = serving_precision(model)
            steps, slowest_gpu = self._host(host, precision)
            profile = self._profiles[where] = ReservedProfile(
                model,
                host,
                weights_gb(model, precision),
                kv_bytes_per_token(model),
                math.inf if slowest_gpu is None else replica_throughput(model, precision, slowest_gpu, 1),
                steps,
                model.context_window,
            )
        return profile

    def _host(self, host: DedicatedHost | None, precision: Quantisation) -> tuple[HoldingSteps, Gpu | None]:
        """A host's step function over the GPUs that serve this precision, and the one of them with the least
        memory bandwidth (the slowest replica of any model)."""
        key = (host.id if host else "", precision)
        found = self._steps.get(key)
        if found is None:
            offered = [g for g in self.gpus if (host is None or g.id in host.gpu_hourly) and runs(g, precision)]
            slowest = min(offered, key=lambda g: g.bandwidth_tbs, default=None)
            hourly = host.gpu_hourly if host else None
            found = self._steps[key] = (holding_steps(self.gpus, hourly, precision), slowest)
        return found

    def quote(
        self, columns: ProfileColumns, size: int, request_tokens: int, load: float, replicas: int = 1
    ) -> list[tuple[Gpu, int] | None]:
        """For each model on its host, the GPU type and count that hold it for requests of `request_tokens`
        served up to `size` tokens and carry `load` weighted tokens per second, at the lowest price; None when
        none holds it. The same as sizing it (`fits` and `cheapest_fit`), read from the host's step function
        while one replica of any configuration carries the load: by C loops over columns, since this runs
        for every model on every host."""
        kv_of = {window: kv_cache_tokens(min(size, window), request_tokens) for window in set(columns.windows)}
        needs = [
            (weights + kv_per_token * kv / 1e9) * MEMORY_OVERHEAD + RUNTIME_GB
            for weights, kv_per_token, kv in zip(
                columns.weights, columns.kv_per_token, map(kv_of.__getitem__, columns.windows), strict=True
            )
        ]
        # HoldingSteps.choice for each: the configuration at the need's step (None past the last)
        out: list[tuple[Gpu, int] | None] = list(
            map(getitem, columns.choices, map(bisect_left, columns.capacities, needs))
        )
        if replicas > 1:  # every configuration carrying the load in one replica now runs `replicas`
            out = [None if c is None else (c[0], c[1] * replicas) for c in out]
        for p in compress(range(len(out)), map(lt, columns.slowest, repeat(load))):  # one replica is too slow
            model, host, window = columns.models[p], columns.hosts[p], columns.windows[p]
            chosen = cheapest_fit(self.fits(model, host, kv_of[window])[1], load, replicas)
            out[p] = None if chosen is None else (chosen[0].gpu, chosen[0].count * chosen[1])
        return out

    def reserved_price(self, option: Option, gpu: Gpu, gpus: int) -> float | None:
        """`reserved_total`, remembered in reserved_prices per way of running, GPU type and count."""
        key = (way(option), gpu.id, gpus)
        if key not in self.reserved_prices:
            self.reserved_prices[key] = self.reserved_total(option, gpu, gpus)
        return self.reserved_prices[key]

    def fits(self, model: Model, host: DedicatedHost | None, kv_tokens: int) -> tuple[float, list[Fit]]:
        """Memory needed and the configurations that hold it (remembered per model, host and KV-cache size)."""
        where = (model.id, host.id if host else "")
        key = (*where, kv_tokens)
        cached = self._fits.get(key)
        if cached is None:
            precision = serving_precision(model)
            ladders = self._ladders.get(where)
            if ladders is None:
                hourly = host.gpu_hourly if host else None
                ladders = self._ladders[where] = fit_ladders(model, self.gpus, precision, hourly)
            need = memory_gb(model, precision, kv_tokens)
            cached = self._fits[key] = (need, holding(ladders, need))
        return cached

    def _fits_for(self, option: Option, volume: Volume, needs: Sequence[str]) -> tuple[float, list[Fit], int]:
        """Memory needed, the configurations that hold it, and the serving context."""
        context = serving_context(volume, needs, option.model.context_window)
        kv_tokens = kv_cache_tokens(context, volume.input_tokens + volume.output_tokens)
        need, fits = self.fits(option.model, option.deployment.host, kv_tokens)
        return need, fits, context

    def too_big(self, option: Option, volume: Volume, needs: Sequence[str]) -> str:
        """Why no configuration holds the model, in a sentence."""
        need, _, context = self._fits_for(option, volume, needs)
        precision = serving_precision(option.model).upper()
        host = option.deployment.host
        precision_of = serving_precision(option.model)
        if host is not None and not any(runs(g, precision_of) for g in self.gpus if g.id in host.gpu_hourly):
            names = ", ".join(g.name for g in self.gpus if g.id in host.gpu_hourly) or "no GPU the catalog knows"
            return f"is served at {precision}; {host.name} offers {names}, without {precision} support"
        if host is not None:
            names = ", ".join(g.name for g in self.gpus if g.id in host.gpu_hourly) or "no GPU the catalog knows"
            return f"needs {need:,.0f} GB at {precision} with a {context // 1024}k-token context; {host.name} offers {names}, and 8 of them hold less"
        biggest = max(self.gpus, key=lambda g: g.memory_gb)
        return f"needs {need:,.0f} GB at {precision} with a {context // 1024}k-token context, more than 8 x {biggest.name} hold"

    def sizing(self, option: Option, volume: Volume, needs: Sequence[str]) -> Sizing | None:
        need, fits, context = self._fits_for(option, volume, needs)
        return cheapest_sizing(fits, volume, serving_precision(option.model), need, context, min_replicas(needs))

    def per_token(self, option: Option) -> PerToken | None:
        """Price per input token, per output token and fixed per month, in the budget's currency, for an
        offer priced per token, with its long-prompt tier (the input tokens per request above which it
        applies, its price per input and per output token) or None; None for anything else."""
        offer = option.deployment.offer
        price = offer.price if offer else None
        if price is None or price.input is None or price.output is None:
            return None
        factor = self._factors.get(price.currency)
        if factor is None:
            factor = self._factors[price.currency] = convert(1.0, price.currency, self.currency, self.rates)
        tier = price.long_prompt
        long = (
            None
            if tier is None
            else (
                tier.above,
                tier.input * factor / 1e6,
                tier.output * factor / 1e6,
                (tier.input if tier.cached_input is None else tier.cached_input) * factor / 1e6,
            )
        )
        cached = price.input if price.cached_input is None else price.cached_input
        return (
            price.input * factor / 1e6,
            price.output * factor / 1e6,
            (price.monthly_fixed or 0.0) * factor,
            long,
            cached * factor / 1e6,
        )

    def reserved_total(self, option: Option, gpu: Gpu, gpus: int) -> float | None:
        """Monthly cost in the budget's currency of `gpus` reserved GPUs of type `gpu` for this option."""
        d = option.deployment
        if d.host is not None:
            return convert(hosted_monthly(gpu, gpus, d.host.gpu_hourly), d.host.currency, self.currency, self.rates)
        fte = engineer_fte(ENGINEER_SHARE[self.expertise], gpus)
        tco = on_prem_tco(gpu, gpus, fte, self.staff) if d.mode == "on_prem" else cloud_tco(gpu, gpus, fte, self.staff)
        return None if tco is None else tco * self.per_usd

    def cost(self, option: Option, volume: Volume, sizing: Sizing | None) -> float | None:
        """Monthly cost in the budget's currency; None when the catalog has no price for it."""
        d = option.deployment
        if d.offer is None:
            return None if sizing is None else self.reserved_total(option, sizing.gpu, sizing.gpus)
        price = d.offer.price
        if price is None or price.input is None or price.output is None:
            return self.flat_cost(option)
        rate_in, rate_out, _ = price.rates(volume.input_tokens)
        assert rate_in is not None and rate_out is not None
        total = (price.monthly_fixed or 0.0) + api_cost(
            volume, rate_in, rate_out, price.cached_rate(volume.input_tokens)
        )
        return convert(total, price.currency, self.currency, self.rates)

    def flat_cost(self, option: Option) -> float | None:
        """Monthly cost in the budget's currency of an offer not priced per token, whatever the volume: its flat
        monthly fee; None when it has none (or no price at all)."""
        offer = option.deployment.offer
        price = offer.price if offer else None
        if price is None or price.monthly_fixed is None:
            return None
        return convert(price.monthly_fixed, price.currency, self.currency, self.rates)

    def basis(self, option: Option, volume: Volume, sizing: Sizing | None) -> str:
        """How the cost was reckoned, in a sentence a consultant can check by hand."""
        d = option.deployment
        if d.host is not None:
            if sizing is None:
                return "no GPU configuration of this host holds it"
            rate = d.host.gpu_hourly[sizing.gpu.id]
            return f"{sizing.describe()} reserved at {d.host.currency} {rate:.2f}/GPU-hour, 24x7, run by {d.host.name}"
        if d.offer is None:
            if sizing is None:
                return "no GPU configuration in the catalog holds it"
            fte = engineer_fte(ENGINEER_SHARE[self.expertise], sizing.gpus)
            staff = (
                f"plus {fte:.2f} FTE at USD {self.staff.typical:,.0f}/year to run it ({ENGINEER_SHARE[self.expertise]:g} "
                f"for the first GPU, {FTE_PER_EXTRA_GPU:g} for each further one)"
            )
            if d.mode == "on_prem":
                if sizing.gpu.purchase_usd is None:
                    return f"no purchase price for {sizing.gpu.name} in the catalog"
                return (
                    f"{sizing.describe()} bought at USD {sizing.gpu.purchase_usd:,.0f} per GPU, written off over "
                    f"{ON_PREM_MONTHS} months, +{SERVER_SHARE:.0%} for servers and networking, USD "
                    f"{FACILITIES_PER_GPU_MONTH_USD:,.0f} per GPU and month for power and space (assumed), {staff}"
                )
            return (
                f"{sizing.describe()} at USD {sizing.gpu.hourly_usd.typical:.2f}/GPU-hour, 24x7, "
                f"+30% cloud overhead, {staff}"
            )
        price = d.offer.price
        if price is None or (price.input is None and price.monthly_fixed is None):
            return "price on request (not in the catalog)"
        parts = []
        if price.monthly_fixed:
            parts.append(f"{price.currency} {price.monthly_fixed:,.0f}/month fixed")
        rate_in, rate_out, long = price.rates(volume.input_tokens)
        if rate_in is not None and rate_out is not None:
            parts.append(
                f"{volume.tokens_in / 1e6:,.1f}M input tokens at {price.currency} {rate_in:g}/M and "
                f"{volume.tokens_out / 1e6:,.1f}M output tokens at {price.currency} {rate_out:g}/M"
            )
        if long and price.long_prompt is not None:
            tier = price.long_prompt
            parts[-1] += (
                f": the long-prompt rate of {price.currency} {tier.input:g}/M input above {tier.above / 1000:g}k "
                f"tokens, its prompts being {volume.input_tokens / 1000:,.0f}k tokens ({price.currency} "
                f"{price.input:g}/M and {price.output:g}/M up to {tier.above / 1000:g}k)"
            )
        if volume.cached_share and rate_in is not None:
            cached = price.cached_rate(volume.input_tokens)
            if cached is not None and cached < rate_in:
                parts[-1] += (
                    f", of which {volume.cached_share:.0%} read from the prompt cache at {price.currency} {cached:g}/M"
                )
            else:
                parts[-1] += (
                    f"; the operator publishes no cached-input rate, so the {volume.cached_share:.0%} of input "
                    "read from a cache is billed at the input rate"
                )
        told = "; ".join(parts)
        return f"{told} (the price in force {price.period()})" if price.dated else told
