"""What the commands print to a person: styled only at a terminal, and never when `NO_COLOR` is set
(https://no-color.org: any value but the empty one), so that a log, a pipe or a screen reader gets plain text."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def styled(stream: IO[str] | None) -> bool:
    """Whether text written to `stream` may carry colours and bold: a terminal, and no NO_COLOR."""
    if stream is None or no_color():
        return False
    try:
        return stream.isatty()
    except (OSError, ValueError):  # closed, or not a file
        return False


def console(*, stderr: bool = False, **options: Any) -> Console:
    """A rich console for the commands' output: rich itself styles nothing off a terminal and drops colours
    under NO_COLOR, but would keep bold and italics there; with NO_COLOR this one writes no escape codes."""
    from rich.console import Console

    options.setdefault("highlight", False)
    if no_color():
        options["color_system"] = None
    return Console(stderr=stderr, **options)
