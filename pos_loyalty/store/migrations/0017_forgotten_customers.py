"""0017: customers who asked to be forgotten (services/privacy.py).

- `customer.forgotten_at`: when the customer's personal details were erased (NULL: never).
  Exports, the hub and every till see the mark; the row itself stays (its orders, cards and
  ledger refer to it) under a name that is no one's ("Forgotten customer #12").
- The points ledger stays append-only for every amount, card, kind, time and key; the one
  change it now allows is a redaction of an entry's free-text `note` — and only to a text
  carrying the marker ``[erased]`` — so a manager's reason that named the customer ("goodwill,
  Ann Smith") can be erased without touching the sums. Deleting, truncating and replacing
  entries are refused as before (0002, 0004).
- The sync capture triggers are made again on an attached till and on the hub: the
  customer's `forgotten_at` is a column that travels (store/replication.py).
"""

from __future__ import annotations

from peewee import SqliteDatabase

# Every column of ledger_entry except the note: none of them may change.
_FIXED = ("id", "card_id", "points", "kind", "at", "expires_at", "order_id", "refund_id", "idempotency_key", "user")

MARKER = "[erased]"


def _sqlite() -> list[str]:
    same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in _FIXED)
    return [
        "DROP TRIGGER IF EXISTS ledger_entry_no_update",
        f"""CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
            WHEN NOT ({same} AND instr(NEW.note, '{MARKER}') > 0)
            BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END""",
    ]


def _postgres() -> list[str]:
    new = ", ".join(f'NEW."{c}"' for c in _FIXED)
    old = ", ".join(f'OLD."{c}"' for c in _FIXED)
    return [
        f"""CREATE OR REPLACE FUNCTION ledger_entry_redact_only() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND ROW({new}) IS NOT DISTINCT FROM ROW({old}) AND strpos(NEW.note, '{MARKER}') > 0 THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'the points ledger is append-only';
            END; $$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry",
        """CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
           FOR EACH ROW EXECUTE FUNCTION ledger_entry_redact_only()""",
    ]


def up(migrator, database):  # type: ignore[no-untyped-def]
    from pos_loyalty.services import sync  # the capture triggers are built from the tables' watched columns, kept there

    database.execute_sql("ALTER TABLE customer ADD COLUMN forgotten_at TIMESTAMP NULL")
    for statement in _sqlite() if isinstance(database, SqliteDatabase) else _postgres():
        database.execute_sql(statement)
    state = dict(database.execute_sql("SELECT key, value FROM sync_state").fetchall())
    if "hub_url" in state:
        sync.install_till_triggers(database)
    if state.get("role") == sync.HUB:
        sync.install_hub_triggers(database)
