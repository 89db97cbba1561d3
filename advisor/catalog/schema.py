"""The catalog's data model: models kept apart from the offers that run them, and the tables around them.

Every figure that came from outside carries `sources` and a `verified` date. A missing figure is None,
never zero.

The records are plain NamedTuples: a run that finds the parsed catalog in the cache builds no validators and
never imports pydantic (the import and the classes cost more than the rest of a run). Their annotations are
pydantic's, as text, read only when a catalog file has to be parsed (`advisor.validation`;
`advisor.records.for_pydantic` supplies the pydantic names they use). Required fields come before those with defaults, as a NamedTuple wants.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from advisor.named_tuples import NamedTuple

if TYPE_CHECKING:  # at run time, supplied by advisor.records.for_pydantic before pydantic reads them
    from pydantic import AfterValidator, Field

Mode = Literal["shared_api", "dedicated", "self_hosted", "on_prem"]
MODES: tuple[Mode, ...] = ("shared_api", "dedicated", "self_hosted", "on_prem")
Sensitivity = Literal["public", "internal", "confidential", "regulated"]
SENSITIVITIES: tuple[Sensitivity, ...] = ("public", "internal", "confidential", "regulated")
Expertise = Literal["none", "some", "strong"]
Jurisdiction = Literal["eu", "uk", "us", "ch", "other"]
Currency = Literal["USD", "EUR", "GBP", "CHF"]
Capability = Literal["reasoning", "coding", "writing", "multilingual", "tool_use", "vision", "speed"]
CAPABILITIES: tuple[Capability, ...] = (
    "reasoning",
    "coding",
    "writing",
    "multilingual",
    "tool_use",
    "vision",
    "speed",
)
LicenceClass = Literal["permissive", "attribution", "usage_capped", "research_only", "proprietary"]
Modality = Literal["text", "image", "audio", "video", "pdf"]
AiActTier = Literal["minimal", "transparency", "high_risk", "prohibited"]
Quantisation = Literal["bf16", "fp8", "int4"]


# the largest figure each kind of field takes: far beyond any real model, GPU or price, short of absurd
MAX_BILLIONS = 100_000  # parameters, in billions (the largest models have a few thousand)
MAX_TOKENS = 1_000_000_000  # a context window, an output, a request (the longest windows are ~10 million)
MAX_RATE = 1_000_000  # a price per million tokens, per GPU-hour, per USD
MAX_AMOUNT = 1_000_000_000  # a monthly fee, a purchase price, a yearly salary
MAX_DAYS = 36_500  # a retention period
MAX_SIZE = 1_000_000  # layers, heads, a head's width; GB of memory, TB/s of bandwidth
MAX_WEIGHT = 1_000_000  # a capability weight (normalised when used)
MAX_THRESHOLD = 1e15  # a licence's cap on users or revenue


class Parameters(NamedTuple):
    """Billions of parameters; None where the vendor does not say."""

    total_b: Annotated[float, Field(ge=0, le=MAX_BILLIONS)] | None = None
    active_b: Annotated[float, Field(ge=0, le=MAX_BILLIONS)] | None = None


class Architecture(NamedTuple):
    """What the KV cache per token depends on (from the model's config.json)."""

    layers: Annotated[int, Field(gt=0, le=MAX_SIZE)]
    kv_heads: Annotated[int, Field(gt=0, le=MAX_SIZE)]
    head_dim: Annotated[int, Field(gt=0, le=MAX_SIZE)]
    kv_bytes_per_token: Annotated[int, Field(gt=0, le=MAX_AMOUNT)] | None = (
        None  # overrides the formula (MLA, hybrid attention)
    )


class Modalities(NamedTuple):
    input: Annotated[list[Modality], Field(min_length=1)]
    output: Annotated[list[Modality], Field(min_length=1)] = ["text"]


class Capabilities(NamedTuple):
    """Ratings 0-10 on fixed scales; `vision` is 0 for a model without image input."""

    reasoning: Annotated[int, Field(ge=0, le=10)]
    coding: Annotated[int, Field(ge=0, le=10)]
    writing: Annotated[int, Field(ge=0, le=10)]
    multilingual: Annotated[int, Field(ge=0, le=10)]
    tool_use: Annotated[int, Field(ge=0, le=10)]
    vision: Annotated[int, Field(ge=0, le=10)]
    speed: Annotated[int, Field(ge=0, le=10)]


class Model(NamedTuple):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")]
    name: str
    vendor: str  # a provider id
    family: str
    weights: Literal["open", "closed"]
    licence: str  # a licence id
    context_window: Annotated[int, Field(gt=0, le=MAX_TOKENS)]
    modalities: Modalities
    capabilities: Capabilities
    capability_basis: Annotated[str, Field(min_length=10)]
    sources: Annotated[list[str], Field(min_length=1)]
    verified: dt.date
    released: dt.date | None = None
    deprecated: dt.date | None = None  # the date the vendor retires it
    parameters: Parameters = Parameters()
    architecture: Architecture | None = None
    native_precision: Quantisation | None = None  # the precision its weights are published in (gpt-oss: int4 MXFP4)
    max_output: Annotated[int, Field(gt=0, le=MAX_TOKENS)] | None = None
    notes: str | None = None


def vision_needs_images(model: Model) -> Model:
    if model.capabilities.vision and "image" not in model.modalities.input:
        raise ValueError("capabilities.vision must be 0 for a model without image input")
    return model


class LongPrompt(NamedTuple):
    """A long-prompt tier: the rates per million tokens (in the price's currency) that apply to the whole
    request, input and output, when its input tokens exceed `above`, as Google, Anthropic, OpenAI and xAI
    bill (for example Gemini 3.1 Pro: over 200,000 input tokens, USD 4/18 instead of 2/12)."""

    above: Annotated[int, Field(gt=0, le=MAX_TOKENS)]
    input: Annotated[float, Field(ge=0, le=MAX_RATE)]
    output: Annotated[float, Field(ge=0, le=MAX_RATE)]
    cached_input: Annotated[float, Field(ge=0, le=MAX_RATE)] | None = None  # the tier's rate for cached input


class Price(NamedTuple):
    """Per million tokens, or a fixed monthly amount for a dedicated deployment; in force from `valid_from`
    to `valid_until` (both days included; None: open on that side). `long_prompt`: the higher rates of a
    request whose prompt is longer than a threshold, where the operator has them. `cached_input`: the rate per
    million input tokens read from the operator's prompt cache, where it publishes one (None: not published or
    not recorded, and cached tokens are billed at the input rate)."""

    currency: Currency
    input: Annotated[float, Field(ge=0, le=MAX_RATE)] | None = None
    output: Annotated[float, Field(ge=0, le=MAX_RATE)] | None = None
    monthly_fixed: Annotated[float, Field(ge=0, le=MAX_AMOUNT)] | None = None
    valid_from: dt.date | None = None  # the first day this price applies
    valid_until: dt.date | None = None  # the last day it applies
    long_prompt: LongPrompt | None = None
    cached_input: Annotated[float, Field(ge=0, le=MAX_RATE)] | None = None

    def cached_rate(self, input_tokens: int) -> float | None:
        """The rate per million cached input tokens of a request of `input_tokens`: the tier's, the base's, or
        (where the operator publishes none) the input rate itself."""
        tier = self.long_prompt
        if tier is not None and input_tokens > tier.above:
            return tier.cached_input if tier.cached_input is not None else tier.input
        return self.cached_input if self.cached_input is not None else self.input

    def rates(self, input_tokens: int) -> tuple[float | None, float | None, bool]:
        """The rates per million input and output tokens of a request of `input_tokens`, and whether they are
        the long-prompt tier's."""
        tier = self.long_prompt
        if tier is not None and input_tokens > tier.above:
            return tier.input, tier.output, True
        return self.input, self.output, False

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_until is not None

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def period(self) -> str:
        """When it is in force, in words: "from 2026-12-01", "until 2026-11-30", "2026-01-01 to 2026-06-30"."""
        if self.valid_from and self.valid_until:
            return f"{self.valid_from} to {self.valid_until}"
        if self.valid_from:
            return f"from {self.valid_from}"
        return f"until {self.valid_until}" if self.valid_until else "without end"


class Offer(NamedTuple):
    """One way to run a model: who operates it, where the data goes, on what terms, at what price."""

    model: str
    mode: Literal["shared_api", "dedicated"]
    operator: str  # a provider id
    region: str  # global, eu, us, uk, ch, ...
    sources: Annotated[list[str], Field(min_length=1)]
    verified: dt.date
    retention_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] | None = None  # 0 = zero data retention; None = unknown
    zdr_available: bool = False  # zero data retention can be arranged
    trains_on_data: bool = False
    price: Price | None = None  # when `prices` is given: the latest of them (set on loading)
    litellm: str | None = None  # the counterpart key in LiteLLM's price file
    deprecated: dt.date | None = None  # the date this operator stops serving the model here
    notes: str | None = None
    # prices that change on a date: each period with its valid_from / valid_until, in order, none overlapping
    # (instead of `price`); a single `price` may carry dates too, and then counts as the one period
    prices: list[Price] = []
    # the operator's own limits per request, where lower than the model's (a host serving a 1M-token model
    # with a 256k window); None: the model's own
    max_input_tokens: Annotated[int, Field(gt=0, le=MAX_TOKENS)] | None = None
    max_output_tokens: Annotated[int, Field(gt=0, le=MAX_TOKENS)] | None = None

    @property
    def id(self) -> str:
        return f"{self.model}@{self.operator}/{self.mode}/{self.region}"

    @property
    def periods(self) -> list[Price]:
        """Its prices with their validity: `prices`, or the one `price`."""
        return self.prices or ([self.price] if self.price is not None else [])

    def price_on(self, day: dt.date) -> Price | None:
        """The price in force on `day`; None when no price of the offer covers it."""
        return next((p for p in self.periods if p.covers(day)), None)


