"""A customer's running counters: orders and amount spent per day, orders on which each
earning rule gave points per day, and orders over all time.

Written in the same transaction as the order or refund that changes them (checkout and
refunds call `record_order` / `record_refund`), and read by the tiers and the frequency
limits instead of the customer's order history: a tier's period is at most a few hundred
day rows, a once-a-day/week/month/year rule looks at one period, 'first order only' at one
row — the same cost for a customer with 10 orders or 100,000.

What counts (DESIGN: history net of refunds and cancellations, in one place): an order
counts unless it was cancelled; the amount spent is each order's total less what its
refunds gave back; a rule has earned on an order that gave points and was not cancelled.
`store.running_totals.replay_counters` computes the same from the orders, to check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from ..store.fields import MoneyField, money_from_db
from ..store.models import db

_MONEY = MoneyField()
LIMITED = ("daily", "weekly", "monthly", "yearly")  # frequencies that need to know the period's earnings


@lru_cache(maxsize=8)
def _upserts(p: str) -> tuple[str, str, str]:
    day = (f"INSERT INTO customer_day (customer_id, day, orders, spent) VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (customer_id, day) "
           "DO UPDATE SET orders = customer_day.orders + excluded.orders, spent = customer_day.spent + excluded.spent")
    rule = (f"INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (customer_id, day, rule_id) "
            "DO UPDATE SET orders = customer_rule_day.orders + excluded.orders")
    total = (f"INSERT INTO customer_total (customer_id, orders) VALUES ({p}, {p}) ON CONFLICT (customer_id) "
             "DO UPDATE SET orders = customer_total.orders + excluded.orders")
    return day, rule, total


def _change(customer_id: int, at: dt.datetime, orders: int, spent: Decimal, rules: Iterable[str]) -> None:
    database = db.obj
    day_sql, rule_sql, total_sql = _upserts(database.param)
    day = at.date()
    database.execute_sql(day_sql, (customer_id, day, orders, _MONEY.db_value(spent)))
    if orders:
        database.execute_sql(total_sql, (customer_id, orders))
        rows = [(customer_id, day, rule_id, orders) for rule_id in rules]
        if rows:
            database.cursor().executemany(rule_sql, rows)


def record_order(customer_id: int | None, at: dt.datetime, total: Decimal, earning_rules: Iterable[str]) -> None:
    """A committed order (inside its transaction): `earning_rules`, the rules that gave it points."""
    if customer_id is not None:
        _change(customer_id, at, 1, total, earning_rules)


def record_refund(customer_id: int | None, order_at: dt.datetime, amount: Decimal, cancels: bool, earning_rules: Iterable[str]) -> None:
    """A refund of an order made at `order_at` (inside its transaction); `cancels`: it cancels the
    order, which then no longer counts as an order nor as an earning of its rules."""
    if customer_id is not None:
        _change(customer_id, order_at, -1 if cancels else 0, -amount, earning_rules if cancels else ())


def period_columns(p: str, customer: str, periods: int) -> list[str]:
    """SQL columns giving, for each of `periods` starts, the orders and the amount spent from
    that moment on, for the customer whose id is the SQL expression `customer`: whole days
    after the start's day from the day rows, the start's own day from its orders (to the
    second; bounded by one day's orders). Their parameters: `period_params`."""
    columns = []
    for _ in range(periods):
        columns.append(f"(SELECT COALESCE(SUM(orders), 0) FROM customer_day WHERE customer_id = {customer} AND day > {p})")
        columns.append(f"(SELECT COALESCE(SUM(spent), 0) FROM customer_day WHERE customer_id = {customer} AND day > {p})")
        boundary = f'FROM "order" o WHERE o.customer_id = {customer} AND o."at" >= {p} AND o."at" < {p}'
        columns.append(f"(SELECT COUNT(*) {boundary} AND o.status != 'cancelled')")
        columns.append(f"(SELECT COALESCE(SUM(o.total - COALESCE((SELECT SUM(r.amount) FROM refund r WHERE r.order_id = o.id), 0)), 0) {boundary})")
    return columns


def period_params(since: list[dt.datetime]) -> list[object]:
    params: list[object] = []
    for start in since:
        next_day = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time())
        params += [start.date(), start.date(), start, next_day, start, next_day]
    return params


def period_figures(values: tuple | list, periods: int) -> list[tuple[int, Decimal]]:
    """(orders, spent) per period from the values of `period_columns`."""
    return [(int(values[4 * i] or 0) + int(values[4 * i + 2] or 0), money_from_db(int(values[4 * i + 1] or 0) + int(values[4 * i + 3] or 0)))
            for i in range(periods)]


@lru_cache(maxsize=32)
def _stats_sql(p: str, periods: int) -> str:
    columns = [f"(SELECT orders FROM customer_total WHERE customer_id = c.id)", *period_columns(p, "c.id", periods)]
    return f"SELECT {', '.join(columns)} FROM customer c WHERE c.id = {p}"


def stats(customer_id: int, since: list[dt.datetime]) -> tuple[int, list[tuple[int, Decimal]]]:
    """The customer's orders over all time, and for each `since` the orders and amount spent
    from that moment on — one statement."""
    database = db.obj
    row = database.execute_sql(_stats_sql(database.param, len(since)), [*period_params(since), customer_id]).fetchone()
    if row is None:
        return 0, [(0, Decimal(0)) for _ in since]
    return int(row[0] or 0), period_figures(row[1:], len(since))


def _period(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if frequency == "daily":
        return day, day
    if frequency == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if frequency == "monthly":
        start = day.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day.replace(month=1, day=1), day.replace(month=12, day=31)


@lru_cache(maxsize=64)
def _earned_sql(p: str, rules: int) -> str:
    marks = ", ".join([p] * rules)
    return (f"SELECT rule_id, MAX(day) FROM customer_rule_day WHERE customer_id = {p} AND day >= {p} AND day <= {p} "
            f"AND orders > 0 AND rule_id IN ({marks}) GROUP BY rule_id")


def earned_in_period(customer_id: int, limited: Iterable[tuple[str, str]], when: dt.datetime) -> dict[str, dt.datetime]:
    """For rules limited to once a day, week, month or year ((rule id, frequency) pairs): those
    that already gave this customer points in the period `when` falls in, with a moment of
    that period (what the engine's `CardState.last_earned` compares)."""
    by_frequency: dict[str, list[str]] = {}
    for rule_id, frequency in limited:
        if frequency in LIMITED:
            by_frequency.setdefault(frequency, []).append(rule_id)
    database = db.obj
    earned: dict[str, dt.datetime] = {}
    for frequency, rule_ids in by_frequency.items():
        start, end = _period(frequency, when.date())
        for rule_id, _day in database.execute_sql(_earned_sql(database.param, len(rule_ids)), [customer_id, start, end, *rule_ids]):
            earned[rule_id] = dt.datetime.combine(start, dt.time())
    return earned
