"""Every open view shows what the database holds: the window's side of `services.changes`.

The main window owns one `ChangeWatcher`. It hears this process's announcements at once (from
any thread: a bulk creation commits in a worker) and polls the change log every second for what
other processes committed — a CLI run, another till on the hub. Both arrive as one `changed`
signal, emitted from the event loop after the action that caused them has returned (so a sale's
own commit never waits for a screen to refresh, and several changes in a row refresh once).

Views do not filter changes themselves: `follow(owner, kinds, refresh)` says which kinds concern
a view (and, per kind, the key it shows now: its card number, its order id), and the watcher
calls `refresh()` when a change touches them. A view that is not visible (another screen is
shown) is refreshed when it is shown again, not in the background. `follow_screen` holds the
list for the app's screens, so the screens themselves only offer a method that reloads.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from ..services import changes
from ..services.changes import NOTHING, Changes

log = logging.getLogger(__name__)

POLL_MS = 1000  # how often other processes' changes are looked for: they appear within about a second

KeyOf = Callable[[], object] | None  # the key a view shows now (None from it: shows none); None itself: any


@dataclass
class _Follower:
    owner: QWidget
    kinds: Mapping[str, KeyOf]
    refresh: Callable[[], None]
    stale: bool = field(default=False)

    def concerned(self, found: Changes) -> bool:
        for kind, key_of in self.kinds.items():
            if key_of is None:
                if found.touches(kind):
                    return True
                continue
            key = key_of()
            if key is not None and key != "" and found.touches(kind, key):
                return True
        return False


class ChangeWatcher(QObject):
    """Hears the announcements, polls for other processes' changes, refreshes the views."""

    changed = Signal(object, object)  # kinds: frozenset[str]; keys: dict kind → frozenset of keys (absent: any)
    _heard = Signal(object)  # an announcement, from whichever thread committed; queued to this one

    def __init__(self, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._pending: Changes = NOTHING
        self._followers: list[_Follower] = []
        self._poller = changes.Poller()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._deliver = QTimer(self)
        self._deliver.setSingleShot(True)
        self._deliver.setInterval(0)
        self._deliver.timeout.connect(self._emit)
        self._heard.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        me = weakref.ref(self)

        def listener(found: Changes) -> None:
            watcher = me()
            if watcher is not None and shiboken6.isValid(watcher):
                watcher._heard.emit(found)

        self._unsubscribe = changes.subscribe(listener)
        self.destroyed.connect(self._unsubscribe)

    # -- running ------------------------------------------------------------------------------
    def start(self) -> "ChangeWatcher":
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()
        self._unsubscribe()

    def poll(self) -> None:
        """Look once for what other processes committed (the timer does this every second)."""
        found = self._poller.poll()
        if found:
            self._collect(found)

    def _collect(self, found: object) -> None:
        assert isinstance(found, Changes)
        self._pending = self._pending.merge(found)
        self._deliver.start()

    def _emit(self) -> None:
        found, self._pending = self._pending, NOTHING
        if not found:
            return
        self.changed.emit(found.kinds, dict(found.keys))
        self._refresh(found)

    # -- views --------------------------------------------------------------------------------
    def follow(self, owner: QWidget, kinds: Mapping[str, KeyOf], refresh: Callable[[], None]) -> None:
        """Call `refresh()` whenever a change touches one of `kinds`: for each, None (any change
        of that kind) or a function giving the key `owner` shows now (returning None: none).
        While `owner` is hidden, the refresh waits until it is shown."""
        unknown = set(kinds) - set(changes.KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of change: {', '.join(sorted(unknown))}")
        self._followers.append(_Follower(owner, dict(kinds), refresh))

    def _refresh(self, found: Changes) -> None:
        self._followers = [f for f in self._followers if shiboken6.isValid(f.owner)]
        failed: Exception | None = None
        for follower in list(self._followers):
            if follower.stale or not follower.concerned(found):
                continue
            if not follower.owner.isVisible():
                follower.stale = True  # refreshed when shown (the filter watches for that meanwhile)
                follower.owner.installEventFilter(self)
                continue
            try:
                follower.refresh()
            except Exception as exc:  # the other views still refresh; the first failure is reported
                log.exception("refreshing %s after a change", type(follower.owner).__name__)
                failed = failed or exc
        if failed is not None:
            raise failed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            for follower in self._followers:
                if follower.stale and follower.owner is watched:
                    follower.stale = False
                    follower.refresh()
        return False


def _editing(*edits: QLineEdit) -> bool:
    """Typed into since it was last filled (`setText` clears the flag)."""
    return any(edit.isModified() for edit in edits)


def follow_screen(watcher: ChangeWatcher, key: str, screen: QWidget) -> None:
    """What each of the app's screens shows, and how it reloads it."""
    s: Any = screen  # each screen's own reload method, named below
    if key == "checkout":  # the scanned card: balance, status, tier, coupons; the rules price the order
        watcher.follow(screen, {"card": lambda: s.card.number if s.card else None,
                                "customer": lambda: s.card.customer_id if s.card else None,
                                "rules": None}, s.reload_card)
    elif key == "refund":  # the loaded order, what is left of it, its card's balance
        watcher.follow(screen, {"order": lambda: s.order.order_id if s.order else None,
                                "card": lambda: s.order.card_number if s.order else None}, s.refresh)
    elif key == "cards":  # the list (any card may enter, leave or change) and the selected card
        watcher.follow(screen, {"card": None, "customer": None, "batch": None, "rules": None}, s.refresh)
    elif key == "bulk":
        watcher.follow(screen, {"batch": None}, s.refresh_batches)
    elif key == "rules":
        watcher.follow(screen, {"rules": None}, s.refresh)
    elif key == "settings":  # a field the manager is editing keeps what they typed until saved
        def refresh_settings() -> None:
            if not _editing(s.store_name, s.logo_path):
                s.refresh()

        watcher.follow(screen, {"settings": None, "users": None, "rules": None}, refresh_settings)
