"""Turning a Recommendation into the JSON contract, and through Jinja templates into Markdown and HTML.

`to_data` builds the one dict every format is rendered from: the JSON report is that dict, and the
templates read it as `r`. Its shape is defined once, by the typed dicts of `advisor.report.schema`, which the
builders here return (mypy checks each key and type). Facts the Recommendation does not carry (licence terms,
provider names, how long figures stay fresh) come from the catalog when it is given; without it the report
still renders.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from advisor.engine.options import SELF, Option
from advisor.engine.recommendation import ExcludedOption, Recommendation, UseCaseResult
from advisor.engine.scoring import CRITERIA, ScoredOption
from advisor.named_tuples import NamedTuple
from advisor.records import plain
from advisor.report.branding import Branding
from advisor.wording import name_providers, region_name, unit_names

if TYPE_CHECKING:
    from advisor.catalog.schema import Catalog
    from advisor.report.schema import (
        Excluded,
        LicenceView,
        OptionView,
        PriceChange,
        Provenance,
        ProvenanceEntry,
        ProviderDiligence,
        Report,
        ReportFacts,
        Status,
        UseCaseFacts,
        UseCaseView,
    )

SCHEMA_VERSION: Literal[1] = 1
STALE_AFTER_DAYS = 180  # the catalog's default, used when no catalog is given


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"

    @classmethod
    def parse(cls, text: str) -> ReportFormat:
        """The format a --format value names, or an AdvisorError listing the formats there are."""
        try:
            return cls(text)
        except ValueError:
            from advisor.errors import AdvisorError

            raise AdvisorError(f"--format {text!r}: expected one of {', '.join(f.value for f in cls)}") from None


SUFFIXES: dict[ReportFormat, str] = {ReportFormat.md: ".md", ReportFormat.html: ".html", ReportFormat.json: ".json"}


class ReportSettings(NamedTuple):
    """How a report looks: whose names and logo it carries, a folder of templates overriding the shipped, and
    the document's status (draft or final)."""

    branding: Branding = Branding()
    templates: Path | None = None
    status: Status = "draft"


