"""The summaries the reports read (migration 0015), brought up to date when a report runs.

A year of a busy store is millions of ledger entries and orders; a report sums `report_day`
(per day, till and measure: a count, points and money) and counts distinct customers in
`report_visit` instead. Nothing is added to a sale's commit: each source table is read from
the id its mark (`report_mark`) has reached, a chunk per short transaction, every time a
report runs — the summaries are exact at that moment.

Ids are not commit order on PostgreSQL: a transaction still open may hold ids below rows
already committed. The catch-up there runs in one REPEATABLE READ snapshot, and ids below
the new mark that had no row in it are kept as gaps (`report_gap`) and looked at again on
every catch-up — a row that commits later is counted then, once — until `GAP_WAIT` has
passed (ids a rollback or a replay's `ON CONFLICT DO NOTHING` used up never fill). On SQLite
one writer at a time commits ids in order and the catch-up holds the write lock, so a gap
there is only a row written with an id of its own choosing; it is handled the same way.

The same catch-up keeps each customer's days for the tiers report (`report_customers`, marks
`customers:<table>`): the customers of the new rows are copied again from their counters.

The till of a row is its order's (`order.till`): a ledger entry without an order (an
adjustment, an action, a milestone, expiry) belongs to no till ('').
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from peewee import Database, SqliteDatabase

from ..domain.report_table import Period
from ..domain.errors import ValidationError
from ..store.database import transaction
from ..store.fields import money_from_db
from ..store.models import db, now
from ..store.running_totals import as_datetime
from . import report_customers

CHUNK = 20_000  # source ids per transaction: a sale waits at most for one chunk
GAP_WAIT = dt.timedelta(minutes=10)  # longer than any transaction stays open (lock_timeout, push batches)
_PG_LOCK = 0x504F535245505254  # the catch-up's own advisory lock on the hub ("POSREPRT")
MAX_GAPS = 200  # gap ranges looked at per catch-up; the oldest first


def _is_sqlite(database: Database) -> bool:
    return isinstance(database, SqliteDatabase)


def _day(database: Database, column: str) -> str:
    return f"substr({column}, 1, 10)" if _is_sqlite(database) else f"CAST({column} AS DATE)"


def _upsert_day(database: Database, rows: list[tuple]) -> None:
    if not rows:
        return
    p = database.param
    database.cursor().executemany(
        f"INSERT INTO report_day (day, till, measure, count, points, amount) VALUES ({p}, {p}, {p}, {p}, {p}, {p}) "
        "ON CONFLICT (measure, day, till) DO UPDATE SET count = report_day.count + excluded.count, "
        "points = report_day.points + excluded.points, amount = report_day.amount + excluded.amount",
        [(r[0], r[1], r[2], int(r[3] or 0), int(r[4] or 0), int(r[5] or 0)) for r in rows])


def _ledger(database: Database, where: str, params: tuple) -> None:
    day = _day(database, 'e."at"')
    _upsert_day(database, database.execute_sql(
        f"SELECT {day}, COALESCE(o.till, ''), 'points:' || e.kind || CASE WHEN e.points > 0 THEN '+' ELSE '-' END, COUNT(*), SUM(e.points), 0 "
        f'FROM ledger_entry e LEFT JOIN "order" o ON o.id = e.order_id WHERE {where.format(id="e.id")} GROUP BY 1, 2, 3', params).fetchall())


def _order(database: Database, where: str, params: tuple) -> None:
    day = _day(database, 'o."at"')
    ids = where.format(id="o.id")
    _upsert_day(database, database.execute_sql(
        f"SELECT {day}, o.till, CASE WHEN o.card_id IS NULL THEN 'order_nocard' ELSE 'order_card' END, COUNT(*), SUM(o.points_earned), SUM(o.total) "
        f'FROM "order" o WHERE {ids} GROUP BY 1, 2, 3', params).fetchall())
    _upsert_day(database, database.execute_sql(
        f"SELECT {day}, o.till, 'reward:' || r.reward_id, COUNT(*), SUM(r.points_cost), SUM(r.money_off) "
        f'FROM order_reward r JOIN "order" o ON o.id = r.order_id WHERE {ids} GROUP BY 1, 2, 3', params).fetchall())
    _upsert_day(database, database.execute_sql(  # a product reward gives its free line away: its value is the money
        f"SELECT {day}, o.till, 'reward:' || l.reward_id, 0, 0, SUM(l.line_total) "
        f'FROM order_line l JOIN "order" o ON o.id = l.order_id WHERE {ids} AND l.reward_id IS NOT NULL GROUP BY 1, 2, 3', params).fetchall())
    p = database.param
    database.cursor().executemany(
        f"INSERT INTO report_till (till, store) VALUES ({p}, {p}) ON CONFLICT (till) DO UPDATE SET store = excluded.store",
        database.execute_sql(f"SELECT DISTINCT o.till, o.store FROM \"order\" o WHERE {ids} AND o.till <> ''", params).fetchall())
    _visits(database, ids, params)


def rebuild_visits(database: Database, customers: str, params: tuple) -> None:
    """The days with an order of the customers the query `customers` lists, made again from
    their orders: a merge (here or pulled from the hub) moved orders from one customer to
    another without a new order for the catch-up to see."""
    database.execute_sql(f"DELETE FROM report_visit WHERE customer_id IN ({customers})", params)
    database.execute_sql(f"DELETE FROM report_customer_day WHERE customer_id IN ({customers})", params)
    _visits(database, f"o.customer_id IN ({customers})", params)


def _visits(database: Database, ids: str, params: tuple) -> None:
    """Each customer's days with an order (per till and over every till) for the orders `ids`."""
    day = _day(database, 'o."at"')
    visits = database.execute_sql(
        f"SELECT o.customer_id, {day}, o.till, MAX(CASE WHEN EXISTS (SELECT 1 FROM order_reward r WHERE r.order_id = o.id) THEN 1 ELSE 0 END) "
        f'FROM "order" o WHERE {ids} AND o.customer_id IS NOT NULL GROUP BY 1, 2, 3', params).fetchall()
    if visits:
        p = database.param
        database.cursor().executemany(
            f"INSERT INTO report_visit (customer_id, day, till, redeemed) VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (customer_id, day, till) "
            "DO UPDATE SET redeemed = CASE WHEN excluded.redeemed > report_visit.redeemed THEN excluded.redeemed ELSE report_visit.redeemed END",
            visits)
        _link_days(database, ids, params)


