"""0023: a card's coupons by state and expiry (issue 10: the checkout costs the same for a card
with a handful of coupons behind it or thousands).

The checkout lists the coupons a customer can use now with the rewards, on every change to the
basket (`services/coupons.at_checkout`). They were found through the card index alone: every
coupon the card was ever given — used, voided, long expired — was read and turned into a row to
keep the few still open (0.1 s for a card with 8,000 coupons, on the till's screen thread). By
(card, status, expiry) the open ones and the last few expired are ranges of the index.

The new index replaces `coupon_card_id` (the card alone), which it begins with.
"""

from __future__ import annotations


def up(migrator, database):  # type: ignore[no-untyped-def]
    database.execute_sql("CREATE INDEX IF NOT EXISTS coupon_card_id_status_expires_at ON coupon (card_id, status, expires_at)")
    database.execute_sql("DROP INDEX IF EXISTS coupon_card_id")
