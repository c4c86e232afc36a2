"""The running totals the sale path reads instead of the history: each card's open lots and
each customer's order counters. They are kept up to date by the services in the same
transaction as every ledger entry, order and refund; this module computes them afresh from
the ledger and the orders — to fill them once (migration 0006, the benchmark database) and
to check that what is stored equals a replay (the property tests).

Plain SQL with explicit columns, so it runs the same on SQLite and PostgreSQL and does not
depend on how the models look later.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Iterator, Mapping

from peewee import Database

from ..domain.ledger import Lot, apply
from .database import copies, copy_rows, lock_customer
from .models import NEVER

_CARD_CHUNK = 20_000
_CHUNK = 500  # ids per IN (…) list when refreshing some cards or customers
_INSERT_BATCH = 10_000

LotTotals = dict[int, dict[dt.datetime, int]]  # card id → expiry (NEVER: none) → points
DayKey = tuple[int, dt.date]
RuleDayKey = tuple[int, dt.date, str]
GONE = ("cancelled", "refunded")  # an order in one of these states no longer counts in the customer's history


def as_datetime(value: Any) -> dt.datetime | None:
    """A datetime as the driver returns it (SQLite: text; PostgreSQL: datetime)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _card_chunks(database: Database) -> Iterator[tuple[int, int]]:
    top = database.execute_sql("SELECT MAX(card_id) FROM ledger_entry").fetchone()[0] or 0
    for start in range(0, top + 1, _CARD_CHUNK):
        yield start, start + _CARD_CHUNK - 1


def replay_lots(database: Database) -> Iterator[tuple[int, list[Lot]]]:
    """Every card's open lots, replaying its ledger in the order written (card by card)."""
    p = database.param
    for low, high in _card_chunks(database):
        rows = database.execute_sql(
            f"SELECT card_id, id, points, expires_at FROM ledger_entry WHERE card_id >= {p} AND card_id <= {p} ORDER BY card_id, id", (low, high)).fetchall()
        card, lots, debt = None, [], 0
        for card_id, entry_id, points, expires_at in rows:
            if card_id != card:
                if card is not None and lots:
                    yield card, lots
                card, lots, debt = card_id, [], 0
            debt = apply(lots, debt, points, as_datetime(expires_at), entry_id)
        if card is not None and lots:
            yield card, lots


def lot_totals(lots: Iterable[tuple[int, dt.datetime | None, int]]) -> LotTotals:
    totals: LotTotals = {}
    for card_id, expires_at, points in lots:
        if points:
            per = totals.setdefault(card_id, {})
            key = expires_at or NEVER
            per[key] = per.get(key, 0) + points
    return totals


def replayed_lot_totals(database: Database) -> LotTotals:
    return lot_totals((card, lot.expires_at, lot.points) for card, lots in replay_lots(database) for lot in lots)


def stored_lot_totals(database: Database) -> LotTotals:
    rows = database.execute_sql("SELECT card_id, expires_at, points FROM card_lot").fetchall()
    return lot_totals((card, as_datetime(expires), points) for card, expires, points in rows)


def _only(column: str, ids: list[int] | None) -> str:
    """An extra condition limiting a replay to some customers (ids are whole numbers: inlined)."""
    return "" if ids is None else f" AND {column} IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})"


def replay_counters(database: Database, customers: list[int] | None = None) -> tuple[dict[DayKey, list[int]], dict[RuleDayKey, int]]:
    """From the orders and refunds: per customer and day on which they ordered, [orders neither
    cancelled nor fully refunded, amount spent net of refunds (raw money units)] up to and
    including that day; per customer, day and rule, such orders on which the rule gave points."""
    days: dict[DayKey, list[int]] = {}
    rule_days: dict[RuleDayKey, int] = {}
    rows = database.execute_sql(
        'SELECT o.customer_id, o."at", o.status, o.total, (SELECT COALESCE(SUM(r.amount), 0) FROM refund r WHERE r.order_id = o.id) '
        'FROM "order" o WHERE o.customer_id IS NOT NULL' + _only("o.customer_id", customers))
    for customer, at, status, total, refunded in rows:
        entry = days.setdefault((customer, as_date(at)), [0, 0])
        entry[0] += 0 if status in GONE else 1
        entry[1] += int(total) - int(refunded)
    running: dict[int, list[int]] = {}
    for key in sorted(days):
        sums = running.setdefault(key[0], [0, 0])
        sums[0] += days[key][0]
        sums[1] += days[key][1]
        days[key] = list(sums)
    rows = database.execute_sql(
        'SELECT o.customer_id, o."at", e.rule_id FROM order_earning e JOIN "order" o ON o.id = e.order_id '
        "WHERE o.customer_id IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded') AND e.points > 0" + _only("o.customer_id", customers))
    for customer, at, rule_id in rows:
        key = (customer, as_date(at), rule_id)
        rule_days[key] = rule_days.get(key, 0) + 1
    _add_points_earned(database, days, customers)
    return days, rule_days


