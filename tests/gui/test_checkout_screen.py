"""The checkout screen driven offscreen as a cashier drives it: keys and clicks, then the database.

A committed sale must leave the database exactly as the same order sent through the CLI would
(`tests/db_compare.py`: the CLI commits the same order on a snapshot taken before, and the rows
are compared).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.domain import card_numbers
from pos_loyalty.services import adjustments, cards, checkout, customers
from pos_loyalty.store.models import LedgerEntry, Order
from pos_loyalty.ui.checkout_screen import CheckoutScreen

from ..conftest import MANAGER_PIN, ensure_manager, make_order
from ..db_compare import assert_same_as_cli, dump, snapshot
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


@pytest.fixture
def screen(qtbot, store) -> CheckoutScreen:  # type: ignore[no-untyped-def]
    widget = CheckoutScreen(user="Sam")
    show_active(qtbot, widget)
    widget.resize(1200, 760)
    return widget


def scan(qtbot, screen: CheckoutScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(screen, Qt.Key.Key_F2)
    assert screen.scan.hasFocus()
    qtbot.keyClicks(screen.scan, text)
    qtbot.keyClick(screen.scan, Qt.Key.Key_Return)


def type_line(qtbot, screen: CheckoutScreen, sku: str, quantity: int, price: str, name: str = "", collection: str = "") -> None:  # type: ignore[no-untyped-def]
    """F3, then SKU ⇥ name ⇥ collection ⇥ quantity ⇥ price ⏎ — the keyboard path a cashier takes."""
    qtbot.keyClick(screen, Qt.Key.Key_F3)
    assert screen.sku.hasFocus()
    qtbot.keyClicks(screen.sku, sku)
    for widget, text in ((screen.item_name, name), (screen.collection, collection)):
        qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_Tab)
        assert widget.hasFocus()
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_Tab)
    assert screen.quantity.hasFocus()
    screen.quantity.selectAll()
    qtbot.keyClicks(screen.quantity.lineEdit(), str(quantity))
    qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_Tab)
    assert screen.price.hasFocus()
    qtbot.keyClicks(screen.price, price)
    qtbot.keyClick(screen.price, Qt.Key.Key_Return)


def press_f12(qtbot, screen: CheckoutScreen) -> None:  # type: ignore[no-untyped-def]
    """F12, then wait for the commit running in the background to answer."""
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=20_000)


def reward_key(screen: CheckoutScreen, reward_id: str, coupon: str | None = None) -> int:
    """The Alt+n number the screen shows for a reward."""
    rows = [i for i, r in enumerate(screen.reward_rows) if r.reward_id == reward_id and r.coupon == coupon]
    assert rows, f"{reward_id} is not listed"
    return rows[0] + 1


def press_reward(qtbot, screen: CheckoutScreen, reward_id: str) -> None:  # type: ignore[no-untyped-def]
    n = reward_key(screen, reward_id)
    qtbot.keyClick(screen, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)


def give_points(card: str, points: int) -> None:
    adjustments.adjust(card, points, "opening balance for the test", MANAGER_PIN)


# -- scanning and searching -------------------------------------------------------------


def test_scan_shows_the_customer_balance_and_tier(qtbot, screen, card):
    checkout.commit(make_order("EARLIER-1", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")]))
    scan(qtbot, screen, card)
    assert screen.customer_name.text() == "Ann Smith"
    assert screen.balance.text() == "90 points"
    assert screen.card_status.text() == "active" and screen.tier.text() == "Tier: Bronze"
    assert screen.card_number.text() == f"Card {card}"
    assert screen.scan.hasFocus() and screen.scan.text() == "", "ready for the next scan"
    assert screen.scan_error.isHidden()


def test_the_balance_is_painted_whole_at_once_and_a_name_is_shown_as_typed(qtbot, screen, card, manager):
    """A scan paints the card before the rewards and totals are worked out. That first paint
    must show the whole new balance — not the new figure cut off in the narrow place of the
    old one ("—" or a shorter balance) — and a customer's name is text, never HTML."""
    from PySide6.QtCore import QEvent, QObject

    give_points(card, 987_654)
    _customer, other = customers.enrol(customers.CustomerInput("Bo <i>Lee</i>", "+44 7700 900456", ""))
    paints: list[tuple[str, bool]] = []

    class Clock(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                paints.append((watched.text(), watched.width() >= watched.sizeHint().width()))
            return False

    clock = Clock()
    screen.balance.installEventFilter(clock)
    for number, figure in ((card, "987,654 points"), (other.number, "0 points"), (card, "987,654 points")):
        qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(10)  # "—" painted in the balance's place
        paints.clear()
        scan(qtbot, screen, number)
        assert paints and paints[0] == (figure, True), paints
    screen.balance.removeEventFilter(clock)
    assert screen.customer_name.text() == "Ann Smith"
    scan(qtbot, screen, other.number)
    assert screen.customer_name.text() == "Bo <i>Lee</i>" and screen.customer_name.textFormat() == Qt.TextFormat.PlainText


def test_a_mistyped_number_is_refused_by_its_check_digit(qtbot, screen, card):
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    scan(qtbot, screen, wrong)
    assert "check digit" in screen.scan_error.text() and not screen.scan_error.isHidden()
    assert screen.card is None and screen.customer_name.text() == "No card scanned"


def test_search_by_phone_and_pick_a_customer_with_the_keyboard(qtbot, screen, store):
    _c, first = customers.enrol(customers.CustomerInput("Bea Lopez", "07700 900111"))
    _c, second = customers.enrol(customers.CustomerInput("Carl Jung", "07700 900222"))
    scan(qtbot, screen, "07700 900")
    assert screen.results.isVisible() and screen.results.rowCount() == 2
    assert [screen.results.item(r, 0).text() for r in range(2)] == ["Bea Lopez", "Carl Jung"]
    qtbot.keyClick(screen.scan, Qt.Key.Key_Down)
    assert screen.results.hasFocus()
    qtbot.keyClick(screen.results, Qt.Key.Key_Down)
    qtbot.keyClick(screen.results, Qt.Key.Key_Return)
    assert screen.card is not None and screen.card.number == second.number
    assert screen.customer_name.text() == "Carl Jung" and screen.results.isHidden()
    scan(qtbot, screen, "07700 900111")  # one match opens at once
    assert screen.card.number == first.number


def test_an_unassigned_card_offers_enrolment(qtbot, screen, store):
    cards.bulk_create(1, "Counter")
    (number,) = cards.batch_numbers("Counter")
    scan(qtbot, screen, number)
    assert "not been given to a customer" in screen.scan_error.text()
    assert screen.enrol_button.isVisible()
    with qtbot.waitSignal(screen.enrol_requested) as signal:
        qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    assert signal.args == [number]


# -- building the order -------------------------------------------------------------------


def test_points_update_as_the_order_is_typed(qtbot, screen, card):
    scan(qtbot, screen, card)
    assert screen.points_earned.text() == "—"
    type_line(qtbot, screen, "COFFEE", 2, "2.80", name="Filter coffee", collection="drinks")
    # 5.60 spent → 5 points, and the first order of at least 5.00 earns the welcome bonus of 50.
    assert screen.points_earned.text() == "55 points"
    assert screen.total.text() == "€5.60"
    type_line(qtbot, screen, "BEANS", 1, "24.90", collection="beans")
    assert screen.lines_table.rowCount() == 2 and screen.lines_table.item(1, 5).text() == "€24.90"
    assert screen.points_earned.text() == "90 points" and screen.total.text() == "€30.50"
    assert "Coffee beans bonus" in screen.explanation.text() and "Welcome bonus" in screen.explanation.text()
    qtbot.keyClicks(screen.discount, "10")
    quote, _ = checkout.quote(make_order("same", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")], discount="10"))
    assert screen.points_earned.text() == f"{quote.points_earned} points" and screen.total.text() == "€20.50"
    assert screen.figures["discount"].text() == "-€10.00"
    assert Order.select().count() == 0, "quoting writes nothing"


def test_bad_input_is_shown_next_to_its_field_and_changes_nothing(qtbot, screen, card, store):
    scan(qtbot, screen, card)
    before = dump(store)
    type_line(qtbot, screen, "COFFEE", 1, "two")
    assert "not an amount of money" in screen.line_error.text() and screen.lines == []
    assert screen.price.hasFocus(), "the cursor goes to the field that is wrong"
    screen.price.clear()
    screen.sku.clear()
    type_line(qtbot, screen, "", 1, "2.80")
    assert screen.line_error.text().startswith("sku:") and screen.lines == []
    screen.total_only.setText("12.00")
    screen.discount.setText("-3")
    assert "cannot be negative" in screen.amount_errors["discount"].text() and not screen.amount_errors["discount"].isHidden()
    press_f12(qtbot, screen)
    assert Order.select().count() == 0
    screen.discount.setText("abc")
    assert "not an amount" in screen.amount_errors["discount"].text()
    assert dump(store) == before


# -- rewards and committing -----------------------------------------------------------------


def test_a_points_reward_and_a_product_reward_then_commit_as_the_cli_would(qtbot, screen, card, manager, store, tmp_path):
    give_points(card, 500)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 2, "2.80", name="Filter coffee")
    type_line(qtbot, screen, "CAKE", 1, "4.10", name="Carrot cake")
    press_reward(qtbot, screen, "free-coffee")
    assert [c.reward_id for c in screen.choices] == ["free-coffee"]
    assert screen.figures["spent"].text() == "120 points"
    assert screen.lines_table.rowCount() == 3, "the free coffee is shown as a line of the order"
    assert (screen.lines_table.item(2, 0).text(), screen.lines_table.item(2, 5).text()) == ("COFFEE", "free")
    press_reward(qtbot, screen, "pay-with-points")
    # 9.70 to pay at 0.05 a point: 194 points, all of it; the free coffee adds a free line.
    assert [c.reward_id for c in screen.choices] == ["free-coffee", "pay-with-points"]
    assert screen.points_to_use.isVisible() and screen.points_to_use.value() == 194
    assert screen.figures["spent"].text() == "314 points" and screen.total.text() == "€0.00"
    screen.points_to_use.setValue(100)  # the customer keeps some points
    assert screen.figures["spent"].text() == "220 points" and screen.total.text() == "€4.70"
    assert screen.figures["balance_after"].text() == f"{500 - 220 + screen.quote.points_earned} points"

    before = snapshot(store, tmp_path / "before.db")
    order_id = screen.order_id
    sent = screen.order_data()
    press_f12(qtbot, screen)

    order = Order.get(Order.order_id == order_id)
    assert (order.points_spent, order.total) == (220, Decimal("4.70"))
    balance = cards.lookup(card).balance
    assert balance == 500 - 220 + order.points_earned
    assert f"New balance: {balance:,} points" in screen.message.text() and screen.message.isVisible()
    assert [l.sku for l in order.lines] == ["COFFEE", "CAKE", "COFFEE"] and order.lines[2].reward_id == "free-coffee"
    kinds = sorted((e.kind, e.points) for e in LedgerEntry.select().where(LedgerEntry.order == order))
    assert kinds == sorted([("spend", -220), ("earn", order.points_earned)])
    assert screen.card is None and screen.lines == [] and screen.order_id != order_id, "ready for the next sale"
    order_file = tmp_path / "order.json"
    order_file.write_text(json.dumps(sent), encoding="utf-8")
    assert_same_as_cli(before, store, "checkout", "commit", str(order_file), user="Sam")


def test_f12_twice_commits_once_and_a_failed_commit_keeps_its_order_id(qtbot, screen, card, manager):
    give_points(card, 300)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "CAKE", 3, "4.10")
    press_reward(qtbot, screen, "pay-with-points")
    order_id = screen.order_id
    cards.suspend(card, reason="disputed", manager_pin=ensure_manager())  # another till suspends the card meanwhile
    press_f12(qtbot, screen)
    assert "suspended" in screen.commit_error.text() and Order.select().count() == 0
    assert screen.order_id == order_id and screen.lines, "the sale is still on screen"
    assert screen.card.status == "suspended" and "suspended" in screen.rewards_error.text(), "the card as it is now"
    cards.reactivate(card, reason="cleared", manager_pin=ensure_manager())
    scan(qtbot, screen, card)  # the cashier scans it again once reactivated
    press_reward(qtbot, screen, "pay-with-points")
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    press_f12(qtbot, screen)
    assert Order.select().count() == 1 and Order.get().order_id == order_id
    assert LedgerEntry.select().where(LedgerEntry.kind == "spend").count() == 1
    assert not screen.commit_button.isEnabled() and "committed" in screen.message.text(), "the second F12 finds no sale to commit"


def test_a_reward_that_no_longer_applies_is_taken_off_with_the_reason(qtbot, screen, card, manager):
    give_points(card, 100)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2.80")
    type_line(qtbot, screen, "CAKE", 1, "4.10")
    press_reward(qtbot, screen, "upgrade-latte")
    assert screen.figures["spent"].text() == "60 points"
    screen.lines_table.setFocus()
    screen.lines_table.selectRow(0)
    qtbot.keyClick(screen.lines_table, Qt.Key.Key_Delete)
    assert [l["sku"] for l in screen.lines] == ["CAKE"]
    assert screen.choices == [] and "needs COFFEE" in screen.rewards_error.text()
    assert screen.figures["spent"].text() == "—"


def test_an_unaffordable_reward_says_why(qtbot, screen, card):
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2.80")
    press_reward(qtbot, screen, "ten-percent")
    assert screen.choices == [] and "needs 200 points" in screen.rewards_error.text()


def test_a_suspended_card_earns_nothing_and_offers_no_rewards(qtbot, screen, card):
    cards.suspend(card, reason="disputed", manager_pin=ensure_manager())
    scan(qtbot, screen, card)
    assert screen.card_status.text().startswith("SUSPENDED")
    type_line(qtbot, screen, "COFFEE", 4, "2.80")
    assert screen.points_earned.text() == "0 points" and "suspended" in screen.explanation.text()
    assert screen.reward_rows == []
    press_f12(qtbot, screen)
    assert Order.get().points_earned == 0 and cards.lookup(card).balance == 0


def test_a_sale_without_a_card_records_the_order_and_earns_nothing(qtbot, screen, store):
    qtbot.keyClick(screen, Qt.Key.Key_F4)
    qtbot.keyClicks(screen.total_only, "12.50")
    assert screen.total.text() == "€12.50" and screen.points_earned.text() == "no card"
    press_f12(qtbot, screen)
    order = Order.get()
    assert order.card_id is None and order.points_earned == 0 and "No card, no points" in screen.message.text()


def test_new_sale_forgets_everything(qtbot, screen, card):
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2.80")
    first_id = screen.order_id
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.card is None and screen.lines == [] and screen.order_id != first_id
    assert screen.lines_table.rowCount() == 0 and screen.total.text() == "—" and screen.scan.hasFocus()
    assert card_numbers.is_valid(card)


def test_a_scanned_number_opens_its_card_without_a_search_and_a_phone_that_passes_a_check_digit_is_searched(qtbot, screen, card, monkeypatch):
    """The scanner's path is one statement (number → balance on screen); a phone number typed
    may pass a check digit too, and is then found as the phone it is."""
    from pos_loyalty.services import search

    real, searched = search.find, []
    monkeypatch.setattr(search, "find", lambda text, *args, **kwargs: searched.append(text) or real(text, *args, **kwargs))
    scan(qtbot, screen, card)
    assert screen.card is not None and screen.card.number == card and searched == []
    typed = next(p for p in (f"07700900{n:03d}" for n in range(1000)) if card_numbers.is_valid(p))
    _customer, theirs = customers.enrol(customers.CustomerInput("Bo Phone", typed, ""))
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    scan(qtbot, screen, typed)
    assert searched == [typed] and screen.card is not None and screen.card.number == theirs.number
    assert not screen.scan_error.isVisible() or not screen.scan_error.text()
