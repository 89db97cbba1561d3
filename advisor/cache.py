"""Where advisor keeps what it can work out again: the parsed catalog, validators, weight draws and compiled
templates.

ADVISOR_CACHE_DIR chooses the folder (default: the user's cache folder); ADVISOR_NO_CACHE=1 turns caching off.
Nothing in it is needed: a missing, read-only or stale cache only costs time.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    if os.environ.get("ADVISOR_NO_CACHE"):
        return None
    root = os.environ.get("ADVISOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "advisor"
    )
    return Path(root)


def fetch(name: str) -> Any | None:
    """What `store` kept under `name`, or None (caching off, not stored yet, or unreadable)."""
    root = cache_dir()
    if root is None:
        return None
    # unpickling a catalog makes tens of thousands of acyclic objects per thousand models: the cycle collector
    # would rescan them again and again (more than half the load time of a 5,000-model catalog)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with (root / name).open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, stale or broken: only a missed shortcut
        return None
    finally:
        if collecting:
            gc.enable()


def store(name: str, value: Any) -> None:
    """Keep `value` under `name`, written whole or not at all; a read-only cache only costs time."""
    root = cache_dir()
    if root is None:
        return
    path = root / name
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        pass


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


def stored_draws(
    compute: Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]],
) -> Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]]:
    """`compute` (the Monte Carlo's weight draws for a Dirichlet's parameters), kept in the cache folder: the
    draws are a pure function of the parameters, and drawing them costs more than reading them back."""

    def draws(alphas: tuple[float, ...]) -> Sequence[tuple[float, ...]]:
        name = f"draws-{hashlib.sha256(repr(alphas).encode()).hexdigest()[:24]}.pickle"
        stored = fetch(name)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == alphas:
            return stored[1]  # type: ignore[no-any-return]
        found = compute(alphas)
        store(name, (alphas, tuple(found)))
        return found

    return draws
