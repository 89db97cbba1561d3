"""The wheel carries the catalog, the templates, the examples and the licence, and works from anywhere, in a fresh
virtual environment: what the README promises after `pipx install .`."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
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
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)
    for example in (ROOT / "examples").glob("*.yaml"):
        assert f"advisor/_data/examples/{example.name}" in names
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    advisor = env_dir / "bin" / "advisor"
    # the README's command after `pipx install .`: the example comes from the installed package
    example = subprocess.run(
        [str(advisor), "answers", "example", "eu-marketing-hr"], cwd=elsewhere, capture_output=True, text=True
    )
    assert example.returncode == 0, example.stderr
    assert example.stdout == (ROOT / "examples" / "eu-marketing-hr.yaml").read_text()
    (elsewhere / "answers.yaml").write_text(example.stdout)
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
