"""The wheel carries the catalog and templates and works from anywhere, in a fresh virtual environment."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_recommends_outside_the_source_tree(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answers = elsewhere / "answers.yaml"
    answers.write_text((ROOT / "examples" / "eu-marketing-hr.yaml").read_text())
    advisor = env_dir / "bin" / "advisor"
    run = subprocess.run(
        [str(advisor), "recommend", "answers.yaml", "--format", "json", "--date", "2026-11-27"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["catalog"]["models"] >= 60
    assert [u["use_case"] for u in report["stack"]] == ["Marketing content", "HR document review"]
    markdown = subprocess.run(
        [str(advisor), "recommend", "answers.yaml", "--date", "2026-11-27"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert markdown.stdout.startswith("# LLM stack recommendation")
