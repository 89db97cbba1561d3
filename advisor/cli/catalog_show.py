"""`advisor catalog show ID`: one model's facts, licence clauses, offers and self-hosting memory."""

from __future__ import annotations

from typing import Any

from advisor.catalog.diligence import details as provider_details
from advisor.catalog.schema import Catalog
from advisor.engine.costs import (
    QUANTISATIONS,
    Volume,
    kv_bytes_per_token,
    serving_precision,
    size_deployment,
    weights_gb,
)
from advisor.records import plain


def self_hosting(catalog: Catalog, model_id: str) -> dict[str, Any] | None:
    model = catalog.models[model_id]
    if model.weights != "open" or model.parameters.total_b is None:
        return None
    gpus = list(catalog.gpus.values())
    probe = Volume(1, 2000, 500)
    out: dict[str, Any] = {
        "kv_cache_kib_per_token": round(kv_bytes_per_token(model) / 1024, 1),
        "kv_estimated": model.architecture is None,
        "serving_precision": serving_precision(model),
    }
    for quant in QUANTISATIONS:
        sizing = size_deployment(model, gpus, 8192, probe, quant)
        out[quant] = {
            "weights_gb": round(weights_gb(model, quant), 1),
            "with_8k_context_gb": round(sizing.memory_needed_gb, 1) if sizing else None,
            "fits_on": sizing.describe() if sizing else "no configuration of up to 8 GPUs in the catalog",
        }
    return out


def dedicated_hosts(catalog: Catalog, model_id: str) -> list[dict[str, Any]]:
    """The providers that could run this open model on GPUs reserved for one customer (the `dedicated` options a
    report may recommend), each with the smallest configuration of its GPUs that holds it at the serving
    precision and an 8k context, and its price per hour; none for a closed model or one of unknown size."""
    model = catalog.models[model_id]
    if model.weights != "open" or model.parameters.total_b is None:
        return []
    hosts = []
    for host in catalog.dedicated_hosts.values():
        gpus = [catalog.gpus[g] for g in host.gpu_hourly if g in catalog.gpus]
        sizing = size_deployment(model, gpus, 8192, Volume(1, 2000, 500), serving_precision(model), host.gpu_hourly)
        hosts.append(
            {
                "id": host.id,
                "operator": host.operator,
                "region": host.region,
                "retention_days": host.retention_days,
                "fits_on": sizing.describe() if sizing else None,
                "hourly": None
                if sizing is None
                else round(host.gpu_hourly[sizing.gpu.id] * sizing.gpus_per_replica * sizing.replicas, 2),
                "currency": host.currency,
                "verified": host.verified.isoformat(),
            }
        )
    return hosts


def model_details(catalog: Catalog, model_id: str) -> dict[str, Any]:
    model = catalog.models[model_id]
    licence = catalog.licences[model.licence]
    data: dict[str, Any] = plain(model)
    data["licence"] = {
        "id": licence.id,
        "name": licence.name,
        "class": licence.licence_class,
        "url": licence.url,
        "restrictions": [plain(r) for r in licence.restrictions],
    }
    offers = catalog.offers_of(model_id)
    data["offers"] = [{"id": o.id, **plain(o)} for o in offers]
    # due diligence on the vendor and each operator of an offer: country, certifications, DPA
    who = dict.fromkeys([model.vendor, *(o.operator for o in offers)])
    data["providers"] = [provider_details(catalog.providers[p]) for p in who if p in catalog.providers]
    data["self_hosting"] = self_hosting(catalog, model_id)
    data["dedicated_hosts"] = dedicated_hosts(catalog, model_id)
    data["file"] = catalog.origin.get(f"model:{model_id}")
    data["ratings"] = {
        capability: {
            "value": rating.value,
            "estimated": rating.estimated,
            "basis": rating.basis,
            "inputs": [
                {
                    "benchmark": r.benchmark,
                    "score": r.score,
                    "variant": r.variant,
                    "by": r.by,
                    "source": r.source,
                    "checked": r.checked.isoformat(),
                }
                for r in rating.inputs
            ],
        }
        for capability, rating in catalog.ratings.get(model_id, {}).items()
    }
    return data


