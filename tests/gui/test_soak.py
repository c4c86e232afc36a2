"""A till runs all day in one process: 1,000 sales through the real checkout screen must leave
it healthy.

Why this exists: PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every void
Qt call (``setToolTip``, ``setText`` …). ``None`` is an ordinary object there, so after a few
hundred thousand calls — about 150 sales at the checkout — its count reached zero and the
interpreter aborted with "Fatal Python error: none_dealloc". pyproject pins PySide6 6.11.3;
these tests fail on a PySide6 with that bug. On Python 3.12+ ``None`` is immortal (its count
never moves), so there the soak only proves that nothing crashes and memory stays bounded.
"""

from __future__ import annotations

import gc
import resource
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from pos_loyalty.services import cards
from pos_loyalty.ui.checkout_screen import CheckoutScreen

from .test_manager_screens import show_active

pytestmark = pytest.mark.gui

NONE_IS_IMMORTAL = sys.version_info >= (3, 12)
SALES = 1_000


def rss_mb() -> float:
    """The process's resident memory now, from /proc (peak RSS from getrusage elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:  # not Linux: the peak is an upper bound of the current size
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_void_qt_calls_keep_the_count_of_none():
    """The bug in one line: 1,000 void calls must not take 1,000 references from None."""
    item = QTableWidgetItem("x")
    before = sys.getrefcount(None)
    for i in range(1_000):
        item.setToolTip(f"tip {i}")
    after = sys.getrefcount(None)
    assert abs(after - before) < 10, f"None's count moved by {after - before} over 1,000 setToolTip calls (PySide6 6.12.0: -1,000)"


def sell(qtbot, screen: CheckoutScreen, card: str, n: int) -> None:  # type: ignore[no-untyped-def]
    """One sale as the cashier makes it: F2, scan the card, F3 and a line, F12, then Ctrl+N."""
    qtbot.keyClick(screen, Qt.Key.Key_F2)
    screen.scan.setText(card)  # the scanner types the number …
    qtbot.keyClick(screen.scan, Qt.Key.Key_Return)  # … and Enter
    assert screen.card is not None, screen.scan_error.text()
    qtbot.keyClick(screen, Qt.Key.Key_F3)
    screen.sku.setText("COFFEE")
    screen.item_name.setText("Filter coffee")
    screen.quantity.setValue(1 + n % 3)
    screen.price.setText("2.80")
    qtbot.keyClick(screen.price, Qt.Key.Key_Return)
    assert len(screen.lines) == 1, screen.line_error.text()
    order_id = screen.order_id
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=20_000)  # the commit runs in the pool
    assert screen.order_id != order_id, f"sale {n} was not committed: {screen.commit_error.text()}"
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.slow
def test_a_thousand_sales_in_one_process_leave_it_healthy(qtbot, store, card):
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    screen.resize(1280, 800)
    for n in range(20):  # warm up: caches, Qt's style and font machinery, SQLite's pages
        sell(qtbot, screen, card, n)
    gc.collect()
    none_before, rss_before = sys.getrefcount(None), rss_mb()
    started = time.monotonic()
    for n in range(20, SALES):
        sell(qtbot, screen, card, n)
    elapsed = time.monotonic() - started
    gc.collect()
    none_after, rss_after = sys.getrefcount(None), rss_mb()

    assert cards.lookup(card).balance > 0
    if not NONE_IS_IMMORTAL:
        # Each sale makes hundreds of void Qt calls: the 6.12.0 bug takes that many references per
        # sale and aborts the process within ~150 sales. (6.11.3 keeps about 30 per sale for the
        # new table items' tool tips and fonts: a count that rises is harmless, one that falls is not.)
        assert none_after - none_before > -200, f"None lost {none_before - none_after} references over {SALES - 20} sales"
    assert rss_after - rss_before < 40, f"memory grew {rss_after - rss_before:.0f} MB over {SALES - 20} sales ({rss_before:.0f} → {rss_after:.0f} MB)"
    print(f"{SALES - 20} sales in {elapsed:.1f} s; None refcount {none_before} → {none_after}; RSS {rss_before:.0f} → {rss_after:.0f} MB")
