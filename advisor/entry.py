"""The console script's entry point: `advisor --version` answers before the command-line library loads, and
a finished run leaves without tearing the interpreter down."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn


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

    try:
        run()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def leave(code: object) -> NoReturn:
    """Exit as SystemExit(code) would, without the interpreter's teardown: by now every file is written and
    closed, and deallocating the few hundred thousand objects of a run one by one would only delay the exit
    (about 2% of a run; mypy leaves the same way). Only the standard streams still need flushing."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # the reader has gone (`| head`), or it is closed
            stream.flush()
    os._exit(status)
