"""The decision the client has to take, as whole stacks: A the recommendation, B the cheapest compliant
stack, C the stack if the strictest data rule were relaxed by one step (the same stack, said so, when the
rule binds nothing), and D the compliant stack of the best quality fit within the budget when it is better
than A's (what the priorities other than quality cost in output quality), each with its monthly cost, its
quality fit and the conditions it carries, named in the law the client answers to. A strict default is
defensible; hiding its price is not."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence
from typing import Literal

from advisor.catalog.schema import Sensitivity
from advisor.engine.budget import Choice, best_within, cheapest, quality
from advisor.engine.evaluate import Environment, evaluate
from advisor.engine.options import Option
from advisor.engine.ranking import Ranked
from advisor.engine.recommendation import StackLine, StackOption, UseCaseResult
from advisor.wording import provider_ref

QUALITY_STEP = 0.01  # a quality fit better than A's by at least this (as printed) makes option D worth showing

RETENTION_AND_TRAINING = "zero data retention and no training on your data, confirmed in writing for the endpoint used"
NO_TRAINING = "no training on your data, confirmed in writing for the endpoint used"
ZERO_RETENTION_WITH = "zero data retention to arrange with "  # + the operator, for the model

# the next less strict data class
LOOSER: dict[Sensitivity, Sensitivity] = {"regulated": "confidential", "confidential": "internal"}

# the data-protection law a client in each jurisdiction answers to: its processor contract, its impact assessment
LAW: dict[str, tuple[str, str]] = {
    "eu": ("a data processing agreement (GDPR Art. 28)", "a data protection impact assessment (GDPR Art. 35)"),
    "uk": ("a data processing agreement (UK GDPR Art. 28)", "a data protection impact assessment (UK GDPR Art. 35)"),
    "ch": ("a data processing agreement (revFADP Art. 9)", "a data protection impact assessment (revFADP Art. 22)"),
}
ANY_LAW = ("a data processing agreement", "a privacy impact assessment")


def data_law(jurisdiction: str) -> tuple[str, str]:
    """The processor contract and the impact assessment of the law a client in this jurisdiction answers to,
    as a sentence names them: never the GDPR's articles for a client the GDPR does not bind."""
    return LAW.get(jurisdiction, ANY_LAW)


def relaxed_conditions(sensitivity: Sensitivity, jurisdiction: str) -> list[str]:
    """What relaxing the rule for this data class by one step commits the client to, in the law it answers to."""
    contract, assessment = data_law(jurisdiction)
    if sensitivity == "regulated":
        return [
            f"{contract} with the API provider",
            RETENTION_AND_TRAINING,
            f"{assessment} that covers a shared API for this data",
            "processing kept in your jurisdiction",
        ]
    return [
        f"{contract} with the API provider",
        "no training on your data in the provider's terms",
        "your own assessment that this data may leave your jurisdiction",
    ]


Settle = Callable[[Sequence[UseCaseResult]], None]  # chooses and prices a stack as the recommendation is


def stack_options(
    results: Sequence[UseCaseResult], env: Environment, settle: Settle, unsettled: Sequence[UseCaseResult]
) -> list[StackOption]:
    """Options A, B, (when a data rule binds) C and (when it is better than A's) D, for these decided use
    cases. `settle` makes freshly evaluated use cases a recommendation (the budget, shared deployments, each
    use case's share of the cost): C is the recommendation the relaxed rule would give, shared deployments and
    all, not a sum of deployments priced alone. `unsettled` are the use cases as evaluated, before settling:
    C starts from a copy of those its relaxed rule does not change."""
    budget = env.answers.budget.monthly
    recommended = _as_recommended("A", "The recommendation", results, budget)._replace(
        conditions=_conditions(
            [r.primary.option for r in results if r.primary], [r.sensitivity for r in results if r.primary], env
        )
    )
    rankings = [r.ranked if r.primary else None for r in results]
    least = _from_choice("B", "The cheapest compliant stack", results, rankings, cheapest(rankings), env)
    if recommended.monthly_cost <= least.monthly_cost:  # sharing a deployment made the recommendation cheapest
        least = recommended._replace(label="B", title="The cheapest compliant stack: the recommendation itself")
    out = [recommended, least]
    # the rules that bound each use case; regulated data under the relaxed rule the answers accepted is
    # relaxed no further
    gated: list[Sensitivity | None] = [
        None if r.sensitivity == "regulated" and env.answers.constraints.regulated_via_api else r.sensitivity
        for r in results
    ]
    strictest: Sensitivity | None = next((s for s in ("regulated", "confidential") if s in gated), None)
    if strictest is not None:
        looser = LOOSER[strictest]
        quick = env.without_robustness()  # C's use cases show no robustness check
        relaxed = [
            evaluate(dataclasses.replace(r.use_case, data_sensitivity=looser), quick)
            if bound == strictest
            else copy.copy(before)
            for r, before, bound in zip(results, unsettled, gated, strict=True)
        ]
        settle(relaxed)
        title = f"If {strictest} data could go where {looser} data may"
        option = _as_recommended("C", title, relaxed, budget)
        # what the relaxed rule lets through: an option the strict rule did not pass for that use case
        uses_relaxation = any(
            bound == strictest and line.option is not None and r.ranked.position(line.option.id) is None
            for r, bound, line in zip(results, gated, option.lines, strict=True)
        )
        if not uses_relaxation:  # the rule binds nothing: say so, and that it costs nothing
            option = recommended._replace(
                label="C", title=f"{title}: the same stack, so the rule costs nothing here", conditions=[]
            )
        else:
            chosen = [r for r in relaxed if r.primary]
            jurisdiction = env.answers.organisation.jurisdiction
            own = _conditions(
                [r.primary.option for r in chosen],  # type: ignore[union-attr]
                [r.sensitivity for r in chosen],
                env,
            )
            contract = data_law(jurisdiction)[0]
            named = [c for c in own if c.startswith(f"{contract} with ")]  # with the operator each line uses
            option = option._replace(
                conditions=_said_once([*named, *relaxed_conditions(strictest, jurisdiction), *own], jurisdiction)
            )
        out.append(option)
    best = best_within(rankings, budget, quality)
    if best is not None:
        top = _from_choice("D", "The best quality fit within the budget", results, rankings, best, env)
        if (top.quality or 0.0) >= (recommended.quality or 0.0) + QUALITY_STEP:
            out.append(top)
    return out


