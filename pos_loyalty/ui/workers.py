"""Long work off the GUI thread (novelWriter's `runInThreadPool`, made cancellable).

A `Worker` runs a pure function in `QThreadPool.globalInstance()`. The function is called as
``fn(*args, progress=..., should_cancel=..., **kwargs)``: it reports ``progress(done, total)``
and polls ``should_cancel()``, and knows nothing about Qt, so it is tested on its own.

The worker's `signals` object is created in the GUI thread (in the constructor), so the
progress/finished/failed signals it emits from the pool thread are queued to the GUI thread's
slots. peewee connections are per thread: the function's first query opens a connection for
the pool thread through the models' proxy (a SQLite file, never `:memory:`), and the worker
closes that connection when the function returns, whatever happened.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

_running: set["Worker"] = set()  # keeps each worker (and its signals) alive until it reports
_lock = threading.Lock()


class WorkerSignals(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception it raised (a Cancelled one when cancelled)


class Worker(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, report_progress: bool = True, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns the object; `_running` holds it until it reports
        self.signals = WorkerSignals()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._report_progress = report_progress
        self._cancel = threading.Event()
        self._done = threading.Event()

    # -- GUI thread -------------------------------------------------------------------
    def start(self) -> "Worker":
        with _lock:
            _running.add(self)
        self.signals.finished.connect(self._forget)
        self.signals.failed.connect(self._forget)
        QThreadPool.globalInstance().start(self)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the function has returned (for shutdown and scripts, not for the GUI)."""
        return self._done.wait(timeout)

    def _forget(self, _value: object = None) -> None:
        with _lock:
            _running.discard(self)

    # -- pool thread ------------------------------------------------------------------
    def run(self) -> None:
        kwargs = dict(self._kwargs)
        kwargs["should_cancel"] = self._cancel.is_set
        if self._report_progress:
            kwargs["progress"] = self.signals.progress.emit
        outcome: tuple[bool, object]
        try:
            outcome = (True, self._fn(*self._args, **kwargs))
        except BaseException as exc:  # the GUI decides what the user sees
            if not isinstance(exc, Exception):
                log.exception("worker %s stopped", getattr(self._fn, "__name__", self._fn))
            outcome = (False, exc)
        finally:
            _close_thread_connection()
            self._done.set()
        ok, value = outcome
        (self.signals.finished if ok else self.signals.failed).emit(value)


def _close_thread_connection() -> None:
    """Close this thread's peewee connection (the GUI thread's own stays open)."""
    from ..services.setup import release_thread_connection

    release_thread_connection()


def run_in_thread_pool(fn: Callable[..., Any], *args: Any, on_progress: Callable[[int, int], None] | None = None,
                       on_finished: Callable[[object], None] | None = None, on_failed: Callable[[object], None] | None = None,
                       **kwargs: Any) -> Worker:
    """Start `fn` in the global pool with the given slots connected; returns the worker (to cancel)."""
    worker = Worker(fn, *args, **kwargs)
    if on_progress:
        worker.signals.progress.connect(on_progress)
    if on_finished:
        worker.signals.finished.connect(on_finished)
    if on_failed:
        worker.signals.failed.connect(on_failed)
    return worker.start()


def running_workers() -> list[Worker]:
    with _lock:
        return list(_running)
