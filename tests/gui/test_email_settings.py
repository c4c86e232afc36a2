"""The e-mail settings on the Settings screen: the mail server saved with a manager's PIN, the
password into the private file (never the database), a bad value refused next to its field,
and "Send waiting e-mails now" through a real SMTP server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.services import customers, messages, settings, smtp
from pos_loyalty.ui.settings_screen import SettingsScreen

from ..conftest import MANAGER_PIN
from ..smtp_server import SmtpServer
from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui


def test_the_mail_server_and_password_are_saved_with_a_managers_pin(qtbot, monkeypatch, manager, store):
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    box = screen.email
    assert box.host.text() == "" and box.port.value() == 587 and box.security.currentData() == "starttls"
    assert "smtp_host" in box.outbox.text()  # why nothing is sent
    box.host.setText("smtp.example.com")
    box.port.setValue(465)
    box.security.setCurrentIndex(box.security.findData("ssl"))
    box.smtp_user.setText("shop@example.com")
    box.sender.setText("shop@example.com")
    qtbot.keyClicks(box.password, "Very-Secret-42")
    pad = PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert pad.calls == 1 and box.message.text() == "Saved." and box.password.text() == ""
    assert (settings.get("smtp_host"), settings.get("smtp_port"), settings.get("smtp_security")) == ("smtp.example.com", "465", "ssl")
    assert smtp.password() == "Very-Secret-42" and b"Very-Secret-42" not in store.read_bytes()
    assert smtp.configured()[0] is not None


def test_a_bad_host_is_refused_next_to_its_field_and_nothing_is_saved(qtbot, monkeypatch, manager):
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    box = screen.email
    box.host.setText("smtp example.com")
    box.sender.setText("shop@example.com")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "not a host name" in box.errors["smtp_host"].text() and not box.errors["smtp_host"].isHidden()
    assert settings.get("smtp_host") == "" and settings.get("smtp_from") == ""


def test_send_now_sends_the_waiting_messages_in_the_background(qtbot, manager):
    with SmtpServer() as server:
        settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": str(server.port), "smtp_security": "none",
                             "smtp_from": "shop@example.com"}, manager_pin=MANAGER_PIN)
        customer, card = customers.enrol(customers.CustomerInput("Ann Smith", email="ann@example.com"))
        queued = messages.queue("t:gui", customer, "Hi {{ customer_name }}", "Hello", "", {}, source="t", card=card)
        screen = SettingsScreen(user="Maya")
        show_active(qtbot, screen)
        box = screen.email
        assert box.outbox.text().startswith("1 waiting, 0 sent")
        qtbot.mouseClick(box.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.send_button.isEnabled(), timeout=10_000)
        assert box.outbox.text().startswith("0 waiting, 1 sent") and server.recorder.ids() == [queued.message_id]
