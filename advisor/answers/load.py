"""Reading answers: a file or stdin, `--set PATH=VALUE` overrides, validation into `Answers` records.

Every problem becomes one line that names the file and the place (`use_cases.0.kind: ...`), with the
nearest allowed key or value when there is one.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from advisor.answers.model import Answers
from advisor.errors import UNKNOWN_KEY, AdvisorError, did_you_mean, validation_problems
from advisor.plain_text import text_problems
from advisor.validation import validator


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


def validate_answers(raw: Any, source: str, kinds: set[str] | None = None, overridden: Sequence[str] = ()) -> Answers:
    """Validate parsed data; every problem becomes one line naming its place. `kinds` checks use-case kinds;
    a problem at or under one of the `overridden` paths (`budget.monthly`) is named as coming from `--set`."""
    if not isinstance(raw, dict):
        got = "an empty file" if raw is None else f"a {type(raw).__name__}"
        raise AdvisorError(f"{source}: expected a mapping of answers (schema_version, organisation, ...), got {got}")
    problems = text_problems(raw)  # before anything echoes a value or a key of them
    if problems:
        raise AdvisorError(*_named(source, problems, overridden))
    try:
        answers: Answers = validator(Answers).validate_python(raw)
    except ValidationError as exc:
        problems = validation_problems(exc)
        for i, item in enumerate(exc.errors(include_url=False)):
            if item["type"] in UNKNOWN_KEY:
                problems[i] += did_you_mean(str(item["loc"][-1]), _field_names(tuple(item["loc"])))
        # every problem of the file at once: the kinds too, from the raw data, where the schema took them
        problems += _unknown_kinds(raw, kinds)
        raise AdvisorError(*_named(source, problems, overridden)) from None
    problems = _unknown_kinds(raw, kinds)
    if problems:
        raise AdvisorError(*_named(source, problems, overridden))
    return answers


def _named(source: str, problems: list[str], overridden: Sequence[str]) -> tuple[str, list[str]]:
    """The message and its lines, each problem that lies at or under a `--set` path named as `--set`'s."""
    lines = [
        f"--set {line}" if any(line.startswith((f"{path}:", f"{path}.")) for path in overridden) else line
        for line in problems
    ]
    from_file = [line for line in lines if not line.startswith("--set ")]
    if from_file:
        return f"{source}: the answers are not valid", lines
    return f"--set: the overrides of {source} are not valid", lines


def _unknown_kinds(raw: dict[str, Any], kinds: set[str] | None) -> list[str]:
    """A line for each use case whose kind is text the catalog does not know (given the catalog's kinds)."""
    use_cases = raw.get("use_cases")
    if kinds is None or not isinstance(use_cases, list):
        return []
    return [
        f"use_cases.{i}.kind: unknown use-case kind '{kind}'{did_you_mean(kind, sorted(kinds))}"
        for i, u in enumerate(use_cases)
        if isinstance(u, dict)
        for kind in [u.get("kind")]
        if isinstance(kind, str) and kind.strip() and kind.strip() not in kinds
    ]


def read_raw(source: str) -> tuple[Any, str]:
    """Parsed answers data from a path, or from stdin when `source` is '-'; and the name to show."""
    from advisor.yamlio import load_answers_file, read_answers_stream

    if source == "-":
        return read_answers_stream(sys.stdin.buffer, "<stdin>"), "<stdin>"
    path = Path(source)
    return load_answers_file(path), str(path)


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
    paths = [override.partition("=")[0].strip() for override in overrides or []]
    return validate_answers(apply_overrides(raw, overrides or []), name, kinds, paths)
