"""Reading YAML and JSON text safely: safe loader only, no alias bombs, readable errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import AdvisorError

try:  # the C loader is much faster; both are safe loaders
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_ALIASES = 100


def parse_text(text: str, name: str) -> Any:
    """Parse YAML (JSON is YAML) text; `name` is what error messages call it."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass  # YAML flow style; let the YAML parser report
    if "&" in text and "*" in text:
        loader: type[yaml.SafeLoader] = _SafeCountingLoader
    else:
        loader = _BaseLoader
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise AdvisorError(f"{name}: not valid YAML at {where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise AdvisorError(f"{name}: not valid YAML: {exc}") from None
    except RecursionError:
        raise AdvisorError(f"{name}: nested too deeply to be an answers or catalog file") from None


class _SafeCountingLoader(yaml.SafeLoader):
    """The pure-Python safe loader, counting aliases (the C loader gives no hook per alias)."""

    _aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases: refused (an alias bomb?)")
        return super().compose_node(parent, index)


def read_text(path: Path) -> str:
    """The file's text, or an AdvisorError that says why it cannot be read."""
    if path.is_dir():
        raise AdvisorError(f"{path}: is a folder; give the path of a file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AdvisorError(f"{path}: no such file") from None
    except PermissionError:
        raise AdvisorError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise AdvisorError(f"{path}: cannot be read ({exc.strerror})") from None
    if b"\x00" in data[:8192]:
        raise AdvisorError(f"{path}: is a binary file, not YAML or JSON text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AdvisorError(f"{path}: is not UTF-8 text (byte {exc.start})") from None


def load_file(path: Path) -> Any:
    return parse_text(read_text(path), str(path))
