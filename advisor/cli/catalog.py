"""`advisor catalog ...`: list, show, validate and check-prices."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from advisor.cli.app import Command, catalog_app
from advisor.cli.options import CatalogOption, DateOption, catalog_for, report_date

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.catalog.schema import Catalog


def _model_row(catalog: Catalog, model_id: str) -> dict[str, Any]:
    m = catalog.models[model_id]
    offers = catalog.offers_of(model_id)
    prices = [o.price for o in offers if o.mode == "shared_api" and o.price and o.price.input is not None]
    cheapest = min(prices, key=lambda p: (p.input or 0) + (p.output or 0), default=None)
    return {
        "id": m.id,
        "name": m.name,
        "vendor": m.vendor,
        "weights": m.weights,
        "licence": m.licence,
        "licence_class": catalog.licences[m.licence].licence_class,
        "parameters_b": m.parameters.total_b,
        "active_parameters_b": m.parameters.active_b,
        "context_window": m.context_window,
        "modalities": m.modalities.input,
        "offers": len(offers),
        "regions": sorted({o.region for o in offers}),
        "cheapest_api": None
        if cheapest is None
        else {
            "input": cheapest.input,
            "output": cheapest.output,
            "currency": cheapest.currency,
        },
        "released": m.released.isoformat() if m.released else None,
        "deprecated": m.deprecated.isoformat() if m.deprecated else None,
        "verified": m.verified.isoformat(),
    }


@catalog_app.command("list", cls=Command)
def list_models(
    open_: Annotated[bool, typer.Option("--open", help="Only open-weights models.")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Only closed models.")] = False,
    vendor: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--vendor", metavar="VENDOR", help="Only this vendor's models."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """List the catalog's models with licence, size, context, price and verified date."""
    if open_ and closed:
        from advisor.cli.app import usage_error

        raise usage_error("--open and --closed exclude each other: give one, or neither to list every model")
    cat = catalog_for(catalog)
    rows = [_model_row(cat, mid) for mid in cat.models]
    if open_ or closed:
        rows = [r for r in rows if r["weights"] == ("open" if open_ else "closed")]
    if vendor:
        vendors = sorted({m.vendor for m in cat.models.values()})
        if vendor not in vendors:  # a typo would list nothing and say nothing
            from advisor.errors import AdvisorError, did_you_mean

            hint = did_you_mean(vendor, vendors)
            raise AdvisorError(f"--vendor {vendor!r}: no model of this vendor in the catalog{hint}")
        rows = [r for r in rows if r["vendor"] == vendor]
    if as_json:
        import json

        typer.echo(json.dumps(rows, indent=2))
        return
    from advisor.cli.terminal import console

    out = console(markup=False)  # model names may hold brackets
    print_model_table(out, rows, f"catalog {cat.meta.version}: {len(rows)} model(s)")


LEFT_OUT_FIRST = ("verified", "licence", "params (B)", "context", "weights")  # what a narrow table does without


def print_model_table(out: Console, rows: list[dict[str, Any]], title: str) -> None:
    """The models as a table that fits the console's width (a pipe's is 80): where the whole table does not
    fit, columns are left out (LEFT_OUT_FIRST, said under the table) rather than ids and figures broken."""
    from rich import box
    from rich.table import Table

    cells = [_model_cells(r) for r in rows]
    columns = list(cells[0]) if cells else []
    left_out: list[str] = []

    def width(names: list[str]) -> int:  # each column as wide as its widest cell, two spaces between
        return sum(max(len(name), *(len(row[name]) for row in cells)) for name in names) + 2 * (len(names) - 1)

    for name in LEFT_OUT_FIRST:
        if not cells or width(columns) <= out.width:
            break
        columns.remove(name)
        left_out.append(name)
    caption = f"left out to fit {out.width} columns: {', '.join(left_out)} (see --json)" if left_out else None
    table = Table(
        title=title, caption=caption, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True
    )
    for name in columns:
        table.add_column(name, no_wrap=True)
    for row in cells:
        table.add_row(*(row[name] for name in columns))
    out.print(table)


def _model_cells(r: dict[str, Any]) -> dict[str, str]:
    price = r["cheapest_api"]
    params = (
        ""
        if r["parameters_b"] is None
        else f"{r['parameters_b']:g}" + (f"/{r['active_parameters_b']:g}" if r["active_parameters_b"] else "")
    )
    return {
        "id": r["id"],
        "vendor": r["vendor"],
        "weights": r["weights"],
        "licence": r["licence_class"],
        "params (B)": params,
        "context": _tokens(r["context_window"]),
        "API $/M in/out": "" if price is None else f"{price['input']:g}/{price['output']:g} {price['currency']}",
        "verified": r["verified"],
    }


