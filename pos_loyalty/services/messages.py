"""The e-mail outbox: messages to customers, queued in the transaction that decided them and
sent later by SMTP, each exactly once.

Queueing (`queue`) renders the templates there and then (domain/templates.py) and stores the
message with its Message-ID fixed; the caller's key makes it idempotent. A customer without an
e-mail address gets a `blocked` row saying so — the store sees who was not told.

Sending (`send_due`) takes one due message at a time, each step its own short durable commit:

1. claim: `pending` → `sending` (attempt counted, lease taken). Until step 2 a crash is
   harmless: the server has no complete message, so a message found `sending` without
   `data_done_at` goes back to `pending` and is sent again.
2. `data_done_at` is written just before the final "." of DATA: from then on the server may
   have the message. If no "250" was recorded the row becomes `in_doubt`: never resent
   automatically; the manager checks (`messages list --status in_doubt`) and decides.
3. "250": `sent`, with the server's answer.

A message found `sending` is stale — its sender died — when its lease ran out, or at once
when its sender was a process on this machine that no longer runs. Temporary failures (4xx,
no connection, a timeout) are retried after 1, 2, 4 … minutes (at most an hour), `failed`
after `MAX_ATTEMPTS`; a permanent refusal (5xx to the recipient or the message) fails at once.
Every attempt records the server's answer. Without a configured server nothing is sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any, Callable, Mapping

from peewee import JOIN, fn

from ..domain import templates
from ..domain.errors import Busy, NotFound, ValidationError
from ..formats import date_text
from ..store.database import Prepared, transaction
from ..store.models import Coupon, Customer, Message, db, now as wall_clock
from ..store.statements import insert_new
from . import audit, auth, changes, settings, smtp

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "in_doubt", "failed", "blocked")
MAX_ATTEMPTS = 10
BACKOFF_CAP = dt.timedelta(hours=1)
LEASE = dt.timedelta(minutes=15)  # a claim older than this belongs to a sender that died
DEFAULT_BATCH = 100
MAX_KEY_LENGTH = 160

NO_ADDRESS = "no e-mail address"
RESENDING = "the sender stopped before the message was complete; it is sent again"
IN_DOUBT = ("the sender stopped after handing the whole message to the server, before its answer was recorded: "
            "it may have been delivered, so it is not sent again automatically")


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return min(dt.timedelta(minutes=2 ** min(max(attempts - 1, 0), 10)), BACKOFF_CAP)


# -- queueing -----------------------------------------------------------------------------


def placeholders(customer: Customer | None, coupon: Coupon | None, context: Mapping[str, Any]) -> dict[str, str]:
    """Every template placeholder as text people read: the customer's name, the store's, the
    coupon's code, reward and expiry (formats.date_text); `context` adds or overrides."""
    return _placeholders(customer, coupon, context, settings.get("store_name"))