def dated_prices(offer: Offer) -> Offer:
    """`price` or `prices` (beside `prices`, `price` may only repeat the latest of them, as a loaded offer
    does); dated periods in order without overlap; `price` set to the latest."""
    if offer.prices and offer.price is not None and offer.price != offer.prices[-1]:
        raise ValueError("give either price (one price) or prices (dated periods), not both")
    if offer.price is not None and offer.price.dated:
        offer = offer._replace(prices=[offer.price])
    if not offer.prices:
        return offer
    for n, p in enumerate(offer.prices, 1):
        if p.valid_from and p.valid_until and p.valid_until < p.valid_from:
            raise ValueError(f"prices #{n}: valid_until {p.valid_until} is before valid_from {p.valid_from}")
    for n, (earlier, later) in enumerate(zip(offer.prices, offer.prices[1:], strict=False), 1):
        if earlier.valid_until is None or later.valid_from is None:
            raise ValueError(
                f"prices #{n} and #{n + 1}: a price followed by another needs a valid_until and the next a "
                "valid_from (periods in order, earliest first)"
            )
        if later.valid_from <= earlier.valid_until:
            raise ValueError(
                f"prices #{n} and #{n + 1} overlap: #{n} runs {earlier.period()}, #{n + 1} {later.period()} "
                "(periods in order, earliest first, each starting after the one before ends)"
            )
    return offer._replace(price=offer.prices[-1])


