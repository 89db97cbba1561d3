"""What the report recommends for the shipped examples, and why."""

from __future__ import annotations

import json

from conftest import DATE, EXAMPLES

from advisor.engine.stack import decide
from advisor.wording import provider_ref

OWN_CONTROL = {"self_hosted", "on_prem", "dedicated"}


def by_name(rec, name):
    return next(r for r in rec.use_cases if r.name == name)


def test_eu_example_puts_public_marketing_on_a_closed_api_and_regulated_hr_under_control(example, catalog):
    rec = decide(example("eu-marketing-hr"), catalog, DATE)
    marketing = by_name(rec, "Marketing content")
    assert marketing.primary.option.model.weights == "closed"
    assert marketing.primary.option.deployment.mode == "shared_api"
    hr = by_name(rec, "HR document review")
    assert hr.primary.option.deployment.mode in OWN_CONTROL
    assert hr.primary.option.deployment.region == "eu"
    for result in (marketing, hr):
        assert result.reasons and result.fallback_reasons
        assert result.fallback.option.model.vendor != result.primary.option.model.vendor


def test_fallback_prefers_the_other_camp(example, catalog):
    rec = decide(example("eu-marketing-hr"), catalog, DATE)
    marketing = by_name(rec, "Marketing content")
    assert marketing.fallback.option.model.weights == "open"


def test_marking_marketing_regulated_moves_it_off_the_shared_api(example, catalog, cli):
    run = cli(
        "recommend",
        str(EXAMPLES / "eu-marketing-hr.yaml"),
        "--format",
        "json",
        "--date",
        "2026-11-27",
        "--set",
        "use_cases.0.data_sensitivity=regulated",
    )
    assert run.code == 0, run.err
    stack = json.loads(run.out)["stack"]
    marketing = stack[0]
    assert marketing["data_sensitivity"] == "regulated"
    assert marketing["primary"]["deployment"] in OWN_CONTROL
    shared = [ex for ex in marketing["excluded"] if ex["deployment"] == "shared_api"]
    assert shared and all(any(r.startswith("[data_sensitivity]") for r in ex["reasons"]) for ex in shared)


def test_sensitive_data_never_reaches_a_forbidden_deployment(example, catalog):
    rec = decide(example("eu-marketing-hr"), catalog, DATE)
    hr = by_name(rec, "HR document review")
    for scored in hr.ranked:
        d = scored.option.deployment
        assert d.mode != "shared_api"
        if d.mode == "dedicated":
            assert d.region == "eu" and d.zero_retention


def test_clinic_without_engineers_gets_no_self_hosting(example, catalog):
    rec = decide(example("clinic-regulated"), catalog, DATE)
    letters = by_name(rec, "Discharge letter drafts")
    assert all(s.option.deployment.mode not in ("self_hosted", "on_prem") for s in letters.ranked)
    own = [ex for ex in letters.excluded if ex.option.deployment.mode == "self_hosted"]
    assert own and all(any(e.rule == "expertise" for e in ex.exclusions) for ex in own)


def test_when_nothing_passes_the_report_says_what_would_have_to_change(example, catalog):
    answers = example("clinic-regulated")
    answers.constraints.exclude_providers.append("scaleway")
    rec = decide(answers, catalog, DATE)
    letters = by_name(rec, "Discharge letter drafts")
    assert letters.primary is None
    rules = {c.rule for c in letters.changes_needed}
    assert "expertise" in rules and "data_sensitivity" in rules
    assert any("no option passes" in w for w in rec.warnings)


def test_startup_bot_is_within_its_small_budget(example, catalog):
    rec = decide(example("startup-support-bot"), catalog, DATE)
    assert rec.totals.within_budget
    assert rec.totals.currency == "USD"
    bot = by_name(rec, "Support chatbot")
    assert bot.primary.option.model.capabilities.speed >= 7  # low_latency
    assert bot.kind.ai_act.tier == "transparency"


