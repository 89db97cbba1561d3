from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisor.answers.load import load_answers
from advisor.answers.model import Answers
from advisor.catalog.load import load_catalog
from advisor.catalog.schema import Catalog
from advisor.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATE = dt.date(2026, 11, 27)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def example() -> Callable[[str], Answers]:
    def load(name: str) -> Answers:
        return load_answers(str(EXAMPLES / f"{name}.yaml"))

    return load


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run the console script in-process: exit code, stdout and stderr."""

    def run(*args: str, stdin: str | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True, scope="session")
def _private_catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests parse many overlay catalogs: keep their cache out of the user's cache folder."""
    import os

    os.environ["ADVISOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("catalog-cache"))
