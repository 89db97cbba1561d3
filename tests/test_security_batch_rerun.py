"""Re-running `advisor batch` into a folder that holds the reports already checks them in time linear in the
number of files (issue 19, item 13): the operations counted, not timed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

import advisor.output


def _count(monkeypatch: pytest.MonkeyPatch, calls: list[str], name: str) -> None:
    original = getattr(advisor.output, name, None)
    if original is None:
        return

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(advisor.output, name, counted)


def _file_checks(cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int) -> int:
    """How many file checks the batch makes before its first report, for `files` answers files whose reports
    are in the folder already (from an earlier run). The files are not valid answers: each fails at once."""
    inputs, out = tmp_path / f"in-{files}", tmp_path / f"out-{files}"
    inputs.mkdir()
    out.mkdir()
    paths = []
    for i in range(files):
        path = inputs / f"client-{i}.yaml"
        path.write_text("schema_version: 1\n", encoding="utf-8")
        (out / f"client-{i}.md").write_text("an earlier report\n", encoding="utf-8")
        paths.append(str(path))
    calls: list[str] = []
    with monkeypatch.context() as patch:
        for name in ("same_file", "file_identity"):
            _count(patch, calls, name)
        run = cli("batch", *paths, "--out-dir", str(out), "--jobs", "1", "--date", "2026-11-27")
    assert run.code == 1 and f"{files} file(s) failed" in run.err
    return len(calls)


def test_the_check_that_no_report_replaces_an_answers_file_is_linear(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = (_file_checks(cli, tmp_path, monkeypatch, n) for n in (100, 400))
    assert large <= 3 * 400, f"{large:,} file checks for 400 files"
    assert large <= 4 * small + 8, f"{small:,} checks for 100 files, {large:,} for 400: not linear"


def test_a_report_that_would_replace_an_answers_file_is_still_refused(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    source = tmp_path / "client.md"  # an answers file whose report, client.md, is the file itself
    source.write_text("schema_version: 1\n", encoding="utf-8")
    run = cli("batch", str(source), "--out-dir", str(tmp_path), "--date", "2026-11-27")
    assert run.code == 1
    assert f"{source}: the report of {source} would replace the answers file {source}" in " ".join(run.err.split())
    assert source.read_text(encoding="utf-8") == "schema_version: 1\n"
