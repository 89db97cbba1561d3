"""Writing files safely: into a temporary file beside the target, then renamed, so nothing is half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

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
    symbolic link is written through (the file it names is replaced, the link stays); a device or a pipe
    (/dev/stdout, /dev/null, a named pipe) is written to as it is, never replaced by a file."""
    if path.is_dir():
        raise AdvisorError(f"{path}: is a folder; give a file name for the report")
    try:
        kind = path.stat().st_mode  # through any link: /dev/stdout names a pipe by a link that names no file
    except OSError:
        kind = 0  # not there yet (or not reachable: making the temporary file says why)
    if kind and not stat.S_ISREG(kind):
        _write_through(path, text)
        return
    if path.is_symlink():
        path = path.resolve()
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise AdvisorError(f"{path}: cannot write there ({blocking} is a file, not a folder)")
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


def report_path(text: str) -> Path:
    """The file `-o` names, taken as text: a Path would drop the final / of a folder's name."""
    if not text:  # a script's unset variable: not the current folder
        raise AdvisorError("-o '': no file name; give a file name for the report, e.g. report.md")
    if text.endswith(("/", os.sep)):
        raise AdvisorError(f"-o {text}: names a folder; give a file name for the report, e.g. {text}report.md")
    return Path(text)


def same_file(output: Path, source: Path) -> bool:
    """Writing `output` would replace `source` (the same file, by any name or link)."""
    try:
        return output.exists() and source.exists() and os.path.samefile(output, source)
    except OSError:
        return False


def _write_through(path: Path, text: str) -> None:
    """Write to something that is not a regular file (a device, a pipe): there is nothing to rename over."""
    try:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise AdvisorError(f"{path}: cannot write there ({exc.strerror})") from None