def _add_points_earned(database: Database, days: dict[DayKey, list[int]], customers: list[int] | None = None) -> None:
    """Append to each day's sums the points earned to date and the reviews to date. Points
    earned: order earnings net of their reversals (ledger 'earn' and 'reverse' entries) on the
    order's day, and points for actions ('action' entries) on the action's day — never milestone
    bonuses, adjustments, transfers or expiry. Reviews: the review actions recorded, on their
    day. A day with points or a review but no order gets a row carrying the orders and spend
    before it, as `counters` writes it."""
    per_day: dict[DayKey, list[int]] = {}
    for sql in ('SELECT o.customer_id, o."at", l.points FROM ledger_entry l JOIN "order" o ON o.id = l.order_id '
                "WHERE l.kind IN ('earn', 'reverse') AND o.customer_id IS NOT NULL" + _only("o.customer_id", customers),
                'SELECT c.customer_id, l."at", l.points FROM ledger_entry l JOIN card c ON c.id = l.card_id '
                "WHERE l.kind = 'action' AND c.customer_id IS NOT NULL" + _only("c.customer_id", customers)):
        for customer, at, points in database.execute_sql(sql):
            per_day.setdefault((customer, as_date(at)), [0, 0])[0] += int(points)
    if "activity" in database.get_tables():  # from migration 0008 on
        for customer, at in database.execute_sql("SELECT customer_id, \"at\" FROM activity WHERE kind = 'review'" + _only("customer_id", customers)):
            per_day.setdefault((customer, as_date(at)), [0, 0])[1] += 1
    carried: dict[int, list[int]] = {}
    running: dict[int, list[int]] = {}
    for key in sorted(set(days) | set(per_day)):
        if key in days:
            carried[key[0]] = days[key][:2]
        else:
            days[key] = list(carried.get(key[0], [0, 0]))
        sums = running.setdefault(key[0], [0, 0])
        points, reviews = per_day.get(key, (0, 0))
        sums[0] += points
        sums[1] += reviews
        days[key] += sums


def stored_counters(database: Database) -> tuple[dict[DayKey, list[int]], dict[RuleDayKey, int]]:
    """What the tables hold, in `replay_counters`' shape."""
    days = {(c, as_date(d)): [o, int(s), p, r] for c, d, o, s, p, r in
            database.execute_sql("SELECT customer_id, day, orders_to_date, spent_to_date, points_to_date, reviews_to_date FROM customer_day")}
    rule_days = {(c, as_date(d), r): o for c, d, r, o in database.execute_sql("SELECT customer_id, day, rule_id, orders FROM customer_rule_day")}
    return days, rule_days


def without_zeros(counters: tuple[dict, dict]) -> tuple[dict, dict]:
    """Rule rows whose orders were all cancelled are kept at 0; a replay has no such rows."""
    days, rule_days = counters
    return days, {k: v for k, v in rule_days.items() if v}


def _insert(database: Database, sql: str, rows: Iterable[tuple]) -> None:
    batch: list[tuple] = []
    cursor = database.cursor()
    for row in rows:
        batch.append(row)
        if len(batch) >= _INSERT_BATCH:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def rebuild(database: Database) -> None:
    """Fill the running-total tables from the ledger and the orders (call in a transaction)."""
    p = database.param
    for table in ("card_lot", "customer_day", "customer_rule_day"):
        database.execute_sql(f"DELETE FROM {table}")
    _insert(database, f"INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES ({p}, {p}, {p}, {p})",
            ((card, lot.expires_at or NEVER, lot.points, lot.entry_id) for card, lots in replay_lots(database) for lot in lots))
    days, rule_days = replay_counters(database)
    if any(column.name == "points_to_date" for column in database.get_columns("customer_day")):
        _insert(database, f"INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date, points_to_date, reviews_to_date) "
                          f"VALUES ({p}, {p}, {p}, {p}, {p}, {p})", ((c, d, *sums) for (c, d), sums in days.items()))
    else:  # migration 0006, before 0008 added the column (0008 fills it)
        _insert(database, f"INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date) VALUES ({p}, {p}, {p}, {p})",
                ((c, d, o, s) for (c, d), (o, s, *_later) in days.items()))
    _insert(database, f"INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES ({p}, {p}, {p}, {p})",
            ((c, d, r, o) for (c, d, r), o in rule_days.items()))


