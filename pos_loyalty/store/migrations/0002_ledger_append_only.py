"""0002: make the points ledger append-only in the database itself.

The services never update or delete a ledger row; these triggers make sure nothing else
(a script, a hand-written SQL fix) can either, on SQLite and PostgreSQL alike.
"""

from peewee import SqliteDatabase

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS ledger_entry_no_update BEFORE UPDATE ON ledger_entry
       BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_entry_no_delete BEFORE DELETE ON ledger_entry
       BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END""",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the points ledger is append-only'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry",
    """CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
       FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()""",
]


def up(migrator, database):  # type: ignore[no-untyped-def]
    for statement in SQLITE if isinstance(database, SqliteDatabase) else POSTGRES:
        database.execute_sql(statement)
