"""`NamedTuple` for advisor's records: typing's class syntax, made without checking each annotation.

`typing.NamedTuple` checks every field's annotation when the class is made, and an annotation kept as text
(`from __future__ import annotations`) is turned into a `ForwardRef` and compiled on the spot: for advisor's
few hundred fields that is several milliseconds of every run. This one makes the same
`collections.namedtuple` class (fields, defaults, methods, properties, docstring) and keeps the annotations as
written; pydantic and `typing.get_type_hints` read them as they read any text annotation. Type checkers see
`typing.NamedTuple` itself.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    # what typing.NamedTuple leaves to the namedtuple, and what a record may not redefine
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace"}
        | {"_asdict", "_source"}
    )

    class _Maker(type):
        def __new__(mcls, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
            if ns.get("__module__") == __name__:  # NamedTuple itself
                return super().__new__(mcls, typename, bases, ns)
            types = ns.get("__annotations__", {})
            defaults = []
            for name in types:
                if name in ns:
                    defaults.append(ns[name])
                elif defaults:
                    raise TypeError(f"non-default field {name} follows a field with a default in {typename}")
            made = collections.namedtuple(typename, list(types), defaults=defaults, module=ns["__module__"])
            made.__annotations__ = made.__new__.__annotations__ = dict(types)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_Maker):
        """Base of a record class: `class Price(NamedTuple): currency: str; input: float | None = None`."""
