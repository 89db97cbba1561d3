"""A commented answers file, written from the answers model's own fields and descriptions."""

from __future__ import annotations

from typing import Any

from advisor.answers.model import Answers
from advisor.records import fields_of, nested_record

EXAMPLE: dict[str, Any] = {
    "schema_version": 1,
    "organisation": {"name": "Example Ltd", "jurisdiction": "eu", "industry": "logistics"},
    "budget": {"monthly": 3000, "currency": "EUR"},
    "expertise": "some",
    "data_sensitivity": "internal",
    "priorities": ["privacy", "quality", "cost", "lock_in", "speed"],
    "constraints": {"open_weights_only": False, "exclude_providers": []},
    "use_cases": [
        {
            "name": "Marketing content",
            "kind": "content_creation",
            "data_sensitivity": "public",
            "requests_per_month": 3000,
            "input_tokens": 1500,
            "output_tokens": 800,
            "cached_input_share": 0,
            "needs": ["multilingual"],
        }
    ],
}


def _scalar(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if any(ch in value for ch in ":#'\"[]{}") else value
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return str(value)


def _lines(model: type[Any], data: dict[str, Any], indent: str, first_prefix: str = "") -> list[str]:
    out: list[str] = []
    for i, (key, value) in enumerate(data.items()):
        description = fields_of(model)[key].description
        prefix = first_prefix if i == 0 and first_prefix else indent
        comment = f"  # {description}" if description else ""
        nested = nested_record(fields_of(model)[key].annotation)
        if isinstance(value, dict) and nested:
            out.append(f"{prefix}{key}:{comment}")
            out.extend(_lines(nested, value, indent + "  "))
        elif isinstance(value, list) and value and isinstance(value[0], dict) and nested:
            out.append(f"{prefix}{key}:{comment}")
            for item in value:
                out.extend(_lines(nested, item, indent + "    ", first_prefix=indent + "  - "))
        else:
            out.append(f"{prefix}{key}: {_scalar(value)}{comment}")
    return out


def answers_template(kinds: dict[str, str]) -> str:
    """YAML that passes `advisor answers check`, every field explained; `kinds` lists use-case kinds."""
    head = [
        "# advisor answers file (schema_version 1). Check it with: advisor answers check FILE",
        "# Render a report with: advisor recommend FILE -o report.md",
        "# Use-case kinds:",
        *[f"#   {kind}: {text}" for kind, text in sorted(kinds.items())],
        "",
    ]
    return "\n".join(head + _lines(Answers, EXAMPLE, "")) + "\n"
