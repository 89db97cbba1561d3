"""`advisor catalog refresh` writes an overlay that brings API prices and retirement dates up to LiteLLM's
file, which the catalog then validates and uses."""

from __future__ import annotations

import json

import yaml
from conftest import ROOT

EXTRACT = ROOT / "tests" / "fixtures" / "litellm_prices_extract.json"


def test_a_moved_price_and_a_new_retirement_date_become_an_overlay_the_catalog_uses(cli, tmp_path, catalog):
    prices = json.loads(EXTRACT.read_text())
    offer = next(
        o for o in catalog.offers.values()
        if o.mode == "shared_api" and o.litellm in prices and o.region == "global" and not o.prices
        and o.deprecated is None and catalog.models[o.model].deprecated is None
    )  # fmt: skip
    prices[offer.litellm] = {**prices[offer.litellm], "input_cost_per_token": offer.price.input * 2e-6}
    prices[offer.litellm]["deprecation_date"] = "2027-06-30"
    changed = tmp_path / "prices.json"
    changed.write_text(json.dumps(prices))
    out = tmp_path / "overlay"
    run = cli("catalog", "refresh", str(changed), "-o", str(out), "--date", "2026-12-05")
    assert run.code == 0, run.err
    assert f"{offer.id}: input" in run.out and "retires 2027-06-30" in run.out
    data = yaml.safe_load((out / "models" / "litellm-refresh.yaml").read_text())
    (entry,) = [
        e for e in data["offers"] if (e["model"], e["operator"], e["region"]) == (offer.model, offer.operator, "global")
    ]
    assert entry["price"]["input"] == offer.price.input * 2 and str(entry["verified"]) == "2026-12-05"
    assert any("litellm" in s for s in entry["sources"])
    assert cli("catalog", "validate", str(out)).code == 0
    shown = json.loads(cli("catalog", "show", offer.model, "--json", "--catalog", str(out)).out)
    (used,) = [o for o in shown["offers"] if o["id"] == offer.id]
    assert used["price"]["input"] == offer.price.input * 2 and used["deprecated"] == "2027-06-30"


def test_an_agreeing_file_changes_nothing(cli, tmp_path):
    run = cli("catalog", "refresh", str(EXTRACT), "-o", str(tmp_path / "o"), "--date", "2026-12-05")
    assert run.code == 0 and ": 0 offer(s) changed" in run.out
