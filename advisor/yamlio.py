"""Reading YAML and JSON text safely: safe loader only, no alias bombs, readable errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from advisor.errors import AdvisorError, shortened

try:  # the C parser is much faster; both construct with the safe constructor
    _Parser: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _BaseLoader(_Parser):  # type: ignore[misc,valid-type]
    """The safe loader, refusing a key given twice in one mapping (YAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *base` merges another mapping in; a key given here then overrides its value
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool):
                continue  # a complex key: the schema refuses it later
            if key in seen:
                raise DuplicateKey(None, None, f"key '{key}' is given twice in the same mapping", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value that looks like a number or a date but is none (`2026-13-45`, a 5,000-digit number) is a
        YAML error at its place, not a ValueError out of the constructor."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            shown = shortened(str(node.value), 40)
            reason = str(exc).split("; use sys.set_int_max_str_digits")[0]  # Python's advice, not the user's
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown}: {reason}", node.start_mark
            ) from None


class _KeyTwice(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json would silently keep the last)."""
    made = dict(pairs)
    if len(made) != len(pairs):
        raise _KeyTwice
    return made


MAX_NODES = 200_000  # a file that expands to more nodes than this through aliases is refused


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many nodes the document has once every alias is expanded (memoised per shared node)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    sizes[id(node)] = total
    return total


def parse_text(text: str, name: str) -> Any:
    """Parse YAML (JSON is YAML) text with a safe loader; `name` is what error messages call it."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text, object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError, _KeyTwice):  # JSONDecodeError is a ValueError, as is a huge number
            pass  # YAML flow style, too deep, a key given twice, a number too long: let the YAML parser say where
    try:
        if "&" in text and "*" in text:  # anchors and aliases: refuse documents that explode when expanded
            node = yaml.compose(text, Loader=_BaseLoader)
            if node is not None and _expanded_size(node, {}) > MAX_NODES:
                raise AdvisorError(
                    f"{name}: its aliases expand to more than {MAX_NODES:,} values: refused (an alias bomb?)"
                )
        return yaml.load(text, Loader=_BaseLoader)  # a safe loader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise AdvisorError(f"{name}: not valid YAML at {where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise AdvisorError(f"{name}: not valid YAML: {exc}") from None
    except RecursionError:
        raise AdvisorError(f"{name}: nested too deeply to be an answers or catalog file") from None


MAX_FILE_BYTES = 64 * 1024 * 1024  # far beyond any answers or catalog file; stops /dev/zero and the like


_NOT_OURS = "not an answers or catalog file"
# an answers file of 100 use cases (the most it may hold), commented, is about 40 KB and 5,000 YAML events
MAX_ANSWERS_BYTES = 1024 * 1024
MAX_ANSWERS_EVENTS = 50_000
_TOO_BIG_FOR_ANSWERS = "an answers file of 100 use cases, the most it may hold, is about 40 KB"


def read_limited(handle: BinaryIO, name: str, most: int = MAX_FILE_BYTES, why: str = _NOT_OURS) -> bytes:
    """At most `most` bytes of `handle`: more is refused (`why` says why) without reading on."""
    data = handle.read(most + 1)
    if len(data) > most:
        raise AdvisorError(f"{name}: larger than {most // (1024 * 1024)} MiB; {why}")
    return data


def read_bytes(path: Path, most: int = MAX_FILE_BYTES, why: str = _NOT_OURS) -> bytes:
    """The file's bytes, or an AdvisorError that says why they cannot be read."""
    if path.is_dir():
        raise AdvisorError(f"{path}: is a folder; give the path of a file")
    try:
        with path.open("rb") as handle:
            return read_limited(handle, str(path), most, why)
    except FileNotFoundError:
        raise AdvisorError(f"{path}: no such file") from None
    except PermissionError:
        raise AdvisorError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise AdvisorError(f"{path}: cannot be read ({exc.strerror})") from None


def decoded(data: bytes, name: str) -> str:
    """UTF-8 text, or an AdvisorError that says why `data` is none."""
    if b"\x00" in data[:8192]:
        raise AdvisorError(f"{name}: is a binary file, not YAML or JSON text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AdvisorError(f"{name}: is not UTF-8 text (byte {exc.start})") from None


def read_text(path: Path) -> str:
    """The file's text, or an AdvisorError that says why it cannot be read."""
    return decoded(read_bytes(path), str(path))


def load_file(path: Path) -> Any:
    return parse_text(read_text(path), str(path))


def parse_answers(data: bytes, name: str) -> Any:
    """Answers data from a file's bytes (read with `read_limited(..., MAX_ANSWERS_BYTES)`): YAML counted event
    by event first, so that a file of too many values is refused before a document is built of them."""
    text = decoded(data, name)
    if not text.lstrip().startswith(("{", "[")):  # JSON goes to json, which builds 1 MiB in milliseconds
        try:
            for count, _ in enumerate(yaml.parse(text, Loader=_Parser), 1):
                if count > MAX_ANSWERS_EVENTS:
                    raise AdvisorError(
                        f"{name}: more than {MAX_ANSWERS_EVENTS:,} YAML events (values, keys, lists): refused "
                        f"unread; {_TOO_BIG_FOR_ANSWERS}"
                    )
        except yaml.YAMLError:
            pass  # the parser below says where
    return parse_text(text, name)


def load_answers_file(path: Path) -> Any:
    """An answers file's data: at most MAX_ANSWERS_BYTES and MAX_ANSWERS_EVENTS (see parse_answers)."""
    return parse_answers(read_bytes(path, MAX_ANSWERS_BYTES, _TOO_BIG_FOR_ANSWERS), str(path))


def read_answers_stream(handle: BinaryIO, name: str) -> Any:
    return parse_answers(read_limited(handle, name, MAX_ANSWERS_BYTES, _TOO_BIG_FOR_ANSWERS), name)
