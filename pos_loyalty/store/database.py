"""Opening the database: a SQLite file by default, or a PostgreSQL hub by URL.

`open_database` binds the models' proxy, applies pending numbered migrations (after a
backup of a SQLite file that already holds data) and returns the database. SQLite runs
in WAL mode with foreign keys on and `synchronous=FULL`: a commit that returned is on
disk, because it is money.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from peewee import Database, Field, Model, SqliteDatabase
from peewee import __exception_wrapper__ as peewee_errors

from ..private_files import private_file
from .models import db

if TYPE_CHECKING:
    from playhouse.migrations import Runner

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: durable commits
    "busy_timeout": 10_000,
    "cache_size": -32_000,  # 32 MB page cache
    "temp_store": "memory",
    # The WalCheckpointer below moves the log into the file off the commit path; SQLite's own
    # checkpoint, inside a commit, stays as a backstop at 10,000 pages (about 40 MB of log).
    "wal_autocheckpoint": 10_000,
}
CHECKPOINT_EVERY_S = 1.0


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def make_database(target: str | Path) -> Database:
    """A peewee database for a SQLite path or a ``postgresql://`` URL (not yet migrated)."""
    text = str(target)
    if is_postgres(text):
        from .._drivers import load_postgres

        load_postgres()  # psycopg is imported only now (pos_loyalty/_drivers.py)
        from playhouse.db_url import connect as connect_url

        return connect_url(text)
    path = Path(text).expanduser()
    if path.name != ":memory:":
        private_file(path)  # 0600 in a 0700 folder: the file holds customers' details
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def _runner(database: Database) -> Runner:
    from playhouse.migrations import Runner  # about 20 ms of imports: only when something may be pending

    return Runner(database, directory=str(MIGRATIONS_DIR))


HISTORY_TABLE = "schema_migration"  # playhouse.migrations' history of applied files


def all_applied(database: Database) -> bool:
    """True when every migration file has its row in the history table: the check made at every
    start, in one query, without loading the migration machinery."""
    files = {path.stem for path in MIGRATIONS_DIR.glob("[0-9]*.py")}
    if not database.table_exists(HISTORY_TABLE):
        return False
    applied = {name for (name,) in database.execute_sql(f'SELECT name FROM "{HISTORY_TABLE}"').fetchall()}
    return files <= applied


def pending_migrations(database: Database) -> list[str]:
    return [m.name for m in _runner(database).status() if not m.applied and m.path]


def backup_sqlite(database: SqliteDatabase) -> Path | None:
    """Copy a SQLite file that already has tables before a migration touches it (Vorta's habit)."""
    path = Path(database.database)
    if not path.exists() or not database.get_tables():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-migration-{stamp}.bak")
    source = database.connection()
    private_file(target)
    with sqlite3.connect(str(target)) as copy:
        source.backup(copy)
    log.info("backed up %s to %s before migrating", path, target)
    return target


def migrate(database: Database) -> list[str]:
    """Apply every pending migration in order; each runs in its own transaction."""
    if all_applied(database):
        return []
    pending = pending_migrations(database)
    if not pending:
        return []
    if isinstance(database, SqliteDatabase):
        backup_sqlite(database)
    applied = _runner(database).up()
    log.info("applied migrations: %s", ", ".join(applied))
    return applied


class WalCheckpointer:
    """Copies SQLite's write-ahead log into the database file from a thread of its own.

    Left to itself SQLite does this inside a commit, every thousand pages or so: one sale in
    thirty then waits 25 ms or more at the till (make bench). Here a separate connection runs a
    PASSIVE checkpoint every `interval` seconds, which never blocks a reader or a writer; the
    commit only appends to the log and syncs it, as durable as before. A crash in the middle of
    a checkpoint is SQLite's ordinary recovery: the log is replayed on the next open."""

    def __init__(self, path: str, interval: float = CHECKPOINT_EVERY_S) -> None:
        self.path = path
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)

    def start(self) -> "WalCheckpointer":
        self._thread.start()
        return self

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # busy or locked: the next round tries again
                    log.debug("checkpoint skipped: %s", exc)
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)


_checkpointer: WalCheckpointer | None = None


def open_database(target: str | Path) -> Database:
    """Open (creating if needed), migrate and bind the database the whole app uses."""
    global _checkpointer
    database = make_database(target)
    database.connect(reuse_if_open=True)
    migrate(database)
    db.initialize(database)
    if _checkpointer is not None:
        _checkpointer.stop()
        _checkpointer = None
    if isinstance(database, SqliteDatabase) and database.database != ":memory:":
        _checkpointer = WalCheckpointer(database.database).start()
    return database


def close_database() -> None:
    global _checkpointer
    if _checkpointer is not None:
        _checkpointer.stop()
        _checkpointer = None
    if db.obj is not None and not db.is_closed():
        db.close()


HUB_WRITE_LOCK = 0x504F534C  # the advisory lock every write transaction on a PostgreSQL hub takes


@contextmanager
def _hub_transaction(database: Database) -> Iterator[Any]:
    outermost = not database.in_transaction()
    with database.atomic() as txn:
        if outermost:  # held until COMMIT/ROLLBACK; later reads (READ COMMITTED) see what the last writer committed
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (HUB_WRITE_LOCK,))
        yield txn


class _CommitHooks(threading.local):
    """What to run around the commit of this thread's outermost `transaction()`."""

    def __init__(self) -> None:
        self.before: list[Callable[[], None]] = []
        self.after: list[Callable[[], None]] = []
        self.serial = 0  # counts this thread's outermost transactions


