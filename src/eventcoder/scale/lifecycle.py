"""Worker processes that die with their parent, and interrupts that stop a run cleanly.

A coding worker holds a whole spaCy pipeline (hundreds of MB) and keeps coding its chunk if
nothing tells it to stop. When the ``eventcoder ingest`` process that started it is killed
(``kill -9``, the OOM killer, a closed terminal), nothing does: the pool's pipes stay open
because every worker holds both ends of its own queues. So each worker arranges to die with
its parent as the first thing it does:

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker the moment its
  parent dies, whatever the worker is doing (even deep inside spaCy's C code);
- everywhere, a daemon thread that polls the parent's pid once a second and exits the process
  when the parent is gone (the worker is re-parented, so ``os.getppid()`` changes).

Workers also ignore SIGINT: Ctrl-C in a terminal reaches the whole process group, and it is
the parent that decides how to stop (commit what is finished, then end its workers).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Iterator

#: From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
#: How often the portable watchdog looks at the parent pid, in seconds.
WATCHDOG_INTERVAL = 1.0


def _set_parent_death_signal(signum: int) -> bool:
    """Ask the Linux kernel to send ``signum`` to this process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no libc.prctl (e.g. musl without it): watchdog only
        return False


def _watch_parent(parent_pid: int) -> None:
    stopped = threading.Event()
    while not stopped.wait(WATCHDOG_INTERVAL):
        if os.getppid() != parent_pid:
            os._exit(1)  # no cleanup: the parent that would collect our results is gone


def die_with_parent(parent_pid: int) -> None:
    """Make this (worker) process end when ``parent_pid``, the process that started it, ends.

    Call it first in a worker's initializer; ``parent_pid`` is ``os.getpid()`` of the parent,
    passed in so that a parent that died before this call is noticed too.
    """
    if hasattr(signal, "SIGKILL"):  # not on Windows, where the watchdog alone does the job
        _set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the kernel was told to watch it
        os._exit(1)
    watchdog = threading.Thread(
        target=_watch_parent, args=(parent_pid,), name="eventcoder-parent-watchdog", daemon=True
    )
    watchdog.start()
    # The parent handles Ctrl-C for the whole run; a worker interrupted mid-chunk would only
    # send back a KeyboardInterrupt as a result.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker forked from an ingest inherits its SIGTERM handler; a worker told to
    # terminate just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl-C or SIGTERM); ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _Deferral:
    """How many :func:`signals_deferred` blocks are open, the stop signal they hold, and the
    first stop signal of the run."""

    depth: int = 0
    pending: int | None = None
    received: int | None = None


def stop_signal_received() -> int | None:
    """The stop signal the current :func:`stop_on_signals` run got, if any.

    A library that checks for signals itself may turn the interruption into its own error
    (DuckDB raises ``RuntimeError: Query interrupted``); this tells the caller that whatever
    unwound the run, it was the stop.
    """
    return _Deferral.received


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` for the duration of a run.

    SIGTERM (``kill``, a service manager stopping us) then unwinds like Ctrl-C does: ``finally``
    blocks run, open transactions roll back, workers are ended. Only in the main thread
    (Python delivers signals there); elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, _frame: object) -> None:
        if _Deferral.received is None:
            _Deferral.received = signum
        if _Deferral.depth:
            _Deferral.pending = signum
            return
        raise Interrupted(signum)

    _Deferral.received = _Deferral.pending = None
    previous = {
        signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold a stop signal until the block ends, so a finished batch is committed, not lost.

    Under :func:`stop_on_signals`, SIGINT or SIGTERM arriving inside the block is remembered
    and raised as :class:`Interrupted` right after it (unless the block itself failed).
    """
    _Deferral.depth += 1
    try:
        yield
    finally:
        _Deferral.depth -= 1
    signum = _Deferral.pending
    if signum is not None and not _Deferral.depth:
        _Deferral.pending = None
        raise Interrupted(signum)
