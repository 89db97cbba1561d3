"""Mangled catalog YAML of any kind becomes an AdvisorError naming the file, never a crash (hypothesis)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.catalog.load import load_catalog
from advisor.errors import AdvisorError
from advisor.resources import catalog_dir

TARGETS = ["models/openai.yaml", "providers.yaml", "policies.yaml", "use_cases.yaml", "gpus.yaml", "catalog.yaml"]


@pytest.fixture(scope="module")
def originals() -> dict[str, str]:
    return {name: (catalog_dir() / name).read_text() for name in TARGETS}


edits = st.lists(
    st.tuples(
        st.floats(0, 1),  # where in the file
        st.integers(0, 40),  # how many characters to cut
        st.sampled_from(["", ":", "- ", "\n", "  ", "[", "{", "&a ", "*a", "null", "-1", "'", "\t", "\x00", "é"]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(TARGETS), changes=edits)
def test_mangled_catalog_files_give_an_advisor_error(
    tmp_path_factory: pytest.TempPathFactory, originals: dict[str, str], name: str, changes: list
) -> None:
    folder = tmp_path_factory.mktemp("catalog")
    shutil.copytree(catalog_dir(), folder, dirs_exist_ok=True)
    text = originals[name]
    for where, cut, insert in changes:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    (folder / name).write_text(text)
    try:
        catalog = load_catalog(base=Path(folder))
    except AdvisorError as exc:
        assert str(exc).strip()
        return
    assert catalog.models  # an edit that kept the file valid loads as a catalog