def print_details(d: dict[str, Any]) -> None:
    from rich.table import Table

    from advisor.cli.terminal import console as make_console

    console = make_console(markup=False)  # catalog text may hold brackets
    params = d["parameters"]
    console.print(f"{d['name']} ({d['id']}), {d['vendor']}, {d['weights']} weights", style="bold")
    console.print(f"licence: {d['licence']['name']} [{d['licence']['class']}]")
    for r in d["licence"]["restrictions"]:
        console.print(f"  - {r['kind']}: {r['text']}")
    console.print(f"parameters: total {params['total_b'] or 'undisclosed'} B, active {params['active_b'] or '-'} B")
    console.print(f"context: {d['context_window']:,} tokens; max output: {d['max_output'] or 'unknown'}")
    console.print(f"modalities: {', '.join(d['modalities']['input'])} -> {', '.join(d['modalities']['output'])}")
    console.print("capabilities (0-10), each from published benchmarks or marked estimated:")
    for capability, value in d["capabilities"].items():
        rating = d["ratings"].get(capability)
        if rating is None or (not rating["inputs"] and not rating["estimated"]):
            console.print(f"  {capability} {value}" + (f" ({rating['basis']})" if rating else ""))
        elif rating["estimated"] and not rating["inputs"]:
            console.print(f"  {capability} {value} (estimated: no published benchmark recorded)")
        else:
            how = "estimated; the vendor's own figures can only lower it" if rating["estimated"] else "from"
            console.print(f"  {capability} {value}, {how}:")
            for r in rating["inputs"]:
                variant = f" ({r['variant']})" if r["variant"] else ""
                console.print(
                    f"    {r['benchmark']}{variant} {r['score']:g}, {r['by']}, {r['source']} ({r['checked']})"
                )
    console.print(f"  the catalog's description: {d['capability_basis']}")
    console.print(
        f"released: {d['released']}; deprecated: {d['deprecated'] or 'not announced'}; verified: {d['verified']}"
    )
    for s in d["sources"]:
        console.print(f"  source: {s}")
    table = Table(title="offers")
    for col in ("mode", "operator", "region", "retention", "price /M in/out", "verified"):
        table.add_column(col)
    for o in d["offers"]:
        p = o["price"]
        price = (
            "on request"
            if p is None
            else (
                f"{p['input']}/{p['output']} {p['currency']}"
                if p["input"] is not None
                else f"{p['monthly_fixed']} {p['currency']}/month"
            )
        )
        if p and p.get("cached_input") is not None:
            price += f"; cached input {p['cached_input']}"
        tier = p.get("long_prompt") if p else None
        if tier:
            price += f"; {tier['input']}/{tier['output']} above {tier['above'] / 1000:g}k"
            if tier.get("cached_input") is not None:
                price += f" (cached {tier['cached_input']})"
        retention = "unknown" if o["retention_days"] is None else f"{o['retention_days']} d"
        if o["zdr_available"]:
            retention += " (ZDR available)"
        table.add_row(o["mode"], o["operator"], o["region"], retention, price, o["verified"])
    console.print(table)
    console.print("providers (vendor and operators): country; certifications; data processing agreement")
    for p in d["providers"]:
        role = "vendor" if p["id"] == d["vendor"] else "operator"
        console.print(f"  {role} {p['summary']}")
        by_page: dict[tuple[str, str], list[str]] = {}  # the certifications read on each page, on each day
        for c in p["certifications"] or []:
            by_page.setdefault((c["source"], c["checked"]), []).append(c["name"])
        for (source, checked), names in by_page.items():
            console.print(f"    {', '.join(names)}: {source} ({checked})")
    for host in d["dedicated_hosts"]:
        where = f"dedicated (single-tenant) by {host['operator']} ({host['region']}): "
        if host["fits_on"] is None:
            console.print(where + "none of its GPUs holds this model")
        else:
            console.print(where + f"{host['fits_on']}, {host['currency']} {host['hourly']:,.2f}/hour")
    sh = d["self_hosting"]
    if sh:
        console.print(
            f"self-hosting: KV cache {sh['kv_cache_kib_per_token']} KiB/token"
            + (" (estimated)" if sh["kv_estimated"] else "")
        )
        console.print(f"  advisor sizes deployments at {sh['serving_precision'].upper()}")
        for q in ("bf16", "fp8", "int4"):
            console.print(f"  {q}: weights {sh[q]['weights_gb']} GB; {sh[q]['fits_on']}")
