"""The README stays true: its set-up commands, its Python sample, its command list and its exit codes."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text()
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_the_two_set_up_commands_run_the_example_and_the_tests():
    shell = "\n".join(code_blocks("sh"))
    assert ".venv/bin/pip install . && .venv/bin/advisor recommend examples/eu-marketing-hr.yaml" in shell
    assert '.venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest -m "not slow"' in shell
    assert (ROOT / "examples" / "eu-marketing-hr.yaml").is_file()


def test_the_python_sample_runs(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    (sample,) = code_blocks("python")
    exec(compile(sample, "README.md", "exec"), {})
    assert '"schema_version": 1' in capsys.readouterr().out


def test_every_command_is_in_the_command_list(cli):
    listed = code_blocks("text")[0]
    for group in ("", "answers", "catalog", "report"):
        shown = cli(*([group] if group else []), "--help").out
        section = shown.split("Commands:")[1]
        for name in re.findall(r"^  ([a-z-]+)", section, flags=re.M):
            if name in ("answers", "catalog", "report"):
                continue
            assert re.search(rf"advisor {group + ' ' if group else ''}.*{name}", listed), (group, name)


def test_the_exit_codes_are_documented():
    table = README.split("## Exit codes")[1].split("##")[0]
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in table
    assert "--format pdf" in table and "--open --closed" in table


def test_maintainer_material_lives_in_contributing():
    assert "python scripts/regen_golden.py" in CONTRIBUTING and "scripts/bench.py" in CONTRIBUTING
    assert "HMAC-SHA256" in CONTRIBUTING and "template-*.jinja" in CONTRIBUTING and "O_NOFOLLOW" in CONTRIBUTING
    assert "scripts/bench.py" not in README and "pickle" not in README


def test_ci_runs_the_readmes_test_command_and_then_the_slow_tests():
    """The README's test command deselects the slow tests; CI runs it as written, then the slow ones."""
    shell = "\n".join(code_blocks("sh"))
    command = re.search(r"\.venv/bin/(python -m pytest[^\n]*)", shell)
    assert command is not None and command.group(1) == 'python -m pytest -m "not slow"'
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"\n{command.group(1)} " in ci or f"\n{command.group(1)}\n" in ci
    assert "\npython -m pytest -m slow " in ci and "--cov-append" in ci and "--cov-fail-under=90" in ci


def test_the_sample_is_the_examples_report_as_the_command_writes_it():
    """Each line of "A sample" is a line of the golden report (which test_report_golden holds equal to what the
    command writes); a line cut short with "..." begins one."""
    section = README.split("\n## A sample")[1].split("\n## Commands")[0]
    assert "`advisor recommend examples/eu-marketing-hr.yaml --date 2026-11-27`" in section
    (sample,) = re.findall(r"```markdown\n(.*?)```", section, flags=re.S)
    golden = (ROOT / "tests" / "golden" / "eu-marketing-hr.md").read_text(encoding="utf-8").splitlines()
    for line in filter(None, sample.splitlines()):
        if line == "...":
            continue
        if line.endswith(" ..."):
            assert any(g.startswith(line.removesuffix(" ...")) for g in golden), line
        else:
            assert line in golden, line


def test_every_advisor_command_in_the_readmes_shell_blocks_runs(cli, monkeypatch, tmp_path):
    """Each `advisor ...` command of the README's `sh` blocks, in order, from a folder that holds what they name
    (the examples, a logo, a clients folder); set-up commands (venv, pip, pytest) are left to the install test."""
    import shlex

    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "clients").mkdir()
    for example in ("eu-marketing-hr", "startup-support-bot"):
        (tmp_path / "clients" / f"{example}.yaml").write_text((ROOT / "examples" / f"{example}.yaml").read_text())
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    monkeypatch.chdir(tmp_path)
    ran = []
    for line in "\n".join(code_blocks("sh")).splitlines():
        words = shlex.split(line, comments=True)
        while words:
            command = words[: words.index("&&")] if "&&" in words else words
            words = words[len(command) + 1 :]
            if not command[0].endswith("advisor"):
                continue
            target = None
            if ">" in command:
                target = command[command.index(">") + 1]
                command = command[: command.index(">")]
            args = [
                a for word in command[1:] for a in (sorted(map(str, tmp_path.glob(word))) if "*" in word else [word])
            ]
            run = cli(*args)
            assert run.code == 0, (line, run.err)
            if target:
                (tmp_path / target).write_text(run.out)
            ran.append(args[0])
    assert ran.count("recommend") >= 4 and "batch" in ran and "answers" in ran
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "eu-marketing-hr.html",
        "startup-support-bot.html",
    ]
