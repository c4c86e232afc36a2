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
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from peewee import Database, SqliteDatabase
from playhouse.db_url import connect as connect_url
from playhouse.migrations import Runner

from .models import db

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: durable commits
    "busy_timeout": 10_000,
    "cache_size": -32_000,  # 32 MB page cache
    "temp_store": "memory",
}


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def make_database(target: str | Path) -> Database:
    """A peewee database for a SQLite path or a ``postgresql://`` URL (not yet migrated)."""
    text = str(target)
    if is_postgres(text):
        return connect_url(text)
    path = Path(text).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def _runner(database: Database) -> Runner:
    return Runner(database, directory=str(MIGRATIONS_DIR))


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
    with sqlite3.connect(str(target)) as copy:
        source.backup(copy)
    log.info("backed up %s to %s before migrating", path, target)
    return target


def migrate(database: Database) -> list[str]:
    """Apply every pending migration in order; each runs in its own transaction."""
    pending = pending_migrations(database)
    if not pending:
        return []
    if isinstance(database, SqliteDatabase):
        backup_sqlite(database)
    applied = _runner(database).up()
    log.info("applied migrations: %s", ", ".join(applied))
    return applied


def open_database(target: str | Path) -> Database:
    """Open (creating if needed), migrate and bind the database the whole app uses."""
    database = make_database(target)
    database.connect(reuse_if_open=True)
    migrate(database)
    db.initialize(database)
    return database


def close_database() -> None:
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


def transaction():  # type: ignore[no-untyped-def]
    """A write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE), so two
    tills never both read a balance and then fail to write it; nested calls are savepoints.
    On PostgreSQL the same guarantee comes from a transaction-level advisory lock taken
    first thing: without it two tills could both spend the same points (READ COMMITTED)
    or both insert the same order id and fail instead of replaying."""
    database = db.obj
    if isinstance(database, SqliteDatabase):
        return database.atomic(lock_type="IMMEDIATE")
    return _hub_transaction(database)
