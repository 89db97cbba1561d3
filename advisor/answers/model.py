"""What the user said: the answers model, loading it from YAML/JSON/stdin, `--set` overrides, saving it.

This model is the one source of truth: the JSON Schema, the commented template and the interview's
questions all come from the fields and descriptions below.

The records are plain dataclasses; their annotations are pydantic's, as text. pydantic reads them only to
make the validator (`advisor.validation`; `advisor.records.for_pydantic` supplies the pydantic names they
use), which is kept in the cache: a run whose validator is kept never imports pydantic itself.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic_core import ValidationError

from advisor.catalog.schema import Expertise, Jurisdiction, Sensitivity
from advisor.errors import UNKNOWN_KEY, AdvisorError, validation_problems
from advisor.validation import validator

if TYPE_CHECKING:  # at run time, supplied by advisor.records.for_pydantic before pydantic reads them
    from pydantic import AfterValidator, BeforeValidator, Field

Priority = Literal["quality", "cost", "privacy", "lock_in", "speed"]
PRIORITIES: tuple[Priority, ...] = ("quality", "cost", "privacy", "lock_in", "speed")
Need = Literal["vision", "long_context", "tool_use", "coding", "reasoning", "multilingual", "low_latency"]
NEEDS: tuple[Need, ...] = ("vision", "long_context", "tool_use", "coding", "reasoning", "multilingual", "low_latency")
BudgetCurrency = Literal["EUR", "USD", "GBP", "CHF"]

MAX_REQUESTS = 10**10  # a billion requests a day is past any plausible use case
MAX_TOKENS = 10_000_000
MAX_BUDGET = 10**9


# pydantic's configuration of every record below: unknown keys, NaN and infinities are errors
STRICT = {"extra": "forbid", "allow_inf_nan": False, "str_strip_whitespace": True}


# control characters other than tab and line breaks (C0, DEL, C1: an escape sequence could repaint a
# terminal), and the marks that reorder text shown right to left (a name could display as something else)
_UNPRINTABLE = frozenset(
    [chr(c) for c in range(32) if chr(c) not in "\n\r\t"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)


UNPRINTABLE_MESSAGE = (
    "contains a control character (such as an escape code or a mark that reorders text); use plain text"
)
MAX_NAME = 200  # characters of a name the report shows (the organisation's, the client's, the consultant's)


def unprintable(value: str) -> bool:
    """Has a character that has no business in a name: see _UNPRINTABLE."""
    return not _UNPRINTABLE.isdisjoint(value)


def _printable(value: str | None) -> str | None:
    """Names end up in terminals, Markdown and HTML: control characters and the marks that reorder text
    have no business in them."""
    if value is not None and unprintable(value):
        raise ValueError(UNPRINTABLE_MESSAGE)
    return value


@dataclass(kw_only=True)
class Organisation:
    """Who the report is for: its name, where it is based (which law governs its data) and its industry."""

    __pydantic_config__ = STRICT

    name: Annotated[
        str,
        Field(min_length=1, max_length=MAX_NAME, description="The organisation's name, as the report shows it"),
        AfterValidator(_printable),
    ]
    jurisdiction: Annotated[
        Jurisdiction, Field(description="Where its data must be processed by default: eu, uk, us, ch or other")
    ]
    industry: Annotated[
        str | None, Field(max_length=200, description="Free text, optional"), AfterValidator(_printable)
    ] = None


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


def _unique_needs(value: list[Need]) -> list[Need]:
    return sorted(set(value), key=NEEDS.index)


@dataclass(kw_only=True)
class UseCase:
    """One job for a model: its kind, its data's sensitivity, its volume and what it needs."""

    __pydantic_config__ = STRICT

    name: Annotated[
        str,
        Field(min_length=1, max_length=120, description="A short name for this use case"),
        AfterValidator(_printable),
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
    needs: Annotated[
        list[Need],
        Field(description="vision, long_context, tool_use, coding, reasoning, multilingual, low_latency"),
        AfterValidator(_unique_needs),
    ] = field(default_factory=list)


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
        names = [u.name.casefold() for u in self.use_cases]
        repeated = sorted({u.name for u in self.use_cases if names.count(u.name.casefold()) > 1})
        if repeated:
            raise ValueError(f"use-case names must be unique; repeated: {', '.join(repeated)}")

    def sensitivity_of(self, use_case: UseCase) -> Sensitivity:
        return use_case.data_sensitivity or self.data_sensitivity


def did_you_mean(key: str, allowed: list[str]) -> str:
    """'; did you mean 'x'?' with the nearest of `allowed`, else '; expected one of ...' listing them."""
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(allowed)}"


