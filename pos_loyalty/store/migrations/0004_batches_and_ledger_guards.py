"""0004: batches that are visible only once complete, and a ledger no statement can rewrite.

- `card_batch.complete` and `card_batch.touched_at`: a bulk creation now commits its cards a
  few thousand at a time (so a sale never waits for it) and marks the batch complete at the
  end; until then the batch and its cards are invisible. Existing batches are complete.
- The append-only ledger (0002) refused UPDATE and DELETE, but `INSERT OR REPLACE` /
  `REPLACE INTO` on SQLite deletes the old row without firing delete triggers, and
  `TRUNCATE` on PostgreSQL fires no row trigger. SQLite: a BEFORE INSERT trigger refuses a
  row whose id or idempotency key is already there (before REPLACE can delete it) — two
  lookups, each by its own index (one `id = … OR key = …` would scan the whole ledger).
  PostgreSQL: a BEFORE TRUNCATE trigger.
"""

from peewee import SqliteDatabase

# Plain ADD COLUMNs (the column types peewee gives BooleanField and DateTimeField): no table rebuild.
SQLITE = [
    "ALTER TABLE card_batch ADD COLUMN complete INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE card_batch ADD COLUMN touched_at DATETIME",
    """CREATE TRIGGER IF NOT EXISTS ledger_entry_no_replace BEFORE INSERT ON ledger_entry
       WHEN EXISTS (SELECT 1 FROM ledger_entry WHERE id = NEW.id)
         OR EXISTS (SELECT 1 FROM ledger_entry WHERE idempotency_key = NEW.idempotency_key)
       BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only: this entry exists already'); END""",
]

POSTGRES = [
    "ALTER TABLE card_batch ADD COLUMN complete BOOLEAN NOT NULL DEFAULT TRUE",
    "ALTER TABLE card_batch ADD COLUMN touched_at TIMESTAMP",
    "DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON ledger_entry",
    """CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
       FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_append_only()""",
]


def up(migrator, database):  # type: ignore[no-untyped-def]
    for statement in SQLITE if isinstance(database, SqliteDatabase) else POSTGRES:
        database.execute_sql(statement)
