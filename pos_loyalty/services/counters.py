"""A customer's running counters: orders and amount spent up to and including each day they
ordered (running sums), and the orders on which each earning rule gave points, per day.

Written in the same transaction as the order or refund that changes them (checkout and
refunds call `record_order` / `record_refund`), and read by the tiers and the frequency
limits instead of the customer's order history: a tier's period is the latest running sum
less the last one before the period (two index probes), 'first order only' reads the latest
one, a once-a-day/week/month/year rule looks at one period — the same cost for a customer
with 10 orders or 100,000.

What counts (a customer's history net of refunds and cancellations, in one place; README "A
customer's history"): an order counts unless it was cancelled or fully refunded (a full
refund, or partial ones that refund every line); the amount spent is each order's total less
what its refunds gave back, on the day of the order; a rule has earned on an order that gave
points and still counts. A tier's period is counted in whole days: the orders from the day
`period_days` before today on. `store.running_totals.replay_counters` computes the same
from the orders, to check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from peewee import Database

from ..domain.periods import period
from ..store.fields import MoneyField, money_from_db
from ..store.models import db
from ..store.statements import write_rows

_MONEY = MoneyField()
LIMITED = ("daily", "weekly", "monthly", "yearly")  # frequencies that need to know the period's earnings


@lru_cache(maxsize=8)
def _writes(p: str) -> tuple[str, str]:
    before = f"FROM customer_day WHERE customer_id = {p} AND day < {p} ORDER BY day DESC LIMIT 1"
    carried = ("orders_to_date", "spent_to_date", "points_to_date", "reviews_to_date")
    open_day = (f"INSERT INTO customer_day (customer_id, day, {', '.join(carried)}) VALUES ({p}, {p}, "
                + ", ".join(f"COALESCE((SELECT {column} {before}), 0)" for column in carried)
                + ") ON CONFLICT (customer_id, day) DO NOTHING")
    add = (f"UPDATE customer_day SET orders_to_date = orders_to_date + {p}, spent_to_date = spent_to_date + {p}, "
           f"points_to_date = points_to_date + {p}, reviews_to_date = reviews_to_date + {p} WHERE customer_id = {p} AND day >= {p}")
    return open_day, add


def _change(customer_id: int, at: dt.datetime, orders: int, spent: Decimal, rules: Iterable[str], points: int = 0, reviews: int = 0,
            day_open: bool = False) -> None:
    """Add to the running sums from the order's day on (one row today; a late order or a
    refund of an old one moves the sums of the days after it too, in the same statement).
    `day_open`: the customer's row of that day is known to exist (`latest_day_column`), so it
    is not opened again."""
    database = db.obj
    open_day, add = _writes(database.param)
    day = at.date()
    if not day_open:
        database.execute_sql(open_day, (customer_id, day, *[customer_id, day] * 4))
    database.execute_sql(add, (orders, _MONEY.db_value(spent), points, reviews, customer_id, day))
    if orders:
        add_rule_days([(customer_id, day, rule_id, orders) for rule_id in rules])


def add_rule_days(rows: list[tuple[int, dt.date, str, int]], database: Database | None = None) -> None:
    """(customer, day, rule, orders) added to the orders on which each rule earned, per day:
    one upsert for the lot (a rule appears once per customer and day among `rows`)."""
    write_rows(*_RULE_DAY, rows, _RULE_DAY_TAIL, database)


def add_products(rows: list[tuple[int, str, int, int]], database: Database | None = None) -> None:
    """(customer, sku, orders, units) added to the customers' product history: one upsert for
    the lot (a sku appears once per customer among `rows`)."""
    write_rows(*_PRODUCTS, rows, _PRODUCTS_TAIL, database)


def record_points(customer_id: int | None, day_of: dt.datetime, points: int) -> None:
    """Points earned (positive) or taken back (negative) for the 'points earned' history (inside
    the transaction that writes them): order earnings and their reversals on the ORDER's day,
    points for an action on the action's day. Milestone bonuses, adjustments, transfers and
    expiry are not points earned."""
    if customer_id is not None and points:
        _change(customer_id, day_of, 0, Decimal(0), (), points=points)


def record_review(customer_id: int | None, at: dt.datetime) -> None:
    """One review recorded for the customer (inside the transaction that records it)."""
    if customer_id is not None:
        _change(customer_id, at, 0, Decimal(0), (), reviews=1)


def stored_money(amount: Decimal) -> int:
    """An amount as the running sums hold it (`spent_to_date`: 1/10,000 of the currency)."""
    return int(_MONEY.db_value(amount))


def record_order(customer_id: int | None, at: dt.datetime, total: Decimal, earning_rules: Iterable[str], points: int = 0,
                 latest_day: object = None) -> None:
    """A committed order (inside its transaction): `earning_rules`, the rules that gave it points;
    `points`, the points it earned when they are awarded now (as `record_points` would add them,
    in the same two statements). `latest_day`: the customer's latest day with a row, as
    `latest_day_column` read it in this transaction — a second sale on one day (a staff card, a
    family's card) then opens no row."""
    if customer_id is not None:
        _change(customer_id, at, 1, total, earning_rules, points=points, day_open=latest_day is not None and str(latest_day) == str(at.date()))


def latest_day_column(customer: str) -> str:
    """The latest day the customer whose id is the SQL expression `customer` has a row of (one
    probe of the (customer, day) index), for `record_order`: a statement that reads something
    else of the customer (a sale's card) reads it with it."""
    return f"(SELECT day FROM customer_day WHERE customer_id = {customer} ORDER BY day DESC LIMIT 1)"


def record_refund(customer_id: int | None, order_at: dt.datetime, amount: Decimal, completes: bool, earning_rules: Iterable[str]) -> None:
    """A refund of an order made at `order_at` (inside its transaction); `completes`: with it the
    order is cancelled or refunded in full, so it no longer counts as an order nor as an earning
    of its rules — a refunded first order leaves the next one first, a once-a-day rule can earn
    again that day."""
    if customer_id is not None:
        _change(customer_id, order_at, -1 if completes else 0, -amount, earning_rules if completes else ())


def period_columns(p: str, customer: str, periods: int) -> list[str]:
    """SQL columns for the customer whose id is the SQL expression `customer`: the orders ever
    (what 'first order only' asks: a bonus once per customer, whenever the orders were made),
    the orders and amount spent up to the day of the moment asked about (an order replayed with
    an earlier time does not count the orders made after it toward a tier), then for each of
    `periods` first days the same up to the day before it (their parameters: `period_params`).
    Each is one probe of the (customer, day) index."""
    ever = f"FROM customer_day WHERE customer_id = {customer} ORDER BY day DESC LIMIT 1"
    latest = f"FROM customer_day WHERE customer_id = {customer} AND day <= {p} ORDER BY day DESC LIMIT 1"
    columns = [f"(SELECT orders_to_date {ever})", f"(SELECT orders_to_date {latest})", f"(SELECT spent_to_date {latest})"]
    for _ in range(periods):
        before = f"FROM customer_day WHERE customer_id = {customer} AND day < {p} ORDER BY day DESC LIMIT 1"
        columns += [f"(SELECT orders_to_date {before})", f"(SELECT spent_to_date {before})"]
    return columns


def period_params(since: list[dt.datetime], when: dt.datetime) -> list[object]:
    params: list[object] = [when.date(), when.date()]
    for start in since:
        params += [start.date(), start.date()]
    return params


def period_figures(values: tuple | list, periods: int) -> tuple[int, list[tuple[int, Decimal]]]:
    """The orders ever, and (orders, spent) per period, from the values of `period_columns`."""
    ever, orders, spent = int(values[0] or 0), int(values[1] or 0), int(values[2] or 0)
    return ever, [(orders - int(values[3 + 2 * i] or 0), money_from_db(spent - int(values[4 + 2 * i] or 0))) for i in range(periods)]


@lru_cache(maxsize=32)
def _stats_sql(p: str, periods: int) -> str:
    return f"SELECT {', '.join(period_columns(p, 'c.id', periods))} FROM customer c WHERE c.id = {p}"


def stats(customer_id: int, since: list[dt.datetime], when: dt.datetime | None = None) -> tuple[int, list[tuple[int, Decimal]]]:
    """The customer's orders ever, and for each `since` the orders and amount spent from that
    day to the day of `when` (default: to date) — one statement."""
    database = db.obj
    row = database.execute_sql(_stats_sql(database.param, len(since)), [*period_params(since, when or dt.datetime.max), customer_id]).fetchone()
    if row is None:
        return 0, [(0, Decimal(0)) for _ in since]
    return period_figures(row, len(since))


def _earned_column(p: str, customer: str) -> str:
    return f"EXISTS (SELECT 1 FROM customer_rule_day WHERE customer_id = {customer} AND rule_id = {p} AND day >= {p} AND day <= {p} AND orders > 0)"


_ASKED: dict[tuple[int, dt.date], tuple[object, list[tuple[str, dt.date]], list[object]]] = {}


def _earned_asked(limited: Iterable[tuple[str, str]], when: dt.datetime) -> tuple[list[tuple[str, dt.date]], list[object]]:
    """The limited rules asked about, each with the first day of its period, and their
    parameters (rule, first day, last day) for `_earned_column`: worked out once per list of
    rules (a bundle's, `cards._state_shape`) and day — every sale asks. Not to be changed."""
    day = when.date()
    entry = _ASKED.get((id(limited), day))
    if entry is not None and entry[0] is limited:  # held: its id cannot have been reused
        return entry[1], entry[2]
    asked: list[tuple[str, dt.date]] = []
    params: list[object] = []
    for rule_id, frequency in limited:
        if frequency in LIMITED:
            start, end = period(frequency, day)  # LIMITED: never "once", so always a period
            asked.append((rule_id, start))
            params += [rule_id, start, end]
    if isinstance(limited, (list, tuple)):  # not an iterator, which would be used up
        if len(_ASKED) > 64:
            _ASKED.clear()
        _ASKED[(id(limited), day)] = (limited, asked, params)
    return asked, params


def _earned_of(asked: list[tuple[str, dt.date]], values: Iterable[object]) -> dict[str, dt.datetime]:
    return {rule_id: dt.datetime.combine(start, dt.time()) for (rule_id, start), earned in zip(asked, values) if earned}


def earned_in_period(customer_id: int, limited: Iterable[tuple[str, str]], when: dt.datetime) -> dict[str, dt.datetime]:
    """For rules limited to once a day, week, month or year ((rule id, frequency) pairs): those
    that already gave this customer points in the period `when` falls in, with a moment of
    that period (what the engine's `CardState.last_earned` compares)."""
    limited = [(rule_id, frequency) for rule_id, frequency in limited if frequency in LIMITED]
    return stats_and_earned(customer_id, [], limited, when)[2] if limited else {}


def state_columns(p: str, customer: str, periods: int, rules: int) -> list[str]:
    """`stats_and_earned`'s columns for the customer whose id is the SQL expression `customer`,
    for `periods` first days and `rules` limited rules: a statement that reads something else
    of the customer (a sale's card, `cards.sale_card`) reads these with it. Their parameters,
    in order: `state_params`; their values: `state_values`. One probe of an index each,
    whatever the length of the customer's history (migration 0021)."""
    return [*period_columns(p, customer, periods), *[_earned_column(p, customer)] * rules]


def state_params(since: list[dt.datetime], limited: Iterable[tuple[str, str]], when: dt.datetime) -> tuple[list[tuple[str, dt.date]], list[object]]:
    """The limited rules asked about (for `state_values`) and the parameters of `state_columns`."""
    asked, earned = _earned_asked(limited, when)
    return asked, [*period_params(since, when), *earned]


def state_values(values: tuple | list, periods: int, asked: list[tuple[str, dt.date]]) -> tuple[int, list[tuple[int, Decimal]], dict[str, dt.datetime]]:
    """`state_columns`' values read back: the orders ever, (orders, spent) per period, and the
    limited rules that already gave points in their period."""
    ever, figures = period_figures(values, periods)
    return ever, figures, _earned_of(asked, values[3 + 2 * periods:])


@lru_cache(maxsize=64)
def _state_sql(p: str, periods: int, rules: int) -> str:
    return f"SELECT {', '.join(state_columns(p, 'c.id', periods, rules))} FROM customer c WHERE c.id = {p}"


def stats_and_earned(customer_id: int, since: list[dt.datetime], limited: Iterable[tuple[str, str]],
                     when: dt.datetime) -> tuple[int, list[tuple[int, Decimal]], dict[str, dt.datetime]]:
    """`stats(customer_id, since, when)` and `earned_in_period(customer_id, limited, when)` in
    one statement: what every quote and commit asks of a card's customer (one round trip, not
    two, on each sale)."""
    asked, params = state_params(since, limited, when)
    database = db.obj
    row = database.execute_sql(_state_sql(database.param, len(since), len(asked)), [*params, customer_id]).fetchone()
    if row is None:
        return 0, [(0, Decimal(0)) for _ in since], {}
    return state_values(row, len(since), asked)


# Upserts of a sale's rules of the day and products, written by `write_rows` (rules and skus
# distinct within one call: an upsert never meets its own row twice).
_RULE_DAY = ("INSERT INTO customer_rule_day (customer_id, day, rule_id, orders)", 4)
_RULE_DAY_TAIL = " ON CONFLICT (customer_id, day, rule_id) DO UPDATE SET orders = customer_rule_day.orders + excluded.orders"
_PRODUCTS = ("INSERT INTO customer_product (customer_id, sku, orders, units)", 4)
_PRODUCTS_TAIL = (" ON CONFLICT (customer_id, sku) DO UPDATE SET orders = customer_product.orders + excluded.orders, "
                  "units = customer_product.units + excluded.units")


def record_products(customer_id: int | None, changes: Iterable[tuple[str, int, int]]) -> None:
    """Per product (sku, orders, units) added to (or, negative, taken from) the customer's
    product history, inside the order's or refund's transaction: one statement for the whole
    order (an upsert per sku, `add_products`). A sale adds (sku, 1, units) for each
    sku it contains; a refund takes back the units refunded, and the order once none of that
    sku is left (`refunds`)."""
    rows = [(customer_id, sku, orders, units) for sku, orders, units in changes if orders or units]
    if customer_id is not None:
        add_products(rows)


def sale_products(lines: Iterable[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """(sku, quantity) lines of a sale → (sku, 1 order, units) per distinct sku, in order."""
    units: dict[str, int] = {}
    for sku, quantity in lines:
        units[sku] = units.get(sku, 0) + quantity
    return [(sku, 1, n) for sku, n in units.items()]


def refund_products(lines: Iterable[tuple[int, str, int]], refunded_after: dict[int, int], refunded_now: dict[int, int]) -> list[tuple[str, int, int]]:
    """What a refund takes from the product history: the order's bought lines (position, sku,
    quantity), the quantities refunded per position including this refund, and this refund's
    → (sku, -1 if none of the sku is left now but some was before else 0, -units refunded now)."""
    per_sku: dict[str, list[int]] = {}  # sku → [bought, refunded after, refunded now]
    for position, sku, quantity in lines:
        entry = per_sku.setdefault(sku, [0, 0, 0])
        entry[0] += quantity
        entry[1] += refunded_after.get(position, 0)
        entry[2] += refunded_now.get(position, 0)
    changes = []
    for sku, (bought, after, now_) in per_sku.items():
        if now_:
            gone = bought - after <= 0 < bought - (after - now_)
            changes.append((sku, -1 if gone else 0, -now_))
    return changes
