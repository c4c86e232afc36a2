"""0009: a fully refunded order no longer counts in the customer's history.

Before, only a cancellation took an order out of the running counters (`customer_day`'s
orders to date, `customer_rule_day`'s earnings); an order refunded in full still lifted a
tier, blocked the first-order bonus on the next order and a once-a-day rule's next earning.
The services now take it out with the refund that completes it; this migration corrects the
counters of the orders refunded in full before it.

Targeted, not a rebuild: only the customers with such an order (found through the refund
table, far smaller than the orders), and only their rows from that order's day on. The rows
are set to what they should be (counted afresh from the customer's orders), not decreased,
so a database whose counters 0006 filled with today's rules comes out the same. Its cost
follows the refunded orders, not the size of the database: 3-4 s for 10,000 orders refunded
in full among 10 million (SQLite, 2026-11-29, the shared 2-core machine).
Plain SQL, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any

GONE = ("cancelled", "refunded")
_CHUNK = 500


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _marks(p: str, n: int) -> str:
    return ", ".join([p] * n)


def _fix(database, p: str, first: dict[int, dt.date]) -> None:  # type: ignore[no-untyped-def]
    """Set the orders to date and the per-rule earnings of these customers, from their first
    fully refunded order's day on, to what their orders say."""
    ids = list(first)
    marks = _marks(p, len(ids))
    counted: dict[int, list[dt.date]] = {c: [] for c in ids}
    for customer, at, status in database.execute_sql(f'SELECT customer_id, "at", status FROM "order" WHERE customer_id IN ({marks})', ids):
        if status not in GONE:
            counted[customer].append(_day(at))
    for days in counted.values():
        days.sort()
    day_rows = []
    for customer, day in database.execute_sql(f"SELECT customer_id, day FROM customer_day WHERE customer_id IN ({marks})", ids):
        day = _day(day)
        if day >= first[customer]:
            day_rows.append((bisect_right(counted[customer], day), customer, day))
    earned: dict[tuple[int, dt.date, str], int] = {}
    for customer, at, status, rule_id in database.execute_sql(
            f'SELECT o.customer_id, o."at", o.status, e.rule_id FROM order_earning e JOIN "order" o ON o.id = e.order_id '
            f"WHERE o.customer_id IN ({marks}) AND e.points > 0", ids):
        if status not in GONE:
            key = (customer, _day(at), rule_id)
            earned[key] = earned.get(key, 0) + 1
    rule_rows = []
    for customer, day, rule_id, orders in database.execute_sql(
            f"SELECT customer_id, day, rule_id, orders FROM customer_rule_day WHERE customer_id IN ({marks})", ids):
        day = _day(day)
        right = earned.get((customer, day, rule_id), 0)
        if day >= first[customer] and orders != right:
            rule_rows.append((right, customer, day, rule_id))
    cursor = database.cursor()
    if day_rows:
        cursor.executemany(f"UPDATE customer_day SET orders_to_date = {p} WHERE customer_id = {p} AND day = {p}", day_rows)
    if rule_rows:
        cursor.executemany(f"UPDATE customer_rule_day SET orders = {p} WHERE customer_id = {p} AND day = {p} AND rule_id = {p}", rule_rows)


def up(migrator, database):  # type: ignore[no-untyped-def]
    p = database.param
    first: dict[int, dt.date] = {}
    for customer, at in database.execute_sql(
            # CROSS JOIN: SQLite then reads the refunds first and looks each order up by its key
            # (else it may scan every order for the status); PostgreSQL plans it as a plain join.
            'SELECT DISTINCT o.customer_id, o."at" FROM refund r CROSS JOIN "order" o '
            "WHERE o.id = r.order_id AND o.status = 'refunded' AND o.customer_id IS NOT NULL"):
        day = _day(at)
        if customer not in first or day < first[customer]:
            first[customer] = day
    customers = sorted(first)
    for start in range(0, len(customers), _CHUNK):
        _fix(database, p, {c: first[c] for c in customers[start:start + _CHUNK]})
