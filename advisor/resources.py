"""Where the shipped catalog and templates are: inside the installed wheel, or beside the source tree."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _data_dir(name: str) -> Path:
    packaged = Path(str(files("advisor"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name  # a source checkout or an editable install


def catalog_dir() -> Path:
    return _data_dir("catalog")


def templates_dir() -> Path:
    return _data_dir("templates")
