"""Benchmark: flat in a card's history — the scan, the quote, the commit and the card screen
cost the same for a card with 10, 1,000 or 100,000 ledger rows (its customer with as many
orders), each measured beside its floor in the same run:

  lookup   `cards.lookup(number, rules)`  vs  one indexed JOIN (card + customer) with the
           stdlib `sqlite3` driver on the same file
  quote    `checkout.quote` of a 30-line order under the 50-rule programme  vs  the engine
           alone (`Engine.quote` on a ready `CardState`: the pricing itself, no database)
  commit   `checkout.commit` of such an order, durable  vs  the same rows written with SQL
           prepared once in one stdlib transaction, WAL + synchronous=FULL, on the same file:
           the order, its 30 lines, an earning per rule, the reward (every fifth sale pays
           with points), the customer's day (opened if new, its sums moved), a rule-day upsert
           per rule that gave points, a product upsert per distinct sku, the watched product
           groups it contains, the earn (and spend) ledger entries, the new lot (and the spend
           taken from the first one), the card's balance, the change-log row (`commit_floor`)
  scan     the checkout screen's Enter on a scanned number until the balance is painted whole
           (at its new width, not cut off in the old one's place)  vs  one stdlib lookup, the
           same balance label of the same window set and painted
  screen   the card screen (`ui.card_detail.CardDetail.show_card`, offscreen Qt) until painted
           vs  the first history page read with the stdlib driver into a bare table, painted

The busy cards are added to the (working copy of the) benchmark database by
`add_busy_card`: rows written directly, with their running totals, as the build does.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import random
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Callable

from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.ledger import Lot, apply

from . import workload

SIZES = (10, 1_000, 100_000)
SCREEN_TARGET_MS = 50.0
LOOKUP_RATIO, COMMIT_RATIO, SCAN_RATIO = 8.0, 2.0, 3.0  # issue 10: p50 ≤ 8×, 2×, 3× their floors
NEVER = "9999-12-31 23:59:59"


@dataclass
class Sample:
    p50_ms: float
    p99_ms: float
    n: int


def measure_pair(product: Callable[[int], object], floor: Callable[[int], object] | None, count: int,
                 warmup: int = 20, between: Callable[[int], object] | None = None) -> tuple[Sample, Sample | None]:
    """Time `product(i)` and `floor(i)` alternately (so both see the same machine: other
    processes, the page cache), after untimed warm-up calls with negative `i`. `between(i)`,
    untimed, runs after each `product(i)`: what the floor must know of it (`ProductRows`)."""
    for i in range(warmup):
        product(-1 - i)
        if between is not None:
            between(-1 - i)
        if floor is not None:
            floor(-1 - i)
    gc.collect()
    times: tuple[list[int], list[int]] = ([], [])
    clock = time.perf_counter_ns
    for i in range(count):
        for call, samples in ((product, times[0]), (floor, times[1])):
            if call is None:
                continue
            start = clock()
            call(i)
            samples.append(clock() - start)
            if call is product and between is not None:
                between(i)

    def sample(values: list[int]) -> Sample:
        values.sort()
        pick = lambda q: values[max(0, min(len(values) - 1, math.ceil(q * len(values)) - 1))] / 1e6  # noqa: E731
        return Sample(pick(0.50), pick(0.99), len(values))

    return sample(times[0]), (sample(times[1]) if floor is not None else None)


def add_busy_card(conn: sqlite3.Connection, rng: random.Random, orders: int, rules_checksum: str) -> str:
    """A new customer and active card with `orders` orders over the past two years (one line,
    one earning each; every tenth order also spends points), their ledger, open lots and
    counters. Returns the card number."""
    now = dt.datetime.now().replace(microsecond=0)
    start = now - dt.timedelta(days=730)
    step = (now - dt.timedelta(hours=2) - start) / max(1, orders)
    while True:
        number = card_numbers.random_number("", 12)
        if conn.execute("SELECT 1 FROM card WHERE number = ?", (number,)).fetchone() is None:
            break
    tag = secrets.token_hex(4)
    conn.execute("BEGIN")
    customer = conn.execute("INSERT INTO customer (name, name_key, phone, email, marketing_opt_in, created_at) VALUES (?, ?, NULL, ?, 0, ?)",
                            (f"Busy {orders}", f"busy {orders}", f"busy-{orders}-{tag}@example.com", start)).lastrowid
    card = conn.execute("INSERT INTO card (number, status, customer_id, batch_id, balance, created_at, assigned_at) VALUES (?, 'active', ?, NULL, 0, ?, ?)",
                        (number, customer, start, start)).lastrowid
    (next_order,) = conn.execute('SELECT COALESCE(MAX(id), 0) + 1 FROM "order"').fetchone()
    (next_entry,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_entry").fetchone()
    order_rows, line_rows, earning_rows, entry_rows = [], [], [], []
    lots: list[Lot] = []
    debt = balance = 0
    days: dict[dt.date, list[int]] = {}
    catalogue = workload.catalogue()
    for i in range(orders):
        at = start + step * i
        total = (10 + i % 40) * 10_000
        points = total // 10_000
        oid = next_order + i
        order_rows.append((oid, f"BUSY-{tag}-{i}", card, customer, at, "committed", workload.CURRENCY, total, 0, 0, 0, 0, 0, total,
                           points, 0, 1, None, f"{oid:064x}", rules_checksum))
        item = catalogue[i % len(catalogue)]
        line_rows.append((oid, 0, item["sku"], item["name"], item["collection"], 1, total, total, None))
        earning_rows.append((oid, "spend", points, "per_amount", "1", total, 0, "0", f"busy {points}"))
        expires = at + dt.timedelta(days=3 * 365)
        entry_rows.append((next_entry + len(entry_rows), card, points, "earn", at, expires, oid, None, f"order:BUSY-{tag}-{i}:earn", "", "bench"))
        debt = apply(lots, debt, points, expires, entry_rows[-1][0])
        balance += points
        if i % 10 == 9 and balance >= 100:
            entry_rows.append((next_entry + len(entry_rows), card, -100, "spend", at, None, None, None, f"busy:{tag}:{i}:spend", "", "bench"))
            debt = apply(lots, debt, -100, None)
            balance -= 100
        day = days.setdefault(at.date(), [0, 0])
        day[0] += 1
        day[1] += total
    conn.executemany('INSERT INTO "order" VALUES (' + ", ".join("?" * 20) + ", '', '')", order_rows)  # till, store: '' (a till of its own)
    conn.executemany("INSERT INTO order_line (order_id, position, sku, name, collection, quantity, unit_price, line_total, reward_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", line_rows)
    conn.executemany("INSERT INTO order_earning (order_id, rule_id, points, mode, effective_points, order_amount, minimum_order, eligible_lines, "
                     "explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", earning_rows)
    conn.executemany("INSERT INTO ledger_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entry_rows)
    conn.executemany("INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES (?, ?, ?, ?)",
                     [(card, lot.expires_at or NEVER, lot.points, lot.entry_id) for lot in lots])
    to_date, running = [], [0, 0]
    for day, (o, s) in sorted(days.items()):
        running = [running[0] + o, running[1] + s]
        to_date.append((customer, day, *running))
    conn.executemany("INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date) VALUES (?, ?, ?, ?)", to_date)
    conn.executemany("INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES (?, ?, 'spend', ?)",
                     [(customer, day, o) for day, (o, _s) in days.items()])
    conn.execute("UPDATE card SET balance = ? WHERE id = ?", (balance, card))
    conn.execute("COMMIT")
    return number


# -- floors -----------------------------------------------------------------------------------


def lookup_floor(conn: sqlite3.Connection, number: str) -> Callable[[int], object]:
    sql = ("SELECT c.id, c.number, c.status, c.balance, c.customer_id, u.name, u.phone, u.email "
           "FROM card c LEFT JOIN customer u ON u.id = c.customer_id WHERE c.number = ?")
    return lambda _i: conn.execute(sql, (number,)).fetchone()


_MONEY_SCALE = 10_000  # store.fields.MoneyField: money as whole 1/10,000 units


@dataclass(frozen=True)
class FloorSale:
    """What one sale writes, worked out before the clock starts (the floor only writes it),
    money in raw units: per line (sku, name, collection, quantity, unit price, line total); per
    earning rule its row's values; the rules that gave points; per distinct sku (sku, units);
    the keys of the watched product groups it contains; its total and points earned; whether
    it pays with points; the order row's fingerprint, rules checksum, till and store."""

    lines: tuple[tuple[str, str, str | None, int, int, int], ...]
    earnings: tuple[tuple[str, int, str, str, int, int, str, str], ...]
    earning_rules: tuple[str, ...]
    products: tuple[tuple[str, int], ...]
    groups: tuple[str, ...]
    total: int
    earned: int
    spends: bool
    stamp: tuple[str, str, str, str]


