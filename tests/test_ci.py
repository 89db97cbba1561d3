"""`.ci/run` keeps no temporary virtual environment: its folder is removed on exit, pass or fail; the folder is
open to other users (755) while CI runs, for the two-user tests; `CI_VENV=DIR` is used and kept."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("mktemp") is None, reason="needs bash")


def _run_ci(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """.ci/run with a `python3` that makes the venv folder, notes its parent's mode, and fails."""
    bin_dir, tmp, notes = tmp_path / "bin", tmp_path / "tmp", tmp_path / "notes"
    bin_dir.mkdir()
    tmp.mkdir()
    fake = bin_dir / "python3"
    fake.write_text(f'#!/bin/sh\nmkdir -p "$3" && stat -c %a "$(dirname "$3")" > {notes} && exit 3\n')
    fake.chmod(0o755)
    environment = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(tmp), "HOME": str(tmp_path)}
    run = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], env={**environment, **env}, capture_output=True, text=True, check=False
    )
    return run, tmp, notes


def test_the_temporary_venv_is_removed_when_ci_fails_and_its_folder_was_open(tmp_path: Path) -> None:
    run, tmp, notes = _run_ci(tmp_path)
    assert run.returncode == 3, run.stderr
    assert notes.read_text().strip() == "755"
    assert list(tmp.iterdir()) == []


def test_a_venv_named_by_ci_venv_is_used_and_kept(tmp_path: Path) -> None:
    kept = tmp_path / "my-venv"
    run, tmp, _ = _run_ci(tmp_path, CI_VENV=str(kept))
    assert run.returncode == 3, run.stderr
    assert kept.is_dir()
    assert list(tmp.iterdir()) == []
