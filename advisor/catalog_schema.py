"""The catalog's data model: models kept apart from the offers that run them, and the tables around them.

Every figure that came from outside carries `sources` and a `verified` date. A missing figure is None,
never zero.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

Rating = Annotated[int, Field(ge=0, le=10)]
NonNegative = Annotated[float, Field(ge=0)]
Sources = Annotated[list[str], Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built when first validating


class Parameters(Strict):
    """Billions of parameters; None where the vendor does not say."""

    total_b: NonNegative | None = None
    active_b: NonNegative | None = None


class Architecture(Strict):
    """What the KV cache per token depends on (from the model's config.json)."""

    layers: Annotated[int, Field(gt=0)]
    kv_heads: Annotated[int, Field(gt=0)]
    head_dim: Annotated[int, Field(gt=0)]
    kv_bytes_per_token: Annotated[int, Field(gt=0)] | None = None  # overrides the formula (MLA, hybrid attention)


class Modalities(Strict):
    input: Annotated[list[Modality], Field(min_length=1)]
    output: Annotated[list[Modality], Field(min_length=1)] = ["text"]


class Capabilities(Strict):
    """Ratings 0-10 on fixed scales; `vision` is 0 for a model without image input."""

    reasoning: Rating
    coding: Rating
    writing: Rating
    multilingual: Rating
    tool_use: Rating
    vision: Rating
    speed: Rating


class Model(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")]
    name: str
    vendor: str  # a provider id
    family: str
    weights: Literal["open", "closed"]
    licence: str  # a licence id
    released: dt.date | None = None
    deprecated: dt.date | None = None  # the date the vendor retires it
    parameters: Parameters = Parameters()
    architecture: Architecture | None = None
    native_precision: Quantisation | None = None  # the precision its weights are published in (gpt-oss: int4 MXFP4)
    context_window: Annotated[int, Field(gt=0)]
    max_output: Annotated[int, Field(gt=0)] | None = None
    modalities: Modalities
    capabilities: Capabilities
    capability_basis: Annotated[str, Field(min_length=10)]
    sources: Sources
    verified: dt.date
    notes: str | None = None

    @model_validator(mode="after")
    def _vision_needs_images(self) -> Model:
        if self.capabilities.vision and "image" not in self.modalities.input:
            raise ValueError("capabilities.vision must be 0 for a model without image input")
        return self


class Price(Strict):
    """Per million tokens, or a fixed monthly amount for a dedicated deployment."""

    currency: Currency
    input: NonNegative | None = None
    output: NonNegative | None = None
    monthly_fixed: NonNegative | None = None


class Offer(Strict):
    """One way to run a model: who operates it, where the data goes, on what terms, at what price."""

    model: str
    mode: Literal["shared_api", "dedicated"]
    operator: str  # a provider id
    region: str  # global, eu, us, uk, ch, ...
    retention_days: Annotated[int, Field(ge=0)] | None = None  # 0 = zero data retention; None = unknown
    zdr_available: bool = False  # zero data retention can be arranged
    trains_on_data: bool = False
    price: Price | None = None
    litellm: str | None = None  # the counterpart key in LiteLLM's price file
    deprecated: dt.date | None = None  # the date this operator stops serving the model here
    sources: Sources
    verified: dt.date
    notes: str | None = None

    @property
    def id(self) -> str:
        return f"{self.model}@{self.operator}/{self.mode}/{self.region}"

    @model_validator(mode="after")
    def _api_has_price(self) -> Offer:
        if self.mode == "shared_api" and (self.price is None or self.price.input is None or self.price.output is None):
            raise ValueError("a shared_api offer needs price.input and price.output (per million tokens)")
        return self


class VendorFile(Strict):
    """One file under catalog/models/: a vendor's models and the offers that run them."""

    models: list[Model] = []
    offers: list[Offer] = []


class Provider(Strict):
    id: str
    name: str
    jurisdiction: str  # where the company is established: us, eu, cn, fr, ...
    eu_options: str | None = None
    zero_data_retention: Literal["standard", "on_request", "none", "unknown"] = "unknown"
    dpa: bool | None = None
    sources: Sources
    verified: dt.date


class PriceRange(Strict):
    low: NonNegative
    typical: NonNegative
    high: NonNegative


class Gpu(Strict):
    id: str
    name: str
    memory_gb: Annotated[float, Field(gt=0)]
    bandwidth_tbs: Annotated[float, Field(gt=0)]
    hourly_usd: PriceRange
    purchase_usd: NonNegative | None = None
    sources: Sources
    verified: dt.date


class DedicatedHost(Strict):
    """A provider that runs open weights on GPUs reserved for one customer (single-tenant), billed by the hour."""

    id: str
    operator: str  # a provider id
    name: str
    region: str
    retention_days: Annotated[int, Field(ge=0)] | None = 0
    currency: Currency
    gpu_hourly: dict[str, NonNegative]  # gpu id (gpus.yaml) -> price per GPU-hour in `currency`
    sources: Sources
    verified: dt.date
    notes: str | None = None


class AiAct(Strict):
    tier: AiActTier
    reference: str
    duties: list[str]


class UseCaseKind(Strict):
    id: str
    name: str
    description: str
    weights: dict[Capability, NonNegative]  # capability weights, normalised when used
    input_tokens: Annotated[int, Field(gt=0)]
    output_tokens: Annotated[int, Field(gt=0)]
    ai_act: AiAct


class Restriction(Strict):
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
    threshold: NonNegative | None = None


class LicenceClassInfo(Strict):
    id: LicenceClass
    name: str
    description: str
    value: Annotated[float, Field(ge=0, le=1)]  # on the licence-permissiveness criterion


class Licence(Strict):
    id: str
    name: str
    licence_class: LicenceClass = Field(alias="class")
    url: str | None = None
    restrictions: list[Restriction] = []

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class PolicyRule(Strict):
    """One way data of a class may be processed; a deployment passes if any rule of its class allows it."""

    modes: Annotated[list[Mode], Field(min_length=1)]
    home_region: bool = False  # processing must stay in the organisation's jurisdiction
    max_retention_days: Annotated[int, Field(ge=0)] | None = None  # None = any; ZDR offers count as 0
    no_training: bool = True


class Policies(Strict):
    sensitivity: dict[Sensitivity, Annotated[list[PolicyRule], Field(min_length=1)]]
    expertise_forbids: dict[Expertise, list[Mode]]
    home_regions: dict[Jurisdiction, list[str]]
    control: dict[str, Annotated[float, Field(ge=0, le=1)]]  # privacy/control value of each kind of deployment


class CatalogMeta(Strict):
    version: str
    currency_rates: dict[Currency, Annotated[float, Field(gt=0)]]  # units of currency per 1 USD
    rates_date: dt.date
    rates_source: str
    staff_cost_per_year: dict[Jurisdiction, PriceRange]  # loaded cost of an ML engineer, in USD
    staff_cost_sources: Sources
    stale_after_days: Annotated[int, Field(gt=0)] = 180
