"""Opening the database: a SQLite file by default, or a PostgreSQL hub by URL.

`open_database` binds the models' proxy, applies pending numbered migrations (after a
backup of a SQLite file that already holds data) and returns the database. SQLite runs
in WAL mode with foreign keys on and `synchronous=FULL`: a commit that returned is on
disk, because it is money.

Waiting for the database (invariant 10): a write transaction waits at most `BUSY_WAIT_MS`
for the lock, then raises `Busy` — a message the cashier can act on ("try again"), never
"database is locked". Long jobs write in short transactions, so this wait stays short.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from peewee import Database, DatabaseError, Field, Model, OperationalError, SqliteDatabase
from peewee import __exception_wrapper__ as peewee_errors

from ..domain.errors import Busy, ValidationError
from ..private_files import private_file
from .models import db

if TYPE_CHECKING:
    from playhouse.migrations import Runner

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# How long a write waits for another till or a long job before it gives up with `Busy`. Long
# jobs commit every few thousand rows (tens of milliseconds), so a sale normally waits far less.
BUSY_WAIT_MS = 2_000
# While waiting for the write lock, look again this often: SQLite's own busy handler sleeps
# up to 100 ms between looks and can miss every short gap a long job leaves between chunks.
_BEGIN_POLL_MS = 2
# A process that finds another one migrating the same database waits this long for it.
MIGRATION_WAIT_S = 600.0
SQLITE_PRAGMAS = {  # in this order: the wait first, so switching a fresh file to WAL waits too
    "busy_timeout": BUSY_WAIT_MS,  # any statement outside `transaction()`; BEGIN polls (below)
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: durable commits
    "cache_size": -32_000,  # 32 MB page cache
    "temp_store": "memory",
    # The WalCheckpointer below moves the log into the file off the commit path; SQLite's own
    # checkpoint, inside a commit, stays as a backstop at 10,000 pages (about 40 MB of log).
    "wal_autocheckpoint": 10_000,
}
CHECKPOINT_EVERY_S = 1.0
# Prepared statements each SQLite connection keeps (the driver's default is 128): a sale's
# rows go in statements of as many rows as it has (`store.statements.write_rows`), one
# statement per row count and table, each prepared once and then reused.
STATEMENT_CACHE = 1024


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
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False, cached_statements=STATEMENT_CACHE)


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


def check_target(target: str | Path, create: bool = True) -> None:
    """Refuse, before anything is written, a SQLite path that cannot be the store's database.

    A named folder that does not exist is refused unless `create`: a typo there would quietly
    start a second, empty database and split the store's data. A folder, a read-only file or
    a folder that cannot be written is named at start, not at the first sale."""
    text = str(target)
    if is_postgres(text) or text == ":memory:":
        return
    path = Path(text).expanduser()
    if path.is_dir():
        raise ValidationError("db", f"{path} is a folder, not a database file; name a file in it, e.g. {path / 'pos_loyalty.db'}")
    folder = path.parent
    if not path.exists():
        if not folder.is_dir():
            if create:
                return
            raise ValidationError("db", f"the folder {folder} does not exist; check the path, or add --create to start a new database there")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ValidationError("db", f"cannot create {path}: the folder {folder} is read-only")
        return
    if not path.is_file():
        raise ValidationError("db", f"{path} is not a database file")
    if not os.access(path, os.R_OK | os.W_OK) or not path.stat().st_mode & 0o222:
        raise ValidationError("db", f"{path} is read-only; the till must be able to write its sales (check the file's permissions)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError("db", f"the folder {folder} is read-only; SQLite needs to write its journal beside {path.name}")


def backup_sqlite(database: SqliteDatabase) -> Path | None:
    """Copy a SQLite file that already has tables before a migration touches it (Vorta's habit).

    The copy is written under a temporary name, checked (`PRAGMA quick_check`) and only then
    renamed to its `*.bak` name: a crash or a kill mid-copy never leaves an empty or torn
    backup that looks complete. A copy that fails its check stops the migration."""
    path = Path(database.database)
    if not path.exists() or not database.get_tables():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-migration-{stamp}.bak")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # A connection of its own: ours holds the migration's exclusive transaction (WAL lets it read).
    private_file(partial)
    with sqlite3.connect(str(path)) as source, sqlite3.connect(str(partial)) as copy:
        source.backup(copy)
        verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"the backup of {path} failed its check ({verdict}); nothing was migrated")
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    log.info("backed up %s to %s before migrating", path, target)
    return target


@contextmanager
def _migration_lock(database: Database) -> Iterator[None]:
    """One process migrates; the others wait here, then find nothing left to do.

    PostgreSQL: a session advisory lock. SQLite: an EXCLUSIVE transaction around every
    migration (each one a savepoint in it), with foreign keys off for its length — the
    migrator's table rebuilds must not cascade — and checked before the commit."""
    if not isinstance(database, SqliteDatabase):
        database.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            yield
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        return
    database.execute_sql("PRAGMA foreign_keys = 0")
    try:
        with _SqliteLocked(database, "EXCLUSIVE", MIGRATION_WAIT_S):
            yield
            broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseError(f"a migration broke {len(broken)} references (first: {broken[0]}); nothing was migrated")
    finally:
        database.execute_sql("PRAGMA foreign_keys = 1")


def migrate(database: Database) -> list[str]:
    """Apply every pending migration in order, under the migration lock (4 tills starting
    together on a fresh database: one migrates, the others wait and continue)."""
    if all_applied(database):
        return []
    with _migration_lock(database):
        if not pending_migrations(database):  # another process did it while we waited
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


def _connect(database: Database, target: str | Path) -> None:
    """Connect, waiting while another process holds the file for a migration (its EXCLUSIVE
    lock can outlast `busy_timeout`: 4 tills starting together on a fresh file, or a long
    migration) — up to the migration lock's own wait, then `Busy`."""
    deadline = time.monotonic() + MIGRATION_WAIT_S
    while True:
        try:
            database.connect(reuse_if_open=True)
            return
        except OperationalError as exc:
            database.close()  # the pragmas may be half applied: start again with a new connection
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise Busy() from exc
            time.sleep(0.05)
        except DatabaseError as exc:
            if "not a database" not in str(exc):
                raise
            raise ValidationError("db", f"{target} is not a SQLite database file") from None


def open_database(target: str | Path, create: bool = True) -> Database:
    """Open (creating if needed — a missing folder only when `create`), migrate and bind the
    database the whole app uses."""
    global _checkpointer
    check_target(target, create)
    database = make_database(target)
    _connect(database, target)
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


HUB_WRITE_LOCK = 0x504F534C  # the hub's transaction lock: shared by sales, exclusive for everything else
MIGRATION_LOCK = 0x504F534D  # held (per session) by the process migrating the hub


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's exception behind peewee's (peewee keeps it as `orig`)."""
    inner = getattr(exc, "orig", None) or exc.__cause__
    return inner if isinstance(inner, BaseException) else exc


_BUSY_STATES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock_detected, serialization_failure


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "someone else holds the lock" (worth trying again)."""
    inner = _driver_error(exc)
    if getattr(inner, "sqlstate", None) in _BUSY_STATES:
        return True
    text = str(inner).lower()
    return isinstance(exc, (OperationalError, sqlite3.OperationalError)) and ("database is locked" in text or "database is busy" in text)


@contextmanager
def _busy_as_error() -> Iterator[None]:
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as exc:
        if is_busy(exc):
            raise Busy() from exc
        raise


class _SqliteLocked:
    """BEGIN `lock_type`, looking again every few milliseconds for up to `wait_s` (then `Busy`);
    "database is locked" inside or at COMMIT raised as `Busy`. A class rather than nested
    generator context managers: every sale opens one, and three generator layers cost as much
    as SQLite's BEGIN and COMMIT."""

    __slots__ = ("database", "lock_type", "wait_s", "txn")

    def __init__(self, database: SqliteDatabase, lock_type: str, wait_s: float) -> None:
        self.database, self.lock_type, self.wait_s = database, lock_type, wait_s

    def __enter__(self) -> Any:
        database = self.database
        connection = database.connection()
        deadline = time.monotonic() + self.wait_s
        connection.execute(f"PRAGMA busy_timeout = {_BEGIN_POLL_MS}")
        try:
            while True:
                txn = database.atomic(lock_type=self.lock_type)
                try:
                    entered = txn.__enter__()
                    break
                except OperationalError as exc:
                    if not is_busy(exc):
                        raise
                    if time.monotonic() >= deadline:
                        raise Busy() from exc
                    time.sleep(0.001)
        finally:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_WAIT_MS}")
        self.txn = txn
        return entered

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        txn = self.txn
        if exc is None:
            try:
                txn.__exit__(None, None, None)  # COMMIT (rolled back if it fails)
            except (OperationalError, sqlite3.OperationalError) as failed:
                if is_busy(failed):
                    raise Busy() from failed
                raise
            return False
        if isinstance(exc, (OperationalError, sqlite3.OperationalError)) and is_busy(exc):
            busy = Busy()
            txn.__exit__(Busy, busy, None)  # ROLLBACK
            raise busy from exc
        txn.__exit__(exc_type, exc, tb)  # ROLLBACK; the exception goes on
        return False


