"""`advisor explain`, what --version imports, and that a full run never touches the network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from conftest import DATE, EXAMPLES

from advisor.engine.stack import decide

EXPLAIN = ("explain", str(EXAMPLES / "eu-marketing-hr.yaml"), "--use-case", "HR document review", "--date", str(DATE))


def listed(out: str) -> list[str]:
    """The options in the table, in its order: the rows whose first cell is their rank."""
    return [
        cells[1]
        for cells in map(str.split, out.splitlines())
        if len(cells) > 1 and cells[0].isdigit() and "@" in cells[1]
    ]


def test_explain_all_lists_every_option_and_every_exclusion(cli, catalog, example):
    run = cli(*EXPLAIN, "--all")
    assert run.code == 0, run.err
    result = decide(example("eu-marketing-hr"), catalog, DATE).use_cases[1]
    assert f"{len(result.ranked)} option(s) passed the gates, best first\n" in run.out
    assert f"{len(result.excluded)} option(s) excluded\n" in run.out
    # a line per option, best first, and a line per exclusion with every reason
    lines = run.out.splitlines()
    assert listed(run.out) == [s.option.id for s in result.ranked]
    for ex in result.excluded:
        assert f"  {ex.option.id}: " + "; ".join(str(e) for e in ex.exclusions) in lines
    assert any("[expertise] on_prem needs more in-house expertise than 'some'" in line for line in lines)


def test_explain_lists_the_best_options_and_the_exclusions_by_rule(cli, catalog, example):
    run = cli(*EXPLAIN, "--top", "3")
    assert run.code == 0, run.err
    result = decide(example("eu-marketing-hr"), catalog, DATE).use_cases[1]
    passed, excluded = len(result.ranked), len(result.excluded)
    assert f"{passed} option(s) passed the gates, best first; the best 3 (--all lists every one)" in run.out
    assert listed(run.out) == [s.option.id for s in result.ranked[:3]]
    assert f"{excluded} option(s) excluded, by rule (--all lists every one)" in run.out
    # each rule once, with how many options it removed: as counting the exclusions one by one
    counts: dict[str, int] = {}
    for ex in result.excluded:
        for rule in {e.rule for e in ex.exclusions}:
            counts[rule] = counts.get(rule, 0) + 1
    for rule, n in counts.items():
        assert f"  {rule}: {n:,} option(s) of " in run.out
    assert "the first: [data_sensitivity] regulated data needs" in run.out


def test_explain_takes_a_use_case_name_in_any_case(cli):
    run = cli("explain", str(EXAMPLES / "eu-marketing-hr.yaml"), "-u", " hr DOCUMENT review", "--date", str(DATE))
    assert run.code == 0 and run.out.startswith("HR document review: Document analysis, regulated data")


def test_explain_unknown_use_case(cli):
    run = cli("explain", str(EXAMPLES / "eu-marketing-hr.yaml"), "--use-case", "Payroll")
    assert run.code == 1 and "no such use case; the answers have Marketing content, HR document review" in run.err


HEAVY = ("jinja2", "yaml", "pydantic", "advisor.catalog.load", "advisor.report.render", "advisor.report.templating", "advisor.cli.batch")


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_neither_jinja_nor_yaml_nor_the_catalog(args):
    code = (
        "import sys\n"
        "from advisor.cli.main import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"loaded = [m for m in {HEAVY!r} + ('rich.progress',) if m in sys.modules]\n"
        "print('LOADED:' + ','.join(loaded))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[0].startswith("advisor " if args == ["--version"] else "Usage: advisor")
    assert run.stdout.splitlines()[-1] == "LOADED:"


def test_a_full_run_opens_no_network_connection(cli, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("advisor tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for fmt in ("md", "json"):
        run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--format", fmt, "--date", "2026-11-27")
        assert run.code == 0, run.err


@pytest.mark.parametrize("name", ["eu-marketing-hr", "startup-support-bot", "clinic-regulated"])
def test_every_example_renders(cli, name):
    run = cli("recommend", str(EXAMPLES / f"{name}.yaml"), "--date", "2026-11-27")
    assert run.code == 0, run.err


def test_console_script_answers_version_without_typer(monkeypatch, capsys):
    from advisor import __version__
    from advisor.cli import entry

    monkeypatch.setattr(sys, "argv", ["advisor", "--version"])
    entry.main()
    assert capsys.readouterr().out == f"advisor {__version__}\n"


def test_catalog_show_in_text_names_licence_clauses_offers_and_gpu_memory(cli):
    run = cli("catalog", "show", "llama-4-maverick")
    assert run.code == 0, run.err
    flat = " ".join(run.out.split())
    assert "Llama 4 Community License [usage_capped]" in flat
    assert "eu_multimodal_exclusion" in flat and "mau_cap" in flat
    assert "offers" in flat and "verified" in flat
    assert "advisor sizes deployments at FP8" in flat
    for precision in ("bf16:", "fp8:", "int4:"):
        assert precision in flat


def test_a_run_of_one_command_leaves_every_command_registered(cli, tmp_path):
    """A run builds only the command it names; the next run (help, another command) still has them all."""
    assert cli("answers", "check", str(EXAMPLES / "eu-marketing-hr.yaml")).code == 0
    listed = cli("--help").out
    assert all(name in listed for name in ("recommend", "explain", "start", "batch", "answers", "catalog", "report"))
    typo = cli("recomend", "x")
    assert typo.code == 2 and "recommend" in typo.err  # click's suggestion needs every command


def test_the_root_help_built_from_stand_ins_is_the_full_help(cli, capsys):
    """`advisor --help` registers stand-ins that carry only names and help; the listing must be the one the
    full commands give."""
    from advisor.cli.app import app

    with pytest.raises(SystemExit):
        app(args=["--help"], prog_name="advisor")  # every command built in full
    full = capsys.readouterr().out
    assert cli("--help").out == full
    assert "recommend" in full and "catalog" in full


@pytest.mark.parametrize(
    ("args", "code", "expected_out", "expected_err"),
    [
        (["recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-f", "json"], 0, '"schema_version": 1', ""),
        (["recommend", "no-such-file.yaml"], 1, "", "no-such-file.yaml: no such file"),
        (["recommend", "--no-such-option"], 2, "", "No such option"),
    ],
)
def test_the_console_script_leaves_with_the_code_and_everything_written(args, code, expected_out, expected_err):
    """The console script exits without the interpreter's teardown: the exit code, and every byte of stdout
    and stderr, must still be there."""
    script = f"import sys\nsys.argv = ['advisor', *{args!r}]\nfrom advisor.cli.entry import main\nmain()\n"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # streams buffered, as usual
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env)
    assert run.returncode == code, run.stderr
    assert expected_out in run.stdout and expected_err in run.stderr
    if code == 0:
        import json

        assert json.loads(run.stdout)["stack"]  # the whole report, not a cut-off buffer
