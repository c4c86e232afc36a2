"""Each customer's orders, spend and points per day for the tiers report (migration 0020),
kept by the reports' catch-up, and the report's figures read from them.

`report_customer_change` holds `customer_day` as differences (what each day added to the
running counters), `report_customer_bound` each customer's sum of positive days — more than
any range of theirs can add up to. They are copied from the counters, never computed anew,
so they count exactly what a card's tier counts (README "A customer's history"): the
catch-up (`report_days`, marks `customers:<table>`) copies again the customers of every
order, refund and ledger entry written since it last ran — nothing is added to a sale's
commit — and those that `running_totals.refresh` rewrote outside a sale (a merge, rows
replayed by sync), listed in `report_customer_stale`.

Reading: a range's figure is a SUM over the customer's days in it, one index range each.
Only customers whose bound reaches a tier's lowest threshold are placed by their figures (the
others reach no threshold: the entry tier); a top-ten list first takes the exact figures of
the customers with the highest bounds, and then reads only the customers whose bound reaches
the tenth of those.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from peewee import Database

from ..store.models import db

SEED = 2  # × the list's length: customers with the highest bounds read first, for the bar the others must reach


def _copy(database: Database, customers: str, params: tuple) -> None:
    """Copy again the customers the SQL query `customers` (with `params`) lists, from their
    counters (inside the caller's transaction)."""
    _copy_where(database, f"customer_id IN ({customers})", params)


def _copy_where(database: Database, only: str, params: tuple) -> None:
    database.execute_sql(f"DELETE FROM report_customer_change WHERE {only}", params)
    database.execute_sql(
        "INSERT INTO report_customer_change (customer_id, day, orders, spent, points) "
        "SELECT customer_id, day, o, s, p FROM (SELECT customer_id, day, "
        "orders_to_date - COALESCE(LAG(orders_to_date) OVER w, 0) AS o, spent_to_date - COALESCE(LAG(spent_to_date) OVER w, 0) AS s, "
        f"points_to_date - COALESCE(LAG(points_to_date) OVER w, 0) AS p FROM customer_day WHERE {only} "
        "WINDOW w AS (PARTITION BY customer_id ORDER BY day)) d WHERE o <> 0 OR s <> 0 OR p <> 0", params)
    database.execute_sql(f"DELETE FROM report_customer_bound WHERE {only}", params)
    database.execute_sql(
        "INSERT INTO report_customer_bound (customer_id, orders, spent, points) SELECT customer_id, "
        "SUM(CASE WHEN orders > 0 THEN orders ELSE 0 END), SUM(CASE WHEN spent > 0 THEN spent ELSE 0 END), "
        f"SUM(CASE WHEN points > 0 THEN points ELSE 0 END) FROM report_customer_change WHERE {only} GROUP BY customer_id", params)


def _of(alias: str, sql: str) -> Callable[[Database, str, tuple], None]:
    """A catch-up step copying again the customers `sql` lists for the source rows `{where}`
    (the source table's rows as `alias`)."""
    def summarise(database: Database, where: str, params: tuple) -> None:
        _copy(database, sql.format(where=where.format(id=f"{alias}.id")), params * sql.count("{where}"))
    return summarise


def _stale(database: Database, where: str, params: tuple) -> None:
    from . import report_days  # it imports this module for its sources

    listed = "SELECT s.customer_id FROM report_customer_stale s WHERE " + where.format(id="s.id")
    _copy(database, listed, params)
    report_days.rebuild_visits(database, listed, params)  # their days with an order, for the customers and rewards reports
    p = database.param  # the rows before these were copied; a gap's rows wait until they appear
    database.execute_sql(f"DELETE FROM report_customer_stale WHERE id <= {p} AND NOT EXISTS (SELECT 1 FROM report_gap g "
                         f"WHERE g.source = 'customers:report_customer_stale' AND report_customer_stale.id BETWEEN g.low AND g.high)",
                         (params[0],))


# (source table, catch-up step, its mark): the customers whose counters each kind of row moves.
SOURCES: tuple[tuple[str, Callable[[Database, str, tuple], None], str], ...] = (
    ("ledger_entry", _of("e", 'SELECT o.customer_id FROM ledger_entry e JOIN "order" o ON o.id = e.order_id '
                         "WHERE {where} AND e.kind IN ('earn', 'reverse') AND o.customer_id IS NOT NULL "
                         "UNION SELECT c.customer_id FROM ledger_entry e JOIN card c ON c.id = e.card_id "
                         "WHERE {where} AND e.kind = 'action' AND c.customer_id IS NOT NULL"), "customers:ledger_entry"),
    ("order", _of("o", 'SELECT o.customer_id FROM "order" o WHERE {where} AND o.customer_id IS NOT NULL'), "customers:order"),
    ("refund", _of("r", 'SELECT o.customer_id FROM refund r JOIN "order" o ON o.id = r.order_id WHERE {where} AND o.customer_id IS NOT NULL'),
     "customers:refund"),
    ("report_customer_stale", _stale, "customers:report_customer_stale"),
)


def rebuild() -> None:
    """Every customer copied afresh from the counters and the marks set at the source tables'
    ids now (inside a transaction): what migration 0020 does, for a database whose counters
    were rebuilt in bulk (the benchmark's)."""
    database = db.obj
    p = database.param
    database.execute_sql("DELETE FROM report_customer_stale")
    _copy_where(database, "1 = 1", ())
    for table, _summarise, mark in SOURCES:
        database.execute_sql(f'UPDATE report_mark SET last_id = (SELECT COALESCE(MAX(id), 0) FROM "{table}") WHERE source = {p}', (mark,))
    database.execute_sql(f"DELETE FROM report_gap WHERE source LIKE {p}", ("customers:%",))


# -- the tiers report -------------------------------------------------------------------------


def _money(value: Decimal) -> int:
    return int(Decimal(value).scaleb(4))


def tier_counts(tiers: list[Any], end: dt.date) -> dict[int, int]:
    """Tier index (in the rules' order; -1: none) → customers whose figures place them there at
    `end`, among those whose bound reaches a threshold; every other customer reaches none."""
    periods = sorted({t.period_days for t in tiers})
    orders = [int(t.min_orders) for t in tiers if t.min_orders > 0]
    spent = [_money(t.min_spent) for t in tiers if t.min_spent > 0]
    reach = ([f"b.orders >= {min(orders)}"] if orders else []) + ([f"b.spent >= {min(spent)}"] if spent else [])
    if not reach:
        return {}
    database = db.obj
    p = database.param
    cols, params = [], []
    for i, days in enumerate(periods):
        cols += [f"SUM(CASE WHEN c.day >= {p} THEN c.orders ELSE 0 END) AS o{i}", f"SUM(CASE WHEN c.day >= {p} THEN c.spent ELSE 0 END) AS s{i}"]
        params += [end - dt.timedelta(days=days)] * 2
    whens = []
    for index in range(len(tiers) - 1, -1, -1):
        t = tiers[index]
        i = periods.index(t.period_days)
        parts = ([f"o{i} >= {int(t.min_orders)}"] if t.min_orders > 0 else []) + ([f"s{i} >= {_money(t.min_spent)}"] if t.min_spent > 0 else [])
        whens.append(f"WHEN {' OR '.join(parts) if parts else '1 = 1'} THEN {index}")
    sql = (f"SELECT CASE {' '.join(whens)} ELSE -1 END, COUNT(*) FROM (SELECT b.customer_id, {', '.join(cols)} "
           f"FROM report_customer_bound b JOIN report_customer_change c ON c.customer_id = b.customer_id AND c.day >= {p} AND c.day <= {p} "
           f"WHERE {' OR '.join(reach)} GROUP BY b.customer_id) x GROUP BY 1")
    earliest = end - dt.timedelta(days=max(periods))
    return {int(tier): int(n) for tier, n in database.execute_sql(sql, [*params, earliest, end]).fetchall()}


def top(column: str, start: dt.date, end: dt.date, limit: int) -> list[tuple[int, int, int]]:
    """The `limit` customers by `column` ('spent' or 'points') added in start..end, highest first
    (then by id), each as (customer, orders in the range, the figure); only those above zero."""
    if column not in ("spent", "points"):  # a column name, written into the SQL
        raise ValueError(f"no top list by {column!r}")
    database = db.obj
    p = database.param
    figures = (f"SELECT c.customer_id, SUM(c.orders), SUM(c.{column}) AS v FROM report_customer_change c "
               f"WHERE c.customer_id IN ({{among}}) AND c.day >= {p} AND c.day <= {p} GROUP BY c.customer_id")
    seed = database.execute_sql(figures.format(among=f"SELECT customer_id FROM report_customer_bound ORDER BY {column} DESC, customer_id LIMIT {SEED * limit}"),
                                (start, end)).fetchall()
    values = sorted((int(v) for _c, _o, v in seed if int(v) > 0), reverse=True)
    bar = values[limit - 1] if len(values) >= limit else 1  # a customer whose bound is below it cannot be in the list
    rows = database.execute_sql(figures.format(among=f"SELECT customer_id FROM report_customer_bound WHERE {column} >= {p}")
                                + f" HAVING SUM(c.{column}) > 0 ORDER BY v DESC, c.customer_id LIMIT {int(limit)}", (bar, start, end)).fetchall()
    return [(int(c), int(o), int(v)) for c, o, v in rows]
