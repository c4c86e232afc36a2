"""The refund screen driven offscreen as a cashier drives it: scan the receipt (or the card), pick
what to refund, read the preview, F12 — then the database: the balance moved by exactly the
reversed points, once, however often F12 was pressed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from peewee import OperationalError
from PySide6.QtCore import Qt

from pos_loyalty.domain.errors import NotFound
from pos_loyalty.services import adjustments, cards, checkout, refunds
from pos_loyalty.store.models import AuditLog, LedgerEntry, Order, Refund
from pos_loyalty.ui import refund_screen
from pos_loyalty.ui.refund_screen import RefundScreen, signed
from pos_loyalty.ui.widgets import money_text

from ..conftest import at, make_order
from ..db_compare import assert_same_as_cli, dump, snapshot
from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui

REFUNDED_COLUMN = 6


def press_f12(qtbot, screen: RefundScreen) -> None:  # type: ignore[no-untyped-def]
    """F12, then wait for the refund running in the background to answer."""
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=20_000)


@pytest.fixture
def screen(qtbot, store) -> RefundScreen:  # type: ignore[no-untyped-def]
    widget = RefundScreen(user="Sam")
    show_active(qtbot, widget)
    widget.resize(1100, 720)
    return widget


def find(qtbot, screen: RefundScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    """F2, scan, Enter — as the barcode scanner does."""
    qtbot.keyClick(screen, Qt.Key.Key_F2)
    assert screen.order_field.hasFocus()
    qtbot.keyClicks(screen.order_field, text)
    qtbot.keyClick(screen.order_field, Qt.Key.Key_Return)


def balance(card: str) -> int:
    return cards.lookup(card).balance


def reversals(refund_id: str) -> list[LedgerEntry]:
    return list(LedgerEntry.select().join(Refund).where((Refund.refund_id == refund_id) & (LedgerEntry.kind == "reverse")))


def test_partial_refund_previews_exactly_and_reverses_once(qtbot, screen: RefundScreen, store: Path, card: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("T-1", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")]), when=at(2))
    find(qtbot, screen, "T-1")
    assert screen.order is not None and screen.order.order_id == "T-1"
    assert not screen.order_error.isVisible()
    assert screen.order_field.hasFocus()  # a scanner's next receipt lands in the order field, never in a quantity
    assert not screen.confirm_button.isEnabled()  # nothing picked yet
    # F3 goes to the first line's quantity; ↑ makes it 1 of the 2 coffees
    qtbot.keyClick(screen, Qt.Key.Key_F3)
    assert screen.spin_for(0).hasFocus() and screen.spin_for(0).property("left") == 2
    qtbot.keyClick(screen.spin_for(0), Qt.Key.Key_Up)
    assert screen.selection() == ("partial", {0: 1})
    plan = refunds.plan("T-1", "partial", {0: 1})
    assert plan.points_reversed > 0
    assert screen.preview_money.text() == money_text(plan.amount, "EUR") == "€2.80"
    assert screen.preview_reversed.text() == f"{signed(-plan.points_reversed)} points"
    before = balance(card)
    assert screen.preview_balance.text() == f"{before - plan.points_reversed:,} points"
    assert screen.confirm_button.isEnabled() and "F12" in screen.confirm_button.toolTip()
    # the preview follows every change; with more than one rule involved it says what each gives back
    screen.set_quantity(1, 1)
    both = refunds.plan("T-1", "partial", {0: 1, 1: 1})
    assert len(both.by_rule) > 1
    assert screen.preview_reversed.text() == f"{signed(-both.points_reversed)} points"
    assert screen.preview_rules.text().splitlines() == [f"{screen.order.rule_name(rule)}: {signed(-points)}" for rule, points in both.by_rule.items()]
    screen.set_quantity(1, 0)
    assert screen.preview_reversed.text() == f"{signed(-plan.points_reversed)} points" and not screen.preview_rules.isVisible()

    copy = snapshot(store, tmp_path / "before.db")
    with qtbot.waitSignal(screen.refunded, timeout=5_000) as signal:
        press_f12(qtbot, screen)
    assert signal.args == [card]
    (made,) = Refund.select()
    assert made.refund_id.startswith("R-T-1-") and made.kind == "partial" and made.user == "Sam"
    assert balance(card) == before - plan.points_reversed
    assert len(reversals(made.refund_id)) == 1 and reversals(made.refund_id)[0].points == -plan.points_reversed
    assert screen.message.isVisible() and f"New balance: {before - plan.points_reversed:,} points" in screen.message.text()
    # the lines now show what was refunded, and only what is left can be picked
    assert screen.lines_table.item(0, REFUNDED_COLUMN).text() == "1"
    assert screen.spin_for(0).property("left") == 1 and screen.spin_for(0).value() == 0
    assert screen.order.status == "partially_refunded"
    assert screen.history.isVisible() and screen.history.text().count("\n") == 0 and made.refund_id in screen.history.text()
    # exactly what the CLI does with the same refund id
    assert_same_as_cli(copy, store, "refund", "T-1", "--refund-id", made.refund_id, "--lines", "0:1", user="Sam")


def test_f12_twice_and_confirm_again_reverse_once(qtbot, screen: RefundScreen, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("T-2", card, [("COFFEE", 2, "2.80"), ("CAKE", 1, "6.00")]), when=at(2))
    find(qtbot, screen, "T-2")
    qtbot.keyClick(screen, Qt.Key.Key_F3)
    qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_Up)
    reversed_points = refunds.plan("T-2", "partial", {0: 1}).points_reversed
    before = balance(card)
    press_f12(qtbot, screen)
    press_f12(qtbot, screen)
    screen.confirm()
    screen.confirm_button.click()
    qtbot.waitUntil(lambda: not screen.is_committing(), timeout=20_000)
    assert Refund.select().count() == 1
    assert balance(card) == before - reversed_points
    assert LedgerEntry.select().where(LedgerEntry.kind == "reverse").count() == 1


def test_a_retry_after_a_failure_reuses_the_refund_id(qtbot, screen: RefundScreen, card: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The refund went through but the till never heard back (the database went away): F12 again
    sends the same refund id, which replays the first refund instead of making a second one."""
    checkout.commit(make_order("T-3", card, [("COFFEE", 2, "2.80"), ("CAKE", 1, "6.00")]), when=at(2))
    find(qtbot, screen, "T-3")
    screen.set_quantity(1, 1)
    reversed_points = refunds.plan("T-3", "partial", {1: 1}).points_reversed
    before = balance(card)
    real = refunds.refund
    ids: list[str] = []

    def lost_answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        ids.append(args[1])
        result = real(*args, **kwargs)
        if len(ids) == 1:
            raise OperationalError("disk I/O error")
        return result

    monkeypatch.setattr(refund_screen.refunds, "refund", lost_answer)
    press_f12(qtbot, screen)
    assert screen.confirm_error.isVisible() and "try again" in screen.confirm_error.text()
    press_f12(qtbot, screen)
    assert len(ids) == 2 and ids[0] == ids[1]
    assert not screen.confirm_error.isVisible()
    assert "nothing was done twice" in screen.message.text()
    assert Refund.select().count() == 1 and balance(card) == before - reversed_points


