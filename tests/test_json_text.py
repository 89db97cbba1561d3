"""advisor.json_text writes what json.dumps(indent=2, ensure_ascii=False, default=...) writes, byte for byte."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.json_text import dumps


class Lazy(Sequence[int]):  # as the report's lazy sequences: encoded through `default`
    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, i):  # type: ignore[override]
        return list(range(self.n))[i]

    def __len__(self) -> int:
        return self.n


def default(value: object) -> object:
    if isinstance(value, Lazy):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def standard(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=default)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # any code point: controls, quotes, backslashes, non-ASCII, lone surrogates
    | st.builds(Lazy, st.integers(0, 3))
)
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=30,
)


@given(values)
@settings(max_examples=400, deadline=None)
def test_the_same_text_as_the_standard_library(value: object) -> None:
    assert dumps(value, default) == standard(value)


def test_edge_values() -> None:
    for value in ([], {}, [[]], {"a": {}}, [math.nan, -math.inf, 1e16, -0.0, 2**70], {1: "x", 2.5: True, None: 0}):
        assert dumps(value, default) == standard(value)


def test_what_json_cannot_hold_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError, match="not JSON serialisable: set"):
        dumps({"a": {1, 2}}, default)
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        dumps({(1, 2): 3}, default)