_hooks = _CommitHooks()


def _in_transaction() -> bool:
    return db.obj is not None and db.obj.in_transaction()


def before_commit(fn: Callable[[], None]) -> None:
    """Run `fn` inside the current transaction, just before its outermost level commits: its
    writes commit (or roll back) with everything else. Call inside `transaction()`."""
    if not _in_transaction():
        raise RuntimeError("before_commit() needs an open transaction()")
    _hooks.before.append(fn)


def after_commit(fn: Callable[[], None]) -> None:
    """Run `fn` once the current outermost transaction has committed; never if it rolls back."""
    if not _in_transaction():
        raise RuntimeError("after_commit() needs an open transaction()")
    _hooks.after.append(fn)


def transaction_serial() -> int:
    """Which outermost transaction of this thread is open (or was last): a new number for each,
    so a caller can tell "already registered my hooks in this transaction" from "a new one"."""
    return _hooks.serial


def _atomic(database: Database):  # type: ignore[no-untyped-def]
    if isinstance(database, SqliteDatabase):
        return database.atomic(lock_type="IMMEDIATE")
    return _hub_transaction(database)


@contextmanager
def transaction() -> Iterator[Any]:
    """A write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE), so two
    tills never both read a balance and then fail to write it; nested calls are savepoints.
    On PostgreSQL the same guarantee comes from a transaction-level advisory lock taken
    first thing: without it two tills could both spend the same points (READ COMMITTED)
    or both insert the same order id and fail instead of replaying.

    The outermost level runs the `before_commit` hooks last thing inside the transaction and
    the `after_commit` hooks once it committed (that is how the services announce what changed)."""
    database = db.obj
    if database.in_transaction():  # a savepoint: the outermost level commits and runs the hooks
        with _atomic(database) as txn:
            yield txn
        return
    hooks = _hooks
    hooks.serial += 1
    hooks.before.clear()
    hooks.after.clear()
    try:
        with _atomic(database) as txn:
            yield txn
            while hooks.before:
                hooks.before.pop(0)()
    except BaseException:
        hooks.before.clear()
        hooks.after.clear()
        raise
    after, hooks.after = hooks.after, []
    for fn in after:
        fn()


def insert_rows(model: type[Model], fields: list[Field], rows: list[tuple]) -> None:
    """Insert `rows` (values in the order of `fields`) with one statement run for each row by
    the driver (`executemany`), inside the caller's transaction. Peewee's `insert_many`
    builds its SQL value by value, which costs more than the database's own work for a
    checkout's 30 lines or a batch of cards; here the SQL is built once, for the first row,
    and each value goes through its field's `db_value` as peewee would send it."""
    if not rows:
        return
    sql, _params = model.insert_many(rows[:1], fields=fields).sql()
    convert = [field.db_value for field in fields]
    values = [tuple(to_db(value) for to_db, value in zip(convert, row)) for row in rows]
    with peewee_errors:  # the driver's errors as peewee's (IntegrityError …), as every other query raises them
        db.cursor().executemany(sql, values)


class Prepared:
    """A select whose SQL is written once and then run with new values.

    Peewee writes a query's SQL afresh on every call; on the scan and quote paths that costs
    ten times SQLite's own work (about 0.2 ms a query against 0.02 ms on a million cards).
    `make(*values)` builds the query; the first call builds it with stand-in values (of the
    same types: whole numbers, text, datetimes), keeps its SQL and where each stand-in landed
    among the parameters, and every call then runs that SQL with the real values in those
    places. Rows come back as peewee would return them from `make(*values)` (models with their
    joined models, or tuples). Only for values a field sends unchanged to the driver: int,
    str and datetime (not money, which MoneyField converts)."""

    def __init__(self, make: Callable[..., Any]) -> None:
        self._make = make
        self._compiled: dict[tuple[type, tuple[type, ...]], tuple[Any, str, list[Any], list[tuple[int, int]]]] = {}

    @staticmethod
    def _stand_in(index: int, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, str, dt.datetime)):
            raise TypeError(f"Prepared takes int, str or datetime values, not {type(value).__name__}")
        if isinstance(value, dt.datetime):
            return dt.datetime(1901, 1, 1, 0, 0, 0, 1 + index)
        if isinstance(value, int):
            return -7_340_000_000_000_017 - index
        return f"\ue000stand-in {index}\ue000"  # private-use characters: no real value has them, and text columns refuse NUL

    def _compile(self, database: Database, values: tuple[Any, ...]) -> tuple[Any, str, list[Any], list[tuple[int, int]]]:
        key = (type(database), tuple(type(v) for v in values))
        entry = self._compiled.get(key)
        if entry is None:
            stand_ins = [self._stand_in(i, v) for i, v in enumerate(values)]
            query = self._make(*stand_ins)
            sql, params = query.sql()
            slots = [(position, stand_ins.index(p)) for position, p in enumerate(params) if p in stand_ins]
            if sorted({arg for _position, arg in slots}) != list(range(len(values))):
                raise ValueError("a value did not reach the SQL unchanged; Prepared cannot hold this query")
            entry = self._compiled[key] = (query, sql, params, slots)
        return entry

    def rows(self, *values: Any) -> list[Any]:
        database = db.obj
        query, sql, params, slots = self._compile(database, values)
        bound = list(params)
        for position, arg in slots:
            bound[position] = values[arg]
        cursor = database.execute_sql(sql, bound)
        return list(query._get_cursor_wrapper(cursor))  # peewee's own row builder for this query

    def first(self, *values: Any) -> Any:
        found = self.rows(*values)
        return found[0] if found else None
