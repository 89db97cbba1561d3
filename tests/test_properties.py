"""Properties of the decision that must hold for any answers (hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
import functools

import pytest
from conftest import DATE, EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.answers.model import NEEDS, PRIORITIES, Answers
from advisor.catalog.load import load_catalog
from advisor.catalog.schema import Catalog
from advisor.engine.policy import Requirements, rule_allows
from advisor.engine.pricing import ProfileColumns
from advisor.engine.stack import decide
from advisor.plain_text import refused
from advisor.report.render import render_json
from advisor.validation import validator

KINDS = [
    "content_creation", "customer_support", "coding_assistant", "document_analysis", "data_extraction",
    "summarization", "translation", "agentic_automation", "knowledge_assistant", "hr_screening",
    "credit_scoring", "analytics",
]  # fmt: skip
SENSITIVITIES = ["public", "internal", "confidential", "regulated"]

use_case = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(KINDS),
        "data_sensitivity": st.sampled_from(SENSITIVITIES),
        "requests_per_month": st.integers(0, 2_000_000),
        "needs": st.lists(st.sampled_from(NEEDS), max_size=2, unique=True),
    },
    optional={"input_tokens": st.integers(1, 200_000), "output_tokens": st.integers(1, 20_000)},
)
answers_data = st.fixed_dictionaries(
    {
        "organisation": st.fixed_dictionaries(
            {
                "name": st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20).filter(
                    lambda name: name.strip() and refused(name, name=True) is None  # the rule for names
                ),
                "jurisdiction": st.sampled_from(["eu", "uk", "us", "ch", "other"]),
            }
        ),
        "budget": st.fixed_dictionaries(
            {
                "monthly": st.one_of(st.just(0.0), st.floats(1, 1_000_000)),
                "currency": st.sampled_from(["EUR", "USD", "GBP", "CHF"]),
            }
        ),
        "expertise": st.sampled_from(["none", "some", "strong"]),
        "data_sensitivity": st.sampled_from(SENSITIVITIES),
        "priorities": st.permutations(list(PRIORITIES)),
        "constraints": st.fixed_dictionaries(
            {
                "open_weights_only": st.booleans(),
                "exclude_providers": st.lists(st.sampled_from(["openai", "anthropic", "aws", "scaleway"]), max_size=2),
            }
        ),
        "use_cases": st.lists(use_case, min_size=1, max_size=3),
    }
)


@functools.cache
def shipped() -> Catalog:
    """The shipped catalog, outside hypothesis's arguments (its repr would fill a failure report)."""
    return load_catalog()


def build(data: dict) -> Answers:
    for i, case in enumerate(data["use_cases"]):
        case["name"] = f"Use case {i + 1}"
    return validator(Answers).validate_python(data)


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(answers_data)
def test_data_never_reaches_a_deployment_its_sensitivity_forbids(data: dict) -> None:
    catalog = shipped()
    answers = build(data)
    rec = decide(answers, catalog, DATE)
    rules = catalog.policies.sensitivity
    for result in rec.use_cases:
        req = Requirements(
            sensitivity=result.sensitivity,
            jurisdiction=answers.organisation.jurisdiction,
            expertise=answers.expertise,
            open_weights_only=answers.constraints.open_weights_only,
            exclude_providers=frozenset(answers.constraints.exclude_providers),
            needs=tuple(result.use_case.needs),
            context_tokens=result.volume.input_tokens + result.volume.output_tokens,
            date=DATE,
        )
        for scored in result.ranked:
            option = scored.option
            assert any(rule_allows(option, rule, req, catalog.policies) for rule in rules[result.sensitivity])
            assert option.deployment.mode not in catalog.policies.expertise_forbids[answers.expertise]
            assert not {option.model.vendor, option.deployment.operator} & req.exclude_providers
            if answers.constraints.open_weights_only:
                assert option.model.weights == "open"


@FAST
@given(answers_data)
def test_the_same_inputs_give_the_same_report(data: dict) -> None:
    catalog = shipped()
    answers = build(data)
    assert render_json(decide(answers, catalog, DATE)) == render_json(decide(answers, catalog, DATE))


