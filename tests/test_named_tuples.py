"""advisor's NamedTuple: typing's class syntax without checking each annotation at import."""

from __future__ import annotations

import pickle
import typing

import pytest

from advisor.catalog.schema import Offer, Price
from advisor.named_tuples import NamedTuple
from advisor.records import for_pydantic
from advisor.validation import validator


class Point(NamedTuple):
    """A point."""

    x: int
    y: Annotated_later = 0  # type: ignore[name-defined]  # noqa: F821  (text, read only when asked for)

    @property
    def norm1(self) -> int:
        return abs(self.x) + abs(self.y)


def test_a_record_is_the_namedtuple_typing_would_make():
    p = Point(3, -4)
    assert isinstance(p, tuple) and p == (3, -4) and p._fields == ("x", "y") and Point(1) == (1, 0)
    assert p.norm1 == 7 and p._replace(x=0) == (0, -4) and p._asdict() == {"x": 3, "y": -4}
    assert Point.__doc__ == "A point." and Point.__module__ == __name__ and Point.__name__ == "Point"
    # the annotations stay as written: nothing was compiled or checked when the class was made
    assert Point.__annotations__ == {"x": "int", "y": "Annotated_later"}
    assert pickle.loads(pickle.dumps(p)) == p


def test_a_record_refuses_what_typing_refuses():
    with pytest.raises(TypeError, match="non-default field y follows a field with a default"):

        class Bad(NamedTuple):
            x: int = 0
            y: int

    with pytest.raises(AttributeError, match="cannot overwrite NamedTuple attribute _replace"):

        class Worse(NamedTuple):
            x: int

            def _replace(self) -> None: ...


def test_the_catalog_records_read_their_annotations_when_pydantic_asks():
    for_pydantic()  # the pydantic names the annotations use (Field), as before any validation
    hints = typing.get_type_hints(Price, include_extras=True)
    assert set(hints) == {
        "currency",
        "input",
        "output",
        "monthly_fixed",
        "valid_from",
        "valid_until",
        "long_prompt",
        "cached_input",
    }
    offer = validator(Offer).validate_python(
        {
            "model": "m",
            "mode": "shared_api",
            "operator": "o",
            "region": "eu",
            "sources": ["https://example.org"],
            "verified": "2026-11-01",
            "price": {"currency": "EUR", "input": 1, "output": 2},
        }
    )
    assert offer.price == Price("EUR", 1.0, 2.0) and offer.id == "m@o/shared_api/eu"
