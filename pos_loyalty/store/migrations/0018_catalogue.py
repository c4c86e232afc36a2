"""0018: the product catalogue (issue 15): products, their barcodes, the words of their names.

- `product`: one row a SKU (unique), with its name, collection, price (a MoneyField: exact
  1/10,000 units), whether it is sold (`active`) and `sku_key`, the folded SKU
  (domain/names.fold) indexed for a SKU-prefix search that ignores case.
- `product_barcode`: a barcode (unique) and the product it names; a product may have several.
  A barcode taken off a product keeps its row with no product (`product_id` NULL): the hub's
  change travels to every till, where a deleted row would not (store/replication.py copies
  rows, never deletions).
- `product_word`: each folded word of a product's name with all the name's words beside it,
  as `customer_word` (0003), so a name is found by any word's prefix in one index range. It is
  derived from `product.name` wherever the product is written (services/catalogue.py), never
  synced.

On a hub (sync_state `role` = hub) the journal triggers are added for the two synced tables;
a till takes them from the hub only (`Table.central`), so it needs no capture trigger.
"""

from __future__ import annotations

from peewee import AutoField, BooleanField, DatabaseProxy, ForeignKeyField, Model

from pos_loyalty.store.fields import CharField, MoneyField

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Product(BaseModel):
    id = AutoField()
    sku = CharField(max_length=64, unique=True)
    sku_key = CharField(max_length=64, index=True)
    name = CharField(max_length=120)
    collection = CharField(max_length=64, default="")
    price = MoneyField()
    active = BooleanField(default=True)


class ProductBarcode(BaseModel):
    id = AutoField()
    barcode = CharField(max_length=48, unique=True)
    product = ForeignKeyField(Product, null=True, backref="barcodes", on_delete="CASCADE")


class ProductWord(BaseModel):
    id = AutoField()
    product = ForeignKeyField(Product, backref="words", on_delete="CASCADE")
    word = CharField(max_length=120)
    words = CharField(max_length=130)

    class Meta:
        indexes = ((("word", "product", "words"), False), (("product", "word"), True))


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([Product, ProductBarcode, ProductWord])
    state = dict(database.execute_sql("SELECT key, value FROM sync_state").fetchall())
    from pos_loyalty.services import sync

    if state.get("role") == sync.HUB:
        sync.install_hub_triggers(database, only=("product", "product_barcode"))
