"""Client language: the Markdown and HTML reports and the terminal summary name providers, vendors, regions
and rules in words; ids stay in the JSON fields that are ids."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES

EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
DATE = "2026-11-27"


def _provider_ids() -> list[str]:
    from advisor.api import load_catalog

    return sorted(load_catalog().providers)


def id_leaks(text: str, provider_ids: list[str]) -> list[str]:
    """Every place the text names a provider, a mode, a region or a rule by its id."""
    leaks = []
    for pid in [*provider_ids, "self"]:
        forms = (f" by {pid}", f"({pid},", f"({pid})", f"{pid} (", f" {pid},", f", {pid}.")
        leaks += [form for form in forms if re.search(rf"(?<![\w./-]){re.escape(form.strip())}(?![\w-])", text)]
    leaks += re.findall(r"\b(?:shared_api|self_hosted|on_prem|self hosted)\b", text)
    leaks += re.findall(
        r"\[(?:needs\.[a-z_]+|data_sensitivity|expertise|licence|lifecycle|hardware|offer_limits)\]", text
    )
    leaks += re.findall(r"\b(?:in|from) (?:OTHER|other)\b(?! than)", text)
    return leaks


def model_id_leaks(text: str) -> list[str]:
    """Every model named by its catalog id where the id is not also its name ('gemma-4-26b-a4b'), outside the
    provenance appendix (whose sources quote file names)."""
    from advisor.api import load_catalog

    body = re.sub(r"Catalog provenance.*?(?=Method)", " ", text, flags=re.S)
    ids = [m.id for m in load_catalog().models.values() if m.id != m.name]
    return [i for i in ids if re.search(rf"(?<![\w./@-]){re.escape(i)}(?![\w@-])", body)]


def prose_of_html(text: str) -> str:
    """The words a reader of the HTML sees: no tags, no style, no code, no link targets."""
    text = re.sub(r"<(style|code|script)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def prose_of_markdown(text: str) -> str:
    """The words a reader of the Markdown sees: no code spans and no autolinks."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<https?://[^>]*>", " ", text)
    return text.replace("\\", "")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, str]:
    """The examples' Markdown and HTML reports and terminal summaries, as a reader sees their words."""
    import datetime as dt

    from advisor.api import load_answers, load_catalog, recommend, render
    from advisor.cli.summary import summary_lines

    catalog = load_catalog()
    out = {}
    for name in EXAMPLE_NAMES:
        rec = recommend(
            load_answers(EXAMPLES / f"{name}.yaml", catalog=catalog), catalog=catalog, date=dt.date.fromisoformat(DATE)
        )
        out[f"{name}.md"] = prose_of_markdown(render(rec, "md", catalog=catalog))
        out[f"{name}.html"] = prose_of_html(render(rec, "html", catalog=catalog))
        lines = summary_lines(rec, Path("report.md"), catalog)
        out[f"{name} summary"] = "\n".join("".join(text for text, _ in line) for line in lines)
    return out


def test_the_leak_check_finds_the_ids_the_reports_used_to_print():
    ids = ["alibaba", "anthropic", "aws", "google-cloud", "scaleway"]
    for old in (
        "Claude Sonnet 5.5, shared API by anthropic (global), EUR 29",
        "also offered by anthropic, aws, google-cloud.",
        "From another vendor (alibaba, open-weights)",
        "gpt-oss-20b, dedicated single-tenant by scaleway (EU)",
        "self hosted (self, eu)",
        "Runs as self_hosted under your own control, data processed in OTHER.",
        "[expertise] on_prem needs more in-house expertise than 'some'",
    ):
        assert id_leaks(old, ids), old
    assert not id_leaks("Claude Sonnet 5.5 via Amazon Web Services (Bedrock, EU), EUR 24", ids)
    assert model_id_leaks("- gemma-4-26b-a4b (dedicated single-tenant) serves") == ["gemma-4-26b-a4b"]


@pytest.mark.parametrize("kind", ["md", "html", "summary"])
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_no_provider_mode_region_or_rule_id_reaches_the_prose(reports, example, kind):
    key = f"{example} summary" if kind == "summary" else f"{example}.{kind}"
    assert id_leaks(reports[key], _provider_ids()) == []
    assert model_id_leaks(reports[key]) == []


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_the_prose_names_providers_by_their_catalog_names(reports, example):
    from advisor.api import load_catalog

    names = {p.name for p in load_catalog().providers.values()}
    for key in (f"{example}.md", f"{example}.html", f"{example} summary"):
        assert any(name.rstrip(")") in reports[key] for name in names), key


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_the_report_has_a_glossary_of_the_terms_it_uses(reports, example, fmt):
    text = reports[f"{example}.{fmt}"]
    glossary = text[text.index("Glossary") :]
    for term in (
        "Shared API",
        "Dedicated",
        "Self-hosted",
        "On-prem",
        "Zero retention",
        "DPA",
        "DPIA",
        "Fallback",
        "Gateway",
        "Quality fit",
    ):
        assert term in glossary, term


def test_explain_names_providers_as_the_report_does(cli):
    run = cli("explain", str(EXAMPLES / "eu-marketing-hr.yaml"), "-u", "Marketing content", "--date", DATE)
    assert run.code == 0, run.err
    assert "also offered by Anthropic, Amazon Web Services (Bedrock) and Google Cloud Vertex AI" in run.out
    assert "{provider:" not in run.out