def _link_days(database: Database, ids: str, params: tuple) -> None:
    """The orders' customers' days over every till, each linked again to its neighbours (an
    offline till's sale can land between two days already there)."""
    day = _day(database, 'o."at"')
    database.execute_sql(
        f"INSERT INTO report_customer_day (customer_id, day, redeemed) "
        f"SELECT o.customer_id, {day}, MAX(CASE WHEN EXISTS (SELECT 1 FROM order_reward r WHERE r.order_id = o.id) THEN 1 ELSE 0 END) "
        f'FROM "order" o WHERE {ids} AND o.customer_id IS NOT NULL GROUP BY 1, 2 '
        "ON CONFLICT (customer_id, day) DO UPDATE SET redeemed = CASE WHEN excluded.redeemed > report_customer_day.redeemed "
        "THEN excluded.redeemed ELSE report_customer_day.redeemed END", params)
    same = "v.customer_id = report_customer_day.customer_id"
    database.execute_sql(
        f"UPDATE report_customer_day SET "
        f"prev_day = (SELECT MAX(v.day) FROM report_customer_day v WHERE {same} AND v.day < report_customer_day.day), "
        f"next_day = (SELECT MIN(v.day) FROM report_customer_day v WHERE {same} AND v.day > report_customer_day.day), "
        f"prev_redeemed = (SELECT MAX(v.day) FROM report_customer_day v WHERE {same} AND v.day < report_customer_day.day AND v.redeemed = 1) "
        f'WHERE customer_id IN (SELECT o.customer_id FROM "order" o WHERE {ids})', params)


