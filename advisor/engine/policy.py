"""The hard gates: an option that fails one is excluded, with the rule that removed it and why.

Pure functions over catalog data; the policy tables themselves live in catalog/policies.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from advisor.catalog.schema import Expertise, Jurisdiction, Licence, Model, Offer, Policies, PolicyRule, Sensitivity
from advisor.engine.options import SELF, Option
from advisor.named_tuples import NamedTuple
from advisor.wording import region_phrase

NEED_MINIMUM = 6  # a rating of at least this on the capability a need names
LOW_LATENCY_MINIMUM = 7  # speed rating for low_latency
LONG_CONTEXT = 200_000  # tokens of context for long_context
RETIREMENT_HORIZON_DAYS = 90  # a model retiring this soon is not worth building on


class Requirements(NamedTuple):
    """What one use case demands of an option."""

    sensitivity: Sensitivity
    jurisdiction: Jurisdiction
    expertise: Expertise
    open_weights_only: bool
    exclude_providers: frozenset[str]
    needs: tuple[str, ...]
    context_tokens: int  # one request's input plus output
    date: dt.date


class Exclusion(NamedTuple):
    rule: str  # e.g. "data_sensitivity", "licence", "needs.vision"
    reason: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.reason}"


def _in_home_region(option: Option, rule: PolicyRule, req: Requirements, policies: Policies) -> bool:
    if not rule.home_region or option.deployment.operator == SELF:
        return True
    return option.deployment.region in policies.home_regions[req.jurisdiction]


def rule_allows(option: Option, rule: PolicyRule, req: Requirements, policies: Policies) -> bool:
    d = option.deployment
    if d.mode not in rule.modes:
        return False
    if not _in_home_region(option, rule, req, policies):
        return False
    if rule.max_retention_days is not None:
        retention = 0 if d.zdr_available else d.retention_days
        if retention is None or retention > rule.max_retention_days:
            return False
    return not (rule.no_training and d.trains_on_data)


def describe_rule(rule: PolicyRule, req: Requirements, policies: Policies) -> str:
    parts = [" or ".join(rule.modes)]
    if rule.home_region:
        regions = policies.home_regions[req.jurisdiction]
        parts.append(f"processed in {' or '.join(map(region_phrase, regions)) if regions else 'your own jurisdiction'}")
    if rule.max_retention_days == 0:
        parts.append("with zero data retention")
    elif rule.max_retention_days is not None:
        parts.append(f"retaining data at most {rule.max_retention_days} days")
    if rule.no_training:
        parts.append("that does not train on the data")
    return " ".join(parts)


def describe_deployment(option: Option) -> str:
    d = option.deployment
    if d.operator == SELF:
        return d.mode
    retention = "retention unknown" if d.retention_days is None else f"{d.retention_days}-day retention"
    if d.zdr_available:
        retention += ", zero retention available"
    training = ", trains on data" if d.trains_on_data else ""
    return f"{d.mode} by {d.operator} in {d.region} ({retention}{training})"


def sensitivity_gate(option: Option, req: Requirements, policies: Policies) -> Exclusion | None:
    rules = policies.sensitivity[req.sensitivity]
    if any(rule_allows(option, rule, req, policies) for rule in rules):
        return None
    needed = "; or ".join(describe_rule(r, req, policies) for r in rules)
    return Exclusion(
        "data_sensitivity",
        f"{req.sensitivity} data needs {needed}; this is {describe_deployment(option)}",
    )


def licence_gate(option: Option, licence: Licence, req: Requirements) -> Exclusion | None:
    """A weights licence binds whoever runs the weights: the organisation, or a host other than the vendor.
    The vendor's own API is bound by its terms of service, not by the licence of the weights it publishes."""
    if option.deployment.operator == option.model.vendor:
        return None
    for restriction in licence.restrictions:
        if restriction.kind in ("no_commercial_use", "non_production"):
            return Exclusion("licence", f"{licence.name}: {restriction.text}")
        if (
            restriction.kind == "eu_multimodal_exclusion"
            and req.jurisdiction == "eu"
            and "image" in option.model.modalities.input
        ):
            return Exclusion("licence", f"{licence.name}: {restriction.text}")
    return None


