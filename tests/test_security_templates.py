"""A user's templates folder may not reach outside itself through a symbolic link (issue 19, item 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run

from advisor.report import templating

EU = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = ("--date", "2026-11-27")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the templates folder that the template's author wants to read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.txt"
    path.write_text("TOP-SECRET-CONTENT\n")
    return path


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir()
    templating.environment.cache_clear()
    return folder


def test_a_linked_folder_cannot_be_used_to_include_files_outside(
    cli: Callable[..., Run], templates: Path, secret: Path
) -> None:
    (templates / "root").symlink_to("/")
    (templates / "report.md.j2").write_text(f'{{% include "root{secret}" %}}\n')
    run = cli("recommend", EU, *DATE, "--templates", str(templates))
    assert run.code == 1
    assert "TOP-SECRET-CONTENT" not in run.out + run.err
    assert "outside the templates folder" in run.err and "Traceback" not in run.err


def test_a_linked_file_cannot_be_used_to_include_a_file_outside(
    cli: Callable[..., Run], templates: Path, secret: Path
) -> None:
    (templates / "notes.txt").symlink_to(secret)
    (templates / "report.md.j2").write_text('{% include "notes.txt" %}\n')
    run = cli("recommend", EU, *DATE, "--templates", str(templates))
    assert run.code == 1
    assert "TOP-SECRET-CONTENT" not in run.out + run.err
    assert f"{templates / 'notes.txt'}: leads outside the templates folder" in run.err


def test_the_report_template_itself_cannot_be_a_link_to_outside(
    cli: Callable[..., Run], templates: Path, secret: Path
) -> None:
    (templates / "report.md.j2").symlink_to(secret)
    run = cli("recommend", EU, *DATE, "--templates", str(templates))
    assert run.code == 1
    assert "TOP-SECRET-CONTENT" not in run.out + run.err


def test_links_that_stay_inside_the_folder_still_work(cli: Callable[..., Run], templates: Path) -> None:
    parts = templates / "parts"
    parts.mkdir()
    (parts / "client.j2").write_text("{{ r.branding.client }}")
    (templates / "shared").symlink_to(parts)
    (templates / "report.md.j2").write_text('{% include "shared/client.j2" %}\n')
    run = cli("recommend", EU, *DATE, "--templates", str(templates))
    assert run.code == 0, run.err
    assert run.out == "Nordwerk Maschinenbau GmbH\n"


def test_the_shipped_templates_stay_reachable_by_prefix(cli: Callable[..., Run], templates: Path) -> None:
    (templates / "report.md.j2").write_text('{% extends "default:report.md.j2" %}\n')
    run = cli("recommend", EU, *DATE, "--templates", str(templates))
    assert run.code == 0, run.err
    assert run.out == cli("recommend", EU, *DATE).out