def _refund(database: Database, where: str, params: tuple) -> None:
    day = _day(database, 'r."at"')
    _upsert_day(database, database.execute_sql(
        f"SELECT {day}, o.till, 'refund', COUNT(*), SUM(r.points_reversed), SUM(r.amount) "
        f'FROM refund r JOIN "order" o ON o.id = r.order_id WHERE {where.format(id="r.id")} GROUP BY 1, 2, 3', params).fetchall())


def _customer(database: Database, where: str, params: tuple) -> None:
    _upsert_day(database, database.execute_sql(
        f"SELECT {_day(database, 'c.created_at')}, '', 'enrol', COUNT(*), 0, 0 FROM customer c WHERE {where.format(id='c.id')} GROUP BY 1",
        params).fetchall())


@dataclass(frozen=True)
class _Source:
    table: str
    summarise: Callable[[Database, str, tuple], None]  # (database, condition on {id}, its parameters)
    key: str = ""  # its mark and gaps in report_mark / report_gap (default: the table's name)

    @property
    def mark(self) -> str:
        return self.key or self.table


SOURCES = (_Source("ledger_entry", _ledger), _Source("order", _order), _Source("refund", _refund), _Source("customer", _customer),
           *(_Source(table, summarise, key) for table, summarise, key in report_customers.SOURCES))


def _missing(present: list[int], low: int, high: int) -> list[tuple[int, int]]:
    """The ranges of [low, high] not in `present` (sorted ids)."""
    out, expect = [], low
    for i in present:
        if i > expect:
            out.append((expect, i - 1))
        expect = i + 1
    if expect <= high:
        out.append((expect, high))
    return out


def _step(database: Database, source: _Source, chunk: int) -> bool:
    """One chunk of `source` summarised (inside the caller's transaction); True when more waits."""
    p = database.param
    table = f'"{source.table}"'
    lock = "" if _is_sqlite(database) else " FOR UPDATE"
    (last,) = database.execute_sql(f"SELECT last_id FROM report_mark WHERE source = {p}{lock}", (source.mark,)).fetchone()
    _revisit_gaps(database, source)
    (top,) = database.execute_sql(f"SELECT MAX(id) FROM {table}").fetchone()
    if top is None or top <= last:
        return False
    high = min(int(top), int(last) + chunk)
    source.summarise(database, f"{{id}} > {p} AND {{id}} <= {p}", (last, high))
    (found,) = database.execute_sql(f"SELECT COUNT(*) FROM {table} WHERE id > {p} AND id <= {p}", (last, high)).fetchone()
    if found < high - last:  # ids with no row (yet): looked at again next time
        present = [i for (i,) in database.execute_sql(f"SELECT id FROM {table} WHERE id > {p} AND id <= {p} ORDER BY id", (last, high))]
        _add_gaps(database, source.mark, _missing(present, last + 1, high), now())
    database.execute_sql(f"UPDATE report_mark SET last_id = {p} WHERE source = {p}", (high, source.mark))
    return high < top


def _add_gaps(database: Database, source: str, ranges: Iterable[tuple[int, int]], noticed: dt.datetime) -> None:
    p = database.param
    rows = [(source, low, high, noticed) for low, high in ranges]
    if rows:
        database.cursor().executemany(f"INSERT INTO report_gap (source, low, high, noticed_at) VALUES ({p}, {p}, {p}, {p})", rows)


