"""A cart sent by the store's POS over the local HTTP API, inside the desktop app: it opens on
the checkout, the cashier scans the card, applies a reward and commits with F12, and the POS
reads the committed totals back — over a real socket, the API in the app's own thread."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import httpx
import pytest
from PySide6.QtCore import Qt

from pos_loyalty.api.carts import Cart
from pos_loyalty.domain.order import parse_order
from pos_loyalty.services import api_tokens, cards, checkout, settings
from pos_loyalty.store.models import Order
from pos_loyalty.ui.checkout_screen import CheckoutScreen
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import MANAGER_PIN, ensure_manager
from .test_checkout_screen import give_points, press_f12, press_reward, scan
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui

FIVE_LINES = [{"sku": "COFFEE", "name": "Flat white", "quantity": 2, "unit_price": "2.80"},
              {"sku": "CAKE", "name": "Carrot cake", "quantity": 1, "unit_price": "4.10"},
              {"sku": "BEANS", "name": "House beans", "collection": "beans", "quantity": 1, "unit_price": "24.90"},
              {"sku": "TEA", "quantity": 3, "unit_price": "3.00"},
              {"sku": "MUG", "name": "Store mug", "quantity": 1, "unit_price": "9.00"}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def window(qtbot, store):  # type: ignore[no-untyped-def]
    settings.set_values({"api_enabled": "on", "api_port": str(_free_port())}, manager_pin=ensure_manager())
    widget = MainWindow(user="Sam")
    show_active(qtbot, widget)
    yield widget
    widget.close()
    assert not widget.local_api.running, "the API stops with the window"


def test_a_cart_from_the_pos_is_sold_at_the_checkout_and_the_pos_gets_the_totals(qtbot, window, card, tmp_path):
    give_points(card, 300)
    slip = tmp_path / "lp0"  # the receipt printer: a device file, the slip printed after every sale with a card
    settings.set_values({"slip_printer": "file", "slip_printer_address": str(slip), "slip_auto_print": "yes"}, manager_pin=MANAGER_PIN)
    token = api_tokens.create("main-till", manager_pin=MANAGER_PIN).token
    assert window.local_api.running
    window.go_to("enrol")  # the cashier is elsewhere, with nothing unfinished: the checkout comes to the front
    with httpx.Client(base_url=window.local_api.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as pos:
        sent = pos.post("/cart", json={"order_id": "POS-77", "lines": FIVE_LINES})
        assert sent.status_code == 202 and sent.json()["status"] == "waiting"
        cart_id = sent.json()["cart_id"]
        again = pos.post("/cart", json={"order_id": "POS-77", "lines": FIVE_LINES})  # the POS timed out and sends it again
        assert again.status_code == 200 and again.json()["cart_id"] == cart_id
        other = pos.post("/cart", json={"order_id": "POS-77", "lines": FIVE_LINES[:1]})
        assert other.status_code == 409 and other.json()["field"] == "order_id"
        screen = window.built["checkout"]
        qtbot.waitUntil(lambda: screen.pos_cart is not None and window.current_key() == "checkout", timeout=5_000)
        qtbot.wait(20)
        assert screen._waiting_carts == [], "one cart on the screen, not two"
        assert [line["sku"] for line in screen.lines] == ["COFFEE", "CAKE", "BEANS", "TEA", "MUG"] and screen.order_id == "POS-77"
        assert screen.total.text() == "€52.60"
        assert pos.get(f"/cart/{cart_id}").json()["status"] == "open"

        scan(qtbot, screen, card)
        press_reward(qtbot, screen, "ten-percent")
        expected = checkout.quote(parse_order({"order_id": "POS-77", "card": card, "lines": FIVE_LINES, "rewards": [{"id": "ten-percent"}]}))[0]
        assert expected.points_spent == 200 and expected.rewards_off > 0
        answers: list[dict] = []
        waiting = threading.Thread(target=lambda: answers.append(pos.get(f"/cart/{cart_id}", params={"wait": 20}).json()))
        waiting.start()  # the POS long-polls while the cashier works
        qtbot.wait(50)
        assert waiting.is_alive(), "held until the sale is committed"
        with qtbot.waitSignal(screen.slip_printer.printed, timeout=20_000):
            press_f12(qtbot, screen)
        waiting.join(20)
    got = answers[0]
    assert got["status"] == "committed"
    order = got["order"]
    assert (order["order_id"], order["card"], order["total"], order["points_earned"], order["points_spent"], order["replayed"]) == (
        "POS-77", card, str(expected.total), expected.points_earned, 200, False)
    assert order["balance"] == 300 - 200 + expected.points_earned == cards.lookup(card).balance
    assert Order.get(Order.order_id == "POS-77").total == expected.total and Order.select().count() == 1
    assert screen.pos_cart is None and screen.is_empty(), "ready for the next sale"
    printed = slip.read_bytes()  # the customer's slip: this order, what it spent and the balance after
    assert b"POS-77" in printed and b"-200 points" in printed and f"{order['balance']:,} points".encode() in printed


def _cart(order_id: str, card: str | None = None) -> Cart:
    order = {"order_id": order_id, "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "4.10"}], **({"card": card} if card else {})}
    return Cart(f"C-{order_id}", order, "main-till", dt.datetime.now())


def test_a_cart_waits_for_the_sale_under_way_and_a_cleared_cart_is_reported(qtbot, store, card):
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    opened: list[str] = []
    dropped: list[str] = []
    screen.cart_opened.connect(opened.append)
    screen.cart_dropped.connect(dropped.append)
    scan(qtbot, screen, card)  # a sale under way: the cart does not push it aside
    screen.receive_cart(_cart("POS-1", card))
    assert opened == [] and screen.card is not None and not screen.lines and "waiting" in screen.message.text()
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # the cashier clears the sale: the cart opens
    assert opened == ["C-POS-1"] and screen.order_id == "POS-1" and screen.card is not None and screen.card.number == card
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # and clears the cart: the POS hears it
    assert dropped == ["C-POS-1"] and screen.pos_cart is None and screen.is_empty() and screen.order_id != "POS-1"


def test_a_manager_turns_the_local_api_on_and_off_in_settings(qtbot, store, monkeypatch):
    from .test_manager_screens import PinPad

    ensure_manager()
    window = MainWindow(user="Maya")
    show_active(qtbot, window)
    try:
        assert not window.local_api.running, "off until a manager turns it on"
        box = window.go_to("settings").api
        port = _free_port()
        box.enabled.setChecked(True)
        box.port.setValue(port)
        PinPad(monkeypatch, qtbot, MANAGER_PIN)
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        assert window.local_api.running and window.local_api.url == f"http://127.0.0.1:{port}"
        assert httpx.get(f"{window.local_api.url}/health", timeout=5).json() == {"status": "ok"}
        assert box.state.text() == f"Local API on http://127.0.0.1:{port}" and window.status_api.text() == box.state.text()
        box.enabled.setChecked(False)
        PinPad(monkeypatch, qtbot, MANAGER_PIN)
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        assert not window.local_api.running and settings.get("api_enabled") == "off"
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
    finally:
        window.close()


def test_a_manager_makes_and_revokes_a_token_in_settings_shown_once(qtbot, store, monkeypatch):
    from pos_loyalty.ui.settings_screen import SettingsScreen

    from .test_manager_screens import PinPad

    ensure_manager()
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    box = screen.api
    assert box.tokens.text() == "none yet" and box.new_token.isHidden()
    qtbot.keyClicks(box.token_name, "main-till")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(box.create_button, Qt.MouseButton.LeftButton)
    token = box.new_token.text()
    assert box.new_token.isVisible() and box.new_token.isReadOnly() and token.startswith("plk_")
    assert api_tokens.user_for(token) == "main-till" and box.tokens.text().startswith("main-till: made ")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(box.create_button, Qt.MouseButton.LeftButton)  # one live token per name
    assert "revoke it first" in box.token_error.text() and box.new_token.isHidden(), "the token is never shown again"
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(box.revoke_button, Qt.MouseButton.LeftButton)
    assert api_tokens.user_for(token) is None and box.tokens.text() == "none yet" and "revoked" in box.token_message.text()
