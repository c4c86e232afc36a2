"""F12 at the checkout and at the refund screen commits in a pool thread: while another
connection holds SQLite's write lock the till keeps painting and answering keys, says
"committing…", ignores more F12s, and — when the lock does not come free in time — says the
database is busy and that F12 tries again. The retry uses the same order (refund) id, so it
commits exactly once.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer

from pos_loyalty.services import busy, checkout
from pos_loyalty.store.models import Order, Refund, db
from pos_loyalty.ui.checkout_screen import CheckoutScreen
from pos_loyalty.ui.refund_screen import RefundScreen

from ..conftest import make_order
from .test_checkout_screen import scan, type_line
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui

LOCK_WAIT_MS = 300


@pytest.fixture
def short_lock_wait(store: Path) -> Iterator[None]:
    """New connections (the pool thread's) give up on a held lock after 0.3 s instead of 10 s."""
    database = db.obj
    saved = (database._pragmas, database._timeout)
    database._pragmas = [(name, LOCK_WAIT_MS if name == "busy_timeout" else value) for name, value in database._pragmas]
    database._timeout = LOCK_WAIT_MS / 1000
    yield
    database._pragmas, database._timeout = saved


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's long write: a connection of its own that holds the write lock."""
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_busy_is_told_apart_from_other_failures():
    assert busy.is_busy(sqlite3.OperationalError("database is locked"))
    try:
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError as exc:
            raise RuntimeError("commit failed") from exc
    except RuntimeError as wrapped:
        assert busy.is_busy(wrapped)
    assert not busy.is_busy(sqlite3.OperationalError("no such table: card"))
    assert not busy.is_busy(ValueError("bad"))


def test_a_locked_database_gives_a_retryable_message_and_the_retry_commits_once(qtbot, store, card, short_lock_wait):
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    screen.resize(1024, 700)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 2, "2.80")
    order_id = screen.order_id

    other = hold_write_lock(store)
    try:
        started = time.monotonic()
        qtbot.keyClick(screen, Qt.Key.Key_F12)
        assert time.monotonic() - started < LOCK_WAIT_MS / 1000, "F12 returned at once: the GUI thread does not wait for the lock"
        assert screen.is_committing() and screen.commit_button.text() == "Committing…"
        assert not screen.commit_button.isEnabled() and not screen.sku.isEnabled(), "the sale cannot change while it is committed"
        ticks: list[bool] = []
        QTimer.singleShot(20, lambda: ticks.append(screen.is_committing()))
        qtbot.waitUntil(lambda: bool(ticks), timeout=5_000)
        assert ticks == [True], "the event loop ran (a timer fired, the window repaints) while the commit waited for the lock"
        worker = screen._commit_worker
        for _ in range(3):  # impatient presses while it runs: still the one commit
            qtbot.keyClick(screen, Qt.Key.Key_F12)
            assert screen._commit_worker is worker
        qtbot.waitUntil(lambda: not screen.is_committing(), timeout=10_000)
    finally:
        other.rollback()
        other.close()

    assert "database is busy" in screen.commit_error.text() and "F12" in screen.commit_error.text()
    assert screen.commit_error.isVisible() and screen.commit_button.isEnabled()
    assert screen.order_id == order_id and len(screen.lines) == 1, "the sale is still there to retry"
    assert Order.select().count() == 0

    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=10_000)
    assert [o.order_id for o in Order.select()] == [order_id], "the retry committed the same order, once"
    assert "committed" in screen.message.text() and not screen.commit_error.isVisible()


def test_a_refund_waits_for_a_locked_database_in_the_background(qtbot, store, card, short_lock_wait):
    checkout.commit(make_order("R-LOCK", card, [("COFFEE", 2, "2.80")]))
    screen = RefundScreen(user="Sam")
    show_active(qtbot, screen)
    screen.order_field.setText("R-LOCK")
    screen.search()
    screen.all_mode.setChecked(True)
    assert screen.confirm_button.isEnabled()

    other = hold_write_lock(store)
    try:
        qtbot.keyClick(screen, Qt.Key.Key_F12)
        assert screen.is_committing() and not screen.confirm_button.isEnabled()
        qtbot.keyClick(screen, Qt.Key.Key_F12)
        qtbot.waitUntil(lambda: not screen.is_committing(), timeout=10_000)
    finally:
        other.rollback()
        other.close()
    assert "database is busy" in screen.confirm_error.text() and Refund.select().count() == 0

    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=10_000)
    assert Refund.select().count() == 1 and "Refund" in screen.message.text()
