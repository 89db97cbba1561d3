"""Where advisor keeps what it can work out again: the parsed catalog, validators, the groundwork of a
decision, weight draws and compiled templates.

ADVISOR_CACHE_DIR chooses the folder (default: the user's cache folder); ADVISOR_NO_CACHE=1 turns caching off.
Nothing in it is needed: a missing, read-only or stale cache only costs time. Each kind of file is kept to
its newest few (`KEEP`), so the folder does not grow with every catalog, date or version.

What it holds is code to Python (pickles, compiled templates): a file is read only if it is the user's own
and no one else may write it (`trusted`), and files are written readable by the user alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import importlib.util
import io
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from advisor import __version__

T = TypeVar("T")


def cache_dir() -> Path | None:
    if os.environ.get("ADVISOR_NO_CACHE"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(xdg):  # unset, or relative: which the XDG specification says to ignore
        xdg = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(os.environ.get("ADVISOR_CACHE_DIR") or os.path.join(xdg, "advisor"))


# how many files of each kind (the name's first word) are kept, newest first
KEEP = {"catalog": 8, "stamp": 32, "groundwork": 16, "validator": 40, "draws": 64}


@functools.cache
def code_key() -> str:
    """Changes with advisor's code (every module's bytes), Python's version and the versions of pydantic and
    pydantic-core (which write the validators): what was worked out by other code is worked out again."""
    from pydantic_core import __version__ as core_version  # imported by now: the catalog and answers need it

    hasher = hashlib.sha256(f"{__version__}\0{sys.version}\0{core_version}\0".encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        hasher.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    # pydantic's version, read from its file without importing it
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        version = Path(spec.origin).with_name("version.py")
        hasher.update(version.read_bytes() if version.is_file() else spec.origin.encode())
    return hasher.hexdigest()[:24]


def trusted(handle: io.BufferedReader) -> bool:
    """The open cache file is the user's own and no one else may write it: another user who could would run
    their code in this process when it is read (where the platform has users: elsewhere, True)."""
    if not hasattr(os, "getuid"):
        return True
    found = os.fstat(handle.fileno())
    return found.st_uid == os.getuid() and not found.st_mode & 0o022


def fetch(name: str, shared: Sequence[object] = ()) -> Any | None:
    """What `store` kept under `name`, or None (caching off, not stored yet, or unreadable). `shared` must be
    the objects it was stored with, in the same order: their references are read back as these objects."""
    root = cache_dir()
    if root is None:
        return None
    # unpickling a catalog makes tens of thousands of acyclic objects per thousand models: the cycle collector
    # would rescan them again and again (more than half the load time of a 5,000-model catalog)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with (root / name).open("rb") as handle:
            if not trusted(handle):
                return None
            unpickler = pickle.Unpickler(handle)
            if shared:
                unpickler.persistent_load = shared.__getitem__  # type: ignore[method-assign]
            return unpickler.load()
    except Exception:  # missing, stale or broken: only a missed shortcut
        return None
    finally:
        if collecting:
            gc.enable()


def store(name: str, value: Any, shared: Sequence[object] = ()) -> None:
    """Keep `value` under `name`, written whole or not at all; a read-only cache only costs time. The objects
    in `shared` (those of a catalog kept on its own) are written as references to their place in it, not
    copied: `fetch` with the same objects reads them back as those very objects."""
    root = cache_dir()
    if root is None:
        return
    path = root / name
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        buffer = io.BytesIO()
        _Pickler(buffer, {id(item): k for k, item in enumerate(shared)}).dump(value)
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the user's alone (see `trusted`)
        with os.fdopen(fd, "wb") as handle:
            handle.write(buffer.getbuffer())
        os.replace(tmp, path)
        _prune(root, name)
    except Exception:  # unwritable, or a value that does not pickle: only a missed shortcut
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # nothing half-written left behind


class _Pickler(pickle.Pickler):
    """Writes the objects at `places` (by id) as references to their place, and NamedTuples as data that
    `tuple.__new__` itself reads back, not their class's `__new__` (Python code, called once per record)."""

    def __init__(self, file: io.BytesIO, places: dict[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.places = places

    def persistent_id(self, obj: Any) -> int | None:
        return self.places.get(id(obj))

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if isinstance(obj, tuple) and hasattr(kind, "_fields") and not hasattr(obj, "__dict__"):
            return tuple.__new__, (kind, tuple(obj))
        return NotImplemented


def _prune(root: Path, name: str) -> None:
    """Remove the oldest files of `name`'s kind beyond the number kept."""
    kind = name.split("-", 1)[0]
    keep = KEEP.get(kind)
    if keep is None:
        return
    found = []
    for path in root.glob(f"{kind}-*.pickle"):
        try:
            found.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:
            continue
    found.sort(reverse=True)
    for _, _, path in found[keep:]:
        path.unlink(missing_ok=True)


def compact(value: T) -> T:
    """`value` with its equal strings, dates, tuples (records included) and lists made one object each, so
    that pickle writes each once and reading it back makes each once: a large catalog repeats its sources,
    dates, regions and figures thousands of times (a 5,000-model catalog's pickle shrinks to a third, and
    reads back in half the time). Only for values that nobody changes afterwards (the lists are shared)."""
    found: dict[Any, Any] = {}
    made: T = _compact(value, found)
    return made


def _key(item: Any) -> Any:
    # an item already made canonical (str, date, tuple, list) is equal to another exactly when it is the same
    # object; numbers compare by type and bits (1 == 1.0 == True, and 0.0 == -0.0, must not be merged)
    kind = type(item)
    if kind is float:
        return item.hex()
    if kind is int or kind is bool or item is None:
        return (kind, item)
    return id(item)


def _compact(value: Any, found: dict[Any, Any]) -> Any:
    kind = type(value)
    if kind is str or kind is dt.date:
        return found.setdefault(value, value)
    if kind is list:
        items = [_compact(item, found) for item in value]
        return found.setdefault((list, *map(_key, items)), items)
    if kind is dict:
        return {_compact(k, found): _compact(v, found) for k, v in value.items()}
    if isinstance(value, tuple):
        parts = [_compact(item, found) for item in value]
        made = kind._make(parts) if hasattr(kind, "_fields") else tuple(parts)
        return found.setdefault((kind, *map(_key, parts)), made)
    return value


def stored(kind: str, shared: Sequence[object], made: type[T]) -> Callable[[tuple[object, ...], Callable[[], T]], T]:
    """A keeper of values of type `made` worked out from `shared` (a catalog's parts) and some settings: the
    value `compute` gives is kept under `kind`, the code key and a digest of the settings, and read back the
    next time the same settings come, with its references to `shared` read back as those objects."""

    def keep(settings: tuple[object, ...], compute: Callable[[], T]) -> T:
        name = f"{kind}-{code_key()}-{hashlib.sha256(repr(settings).encode()).hexdigest()[:32]}.pickle"
        found = fetch(name, shared)
        if isinstance(found, made):
            return found
        value = compute()
        store(name, value, shared)
        return value

    return keep


def stored_draws(
    compute: Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]],
) -> Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]]:
    """`compute` (the Monte Carlo's weight draws for a Dirichlet's parameters), kept in the cache folder: the
    draws are a pure function of the parameters, and drawing them costs more than reading them back."""

    keep = stored("draws", (), tuple)

    def draws(alphas: tuple[float, ...]) -> Sequence[tuple[float, ...]]:
        return keep((alphas,), lambda: tuple(compute(alphas)))

    return draws
