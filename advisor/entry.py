"""The console script's entry point: `advisor --version` answers before the command-line library loads."""

from __future__ import annotations

import os
import sys


def main() -> None:
    # pydantic would scan every installed distribution for plugins when the first model is built (tens of
    # milliseconds); a command-line run has no use for them
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Starting up builds a few hundred thousand objects (modules, classes, the catalog) and almost no cycles;
    # at the default threshold (700) the cycle collector walks the young ones again every 700 allocations,
    # about 3% of a run. Every 50,000 still collects what a long interview or batch leaves behind.
    import gc

    gc.set_threshold(50_000, 10, 10)
    if sys.argv[1:] == ["--version"]:
        from advisor import __version__

        print(f"advisor {__version__}")
        return
    from advisor.cli import main as run

    run()
