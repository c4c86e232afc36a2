"""The status bar's word on the hub: "Online · synced 14:05 · 3 waiting", "Offline since 14:02 ·
120 waiting", and how many exceptions wait for a manager. A cashier sees at a glance whether the
other tills see this till's sales; a manager sees when something needs them.

It reads `sync.status()` (local: no hub round trip) after each sync round and whenever a
change that moves those figures is announced — a sale ("order", "card", "customer": the outbox
grows; a pull brings them too) or the sync itself ("settings", key "sync"). It listens to the
window's `ChangeWatcher.changed` directly rather than `follow`: it is hidden on a till that is
not attached, and must still notice the till being attached. A click asks for a sync now.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from .. import formats
from ..services import sync
from .service_texts import translated
from .sync_worker import SyncWorker

# What a sync moves: the outbox (every sale), the pull (cards, customers, orders), the sync itself.
KINDS = frozenset({"settings", "order", "card", "customer"})


def _moment(value: dt.datetime, today: dt.date | None = None) -> str:
    """14:05 today, 2026-11-28 14:05 another day."""
    text = formats.datetime_text(value)
    return text[-5:] if value.date() == (today or dt.date.today()) else text


class SyncIndicator(QLabel):
    """One label in the status bar; `exceptions_changed` carries the count of open exceptions
    (the navigation shows it on the exceptions screen's entry)."""

    exceptions_changed = Signal(int)
    sync_requested = Signal()

    def __init__(self, worker: SyncWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.worker = worker
        self.status: sync.Status | None = None
        self.exceptions = -1
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        worker.started.connect(self.refresh)
        worker.done.connect(self.refresh)
        self.refresh()

    def on_changes(self, kinds: frozenset[str], _keys: object = None) -> None:
        """The window's `ChangeWatcher.changed`: refresh when the change moves what is shown."""
        if kinds & KINDS:
            self.refresh()

    def refresh(self) -> None:
        status = self.status = sync.status()
        if not status.attached:
            self.setText(self.tr("Not attached"))
            self.setToolTip(self.tr("This till is not attached to a hub: it works on its own."))
            self.hide()
        else:
            self.setText(self._text(status))
            self.setToolTip(self._tooltip(status))
            self.setStyleSheet("" if status.online is not False else "color: #b00020;")
            self.setMinimumWidth(self.sizeHint().width())  # the database path beside it gives way, not this
            self.show()
        if status.exceptions != self.exceptions:
            self.exceptions = status.exceptions
            self.exceptions_changed.emit(status.exceptions)

    def _text(self, s: sync.Status) -> str:
        parts = []
        if self.worker.is_running():
            parts.append(self.tr("Syncing…"))
        elif s.online is False:
            since = self.worker.offline_since
            parts.append(self.tr("Offline since {time}").format(time=_moment(since)) if since else self.tr("Offline"))
        elif s.online is True:
            parts.append(self.tr("Online"))
        else:
            parts.append(self.tr("Not synced yet"))
        if s.last_sync_at is not None and (s.online is not False or self.worker.offline_since is None):
            parts.append(self.tr("synced {time}").format(time=_moment(s.last_sync_at)))
        parts.append(self.tr("{count} waiting").format(count=formats.number(s.waiting)))
        if s.exceptions:
            parts.append(formats.count(s.exceptions, self.tr("exception"), self.tr("exceptions")))
        return " · ".join(parts)

    def _tooltip(self, s: sync.Status) -> str:
        margin = (self.tr("no points or coupons taken offline") if s.offline_margin is None
                  else self.tr("offline, spending up to the last synced balance less {points}").format(points=formats.points(s.offline_margin)))
        lines = [self.tr("Hub: {hub}").format(hub=s.hub), self.tr("Till: {till} · Store: {store}").format(till=s.till, store=s.store),
                 self.tr("Last sync: {time}").format(time=formats.datetime_text(s.last_sync_at) if s.last_sync_at else self.tr("never")),
                 self.tr("Waiting to be sent: {count}").format(count=formats.count(s.waiting, self.tr("row"), self.tr("rows"))),
                 self.tr("Offline redemption: {margin}").format(margin=margin)]
        if s.exceptions:
            lines.append(self.tr("Exceptions for a manager: {count}").format(count=formats.number(s.exceptions)))
        if s.last_error:
            lines.append(self.tr("Last error: {error}").format(error=translated(s.last_error)))
        lines.append(self.tr("Click or Ctrl+Shift+Y: sync now"))
        return "\n".join(lines)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.sync_requested.emit()
        super().mouseReleaseEvent(event)
