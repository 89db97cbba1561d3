"""The JSON report's shape as pydantic models: `advisor report schema` prints their JSON Schema, and the tests
validate every golden report against them (unknown keys refused), so the schema cannot drift from the data."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.answers.model import Answers
from advisor.records import for_pydantic, schema_generator

for_pydantic()  # Report holds the answers record, whose annotations name pydantic's Field

Criteria = dict[Literal["quality", "cost", "privacy", "lock_in", "speed", "operations", "licence", "lifecycle"], float]
Mode = Literal["shared_api", "dedicated", "self_hosted", "on_prem"]
Sensitivity = Literal["public", "internal", "confidential", "regulated"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Verified(_Strict):
    model: str = Field(description="When the model's facts were last checked (YYYY-MM-DD)")
    deployment: str | None = Field(description="When the offer or host was last checked; null for self-hosting")


class PriceChange(_Strict):
    until: str = Field(description="The last day of the price in force on the report's date")
    currency: str
    input: float | None = Field(description="Per million input tokens, in `currency`")
    output: float | None
    next_from: str | None = Field(description="The first day of the next published price; null if none is")
    next_currency: str | None
    next_input: float | None
    next_output: float | None


class OptionView(_Strict):
    """A model on a deployment, scored."""

    option: str = Field(description="model@operator/mode/region")
    label: str = Field(description="The option as a reader names it")
    model: str
    model_name: str
    vendor: str
    vendor_name: str
    weights: Literal["open", "closed"]
    licence: str
    released: str | None
    retires: str | None = Field(description="The date the model or this offer retires, if announced")
    deployment: Mode
    region: str
    operator: str
    operator_name: str
    operator_jurisdiction: str | None
    vendor_jurisdiction: str | None = Field(description="Where the model's vendor is established")
    retention_days: int | None
    zero_retention: bool
    trains_on_data: bool
    monthly_cost: float | None = Field(description="In `currency`; null when the catalog has no price")
    currency: str
    cost_basis: str
    price_change: PriceChange | None = Field(
        description="When the price in force on the report's date ends, and the price after it, if published"
    )
    score: float = Field(description="0-1, the sum of `contributions`")
    values: Criteria = Field(description="Each criterion's value on its fixed 0-1 scale")
    contributions: Criteria = Field(description="value x weight, per criterion")
    reasons: list[str]
    verified: Verified


class Excluded(_Strict):
    option: str
    model: str
    model_name: str
    deployment: Mode
    operator: str
    region: str
    rules: list[str]
    reasons: list[str] = Field(description="'[rule] why', one per gate the option failed")


class ExclusionGroup(_Strict):
    rule: str
    title: str
    options: int
    models: list[str] = Field(description="Up to six model names, for example")
    models_total: int
    example: str = Field(description="The rule's own words for the first option it removed")


class Change(_Strict):
    rule: str
    change: str
    options: int
    best: str


class AiAct(_Strict):
    tier: Literal["minimal", "transparency", "high_risk", "prohibited"]
    role: Literal["provider", "deployer"] = Field(
        description="provider: the organisation builds the system and puts it into service under its name"
    )
    applies: str = Field(description='"yes", or "conditional: ..." with why (Art. 2(1) for non-EU organisations)')
    reference: str
    duties: list[str]


class Flip(_Strict):
    criterion: str
    weight: float
    flips_at: float
    new_winner: str


class SensitivityView(_Strict):
    margin: float | None = Field(description="The smallest move of one priority's weight that changes the winner")
    win_rate: float | None = Field(description="Share of plausible weightings in which the winner stays first")
    fragile: bool
    flips: list[Flip]
    ahead: str | None = Field(
        description="An option of another model that scores higher at no greater monthly cost (option id): the "
        "winner was chosen by the budget or a shared deployment; null when none"
    )
    what_would_change: list[str]


class BreakEven(_Strict):
    api_option: str
    api_price_per_million: float
    self_hosted_option: str
    self_hosted_monthly: float
    tokens_per_month: float | None = Field(description="Above this, self-hosting costs less; null if never")
    current_tokens_per_month: float
    use_cases: list[str] = Field(
        description="The use cases of a deployment several share, whose combined tokens and API cost the figures "
        "are of; empty for a deployment of this use case alone"
    )
    decided_by: list[str] = Field(
        description="The criteria on which the own deployment beats the API (what decided, where not cost)"
    )


class Volume(_Strict):
    requests_per_month: int
    input_tokens: int
    output_tokens: int
    tokens_per_month: float
    kind_defaults: bool = Field(description="True when token sizes came from the use-case kind, not the answers")


class Comparison(_Strict):
    role: Literal["Fallback", "Alternative"]
    label: str
    model_name: str
    weights: Literal["open", "closed"]
    score: float
    behind: float
    monthly_cost: float | None
    stronger: list[str]
    weaker: list[str]


class Robustness(_Strict):
    verdict: str
    text: str


class Residency(_Strict):
    where: str
    operator: str
    retention: str
    in_jurisdiction: bool


class UseCaseView(_Strict):
    use_case: str
    kind: str
    kind_name: str
    data_sensitivity: Sensitivity
    volume: Volume
    needs: list[str]
    weights: Criteria
    primary: OptionView | None = Field(description="null when no option passes the gates")
    hardware: str | None
    monthly_cost: float | None
    shared_with: list[str]
    fallback: OptionView | None = Field(description="The best option from another vendor")
    alternatives: list[OptionView]
    gap: dict[str, float] = Field(description="Winner minus runner-up, per criterion contribution")
    excluded: list[Excluded] = Field(description="Every option a gate removed, and why")
    options_considered: int
    options_passed: int
    what_would_have_to_change: list[Change]
    ai_act: AiAct
    sensitivity: SensitivityView
    break_even: BreakEven | None
    why: str
    comparisons: list[Comparison]
    excluded_by_rule: list[ExclusionGroup]
    robustness: Robustness
    residency: Residency


class Branding(_Strict):
    client: str
    consultant: str | None
    logo: str | None = Field(description="The embedded logo's media type, if any")


class CatalogInfo(_Strict):
    version: str
    digest: str
    models: int
    oldest_verified: str
    rates_date: str


class SharedDeployment(_Strict):
    model: str
    model_name: str
    deployment: Mode
    operator: str
    operator_name: str
    use_cases: list[str]
    hardware: str
    monthly_cost: float


class Swap(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    use_case: str
    from_: str = Field(alias="from")
    to: str
    saves: float
    score_loss: float


class Totals(_Strict):
    monthly_cost: float
    currency: str
    budget: float
    within_budget: bool
    unpriced: list[str]
    swaps: list[Swap]
    swaps_bring_within_budget: bool
    feasible: bool = Field(description="Whether some stack of compliant options fits the budget")
    needed_budget: float | None = Field(
        description="When none fits: the monthly cost of the cheapest compliant stack, the budget it needs"
    )


class StackLine(_Strict):
    use_case: str
    option: str | None
    model_name: str | None
    deployment: str | None
    operator: str | None
    region: str | None
    monthly_cost: float | None
    quality_fit: float | None


class StackOption(_Strict):
    """A whole stack the client can choose: A the recommendation, B the cheapest compliant stack, C the
    stack if the strictest binding data rule were relaxed by one step."""

    label: Literal["A", "B", "C"]
    title: str
    monthly_cost: float
    within_budget: bool
    quality_fit: float | None = Field(description="The mean quality fit (0-1) of its options")
    conditions: list[str] = Field(description="What choosing it commits the client to arrange")
    stack: list[StackLine]


class Restriction(_Strict):
    kind: str
    text: str


class LicenceUse(_Strict):
    use_case: str
    role: Literal["primary", "fallback"]
    model: str


class LicenceView(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str
    name: str
    class_: str | None = Field(alias="class")
    url: str | None
    restrictions: list[Restriction]
    models: list[str]
    use_cases: list[LicenceUse]


class ProvenanceEntry(_Strict):
    kind: Literal["model", "offer", "host", "gpu"]
    id: str
    name: str
    verified: str
    age_days: int
    stale: bool
    sources: list[str]
    overlay: str | None = Field(description="The catalog overlay file (--catalog) the entry came from, if any")


class Provenance(_Strict):
    stale_after_days: int
    rates_source: str | None
    staff_cost_sources: list[str]
    entries: list[ProvenanceEntry]


class Phase(_Strict):
    phase: str
    when: str
    goal: str
    steps: list[str]
    owner: Literal["CIO", "DPO", "procurement", "engineering lead", "business owner"]
    start_week: int = Field(description="The week the phase starts, counted from the start of the project (week 1)")
    end_week: int | None = Field(description="The week it ends; null for a phase that recurs")
    starts: str = Field(description="The start in words, relative to the start of the project")
    ends: str
    pass_criteria: list[str] = Field(description="Measurable conditions the phase must meet before the next")
    budget: int = Field(
        description="In the report's currency: one-off costs of the phase (a recurring phase: each time)"
    )
    budget_basis: str


Level = Literal["low", "medium", "high"]


class Risk(_Strict):
    """One row of the risk register."""

    kind: Literal[
        "concentration",
        "vendor_origin",
        "retirement",
        "price_change",
        "output_quality",
        "budget",
        "ai_act",
        "shared_api",
    ]
    title: str
    risk: str
    use_cases: list[str]
    likelihood: Level
    impact: Level
    owner: Literal["CIO", "DPO", "procurement", "engineering lead", "business owner"]
    mitigation: str
    warnings: list[str] = Field(description="The entries of `warnings` this risk carries")


class OneOffCost(_Strict):
    item: str
    phase: Literal["pilot", "production"]
    days: int | None = Field(description="Engineer-days, where the cost is reckoned in them")
    basis: str = Field(description="How the amount is reckoned, in a few words")
    amount: int = Field(description="In the report's currency, whole units")
    assumption: str = Field(description="The planning assumption behind the amount")


class CostPeriod(_Strict):
    running: int
    reviews: int
    one_off: int
    total: int


class CostsOverTime(_Strict):
    """Running and one-off costs over 12 and 36 months; one-off figures are planning assumptions."""

    currency: str
    monthly: int
    day_rate: int = Field(description="The assumed cost of an engineer-day")
    review_per_quarter: int
    one_off: list[OneOffCost]
    one_off_total: int
    months: dict[Literal["12", "36"], CostPeriod]
    pilot_budget: int
    assumptions: list[str]


class Narrative(_Strict):
    summary: list[str] = Field(description="The executive summary, one paragraph per item")
    lock_in: list[str]
    roadmap: list[Phase]
    warnings: list[str] = Field(description="The warnings the risk register does not carry")
    assumptions: list[str]
    method: list[str]


class Certification(_Strict):
    name: str
    source: str
    checked: str


class ProviderDiligence(_Strict):
    id: str
    name: str
    jurisdiction: str
    country: str = Field(description="Where it is established, in words")
    incorporated: str | None
    certifications: list[Certification] | None = Field(description="As published; null: not known; []: none found")
    dpa: bool | None = Field(description="Whether it offers a data processing agreement; null: not known")
    summary: str
    role: Literal["operator", "maker"] = Field(
        description="operator: runs a deployment the stack uses (the data goes to it); maker: only makes a model "
        "that others run"
    )
    models: list[str] = Field(description="For a maker, the models of the stack it makes")


class Report(_Strict):
    """The JSON report, schema_version 1. Keys may be added in later versions; these stay."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="advisor JSON report")

    schema_version: Literal[1]
    generated: str = Field(description="The report date, YYYY-MM-DD")
    advisor_version: str
    status: Literal["draft", "final"] = Field(description="The document's status, from --status")
    branding: Branding
    catalog: CatalogInfo
    answers: Answers
    weights: Criteria
    stack: list[UseCaseView]
    shared_deployments: list[SharedDeployment]
    totals: Totals
    options: list[StackOption]
    licences: list[LicenceView]
    provenance: Provenance
    gateway: str
    warnings: list[str]
    stale: list[str]
    costs_over_time: CostsOverTime
    providers: list[ProviderDiligence] = Field(
        description="Due diligence of the vendors and operators of the primaries and fallbacks"
    )
    risks: list[Risk] = Field(description="The risk register, the most serious first")
    narrative: Narrative


def report_json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema(by_alias=True, schema_generator=schema_generator())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
