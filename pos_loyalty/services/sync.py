"""Tills that keep working offline and sync with a PostgreSQL hub.

A till attached to a hub (`attach`) sells on its own SQLite file whatever the network does.
Every write to a synced table leaves (table, row) in `sync_outbox` in the same transaction
(triggers installed at attach). `push` copies those rows to the hub by their global keys
(store/replication.py) and only then deletes them from the outbox, so a crash anywhere sends
them again and the hub, finding the keys, changes nothing the second time. The hub's own
triggers journal every write there with its transaction id; `pull` brings what other tills
(and the hub itself) wrote since this till's cursor and stores the cursor in the same local
transaction as the rows — nothing is skipped or applied twice across crashes.

Money facts (ledger entries, orders, refunds) are written once and never change; the running
totals (balances, lots, counters) are recomputed where rows land, so every till converges to
the hub's balances.

Redemption (DESIGN invariant 4): a sale that spends points or uses a coupon, on a till that
can reach the hub, is pushed inside its own transaction, and the hub — holding that card's row
(`FOR UPDATE`) — refuses it if the card would go below zero: two tills never spend the same
points. Offline, a till allows spending up to the balance it last synced minus a safety margin
(or not at all); if such spending overdraws the card once merged, the hub flags the card in
the exceptions list with the orders involved.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import weakref
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from peewee import Database, OperationalError, InterfaceError
from peewee import __exception_wrapper__ as peewee_errors

from ..domain.errors import Busy, LoyaltyError, ValidationError
from ..store import running_totals
from ..store.database import before_commit, is_busy, make_database, migrate, transaction
from ..store.models import SyncException, db, now
from ..store.replication import BY_NAME, TABLES, Keys, Table, Writer, Written, read
from . import audit, auth, changes, settings

if TYPE_CHECKING:
    from concurrent.futures import Future

HUB = "hub"  # the name the hub gives the rows made on it
PUSH_BATCH = 2_000  # outbox rows per hub transaction
PULL_BATCH = 5_000  # journal rows per local transaction
IN_SALE_LIMIT = 2_000  # more waiting than this: a redemption does not wait for the backlog (offline rule)
CONNECT_TIMEOUT_S = 3
# Tables whose rows a till sends; the exceptions list is the hub's.
_TILL_TABLES = tuple(t for t in TABLES if t.name != "sync_exception" and not t.central)


class HubUnreachable(LoyaltyError):
    """The hub did not answer; the till goes on offline."""

    def __init__(self, reason: str) -> None:
        super().__init__("hub", f"the hub cannot be reached ({reason}); the till works offline and syncs later")


class Overdrawn(ValidationError):
    """The hub refused a redemption: the card has fewer points there (spent on another till)."""


@dataclass(frozen=True)
class Status:
    attached: bool
    hub: str  # the URL without its password
    till: str
    store: str
    online: bool | None  # None: not tried since start
    last_sync_at: dt.datetime | None
    waiting: int  # rows in the outbox
    last_error: str
    offline_margin: int | None  # None: no redemption offline
    exceptions: int  # open


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    pulled: int
    seconds: float
    exceptions: int


# -- this database's sync state -------------------------------------------------------------

def _state() -> dict[str, str]:
    if "sync_state" not in _tables():
        return {}
    return {k: v for k, v in db.obj.execute_sql("SELECT key, value FROM sync_state").fetchall()}


# Per opened database (weakly: a database closed and gone takes its entries with it).
_table_cache: weakref.WeakKeyDictionary[Database, set[str]] = weakref.WeakKeyDictionary()


def _tables() -> set[str]:
    database = db.obj
    if database not in _table_cache:
        _table_cache[database] = set(database.get_tables())
    return _table_cache[database]


def _set_state(values: dict[str, str]) -> None:
    p = db.obj.param
    for key, value in values.items():
        db.obj.execute_sql(f"DELETE FROM sync_state WHERE key = {p}", (key,))
        db.obj.execute_sql(f"INSERT INTO sync_state (key, value) VALUES ({p}, {p})", (key, value))


_attached_cache: weakref.WeakKeyDictionary[Database, tuple[str, str] | None] = weakref.WeakKeyDictionary()


def attached() -> tuple[str, str] | None:
    """(hub URL, till name) when this database is a till attached to a hub. Read once per
    opened database: every sale asks."""
    database = db.obj
    found = _attached_cache.get(database, _attached_cache)
    if found is _attached_cache:
        state = _state()
        found = _attached_cache[database] = (state["hub_url"], state["till"]) if "hub_url" in state else None
    return found  # type: ignore[return-value]


def _me() -> str | None:
    """The name this database gives the rows it makes: its till's when attached, ``hub`` on
    the hub, None for a till on its own."""
    found = attached()
    if found is not None:
        return found[1]
    return HUB if _state_value("role") == HUB else None


def this_till() -> tuple[str, str]:
    """The till and store an order committed here is recorded as made at (`order.till`,
    `order.store`, for reports by till and store): this till's names when attached, ``hub`` on
    the hub, '' on a till of its own. Read once per opened database: every sale asks."""
    database = db.obj
    found = _till_cache.get(database)
    if found is None:
        me = _me()
        found = _till_cache[database] = (me or "", _state().get("store", "") if attached() is not None else "")
    return found


_till_cache: weakref.WeakKeyDictionary[Database, tuple[str, str]] = weakref.WeakKeyDictionary()


_role_cache: weakref.WeakKeyDictionary[Database, str] = weakref.WeakKeyDictionary()


def _state_value(key: str) -> str:
    database = db.obj
    if database not in _role_cache:
        _role_cache[database] = _state().get("role", "")
    return _role_cache[database]


def global_id(table: str, row_id: int) -> str:
    """A row's id as it goes into an idempotency key that must be unique across tills (a
    milestone step's or a trigger firing's ledger key, a customer's sign-up): the id itself on
    a till of its own (the keys it always wrote), else the row's global key (``TILL2:17``)."""
    me = _me()
    if me is None:
        return str(row_id)
    return Keys(db.obj, me).of(BY_NAME[table], [row_id])[row_id]


def global_id_sql(table: str, column: str) -> str:
    """`global_id` as an SQL expression over `column` (the birthday job finds customers not yet
    given this year's by their key)."""
    me = _me()
    if me is None:
        return f"CAST({column} AS TEXT)"
    return (f"COALESCE((SELECT k.key FROM sync_key k WHERE k.tbl = '{table}' AND k.local_id = {column}), "
            f"'{me.replace(chr(39), '')}:' || CAST({column} AS TEXT))")