def _from_choice(
    label: Literal["A", "B", "C", "D"],
    title: str,
    results: Sequence[UseCaseResult],
    rankings: Sequence[Ranked | None],
    choice: Choice,
    env: Environment,
) -> StackOption:
    lines = []
    for result, ranked, k in zip(results, rankings, choice.positions, strict=True):
        if ranked is None or k is None:
            lines.append(StackLine(result.name, None, None, None))
            continue
        scored = ranked.scored(k)
        lines.append(StackLine(result.name, scored.option, scored.monthly_cost, scored.values["quality"]))
    options = [line.option for line in lines if line.option is not None]
    sensitivities = [r.sensitivity for r, line in zip(results, lines, strict=True) if line.option is not None]
    return StackOption(
        label,
        title,
        lines,
        choice.monthly_cost,
        choice.monthly_cost <= env.answers.budget.monthly,
        _mean([line.quality for line in lines]),
        _conditions(options, sensitivities, env),
    )


def _as_recommended(
    label: Literal["A", "B", "C", "D"], title: str, results: Sequence[UseCaseResult], budget: float
) -> StackOption:
    """Settled use cases (chosen and priced as the recommendation is, shares of shared deployments included) as
    a whole-stack option, without conditions yet."""
    lines = [StackLine(r.name, r.primary.option if r.primary else None, r.monthly_cost, _quality(r)) for r in results]
    cost = sum(r.monthly_cost or 0.0 for r in results)
    return StackOption(label, title, lines, cost, cost <= budget, _mean([line.quality for line in lines]), [])


def _said_once(conditions: Sequence[str], jurisdiction: str) -> list[str]:
    """Each condition once, in order; a general one left out where a line names it with its operator: the
    processor contract "with the API provider" beside one "with OpenAI", zero retention beside "zero data
    retention to arrange with OpenAI" (its "no training" part kept)."""
    out = list(dict.fromkeys(conditions))
    contract = data_law(jurisdiction)[0]
    general = f"{contract} with the API provider"
    if any(c.startswith(f"{contract} with ") and c != general for c in out):
        out = [c for c in out if c != general]
    if any(c.startswith(ZERO_RETENTION_WITH) for c in out):
        out = [NO_TRAINING if c == RETENTION_AND_TRAINING else c for c in out]
    return out


def _conditions(options: Sequence[Option], sensitivities: Sequence[Sensitivity], env: Environment) -> list[str]:
    """What running these options on this data needs arranged before it starts."""
    out: list[str] = []
    for option, sensitivity in zip(options, sensitivities, strict=True):
        d = option.deployment
        operator = provider_ref(d.operator)  # named by whoever has the catalog (advisor.wording)
        if d.mode == "shared_api" and sensitivity == "confidential":  # regulated: the relaxed rule's own, below
            out.append(f"{data_law(env.answers.organisation.jurisdiction)[0]} with {operator}")
        if d.mode == "shared_api" and sensitivity in ("confidential", "regulated") and d.retention_days != 0:
            out.append(f"{ZERO_RETENTION_WITH}{operator} for {option.model.name}")
        if d.mode == "shared_api" and sensitivity == "regulated":  # the relaxed rule, accepted in the answers
            out += relaxed_conditions("regulated", env.answers.organisation.jurisdiction)
        if d.mode in ("self_hosted", "on_prem"):
            out.append(f"GPU capacity to reserve and operate for {option.model.name}")
    return _said_once(sorted(set(out)), env.answers.organisation.jurisdiction)


def _quality(result: UseCaseResult) -> float | None:
    return result.primary.values["quality"] if result.primary else None


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
