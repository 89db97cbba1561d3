"""A provider's due diligence in words: where it is from, the certifications it publishes, whether it offers a
data processing agreement (DPA). Pure functions of a `Provider`, for `catalog show` and the report."""

from __future__ import annotations

from typing import Any

from advisor.catalog.schema import Provider
from advisor.wording import region_name

# a country in a sentence, where the region's short name ("US", "UK") is not a country's name in words
COUNTRY_WORDS = {"us": "United States", "uk": "United Kingdom", "eu": "the EU"}


def country(provider: Provider) -> str:
    """Where it is established, in words: its jurisdiction's country ("France"), refined by its place of
    incorporation where the catalog gives one ("Delaware, United States"), and both where they differ
    ("China; incorporated in Singapore (...)": a model's origin is not hidden by a holding company abroad)."""
    home = COUNTRY_WORDS.get(provider.jurisdiction, region_name(provider.jurisdiction))
    incorporated = provider.incorporated
    if not incorporated:
        return home
    return incorporated if home in incorporated else f"{home}; incorporated in {incorporated}"


def certifications_text(provider: Provider) -> str:
    """'ISO/IEC 27001, HDS'; 'no published certification found'; 'certifications not known' (not looked up)."""
    if provider.certifications is None:
        return "certifications not known"
    if not provider.certifications:
        return "no published certification found"
    return ", ".join(c.name for c in provider.certifications)


def dpa_text(provider: Provider) -> str:
    if provider.dpa is None:
        return "data processing agreement not known"
    return "data processing agreement offered" if provider.dpa else "no data processing agreement offered"


def summary(provider: Provider) -> str:
    """One line: "Scaleway (France): ISO/IEC 27001, HDS; data processing agreement offered"."""
    return f"{provider.name} ({country(provider)}): {certifications_text(provider)}; {dpa_text(provider)}"


def details(provider: Provider) -> dict[str, Any]:
    """The same as data (`catalog show --json`): certifications None where not known, [] where none found."""
    return {
        "id": provider.id,
        "name": provider.name,
        "jurisdiction": provider.jurisdiction,
        "country": country(provider),
        "incorporated": provider.incorporated,
        "certifications": None
        if provider.certifications is None
        else [{"name": c.name, "source": c.source, "checked": c.checked.isoformat()} for c in provider.certifications],
        "dpa": provider.dpa,
        "summary": summary(provider),
    }
