"""The client's words for the catalog's ids: regions and countries, ways of running a model, and providers.

Ids (`aws`, `shared_api`, `eu`) stay in the JSON fields that are ids; every sentence a client reads says
"Amazon Web Services (Bedrock)", "a shared API", "the EU". The engine's sentences cannot look a provider's
name up (it has no catalog to hand), so they carry a provider reference, `provider_ref("aws")`, that
whoever has the catalog turns into the name with `name_providers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# regions where data is processed, and countries where providers are established
REGION_NAMES = {
    "eu": "EU",
    "us": "US",
    "uk": "UK",
    "ch": "Switzerland",
    "cn": "China",
    "sg": "Singapore",
    "fr": "France",
    "de": "Germany",
    "ca": "Canada",
    "global": "global",
    "other": "your jurisdiction",
}
REGION_PHRASES = {"eu": "the EU", "us": "the US", "uk": "the UK", "global": "any region"}
MODE_LABELS = {
    "shared_api": "shared API",
    "dedicated": "dedicated single-tenant",
    "self_hosted": "self-hosted in your cloud",
    "on_prem": "on premises",
}
MODE_WORDS = {  # a mode inside a sentence
    "shared_api": "a shared API",
    "dedicated": "a dedicated deployment",
    "self_hosted": "self-hosted",
    "on_prem": "on premises",
}
_MODE_WORD = re.compile(r"\b(shared_api|self_hosted|on_prem)\b")
_PROVIDER_REF = re.compile(r"\{provider:([a-z0-9][a-z0-9.\-]*)\}")


def region_name(region: str) -> str:
    """'eu' -> 'EU', 'ch' -> 'Switzerland': for a table cell or a label in brackets."""
    return REGION_NAMES.get(region, region.upper() if len(region) <= 3 else region)


def region_phrase(region: str) -> str:
    """'eu' -> 'the EU', for a sentence."""
    return REGION_PHRASES.get(region, region_name(region))


def mode_words(text: str) -> str:
    """The mode ids a sentence may carry ('shared_api') as words ('a shared API')."""
    return _MODE_WORD.sub(lambda m: MODE_WORDS[m.group(0)], text)


def provider_ref(provider_id: str) -> str:
    """A provider inside one of the engine's sentences, for `name_providers` to name."""
    return f"{{provider:{provider_id}}}"


def name_providers(text: str, name: Callable[[str], str]) -> str:
    """Every provider reference in the text replaced by the provider's name."""
    return _PROVIDER_REF.sub(lambda m: name(m.group(1)), text)


def and_list(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def unit_names(unit: str) -> tuple[str, str]:
    """A unit of work as the answers name it, singular and plural: 'letter' -> ('letter', 'letters'),
    'summary' -> ('summary', 'summaries'), 'analysis/analyses' as given (an irregular plural is written out)."""
    one, _, many = unit.partition("/")
    one = one.strip()
    if many.strip():
        return one, many.strip()
    if one.endswith("y") and one[-2:-1] not in ("a", "e", "i", "o", "u"):
        return one, one[:-1] + "ies"
    if one.endswith(("s", "x", "z", "ch", "sh")):
        return one, one + "es"
    return one, one + "s"
