"""The glossary at the end of the Markdown and HTML reports: the terms the report uses, in a client's words.

The same words in every report (not part of the JSON report, which is data), so the templates read them as
a global, `glossary`.
"""

from __future__ import annotations

from advisor.named_tuples import NamedTuple


class Term(NamedTuple):
    term: str
    meaning: str


GLOSSARY: tuple[Term, ...] = (
    Term(
        "Shared API",
        "A model used over the internet through a provider's service that many customers share; you pay per "
        "token (a token is about three quarters of a word).",
    ),
    Term(
        "Dedicated",
        "A single-tenant deployment: a provider runs the model on GPUs reserved for you alone, in a stated region, "
        "for a fixed price per hour.",
    ),
    Term("Self-hosted", "An open-weight model that you run on GPUs rented in your own cloud account."),
    Term("On-prem", "On premises: an open-weight model that you run on your own hardware, in your own building."),
    Term(
        "Zero retention",
        "The provider keeps neither your requests nor its answers once it has answered; often on request only.",
    ),
    Term(
        "DPA",
        "Data processing agreement (GDPR Art. 28 in the EU and the UK, revFADP Art. 9 in Switzerland): the "
        "contract under which a provider processes personal data on your behalf.",
    ),
    Term(
        "DPIA",
        "Data protection impact assessment (GDPR Art. 35 in the EU and the UK, revFADP Art. 22 in Switzerland; "
        "elsewhere a privacy impact assessment): the assessment required before processing that is likely to be "
        "high-risk for the people whose data it is.",
    ),
    Term(
        "Fallback",
        "A second model, from another vendor, that each use case can switch to if the first fails, gets dearer "
        "or is retired.",
    ),
    Term(
        "Gateway",
        "A thin layer between your applications and the models that routes each request, so that switching "
        "model or provider is a change of configuration, not of code.",
    ),
    Term(
        "Quality fit",
        "How well a model's published capability ratings match what a use case needs, on a scale of 0 to 1; "
        "the pilot tests it on your own data.",
    ),
    Term("Open weights", "A model whose weights are published, so that anyone may run it under its licence."),
)
