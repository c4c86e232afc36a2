"""The app sends the customers' e-mails in the background: a pool thread (never the GUI
thread) runs the outbox on a timer, and closing the window stops it cleanly."""

from __future__ import annotations

import threading

import pytest

from pos_loyalty.services import customers, messages, settings
from pos_loyalty.ui.main_window import MainWindow
from pos_loyalty.ui.outbox_sender import INTERVAL_MS, OutboxSender

from ..conftest import ensure_manager
from ..smtp_server import SmtpServer

pytestmark = pytest.mark.gui


def queue_one(key: str) -> messages.Message:
    customer, card = customers.enrol(customers.CustomerInput(f"Guest {key}", email=f"{key}@example.com"))
    return messages.queue(key, customer, "Hello {{ customer_name }}", "Hi", "", {}, source="test", card=card)


def test_due_messages_are_sent_on_the_timer_off_the_gui_thread(qtbot, store, monkeypatch):
    threads: list[threading.Thread] = []
    real = messages.send_due

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(**kwargs)

    monkeypatch.setattr(messages, "send_due", spy)
    with SmtpServer() as server:
        settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": str(server.port), "smtp_security": "none",
                             "smtp_from": "shop@example.com"}, manager_pin=ensure_manager())
        queued = queue_one("a")
        sender = OutboxSender(interval_ms=50)
        with qtbot.waitSignal(sender.sent, timeout=10_000) as report:
            sender.start()
        assert report.args[0].sent == 1 and server.recorder.ids() == [queued.message_id]
        assert threads and all(t is not threading.main_thread() for t in threads)
        assert sender.stop() and not sender.timer.isActive()


def test_without_a_server_the_runs_leave_messages_pending(qtbot, store):
    queue_one("b")
    sender = OutboxSender(interval_ms=50)
    with qtbot.waitSignal(sender.sent, timeout=10_000) as report:
        sender.start()
    assert report.args[0].waiting == 1 and report.args[0].not_sending
    assert sender.stop()
    assert messages.counts()["pending"] == 1


def test_the_main_window_starts_the_sender_and_closing_stops_it(qtbot, store):
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.outbox.timer.isActive() and window.outbox.timer.interval() == INTERVAL_MS
    window.outbox.send_now()
    window.close()
    assert not window.outbox.timer.isActive() and not window.outbox.is_running()
