"""The report reaches where it was sent whole, or the run says it did not (issue 19, items 4, 5 and 6).

Standard output's redirections are the shell's, so these run the console script in a shell or a child
process; a file-size limit (RLIMIT_FSIZE) and /dev/full stand in for a full disk.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run

EU = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = ("--date", "2026-11-27")
ADVISOR = [sys.executable, "-c", "from advisor.cli.entry import main; main()"]
needs_shell = pytest.mark.skipif(shutil.which("bash") is None or not Path("/dev/fd").exists(), reason="needs bash")


def advisor_command(*args: str) -> str:
    return shlex.join([*ADVISOR, *args])


def shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def report(cli: Callable[..., Run]) -> str:
    """The report as `recommend` writes it to standard output."""
    run = cli("recommend", EU, *DATE)
    assert run.code == 0, run.err
    return run.out


# ---- item 5: /dev/stdout and friends are streams, not files to replace ----


@needs_shell
def test_dev_stdout_redirected_to_a_file_keeps_what_came_before_and_after(tmp_path: Path, report: str) -> None:
    command = advisor_command("recommend", EU, *DATE, "-o", "/dev/stdout")
    run = shell(f"{{ echo HEADER; {command}; echo FOOTER; }} > all.txt", tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "all.txt").read_text() == f"HEADER\n{report}FOOTER\n"


@needs_shell
def test_dev_stdout_appended_to_a_log_keeps_the_log(tmp_path: Path, report: str) -> None:
    (tmp_path / "log.txt").write_text("yesterday's entries\n")
    command = advisor_command("recommend", EU, *DATE, "-o", "/dev/stdout")
    run = shell(f"{command} >> log.txt", tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "log.txt").read_text() == f"yesterday's entries\n{report}"


@needs_shell
def test_a_numbered_descriptor_is_written_to_where_it_stands(tmp_path: Path, report: str) -> None:
    (tmp_path / "log.txt").write_text("kept\n")
    command = advisor_command("recommend", EU, *DATE, "-o", "/dev/fd/3")
    run = shell(f"{command} 3>> log.txt", tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "log.txt").read_text() == f"kept\n{report}"


@needs_shell
def test_the_file_standard_output_is_appended_to_is_not_replaced(tmp_path: Path, report: str) -> None:
    (tmp_path / "log.txt").write_text("kept\n")
    command = advisor_command("recommend", EU, *DATE, "-o", "log.txt")
    run = shell(f"{command} >> log.txt", tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "log.txt").read_text().startswith(f"kept\n{report}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_streamed_to(cli: Callable[..., Run], tmp_path: Path, report: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    run = cli("recommend", EU, *DATE, "-o", str(fifo))
    reader.join()
    assert run.code == 0, run.err
    assert received == [report]
    assert fifo.is_fifo()  # still the pipe, not replaced by a file


# ---- item 6: a read-only report file is refused ----


def test_a_read_only_report_file_is_refused_not_replaced(cli: Callable[..., Run], tmp_path: Path) -> None:
    kept = tmp_path / "signed-off.md"
    kept.write_text("the version the client signed\n")
    kept.chmod(0o444)
    run = cli("recommend", EU, *DATE, "-o", str(kept))
    assert run.code == 1
    assert f"{kept}: is read-only" in run.err and "Traceback" not in run.err
    assert kept.read_text() == "the version the client signed\n"
    assert kept.stat().st_mode & 0o777 == 0o444


def test_a_link_to_a_read_only_report_file_is_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    kept = tmp_path / "signed-off.md"
    kept.write_text("the version the client signed\n")
    kept.chmod(0o444)
    link = tmp_path / "latest.md"
    link.symlink_to(kept)
    run = cli("recommend", EU, *DATE, "-o", str(link))
    assert run.code == 1 and "is read-only" in run.err
    assert kept.read_text() == "the version the client signed\n"


def test_a_writable_report_file_is_still_replaced(cli: Callable[..., Run], tmp_path: Path, report: str) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")
    target.chmod(0o640)
    run = cli("recommend", EU, *DATE, "-o", str(target))
    assert run.code == 0, run.err
    assert target.read_text() == report and target.stat().st_mode & 0o777 == 0o640


# ---- item 4 (and 10's closed stream and narrow encoding): standard output is checked ----

WRITE_STDOUT = (
    "import sys\n"
    "from advisor.errors import AdvisorError\n"
    "from advisor.output import write_stdout\n"
    "try:\n"
    "    write_stdout(sys.argv[1] * int(sys.argv[2]))\n"
    "except AdvisorError as exc:\n"
    "    print(f'error: {exc}', file=sys.stderr)\n"
    "    sys.exit(1)\n"
)


def _limited(size: int) -> Callable[[], None]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.skipif(sys.platform != "linux", reason="needs RLIMIT_FSIZE")
def test_standard_output_cut_short_by_a_file_size_limit_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with target.open("wb") as out:
        run = subprocess.run(
            [sys.executable, "-c", WRITE_STDOUT, "x", "100000"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_limited(20_000),
            check=False,
        )
    assert run.returncode == 1
    assert "standard output: cannot write there (File too large); 20,000 of 100,000 bytes of the report" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_on_a_full_disk_is_an_error() -> None:
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [sys.executable, "-c", WRITE_STDOUT, "x", "100000"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert run.returncode == 1
    assert "standard output: cannot write there (No space left on device)" in run.stderr


def test_standard_output_closed_is_an_error_not_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, "-c", WRITE_STDOUT, "x", "10"],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
        check=False,
    )
    assert run.returncode == 1
    assert "standard output is closed; give -o FILE" in run.stderr and "Traceback" not in run.stderr


def test_a_character_standard_output_cannot_hold_is_an_error_not_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, "-c", WRITE_STDOUT, "Soci\u00e9t\u00e9 ", "2"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert run.returncode == 1
    assert "encoding (ascii) cannot hold the character U+00E9" in run.stderr and "Traceback" not in run.stderr


def test_a_reader_that_has_gone_is_still_a_broken_pipe() -> None:
    code = WRITE_STDOUT.replace("except AdvisorError", "except BrokenPipeError:\n    sys.exit(7)\nexcept AdvisorError")
    reader = subprocess.Popen([sys.executable, "-c", code, "x", "1000000"], stdout=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.close()
    assert reader.wait() == 7


@pytest.mark.skipif(sys.platform != "linux", reason="needs RLIMIT_FSIZE")
def test_recommend_to_standard_output_cut_short_exits_1(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    with target.open("wb") as out:
        run = subprocess.run(
            [*ADVISOR, "recommend", EU, *DATE, "-f", "json"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_limited(4096),
            check=False,
        )
    assert run.returncode == 1 and "cannot write" in run.stderr


# ---- item 15: stopped while writing, nothing hidden is left behind ----

STOPPED_WHILE_WRITING = (
    "import os, signal, sys\n"
    "from pathlib import Path\n"
    "from advisor import output\n"
    "real_replace = os.replace\n"
    "def replace(src, dst):\n"
    "    os.kill(os.getpid(), signal.SIGTERM)  # arrives while the temporary file exists\n"
    "    real_replace(src, dst)\n"
    "output.os.replace = replace\n"
    "output.write_atomic(Path(sys.argv[1]), 'the whole report\\n')\n"
    "print('not reached: the signal ends the run once the file is in place')\n"
)


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="needs SIGTERM")
def test_sigterm_while_writing_a_report_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    run = subprocess.run(
        [sys.executable, "-c", STOPPED_WHILE_WRITING, str(target)], capture_output=True, text=True, check=False
    )
    assert run.returncode == -15, run.stderr  # ended by the signal, as before, once the file was in place
    assert "not reached" not in run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]
    assert target.read_text() == "the whole report\n"
