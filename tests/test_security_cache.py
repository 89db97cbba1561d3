"""The cache folder under attack: links, planted temporaries, changed bytes and folders others may write.

Each attack here worked before the cache was hardened (issue 19, item 1). The in-process tests play both
parts as one user; the tests marked `second_user` run the victim and the attacker as two real users
(setpriv, and unshare for a predictable process id) where the machine allows it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from advisor.cache import fetch, store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "eu-marketing-hr.yaml"
VICTIM, ATTACKER = 23451, 23452  # user ids no one on the machine has

needs_users = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs users and file owners")


class Planted:
    """A pickle that, when read back, creates `marker`: code run in the reading process."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (self.marker, "w"))


def payload(marker: Path) -> bytes:
    """A pickle that creates `marker` when unpickled, made without importing this test module."""
    return pickle.dumps(Planted(str(marker)))


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    return folder


@needs_users
def test_a_cache_file_that_is_a_link_is_never_followed(cache_folder: Path, tmp_path: Path) -> None:
    store("draws-x.pickle", (1, 2))
    marker = tmp_path / "ran"
    downloaded = tmp_path / "downloaded.pickle"  # a pickle the user owns, kept private: not a cache file
    downloaded.write_bytes(payload(marker))
    downloaded.chmod(0o600)
    kept = cache_folder / "draws-x.pickle"
    kept.unlink()
    kept.symlink_to(downloaded)
    assert fetch("draws-x.pickle") is None
    assert not marker.exists()


@needs_users
def test_a_planted_link_at_a_temporary_name_is_not_written_through(cache_folder: Path, tmp_path: Path) -> None:
    cache_folder.mkdir(mode=0o700)
    precious = tmp_path / "precious.txt"
    precious.write_text("the user's own work\n")
    precious.chmod(0o600)
    # the names the temporary files used to have: '<name>.<pid>.tmp', for this process and its neighbours
    for pid in range(max(1, os.getpid() - 5), os.getpid() + 5):
        (cache_folder / f"draws-x.{pid}.tmp").symlink_to(precious)
    store("draws-x.pickle", (1, 2))
    assert precious.read_bytes() == b"the user's own work\n"
    assert fetch("draws-x.pickle") == (1, 2)
    assert not [p for p in cache_folder.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_a_flipped_bit_in_a_cached_file_is_noticed(cache_folder: Path) -> None:
    store("draws-x.pickle", ("AAAA", 7))
    kept = cache_folder / "draws-x.pickle"
    data = bytearray(kept.read_bytes())
    at = bytes(data).rindex(b"AAAA")
    data[at] ^= 0b10  # 'A' becomes 'C': still a well-formed pickle, of another value
    kept.write_bytes(bytes(data))
    assert fetch("draws-x.pickle") is None


@needs_users
def test_a_pickle_of_the_users_own_without_the_keyed_digest_is_not_unpickled(
    cache_folder: Path, tmp_path: Path
) -> None:
    store("draws-x.pickle", (1, 2))
    marker = tmp_path / "ran"
    kept = cache_folder / "draws-x.pickle"
    kept.write_bytes(payload(marker))  # private, regular, the user's own: only the digest is missing
    kept.chmod(0o600)
    assert fetch("draws-x.pickle") is None
    assert not marker.exists()


def test_a_cache_file_is_read_back_only_under_its_own_name(cache_folder: Path) -> None:
    store("draws-a.pickle", ("a",))
    store("draws-b.pickle", ("b",))
    shutil.copyfile(cache_folder / "draws-a.pickle", cache_folder / "draws-b.pickle")
    assert fetch("draws-b.pickle") is None
    assert fetch("draws-a.pickle") == ("a",)


@needs_users
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777, 0o722])
def test_a_cache_folder_others_may_write_is_not_used(cache_folder: Path, tmp_path: Path, mode: int) -> None:
    store("draws-x.pickle", (1, 2))
    assert fetch("draws-x.pickle") == (1, 2)
    cache_folder.chmod(mode)
    assert fetch("draws-x.pickle") is None  # even a file written by the user: anyone could have replaced it
    store("draws-y.pickle", (3,))
    assert not (cache_folder / "draws-y.pickle").exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a folder away")
def test_a_cache_folder_another_user_owns_is_not_used(cache_folder: Path) -> None:
    store("draws-x.pickle", (1, 2))
    os.chown(cache_folder, ATTACKER, ATTACKER)  # only they may write it, and they may plant anything
    assert fetch("draws-x.pickle") is None
    store("draws-y.pickle", (3,))
    assert not (cache_folder / "draws-y.pickle").exists()


@needs_users
def test_a_key_file_that_is_a_link_is_not_used(cache_folder: Path, tmp_path: Path) -> None:
    store("draws-x.pickle", (1, 2))
    elsewhere = tmp_path / "known-key"
    elsewhere.write_bytes(b"k" * 32)
    elsewhere.chmod(0o600)
    (cache_folder / "key").unlink()
    (cache_folder / "key").symlink_to(elsewhere)
    assert fetch("draws-x.pickle") is None  # a key someone else may know is no key
    store("draws-x.pickle", (3,))  # a new private key replaces the link; the linked file is untouched
    assert fetch("draws-x.pickle") == (3,)
    assert not (cache_folder / "key").is_symlink() and elsewhere.read_bytes() == b"k" * 32