def _placeholders(customer: Customer | None, coupon: Coupon | None, context: Mapping[str, Any], store_name: str) -> dict[str, str]:
    values: dict[str, str] = {name: "" for name in templates.PLACEHOLDERS}
    values["store_name"] = store_name
    if customer is not None:
        values["customer_name"] = customer.name
    if coupon is not None:
        values["coupon_code"] = coupon.code
        values["coupon_expires"] = date_text(coupon.expires_at)
        if "reward_name" not in context:  # a trigger's firing names the reward itself (no second look at the rules)
            values["reward_name"] = _reward_name(coupon.reward_id)
    for key, value in context.items():
        if key not in templates.PLACEHOLDERS:
            raise ValidationError("context", f"unknown placeholder '{key}'; known: {', '.join(templates.PLACEHOLDERS)}")
        if isinstance(value, (dt.date, dt.datetime)):
            values[key] = date_text(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            values[key] = f"{value:,}"
        else:
            values[key] = "" if value is None else str(value)
    return values


def _reward_name(reward_id: str) -> str:
    from . import rules_sync

    try:
        reward = rules_sync.active_rules()[0].reward(reward_id)
    except Exception:  # no active rules: the id is still better than nothing
        reward = None
    return reward.name if reward is not None else reward_id


def _message_id(sender: str | None = None) -> str:
    sender = settings.get("smtp_from") if sender is None else sender
    domain = sender.rpartition("@")[2] if "@" in sender else "pos-loyalty.invalid"
    return make_msgid(domain=domain)


_BY_KEY = Prepared(lambda key: Message.select().where(Message.key == key).limit(1))


def store_settings() -> tuple[str, str]:
    """The store's name and sender address, as a queued message uses them (one statement)."""
    return settings.values(("store_name", "smtp_from"))


_QUEUE_FIELDS = (Message.key, Message.customer, Message.card, Message.coupon, Message.source, Message.to_address, Message.subject,
                 Message.body_text, Message.body_html, Message.status, Message.next_attempt_at, Message.last_answer, Message.message_id,
                 Message.created_at, Message.attempts, Message.claimed_by)


def queue(key: str, customer: Customer | None, subject_template: str, text_template: str, html_template: str,
          context: Mapping[str, Any], source: str, card: Any = None, coupon: Coupon | None = None,
          at: dt.datetime | None = None, fresh_key: bool = False, store: tuple[str, str] | None = None) -> Message:
    """Put a message to `customer` in the outbox, inside the caller's transaction (a trigger
    queues in its commit's), and return its row. The same `key` again changes nothing and
    returns the first row. A customer without an e-mail address, or a template that cannot be
    rendered, gives a `blocked` row with the reason: a sale never fails because of an e-mail.
    `fresh_key`: the caller has just made the key (a firing's new log id), so the look for an
    earlier row is skipped; the INSERT still never makes a second row under a key. `store`: the
    store's name and sender address (`store_settings()`) when the caller queues several."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationError("key", f"a key of 1 to {MAX_KEY_LENGTH} characters is required")
    if not fresh_key:
        existing = _BY_KEY.first(key)
        if existing is not None:
            return existing
    when = at or wall_clock()
    status, reason = "pending", ""
    store_name, sender = store or store_settings()
    values = _placeholders(customer, coupon, context, store_name)  # an unknown key is the caller's mistake: raised
    try:
        rendered = templates.render(subject_template, text_template, html_template, values)
    except ValidationError as exc:
        rendered = templates.Rendered("", "", "")
        status, reason = "blocked", f"template error: {exc.message}"
    address = (customer.email or "") if customer is not None else ""
    if status == "pending" and not address:
        status, reason = "blocked", NO_ADDRESS
    row = (key, customer, card, coupon, source, address, rendered.subject, rendered.text, rendered.html, status,
           when if status == "pending" else None, reason, _message_id(sender), when, 0, "")
    if db.obj.in_transaction():  # the caller's (a sale's): one INSERT, no savepoint around it
        new_id = _insert(key, row)
    else:
        with transaction():
            new_id = _insert(key, row)
    if new_id is None:  # queued meanwhile by another till (or before, under a key said to be fresh)
        return Message.get(Message.key == key)
    return Message(id=new_id, **{field.name: value for field, value in zip(_QUEUE_FIELDS, row)})


def _insert(key: str, row: tuple[Any, ...]) -> int | None:
    new_id = insert_new(Message, _QUEUE_FIELDS, row, unique=Message.key)
    if new_id is not None:
        changes.announce("messages", new_id)
    return new_id


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageRow:
    id: int
    key: str
    source: str
    to_address: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_answer: str
    message_id: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    coupon_code: str


def list_messages(status: str | None = None, limit: int = 500) -> list[MessageRow]:
    """The newest messages first, of one status if given (read-only)."""
    if status is not None and status not in STATUSES:
        raise ValidationError("status", f"one of {', '.join(STATUSES)}")
    if not 1 <= limit <= 10_000:
        raise ValidationError("limit", "a whole number from 1 to 10,000")
    query = (Message.select(Message, Coupon.code.alias("coupon_code")).join(Coupon, JOIN.LEFT_OUTER, on=(Message.coupon == Coupon.id))
             .order_by(Message.id.desc()).limit(limit))
    if status is not None:
        query = query.where(Message.status == status)
    return [MessageRow(m.id, m.key, m.source, m.to_address, m.subject, m.status, m.attempts, m.next_attempt_at, m.last_answer,
                       m.message_id, m.created_at, m.sent_at, getattr(m, "coupon_code", None) or "") for m in query.objects()]


def counts() -> dict[str, int]:
    """How many messages are in each status (every status present, 0 when none)."""
    found = dict(Message.select(Message.status, fn.COUNT(Message.id)).group_by(Message.status).tuples())
    return {status: int(found.get(status, 0)) for status in STATUSES}


def retry(message_id: int, user: str = "", *, manager_pin: str | None, manager: str | None = None,
          at: dt.datetime | None = None) -> Message:
    """Send an `in_doubt` or `failed` message again, now, with a fresh count of attempts — a
    manager's decision (audited), taken after checking that the customer did not get it."""
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        row = Message.get_or_none(Message.id == message_id)
        if row is None:
            raise NotFound("message", f"no message {message_id}")
        if row.status not in ("in_doubt", "failed"):
            raise ValidationError("message", f"message {message_id} is {row.status}; only a message in doubt or failed can be sent again")
        Message.update(status="pending", attempts=0, next_attempt_at=at or wall_clock(), data_done_at=None, claimed_by="",
                       last_answer=f"to be sent again, asked by {who.name} (was {row.status}: {row.last_answer})"[:2000]
                       ).where((Message.id == row.id) & (Message.status == row.status)).execute()
        audit.record(who.name, "message.retry", str(row.id), details={"was": row.status, "answer": row.last_answer, "operator": user or who.name})
        changes.announce("messages", row.id)
    return Message.get_by_id(row.id)


def waiting() -> int:
    """How many messages are pending (an index range: asked after every run)."""
    return int(Message.select().where(Message.status == "pending").count())


# -- sending ------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    in_doubt: int = 0
    retrying: int = 0  # attempts that failed for now and wait for their next try
    waiting: int = 0  # pending after this run (due later, or no server configured)
    resumed: int = 0  # found half-sent after a crash and put back to be sent again
    not_sending: str = ""  # why nothing was sent (no server configured), else empty


_ME = f"{socket.gethostname()}:{os.getpid()}"


def _me() -> str:
    global _ME
    pid = os.getpid()
    if not _ME.endswith(f":{pid}"):  # a forked child is another sender
        _ME = f"{socket.gethostname()}:{pid}"
    return _ME


def _sender_is_gone(claimed_by: str) -> bool:
    """True when the sender that claimed a message was a process on this machine that no
    longer runs (POSIX only: elsewhere the lease decides)."""
    host, _, pid_text = claimed_by.rpartition(":")
    if os.name != "posix" or host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # this process: another of its threads may be sending it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover(now: dt.datetime | None = None) -> int:
    """Settle messages left `sending` by a sender that died: back to `pending` if the server
    never had the whole message, else `in_doubt`. Returns how many went back to pending."""
    moment = now or wall_clock()
    resumed = 0
    stale = [row for row in Message.select(Message.id, Message.claimed_by, Message.next_attempt_at, Message.data_done_at)
             .where(Message.status == "sending")
             if (row.next_attempt_at is not None and row.next_attempt_at <= moment) or _sender_is_gone(row.claimed_by)]
    for row in stale:
        with transaction():
            guard = (Message.id == row.id) & (Message.status == "sending") & (Message.claimed_by == row.claimed_by)
            if row.data_done_at is None:
                resumed += Message.update(status="pending", next_attempt_at=moment, last_answer=RESENDING, claimed_by="").where(guard).execute()
            else:
                Message.update(status="in_doubt", next_attempt_at=None, last_answer=IN_DOUBT, claimed_by="").where(guard).execute()
            changes.announce("messages", row.id)
    return resumed


def _claim(moment: dt.datetime) -> Message | None:
    """The next due message, now `sending` and ours (one short durable commit), or None."""
    while True:
        with transaction():
            row = (Message.select(Message.id).where((Message.status == "pending") & (Message.next_attempt_at <= moment))
                   .order_by(Message.next_attempt_at, Message.id).first())
            if row is None:
                return None
            claimed = (Message.update(status="sending", attempts=Message.attempts + 1, claimed_by=_me(), data_done_at=None,
                                      next_attempt_at=moment + LEASE)
                       .where((Message.id == row.id) & (Message.status == "pending")).execute())
            if claimed:
                changes.announce("messages", row.id)
                return Message.get_by_id(row.id)


def _settle(message: Message, **values: Any) -> None:
    """Write the outcome of our attempt (only while the message is still ours). A busy
    database is tried again a few times: a "250" not recorded would leave it in doubt."""
    for attempt in range(5):
        try:
            with transaction():
                settled = Message.update(claimed_by="", **values).where((Message.id == message.id) & (Message.status == "sending")
                                                                        & (Message.claimed_by == _me())).execute()
                if settled and values.get("status") == "sent":  # a trigger's firing says so in its log (seed 002's 'sent')
                    from . import triggers

                    triggers.message_sent(message.key, values["sent_at"])
                changes.announce("messages", message.id)
            return
        except Busy:
            if attempt == 4:
                raise


def _mark_data_done(message: Message, moment: dt.datetime) -> None:
    with transaction():
        done = Message.update(data_done_at=moment).where((Message.id == message.id) & (Message.status == "sending")
                                                         & (Message.claimed_by == _me())).execute()
    if not done:  # recovered by another sender meanwhile (our lease ran out): do not deliver
        raise smtp.SmtpFailure("the message was taken over by another sender", server=True)


def _retry_later(message: Message, answer: str, moment: dt.datetime, report: SendReport) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _settle(message, status="failed", next_attempt_at=None, data_done_at=None,
                last_answer=f"{answer} (gave up after {MAX_ATTEMPTS} attempts)")
        report.failed += 1
    else:
        _settle(message, status="pending", next_attempt_at=moment + backoff(message.attempts), data_done_at=None, last_answer=answer)
        report.retrying += 1


def email_bytes(message: Message, config: smtp.SmtpConfig) -> bytes:
    """The message as it goes on the wire (RFC 5322, CRLF): the Message-ID fixed at queue time."""
    email = EmailMessage(policy=SMTP_POLICY)
    email["From"] = formataddr((config.store_name, config.sender)) if config.store_name else config.sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at.astimezone())
    email["Message-ID"] = message.message_id
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email.as_bytes()