def long_prompt_rates(offer: Offer) -> Offer:
    """A long-prompt tier needs rates per token to raise, and raises them: a tier cheaper than the base rate
    is a typing slip (no operator charges less for a longer prompt)."""
    for n, p in enumerate(offer.periods, 1):
        tier = p.long_prompt
        if tier is None:
            continue
        where = "price.long_prompt" if not offer.prices or len(offer.periods) == 1 else f"prices #{n}: long_prompt"
        if p.input is None or p.output is None:
            raise ValueError(f"{where}: a long-prompt tier needs the base input and output rates beside it")
        for side, base, high in (("input", p.input, tier.input), ("output", p.output, tier.output)):
            if high < base:
                raise ValueError(
                    f"{where}.{side} {high:g} is below the base rate {base:g}: the tier gives the higher rates "
                    f"billed for the whole request when its input exceeds {tier.above:,} tokens"
                )
    return offer


def cached_input_rates(offer: Offer) -> Offer:
    """A cached-input rate needs the input rate beside it and never exceeds it: it is the discount an operator
    gives for input tokens read from its prompt cache (a higher figure is a typing slip, or a cache write)."""
    for n, p in enumerate(offer.periods, 1):
        where = "price" if not offer.prices or len(offer.periods) == 1 else f"prices #{n}"
        for place, cached, base in (
            (f"{where}.cached_input", p.cached_input, p.input),
            (
                f"{where}.long_prompt.cached_input",
                p.long_prompt.cached_input if p.long_prompt else None,
                p.long_prompt.input if p.long_prompt else None,
            ),
        ):
            if cached is None:
                continue
            if base is None:
                raise ValueError(f"{place}: a cached-input rate needs the input rate beside it")
            if cached > base:
                raise ValueError(
                    f"{place} {cached:g} is above the input rate {base:g}: it is the lower rate billed for input "
                    "tokens read from the prompt cache (not the price of writing them to it)"
                )
    return offer