def floor_sales(requests: list, number: str, rules, checksum: str) -> list[FloorSale]:  # type: ignore[no-untyped-def]
    """The floor's sales for the product's `requests` on card `number`: the same lines, products
    and groups, and the earnings of each one's quote (priced as if the card had the points its
    reward asks for: it will have them by then, the sales before it earn them)."""
    import dataclasses

    from pos_loyalty.domain.engine import Engine
    from pos_loyalty.services import cards, checkout, sync, triggers

    engine = Engine(rules)
    state = cards.card_state(cards.get_card(number), rules)
    state = dataclasses.replace(state, balance=max(state.balance, 1_000_000))

    groups = sorted({tuple(sorted(set(t.products))) for t in rules.triggers if t.criterion.kind == "bogo" and len(set(t.products)) > 1})
    sales = []
    for request in requests:
        lines = tuple((l.sku, l.name, l.collection, l.quantity, int(l.unit_price * _MONEY_SCALE), int(l.unit_price * l.quantity * _MONEY_SCALE))
                      for l in request.order.lines)
        units: dict[str, int] = {}
        for l in request.order.lines:
            units[l.sku] = units.get(l.sku, 0) + l.quantity
        skus = set(units)
        quote = engine.quote(request.order, state, request.rewards, options=False)
        earnings = [e for e in quote.earnings if e.rule_id != "-"]
        rows = tuple((e.rule_id, e.points, e.mode, str(e.effective_points), int(e.order_amount * _MONEY_SCALE), int(e.minimum_order * _MONEY_SCALE),
                      ",".join(map(str, e.eligible_lines)), e.explanation) for e in earnings)
        sales.append(FloorSale(lines, rows, tuple(e.rule_id for e in earnings if e.points > 0), tuple(units.items()),
                               tuple(triggers.group_key(g, checksum) for g in groups if not skus.isdisjoint(g)),
                               int(quote.total * _MONEY_SCALE), quote.points_earned, bool(request.rewards),
                               (checkout.request_hash(request), checksum, *sync.this_till())))
    return sales


