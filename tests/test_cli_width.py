"""Output fits the terminal: `catalog list` and `explain` at 80 and 60 columns (a pipe is 80) keep every
line within the width without breaking an id or a number, and a command meant for copying stays on one line."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import EXAMPLES

EU = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = ("--date", "2026-11-27")


def widest(text: str) -> int:
    return max(len(line.rstrip()) for line in text.splitlines())


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_catalog_list_fits_the_width_with_every_id_whole(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    run = cli("catalog", "list")
    assert run.code == 0 and widest(run.out) <= columns
    ids = [row["id"] for row in json.loads(cli("catalog", "list", "--json").out)]
    listed = {line.split()[0] for line in run.out.splitlines() if line.strip()}
    assert set(ids) <= listed  # each id whole, at the start of its row
    if columns < 100:
        assert "left out to fit" in run.out  # what is missing is said
    else:
        assert "verified" in run.out and "licence" in run.out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [60, 80])
def test_explain_wraps_to_the_terminal_width(columns):
    from test_cli_output import at_a_terminal

    shown = at_a_terminal(
        ["explain", EU, *DATE, "-u", "HR document review", "--top", "3"], COLUMNS=str(columns), NO_COLOR="1"
    )
    assert widest(shown) <= columns, shown
    assert "quality" in shown and "lifecycle" in shown and "Monthly cost" in shown  # every criterion, every reason
    every = at_a_terminal(
        ["explain", EU, *DATE, "-u", "HR document review", "--all"], COLUMNS=str(columns), NO_COLOR="1"
    )
    assert widest(every) <= columns


def test_explain_in_a_pipe_keeps_a_line_per_option_for_grep(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    run = cli("explain", EU, *DATE, "-u", "HR document review", "--top", "3")
    header = next(line for line in run.out.splitlines() if line.startswith("#  option"))
    assert "quality" in header and "lifecycle" in header


def test_the_render_again_command_is_one_unbroken_line(tmp_path):
    """The interview's last line is a command to copy: printed whole, whatever the width."""
    import io

    from rich.console import Console

    from advisor.api import load_answers, load_catalog
    from advisor.cli.start import write_report
    from advisor.report.render import ReportFormat

    cat = load_catalog()
    answers = load_answers(EU, (), cat)
    out = io.StringIO()
    console = Console(file=out, width=60, color_system=None)
    import datetime as dt

    save, report = tmp_path / "a-long-folder-name" / "answers.yaml", tmp_path / "a-long-folder-name" / "report.md"
    save.parent.mkdir()
    write_report(console, answers, cat, dt.date(2026, 11, 27), ReportFormat.md, report, save, [])
    command = next(line for line in out.getvalue().splitlines() if line.strip().startswith("advisor recommend"))
    assert command.strip().endswith(f"-o {report}")
