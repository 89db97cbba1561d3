"""Records (the dataclasses and NamedTuples of the answers and the catalog): handing them to pydantic, their
fields as pydantic sees them, and their contents as JSON-ready data.

The record modules name pydantic's `Field` and validators in their annotations (kept as text) but import
them only for type checkers: a run that finds its validators and catalog in the cache never imports pydantic.
`for_pydantic()` gives those modules those names before anything hands a record to pydantic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo
    from pydantic.json_schema import GenerateJsonSchema


RECORD_MODULES = (
    "advisor.answers.model",
    "advisor.catalog.schema",
    "advisor.catalog.diligence",
    "advisor.report.schema",
)


def for_pydantic() -> None:
    """Make the records' annotations resolvable: their modules get the pydantic names the annotations use."""
    import importlib

    from pydantic import AfterValidator, BeforeValidator, Field

    for name in RECORD_MODULES:
        namespace = vars(importlib.import_module(name))
        namespace.setdefault("AfterValidator", AfterValidator)
        namespace.setdefault("BeforeValidator", BeforeValidator)
        namespace.setdefault("Field", Field)


def fields_of(record: type[Any]) -> dict[str, FieldInfo]:
    """A record's fields as pydantic sees them (annotation, description, default), in order: for the questions,
    the template and the messages that list what a place allows."""
    import typing

    from pydantic.fields import FieldInfo

    for_pydantic()
    hints = typing.get_type_hints(record, include_extras=True)
    if dataclasses.is_dataclass(record):
        out = {}
        for f in dataclasses.fields(record):
            if f.default_factory is not dataclasses.MISSING:
                info = FieldInfo.from_annotation(hints[f.name])
                info.default_factory = f.default_factory
            elif f.default is not dataclasses.MISSING:
                info = FieldInfo.from_annotated_attribute(hints[f.name], f.default)
            else:
                info = FieldInfo.from_annotation(hints[f.name])
            out[f.name] = info
        return out
    defaults: dict[str, Any] = getattr(record, "_field_defaults", {})
    return {
        name: FieldInfo.from_annotated_attribute(hints[name], defaults[name])
        if name in defaults
        else FieldInfo.from_annotation(hints[name])
        for name in record._fields
    }


def json_schema(record: type[Any]) -> dict[str, Any]:
    """The JSON Schema of a record type, descriptions, constraints and defaults included."""
    from pydantic import TypeAdapter

    for_pydantic()
    return TypeAdapter(record).json_schema(schema_generator=schema_generator())


@functools.cache
def schema_generator() -> type[GenerateJsonSchema]:
    """pydantic's JSON Schema generator, showing defaults that a dataclass makes with a factory (a list, a
    record) as the value made, as a plain default is shown (pydantic's documented way to do so)."""
    from pydantic.json_schema import GenerateJsonSchema

    class FactoryDefaults(GenerateJsonSchema):
        def get_default_value(self, schema: Any) -> Any:
            if "default_factory" in schema and not schema.get("default_factory_takes_data"):
                return schema["default_factory"]()
            return super().get_default_value(schema)

    return FactoryDefaults


def is_record(value: Any) -> bool:
    """A dataclass or NamedTuple type: something with fields of its own."""
    return isinstance(value, type) and (dataclasses.is_dataclass(value) or hasattr(value, "_fields"))


def nested_record(annotation: Any) -> type[Any] | None:
    """The record a field holds, itself or in a list or an optional: `list[UseCase]` -> UseCase."""
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if is_record(candidate):
            return candidate  # type: ignore[no-any-return]
    return None


def plain(value: Any, *, drop_none: bool = False) -> Any:
    """A record as JSON-ready data: fields in order, dates as ISO text; with `drop_none`, absent figures left out."""
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        items = zip(value._fields, value, strict=True)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    elif isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        return [plain(v, drop_none=drop_none) for v in value]
    elif isinstance(value, dt.date):
        return value.isoformat()
    else:
        return value
    return {k: plain(v, drop_none=drop_none) for k, v in items if not (drop_none and v is None)}