def api_has_price(offer: Offer) -> Offer:
    periods = offer.periods
    if offer.mode == "shared_api" and (not periods or any(p.input is None or p.output is None for p in periods)):
        raise ValueError("a shared_api offer needs price.input and price.output (per million tokens)")
    return offer


BenchmarkId = Literal[
    "aa_intelligence_index",
    "aa_coding_index",
    "aa_agentic_index",
    "gpqa_diamond",
    "hle",
    "swe_bench_verified",
    "livecodebench",
    "terminal_bench",
    "tau_bench",
    "bfcl",
    "mmmlu",
    "mmmu",
    "lmarena_text",
    "output_speed",
]


class BenchmarkResult(NamedTuple):
    """One published figure behind a capability rating, as read on a public page (catalog/benchmarks/)."""

    model: str
    benchmark: BenchmarkId
    score: Annotated[float, Field(ge=0, le=100_000)]
    by: Literal["independent", "vendor"]
    source: Annotated[str, Field(pattern=r"^https?://")]
    checked: dt.date
    variant: str | None = None


class BenchmarkFile(NamedTuple):
    """One file under catalog/benchmarks/: published results, any models."""

    results: list[BenchmarkResult] = []


class Rating(NamedTuple):
    """A capability rating and what it rests on: the published results it was computed from, or, with none,
    the catalog's estimate and what it was estimated from."""

    value: int
    estimated: bool
    inputs: list[BenchmarkResult]
    basis: str


class VendorFile(NamedTuple):
    """One file under catalog/models/: a vendor's models and the offers that run them."""

    models: list[Annotated[Model, AfterValidator(vision_needs_images)]] = []
    offers: list[
        Annotated[
            Offer,
            AfterValidator(dated_prices),
            AfterValidator(long_prompt_rates),
            AfterValidator(cached_input_rates),
            AfterValidator(api_has_price),
        ]
    ] = []


class Certification(NamedTuple):
    """A security or compliance certification (or attestation) a provider publishes for the service the catalog
    uses, as read on a public page: ISO/IEC 27001, SOC 2 Type II, BSI C5, HDS, SecNumCloud, ..."""

    name: Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
    source: Annotated[str, Field(pattern=r"^https://\S+$")]  # a public page a client can open
    checked: dt.date  # the day the page was read


