"""The EU AI Act for one use case: its risk tier, the organisation's role, whether the Act reaches the
organisation at all, and the duties that follow (Regulation (EU) 2024/1689).

The tier follows what the system decides, not only its kind: a document review that supports decisions
about employees is an Annex III employment use, whatever the kind is called. Whoever builds a high-risk
system and puts it into service under its own name is its provider (Art. 3(3)) and carries the provider's
duties as well as the deployer's. An organisation outside the EU is bound only when its system is offered
in the EU or its output is used there (Art. 2(1)); otherwise the duties are conditional. Decisions with
legal or similarly significant effect on people also meet GDPR Art. 22.
"""

from __future__ import annotations

from typing import Literal

from advisor.answers.model import Organisation, UseCase
from advisor.catalog.schema import AiAct, AiActTier
from advisor.named_tuples import NamedTuple

# what a decision about people makes of a use case: its Annex III point
ANNEX_III: dict[str, str] = {
    "employment": "Annex III point 4 (employment, workers management)",
    "credit": "Annex III point 5(b) (creditworthiness of natural persons)",
    "insurance": "Annex III point 5(c) (life and health insurance risk and pricing)",
    "education": "Annex III point 3 (education and vocational training)",
    "essential_services": "Annex III point 5(a) (access to essential public services and benefits)",
}
PROVIDER_DUTIES = [
    "Art. 16 with Arts. 9-15 and 17: risk management, data governance, technical documentation, logging, "
    "instructions for use, human oversight, accuracy and robustness, a quality management system",
    "Art. 43: conformity assessment (internal control under Annex VI for most Annex III uses)",
    "Arts. 47-48: EU declaration of conformity and CE marking",
    "Art. 49: registration in the EU database before putting it into service",
    "Arts. 72-73: post-market monitoring and serious-incident reporting",
]
DEPLOYER_DUTIES = [
    "Art. 26: use it according to its instructions, with trained human oversight, relevant input data, "
    "monitoring, logs kept at least six months, and workers informed before it is used at work",
    "Art. 26(11): inform the people it makes or assists decisions about",
    "Art. 86: explain a decision to a person it affects, on request",
]
KIND_DECISION = {"hr_screening": "employment", "credit_scoring": "credit"}  # kinds that are such decisions
FRIA = "Art. 27: a fundamental-rights impact assessment before first use"
FRIA_FOR = {"credit", "insurance", "essential_services"}
GDPR_22 = (
    "GDPR Art. 22: no decision with legal or similarly significant effect based solely on automated processing; "
    "keep a person who reviews each decision and a way to contest it (for credit, CJEU C-634/21 SCHUFA)"
)


class Assessment(NamedTuple):
    tier: AiActTier
    role: Literal["provider", "deployer"]
    applies: str  # "yes", or "conditional: ..." with why
    reference: str
    duties: list[str]


def assess(kind: AiAct, use_case: UseCase, organisation: Organisation) -> Assessment:
    """The AI Act's tier, role, reach and duties for this use case of this organisation."""
    decision: str = use_case.decides_about_people
    if decision == "none":
        decision = KIND_DECISION.get(use_case.kind, "none")
    tier: AiActTier = kind.tier
    reference, duties = kind.reference, list(kind.duties)
    if decision in ANNEX_III and tier not in ("high_risk", "prohibited"):
        tier, reference, duties = "high_risk", f"{ANNEX_III[decision]}: it makes or supports such decisions", []
    role: Literal["provider", "deployer"] = (
        "provider" if tier == "high_risk" and use_case.system == "own" else "deployer"
    )
    if tier == "high_risk":
        duties = [*(PROVIDER_DUTIES if role == "provider" else []), *_deployer_duties(duties, decision)]
    if decision != "none" and (organisation.jurisdiction in ("eu", "uk") or organisation.serves_eu):
        duties.append(GDPR_22)  # UK GDPR keeps the same article
    if organisation.jurisdiction == "eu":
        applies = "yes"
    elif organisation.serves_eu:
        applies = "yes: its systems are offered in the EU or their output is used there (Art. 2(1))"
    else:
        applies = (
            "conditional: only if the system is offered in the EU or its output is used there (Art. 2(1)); "
            "otherwise these duties do not bind"
        )
    return Assessment(tier, role, applies, reference, _unique(duties))


def _deployer_duties(kind_duties: list[str], decision: str) -> list[str]:
    out = [*kind_duties, *DEPLOYER_DUTIES]
    if decision in FRIA_FOR:
        out.append(FRIA)
    return out


def _unique(duties: list[str]) -> list[str]:
    """Each duty once, the first of those citing the same article kept (the kind's own wording first); a
    summary of a whole article ("Art. 26") is left out where its paragraphs ("Art. 26(1)") are listed."""
    seen: set[str] = set()
    out = []
    for duty in duties:
        article = duty.split(":")[0]
        if article in seen or any(other.startswith(article + "(") for other in seen):
            continue
        seen.add(article)
        out.append(duty)
    return out