@FAST
@given(answers_data, st.floats(1.5, 20))
def test_raising_the_budget_never_makes_a_winner_worse_on_anything_but_cost(data: dict, factor: float) -> None:
    catalog = shipped()
    answers = build(data)
    richer = copy.deepcopy(answers)
    richer.budget.monthly = answers.budget.monthly * factor
    before, after = decide(answers, catalog, DATE), decide(richer, catalog, DATE)
    for old, new in zip(before.use_cases, after.use_cases, strict=True):
        if old.ranked and new.ranked:
            old_rest = old.ranked[0].score - old.ranked[0].contributions["cost"]
            new_rest = new.ranked[0].score - new.ranked[0].contributions["cost"]
            assert new_rest >= old_rest - 1e-9


@FAST
@given(answers_data, st.data())
def test_removing_a_losing_model_never_changes_the_winner(data: dict, draw: st.DataObject) -> None:
    catalog = shipped()
    answers = build(data)
    rec = decide(answers, catalog, DATE)
    winners = [r.ranked[0].option.id if r.ranked else None for r in rec.use_cases]
    losing = {s.option.model.id for r in rec.use_cases for s in r.ranked[1:]} - {
        r.ranked[0].option.model.id for r in rec.use_cases if r.ranked
    }
    if not losing:
        return
    gone = draw.draw(st.sampled_from(sorted(losing)))
    smaller = catalog._replace(
        models={k: v for k, v in catalog.models.items() if k != gone},
        offers={k: v for k, v in catalog.offers.items() if v.model != gone},
    )
    again = decide(answers, smaller, DATE)
    assert [r.ranked[0].option.id if r.ranked else None for r in again.use_cases] == winners


def test_a_later_date_only_removes_options_that_retire(catalog: Catalog, example) -> None:
    answers = example("eu-marketing-hr")
    now = decide(answers, catalog, DATE)
    later = decide(answers, catalog, DATE + dt.timedelta(days=400))
    retired = {
        ex.option.id for r in later.use_cases for ex in r.excluded if any(e.rule == "lifecycle" for e in ex.exclusions)
    }
    for a, b in zip(now.use_cases, later.use_cases, strict=True):
        assert {s.option.id for s in b.ranked} <= {s.option.id for s in a.ranked} | retired


@settings(max_examples=400, deadline=None)
@given(st.data(), st.integers(1024, 262_144), st.integers(1, 400_000), st.floats(0, 20_000))
def test_reserved_gpus_quoted_by_step_function_are_those_sizing_picks(
    draw: st.DataObject, size: int, request_tokens: int, load: float
) -> None:
    """The decision quotes reserved GPUs from a per-host step function of the memory need; a report sizes
    them with fits and cheapest_fit. Both must pick the same GPU type and count for any model and host."""
    from advisor.answers.load import load_answers
    from advisor.engine.costs import cheapest_fit, kv_cache_tokens
    from advisor.engine.pricing import Pricer

    catalog = shipped()
    answers = load_answers(str(EXAMPLES / "eu-marketing-hr.yaml"), kinds=set(catalog.use_case_kinds))
    pricer = Pricer(answers, catalog)
    open_models = [m for m in catalog.models.values() if m.weights == "open"]
    model = draw.draw(st.sampled_from(open_models))
    host = draw.draw(st.sampled_from([None, *catalog.dedicated_hosts.values()]))
    (quoted,) = pricer.quote(ProfileColumns([pricer.reserved_profile(model, host)]), size, request_tokens, load)
    kv = kv_cache_tokens(min(size, model.context_window), request_tokens)
    chosen = cheapest_fit(pricer.fits(model, host, kv)[1], load)
    sized = None if chosen is None else (chosen[0].gpu, chosen[0].count * chosen[1])
    assert (quoted and (quoted[0].id, quoted[1])) == (sized and (sized[0].id, sized[1]))


def flips_of_every_rival(r) -> dict:
    """The nearest flip per priority found by trying every distinct rival of another model (Triantaphyllou &
    Sanchez)."""
    from advisor.engine.robustness import PRIMARY, _tie
    from advisor.engine.scoring import CRITERIA

    winner = r.primary  # the top-scoring option, or the one the budget or a shared deployment chose
    rechosen = winner.option.id != r.ranked[0].option.id
    expected: dict = {}
    seen = {winner.vector}
    ahead: set = set()  # models already scoring higher: no flip to give
    for rival in r.ranked:
        if rival.option.id == winner.option.id:
            continue
        if rechosen and (rival.monthly_cost is None or rival.monthly_cost > winner.monthly_cost + 1e-9):
            continue  # a chosen option is compared with those that cost no more
        if rival.vector in seen or rival.option.model.id == winner.option.model.id:
            continue
        seen.add(rival.vector)
        if rival.score > winner.score + 2e-9:
            ahead.add(rival.option.model.id)
            continue
        if rival.option.model.id in ahead:
            continue
        for k in PRIMARY:
            i, w = CRITERIA.index(k), r.weights[k]
            t = _tie(winner.score, winner.vector[i], rival.score, rival.vector[i], w)
            if t is None or abs(t - w) < 1e-12:
                continue
            if k not in expected or abs(t - w) < expected[k][0]:
                expected[k] = (abs(t - w), t, rival.option.id)
    return {} if ahead else expected  # a winner that does not win on these weights has no flips