class Provider(NamedTuple):
    """A company that makes models or operates deployments of them, with what a client's due diligence asks:
    where it is established and incorporated, the certifications it publishes, whether it offers a DPA."""

    id: str
    name: str
    jurisdiction: str  # where the company is established: us, eu, cn, fr, ...
    sources: Annotated[list[str], Field(min_length=1)]
    verified: dt.date
    eu_options: str | None = None
    zero_data_retention: Literal["standard", "on_request", "none", "unknown"] = "unknown"
    dpa: bool | None = None  # a data processing agreement is offered; None: not known
    # the place of incorporation in words where it refines `jurisdiction` ("Delaware, United States")
    incorporated: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    # the certifications it publishes; [] when none was found published, None (left out) when not looked up
    certifications: list[Certification] | None = None


class PriceRange(NamedTuple):
    low: Annotated[float, Field(ge=0, le=MAX_AMOUNT)]
    typical: Annotated[float, Field(ge=0, le=MAX_AMOUNT)]
    high: Annotated[float, Field(ge=0, le=MAX_AMOUNT)]


class Gpu(NamedTuple):
    id: str
    name: str
    memory_gb: Annotated[float, Field(gt=0, le=MAX_SIZE)]
    bandwidth_tbs: Annotated[float, Field(gt=0, le=MAX_SIZE)]
    hourly_usd: PriceRange
    sources: Annotated[list[str], Field(min_length=1)]
    verified: dt.date
    purchase_usd: Annotated[float, Field(ge=0, le=MAX_AMOUNT)] | None = None
    fp8: bool = True  # FP8 tensor cores: Ada Lovelace, Hopper and later; not Ampere (A100, A10)
    nvlink: bool = True  # GPU-to-GPU NVLink; False for PCIe-only cards (L4, L40S), slow for a model split across them


class DedicatedHost(NamedTuple):
    """A provider that runs open weights on GPUs reserved for one customer (single-tenant), billed by the hour."""

    id: str
    operator: str  # a provider id
    name: str
    region: str
    currency: Currency
    gpu_hourly: dict[
        str, Annotated[float, Field(ge=0, le=MAX_RATE)]
    ]  # gpu id (gpus.yaml) -> price per GPU-hour in `currency`
    sources: Annotated[list[str], Field(min_length=1)]
    verified: dt.date
    retention_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] | None = 0
    notes: str | None = None


class AiAct(NamedTuple):
    tier: AiActTier
    reference: str
    duties: list[str]


class UseCaseKind(NamedTuple):
    id: str
    name: str
    description: str
    weights: dict[Capability, Annotated[float, Field(ge=0, le=MAX_WEIGHT)]]  # normalised when used
    input_tokens: Annotated[int, Field(gt=0, le=MAX_TOKENS)]
    output_tokens: Annotated[int, Field(gt=0, le=MAX_TOKENS)]
    ai_act: AiAct
    # the unit of work one request of this kind produces, singular and plural ("summary", "summaries"), for
    # the report's cost per unit; None when a piece of work takes an unknown number of requests
    unit: (
        tuple[Annotated[str, Field(min_length=1, max_length=40)], Annotated[str, Field(min_length=1, max_length=40)]]
        | None
    ) = None


class Restriction(NamedTuple):
    kind: Literal[
        "mau_cap",
        "revenue_cap",
        "eu_multimodal_exclusion",
        "no_commercial_use",
        "attribution",
        "acceptable_use_policy",
        "derivative_terms",
        "non_production",
    ]
    text: str
    threshold: Annotated[float, Field(ge=0, le=MAX_THRESHOLD)] | None = None


class LicenceClassInfo(NamedTuple):
    id: LicenceClass
    name: str
    description: str
    value: Annotated[float, Field(ge=0, le=1)]  # on the licence-permissiveness criterion


class Licence(NamedTuple):
    id: str
    name: str
    licence_class: Annotated[LicenceClass, Field(alias="class")]
    url: str | None = None
    restrictions: list[Restriction] = []


