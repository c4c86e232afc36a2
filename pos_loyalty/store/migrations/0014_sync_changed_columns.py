"""0014: a synced row's change carries which columns changed (issue 13).

Before, any change to a column that travels sent the whole row as the writing till last saw
it, and the merge took those stale values: a card suspended on one till was made active
again by another till's customer merge of the same card; a customer merge was undone for
an order refunded on a till that had not seen the merge yet.

- `sync_outbox.changed` (a till) and `sync_journal.changed` (the hub): the watched columns an
  UPDATE changed, as ``status,customer,`` (field names, each followed by a comma); NULL for
  an insert, meaning every column. The merge (store/replication.py) applies only those.
- The capture triggers are recreated to fill it: on an attached till (sync_state holds
  `hub_url`) and on the hub (sync_state `role` = hub). A till attached later gets them at
  attach, a hub at `hub init`, as before.
"""

from __future__ import annotations


def up(migrator, database):  # type: ignore[no-untyped-def]
    from pos_loyalty.services import sync  # the triggers are built from the tables' watched columns, kept there

    for table in ("sync_outbox", "sync_journal"):
        database.execute_sql(f"ALTER TABLE {table} ADD COLUMN changed TEXT")
    state = dict(database.execute_sql("SELECT key, value FROM sync_state").fetchall())
    if "hub_url" in state:
        sync.install_till_triggers(database)
    if state.get("role") == sync.HUB:
        sync.install_hub_triggers(database)