def needs_gates(model: Model, req: Requirements) -> list[Exclusion]:
    """Gates of a use case's needs (vision, long context, a capability rated high enough) on the model."""
    caps = model.capabilities
    out: list[Exclusion] = []
    for need in req.needs:
        if need == "vision":
            if "image" not in model.modalities.input:
                out.append(Exclusion("needs.vision", "takes no image input"))
        elif need == "long_context":
            if model.context_window < LONG_CONTEXT:
                out.append(
                    Exclusion(
                        "needs.long_context",
                        f"context window {model.context_window:,} tokens, under the {LONG_CONTEXT:,} long_context needs",
                    )
                )
        elif need == "low_latency":
            if caps.speed < LOW_LATENCY_MINIMUM:
                out.append(
                    Exclusion(
                        "needs.low_latency",
                        f"speed rated {caps.speed}/10, under the {LOW_LATENCY_MINIMUM} low_latency needs",
                    )
                )
        else:
            rating = getattr(caps, need)
            if rating < NEED_MINIMUM:
                out.append(Exclusion(f"needs.{need}", f"{need} rated {rating}/10, under the {NEED_MINIMUM} needed"))
    return out


def retirement(option: Option) -> dt.date | None:
    """When this way of running the model ends: the operator's own date where the catalog has one, else the
    vendor's retirement of the model. Open weights on the organisation's or a host's GPUs do not retire."""
    offer = option.deployment.offer
    if offer is None:
        return None
    return offer.deprecated or option.model.deprecated


def static_gates(option: Option, licence: Licence, req: Requirements) -> list[Exclusion]:
    """Gates that depend on the organisation, not on the use case: providers, weights, licence, lifecycle,
    a price in force."""
    return [
        *provider_gates(option, req),
        *model_static_gates(option, licence, req),
        *([gate] if (gate := licence_gate(option, licence, req)) else []),
        *lifecycle_gates(option, req),
        *price_gates(option, req),
    ]


def price_gates(option: Option, req: Requirements) -> list[Exclusion]:
    """An offer whose prices carry dates, none of them covering the report's date, has no known price then:
    out, saying which periods the catalog knows (never priced at a price of another period)."""
    offer = option.deployment.offer
    if offer is None or not offer.prices or offer.price_on(req.date) is not None:
        return []
    known = "; ".join(f"{p.period()}" for p in offer.prices)
    return [
        Exclusion(
            "price_validity",
            f"no price in force on {req.date}: the catalog's prices for this offer run {known} "
            f"(verified {offer.verified})",
        )
    ]


def provider_gates(option: Option, req: Requirements) -> list[Exclusion]:
    excluded = sorted({option.model.vendor, option.deployment.operator} & req.exclude_providers)
    return (
        [Exclusion("constraints.exclude_providers", f"provider {', '.join(excluded)} is excluded")] if excluded else []
    )


def model_static_gates(option: Option, licence: Licence, req: Requirements) -> list[Exclusion]:
    """The organisation's gates on the model itself, whoever runs it: open weights only."""
    if req.open_weights_only and option.model.weights != "open":
        return [Exclusion("constraints.open_weights_only", "closed weights")]
    return []


def lifecycle_gates(option: Option, req: Requirements) -> list[Exclusion]:
    retires = retirement(option)
    if retires and retires <= req.date + dt.timedelta(days=RETIREMENT_HORIZON_DAYS):
        when = "retired" if retires <= req.date else "retires"
        return [Exclusion("lifecycle", f"{when} on {retires}, within {RETIREMENT_HORIZON_DAYS} days of {req.date}")]
    return []


def deployment_gates(option: Option, req: Requirements, policies: Policies) -> list[Exclusion]:
    """Gates on where and how it runs: the data's sensitivity and the organisation's expertise."""
    out: list[Exclusion] = []
    gate = sensitivity_gate(option, req, policies)
    if gate:
        out.append(gate)
    mode = option.deployment.mode
    if mode in policies.expertise_forbids[req.expertise]:
        out.append(Exclusion("expertise", f"{mode} needs more in-house expertise than '{req.expertise}'"))
    return out


