"""Loading the catalog: the shipped YAML, overlays on top of it, cross-checks, and the parsed result kept in the cache."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from advisor.cache import code_key, compact, fetch, store
from advisor.catalog.files import Listing, listing
from advisor.catalog.ratings import unanchored, with_ratings
from advisor.catalog.schema import (
    BenchmarkFile,
    BenchmarkResult,
    Catalog,
    CatalogMeta,
    DedicatedHost,
    Gpu,
    Licence,
    LicenceClassInfo,
    Model,
    Offer,
    Policies,
    Provider,
    UseCaseKind,
    VendorFile,
)
from advisor.errors import AdvisorError, did_you_mean, validation_problems
from advisor.plain_text import text_problems
from advisor.resources import catalog_dir
from advisor.validation import validator
from advisor.yamlio import load_file, read_bytes

ENV_OVERLAY = "ADVISOR_CATALOG"

# tables kept as lists of records with an `id`, and the file each lives in
_TABLES: dict[str, tuple[str, type[Any]]] = {
    "providers": ("providers.yaml", Provider),
    "gpus": ("gpus.yaml", Gpu),
    "use_case_kinds": ("use_cases.yaml", UseCaseKind),
    "licences": ("licences.yaml", Licence),
    "licence_classes": ("licence_classes.yaml", LicenceClassInfo),
    "dedicated_hosts": ("dedicated_hosts.yaml", DedicatedHost),
}


class _Files:
    """What the folders held, before cross-checks."""

    def __init__(self) -> None:
        self.meta: CatalogMeta | None = None
        self.policies: Policies | None = None
        self.tables: dict[str, dict[str, Any]] = {}
        self.models: dict[str, Model] = {}
        self.offers: dict[str, Offer] = {}
        self.origin: dict[str, str] = {}
        self.benchmarks: list[BenchmarkResult] = []


def _validate(cls: type[Any], raw: Any, where: str, labels: dict[tuple[Any, ...], str] | None = None) -> Any:
    try:
        return validator(cls).validate_python(raw)
    except ValidationError as exc:
        raise AdvisorError(f"{where}: not a valid catalog file", validation_problems(exc, labels)) from None


def _labels(raw: Any, key: str, what: str) -> dict[tuple[Any, ...], str]:
    """('models', 3) -> 'model gpt-5.4' so that a message names the entry, not its index."""
    labels: dict[tuple[Any, ...], str] = {}
    items = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(items, list):
        for i, item in enumerate(items):
            name = item.get("id") or item.get("model") if isinstance(item, dict) else None
            if isinstance(item, dict) and key == "offers":
                name = f"{item.get('model')}@{item.get('operator')}"
            labels[(key, i)] = f"{what} #{i + 1} ({name})" if name else f"{what} #{i + 1}"
    return labels


def _not_a_folder(folder: Path) -> AdvisorError:
    if folder.exists():
        return AdvisorError(f"{folder}: not a folder; a catalog overlay is a folder of YAML files (models/*.yaml, ...)")
    return AdvisorError(f"{folder}: no such catalog folder")


_NAMES = ("catalog.yaml", "policies.yaml", *(f for f, _ in _TABLES.values()))  # a folder's files at its top


def _read_folder(folder: Path, files: _Files, *, overlay: bool) -> None:
    if not folder.is_dir():
        raise _not_a_folder(folder)
    read = listing(folder, _NAMES).read
    for name in _NAMES:
        if not overlay and folder / name not in read:
            raise AdvisorError(f"{folder / name}: missing; the catalog needs this file")
    seen: set[str] = set()  # the ids this folder gives: each once, whatever other folders give
    for path in read:
        raw = load_file(path)
        problems = text_problems(raw)  # ids and names reach terminals and reports
        if problems:
            raise AdvisorError(f"{path}: not a valid catalog file", problems)
        if path.name == "catalog.yaml":
            files.meta = _validate(CatalogMeta, raw, str(path))
        elif path.name == "policies.yaml":
            files.policies = _validate(Policies, raw, str(path))
        elif path.parent == folder:
            _read_table(path, raw, files)
        elif path.parent.name == "benchmarks" and raw is not None:
            files.benchmarks += _validate(BenchmarkFile, raw, str(path)).results
        elif path.parent.name == "models" and raw is not None:
            _read_models(path, raw, files, seen)


def _read_models(path: Path, raw: Any, files: _Files, seen: set[str]) -> None:
    labels = {**_labels(raw, "models", "model"), **_labels(raw, "offers", "offer")}
    vendor_file = _validate(VendorFile, raw, str(path), labels)
    for model in vendor_file.models:
        key = f"model:{model.id}"
        if key in seen:
            raise AdvisorError(
                f"{path}: model {model.id}: duplicate id (also in {files.origin[key]}); ids must be unique"
            )
        seen.add(key)
        files.models[model.id] = model
        files.origin[key] = str(path)
    for offer in vendor_file.offers:
        key = f"offer:{offer.id}"
        if key in seen:
            raise AdvisorError(
                f"{path}: offer {offer.id}: duplicate offer (also in {files.origin[key]}); "
                "one offer per model, operator, mode and region"
            )
        seen.add(key)
        files.offers[offer.id] = offer
        files.origin[key] = str(path)


def _read_table(path: Path, raw: Any, files: _Files) -> None:
    table = next(key for key, (fname, _) in _TABLES.items() if fname == path.name)
    cls = _TABLES[table][1]
    if not isinstance(raw, dict) or not isinstance(raw.get(table), list):
        raise AdvisorError(f"{path}: expected a mapping with a list under '{table}'")
    unknown = set(raw) - {table}
    if unknown:
        raise AdvisorError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected only '{table}'")
    entries = files.tables.setdefault(table, {})
    seen: set[str] = set()
    for i, item in enumerate(raw[table]):
        label = f"{table}[{i}]" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
        entry = _validate(cls, item, f"{path}: {label}")
        entry_id = str(entry.id)
        if entry_id in seen:
            raise AdvisorError(f"{path}: {table} {entry_id}: duplicate id; ids must be unique")
        seen.add(entry_id)
        entries[entry_id] = entry


def _cross_check(files: _Files) -> list[str]:
    """References between files: vendors, operators, licences and models must exist."""
    problems: list[str] = []
    providers = files.tables.get("providers", {})
    licences = files.tables.get("licences", {})
    for result in files.benchmarks:
        if result.model not in files.models:
            problems.append(
                f"benchmarks: a {result.benchmark} result for '{result.model}', which is no model in the catalog"
                + did_you_mean(result.model, sorted(files.models))
            )
    problems += unanchored(files.benchmarks)
    for model in files.models.values():
        where = f"{files.origin[f'model:{model.id}']}: model {model.id}"
        if model.vendor not in providers:
            problems.append(f"{where}: vendor: unknown provider '{model.vendor}' (add it to providers.yaml)")
        if model.licence not in licences:
            problems.append(f"{where}: licence: unknown licence '{model.licence}' (add it to licences.yaml)")
        elif (licences[model.licence].licence_class == "proprietary") != (model.weights == "closed"):
            problems.append(f"{where}: licence: a {model.weights}-weights model with licence '{model.licence}'")
        if model.weights == "open" and model.parameters.total_b is None:
            problems.append(f"{where}: parameters.total_b: an open-weights model needs its parameter count")
    classes = files.tables.get("licence_classes", {})
    for licence in licences.values():
        if licence.licence_class not in classes:
            problems.append(f"licences.yaml: {licence.id}: class: no such licence class (see licence_classes.yaml)")
    gpus = files.tables.get("gpus", {})
    for host in files.tables.get("dedicated_hosts", {}).values():
        where = f"dedicated_hosts.yaml: {host.id}"
        if host.operator not in providers:
            problems.append(f"{where}: operator: unknown provider '{host.operator}'")
        for gpu in host.gpu_hourly:
            if gpu not in gpus:
                problems.append(f"{where}: gpu_hourly: unknown GPU '{gpu}' (see gpus.yaml)")
    for offer in files.offers.values():
        where = f"{files.origin[f'offer:{offer.id}']}: offer {offer.id}"
        if offer.model not in files.models:
            problems.append(f"{where}: model: unknown model '{offer.model}'")
        if offer.operator not in providers:
            problems.append(f"{where}: operator: unknown provider '{offer.operator}' (add it to providers.yaml)")
        served = files.models.get(offer.model)
        if served is not None and offer.max_input_tokens and offer.max_input_tokens > served.context_window:
            problems.append(
                f"{where}: max_input_tokens: {offer.max_input_tokens:,} is above the model's context window "
                f"({served.context_window:,}); leave it out where the offer takes the model's full window"
            )
    return problems


def _folders(overlays: Iterable[Path | str]) -> list[tuple[str, Path]]:
    """The overlay folders, ADVISOR_CATALOG's first, each with the option that gave it."""
    given = [("--catalog", Path(p)) for p in overlays]
    env = os.environ.get(ENV_OVERLAY)
    return [(ENV_OVERLAY, Path(p)) for p in (env or "").split(os.pathsep) if p] + given


