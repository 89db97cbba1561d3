"""Exit codes: 2 for every usage error (an option value outside its choices or form, options that contradict
each other, an unknown option, a missing argument), 1 for every problem with the user's data; each with a
message on stderr that names the option or the file, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES

EU = str(EXAMPLES / "eu-marketing-hr.yaml")

USAGE_ERRORS = [
    (["recommend", EU, "--format", "pdf"], "'pdf': expected one of md, html, json"),
    (["recommend", EU, "-f", "MD"], "'MD': expected one of md, html, json; did you mean md?"),
    (["recommend", EU, "--date", "27/11/2026"], "'--date': '27/11/2026': expected a date as YYYY-MM-DD"),
    (["recommend", EU, "--date", ""], "expected a date as YYYY-MM-DD"),
    (["recommend", EU, "--date", "9999-12-31"], "expected a date between 1970-01-01 and 2999-12-31"),
    (["recommend", EU, "--set", "budget.monthly"], "'--set': 'budget.monthly': expected PATH=VALUE"),
    (["recommend", EU, "--set", "=500"], "expected PATH=VALUE"),
    (["recommend", EU, "--bogus"], "No such option: --bogus"),
    (["recommend"], "Missing argument 'ANSWERS'"),
    (["explain", EU, "-u", "Marketing content", "--top", "0"], "'--top': 0 is not in the range x>=1"),
    (["explain", EU, "-u", "Marketing content", "--all", "--top", "3"], "--all lists every option, --top only"),
    (["batch", EU, "--out-dir", "{tmp}", "-j", "-1"], "'--jobs' / '-j': -1 is not in the range x>=0"),
    (["batch", EU, "--out-dir", "{tmp}", "-f", "docx"], "'docx': expected one of md, html, json"),
    (["start", "--format", "pdf"], "'pdf': expected one of md, html, json"),
    (["answers", "check", EU, "--date", "tomorrow"], "expected a date as YYYY-MM-DD"),
    (["catalog", "list", "--open", "--closed"], "--open and --closed exclude each other"),
    (["catalog", "show"], "Missing argument 'ID'"),
]

DATA_ERRORS = [
    (["recommend", "{tmp}/missing.yaml"], "missing.yaml"),
    (["recommend", EU, "--set", "budget.monthyl=500"], "--set budget.monthyl: unknown key; did you mean 'monthly'?"),
    (["recommend", EU, "--set", "budget.monthly=lots"], "--set budget.monthly:"),
    (["recommend", EU, "--set", "use_cases.5.name=x"], "no item 5"),
    (["recommend", EU, "--logo", "{tmp}/missing.png"], "missing.png"),
    (["explain", EU, "-u", "Payroll"], "--use-case 'Payroll': no such use case"),
    (["answers", "check", "{tmp}/bad.yaml"], "bad.yaml: the answers are not valid"),
    (["catalog", "show", "gpt-nope"], "no model 'gpt-nope' in the catalog"),
    (["catalog", "list", "--vendor", "OpenAl"], "--vendor 'OpenAl'"),
    (["batch", "{tmp}/bad.yaml", "--out-dir", "{tmp}/out"], "bad.yaml"),
]


def _filled(args: list[str], tmp: Path) -> list[str]:
    (tmp / "bad.yaml").write_text("schema_version: 1\nbudget: {monthly: -5}\n")
    return [arg.replace("{tmp}", str(tmp)) for arg in args]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[" ".join(a[:1] + a[2:])[:60] for a, _ in USAGE_ERRORS])
def test_a_usage_error_exits_2_and_says_what_is_wrong(cli, tmp_path, args, message):
    run = cli(*_filled(args, tmp_path))
    assert run.code == 2, run.err
    assert message in run.err and "Traceback" not in run.err
    assert run.err.startswith("Usage: advisor ") and not run.out
    assert not (tmp_path / "out").exists()  # refused before anything is written


@pytest.mark.parametrize(("args", "message"), DATA_ERRORS, ids=[" ".join(a[:1] + a[2:])[:60] for a, _ in DATA_ERRORS])
def test_a_problem_with_the_data_exits_1_and_names_it(cli, tmp_path, args, message):
    run = cli(*_filled(args, tmp_path))
    assert run.code == 1, run.err
    assert message in run.err and "Traceback" not in run.err and "Usage:" not in run.err


def test_an_unknown_option_is_answered_with_a_near_miss_only(cli):
    assert "(Possible options: --format)" in cli("recommend", EU, "--formt", "md").err
    assert "Possible options" not in cli("recommend", EU, "--bogus").err  # not "--logo"


def test_usage_lines_and_metavars_read_as_the_help_names_them(cli):
    recommend = cli("recommend", "--help").out
    assert "Usage: advisor recommend [OPTIONS] ANSWERS" in recommend and "{ANSWERS}" not in recommend
    explain = cli("explain", "--help").out
    assert "--use-case NAME" in explain and "<str>" not in explain
    assert "<str>" not in cli("catalog", "list", "--help").out
