"""What changed: the services announce it, every open window refreshes from it.

A service that writes calls `announce(kind, *keys)` inside its transaction — a card's number,
a customer's id, a batch's name, an order's id; no keys means "any of this kind". At most one
row per transaction goes into the `change_log` table, written last thing inside that
transaction, so it commits or rolls back with the change it describes. Once the transaction
has committed, the in-process subscribers (`subscribe`) hear about it at once; nothing is heard
of a transaction that rolled back.

Other processes on the same database (the CLI, another till on the PostgreSQL hub) write the
same rows; a `Poller` reads the rows after its cursor (`id > ?`, an index range on the primary
key) and reports them, skipping those this process wrote itself (already heard). On SQLite it
first asks `PRAGMA data_version`, which changes only when another connection committed, so an
idle poll is one pragma. Rows are committed in id order because every writer holds the write
lock (SQLite's, or the hub's advisory lock, see `store.database.transaction`) from its insert
to its commit. Old rows are pruned now and then by the writers; a poller that slept through a
prune reports that anything may have changed (`ALL`).

Pure Python and peewee: no Qt (the GUI side is `ui/changes.py`).
"""

from __future__ import annotations

import json
import logging
import random
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from peewee import PeeweeException, PostgresqlDatabase, SqliteDatabase

from ..store.database import Prepared, after_commit, before_commit, transaction, transaction_serial
from ..store.models import ChangeLog, db, now

log = logging.getLogger(__name__)

KINDS = ("card", "customer", "batch", "rules", "settings", "users", "order", "messages", "product")
MAX_KEYS = 100  # more keys of one kind in one transaction are written as "any of this kind"
KEEP_ROWS = 10_000  # the change log keeps about this many newest rows
PRUNE_ONE_IN = 500  # one write transaction in this many prunes the older rows
MAX_ROWS_PER_POLL = 500  # more than this waiting: report "anything may have changed"


@dataclass(frozen=True)
class Changes:
    """The kinds that changed and, per kind, the keys that did. A kind without an entry in
    `keys` means any of that kind may have changed."""

    kinds: frozenset[str]
    keys: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def touches(self, kind: str, key: object = None) -> bool:
        """Whether this may change `kind` (and, given, the one with this key)."""
        if kind not in self.kinds:
            return False
        if key is None or kind not in self.keys:
            return True
        return str(key) in self.keys[kind]

    def merge(self, other: "Changes") -> "Changes":
        kinds = self.kinds | other.kinds
        keys: dict[str, frozenset[str]] = {}
        for kind in kinds:
            mine = self.keys.get(kind) if kind in self.kinds else frozenset()
            theirs = other.keys.get(kind) if kind in other.kinds else frozenset()
            if mine is not None and theirs is not None:
                keys[kind] = mine | theirs
        return Changes(kinds, keys)

    def __bool__(self) -> bool:
        return bool(self.kinds)


ALL = Changes(frozenset(KINDS))
NOTHING = Changes(frozenset())


# -- announcing (the services) ----------------------------------------------------------------


class _Pending(threading.local):
    def __init__(self) -> None:
        self.serial = -1
        self.kinds: dict[str, set[str] | None] = {}


_pending = _Pending()
_subscribers: list[Callable[[Changes], None]] = []
_subscribers_lock = threading.Lock()
_own: set[tuple[str, int]] = set()  # (database, row id) of the rows this process wrote
_own_lock = threading.Lock()


