"""The one error type a user sees, and the translation of pydantic's errors into readable lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic_core import ValidationError

# how pydantic reports a key that is not a field: of a model, and of a dataclass or NamedTuple
UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")
# what pydantic puts before the message of a validator that raised ValueError or failed an assert
PYDANTIC_PREFIXES = {"value_error": "Value error, ", "assertion_error": "Assertion failed, "}


class AdvisorError(Exception):
    """Bad input or a bad catalog: printed on stderr as it is, exit code 1."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


def location(loc: Iterable[Any]) -> str:
    """('use_cases', 0, 'kind') -> 'use_cases.0.kind'."""
    return ".".join(str(part) for part in loc) or "(top level)"


def validation_problems(error: ValidationError, labels: dict[tuple[Any, ...], str] | None = None) -> list[str]:
    """One line per problem: 'where: what is wrong (got what)'."""
    lines = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        where = location(loc)
        if labels:
            for prefix, label in labels.items():
                if loc[: len(prefix)] == prefix:
                    rest = loc[len(prefix) :]  # none: the entry as a whole (a check across its fields)
                    where = f"{label} {location(rest)}" if rest else label
                    break
        msg = item["msg"]
        if item["type"] in PYDANTIC_PREFIXES:  # a validator's own message, behind pydantic's label for its kind
            msg = msg.removeprefix(PYDANTIC_PREFIXES[item["type"]])
        if item["type"] in UNKNOWN_KEY:
            msg = "unknown key"
        got = item.get("input")
        shown = (
            ""
            if item["type"] in ("missing", *UNKNOWN_KEY) or isinstance(got, dict | list)
            else f" (got {shortened(repr(got))})"
        )
        lines.append(f"{where}: {msg}{shown}")
    return lines


def shortened(text: str, most: int = 80) -> str:
    """A value as a message shows it: the middle of a long one left out, and how long it was."""
    if len(text) <= most:
        return text
    return f"{text[: most // 2]}...{text[-most // 4 :]} ({len(text):,} characters)"


def did_you_mean(key: str, allowed: list[str]) -> str:
    """'; did you mean 'x'?' with the nearest of `allowed`, else '; expected one of ...' listing them."""
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(allowed)}"
