"""0022: a card's orders by time (issue 10: every screen costs the same for a card with 10 orders
or 100,000).

The refund screen lists a card's most recent orders when the customer has no receipt
(`services/orders.of_card`). The orders were found through the card index alone, so all of the
card's orders were read — each with its items counted — and sorted to keep twenty: 0.3 s for a
card with 20,000 orders, growing with every sale. Indexed by (card, time, id), the twenty are
read newest first from the index and the walk stops there.

The new index replaces `order_card_id` (the card alone), which it begins with: a sale's writes
keep the same number of index entries.
"""

from __future__ import annotations


def up(migrator, database):  # type: ignore[no-untyped-def]
    database.execute_sql('CREATE INDEX IF NOT EXISTS order_card_id_at_id ON "order" (card_id, "at", id)')
    database.execute_sql("DROP INDEX IF EXISTS order_card_id")
