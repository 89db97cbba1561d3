"""A report made with a catalog overlay (--catalog) says which of the overlay's entries the advice rests on,
instead of calling every price a list price."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import EXAMPLES

from advisor.api import load_catalog
from advisor.records import plain

OFFER = "claude-sonnet-5.5@anthropic/shared_api/global"  # Marketing content's recommendation
ANSWERS = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = "2026-11-27"


def negotiated_overlay(catalog, tmp_path: Path) -> Path:
    folder = tmp_path / "acme-overlay"
    (folder / "models").mkdir(parents=True)
    offer = plain(catalog.offers[OFFER], drop_none=True)
    offer["price"] = {"input": 1.5, "output": 8.0, "currency": "USD"}
    (folder / "models" / "negotiated.yaml").write_text(yaml.safe_dump({"offers": [offer]}, sort_keys=False))
    return folder


def test_a_report_with_an_overlay_names_the_overlay_entries_it_used(catalog, tmp_path, cli):
    folder = negotiated_overlay(catalog, tmp_path)
    report = cli("recommend", ANSWERS, "--catalog", str(folder), "--date", DATE)
    assert report.code == 0, report.err
    assert "Prices are list prices" not in report.out
    assert (
        "The overlay supplies one entry behind this advice: Claude Sonnet 5.5 via Anthropic (offer, from "
        "models/negotiated.yaml)" in report.out
    )
    assert str(tmp_path) not in report.out  # the overlay is named by its folder and file, not the local path
    assert "| current, from the overlay |" in report.out
    data = json.loads(cli("recommend", ANSWERS, "--catalog", str(folder), "--date", DATE, "-f", "json").out)
    assert load_catalog([folder]).overlaid == {f"offer:{OFFER}"}
    overlaid = [e for e in data["provenance"]["entries"] if e["overlay"]]
    assert [(e["kind"], e["id"]) for e in overlaid] == [("offer", OFFER)]
    assert overlaid[0]["overlay"].endswith("models/negotiated.yaml")
    html = cli("recommend", ANSWERS, "--catalog", str(folder), "--date", DATE, "-f", "html").out
    assert "from models/negotiated.yaml" in html and "from the overlay" in html


def test_a_report_without_an_overlay_says_its_prices_are_list_prices(catalog, cli):
    assert catalog.overlaid == frozenset()
    report = cli("recommend", ANSWERS, "--date", DATE)
    assert "Prices are list prices from catalog 2026.11.1" in report.out
    assert "overlay" not in report.out
    data = json.loads(cli("recommend", ANSWERS, "--date", DATE, "-f", "json").out)
    assert all(e["overlay"] is None for e in data["provenance"]["entries"])
