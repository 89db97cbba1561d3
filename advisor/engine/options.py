"""The options a use case chooses among: a model on a deployment (a catalog offer, or self-hosting)."""

from __future__ import annotations

import datetime as dt
from array import array

from advisor.catalog.schema import Catalog, DedicatedHost, Jurisdiction, Mode, Model, Offer
from advisor.named_tuples import NamedTuple

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


def on_date(offer: Offer, date: dt.date | None) -> Offer:
    """The offer as it stands on `date`: its `price` the one in force then (None when none of its dated prices
    covers the day: `policy.price_gates` excludes it and says so). Undated offers, and any offer when no date
    is given, are returned as they are."""
    if date is None or not offer.prices:
        return offer
    price = offer.price_on(date)
    return offer if price is offer.price else offer._replace(price=price)


def options_by_model(catalog: Catalog, jurisdiction: Jurisdiction, date: dt.date | None = None) -> list[list[Option]]:
    """Every model on every way of running it, grouped by model, in a stable order; models that cannot be
    run anywhere left out. The deployments on reserved GPUs are the same for every model: made once. Each
    offer is priced at the price in force on `date` (`on_date`)."""
    by_model: dict[str, list[Offer]] = {}
    for offer in catalog.offers.values():
        by_model.setdefault(offer.model, []).append(on_date(offer, date))
    reserved = _hosted(list(catalog.dedicated_hosts.values())) + _own(jurisdiction)
    out = []
    for model in catalog.models.values():
        options = [from_offer(model, offer) for offer in by_model.get(model.id, ())]
        if model.weights == "open":
            options.extend([Option(model, d) for d in reserved])
        if options:
            out.append(options)
    return out


class OptionTable:
    """Every option of a catalog as columns, in the order of `options_by_model`: per option (a row, by its place)
    its model and its deployment's source (the catalog's offer, or a deployment on reserved GPUs). An `Option`
    is made only when someone reads that row: a large catalog has tens of thousands, a report names a few, and
    columns of numbers are kept and read back far faster than the objects."""

    def __init__(self, per_model: list[list[Option]]) -> None:
        self.models: list[Model] = []  # per model index
        self.sources: list[Offer | Deployment] = []  # the distinct sources
        self.model_of: list[int] = []  # per row: its model's index
        self.source_of = array("i")  # and its source's place in `sources`
        places: dict[int, int] = {}  # a source's place, by its id
        self.limited: dict[int, Offer] = {}  # per row whose offer has its own token limits: that offer
        self._options: dict[int, Option] = {}
        for m, options in enumerate(per_model):
            self.models.append(options[0].model)
            for option in options:
                d = option.deployment
                source = d if d.offer is None else d.offer
                place = places.setdefault(id(source), len(self.sources))
                if place == len(self.sources):
                    self.sources.append(source)
                if d.offer is not None and (d.offer.max_input_tokens or d.offer.max_output_tokens):
                    self.limited[len(self.model_of)] = d.offer
                self._options[len(self.model_of)] = option
                self.model_of.append(m)
                self.source_of.append(place)
        # each option id's place among all of them in sorted order: ties in rank go by id
        # (arrays: read for a few rows only, and kept and read back as bytes, not as thousands of numbers)
        ids = [option.id for options in per_model for option in options]
        self.id_rank = array("i", [0]) * len(ids)
        for rank, place in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
            self.id_rank[place] = rank
        self._made: dict[str, int] = {option.id: place for place, option in self._options.items()}
        self._places: dict[str, int] | None = None

    def __getstate__(self) -> dict[str, object]:
        """Kept without the options made along the way: made again when read."""
        return {**self.__dict__, "_options": {}, "_made": {}, "_places": None}

    def __len__(self) -> int:
        return len(self.model_of)

    def option(self, place: int) -> Option:
        """The option in row `place` (made once)."""
        found = self._options.get(place)
        if found is None:
            model, source = self.models[self.model_of[place]], self.sources[self.source_of[place]]
            found = Option(model, source) if isinstance(source, Deployment) else from_offer(model, source)
            self._options[place] = found
            self._made[found.id] = place
        return found

    def place_of(self, option_id: str) -> int | None:
        """The row of the option with this id, or None: looked up among the options made so far (those a report
        names are), then in an index of every id, made when first needed."""
        found = self._made.get(option_id)
        if found is None:
            if self._places is None:
                self._places = {self.option(place).id: place for place in range(len(self))}
            found = self._places.get(option_id)
        return found
