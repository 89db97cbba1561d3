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
    try:
        if sys.argv[1:] == ["--version"]:
            from advisor import __version__

            print(f"advisor {__version__}", flush=True)
            return
        from advisor.cli.main import main as run

        run()
    except SystemExit as exc:
        leave(exc.code)
    except BrokenPipeError:  # the reader has gone (`| head`): nothing more to say to it
        leave(0)
    except OSError as exc:  # the output could not be written (standard output on a full disk), or a file read
        message = (
            f"{exc.filename}: {exc.strerror}" if exc.filename else f"cannot write the output ({exc.strerror or exc})"
        )
        from advisor.plain_text import visible

        print(f"error: {visible(message)}", file=sys.stderr)
        leave(1)
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
        if stream is None:  # started with it closed (`>&-`): nothing was written to it
            continue
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader has gone (`| head`), or it is closed
            pass
        except OSError as exc:  # what was written could not all be delivered (a full disk)
            if stream is sys.stdout:
                with contextlib.suppress(OSError, ValueError):
                    print(f"error: cannot write the output ({exc.strerror or exc})", file=sys.stderr, flush=True)
            status = status or 1
    os._exit(status)
