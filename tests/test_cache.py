"""The cache folder: the parsed catalog, the validators and the Monte Carlo's weight draws, kept between runs,
never needed."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

import pytest
from conftest import DATE, EXAMPLES
from pydantic_core import SchemaValidator

from advisor import api, cache, validation
from advisor.answers.load import load_answers
from advisor.cache import compact, fetch, store, stored, stored_draws
from advisor.catalog import load as catalog_module
from advisor.catalog.load import catalog_dir, load_catalog
from advisor.engine import evaluate
from advisor.engine.evaluate import lay_groundwork
from advisor.engine.robustness import weight_draws

ALPHAS = (9.0, 7.0, 6.0, 4.0, 3.0)


def test_a_cached_catalog_is_the_catalog_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), base)
    first = load_catalog(base=base)
    assert list((tmp_path / "cache").glob("catalog-*.pickle"))
    again = load_catalog(base=base)
    assert again.digest == first.digest and again.models.keys() == first.models.keys()
    models = sorted((base / "models").glob("*.yaml"))[0]
    models.write_text(models.read_text() + "\n# changed\n")
    changed = load_catalog(base=base)
    assert changed.digest != first.digest  # the content key changed: parsed again, not the stale pickle


def test_a_settled_catalog_is_not_read_again_and_any_write_to_it_is_noticed(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), base)
    first = load_catalog(base=base)
    # just copied: the files' change times are this second's, so their stamp is not trusted yet
    assert not list((tmp_path / "cache").glob("stamp-*.pickle"))
    monkeypatch.setattr(catalog_module, "SETTLED_SECONDS", -60)  # as if they had been written a minute ago
    load_catalog(base=base)
    assert len(list((tmp_path / "cache").glob("stamp-*.pickle"))) == 1

    def unread(path):
        raise AssertionError(f"{path} was read: the stamp should have given its key")

    with monkeypatch.context() as patch:
        patch.setattr(catalog_module, "read_bytes", unread)
        assert load_catalog(base=base).digest == first.digest
    # the same size and modification time, other bytes: the change time still moves
    models = sorted((base / "models").glob("*.yaml"))[0]
    before = models.stat()
    text = models.read_text()
    changed_text = text.replace("context_window: 2", "context_window: 3", 1)
    assert changed_text != text and len(changed_text) == len(text)
    models.write_text(changed_text)
    os.utime(models, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert models.stat().st_size == before.st_size and models.stat().st_mtime_ns == before.st_mtime_ns
    assert load_catalog(base=base).digest != first.digest


def test_compact_shares_equal_values_and_keeps_numbers_apart():
    made = compact({"a": [("x", 1, [1.0]), ("x", 1, [1.0])], "b": [(1,), (1.0,), (True,), (0.0,), (-0.0,)]})
    first, second = made["a"]
    assert first is second and first[2] is second[2]
    kinds = [(type(t[0]), str(t[0])) for t in made["b"]]
    assert kinds == [(int, "1"), (float, "1.0"), (bool, "True"), (float, "0.0"), (float, "-0.0")]
    catalog = load_catalog()
    assert compact(catalog) == catalog


def test_a_broken_cache_file_costs_only_time(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    expected = load_catalog()
    for path in tmp_path.glob("catalog-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert load_catalog().digest == expected.digest


def test_a_value_that_cannot_be_kept_costs_only_time(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    store("draws-unpicklable.pickle", (n for n in ()))  # TypeError inside pickle: the run goes on without it
    assert fetch("draws-unpicklable.pickle") is None and not list(tmp_path.glob("*.tmp"))


class Planted:
    """A pickle that runs code when it is read: what someone who can write the cache folder could leave."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs users and file owners")
def test_a_cache_file_someone_else_may_write_is_never_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    store("draws-x.pickle", (1, 2))
    kept = tmp_path / "cache" / "draws-x.pickle"
    assert kept.stat().st_mode & 0o777 == 0o600 and (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    assert fetch("draws-x.pickle") == (1, 2)
    marker = tmp_path / "ran"
    kept.write_bytes(pickle.dumps(Planted(str(marker))))
    for mode in (0o666, 0o620, 0o602):  # writable by the group or by anyone
        kept.chmod(mode)
        assert fetch("draws-x.pickle") is None and not marker.exists()
    if os.getuid() == 0:  # owned by another user, even if only they may write it
        os.chown(kept, 65534, 65534)
        kept.chmod(0o600)
        assert fetch("draws-x.pickle") is None and not marker.exists()
    kept.unlink()
    store("draws-x.pickle", (3,))  # the next run keeps its own, private one
    assert fetch("draws-x.pickle") == (3,)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs users and file owners")
def test_a_compiled_template_someone_else_may_write_is_never_run(cli, tmp_path, monkeypatch):
    from jinja2.bccache import Bucket

    from advisor.report import templating

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "report.md.j2").write_text("{{ r.branding.client }}\n")
    args = ("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--templates", str(templates))
    templating.environment.cache_clear()
    assert cli(*args).out == "Nordwerk Maschinenbau GmbH\n"
    (compiled,) = (tmp_path / "cache").glob("template-*.jinja")
    assert compiled.stat().st_mode & 0o077 == 0
    # replace it with code that leaves a mark, made for the same template source, and let anyone write it
    marker = tmp_path / "ran"
    env = templating.environment(str(templates.resolve()))
    source = (templates / "report.md.j2").read_text()
    bucket = Bucket(env, compiled.stem.rsplit("-", 1)[-1], env.bytecode_cache.get_source_checksum(source))
    bucket.code = compile(f"open({str(marker)!r}, 'w')", "planted", "exec")
    with compiled.open("wb") as handle:
        bucket.write_bytecode(handle)
    compiled.chmod(0o666)
    templating.environment.cache_clear()
    assert cli(*args).out == "Nordwerk Maschinenbau GmbH\n" and not marker.exists()


