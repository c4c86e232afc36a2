"""Writing to the points ledger. The only code that changes a card's balance and its lots.

Every entry carries a unique idempotency key; the card's cached balance and its open lots
(`CardLot`: what is left of each earning, with its expiry) move in the same transaction as
the entry. So a replay never counts twice, the balance always equals the sum of the ledger,
and spending, expiry and the scan read a few lot rows instead of replaying the ledger: the
cost of a sale does not grow with a card's history. `store.running_totals` replays the
ledger to check (and first fill) the lots; the rules are those of `domain.ledger`.

The SQL here is written once per database kind and run with the driver's parameters: it
runs on every sale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from peewee import Database, fn

from ..domain.ledger import Lot, plan_entry
from ..store.models import NEVER, Card, LedgerEntry, Order, Refund, db, now
from ..store.running_totals import as_datetime
from . import changes

_SPEND_CHUNK = 32


@dataclass(frozen=True)
class NewEntry:
    """One ledger entry to write. `expires_at` only for positive entries (None: never)."""

    points: int
    kind: str
    key: str
    at: dt.datetime
    expires_at: dt.datetime | None = None
    order_id: int | None = None
    refund_id: int | None = None
    note: str = ""
    user: str = ""


@dataclass(frozen=True)
class _Sql:
    insert_entry: str
    insert_entry_plain: str
    add_balance: str
    insert_lot: str
    spend_lots: str
    take_from_first: str
    delete_lots: str
    set_lot: str
    expired_lots: str
    all_lots: str
    move_lots: str
    any_expired: str


_COLUMNS = 'card_id, points, kind, "at", expires_at, order_id, refund_id, idempotency_key, note, "user"'


@lru_cache(maxsize=4)
def _sql(param: str) -> _Sql:
    p = param
    values = ", ".join([p] * 10)
    return _Sql(
        insert_entry=f"INSERT INTO ledger_entry ({_COLUMNS}) VALUES ({values}) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        insert_entry_plain=f"INSERT INTO ledger_entry ({_COLUMNS}) VALUES ({values})",
        add_balance=f"UPDATE card SET balance = balance + {p} WHERE id = {p}",
        insert_lot=f"INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES ({p}, {p}, {p}, {p})",
        spend_lots=f"SELECT id, points, expires_at FROM card_lot WHERE card_id = {p} ORDER BY expires_at, id LIMIT {_SPEND_CHUNK}",
        take_from_first=(f"UPDATE card_lot SET points = points - {p} WHERE id = (SELECT id FROM card_lot WHERE card_id = {p} "
                         f"ORDER BY expires_at, id LIMIT 1) AND points > {p}"),
        # the front of the card's spending order up to a lot, as one range of the (card, expiry,
        # id) index: written as `expires_at < x OR (expires_at = x AND id <= y)` SQLite walked
        # every open lot of the card (15 ms on a card with 140,000 open lots)
        delete_lots=f"DELETE FROM card_lot WHERE card_id = {p} AND (expires_at, id) <= ({p}, {p})",
        set_lot=f"UPDATE card_lot SET points = {p} WHERE id = {p}",
        expired_lots=(f"SELECT l.entry_id, l.points, l.expires_at, e.idempotency_key FROM card_lot l LEFT JOIN ledger_entry e ON e.id = l.entry_id "
                      f"WHERE l.card_id = {p} AND l.expires_at <= {p} ORDER BY l.expires_at, l.id"),
        all_lots=f"SELECT points, expires_at, entry_id FROM card_lot WHERE card_id = {p} ORDER BY expires_at, id",
        move_lots=f"UPDATE card_lot SET card_id = {p} WHERE card_id = {p}",
        any_expired=f"SELECT 1 FROM card_lot WHERE card_id = {p} AND expires_at <= {p} LIMIT 1",
    )


def _database() -> tuple[Database, _Sql]:
    database = db.obj
    return database, _sql(database.param)


def _stored_expiry(expires_at: dt.datetime | None) -> dt.datetime:
    return NEVER if expires_at is None else expires_at


def _shown_expiry(value: object) -> dt.datetime | None:
    expires = as_datetime(value)
    return None if expires is None or expires >= NEVER else expires


def _take(database: Database, sql: _Sql, card_id: int, points: int) -> None:
    """Take `points` from the card's lots, soonest-expiring (then oldest) first: the lots used
    up go in one DELETE of the front of the card's spending order, the one used in part gets
    one UPDATE. What the lots cannot cover is debt, which is the negative balance itself. Most
    sales take part of the first lot: that is tried first, one UPDATE that finds the lot itself
    (no lot is read into Python)."""
    if database.execute_sql(sql.take_from_first, (points, card_id, points)).rowcount == 1:
        return
    need = points
    while need:
        rows = database.execute_sql(sql.spend_lots, (card_id,)).fetchall()
        change = plan_entry([Lot(p, None) for _id, p, _e in rows], 0, -need)
        last_used_up = None
        for index, used in change.taken:
            lot_id, lot_points, _expires = rows[index]
            if used == lot_points:
                last_used_up = rows[index]
            else:
                database.execute_sql(sql.set_lot, (lot_points - used, lot_id))
            need -= used
        if last_used_up is not None:
            lot_id, _points, expires = last_used_up
            database.execute_sql(sql.delete_lots, (card_id, expires, lot_id))
        if len(rows) < _SPEND_CHUNK:
            return


def write(card: Card, entries: list[NewEntry]) -> list[int | None]:
    """Append entries to one card's ledger with its lots and balance (inside a transaction, on
    a card read in it). Returns each entry's id, or None where its key already existed (a
    replay: nothing written) or it had no points."""
    database, sql = _database()
    ids: list[int | None] = []
    net = 0
    for e in entries:
        if e.points == 0:
            ids.append(None)
            continue
        row = database.execute_sql(sql.insert_entry, (card.id, e.points, e.kind, e.at, e.expires_at, e.order_id, e.refund_id,
                                                      e.key, e.note, e.user)).fetchone()
        if row is None:
            ids.append(None)
            continue
        entry_id = int(row[0])
        debt = max(0, -(card.balance + net))
        if e.points > 0:
            opened = plan_entry([], debt, e.points).opened
            if opened:
                database.execute_sql(sql.insert_lot, (card.id, _stored_expiry(e.expires_at), opened, entry_id))
        elif card.balance + net > 0:
            _take(database, sql, card.id, min(-e.points, card.balance + net))
        net += e.points
        ids.append(entry_id)
    if net:
        database.execute_sql(sql.add_balance, (net, card.id))
        card.balance += net
    if any(i is not None for i in ids):
        changes.announce("card", card.number)
    return ids


def append(card: Card, points: int, kind: str, key: str, *, at: dt.datetime | None = None, expires_at: dt.datetime | None = None,
           order: Order | None = None, refund: Refund | None = None, note: str = "", user: str = "") -> int | None:
    """Append one entry (call inside a transaction). Returns its id, or None when the key
    already exists (or there are no points)."""
    entry = NewEntry(points, kind, key, at or now(), expires_at, order.id if order is not None else None,
                     refund.id if refund is not None else None, note, user)
    return write(card, [entry])[0]


def lots(card: Card) -> tuple[list[Lot], int]:
    """The card's open lots in spending order (each with its expiry) and any debt."""
    database, sql = _database()
    rows = database.execute_sql(sql.all_lots, (card.id,)).fetchall()
    return [Lot(points, _shown_expiry(expires), entry_id) for points, expires, entry_id in rows], max(0, -card.balance)


