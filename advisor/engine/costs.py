"""Money: API cost from tokens and prices, self-hosting sizing and total cost of ownership, break-even.

Pure functions; formulas and figures from ../shared/DOMAIN.md ("Self-hosting cost").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from advisor.catalog.schema import Currency, Gpu, Model, PriceRange, Quantisation
from advisor.named_tuples import NamedTuple

HOURS_PER_MONTH = 730
BYTES_PER_PARAM: dict[Quantisation, float] = {"bf16": 2.0, "fp8": 1.0, "int4": 0.53}  # int4: MXFP4-like, with scales
QUANTISATIONS: tuple[Quantisation, ...] = ("bf16", "fp8", "int4")
GPU_COUNTS = (1, 2, 4, 8)  # tensor-parallel sizes on one node
USABLE_MEMORY = 0.9  # vLLM reserves 90% of GPU memory by default
MEMORY_OVERHEAD = 1.1  # activations, CUDA graphs, fragmentation
RUNTIME_GB = 2.0
CONCURRENT_SEQUENCES = 16  # requests served at once, for the KV cache
# aggregate decode throughput = BATCH_GAIN x single-stream rate (bandwidth / active weight bytes);
# calibrated on vLLM figures: Llama-3.1-8B FP8 3,400 tok/s on 1xH100; 70B FP8 1,728 tok/s on 2xH100
BATCH_GAIN = 15.0
BANDWIDTH_EFFICIENCY = 0.6
PEAK_TO_AVERAGE = 2.0  # provision for peaks at twice the average load
PREFILL_WEIGHT = 0.2  # an input token costs about a fifth of an output token to serve
CLOUD_OVERHEAD = 0.3  # storage, egress and management on top of GPU-hours
ON_PREM_MONTHS = 36  # hardware written off over three years
SERVER_SHARE = 0.3  # host servers, networking and storage bought with the GPUs, as a share of their price
# power (about 1 kW per GPU with its server share and cooling, PUE 1.4, USD 0.15/kWh: ~USD 150) and rack
# space (~USD 50) per GPU and month: an assumption stated in each report's cost basis, not a quoted price
FACILITIES_PER_GPU_MONTH_USD = 200.0
ENGINEER_SHARE = {"none": 0.5, "some": 0.25, "strong": 0.15}  # FTE to run a deployment's first GPU
FTE_PER_EXTRA_GPU = 0.05  # and each further GPU: operating effort grows with the fleet (nodes, on-call)


def engineer_fte(share: float, gpus: int) -> float:
    """FTE to run a reserved deployment of `gpus` GPUs: the share for its first, FTE_PER_EXTRA_GPU for each
    further one."""
    return share + FTE_PER_EXTRA_GPU * max(0, gpus - 1)


class Volume(NamedTuple):
    """Tokens per month of a use case (or of several sharing a deployment)."""

    requests: int
    input_tokens: int  # per request
    output_tokens: int  # per request
    cached_share: float = 0.0  # of the input tokens, the share read from the operator's prompt cache

    @property
    def tokens_in(self) -> float:
        return float(self.requests) * self.input_tokens

    @property
    def tokens_out(self) -> float:
        return float(self.requests) * self.output_tokens


def convert(amount: float, source: Currency, target: str, rates: dict[Currency, float]) -> float:
    """Convert through USD with the catalog's rates (units per USD)."""
    if source == target:
        return amount
    return amount / rates[source] * rates[target]  # type: ignore[index]


def api_cost(volume: Volume, price_in: float, price_out: float, price_cached: float | None = None) -> float:
    """Monthly cost at prices per million tokens, in the prices' currency; the cached share of the input at
    `price_cached` (the input price when None)."""
    cached = price_in if price_cached is None else price_cached
    per_in = price_in + volume.cached_share * (cached - price_in)
    return (volume.tokens_in * per_in + volume.tokens_out * price_out) / 1e6


def blended_price(volume: Volume, price_in: float, price_out: float) -> float:
    """Price per million tokens of this use case's mix of input and output."""
    total = volume.tokens_in + volume.tokens_out
    if total == 0:
        return (price_in + price_out) / 2
    return api_cost(volume, price_in, price_out) * 1e6 / total


def kv_bytes_per_token(model: Model) -> float:
    """KV cache per token at FP16: 2 x layers x kv_heads x head_dim x 2 bytes, or the catalog's figure."""
    arch = model.architecture
    if arch is None:
        # no config in the catalog: assume a grouped-query model as wide and deep as its active part
        # (Llama-3.3-70B: 320 KiB per token)
        size = model.parameters.active_b or model.parameters.total_b or 1
        return 320 * 1024 * max(size, 1) / 70
    if arch.kv_bytes_per_token:
        return float(arch.kv_bytes_per_token)
    return 2.0 * arch.layers * arch.kv_heads * arch.head_dim * 2


def serving_precision(model: Model) -> Quantisation:
    """FP8, or the model's own lower precision when its weights are published that way."""
    native = model.native_precision
    return native if native is not None and BYTES_PER_PARAM[native] < BYTES_PER_PARAM["fp8"] else "fp8"


