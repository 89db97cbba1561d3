"""Where advisor keeps what it can work out again: the parsed catalog, validators, the groundwork of a
decision, weight draws and compiled templates.

ADVISOR_CACHE_DIR chooses the folder (default: the user's cache folder); ADVISOR_NO_CACHE=1 turns caching off.
Nothing in it is needed: a missing, read-only, refused or stale cache only costs time. Each kind of file is
kept to its newest few (`KEEP`), so the folder does not grow with every catalog, date or version.

What it holds is code to Python (pickles, compiled templates), so nobody else may have a say in it:
- the folder is used only if it is the user's own and no one else may write it (`_open_folder`); every file
  is then opened through that very folder's descriptor, so the folder checked is the folder used;
- a file is opened without following a symbolic link, and read only if the opened descriptor is a regular
  file of the user's own that no one else may write (`_open_private`);
- a file is written into a new temporary file of an unpredictable name, created exclusively (never through
  a planted link or over someone's file), readable by the user alone, then renamed into place (`_write`);
- each file carries a keyed digest (HMAC-SHA256 with a secret kept 0600 in the folder, `KEY_FILE`) of its
  name and content, checked before a byte of it is unpickled: a changed or corrupted file is not read.
On a platform without these (no user ids, no `O_NOFOLLOW` or no descriptor-relative calls) nothing is cached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import hmac
import importlib.util
import io
import os
import pickle
import secrets
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from advisor import __version__

T = TypeVar("T")

KEY_FILE = "key"  # the secret of the keyed digests: 32 random bytes, the user's alone
_KEY_BYTES = 32
_MAGIC = b"advisor-cache-2\n"  # the layout: magic, digest, content
_DIGEST_BYTES = hashlib.sha256().digest_size
_SUPPORTED = (
    hasattr(os, "getuid")
    and hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and {os.open, os.stat, os.unlink, os.rename, os.link} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
)


def cache_dir() -> Path | None:
    """The cache folder, or None: caching off, no safe place for it (no home folder to put it under), or a
    platform that cannot check it."""
    if os.environ.get("ADVISOR_NO_CACHE") or not _SUPPORTED:
        return None
    chosen = os.environ.get("ADVISOR_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(xdg):  # unset, or relative: which the XDG specification says to ignore
        home = os.environ.get("HOME")
        if home is None:
            home = os.path.expanduser("~")  # the user's entry in the password database
        if not os.path.isabs(home):  # HOME= (empty) or relative: not /.cache, nor wherever the run started
            return None
        xdg = os.path.join(home, ".cache")
    return Path(xdg, "advisor")


# how many files of each kind (the name's first word) are kept, newest first
KEEP = {"catalog": 8, "stamp": 32, "groundwork": 16, "validator": 40, "draws": 64, "template": 64}


@functools.cache
def code_key() -> str:
    """Changes with advisor's code (every module's bytes), Python's version and the versions of pydantic and
    pydantic-core (which write the validators): what was worked out by other code is worked out again."""
    from pydantic_core import __version__ as core_version  # imported by now: the catalog and answers need it

    hasher = hashlib.sha256(f"{__version__}\0{sys.version}\0{core_version}\0".encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        hasher.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    # pydantic's version, read from its file without importing it
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        version = Path(spec.origin).with_name("version.py")
        hasher.update(version.read_bytes() if version.is_file() else spec.origin.encode())
    return hasher.hexdigest()[:24]


def _private(found: os.stat_result) -> bool:
    """Owned by this user, and no one else may write it."""
    return found.st_uid == os.getuid() and not found.st_mode & 0o022


def _open_folder(root: Path, create: bool) -> int | None:
    """A descriptor of the cache folder (made 0700 if missing and `create`), or None if it is missing or not
    safe: not a folder, another user's, or writable by others (whoever may write it could plant links or
    files in it). The folder may be reached through a link of the user's (~/.cache on another disk)."""
    try:
        if create:
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    try:
        if not _private(os.fstat(fd)):
            os.close(fd)
            return None
    except OSError:
        os.close(fd)
        return None
    return fd


