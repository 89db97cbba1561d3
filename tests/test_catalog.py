"""The catalog: listing, showing, validating, overlays, bad catalog input, prices against LiteLLM."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATE, EXAMPLES

from advisor.catalog.litellm import compare, load_price_file
from advisor.catalog.load import load_catalog
from advisor.catalog.schema import stale_entries
from advisor.engine.stack import decide
from advisor.errors import AdvisorError
from advisor.records import plain

FIXTURE = Path(__file__).parent / "fixtures" / "litellm_prices_extract.json"


def test_list_json_counts_and_filters(cli, catalog):
    rows = json.loads(cli("catalog", "list", "--json").out)
    assert len(rows) == len(catalog.models) >= 60
    open_rows = json.loads(cli("catalog", "list", "--open", "--json").out)
    closed_rows = json.loads(cli("catalog", "list", "--closed", "--json").out)
    assert {r["weights"] for r in open_rows} == {"open"} and {r["weights"] for r in closed_rows} == {"closed"}
    assert len(open_rows) + len(closed_rows) == len(rows)
    assert {r["vendor"] for r in json.loads(cli("catalog", "list", "--vendor", "mistral", "--json").out)} == {"mistral"}
    assert all(r["verified"] for r in rows)


def test_an_unknown_vendor_is_an_error_not_an_empty_list(cli):
    run = cli("catalog", "list", "--vendor", "antropic")
    assert (
        run.code == 1
        and "--vendor 'antropic': no model of this vendor in the catalog; did you mean 'anthropic'?"
        in (" ".join(run.err.split()))
    )


def test_every_model_has_sources_licence_class_and_open_models_have_sizes(catalog):
    for model in catalog.models.values():
        assert model.sources and model.verified
        assert catalog.licences[model.licence].licence_class
        if model.weights == "open":
            assert model.parameters.total_b
    vendors = {m.vendor for m in catalog.models.values()}
    assert {"openai", "anthropic", "google", "xai", "mistral", "meta", "alibaba", "deepseek"} <= vendors


def test_show_gives_licence_offers_and_self_hosting_memory(cli):
    run = cli("catalog", "show", "llama-3.3-70b", "--json")
    data = json.loads(run.out)
    assert data["licence"]["class"] == "usage_capped"
    assert any(r["kind"] == "mau_cap" for r in data["licence"]["restrictions"])
    sizes = data["self_hosting"]
    assert sizes["bf16"]["weights_gb"] == pytest.approx(141, abs=2)
    assert sizes["fp8"]["weights_gb"] == pytest.approx(70.6, abs=1)
    assert "H100" not in sizes["fp8"]["fits_on"] or not sizes["fp8"]["fits_on"].startswith("1 x NVIDIA H100")
    run = cli("catalog", "show", "gpt-6-astr")
    assert run.code == 1 and "did you mean gpt-6-astra" in run.err


def test_validate_the_shipped_catalog(cli):
    run = cli("catalog", "validate")
    assert run.code == 0 and "valid" in run.out


def write_overlay(tmp_path: Path, content: dict) -> Path:
    folder = tmp_path / "overlay"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "client.yaml").write_text(yaml.safe_dump(content, sort_keys=False))
    return folder


def model_entry(catalog, model_id: str, **changes) -> dict:
    data = plain(catalog.models[model_id], drop_none=True)
    data.update(changes)
    return data


def offer_entry(catalog, offer_id: str, **changes) -> dict:
    data = plain(catalog.offers[offer_id], drop_none=True)
    data.update(changes)
    return data


def test_overlay_overrides_a_price_without_copying_the_catalog(catalog, tmp_path, cli, example):
    offer_id = "claude-sonnet-5.5@anthropic/shared_api/global"
    negotiated = offer_entry(catalog, offer_id, price={"input": 1.0, "output": 5.0, "currency": "USD"})
    folder = write_overlay(tmp_path, {"offers": [negotiated]})
    overlaid = load_catalog([folder])
    assert overlaid.offers[offer_id].price.input == 1.0
    assert len(overlaid.models) == len(catalog.models)
    assert cli("catalog", "validate", str(folder)).code == 0
    run = cli(
        "recommend",
        str(EXAMPLES / "eu-marketing-hr.yaml"),
        "-f",
        "json",
        "--catalog",
        str(folder),
        "--date",
        "2026-11-27",
    )
    primary = json.loads(run.out)["stack"][0]["primary"]
    if primary["option"] == offer_id:
        assert "USD 1/M" in primary["cost_basis"]


def test_overlay_from_environment_adds_a_private_model(catalog, tmp_path, monkeypatch):
    private = model_entry(catalog, "gemma-4-31b", id="acme-private-llm", name="Acme private LLM")
    folder = write_overlay(tmp_path, {"models": [private]})
    monkeypatch.setenv("ADVISOR_CATALOG", str(folder))
    assert "acme-private-llm" in load_catalog().models


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda c: {"models": [model_entry(c, "gpt-5.4", contxt_window=5)]},
            "model #1 (gpt-5.4) contxt_window: unknown key",
        ),
        (
            lambda c: {"models": [model_entry(c, "gpt-5.4", parameters=[70, 12])]},
            "model #1 (gpt-5.4) parameters: expected a mapping of keys to values, not a list",
        ),
        (
            lambda c: {
                "offers": [offer_entry(c, "gpt-5.4@openai/shared_api/global", price={"currency": "USD", "input": 1})]
            },
            "a shared_api offer needs price.input and price.output",
        ),
        (
            lambda c: {"offers": [offer_entry(c, "gpt-5.4@openai/shared_api/global", model="gpt-9")]},
            "model: unknown model 'gpt-9'",
        ),
        (lambda c: {"models": [model_entry(c, "gpt-5.4"), model_entry(c, "gpt-5.4")]}, "model gpt-5.4: duplicate id"),
        (lambda c: {"models": [model_entry(c, "gpt-5.4", licence="nope")]}, "licence: unknown licence 'nope'"),
        # no infinity, NaN or absurd size in any figure
        (
            lambda c: {
                "offers": [
                    offer_entry(
                        c, "gpt-5.4@openai/shared_api/global", price={"currency": "USD", "input": math.inf, "output": 1}
                    )
                ]
            },
            "offer #1 (gpt-5.4@openai) price.input: Input should be a finite number (got inf)",
        ),
        (
            lambda c: {"models": [model_entry(c, "gpt-5.4", parameters={"total_b": math.nan})]},
            "model #1 (gpt-5.4) parameters.total_b: Input should be a finite number (got nan)",
        ),
        (
            lambda c: {"models": [model_entry(c, "gpt-5.4", context_window=10**12)]},
            "model #1 (gpt-5.4) context_window: Input should be less than or equal to 1000000000 (got 1000000000000)",
        ),
        (
            lambda c: {"models": [model_entry(c, "gemma-4-31b", parameters={"total_b": 1e300})]},
            "model #1 (gemma-4-31b) parameters.total_b: Input should be less than or equal to 100000 (got 1e+300)",
        ),
    ],
)
def test_bad_catalog_input_names_file_entry_and_field(catalog, tmp_path, cli, change, expected):
    folder = write_overlay(tmp_path, change(catalog))
    run = cli("catalog", "validate", str(folder))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert "client.yaml" in run.err
    assert expected in " ".join(run.err.split())


def test_catalog_yaml_that_does_not_parse(tmp_path, cli):
    folder = tmp_path / "overlay"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "x.yaml").write_text("models:\n  - id: [broken\n")
    run = cli("catalog", "validate", str(folder))
    assert run.code == 1 and "x.yaml: not valid YAML at line" in run.err


def test_prices_agree_with_litellm_extract(catalog):
    result = compare(catalog, load_price_file(FIXTURE))
    assert result.coverage >= 0.80
    assert result.agreement >= 0.95
    assert not result.missing


def test_check_prices_reports_differences_missing_and_deprecations(cli, tmp_path, catalog):
    data = json.loads(FIXTURE.read_text())
    data["gpt-5.4"]["input_cost_per_token"] *= 1.5
    del data["claude-sonnet-5-5"]
    key = catalog.offers["grok-4.7@xai/shared_api/global"].litellm
    data[key]["deprecation_date"] = "2027-06-30"
    changed = tmp_path / "prices.json"
    changed.write_text(json.dumps(data))
    run = cli("catalog", "check-prices", str(changed), "--json")
    report = json.loads(run.out)
    assert any(line.startswith("gpt-5.4@openai/shared_api/global") for line in report["price_differences"])
    assert any("claude-sonnet-5-5" in line for line in report["missing_counterparts"])
    assert any(line.startswith("grok-4.7@xai/shared_api/global") for line in report["deprecations_missing"])
    text = cli("catalog", "check-prices", str(changed)).out
    assert "naming a LiteLLM counterpart" in text and "agreeing within 5%" in text


def test_a_price_in_the_file_that_is_none_is_named_and_never_agrees(cli, tmp_path, catalog):
    data = json.loads(FIXTURE.read_text())
    mapped = compare(catalog, data).agreeing
    data["gpt-5.4"]["input_cost_per_token"] = -1
    data["gpt-5.4"]["output_cost_per_token"] = "cheap"
    key = catalog.offers["claude-sonnet-5.5@anthropic/shared_api/global"].litellm
    del data[key]["output_cost_per_token"]
    changed = tmp_path / "prices.json"
    changed.write_text(json.dumps(data))
    report = json.loads(cli("catalog", "check-prices", str(changed), "--json").out)
    unusable = report["unusable_prices"]
    assert (
        "gpt-5.4@openai/shared_api/global (gpt-5.4): input_cost_per_token is -1, not a price, "
        "output_cost_per_token is 'cheap', not a price"
    ) in unusable
    assert f"claude-sonnet-5.5@anthropic/shared_api/global ({key}): output_cost_per_token missing" in unusable
    # those offers no longer count as agreeing: a figure that is no price agrees with nothing
    gpt = sum(1 for offer in catalog.offers.values() if offer.litellm == "gpt-5.4" and offer.mode == "shared_api")
    claude = sum(1 for offer in catalog.offers.values() if offer.litellm == key and offer.mode == "shared_api")
    assert report["agreeing"] == mapped - gpt - claude


def test_stale_figures_are_warned_about(catalog, example):
    later = DATE.replace(year=DATE.year + 1)
    assert stale_entries(catalog, later)
    rec = decide(example("startup-support-bot"), catalog, later)
    assert any("verified more than 180 days ago" in w for w in rec.warnings)
    assert not decide(example("startup-support-bot"), catalog, DATE).stale


def test_missing_catalog_folder_is_an_error(tmp_path):
    with pytest.raises(AdvisorError, match="no such catalog folder"):
        load_catalog([tmp_path / "nope"])
    (tmp_path / "answers.yaml").write_text("schema_version: 1\n")
    with pytest.raises(AdvisorError, match=r"answers\.yaml: not a folder; a catalog overlay is a folder of YAML files"):
        load_catalog([tmp_path / "answers.yaml"])


def test_shipped_catalog_copy_with_a_typo_names_the_file(tmp_path):
    from advisor.resources import catalog_dir

    copy = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), copy)
    gpus = copy / "gpus.yaml"
    gpus.write_text(gpus.read_text().replace("memory_gb: 80", "memory_gbs: 80", 1))
    with pytest.raises(AdvisorError) as info:
        load_catalog(base=copy)
    assert "gpus.yaml" in str(info.value) and "memory_gbs: unknown key" in str(info.value)


def test_stale_gpu_prices_and_rates_are_named_when_a_self_hosted_choice_rests_on_them(catalog, example):
    later = DATE.replace(year=DATE.year + 1)
    rec = decide(example("eu-marketing-hr"), catalog, later)
    assert any(entry.startswith("gpu ") for entry in rec.stale)
    assert any(entry.startswith("currency rates") for entry in rec.stale)
    assert any(f"more than {catalog.meta.stale_after_days} days ago" in w for w in rec.warnings)
