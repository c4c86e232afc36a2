"""Sync in the app, against a real PostgreSQL hub: the status bar says online or offline, when
the till last synced and how many rows wait; "Sync now" (Ctrl+Shift+Y) runs in a pool thread
while the till stays responsive; a till whose hub does not answer sells on; the exceptions
screen lists a card two offline tills overdrew, and a manager resolves it with a note and PIN.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from pos_loyalty.services import sync
from pos_loyalty.store.models import Order
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import MANAGER_PIN
from ..test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from ..test_sync import Tills, tills  # noqa: F401 - the fixture
from ..test_sync_offline_overdraft import CLOSED, enrolled, overdraw_offline, point_at
from .test_checkout_screen import scan, type_line
from .test_layout import assert_figures_fit, assert_fully_visible, settle, styled  # noqa: F401 - styled: the fixture
from .test_manager_screens import PinPad, show_active

pytestmark = [pytest.mark.gui, pytest.mark.hub]


def open_window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(user="Sam")
    show_active(qtbot, window)
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: not window.sync.is_running(), timeout=15_000)  # the round the window starts with
    return window


def sell(qtbot, window: MainWindow, number: str) -> str:  # type: ignore[no-untyped-def]
    screen = window.go_to("checkout")
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 2, "2.80")
    order_id = screen.order_id
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=15_000)
    return order_id


def test_the_status_bar_counts_what_waits_and_sync_now_sends_it_from_a_pool_thread(qtbot, tills: Tills, monkeypatch):
    tills.attach("A")
    number = enrolled()
    window = open_window(qtbot)
    indicator = window.sync_indicator
    assert indicator.isVisible() and indicator.text().startswith("Online · synced ") and indicator.text().endswith("· 0 waiting")
    tip = indicator.toolTip()
    assert sync.shown_url(tills.hub) in tip and "Till: A · Store: Main Street" in tip and "less 0 points" in tip

    order_id = sell(qtbot, window, number)
    assert Order.get_or_none(Order.order_id == order_id) is not None
    waiting = sync.status().waiting
    assert waiting > 0
    qtbot.waitUntil(lambda: indicator.text().endswith(f"· {waiting} waiting"), timeout=5_000)  # the sale's announcement

    threads: list[threading.Thread] = []
    real = sync.run

    def slow_run() -> sync.SyncReport:
        threads.append(threading.current_thread())
        time.sleep(0.5)  # a hub far away
        return real()

    monkeypatch.setattr(sync, "run", slow_run)
    started = time.monotonic()
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert time.monotonic() - started < 0.4, "Ctrl+Shift+Y returned at once: the sync does not run on the GUI thread"
    assert window.sync.is_running() and indicator.text().startswith("Syncing…")
    assert not window.sync.sync_now(), "never two rounds at once"
    ticks: list[bool] = []
    QTimer.singleShot(20, lambda: ticks.append(window.sync.is_running()))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2_000)
    assert ticks == [True], "the event loop ran while the sync was in progress"
    qtbot.waitUntil(lambda: not window.sync.is_running(), timeout=15_000)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert sync.status().waiting == 0
    qtbot.waitUntil(lambda: indicator.text().endswith("· 0 waiting"), timeout=5_000)
    assert indicator.text().startswith("Online · synced ")
    import psycopg

    with psycopg.connect(tills.hub) as conn:
        assert conn.execute('SELECT COUNT(*) FROM "order" WHERE order_id = %s', (order_id,)).fetchone()[0] == 1
    window.close()
    assert not window.sync.timer.isActive() and not window.sync.is_running()


def test_a_till_whose_hub_does_not_answer_shows_offline_and_still_sells(qtbot, tills: Tills):
    tills.attach("A")
    number = enrolled()
    point_at(CLOSED)
    window = open_window(qtbot)
    indicator = window.sync_indicator
    assert isinstance(window.sync.last_failure, sync.HubUnreachable)
    assert indicator.text().startswith("Offline since ") and "#b00020" in indicator.styleSheet()
    before = sync.status().waiting
    assert indicator.text().endswith(f"· {before} waiting")
    assert "Last error: the hub cannot be reached" in indicator.toolTip()

    order_id = sell(qtbot, window, number)
    assert Order.get_or_none(Order.order_id == order_id) is not None, "the sale committed on the till's own file"
    after = sync.status().waiting
    assert after > before
    qtbot.waitUntil(lambda: indicator.text().endswith(f"· {after} waiting"), timeout=5_000)
    assert indicator.text().startswith("Offline since ")
    window.grab().save("/tmp/sync_offline_1024x768.png")

    point_at(tills.hub)  # the network is back
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.sync.is_running(), timeout=15_000)
    qtbot.waitUntil(lambda: indicator.text().startswith("Online · synced ") and indicator.text().endswith("· 0 waiting"), timeout=5_000)
    assert indicator.styleSheet() == "" and window.sync.offline_since is None
    window.close()


def test_the_exceptions_screen_lists_an_offline_overdraft_and_a_manager_resolves_it(qtbot, styled, tills: Tills, monkeypatch):
    number = overdraw_offline(tills)
    window = open_window(qtbot)
    nav_item = window.nav.item(next(i for i, s in enumerate(window.screens) if s.key == "sync"))
    assert nav_item.text() == "Sync (1)"
    assert window.sync_indicator.text().endswith("· 1 exception")
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    screen = window.built["sync"]
    assert window.current_key() == "sync" and screen.isVisible()
    model = screen.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1] == "Card overdrawn" and row[2] == number
    assert row[3].startswith("-") and row[3].endswith("points"), "the balance the hub holds"
    assert row[4] == "A-2" and row[5] == "A" and row[6] == ""
    assert "1 open exception" in screen.summary.text()
    settle(window, (1024, 768))
    screen.table.selectRow(0)
    assert_fully_visible(window, table=screen.table, note=screen.note, resolve=screen.resolve_button, status=window.sync_indicator)
    assert_figures_fit(screen.table, [0, 2, 3, 4])
    assert window.sync_indicator.width() >= window.sync_indicator.sizeHint().width(), "the status is never cut"
    assert window.status_rules.width() >= window.status_rules.sizeHint().width(), "nor the rules beside it (their sync time is in the tooltip)"
    assert "synced" in window.status_rules.toolTip() and "synced" not in window.status_rules.text()
    window.grab().save("/tmp/sync_exceptions_1024x768.png")

    screen.table.selectRow(0)
    assert not screen.resolve_button.isEnabled(), "a note first: what was done about it"
    qtbot.keyClicks(screen.note, "customer paid the difference")
    assert screen.resolve_button.isEnabled()
    point_at(CLOSED)  # resolving writes on the hub: offline, it is refused and the exception stays
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=15_000)
    assert screen.error.isVisible() and "the hub cannot be reached" in screen.error.text()
    assert model.rowCount() == 1 and screen.note.text() == "customer paid the difference", "nothing to type again"
    qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("Offline since "), timeout=5_000)

    point_at(tills.hub)
    screen.table.selectRow(0)
    pad = PinPad(monkeypatch, qtbot, "000000", MANAGER_PIN)  # a typo, then the manager's PIN
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert pad.calls == 2 and "PIN" in pad.errors_seen[1]
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=15_000)
    assert not screen.error.isVisible(), screen.error.text()
    assert screen.confirmation.isVisible()
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=5_000)
    assert sync.exceptions() == [] and nav_item.text() == "Sync"
    qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("Online") and not window.sync_indicator.text().endswith("exception"),
                    timeout=5_000)
    screen.show_resolved.setChecked(True)
    assert model.rowCount() == 1 and "customer paid the difference" in model.index(0, 6).data()
    window.close()


def test_a_till_that_is_not_attached_shows_no_sync_status_and_an_empty_list(qtbot, store: Path):
    window = MainWindow(user="Sam")
    show_active(qtbot, window)
    assert not window.sync_indicator.isVisible() and not window.sync.sync_now()
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    screen = window.built["sync"]
    assert screen.model.rowCount() == 0 and "not attached" in screen.summary.text()
    window.close()


def test_a_customer_enrolled_on_two_offline_tills_is_merged_from_the_exceptions_screen(qtbot, tills: Tills, monkeypatch):
    from pos_loyalty.services import cards, customers

    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    first = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", ""))[1].number
    sync.run()
    tills.use("B")  # B has not pulled her: enrols her again
    second = customers.enrol(customers.CustomerInput("Ann Smyth", "+44 7700 900123", ""))[1].number
    sync.run()
    window = open_window(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    screen = window.built["sync"]
    assert screen.model.rowCount() == 1 and screen.model.index(0, 1).data() == screen.model.kind_text("duplicate_customer")
    screen.table.selectRow(0)
    assert screen.merge_button.isEnabled()
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.keyClick(screen, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=15_000)
    assert not screen.error.isVisible(), screen.error.text()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=5_000)
    assert cards.lookup(first).customer_id == cards.lookup(second).customer_id
    window.close()
