"""The JSON report's shape, defined once: typed dicts that `advisor.report.render` builds (mypy checks every
key and type of what it builds against them), that the templates read, that `json.dumps` writes as the JSON
report, and from which pydantic makes the JSON Schema that `advisor report schema` prints.

The annotations name pydantic's `Field` (for descriptions) as text and import it only for type checkers, as
the answers and catalog records do: rendering a report never imports pydantic. `report_json_schema` and
`report_validator` give pydantic those names first (`advisor.records.for_pydantic`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from typing_extensions import TypedDict  # pydantic reads typing.TypedDict only from Python 3.12

from advisor.answers.model import Answers
from advisor.catalog.diligence import Diligence
from advisor.catalog.schema import AiActTier, Mode
from advisor.engine.scoring import Criterion

if TYPE_CHECKING:
    from pydantic import Field, TypeAdapter

Criteria = dict[Criterion, float]
Status = Literal["draft", "final"]
Owner = Literal["CIO", "DPO", "procurement", "engineering lead", "business owner"]
Sensitivity = Literal["public", "internal", "confidential", "regulated"]


class Verified(TypedDict):
    model: Annotated[str, Field(description="When the model's facts were last checked (YYYY-MM-DD)")]
    deployment: Annotated[
        str | None, Field(description="When the offer or host was last checked; null for self-hosting")
    ]


class PriceChange(TypedDict):
    until: Annotated[str, Field(description="The last day of the price in force on the report's date")]
    currency: str
    input: Annotated[float | None, Field(description="Per million input tokens, in `currency`")]
    output: float | None
    next_from: Annotated[str | None, Field(description="The first day of the next published price; null if none is")]
    next_currency: str | None
    next_input: float | None
    next_output: float | None


class OptionView(TypedDict):
    """A model on a deployment, scored."""

    option: Annotated[str, Field(description="model@operator/mode/region")]
    label: Annotated[str, Field(description="The option as a reader names it")]
    model: str
    model_name: str
    vendor: str
    vendor_name: str
    weights: Literal["open", "closed"]
    licence: str
    released: str | None
    retires: Annotated[str | None, Field(description="The date the model or this offer retires, if announced")]
    deployment: Mode
    region: str
    operator: str
    operator_name: str
    operator_jurisdiction: str | None
    vendor_jurisdiction: Annotated[str | None, Field(description="Where the model's vendor is established")]
    retention_days: int | None
    zero_retention: bool
    trains_on_data: bool
    monthly_cost: Annotated[float | None, Field(description="In `currency`; null when the catalog has no price")]
    currency: str
    cost_basis: str
    price_change: Annotated[
        PriceChange | None,
        Field(description="When the price in force on the report's date ends, and the price after it, if published"),
    ]
    score: Annotated[float, Field(description="0-1, the sum of `contributions`")]
    values: Annotated[Criteria, Field(description="Each criterion's value on its fixed 0-1 scale")]
    contributions: Annotated[Criteria, Field(description="value x weight, per criterion")]
    reasons: list[str]
    verified: Verified


class Excluded(TypedDict):
    option: str
    model: str
    model_name: str
    deployment: Mode
    operator: str
    region: str
    rules: list[str]
    reasons: Annotated[list[str], Field(description="'[rule] why', one per gate the option failed")]


class ExclusionGroup(TypedDict):
    rule: str
    title: str
    options: int
    models: Annotated[list[str], Field(description="Up to six model names, for example")]
    models_total: int
    example: Annotated[str, Field(description="The rule's own words for the first option it removed")]


class Change(TypedDict):
    rule: str
    change: str
    options: int
    best: str


class AiAct(TypedDict):
    tier: AiActTier
    role: Annotated[
        Literal["provider", "deployer"],
        Field(description="provider: the organisation builds the system and puts it into service under its name"),
    ]
    applies: Annotated[
        str, Field(description='"yes", or "conditional: ..." with why (Art. 2(1) for non-EU organisations)')
    ]
    reference: str
    duties: list[str]


class Flip(TypedDict):
    criterion: str
    weight: float
    flips_at: float
    new_winner: str


class SensitivityView(TypedDict):
    margin: Annotated[
        float | None, Field(description="The smallest move of one priority's weight that changes the winner")
    ]
    win_rate: Annotated[
        float | None, Field(description="Share of plausible weightings in which the winner stays first")
    ]
    fragile: bool
    flips: list[Flip]
    ahead: Annotated[
        str | None,
        Field(
            description="An option of another model that scores higher at no greater monthly cost (option id): the "
            "winner was chosen by the budget or a shared deployment; null when none"
        ),
    ]
    what_would_change: list[str]


class BreakEven(TypedDict):
    api_option: str
    api_price_per_million: float
    self_hosted_option: str
    self_hosted_monthly: float
    tokens_per_month: Annotated[float | None, Field(description="Above this, self-hosting costs less; null if never")]
    current_tokens_per_month: float
    use_cases: Annotated[
        list[str],
        Field(
            description="The use cases of a deployment several share, whose combined tokens and API cost the figures "
            "are of; empty for a deployment of this use case alone"
        ),
    ]
    decided_by: Annotated[
        list[str],
        Field(description="The criteria on which the own deployment beats the API (what decided, where not cost)"),
    ]


class Volume(TypedDict):
    requests_per_month: int
    input_tokens: int
    output_tokens: int
    tokens_per_month: float
    kind_defaults: Annotated[
        bool, Field(description="True when token sizes came from the use-case kind, not the answers")
    ]
    cached_input_share: Annotated[
        float, Field(description="Share of the input tokens read from a prompt cache (0 to 1)")
    ]


class Comparison(TypedDict):
    role: Literal["Fallback", "Alternative"]
    label: str
    model_name: str
    weights: Literal["open", "closed"]
    score: float
    behind: float
    monthly_cost: float | None
    stronger: list[str]
    weaker: list[str]


class Robustness(TypedDict):
    verdict: str
    text: str


class Residency(TypedDict):
    where: str
    operator: str
    retention: str
    in_jurisdiction: bool


class Unit(TypedDict):
    one: Annotated[
        str,
        Field(
            description='The unit of work one request produces, singular: "summary"; "request" when the kind names none'
        ),
    ]
    many: Annotated[str, Field(description='The same, plural: "summaries"')]


class WeightChange(TypedDict):
    criterion: str
    organisation: Annotated[float, Field(description="The organisation's weight of the criterion")]
    used: Annotated[float, Field(description="The weight this use case was scored with")]


class WeightsUsed(TypedDict):
    text: Annotated[
        str, Field(description="The weights used where they differ from the organisation's, and why, in a sentence")
    ]
    changes: Annotated[list[WeightChange], Field(description="Each criterion whose weight, as printed, differs")]


class UseCaseFacts(TypedDict):
    """A use case's decision as the engine made it (`advisor.report.render.use_case_view`)."""

    use_case: str
    kind: str
    kind_name: str
    data_sensitivity: Sensitivity
    volume: Volume
    needs: list[str]
    unit: Unit
    cost_per_unit: Annotated[
        float | None, Field(description="The monthly cost over the requests a month: the cost of one unit of work")
    ]
    weights: Criteria
    primary: Annotated[OptionView | None, Field(description="null when no option passes the gates")]
    hardware: str | None
    monthly_cost: float | None
    shared_with: list[str]
    fallback: Annotated[OptionView | None, Field(description="The best option from another vendor")]
    alternatives: list[OptionView]
    gap: Annotated[dict[str, float], Field(description="Winner minus runner-up, per criterion contribution")]
    excluded: Annotated[Sequence[Excluded], Field(description="Every option a gate removed, and why")]
    options_considered: int
    options_passed: int
    what_would_have_to_change: list[Change]
    ai_act: AiAct
    sensitivity: SensitivityView
    break_even: BreakEven | None