def announce(kind: str, *keys: object) -> None:
    """Say that this transaction changes `kind` (the ones with these keys; none: any).

    Call inside the service's `transaction()`; outside one, the announcement is written in a
    transaction of its own. Cheap: the row is written once per transaction, at its end."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of change '{kind}'; known: {', '.join(KINDS)}")
    if db.obj is None:
        return
    if not db.obj.in_transaction():
        with transaction():
            announce(kind, *keys)
        return
    state = _pending
    serial = transaction_serial()
    if state.serial != serial:  # the first announcement of this transaction
        state.serial = serial
        state.kinds = {}
        before_commit(_write)
    if kind in state.kinds and state.kinds[kind] is None:
        return  # already "any of this kind"
    if not keys:
        state.kinds[kind] = None
        return
    known = state.kinds.setdefault(kind, set())
    assert known is not None
    known.update(str(k) for k in keys if k is not None)
    if len(known) > MAX_KEYS:
        state.kinds[kind] = None


def _changes_of(kinds: Mapping[str, Iterable[str] | None]) -> Changes:
    return Changes(frozenset(kinds), {k: frozenset(v) for k, v in kinds.items() if v is not None})


_INSERT_SQL: dict[type, str] = {}
_KEYS_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))  # made once: every write transaction writes its keys


def _write() -> None:
    """Inside the transaction, just before it commits: the one row that describes it."""
    pending = _pending.kinds
    _pending.kinds = {}
    if not pending:
        return
    changes = _changes_of(pending)
    database = db.obj
    text = _KEYS_JSON.encode({k: sorted(v) for k, v in pending.items() if v is not None})
    sql = _INSERT_SQL.get(type(database))
    if sql is None:  # peewee writes the statement once per kind of database; each commit only runs it
        sql = _INSERT_SQL[type(database)] = ChangeLog.insert_many([("", "", now())], fields=[ChangeLog.kinds, ChangeLog.keys, ChangeLog.at]).sql()[0]
    cursor = database.execute_sql(sql, (" ".join(sorted(pending)), text, ChangeLog.at.db_value(now())))
    row_id = int(cursor.fetchone()[0] if isinstance(database, PostgresqlDatabase) else cursor.lastrowid)
    if random.random() < 1 / PRUNE_ONE_IN and row_id > KEEP_ROWS:
        ChangeLog.delete().where(ChangeLog.id <= row_id - KEEP_ROWS).execute()
    where = _database_name()
    after_commit(lambda: _committed(where, row_id, changes))


def _committed(where: str, row_id: int, changes: Changes) -> None:
    with _own_lock:
        if len(_own) > 4 * KEEP_ROWS:
            _own.clear()  # at worst a change of ours is heard a second time, from the poller
        _own.add((where, row_id))
    publish(changes)


def publish(changes: Changes) -> None:
    """Tell this process's subscribers (already committed). A subscriber that fails is logged:
    a window that cannot refresh must never make a committed sale look failed."""
    with _subscribers_lock:
        listeners = list(_subscribers)
    for listener in listeners:
        try:
            listener(changes)
        except Exception:
            log.exception("a change subscriber failed")


def subscribe(listener: Callable[[Changes], None]) -> Callable[[], None]:
    """Call `listener(changes)` after every transaction of this process that announced
    something (in the thread that committed it). Returns the function that unsubscribes."""
    with _subscribers_lock:
        _subscribers.append(listener)

    def unsubscribe() -> None:
        with _subscribers_lock:
            if listener in _subscribers:
                _subscribers.remove(listener)

    return unsubscribe


def _database_name() -> str:
    database = db.obj
    return f"{type(database).__name__}:{getattr(database, 'database', '')}"


# -- noticing other processes' changes --------------------------------------------------------


_AFTER = Prepared(lambda cursor: ChangeLog.select(ChangeLog.id, ChangeLog.kinds, ChangeLog.keys)
                  .where(ChangeLog.id > cursor).order_by(ChangeLog.id).limit(MAX_ROWS_PER_POLL + 1).tuples())
_AT_OR_BEFORE = Prepared(lambda cursor: ChangeLog.select(ChangeLog.id).where(ChangeLog.id <= cursor).limit(1).tuples())


def _row_changes(kinds: str, keys: str) -> Changes:
    try:
        listed = json.loads(keys or "{}")
    except ValueError:
        listed = {}
    found = {kind: (listed.get(kind) if isinstance(listed.get(kind), list) else None) for kind in kinds.split() if kind}
    return _changes_of(found)


class Poller:
    """Reads, on each `poll()`, what other processes committed since the last one. Call it from
    one thread (it uses that thread's connection); each poll is one small indexed query — or,
    on SQLite when no other connection committed, only `PRAGMA data_version`."""

    def __init__(self) -> None:
        self._database: object = None
        self._cursor = 0
        self._version: object = None
        self._start()

    def _start(self) -> None:
        """From now on: what was committed before is already on screen."""
        self._database = db.obj
        self._version = None
        if self._database is not None:
            self._cursor = int(ChangeLog.select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1).scalar() or 0)

    def poll(self) -> Changes:
        """What changed since the last poll (empty: nothing); `ALL` when it cannot tell."""
        database = db.obj
        if database is None or database.is_closed():  # closed (the app is closing): never reopen it
            return NOTHING
        try:
            if database is not self._database:  # another database was opened: start over from it
                self._start()
                return ALL
            if isinstance(database, SqliteDatabase):
                version = database.execute_sql("PRAGMA data_version").fetchone()[0]
                if version == self._version:
                    return NOTHING
                self._version = version
            rows = _AFTER.rows(self._cursor)
            if not rows:
                return NOTHING
            cursor, self._cursor = self._cursor, int(rows[-1][0])
            if len(rows) > MAX_ROWS_PER_POLL:
                self._cursor = int(ChangeLog.select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1).scalar() or self._cursor)
                return ALL
            if rows[0][0] > cursor + 1 and cursor > 0 and _AT_OR_BEFORE.first(cursor) is None:
                return ALL  # rows after the cursor were pruned before this poll read them
            where = _database_name()
            with _own_lock:
                theirs = [row for row in rows if (where, int(row[0])) not in _own]
            found = NOTHING
            for _id, kinds, keys in theirs:
                found = found.merge(_row_changes(kinds, keys))
            return found
        except PeeweeException as exc:  # locked, or the hub is unreachable: the next poll tries again
            log.debug("polling for changes failed: %s", exc)
            return NOTHING

