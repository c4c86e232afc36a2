"""No screen shows stale data: data changed behind a screen's back — by the services in this
process, or by another process (the real command line, another till) — appears on the screen
within a few seconds, without the user doing anything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.services import adjustments, cards, checkout
from pos_loyalty.ui.cards_model import BALANCE
from pos_loyalty.ui.checkout_screen import CheckoutScreen
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import MANAGER_PIN, ensure_manager, make_order
from .test_checkout_screen import press_reward, scan, type_line
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui
REPO = Path(__file__).resolve().parents[2]
SOON_MS = 8_000  # "within a few seconds": the poll runs every second; the rest is a loaded test machine


def run_cli(db: Path, *args: str) -> Any:
    """The real command line in a process of its own, on the same database file, run by the
    manager Maya (her PIN from the environment, as a script passes it)."""
    env = {**os.environ, "POS_LOYALTY_PIN": ensure_manager()}
    result = subprocess.run([sys.executable, "main.py", "--db", str(db), "--user", "Maya", "--json", *args], cwd=REPO, capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def run_elsewhere(db: Path, code: str) -> None:
    """Python in another process on the same database, as another till would change it."""
    script = (f"from pos_loyalty.services.setup import open_store\nopen_store({str(db)!r})\n"
              f"def ensure_manager():\n    return {ensure_manager()!r}\n{code}")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def commit_file(tmp_path: Path, order: dict[str, Any]) -> str:
    path = tmp_path / f"{order['order_id']}.json"
    path.write_text(json.dumps(order), encoding="utf-8")
    return str(path)


@pytest.fixture
def window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    ensure_manager()  # the CLI runs below are Maya's: made before the window, so it is no change to catch
    widget = MainWindow(user="Sam")
    show_active(qtbot, widget)
    return widget


def listed_balance(window: MainWindow, number: str) -> str | None:
    screen = window.built["cards"]
    row = screen.model.row_of(number)
    return None if row < 0 else screen.model.data(screen.model.index(row, BALANCE))


def test_the_cards_list_and_the_open_card_follow_sales_at_the_checkout(qtbot, window, card, manager):
    adjustments.adjust(card, 18, "opening balance", MANAGER_PIN)
    screen = window.go_to("cards")
    assert screen.select_card(card) and listed_balance(window, card) == "18"
    checkout.commit(make_order("S-1", card, [("CAKE", 1, "65.00")]))  # a sale in this process, behind the screen's back
    balance = cards.lookup(card).balance
    assert balance > 18
    qtbot.waitUntil(lambda: listed_balance(window, card) == f"{balance:,}", timeout=SOON_MS)
    assert screen.detail.balance_text() == f"{balance:,} points", "the list and the open card agree"
    assert screen.table.selectionModel().selectedRows()[0].row() == screen.model.row_of(card), "still selected"

    window.go_to("checkout")  # the cards screen is hidden now: it catches up when shown again
    checkout.commit(make_order("S-2", card, [("CAKE", 1, "10.00")]))
    later = cards.lookup(card).balance
    qtbot.wait(50)
    window.go_to("cards")
    assert listed_balance(window, card) == f"{later:,}" and screen.detail.balance_text() == f"{later:,} points"


def test_the_open_card_shows_points_changed_by_the_command_line(qtbot, window, store, card, tmp_path):
    screen = window.go_to("cards")
    screen.select_card(card)
    assert screen.detail.balance_text() == "0 points" and screen.detail.history_model.rowCount() == 0
    result = run_cli(store, "checkout", "commit", commit_file(tmp_path, {"order_id": "CLI-1", "card": card, "total": "42.00"}))
    assert result["balance"] > 0
    qtbot.waitUntil(lambda: screen.detail.balance_text() == f"{result['balance']:,} points", timeout=SOON_MS)
    assert screen.detail.history_model.rowCount() == 1 and listed_balance(window, card) == f"{result['balance']:,}"


def test_a_batch_made_by_the_command_line_appears_in_the_bulk_screen_and_the_cards_list(qtbot, window, store):
    cards_screen = window.go_to("cards")
    assert cards_screen.model.rowCount() == 0
    bulk = window.go_to("bulk")
    assert bulk.batches.rowCount() == 0
    created = run_cli(store, "cards", "create", "--count", "3", "--batch", "Made elsewhere")
    qtbot.waitUntil(lambda: bulk.batches.rowCount() == 1, timeout=SOON_MS)
    assert bulk.batches.item(0, 0).text() == "Made elsewhere"
    window.go_to("cards")
    assert cards_screen.model.rowCount() == 3 and cards_screen.model.row_of(created["first"]) >= 0, "listed without touching the search"
    assert cards_screen.count_label.text() == "3 cards"


def test_a_refused_commit_shows_the_balance_the_card_has_now(qtbot, store, card, manager, tmp_path):
    adjustments.adjust(card, 250, "opening balance", MANAGER_PIN)
    screen = CheckoutScreen(user="Sam")  # on its own: only the refusal itself can bring the new balance
    show_active(qtbot, screen)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "CAKE", 2, "6.00")
    press_reward(qtbot, screen, "ten-percent")  # costs 200 points
    assert screen.balance.text() == "250 points"
    # Another till spends 150 of the points meanwhile.
    spent = run_cli(store, "checkout", "commit", commit_file(tmp_path, {"order_id": "TILL2-1", "card": card, "total": "20.00",
                                                                         "rewards": [{"id": "pay-with-points", "points": 150}]}))
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=20_000)  # the commit runs in the pool
    assert screen.commit_error.text() or screen.rewards_error.text(), "the commit was refused"
    assert screen.balance.text() == f"{spent['balance']:,} points", "the card as it is now, not as it was scanned"
    assert checkout.Order.select().where(checkout.Order.order_id == screen.order_id).count() == 0


def test_the_status_bar_follows_a_rules_import_and_a_store_name_change_elsewhere(qtbot, window, store, tmp_path):
    assert window.status_store.text() == "My Store" and "2026.11-demo" in window.status_rules.text()
    rules = json.loads((REPO / "resources" / "demo_rules.json").read_text(encoding="utf-8"))
    rules["version"] = "2026.12-winter"
    bundle = tmp_path / "winter.json"
    bundle.write_text(json.dumps(rules), encoding="utf-8")
    with qtbot.waitSignal(window.changes.changed, timeout=SOON_MS) as heard:
        run_cli(store, "rules", "import", str(bundle))
    kinds, keys = heard.args
    assert kinds == {"rules"} and keys == {"rules": {"2026.12-winter"}}
    qtbot.waitUntil(lambda: "2026.12-winter" in window.status_rules.text(), timeout=SOON_MS)
    run_elsewhere(store, "from pos_loyalty.services import settings\nsettings.set_value('store_name', 'Corner Café', manager_pin=ensure_manager())")
    qtbot.waitUntil(lambda: window.status_store.text() == "Corner Café", timeout=SOON_MS)
    rules_screen = window.go_to("rules")
    assert rules_screen.active_version_text() == "2026.12-winter"


def test_the_refund_screen_shows_a_refund_made_at_another_till(qtbot, window, store, card):
    checkout.commit(make_order("R-1", card, [("CAKE", 2, "6.00"), ("COFFEE", 1, "2.80")]))
    screen = window.go_to("refund")
    assert screen.open_order("R-1") and screen.order.status == "committed"
    run_cli(store, "refund", "R-1", "--refund-id", "TILL2-R1", "--lines", "0:1")
    qtbot.waitUntil(lambda: screen.order.status == "partially_refunded", timeout=SOON_MS)
    assert "refunded so far" in screen.amounts.text() and f"balance {cards.lookup(card).balance}" in screen.customer.text()


def test_the_settings_screen_shows_a_store_name_saved_elsewhere_unless_it_is_being_edited(qtbot, window, store):
    screen = window.go_to("settings")
    assert screen.store_name.text() == "My Store"
    run_elsewhere(store, "from pos_loyalty.services import settings\nsettings.set_value('store_name', 'Corner Café', manager_pin=ensure_manager())")
    qtbot.waitUntil(lambda: screen.store_name.text() == "Corner Café", timeout=SOON_MS)
    qtbot.keyClicks(screen.store_name, " & Bakery")  # the manager is typing: what they typed stays
    run_elsewhere(store, "from pos_loyalty.services import settings\nsettings.set_value('store_name', 'Other name', manager_pin=ensure_manager())")
    qtbot.waitUntil(lambda: window.status_store.text() == "Other name", timeout=SOON_MS)
    assert screen.store_name.text() == "Corner Café & Bakery"


def test_the_cards_list_keeps_its_place_when_cards_are_added_elsewhere(qtbot, window, store):
    cards.bulk_create(150, "First")
    screen = window.go_to("cards")
    screen.table.selectRow(120)
    number = screen.detail.number
    bar = screen.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position = bar.value()
    assert position > 0 and number
    run_cli(store, "cards", "create", "--count", "2", "--batch", "Second")  # listed first: newest first
    qtbot.waitUntil(lambda: screen.model.rowCount() == 152, timeout=SOON_MS)
    selected = screen.table.selectionModel().selectedRows()
    assert [screen.model.row_at(i.row()).number for i in selected] == [number] and screen.detail.number == number
    assert bar.value() == position
