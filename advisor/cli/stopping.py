"""Stopping a batch: SIGINT (Ctrl-C), SIGTERM and SIGHUP end it promptly, its workers with it.

The parent turns each of the three into `Stopped` where it stands; the workers it forks ignore SIGINT and
SIGHUP (a terminal sends them to the whole job: the parent decides), keep SIGTERM at its default (by which the
parent ends them; `advisor.output.write_atomic` holds it while a report is half written) and end with their
parent whatever ends it, so none is left holding the caller's pipes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from typing import Any

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
GRACE_SECONDS = 2.0  # how long the reports being written when a signal comes may take to finish
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Stopped(BaseException):
    """A signal asked the run to stop (a BaseException, so that no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum  # as a shell reports a process ended by the signal: 130, 143, 129


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within: each of SIGNALS raises Stopped in the main thread; a second one while stopping is ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in SIGNALS}

    def stop(signum: int, frame: Any) -> None:
        for number in SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise Stopped(signum)

    for number in SIGNALS:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def worker_started(parent: int) -> None:
    """The first thing a forked worker does: see the module's description."""
    for number in SIGNALS:
        signal.signal(number, signal.SIG_DFL if number == signal.SIGTERM else signal.SIG_IGN)
    with contextlib.suppress(Exception):  # Linux only; elsewhere the parent's ending them has to do
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the line above took effect
        os._exit(1)


def end_workers(pool: ProcessPoolExecutor, futures: list[Future[Any]]) -> None:
    """Cancel what has not started, let what is being written finish for a moment, then end the workers."""
    pool.shutdown(wait=False, cancel_futures=True)
    wait([f for f in futures if not f.done()], timeout=GRACE_SECONDS)
    workers = list(dict(getattr(pool, "_processes", None) or {}).values())  # 3.14 has terminate_workers()
    for process in workers:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in workers:
        process.join(GRACE_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
