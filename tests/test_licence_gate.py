"""A weights licence binds whoever runs the weights, not the vendor's own API (bound by its terms)."""

from __future__ import annotations

import datetime as dt

from advisor.engine.options import options_by_model
from advisor.engine.policy import Requirements, licence_gate

DATE = dt.date(2026, 11, 27)


def _req() -> Requirements:
    return Requirements(
        sensitivity="internal",
        jurisdiction="eu",
        expertise="strong",
        open_weights_only=False,
        exclude_providers=frozenset(),
        needs=(),
        context_tokens=1000,
        date=DATE,
    )


def test_a_non_commercial_licence_excludes_running_the_weights_but_not_the_vendors_api(catalog):
    checked, vendors = 0, 0
    for options in options_by_model(catalog, "eu", DATE):
        model = options[0].model
        licence = catalog.licences[model.licence]
        if not any(r.kind == "no_commercial_use" for r in licence.restrictions):
            continue
        for option in options:
            gate = licence_gate(option, licence, _req())
            if option.deployment.operator == model.vendor:
                assert gate is None, option.id
                vendors += 1
            else:
                assert gate is not None and gate.rule == "licence", option.id
                checked += 1
    assert checked and vendors  # the shipped catalog has both (Cohere's Command A on Cohere's own API)
