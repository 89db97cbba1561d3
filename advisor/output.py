"""Writing the report safely: a file is written into a temporary file beside it, then renamed, so nothing is
half-written; a stream (standard output, a pipe, a device) is written to where it stands, never replaced;
and every byte is accounted for, so a report cut short (a full disk, a file-size limit) is an error."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from advisor.errors import AdvisorError


def _file_mode(path: Path) -> int:
    """An existing file keeps its mode; a new one gets what the umask allows (a temporary file is 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path`, creating missing parent folders; on any failure leave nothing behind. A
    symbolic link is written through (the file it names is replaced, the link stays). Standard output or
    error named as a file (/dev/stdout, /dev/fd/1, or the very file it is redirected to), a device or a pipe
    is written to as it stands, never truncated nor replaced by a file (`>> log` keeps the log). An existing
    file that may not be written (0444) is refused, as cp refuses it without -f."""
    descriptor = _descriptor_named(path)
    if descriptor is not None:
        _write_to_descriptor(descriptor, text, str(path))
        return
    if path.is_dir():
        raise AdvisorError(f"{path}: is a folder; give a file name for the report")
    try:
        kind = path.stat().st_mode  # through any link
    except OSError:
        kind = 0  # not there yet (or not reachable: making the temporary file says why)
    if kind and not stat.S_ISREG(kind):
        _write_through(path, text)
        return
    if path.is_symlink():
        path = path.resolve()
    if kind:
        _refuse_read_only(path)
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise AdvisorError(f"{path}: cannot write there ({blocking} is a file, not a folder)")
    with _termination_deferred():
        _replace(path, text)


def _replace(path: Path, text: str) -> None:
    """Write `text` into a new temporary file beside `path`, then rename it over `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise AdvisorError(f"{path}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise AdvisorError(f"{path}: cannot write there ({exc.strerror})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _termination_deferred() -> Iterator[None]:
    """Hold SIGTERM and SIGHUP (where they are left at their default, which ends the process on the spot)
    while a temporary file exists, and act on them once it is renamed or removed: a run stopped while
    writing leaves no hidden .tmp file behind. In the main thread only (where signals are handled)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    held = [number for number in names if signal.getsignal(number) == signal.SIG_DFL]
    arrived: list[int] = []
    for number in held:
        signal.signal(number, lambda signum, frame: arrived.append(signum))
    try:
        yield
    finally:
        for number in held:
            signal.signal(number, signal.SIG_DFL)
        for number in arrived[:1]:
            os.kill(os.getpid(), number)  # as it would have ended the process: by the signal, now at its default


def write_stdout(text: str) -> None:
    """Write `text` to standard output whole, or fail saying so: Python's own stream drops what a full disk
    or a file-size limit refuses without a word. A reader that has gone (`| head`) is a BrokenPipeError, as
    before; anything else that stops the report is an AdvisorError (exit 1)."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (>&-)
        raise AdvisorError("standard output is closed; give -o FILE to write the report to a file")
    data = _encoded(text, stream)
    stream.flush()
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # not a file (a test's capture, a notebook): its own write is all there is
        stream.write(text)
        stream.flush()
        return
    _write_all(fd, data, "standard output")


def _encoded(text: str, stream: TextIO) -> bytes:
    """`text` in the stream's encoding; a character it cannot hold (PYTHONIOENCODING=ascii) is an error that
    says which and what to do, not a traceback."""
    encoding = stream.encoding or "utf-8"
    if os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    try:
        return text.encode(encoding, errors=stream.errors or "strict")
    except UnicodeEncodeError as exc:
        raise AdvisorError(
            f"standard output: its encoding ({encoding}) cannot hold the character U+{ord(text[exc.start]):04X} "
            "of the report; "
            "give -o FILE (always UTF-8) or set PYTHONIOENCODING=utf-8"
        ) from None
    except LookupError:
        return text.encode("utf-8")


def _write_all(fd: int, data: bytes, where: str) -> None:
    """Write every byte of `data` to `fd` at its current place (appending where it appends), or raise."""
    view = memoryview(data)
    written = 0
    while written < len(view):
        try:
            written += os.write(fd, view[written:])
        except InterruptedError:
            continue
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise BrokenPipeError(errno.EPIPE, exc.strerror) from None
            raise AdvisorError(
                f"{where}: cannot write there ({exc.strerror}); {written:,} of {len(view):,} bytes of the report written"
            ) from None


_DESCRIPTOR_PATH = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")
_STANDARD_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def _descriptor_named(path: Path) -> int | None:
    """The open descriptor `path` names, if it names one: /dev/stdout, /dev/stderr, /dev/fd/N or
    /proc/self/fd/N, or the very file standard output or error is (`-o log.txt >> log.txt`)."""
    text = os.path.normpath(str(path))
    match = _DESCRIPTOR_PATH.fullmatch(text)
    if match is not None:
        return int(match.group(1))
    if text in _STANDARD_NAMES:
        return _STANDARD_NAMES[text]
    try:
        named = os.stat(path)
    except (OSError, ValueError):
        return None
    for fd in (1, 2):
        try:
            found = os.fstat(fd)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (named.st_dev, named.st_ino):
            return fd
    return None


def _write_to_descriptor(fd: int, text: str, where: str) -> None:
    """Write the report to the open descriptor `fd` (after what Python's own streams hold for it)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            try:
                if stream.fileno() == fd:
                    stream.flush()
            except (OSError, ValueError):
                continue
    try:
        os.fstat(fd)
    except OSError:
        raise AdvisorError(f"{where}: descriptor {fd} is not open; give -o a file name") from None
    _write_all(fd, text.encode("utf-8"), where)


def _refuse_read_only(path: Path) -> None:
    """Refuse to replace an existing file that may not be written: one without write permission for anyone
    (0444: kept on purpose), or one this user may not write (another's file in a shared folder)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise AdvisorError(
            f"{path}: is read-only (mode {stat.filemode(mode)}); make it writable (chmod u+w) or give another -o file"
        )


def report_path(text: str) -> Path:
    """The file `-o` names, taken as text: a Path would drop the final / of a folder's name."""
    if not text:  # a script's unset variable: not the current folder
        raise AdvisorError("-o '': no file name; give a file name for the report, e.g. report.md")
    if text.endswith(("/", os.sep)):
        raise AdvisorError(f"-o {text}: names a folder; give a file name for the report, e.g. {text}report.md")
    return Path(text)


def file_identity(path: Path) -> tuple[int, int] | None:
    """What the file `path` names is, through any link (device and inode); None where there is none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def same_file(output: Path, source: Path) -> bool:
    """Writing `output` would replace `source` (the same file, by any name or link)."""
    identity = file_identity(output)
    return identity is not None and identity == file_identity(source)


def _write_through(path: Path, text: str) -> None:
    """Write to something that is not a regular file (a device, a pipe): there is nothing to rename over, and
    nothing to truncate either (O_APPEND: a file it turns out to be meanwhile is added to, not emptied)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise AdvisorError(f"{path}: cannot write there ({exc.strerror})") from None
    try:
        _write_all(fd, text.encode("utf-8"), str(path))
    finally:
        os.close(fd)
