"""Where advisor keeps what it can work out again: the parsed catalog and compiled templates.

ADVISOR_CACHE_DIR chooses the folder (default: the user's cache folder); ADVISOR_NO_CACHE=1 turns caching off.
Nothing in it is needed: a missing, read-only or stale cache only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("ADVISOR_NO_CACHE"):
        return None
    root = os.environ.get("ADVISOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "advisor"
    )
    return Path(root)


def stored_draws(
    compute: Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]],
) -> Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]]:
    """`compute` (the Monte Carlo's weight draws for a Dirichlet's parameters), kept in the cache folder: the
    draws are a pure function of the parameters, and drawing them costs more than reading them back."""

    def draws(alphas: tuple[float, ...]) -> Sequence[tuple[float, ...]]:
        root = cache_dir()
        if root is None:
            return compute(alphas)
        path = root / f"draws-{hashlib.sha256(repr(alphas).encode()).hexdigest()[:24]}.pickle"
        try:
            stored = pickle.loads(path.read_bytes())
            if isinstance(stored, tuple) and stored and stored[0] == alphas:
                return stored[1]  # type: ignore[no-any-return]
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError):
            pass  # not stored yet, or unreadable: draw them
        found = compute(alphas)
        try:
            root.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps((alphas, tuple(found)), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache: only costs time
        return found

    return draws
