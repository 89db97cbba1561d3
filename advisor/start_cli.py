"""`advisor start`: registered by the interview (being written)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `start` command to the app."""