class ProductRows:
    """What a product commit wrote beyond the sale's own rows: a fired trigger's coupon, log
    row, message and bonus points, its customer's row of standing firings (`customer_firing`:
    the floor writes the same text into the same row), a milestone step's award (and its
    points or coupon), the customer's next milestone steps due when the sale rewrote them
    (`customer_milestone`, of card `number`'s customer). About
    one sale in six of the bench's fires a trigger; the floor writes the same rows for it.

    `take(i)` runs untimed after `product(i)` (`measure_pair`'s `between`) and reads the rows
    the product added since the last call; the floor's sale `i` then writes copies of them
    (`rows(i)`, `entries(i)`) with its own unique values — prefixed `F<tag>`, and so never read
    by the product as its own triggers' or awards' history.

    It reads on a connection of its own (`path`): read on the floor's, those reads found the
    product's commit and loaded the ends of the tables the floor then writes into, untimed —
    the floor started each sale with a warm page cache where the product, after the floor's
    commit, starts with a cold one (0.02–0.03 ms of a 0.65 ms floor)."""

    COPIED = {"coupon": "code", "trigger_log": "trigger_id", "message": "key", "milestone_award": "rule_id"}  # table → the column made the copy's own
    STAND = "INSERT INTO customer_firing (customer_id, steps) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET steps = excluded.steps"
    DUE = "INSERT INTO customer_milestone (customer_id, due) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET due = excluded.due"

    def __init__(self, path: str, number: str | None = None) -> None:
        self.conn = conn = floor_connection(path)
        self.tag = f"F{secrets.token_hex(4)}"
        self.serial = 0
        self.columns = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")') if r[1] != "id"] for t in self.COPIED}
        self.inserts = {t: f'INSERT INTO "{t}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
                        for t, cols in self.columns.items()}
        self.marks = {t: self._last(t) for t in (*self.COPIED, "ledger_entry", "card_lot")}
        # the customer of card `number`: its next milestone steps due, rewritten by a sale that read its milestones
        found = conn.execute("SELECT customer_id FROM card WHERE number = ?", (number,)).fetchone() if number else None
        self.customer = found[0] if found else None
        self.due = self._due()
        self._rows: dict[int, list[tuple[str, tuple]]] = {}
        self._entries: dict[int, list[tuple[int, str, str, str | None, bool, str, bool]]] = {}

    def _last(self, table: str) -> int:
        """The table's last id, read to the end: a statement left open would hold a read
        snapshot on the file between the timed calls (the log could not be checkpointed)."""
        return int(self.conn.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchall()[0][0])

    def _due(self) -> str | None:
        if self.customer is None:
            return None
        found = self.conn.execute("SELECT due FROM customer_milestone WHERE customer_id = ?", (self.customer,)).fetchall()
        return found[0][0] if found else None

    def _own(self) -> str:
        self.serial += 1
        return f"{self.tag}-{self.serial}"

    def take(self, i: int) -> None:
        copies: list[tuple[str, tuple]] = []
        for table, own in self.COPIED.items():
            columns = self.columns[table]
            found = self.conn.execute(f'SELECT id, {", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)} FROM "{table}" '
                                      f'WHERE id > ? AND "{own}" NOT LIKE ? ORDER BY id', (self.marks[table], f"{self.tag}%")).fetchall()
            self.marks[table] = max([self.marks[table], *(row[0] for row in found)])
            place = columns.index(own)
            copies += [(self.inserts[table], (*row[1:place + 1], self._own(), *row[place + 2:])) for row in found]
            if table == "trigger_log":  # a firing that stands: the product rewrote its customer's row of them, and so does the floor
                at = {c: 1 + columns.index(c) for c in ("customer_id", "status")}
                for customer in sorted({row[at["customer_id"]] for row in found if row[at["status"]] != "blocked"}):
                    (steps,) = self.conn.execute("SELECT steps FROM customer_firing WHERE customer_id = ?", (customer,)).fetchone()
                    copies.append((self.STAND, (customer, steps)))
        due = self._due()
        if due != self.due:
            copies.append((self.DUE, (self.customer, due)))
            self.due = due
        entries = self.conn.execute(
            "SELECT id, points, kind, at, expires_at, order_id IS NOT NULL, note FROM ledger_entry "
            "WHERE id > ? AND idempotency_key NOT LIKE 'order:%' AND idempotency_key NOT LIKE 'FLOOR-%' ORDER BY id",
            (self.marks["ledger_entry"],)).fetchall()
        lots = {entry for (entry,) in self.conn.execute("SELECT entry_id FROM card_lot WHERE id > ?", (self.marks["card_lot"],))}
        self.marks["ledger_entry"], self.marks["card_lot"] = self._last("ledger_entry"), self._last("card_lot")
        self._rows[i] = copies
        self._entries[i] = [(points, kind, at, expires, bool(of_order), note, entry in lots) for entry, points, kind, at, expires, of_order, note in entries]

    def rows(self, i: int) -> list[tuple[str, tuple]]:
        return self._rows.pop(i, [])

    def close(self) -> None:
        self.conn.close()

    def entries(self, i: int) -> list[tuple[int, str, str, str | None, bool, str, bool]]:
        """(points, kind, at, expires at, of the order, note, has a lot) of each extra ledger entry."""
        return self._entries.pop(i, [])


