"""A provider's due diligence in words: where it is from, the certifications it publishes, whether it offers a
data processing agreement (DPA). Pure functions of a `Provider`, for `catalog show` and the report.

`Diligence` is the shape of those facts as data, in `catalog show --json` and in the JSON report's `providers`
(`advisor.report.schema.ProviderDiligence` adds the provider's role in the stack).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from typing_extensions import TypedDict  # pydantic reads typing.TypedDict only from Python 3.12

from advisor.catalog.schema import Provider
from advisor.wording import region_name

if TYPE_CHECKING:
    from pydantic import Field


class Certification(TypedDict):
    name: str
    source: str
    checked: str


class Diligence(TypedDict):
    id: str
    name: str
    jurisdiction: str
    country: Annotated[str, Field(description="Where it is established, in words")]
    incorporated: str | None
    certifications: Annotated[
        list[Certification] | None, Field(description="As published; null: not known; []: none found")
    ]
    dpa: Annotated[bool | None, Field(description="Whether it offers a data processing agreement; null: not known")]
    summary: str


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


def details(provider: Provider) -> Diligence:
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