# -- products per customer (migration 0011) ------------------------------------------------

ProductKey = tuple[int, str]  # customer id, sku

# Per order and sku: units bought (free lines a product reward added are not bought) less the
# units refunded, for orders neither refunded in full nor cancelled.
_NET_UNITS_SQL = (
    'SELECT o.customer_id AS customer_id, l.sku AS sku, SUM(l.quantity - COALESCE(rq.quantity, 0)) AS net '
    'FROM "order" o JOIN order_line l ON l.order_id = o.id '
    "LEFT JOIN (SELECT r.order_id AS order_id, rl.position AS position, SUM(rl.quantity) AS quantity "
    "FROM refund_line rl JOIN refund r ON r.id = rl.refund_id GROUP BY r.order_id, rl.position) rq "
    "ON rq.order_id = o.id AND rq.position = l.position "
    "WHERE o.customer_id IS NOT NULL AND o.status NOT IN ('refunded', 'cancelled') AND l.reward_id IS NULL {only} "
    "GROUP BY o.customer_id, o.id, l.sku"
)
_NET_UNITS = _NET_UNITS_SQL.format(only="")


def fill_products(database: Database) -> None:
    """Fill `customer_product` from the orders in one set-based statement (migration 0011):
    per customer and sku, the orders with some of it left after refunds and the units left."""
    database.execute_sql("DELETE FROM customer_product")
    database.execute_sql(
        "INSERT INTO customer_product (customer_id, sku, orders, units) "
        f"SELECT customer_id, sku, COUNT(*), SUM(net) FROM ({_NET_UNITS}) per_order WHERE net > 0 GROUP BY customer_id, sku")


def replay_products(database: Database) -> dict[ProductKey, tuple[int, int]]:
    """The same from the order lines and refund lines, computed in Python (to check the
    running totals the services keep): (customer, sku) → (orders, units)."""
    refunded: dict[tuple[int, int], int] = {}
    for order_id, position, quantity in database.execute_sql(
            "SELECT r.order_id, rl.position, rl.quantity FROM refund_line rl JOIN refund r ON r.id = rl.refund_id"):
        refunded[(order_id, position)] = refunded.get((order_id, position), 0) + quantity
    net: dict[tuple[int, int, str], int] = {}
    for customer, order_id, status, position, sku, quantity, reward_id in database.execute_sql(
            'SELECT o.customer_id, o.id, o.status, l.position, l.sku, l.quantity, l.reward_id FROM "order" o '
            "JOIN order_line l ON l.order_id = o.id WHERE o.customer_id IS NOT NULL"):
        if status in ("refunded", "cancelled") or reward_id is not None:
            continue
        key = (customer, order_id, sku)
        net[key] = net.get(key, 0) + quantity - refunded.get((order_id, position), 0)
    totals: dict[ProductKey, tuple[int, int]] = {}
    for (customer, _order, sku), units in net.items():
        if units > 0:
            orders, total = totals.get((customer, sku), (0, 0))
            totals[(customer, sku)] = (orders + 1, total + units)
    return totals


def stored_products(database: Database) -> dict[ProductKey, tuple[int, int]]:
    """What `customer_product` holds, in `replay_products`' shape (rows at zero left out)."""
    return {(c, s): (o, u) for c, s, o, u in database.execute_sql("SELECT customer_id, sku, orders, units FROM customer_product") if o or u}


# -- the firings that stand, per customer (migration 0025) -------------------------------------

StandingKey = tuple[int, str]  # customer id, trigger id

# A firing stands while it is neither blocked nor taken back (`services.triggers`).
_STANDS = "status <> 'blocked' AND revoked_at IS NULL"