def _revisit_gaps(database: Database, source: _Source) -> None:
    """Rows that appeared in a gap are summarised and leave it; a gap older than GAP_WAIT goes."""
    p = database.param
    gaps = database.execute_sql(f"SELECT id, low, high, noticed_at FROM report_gap WHERE source = {p} ORDER BY id LIMIT {MAX_GAPS}",
                                (source.mark,)).fetchall()
    stale = now() - GAP_WAIT
    for gap_id, low, high, noticed_value in gaps:
        noticed = as_datetime(noticed_value)
        present = [i for (i,) in database.execute_sql(f'SELECT id FROM "{source.table}" WHERE id >= {p} AND id <= {p} ORDER BY id', (low, high))]
        if present:
            source.summarise(database, f"{{id}} >= {p} AND {{id}} <= {p}", (low, high))
        if present or noticed < stale:
            database.execute_sql(f"DELETE FROM report_gap WHERE id = {p}", (gap_id,))
            if noticed >= stale:
                _add_gaps(database, source.mark, _missing(present, low, high), noticed)


def catch_up(chunk: int = CHUNK) -> None:
    """Bring every summary up to date with what is committed now (outside a transaction)."""
    database = db.obj
    for source in SOURCES:
        more = _behind(database, source)
        while more:
            if _is_sqlite(database):
                with transaction():  # the write lock: no other writer, ids below the top are all there
                    more = _step(database, source, chunk)
            else:
                more = _pg_step(database, source, chunk)


def _behind(database: Database, source: _Source) -> bool:
    """Whether `source` has rows past its mark or gaps to look at (read without the write
    lock: a report on a quiet database waits for no sale and makes none wait)."""
    p = database.param
    (last,) = database.execute_sql(f"SELECT last_id FROM report_mark WHERE source = {p}", (source.mark,)).fetchone()
    (top,) = database.execute_sql(f'SELECT MAX(id) FROM "{source.table}"').fetchone()
    if top is not None and top > last:
        return True
    return database.execute_sql(f"SELECT 1 FROM report_gap WHERE source = {p} LIMIT 1", (source.mark,)).fetchone() is not None


def _pg_step(database: Database, source: _Source, chunk: int) -> bool:
    database.execute_sql("SELECT pg_advisory_lock(%s)", (_PG_LOCK,))  # one catch-up at a time, sales never wait for it
    try:
        with database.atomic():
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # every statement sees the same rows
            return _step(database, source, chunk)
    finally:
        database.execute_sql("SELECT pg_advisory_unlock(%s)", (_PG_LOCK,))


# -- reading --------------------------------------------------------------------------------


def tills(period: Period) -> tuple[str, ...] | None:
    """The tills a period's store/till filter keeps (None: no filter). A store is the tills
    attached under its name: those the hub lists (`sync_till`), this till, and every till whose
    orders reached this database (`report_till`: an order carries its till's store)."""
    if period.till is None and period.store is None:
        return None
    database = db.obj
    own = dict(database.execute_sql("SELECT key, value FROM sync_state WHERE key IN ('till', 'store', 'role', 'hub_url')").fetchall())
    # A till attached to a hub pulls every till's orders: a till or store it has seen no order of
    # yet (one the hub lists) has none to show. The hub and a till of its own know every name.
    lenient = "hub_url" in own
    known = dict(database.execute_sql("SELECT till, store FROM report_till").fetchall())  # every till whose orders are here
    known.update(database.execute_sql("SELECT name, store FROM sync_till").fetchall())
    if own.get("till"):
        known[own["till"]] = own.get("store", "")
    if own.get("role") == "hub":
        known.setdefault("hub", "")
    chosen = set(known)
    if period.store is not None:
        chosen = {name for name, store in known.items() if store == period.store}
        if not chosen and not lenient:
            stores = sorted({s for s in known.values() if s})
            raise ValidationError("store", f"no till of a store named {period.store!r} is known here"
                                  + (f"; stores: {', '.join(stores)}" if stores else " (this database is not attached to a hub)"))
    if period.till is not None:
        if period.till not in known and not lenient:
            raise ValidationError("till", f"no till named {period.till!r} is known here"
                                  + (f"; tills: {', '.join(sorted(known))}" if known else " (this database is not attached to a hub)"))
        chosen &= {period.till}
    return tuple(sorted(chosen))


