"""Where the shipped catalog, templates and example answers files are: inside the installed wheel, or beside the source tree.

The package is installed as files (never imported from a zip), so its data is found beside this module;
`importlib.resources` would cost a few milliseconds of imports on every run for the same answer.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _HERE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _HERE.parent / name  # a source checkout or an editable install


def catalog_dir() -> Path:
    return _data_dir("catalog")


def templates_dir() -> Path:
    return _data_dir("templates")


def examples_dir() -> Path:
    return _data_dir("examples")


def examples() -> dict[str, Path]:
    """The shipped example answers files by name (the file's name without `.yaml`), in order of name."""
    return {path.stem: path for path in sorted(examples_dir().glob("*.yaml"))}