def _tokens(count: int) -> str:
    """A context window as it is spoken of: 1M, 200k, or the exact number when it is neither."""
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    if count % 1000 == 0:
        return f"{count // 1000}k"
    return f"{count:,}"


@catalog_app.command("show", cls=Command)
def show(
    model_id: Annotated[str, typer.Argument(metavar="ID", help="A model id (see `advisor catalog list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Everything the catalog knows about one model: facts, licence, offers, self-hosting sizes."""
    from advisor.cli.catalog_show import model_details, print_details
    from advisor.errors import AdvisorError

    cat = catalog_for(catalog)
    if model_id not in cat.models:
        import difflib

        close = difflib.get_close_matches(model_id, list(cat.models), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `advisor catalog list`"
        raise AdvisorError(f"no model '{model_id}' in the catalog{hint}")
    details = model_details(cat, model_id)
    if as_json:
        import json

        typer.echo(json.dumps(details, indent=2))
    else:
        print_details(details)


@catalog_app.command("validate", cls=Command)
def validate(
    folder: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(metavar="[DIR]", help="An overlay folder to check against the shipped catalog."),
    ] = None,
) -> None:
    """Check the shipped catalog, or an overlay on top of it: schema, ids, references, prices, dates."""
    from advisor.catalog.load import overlay_files
    from advisor.plain_text import visible

    cat = catalog_for([folder] if folder else None)
    for files in overlay_files([folder] if folder else []):  # what was read, so that nothing counts in silence
        for path in files.read:
            typer.echo(f"read: {visible(str(path))}")
        for path in files.not_read:
            typer.echo(f"not read: {visible(str(path))} (documentation and hidden files are left for people)")
    what = f"{visible(str(folder))} on the shipped catalog" if folder else "the shipped catalog"
    typer.echo(f"{what}: valid ({len(cat.models)} models, {len(cat.offers)} offers)")
    from advisor.catalog.ratings import basis

    typer.echo(str(basis(cat.ratings)))


@catalog_app.command("check-prices", cls=Command)
def check_prices(
    price_file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="LiteLLM's model_prices_and_context_window_backup.json (or an extract).",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Compare the catalog's API prices with LiteLLM's price file: differences over 5% (long-prompt tiers
    included), missing counterparts and deprecation dates the catalog lacks."""
    from advisor.catalog.litellm import compare, load_price_file
    from advisor.output import write_stdout

    cat = catalog_for(catalog)
    result = compare(cat, load_price_file(price_file))
    if as_json:
        import json

        typer.echo(json.dumps(result.to_data(), indent=2))
    else:
        write_stdout(result.to_text())
    from advisor.catalog.litellm import AGREEMENT_TARGET, COVERAGE_TARGET

    short = [
        f"{what} {value:.1%} is below the target of {target:.0%}"
        for what, value, target in (
            ("coverage", result.coverage, COVERAGE_TARGET),
            ("agreement", result.agreement, AGREEMENT_TARGET),
        )
        if value < target
    ]
    if short:  # a script or CI job checking prices needs to hear it
        typer.echo(f"check-prices: {'; '.join(short)}", err=True)
        raise typer.Exit(1)


@catalog_app.command("refresh", cls=Command)
def refresh_prices(
    price_file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="LiteLLM's model_prices_and_context_window_backup.json (or an extract)."),
    ],
    out_dir: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="The overlay folder to write.")],
    date: DateOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Write an overlay folder that brings API prices (long-prompt tiers included) and retirement dates up to
    LiteLLM's file; check it with
    `advisor catalog validate DIR`, use it with `--catalog DIR`, or copy its entries into the catalog."""
    import yaml

    from advisor.catalog.litellm import LITELLM_SOURCE, load_price_file, refresh
    from advisor.errors import AdvisorError
    from advisor.output import write_atomic

    cat = catalog_for(catalog)
    found = refresh(cat, load_price_file(price_file), report_date(date))
    target = out_dir / "models" / "litellm-refresh.yaml"
    if out_dir.exists() and not out_dir.is_dir():
        raise AdvisorError(f"-o {out_dir}: is a file; give a folder for the overlay")
    target.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# API prices, long-prompt tiers and retirement dates brought up to LiteLLM's price file ({LITELLM_SOURCE}).\n"
    )
    write_atomic(target, header + yaml.safe_dump({"offers": found.offers}, sort_keys=False, allow_unicode=True))
    typer.echo(f"{target}: {len(found.offers)} offer(s) changed")
    for line in found.changes:
        typer.echo(f"  {line}")
    if found.by_hand:
        typer.echo(f"to review by hand (dated prices, long-prompt tiers the file lacks): {len(found.by_hand)}")
        for line in found.by_hand:
            typer.echo(f"  {line}")
