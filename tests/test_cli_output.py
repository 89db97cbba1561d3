"""What the commands print for a person: no escape codes under NO_COLOR or off a terminal, the report's
warnings on stderr, problems named after where they come from, check-prices failing below its targets."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

EU = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = ("--date", "2026-11-27")
ADVISOR = [sys.executable, "-c", "from advisor.cli.entry import main; main()"]
ESCAPE = "\x1b["


def at_a_terminal(args: list[str], **env: str) -> str:
    """What a command writes to a terminal (stdout and stderr alike), 80 columns wide."""
    import pty

    main, secondary = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    environment.update({"TERM": "xterm-256color", "COLUMNS": "80", **env})
    process = subprocess.Popen([*ADVISOR, *args], stdin=secondary, stdout=secondary, stderr=secondary, env=environment)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError as exc:  # the terminal's other side has closed: the command is done
            assert exc.errno == errno.EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(main)
    return b"".join(chunks).decode()


COMMANDS = {
    "summary of recommend -o": ["recommend", EU, *DATE, "-o", "{tmp}/report.md", "--set", "budget.monthly=10"],
    "explain": ["explain", EU, *DATE, "-u", "Marketing content", "--top", "2"],
    "catalog list": ["catalog", "list", "--vendor", "Mistral AI"],
    "an error": ["recommend", "{tmp}/missing.yaml"],
}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("name", COMMANDS)
def test_no_color_means_no_escape_codes_at_a_terminal(tmp_path, name):
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in COMMANDS[name]]
    assert ESCAPE in at_a_terminal(args)  # styled at a terminal, so the test can see styling go
    plain = at_a_terminal(args, NO_COLOR="1")
    assert ESCAPE not in plain and plain.strip()


def test_off_a_terminal_the_summary_is_plain_text(cli, tmp_path):
    run = cli("recommend", EU, *DATE, "-o", str(tmp_path / "r.md"), "--set", "budget.monthly=10")
    assert run.code == 0 and "LLM stack for" in run.err and "over" in run.err
    assert ESCAPE not in run.err


def test_recommend_repeats_the_reports_warnings_on_stderr(cli):
    run = cli("recommend", EU, *DATE, "-f", "json", "--set", "constraints.exclude_providers=[opneai]")
    assert run.code == 0 and run.out.startswith("{")
    assert "warning: constraints.exclude_providers: 'opneai' is no provider in the catalog" in run.err
    assert "did you mean 'openai'?" in run.err


def test_answers_check_shows_the_warnings_a_report_would_carry(cli, tmp_path):
    answers = tmp_path / "answers.yaml"
    text = Path(EU).read_text()
    assert "constraints" not in text
    answers.write_text(text + "constraints:\n  exclude_providers: [opneai]\n")
    run = cli("answers", "check", str(answers), *DATE)
    assert run.code == 0 and "valid" in run.out
    assert "warning: constraints.exclude_providers: 'opneai' is no provider in the catalog" in run.err


def test_a_bad_set_is_named_as_set_not_as_the_file(cli):
    run = cli("recommend", EU, "--set", "budget.monthyl=500")
    assert run.code == 1
    assert "--set budget.monthyl: unknown key; did you mean 'monthly'?" in run.err
    assert not run.err.startswith(f"error: {EU}")  # the file is fine


def test_pydantic_labels_stay_out_of_messages(cli, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(Path(EU).read_text().replace("monthly: 3000", "monthly: true"))
    run = cli("answers", "check", str(answers))
    assert run.code == 1 and "budget.monthly: expected a number, not true" in run.err
    assert "Value error" not in run.err


def test_check_prices_exits_1_below_its_own_targets(cli, tmp_path):
    empty = tmp_path / "prices.json"
    empty.write_text("{}")
    run = cli("catalog", "check-prices", str(empty))
    assert run.code == 1 and "coverage 0.0% is below the target of 80%" in run.err
    assert "naming a LiteLLM counterpart" in run.out  # the report is still there to read


def test_the_formats_the_options_take_are_the_reports(cli):
    from advisor.cli.options import FORMATS
    from advisor.report.render import ReportFormat

    assert tuple(f.value for f in ReportFormat) == FORMATS


def test_the_answers_schema_says_what_check_enforces(cli):
    import json

    schema = json.loads(cli("answers", "schema").out)
    assert schema["properties"]["priorities"]["uniqueItems"] is True
    assert schema["$defs"]["UseCase"]["properties"]["needs"]["uniqueItems"] is True
    assert "unique, regardless of case" in schema["properties"]["use_cases"]["description"]
    run = cli("answers", "check", EU, "--set", "priorities=[cost, cost]")  # what the schema refuses, check refuses
    assert run.code == 1 and "each priority may appear once" in run.err


def test_catalog_show_lists_the_dedicated_hosts_a_report_may_recommend(cli):
    import json

    text = cli("catalog", "show", "gemma-4-26b-a4b").out.replace("\n", " ")
    assert "dedicated (single-tenant) by scaleway (eu):" in text and "/hour" in text
    (host,) = json.loads(cli("catalog", "show", "gemma-4-26b-a4b", "--json").out)["dedicated_hosts"]
    assert host["id"] == "scaleway-dedicated" and host["fits_on"] and host["hourly"] > 0
    closed = json.loads(cli("catalog", "show", "claude-sonnet-4.5", "--json").out)
    assert closed["dedicated_hosts"] == []  # closed weights run only where their vendor offers them