def _open_private(folder: int, name: str) -> int | None:
    """A descriptor of the file `name` in `folder` for reading, or None: missing, a link (never followed), not
    a regular file (a FIFO does not block: O_NONBLOCK), or not the user's own and private (`_private`)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=folder)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        if stat.S_ISREG(found.st_mode) and _private(found):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_all(fd: int) -> bytes:
    """Everything in the open file `fd`, which this closes."""
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _write(folder: int, name: str, parts: Sequence[bytes | memoryview]) -> None:
    """Write `name` in `folder` whole or not at all: into a new temporary file of an unpredictable name, created
    exclusively and without following links (as tempfile.mkstemp does, but relative to the checked folder's
    descriptor), readable by the user alone, then renamed over `name`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(8):
        tmp = f".{name}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o600, dir_fd=folder)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name for {name}")
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.rename(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)  # nothing half-written left behind
        raise


def _read_key(folder: int) -> bytes | None:
    fd = _open_private(folder, KEY_FILE)
    if fd is None:
        return None
    key = _read_all(fd)
    return key if len(key) == _KEY_BYTES else None


def _secret(folder: int, create: bool) -> bytes | None:
    """The folder's secret key (made if missing and `create`), or None. A new key is put in place by a hard
    link, which fails if another run made one meanwhile: that one is kept, so neither run's files go stale."""
    key = _read_key(folder)
    if key is not None or not create:
        return key
    made = f".{KEY_FILE}.{secrets.token_hex(8)}.new"
    try:
        fd = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_BYTES))
        try:
            os.link(made, KEY_FILE, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
        except FileExistsError:
            if _read_key(folder) is None:  # a broken key (a link, the wrong size): replaced
                os.rename(made, KEY_FILE, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(made, dir_fd=folder)
    return _read_key(folder)


def _digest(key: bytes, name: str, content: bytes | memoryview) -> bytes:
    """The keyed digest of a file's name and content: a file is read back only under the name it was written as."""
    signer = hmac.new(key, name.encode() + b"\0", hashlib.sha256)
    signer.update(content)
    return signer.digest()


def _unsealed(key: bytes, name: str, data: bytes) -> bytes | None:
    """The content of a cache file's bytes (magic, digest, content), or None if its digest does not match."""
    start = len(_MAGIC) + _DIGEST_BYTES
    content = data[start:]
    if data[: len(_MAGIC)] != _MAGIC or not hmac.compare_digest(data[len(_MAGIC) : start], _digest(key, name, content)):
        return None
    return content


def fetch_bytes(name: str) -> bytes | None:
    """The content `store_bytes` kept under `name`, or None: caching off, an unsafe folder, not stored, or a
    file whose keyed digest does not match (changed, corrupted, or not written by advisor)."""
    root = cache_dir()
    if root is None:
        return None
    folder = _open_folder(root, create=False)
    if folder is None:
        return None
    try:
        key = _secret(folder, create=False)
        fd = None if key is None else _open_private(folder, name)
        if key is None or fd is None:
            return None
        data = _read_all(fd)
    except OSError:
        return None
    finally:
        os.close(folder)
    return _unsealed(key, name, data)


def store_bytes(name: str, content: bytes | memoryview) -> None:
    """Keep `content` under `name` with its keyed digest, written whole or not at all; an unwritable or
    refused cache folder only costs time."""
    root = cache_dir()
    if root is None:
        return
    folder = _open_folder(root, create=True)
    if folder is None:
        return
    try:
        key = _secret(folder, create=True)
        if key is not None:
            _write(folder, name, (_MAGIC, _digest(key, name, content), content))
            _prune(folder, name)
    except OSError:  # unwritable (read-only, full): only a missed shortcut
        pass
    finally:
        os.close(folder)


def fetch(name: str, shared: Sequence[object] = ()) -> Any | None:
    """What `store` kept under `name`, or None (caching off, not stored yet, unreadable or refused). `shared`
    must be the objects it was stored with, in the same order: their references are read back as these."""
    content = fetch_bytes(name)
    if content is None:
        return None
    # unpickling a catalog makes tens of thousands of acyclic objects per thousand models: the cycle collector
    # would rescan them again and again (more than half the load time of a 5,000-model catalog)
    collecting = gc.isenabled()
    gc.disable()
    try:
        unpickler = pickle.Unpickler(io.BytesIO(content))
        if shared:
            unpickler.persistent_load = shared.__getitem__  # type: ignore[method-assign]
        return unpickler.load()
    except Exception:  # stale (written by other code): only a missed shortcut
        return None
    finally:
        if collecting:
            gc.enable()


def store(name: str, value: Any, shared: Sequence[object] = ()) -> None:
    """Keep `value` under `name`, written whole or not at all; a read-only cache only costs time. The objects
    in `shared` (those of a catalog kept on its own) are written as references to their place in it, not
    copied: `fetch` with the same objects reads them back as those very objects."""
    if cache_dir() is None:
        return
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, {id(item): k for k, item in enumerate(shared)}).dump(value)
    except Exception:  # a value that does not pickle: only a missed shortcut
        return
    store_bytes(name, buffer.getbuffer())


class _Pickler(pickle.Pickler):
    """Writes the objects at `places` (by id) as references to their place, and NamedTuples as data that
    `tuple.__new__` itself reads back, not their class's `__new__` (Python code, called once per record)."""

    def __init__(self, file: io.BytesIO, places: dict[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.places = places

    def persistent_id(self, obj: Any) -> int | None:
        return self.places.get(id(obj))

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if isinstance(obj, tuple) and hasattr(kind, "_fields") and not hasattr(obj, "__dict__"):
            return tuple.__new__, (kind, tuple(obj))
        return NotImplemented


def _prune(folder: int, name: str) -> None:
    """Remove the oldest files of `name`'s kind (its first word) in `folder` beyond the number kept."""
    kind = name.split("-", 1)[0]
    keep = KEEP.get(kind)
    if keep is None:
        return
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(f"{kind}-"):
                continue
            with contextlib.suppress(OSError):
                found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
    found.sort(reverse=True)
    for _, old in found[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(old, dir_fd=folder)


def compact(value: T) -> T:
    """`value` with its equal strings, dates, tuples (records included) and lists made one object each, so
    that pickle writes each once and reading it back makes each once: a large catalog repeats its sources,
    dates, regions and figures thousands of times (a 5,000-model catalog's pickle shrinks to a third, and
    reads back in half the time). Only for values that nobody changes afterwards (the lists are shared)."""
    found: dict[Any, Any] = {}
    made: T = _compact(value, found)
    return made


def _key(item: Any) -> Any:
    # an item already made canonical (str, date, tuple, list) is equal to another exactly when it is the same
    # object; numbers compare by type and bits (1 == 1.0 == True, and 0.0 == -0.0, must not be merged)
    kind = type(item)
    if kind is float:
        return item.hex()
    if kind is int or kind is bool or item is None:
        return (kind, item)
    return id(item)


def _compact(value: Any, found: dict[Any, Any]) -> Any:
    kind = type(value)
    if kind is str or kind is dt.date:
        return found.setdefault(value, value)
    if kind is list:
        items = [_compact(item, found) for item in value]
        return found.setdefault((list, *map(_key, items)), items)
    if kind is dict:
        return {_compact(k, found): _compact(v, found) for k, v in value.items()}
    if isinstance(value, tuple):
        parts = [_compact(item, found) for item in value]
        made = kind._make(parts) if hasattr(kind, "_fields") else tuple(parts)
        return found.setdefault((kind, *map(_key, parts)), made)
    return value


def stored(kind: str, shared: Sequence[object], made: type[T]) -> Callable[[tuple[object, ...], Callable[[], T]], T]:
    """A keeper of values of type `made` worked out from `shared` (a catalog's parts) and some settings: the
    value `compute` gives is kept under `kind`, the code key and a digest of the settings, and read back the
    next time the same settings come, with its references to `shared` read back as those objects."""

    def keep(settings: tuple[object, ...], compute: Callable[[], T]) -> T:
        name = f"{kind}-{code_key()}-{hashlib.sha256(repr(settings).encode()).hexdigest()[:32]}.pickle"
        found = fetch(name, shared)
        if isinstance(found, made):
            return found
        value = compute()
        store(name, value, shared)
        return value

    return keep


def stored_draws(
    compute: Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]],
) -> Callable[[tuple[float, ...]], Sequence[tuple[float, ...]]]:
    """`compute` (the Monte Carlo's weight draws for a Dirichlet's parameters), kept in the cache folder: the
    draws are a pure function of the parameters, and drawing them costs more than reading them back."""

    keep = stored("draws", (), tuple)

    def draws(alphas: tuple[float, ...]) -> Sequence[tuple[float, ...]]:
        return keep((alphas,), lambda: tuple(compute(alphas)))

    return draws
