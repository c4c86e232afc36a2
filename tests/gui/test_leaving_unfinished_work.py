"""Leaving a sale or a refund half-done asks first: switching screens (Ctrl+digits, the
navigation bar) and closing the window. The question is answered by a stand-in here; no
modal box is ever left open under test."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pos_loyalty.services import checkout
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import make_order
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


class Answers:
    """Stands in for QMessageBox.question: gives the queued answers (then Yes, as when the test
    ends and its window closes), remembers each question."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queue: list[QMessageBox.StandardButton] = []
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self)

    def __call__(self, _parent, title, text, *_args):  # type: ignore[no-untyped-def]
        self.asked.append(f"{title}\n{text}")
        return self.queue.pop(0) if self.queue else QMessageBox.StandardButton.Yes


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


@pytest.fixture
def window(qtbot, store):  # type: ignore[no-untyped-def]
    widget = MainWindow(user="Sam")
    show_active(qtbot, widget)
    return widget


def test_switching_away_from_a_sale_in_progress_asks_first(qtbot, window, card, answers):
    screen = window.go_to("checkout")
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "cards" and answers.asked == [], "nothing in progress: no question"

    window.go_to("checkout")
    screen.scan.setText(card)
    screen.scan_entered()
    answers.queue.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert len(answers.asked) == 1 and f"card {card}" in answers.asked[0]
    assert window.current_key() == "checkout" and window.stack.currentWidget() is screen, "called off: still on the sale"
    assert screen.card is not None and screen.card.number == card

    answers.queue.append(QMessageBox.StandardButton.Yes)
    window.nav.setCurrentRow(3)
    assert window.current_key() == "cards" and window.stack.currentWidget() is window.built["cards"]
    assert len(answers.asked) == 2


def test_closing_with_a_sale_in_progress_asks_and_no_keeps_the_window_open(qtbot, window, card, answers):
    screen = window.go_to("checkout")
    screen.sku.setText("COFFEE")
    screen.price.setText("2.80")
    screen.add_line()
    answers.queue.append(QMessageBox.StandardButton.No)
    window.close()
    assert window.isVisible() and "1 line" in answers.asked[0]
    answers.queue.append(QMessageBox.StandardButton.Yes)
    window.close()
    assert not window.isVisible()


def test_closing_with_nothing_in_progress_does_not_ask(qtbot, window, answers):
    window.go_to("refund")
    window.close()
    assert not window.isVisible() and answers.asked == []


def test_leaving_a_picked_refund_asks_first(qtbot, window, card, answers):
    checkout.commit(make_order("LEAVE-1", card))
    refund = window.go_to("refund")
    refund.order_field.setText("LEAVE-1")
    refund.search()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "checkout" and answers.asked == [], "an order looked at, nothing picked: no question"

    window.go_to("refund")
    refund.all_mode.setChecked(True)
    answers.queue.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "refund" and "LEAVE-1" in answers.asked[0]
