"""A huge answers file is refused by its size or by its count of YAML events, before the document is built
(issue 19, item 14)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, Run

import advisor.yamlio

EXAMPLE = (EXAMPLES / "eu-marketing-hr.yaml").read_text(encoding="utf-8")
CASE = """  - name: Use case {i}
    kind: content_creation
    requests_per_month: 1000
"""


@pytest.fixture
def nothing_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time a YAML document of the answers is composed or constructed: a refusal must come
    before."""
    built: list[str] = []

    def recorded(name: str) -> Callable[..., Any]:
        original = getattr(yaml, name)

        def call(stream: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(stream, str) and "Nordwerk" in stream:  # the answers, not the catalog's files
                built.append(name)
            return original(stream, *args, **kwargs)

        return call

    for name in ("load", "compose"):
        monkeypatch.setattr(advisor.yamlio.yaml, name, recorded(name))
    return built


def test_a_16_mb_answers_file_is_refused_by_its_size(
    cli: Callable[..., Run], tmp_path: Path, nothing_built: list[str]
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(EXAMPLE + "".join(CASE.format(i=i) for i in range(200_000)), encoding="utf-8")
    assert path.stat().st_size > 16_000_000
    run = cli("recommend", str(path), "--date", "2026-11-27")
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{path}: larger than 1 MiB; an answers file" in run.err, run.err
    assert nothing_built == []


def test_the_same_from_standard_input(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, nothing_built: list[str]
) -> None:
    data = (EXAMPLE + "".join(CASE.format(i=i) for i in range(30_000))).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    run = cli("recommend", "-", "--date", "2026-11-27")
    assert run.code == 1 and "<stdin>: larger than 1 MiB" in run.err, run.err
    assert nothing_built == []


def test_a_small_file_of_very_many_values_is_refused_by_its_event_count(
    cli: Callable[..., Run], tmp_path: Path, nothing_built: list[str]
) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(EXAMPLE + "extra: [" + "1," * 400_000 + "1]\n", encoding="utf-8")
    assert path.stat().st_size < 1024 * 1024
    run = cli("answers", "check", str(path))
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{path}: more than 50,000 YAML events" in run.err, run.err
    assert nothing_built == []


def test_an_answers_file_of_a_hundred_use_cases_is_read(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "hundred.yaml"
    head = EXAMPLE.split("use_cases:")[0]
    path.write_text(head + "use_cases:\n" + "".join(CASE.format(i=i) for i in range(100)), encoding="utf-8")
    assert cli("answers", "check", str(path)).code == 0
