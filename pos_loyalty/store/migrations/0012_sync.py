"""0012: tills that sync with a PostgreSQL hub (services/sync.py).

- `sync_state`: this database's side of the sync — the hub's URL, this till's and store's
  names, the pull cursor, the last sync and its error. Empty on a till that is not attached.
- `sync_outbox`: on an attached till, every write to a synced table leaves (table, row id)
  here in the same transaction (SQLite triggers, installed by `hub attach`), until the row is
  on the hub.
- `sync_key`: the global key of a row that has no natural one (a customer, an audit row, a
  milestone award, a trigger firing) when it came from another database.
- `sync_journal`: on the hub, every write to a synced table leaves (table, row id, its
  transaction id, the till it came from) here (PostgreSQL triggers, installed by `hub init`);
  tills pull what is new since their cursor.
- `sync_till`: the tills attached to a hub, each by a unique name.
- `sync_exception`: what a manager must look at: a card overdrawn by offline redemptions, a
  card number created on two tills, one customer enrolled twice, a coupon used twice.
"""

from __future__ import annotations

import datetime as dt

from peewee import AutoField, BigIntegerField, CharField, DatabaseProxy, DateTimeField, Model, TextField

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class SyncState(BaseModel):
    key = CharField(max_length=40, primary_key=True)
    value = TextField()


class SyncOutbox(BaseModel):
    id = AutoField()
    tbl = CharField(max_length=40)
    row_id = BigIntegerField()


class SyncKey(BaseModel):
    id = AutoField()
    tbl = CharField(max_length=40)
    local_id = BigIntegerField()
    key = CharField(max_length=120)

    class Meta:
        indexes = ((("tbl", "local_id"), True), (("tbl", "key"), True))


class SyncJournal(BaseModel):
    seq = AutoField()
    xid = BigIntegerField(default=0)  # the writing transaction (PostgreSQL: pg_current_xact_id(), set by default)
    tbl = CharField(max_length=40)
    row_id = BigIntegerField()
    origin = CharField(max_length=40, default="")  # the till whose push wrote it; '' written on the hub itself

    class Meta:
        indexes = ((("xid", "seq"), False),)


class SyncTill(BaseModel):
    id = AutoField()
    name = CharField(max_length=16, unique=True)
    store = CharField(max_length=120)
    attached_at = DateTimeField(default=dt.datetime.now)
    last_push_at = DateTimeField(null=True)


class SyncException(BaseModel):
    id = AutoField()
    key = CharField(max_length=160, unique=True)  # kind + what it is about: raised once however often it is seen
    kind = CharField(max_length=24)  # overdraft|card_collision|duplicate_customer|coupon_twice
    subject = CharField(max_length=120)  # a card number, a customer's key, a coupon code
    details = TextField(default="{}")  # JSON: the orders, tills and figures involved
    at = DateTimeField(default=dt.datetime.now)
    resolved_at = DateTimeField(null=True)
    resolved_by = CharField(max_length=80, default="")
    resolution = TextField(default="")


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([SyncState, SyncKey, SyncJournal, SyncTill, SyncException])
    if database.param == "%s":
        database.create_tables([SyncOutbox])
    else:  # AUTOINCREMENT: an id is never used twice, so deleting the rows pushed never deletes one written since
        database.execute_sql("CREATE TABLE sync_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, tbl VARCHAR(40) NOT NULL, row_id INTEGER NOT NULL)")
    if database.param == "%s":  # PostgreSQL: the transaction id comes from the server, so pulls can tell what has committed
        database.execute_sql("ALTER TABLE sync_journal ALTER COLUMN xid SET DEFAULT (pg_current_xact_id()::text::bigint)")
