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


@pytest.fixture(params=["cache", "no cache"])
def caching(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test below runs with a fresh cache folder (each command twice: cold, then warm) and without one."""
    if request.param == "cache":
        monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    return str(request.param)


def twice(cli: Callable[..., Run], *args: str) -> Run:
    """The command run cold and warm: the two runs must agree."""
    first, second = cli(*args), cli(*args)
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)
    return first


@pytest.mark.parametrize("order", [("o", "o2"), ("o2", "o")])
def test_two_overlays_giving_the_same_offer_pass_in_either_order(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run], caching: str, order: tuple[str, str]
) -> None:
    overlay(tmp_path / "o", "models/a.yaml", {"offers": [negotiated(catalog, 1.0)]})
    overlay(tmp_path / "o2", "models/a.yaml", {"offers": [negotiated(catalog, 2.0)]})
    args = [arg for name in order for arg in ("--catalog", str(tmp_path / name))]
    run = twice(cli, "catalog", "list", "--json", *args)
    assert run.code == 0, run.err
    price = load_catalog([tmp_path / name for name in order]).offers[OFFER].price
    assert price is not None and price.input == (1.0 if order[-1] == "o" else 2.0)  # the last one given wins


@pytest.mark.parametrize("order", [("o", "o2"), ("o2", "o")])
def test_an_offer_given_twice_in_one_overlay_is_refused_in_either_order(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run], caching: str, order: tuple[str, str]
) -> None:
    overlay(tmp_path / "o", "models/a.yaml", {"offers": [negotiated(catalog, 1.0)]})
    overlay(tmp_path / "o", "models/b.yaml", {"offers": [negotiated(catalog, 1.5)]})
    overlay(tmp_path / "o2", "models/a.yaml", {"offers": [negotiated(catalog, 2.0)]})
    args = [arg for name in order for arg in ("--catalog", str(tmp_path / name))]
    run = twice(cli, "catalog", "list", "--json", *args)
    assert run.code == 1
    assert f"{tmp_path / 'o' / 'models' / 'b.yaml'}: offer {OFFER}: duplicate offer" in run.err
    assert f"also in {tmp_path / 'o' / 'models' / 'a.yaml'}" in run.err


def test_one_folder_given_twice_is_refused_however_it_is_written(
    tmp_path: Path, cli: Callable[..., Run], caching: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "o" / "models").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "o")
    monkeypatch.chdir(tmp_path)
    for again in ("o/", "./o/../o", "link", str(tmp_path / "o")):
        run = twice(cli, "catalog", "list", "--catalog", "o", "--catalog", again)
        assert run.code == 1, again
        assert f"--catalog {Path(again)}: the same folder as o; give each catalog folder once" in run.err


def test_the_same_overlay_in_two_places_names_its_own_files(
    catalog: Catalog, tmp_path: Path, cli: Callable[..., Run], caching: str
) -> None:
    private = plain(catalog.models["gemma-4-31b"], drop_none=True) | {"id": "acme-llm", "name": "Acme LLM"}
    for name in ("o", "copy"):
        overlay(tmp_path / name, "models/a.yaml", {"models": [private]})
    for name in ("o", "copy", "o"):
        run = twice(cli, "catalog", "show", "acme-llm", "--json", "--catalog", str(tmp_path / name))
        assert run.code == 0, run.err
        assert str(tmp_path / name / "models" / "a.yaml") in run.out
