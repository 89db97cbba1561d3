"""Validators for the answers and the catalog files, made by pydantic from the records' annotations and kept.

The records (`advisor.answers.model`, `advisor.catalog.schema`) are plain dataclasses and NamedTuples whose
annotations are pydantic's, as text. Making a validator from them means importing pydantic's models, fields
and schema generation, which costs more than the rest of a run. The validator itself is a pydantic-core
`SchemaValidator`; it pickles as its core schema (which names our records and check functions by reference),
so it is kept in the cache folder, keyed by the versions of advisor, pydantic and pydantic-core and by the
bytes of advisor's modules (`cache.code_key`). A run with a warm cache validates with pydantic-core alone, which the
libraries we stand on import anyway.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic_core import SchemaValidator

from advisor.cache import code_key, fetch, store
from advisor.records import RECORD_MODULES, for_pydantic

_VALIDATORS: dict[type[Any], SchemaValidator] = {}
FINITE: Any = {"allow_inf_nan": False}  # no infinity or NaN in any figure of the answers or the catalog


def validator(record: type[Any]) -> SchemaValidator:
    """The validator of a record type, from the cache if it was made before (for the records advisor defines:
    the cache key covers only their modules)."""
    made = _VALIDATORS.get(record)
    if made is None:
        made = _VALIDATORS[record] = _kept(record) if record.__module__ in RECORD_MODULES else _make(record)
    return made


def _kept(record: type[Any]) -> SchemaValidator:
    name = f"validator-{record.__module__}.{record.__qualname__}-{code_key()}.pickle"
    kept = fetch(name)
    if isinstance(kept, SchemaValidator):
        return kept
    made = _make(record)
    store(name, made)
    return made


def _make(record: type[Any]) -> SchemaValidator:
    from pydantic import TypeAdapter

    for_pydantic()
    adapter = TypeAdapter(record)
    if not adapter.pydantic_complete:
        # a record extending one of ours from another module: pydantic reads the inherited annotations in the
        # subclass's module, so give it the names of every module along the record's bases
        names: dict[str, Any] = {}
        for base in reversed(record.__mro__):
            names.update(vars(sys.modules[base.__module__]))
        adapter.rebuild(raise_errors=True, _types_namespace=names)
    return SchemaValidator(_mappings_only(adapter.core_schema), FINITE)


def _mappings_only(schema: Any) -> Any:
    """The core schema with each NamedTuple record taking only a mapping: pydantic would also fill one from a
    list by position (`parameters: [70, 12]`), which in a YAML file is a mistake, not a shorthand."""
    if isinstance(schema, list):
        return [_mappings_only(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _mappings_only(value) for key, value in schema.items()}
    if out.get("type") == "named-tuple":
        wrapper = {"type": "function-before", "function": {"type": "no-info", "function": mapping}, "schema": out}
        if "ref" in out:  # references to the record must reach the check too
            wrapper["ref"] = out.pop("ref")
        return wrapper
    return out


def mapping(value: Any) -> Any:
    """A record's input: a mapping of its fields (or the record itself, as a default is)."""
    if isinstance(value, dict) or (isinstance(value, tuple) and hasattr(value, "_fields")):
        return value
    raise ValueError(f"expected a mapping of keys to values, not a {type(value).__name__}")
