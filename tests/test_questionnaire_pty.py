"""The installed `advisor start` in a real pseudo-terminal, 60 columns wide: as a person would use it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

DATE = "2026-11-27"
ADVISOR = Path(sys.executable).parent / "advisor"


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    if not ADVISOR.exists():
        pytest.skip(f"{ADVISOR}: the console script is not installed")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "60", "LINES": "30"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        str(ADVISOR), ["start", "--date", DATE, *args], cwd=str(cwd), env=env, dimensions=(30, 60),
        encoding="utf-8", timeout=60,
    )  # fmt: skip


def answer(child: pexpect.spawn, after: str, *lines: str) -> None:
    child.expect_exact(after)
    for line in lines:
        child.expect_exact("> ")
        child.sendline(line)


@pytest.mark.slow
def test_a_person_at_a_terminal_goes_from_questions_to_saved_answers_and_report(tmp_path):
    child = spawn(tmp_path)
    answer(child, "Nothing leaves this machine")
    answer(child, "1/10 Organisation", "Acme Logistics GmbH")
    answer(child, "2/10 Jurisdiction", "mars")
    answer(child, "Not accepted", "?")
    answer(child, "Help:", "eu")
    for n, line in ((3, ""), (4, "3000"), (5, ""), (6, "some"), (7, ""), (8, ""), (9, ""), (10, "")):
        answer(child, f"{n}/10 ", line)
    answer(child, "Use cases", "1,4")
    answer(child, "Use case 1 of 2", "Marketing", "public", "100/day")
    answer(child, "= 3,000 requests a month", "", "", "multilingual", "")
    answer(child, "Use case 2 of 2", "HR documents", "regulated", "800", "long", "", "", "employment")
    answer(child, "One more: Regulated data on an API", "")
    answer(child, "Enter: write the report", "4")
    answer(child, "Change: Monthly budget", "5000")
    answer(child, "Enter: write the report", "")
    child.expect_exact("report written to advisor-report.md")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = (tmp_path / "advisor-answers.yaml").read_text()
    assert "monthly: 5000" in saved and "name: HR documents" in saved
    again = subprocess.run(
        [str(ADVISOR), "recommend", "advisor-answers.yaml", "--date", DATE], cwd=tmp_path, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert again.stdout == (tmp_path / "advisor-report.md").read_text()


@pytest.mark.slow
def test_ctrl_c_saves_the_answers_so_far_and_the_next_start_continues_from_them(tmp_path):
    child = spawn(tmp_path)
    answer(child, "1/10 Organisation", "Acme")
    answer(child, "2/10 Jurisdiction", "uk")
    child.expect_exact("3/10 Industry")
    child.expect_exact("[none] > ")  # at the prompt, as a person presses it
    child.sendintr()
    answer(child, "Save the 2 answer(s)", "")
    child.expect_exact("Continue with: advisor start --resume advisor-answers.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (tmp_path / "advisor-answers.yaml").read_text().startswith("# advisor answers, PARTIAL")
    child = spawn(tmp_path)
    answer(child, "is already there", "")
    child.expect_exact("2 answer(s) there")
    child.expect_exact("3/10 Industry")
    child.expect_exact("[none] > ")
    child.sendeof()
    child.expect_exact("stdin ended")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


@pytest.mark.slow
def test_a_closed_terminal_keeps_what_was_answered(tmp_path):
    import signal

    child = spawn(tmp_path)
    answer(child, "1/10 Organisation", "Acme")
    child.expect_exact("2/10 Jurisdiction")
    child.expect_exact("> ")
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    saved = (tmp_path / "advisor-answers.yaml").read_text()
    assert saved.startswith("# advisor answers, PARTIAL") and "name: Acme" in saved