@overload
def _round(value: float, digits: int = 4) -> float: ...
@overload
def _round(value: float | None, digits: int = 4) -> float | None: ...
def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _date(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


class CatalogFacts:
    """Catalog facts looked up by id, falling back to the id itself when there is no catalog."""

    def __init__(self, rec: Recommendation, catalog: Catalog | None) -> None:
        self.rec = rec
        self.catalog = catalog

    def provider_name(self, provider_id: str) -> str:
        if provider_id == SELF:
            return self.rec.answers.organisation.name
        provider = self.catalog.providers.get(provider_id) if self.catalog else None
        return provider.name if provider else provider_id

    def model_name(self, model_id: str) -> str:
        model = self.catalog.models.get(model_id) if self.catalog else None
        if model is None:  # without a catalog: the name of a recommended option of that model, if any
            chosen = (r.primary.option.model for r in self.rec.use_cases if r.primary)
            model = next((m for m in chosen if m.id == model_id), None)
        return model.name if model else model_id

    def provider_jurisdiction(self, provider_id: str) -> str | None:
        if provider_id == SELF:
            return self.rec.answers.organisation.jurisdiction
        provider = self.catalog.providers.get(provider_id) if self.catalog else None
        return provider.jurisdiction if provider else None

    def licence(self, licence_id: str) -> LicenceView:
        licence = self.catalog.licences.get(licence_id) if self.catalog else None
        if licence is None:
            return {
                "id": licence_id,
                "name": licence_id,
                "class": None,
                "url": None,
                "restrictions": [],
                "models": [],
                "use_cases": [],
            }
        return {
            "id": licence.id,
            "name": licence.name,
            "class": licence.licence_class,
            "url": licence.url,
            "restrictions": [{"kind": r.kind, "text": r.text} for r in licence.restrictions],
            "models": [],
            "use_cases": [],
        }

    def overlay_file(self, key: str) -> str | None:
        """The overlay file a catalog entry ("model:ID", "offer:ID") came from; None when it is the catalog's
        own (or there is no catalog to ask)."""
        if self.catalog is None or key not in self.catalog.overlaid:
            return None
        return self.catalog.origin.get(key)

    @property
    def stale_after_days(self) -> int:
        return self.catalog.meta.stale_after_days if self.catalog else STALE_AFTER_DAYS


def client_warnings(rec: Recommendation, catalog: Catalog | None) -> list[str]:
    """The recommendation's warnings as a client reads them: each provider reference named (advisor.wording)."""
    name = CatalogFacts(rec, catalog).provider_name
    return [name_providers(w, name) for w in rec.warnings]


def option_label(option: Option, facts: CatalogFacts) -> str:
    """A reader's name for an option: 'Claude Sonnet 5.5 via Anthropic (global)'."""
    d = option.deployment
    name = option.model.name
    region = region_name(d.region)
    if d.mode == "self_hosted":
        return f"{name}, self-hosted in your cloud ({region})"
    if d.mode == "on_prem":
        return f"{name} on your own hardware ({region})"
    operator = facts.provider_name(d.operator)
    where = f"{operator[:-1]}, {region})" if operator.endswith(")") else f"{operator} ({region})"
    if d.mode == "dedicated":
        return f"{name}, dedicated at {where}"
    return f"{name} via {where}"


def option_view(
    scored: ScoredOption, currency: str, reasons: list[str] | None = None, facts: CatalogFacts | None = None
) -> OptionView:
    option = scored.option
    d = option.deployment
    model = option.model
    offer_or_host = d.offer or d.host
    return {
        "option": option.id,
        "label": option_label(option, facts) if facts else option.id,
        "model": model.id,
        "model_name": model.name,
        "vendor": model.vendor,
        "vendor_name": facts.provider_name(model.vendor) if facts else model.vendor,
        "weights": model.weights,
        "licence": model.licence,
        "released": _date(model.released),
        "retires": _date(model.deprecated or (d.offer.deprecated if d.offer else None)),
        "deployment": d.mode,
        "region": d.region,
        "operator": d.operator,
        "operator_name": facts.provider_name(d.operator) if facts else d.operator,
        "operator_jurisdiction": facts.provider_jurisdiction(d.operator) if facts else None,
        "vendor_jurisdiction": facts.provider_jurisdiction(model.vendor) if facts else None,
        "retention_days": d.retention_days,
        "zero_retention": d.zero_retention,
        "trains_on_data": d.trains_on_data,
        "monthly_cost": _round(scored.monthly_cost, 2),
        "currency": currency,
        "cost_basis": scored.cost_basis,
        "price_change": price_change(option, facts.rec.date) if facts else None,
        "score": _round(scored.score),
        "values": {c: _round(scored.values[c]) for c in CRITERIA},
        "contributions": {c: _round(scored.contributions[c]) for c in CRITERIA},
        "reasons": [name_providers(r, facts.provider_name if facts else str) for r in reasons or []],
        "verified": {
            "model": model.verified.isoformat(),
            "deployment": _date(offer_or_host.verified) if offer_or_host else None,
        },
    }


def price_change(option: Option, day: Any) -> PriceChange | None:
    """When the offer's price in force on the report's date ends, and what follows it (None: no end is
    published). Rates per million tokens in the price's own currency."""
    offer = option.deployment.offer
    current = offer.price_on(day) if offer else None
    if offer is None or current is None or current.valid_until is None:
        return None
    after = next((p for p in offer.periods if p.valid_from and p.valid_from > current.valid_until), None)
    return {
        "until": current.valid_until.isoformat(),
        "currency": current.currency,
        "input": current.input,
        "output": current.output,
        "next_from": _date(after.valid_from) if after else None,
        "next_currency": after.currency if after else None,
        "next_input": after.input if after else None,
        "next_output": after.output if after else None,
    }


class ExcludedView(Sequence["Excluded"]):
    """Every excluded option as the JSON report lists it, each built when read: a Markdown or HTML report
    of a large catalog shows a count and the grouping by rule, not tens of thousands of rows."""

    def __init__(self, excluded: Sequence[ExcludedOption]) -> None:
        self.excluded = excluded
        self._items: list[Excluded] | None = None

    def _all(self) -> list[Excluded]:
        if self._items is None:
            # the rules and reasons of equal exclusions, worked out once: thousands of options share them
            seen: dict[tuple[int, ...], tuple[object, list[str], list[str]]] = {}
            self._items = [_excluded_item(ex, seen) for ex in self.excluded]
        return self._items

    def __len__(self) -> int:
        return len(self.excluded)

    def by_rule(self) -> Mapping[str, Any] | None:
        """The decision's own grouping by rule (evaluate.Exclusions.by_rule), when it has one."""
        by_rule = getattr(self.excluded, "by_rule", None)
        return None if by_rule is None else by_rule()

    @overload
    def __getitem__(self, index: int) -> Excluded: ...
    @overload
    def __getitem__(self, index: slice) -> list[Excluded]: ...
    def __getitem__(self, index: int | slice) -> Excluded | list[Excluded]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Excluded]:
        return iter(self._all())