class UseCaseNotes(TypedDict):
    """What the report says of a use case's decision (`advisor.report.narrative.use_case_notes`)."""

    why: str
    why_won: Annotated[
        list[str], Field(description="The report's reasons the recommendation won, each fact once (no score line)")
    ]
    comparisons: list[Comparison]
    excluded_by_rule: list[ExclusionGroup]
    robustness: Robustness
    residency: Residency
    weights_used: Annotated[
        WeightsUsed | None, Field(description="null when the use case used the organisation's weights")
    ]


class UseCaseView(UseCaseFacts, UseCaseNotes):
    """One use case of the stack: the decision and what the report says of it."""


class Branding(TypedDict):
    client: str
    consultant: str | None
    logo: Annotated[str | None, Field(description="The embedded logo's media type, if any")]


class CatalogInfo(TypedDict):
    version: str
    digest: str
    models: int
    oldest_verified: str
    rates_date: str


class SharedDeployment(TypedDict):
    model: str
    model_name: str
    deployment: Mode
    operator: str
    operator_name: str
    use_cases: list[str]
    hardware: str
    monthly_cost: float


# "from" and "class" are keys of the JSON report and Python keywords: these two use TypedDict's call syntax.
Swap = TypedDict("Swap", {"use_case": str, "from": str, "to": str, "saves": float, "score_loss": float})


