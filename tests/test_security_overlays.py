"""Catalog overlays never contribute nothing in silence, and read the same cached or not (issue 19, items 7
and 8)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import Run

from advisor.catalog.load import load_catalog
from advisor.catalog.schema import Catalog
from advisor.records import plain

OFFER = "claude-sonnet-5.5@anthropic/shared_api/global"


def negotiated(catalog: Catalog, price: float = 1.0) -> dict[str, object]:
    data = plain(catalog.offers[OFFER], drop_none=True)
    data["price"] = {"input": price, "output": 5.0, "currency": "USD"}
    return data


def overlay(folder: Path, name: str, content: object) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["models/client.yml", "models/client.YAML", "models/Client.Yml"])
def test_an_overlay_file_spelled_yml_or_in_capitals_is_read(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run], name: str
) -> None:
    path = overlay(tmp_path / "o", name, {"offers": [negotiated(catalog)]})
    price = load_catalog([tmp_path / "o"]).offers[OFFER].price
    assert price is not None and price.input == 1.0
    run = cli("catalog", "validate", str(tmp_path / "o"))
    assert run.code == 0, run.err
    assert str(path) in run.out  # validate lists what it read


@pytest.mark.parametrize("name", ["client.yaml", "offers.yml", "vendors/client.yaml", "models/sub/client.yaml"])
def test_an_overlay_file_outside_models_is_refused_by_name(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run], name: str
) -> None:
    path = overlay(tmp_path / "o", name, {"offers": [negotiated(catalog)]})
    run = cli("catalog", "validate", str(tmp_path / "o"))
    assert run.code == 1
    first = str(path.relative_to(tmp_path / "o")).split("/")[0]
    shown = str(path.parent) if name.startswith("models/sub") else str(tmp_path / "o" / first)
    assert shown in run.err and "models/" in run.err, run.err
    assert "Traceback" not in run.err
    run = cli("catalog", "list", "--catalog", str(tmp_path / "o"))
    assert run.code == 1 and shown in run.err


def test_documentation_in_an_overlay_is_listed_as_not_read(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    overlay(tmp_path / "o", "models/client.yaml", {"offers": [negotiated(catalog)]})
    (tmp_path / "o" / "README.md").write_text("# our prices\n", encoding="utf-8")
    run = cli("catalog", "validate", str(tmp_path / "o"))
    assert run.code == 0, run.err
    assert f"{tmp_path / 'o' / 'README.md'}" in run.out and "not read" in run.out


def test_an_unreadable_models_folder_is_refused_by_name(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay(tmp_path / "o", "models/client.yaml", {"offers": [negotiated(catalog)]})
    models = tmp_path / "o" / "models"
    scandir = os.scandir

    def refusing(path: object = ".") -> object:  # as for a folder of another user's, mode 0700 (root reads all)
        if Path(os.fsdecode(path)).resolve() == models.resolve():  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refusing)
    run = cli("catalog", "validate", str(tmp_path / "o"))
    assert run.code == 1
    assert f"{models}: cannot be read (Permission denied)" in run.err, run.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its mode")
def test_a_models_folder_without_read_permission_is_refused(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    overlay(tmp_path / "o", "models/client.yaml", {"offers": [negotiated(catalog)]})
    models = tmp_path / "o" / "models"
    models.chmod(0o300)
    try:
        run = cli("catalog", "validate", str(tmp_path / "o"))
    finally:
        models.chmod(0o700)
    assert run.code == 1 and f"{models}: cannot be read" in run.err