def commit_floor(conn: sqlite3.Connection, number: str, sales: list[FloorSale], extra: ProductRows | None = None) -> Callable[[int], object]:
    """The rows the product's commit of sale `i` writes (checked against its statement trace),
    with SQL prepared once, in one durable transaction (BEGIN IMMEDIATE … COMMIT, WAL +
    synchronous=FULL), with the stdlib driver:

      order             1 row (RETURNING its id)
      order_line        a row per line (30), one executemany
      order_earning     a row per earning rule of the programme (the sale's quote), one executemany
      order_reward      1 row when the sale pays with points (`sales[i].spends`: every fifth)
      customer_day      the day's row opened if new (carrying the sums before it), then its
                        running sums (orders, spent, points) moved on
      customer_rule_day an upsert per rule that gave points
      customer_product  an upsert per distinct sku (30), one executemany
      customer_product_group  an UPDATE per watched group of products the sale contains
      ledger_entry      the 'earn' entry, and the 'spend' entry when it pays with points
      card_lot          the earn's new lot, and the spend taken from the first lot (one UPDATE)
      card              its balance moved by the net points
      change_log        1 row (what changed, for the other windows and processes)
      and what the product's sale `i` wrote beyond these (`extra`: a fired trigger's coupon,
      log row, message, bonus points and its customer's standing firings, a milestone's
      award), copied row for row

    Nothing it does not write: no reads besides what a write returns, no checks."""
    card_id, customer = conn.execute("SELECT id, customer_id FROM card WHERE number = ?", (number,)).fetchone()
    tag = secrets.token_hex(4)
    spent = 100
    order_sql = ('INSERT INTO "order" (order_id, card_id, customer_id, "at", status, currency, subtotal, discount, rewards_off, tax, shipping, '
                 'shipping_off, total, points_earned, points_spent, points_awarded, content_hash, rules_checksum, till, store) VALUES ('
                 + ", ".join("?" * 20) + ") RETURNING id")
    line_sql = ("INSERT INTO order_line (order_id, position, sku, name, collection, quantity, unit_price, line_total, reward_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)")
    earning_sql = ("INSERT INTO order_earning (order_id, rule_id, points, mode, effective_points, order_amount, minimum_order, eligible_lines, "
                   "explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    reward_sql = ("INSERT INTO order_reward (order_id, reward_id, kind, points_cost, money_off, coupon_id, explanation) "
                  "VALUES (?, 'pay-with-points', 'points', ?, ?, NULL, '100 points')")
    before = "FROM customer_day WHERE customer_id = ? AND day < ? ORDER BY day DESC LIMIT 1"
    day_sql = ("INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date, points_to_date, reviews_to_date) VALUES (?, ?, "
               + ", ".join(f"COALESCE((SELECT {c} {before}), 0)" for c in ("orders_to_date", "spent_to_date", "points_to_date", "reviews_to_date"))
               + ") ON CONFLICT (customer_id, day) DO NOTHING")
    sums_sql = ("UPDATE customer_day SET orders_to_date = orders_to_date + 1, spent_to_date = spent_to_date + ?, points_to_date = points_to_date + ? "
                "WHERE customer_id = ? AND day >= ?")
    rule_sql = ("INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES (?, ?, ?, 1) ON CONFLICT (customer_id, day, rule_id) "
                "DO UPDATE SET orders = customer_rule_day.orders + excluded.orders")
    product_sql = ("INSERT INTO customer_product (customer_id, sku, orders, units) VALUES (?, ?, 1, ?) ON CONFLICT (customer_id, sku) "
                   "DO UPDATE SET orders = customer_product.orders + excluded.orders, units = customer_product.units + excluded.units")
    group_sql = "UPDATE customer_product_group SET orders = orders + 1 WHERE customer_id = ? AND group_key = ?"
    entry_sql = ('INSERT INTO ledger_entry (card_id, points, kind, "at", expires_at, order_id, refund_id, idempotency_key, note, "user") '
                 "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, '') RETURNING id")
    spend_sql = ("UPDATE card_lot SET points = points - ? WHERE id = (SELECT id FROM card_lot WHERE card_id = ? ORDER BY expires_at, id LIMIT 1) "
                 "AND points >= ?")
    lot_sql = "INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES (?, ?, ?, ?)"
    balance_sql = "UPDATE card SET balance = balance + ? WHERE id = ?"
    change_sql = 'INSERT INTO change_log (kinds, "keys", "at") VALUES (\'card order\', ?, ?)'

    def write(i: int) -> None:
        sale = sales[i]
        earned, total = sale.earned, sale.total
        now = dt.datetime.now()
        day, expires, key = now.date(), now + dt.timedelta(days=365), f"FLOOR-{tag}-{i}"
        conn.execute("BEGIN IMMEDIATE")
        oid = conn.execute(order_sql, (key, card_id, customer, now, "committed", "EUR", total, 0, 0, 0, 0, 0, total, earned,
                                       spent if sale.spends else 0, 1, *sale.stamp)).fetchone()[0]
        conn.executemany(line_sql, [(oid, p, *line) for p, line in enumerate(sale.lines)])
        conn.executemany(earning_sql, [(oid, *row) for row in sale.earnings])
        if sale.spends:
            conn.execute(reward_sql, (oid, spent, spent * 500))
        conn.execute(day_sql, (customer, day, *[customer, day] * 4))
        conn.execute(sums_sql, (total, earned, customer, day))
        conn.executemany(rule_sql, [(customer, day, rule_id) for rule_id in sale.earning_rules])
        conn.executemany(product_sql, [(customer, sku, units) for sku, units in sale.products])
        if sale.groups:
            conn.executemany(group_sql, [(customer, group) for group in sale.groups])
        if sale.spends:
            conn.execute(entry_sql, (card_id, -spent, "spend", now, None, oid, f"order:{key}:spend", "rewards")).fetchone()
            conn.execute(spend_sql, (spent, card_id, spent))
        entry = conn.execute(entry_sql, (card_id, earned, "earn", now, expires, oid, f"order:{key}:earn", "")).fetchone()[0]
        conn.execute(lot_sql, (card_id, expires, earned, entry))
        bonus = 0
        if extra is not None:
            for sql, values in extra.rows(i):
                conn.execute(sql, values)
            for n, (points, kind, at, expires_at, of_order, note, lot) in enumerate(extra.entries(i)):
                entry = conn.execute(entry_sql, (card_id, points, kind, at, expires_at, oid if of_order else None, f"{key}:{kind}:{n}", note)).fetchone()[0]
                if lot:
                    conn.execute(lot_sql, (card_id, expires_at, points, entry))
                bonus += points
        conn.execute(balance_sql, (earned - (spent if sale.spends else 0) + bonus, card_id))
        conn.execute(change_sql, (f'{{"card":["{number}"],"order":["{key}"]}}', now))
        conn.execute("COMMIT")

    return write


