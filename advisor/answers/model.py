"""What the user said: the answers records (organisation, budget, constraints, priorities, use cases).

This model is the one source of truth: the JSON Schema, the commented template and the interview's
questions all come from the fields and descriptions below.

The records are plain dataclasses; their annotations are pydantic's, as text. pydantic reads them only to
make the validator (`advisor.validation`; `advisor.records.for_pydantic` supplies the pydantic names they
use), which is kept in the cache: a run whose validator is kept never imports pydantic itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from advisor.catalog.schema import Expertise, Jurisdiction, Sensitivity
from advisor.plain_text import name_key, refused

if TYPE_CHECKING:  # at run time, supplied by advisor.records.for_pydantic before pydantic reads them
    from pydantic import AfterValidator, BeforeValidator, Field

Priority = Literal["quality", "cost", "privacy", "lock_in", "speed"]
PRIORITIES: tuple[Priority, ...] = ("quality", "cost", "privacy", "lock_in", "speed")
Decision = Literal["none", "employment", "credit", "insurance", "education", "essential_services"]
DECISIONS: tuple[Decision, ...] = ("none", "employment", "credit", "insurance", "education", "essential_services")
System = Literal["own", "bought"]
Need = Literal["vision", "long_context", "tool_use", "coding", "reasoning", "multilingual", "low_latency"]
NEEDS: tuple[Need, ...] = ("vision", "long_context", "tool_use", "coding", "reasoning", "multilingual", "low_latency")
BudgetCurrency = Literal["EUR", "USD", "GBP", "CHF"]

MAX_REQUESTS = 10**10  # a billion requests a day is past any plausible use case
MAX_TOKENS = 10_000_000
MAX_BUDGET = 10**9


# pydantic's configuration of every record below: unknown keys, NaN and infinities are errors
STRICT = {"extra": "forbid", "allow_inf_nan": False, "str_strip_whitespace": True}


MAX_NAME = 200  # characters of a name the report shows (the organisation's, the client's, the consultant's)


def _name(value: str) -> str:
    """Names end up in terminals, Markdown and HTML, as one line: see advisor.plain_text."""
    wrong = refused(value, name=True)
    if wrong:
        raise ValueError(wrong)
    return value


def _unit(value: str | None) -> str | None:
    if value is None:
        return None
    _name(value)
    parts = value.split("/")
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise ValueError("a unit is one word or phrase ('letter'), or singular/plural ('analysis/analyses')")
    return value


def _text(value: str | None) -> str | None:
    wrong = refused(value) if value is not None else None
    if wrong:
        raise ValueError(wrong)
    return value


@dataclass(kw_only=True)
class Organisation:
    """Who the report is for: its name, where it is based (which law governs its data) and its industry."""

    __pydantic_config__ = STRICT

    name: Annotated[
        str,
        Field(min_length=1, max_length=MAX_NAME, description="The organisation's name, as the report shows it"),
        AfterValidator(_name),
    ]
    jurisdiction: Annotated[
        Jurisdiction, Field(description="Where its data must be processed by default: eu, uk, us, ch or other")
    ]
    industry: Annotated[str | None, Field(max_length=200, description="Free text, optional"), AfterValidator(_text)] = (
        None
    )
    serves_eu: Annotated[
        bool,
        Field(
            description="Whether its AI systems are offered in the EU or their output is used there "
            "(brings the EU AI Act to an organisation outside the EU; always true inside it)"
        ),
    ] = False


def _not_yes_or_no(value: Any) -> Any:
    """pydantic would read `true` as 1 where a number belongs; in an answers file it is a mistake."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, not {str(value).lower()}")
    return value


def _at_least_one_unit(value: float) -> float:
    if 0 < value < 1:
        raise ValueError("a monthly budget under 1 is not a budget; give at least 1, or 0 for none")
    return value


@dataclass(kw_only=True)
class Budget:
    """What all the use cases together may cost a month, and in which currency."""

    __pydantic_config__ = STRICT

    monthly: Annotated[
        float,
        Field(ge=0, le=MAX_BUDGET, description="Running cost for all use cases together, per month"),
        BeforeValidator(_not_yes_or_no),
        AfterValidator(_at_least_one_unit),
    ]
    currency: Annotated[BudgetCurrency, Field(description="EUR, USD, GBP or CHF")] = "EUR"


@dataclass(kw_only=True)
class Constraints:
    """Rules the organisation sets itself: open weights only, providers it will not use."""

    __pydantic_config__ = STRICT

    open_weights_only: Annotated[bool, Field(description="Only models whose weights are published")] = False
    exclude_providers: Annotated[
        list[str], Field(description="Provider ids never to use, as vendor or as operator (see `advisor catalog list`)")
    ] = field(default_factory=list)
    regulated_via_api: Annotated[
        bool,
        Field(
            description="Accept, for regulated data, a shared API processing in your jurisdiction with zero "
            "retention and no training, under a data processing agreement and a DPIA (the relaxed rule; by "
            "default regulated data goes only to single-tenant or own deployments)"
        ),
    ] = False


def _unique_needs(value: list[Need]) -> list[Need]:
    return sorted(set(value), key=NEEDS.index)