class Totals(TypedDict):
    monthly_cost: float
    currency: str
    budget: float
    within_budget: bool
    unpriced: list[str]
    swaps: list[Swap]
    swaps_bring_within_budget: bool
    feasible: Annotated[bool, Field(description="Whether some stack of compliant options fits the budget")]
    needed_budget: Annotated[
        float | None,
        Field(description="When none fits: the monthly cost of the cheapest compliant stack, the budget it needs"),
    ]


class StackLine(TypedDict):
    use_case: str
    option: str | None
    model_name: str | None
    deployment: str | None
    operator: str | None
    region: str | None
    monthly_cost: float | None
    quality_fit: float | None


class StackOption(TypedDict):
    """A whole stack the client can choose: A the recommendation, B the cheapest compliant stack, C the
    stack if the strictest binding data rule were relaxed by one step, D the compliant stack of the best
    quality fit within the budget (only when better than A's)."""

    label: Literal["A", "B", "C", "D"]
    title: str
    monthly_cost: float
    within_budget: bool
    quality_fit: Annotated[float | None, Field(description="The mean quality fit (0-1) of its options")]
    conditions: Annotated[list[str], Field(description="What choosing it commits the client to arrange")]
    stack: list[StackLine]


class Restriction(TypedDict):
    kind: str
    text: str


class LicenceUse(TypedDict):
    use_case: str
    role: Literal["primary", "fallback"]
    model: str


LicenceView = TypedDict(
    "LicenceView",
    {
        "id": str,
        "name": str,
        "class": "str | None",
        "url": "str | None",
        "restrictions": "list[Restriction]",
        "models": list[str],
        "use_cases": "list[LicenceUse]",
    },
)


class ProvenanceEntry(TypedDict):
    kind: Literal["model", "offer", "host", "gpu"]
    id: str
    name: str
    verified: str
    age_days: Annotated[int, Field(ge=0, description="Days from the check to the report's date; 0 if checked after it")]
    checked_after_report: Annotated[
        bool,
        Field(description="Checked after the report's date (a report dated in the past, made with a later catalog)"),
    ]
    stale: bool
    sources: list[str]
    overlay: Annotated[
        str | None, Field(description="The catalog overlay file (--catalog) the entry came from, if any")
    ]


class Provenance(TypedDict):
    stale_after_days: int
    rates_source: str | None
    staff_cost_sources: list[str]
    entries: list[ProvenanceEntry]


class PhaseText(TypedDict):
    """What a roadmap phase is for (`advisor.report.narrative.roadmap`)."""

    phase: Literal["Pilot", "Production", "Review"]
    when: str
    goal: str
    steps: list[str]


class PhasePlan(TypedDict):
    """Who owns a roadmap phase, when it runs, what it must meet and costs (`advisor.report.planning`)."""

    owner: Owner
    start_week: Annotated[
        int, Field(description="The week the phase starts, counted from the start of the project (week 1)")
    ]
    end_week: Annotated[int | None, Field(description="The week it ends; null for a phase that recurs")]
    starts: Annotated[str, Field(description="The start in words, relative to the start of the project")]
    ends: str
    pass_criteria: Annotated[list[str], Field(description="Measurable conditions the phase must meet before the next")]
    budget: Annotated[
        int, Field(description="In the report's currency: one-off costs of the phase (a recurring phase: each time)")
    ]
    budget_basis: str