def _excluded_item(ex: ExcludedOption, seen: dict[tuple[int, ...], tuple[object, list[str], list[str]]]) -> Excluded:
    key = tuple(map(id, ex.exclusions))  # by identity: `seen` holds the records, so no id is reused meanwhile
    found = seen.get(key)
    if found is None:
        found = seen[key] = (ex.exclusions, sorted({e.rule for e in ex.exclusions}), [str(e) for e in ex.exclusions])
    _, rules, reasons = found
    option = ex.option
    return {
        "option": option.id,
        "model": option.model.id,
        "model_name": option.model.name,
        "deployment": option.deployment.mode,
        "operator": option.deployment.operator,
        "region": option.deployment.region,
        "rules": rules,  # shared between items: JSON text, never changed
        "reasons": reasons,
    }


def _json_default(value: object) -> list[Any]:
    """json.dumps for the lazy sequences of the report data."""
    if isinstance(value, Sequence):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


REQUEST_UNIT = ("request", "requests")  # the unit of work when the use case's kind names none


def _primary_view(r: UseCaseResult, currency: str, facts: CatalogFacts | None) -> OptionView | None:
    """The recommended option, its cost reckoned as the use case pays it (a share of a shared deployment)."""
    if r.primary is None:
        return None
    view = option_view(r.primary, currency, r.reasons, facts)
    if r.cost_basis is not None:
        view["cost_basis"] = r.cost_basis
    return view


def use_case_view(r: UseCaseResult, currency: str, facts: CatalogFacts | None = None) -> UseCaseFacts:
    rob = r.robustness
    sizing = r.sizing.get(r.primary.option.id) if r.primary else None
    one, many = unit_names(r.use_case.unit) if r.use_case.unit else (r.kind.unit or REQUEST_UNIT)
    requests = r.volume.requests
    return {
        "use_case": r.name,
        "kind": r.kind.id,
        "kind_name": r.kind.name,
        "data_sensitivity": r.sensitivity,
        "volume": {
            "requests_per_month": r.volume.requests,
            "input_tokens": r.volume.input_tokens,
            "output_tokens": r.volume.output_tokens,
            "tokens_per_month": r.volume.tokens_in + r.volume.tokens_out,
            "kind_defaults": r.use_case.input_tokens is None or r.use_case.output_tokens is None,
            "cached_input_share": r.volume.cached_share,
        },
        "needs": list(r.use_case.needs),
        "unit": {"one": one, "many": many},
        "cost_per_unit": _round(r.monthly_cost / requests, 6) if r.monthly_cost is not None and requests else None,
        "weights": {c: _round(w) for c, w in r.weights.items()},
        "primary": _primary_view(r, currency, facts),
        "hardware": sizing.describe() if sizing else None,
        "monthly_cost": _round(r.monthly_cost, 2),
        "shared_with": r.shared_with,
        "fallback": option_view(r.fallback, currency, r.fallback_reasons, facts) if r.fallback else None,
        "alternatives": [option_view(s, currency, None, facts) for s in r.alternatives],
        "gap": {c: _round(v) for c, v in r.gap.items()},
        "excluded": ExcludedView(r.excluded),
        "options_considered": len(r.ranked) + len(r.excluded),
        "options_passed": len(r.ranked),
        "what_would_have_to_change": [
            {"rule": c.rule, "change": c.what, "options": c.options, "best": c.best} for c in r.changes_needed
        ],
        "ai_act": {
            "tier": r.ai_act.tier,
            "role": r.ai_act.role,
            "applies": r.ai_act.applies,
            "reference": r.ai_act.reference,
            "duties": r.ai_act.duties,
        },
        "sensitivity": {
            "margin": _round(rob.margin) if rob else None,
            "win_rate": _round(rob.win_rate, 3) if rob else None,
            "fragile": rob.fragile if rob else False,
            "flips": [
                {
                    "criterion": f.criterion,
                    "weight": _round(f.weight),
                    "flips_at": _round(f.flips_at),
                    "new_winner": f.new_winner,
                }
                for f in (rob.flips if rob else [])
            ],
            "ahead": rob.ahead if rob else None,
            "what_would_change": r.what_would_change,
        },
        "break_even": None
        if r.break_even is None
        else {
            "api_option": r.break_even.api_option,
            "api_price_per_million": _round(r.break_even.api_price_per_million, 4),
            "self_hosted_option": r.break_even.self_option,
            "self_hosted_monthly": _round(r.break_even.self_monthly, 2),
            "tokens_per_month": _round(r.break_even.tokens_per_month, 0),
            "current_tokens_per_month": r.break_even.current_tokens,
            "use_cases": list(r.break_even.use_cases),
            "decided_by": list(r.break_even.decided_by),
        },
    }


