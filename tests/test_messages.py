"""The e-mail outbox: queueing (idempotent, inside the caller's transaction), templates, SMTP
delivery to a real server on localhost (aiosmtpd), retries with backoff, refusals, and the
password kept out of the database and the logs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Iterator

import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import coupons, customers, messages, settings, smtp
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import Card, Customer, Message

from .conftest import MANAGER_PIN, ensure_manager
from .smtp_server import SmtpServer, self_signed_certificate, server_tls_context

SUBJECT = "{{ store_name }}: your {{ reward_name }}, {{ customer_name }}"
TEXT = "Hello {{ customer_name }},\nshow code {{ coupon_code }} before {{ coupon_expires }}.\n"
HTML = "<p>Hello {{ customer_name }}</p><p>Code <b>{{ coupon_code }}</b> until {{ coupon_expires }}</p>"
T0 = dt.datetime(2026, 11, 29, 10, 0)


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer() as running:
        yield running


def configure(server: SmtpServer, **extra: str) -> None:
    settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": str(server.port), "smtp_security": "none",
                         "smtp_from": "shop@example.com", "store_name": "Corner Café", **extra}, manager_pin=ensure_manager())


def customer_with_coupon(name: str = "Ann Smith", email: str = "ann@example.com", phone: str = "") -> tuple[Customer, Card, object]:
    customer, card = customers.enrol(customers.CustomerInput(name, phone, email))
    with transaction():
        coupon = coupons.grant(card, "free-coffee", source="manual", reason="test", expires_at=dt.datetime(2026, 12, 31, 23, 59))
    return customer, card, coupon


def queue_for(customer: Customer, card: Card, coupon: object, key: str, at: dt.datetime = T0) -> Message:
    return messages.queue(key, customer, SUBJECT, TEXT, HTML, {}, source="trigger:bogo", card=card, coupon=coupon, at=at)


def test_queue_is_idempotent_and_blocks_a_customer_without_email(store: Path) -> None:
    customer, card, coupon = customer_with_coupon()
    first = queue_for(customer, card, coupon, "trigger:1")
    again = queue_for(customer, card, coupon, "trigger:1")
    assert again.id == first.id and Message.select().count() == 1
    assert first.status == "pending" and first.to_address == "ann@example.com"
    assert first.message_id.startswith("<") and first.message_id.endswith(">")
    assert first.subject == "My Store: your Free coffee, Ann Smith"
    assert coupon.code in first.body_text and "2026-12-31" in first.body_text  # formats.date_text

    phone_only, card2 = customers.enrol(customers.CustomerInput("Bob Jones", "+44 7700 900124"))
    blocked = messages.queue("trigger:2", phone_only, SUBJECT, TEXT, HTML, {}, source="trigger:bogo", card=card2)
    assert blocked.status == "blocked" and blocked.last_answer == "no e-mail address"
    assert messages.counts()["blocked"] == 1 and messages.counts()["pending"] == 1


def test_queue_inside_the_callers_transaction_rolls_back_with_it(store: Path) -> None:
    customer, card, coupon = customer_with_coupon()
    with pytest.raises(RuntimeError):
        with transaction():
            queue_for(customer, card, coupon, "trigger:rolled-back")
            raise RuntimeError("the sale failed")
    assert Message.select().count() == 0


def test_a_bad_template_blocks_the_message_instead_of_failing_the_sale(store: Path) -> None:
    customer, card, coupon = customer_with_coupon()
    message = messages.queue("t:bad", customer, "Hi {{ nobody }}", TEXT, HTML, {}, source="x", card=card, coupon=coupon)
    assert message.status == "blocked" and "nobody" in message.last_answer
    with pytest.raises(ValidationError) as refused:  # a caller passing an unknown placeholder is a programming error
        messages.queue("t:ctx", customer, "Hi", TEXT, HTML, {"bogus": 1}, source="x", card=card, coupon=coupon)
    assert refused.value.field == "context" and Message.select().count() == 1


def test_html_is_escaped_and_text_is_verbatim(store: Path) -> None:
    customer, card, coupon = customer_with_coupon(name="<script>alert(1)</script>")
    message = queue_for(customer, card, coupon, "t:xss")
    assert "<script>" not in message.body_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in message.body_html
    assert "Hello <script>alert(1)</script>," in message.body_text
    assert "<script>alert(1)</script>" in message.subject


def test_sent_to_a_real_server_with_the_coupon_in_both_parts(store: Path, server: SmtpServer) -> None:
    configure(server)
    customer, card, coupon = customer_with_coupon(name="Zoë O'Neil")
    queued = queue_for(customer, card, coupon, "trigger:7")
    report = messages.send_due(now=T0)
    assert (report.sent, report.failed, report.waiting) == (1, 0, 0)
    [got] = server.recorder.received
    assert got.recipients == ["ann@example.com"] and got.sender == "shop@example.com"
    assert got.message["Subject"] == "Corner Café: your Free coffee, Zoë O'Neil"
    assert got.message_id == queued.message_id
    assert coupon.code in got.part("plain") and coupon.code in got.part("html")
    assert "Zoë O&#39;Neil" in got.part("html") and "Zoë O'Neil" in got.part("plain")
    row = Message.get_by_id(queued.id)
    assert row.status == "sent" and row.sent_at == T0 and row.last_answer.startswith("250") and row.attempts == 1
    assert messages.send_due(now=T0 + dt.timedelta(hours=1)).sent == 0  # never twice
    assert len(server.recorder.received) == 1


def test_refused_then_accepted_after_the_backoff(store: Path, server: SmtpServer) -> None:
    configure(server)
    customer, card, coupon = customer_with_coupon()
    queued = queue_for(customer, card, coupon, "trigger:retry")
    server.recorder.refuse = ["451 4.3.0 Mailbox busy, try later"]
    report = messages.send_due(now=T0)
    assert (report.sent, report.retrying) == (0, 1)
    row = Message.get_by_id(queued.id)
    assert row.status == "pending" and row.attempts == 1 and row.last_answer == "451 4.3.0 Mailbox busy, try later"
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)
    assert messages.send_due(now=T0 + dt.timedelta(seconds=59)).sent == 0  # not yet due
    assert messages.send_due(now=T0 + dt.timedelta(minutes=1)).sent == 1
    assert server.recorder.ids() == [queued.message_id]
    row = Message.get_by_id(queued.id)
    assert row.status == "sent" and row.attempts == 2


def test_backoff_doubles_up_to_an_hour_and_gives_up_after_ten_attempts(store: Path) -> None:
    assert [messages.backoff(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    customer, card, coupon = customer_with_coupon()
    queued = queue_for(customer, card, coupon, "trigger:unreachable")
    settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": "1", "smtp_security": "none", "smtp_from": "shop@example.com"},
                        manager_pin=ensure_manager())  # nothing listens on port 1: connection refused
    moment = T0
    for attempt in range(1, 11):
        report = messages.send_due(now=moment)
        row = Message.get_by_id(queued.id)
        assert row.attempts == attempt and "cannot reach 127.0.0.1:1" in row.last_answer
        if attempt < 10:
            assert row.status == "pending" and row.next_attempt_at == moment + messages.backoff(attempt)
            moment = row.next_attempt_at
    assert row.status == "failed" and report.failed == 1 and "gave up after 10 attempts" in row.last_answer


def test_permanent_refusal_fails_at_once(store: Path, server: SmtpServer) -> None:
    configure(server)
    customer, card, coupon = customer_with_coupon()
    first = queue_for(customer, card, coupon, "trigger:550")
    other, card2, coupon2 = customer_with_coupon(name="Cy Twombly", email="cy@example.com")
    second = queue_for(other, card2, coupon2, "trigger:ok")
    server.recorder.refuse_rcpt = ["550 5.1.1 No such user"]
    report = messages.send_due(now=T0)
    assert (report.sent, report.failed) == (1, 1)
    assert Message.get_by_id(first.id).status == "failed" and Message.get_by_id(first.id).last_answer == "550 5.1.1 No such user"
    assert server.recorder.ids() == [second.message_id]
    assert messages.send_due(now=T0 + dt.timedelta(days=1)).sent == 0


def test_without_a_server_messages_wait_as_pending(store: Path) -> None:
    customer, card, coupon = customer_with_coupon()
    queue_for(customer, card, coupon, "trigger:wait")
    report = messages.send_due(now=T0)
    assert report.sent == 0 and report.waiting == 1 and "smtp_host" in report.not_sending
    assert messages.counts()["pending"] == 1


def test_smtp_settings_are_validated(store: Path) -> None:
    for key, value in (("smtp_security", "tls"), ("smtp_port", "70000"), ("smtp_host", "smtp example.com"), ("smtp_from", "not-an-address")):
        with pytest.raises(ValidationError) as refused:
            settings.set_value(key, value, manager_pin=ensure_manager())
        assert refused.value.field == key


def test_the_password_logs_in_and_is_in_no_table_and_no_log(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from pos_loyalty.logs import setup_logging

    setup_logging(logging.DEBUG)
    secret = "s3cret-Pa55word-xyzzy"
    with SmtpServer(credentials=("shop", secret)) as server:
        configure(server, smtp_user="shop")
        customer, card, coupon = customer_with_coupon()
        queued = queue_for(customer, card, coupon, "trigger:auth")
        assert messages.send_due(now=T0).not_sending.startswith("no SMTP password")
        path = smtp.set_password("wrong-password", manager_pin=MANAGER_PIN)
        report = messages.send_due(now=T0)
        assert report.retrying == 1 and Message.get_by_id(queued.id).last_answer.startswith("535")
        path = smtp.set_password(secret, manager_pin=MANAGER_PIN)
        assert messages.send_due(now=T0 + dt.timedelta(minutes=1)).sent == 1
        assert server.logins == ["shop"] and server.recorder.ids() == [queued.message_id]
    assert path.stat().st_mode & 0o777 == 0o600
    assert smtp.password() == secret
    config, _why = smtp.configured()
    assert config is not None and secret not in repr(config)
    monkeypatch.setenv(smtp.PASSWORD_ENV, "from-the-environment")
    assert smtp.password() == "from-the-environment"
    monkeypatch.delenv(smtp.PASSWORD_ENV)
    logging.getLogger("pos_loyalty").info("a line after the attempt")
    for handler in logging.getLogger().handlers:
        handler.flush()
    database = sqlite3.connect(store)
    tables = [name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in database.execute(f'SELECT * FROM "{table}"'):
            assert secret not in repr(row), f"the password is in table {table}"
    database.close()
    logs = [p for p in (tmp_path / "app-log").rglob("*") if p.is_file()]
    assert logs, "the test must look at a real log file"
    for log_file in logs:
        assert secret not in log_file.read_text(encoding="utf-8", errors="replace")


def test_a_message_refused_after_its_data_fails_with_the_answer(store: Path, server: SmtpServer) -> None:
    configure(server)
    customer, card, coupon = customer_with_coupon()
    queued = queue_for(customer, card, coupon, "trigger:554")
    server.recorder.refuse = ["554 5.7.1 Message rejected as spam"]
    report = messages.send_due(now=T0)
    row = Message.get_by_id(queued.id)
    assert (report.failed, row.status, row.last_answer) == (1, "failed", "554 5.7.1 Message rejected as spam")
    assert row.data_done_at is None and server.recorder.received == []
    assert messages.send_due(now=T0 + dt.timedelta(days=1)).sent == 0


@pytest.mark.skipif(shutil.which("openssl") is None and not os.environ.get("CI"), reason="needs the openssl command (make system-deps)")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_starttls_and_ssl_verify_the_servers_certificate_and_log_in(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     security: str) -> None:
    cert, key = self_signed_certificate(tmp_path)
    context = server_tls_context(cert, key)
    options = {"tls_context": context, "require_starttls": True, "auth_require_tls": True} if security == "starttls" else {"ssl_context": context}
    with SmtpServer(credentials=("shop", "tls-secret"), **options) as server:
        configure(server, smtp_security=security, smtp_user="shop")
        monkeypatch.setenv(smtp.PASSWORD_ENV, "tls-secret")
        customer, card, coupon = customer_with_coupon()
        queued = queue_for(customer, card, coupon, f"trigger:{security}")
        report = messages.send_due(now=T0)  # the certificate is not trusted yet: refused, retried later
        row = Message.get_by_id(queued.id)
        assert report.retrying == 1 and "certificate verify failed" in row.last_answer
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now the store trusts it (as a CA-signed one is trusted)
        assert messages.send_due(now=T0 + dt.timedelta(minutes=1)).sent == 1
        assert server.logins == ["shop"] and server.recorder.ids() == [queued.message_id]


def test_a_claim_by_a_sender_elsewhere_is_left_alone_until_its_lease_runs_out(store: Path, server: SmtpServer) -> None:
    configure(server)
    customer, card, coupon = customer_with_coupon()
    queued = queue_for(customer, card, coupon, "trigger:lease")
    Message.update(status="sending", attempts=1, claimed_by="another-till:4242", next_attempt_at=T0 + messages.LEASE).execute()
    assert messages.send_due(now=T0 + messages.LEASE - dt.timedelta(seconds=1)).sent == 0  # maybe still sending there
    assert Message.get_by_id(queued.id).status == "sending" and server.recorder.received == []
    report = messages.send_due(now=T0 + messages.LEASE)
    assert (report.resumed, report.sent) == (1, 1) and server.recorder.ids() == [queued.message_id]
    assert Message.get_by_id(queued.id).attempts == 2
