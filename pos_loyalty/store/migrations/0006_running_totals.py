"""0006: running totals, so a sale costs the same on a card with ten ledger rows or a
hundred thousand: each card's open lots (points left per earning, with their expiry) and
each customer's orders and amount spent to date (running sums by day) and per earning rule
and day.

The services keep them in the same transaction as every ledger entry, order and refund.
This migration creates the tables and fills them from the existing ledger and orders
(`store.running_totals.rebuild`, plain SQL for SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from peewee import AutoField, CharField, DatabaseProxy, DateField, DateTimeField, ForeignKeyField, IntegerField, Model

from pos_loyalty.store.fields import MoneyField
from pos_loyalty.store.running_totals import rebuild

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Customer(BaseModel):  # frozen: only what the new tables refer to
    id = AutoField()


class Card(BaseModel):
    id = AutoField()


class CardLot(BaseModel):
    id = AutoField()
    card = ForeignKeyField(Card, on_delete="RESTRICT")
    expires_at = DateTimeField()
    points = IntegerField()
    entry_id = IntegerField()

    class Meta:
        indexes = ((("card", "expires_at", "id"), False), (("expires_at",), False))


class CustomerDay(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    day = DateField()
    orders_to_date = IntegerField(default=0)
    spent_to_date = MoneyField(default=0)

    class Meta:
        indexes = ((("customer", "day"), True),)


class CustomerRuleDay(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    day = DateField()
    rule_id = CharField(max_length=64)
    orders = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "day", "rule_id"), True),)


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([CardLot, CustomerDay, CustomerRuleDay])
    rebuild(database)
