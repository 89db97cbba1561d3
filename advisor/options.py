"""The options a use case chooses among: a model on a deployment (a catalog offer, or self-hosting)."""

from __future__ import annotations

from typing import NamedTuple

from advisor.catalog import Catalog
from advisor.catalog_schema import DedicatedHost, Jurisdiction, Mode, Model, Offer

SELF = "self"  # the operator of a self-hosted or on-premises deployment: the organisation itself


class Deployment(NamedTuple):
    mode: Mode
    operator: str
    region: str
    retention_days: int | None
    zdr_available: bool
    trains_on_data: bool
    offer: Offer | None = None  # None when the organisation or a dedicated host runs it
    host: DedicatedHost | None = None  # the provider running it on GPUs reserved for the organisation

    @property
    def zero_retention(self) -> bool:
        return self.retention_days == 0 or self.zdr_available


class Option:
    """A model on a deployment. Made by the tens of thousands for a large catalog: a plain slotted class,
    equal (and hashed) by its id, which names the model, the operator, the mode and the region."""

    __slots__ = ("deployment", "id", "model")

    def __init__(self, model: Model, deployment: Deployment) -> None:
        self.model = model
        self.deployment = deployment
        self.id = f"{model.id}@{deployment.operator}/{deployment.mode}/{deployment.region}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Option) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"Option({self.id})"

    @property
    def signature(self) -> tuple[object, ...]:
        """What the data-protection gates look at and their reasons name (policy.describe_deployment): the
        same for every model on the same kind of deployment by the same operator."""
        d = self.deployment
        return (d.mode, d.operator, d.region, d.retention_days, d.zdr_available, d.trains_on_data)


def own_region(jurisdiction: Jurisdiction) -> str:
    """Where the organisation's own deployments run: in its jurisdiction."""
    return jurisdiction


def from_offer(model: Model, offer: Offer) -> Option:
    o = offer
    return Option(
        model, Deployment(o.mode, o.operator, o.region, o.retention_days, o.zdr_available, o.trains_on_data, o)
    )


def _own(jurisdiction: Jurisdiction) -> list[Deployment]:
    """Self-hosted (in the organisation's cloud account) and on-premises, for open weights."""
    region = own_region(jurisdiction)
    return [Deployment(mode, SELF, region, 0, True, False) for mode in ("self_hosted", "on_prem")]


def _hosted(hosts: list[DedicatedHost]) -> list[Deployment]:
    """Open weights on each provider that runs them on GPUs reserved for one customer."""
    return [
        Deployment("dedicated", h.operator, h.region, h.retention_days, h.retention_days == 0, False, None, h)
        for h in hosts
    ]


def options_by_model(catalog: Catalog, jurisdiction: Jurisdiction) -> list[list[Option]]:
    """Every model on every way of running it, grouped by model, in a stable order; models that cannot be
    run anywhere left out. The deployments on reserved GPUs are the same for every model: made once."""
    by_model: dict[str, list[Offer]] = {}
    for offer in catalog.offers.values():
        by_model.setdefault(offer.model, []).append(offer)
    reserved = _hosted(list(catalog.dedicated_hosts.values())) + _own(jurisdiction)
    out = []
    for model in catalog.models.values():
        options = [from_offer(model, offer) for offer in by_model.get(model.id, ())]
        if model.weights == "open":
            options.extend([Option(model, d) for d in reserved])
        if options:
            out.append(options)
    return out
