"""The daily job while the app is open: `programme.run_daily` (points expiry, inactivity
milestones, the other daily steps) once at start and again whenever the day has changed — off
the GUI thread (`workers`), so a till never freezes for it. The job itself is safe to run any
number of times a day; this only keeps it from running needlessly."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ..services import programme
from .workers import Worker, run_in_thread_pool

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 15 * 60 * 1000  # how often the open app looks whether a new day has begun


class DailyJob(QObject):
    """`start()` runs the job now and then once a day; `finished(report)` after each run."""

    finished = Signal(object)

    def __init__(self, user: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.last_day: dt.date | None = None
        self.worker: Worker | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.run_if_new_day)

    def start(self) -> None:
        self.run_if_new_day()
        self.timer.start()

    def run_if_new_day(self, today: dt.date | None = None) -> bool:
        """Start a run unless one is under way or today's already ran; True when started."""
        today = today or dt.date.today()
        if self.worker is not None or self.last_day == today:
            return False
        self.last_day = today
        self.worker = run_in_thread_pool(_run_in_pool, self.user, report_progress=False, on_finished=self._done, on_failed=self._failed)
        return True

    def is_running(self) -> bool:
        return self.worker is not None

    def _done(self, report: object) -> None:
        self.worker = None
        self.finished.emit(report)

    def _failed(self, error: object) -> None:
        self.worker = None
        self.last_day = None  # try again at the next check
        log.error("the daily job failed: %r", error)

    def stop(self) -> None:
        """The app is closing: no new run, and let one under way finish (short transactions)."""
        self.timer.stop()
        worker = self.worker
        if worker is not None:
            worker.wait(60)


def _run_in_pool(user: str, should_cancel: object = None) -> dict[str, int]:
    return programme.run_daily(user=user)