def test_eu_organisation_needing_vision_and_open_weights_never_gets_a_multimodal_llama(example, catalog):
    answers = example("eu-marketing-hr")
    answers.constraints.open_weights_only = True
    for use_case in answers.use_cases:
        use_case.needs = ["vision"]
    rec = decide(answers, catalog, DATE)
    for result in rec.use_cases:
        assert all(s.option.model.family.lower().find("llama") < 0 for s in result.ranked)
        llamas = [ex for ex in result.excluded if ex.option.model.licence.startswith("llama-4")]
        assert llamas and all(any(e.rule == "licence" for e in ex.exclusions) for ex in llamas)


def test_same_inputs_give_byte_identical_reports(cli):
    args = ("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--date", "2026-11-27")
    for fmt in ("md", "json"):
        first = cli(*args, "--format", fmt)
        second = cli(*args, "--format", fmt)
        assert first.code == 0 and first.out == second.out


def test_json_report_keeps_the_contract(cli):
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-f", "json", "--date", "2026-11-27")
    data = json.loads(run.out)
    assert data["schema_version"] == 1 and data["generated"] == "2026-11-27"
    assert {"version", "models", "oldest_verified"} <= set(data["catalog"])
    assert data["answers"]["organisation"]["name"] == "Nordwerk Maschinenbau GmbH"
    entry = data["stack"][0]
    for key in (
        "use_case",
        "kind",
        "data_sensitivity",
        "primary",
        "fallback",
        "alternatives",
        "excluded",
        "ai_act",
        "sensitivity",
    ):
        assert key in entry
    for key in (
        "model",
        "vendor",
        "weights",
        "deployment",
        "region",
        "operator",
        "monthly_cost",
        "currency",
        "score",
        "contributions",
        "reasons",
    ):
        assert key in entry["primary"]
    assert abs(sum(entry["primary"]["contributions"].values()) - entry["primary"]["score"]) < 1e-3
    assert {"margin", "fragile", "flips"} <= set(entry["sensitivity"])
    assert {"monthly_cost", "currency", "budget", "within_budget"} <= set(data["totals"])
    assert isinstance(data["warnings"], list)


def test_report_to_a_file_prints_a_summary_on_stderr(cli, tmp_path):
    out = tmp_path / "deep" / "er" / "report.md"
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(out), "--date", "2026-11-27")
    assert run.code == 0 and run.out == ""
    text = out.read_text()
    assert text.startswith("# LLM stack recommendation for Nordwerk Maschinenbau GmbH")
    assert "report written to" in run.err and "EUR" in run.err
    assert [p.name for p in out.parent.iterdir()] == ["report.md"]  # no temporary file left


def test_the_summary_wraps_at_spaces_to_the_terminal_width(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(tmp_path / "r.md"), "--date", "2026-11-27")
    lines = run.err.splitlines()
    assert all(len(line) <= 40 and line == line.rstrip() for line in lines[:-1]), lines  # the last: a long path
    assert "Claude Sonnet 5.5" in run.err.replace("\n", " ")  # no word cut in two
    assert lines[0] == "LLM stack for Nordwerk Maschinenbau GmbH" and lines[-1].endswith("r.md")
    assert "report written to" in run.err


def test_markdown_names_exclusions_and_fallbacks(cli):
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--date", "2026-11-27")
    assert "**Fallback:** Gemma 4 26B A4B via Amazon Web Services (Bedrock, US)" in run.out
    assert "Data protection: the data class does not allow this deployment" in run.out
    assert "[data_sensitivity]" not in run.out  # the rule's own words are the JSON report's
    assert "Options excluded" in run.out and "EU AI Act" in run.out


def test_an_operator_keeps_serving_a_model_its_vendor_retires(example, catalog):
    rec = decide(example("eu-marketing-hr"), catalog, DATE)
    marketing = by_name(rec, "Marketing content")
    passed = {s.option.id for s in marketing.ranked}
    retired = {ex.option.id: ex.exclusions for ex in marketing.excluded}
    assert "claude-sonnet-4.5@aws/shared_api/eu" in passed  # Bedrock serves it until 2027-04-08
    assert any(e.rule == "lifecycle" for e in retired["claude-sonnet-4.5@anthropic/shared_api/global"])
    # open weights on the organisation's own GPUs never retire
    assert all(
        e.rule != "lifecycle" for ex in marketing.excluded if ex.option.deployment.offer is None for e in ex.exclusions
    )


