"""The sentences of a recommendation: why the winner won, why the fallback, what would change it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.answers.model import UseCase
from advisor.engine.options import SELF
from advisor.engine.recommendation import Change, ExcludedOption
from advisor.engine.robustness import Robustness
from advisor.engine.scoring import CRITERIA, LABELS, Criterion, ScoredOption, is_own
from advisor.figures import fit, gap, money, printed_gap, score, weight, weight_dropped, weight_moves
from advisor.wording import provider_ref, region_phrase

RUNS = {  # "Runs ..." a deployment mode
    "shared_api": "on a shared API",
    "dedicated": "on a dedicated single-tenant deployment",
    "self_hosted": "self-hosted in your cloud",
    "on_prem": "on your own hardware",
}


def winner_reasons(
    winner: ScoredOption,
    runner_up: ScoredOption | None,
    use_case: UseCase,
    currency: str,
    same_model: Sequence[ScoredOption] = (),
) -> list[str]:
    d = winner.option.deployment
    reasons = [f"Scores {score(winner.score)} of 1 on the weighted criteria."]
    twins = {s.option.deployment.operator for s in same_model if s.option.id != winner.option.id}
    if twins:
        reasons.append(_also_offered(twins))
    if runner_up is not None:
        reasons.append(_against(winner, runner_up))
    reasons.append(
        f"Quality fit for {use_case.kind.replace('_', ' ')}: {fit(winner.values['quality'])} on the 0-1 scale."
    )
    where = "under your own control" if is_own(winner.option) else f"operated by {provider_ref(d.operator)}"
    place = f"in {region_phrase(d.region)}" if d.region != "global" else "wherever the operator chooses (global)"
    retention = ""
    if not is_own(winner.option):
        if d.retention_days == 0:
            retention = " with zero data retention"
        elif d.retention_days is not None:
            retention = f" with {d.retention_days}-day retention"
        else:
            retention = " with retention terms the catalog does not know"
        if d.zdr_available and d.retention_days != 0:
            retention += " (zero retention can be arranged)"
    reasons.append(f"Runs {RUNS[d.mode]} {where}; data processed {place}{retention}.")
    reasons.append(f"Monthly cost {money(winner.monthly_cost, currency)}: {winner.cost_basis}.")
    return reasons


def _against(winner: ScoredOption, runner_up: ScoredOption) -> str:
    """The winner against the best option of another model: by how much, and on which criteria."""
    other = runner_up.option.id
    diff = {c: winner.contributions[c] - runner_up.contributions[c] for c in CRITERIA}
    shown = {c: printed_gap(winner.contributions[c], runner_up.contributions[c]) for c in CRITERIA}
    ahead = [c for c in sorted(diff, key=lambda c: -diff[c]) if shown[c] > 0][:3]  # never "(+0.000)"
    behind = [c for c in sorted(diff, key=lambda c: diff[c]) if shown[c] < 0][:2]
    if not ahead:
        return f"Ties with {other} on score; wins on lower cost."

    def on(criteria: Sequence[Criterion]) -> str:
        return ", ".join(
            f"{LABELS[c]} ({gap(winner.contributions[c], runner_up.contributions[c], signed=True)})" for c in criteria
        )

    trade = f"; it gives up {on(behind)}" if behind else ""
    if printed_gap(winner.score, runner_up.score) == 0:  # never "beats it by 0.000"
        return f"Level on score with the best other model, {other} (under 0.001 apart): ahead on {on(ahead)}{trade}."
    if runner_up.score > winner.score:
        return (
            f"Scores {gap(runner_up.score, winner.score)} less than the best other model, {other}, but is ahead on "
            f"{on(ahead)}{trade}."
        )
    return f"Beats the best other model, {other}, by {gap(winner.score, runner_up.score)}: ahead on {on(ahead)}{trade}."


def budget_choice_reason(top: ScoredOption, chosen_score: float, extra: float, currency: str, feasible: bool) -> str:
    """Why a use case runs on another option than its top-scoring one: the budget of the whole stack. The top
    option is named by its id, which the report and `explain` print as its label: it is often the same model
    run another way ("Gemma 4 26B A4B, self-hosted in your cloud (EU)"), which its name alone would hide."""
    if feasible:
        return (
            f"Chosen to keep the whole stack within the budget: the top-scoring option, {top.option.id}, "
            f"scores {gap(top.score, chosen_score)} more but costs {money(extra, currency)} more a month."
        )
    return (
        "No compliant stack fits the budget, so this is the use case's cheapest compliant option; the "
        f"top-scoring one, {top.option.id}, costs {money(extra, currency)} more a month."
    )


def sharing_reason(before: ScoredOption, top_score: float, shared_score: float) -> str:
    """Why a use case runs on another use case's reserved deployment: it scores higher there than the option
    the budget pointed to, or it gives up little score against its best."""
    if shared_score > before.score:
        return (
            f"Shares the reserved deployment another use case runs: it scores {gap(shared_score, before.score)} "
            f"more here than {before.option.model.name}, the option the budget pointed to when each use case was "
            "priced alone, and costs only this use case's share of its load."
        )
    return f"Shares a reserved deployment with another use case, at a score cost of {gap(top_score, shared_score)}."


def _also_offered(operators: set[str]) -> str:
    """'The same model is also offered by Amazon Web Services (Bedrock) and Scaleway, and can be self-hosted.'"""
    others = [provider_ref(o) for o in sorted(operators - {SELF})]
    if not others:
        return "The same model can also be self-hosted."
    listed = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return f"The same model is also offered by {listed}" + (", and can be self-hosted." if SELF in operators else ".")


def fallback_reasons(fallback: ScoredOption, winner: ScoredOption, currency: str) -> list[str]:
    camp = "an open-weight model" if fallback.option.model.weights == "open" else "a closed model"
    return [
        f"{camp.capitalize()} from another vendor, {provider_ref(fallback.option.model.vendor)}, so no single "
        "vendor locks this use case in.",
        f"Scores {score(fallback.score)} ({gap(fallback.score, winner.score, signed=True)} against the primary); "
        f"monthly cost {money(fallback.monthly_cost, currency)}.",
    ]


def change_sentences(
    robustness: Robustness | None, ranked: Sequence[ScoredOption], among_cheaper: bool = False
) -> list[str]:
    """What would change the winner, in sentences that each move a weight the reader can see move: a flip
    within the rounding of the printed weights is said once as under 0.01, one that takes a weight to zero
    as the criterion no longer counting. `among_cheaper`: the winner was chosen by the budget or a shared
    deployment, and is compared with the options that cost no more."""
    if robustness is None or not ranked:
        return []
    out = []
    if among_cheaper:
        out.append("Compared with the options of other models that cost no more a month, each priced alone.")
    if robustness.ahead is not None:
        out.append(f"On your weights {robustness.ahead} scores higher and, priced alone, costs no more a month.")
        return out  # a flip to another rival would not make it "win instead": it does not win now
    shown = [f for f in robustness.flips if weight_moves(f.weight, f.flips_at)]
    for flip in shown[:3]:
        if weight_dropped(flip.flips_at):
            change = f"If {LABELS[flip.criterion]} no longer counted (its weight {weight(flip.weight)} fell to 0)"
        else:
            direction = "rose" if flip.flips_at > flip.weight else "fell"
            change = (
                f"If the weight of {LABELS[flip.criterion]} {direction} from {weight(flip.weight)} to "
                f"{weight(flip.flips_at)}"
            )
        out.append(f"{change}, {flip.new_winner} would win instead.")
    if not robustness.flips:
        out.append("No single change of one priority's weight changes the winner.")
    elif not weight_moves(robustness.flips[0].weight, robustness.flips[0].flips_at):
        label = LABELS[robustness.flips[0].criterion]
        out.append(f"A change of under 0.01 in the weight of {label} changes the winner.")
    if robustness.win_rate is not None:
        out.append(f"Across plausible weights around yours it wins {robustness.win_rate:.0%} of the time.")
    return out


CHANGE_TEXT = {
    "data_sensitivity": "a lower data sensitivity class, or a deployment the policy allows for this class",
    "expertise": "more in-house expertise (or a partner who runs the deployment)",
    "constraints.exclude_providers": "not excluding that provider",
    "constraints.open_weights_only": "allowing closed-weights models",
    "licence": "a licence that allows this use",
    "lifecycle": "a model that is not about to be retired",
    "context_window": "shorter requests",
    "hardware": "larger GPUs than the catalog lists",
    "offer_limits": "shorter requests, or another offer of the same model",
    "price_validity": "a catalog with the prices in force on the report's date",
}


def changes_needed(excluded: Sequence[ExcludedOption], scored_by_id: Mapping[str, float]) -> list[Change]:
    """For each gate, how many options fail only on it, and the best of them by quality."""
    alone: dict[str, list[ExcludedOption]] = {}
    for ex in excluded:
        rules = {e.rule for e in ex.exclusions}
        if len(rules) == 1:
            alone.setdefault(next(iter(rules)), []).append(ex)
    out = []
    for rule, items in sorted(alone.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        best = max(items, key=lambda ex: (scored_by_id.get(ex.option.id, 0.0), ex.option.id))
        what = CHANGE_TEXT.get(rule) or f"dropping the need '{rule.removeprefix('needs.')}'"
        out.append(Change(rule, what, len(items), best.option.id))
    return out