def kv_cache_tokens(context: int, request_tokens: int) -> int:
    """Tokens the KV cache must hold: two full-length sequences, or a batch of typical requests."""
    return max(2 * context, CONCURRENT_SEQUENCES * request_tokens)


def weights_gb(model: Model, quant: Quantisation) -> float:
    return (model.parameters.total_b or 0) * BYTES_PER_PARAM[quant]


def memory_gb(model: Model, quant: Quantisation, kv_tokens: int) -> float:
    """GPU memory to hold the weights at `quant` and a KV cache of `kv_tokens` tokens."""
    kv = kv_bytes_per_token(model) * kv_tokens / 1e9
    return (weights_gb(model, quant) + kv) * MEMORY_OVERHEAD + RUNTIME_GB


class Sizing(NamedTuple):
    """A GPU configuration that fits a model, and what it can serve."""

    quantisation: Quantisation
    gpu: Gpu
    gpus_per_replica: int
    replicas: int
    memory_needed_gb: float
    context: int
    tokens_per_second: float  # weighted tokens per second one replica sustains

    @property
    def gpus(self) -> int:
        return self.gpus_per_replica * self.replicas

    def describe(self) -> str:
        reps = f"{self.replicas} x " if self.replicas > 1 else ""
        split = (
            f", split across {self.gpus_per_replica} PCIe cards without NVLink (tensor parallelism over PCIe "
            "costs throughput: GPUs with NVLink, such as the H100, serve a model this size better)"
            if self.gpus_per_replica > 1 and not self.gpu.nvlink
            else ""
        )
        return (
            f"{reps}{self.gpus_per_replica} x {self.gpu.name} at {self.quantisation.upper()} "
            f"({self.memory_needed_gb:.0f} GB for weights and {self.context // 1024}k-token KV cache){split}"
        )


def replica_throughput(model: Model, quant: Quantisation, gpu: Gpu, count: int) -> float:
    active = model.parameters.active_b or model.parameters.total_b or 1
    active_bytes_gb = active * BYTES_PER_PARAM[quant]
    single_stream = gpu.bandwidth_tbs * 1000 * count * BANDWIDTH_EFFICIENCY / active_bytes_gb
    return single_stream * BATCH_GAIN


def weighted_tokens(volume: Volume) -> float:
    """Serving load of a month's tokens, in output-token equivalents."""
    return volume.tokens_out + PREFILL_WEIGHT * volume.tokens_in


def weighted_tokens_per_second(volume: Volume) -> float:
    return weighted_tokens(volume) / (HOURS_PER_MONTH * 3600) * PEAK_TO_AVERAGE


class Fit:
    """One GPU configuration that holds a model, with what a replica of it can serve. (Not a NamedTuple: its
    `count` would shadow tuple.count; not a dataclass: one costs about 1.5 ms to define at import.)"""

    __slots__ = ("count", "gpu", "hourly", "tokens_per_second")

    def __init__(self, gpu: Gpu, count: int, tokens_per_second: float, hourly: float) -> None:
        self.gpu, self.count = gpu, count
        self.tokens_per_second = tokens_per_second
        self.hourly = hourly  # price of one replica per hour


def fit_ladders(
    model: Model, gpus: Sequence[Gpu], quant: Quantisation, hourly: Mapping[str, float] | None
) -> list[list[Fit]]:
    """For each GPU type on offer, a replica of 1, 2, 4 and 8 of them, with what it serves and costs."""
    ladders = []
    for gpu in gpus:
        if (hourly is not None and gpu.id not in hourly) or not runs(gpu, quant):
            continue
        price = hourly[gpu.id] if hourly is not None else gpu.hourly_usd.typical
        ladders.append(
            [Fit(gpu, count, replica_throughput(model, quant, gpu, count), price * count) for count in GPU_COUNTS]
        )
    return ladders


def holding(ladders: Sequence[Sequence[Fit]], need_gb: float) -> list[Fit]:
    """For each GPU type, the smallest power-of-two count that holds `need_gb` (more only costs more)."""
    fits = []
    for ladder in ladders:
        for fit in ladder:
            if need_gb <= fit.gpu.memory_gb * fit.count * USABLE_MEMORY:
                fits.append(fit)
                break
    return fits


def fitting_configs(
    model: Model, gpus: Sequence[Gpu], need_gb: float, quant: Quantisation, hourly: Mapping[str, float] | None
) -> list[Fit]:
    return holding(fit_ladders(model, gpus, quant, hourly), need_gb)


def cheapest_fit(fits: Sequence[Fit], load: float, min_replicas: int = 1) -> tuple[Fit, int] | None:
    """The configuration, and how many replicas of it (at least `min_replicas`), that carries `load` weighted
    tokens per second at the lowest hourly price (ties: fewer GPUs, then the GPU's name)."""
    best: tuple[tuple[float, int, str], Fit, int] | None = None
    for fit in fits:
        replicas = max(min_replicas, math.ceil(load / fit.tokens_per_second))
        key = (fit.hourly * replicas, fit.count * replicas, fit.gpu.id)
        if best is None or key < best[0]:
            best = (key, fit, replicas)
    return None if best is None else (best[1], best[2])