def standing_text(steps: Mapping[str, int]) -> str:
    """What `customer_firing.steps` holds: JSON of trigger id → the highest step that stands, in
    the order of the ids."""
    return json.dumps(dict(sorted(steps.items())), separators=(",", ":"))


def standing_of(text: str | None) -> dict[str, int]:
    """`customer_firing.steps` read back (no row: nothing stands)."""
    return json.loads(text) if text else {}


def read_standing(database: Database, customer_id: int) -> dict[str, int]:
    """The customer's firings that stand, by trigger. On the hub the customer's row is locked
    first: two sales of one customer's two cards firing at once write one after the other."""
    lock_customer(customer_id, database)
    p = database.param
    row = database.execute_sql(f"SELECT steps FROM customer_firing WHERE customer_id = {p}", (customer_id,)).fetchone()
    return standing_of(row[0] if row else None)


def write_standing(database: Database, customer_id: int, steps: Mapping[str, int]) -> None:
    """Store the customer's firings that stand (as `read_standing` gave them, changed)."""
    p = database.param
    if steps:
        database.execute_sql(f"INSERT INTO customer_firing (customer_id, steps) VALUES ({p}, {p}) "
                             "ON CONFLICT (customer_id) DO UPDATE SET steps = excluded.steps", (customer_id, standing_text(steps)))
    else:
        database.execute_sql(f"DELETE FROM customer_firing WHERE customer_id = {p}", (customer_id,))


def _standing_by_customer(database: Database, only: str = "") -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for customer_id, trigger_id, step in database.execute_sql(
            f"SELECT customer_id, trigger_id, MAX(step) FROM trigger_log WHERE {_STANDS}{only} GROUP BY customer_id, trigger_id"):
        out.setdefault(int(customer_id), {})[trigger_id] = int(step)
    return out


def fill_standing(database: Database, customers: list[int] | None = None) -> None:
    """Fill `customer_firing` from the trigger log (all customers, or these): per customer, the
    highest step of each trigger that stands."""
    only = _only("customer_id", customers)
    database.execute_sql(f"DELETE FROM customer_firing WHERE 1 = 1{only}")
    p = database.param
    _insert(database, f"INSERT INTO customer_firing (customer_id, steps) VALUES ({p}, {p})",
            ((customer_id, standing_text(steps)) for customer_id, steps in _standing_by_customer(database, only).items()))


def refresh_standing(database: Database, pairs: Iterable[StandingKey]) -> None:
    """The standing step of these (customer, trigger) pairs afresh from the log, after their log
    rows changed other than by a firing (a revocation, rows from another database): per pair one
    walk down the log's (customer, trigger, step) index from the top, whatever the history."""
    p = database.param
    by_customer: dict[int, set[str]] = {}
    for customer_id, trigger_id in pairs:
        by_customer.setdefault(int(customer_id), set()).add(trigger_id)
    for customer_id, trigger_ids in sorted(by_customer.items()):
        steps = read_standing(database, customer_id)
        for trigger_id in sorted(trigger_ids):
            row = database.execute_sql(f"SELECT step FROM trigger_log WHERE customer_id = {p} AND trigger_id = {p} AND {_STANDS} "
                                       "ORDER BY step DESC LIMIT 1", (customer_id, trigger_id)).fetchone()
            if row is None:
                steps.pop(trigger_id, None)
            else:
                steps[trigger_id] = int(row[0])
        write_standing(database, customer_id, steps)


def replay_standing(database: Database) -> dict[StandingKey, int]:
    """The same from every row of the trigger log, in Python (to check what the services keep):
    (customer, trigger) → the highest step that stands."""
    out: dict[StandingKey, int] = {}
    for customer_id, trigger_id, step, status, revoked_at in database.execute_sql(
            "SELECT customer_id, trigger_id, step, status, revoked_at FROM trigger_log"):
        if status != "blocked" and revoked_at is None:
            out[(customer_id, trigger_id)] = max(step, out.get((customer_id, trigger_id), step))
    return out


def stored_standing(database: Database) -> dict[StandingKey, int]:
    """What `customer_firing` holds, in `replay_standing`'s shape."""
    return {(customer_id, trigger_id): step for customer_id, text in database.execute_sql("SELECT customer_id, steps FROM customer_firing")
            for trigger_id, step in standing_of(text).items()}


