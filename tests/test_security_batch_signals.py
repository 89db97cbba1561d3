"""`advisor batch` stops promptly on SIGINT, SIGTERM and SIGHUP: workers ended, the count written said, exit
128 + the signal, and no worker left holding the caller's pipes (issue 19, item 9)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

FILES = 1000  # about 20 s of reports with two workers: a run that goes on after the signal is plain to see


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("many")
    paths = [folder / f"client-{i}.yaml" for i in range(FILES)]
    for path in paths:
        shutil.copyfile(EXAMPLES / "eu-marketing-hr.yaml", path)
    return paths


def _session_alive(sid: int) -> list[int]:
    """The processes still in the session the run was started in (its workers, if any were orphaned)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # session id; a zombie holds nothing
            alive.append(int(entry.name))
    return alive


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked on Linux only")
@pytest.mark.parametrize(
    ("signum", "to_group", "code"),
    [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143), (signal.SIGHUP, False, 129)],
)
def test_a_signal_stops_a_batch_promptly_and_says_what_was_written(
    many: list[Path], tmp_path: Path, signum: int, to_group: bool, code: int
) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ADVISOR_NO_CACHE": "1"}
    command = [sys.executable, "-m", "advisor", "batch", *map(str, many), "--out-dir", str(out), "-j", "2"]
    proc = subprocess.Popen(
        [*command, "--date", "2026-11-27"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has: Ctrl-C goes to all of it
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.md"))):
            assert proc.poll() is None and time.monotonic() < deadline, "no report appeared"
            time.sleep(0.02)
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        signalled = time.monotonic()
        # communicate() waits for the pipes to close: a worker left holding them would hang it
        _, err = proc.communicate(timeout=15)
        stopped_in = time.monotonic() - signalled
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        left = _session_alive(proc.pid)
        if left:  # perhaps still being ended: a moment more
            time.sleep(0.5)
            left = _session_alive(proc.pid)
        for pid in left:  # workers that outlived it: ended here, and the test fails below
            os.kill(pid, signal.SIGKILL)
    text = err.decode("utf-8", "replace")
    assert proc.returncode == code, text
    assert "Traceback" not in text
    assert stopped_in < 5, f"went on for {stopped_in:.1f} s after the signal"
    written = sorted(out.glob("*.md"))
    assert 0 < len(written) < FILES // 2
    assert f"stopped by {signal.Signals(signum).name}: wrote {len(written)} of {FILES} report(s) to {out}" in " ".join(
        text.split()
    ), text
    assert not list(out.glob(".*")), "a temporary file was left behind"
    assert left == [], "workers outlived the run"