@dataclass(kw_only=True)
class UseCase:
    """One job for a model: its kind, its data's sensitivity, its volume and what it needs."""

    __pydantic_config__ = STRICT

    name: Annotated[
        str,
        Field(min_length=1, max_length=120, description="A short name for this use case"),
        AfterValidator(_name),
    ]
    kind: Annotated[str, Field(description="A use-case kind from the catalog (`advisor answers template` lists them)")]
    data_sensitivity: Annotated[
        Sensitivity | None,
        Field(description="public, internal, confidential or regulated; the organisation's default when left out"),
    ] = None
    requests_per_month: Annotated[
        int,
        Field(ge=0, le=MAX_REQUESTS, description="Requests (calls to the model) per month"),
        BeforeValidator(_not_yes_or_no),
    ]
    input_tokens: Annotated[
        int | None,
        Field(gt=0, le=MAX_TOKENS, description="Tokens sent per request; the kind's default when left out"),
        BeforeValidator(_not_yes_or_no),
    ] = None
    output_tokens: Annotated[
        int | None,
        Field(gt=0, le=MAX_TOKENS, description="Tokens generated per request; the kind's default when left out"),
        BeforeValidator(_not_yes_or_no),
    ] = None
    cached_input_share: Annotated[
        float,
        Field(
            ge=0,
            le=1,
            description="Share (0 to 1) of each request's input tokens that repeats from request to request and "
            "is read from the provider's prompt cache (a long fixed system prompt, a document asked about again "
            "and again); billed at the cached-input rate where the offer publishes one. 0 (the default): no "
            "caching assumed",
        ),
        BeforeValidator(_not_yes_or_no),
    ] = 0.0
    needs: Annotated[
        list[Need],
        Field(description="vision, long_context, tool_use, coding, reasoning, multilingual, low_latency"),
        AfterValidator(_unique_needs),
    ] = field(default_factory=list)
    decides_about_people: Annotated[
        Decision,
        Field(
            description="Whether it makes or supports decisions about people: none, employment (hiring, "
            "promotion, termination, monitoring workers), credit, insurance (life and health pricing), "
            "education (admission, grading) or essential_services (access to public benefits and services)"
        ),
    ] = "none"
    system: Annotated[
        System,
        Field(
            description="own: you build the system on the model and put it into service under your name; "
            "bought: you deploy a finished product"
        ),
    ] = "own"
    unit: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=40,
            description="What one request produces, as the report counts cost per unit of work: 'letter' (plural "
            "'letters'), or singular and plural as 'analysis/analyses'; the kind's unit when left out",
        ),
        AfterValidator(_unit),
    ] = None


def _unique_priorities(value: list[Priority]) -> list[Priority]:
    seen = [p for i, p in enumerate(value) if p in value[:i]]
    if seen:
        raise ValueError(f"each priority may appear once; repeated: {', '.join(seen)}")
    return value


def _weights_not_all_zero(value: dict[Priority, float] | None) -> dict[Priority, float] | None:
    if value is not None and not math.fsum(value.values()) > 0:
        raise ValueError("at least one weight must be above 0")
    return value


def _every_priority() -> list[Priority]:
    return list(PRIORITIES)


@dataclass(kw_only=True)
class Answers:
    """An organisation's answers: what advisor recommends from."""

    __pydantic_config__ = STRICT

    schema_version: Annotated[Literal[1], Field(description="Always 1 for this format")] = 1
    organisation: Organisation
    budget: Budget
    expertise: Annotated[
        Expertise,
        Field(
            description=(
                "none: no engineers for AI; some: developers who integrate APIs and run containers; "
                "strong: an ML/MLOps team that can operate GPU inference"
            )
        ),
    ]
    data_sensitivity: Annotated[
        Sensitivity, Field(description="The default for every use case: public, internal, confidential or regulated")
    ] = "internal"
    priorities: Annotated[
        list[Priority],
        Field(
            min_length=1,
            max_length=5,
            description="quality, cost, privacy, lock_in, speed ranked, most important first; unlisted ones tie last",
        ),
        AfterValidator(_unique_priorities),
    ] = field(default_factory=_every_priority)
    weights: Annotated[
        dict[Priority, Annotated[float, Field(ge=0, le=1), BeforeValidator(_not_yes_or_no)]] | None,
        Field(description="Explicit weights per priority instead of the ranking (they are normalised to sum to 1)"),
        AfterValidator(_weights_not_all_zero),
    ] = None
    constraints: Constraints = field(default_factory=Constraints)
    use_cases: Annotated[list[UseCase], Field(min_length=1, max_length=100)]

    def __post_init__(self) -> None:
        keys = [name_key(u.name) for u in self.use_cases]
        repeated = sorted({u.name for u, key in zip(self.use_cases, keys, strict=True) if keys.count(key) > 1})
        if repeated:
            shown = ", ".join(name if name.isprintable() else repr(name) for name in repeated)
            raise ValueError(
                f"use-case names must be unique; repeated: {shown} (names are compared ignoring case, the "
                "kind of space and letter forms such as full-width)"
            )

    def sensitivity_of(self, use_case: UseCase) -> Sensitivity:
        return use_case.data_sensitivity or self.data_sensitivity