def forget_due(database: Database, customers: Iterable[int]) -> None:
    """Forget these customers' next milestone steps due (`customer_milestone`, migration 0026):
    a total of theirs may have gone down or an award gone back (a refund, rows from another
    database). Their next sale reads the milestones in full and writes the row again."""
    ids = sorted({int(c) for c in customers})
    for start in range(0, len(ids), _CHUNK):
        database.execute_sql(f"DELETE FROM customer_milestone WHERE 1 = 1{_only('customer_id', ids[start:start + _CHUNK])}")


# -- some cards and customers afresh (rows that arrived from another database) -------------


def refresh(database: Database, cards: Iterable[int], customers: Iterable[int]) -> None:
    """Bring the running totals of these cards (balance, open lots) and customers (counters,
    products, standing firings, search words) in line with their rows, after sync wrote rows the services did not
    write here: replayed as `rebuild` does, for them only. Inside the caller's transaction."""
    from ..domain import names

    p = database.param
    card_ids, customer_ids = sorted({int(c) for c in cards}), sorted({int(c) for c in customers})
    for start in range(0, len(card_ids), _CHUNK):
        chunk = card_ids[start:start + _CHUNK]
        only = _only("card_id", chunk)
        database.execute_sql(f"UPDATE card SET balance = COALESCE((SELECT SUM(l.points) FROM ledger_entry l WHERE l.card_id = card.id), 0) WHERE 1 = 1{_only('id', chunk)}")
        database.execute_sql(f"DELETE FROM card_lot WHERE 1 = 1{only}")
        rows = database.execute_sql(f"SELECT card_id, id, points, expires_at FROM ledger_entry WHERE 1 = 1{only} ORDER BY card_id, id").fetchall()
        lots_of: dict[int, tuple[list[Lot], int]] = {}
        for card_id, entry_id, points, expires_at in rows:
            lots, debt = lots_of.get(card_id, ([], 0))
            lots_of[card_id] = (lots, apply(lots, debt, points, as_datetime(expires_at), entry_id))
        _insert(database, f"INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES ({p}, {p}, {p}, {p})",
                ((card, lot.expires_at or NEVER, lot.points, lot.entry_id) for card, (lots, _debt) in lots_of.items() for lot in lots))
    for start in range(0, len(customer_ids), _CHUNK):
        chunk = customer_ids[start:start + _CHUNK]
        only = _only("customer_id", chunk)
        # A BOGO group row is filled again when a sale needs it, the next steps due worked out again by the next sale.
        for table in ("customer_day", "customer_rule_day", "customer_product", "customer_product_group", "customer_milestone", "customer_word"):
            database.execute_sql(f"DELETE FROM {table} WHERE 1 = 1{only}")
        fill_standing(database, chunk)
        days, rule_days = replay_counters(database, chunk)
        _insert(database, f"INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date, points_to_date, reviews_to_date) "
                          f"VALUES ({p}, {p}, {p}, {p}, {p}, {p})", ((c, d, *sums) for (c, d), sums in days.items()))
        _insert(database, f"INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES ({p}, {p}, {p}, {p})",
                ((c, d, r, o) for (c, d, r), o in rule_days.items()))
        net = _NET_UNITS_SQL.format(only=_only("o.customer_id", chunk))
        database.execute_sql("INSERT INTO customer_product (customer_id, sku, orders, units) "
                             f"SELECT customer_id, sku, COUNT(*), SUM(net) FROM ({net}) per_order WHERE net > 0 GROUP BY customer_id, sku")
        rows = database.execute_sql(f"SELECT id, name FROM customer WHERE 1 = 1{_only('id', chunk)}").fetchall()
        _insert(database, f"INSERT INTO customer_word (customer_id, word, words) VALUES ({p}, {p}, {p})",
                ((cid, word, names.words_key(name)) for cid, name in rows for word in names.words(name)))
    # The tiers report's copy of these counters (migration 0020) is taken again at its next catch-up.
    _insert(database, f"INSERT INTO report_customer_stale (customer_id) VALUES ({p})", ((c,) for c in customer_ids))


