"""The e-mail outbox on the PostgreSQL hub: migration 0010 there, queueing idempotently
(ON CONFLICT DO NOTHING), claiming and sending to a real SMTP server, exactly as on SQLite."""

from __future__ import annotations

import datetime as dt

import pytest

from pos_loyalty.services import customers, messages, settings
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import Message

from .conftest import ensure_manager
from .smtp_server import SmtpServer
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 - the fixtures

pytestmark = pytest.mark.hub


def test_the_outbox_queues_once_and_sends_once_on_the_hub(hub: str) -> None:
    with SmtpServer() as server:
        settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": str(server.port), "smtp_security": "none",
                             "smtp_from": "shop@example.com"}, manager_pin=ensure_manager())
        customer, card = customers.enrol(customers.CustomerInput("Hub Guest", email="guest@example.com"))
        now = dt.datetime(2026, 11, 29, 12, 0)
        with transaction():
            first = messages.queue("trigger:hub", customer, "Hi {{ customer_name }}", "Hello", "<p>Hello</p>", {}, source="t", card=card, at=now)
            again = messages.queue("trigger:hub", customer, "Other", "Other", "", {}, source="t", card=card, at=now)
        assert again.id == first.id and Message.select().count() == 1
        server.recorder.refuse = ["421 4.7.0 Try again later"]
        assert messages.send_due(now=now).retrying == 1
        assert messages.send_due(now=now + dt.timedelta(minutes=1)).sent == 1
        assert server.recorder.ids() == [first.message_id]
        assert Message.get_by_id(first.id).status == "sent"