class HoldingSteps(NamedTuple):
    """The cheapest single replica that holds a given memory need, on one set of GPUs and prices. Which
    configurations hold a need depends only on the GPUs, not on the model, so it is a step function of the
    need: worked out once per host, then read for every model as choices[bisect_left(capacities, need)]
    (none holds it past the end)."""

    capacities: list[float]  # ascending: the usable memory of every configuration
    choices: list[tuple[Gpu, int]]  # the cheapest configuration holding a need up to capacities[i]


def runs(gpu: Gpu, quant: Quantisation) -> bool:
    """Whether the GPU serves weights at this precision: FP8 needs FP8 tensor cores (not on Ampere, where a
    model runs in BF16 or with weight-only INT8/INT4 instead)."""
    return quant != "fp8" or gpu.fp8


def holding_steps(gpus: Sequence[Gpu], hourly: Mapping[str, float] | None, quant: Quantisation) -> HoldingSteps:
    """HoldingSteps for the GPUs' typical cloud price, or for `hourly` (GPU id -> price) on a host, over the
    GPUs that serve `quant`."""
    ladders = [
        [
            (gpu, count, (hourly[gpu.id] if hourly is not None else gpu.hourly_usd.typical) * count)
            for count in GPU_COUNTS
        ]
        for gpu in gpus
        if (hourly is None or gpu.id in hourly) and runs(gpu, quant)
    ]
    capacities = sorted({gpu.memory_gb * count * USABLE_MEMORY for ladder in ladders for gpu, count, _ in ladder})
    choices = []
    for capacity in capacities:
        best: tuple[tuple[float, int, str], Gpu, int] | None = None
        for ladder in ladders:
            # as `holding`: the smallest count of each GPU type that holds it; then as `cheapest_fit`
            for gpu, count, price in ladder:
                if capacity <= gpu.memory_gb * count * USABLE_MEMORY:
                    key = (price, count, gpu.id)
                    if best is None or key < best[0]:
                        best = (key, gpu, count)
                    break
        assert best is not None  # every capacity comes from some ladder
        choices.append((best[1], best[2]))
    return HoldingSteps(capacities, choices)


def cheapest_sizing(
    fits: Sequence[Fit], volume: Volume, quant: Quantisation, need_gb: float, context: int, min_replicas: int = 1
) -> Sizing | None:
    chosen = cheapest_fit(fits, weighted_tokens_per_second(volume), min_replicas)
    if chosen is None:
        return None
    fit, replicas = chosen
    return Sizing(quant, fit.gpu, fit.count, replicas, need_gb, context, fit.tokens_per_second)


def size_deployment(
    model: Model,
    gpus: Sequence[Gpu],
    context: int,
    volume: Volume,
    quant: Quantisation = "fp8",
    hourly: Mapping[str, float] | None = None,
) -> Sizing | None:
    """The cheapest configuration that holds the model and carries the volume: by the GPUs' typical cloud
    price, or by `hourly` (GPU id -> price) on a host that offers only those GPUs."""
    need = memory_gb(model, quant, kv_cache_tokens(context, volume.input_tokens + volume.output_tokens))
    return cheapest_sizing(fitting_configs(model, gpus, need, quant, hourly), volume, quant, need, context)


def cloud_tco(gpu: Gpu, gpus: int, engineer_fte: float, staff: PriceRange) -> float:
    """Monthly total cost of ownership in a cloud account, USD: GPU-hours 24x7, cloud overhead, staff time."""
    gpu_hours = gpu.hourly_usd.typical * gpus * HOURS_PER_MONTH
    return gpu_hours * (1 + CLOUD_OVERHEAD) + engineer_fte * staff.typical / 12


def hosted_monthly(gpu: Gpu, gpus: int, hourly: Mapping[str, float]) -> float:
    """A dedicated host's bill: its GPU-hours, 24x7, in the host's currency."""
    return hourly[gpu.id] * gpus * HOURS_PER_MONTH


def on_prem_tco(gpu: Gpu, gpus: int, engineer_fte: float, staff: PriceRange) -> float | None:
    """Monthly total cost of ownership on own hardware, USD: GPUs and servers written off, power and space per
    GPU, staff time."""
    if gpu.purchase_usd is None:
        return None
    hardware = gpu.purchase_usd * gpus / ON_PREM_MONTHS
    return hardware * (1 + SERVER_SHARE) + FACILITIES_PER_GPU_MONTH_USD * gpus + engineer_fte * staff.typical / 12


def break_even_tokens(monthly_fixed: float, blended_per_million: float) -> float | None:
    """Tokens per month above which a fixed monthly cost beats paying per token."""
    if blended_per_million <= 0:
        return None
    return monthly_fixed / blended_per_million * 1e6
