"""0010: the e-mail outbox — one row per message a customer is to receive (services/messages.py).

A message is queued inside the transaction that decided to send it (a trigger's commit), keyed
by the caller's idempotency `key` (unique: queueing it again changes nothing), rendered there
and then (subject, plain text, HTML) with its RFC 5322 Message-ID fixed, and sent later by
`messages.send_due` in short transactions of its own. `data_done_at` is written durably just
before the final "." of the SMTP DATA: a message found mid-send after a crash is resent only
when it is empty. Indexed on (status, next_attempt_at): what is due is one index range.
A frozen copy of the model.
"""

from __future__ import annotations

import datetime as dt

from peewee import AutoField, CharField, DatabaseProxy, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Customer(BaseModel):  # frozen: only what the new table refers to
    id = AutoField()


class Card(BaseModel):
    id = AutoField()


class Coupon(BaseModel):
    id = AutoField()


class Message(BaseModel):
    id = AutoField()
    key = CharField(max_length=160, unique=True)
    customer = ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
    card = ForeignKeyField(Card, null=True, on_delete="RESTRICT")
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    source = CharField(max_length=120, default="")
    to_address = CharField(max_length=254, default="")
    subject = TextField(default="")
    body_text = TextField(default="")
    body_html = TextField(default="")
    status = CharField(max_length=16, default="pending")
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True)
    last_answer = TextField(default="")
    message_id = CharField(max_length=250)
    claimed_by = CharField(max_length=120, default="")
    data_done_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "next_attempt_at"), False),)


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([Message])