def test_a_new_choice_after_a_refused_one_gets_a_new_id(qtbot, screen: RefundScreen, card: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("T-4", card, [("COFFEE", 2, "2.80")]), when=at(2))
    find(qtbot, screen, "T-4")
    ids: list[str] = []
    real = refunds.refund

    def remember(*args, **kwargs):  # type: ignore[no-untyped-def]
        ids.append(args[1])
        if len(ids) == 1:
            raise NotFound("order_id", "no order T-4")  # e.g. the hub is being restored
        return real(*args, **kwargs)

    monkeypatch.setattr(refund_screen.refunds, "refund", remember)
    screen.set_quantity(0, 1)
    press_f12(qtbot, screen)
    assert screen.confirm_error.text() == "no order T-4"
    screen.set_quantity(0, 2)  # the cashier changes the choice: a different refund, a different id
    press_f12(qtbot, screen)
    assert ids[0] != ids[1] and Refund.get().refund_id == ids[1]


def test_refund_all_gives_back_the_points_spent(qtbot, screen: RefundScreen, card: str, manager: str) -> None:  # type: ignore[no-untyped-def]
    adjustments.adjust(card, 300, "starting balance for the test", manager)
    committed = checkout.commit(make_order("T-5", card, [("CAKE", 2, "10.00")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(2))
    assert committed.points_spent == 100
    find(qtbot, screen, "T-5")
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    assert screen.all_mode.isChecked() and screen.selection() == ("full", {})
    assert screen.spin_for(0).value() == 2 and not screen.spin_for(0).isEnabled()  # all of it, locked
    plan = refunds.plan("T-5", "full")
    assert plan.points_returned == 100 and plan.completes_order
    assert screen.preview_returned.text() == "+100 points"
    assert screen.preview_reversed.text() == f"{signed(-plan.points_reversed)} points"
    assert screen.preview_money.text() == money_text(plan.amount, "EUR")
    before = balance(card)
    press_f12(qtbot, screen)
    assert balance(card) == before - plan.points_reversed + 100
    assert Order.get(Order.order_id == "T-5").status == "refunded"
    assert LedgerEntry.select().where(LedgerEntry.kind == "return").get().points == 100
    assert screen.order is not None and screen.order.status == "refunded"
    assert not screen.confirm_button.isEnabled() and not screen.spin_for(0).isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_F6)  # refunding it again is refused by the service, shown, and changes nothing
    assert screen.confirm_error.isVisible() and "already refunded" in screen.confirm_error.text()
    press_f12(qtbot, screen)
    assert Refund.select().count() == 1 and balance(card) == before - plan.points_reversed + 100


def test_cancel_order(qtbot, screen: RefundScreen, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("T-6", card, [("CAKE", 1, "8.00")]), when=at(2))
    find(qtbot, screen, "T-6")
    qtbot.keyClick(screen, Qt.Key.Key_F7)
    assert screen.selection() == ("cancel", {})
    press_f12(qtbot, screen)
    assert Order.get(Order.order_id == "T-6").status == "cancelled" and balance(card) == 0
    assert Refund.get().kind == "cancel"


def test_find_by_card_number_and_pick_an_order(qtbot, screen: RefundScreen, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("C-1", card, [("CAKE", 1, "3.00")]), when=at(2))
    checkout.commit(make_order("C-2", card, [("CAKE", 2, "3.00")]), when=at(3))
    find(qtbot, screen, card)
    assert screen.orders_box.isVisible() and screen.order is None
    assert [screen.orders_table.item(row, 1).text() for row in range(screen.orders_table.rowCount())] == ["C-2", "C-1"]
    assert screen.order_field.hasFocus(), "the next scan replaces the list"
    qtbot.keyClick(screen.order_field, Qt.Key.Key_Down)
    assert screen.orders_table.hasFocus() and screen.orders_table.currentRow() == 0, "↓ from the field: the FIRST order"
    qtbot.keyClick(screen.orders_table, Qt.Key.Key_Down)
    qtbot.keyClick(screen.orders_table, Qt.Key.Key_Return)
    assert screen.order is not None and screen.order.order_id == "C-1"
    assert screen.spin_for(0).hasFocus()  # ready to pick the quantity
    assert "C-1" in screen.title.text()
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    press_f12(qtbot, screen)
    assert Order.get(Order.order_id == "C-1").status == "refunded"
    assert screen.orders_table.item(1, 2).text() == "refunded"  # the list shows it at once
    assert screen.orders_table.item(0, 2).text() == "paid"


def test_a_refund_above_the_limit_needs_a_manager_pin(qtbot, monkeypatch, screen: RefundScreen, card: str, manager: str) -> None:  # type: ignore[no-untyped-def]
    earned = checkout.commit(make_order("M-1", card, [("CAKE", 1, "60.00")]), when=at(2)).balance
    find(qtbot, screen, "M-1")
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    pad = PinPad(monkeypatch, qtbot)  # no manager at hand
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    assert pad.calls == 1 and Refund.select().count() == 0 and balance(card) == earned
    assert "manager" in screen.confirm_error.text()
    PinPad(monkeypatch, qtbot, manager)
    press_f12(qtbot, screen)
    assert Refund.get().amount == Decimal("60.00") and balance(card) == 0
    assert AuditLog.get(AuditLog.action == "refund.approve").user == "Maya"


def test_an_order_refunded_at_another_till_meanwhile_is_said_next_to_confirm_not_a_crash(qtbot, monkeypatch, screen: RefundScreen, card: str, manager: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("M-2", card, [("CAKE", 2, "60.00")]), when=at(2))
    find(qtbot, screen, "M-2")
    qtbot.keyClick(screen, Qt.Key.Key_F6)  # all of it: above the limit, so the amount is checked before any PIN
    refunds.refund("M-2", "OTHER-TILL", "full", manager_pin=manager)  # behind this screen's back
    pad = PinPad(monkeypatch, qtbot, manager)
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    assert pad.calls == 0 and Refund.select().count() == 1
    assert screen.confirm_error.isVisible() and "refund" in screen.confirm_error.text().lower() and not screen.is_committing()


def test_a_refund_below_zero_is_made_and_flagged(qtbot, monkeypatch, screen: RefundScreen, card: str, manager: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("N-1", card, [("CAKE", 1, "200.00")]), when=at(2))  # 250 points
    checkout.commit(make_order("N-2", card, [("CAKE", 1, "5.00")], rewards=[{"id": "ten-percent"}]), when=at(3))  # spends 200
    before = balance(card)
    find(qtbot, screen, "N-1")
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    assert screen.preview_balance.text() == f"\u2212{250 - before:,} points"
    assert "below zero" in screen.preview_note.text()
    PinPad(monkeypatch, qtbot, manager)  # 200.00 is above the store's limit for a cashier alone
    press_f12(qtbot, screen)
    assert balance(card) == before - 250 < 0
    assert Refund.get().flagged_negative
    assert screen.warning.isVisible() and "flagged" in screen.warning.text()


def test_unknown_order_shows_an_error_and_changes_nothing(qtbot, screen: RefundScreen, store: Path, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("U-1", card), when=at(2))
    before = dump(store)
    find(qtbot, screen, "NOPE-1")
    assert screen.order_error.isVisible() and "NOPE-1" in screen.order_error.text()
    assert screen.order is None and not screen.confirm_button.isEnabled()
    press_f12(qtbot, screen)
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    press_f12(qtbot, screen)
    assert dump(store) == before
    # a mistyped card number says why
    find(qtbot, screen, card[:-1] + str((int(card[-1]) + 1) % 10))
    assert "check digit" in screen.order_error.text()
    assert dump(store) == before


def test_escape_clears_the_screen(qtbot, screen: RefundScreen, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("E-1", card, [("COFFEE", 2, "2.80")]), when=at(2))
    find(qtbot, screen, "E-1")
    qtbot.keyClick(screen, Qt.Key.Key_F3)
    qtbot.keyClicks(screen.spin_for(0), "2")
    assert screen.selection() == ("partial", {0: 2}) and screen.confirm_button.isEnabled()
    qtbot.keyClick(screen.spin_for(0), Qt.Key.Key_Escape)
    assert screen.order is None and screen.lines_table.rowCount() == 0 and not screen.confirm_button.isEnabled()
    assert screen.order_field.hasFocus() and screen.preview_money.text() == "—"
    press_f12(qtbot, screen)
    assert Refund.select().count() == 0


def test_down_from_the_field_then_enter_opens_the_newest_order(qtbot, screen: RefundScreen, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("D-1", card, [("CAKE", 1, "3.00")]), when=at(2))
    checkout.commit(make_order("D-2", card, [("CAKE", 2, "3.00")]), when=at(3))
    find(qtbot, screen, card)
    qtbot.keyClick(screen.order_field, Qt.Key.Key_Down)
    qtbot.keyClick(screen.orders_table, Qt.Key.Key_Return)
    assert screen.order is not None and screen.order.order_id == "D-2"


def test_an_unknown_order_id_clears_the_order_shown_before(qtbot, screen: RefundScreen, card: str) -> None:  # type: ignore[no-untyped-def]
    checkout.commit(make_order("K-1", card, [("CAKE", 1, "3.00")]), when=at(2))
    find(qtbot, screen, "K-1")
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    assert screen.order is not None and screen.confirm_button.isEnabled()
    find(qtbot, screen, "K-404")
    assert screen.order is None and screen.plan is None and not screen.confirm_button.isEnabled()
    assert "no order K-404" in screen.order_error.text() and "K-1" not in screen.title.text()
    assert screen.lines_table.rowCount() == 0
    press_f12(qtbot, screen)
    assert Refund.select().count() == 0, "F12 cannot refund the order looked at before"