def _forget_cache() -> None:
    _attached_cache.pop(db.obj, None)
    _till_cache.pop(db.obj, None)
    _table_cache.pop(db.obj, None)


def shown_url(url: str) -> str:
    """The URL as shown to people: no password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


# -- the hub connection -----------------------------------------------------------------------

_hubs: dict[str, Database] = {}
_hub_lock = threading.Lock()
_online: dict[str, bool] = {}


def _with_timeout(url: str) -> str:
    if "connect_timeout=" in url:
        return url
    return url + ("&" if "?" in url else "?") + f"connect_timeout={CONNECT_TIMEOUT_S}"


def hub_database(url: str) -> Database:
    """A connection pool-less handle on the hub (one connection per thread, as peewee does)."""
    with _hub_lock:
        database = _hubs.get(url)
        if database is None:
            database = _hubs[url] = make_database(_with_timeout(url))
        return database


def _reach(url: str) -> Database:
    database = hub_database(url)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT 1")
    except (OperationalError, InterfaceError) as exc:
        database.close()
        _online[url] = False
        raise HubUnreachable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from None
    return database


def _lost(url: str, exc: BaseException) -> LoyaltyError:
    """What a database error talking to the hub means for the till: another till holds the card
    (`Busy`: try again), or the hub is gone (offline)."""
    if is_busy(exc):
        return Busy()
    hub_database(url).close()
    _online[url] = False
    return HubUnreachable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)


def close_hubs() -> None:
    with _hub_lock:
        for database in _hubs.values():
            database.close()
        _hubs.clear()


# -- capture triggers --------------------------------------------------------------------------

def _watched(database: Database, table: Table) -> tuple[str, ...]:
    """The table's watched fields that its columns in `database` have: a database migrated from
    an old version gets its triggers at each migration that changes them (0014, 0017), before the
    later migrations have added the columns they will watch."""
    present = {c.name for c in database.get_columns(table.name)}
    fields = table.model._meta.fields
    return tuple(name for name in table.watch if fields[name].column_name in present)


def _watched_columns(table: Table, watch: tuple[str, ...]) -> list[str]:
    fields = table.model._meta.fields
    return [fields[name].column_name for name in watch]


def _changed_sql(table: Table, differ: str, watch: tuple[str, ...]) -> tuple[str, str]:
    """SQL for an UPDATE trigger: (the condition that a watched column changed, the text naming
    the ones that did — field names, each followed by a comma, as `replication` reads them)."""
    fields = table.model._meta.fields
    tests = [(name, f'OLD."{fields[name].column_name}" {differ} NEW."{fields[name].column_name}"') for name in watch]
    return " OR ".join(t for _n, t in tests), " || ".join(f"CASE WHEN {t} THEN '{n},' ELSE '' END" for n, t in tests)


def install_till_triggers(database: Database) -> None:
    """SQLite: every insert into a synced table, and every change of a column that travels,
    leaves (table, row id, the columns changed — NULL for an insert: all) in the outbox in the
    same transaction. Dropped and made again: a till attached before the outbox said which
    columns changed gets the new ones (migration 0014)."""
    for table in _TILL_TABLES:
        name = table.name
        if not database.table_exists(name):
            continue  # a table a later migration adds gets its triggers there
        database.execute_sql(f"DROP TRIGGER IF EXISTS sync_out_{name}_ins")
        database.execute_sql(f"DROP TRIGGER IF EXISTS sync_out_{name}_upd")
        database.execute_sql(f'CREATE TRIGGER sync_out_{name}_ins AFTER INSERT ON "{name}" '
                             f"BEGIN INSERT INTO sync_outbox (tbl, row_id) VALUES ('{name}', NEW.id); END")
        watch = _watched(database, table)
        columns = _watched_columns(table, watch)
        if columns:
            cols = ", ".join(f'"{c}"' for c in columns)
            differ, changed = _changed_sql(table, "IS NOT", watch)
            database.execute_sql(f'CREATE TRIGGER sync_out_{name}_upd AFTER UPDATE OF {cols} ON "{name}" WHEN {differ} '
                                 f"BEGIN INSERT INTO sync_outbox (tbl, row_id, changed) VALUES ('{name}', NEW.id, {changed}); END")


def install_hub_triggers(database: Database, only: tuple[str, ...] | None = None) -> None:
    """PostgreSQL: every insert into a synced table (and the rules), and every change of a
    column that travels, leaves (table, row id, transaction id, the pushing till, the columns
    changed — NULL for an insert: all) in the journal. One update function per table: it names
    the table's own watched columns. `only`: these tables' triggers (a migration adding tables
    installs theirs alone, before later migrations' tables exist)."""
    origin = "COALESCE(current_setting('pos_loyalty.origin', true), '')"
    database.execute_sql(
        "CREATE OR REPLACE FUNCTION pos_loyalty_journal() RETURNS trigger AS $$ BEGIN "
        f"INSERT INTO sync_journal (tbl, row_id, origin) VALUES (TG_TABLE_NAME, NEW.id, {origin}); "
        "RETURN NULL; END $$ LANGUAGE plpgsql")
    for table in [*TABLES, None]:
        name = table.name if table is not None else "rules_version"
        if (only is not None and name not in only) or not database.table_exists(name):
            continue  # a table a later migration adds gets its triggers there
        watch = _watched(database, table) if table is not None else ()
        columns = _watched_columns(table, watch) if table is not None else []
        database.execute_sql(f'DROP TRIGGER IF EXISTS sync_journal_ins ON "{name}"')
        database.execute_sql(f'CREATE TRIGGER sync_journal_ins AFTER INSERT ON "{name}" FOR EACH ROW EXECUTE FUNCTION pos_loyalty_journal()')
        database.execute_sql(f'DROP TRIGGER IF EXISTS sync_journal_upd ON "{name}"')
        if table is not None and columns:
            cols = ", ".join(f'"{c}"' for c in columns)
            differ, changed = _changed_sql(table, "IS DISTINCT FROM", watch)
            database.execute_sql(
                f"CREATE OR REPLACE FUNCTION pos_loyalty_journal_{name}() RETURNS trigger AS $$ BEGIN "
                f"INSERT INTO sync_journal (tbl, row_id, origin, changed) VALUES (TG_TABLE_NAME, NEW.id, {origin}, {changed}); "
                "RETURN NULL; END $$ LANGUAGE plpgsql")
            database.execute_sql(f'CREATE TRIGGER sync_journal_upd AFTER UPDATE OF {cols} ON "{name}" FOR EACH ROW '
                                 f"WHEN ({differ}) EXECUTE FUNCTION pos_loyalty_journal_{name}()")


# -- setting up ---------------------------------------------------------------------------------

def init_hub(url: str) -> list[str]:
    """Create (or bring up to date) the hub's tables with the same migrations as a till, and
    its journal triggers. Safe to run again."""
    from ..store.database import is_postgres

    if not is_postgres(url):
        raise ValidationError("url", "a hub is a PostgreSQL database: postgresql://user@host:5432/name")
    database = _reach(url)
    applied = migrate(database)
    with database.atomic():
        install_hub_triggers(database)
        database.execute_sql("INSERT INTO sync_state (key, value) VALUES ('role', 'hub') ON CONFLICT (key) DO NOTHING")
    return applied


def _check_name(field: str, value: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(field, "is required")
    if len(value) > limit:
        raise ValidationError(field, f"at most {limit} characters")
    return value


def attach(url: str, till: str, store: str, offline_margin: int | None = 0, user: str = "", *, manager_pin: str | None,
           manager: str | None = None) -> Status:
    """Attach this till's database to the hub at `url` under the till's name (unique on the
    hub). What the till already holds is queued for the hub, then the first sync runs. A store
    setting: a manager's PIN allows it."""
    from peewee import SqliteDatabase

    from ..store.database import is_postgres

    if not is_postgres(url):
        raise ValidationError("url", "a hub is a PostgreSQL database: postgresql://user@host:5432/name")
    if not isinstance(db.obj, SqliteDatabase):
        raise ValidationError("db", "attach a till's own SQLite file to the hub; this database is already a PostgreSQL one")
    till = _check_name("till", till, 16)
    if till.lower() == HUB:  # the hub's own rows are keyed hub:N
        raise ValidationError("till", f"'{till}' is the hub's own name; give this till another")
    store = _check_name("store", store, 120)
    if offline_margin is not None and offline_margin < 0:
        raise ValidationError("offline_margin", "a number of points, 0 or more (or off)")
    current = attached()
    if current is not None and current != (url, till):
        raise ValidationError("hub", f"this till is already attached to {shown_url(current[0])} as {current[1]}")
    who = auth.verify_manager(manager_pin, manager)
    hub = _reach(url)
    if "sync_journal" not in hub.get_tables():
        raise ValidationError("url", "this database is not a hub yet: run `pos-loyalty hub init URL` first")
    p = hub.param
    with hub.atomic():
        taken = hub.execute_sql(f"INSERT INTO sync_till (name, store, attached_at) VALUES ({p}, {p}, {p}) ON CONFLICT (name) DO NOTHING RETURNING id",
                                (till, store, now())).fetchone() is None
    if taken and current is None:
        raise ValidationError("till", f"a till named {till} is already attached to this hub; give this till another name")
    if current is None:
        settings.set_values({"till_id": till, "store_name": store}, user, manager_pin=manager_pin, manager=manager)
    with transaction():
        if current is None:
            audit.record(who.name, "hub.attach", till, details={"hub": shown_url(url), "store": store})
        if current is None:
            install_till_triggers(db.obj)
            for table in _TILL_TABLES:  # what the till already holds goes to the hub too
                db.obj.execute_sql(f"INSERT INTO sync_outbox (tbl, row_id) SELECT '{table.name}', id FROM \"{table.name}\" ORDER BY id")
        _set_state({"hub_url": url, "till": till, "store": store, "offline_margin": "" if offline_margin is None else str(offline_margin)})
        changes.announce("settings", "sync")
    _forget_cache()
    run()
    return status()


def set_offline_margin(margin: int | None) -> None:
    if attached() is None:
        raise ValidationError("hub", "this till is not attached to a hub")
    if margin is not None and margin < 0:
        raise ValidationError("offline_margin", "a number of points, 0 or more (or off)")
    with transaction():
        _set_state({"offline_margin": "" if margin is None else str(margin)})
        changes.announce("settings", "sync")


# -- push ---------------------------------------------------------------------------------------

def waiting() -> int:
    if "sync_outbox" not in _tables():
        return 0
    return int(db.obj.execute_sql("SELECT COUNT(*) FROM sync_outbox").fetchone()[0])


# Rows to send, by table: each row id with the columns that changed (None: all — an insert).
Changed = dict[str, dict[int, "frozenset[str] | None"]]


def _gather(by_table: Changed, tbl: str, row_id: int, changed: str | None) -> None:
    """Add one outbox or journal row: a row met several times carries every column any of them
    changed, or all when one of them was an insert."""
    rows = by_table.setdefault(tbl, {})
    columns = None if changed is None else frozenset(c for c in changed.split(",") if c)
    if row_id in rows:
        before = rows[row_id]
        rows[row_id] = None if before is None or columns is None else before | columns
    else:
        rows[row_id] = columns


def _outbox_batch(limit: int, after: int = 0) -> tuple[list[int], Changed]:
    rows = db.obj.execute_sql(f"SELECT id, tbl, row_id, changed FROM sync_outbox WHERE id > {int(after)} ORDER BY id LIMIT {int(limit)}").fetchall()
    by_table: Changed = {}
    for _id, tbl, row_id, changed in rows:
        _gather(by_table, tbl, int(row_id), changed)
    return [int(r[0]) for r in rows], by_table


def _records(keys: Keys, by_table: Changed | dict[str, list[int]]) -> dict[str, list[dict[str, Any]]]:
    """The rows as records, each with `_changed` (replication.read): a table's ids given as a
    plain list are sent whole."""
    return {name: read(keys, BY_NAME[name], ids, ids if isinstance(ids, dict) else None) for name, ids in by_table.items() if name in BY_NAME}


def _delete_pushed(ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        db.obj.execute_sql(f"DELETE FROM sync_outbox WHERE id IN ({', '.join(map(str, chunk))})")


@dataclass(frozen=True)
class Strict:
    """What a sale or refund settled in its own transaction must not do on the hub — refused
    (`Overdrawn`) instead of flagged: overdraw these cards, use these coupons twice, refund these
    orders beyond what was sold."""

    cards: frozenset[str] = frozenset()
    coupons: frozenset[str] = frozenset()
    orders: frozenset[str] = frozenset()


def _apply_on_hub(hub: Database, records: dict[str, list[dict[str, Any]]], origin: str, strict: Strict = Strict(),
                  pipelined: bool = False) -> Written:
    """Write a till's records on the hub in one transaction. The cards they touch, and the cards
    that replaced them, are locked in number order (two pushes on one card take turns; no
    deadlock); points past their date on those cards expire first — the hub decides expiry, so
    every till gets the same entries.

    `pipelined` (a sale's own push, a few rows): the statements whose answers nothing reads go
    out together (psycopg's pipeline mode) and the till waits for the hub once for them, not once
    each — a sale that spends points waited on the hub some thirty times. Rows then go by INSERT,
    never by COPY, which a pipeline does not carry (`replication.copies`)."""
    # peewee_errors: an error the pipeline hands back late (at a later read, or at its end) is
    # raised as peewee's, as at once without a pipeline (a lock timeout: `Busy`)
    with hub.atomic(), peewee_errors, (hub.connection().pipeline() if pipelined else nullcontext()):
        hub.execute_sql("SELECT set_config('pos_loyalty.origin', '', true), set_config('lock_timeout', '5s', true)")
        cards = _lock_cards(hub, {r["_key"] for r in records.get("card", [])} | {r["card"] for r in records.get("ledger_entry", [])})
        _expire_on_hub(hub, cards, records.get("ledger_entry", []))
        hub.execute_sql("SELECT set_config('pos_loyalty.origin', %s, true)", (origin,))
        writer = Writer(Keys(hub, HUB))
        for table in TABLES:
            writer.write(table, records.get(table.name, []))
        written = writer.finish()
        hub.execute_sql("SELECT set_config('pos_loyalty.origin', '', true)")  # what the hub adds now goes to every till, the sender too
        _bring_up_to_date(hub, written)
        _erase_forgotten(hub, written)
        new_cards = _lock_cards(hub, {r["_key"] for r in records.get("card", [])} - set(cards))  # cards new to the hub
        cards.update(new_cards)
        if new_cards or _due_in_batch(records.get("ledger_entry", [])):
            _expire_on_hub(hub, cards, records.get("ledger_entry", []))  # and lots that came in this batch, already past their date
        moved = _move_off_replaced(hub, written)
        if moved:
            running_totals.refresh(hub, moved, ())
        _flag(hub, written, origin, strict)
        _over_refunds(hub, written, origin, strict)
        _duplicates(hub, written, origin)
    return written


def _lock_cards(hub: Database, numbers: set[str]) -> dict[str, int]:
    """Lock these cards and every card that replaced one of them, in number order; their ids."""
    found: dict[str, int] = {}
    wanted = set(numbers)
    for _ in range(20):  # the chains of replacements, read first (without locks), a link at a time
        new = sorted(wanted - set(found))
        if not new:
            break
        rows = hub.execute_sql(f"SELECT c.number, c.id, r.number FROM card c LEFT JOIN card r ON r.id = c.replaced_by_id "
                               f"WHERE c.number IN ({', '.join(['%s'] * len(new))})", new).fetchall()
        for number, card_id, replaced_by in rows:
            found[number] = int(card_id)
            if replaced_by:
                wanted.add(replaced_by)
        wanted &= set(found) | {r[2] for r in rows if r[2]}
    if found:
        ordered = sorted(found)
        hub.execute_sql(f"SELECT id FROM card WHERE number IN ({', '.join(['%s'] * len(ordered))}) ORDER BY number FOR UPDATE", ordered)
    return found


def _latest(entries: list[dict[str, Any]]) -> dict[str, dt.datetime]:
    """Per card (number), the latest moment of the batch's ledger entries for it."""
    latest: dict[str, dt.datetime] = {}
    for r in entries:
        at = running_totals.as_datetime(r["at"])
        if at is not None and at > latest.get(r["card"], dt.datetime.min):
            latest[r["card"]] = at
    return latest


def _due_in_batch(entries: list[dict[str, Any]]) -> bool:
    """Whether a lot this batch brings is already past its date (as of now, or of a later entry
    the batch has for its card — `_expire_on_hub`'s moment): the lots the hub held were expired
    before the batch was written, so otherwise there is nothing more to expire."""
    latest, moment = _latest(entries), now()
    for r in entries:
        expires = running_totals.as_datetime(r.get("expires_at"))
        if expires is not None and expires <= max(moment, latest.get(r["card"], dt.datetime.min)):
            return True
    return False


def _expire_on_hub(hub: Database, cards: dict[str, int], entries: list[dict[str, Any]]) -> None:
    """Expire the lots past their date on these cards, as of now or of the latest entry the
    till sends for the card (a sale made later than a lot's date finds it expired): one entry
    per lot, keyed by the entry that opened it (`ledger.expiry_key`), as a till of its own
    writes them."""
    from .ledger import expiry_key

    if not cards:
        return
    latest, moment = _latest(entries), now()
    due: list[tuple[int, int, int, str]] = []
    ids = list(cards.values())
    whens = [max(moment, latest.get(number, dt.datetime.min)) for number in cards]
    # every card's lots due at its own moment in one statement (a batch of a thousand sales
    # names some hundreds of cards: one round trip each was a fifth of a push)
    rows = hub.execute_sql("SELECT c.id, c.at, l.points, l.expires_at, e.idempotency_key "
                           "FROM unnest(%s::bigint[], %s::timestamp[]) WITH ORDINALITY AS c(id, at, n) "
                           "JOIN card_lot l ON l.card_id = c.id AND l.expires_at <= c.at LEFT JOIN ledger_entry e ON e.id = l.entry_id "
                           "ORDER BY c.n, l.expires_at, l.id", (ids, whens)).fetchall()
    for card_id, when, points, expires_at, key in rows:
        found = hub.execute_sql("INSERT INTO ledger_entry (card_id, points, kind, \"at\", idempotency_key, note, \"user\") "
                                "VALUES (%s, %s, 'expire', %s, %s, %s, '') ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                                (card_id, -points, when, expiry_key(key, card_id, expires_at),
                                 f"expired {running_totals.as_datetime(expires_at):%Y-%m-%d}")).fetchone()
        if found is not None:
            due.append((card_id, int(found[0]), -points, None))
    running_totals.add_entries(hub, due)


def _bring_up_to_date(database: Database, written: Written) -> None:
    """The running totals after rows arrived: the new ledger entries applied to their cards'
    balances and open lots; customers' counters added to for their new orders and points (as the
    till that sold did), and replayed only for customers something else happened to (a refund,
    a merge, an action, a new customer) — so a push of sales costs the same whatever the cards'
    and customers' history."""
    from . import counters

    p = database.param
    order_ids = sorted({e.order for e in written.new_entries if e.kind in ("earn", "reverse") and e.order is not None})
    order_of: dict[int, tuple[int, Any]] = {}
    for start in range(0, len(order_ids), 500):
        chunk = order_ids[start:start + 500]
        order_of.update((int(i), (c, at)) for i, c, at in database.execute_sql(
            f'SELECT id, customer_id, "at" FROM "order" WHERE customer_id IS NOT NULL AND id IN ({", ".join(map(str, chunk))})'))
    for entry in written.new_entries:
        if entry.kind == "action":  # points for an action count on its day: replayed with the action
            row = database.execute_sql(f"SELECT customer_id FROM card WHERE id = {p}", (entry.card,)).fetchone()
            if row and row[0] is not None:
                written.customers.add(int(row[0]))
    running_totals.add_entries(database, [(e.card, e.id, e.points, e.expires_at) for e in written.new_entries])
    running_totals.refresh(database, (), written.customers)
    running_totals.refresh_standing(database, [(c, t) for c, t in written.firings if c not in written.customers])  # the others were just replayed whole
    # An award taken back, or an order's points taken back, may arrive in a later pull than the
    # refund that replayed the customer: their next milestone steps due are worked out again.
    running_totals.forget_due(database, written.awards | {order_of[e.order][0] for e in written.new_entries if e.kind == "reverse" and e.order in order_of})
    days: dict[tuple[int, dt.date], list[Any]] = {}  # (customer, day) → [orders, spent, points]
    rule_days: dict[tuple[int, dt.date, str], int] = {}
    bought: dict[tuple[int, str], list[int]] = {}  # (customer, sku) → [orders, units]
    for order in written.new_orders:
        customer = order["customer"]
        if customer in written.customers:
            continue
        day = running_totals.as_datetime(order["at"]).date()
        sums = days.setdefault((customer, day), [0, 0, 0])
        sums[0] += 1
        sums[1] += order["total"]
        for rule in {e["rule_id"] for e in order.get("_order_earning", []) if e["points"] > 0}:
            rule_days[(customer, day, rule)] = rule_days.get((customer, day, rule), 0) + 1
        for sku, orders, units in counters.sale_products((l["sku"], l["quantity"]) for l in order.get("_order_line", []) if l["reward_id"] is None):
            entry = bought.setdefault((customer, sku), [0, 0])
            entry[0] += orders
            entry[1] += units
    for entry in written.new_entries:
        if entry.kind in ("earn", "reverse") and entry.order in order_of and order_of[entry.order][0] not in written.customers:
            customer, at = order_of[entry.order]
            days.setdefault((customer, running_totals.as_datetime(at).date()), [0, 0, 0])[2] += entry.points
    # Added as the selling till added them (services/counters.py), all the batch's at once: the
    # days opened in order (each carries the sums before it), then every delta added from its day on.
    open_day, add = counters._writes(p)
    cursor = database.cursor()
    keys = sorted(days)
    if keys:
        cursor.executemany(open_day, [(c, d, *[c, d] * 4) for c, d in keys])
        cursor.executemany(add, [(days[(c, d)][0], counters._MONEY.db_value(days[(c, d)][1]), days[(c, d)][2], 0, c, d) for c, d in keys])
    counters.add_rule_days([(c, d, rule, n) for (c, d, rule), n in sorted(rule_days.items())], database)
    counters.add_products([(c, sku, n, units) for (c, sku), (n, units) in sorted(bought.items())], database)


def _erase_forgotten(database: Database, written: Written) -> None:
    """A customer forgotten elsewhere whose forget just arrived: their details, as this
    database knew them, are erased from its outbox and free texts too (services/privacy.py)."""
    from ..domain import personal
    from ..store import erasure

    for customer_id, old in written.forgotten.items():
        erasure.erase_traces(database, customer_id, personal.needles(old["name"], old["phone"], old["email"], settings.get("country")))


def _move_off_replaced(hub: Database, written: Written) -> set[int]:
    """Points left on a replaced card — a till, offline, went on using it after another till
    replaced it — end on the card in use: the rest is carried over by a pair of entries, as the
    replacement itself did. Needs the balances refreshed first."""
    moved: set[int] = set()
    ids = sorted(written.cards)
    if not ids:
        return moved
    rows = hub.execute_sql(f"SELECT id, number, balance FROM card WHERE status = 'replaced' AND balance <> 0 AND id IN ({', '.join(['%s'] * len(ids))})",
                           ids).fetchall()
    for card_id, number, balance in rows:
        current = card_id
        for _ in range(100):  # follow the chain of replacements to the card in use
            nxt = hub.execute_sql("SELECT replaced_by_id FROM card WHERE id = %s", (current,)).fetchone()[0]
            if nxt is None:
                break
            current = nxt
        if current == card_id:
            continue
        target = hub.execute_sql("SELECT number FROM card WHERE id = %s", (current,)).fetchone()[0]
        last = hub.execute_sql("SELECT MAX(id) FROM ledger_entry WHERE card_id = %s", (card_id,)).fetchone()[0]
        for card, amount, side, note in ((card_id, -balance, "out", f"moved to {target}"),
                                         (current, balance, "in", f"moved from {number} (used on a till after it was replaced)")):
            hub.execute_sql("INSERT INTO ledger_entry (card_id, points, kind, \"at\", idempotency_key, note, \"user\") "
                            "VALUES (%s, %s, 'transfer', %s, %s, %s, 'sync') ON CONFLICT (idempotency_key) DO NOTHING",
                            (card, amount, now(), f"sync-move:{number}:{last}:{side}", note))
        moved.update((card_id, current))
    written.cards |= moved
    return moved


def _duplicates(hub: Database, written: Written, origin: str) -> None:
    """A customer enrolled on two tills (offline) — the same phone or e-mail on two customers —
    is offered to a manager for merging."""
    ids = sorted(written.customers)
    if not ids:
        return
    rows = hub.execute_sql(
        "SELECT c.id, o.id, c.phone, c.email, c.name, o.name FROM customer c JOIN customer o ON o.id < c.id AND "
        "((c.phone IS NOT NULL AND c.phone <> '' AND o.phone = c.phone) OR (c.email IS NOT NULL AND c.email <> '' AND o.email = c.email)) "
        f"WHERE c.id IN ({', '.join(['%s'] * len(ids))})", ids).fetchall()
    if not rows:
        return
    keys = Keys(hub, HUB)
    names = keys.of(BY_NAME["customer"], [r[0] for r in rows] + [r[1] for r in rows])
    for new, old, phone, email, new_name, old_name in rows:
        _exception(hub, f"duplicate_customer:{names[old]}:{names[new]}", "duplicate_customer", names[new],
                   {"keep": names[old], "merge": names[new], "names": [old_name, new_name], "phone": phone, "email": email, "till": origin})


def _head(hub: Database, card_id: int) -> int:
    """The card in use at the end of `card_id`'s chain of replacements."""
    for _ in range(100):
        nxt = hub.execute_sql("SELECT replaced_by_id FROM card WHERE id = %s", (card_id,)).fetchone()[0]
        if nxt is None:
            return card_id
        card_id = int(nxt)
    return card_id


def _flag(hub: Database, written: Written, origin: str, strict: Strict) -> None:
    """Overdrafts and what could not be merged, into the exceptions list (or refused). A spend
    on a card another till replaced is judged on the card in use: the points moved there."""
    spent: dict[int, list[int]] = {}  # the card in use → the spending orders
    strict_heads: set[int] = set()
    # the cards the batch earned or spent on, read at once (a sale that spends: one round trip,
    # not four); a replaced card's chain is followed to the card in use (`_head`)
    ids = sorted({e.card for e in written.new_entries if e.kind in ("spend", "earn")})
    cards = {int(i): (n, int(b), r) for i, n, b, r in hub.execute_sql(
        "SELECT id, number, balance, replaced_by_id FROM card WHERE id = ANY(%s)", (ids,))} if ids else {}

    def head_of(card_id: int) -> int:
        return card_id if card_id in cards and cards[card_id][2] is None else _head(hub, card_id)

    for entry in written.new_entries:
        if entry.kind == "spend" and entry.points < 0:
            head = head_of(entry.card)
            spent.setdefault(head, []).append(entry.order)
            if cards[entry.card][0] in strict.cards:
                strict_heads.add(head)
    for head, orders_of in spent.items():
        number, balance = cards[head][:2] if head in cards else hub.execute_sql("SELECT number, balance FROM card WHERE id = %s", (head,)).fetchone()
        # what a spending order earns comes after it: it cannot pay for its own rewards
        balance -= sum(e.points for e in written.new_entries if e.kind == "earn" and e.order in orders_of and head_of(e.card) == head)
        if balance >= 0:
            continue
        orders = [o for (o,) in hub.execute_sql(f'SELECT order_id FROM "order" WHERE id IN ({", ".join(["%s"] * len(orders_of))}) ORDER BY id', orders_of)]
        if head in strict_heads:
            raise Overdrawn("rewards", f"card {number} has {balance + _spent_on(written, hub, head)} points on the hub "
                                       "(spent on another till); take fewer points")
        _exception(hub, f"overdraft:{number}:{':'.join(orders)}", "overdraft", number, {"balance": balance, "orders": orders, "till": origin})
    for conflict in written.conflicts:
        if conflict.kind == "coupon_twice" and conflict.subject in strict.coupons:
            raise Overdrawn("rewards", f"coupon {conflict.subject} was already used on another till")
        _exception(hub, f"{conflict.kind}:{conflict.subject}", conflict.kind, conflict.subject, {**conflict.details, "till": origin})


def _over_refunds(hub: Database, written: Written, origin: str, strict: Strict) -> None:
    """An order refunded beyond what was sold — refunded on two tills before they synced — is
    refused for a refund settled in its own transaction, flagged otherwise (`over_refund`)."""
    for order_id in sorted(set(written.refunded_orders)):
        rows = hub.execute_sql(
            'SELECT l.position, l.quantity, COALESCE((SELECT SUM(rl.quantity) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id '
            "WHERE r.order_id = l.order_id AND rl.position = l.position), 0) FROM order_line l WHERE l.order_id = %s AND l.reward_id IS NULL",
            (order_id,)).fetchall()
        if all(refunded <= sold for _position, sold, refunded in rows):
            continue
        name = hub.execute_sql('SELECT order_id FROM "order" WHERE id = %s', (order_id,)).fetchone()[0]
        refunds_of = [r for (r,) in hub.execute_sql("SELECT refund_id FROM refund WHERE order_id = %s ORDER BY id", (order_id,))]
        if name in strict.orders:
            raise Overdrawn("refund_id", f"order {name} was already refunded on another till ({', '.join(refunds_of[:-1]) or 'an earlier refund'}); "
                                         "nothing was refunded")
        _exception(hub, f"over_refund:{name}", "over_refund", name, {"refunds": refunds_of, "till": origin})


def _spent_on(written: Written, hub: Database, head: int) -> int:
    return -sum(e.points for e in written.new_entries if e.kind == "spend" and _head(hub, e.card) == head)


def _exception(hub: Database, key: str, kind: str, subject: str, details: dict[str, Any]) -> None:
    # Journaled as the hub's own row (`_apply_on_hub` cleared the origin): every till pulls the
    # list, the one whose push caused it too.
    hub.execute_sql("INSERT INTO sync_exception (key, kind, subject, details, at, resolved_by, resolution) VALUES (%s, %s, %s, %s, %s, '', '') "
                    "ON CONFLICT (key) DO NOTHING", (key[:160], kind, subject[:120], json.dumps(details, default=str), now()))


def _outbox_records(keys: Keys, after: int, size: int) -> tuple[list[int], dict[str, list[dict[str, Any]]]]:
    """The outbox's next `size` rows after id `after`, and what they send (`_records`)."""
    ids, by_table = _outbox_batch(size, after)
    return ids, (_records(keys, by_table) if ids else {})


class _ReadAhead:
    """The next batch of the outbox, read while the hub writes this one: the till's reading
    (SQLite, and turning rows into records) and the hub's writing (waiting on the server) overlap
    instead of taking turns — a third off a push of a day's sales. The reading runs in a thread
    of its own, on its own connection to the till's file (the rows it reads were committed
    before; a row changed meanwhile is in the outbox again, further on). On a database held in
    memory, which a second connection would not see, everything is read here, in turn."""

    def __init__(self, keys: Keys) -> None:
        from concurrent.futures import ThreadPoolExecutor  # a push's alone: not loaded with the module on every command's start

        self.keys = keys
        in_file = db.obj.database not in ("", ":memory:")
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="sync-read-ahead") if in_file else None
        self._ahead: tuple[tuple[int, int], Future[Any]] | None = None

    def batch(self, after: int, size: int) -> tuple[list[int], dict[str, list[dict[str, Any]]]]:
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == (after, size):
            return ahead[1].result()
        return _outbox_records(self.keys, after, size)

    def start(self, after: int, size: int) -> None:
        """Begin reading the batch after id `after` (what `batch(after, size)` will return)."""
        if self._pool is not None:
            self._ahead = ((after, size), self._pool.submit(_outbox_records, self.keys, after, size))

    def close(self) -> None:
        if self._pool is not None:
            self._ahead = None
            self._pool.submit(db.obj.close).result()  # the thread's own connection
            self._pool.shutdown()


def push(limit: int | None = None) -> int:
    """Send everything in the outbox to the hub, a batch per hub transaction; the rows of a
    batch leave the outbox only once the hub has them. The next batch is read while the hub
    writes this one (`_ReadAhead`)."""
    url, till = _require()
    limit = limit or PUSH_BATCH
    hub = _reach(url)
    reader = _ReadAhead(Keys(db.obj, till))
    total, size, after = 0, limit, 0
    try:
        while True:
            ids, records = reader.batch(after, size)
            if not ids:
                break
            reader.start(ids[-1], limit)
            try:
                _apply_on_hub(hub, records, till)
            except (OperationalError, InterfaceError) as exc:
                raise _lost(url, exc) from None
            except LookupError as exc:  # a row refers to one further on in the outbox: take the batch up to it
                size = _larger(size, len(ids), exc)
                continue
            with transaction():
                _delete_pushed(ids)
            total += len(ids)
            size, after = limit, ids[-1]
    finally:
        reader.close()
    _online[url] = True
    return total


class SyncStuck(LoyaltyError):
    """A row refers to another that the sender does not have: sync cannot go on by itself."""

    def __init__(self, reason: str) -> None:
        super().__init__("sync", f"a row refers to another that was never sent ({reason}); nothing was written")


def _larger(size: int, got: int, exc: LookupError) -> int:
    """The next batch size after a batch that ended before a row its rows refer to (a coupon
    before the order that used it): twice as many rows — unless this batch was already all there
    is, and the row is simply missing."""
    if got < size:
        raise SyncStuck(str(exc)) from None
    return size * 2


# -- pull ---------------------------------------------------------------------------------------

def _cursor(state: dict[str, str]) -> tuple[int, int]:
    return int(state.get("cursor_xid", "0")), int(state.get("cursor_seq", "0"))


def pull(limit: int | None = None) -> int:
    """Bring what others wrote on the hub since this till's cursor, a batch per local
    transaction (rows, running totals and the cursor together)."""
    url, till = _require()
    limit = limit or PULL_BATCH
    hub = _reach(url)
    total, size = 0, limit
    while True:
        cxid, cseq = _cursor(_state())
        try:
            with hub.atomic():
                hub.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                xmin = int(hub.execute_sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetchone()[0])
                rows = hub.execute_sql(
                    "SELECT xid, seq, tbl, row_id, origin, changed FROM sync_journal WHERE (xid > %s OR (xid = %s AND seq > %s)) AND xid < %s "
                    "ORDER BY xid, seq LIMIT %s", (cxid, cxid, cseq, xmin, size)).fetchall()
                if not rows:
                    break
                by_table: Changed = {}
                for _x, _s, tbl, row_id, origin, changed in rows:
                    if origin != till:
                        _gather(by_table, tbl, int(row_id), changed)
                rules = _read_rules(hub, list(by_table.pop("rules_version", {})))
                records = _records(Keys(hub, HUB), by_table)
        except (OperationalError, InterfaceError) as exc:
            raise _lost(url, exc) from None
        last = rows[-1]
        try:
            _apply_pulled(till, records, rules, (int(last[0]), int(last[1])))
        except LookupError as exc:  # the batch ended between a row and one it refers to: a larger one
            size = _larger(size, len(rows), exc)
            continue
        total += len(rows)
        if len(rows) < size:
            break
        size = limit
    _online[url] = True
    return total


def _read_rules(hub: Database, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = hub.execute_sql(f"SELECT * FROM rules_version WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id", ids)
    names = [d[0] for d in rows.description]
    return [dict(zip(names, row)) for row in rows.fetchall()]


def _apply_pulled(till: str, records: dict[str, list[dict[str, Any]]], rules: list[dict[str, Any]], cursor: tuple[int, int]) -> None:
    local = db.obj
    with transaction():
        before = int(local.execute_sql("SELECT COALESCE(MAX(id), 0) FROM sync_outbox").fetchone()[0])
        writer = Writer(Keys(local, till))
        for table in TABLES:
            writer.write(table, records.get(table.name, []))
        written = writer.finish()
        _bring_up_to_date(local, written)
        if records.get("product"):  # the words of their names, found by the till's product search
            from . import catalogue

            catalogue.index_words_of([r["sku"] for r in records["product"]])
        _erase_forgotten(local, written)
        for row in rules:
            _receive_rules(row)
        local.execute_sql(f"DELETE FROM sync_outbox WHERE id > {before}")  # what arrived is not this till's to send back
        _set_state({"cursor_xid": str(cursor[0]), "cursor_seq": str(cursor[1])})
        if written.rows or rules:
            _announce(local, written)


def _receive_rules(row: dict[str, Any]) -> None:
    """A rules version published on the hub becomes this till's with the moment it takes effect,
    in the pull's transaction: a till switches between two sales, never in the middle of one,
    and a version scheduled for later waits for its moment here too."""
    from . import rules_sync

    if row["active"]:
        rules_sync.store_published(row["version"], row["name"], row["checksum"], row["source"], row["body"],
                                   row["effective_from"], row["published_at"], row["published_by"])


def _announce(local: Database, written: Written) -> None:
    if written.cards:
        ids = sorted(written.cards)
        numbers = [n for (n,) in local.execute_sql(f"SELECT number FROM card WHERE id IN ({', '.join(map(str, ids))})")]
        changes.announce("card", *numbers)
    if written.customers:
        changes.announce("customer")
    changes.announce("order")


# -- a sync round, status ---------------------------------------------------------------------

def _require() -> tuple[str, str]:
    found = attached()
    if found is None:
        raise ValidationError("hub", "this till is not attached to a hub (pos-loyalty hub attach URL --till NAME --store NAME)")
    return found


def run() -> SyncReport:
    """Push, then pull; record when and how it went (the status bar and `sync status` show it)."""
    _require()
    started = time.perf_counter()
    try:
        pushed = push()
        pulled = pull()
    except LoyaltyError as exc:  # offline, busy, stuck: shown in the status bar and `sync status` until a round succeeds
        with transaction():
            _set_state({"last_error": exc.message, "last_error_at": now().isoformat()})
        raise
    with transaction():
        _set_state({"last_sync_at": now().isoformat(), "last_error": ""})
        changes.announce("settings", "sync")
    return SyncReport(pushed, pulled, time.perf_counter() - started, len(exceptions()))


def status() -> Status:
    state = _state()
    if "hub_url" not in state:
        return Status(False, "", settings.get("till_id"), settings.get("store_name"), None, None, 0, "", None, 0)
    last = state.get("last_sync_at")
    margin = state.get("offline_margin", "")
    return Status(True, shown_url(state["hub_url"]), state["till"], state["store"], _online.get(state["hub_url"]),
                  dt.datetime.fromisoformat(last) if last else None, waiting(), state.get("last_error", ""),
                  int(margin) if margin else None, len(exceptions()))


def exceptions(include_resolved: bool = False) -> list[SyncException]:
    """What a manager must look at (the hub's list, as last pulled)."""
    if "sync_exception" not in _tables():
        return []
    query = SyncException.select().order_by(SyncException.at.desc(), SyncException.id.desc())
    if not include_resolved:
        query = query.where(SyncException.resolved_at.is_null())
    return list(query)


# -- redemption at the till -----------------------------------------------------------------------

def guard_redemption(card_id: int, card_number: str, points: int, coupons: Iterable[str]) -> None:
    """Called by a checkout that spends points or uses a coupon, inside its transaction: the
    check runs last, just before the commit, so the hub sees the whole sale."""
    if attached() is None:
        return
    strict = Strict(cards=frozenset({card_number}), coupons=frozenset(coupons))
    before_commit(lambda: _settle(strict, lambda: _offline_rule(card_id, card_number, points, tuple(strict.coupons))))


def guard_refund(order_id: str) -> None:
    """Called by a refund inside its transaction: online, the hub (holding the order's card)
    refuses a refund of what another till already refunded; offline it goes ahead and a refund
    beyond what was sold is flagged when merged."""
    if attached() is None:
        return
    before_commit(lambda: _settle(Strict(orders=frozenset({order_id})), lambda: None))


def _settle(strict: Strict, offline: Callable[[], None]) -> None:
    """Push the outbox — this sale or refund with it — inside its transaction, the hub refusing
    what `strict` forbids; when the hub cannot be reached (or the backlog is long), `offline`
    decides."""
    url, till = _require()
    if waiting() > IN_SALE_LIMIT:  # a long backlog is for the background sync: this sale goes by the offline rule
        offline()
        return
    try:
        hub = _reach(url)
    except HubUnreachable:
        offline()
        return
    ids, by_table = _outbox_batch(IN_SALE_LIMIT)
    try:
        _apply_on_hub(hub, _records(Keys(db.obj, till), by_table), till, strict, pipelined=True)
    except (OperationalError, InterfaceError) as exc:
        # The hub stopped answering in the middle: it may or may not have kept the sale. Nothing
        # is written here; the same sale again (same order id) is a replay there if it did.
        lost = _lost(url, exc)
        if isinstance(lost, Busy):
            raise lost from None
        raise HubUnreachable("it stopped answering during this sale; nothing was recorded here — commit again") from None
    _delete_pushed(ids)
    _online[url] = True


def _offline_rule(card_id: int, card_number: str, points: int, coupons: tuple[str, ...]) -> None:
    margin = _state().get("offline_margin", "")
    if margin == "":
        raise ValidationError("rewards", "the hub cannot be reached and this till takes no points or coupons offline; sell without rewards")
    if points <= 0:
        return
    local = db.obj
    p = local.param
    balance = int(local.execute_sql(f"SELECT balance FROM card WHERE id = {p}", (card_id,)).fetchone()[0])
    unsent, unsent_spent = local.execute_sql(
        f"SELECT COALESCE(SUM(l.points), 0), COALESCE(SUM(CASE WHEN l.points < 0 THEN -l.points ELSE 0 END), 0) FROM ledger_entry l "
        f"WHERE l.card_id = {p} AND l.id IN (SELECT row_id FROM sync_outbox WHERE tbl = 'ledger_entry')", (card_id,)).fetchone()
    synced = balance - int(unsent)
    # Everything spent offline (this sale's points included, they are in the outbox too) must fit
    # in the synced balance less the margin; points earned offline are not counted on.
    allowed = synced - int(margin) - (int(unsent_spent) - points)
    if points > allowed:
        raise ValidationError("rewards", f"offline, card {card_number} can spend at most {max(allowed, 0)} points "
                                         f"(last synced balance {synced}, safety margin {margin}); take fewer points")


def resolve(exception_id: int, note: str, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> None:
    """Mark an exception settled, with what the manager did (a merge, an adjustment…). It is
    the hub's list: written there (the till must be online) and pulled back like any change."""
    note = note.strip()
    if not note:
        raise ValidationError("note", "say what was done about it (e.g. 'points adjusted', 'customers merged')")
    row = SyncException.get_or_none(SyncException.id == exception_id)
    if row is None:
        raise ValidationError("id", f"no exception {exception_id}")
    if row.resolved_at is not None:
        raise ValidationError("id", f"exception {exception_id} was already resolved by {row.resolved_by}")
    who = auth.verify_manager(manager_pin, manager)
    url, till = _require()
    hub = _reach(url)
    try:
        with hub.atomic():
            hub.execute_sql("SELECT set_config('pos_loyalty.origin', '', true)")
            hub.execute_sql("UPDATE sync_exception SET resolved_at = %s, resolved_by = %s, resolution = %s WHERE key = %s AND resolved_at IS NULL",
                            (now(), who.name, note[:500], row.key))
    except (OperationalError, InterfaceError) as exc:
        raise _lost(url, exc) from None
    with transaction():
        audit.record(who.name, "sync.resolve", row.subject, reason=note, details={"kind": row.kind, "operator": user or who.name})
    pull()


def merge_duplicate(exception_id: int, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> None:
    """Settle a 'duplicate_customer' exception by merging the two customers (on this till, so it
    syncs to the hub and every till like any change), then mark it resolved on the hub."""
    from . import customers

    row = SyncException.get_or_none(SyncException.id == exception_id)
    if row is None or row.kind != "duplicate_customer":
        raise ValidationError("id", f"exception {exception_id} is not a duplicate customer")
    details = json.loads(row.details)
    _url, till = _require()
    ids = Keys(db.obj, till).ids(BY_NAME["customer"], [details["keep"], details["merge"]])
    if details["keep"] not in ids or details["merge"] not in ids:
        raise ValidationError("id", "this till does not hold both customers yet; sync first")
    customers.merge(ids[details["keep"]], ids[details["merge"]], user, manager_pin=manager_pin, manager=manager)
    push()
    resolve(exception_id, "customers merged", user, manager_pin=manager_pin, manager=manager)