def _licences(rec: Recommendation, facts: CatalogFacts) -> list[LicenceView]:
    """The licence of every recommended and fallback model, with the models and use cases under it."""
    used: dict[str, LicenceView] = {}
    for r in rec.use_cases:
        roles: tuple[tuple[Literal["primary", "fallback"], ScoredOption | None], ...] = (
            ("primary", r.primary),
            ("fallback", r.fallback),
        )
        for role, scored in roles:
            if scored is None:
                continue
            model = scored.option.model
            entry = used.setdefault(model.licence, facts.licence(model.licence))
            if model.name not in entry["models"]:
                entry["models"].append(model.name)
            entry["use_cases"].append({"use_case": r.name, "role": role, "model": model.name})
    return [used[k] for k in sorted(used)]


_KIND_ORDER = ("model", "offer", "host", "gpu")


def _provenance(rec: Recommendation, facts: CatalogFacts) -> Provenance:
    """Where each figure behind the recommended and fallback options came from, and how old it is."""
    entries: dict[str, ProvenanceEntry] = {}

    def add(
        kind: Literal["model", "offer", "host", "gpu"], ident: str, name: str, verified: Any, sources: list[str]
    ) -> None:
        # a figure checked after the report's date (a report dated in the past, made with today's catalog) is
        # no older than the report: its age is 0, and the entry says it was checked after the report's date
        days = (rec.date - verified).days
        age = max(days, 0)
        overlay = facts.overlay_file(f"{kind}:{ident}") if kind in ("model", "offer") else None
        entries.setdefault(
            f"{kind}:{ident}",
            {
                "kind": kind,
                "id": ident,
                "name": name,
                "verified": verified.isoformat(),
                "age_days": age,
                "checked_after_report": days < 0,
                "stale": age > facts.stale_after_days,
                "sources": list(sources),
                "overlay": overlay,
            },
        )

    for r in rec.use_cases:
        for scored in (r.primary, r.fallback):
            if scored is None:
                continue
            model, d = scored.option.model, scored.option.deployment
            add("model", model.id, model.name, model.verified, model.sources)
            if d.offer is not None:
                add(
                    "offer",
                    d.offer.id,
                    f"{model.name} via {facts.provider_name(d.operator)}",
                    d.offer.verified,
                    d.offer.sources,
                )
            if d.host is not None:
                add("host", d.host.id, d.host.name, d.host.verified, d.host.sources)
            sizing = r.sizing.get(scored.option.id)
            if sizing is not None:
                add("gpu", sizing.gpu.id, sizing.gpu.name, sizing.gpu.verified, sizing.gpu.sources)
    meta = facts.catalog.meta if facts.catalog else None
    return {
        "stale_after_days": facts.stale_after_days,
        "rates_source": meta.rates_source if meta else None,
        "staff_cost_sources": list(meta.staff_cost_sources) if meta else [],
        "entries": sorted(entries.values(), key=lambda e: (_KIND_ORDER.index(e["kind"]), e["name"], e["id"])),
    }


