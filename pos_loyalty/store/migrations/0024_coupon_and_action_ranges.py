"""0024: the coupons the card screen and the checkout list, and a customer's newest actions, as
ranges of an index (issue 10: both screens cost the same for a card with a handful of coupons
behind it or thousands, open or used).

- The card screen lists a card's 100 newest coupons (`services/coupons.of_card`) and its
  customer's newest actions (`services/activity.of_card`). Both were found by the card or the
  customer alone and sorted whole to keep the newest: 10–17 ms for a card with 9,000–16,000
  coupons. By (card, issued at) and (customer, at) the newest are the end of a range, in order.
- The checkout lists, for each reward the card holds open coupons for, the one a sale would use
  (`services/coupons.at_checkout`): by (card, state, reward, expiry) that is the first entry of a
  range per reward. It listed every open coupon — 1.6 s on every change to the basket for a card
  holding 16,000 — though a sale takes one coupon per reward.

`activity_customer_id` (the customer alone) is replaced by the new index, which begins with it.
"""

from __future__ import annotations


def up(migrator, database):  # type: ignore[no-untyped-def]
    database.execute_sql("CREATE INDEX IF NOT EXISTS coupon_card_id_issued_at ON coupon (card_id, issued_at)")
    database.execute_sql("CREATE INDEX IF NOT EXISTS coupon_card_id_status_reward_id_expires_at ON coupon (card_id, status, reward_id, expires_at)")
    database.execute_sql('CREATE INDEX IF NOT EXISTS activity_customer_id_at ON activity (customer_id, "at")')
    database.execute_sql("DROP INDEX IF EXISTS activity_customer_id")
