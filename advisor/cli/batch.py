"""Many reports at once: one per answers file, with a progress bar, going on past a bad file.

On Linux the files are spread over worker processes forked from this one, so each worker starts with the
catalog and the compiled templates already in memory. Each report is written atomically by the worker
that rendered it; a file that fails leaves no report behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.cli.stopping import Stopped, end_workers, stopped_by_signals, worker_started
from advisor.errors import AdvisorError
from advisor.report.render import SUFFIXES, ReportFormat, ReportSettings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from advisor.catalog.schema import Catalog


@dataclass(frozen=True)
class Job:
    """What every file of one batch shares."""

    out_dir: Path
    fmt: ReportFormat
    catalog: Catalog
    date: dt.date
    settings: ReportSettings
    overrides: tuple[str, ...]


@dataclass(frozen=True)
class Failure:
    path: Path
    message: str


_JOB: Job | None = None  # set before the workers fork, so they inherit it instead of pickling the catalog


def output_names(paths: Sequence[Path], fmt: ReportFormat) -> list[str]:
    """A distinct report file name per answers file, the same for the same list of files: its stem, or where
    that is taken, the stem with -2, -3 ... (the first free one). A stem as given (`x-2.yaml`) is reserved
    before any number is handed out, so `a/x.yaml b/x.yaml x-2.yaml` become x, x-3 and x-2; names are
    compared as a case-insensitive file system would (`_name_key`), so no report replaces another."""
    suffix = SUFFIXES[fmt]
    stems = [path.stem or "report" for path in paths]
    taken: set[str] = set()
    first: list[bool] = []  # each stem's first file keeps it
    for stem in stems:
        first.append(_name_key(stem + suffix) not in taken)
        taken.add(_name_key(stem + suffix))
    names = []
    for stem, keeps in zip(stems, first, strict=True):
        name = stem + suffix if keeps else _numbered(stem, suffix, taken)
        taken.add(_name_key(name))
        names.append(name)
    return names


def _numbered(stem: str, suffix: str, taken: set[str]) -> str:
    """`stem-N` with the first N from 2 whose name is not taken."""
    number = 2
    while _name_key(f"{stem}-{number}{suffix}") in taken:
        number += 1
    return f"{stem}-{number}{suffix}"


def _name_key(name: str) -> str:
    """What a file name is to a case-insensitive, normalising file system (macOS, Windows): `X.md`, `x.md`
    and an `é` written as e and an accent are one file there."""
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


def renamed(paths: Sequence[Path], names: Sequence[str], out_dir: Path) -> list[str]:
    """'answers -> report' for each file whose report is not named after it alone (its stem was taken)."""
    return [
        f"{path} -> {out_dir / name}"
        for path, name in zip(paths, names, strict=True)
        if name != f"{path.stem or 'report'}{Path(name).suffix}"
    ]


def render_file(job: Job, path: Path, name: str) -> str | None:
    """Write the report of one answers file; the error message if it could not be made."""
    from advisor.api import load_answers, recommend, render
    from advisor.output import write_atomic

    try:
        answers = load_answers(path, job.overrides, job.catalog)
        rec = recommend(answers, catalog=job.catalog, date=job.date)
        write_atomic(job.out_dir / name, render(rec, job.fmt, catalog=job.catalog, settings=job.settings))
    except AdvisorError as exc:
        return str(exc)
    except Exception as exc:  # a bug, not a bad file: report it and go on with the others
        return f"internal error: {type(exc).__name__}: {exc}"
    return None


def _render_in_worker(index: int, path: str, name: str) -> tuple[int, str | None]:
    assert _JOB is not None
    return index, render_file(_JOB, Path(path), name)


def _warm(job: Job) -> None:
    """Import the pipeline and compile the templates once, before forking, so that no worker does it again."""

    if job.fmt is ReportFormat.json:
        return
    from advisor.report.templating import environment

    user_dir = str(job.settings.templates.resolve()) if job.settings.templates else None
    with contextlib.suppress(Exception):  # the first report will say what is wrong with the template
        environment(user_dir).get_template(f"report.{job.fmt.value}.j2")


def _workers(requested: int, files: int) -> int:
    if sys.platform != "linux":
        return 1  # fork is the start method that shares the loaded catalog; elsewhere stay in one process
    return max(1, min(requested or os.cpu_count() or 1, files))


def _in_this_process(
    job: Job, paths: Sequence[Path], names: Sequence[str], progress: Progress, done: set[int], errors: dict[int, str]
) -> None:
    with progress:
        task = progress.add_task("reports", total=len(paths))
        for i, (path, name) in enumerate(zip(paths, names, strict=True)):
            message = render_file(job, path, name)
            if message is not None:
                errors[i] = message
            done.add(i)
            progress.advance(task)


def _in_workers(
    job: Job,
    paths: Sequence[Path],
    names: Sequence[str],
    workers: int,
    progress: Progress,
    done: set[int],
    errors: dict[int, str],
) -> None:
    """The reports rendered by forked workers; on a signal (Stopped), the workers are ended before it goes on,
    and the reports they finished meanwhile are counted."""
    global _JOB
    import multiprocessing
    from concurrent.futures import as_completed

    _JOB = job
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=worker_started, initargs=(os.getpid(),))
    futures: list[Future[tuple[int, str | None]]] = []
    try:
        futures += [
            pool.submit(_render_in_worker, i, str(path), name)
            for i, (path, name) in enumerate(zip(paths, names, strict=True))
        ]
        with progress:
            task = progress.add_task("reports", total=len(paths))
            for future in as_completed(futures):
                index, message = future.result()
                if message is not None:
                    errors[index] = message
                done.add(index)
                progress.advance(task)
    except Stopped:
        end_workers(pool, futures)
        for future in futures:
            if future.done() and not future.cancelled() and future.exception() is None:
                index, message = future.result()
                if message is not None:
                    errors[index] = message
                done.add(index)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _JOB = None


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    fmt: ReportFormat,
    catalog: Catalog,
    date: dt.date,
    settings: ReportSettings | None = None,
    overrides: Sequence[str] = (),
    jobs: int = 0,
    console: Console | None = None,
) -> list[Failure]:
    """Write a report per answers file into `out_dir`; return the files that failed, in the order given."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor.output import file_identity
    from advisor.plain_text import visible  # paths are the user's: shown, never obeyed by the terminal

    if out_dir.exists() and not out_dir.is_dir():
        raise AdvisorError(f"{out_dir}: is a file; --out-dir expects a folder (it is created if missing)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AdvisorError(f"{out_dir}: cannot create the folder ({exc.strerror})") from None
    from advisor.cli.terminal import console as make_console

    console = console or make_console(stderr=True)
    job = Job(out_dir, fmt, catalog, date, settings or ReportSettings(), tuple(overrides))
    names = output_names(paths, fmt)
    sources = {file_identity(source): source for source in reversed(paths)}  # once: linear in the files
    sources.pop(None, None)
    for path, name in zip(paths, names, strict=True):  # before any is written: a report would replace an input
        replaced = sources.get(file_identity(out_dir / name))
        if replaced is not None:
            raise AdvisorError(
                f"{out_dir / name}: the report of {path} would replace the answers file {replaced}; "
                "give another --out-dir"
            )
    errors: dict[int, str] = {}
    finished: set[int] = set()  # the files whose report is written or failed
    workers = _workers(jobs, len(paths))
    started = time.perf_counter()
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )
    _warm(job)
    try:
        with stopped_by_signals():
            if workers == 1:
                _in_this_process(job, paths, names, progress, finished, errors)
            else:
                _in_workers(job, paths, names, workers, progress, finished, errors)
    except Stopped as stop:
        written = len(finished) - len(errors)
        console.print(
            f"stopped by {stop.name}: wrote {written} of {len(paths)} report(s) to {visible(str(out_dir))}; "
            f"the other {len(paths) - written} were not written",
            soft_wrap=True,
            markup=False,
        )
        raise SystemExit(stop.exit_code) from None
    elapsed = time.perf_counter() - started
    failures = [Failure(paths[i], errors[i]) for i in sorted(errors)]
    written = len(paths) - len(failures)
    rate = f" ({written / elapsed:.1f} reports a second)" if elapsed > 0 and written else ""
    console.print(
        f"wrote {written} of {len(paths)} report(s) to {visible(str(out_dir))}{rate}", soft_wrap=True, markup=False
    )
    done = [i for i in range(len(paths)) if i not in errors]
    moved = renamed([paths[i] for i in done], [names[i] for i in done], out_dir)
    if moved:
        console.print(f"{len(moved)} report(s) numbered, as another answers file has the same name:")
        for line in moved:
            console.print(f"  {visible(line)}", soft_wrap=True, markup=False)
    if failures:
        from rich.markup import escape

        console.print(f"[red]{len(failures)} file(s) failed:[/red]")
        for failure in failures:
            # a message that names its file already needs no second name in front
            named = failure.message.startswith(f"{failure.path}:")
            line = failure.message if named else f"{failure.path}: {failure.message}"
            console.print(f"  {escape(visible(line))}", soft_wrap=True)
    return failures