def _till_filter(database: Database, chosen: tuple[str, ...] | None) -> tuple[str, list[str]]:
    if chosen is None:
        return "", []
    if not chosen:
        return " AND 1 = 0", []
    return f" AND till IN ({', '.join([database.param] * len(chosen))})", list(chosen)


@dataclass(frozen=True)
class Sum:
    count: int = 0
    points: int = 0
    amount: Decimal = Decimal(0)


def day_sums(start: dt.date, end: dt.date, prefix: str, chosen: tuple[str, ...] | None) -> dict[tuple[dt.date, str], Sum]:
    """(day, measure) → the sums of the measures starting with `prefix` (no LIKE wildcard in
    it but `_`, which no measure name confuses), days start..end."""
    database = db.obj
    p = database.param
    where, params = _till_filter(database, chosen)
    rows = database.execute_sql(
        f"SELECT day, measure, SUM(count), SUM(points), SUM(amount) FROM report_day WHERE measure LIKE {p} "
        f"AND day >= {p} AND day <= {p}{where} GROUP BY day, measure", [prefix + "%", start, end, *params]).fetchall()
    return {(_as_date(day), measure): Sum(int(c), int(pts), money_from_db(amount)) for day, measure, c, pts, amount in rows}


def all_time_points() -> int:
    """The sum of the whole ledger: every card's balance added up (invariant 1)."""
    database = db.obj
    p = database.param
    (total,) = database.execute_sql(f"SELECT COALESCE(SUM(points), 0) FROM report_day WHERE measure LIKE {p}", ("points:%",)).fetchone()
    return int(total)


def customers(start: dt.date, end: dt.date, chosen: tuple[str, ...] | None, redeemed: bool = False) -> int:
    """Distinct customers with an order (that took a reward, when `redeemed`) in start..end:
    over every till, the days in the range whose customer had no such day earlier in it."""
    database = db.obj
    p = database.param
    if chosen is None:
        if redeemed:
            sql = (f"SELECT COUNT(*) FROM report_customer_day WHERE redeemed = 1 AND day >= {p} AND day <= {p} "
                   f"AND (prev_redeemed IS NULL OR prev_redeemed < {p})")
        else:
            sql = f"SELECT COUNT(*) FROM report_customer_day WHERE day >= {p} AND day <= {p} AND (prev_day IS NULL OR prev_day < {p})"
        (n,) = database.execute_sql(sql, (start, end, start)).fetchone()
        return int(n)
    where, params = _till_filter(database, chosen)
    took = " AND redeemed = 1" if redeemed else ""
    (n,) = database.execute_sql(f"SELECT COUNT(DISTINCT customer_id) FROM report_visit WHERE day >= {p} AND day <= {p}{where}{took}",
                                [start, end, *params]).fetchone()
    return int(n)


def lapsed(end: dt.date, days: int, chosen: tuple[str, ...] | None) -> int:
    """Customers who had ordered by `end` but not in the `days` days up to it: over every till,
    their last day with an order up to `end` is on or before `end - days`."""
    database = db.obj
    p = database.param
    cutoff = end - dt.timedelta(days=days)
    if chosen is None:
        (n,) = database.execute_sql(f"SELECT COUNT(*) FROM report_customer_day WHERE day <= {p} AND (next_day IS NULL OR next_day > {p})",
                                    (cutoff, end)).fetchone()
        return int(n)
    where, params = _till_filter(database, chosen)
    (n,) = database.execute_sql(
        f"SELECT COUNT(*) FROM (SELECT customer_id FROM report_visit WHERE day <= {p}{where} GROUP BY customer_id HAVING MAX(day) <= {p}) x",
        [end, *params, cutoff]).fetchone()
    return int(n)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
