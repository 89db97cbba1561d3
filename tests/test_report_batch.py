"""`advisor batch`: a report per answers file, going on past bad files, failures listed, exit 1."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

DATE = ("--date", "2026-11-27")


def examples() -> list[str]:
    return [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_writes_a_report_per_file_and_goes_on_past_bad_ones(cli, tmp_path, jobs):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\norganisation: {name: X, jurisdiction: mars}\n")
    missing = tmp_path / "missing.yaml"
    out = tmp_path / "out" / "reports"
    files = [examples()[0], str(bad), examples()[1], str(missing), examples()[2]]
    run = cli("batch", *files, "--out-dir", str(out), "-f", "json", *DATE, "--jobs", jobs)
    assert run.code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "clinic-regulated.json",
        "eu-marketing-hr.json",
        "startup-support-bot.json",
    ]
    assert "wrote 3 of 5 report(s)" in run.err and "2 file(s) failed" in run.err
    assert str(bad) in run.err and "jurisdiction" in run.err and str(missing) in run.err
    assert run.err.index(str(bad)) < run.err.index(str(missing))  # in the order given
    assert f"{missing}: {missing}" not in " ".join(run.err.split())  # each file named once on its line
    report = json.loads((out / "eu-marketing-hr.json").read_text())
    assert report["generated"] == "2026-11-27"


def test_batch_reports_are_the_same_as_recommend_writes(cli, tmp_path):
    run = cli("batch", *examples(), "--out-dir", str(tmp_path), "-f", "html", *DATE, "--consultant", "C", "-j", "2")
    assert run.code == 0, run.err
    for path in examples():
        name = path.rsplit("/", 1)[-1].replace(".yaml", ".html")
        single = cli("recommend", path, "-f", "html", *DATE, "--consultant", "C")
        assert (tmp_path / name).read_text(encoding="utf-8") == single.out


def test_batch_gives_files_with_the_same_name_distinct_reports(tmp_path):
    from advisor.cli.batch import output_names
    from advisor.report.render import ReportFormat

    paths = [tmp_path / "a" / "client.yaml", tmp_path / "b" / "client.json", tmp_path / "other.yml"]
    assert output_names(paths, ReportFormat.md) == ["client.md", "client-2.md", "other.md"]


def test_batch_refuses_an_out_dir_that_is_a_file(cli, tmp_path):
    target = tmp_path / "file"
    target.write_text("")
    run = cli("batch", examples()[0], "--out-dir", str(target))
    assert run.code == 1 and "--out-dir" in run.err and "Traceback" not in run.err


def test_batch_checks_the_logo_before_rendering_anything(cli, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    run = cli("batch", *examples(), "--out-dir", str(tmp_path / "out"), "--logo", str(logo))
    assert run.code == 1 and str(logo) in run.err
    assert not (tmp_path / "out").exists()