class Phase(PhaseText, PhasePlan):
    """One phase of the roadmap."""


Level = Literal["low", "medium", "high"]
RiskKind = Literal[
    "concentration", "vendor_origin", "retirement", "price_change", "output_quality", "budget", "ai_act", "shared_api"
]


class Risk(TypedDict):
    """One row of the risk register."""

    kind: RiskKind
    title: str
    risk: str
    use_cases: list[str]
    likelihood: Level
    impact: Level
    owner: Owner
    mitigation: str
    warnings: Annotated[list[str], Field(description="The entries of `warnings` this risk carries")]


class OneOffCost(TypedDict):
    item: str
    phase: Literal["pilot", "production"]
    days: Annotated[int | None, Field(description="Engineer-days, where the cost is reckoned in them")]
    basis: Annotated[str, Field(description="How the amount is reckoned, in a few words")]
    amount: Annotated[int, Field(description="In the report's currency, whole units")]
    assumption: Annotated[str, Field(description="The planning assumption behind the amount")]


class CostPeriod(TypedDict):
    running: int
    reviews: int
    one_off: int
    total: int


class CostsOverTime(TypedDict):
    """Running and one-off costs over 12 and 36 months; one-off figures are planning assumptions."""

    currency: str
    monthly: int
    day_rate: Annotated[int, Field(description="The assumed cost of an engineer-day")]
    review_per_quarter: int
    one_off: list[OneOffCost]
    one_off_total: int
    months: dict[Literal["12", "36"], CostPeriod]
    pilot_budget: int
    assumptions: list[str]


class Narrative(TypedDict):
    summary: Annotated[list[str], Field(description="The executive summary, one paragraph per item")]
    lock_in: list[str]
    roadmap: list[Phase]
    warnings: Annotated[list[str], Field(description="The warnings the risk register does not carry")]
    assumptions: list[str]
    method: list[str]


class ProviderDiligence(Diligence):
    role: Annotated[
        Literal["operator", "maker"],
        Field(
            description="operator: runs a deployment the stack uses (the data goes to it); maker: only makes a model "
            "that others run"
        ),
    ]
    models: Annotated[list[str], Field(description="For a maker, the models of the stack it makes")]


class ReportFacts(TypedDict):
    """The report's facts, from the Recommendation and the catalog (`advisor.report.render.report_facts`)."""

    schema_version: Literal[1]
    generated: Annotated[str, Field(description="The report date, YYYY-MM-DD")]
    advisor_version: str
    status: Annotated[Status, Field(description="The document's status, from --status")]
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


class Report(ReportFacts):
    """The JSON report, schema_version 1: the facts, then the plans and prose made from them. Keys may be added
    in later versions; these stay."""

    costs_over_time: CostsOverTime
    providers: Annotated[
        list[ProviderDiligence],
        Field(description="Due diligence of the vendors and operators of the primaries and fallbacks"),
    ]
    risks: Annotated[list[Risk], Field(description="The risk register, the most serious first")]
    narrative: Narrative


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of the report, from the typed dicts above."""
    from advisor.records import schema_generator

    schema = report_validator().json_schema(schema_generator=schema_generator())
    schema["title"] = "advisor JSON report"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def report_validator() -> TypeAdapter[Report]:
    """A pydantic validator of a JSON report: a missing key, an unknown key or a wrong type fails it."""
    import sys

    from pydantic import ConfigDict, TypeAdapter

    from advisor.records import for_pydantic

    for_pydantic()
    forbid = ConfigDict(extra="forbid")
    for value in vars(sys.modules[__name__]).values():
        if isinstance(value, type) and issubclass(value, dict) and hasattr(value, "__required_keys__"):
            value.__pydantic_config__ = forbid  # type: ignore[attr-defined]
    return TypeAdapter(Report)
