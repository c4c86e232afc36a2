"""0011: customer-reward triggers (seed 002).

- `customer_product`: per customer and product (sku), the separate orders that contain it and
  the units bought, net of refunds — what the BOGO and 'product order count' criteria read in
  one index probe instead of the customer's order lines. Filled here from the existing orders
  (`store.running_totals.fill_products`: one set-based statement).
- `customer_product_group`: for a BOGO trigger watching several products, the customer's separate
  orders containing any of them (per-product counts would count an order with two of them
  twice), under the rules version that watches them; a row is filled from the customer's
  orders the first time it is needed, then kept with every sale and refund.
- `trigger_log`: every trigger fired (or blocked) for a customer, with the reward it issued
  and what became of its message; the trigger's name is kept so the logs and stats still show
  rules later deleted from the bundle.
"""

from __future__ import annotations

import datetime as dt

from peewee import AutoField, CharField, DatabaseProxy, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

from pos_loyalty.store.fields import MoneyField
from pos_loyalty.store.running_totals import fill_products

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


class Order(BaseModel):
    id = AutoField()


class CustomerProduct(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)
    sku = CharField(max_length=64)
    orders = IntegerField(default=0)
    units = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "sku"), True),)


class CustomerProductGroup(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)
    group_key = CharField(max_length=64)
    orders = IntegerField(default=0)

    class Meta:
        indexes = ((("customer", "group_key"), True),)


class TriggerLog(BaseModel):
    id = AutoField()
    trigger_id = CharField(max_length=64)
    trigger_name = CharField(max_length=120)
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    card = ForeignKeyField(Card, on_delete="RESTRICT")
    order = ForeignKeyField(Order, null=True, on_delete="RESTRICT")
    step = IntegerField(default=1)
    status = CharField(max_length=16, default="pending")
    reason = TextField(default="")
    coupon = ForeignKeyField(Coupon, null=True, on_delete="RESTRICT")
    points = IntegerField(default=0)
    at = DateTimeField(default=dt.datetime.now, index=True)
    sent_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)
    conversion_order = ForeignKeyField(Order, null=True, on_delete="RESTRICT")
    conversion_total = MoneyField(null=True)

    class Meta:
        indexes = ((("customer", "trigger_id", "step"), False), (("status", "at"), False))


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([CustomerProduct, CustomerProductGroup, TriggerLog])
    fill_products(database)