class OptionLabels(Mapping[str, str]):
    """Every option id the report may mention, with a reader's name for it, worked out when first asked for."""

    def __init__(self, rec: Recommendation, catalog: Catalog | None = None) -> None:
        self._facts = CatalogFacts(rec, catalog)
        self._rec = rec
        self._options: dict[str, Option] | None = None
        self._labels: dict[str, str] = {}

    def _index(self) -> dict[str, Option]:
        if self._options is None:
            self._options = {}
            for r in self._rec.use_cases:
                self._options.update((option.id, option) for option in map(r.ranked.option, range(len(r.ranked))))
                self._options.update((ex.option.id, ex.option) for ex in r.excluded)
        return self._options

    def _find(self, option_id: str) -> Option:
        """The option with this id, from the decision's table of options (those the report names have been
        made already: found without an index of a large catalog's thousands)."""
        if self._options is not None:
            return self._options[option_id]
        for r in self._rec.use_cases:
            place = r.ranked.table.place_of(option_id)
            if place is not None:
                return r.ranked.table.option(place)
        return self._index()[option_id]

    def __getitem__(self, option_id: str) -> str:
        if option_id not in self._labels:
            self._labels[option_id] = option_label(self._find(option_id), self._facts)
        return self._labels[option_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


def option_labels(rec: Recommendation, catalog: Catalog | None = None) -> Mapping[str, str]:
    return OptionLabels(rec, catalog)


def to_data(
    rec: Recommendation, catalog: Catalog | None = None, branding: Branding | None = None, status: Status = "draft"
) -> Report:
    """The JSON report (schema_version 1) as plain data: `json.dumps(to_data(...))` is the JSON report."""
    data = report_data(rec, catalog, branding, status)[0]
    for use_case in data["stack"]:
        use_case["excluded"] = list(use_case["excluded"])  # built when read for md and html; here, all of it
    return data


def report_data(
    rec: Recommendation, catalog: Catalog | None = None, branding: Branding | None = None, status: Status = "draft"
) -> tuple[Report, Mapping[str, str]]:
    """The JSON report and the reader's names of the options it mentions by id: the facts first, then the
    plans and prose made from them (costs over time, the risk register, the narrative)."""
    from advisor.report.narrative import narrative
    from advisor.report.planning import costs_over_time
    from advisor.report.risks import register

    labels = option_labels(rec, catalog)
    facts = report_facts(rec, catalog, labels, branding, status)
    costs = costs_over_time(facts)
    risks = register(facts)
    report: Report = {
        **facts,
        "costs_over_time": costs,
        "providers": _providers(rec, catalog),
        "risks": risks,
        "narrative": narrative({**facts, "costs_over_time": costs, "risks": risks}, labels),
    }
    return report, labels


def report_facts(
    rec: Recommendation,
    catalog: Catalog | None,
    labels: Mapping[str, str],
    branding: Branding | None = None,
    status: Status = "draft",
) -> ReportFacts:
    """The report's facts: the decision of each use case with what the report says of it, the stack's totals
    and options, licences, provenance."""
    from advisor.report.narrative import use_case_notes

    currency = rec.totals.currency
    t = rec.totals
    facts = CatalogFacts(rec, catalog)
    brand = branding or Branding()
    jurisdiction = rec.answers.organisation.jurisdiction
    weights = {c: _round(w) for c, w in rec.weights.items()}
    stack: list[UseCaseView] = []
    for r in rec.use_cases:
        decision = use_case_view(r, currency, facts)
        stack.append({**decision, **use_case_notes(decision, labels, jurisdiction, weights)})
    return {
        "schema_version": SCHEMA_VERSION,
        "generated": rec.date.isoformat(),
        "advisor_version": rec.advisor_version,
        "status": status,
        "branding": {
            "client": brand.client or rec.answers.organisation.name,
            "consultant": brand.consultant,
            "logo": brand.logo.media_type if brand.logo else None,
        },
        "catalog": {
            "version": rec.catalog_version,
            "digest": rec.catalog_digest,
            "models": rec.catalog_models,
            "oldest_verified": rec.oldest_verified.isoformat(),
            "rates_date": rec.rates_date.isoformat(),
        },
        "answers": plain(rec.answers),
        "weights": weights,
        "stack": stack,
        "shared_deployments": [
            {
                "model": s.model,
                "model_name": facts.model_name(s.model),
                "deployment": s.mode,
                "operator": s.operator,
                "operator_name": facts.provider_name(s.operator),
                "use_cases": s.use_cases,
                "hardware": s.sizing.describe(),
                "monthly_cost": _round(s.monthly_cost, 2),
            }
            for s in rec.shared
        ],
        "totals": {
            "monthly_cost": _round(t.monthly_cost, 2),
            "currency": currency,
            "budget": t.budget,
            "within_budget": t.within_budget,
            "unpriced": t.unpriced,
            "swaps": [
                {
                    "use_case": s.use_case,
                    "from": s.from_option,
                    "to": s.to_option,
                    "saves": _round(s.saves, 2),
                    "score_loss": _round(s.score_loss),
                }
                for s in t.swaps
            ],
            "swaps_bring_within_budget": t.swaps_suffice,
            "feasible": t.feasible,
            "needed_budget": _round(t.needed_budget, 2),
        },
        "options": [
            {
                "label": o.label,
                "title": o.title,
                "monthly_cost": _round(o.monthly_cost, 2),
                "within_budget": o.within_budget,
                "quality_fit": _round(o.quality, 3),
                "conditions": [name_providers(c, facts.provider_name) for c in o.conditions],
                "stack": [
                    {
                        "use_case": line.use_case,
                        "option": line.option.id if line.option else None,
                        "model_name": line.option.model.name if line.option else None,
                        "deployment": line.option.deployment.mode if line.option else None,
                        "operator": line.option.deployment.operator if line.option else None,
                        "region": line.option.deployment.region if line.option else None,
                        "monthly_cost": _round(line.monthly_cost, 2),
                        "quality_fit": _round(line.quality, 3),
                    }
                    for line in o.lines
                ],
            }
            for o in rec.options
        ],
        "licences": _licences(rec, facts),
        "provenance": _provenance(rec, facts),
        "gateway": rec.gateway,
        "warnings": client_warnings(rec, catalog),
        "stale": rec.stale,
    }


def render_json(rec: Recommendation, catalog: Catalog | None = None, settings: ReportSettings | None = None) -> str:
    from advisor import json_text

    settings = settings or ReportSettings()
    data = to_data(rec, catalog, settings.branding, settings.status)
    return json_text.dumps(data, _json_default) + "\n"  # as json.dumps(indent=2, ensure_ascii=False), faster


def _render_template(
    fmt: ReportFormat, rec: Recommendation, catalog: Catalog | None, settings: ReportSettings | None
) -> str:
    from advisor.report.templating import render_report

    settings = settings or ReportSettings()
    data, labels = report_data(rec, catalog, settings.branding, settings.status)
    logo = settings.branding.logo
    return render_report(f"report.{fmt.value}.j2", data, labels, logo.data_uri if logo else None, settings.templates)


def render_markdown(rec: Recommendation, catalog: Catalog | None = None, settings: ReportSettings | None = None) -> str:
    return _render_template(ReportFormat.md, rec, catalog, settings)


def render_html(rec: Recommendation, catalog: Catalog | None = None, settings: ReportSettings | None = None) -> str:
    return _render_template(ReportFormat.html, rec, catalog, settings)


def render(
    rec: Recommendation,
    fmt: ReportFormat,
    catalog: Catalog | None = None,
    settings: ReportSettings | None = None,
) -> str:
    """The report in one format; every member of ReportFormat has a renderer."""
    renderers = {ReportFormat.md: render_markdown, ReportFormat.html: render_html, ReportFormat.json: render_json}
    return renderers[fmt](rec, catalog, settings)


def _providers(rec: Recommendation, catalog: Catalog | None) -> list[ProviderDiligence]:
    """The due diligence of each company the stack relies on, in the order the report first names them: the
    operators of the primaries and fallbacks (the data goes to them), then the makers of models that others
    run (none of the data reaches them; their origin still matters)."""
    from advisor.catalog.diligence import country, details

    if catalog is None:
        return []
    operators: list[str] = []
    makers: dict[str, list[str]] = {}
    for result in rec.use_cases:
        for scored in (result.primary, result.fallback):
            if scored is not None:
                operators.append(scored.option.deployment.operator)
                makers.setdefault(scored.option.model.vendor, []).append(scored.option.model.name)
    out: list[ProviderDiligence] = []
    for p in dict.fromkeys(operators):
        if p != SELF and p in catalog.providers:
            out.append({**details(catalog.providers[p]), "role": "operator", "models": []})
    for p, models in makers.items():
        if p not in operators and p in catalog.providers:
            provider = catalog.providers[p]
            names = list(dict.fromkeys(models))
            line = f"{provider.name} ({country(provider)}): makes {', '.join(names)}; none of your data reaches it here"
            out.append({**details(provider), "summary": line, "role": "maker", "models": names})
    return out
