"""The database: pragmas, migrations from every past schema version, backups, append-only ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError, SqliteDatabase
from playhouse.migrations import Runner

from pos_loyalty.services import checkout, customers
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import MIGRATIONS_DIR, close_database, pending_migrations
from pos_loyalty.store.models import LedgerEntry, db

from .conftest import at, make_order

ALL = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def test_sqlite_is_durable_wal_with_foreign_keys(store: Path) -> None:
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert pending_migrations(db.obj) == []


def test_reopening_is_a_no_op(store: Path) -> None:
    close_database()
    open_store(str(store))
    assert not list(store.parent.glob("*.bak"))


@pytest.mark.parametrize("version", ALL[:-1])
def test_a_database_from_each_past_version_opens_with_todays_code(tmp_path: Path, version: str) -> None:
    path = tmp_path / f"at-{version}.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target=version)
    old.execute_sql("INSERT INTO customer (name, name_key, phone, marketing_opt_in, created_at) VALUES ('Old Timer', 'old timer', '0600000000', 0, '2025-01-01')")
    old.close()
    open_store(str(path))
    try:
        assert pending_migrations(db.obj) == []
        assert [c.name for c in customers.search("old")] == ["Old Timer"]
        backups = list(tmp_path.glob("*.before-migration-*.bak"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT name FROM customer").fetchall() == [("Old Timer",)]
    finally:
        close_database()


def test_the_ledger_cannot_be_edited_or_deleted(store: Path, card: str) -> None:
    checkout.commit(make_order("A-1", card), when=at(2))
    entry = LedgerEntry.get()
    with pytest.raises(IntegrityError, match="append-only"):
        LedgerEntry.update(points=1_000_000).where(LedgerEntry.id == entry.id).execute()
    with pytest.raises(IntegrityError, match="append-only"):
        LedgerEntry.delete().execute()
    assert LedgerEntry.get_by_id(entry.id).points == entry.points
