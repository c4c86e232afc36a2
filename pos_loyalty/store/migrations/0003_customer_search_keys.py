"""0003: customers are found by any word of their name, without case or accents, and by
their phone typed nationally or internationally.

* new table `customer_word`: each folded word of a customer's name (domain/names.py) with
  all the name's words beside it, indexed on (word, customer, words) so a search walks one
  index range, and uniquely on (customer, word);
* `customer.name_key` becomes the folded name ("joão smith" → "joao smith");
* `customer.phone` becomes E.164 ("07700900123" → "+447700900123"), read in the store's
  country (setting `country`, default GB). A stored number that cannot be read as one is
  kept as it was, so nothing is lost; the customer's next edit asks for a real number.

The frozen model below is this migration's own; later changes to store/models.py never
edit it. Rows are rewritten in chunks by id, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from peewee import AutoField, CharField, DatabaseProxy, ForeignKeyField, Model

from pos_loyalty.domain import names, phones

db = DatabaseProxy()
CHUNK = 5_000
DEFAULT_COUNTRY = "GB"


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Customer(BaseModel):
    id = AutoField()
    name = CharField(max_length=120)
    name_key = CharField(max_length=120, index=True)
    phone = CharField(max_length=32, null=True, index=True)


class CustomerWord(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="words", on_delete="CASCADE")
    word = CharField(max_length=120)
    words = CharField(max_length=130)  # every word of the name: ' ann marie o neil ' (names.words_key)

    class Meta:
        indexes = ((("word", "customer", "words"), False), (("customer", "word"), True))


def _country(database) -> str:  # type: ignore[no-untyped-def]
    row = database.execute_sql('SELECT value FROM setting WHERE "key" = ' + database.param, ("country",)).fetchone()
    return row[0] if row and row[0] else DEFAULT_COUNTRY


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([CustomerWord])
    country = _country(database)
    last = 0
    while True:
        chunk = list(Customer.select(Customer.id, Customer.name, Customer.phone).where(Customer.id > last).order_by(Customer.id).limit(CHUNK).tuples())
        if not chunk:
            break
        updates, words = [], []
        for customer_id, name, phone in chunk:
            if phone and not phone.startswith("+"):
                phone = phones.from_stored_digits(phone, country) or phone
            updates.append((names.name_key(name), phone, customer_id))
            every = names.words_key(name)
            words += [(customer_id, word, every) for word in names.words(name)]
        cursor = database.cursor()  # one statement run for each row by the driver: 600,000 customers in seconds
        cursor.executemany("UPDATE customer SET name_key = {p}, phone = {p} WHERE id = {p}".format(p=database.param), updates)
        cursor.executemany("INSERT INTO customer_word (customer_id, word, words) VALUES ({p}, {p}, {p})".format(p=database.param), words)
        last = chunk[-1][0]
