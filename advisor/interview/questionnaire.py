"""The interactive interview of `advisor start`: the only module that reads the terminal.

It runs the conversation of `advisor.interview.prompts` (the questions `advisor.interview.questions` derives from the answers
model) on the terminal, from the start or from a saved file, and keeps what was answered however it ends:
on Ctrl-C it offers to save, when stdin ends or the terminal closes it saves, in the answers file's own YAML
with the keys not yet answered left out, so that `--resume` continues from it.
"""

from __future__ import annotations

import contextlib
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError
from advisor.interview.prompts import Interview, Reader, escape
from advisor.interview.questions import Spec, build_spec
from advisor.interview.saved_answers import load_partial, partial_text

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.answers.model import Answers
    from advisor.catalog.schema import Catalog

SCRIPTS = "For scripts, use `advisor recommend ANSWERS` with `--set PATH=VALUE` to give or change answers."


class Interrupted(Exception):
    """The person stopped the interview with Ctrl-C; what was answered is saved if they said so."""


class _HungUp(Exception):
    """The terminal went away (SIGHUP, or SIGTERM); what was answered is already saved."""


_SAVING: list[bool] = []  # non-empty while the answers are being written: a hang-up then lets it finish


@contextlib.contextmanager
def _saving_on_hangup(interview: Interview, save: Path) -> Iterator[None]:
    """While the interview runs, SIGHUP and SIGTERM save what was answered, without asking, and stop it.
    Signals reach the main thread only, so elsewhere (a test's thread) nothing is installed."""
    import signal
    import threading

    def hang_up(signum: int, frame: Any) -> None:
        if _SAVING:
            return
        if interview.answered():
            write_partial(interview, save)
        raise _HungUp()

    names = ("SIGHUP", "SIGTERM") if threading.current_thread() is threading.main_thread() else ()
    previous = {name: signal.signal(getattr(signal, name), hang_up) for name in names if hasattr(signal, name)}
    try:
        yield
    except _HungUp:
        raise Interrupted() from None
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def terminal_reader() -> Reader:
    """`input`, with line editing when stdin is a terminal."""
    if stdin_is_terminal():
        with contextlib.suppress(ImportError):  # Python built without readline: plain input() still works
            import readline  # noqa: F401  - gives input() cursor keys and backspace over the whole line
    return input


def write_partial(interview: Interview, path: Path) -> None:
    from advisor.output import write_atomic

    _SAVING.append(True)
    try:
        write_atomic(path, partial_text(interview.data, interview.catalog, path, interview.answered()))
    finally:
        _SAVING.clear()


def save_partial(console: Console, interview: Interview, path: Path) -> None:
    """Write what was answered, then say so if the terminal is still there to say it on."""
    write_partial(interview, path)
    with contextlib.suppress(OSError):
        console.print(f"Saved {interview.answered()} answer(s) to {escape(path)}.")
        console.print(f"Continue with: advisor start --resume {escape(shlex.quote(str(path)))}")


def welcome(console: Console, spec: Spec, save: Path, report: Path | None) -> None:
    per_item = len(spec.lists[0].item) - 1 if spec.lists else 0
    console.print("[bold]advisor: which AI models to use, and how to run them[/bold]")
    console.print(
        f"{len(spec.questions)} questions about your organisation, budget, skills, data and priorities, then "
        f"{per_item} about each use case. A default shows in [brackets]: Enter keeps it. Type ? for help on any "
        "question. You review every answer before the report is written.",
        markup=False,
    )
    console.print(
        f"Nothing leaves this machine: the answers and the report go to local files ({escape(save)}, "
        f"{escape(report or 'the report')}). "
        "Ctrl-C stops, and you can save to continue later."
    )


def run_interview(
    console: Console,
    catalog: Catalog,
    save: Path,
    resume: Path | None = None,
    read: Reader | None = None,
    report: Path | None = None,
) -> Answers:
    """The interview from the start, or from `resume`; the validated answers. Ctrl-C raises Interrupted after
    offering to save; stdin ending raises AdvisorError after saving what was answered."""
    from advisor.answers.model import Answers

    read = read or terminal_reader()
    spec = build_spec(Answers, catalog)
    interview = Interview(console, read, spec, catalog, {})
    with _saving_on_hangup(interview, save):
        return _run(interview, save, resume, report)


def _run(interview: Interview, save: Path, resume: Path | None, report: Path | None) -> Answers:
    console, spec = interview.console, interview.spec
    try:
        welcome(console, spec, save, report)
        if resume is None and save.is_file():
            console.print()
            if interview.confirm(f"{save} is already there, from an earlier interview. Continue from it?"):
                resume = save
            else:
                console.print("Starting afresh; it is replaced when you save.")
        if resume is not None:
            interview.load(load_partial(resume, spec, console))
            console.print(f"Continuing from {escape(resume)}: {interview.answered()} answer(s) there.")
        interview.fill()
        return interview.review()
    except KeyboardInterrupt:
        console.print()
        if interview.answered() == 0:
            console.print("Stopped; nothing answered, nothing saved.")
            raise Interrupted() from None
        try:
            keep = interview.confirm(f"Stopped. Save the {interview.answered()} answer(s) so far to {save}?")
        except (KeyboardInterrupt, EOFError):
            keep = False
            console.print()
        if keep:
            save_partial(console, interview, save)
        else:
            console.print("Not saved.")
        raise Interrupted() from None
    except EOFError:  # Ctrl-D, or the terminal closed
        if interview.answered() == 0:
            raise AdvisorError(f"stdin ended before the first answer. {SCRIPTS}") from None
        save_partial(console, interview, save)
        raise AdvisorError(
            f"stdin ended before the interview was finished; the answers so far are in {save}. {SCRIPTS}"
        ) from None
