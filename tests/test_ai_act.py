"""The EU AI Act per use case: the tier follows what the system decides, the role follows who builds it,
and an organisation outside the EU is told when the Act reaches it."""

from __future__ import annotations

import datetime as dt

from advisor.api import recommend

DATE = dt.date(2026, 11, 27)


def _case(example, catalog, **changes):
    answers = example("eu-marketing-hr")
    hr = next(u for u in answers.use_cases if u.name == "HR document review")
    for key, value in changes.items():
        if key in ("jurisdiction", "serves_eu"):
            setattr(answers.organisation, key, value)
        else:
            setattr(hr, key, value)
    rec = recommend(answers, catalog=catalog, date=DATE, keep=False)
    return next(r for r in rec.use_cases if r.name == "HR document review"), rec


def test_a_document_review_that_supports_decisions_about_employees_is_high_risk(example, catalog):
    plain, _ = _case(example, catalog)
    assert plain.ai_act.tier == "minimal"
    deciding, rec = _case(example, catalog, decides_about_people="employment")
    assert deciding.ai_act.tier == "high_risk" and "Annex III point 4" in deciding.ai_act.reference
    assert any("high-risk under the EU AI Act" in w for w in rec.warnings)


def test_who_builds_a_high_risk_system_carries_the_providers_duties(example, catalog):
    own, _ = _case(example, catalog, decides_about_people="employment", system="own")
    bought, _ = _case(example, catalog, decides_about_people="employment", system="bought")
    assert own.ai_act.role == "provider" and bought.ai_act.role == "deployer"
    for article in ("Art. 16", "Art. 43", "Art. 49"):
        assert any(d.startswith(article) for d in own.ai_act.duties)
        assert not any(d.startswith(article) for d in bought.ai_act.duties)
    for duties in (own.ai_act.duties, bought.ai_act.duties):  # both use it: the deployer's duties and GDPR
        assert any(d.startswith("Art. 26:") for d in duties) and any(d.startswith("GDPR Art. 22") for d in duties)


def test_credit_decisions_need_a_fundamental_rights_impact_assessment(example, catalog):
    credit, _ = _case(example, catalog, decides_about_people="credit", system="bought")
    assert "5(b)" in credit.ai_act.reference and any(d.startswith("Art. 27") for d in credit.ai_act.duties)


def test_outside_the_eu_the_act_binds_only_through_its_doors(example, catalog):
    home, _ = _case(example, catalog, jurisdiction="us")
    assert home.ai_act.applies.startswith("conditional") and "Art. 2(1)" in home.ai_act.applies
    selling, _ = _case(example, catalog, jurisdiction="us", serves_eu=True)
    assert selling.ai_act.applies.startswith("yes")
    eu, _ = _case(example, catalog)
    assert eu.ai_act.applies == "yes"


def test_an_article_summarised_is_left_out_where_its_paragraphs_are_listed(example, catalog):
    answers = example("eu-marketing-hr")
    answers.use_cases[1].kind = "credit_scoring"
    rec = recommend(answers, catalog=catalog, date=dt.date(2026, 11, 27), keep=False)
    duties = rec.use_cases[1].ai_act.duties
    assert any(d.startswith("Art. 26(1)") for d in duties)
    assert not any(d.startswith("Art. 26:") for d in duties)