def send_due(now: dt.datetime | None = None, limit: int = DEFAULT_BATCH, should_cancel: Callable[[], bool] | None = None,
             session_factory: Callable[[smtp.SmtpConfig], smtp.Session] = smtp.Session) -> SendReport:
    """Send the messages that are due (at most `limit`), each exactly once (see the module's
    docstring); `now` moves the clock (tests, replays). Stops between two messages when
    `should_cancel()` says so (the app is closing), or when the server cannot be reached."""
    clock: Callable[[], dt.datetime] = (lambda: now) if now is not None else wall_clock
    report = SendReport()
    report.resumed = recover(clock())
    config, why = smtp.configured()
    if config is None:
        report.not_sending = why
        report.waiting = waiting()
        return report
    session: smtp.Session | None = None
    try:
        for _ in range(limit):
            if should_cancel is not None and should_cancel():
                break
            moment = clock()
            message = _claim(moment)
            if message is None:
                break
            try:
                if session is None or not session.is_open:
                    session = session_factory(config)
                    session.open()
                answer = session.send(message.to_address, email_bytes(message, config), lambda m=message: _mark_data_done(m, moment))
            except smtp.SmtpFailure as failure:
                log.info("message %s to %s: %s", message.id, message.to_address, failure.answer)
                if failure.in_doubt:
                    _settle(message, status="in_doubt", next_attempt_at=None, last_answer=failure.answer)
                    report.in_doubt += 1
                elif failure.permanent:
                    _settle(message, status="failed", next_attempt_at=None, data_done_at=None, last_answer=failure.answer)
                    report.failed += 1
                else:
                    _retry_later(message, failure.answer, moment, report)
                if failure.server:
                    break  # the server or the connection: the others wait for the next run
                continue
            except Exception:
                log.exception("sending message %s failed", message.id)
                if session is not None:
                    session.close()
                if Message.get_by_id(message.id).data_done_at is not None:
                    _settle(message, status="in_doubt", next_attempt_at=None, last_answer="internal error after the whole message was sent (see the log)")
                else:
                    _retry_later(message, "internal error while sending (see the log)", moment, report)
                raise
            _settle(message, status="sent", sent_at=moment, next_attempt_at=None, last_answer=answer)
            report.sent += 1
    finally:
        if session is not None:
            session.close()
    report.waiting = waiting()
    return report

