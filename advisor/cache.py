"""Where advisor keeps what it can work out again: the parsed catalog and compiled templates.

ADVISOR_CACHE_DIR chooses the folder (default: the user's cache folder); ADVISOR_NO_CACHE=1 turns caching off.
Nothing in it is needed: a missing, read-only or stale cache only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("ADVISOR_NO_CACHE"):
        return None
    root = os.environ.get("ADVISOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "advisor"
    )
    return Path(root)
