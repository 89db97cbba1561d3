"""Which files of a catalog folder are read, so that none is left out in silence.

A folder holds its named files at the top (catalog.yaml, providers.yaml, ...) and YAML files in `models/`
and `benchmarks/`, spelled `.yaml` or `.yml` in any case. Documentation (`.md`, `.txt`) and hidden entries
are not read and are listed as such; anything else is refused by name, as is a folder that cannot be read.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from advisor.errors import AdvisorError

SUBFOLDERS = ("models", "benchmarks")
YAML_SUFFIXES = (".yaml", ".yml")  # compared in lower case
DOCUMENTATION = (".md", ".txt")


@dataclass
class Listing:
    """A folder's files: those read, in the order they are read, and those left for people to read."""

    read: list[Path] = field(default_factory=list)
    not_read: list[Path] = field(default_factory=list)


def _names(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries)
    except OSError as exc:
        raise AdvisorError(f"{folder}: cannot be read ({exc.strerror}); a catalog folder must be readable") from None


def _left_for_people(name: str) -> bool:
    return name.startswith(".") or Path(name).suffix.lower() in DOCUMENTATION


def _what_belongs(names: Sequence[str]) -> str:
    return f"a catalog folder holds {', '.join(names)}, models/*.yaml and benchmarks/*.yaml (or .yml)"


def listing(folder: Path, names: Sequence[str]) -> Listing:
    """The files of `folder` that make a catalog: `names` at the top, then models/ and benchmarks/."""
    found = Listing()
    present = _names(folder)
    found.read += [folder / name for name in names if name in present]
    for name in present:
        if name in names or name in SUBFOLDERS:
            continue
        if _left_for_people(name):
            found.not_read.append(folder / name)
            continue
        close = difflib.get_close_matches(name, [*names, *SUBFOLDERS], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise AdvisorError(f"{folder / name}: not read: {_what_belongs(names)}{hint}")
    for sub in SUBFOLDERS:
        if sub in present:
            _read_subfolder(folder / sub, found)
    return found


def _read_subfolder(folder: Path, found: Listing) -> None:
    if not folder.is_dir():
        raise AdvisorError(f"{folder}: not a folder; {folder.name}/ holds YAML files (.yaml or .yml)")
    for name in _names(folder):
        path = folder / name
        if _left_for_people(name):
            found.not_read.append(path)
        elif Path(name).suffix.lower() in YAML_SUFFIXES:  # a folder so named is read, and said to be one
            found.read.append(path)
        else:
            raise AdvisorError(
                f"{path}: not read: {folder.name}/ holds YAML files, named .yaml or .yml, and no folders"
            )