def _sqlite_transaction(database: SqliteDatabase) -> Any:
    if database.in_transaction():  # a savepoint inside the caller's transaction
        return database.atomic()
    return _SqliteLocked(database, "IMMEDIATE", BUSY_WAIT_MS / 1000)


@contextmanager
def _hub_transaction(database: Database, shared: bool) -> Iterator[Any]:
    outermost = not database.in_transaction()
    with _busy_as_error(), database.atomic() as txn:
        if outermost:  # both held until COMMIT/ROLLBACK
            lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
            database.execute_sql(f"SELECT set_config('lock_timeout', %s, true), {lock}(%s)", (f"{BUSY_WAIT_MS}ms", HUB_WRITE_LOCK))
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


def _atomic(database: Database, row_locks: bool):  # type: ignore[no-untyped-def]
    if isinstance(database, SqliteDatabase):
        return _sqlite_transaction(database)
    return _hub_transaction(database, shared=row_locks)


@contextmanager
def transaction(row_locks: bool = False) -> Iterator[Any]:
    """A write transaction; waits at most `BUSY_WAIT_MS` for the lock, then raises `Busy`.

    SQLite: takes the write lock at BEGIN (IMMEDIATE), so two tills never both read a balance
    and then fail to write it; nested calls are savepoints.

    PostgreSQL hub: every transaction takes the hub lock first. By default exclusively, which
    makes it as safe as SQLite's single writer (rules, users, settings: rare and short). With
    `row_locks=True` the caller promises to lock what it reads before deciding on it — the
    card with `locked(card)`, the order being refunded — and takes the hub lock shared: sales
    on different cards then run side by side, and two tills on the same card queue on its row.
    Order and refund ids stay unique by constraint; the loser of such a race replays.
    `lock_timeout` bounds every wait, row locks included.

    The outermost level runs the `before_commit` hooks last thing inside the transaction and
    the `after_commit` hooks once it committed (that is how the services announce what changed)."""
    database = db.obj
    if database.in_transaction():  # a savepoint: the outermost level commits and runs the hooks
        with _atomic(database, row_locks) as txn:
            yield txn
        return
    hooks = _hooks
    hooks.serial += 1
    hooks.before.clear()
    hooks.after.clear()
    try:
        with _atomic(database, row_locks) as txn:
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


