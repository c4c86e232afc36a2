"""Syncs an attached till with its hub while the app is open: every `INTERVAL_MS`, and at once
on "Sync now" (Ctrl+Shift+Y), a pool thread runs `sync.run` — never the GUI thread: reaching
a hub that does not answer takes seconds. One job at a time: a sync asked for while one runs is
not started twice, and a manager's "resolve" waits for the running sync and goes next (both
push and pull through the same cursor). A hub that does not answer is not an error here: the
till goes on offline and the next round tries again. Closing the app stops the timer and waits
a little for a round in progress; the sync's own protocol makes even a hard stop safe.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.errors import LoyaltyError
from ..services import sync
from .workers import Worker

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
STOP_WAIT_S = 5.0


def _sync_round(should_cancel: Callable[[], bool]) -> sync.SyncReport:
    """A pool thread's job: push, then pull (`sync.run` is not cancellable midway, and need not be)."""
    return sync.run()


def _resolve(exception_id: int, note: str | None, user: str, manager_pin: str, should_cancel: Callable[[], bool]) -> None:
    if note is None:  # a duplicate customer: merged, which resolves it
        sync.merge_duplicate(exception_id, user, manager_pin=manager_pin)
    else:
        sync.resolve(exception_id, note, user, manager_pin=manager_pin)


class SyncWorker(QObject):
    """The background sync. `synced` carries each round's `SyncReport`; `failed` the error of a
    round that did not finish (`HubUnreachable`: offline); `resolved` / `resolve_failed` the
    outcome of a manager's resolution; `done` follows every job, whatever happened (the status
    bar refreshes on it)."""

    started = Signal()
    synced = Signal(object)
    failed = Signal(object)
    resolved = Signal(int)
    resolve_failed = Signal(object)
    done = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)
        self.worker: Worker | None = None
        self._queued: list[Callable[[], None]] = []
        self.last_report: sync.SyncReport | None = None
        self.last_failure: LoyaltyError | Exception | None = None
        self.offline_since: dt.datetime | None = None  # the first failed round since the last good one
        self.stopped = False
        self._busy = False  # from a job's start until the GUI thread has taken its outcome

    def start(self) -> None:
        """Sync now (a till just opened wants the others' sales) and every interval after."""
        self.timer.start()
        self.sync_now()

    def is_running(self) -> bool:
        """A job is in progress in the pool (or its outcome not taken in yet: the status it
        leaves is not shown yet)."""
        return self._busy

    def sync_now(self) -> bool:
        """Start a sync round unless the till is not attached or a job is already going; True
        when one started."""
        if self.stopped or self.is_running() or sync.attached() is None:
            return False
        self._start(Worker(_sync_round, report_progress=False), self._synced, self._failed)
        return True

    def resolve(self, exception_id: int, note: str | None, user: str, manager_pin: str) -> None:
        """Settle an exception on the hub (`sync.resolve`; without a note, a duplicate customer
        merged: `sync.merge_duplicate`) in the pool, after the running job if any."""
        def begin() -> None:
            worker = Worker(_resolve, exception_id, note, user, manager_pin, report_progress=False)
            self._start(worker, lambda _none: self._resolved(exception_id), self._resolve_failed)

        if self.is_running():
            self._queued.append(begin)
        else:
            begin()

    def stop(self, wait_s: float = STOP_WAIT_S) -> bool:
        """Stop syncing (the app is closing); True when no job is left in progress."""
        self.stopped = True
        self.timer.stop()
        self._queued.clear()
        worker = self.worker
        if worker is None:
            return True
        worker.cancel()
        return worker.wait(wait_s)

    # -- GUI thread, after a job ----------------------------------------------------------------

    def _start(self, worker: Worker, on_finished: Callable[[Any], None], on_failed: Callable[[Any], None]) -> None:
        worker.signals.finished.connect(on_finished)
        worker.signals.failed.connect(on_failed)
        worker.signals.finished.connect(self._next)
        worker.signals.failed.connect(self._next)
        self._busy = True
        self.worker = worker.start()
        self.started.emit()

    def _next(self, _outcome: object = None) -> None:
        self._busy = False
        self.done.emit()
        if self._queued and not self.stopped and not self.is_running():
            self._queued.pop(0)()

    def _synced(self, report: object) -> None:
        self.last_report = report  # type: ignore[assignment]
        self.last_failure = None
        self.offline_since = None
        self.synced.emit(report)

    def _failed(self, error: object) -> None:
        if isinstance(error, sync.HubUnreachable):
            if self.offline_since is None:
                self.offline_since = dt.datetime.now()
        else:  # the database busy, an internal error: logged; the next round tries again
            log.warning("syncing with the hub failed: %s", error)
        self.last_failure = error  # type: ignore[assignment]
        self.failed.emit(error)

    def _resolved(self, exception_id: int) -> None:
        self.offline_since = None  # the hub answered
        self.resolved.emit(exception_id)

    def _resolve_failed(self, error: object) -> None:
        if isinstance(error, sync.HubUnreachable) and self.offline_since is None:
            self.offline_since = dt.datetime.now()
        self.resolve_failed.emit(error)