def _once_each(folders: list[tuple[str, Path]]) -> None:
    """A folder given twice (`o` and `./o/`, or a link to it) is refused: which place should its entries take?
    Folders are compared resolved, not as text."""
    seen: dict[Path, str] = {}
    for option, folder in folders:
        resolved = folder.resolve()
        if resolved in seen:
            raise AdvisorError(f"{option} {folder}: the same folder as {seen[resolved]}; give each catalog folder once")
        seen[resolved] = "the shipped catalog" if not seen else str(folder)


def _files(folders: list[Path]) -> list[tuple[str, Path, os.stat_result]]:
    """Every catalog file, in order: its name (the folder's place, then its path in the folder), path and
    status."""
    found = []
    for i, folder in enumerate(folders):
        for path in listing(folder, _NAMES).read:
            try:
                status = path.stat()
            except OSError as exc:
                if path.is_symlink():  # a file put there, that cannot be read: never left out in silence
                    raise AdvisorError(
                        f"{path}: a link to {os.readlink(path)}, which cannot be read ({exc.strerror})"
                    ) from None
                continue
            # a folder where a file belongs is kept too: reading it says what is wrong
            found.append((f"{i}/{path.relative_to(folder)}", path, status))
    return found


def _content_key(files: list[tuple[str, Path, os.stat_result]]) -> str:
    """A digest of every catalog file's name and bytes, in order: equal digests, equal catalogs."""
    hasher = hashlib.sha256()
    for name, path, _ in files:
        hasher.update(f"{name}\0".encode())
        hasher.update(read_bytes(path))
    return hasher.hexdigest()


