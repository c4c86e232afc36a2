"""0008: the rest of the programme — milestones, points for actions, birthdays, coupons with an
expiry that a manager can void.

- `customer.birth_month` / `birth_day`: an optional birthday (no year: the programme needs the
  day, not the age), indexed for the daily birthday job.
- `customer_day.points_to_date` / `reviews_to_date`: two more running sums beside the orders and
  the amount spent, so the 'points earned' and 'number of reviews' milestones read two index
  probes like the tiers do. Points earned are order earnings net of their reversals, counted on
  the order's day (and points for actions on the action's day); existing orders are filled in here.
- `milestone_award`: each milestone step reached by a customer, once (unique), with what it
  paid and whether a refund took it back.
- `activity`: every action recorded at the till (sign-up, review, share, birthday, custom),
  idempotent by its key.
- `coupon`: an optional expiry, where it came from (a manager or a milestone), and a void with
  who and why.
"""

from __future__ import annotations

import datetime as dt

from peewee import AutoField, CharField, DatabaseProxy, DateTimeField, ForeignKeyField, IntegerField, Model, SqliteDatabase, TextField

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Customer(BaseModel):  # frozen: only what the new tables refer to
    id = AutoField()


class Card(BaseModel):
    id = AutoField()


class Coupon(BaseModel):
    id = AutoField()


class MilestoneAward(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    card = ForeignKeyField(Card, on_delete="RESTRICT")
    rule_id = CharField(max_length=64)
    requirement = CharField(max_length=32)
    status = CharField(max_length=16, default="awarded")
    points = IntegerField(default=0)
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    times = IntegerField(default=1)
    awarded_at = DateTimeField(default=dt.datetime.now)
    reversed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "rule_id", "requirement"), True),)


class Activity(BaseModel):
    id = AutoField()
    key = CharField(max_length=160, unique=True)
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    card = ForeignKeyField(Card, on_delete="RESTRICT")
    action_id = CharField(max_length=64)
    kind = CharField(max_length=16)
    at = DateTimeField(default=dt.datetime.now)
    points = IntegerField(default=0)
    user = CharField(max_length=80, default="")
    note = TextField(default="")

    class Meta:
        indexes = ((("customer", "action_id", "at"), False),)


SQLITE = [
    "ALTER TABLE customer ADD COLUMN birth_month INTEGER",
    "ALTER TABLE customer ADD COLUMN birth_day INTEGER",
    "CREATE INDEX customer_birthday ON customer (birth_month, birth_day)",
    "ALTER TABLE customer_day ADD COLUMN points_to_date INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE customer_day ADD COLUMN reviews_to_date INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE coupon ADD COLUMN expires_at DATETIME",
    "ALTER TABLE coupon ADD COLUMN source VARCHAR(16) NOT NULL DEFAULT 'manual'",
    "ALTER TABLE coupon ADD COLUMN voided_at DATETIME",
    "ALTER TABLE coupon ADD COLUMN voided_by VARCHAR(80) NOT NULL DEFAULT ''",
    "ALTER TABLE coupon ADD COLUMN void_reason TEXT NOT NULL DEFAULT ''",
]

POSTGRES = [s.replace("DATETIME", "TIMESTAMP") for s in SQLITE]

# Points earned per customer and order day (order earnings net of reversals), for the fill.
_POINTS_BY_DAY = {
    "sqlite": 'SELECT o.customer_id, date(o."at"), SUM(l.points) FROM ledger_entry l JOIN "order" o ON o.id = l.order_id '
              "WHERE l.kind IN ('earn', 'reverse') AND o.customer_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
    "postgres": 'SELECT o.customer_id, CAST(o."at" AS DATE), SUM(l.points) FROM ledger_entry l JOIN "order" o ON o.id = l.order_id '
                "WHERE l.kind IN ('earn', 'reverse') AND o.customer_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
}


def _fill_points(database) -> None:  # type: ignore[no-untyped-def]
    """Running sums of points earned on each customer_day row: the sum to each day with points
    goes on the rows from that day up to (not including) the next day with points — each row is
    written once, however long a customer's history."""
    sqlite = isinstance(database, SqliteDatabase)
    p = database.param
    rows = database.execute_sql(_POINTS_BY_DAY["sqlite" if sqlite else "postgres"]).fetchall()
    bounded = f"UPDATE customer_day SET points_to_date = {p} WHERE customer_id = {p} AND day >= {p} AND day < {p}"
    open_ended = f"UPDATE customer_day SET points_to_date = {p} WHERE customer_id = {p} AND day >= {p}"
    cursor = database.cursor()
    running = 0
    for index, (customer_id, day, points) in enumerate(rows):
        if index == 0 or rows[index - 1][0] != customer_id:
            running = 0
        running += int(points or 0)
        nxt = rows[index + 1] if index + 1 < len(rows) else None
        if nxt is not None and nxt[0] == customer_id:
            cursor.execute(bounded, (running, customer_id, str(day)[:10], str(nxt[1])[:10]))
        else:
            cursor.execute(open_ended, (running, customer_id, str(day)[:10]))


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    for statement in SQLITE if isinstance(database, SqliteDatabase) else POSTGRES:
        database.execute_sql(statement)
    database.create_tables([MilestoneAward, Activity])
    _fill_points(database)
