"""Provider due diligence as data: country, certifications, DPA; validated, shown, summarised in one line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from advisor.catalog.diligence import country, summary
from advisor.catalog.schema import Certification, Provider
from advisor.records import plain

DAY = dt.date(2026, 12, 5)


def provider(**changes) -> Provider:
    base = Provider(
        id="scaleway", name="Scaleway", jurisdiction="fr", sources=["https://www.scaleway.com/"], verified=DAY
    )
    return base._replace(**changes)


def cert(name: str) -> Certification:
    return Certification(name=name, source="https://example.org/certs", checked=DAY)


def test_summary_names_country_certifications_and_dpa():
    scaleway = provider(certifications=[cert("ISO/IEC 27001"), cert("HDS")], dpa=True)
    assert summary(scaleway) == "Scaleway (France): ISO/IEC 27001, HDS; data processing agreement offered"


def test_summary_says_what_is_not_known_rather_than_guess():
    assert summary(provider()) == "Scaleway (France): certifications not known; data processing agreement not known"
    assert summary(provider(certifications=[], dpa=False)) == (
        "Scaleway (France): no published certification found; no data processing agreement offered"
    )


def test_country_refines_the_jurisdiction_with_the_place_of_incorporation():
    assert country(provider(incorporated="Paris, France")) == "Paris, France"
    assert country(provider(jurisdiction="cn")) == "China"
    assert country(provider(jurisdiction="us")) == "United States"
    assert country(provider(jurisdiction="us", incorporated="Delaware, United States")) == "Delaware, United States"
    # a company from China contracting through Singapore is still said to be from China
    abroad = provider(jurisdiction="cn", incorporated="Singapore (Moonshot AI Pte. Ltd.)")
    assert country(abroad) == "China; incorporated in Singapore (Moonshot AI Pte. Ltd.)"


def test_every_shipped_provider_has_a_country_and_valid_certifications(catalog):
    assert len(catalog.providers) >= 24
    for p in catalog.providers.values():
        assert country(p)
        for c in p.certifications or []:
            assert c.name.strip() and c.source.startswith("https://") and c.checked <= DAY
        if p.dpa is not None:
            assert p.sources, p.id


def _overlay_with_provider(tmp_path: Path, catalog, **changes) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    entry = plain(catalog.providers["scaleway"], drop_none=True)
    entry.update(changes)
    (folder / "providers.yaml").write_text(yaml.safe_dump({"providers": [entry]}, sort_keys=False))
    return folder


@pytest.mark.parametrize(
    ("certifications", "expected"),
    [
        ([{"name": "", "source": "https://x.example/", "checked": "2026-12-05"}], "certifications.0.name"),
        (
            [{"name": "ISO/IEC 27001", "source": "http://x.example/", "checked": "2026-12-05"}],
            "certifications.0.source",
        ),
        ([{"name": "ISO/IEC 27001", "source": "https://x.example/", "checked": "soon"}], "certifications.0.checked"),
        ([{"name": "ISO/IEC 27001", "source": "https://x.example/"}], "certifications.0.checked"),
    ],
)
def test_a_bad_certification_names_the_file_and_the_entry(catalog, tmp_path, cli, certifications, expected):
    folder = _overlay_with_provider(tmp_path, catalog, certifications=certifications)
    run = cli("catalog", "validate", str(folder))
    err = " ".join(run.err.split())
    assert run.code == 1 and "Traceback" not in run.err
    assert "providers.yaml" in err and "(scaleway)" in err and expected in err


def test_a_good_certification_validates(catalog, tmp_path, cli):
    good = [{"name": "ISO/IEC 27001", "source": "https://x.example/", "checked": "2026-12-05"}]
    folder = _overlay_with_provider(tmp_path, catalog, certifications=good, incorporated="Paris, France")
    assert cli("catalog", "validate", str(folder)).code == 0


def test_show_gives_vendor_and_operators_country_and_certifications(cli, catalog):
    model_id = "llama-3.3-70b"
    data = json.loads(cli("catalog", "show", model_id, "--json").out)
    ids = [p["id"] for p in data["providers"]]
    operators = {o["operator"] for o in data["offers"]}
    assert ids[0] == catalog.models[model_id].vendor and operators <= set(ids)
    for p in data["providers"]:
        assert p["country"] and p["summary"].startswith(f"{p['name']} (")
        assert p["certifications"] is None or all({"name", "source", "checked"} <= set(c) for c in p["certifications"])
    text = " ".join(cli("catalog", "show", model_id).out.split())
    for p in data["providers"]:
        assert " ".join(p["summary"].split()) in text


def test_the_report_names_each_company_behind_the_stack_and_whether_the_data_reaches_it(cli):
    import json

    from conftest import EXAMPLES

    run = cli("recommend", str(EXAMPLES / "clinic-regulated.yaml"), "-f", "json", "--date", "2026-11-27")
    providers = {p["id"]: p for p in json.loads(run.out)["providers"]}
    assert providers["scaleway"]["role"] == "operator" and "HDS" in providers["scaleway"]["summary"]
    qwen_maker = providers["alibaba"]
    assert qwen_maker["role"] == "maker" and "China" in qwen_maker["summary"]
    assert "none of your data reaches it" in qwen_maker["summary"]
    md = cli("recommend", str(EXAMPLES / "clinic-regulated.yaml"), "--date", "2026-11-27").out
    assert "### The providers behind the stack" in md and qwen_maker["summary"] in md