def has_expired(card_id: int, when: dt.datetime) -> bool:
    """Whether the card has points past their date (one indexed probe)."""
    database, sql = _database()
    return database.execute_sql(sql.any_expired, (card_id, when)).fetchone() is not None


def expiry_key(opening_key: str | None, card_id: int, expires_at: object) -> str:
    """The key of a lot's expiry entry: the key of the entry that opened the lot, so a lot
    expires once wherever it is expired (the same on every till of a hub), and two lots with the
    same date are two entries."""
    if not opening_key:
        return f"expire:lot:{card_id}:{expires_at}"
    key = f"expire:{opening_key}"
    return key if len(key) <= 160 else f"expire:{hashlib.sha256(opening_key.encode()).hexdigest()}"


def expire_due(card: Card, when: dt.datetime | None = None) -> int:
    """Write expiry entries for lots past their date (inside a transaction). Returns points
    expired. One entry per lot (`expiry_key`). On a till attached to a hub, the hub expires
    points (services/sync.py) and the entries arrive with the next sync: two tills never
    expire one lot by different amounts."""
    from . import sync  # the hub's replication behind it: loaded by what syncs or sells, not by every command's start

    if sync.attached() is not None:
        return 0
    when = when or now()
    database, sql = _database()
    rows = database.execute_sql(sql.expired_lots, (card.id, when)).fetchall()
    entries = [NewEntry(-points, "expire", expiry_key(key, card.id, expires), when, note=f"expired {as_datetime(expires):%Y-%m-%d}")
               for entry_id, points, expires, key in rows]
    written = write(card, entries)
    return sum(-e.points for e, entry_id in zip(entries, written) if entry_id is not None)


def transfer(old: Card, new: Card, at: dt.datetime, user: str = "") -> int:
    """Move everything on `old` to `new` (inside a transaction): each lot keeps its expiry
    (one pair of ledger entries per lot, the lot rows themselves move), and a debt moves as
    debt. Returns the points moved."""
    from . import sync

    database, sql = _database()
    open_lots, debt = lots(old)
    rows = []
    pair = f"{sync.global_id('card', old.id)}:{sync.global_id('card', new.id)}"  # unique across the tills of a hub
    for index, lot in enumerate(open_lots):
        rows.append((old.id, -lot.points, "transfer", at, None, None, None, f"transfer:{pair}:{index}:out", f"moved to {new.number}", user))
        rows.append((new.id, lot.points, "transfer", at, lot.expires_at, None, None, f"transfer:{pair}:{index}:in", f"moved from {old.number}", user))
    if debt:
        rows.append((old.id, debt, "transfer", at, None, None, None, f"transfer:{pair}:debt:out", f"debt moved to {new.number}", user))
        rows.append((new.id, -debt, "transfer", at, None, None, None, f"transfer:{pair}:debt:in", f"debt moved from {old.number}", user))
    if not rows:
        return 0
    moved = old.balance
    if new.balance != 0:  # not a fresh card: entry by entry, as any other spend and earn
        for row in rows:
            target = old if row[0] == old.id else new
            write(target, [NewEntry(row[1], "transfer", row[7], at, row[4], note=row[8], user=user)])
        return moved
    database.cursor().executemany(sql.insert_entry_plain, rows)
    database.execute_sql(sql.move_lots, (new.id, old.id))
    database.execute_sql(sql.add_balance, (-moved, old.id))
    database.execute_sql(sql.add_balance, (moved, new.id))
    old.balance -= moved
    new.balance += moved
    return moved


def sum_of_ledger(card: Card) -> int:
    return int(LedgerEntry.select(fn.COALESCE(fn.SUM(LedgerEntry.points), 0)).where(LedgerEntry.card == card).scalar())
