"""The examples' reports, in every format, byte for byte against tests/golden/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = "python scripts/regen_golden.py"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
FORMATS = ("md", "html", "json")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_report_matches_its_golden_file(cli, example, fmt, monkeypatch):
    monkeypatch.delenv("ADVISOR_CATALOG", raising=False)
    golden = GOLDEN / f"{example}.{fmt}"
    assert golden.exists(), f"{golden} is missing; run {REGENERATE}"
    run = cli("recommend", str(EXAMPLES / f"{example}.yaml"), "--format", fmt, "--date", "2026-11-27")
    assert run.code == 0, run.err
    expected = golden.read_text(encoding="utf-8")
    if run.out != expected:
        diff_at = next((i for i, (a, b) in enumerate(zip(run.out, expected, strict=False)) if a != b), None)
        line = expected[: diff_at or 0].count("\n") + 1
        pytest.fail(
            f"{golden.relative_to(ROOT)} differs from the report (first at line {line}); if the change is intended, "
            f"regenerate the golden files with `{REGENERATE}` and review the diff"
        )


def test_every_example_has_a_golden_file_in_every_format_and_nothing_else():
    expected = {f"{e}.{f}" for e in EXAMPLE_NAMES for f in FORMATS}
    assert {p.name for p in GOLDEN.iterdir()} == expected, f"run {REGENERATE}"


def test_golden_json_reports_follow_the_published_schema():
    from advisor.report.schema import report_validator

    for example in EXAMPLE_NAMES:
        data = json.loads((GOLDEN / f"{example}.json").read_text(encoding="utf-8"))
        report_validator().validate_python(data)  # unknown or missing keys fail: the schema and the data cannot drift


def test_regenerating_writes_exactly_the_golden_files(tmp_path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("regen_golden", ROOT / "scripts" / "regen_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    example = EXAMPLES / "startup-support-bot.yaml"
    assert module.golden_text(example, "md") == (GOLDEN / "startup-support-bot.md").read_text(encoding="utf-8")