def test_explicit_weights_replace_the_ranking(example, catalog):
    answers = example("startup-support-bot")
    answers.weights = {"quality": 1.0}
    answers.budget.monthly = 10**6  # a budget that binds nothing: the weights alone decide
    rec = decide(answers, catalog, DATE)
    assert rec.weights["quality"] > 0.9 and rec.weights["cost"] == 0
    for result in rec.use_cases:
        best_quality = max(s.values["quality"] for s in result.ranked)
        assert result.primary.values["quality"] == best_quality


def test_exclusions_grouped_by_rule_match_the_listed_exclusions(example, catalog):
    """The report groups exclusions from the decision without listing each (fast for large catalogs); the
    grouping must be the one the listed exclusions give."""
    from advisor.report.narrative import excluded_by_rule
    from advisor.report.render import use_case_view

    for name in ("eu-marketing-hr", "clinic-regulated", "startup-support-bot"):
        rec = decide(example(name), catalog, DATE)
        for r in rec.use_cases:
            view = use_case_view(r, rec.totals.currency)
            listed = {**view, "excluded": list(view["excluded"])}
            assert excluded_by_rule(view) == excluded_by_rule(listed)
            assert {g["rule"] for g in excluded_by_rule(view)} == {e.rule for ex in r.excluded for e in ex.exclusions}


def test_every_excluded_option_is_described_as_itself(cli):
    """The data gates are decided once per kind of deployment; the reason each removed option is given must
    still name its own operator, region and terms (a consultant reads these lines to the client)."""
    import re

    for name in ("eu-marketing-hr", "clinic-regulated"):
        run = cli("recommend", str(EXAMPLES / f"{name}.yaml"), "--format", "json", "--date", str(DATE))
        checked = 0
        for use_case in json.loads(run.out)["stack"]:
            for item in use_case["excluded"]:
                for reason in item["reasons"]:
                    said = re.search(r"this is (\w+) by (\S+) in (\S+) ", reason)
                    if said:
                        assert said.groups() == (item["deployment"], item["operator"], item["region"]), reason
                        checked += 1
        assert checked > 10


def test_a_primary_moved_onto_a_shared_deployment_keeps_a_fallback_from_another_vendor(example, catalog):
    """With no budget, Marketing content joins HR's own deployment (another vendor's model than its best);
    its fallback and alternatives are chosen again around the model it now runs."""
    answers = example("eu-marketing-hr")
    answers.budget.monthly = 0
    rec = decide(answers, catalog, DATE)
    marketing = by_name(rec, "Marketing content")
    assert marketing.primary.option.id != marketing.ranked[0].option.id  # it was moved
    for result in rec.use_cases:
        primary = result.primary.option.model
        assert result.fallback is not None and result.fallback.option.model.vendor != primary.vendor
        assert primary.id not in {a.option.model.id for a in result.alternatives}
        assert any(
            f"from another vendor, {provider_ref(result.fallback.option.model.vendor)}," in r
            for r in result.fallback_reasons
        )


def test_an_excluded_provider_the_catalog_does_not_know_is_warned_about(example, catalog):
    answers = example("eu-marketing-hr")
    answers.constraints.exclude_providers = ["antropic", "huawei"]
    rec = decide(answers, catalog, DATE)
    assert rec.warnings[:2] == [
        "constraints.exclude_providers: 'antropic' is no provider in the catalog, so it excludes nothing; "
        "did you mean 'anthropic'?",
        "constraints.exclude_providers: 'huawei' is no provider in the catalog, so it excludes nothing; "
        f"expected one of {', '.join(sorted(catalog.providers))}",
    ]
    # the typo excluded nothing: Anthropic still wins the marketing content
    assert rec.use_cases[0].primary is not None and rec.use_cases[0].primary.option.model.vendor == "anthropic"
    answers.constraints.exclude_providers = ["anthropic"]
    assert not any("exclude_providers" in w for w in decide(answers, catalog, DATE).warnings)
