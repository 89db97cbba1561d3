"""CONTRIBUTING.md's two how-tos, "Correct a price" and "Add a model", work as written: their shell commands are
run one block at a time on a copy of the repository, after the edits their YAML blocks describe.

Only what cannot run here is replaced: the download of LiteLLM's wheel (and its unzip) by the extract in
tests/fixtures, and /tmp/ by the test's own folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
COPIED = ("advisor", "catalog", "examples", "scripts", "templates", "tests/golden", "tests/fixtures")

pytestmark = [
    pytest.mark.slow,  # a copy of the repository, a dozen commands and the golden reports regenerated twice
    pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="needs bash and git"),
]


def section(title: str) -> str:
    return CONTRIBUTING.split(f"\n## {title}\n")[1].split("\n## ")[0]


def blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of one language, without the indentation of a list item."""
    found = re.findall(rf"^( *)```{language}\n(.*?)^\1```", text, flags=re.S | re.M)
    return ["".join(line[len(indent) :] for line in body.splitlines(keepends=True)) for indent, body in found]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository under git, with `advisor` and `python` on the PATH as an activated venv has them."""
    copy = tmp_path / "repo"
    for name in COPIED:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copy"], cwd=copy, check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "advisor").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m advisor "$@"\n')
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "advisor").chmod(0o755)
    return copy


def run_block(block: str, repo: Path) -> str:
    tmp = repo.parent / "tmp"
    tmp.mkdir(exist_ok=True)
    if "pip download" in block:  # LiteLLM's file, as the two lines that fetch it would leave it
        folder = tmp / "litellm"
        folder.mkdir(exist_ok=True)
        shutil.copy(
            ROOT / "tests" / "fixtures" / "litellm_prices_extract.json",
            folder / "model_prices_and_context_window_backup.json",
        )
        block = "\n".join(line for line in block.splitlines() if not line.startswith(("pip download", "unzip ")))
    env = {
        **os.environ,
        "PATH": f"{repo.parent / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(repo),
        "ADVISOR_CACHE_DIR": str(repo.parent / "cache"),
        "COLUMNS": "100",
        "GIT_PAGER": "cat",
    }
    env.pop("ADVISOR_CATALOG", None)
    script = "set -euo pipefail\n" + block.replace("/tmp/", f"{tmp}/")
    run = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, f"{block}\n---\n{run.stdout}\n{run.stderr}"
    return run.stdout + run.stderr


def test_correct_a_price(repo: Path) -> None:
    text = section("Correct a price")
    (offer,) = blocks(text, "yaml")
    vendor_file = repo / "catalog" / "models" / "anthropic.yaml"
    shipped = vendor_file.read_text(encoding="utf-8")
    head = "\n".join(offer.splitlines()[:4]) + "\n"
    entry = re.search(re.escape(head) + r"(?:    .*\n)*", shipped)
    assert entry is not None, "the how-to's offer is not in catalog/models/anthropic.yaml"
    vendor_file.write_text(shipped.replace(entry.group(0), offer), encoding="utf-8")

    corrected, litellm, overlay = blocks(text, "sh")
    out = run_block(corrected, repo)
    assert "the shipped catalog: valid" in out and "2.5/12.5" in out and "golden file(s) changed" in out
    assert "tests/golden/eu-marketing-hr.md" in out
    # the how-to's reading of the diff: the same model, now on Amazon Bedrock
    assert "**Recommended:** Claude Sonnet 5.5 via Amazon Web Services (Bedrock, global)" in out

    out = run_block(litellm, repo)
    assert "offer(s) changed" in out and "refresh on the shipped catalog: valid" in out
    assert (repo.parent / "tmp" / "refreshed.md").read_text().startswith("# LLM stack recommendation")

    out = run_block(overlay, repo)
    assert "nordwerk on the shipped catalog: valid" in out and "1.65/8.25" in out
    assert "USD 1.65/M" in (repo / "nordwerk-report.md").read_text()


def test_add_a_model(repo: Path) -> None:
    text = section("Add a model")
    model, offer, results = blocks(text, "yaml")
    vendor_file = repo / "catalog" / "models" / "mistral.yaml"
    shipped = vendor_file.read_text(encoding="utf-8")
    assert shipped.count("\noffers:\n") == 1
    vendor_file.write_text(
        shipped.replace("\noffers:\n", f"\n{model}offers:\n").rstrip("\n") + "\n" + offer, encoding="utf-8"
    )
    benchmarks = repo / "catalog" / "benchmarks" / "mistral.yaml"
    assert not benchmarks.exists(), "the how-to starts the file: it would have to say to add to it"
    benchmarks.write_text(results, encoding="utf-8")

    (commands,) = blocks(text, "sh")
    out = run_block(commands, repo)
    assert "the shipped catalog: valid" in out and "Ministral Example 24B (ministral-example-24b)" in out
    assert "reasoning 5, from:" in out and "aa_intelligence_index (v4.1) 24" in out
    assert "golden file(s) changed" in out
    # the how-to's reading of the diff: the new model adds options everywhere and wins nothing
    golden = (repo / "tests" / "golden" / "eu-marketing-hr.md").read_text()
    shipped = (ROOT / "tests" / "golden" / "eu-marketing-hr.md").read_text()
    assert golden != shipped

    def stack(text: str) -> str:
        return text.split("## 2. The recommended stack")[1].split("## 3.")[0].split("| Use case |")[1]

    assert stack(golden).count("Ministral Example 24B") == 0
    assert [row.split("|")[2] for row in stack(golden).splitlines()[2:4]] == [
        row.split("|")[2] for row in stack(shipped).splitlines()[2:4]
    ]
