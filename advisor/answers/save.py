"""Writing answers back as YAML a person would write (the interview's saved file)."""

from __future__ import annotations

from typing import Any

from advisor.answers.model import Answers


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
    for use_case in data.get("use_cases", []):
        if not use_case.get("cached_input_share"):  # no caching assumed: the default, not worth a line
            use_case.pop("cached_input_share", None)
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