def _field_names(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at the place `loc` points at (its parent model's fields)."""
    from advisor.records import fields_of, nested_record

    record: type[Any] | None = Answers
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = fields_of(record).get(str(part)) if record else None
        record = nested_record(info.annotation) if info else None
    return list(fields_of(record)) if record else []


def validate_answers(raw: Any, source: str, kinds: set[str] | None = None) -> Answers:
    """Validate parsed data; every problem becomes one line naming its place. `kinds` checks use-case kinds."""
    if not isinstance(raw, dict):
        got = "an empty file" if raw is None else f"a {type(raw).__name__}"
        raise AdvisorError(f"{source}: expected a mapping of answers (schema_version, organisation, ...), got {got}")
    try:
        answers: Answers = validator(Answers).validate_python(raw)
    except ValidationError as exc:
        problems = validation_problems(exc)
        for i, item in enumerate(exc.errors(include_url=False)):
            if item["type"] in UNKNOWN_KEY:
                problems[i] += did_you_mean(str(item["loc"][-1]), _field_names(tuple(item["loc"])))
        raise AdvisorError(f"{source}: the answers are not valid", problems) from None
    if kinds is not None:
        problems = [
            f"use_cases.{i}.kind: unknown use-case kind '{u.kind}'{did_you_mean(u.kind, sorted(kinds))}"
            for i, u in enumerate(answers.use_cases)
            if u.kind not in kinds
        ]
        if problems:
            raise AdvisorError(f"{source}: the answers are not valid", problems)
    return answers


def read_raw(source: str) -> tuple[Any, str]:
    """Parsed answers data from a path, or from stdin when `source` is '-'; and the name to show."""
    from advisor.yamlio import parse_text, read_limited, read_text

    if source == "-":
        data = read_limited(sys.stdin.buffer, "<stdin>")
        if b"\x00" in data[:8192]:
            raise AdvisorError("<stdin>: binary data, not YAML or JSON text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AdvisorError(f"<stdin>: not UTF-8 text (byte {exc.start})") from None
        return parse_text(text, "<stdin>"), "<stdin>"
    path = Path(source)
    return parse_text(read_text(path), str(path)), str(path)


def _coerce(text: str) -> Any:
    """A `--set` value: YAML scalars and flow lists (`[a, b]`), so numbers and booleans arrive typed."""
    import yaml

    try:
        return yaml.safe_load(text) if text.strip() else text
    except (yaml.YAMLError, ValueError, OverflowError):  # not YAML, or a number or date it cannot read
        return text


def apply_overrides(raw: Any, overrides: list[str]) -> Any:
    """Apply `path=value` overrides (`use_cases.0.data_sensitivity=regulated`) to parsed answers data."""
    if not overrides:
        return raw
    if not isinstance(raw, dict):
        raw = {}
    for override in overrides:
        path, sep, value = override.partition("=")
        if not sep or not path.strip():
            raise AdvisorError(f"--set {override!r}: expected PATH=VALUE, e.g. --set budget.monthly=500")
        parts = path.strip().split(".")
        node: Any = raw
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            here = ".".join(parts[: depth + 1])
            if isinstance(node, list):
                if not (part.isascii() and part.isdigit()):  # not '²' or '١', which isdigit() also takes
                    raise AdvisorError(f"--set {path}: '{here}' is a list; use an index such as {here[: -len(part)]}0")
                index = int(part) if len(part) < 19 else len(node)  # past any list (and past what int() reads)
                if index >= len(node):
                    short = part if len(part) < 19 else f"{part[:12]}... ({len(part):,} digits)"
                    raise AdvisorError(
                        f"--set {path.replace(part, short, 1)}: '{here.replace(part, short, 1)}': no item {short}; "
                        f"the list has {len(node)} item(s), from 0"
                    )
                if last:
                    node[index] = _coerce(value)
                else:
                    node = node[index]
            elif isinstance(node, dict):
                if last:
                    node[part] = _coerce(value)
                else:
                    node = node.setdefault(part, {})
            else:
                raise AdvisorError(f"--set {path}: '{here}' is inside a value that is not a mapping or a list")
    return raw


def load_answers(source: str, overrides: list[str] | None = None, kinds: set[str] | None = None) -> Answers:
    raw, name = read_raw(source)
    return validate_answers(apply_overrides(raw, overrides or []), name, kinds)


def _plain_numbers(value: Any) -> Any:
    """3000.0 -> 3000, so a saved file reads as a person would write it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    return value


def answers_to_yaml(answers: Answers, header: str = "") -> str:
    import yaml

    from advisor.records import plain

    data = _plain_numbers(plain(answers, drop_none=True))
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