class PolicyRule(NamedTuple):
    """One way data of a class may be processed; a deployment passes if any rule of its class allows it."""

    modes: Annotated[list[Mode], Field(min_length=1)]
    home_region: bool = False  # processing must stay in the organisation's jurisdiction
    max_retention_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] | None = None  # None = any; ZDR offers count as 0
    no_training: bool = True


class Policies(NamedTuple):
    sensitivity: dict[Sensitivity, Annotated[list[PolicyRule], Field(min_length=1)]]
    expertise_forbids: dict[Expertise, list[Mode]]
    home_regions: dict[Jurisdiction, list[str]]
    control: dict[str, Annotated[float, Field(ge=0, le=1)]]  # privacy/control value of each kind of deployment


class CatalogMeta(NamedTuple):
    version: str
    currency_rates: dict[Currency, Annotated[float, Field(gt=0, le=MAX_RATE)]]  # units of currency per 1 USD
    rates_date: dt.date
    rates_source: str
    staff_cost_per_year: dict[Jurisdiction, PriceRange]  # loaded cost of an ML engineer, in USD
    staff_cost_sources: Annotated[list[str], Field(min_length=1)]
    stale_after_days: Annotated[int, Field(gt=0, le=MAX_DAYS)] = 180


class Catalog(NamedTuple):
    """The parsed catalog: read, never changed (a NamedTuple: cheaper to define at import than a dataclass)."""

    meta: CatalogMeta
    policies: Policies
    models: dict[str, Model]
    offers: dict[str, Offer]
    providers: dict[str, Provider]
    gpus: dict[str, Gpu]
    use_case_kinds: dict[str, UseCaseKind]
    licences: dict[str, Licence]
    licence_classes: dict[str, LicenceClassInfo]
    dedicated_hosts: dict[str, DedicatedHost]
    origin: dict[str, str]  # "model:ID" / "offer:ID" -> file it came from
    digest: str
    ratings: dict[str, dict[str, Rating]] = {}  # model id -> capability -> its rating and basis
    # the "model:ID" / "offer:ID" entries an overlay folder added or replaced (known by the folder's place, so
    # true of a catalog read back from the cache whatever folder it was first read from, unlike `origin`)
    overlaid: frozenset[str] = frozenset()

    def offers_of(self, model_id: str) -> list[Offer]:
        return [o for o in self.offers.values() if o.model == model_id]

    def oldest_verified(self) -> dt.date:
        return min(m.verified for m in self.models.values())

    def parts(self) -> list[object]:
        """The catalog, its tables and their entries, in a fixed order: what a value worked out from it refers
        to, kept in the cache beside it by reference (`cache.store`'s `shared`)."""
        out: list[object] = [self, *self]
        for table in (
            self.models,
            self.offers,
            self.providers,
            self.gpus,
            self.use_case_kinds,
            self.licences,
            self.licence_classes,
            self.dedicated_hosts,
        ):
            out.extend(table.values())
        return out


def stale_entries(catalog: Catalog, today: dt.date) -> list[str]:
    """Entries whose figures were verified longer ago than the catalog allows: models, offers, GPU prices,
    dedicated hosts' prices and the currency rates."""
    limit = today - dt.timedelta(days=catalog.meta.stale_after_days)
    out = [f"model {m.id} (verified {m.verified})" for m in catalog.models.values() if m.verified < limit]
    out += [f"offer {o.id} (verified {o.verified})" for o in catalog.offers.values() if o.verified < limit]
    out += [
        f"offer {o.id} (its last price ended on {o.periods[-1].valid_until})"
        for o in catalog.offers.values()
        if o.periods and o.periods[-1].valid_until is not None and o.periods[-1].valid_until < today
    ]
    out += [f"gpu {g.id} (verified {g.verified})" for g in catalog.gpus.values() if g.verified < limit]
    out += [
        f"dedicated host {h.id} (verified {h.verified})" for h in catalog.dedicated_hosts.values() if h.verified < limit
    ]
    if catalog.meta.rates_date < limit:
        out.append(f"currency rates (of {catalog.meta.rates_date})")
    return out
