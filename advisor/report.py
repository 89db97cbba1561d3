"""Turning a Recommendation into the JSON contract, and through Jinja templates into Markdown."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from advisor.recommendation import Recommendation, UseCaseResult
from advisor.scoring import CRITERIA, LABELS, ScoredOption

SCHEMA_VERSION = 1


class ReportFormat(StrEnum):
    md = "md"
    json = "json"


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def option_view(scored: ScoredOption, currency: str, reasons: list[str] | None = None) -> dict[str, Any]:
    option = scored.option
    d = option.deployment
    return {
        "option": option.id,
        "model": option.model.id,
        "model_name": option.model.name,
        "vendor": option.model.vendor,
        "weights": option.model.weights,
        "licence": option.model.licence,
        "deployment": d.mode,
        "region": d.region,
        "operator": d.operator,
        "retention_days": d.retention_days,
        "zero_retention": d.zero_retention,
        "monthly_cost": _round(scored.monthly_cost, 2),
        "currency": currency,
        "cost_basis": scored.cost_basis,
        "score": _round(scored.score),
        "values": {c: _round(scored.values[c]) for c in CRITERIA},
        "contributions": {c: _round(scored.contributions[c]) for c in CRITERIA},
        "reasons": reasons or [],
    }


def use_case_view(r: UseCaseResult, currency: str) -> dict[str, Any]:
    rob = r.robustness
    sizing = r.sizing.get(r.primary.option.id) if r.primary else None
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
        },
        "needs": list(r.use_case.needs),
        "weights": {c: _round(w) for c, w in r.weights.items()},
        "primary": option_view(r.primary, currency, r.reasons) if r.primary else None,
        "hardware": sizing.describe() if sizing else None,
        "monthly_cost": _round(r.monthly_cost, 2),
        "shared_with": r.shared_with,
        "fallback": option_view(r.fallback, currency, r.fallback_reasons) if r.fallback else None,
        "alternatives": [option_view(s, currency) for s in r.alternatives],
        "gap": {c: _round(v) for c, v in r.gap.items()},
        "excluded": [
            {
                "option": ex.option.id,
                "model": ex.option.model.id,
                "deployment": ex.option.deployment.mode,
                "operator": ex.option.deployment.operator,
                "region": ex.option.deployment.region,
                "reasons": [str(e) for e in ex.exclusions],
            }
            for ex in r.excluded
        ],
        "options_considered": len(r.ranked) + len(r.excluded),
        "options_passed": len(r.ranked),
        "what_would_have_to_change": [
            {"rule": c.rule, "change": c.what, "options": c.options, "best": c.best} for c in r.changes_needed
        ],
        "ai_act": {"tier": r.kind.ai_act.tier, "reference": r.kind.ai_act.reference, "duties": r.kind.ai_act.duties},
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
        },
    }


def to_data(rec: Recommendation) -> dict[str, Any]:
    """The JSON report (schema_version 1): the contract scripts rely on."""
    currency = rec.totals.currency
    t = rec.totals
    return {
        "schema_version": SCHEMA_VERSION,
        "generated": rec.date.isoformat(),
        "advisor_version": rec.advisor_version,
        "catalog": {
            "version": rec.catalog_version,
            "digest": rec.catalog_digest,
            "models": rec.catalog_models,
            "oldest_verified": rec.oldest_verified.isoformat(),
            "rates_date": rec.rates_date.isoformat(),
        },
        "answers": rec.answers.model_dump(mode="json"),
        "weights": {c: _round(w) for c, w in rec.weights.items()},
        "stack": [use_case_view(r, currency) for r in rec.use_cases],
        "shared_deployments": [
            {
                "model": s.model,
                "deployment": s.mode,
                "operator": s.operator,
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
        },
        "gateway": rec.gateway,
        "warnings": rec.warnings,
        "stale": rec.stale,
    }


def render_json(rec: Recommendation) -> str:
    return json.dumps(to_data(rec), indent=2, ensure_ascii=False) + "\n"


def _md_cell(value: Any) -> str:
    """A value safe inside a Markdown table cell: no pipes or line breaks escape it."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _money(value: float | None, currency: str) -> str:
    return "unpriced" if value is None else f"{currency} {value:,.0f}"


def render_markdown(rec: Recommendation) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from advisor.resources import templates_dir

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = _md_cell
    env.filters["money"] = _money
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{v:.0%}"
    template = env.get_template("report.md.j2")
    text = template.render(r=to_data(rec), labels=LABELS, criteria=CRITERIA)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def render(rec: Recommendation, fmt: ReportFormat) -> str:
    renderers = {ReportFormat.md: render_markdown, ReportFormat.json: render_json}
    return renderers[fmt](rec)