def floor_connection(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def run(path: str, iterations: int, log: Callable[[str], None], sizes: tuple[int, ...] = SIZES) -> list[dict]:
    """Rows for `run_all.py`'s table (on the open app database at `path`, which it changes)."""
    from pos_loyalty.domain.engine import Engine
    from pos_loyalty.services import cards, checkout, rules_sync

    rng = random.Random(7)
    rules, checksum = rules_sync.active_rules()
    conn = floor_connection(path)
    rows: list[dict] = []
    try:
        for size in sizes:
            started = time.perf_counter()
            number = add_busy_card(conn, rng, size, checksum)
            log(f"busy card with {size:,} orders added in {time.perf_counter() - started:.1f} s")
            label = f"{size:,} rows"
            # lookup
            product, floor = measure_pair(lambda _i: cards.lookup(number, rules), lookup_floor(conn, number), iterations)
            rows.append(_row(f"lookup, card with {label}", product, floor, f"p50 <= {LOOKUP_RATIO:g}x floor, p99 <= 2 ms",
                             product.p50_ms <= LOOKUP_RATIO * floor.p50_ms and product.p99_ms <= 2.0))
            # quote
            requests = [workload.order_request(rng, f"HQ-{size}-{i}", number) for i in range(iterations + 40)]
            state = cards.card_state(cards.get_card(number), rules)
            engine = Engine(rules)
            product, floor = measure_pair(lambda i: checkout.quote(requests[i]), lambda i: engine.quote(requests[i].order, state, ()), iterations)
            rows.append(_row(f"quote, customer with {size:,} orders", product, floor, "p99 <= 2 ms", product.p99_ms <= 2.0))
            # commit
            stamp = secrets.token_hex(3)
            commits = [workload.order_request(rng, f"HC-{stamp}-{size}-{i}", number, rewards=[{"id": "pay-with-points", "points": 100}] if i % 5 == 0 else [])
                       for i in range(iterations + 40)]
            sales = floor_sales(commits, number, rules, checksum)
            extra = ProductRows(path, number)
            try:
                product, floor = measure_pair(lambda i: checkout.commit(commits[i]), commit_floor(conn, number, sales, extra), iterations,
                                              between=extra.take)
            finally:
                extra.close()
            rows.append(_row(f"commit, card with {label}", product, floor, f"p50 <= {COMMIT_RATIO:g}x floor, p99 <= 15 ms",
                             product.p50_ms <= COMMIT_RATIO * floor.p50_ms and product.p99_ms <= 15.0))
            # scan at the checkout until the balance is on screen
            product, floor = scan_to_balance(conn, number, max(20, iterations // 3))
            rows.append(_row(f"GUI scan -> balance on screen, card with {label}", product, floor, f"p50 <= {SCAN_RATIO:g}x floor",
                             product.p50_ms <= SCAN_RATIO * floor.p50_ms))
            # card screen
            product, floor = screen_open(conn, number, max(20, iterations // 10))
            rows.append(_row(f"card screen opens, card with {label}", product, floor, f"p99 <= {SCREEN_TARGET_MS:g} ms",
                             product.p99_ms <= SCREEN_TARGET_MS))
    finally:
        conn.close()
    return rows


def scan_to_balance(conn: sqlite3.Connection, number: str, count: int) -> tuple[Sample, Sample]:
    """The checkout screen: the scanned number and Enter (`scan_entered`) until the balance
    label is painted whole (its first paint event after Enter at its new width), against its
    Qt floor: one stdlib lookup, the same label of the same window set and painted."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from pos_loyalty.ui.checkout_screen import CheckoutScreen

    app = QApplication.instance() or QApplication(["bench"])
    screen = CheckoutScreen()
    screen.resize(1280, 800)
    screen.show()
    app.processEvents()

    painted: list[int] = []

    class PaintClock(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]  # noqa: N802 (Qt's name)
            # A paint that shows the whole figure: the label laid out for its new text, not cut off
            # in the place of the old one ("—").
            if event.type() == QEvent.Type.Paint and watched.width() >= watched.sizeHint().width():
                painted.append(time.perf_counter_ns())
            return False

    clock = PaintClock()
    screen.balance.installEventFilter(clock)
    scan_times: list[int] = []

    def product(i: int) -> None:
        """Time from Enter to the balance label's first paint with the new figure. The scanner's
        digits are on screen before its Enter, as at a till (each key is painted as it comes):
        painting them is not the scan's cost, and the floor paints no scan field either."""
        screen.balance.setText("—")
        screen.scan.setText(number)
        app.processEvents()
        painted.clear()
        start = time.perf_counter_ns()
        screen.scan_entered()
        app.processEvents()
        scan_times.append(painted[0] - start if painted else time.perf_counter_ns() - start)

    query = lookup_floor(conn, number)

    def floor(i: int) -> None:  # the same label of the same window, set from one stdlib lookup and painted
        row = query(i)
        screen.balance.setText(f"{row[3]:,} points")
        screen.balance.repaint()
        app.processEvents()

    _whole, floor_sample = measure_pair(product, floor, count, warmup=5)
    timed = sorted(scan_times[-count:])
    pick = lambda q: timed[max(0, min(len(timed) - 1, math.ceil(q * len(timed)) - 1))] / 1e6  # noqa: E731
    result = Sample(pick(0.50), pick(0.99), len(timed)), floor_sample
    screen.balance.removeEventFilter(clock)
    screen.close()
    screen.deleteLater()
    app.processEvents()
    return result


def screen_open(conn: sqlite3.Connection, number: str, count: int) -> tuple[Sample, Sample]:
    """The card screen shown and painted, against the same first page read with the stdlib
    driver into the same table and painted."""
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    from pos_loyalty.services.cards import HISTORY_PAGE
    from pos_loyalty.ui.card_detail import CardDetail

    app = QApplication.instance() or QApplication(["bench"])
    detail = CardDetail()
    detail.resize(1024, 700)
    detail.show()

    def product(i: int) -> None:
        detail.show_card(None)
        detail.show_card(number)
        detail.repaint()
        app.processEvents()

    table = QTableWidget(0, 7)
    table.resize(1024, 500)
    table.show()
    card_id = conn.execute("SELECT id FROM card WHERE number = ?", (number,)).fetchone()[0]
    sql = ("SELECT l.at, l.kind, l.points, l.note, l.user FROM ledger_entry l WHERE l.card_id = ? ORDER BY l.at DESC, l.id DESC LIMIT ?")

    def floor(i: int) -> None:
        rows = conn.execute(sql, (card_id, HISTORY_PAGE)).fetchall()
        table.setRowCount(0)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(str(value)))
        table.repaint()
        app.processEvents()

    result = measure_pair(product, floor, count, warmup=3)
    detail.close()
    table.close()
    detail.deleteLater()
    table.deleteLater()
    app.processEvents()
    return result


def _row(operation: str, product: Sample, floor: Sample, target: str, passed: bool) -> dict:
    ratio = product.p50_ms / floor.p50_ms if floor.p50_ms else float("inf")
    return {"operation": operation, "n": product.n, "p50_ms": product.p50_ms, "p99_ms": product.p99_ms, "target": target, "passed": passed,
            "floor_p50_ms": floor.p50_ms, "ratio": ratio}