SETTLED_SECONDS = 2


def _catalog_key(files: list[tuple[str, Path, os.stat_result]]) -> str:
    """The content key of these files, read back from the cache when none of them has changed since it was
    worked out (as git and make tell: size, modification and change times, inode; any write moves the change
    time, which no tool sets back). A file changed in the last seconds is hashed again every time: a second
    write within the clock's tick could leave its times as they were."""
    stamp = hashlib.sha256(
        repr([(name, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev) for name, _, s in files]).encode()
    ).hexdigest()
    name = f"stamp-{stamp[:32]}.pickle"
    kept = fetch(name)
    if isinstance(kept, str):
        return kept
    key = _content_key(files)
    newest = max((max(s.st_mtime, s.st_ctime) for _, _, s in files), default=0.0)
    if newest < time.time() - SETTLED_SECONDS:
        store(name, key)
    return key


def _cache_name(key: str, folders: list[Path]) -> str:
    """The pickle names our record classes: a change to their definitions makes it stale, like a changed file.
    It also names the files its entries came from (`catalog show`), so the folders, as given and resolved, are
    part of the name: a cached catalog names the files a parse would."""
    where = hashlib.sha256(repr([(str(f), str(f.resolve())) for f in folders]).encode()).hexdigest()
    return f"catalog-{code_key()}-{key[:32]}-{where[:16]}.pickle"


def load_catalog(overlays: Iterable[Path | str] = (), *, base: Path | None = None) -> Catalog:
    """The shipped catalog (or `base`), with each overlay folder's entries added or overriding by id.

    The parsed catalog is cached (ADVISOR_CACHE_DIR, else the user's cache folder) under the digest of
    every file it came from, so a changed file is parsed again; ADVISOR_NO_CACHE=1 turns this off."""
    given = [("base", base or catalog_dir()), *_folders(overlays)]
    for _, folder in given[1:]:
        if not folder.is_dir():
            raise _not_a_folder(folder)
    _once_each(given)
    folders = [folder for _, folder in given]
    key = _catalog_key(_files(folders))
    name = _cache_name(key, folders)
    cached = fetch(name)
    if isinstance(cached, Catalog):
        return cached
    catalog = compact(_parse(folders, key))
    store(name, catalog)
    return catalog


def _parse(folders: list[Path], key: str) -> Catalog:
    files = _Files()
    _read_folder(folders[0], files, overlay=False)
    shipped = dict(files.origin)
    for folder in folders[1:]:
        _read_folder(folder, files, overlay=True)
    overlaid = frozenset(key for key, path in files.origin.items() if shipped.get(key) != path)
    problems = _cross_check(files)
    if problems:
        raise AdvisorError("the catalog is inconsistent", problems)
    assert files.meta is not None and files.policies is not None
    tables: Mapping[str, dict[str, Any]] = files.tables
    models, ratings = with_ratings(dict(sorted(files.models.items())), files.benchmarks)
    return Catalog(
        meta=files.meta,
        policies=files.policies,
        models=models,
        offers=dict(sorted(files.offers.items())),
        providers=tables["providers"],
        gpus=tables["gpus"],
        use_case_kinds=tables["use_case_kinds"],
        licences=tables["licences"],
        licence_classes=tables["licence_classes"],
        dedicated_hosts=tables["dedicated_hosts"],
        origin=files.origin,
        digest=key[:12],
        ratings=ratings,
        overlaid=overlaid,
    )


def overlay_files(overlays: Iterable[Path | str] = ()) -> list[Listing]:
    """What each overlay folder (ADVISOR_CATALOG's, then `overlays`) holds: the files read and those not."""
    return [listing(folder, _NAMES) for _, folder in _folders(overlays) if folder.is_dir()]