def locked(row: Any) -> Any:
    """`row` read again and locked until the transaction ends (`SELECT … FOR UPDATE` on the
    hub), so no other till changes it between this read and our write. The row object itself
    is refreshed and returned. On SQLite the transaction already holds the only write lock:
    the row is returned as it is."""
    database = db.obj
    if row is None or isinstance(database, SqliteDatabase):
        return row
    model = type(row)
    fresh = model.select().where(model._meta.primary_key == row._pk).for_update().get()
    row.__data__.update(fresh.__data__)  # the same object: whoever holds it (an order's card) sees the locked values
    row._dirty.clear()
    return row


COPY_FROM = 50  # new rows from which PostgreSQL takes a batch by COPY rather than an INSERT each


def copies(database: Database, rows: int) -> bool:
    """Whether a batch of `rows` new rows goes to `database` by COPY: PostgreSQL, `COPY_FROM` rows
    or more, and not inside a pipeline (`services/sync.py`: a sale's own push), which a COPY
    would break."""
    return database.param == "%s" and rows >= COPY_FROM and not database.connection().pgconn.pipeline_status


def copy_rows(database: Database, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    """COPY `rows` (values in the order of `columns`, a quoted list) into `table` on PostgreSQL,
    inside the caller's transaction (when `copies` says so)."""
    with database.cursor().copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def lock_rows(table: str, column: str, value: Any) -> None:
    """Lock the rows of `table` whose `column` is `value` until the transaction ends, before
    reading them (`SELECT … FOR UPDATE` on the hub: another till's transaction on them waits,
    and what is read after sees its writes). On SQLite the transaction already holds the only
    write lock: nothing to do."""
    _lock(db.obj, table, column, value, "UPDATE")


def lock_customer(customer_id: int, database: Database | None = None) -> None:
    """`lock_rows` for a customer's row, taken after a transaction wrote rows that refer to it
    (an order, a coupon: PostgreSQL holds a key-share lock on the customer for each): `FOR NO KEY
    UPDATE`, which waits for another such lock on the customer but not for those key-share
    locks — FOR UPDATE would, and two tills selling to one customer's two cards would wait for
    each other."""
    _lock(database or db.obj, "customer", "id", customer_id, "NO KEY UPDATE")


def _lock(database: Database, table: str, column: str, value: Any, strength: str) -> None:
    if not isinstance(database, SqliteDatabase):
        database.execute_sql(f'SELECT 1 FROM "{table}" WHERE "{column}" = {database.param} FOR {strength}', (value,))


def insert_rows(model: type[Model], fields: list[Field], rows: list[tuple], skip_existing: bool = False, converted: bool = False) -> int:
    """Insert `rows` (values in the order of `fields`) with one statement run for each row by
    the driver (`executemany`), inside the caller's transaction. Peewee's `insert_many`
    builds its SQL value by value, which costs more than the database's own work for a
    checkout's 30 lines or a batch of cards; here the SQL is built once, for the first row,
    and each value goes through its field's `db_value` as peewee would send it.
    `skip_existing`: a row that would break a unique key is left out (ON CONFLICT DO
    NOTHING) instead of failing. `converted`: the values are already what the driver takes
    (each field's `db_value` applied by the caller). Returns how many rows were inserted."""
    if not rows:
        return 0
    query = model.insert_many(rows[:1], fields=fields)
    sql, _params = (query.on_conflict_ignore() if skip_existing else query).sql()
    convert = [field.db_value for field in fields]
    values = rows if converted else [tuple(to_db(value) for to_db, value in zip(convert, row)) for row in rows]
    with peewee_errors:  # the driver's errors as peewee's (IntegrityError …), as every other query raises them
        cursor = db.cursor()
        cursor.executemany(sql, values)
    return cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 else len(rows)


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
        self._readers: dict[tuple[type, tuple[type, ...]], tuple[type, dict[str, Any]]] = {}

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
        found = cursor.fetchall()
        if not found:
            return []
        # Peewee's own row builder for this query. Its set-up (which column is which field, the
        # converters, the joined models) depends only on the SQL, yet peewee works it out on
        # every call: it is worked out once here and handed to each new builder.
        reader = query._get_cursor_wrapper(cursor)
        key = (type(database), tuple(type(v) for v in values))
        kept = self._readers.get(key)
        if kept is None or kept[0] is not type(reader):
            before = set(vars(reader))
            reader.initialize()
            kept = self._readers[key] = (type(reader), {name: value for name, value in vars(reader).items() if name not in before})
        else:
            reader.__dict__.update(kept[1])
        reader.initialized = True
        return [reader.process_row(row) for row in found]

    def first(self, *values: Any) -> Any:
        found = self.rows(*values)
        return found[0] if found else None