def add_entries(database: Database, entries: Iterable[tuple[int, int, int, Any]]) -> None:
    """Bring cards' balances and open lots up to date with new ledger entries (card id, entry
    id, points, expires_at), each written after every entry the stored lots already count: the
    stored lots are taken as they are and the new entries applied on top, in the order written,
    as a replay would — only the lots that changed are written, whatever the card's history, and
    all the cards of a batch in a few statements."""
    p = database.param
    per_card: dict[int, list[tuple[int, int, Any]]] = {}
    for card_id, entry_id, points, expires_at in entries:
        per_card.setdefault(int(card_id), []).append((int(entry_id), int(points), expires_at))
    card_ids = sorted(per_card)
    # A card that only gains points keeps its stored lots as they are (a gain pays a debt, then
    # opens a lot: `ledger.plan_entry`): its lots' sum is all it needs, not every open lot — a
    # push of a day's sales reads a figure per card, however many lots its history left open.
    gaining = [c for c in card_ids if all(points > 0 for _e, points, _x in per_card[c])]
    spending = sorted(set(card_ids) - set(gaining))
    balances: dict[int, int] = {}
    held: dict[int, int] = {}  # card → its stored lots' points (the gaining cards)
    stored: dict[int, list[tuple[int, Any, int, Any]]] = {}
    for start in range(0, len(card_ids), _CHUNK):
        chunk = card_ids[start:start + _CHUNK]
        balances.update((int(c), int(b)) for c, b in database.execute_sql(f"SELECT id, balance FROM card WHERE 1 = 1{_only('id', chunk)}"))
    for start in range(0, len(gaining), _CHUNK):
        held.update((int(c), int(total)) for c, total in database.execute_sql(
            f"SELECT card_id, SUM(points) FROM card_lot WHERE 1 = 1{_only('card_id', gaining[start:start + _CHUNK])} GROUP BY card_id"))
    for start in range(0, len(spending), _CHUNK):
        for row_id, card_id, expires_at, points, entry_id in database.execute_sql(
                f"SELECT id, card_id, expires_at, points, entry_id FROM card_lot WHERE 1 = 1{_only('card_id', spending[start:start + _CHUNK])} "
                "ORDER BY card_id, expires_at, id"):
            stored.setdefault(int(card_id), []).append((int(row_id), expires_at, int(points), entry_id))
    gone: list[int] = []
    changed: list[tuple[int, int]] = []
    opened: list[tuple[int, Any, int, Any]] = []
    for card_id in card_ids:
        lots: list[Lot] = []
        row_of: dict[int, tuple[int, int]] = {}  # id() of a stored lot → (its row, its points as stored)
        for row_id, expires_at, points, entry_id in stored.get(card_id, []):
            when = as_datetime(expires_at)
            lot = Lot(points, None if when == NEVER else when, entry_id)
            lots.append(lot)
            row_of[id(lot)] = (row_id, points)
        originals = list(lots)  # held, so a used-up lot's id() is never taken by a new one (row_of is keyed by id())
        debt = held.get(card_id, 0) + sum(lot.points for lot in lots) - balances[card_id]
        for entry_id, points, expires_at in sorted(per_card[card_id]):
            debt = apply(lots, debt, points, as_datetime(expires_at), entry_id)
        kept = {id(lot) for lot in lots}
        gone += [row for key, (row, _points) in row_of.items() if key not in kept]
        changed += [(lot.points, row_of[id(lot)][0]) for lot in lots if id(lot) in row_of and lot.points != row_of[id(lot)][1]]
        opened += [(card_id, lot.expires_at or NEVER, lot.points, lot.entry_id) for lot in lots if id(lot) not in row_of]
        del originals
    for start in range(0, len(gone), _CHUNK):
        database.execute_sql(f"DELETE FROM card_lot WHERE 1 = 1{_only('id', gone[start:start + _CHUNK])}")
    if changed:
        database.cursor().executemany(f"UPDATE card_lot SET points = {p} WHERE id = {p}", changed)
    moved = [sum(points for _e, points, _x in per_card[c]) for c in card_ids]
    if copies(database, len(opened)):  # the hub, a push of a day's sales: a statement per lot cost a tenth of it
        copy_rows(database, "card_lot", "card_id, expires_at, points, entry_id", opened)
        database.execute_sql("UPDATE card SET balance = card.balance + v.points FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, points) "
                             "WHERE card.id = v.id", (card_ids, moved))
        return
    _insert(database, f"INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES ({p}, {p}, {p}, {p})", opened)
    if card_ids:
        database.cursor().executemany(f"UPDATE card SET balance = balance + {p} WHERE id = {p}", list(zip(moved, card_ids)))
