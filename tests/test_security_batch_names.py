"""`advisor batch` never lets one client's report replace another's (issue 19, item 3)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run

from advisor.cli.batch import output_names
from advisor.report.render import ReportFormat

DATE = ("--date", "2026-11-27")


@pytest.fixture
def three_clients(tmp_path: Path) -> list[Path]:
    """a/x.yaml, b/x.yaml and x-2.yaml: three clients whose plain numbering used to give two the same name."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [tmp_path / "a" / "x.yaml", tmp_path / "b" / "x.yaml", tmp_path / "x-2.yaml"]
    sources = ["eu-marketing-hr", "clinic-regulated", "startup-support-bot"]
    for path, source in zip(files, sources, strict=True):
        shutil.copyfile(EXAMPLES / f"{source}.yaml", path)
    return files


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_whose_names_collide_keeps_every_report(
    cli: Callable[..., Run], tmp_path: Path, three_clients: list[Path], jobs: str
) -> None:
    out = tmp_path / "out"
    run = cli("batch", *map(str, three_clients), "--out-dir", str(out), *DATE, "--jobs", jobs)
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == ["x-2.md", "x-3.md", "x.md"]
    expected = {"x.md": three_clients[0], "x-3.md": three_clients[1], "x-2.md": three_clients[2]}
    for name, source in expected.items():
        assert (out / name).read_text(encoding="utf-8") == cli("recommend", str(source), *DATE).out
    # the summary says where the report that is not named after its file went
    assert f"{three_clients[1]} -> {out / 'x-3.md'}" in " ".join(run.err.split())
    assert "wrote 3 of 3" in run.err


def test_report_names_are_distinct_and_the_same_for_the_same_files(tmp_path: Path) -> None:
    paths = [
        tmp_path / "a" / "x.yaml",
        tmp_path / "b" / "x.yaml",
        tmp_path / "x-2.yaml",
        tmp_path / "X.json",  # one file with x.md where case does not count (macOS, Windows)
        tmp_path / "x-3.yml",
        tmp_path / "caf\u00e9.yaml",
        tmp_path / "cafe\u0301.yaml",  # the same name, written as e and a combining accent
    ]
    names = output_names(paths, ReportFormat.md)
    assert names == ["x.md", "x-4.md", "x-2.md", "X-5.md", "x-3.md", "caf\u00e9.md", "cafe\u0301-2.md"]
    assert len({name.casefold() for name in names}) == len(names)
    assert output_names(paths, ReportFormat.md) == names  # stable: the same list, the same names


def test_a_file_named_like_a_number_keeps_its_own_name(tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "client.yaml", tmp_path / "b" / "client.yaml", tmp_path / "client-2.yaml"]
    assert output_names(paths, ReportFormat.html) == ["client.html", "client-3.html", "client-2.html"]


@pytest.mark.parametrize("folder", ["rep[final]", "out[/draft]", "[bold]x"])
def test_the_summary_names_an_out_dir_with_brackets_as_it_is(
    cli: Callable[..., Run], tmp_path: Path, folder: str
) -> None:
    out = tmp_path / folder
    run = cli("batch", str(EXAMPLES / "eu-marketing-hr.yaml"), "--out-dir", str(out), *DATE)
    assert run.code == 0, run.err
    assert f"wrote 1 of 1 report(s) to {out}" in " ".join(run.err.split())
    assert (out / "eu-marketing-hr.md").is_file()
