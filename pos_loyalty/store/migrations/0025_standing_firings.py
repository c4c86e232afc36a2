"""0025: the firings that stand, one row per customer (issue 10: a commit costs as little as it
can, the same for a customer with 10 firings or 70,000).

A sale that contains a product some trigger watches asks, for each such trigger, the highest
step that fired for the customer and stands (neither blocked nor taken back): a repeating
trigger fires the steps above it, another one fires only once. That was a walk down the log's
(customer, trigger, step) index per trigger, read with the sale's card — 15 walks on a sale of
30 lines under the bench's 20 triggers, each to pages of its own for a customer with a long
log: 0.05 ms of a 1.2 ms commit. `customer_firing` keeps the answer in one row per customer
(JSON of trigger id → step), which the card's statement reads with one look-up by the
customer's id; the services write it in the same transaction as each firing, revocation and
erasure, and sync after log rows arrive. Filled here from the log (`fill_standing`).
"""

from __future__ import annotations

from pos_loyalty.store.running_totals import fill_standing


def up(migrator, database):  # type: ignore[no-untyped-def]
    database.execute_sql("CREATE TABLE IF NOT EXISTS customer_firing (customer_id INTEGER NOT NULL PRIMARY KEY "
                         "REFERENCES customer (id) ON DELETE RESTRICT, steps TEXT NOT NULL)")
    fill_standing(database)
