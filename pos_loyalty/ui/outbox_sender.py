"""Sends the customers' e-mails while the app is open: every `INTERVAL_MS` a pool thread runs
`messages.send_due` (never the GUI thread: an SMTP server can take seconds to answer), one run
at a time. Closing the app stops the timer and asks a run in progress to stop after the
message it is sending; the outbox's protocol makes even a hard stop safe (no message twice).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ..services import messages
from .workers import Worker

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
STOP_WAIT_S = 5.0


class OutboxSender(QObject):
    """The background sender; `sent` carries each run's `messages.SendReport`, `failed` the
    error of a run that could not finish (the database busy, …)."""

    sent = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.send_now)
        self.worker: Worker | None = None
        self.last_report: messages.SendReport | None = None

    def start(self) -> None:
        self.timer.start()

    def is_running(self) -> bool:
        """A run is in progress in the pool."""
        return self.worker is not None and not self.worker.is_done()

    def send_now(self) -> bool:
        """Start a run unless one is already going; True when one started."""
        if self.is_running():
            return False
        worker = Worker(messages.send_due, report_progress=False)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.worker = worker.start()
        return True

    def stop(self, wait_s: float = STOP_WAIT_S) -> bool:
        """Stop sending (the app is closing); True when no run is left in progress."""
        self.timer.stop()
        worker = self.worker
        if worker is None:
            return True
        worker.cancel()
        return worker.wait(wait_s)

    def _finished(self, report: object) -> None:
        self.last_report = report  # type: ignore[assignment]
        self.sent.emit(report)

    def _failed(self, error: object) -> None:
        # The database busy or unreachable, an internal error: logged; the next run tries again.
        log.warning("sending the e-mails failed: %s", error)
        self.failed.emit(error)
