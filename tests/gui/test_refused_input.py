"""Input at the till is refused with the field named — never quietly changed into something
else: −3 does not become 3, 1.005 is not rounded to 1.01 (or 1.00), a refund of more than is
left says what is left, and a discount larger than the order is asked about before it is
committed. Errors speak of "line 1 (COFFEE)" and the reward's name, never "lines[0]" or
"rewards[0]"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pos_loyalty.services import checkout
from pos_loyalty.store.models import Order, Refund
from pos_loyalty.ui.refund_screen import RefundScreen

from ..conftest import make_order
from .test_checkout_screen import give_points, press_f12, press_reward, scan, screen, type_line  # noqa: F401 (screen: the fixture)
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


def test_a_negative_quantity_is_refused_not_made_positive(qtbot, screen, card):
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", -3, "2.80")
    assert screen.quantity.value() == -3 and screen.quantity.text() == "-3", "what was typed stays as typed"
    assert screen.lines == [] and screen.line_error.isVisible()
    assert screen.line_error.text().startswith("quantity:")
    type_line(qtbot, screen, "COFFEE", 0, "2.80")
    assert screen.lines == [] and "quantity" in screen.line_error.text()


def test_a_price_with_too_many_decimals_is_refused_not_rounded(qtbot, screen, card):
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "1.005")
    assert screen.lines == [] and screen.line_error.isVisible()
    assert "unit price" in screen.line_error.text() and "1.005" in screen.line_error.text()
    assert screen.price.text() == "1.005" and screen.price.hasFocus()
    type_line(qtbot, screen, "COFFEE", 1, "1.00")  # the same line, typed right, goes in
    assert [line["unit_price"] for line in screen.lines] == ["1.00"]


def test_an_amount_with_too_many_decimals_is_refused(qtbot, screen, card):
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 2, "2.80")
    screen.discount.setText("0.505")
    assert screen.amount_errors["discount"].isVisible() and "0.505" in screen.amount_errors["discount"].text()
    assert not screen.commit_button.isEnabled()
    press_f12(qtbot, screen)
    assert Order.select().count() == 0


def test_a_discount_larger_than_the_order_asks_first(qtbot, screen, card, monkeypatch):
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_args: (asked.append(text), answers.pop(0))[1])
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2.80")
    screen.discount.setText("28.00")
    press_f12(qtbot, screen)
    assert len(asked) == 1 and "€28.00" in asked[0] and "€2.80" in asked[0]
    assert Order.select().count() == 0 and screen.discount.hasFocus(), "No: back to the discount, nothing committed"
    press_f12(qtbot, screen)
    assert len(asked) == 2 and Order.select().count() == 1

    screen.total_only.setText("10.00")  # a discount within the order is not asked about
    screen.discount.setText("5.00")
    press_f12(qtbot, screen)
    assert len(asked) == 2 and Order.select().count() == 2


def test_errors_name_the_line_and_the_reward_not_a_field_path(qtbot, screen, card, manager):
    give_points(card, 100)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2.80")
    type_line(qtbot, screen, "CAKE", 1, "4.10")
    press_reward(qtbot, screen, "upgrade-latte")
    screen.lines_table.setFocus()
    screen.lines_table.selectRow(0)
    qtbot.keyClick(screen.lines_table, Qt.Key.Key_Delete)
    assert "Upgrade to a large latte" in screen.rewards_error.text()
    assert "rewards[" not in screen.rewards_error.text()
    assert screen._field_text("lines[0].unit_price") == "line 1 (CAKE), unit price"


def test_a_refund_of_more_than_is_left_says_what_is_left(qtbot, store, card):
    checkout.commit(make_order("Q-1", card, [("COFFEE", 2, "2.80"), ("CAKE", 1, "4.10")]))
    screen = RefundScreen(user="Sam")
    show_active(qtbot, screen)
    screen.order_field.setText("Q-1")
    screen.search()
    spin = screen.spin_for(0)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin.lineEdit(), "5")
    assert spin.value() == 5, "typed 5 stays 5 (not clamped to 2)"
    assert screen.confirm_error.isVisible() and "only 2 left" in screen.confirm_error.text()
    assert "COFFEE" in screen.confirm_error.text() and "lines[" not in screen.confirm_error.text()
    assert not screen.confirm_button.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_F12)
    assert Refund.select().count() == 0
