"""Copying rows between a till's SQLite file and the PostgreSQL hub (services/sync.py).

A row travels by its **global key**, never by its id (ids are each database's own): a card by
its number, an order by its id, a ledger entry by its idempotency key, a coupon by its code…
Rows without a natural key (customers, audit rows, milestone awards, trigger firings) get one
from the database that made them — ``TILL2:17`` — kept in `sync_key` wherever the row is a
guest. A reference to another row travels as that row's key and becomes the local id again.

`read` turns rows of one table (with their children: an order's lines, a refund's lines)
into plain records; `write` puts such records into a database: a new key is inserted, a
known one is merged by the table's rule (`merge`), over only the columns the sender changed
(``_changed``: a row sent for one change never carries back values it had not seen change
elsewhere): money facts (ledger entries, refunds, orders' lines) never change once written;
states only move forward (a coupon once redeemed stays redeemed unless a refund of its order
gives it back, an order once refunded stays refunded, a replaced card stays replaced);
details a person edits (a customer's phone) take the latest write. What cannot be merged
(one coupon redeemed on two orders, one card number made by two batches) is kept as it was
first written and reported as a conflict, for a manager.

Plain SQL over the models' columns, so the same code runs against either database whatever
the process has bound the models to. Everything runs inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Callable, Iterable, Mapping, Sequence

from peewee import BooleanField, CharField, Database, DateTimeField, Field, ForeignKeyField, IntegerField, Model, TextField

from .models import (Activity, AuditLog, Card, CardBatch, Coupon, Customer, LedgerEntry, MilestoneAward, Order, OrderEarning, OrderLine,
                     OrderReward, Product, ProductBarcode, Refund, RefundLine, RefundReversal, SyncException, TriggerLog, User)
from .database import copies, copy_rows
from .statements import db_rows

Record = dict[str, Any]
_CHUNK = 500  # keys per IN (…) list


COUPON_TWICE = "coupon_twice"


@dataclass
class Conflict:
    kind: str  # card_collision|coupon_twice|duplicate_award|duplicate_trigger|ledger_key
    subject: str
    details: dict[str, Any]


@dataclass(frozen=True)
class NewEntry:
    """A ledger entry `write` inserted (local ids)."""

    id: int
    card: int
    points: int
    kind: str
    order: int | None
    at: Any
    expires_at: Any


@dataclass
class Written:
    """What `write` changed: the ids touched (to bring running totals up to date) and what it
    could not merge."""

    cards: set[int] = field(default_factory=set)
    customers: set[int] = field(default_factory=set)  # whose counters must be replayed (a refund, a merge, a new customer…)
    forgotten: dict[int, Record] = field(default_factory=dict)  # customers erased by this write: id → their details before (services/privacy.py)
    new_entries: list[NewEntry] = field(default_factory=list)
    new_orders: list[Record] = field(default_factory=list)  # new orders of a customer: counted by adding, as the till did
    firings: set[tuple[int, str]] = field(default_factory=set)  # (customer, trigger) whose standing step may have changed
    awards: set[int] = field(default_factory=set)  # customers a milestone award arrived or changed for
    refunded_orders: list[int] = field(default_factory=list)  # orders a new refund arrived for
    conflicts: list[Conflict] = field(default_factory=list)
    rows: int = 0


Merge = Callable[[Record, Record, "Written"], Record]  # (stored, incoming) → the values to store


def _keep(stored: Record, incoming: Record, written: Written) -> Record:
    return stored


def _latest(stored: Record, incoming: Record, written: Written) -> Record:
    return incoming


def _merge_customer(stored: Record, incoming: Record, written: Written) -> Record:
    """The latest edit wins — except that a customer once forgotten stays forgotten: a copy
    from a till that had not heard of it (an older edit of the phone, pushed late) never brings
    the person's details back. A forget arriving keeps what the row said before, for the caller
    to erase where else it appears (`Written.forgotten`)."""
    if stored["forgotten_at"] is not None:
        return stored
    if incoming["forgotten_at"] is not None:
        written.forgotten[int(stored["id"])] = {name: stored[name] for name in ("name", "phone", "email")}
    return incoming


_ORDER_RANK = {"committed": 0, "partially_refunded": 1, "refunded": 2, "cancelled": 2}


def _merge_order(stored: Record, incoming: Record, written: Written) -> Record:
    merged = dict(stored)
    if _ORDER_RANK.get(incoming["status"], 0) > _ORDER_RANK.get(stored["status"], 0):
        merged["status"] = incoming["status"]
    merged["fulfilled_at"] = stored["fulfilled_at"] or incoming["fulfilled_at"]
    merged["points_awarded"] = bool(stored["points_awarded"] or incoming["points_awarded"])
    merged["customer"] = incoming["customer"] or stored["customer"]  # two customers merged into one
    return merged


def _merge_card(stored: Record, incoming: Record, written: Written) -> Record:
    if stored["batch"] != incoming["batch"] and incoming["batch"] is not None:
        written.conflicts.append(Conflict("card_collision", stored["number"], {"batches": [stored["batch"], incoming["batch"]]}))
        return stored
    merged = dict(stored)
    if stored["status"] != "replaced":
        merged["status"] = incoming["status"]
    merged["customer"] = incoming["customer"] or stored["customer"]
    merged["replaced_by"] = stored["replaced_by"] or incoming["replaced_by"]
    merged["assigned_at"] = stored["assigned_at"] or incoming["assigned_at"]
    return merged


_COUPON_STATE = ("status", "redeemed_order", "voided_at", "voided_by", "void_reason")


def _merge_coupon(stored: Record, incoming: Record, written: Written) -> Record:
    """A coupon leaves 'issued' once (redeemed or void); it moves to another card only when
    that card replaced its own (``_card_follows``, set by the writer, which can follow cards).
    One given back by a refund (``_given_back``: redeemed → issued, or void when its trigger or
    milestone was taken back) is settled by the writer once the batch is in and it can see
    whether the order it was redeemed on was refunded (`Writer.finish`)."""
    merged = dict(stored)
    if incoming.get("_card_follows"):
        merged["card"] = incoming["card"]
    if stored["status"] == "issued":
        merged.update({name: incoming[name] for name in (*_COUPON_STATE, "expires_at")})
        return merged
    if incoming.get("_given_back"):
        return merged
    if incoming["status"] != "issued" and (incoming["status"], incoming["redeemed_order"]) != (stored["status"], stored["redeemed_order"]):
        written.conflicts.append(Conflict(COUPON_TWICE, stored["code"], {"kept": [stored["status"], stored["redeemed_order"]],
                                                                        "also": [incoming["status"], incoming["redeemed_order"]]}))
    return merged


def _merge_batch(stored: Record, incoming: Record, written: Written) -> Record:
    merged = dict(stored)
    merged["complete"] = bool(stored["complete"] or incoming["complete"])
    merged["touched_at"] = max(filter(None, (stored["touched_at"], incoming["touched_at"])), default=None)
    return merged


def _merge_award(stored: Record, incoming: Record, written: Written) -> Record:
    def rank(r: Record) -> tuple[int, bool]:
        return (r["times"], r["status"] == "reversed")
    return incoming if rank(incoming) > rank(stored) else stored


_TRIGGER_RANK = {"pending": 0, "blocked": 1, "sent": 1, "conversion": 2}


def _merge_trigger_log(stored: Record, incoming: Record, written: Written) -> Record:
    merged = dict(stored)
    if _TRIGGER_RANK.get(incoming["status"], 0) > _TRIGGER_RANK.get(stored["status"], 0):
        merged["status"] = incoming["status"]
    for name in ("sent_at", "revoked_at", "conversion_order", "conversion_total", "coupon"):
        merged[name] = stored[name] if stored[name] is not None else incoming[name]
    return merged


def _merge_exception(stored: Record, incoming: Record, written: Written) -> Record:
    return incoming if stored["resolved_at"] is None else stored


@dataclass(frozen=True)
class Child:
    model: type[Model]
    parent: str  # the field naming the parent row


@dataclass(frozen=True)
class Table:
    model: type[Model]
    key: str | None  # the natural key's field; None: a key from the database that made the row (`sync_key`)
    merge: Merge
    watch: tuple[str, ...] = ()  # fields whose change must travel (the capture triggers' UPDATE OF); () = rows never change
    children: tuple[Child, ...] = ()
    skip: tuple[str, ...] = ()  # derived fields, rebuilt where the row lands (a card's balance)
    central: bool = False  # written on the hub only (the catalogue): tills pull it and never send it back

    @property
    def name(self) -> str:
        return str(self.model._meta.table_name)

    def fields(self) -> list[Field]:
        return [f for f in self.model._meta.sorted_fields if f.name != "id" and f.name not in self.skip and not f.primary_key]


# In the order a batch is written: a row's references come before it, except a few that point
# forward (a coupon's order, a replacement card), which are set once the batch is in.
TABLES: tuple[Table, ...] = (
    Table(User, "name", _latest, ("role", "pin_hash", "pin_salt", "active")),
    Table(Customer, None, _merge_customer, ("name", "name_key", "phone", "email", "marketing_opt_in", "birth_month", "birth_day", "forgotten_at")),
    Table(CardBatch, "name", _merge_batch, ("complete", "touched_at")),
    Table(Card, "number", _merge_card, ("status", "customer", "assigned_at", "replaced_by"), skip=("balance",)),
    Table(Coupon, "code", _merge_coupon, ("status", "redeemed_order", "voided_at", "expires_at", "card", "voided_by", "void_reason")),
    Table(Order, "order_id", _merge_order, ("status", "fulfilled_at", "points_awarded", "customer"),
          (Child(OrderLine, "order"), Child(OrderEarning, "order"), Child(OrderReward, "order"))),
    Table(Refund, "refund_id", _keep, (), (Child(RefundLine, "refund"), Child(RefundReversal, "refund"))),
    Table(LedgerEntry, "idempotency_key", _keep),
    Table(Activity, "key", _keep),
    Table(MilestoneAward, None, _merge_award, ("status", "points", "coupon", "times", "awarded_at", "reversed_at")),
    Table(TriggerLog, None, _merge_trigger_log, ("status", "sent_at", "revoked_at", "conversion_order", "conversion_total", "coupon", "reason")),
    Table(AuditLog, None, _keep),
    Table(SyncException, "key", _merge_exception, ("resolved_at", "resolved_by", "resolution")),
    Table(Product, "sku", _latest, ("sku_key", "name", "collection", "price", "active"), central=True),
    Table(ProductBarcode, "barcode", _latest, ("product",), central=True),
)
BY_NAME = {t.name: t for t in TABLES}
_BY_MODEL = {t.model: t for t in TABLES}


def _quote(name: str) -> str:
    return f'"{name}"'


def _postgres(database: Database) -> bool:
    return database.param == "%s"



def _chunks(values: list[Any], database: Database) -> Iterable[list[Any]]:
    """The values in lists an `_in` takes: all at once on PostgreSQL (one array parameter), at
    most `_CHUNK` at a time on SQLite (a mark each)."""
    step = (len(values) or 1) if _postgres(database) else _CHUNK
    for start in range(0, len(values), step):
        yield values[start:start + step]


def _in(database: Database, column: str, values: list[Any]) -> tuple[str, list[Any]]:
    """`column` is one of `values`, as SQL and its parameters. On PostgreSQL one array parameter
    (``= ANY(%s)``): the statement's text is the same for every batch, so neither psycopg nor
    the server parses a list of a thousand marks again for each (a fifth of a push's time)."""
    if _postgres(database):
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({_marks(database, len(values))})", values


def _marks(database: Database, count: int) -> str:
    return ", ".join([database.param] * count)


def _bulk_insert(database: Database, table: str, columns: list[str], rows: list[Sequence[Any]], unique: str | None = None) -> None:
    """Insert many rows (inside the caller's transaction); with `unique`, a row whose value there
    is already taken is left out. PostgreSQL takes a large batch by COPY (through a temporary
    table when rows may be left out): a push of a day's offline sales is a few statements, not
    one per row. SQLite, local, takes an `executemany`."""
    if not rows:
        return
    names = ", ".join(_quote(c) for c in columns)
    if not copies(database, len(rows)):
        conflict = f" ON CONFLICT ({_quote(unique)}) DO NOTHING" if unique else ""
        database.cursor().executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({_marks(database, len(columns))}){conflict}", rows)
        return
    if unique:
        # Straight into the table, in a savepoint: the caller left out the rows it found there,
        # so only a row another push wrote since can be in the way — then the COPY fails whole
        # and the rows go through a temporary table that leaves such rows out. (Through the
        # temporary table every time, each row was written twice: a fifth of a push.)
        from psycopg.errors import UniqueViolation

        try:
            with database.atomic():
                copy_rows(database, table, names, rows)
            return
        except UniqueViolation:
            pass
        target = f"sync_in_{table}"
        database.execute_sql(f"CREATE TEMP TABLE IF NOT EXISTS {_quote(target)} ON COMMIT DROP AS SELECT {names} FROM {_quote(table)} WITH NO DATA")
        database.execute_sql(f"TRUNCATE {_quote(target)}")
        copy_rows(database, target, names, rows)
        database.execute_sql(f"INSERT INTO {_quote(table)} ({names}) SELECT {names} FROM {_quote(target)} ON CONFLICT ({_quote(unique)}) DO NOTHING")
        return
    copy_rows(database, table, names, rows)


class Keys:
    """Ids ↔ global keys on one database. `me`: the name this database gives the rows it made
    (its till's name, or ``hub``)."""

    def __init__(self, database: Database, me: str) -> None:
        self.database = database
        self.me = me

    def of(self, table: Table, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted({int(i) for i in ids if i is not None})
        found: dict[int, str] = {}
        p = self.database.param
        for chunk in _chunks(wanted, self.database):
            if table.key is not None:
                column = table.model._meta.fields[table.key].column_name
                where, params = _in(self.database, "id", chunk)
                found.update((int(i), str(k)) for i, k in self.database.execute_sql(f"SELECT id, {_quote(column)} FROM {_quote(table.name)} WHERE {where}", params))
            else:
                where, params = _in(self.database, "local_id", chunk)
                found.update((int(i), str(k)) for i, k in self.database.execute_sql(f"SELECT local_id, key FROM sync_key WHERE tbl = {p} AND {where}",
                                                                                    [table.name, *params]))
        if table.key is None:
            for i in wanted:
                found.setdefault(i, f"{self.me}:{i}")
        return found

    def ids(self, table: Table, keys: Iterable[str]) -> dict[str, int]:
        wanted = sorted({k for k in keys if k is not None})
        found: dict[str, int] = {}
        p = self.database.param
        for chunk in _chunks(wanted, self.database):
            if table.key is not None:
                column = _quote(table.model._meta.fields[table.key].column_name)
                where, params = _in(self.database, column, chunk)
                found.update((str(k), int(i)) for k, i in self.database.execute_sql(f"SELECT {column}, id FROM {_quote(table.name)} WHERE {where}", params))
            else:
                where, params = _in(self.database, "key", chunk)
                found.update((str(k), int(i)) for k, i in self.database.execute_sql(f"SELECT key, local_id FROM sync_key WHERE tbl = {p} AND {where}",
                                                                                    [table.name, *params]))
        if table.key is None:  # rows this database made carry no sync_key row
            own = {k: int(k[len(self.me) + 1:]) for k in wanted if k not in found and k.startswith(self.me + ":") and k[len(self.me) + 1:].isdigit()}
            for chunk in _chunks(sorted(own.values()), self.database):
                where, params = _in(self.database, "id", chunk)
                present = {int(i) for (i,) in self.database.execute_sql(f"SELECT id FROM {_quote(table.name)} WHERE {where}", params)}
                found.update((k, i) for k, i in own.items() if i in present)
        return found


def _reader(f: Field) -> Callable[[Any], Any] | None:
    """How a column's raw value becomes the record's: None when it is kept as it comes — a
    reference (an id), or a value of a type its field's `python_value` gives back unchanged
    (a whole number for an integer column, text for a text column: peewee's `adapt` of those);
    else the field's `python_value` (times, yes/no, money)."""
    if isinstance(f, ForeignKeyField):
        return None
    python_value = f.python_value
    if type(f).python_value is not Field.python_value:
        return python_value
    if isinstance(f, IntegerField) and type(f).adapt is IntegerField.adapt:
        return lambda raw: raw if raw is None or type(raw) is int else python_value(raw)
    if isinstance(f, (CharField, TextField)) and type(f).adapt is CharField.adapt:
        return lambda raw: raw if raw is None or type(raw) is str else python_value(raw)
    return python_value


def _select(database: Database, model: type[Model], fields: list[Field], where: str, params: list[Any]) -> list[Record]:
    columns = ", ".join(["id", *(_quote(f.column_name) for f in fields)])
    rows = database.execute_sql(f"SELECT {columns} FROM {_quote(model._meta.table_name)} WHERE {where}", params).fetchall()
    if not rows:
        return []
    names = ["id", *(f.name for f in fields)]
    columns = list(zip(*rows))  # converted a column at a time: a push reads some hundred thousand values
    columns[0] = list(map(int, columns[0]))
    for place, reader in enumerate((_reader(f) for f in fields), 1):
        if reader is not None:
            columns[place] = list(map(reader, columns[place]))
    return [dict(zip(names, values)) for values in zip(*columns)]


def _foreign(fields: list[Field]) -> list[ForeignKeyField]:
    return [f for f in fields if isinstance(f, ForeignKeyField)]


def _to_keys(keys: Keys, fields: list[Field], records: list[Record], skip: str | None = None) -> None:
    for f in _foreign(fields):
        if f.name == skip:
            continue
        target = _BY_MODEL[f.rel_model]
        names = keys.of(target, (r[f.name] for r in records))
        for r in records:
            r[f.name] = names.get(r[f.name]) if r[f.name] is not None else None


def read(keys: Keys, table: Table, ids: Iterable[int], changed: Mapping[int, Iterable[str] | None] | None = None) -> list[Record]:
    """The rows of `table` with these ids (those still there) as records: fields by name, each
    reference as the key of the row it names, the row's own key under ``_key``, and under
    ``_changed`` the watched fields whose change it carries (`changed`, by id; None: all — a
    new row, or one whose changes are not known): the merge applies only those, so a row
    sent for one change never carries back what the sender had not seen change elsewhere."""
    wanted = sorted({int(i) for i in ids})
    database = keys.database
    fields = table.fields()
    records: list[Record] = []
    for chunk in _chunks(wanted, database):
        records += _select(database, table.model, fields, *_in(database, "id", chunk))
    own = keys.of(table, (r["id"] for r in records)) if table.key is None else {}
    for child in table.children:
        child_fields = [f for f in child.model._meta.sorted_fields if f.name != "id"]
        rows: list[Record] = []
        parent_column = child.model._meta.fields[child.parent].column_name
        for chunk in _chunks([r["id"] for r in records], database):
            where, params = _in(database, _quote(parent_column), chunk)
            rows += _select(database, child.model, child_fields, f"{where} ORDER BY id", params)
        _to_keys(keys, child_fields, rows, skip=child.parent)
        by_parent: dict[int, list[Record]] = {}
        for row in rows:
            parent = row.pop(child.parent)
            row.pop("id")
            by_parent.setdefault(int(parent), []).append(row)
        for r in records:
            r[f"_{child.model._meta.table_name}"] = by_parent.get(r["id"], [])
    _to_keys(keys, fields, records)
    for r in records:
        r["_key"] = r[table.key] if table.key is not None else own[r["id"]]
        columns = changed.get(r["id"]) if changed is not None else None
        r["_changed"] = None if columns is None else sorted(columns)
        del r["id"]
    return records


@dataclass
class _Deferred:
    table: Table
    row_id: int
    field_name: str
    key: str


@dataclass
class _GivenBack:
    """A coupon the sender holds as given back by a refund (or voided by it) that this database
    holds as redeemed on `order` (its key): settled once the batch is in."""

    row_id: int
    code: str
    order: str
    values: Record  # the sender's status, voided_at, voided_by, void_reason


def _db_values(fields: list[Field], record: Record) -> list[Any]:
    return [record[f.name] if isinstance(f, ForeignKeyField) else f.db_value(record[f.name]) for f in fields]


def _db_rows(fields: list[Field], records: list[Record]) -> list[tuple[Any, ...]]:
    """`_db_values` of many records, converted a column at a time (`statements.db_rows`): a push
    of a day's sales converts some hundred thousand values. References are ids already
    (`Writer._resolve`), which their columns take as they are."""
    if not records:
        return []
    values = itemgetter(*(f.name for f in fields))
    return db_rows(fields, list(map(values, records)) if len(fields) > 1 else [(values(r),) for r in records])


def _normal(f: Field, value: Any) -> Any:
    """A value as compared between databases (SQLite gives back text for times, 0/1 for yes/no)."""
    if value is None:
        return None
    if isinstance(f, BooleanField):
        return bool(value)
    if isinstance(f, DateTimeField) and isinstance(value, str):
        return f.python_value(value)
    return value


class Writer:
    """Writes batches of records into one database (inside the caller's transaction)."""

    def __init__(self, keys: Keys) -> None:
        self.keys = keys
        self.database = keys.database
        self.written = Written()
        self._deferred: list[_Deferred] = []
        self._given_back: list[_GivenBack] = []
        self._replaced_by: dict[str, str] = {}  # card number → its replacement's, as this batch says
        self._known: dict[str, dict[str, int]] = {}  # table → key → id, of the rows this writer found or wrote

    def _ids(self, table: Table, keys: Iterable[str]) -> dict[str, int]:
        """`Keys.ids`, remembering what it found and what this writer inserted: a batch asks for
        the same rows again (a sale's card for its order and for its ledger entries, its order
        for its entries), each time a round trip to the hub. Nothing a writer writes is deleted
        in its transaction, so an id once known stays right; a key not found is asked again."""
        known = self._known.setdefault(table.name, {})
        wanted = {k for k in keys if k is not None}
        missing = [k for k in wanted if k not in known]
        if missing:
            known.update(self.keys.ids(table, missing))
        return {k: known[k] for k in wanted if k in known}

    def _resolve(self, table: Table, fields: list[Field], records: list[Record], defer: bool) -> list[tuple[Record, dict[str, str]]]:
        """Each record's references as local ids; a reference not (yet) here is returned to be set later."""
        later: list[dict[str, str]] = [{} for _ in records]
        for f in _foreign(fields):
            target = _BY_MODEL[f.rel_model]
            found = self._ids(target, (r[f.name] for r in records if r[f.name] is not None))
            for r, pending in zip(records, later):
                key = r[f.name]
                if key is None:
                    continue
                if key in found:
                    r[f.name] = found[key]
                elif defer and f.null:
                    r[f.name] = None
                    pending[f.name] = key
                else:
                    raise LookupError(f"{table.name}.{f.name}: {key} is not in this database")
        return list(zip(records, later))

    def write(self, table: Table, incoming: list[Record]) -> None:
        if not incoming:
            return
        fields = table.fields()
        records = [dict(r) for r in incoming]
        if table.model is Card:
            self._replaced_by.update((r["_key"], r["replaced_by"]) for r in incoming if r.get("replaced_by"))
        resolved = self._resolve(table, fields, records, defer=True)
        existing = self._ids(table, (r["_key"] for r in records))
        new = [(r, later) for r, later in resolved if r["_key"] not in existing]
        known = [(r, later) for r, later in resolved if r["_key"] in existing]
        if table.key is not None and table.model is not MilestoneAward:
            self._insert_many(table, fields, [r for r, _later in new], existing)
        for r, later in new:
            row_id = existing.get(r["_key"]) if table.key is not None and table.model is not MilestoneAward else self._insert(table, fields, r)
            if row_id is None:  # the same row by another key (a milestone both tills awarded): known from now on by both
                continue
            existing[r["_key"]] = self._known[table.name][r["_key"]] = row_id
            self._after_insert(table, r, row_id)
            self._deferred += [_Deferred(table, row_id, name, key) for name, key in later.items()]
        for r, later in known:
            row_id = existing[r["_key"]]
            self._merge(table, fields, r, row_id)
            self._deferred += [_Deferred(table, row_id, name, key) for name, key in later.items()]
        self.written.rows += len(records)

    def _insert_many(self, table: Table, fields: list[Field], records: list[Record], ids: dict[str, int]) -> None:
        """New rows with a natural key, all at once (`_bulk_insert`), then their ids by key, then
        all their children the same way."""
        if not records:
            return
        derived = [table.model._meta.fields[name] for name in table.skip]
        column = table.model._meta.fields[table.key].column_name
        defaults = [f.db_value(f.default) for f in derived]
        _bulk_insert(self.database, table.name, [f.column_name for f in fields + derived], [(*row, *defaults) for row in _db_rows(fields, records)], column)
        ids.update(self._ids(table, (r["_key"] for r in records)))
        for child in table.children:
            rows = [(ids[r["_key"]], row) for r in records for row in r.get(f"_{child.model._meta.table_name}", [])]
            self._insert_children(child, rows)

    def _insert(self, table: Table, fields: list[Field], record: Record) -> int | None:
        derived = [table.model._meta.fields[name] for name in table.skip]  # start from their defaults; `refresh` sets them
        names = ", ".join(_quote(f.column_name) for f in fields + derived)
        conflict = " ON CONFLICT DO NOTHING" if table.model is MilestoneAward else ""
        sql = f"INSERT INTO {_quote(table.name)} ({names}) VALUES ({_marks(self.database, len(fields) + len(derived))}){conflict} RETURNING id"
        found = self.database.execute_sql(sql, _db_values(fields, record) + [f.db_value(f.default) for f in derived]).fetchone()
        if found is None:
            return self._same_award(table, record)
        row_id = int(found[0])
        if table.key is None:
            self.database.execute_sql(f"INSERT INTO sync_key (tbl, local_id, key) VALUES ({_marks(self.database, 3)})", (table.name, row_id, record["_key"]))
        for child in table.children:
            self._insert_children(child, [(row_id, row) for row in record.get(f"_{child.model._meta.table_name}", [])])
        return row_id

    def _same_award(self, table: Table, record: Record) -> None:
        p = self.database.param
        row = self.database.execute_sql(f"SELECT id FROM milestone_award WHERE customer_id = {p} AND rule_id = {p} AND requirement = {p}",
                                        (record["customer"], record["rule_id"], record["requirement"])).fetchone()
        self.database.execute_sql(f"INSERT INTO sync_key (tbl, local_id, key) VALUES ({_marks(self.database, 3)})", (table.name, int(row[0]), record["_key"]))
        self.written.conflicts.append(Conflict("duplicate_award", record["_key"], {"rule": record["rule_id"], "requirement": record["requirement"]}))
        return None

    def _insert_children(self, child: Child, rows: list[tuple[int, Record]]) -> None:
        """Rows of `child` as (parent id, record), all at once (`_bulk_insert`)."""
        if not rows:
            return
        fields = [f for f in child.model._meta.sorted_fields if f.name not in ("id", child.parent)]
        records = [dict(r) for _parent, r in rows]
        self._resolve(Table(child.model, None, _keep), fields, records, defer=False)
        parent_column = child.model._meta.fields[child.parent].column_name
        _bulk_insert(self.database, child.model._meta.table_name, [parent_column, *(f.column_name for f in fields)],
                     [(parent, *values) for (parent, _r), values in zip(rows, _db_rows(fields, records))])

    def _after_insert(self, table: Table, record: Record, row_id: int) -> None:
        if table.model is LedgerEntry:
            self.written.cards.add(record["card"])
            self.written.new_entries.append(NewEntry(row_id, record["card"], record["points"], record["kind"], record["order"], record["at"],
                                                     record["expires_at"]))
        elif table.model is Card:
            self.written.cards.add(row_id)
            if record["customer"] is not None:
                self.written.customers.add(record["customer"])
        elif table.model is Customer:
            self.written.customers.add(row_id)
        elif table.model is Order:
            if record["customer"] is not None:
                self.written.new_orders.append({**record, "id": row_id})
        elif table.model in (Refund, Activity):
            self._touch_customer_of(table, record, row_id)
            if table.model is Refund:
                self.written.refunded_orders.append(record["order"])
        elif table.model is TriggerLog:
            self.written.firings.add((int(record["customer"]), record["trigger_id"]))
            self._same_firing(record, row_id)
        elif table.model is MilestoneAward:
            self.written.awards.add(int(record["customer"]))

    def _same_firing(self, record: Record, row_id: int) -> None:
        """A trigger step fired for the same customer on two tills (both offline): both rows and
        their points stay, and a manager sees it in the exceptions list. A blocked firing, or
        one a refund took back, does not count: the step may fire again after it."""
        if record["status"] == "blocked" or record["revoked_at"] is not None:
            return
        p = self.database.param
        others = [int(i) for (i,) in self.database.execute_sql(
            f"SELECT id FROM trigger_log WHERE customer_id = {p} AND trigger_id = {p} AND step = {p} AND id <> {p} "
            f"AND status <> 'blocked' AND revoked_at IS NULL ORDER BY id", (record["customer"], record["trigger_id"], record["step"], row_id))]
        if others:
            kept = self.keys.of(_BY_MODEL[TriggerLog], others)
            self.written.conflicts.append(Conflict("duplicate_trigger", record["_key"], {
                "trigger": record["trigger_id"], "step": record["step"], "points": record["points"], "also": [kept[i] for i in others]}))

    def _touch_customer_of(self, table: Table, record: Record, row_id: int) -> None:
        p = self.database.param
        if table.model is Refund:
            row = self.database.execute_sql(f'SELECT customer_id FROM "order" WHERE id = {p}', (record["order"],)).fetchone()
            customer = row[0] if row else None
        else:
            customer = record["customer"]
        if customer is not None:
            self.written.customers.add(int(customer))

    def _merge(self, table: Table, fields: list[Field], incoming: Record, row_id: int) -> None:
        if table.model is LedgerEntry:
            self._same_entry(fields, incoming, row_id)
        if table.merge is _keep:
            return
        stored = _select(self.database, table.model, fields, f"id = {self.database.param}", [row_id])[0]
        stored_keys = dict(stored)
        _to_keys(self.keys, fields, [stored_keys])
        incoming_keys = dict(incoming)
        for f in _foreign(fields):  # compare references by key, as they travel
            incoming_keys[f.name] = self._key_of(f, incoming[f.name])
        if incoming.get("_changed") is not None:  # what the sender did not change is not its to say
            for name in set(table.watch) - set(incoming["_changed"]):
                incoming_keys[name] = stored_keys[name]
        if table.model is Coupon:
            self._coupon_context(stored_keys, incoming_keys, row_id)
        merged = table.merge(stored_keys, incoming_keys, self.written)
        changes: dict[Field, Any] = {}
        for f in fields:
            if f.name not in table.watch:
                continue
            old, new = _normal(f, stored_keys[f.name]), _normal(f, merged[f.name])
            if old != new:
                changes[f] = new
        if not changes:
            return
        if any(isinstance(f, ForeignKeyField) for f in changes):
            holder = {f.name: v for f, v in changes.items()}
            self._resolve(table, [f for f in changes if isinstance(f, ForeignKeyField)], [holder], defer=False)
            changes = {f: holder[f.name] for f in changes}
        changes_by_name = {f.name: v for f, v in changes.items()}
        sets = ", ".join(f"{_quote(f.column_name)} = {self.database.param}" for f in changes)
        values = [v if isinstance(f, ForeignKeyField) else f.db_value(v) for f, v in changes.items()]
        self.database.execute_sql(f"UPDATE {_quote(table.name)} SET {sets} WHERE id = {self.database.param}", [*values, row_id])
        if table.model is Card:
            self.written.cards.add(row_id)
            customer = self.database.execute_sql(f"SELECT customer_id FROM card WHERE id = {self.database.param}", (row_id,)).fetchone()[0]
            for value in (stored["customer"], customer):
                if value is not None:
                    self.written.customers.add(int(value))
        elif table.model is Order:
            for customer in (stored["customer"], changes_by_name.get("customer")):
                self._touch_customer_of(table, {"customer": customer}, row_id)
        elif table.model is Customer:
            self.written.customers.add(row_id)  # a new name: its search words are made again where it lands
        elif table.model is TriggerLog:  # blocked, or taken back
            self.written.firings.add((int(stored["customer"]), stored["trigger_id"]))
        elif table.model is MilestoneAward:  # taken back, or paid again
            self.written.awards.add(int(stored["customer"]))

    def _same_entry(self, fields: list[Field], incoming: Record, row_id: int) -> None:
        """A ledger key met again must be the same entry (a replay); the same key for another
        card or amount (two tills' histories from before they were attached) is reported."""
        stored = _select(self.database, LedgerEntry, fields, f"id = {self.database.param}", [row_id])[0]
        if (stored["card"], stored["points"]) != (incoming["card"], incoming["points"]):
            self.written.conflicts.append(Conflict("ledger_key", incoming["_key"], {"kept": stored["points"], "also": incoming["points"]}))

    def _coupon_context(self, stored: Record, incoming: Record, row_id: int) -> None:
        """What `_merge_coupon` cannot see from the two records alone (keys compared)."""
        if incoming["card"] != stored["card"] and incoming["card"] in self._replacements(stored["card"]):
            incoming["_card_follows"] = True
        if stored["status"] == "redeemed" and incoming["status"] in ("issued", "void") and incoming["redeemed_order"] is None:
            incoming["_given_back"] = True
            self._given_back.append(_GivenBack(row_id, stored["code"], stored["redeemed_order"],
                                               {name: incoming[name] for name in ("status", "voided_at", "voided_by", "void_reason")}))

    def _replacements(self, number: str) -> set[str]:
        """The cards that replaced card `number`, one after the other (this batch's too: its
        `replaced_by` is set only once the batch is in)."""
        found: set[str] = set()
        current = number
        for _ in range(100):
            nxt = self._replaced_by.get(current)
            if nxt is None:
                row = self.database.execute_sql(f"SELECT r.number FROM card c JOIN card r ON r.id = c.replaced_by_id WHERE c.number = {self.database.param}",
                                                (current,)).fetchone()
                nxt = row[0] if row else None
            if nxt is None or nxt in found:
                break
            found.add(nxt)
            current = nxt
        return found

    def _settle_given_back(self) -> None:
        """A coupon given back (or voided) by a refund: taken when the order it was redeemed on
        here is refunded or cancelled now the batch is in; a void of a coupon used on an order
        that stands is a coupon used twice; an 'issued' from a sender that had not seen the
        redemption changes nothing."""
        p = self.database.param
        for g in self._given_back:
            row = self.database.execute_sql(f'SELECT id, status FROM "order" WHERE order_id = {p}', (g.order,)).fetchone()
            if row is not None and row[1] in ("refunded", "cancelled"):
                f = Coupon._meta.fields
                self.database.execute_sql(
                    f"UPDATE coupon SET status = {p}, redeemed_order_id = NULL, voided_at = {p}, voided_by = {p}, void_reason = {p} "
                    f"WHERE id = {p} AND status = 'redeemed' AND redeemed_order_id = {p}",
                    (g.values["status"], f["voided_at"].db_value(g.values["voided_at"]), g.values["voided_by"], g.values["void_reason"], g.row_id, row[0]))
            elif g.values["status"] == "void":
                self.written.conflicts.append(Conflict(COUPON_TWICE, g.code, {"kept": ["redeemed", g.order], "also": ["void", None]}))
        self._given_back = []

    def _key_of(self, f: ForeignKeyField, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return self.keys.of(_BY_MODEL[f.rel_model], [value]).get(value)

    def finish(self) -> Written:
        """Set the references that pointed forward in the batch; one still missing is an error
        (the sender left out a row it refers to)."""
        for d in self._deferred:
            f = d.table.model._meta.fields[d.field_name]
            found = self._ids(_BY_MODEL[f.rel_model], [d.key])
            if d.key not in found:
                raise LookupError(f"{d.table.name}.{d.field_name}: {d.key} is not in this database")
            p = self.database.param
            self.database.execute_sql(f"UPDATE {_quote(d.table.name)} SET {_quote(f.column_name)} = {p} WHERE id = {p} AND {_quote(f.column_name)} IS NULL",
                                      (found[d.key], d.row_id))
        self._deferred = []
        self._settle_given_back()
        return self.written