def test_an_empty_home_puts_no_cache_in_the_root_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor import cache

    monkeypatch.delenv("ADVISOR_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "")
    assert cache.cache_dir() is None


# ---- two real users: the victim runs advisor, the attacker shares the machine ----


def _can_switch_users() -> str | None:
    """Why two users cannot be played here, or None if they can."""
    if not hasattr(os, "getuid") or os.getuid() != 0:
        return "needs root to act as two users"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux)"
    probe = subprocess.run(_as(VICTIM, "true"), capture_output=True, check=False)
    if probe.returncode != 0:
        return f"setpriv cannot switch users here: {probe.stderr.decode(errors='replace').strip()}"
    imports = subprocess.run(_as(VICTIM, sys.executable, "-c", "import advisor"), capture_output=True, check=False)
    if imports.returncode != 0:
        return f"a second user cannot import advisor from {sys.prefix} (a private folder?)"
    return None


def _as(uid: int, *command: str) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]


_cannot_switch = pytest.mark.skipif(_can_switch_users() is not None, reason=str(_can_switch_users()))


def second_user(test: Callable[..., None]) -> Callable[..., None]:
    """Run as two real users (skipped, with the reason, where that cannot be done); slow: each runs advisor."""
    return pytest.mark.slow(_cannot_switch(test))


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder both users can reach (pytest's own temporary folders are root's alone)."""
    base = Path(tempfile.mkdtemp(prefix="advisor-two-users-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _home(base: Path, uid: int, name: str) -> Path:
    home = base / name
    home.mkdir(mode=0o700)
    os.chown(home, uid, uid)
    return home


def _victim_run(home: Path, cache: Path, *prefix: str) -> subprocess.CompletedProcess[str]:
    """`advisor recommend` run by the victim, with `cache` as its cache folder."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "ADVISOR_CACHE_DIR": str(cache),
        "PYTHONDONTWRITEBYTECODE": "1",
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }
    command = [*prefix, *_as(VICTIM, sys.executable, "-m", "advisor", "recommend", str(EXAMPLE))]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(home), check=False)


def _cache_names(base: Path, home: Path) -> list[str]:
    """The names the victim's run gives its cache files (the same in any folder: they are keyed by content)."""
    private = home / "private-cache"
    first = _victim_run(home, private)
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in private.iterdir() if not p.name.startswith(".") and p.name != "key")
    assert any(name.startswith("catalog-") for name in names)
    return names


def _attacker_folder(base: Path, mode: int, owner: int) -> Path:
    shared = base / "shared-cache"
    shared.mkdir()
    os.chown(shared, owner, owner)
    shared.chmod(mode)
    return shared


def _plant(folder: Path, links: dict[str, Path]) -> None:
    """The attacker, as their own user, makes each link in the shared folder."""
    for name, target in links.items():
        subprocess.run(_as(ATTACKER, "ln", "-s", str(target), str(folder / name)), check=True)


@second_user
@pytest.mark.parametrize(
    ("mode", "owner"),
    [(0o777, VICTIM), (0o1777, VICTIM), (0o755, ATTACKER)],
    ids=["world-writable", "sticky", "the-attackers"],
)
def test_another_user_cannot_run_code_in_the_victims_run_through_the_cache(
    shared_tmp: Path, mode: int, owner: int
) -> None:
    home = _home(shared_tmp, VICTIM, "victim")
    names = _cache_names(shared_tmp, home)
    expected = _victim_run(home, home / "private-cache").stdout
    marker = home / "ran"
    downloaded = home / "downloaded.pickle"  # a file the victim owns, private: the old check passed it
    downloaded.write_bytes(payload(marker))
    os.chown(downloaded, VICTIM, VICTIM)
    downloaded.chmod(0o600)
    shared = _attacker_folder(shared_tmp, mode, owner)
    _plant(shared, {name: downloaded for name in names})
    run = _victim_run(home, shared)
    assert run.returncode == 0, run.stderr
    assert not marker.exists()
    assert run.stdout == expected


@second_user
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare for a predictable process id")
def test_another_user_cannot_make_the_victims_run_overwrite_a_file_through_the_cache(shared_tmp: Path) -> None:
    home = _home(shared_tmp, VICTIM, "victim")
    names = _cache_names(shared_tmp, home)
    precious = home / "thesis.txt"
    precious.write_text("four years of work\n")
    os.chown(precious, VICTIM, VICTIM)
    precious.chmod(0o600)
    shared = _attacker_folder(shared_tmp, 0o1777, VICTIM)
    # the victim's run is process 1 of a new process-id namespace: its old temporary names are predictable
    in_namespace = ("unshare", "--pid", "--fork")
    probe = subprocess.run([*in_namespace, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"unshare cannot make a process-id namespace here: {probe.stderr.decode(errors='replace')}")
    planted = {f"{Path(name).stem}.{pid}.tmp": precious for name in names for pid in (1, 2, 3)}
    _plant(shared, planted)
    run = _victim_run(home, shared, *in_namespace)
    assert run.returncode == 0, run.stderr
    assert precious.read_bytes() == b"four years of work\n"


def test_compiled_templates_are_pruned_like_the_other_cache_files(
    cache_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor import cache
    from advisor.report.templating import environment, render_report

    monkeypatch.setitem(cache.KEEP, "template", 3)
    for n in range(6):  # six template folders: one compiled template each
        folder = tmp_path / f"tpl{n}"
        folder.mkdir()
        (folder / "report.md.j2").write_text(f"{n}\n")
        environment.cache_clear()
        assert render_report("report.md.j2", {}, {}, None, folder) == f"{n}\n"
    assert len(list(cache_folder.glob("template-*"))) == 3
