"""The loyalty slip and the customer display at the till (issue 15), driven as a cashier drives
them: the customer display follows a checkout (card scanned → name and balance; a line added →
the points to earn; F12 → thanks, then the welcome); the slip prints by itself after a sale when
the store asks, or on Ctrl+P; a printer that does not answer is shown in red and the sale stays
committed; the receipt printer is chosen in Settings with a manager's PIN."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.services import customers, settings
from pos_loyalty.store.models import Order
from pos_loyalty.ui.checkout_screen import CheckoutScreen
from pos_loyalty.ui.customer_display import CustomerDisplay
from pos_loyalty.ui.settings_screen import SettingsScreen
from pos_loyalty.ui.slip_printer import SlipPrinter

from ..conftest import MANAGER_PIN
from .test_checkout_screen import press_f12, scan, type_line
from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui


@pytest.fixture
def till(qtbot, store, manager):  # type: ignore[no-untyped-def]
    screen = CheckoutScreen(user="Maya")
    printer = SlipPrinter(screen)
    show_active(qtbot, screen)
    display = CustomerDisplay()
    qtbot.addWidget(display)
    display.follow(screen)
    _customer, card = customers.enrol(customers.CustomerInput("Zoë Brontë", "+44 7700 900124"))
    return screen, printer, display, card.number


def shown(display: CustomerDisplay) -> str:
    return "\n".join(label.text() for label in (display.heading, display.balance, display.earns, display.total, display.rewards_heading, display.rewards)
                     if label.isVisibleTo(display))


def test_the_customer_display_follows_the_checkout(qtbot, till) -> None:  # type: ignore[no-untyped-def]
    screen, _printer, display, number = till
    assert shown(display) == "Welcome to My Store\nShow your loyalty card to earn points"
    scan(qtbot, screen, number)
    assert display.heading.text() == "Hello, Zoë" and display.balance.text() == "Your balance: 0 points"
    assert number not in shown(display) and "Brontë" not in shown(display)  # the first name only, never the card
    assert not display.earns.isVisibleTo(display)
    type_line(qtbot, screen, "BEANS", 1, "12.00", collection="beans")
    # 12 points for 12.00, 5 for the beans, 50 welcome points on a first order of 5.00 or more
    assert display.earns.text() == "This order earns 67 points" and display.total.text() == "Total: €12.00"
    press_f12(qtbot, screen)
    assert display.heading.text() == "Thank you!" and display.balance.text() == "Your balance: 67 points"
    assert not display.earns.isVisibleTo(display) and display.idle_timer.isActive()
    display.idle_timer.timeout.emit()
    assert shown(display) == "Welcome to My Store\nShow your loyalty card to earn points"


def test_the_display_lists_the_rewards_the_customer_can_take(qtbot, till) -> None:  # type: ignore[no-untyped-def]
    from pos_loyalty.services import adjustments

    screen, _printer, display, number = till
    adjustments.adjust(number, 300, "goodwill", manager_pin=MANAGER_PIN)
    scan(qtbot, screen, number)
    assert display.rewards_heading.text() == "Rewards you can take now"
    assert "10% off the order" in display.rewards.text() and "Free coffee" in display.rewards.text()


def test_the_display_goes_to_the_second_screen_when_there_is_one(qtbot, till, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    _screen, _printer, display, _number = till
    display.place()
    assert display.isVisible() and not display.isFullScreen()  # one screen: an ordinary window
    display.close()
    first = QGuiApplication.primaryScreen()
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [first, first]))
    full: list[bool] = []
    monkeypatch.setattr(display, "showFullScreen", lambda: full.append(True))
    display.place()
    assert full == [True]


def test_the_slip_prints_after_the_sale_when_the_store_asks(qtbot, till, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen, printer, _display, number = till
    device = tmp_path / "lp0"
    settings.set_values({"slip_printer": "file", "slip_printer_address": str(device), "slip_auto_print": "yes"}, manager_pin=MANAGER_PIN)
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 2, "2.80")
    with qtbot.waitSignal(printer.printed, timeout=20_000):
        press_f12(qtbot, screen)
    order_id = Order.get().order_id
    assert f"Loyalty slip of {order_id} printed on the printer device {device}." in screen.message.text()
    data = device.read_bytes()
    assert order_id.encode() in data and b"+55 points" in data and data.endswith(b"\x1dV\x00")  # 5 + 50 welcome points
    device.unlink()
    with qtbot.waitSignal(printer.printed, timeout=20_000):
        qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P: the same slip again
    assert order_id.encode() in device.read_bytes()


def test_a_printer_error_is_shown_and_the_sale_stays_committed(qtbot, till) -> None:  # type: ignore[no-untyped-def]
    screen, printer, _display, number = till
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]  # nothing listens there once closed
    settings.set_values({"slip_printer": "network", "slip_printer_address": f"127.0.0.1:{port}", "slip_auto_print": "yes"}, manager_pin=MANAGER_PIN)
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 1, "2.80")
    with qtbot.waitSignal(printer.failed, timeout=20_000):
        press_f12(qtbot, screen)
    order = Order.get()
    assert order.status == "committed" and order.points_earned == 2
    error = screen.commit_error.text()
    assert not screen.commit_error.isHidden()
    assert f"Order {order.order_id} is committed, but its loyalty slip did not print" in error and f"127.0.0.1:{port}" in error
    assert "Ctrl+P tries again" in error


def test_ctrl_p_without_a_sale_says_so(qtbot, till) -> None:  # type: ignore[no-untyped-def]
    screen, printer, _display, _number = till
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "No sale with a card yet" in screen.commit_error.text() and not printer.is_printing()


def test_the_receipt_printer_is_chosen_in_settings(qtbot, monkeypatch, manager) -> None:  # type: ignore[no-untyped-def]
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    box = screen.printer
    assert box.kind.currentData() == "none" and box.columns.value() == 42 and not box.address.isEnabled()
    box.kind.setCurrentIndex(box.kind.findData("usb"))
    box.address.setText("04b8")
    PinPad(monkeypatch, qtbot, MANAGER_PIN, MANAGER_PIN)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "vendor:product" in box.errors["slip_printer_address"].text() and settings.get("slip_printer") == "none"
    box.address.setText("04b8:0202")
    box.columns.setValue(48)
    box.auto_print.setChecked(True)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.message.text() == "Saved."
    assert [settings.get(k) for k in ("slip_printer", "slip_printer_address", "slip_columns", "slip_auto_print")] == ["usb", "04b8:0202", "48", "yes"]


def test_ctrl_shift_d_opens_the_customer_display_on_the_checkout(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from pos_loyalty.ui.main_window import MainWindow

    window = MainWindow()
    show_active(qtbot, window)
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900125"))
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    display = window.customer_display
    assert isinstance(display, CustomerDisplay) and display.isVisible() and display.isWindow()
    assert display.heading.text() == "Welcome to My Store"
    window.activateWindow()
    scan(qtbot, window.built["checkout"], card.number)
    assert display.heading.text() == "Hello, Ann"
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not display.isVisible()