def context_gates(model: Model, req: Requirements) -> list[Exclusion]:
    window = model.context_window
    if window < req.context_tokens:
        return [
            Exclusion("context_window", f"context window {window:,} tokens, under one request's {req.context_tokens:,}")
        ]
    return []


def offer_limit_gates(offer: Offer, input_tokens: int, output_tokens: int, needs: Sequence[str]) -> list[Exclusion]:
    """An offer whose own limits are below one request (or below the context long_context needs): out, with
    the limit, whatever the model takes elsewhere."""
    out: list[Exclusion] = []
    cap_in, cap_out = offer.max_input_tokens, offer.max_output_tokens
    if cap_in is not None and cap_in < input_tokens:
        out.append(
            Exclusion(
                "offer_limits",
                f"the offer accepts at most {cap_in:,} input tokens, under one request's {input_tokens:,}",
            )
        )
    elif cap_in is not None and "long_context" in needs and cap_in < LONG_CONTEXT:
        out.append(
            Exclusion(
                "offer_limits",
                f"the offer accepts at most {cap_in:,} input tokens, under the {LONG_CONTEXT:,} long_context needs",
            )
        )
    if cap_out is not None and cap_out < output_tokens:
        out.append(
            Exclusion(
                "offer_limits",
                f"the offer returns at most {cap_out:,} output tokens, under one request's {output_tokens:,}",
            )
        )
    return out


def over_offer_limits(
    limited: Mapping[int, Offer], input_tokens: int, output_tokens: int, needs: Sequence[str]
) -> dict[int, list[Exclusion]]:
    """Of the rows whose offer has its own limits (`OptionTable.limited`), those one request of this use case
    exceeds, with why."""
    out: dict[int, list[Exclusion]] = {}
    for place, offer in limited.items():
        failed = offer_limit_gates(offer, input_tokens, output_tokens, needs)
        if failed:
            out[place] = failed
    return out


def model_gates(option: Option, req: Requirements) -> list[Exclusion]:
    """Gates on the model itself for this use case: its context window and the needs."""
    return [*context_gates(option.model, req), *needs_gates(option.model, req)]


def gates(option: Option, licence: Licence, req: Requirements, policies: Policies) -> list[Exclusion]:
    """Every gate this option fails (empty: it may be scored)."""
    return static_gates(option, licence, req) + deployment_gates(option, req, policies) + model_gates(option, req)


class Gatekeeper:
    """The same gates, remembered across the use cases of one decision: what depends only on the
    organisation once per option, what depends on the data class once per kind of deployment, what
    depends on the needs once per model."""

    def __init__(self, policies: Policies, licences: Mapping[str, Licence]) -> None:
        self.policies = policies
        self.licences = licences
        self._deployment: dict[tuple[object, ...], list[Exclusion]] = {}

    def static(self, options: Sequence[Option], req: Requirements) -> list[list[Exclusion]]:
        """static_gates of each of one model's options, the gates on the model itself worked out once. The
        lists returned may be shared: never append to them."""
        model = options[0].model
        on_model = model_static_gates(options[0], self.licences[model.licence], req)
        restricted = bool(self.licences[model.licence].restrictions)
        out = []
        for option in options:
            providers = provider_gates(option, req) if req.exclude_providers else []
            lifecycle = lifecycle_gates(option, req) if retirement(option) else []
            offer = option.deployment.offer
            lifecycle += price_gates(option, req) if offer is not None and offer.prices else []
            licence = licence_gate(option, self.licences[model.licence], req) if restricted else None
            if providers or lifecycle or licence:
                out.append([*providers, *on_model, *([licence] if licence else []), *lifecycle])
            else:
                out.append(on_model)
        return out

    def deployment(self, option: Option, req: Requirements) -> list[Exclusion]:
        key = (*option.signature, req.sensitivity)
        found = self._deployment.get(key)
        if found is None:
            found = self._deployment[key] = deployment_gates(option, req, self.policies)
        return found