def test_the_cache_folder_follows_xdg_and_ignores_a_relative_one(tmp_path, monkeypatch):
    monkeypatch.delenv("ADVISOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "advisor"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG specification: ignored
    assert cache.cache_dir() == tmp_path / ".cache" / "advisor"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    load_catalog()
    assert stored_draws(weight_draws)(ALPHAS) == weight_draws(ALPHAS)
    assert list(tmp_path.iterdir()) == []


def test_weight_draws_are_read_back_not_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    calls = []

    def counting(alphas):
        calls.append(alphas)
        return weight_draws(alphas)

    draws = stored_draws(counting)
    assert draws(ALPHAS) == weight_draws(ALPHAS)
    assert draws(ALPHAS) == weight_draws(ALPHAS)
    assert calls == [ALPHAS]
    (stored,) = tmp_path.glob("draws-*.pickle")
    stored.write_bytes(b"\x80garbage")
    assert draws(ALPHAS) == weight_draws(ALPHAS) and len(calls) == 2  # unreadable: drawn again


def test_a_report_is_the_same_with_draws_read_back(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    args = ("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--format", "json", "--date", "2026-11-27")
    first = cli(*args)
    assert list(tmp_path.glob("draws-*.pickle"))
    assert cli(*args).out == first.out


def test_the_groundwork_is_kept_by_its_settings_and_read_back_onto_the_same_catalog(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(api, "_groundworks", {})
    answers = EXAMPLES / "eu-marketing-hr.yaml"
    args = ("recommend", str(answers), "--format", "json", "--date", "2026-11-27")
    first = cli(*args)
    (kept,) = tmp_path.glob("groundwork-*.pickle")
    # it holds what the organisation's settings make of the catalog: no names, use cases or volumes
    text = answers.read_text()
    data = kept.read_bytes()
    for private in ("Nordwerk", "Marketing content", "HR document review"):
        assert private in text and private.encode() not in data
    laid = []

    def lay(*args):
        laid.append(args)
        return lay_groundwork(*args)

    monkeypatch.setattr(evaluate, "lay_groundwork", lay)
    monkeypatch.setattr(api, "_groundworks", {})  # as a new process would start
    assert cli(*args).out == first.out and laid == []  # read back, not laid again
    # its options refer to the catalog's own records, not copies
    catalog = load_catalog()
    work = stored("groundwork", catalog.parts(), evaluate.Groundwork)(
        evaluate.groundwork_settings(load_answers(str(answers)), catalog, DATE), lambda: pytest.fail("laid again")
    )
    option = work.table.option(0)
    assert work.catalog is catalog and option.model is catalog.models[option.model.id]
    assert option.deployment.offer is None or option.deployment.offer is catalog.offers[option.deployment.offer.id]
    # other settings are other groundwork; a broken file is laid again
    assert cli(*args, "--set", "expertise=none").code == 0 and len(laid) == 1
    assert len(list(tmp_path.glob("groundwork-*.pickle"))) == 2
    kept.write_bytes(b"\x80garbage")
    monkeypatch.setattr(api, "_groundworks", {})
    assert cli(*args).out == first.out and len(laid) == 2


def test_each_kind_of_cache_file_is_kept_to_its_newest_few(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    keep = cache.KEEP["draws"]
    for n in range(keep + 3):
        store(f"draws-{n:03}.pickle", n)
        os.utime(tmp_path / f"draws-{n:03}.pickle", ns=(n * 10**9, n * 10**9))
    store("other-kind.pickle", "kept")  # not a kind with a limit: never removed
    names = sorted(p.name for p in tmp_path.glob("draws-*.pickle"))
    assert names == [f"draws-{n:03}.pickle" for n in range(3, keep + 3)]  # the three oldest are gone
    assert fetch("other-kind.pickle") == "kept"


def test_answers_validator_is_kept_and_a_broken_one_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validation, "_VALIDATORS", {})  # as a new process would start
    example = str(EXAMPLES / "eu-marketing-hr.yaml")
    expected = load_answers(example)
    (kept,) = tmp_path.glob("validator-advisor.answers.model.Answers-*.pickle")
    assert isinstance(fetch(kept.name), SchemaValidator)
    kept.write_bytes(b"\x80garbage")
    monkeypatch.setattr(validation, "_VALIDATORS", {})
    assert load_answers(example) == expected
    assert isinstance(fetch(kept.name), SchemaValidator)  # made again and kept again


def test_a_warm_recommend_validates_without_importing_pydantic(tmp_path):
    """pydantic's models, fields and schema generation cost more to import than the rest of a run; with the
    catalog and the validators in the cache, pydantic-core alone validates the answers."""
    code = (
        "import sys\n"
        "from advisor.cli.main import main\n"  # what the console script runs, less its exit without teardown
        f"args = ['recommend', {str(EXAMPLES / 'eu-marketing-hr.yaml')!r}, '-o', {str(tmp_path / 'r.md')!r}]\n"
        "try:\n    main(args)\nexcept SystemExit:\n    pass\n"
        "print('PYDANTIC:' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic')))\n"
    )
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ADVISOR_NO_CACHE", None)
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert cold.stdout.splitlines()[-1] != "PYDANTIC:"  # the first run parses the catalog with pydantic
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert warm.stdout.splitlines()[-1] == "PYDANTIC:"
    assert (tmp_path / "r.md").read_text().startswith("# ")