def flips_found(r) -> dict:
    return {f.criterion: (f.distance, f.flips_at, f.new_winner) for f in r.robustness.flips}


@FAST
@given(answers_data)
def test_flip_points_read_early_are_those_of_every_rival(data: dict) -> None:
    """The robustness check stops reading rivals once no later one can flip the winner nearer; the flips
    must be those found by trying every rival."""
    for r in decide(build(data), shipped(), DATE).use_cases:
        if r.robustness is not None and len(r.ranked) > 1:
            assert flips_found(r) == flips_of_every_rival(r)


@pytest.fixture(scope="module")
def large_decision(tmp_path_factory):
    """Twelve use cases of every data class and need, decided against 600 models (thousands of options each)."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import twelve_use_cases
    from synthetic_catalog import write_synthetic

    from advisor.answers.load import load_answers

    folder = write_synthetic(tmp_path_factory.mktemp("synthetic"), 600)
    catalog = load_catalog([folder])
    path = folder / "twelve.yaml"
    path.write_text(twelve_use_cases())
    return decide(load_answers(str(path), kinds=set(catalog.use_case_kinds)), catalog, DATE)


@pytest.mark.slow
def test_flip_points_read_early_hold_on_a_large_catalog(large_decision) -> None:
    """Reading stops long before the last rival: the flips must still be those of every rival."""
    assert min(len(r.ranked) for r in large_decision.use_cases) > 500
    assessed = [r for r in large_decision.use_cases if r.robustness is not None]
    assert len(assessed) == len(large_decision.use_cases)  # those chosen by the budget or sharing too
    for r in assessed:
        assert flips_found(r) == flips_of_every_rival(r)


@pytest.mark.slow
def test_exclusions_grouped_in_buckets_are_those_of_every_option_on_a_large_catalog(large_decision) -> None:
    """The report counts removed options per rule in buckets of equal reasons; on thousands of removed
    options the groups must be those that listing every option gives."""
    from advisor.report.narrative import excluded_by_rule
    from advisor.report.render import use_case_view

    assert sum(len(r.excluded) for r in large_decision.use_cases) > 10_000
    for r in large_decision.use_cases:
        view = use_case_view(r, large_decision.totals.currency)
        assert excluded_by_rule(view) == excluded_by_rule({**view, "excluded": list(view["excluded"])})


def test_the_option_table_makes_the_options_it_stands_for(catalog: Catalog, example) -> None:
    """The groundwork keeps options as columns and makes each when read: after being kept and read back
    (pickled) it must make the very options `options_by_model` makes, in the same order, found by id."""
    import pickle

    from advisor.engine.evaluate import lay_groundwork
    from advisor.engine.options import options_by_model
    from advisor.engine.stack import decide

    answers = example("eu-marketing-hr")
    eager = [o for model_options in options_by_model(catalog, "eu", DATE) for o in model_options]
    table = pickle.loads(pickle.dumps(lay_groundwork(answers, catalog, DATE).table))
    assert len(table) == len(eager) and not table._options  # nothing made yet
    made = [table.option(place) for place in reversed(range(len(table)))][::-1]
    assert [(o.id, o.model, o.deployment) for o in made] == [(o.id, o.model, o.deployment) for o in eager]
    assert all(table.place_of(o.id) == place for place, o in enumerate(eager))
    assert table.place_of("no-such-model@nobody/shared_api/eu") is None
    ids = [o.id for o in eager]
    assert sorted(range(len(ids)), key=table.id_rank.__getitem__) == sorted(range(len(ids)), key=ids.__getitem__)
    # a ranked option is found by its id, whether it was read before or not
    ranked = decide(answers, catalog, DATE).use_cases[1].ranked
    for k in (0, len(ranked) // 2, len(ranked) - 1):
        assert ranked.position(ranked.option(k).id) == k
    assert ranked.position(next(o.id for o in eager if ranked.position(o.id) is None)) is None
