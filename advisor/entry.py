"""The console script's entry point: `advisor --version` answers before the command-line library loads."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from advisor import __version__

        print(f"advisor {__version__}")
        return
    from advisor.cli import main as run

    run()
