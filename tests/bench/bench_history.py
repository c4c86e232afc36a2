"""Benchmark: flat in a card's history — the scan, the quote, the commit and the card screen
cost the same for a card with 10, 1,000 or 100,000 ledger rows (its customer with as many
orders), each measured beside its floor in the same run:

  lookup   `cards.lookup(number, rules)`  vs  one indexed JOIN (card + customer) with the
           stdlib `sqlite3` driver on the same file
  quote    `checkout.quote` of a 30-line order under the 50-rule programme  vs  the engine
           alone (`Engine.quote` on a ready `CardState`: the pricing itself, no database)
  commit   `checkout.commit` of such an order, durable  vs  the same rows (order, lines,
           earnings, rewards, ledger entries, lot, card balance, counters) written with
           prepared SQL in one stdlib transaction, WAL + synchronous=FULL, on the same file
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
                 warmup: int = 20) -> tuple[Sample, Sample | None]:
    """Time `product(i)` and `floor(i)` alternately (so both see the same machine: other
    processes, the page cache), after untimed warm-up calls with negative `i`."""
    for i in range(warmup):
        product(-1 - i)
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


def commit_floor(conn: sqlite3.Connection, number: str, quote) -> Callable[[int], object]:  # type: ignore[no-untyped-def]
    """The rows a commit writes, with SQL prepared once, in one durable transaction."""
    card_id, customer = conn.execute("SELECT id, customer_id FROM card WHERE number = ?", (number,)).fetchone()
    tag = secrets.token_hex(4)
    lines = len(quote.line_totals)
    earnings = [e for e in quote.earnings if e.rule_id != "-"]
    order_sql = 'INSERT INTO "order" (order_id, card_id, customer_id, "at", status, currency, subtotal, discount, rewards_off, tax, shipping, ' \
                'shipping_off, total, points_earned, points_spent, points_awarded, content_hash, rules_checksum) VALUES (' + ", ".join("?" * 18) + ") RETURNING id"

    def write(i: int) -> None:
        now = dt.datetime.now()
        conn.execute("BEGIN IMMEDIATE")
        oid = conn.execute(order_sql, (f"FLOOR-{tag}-{i}", card_id, customer, now, "committed", "EUR", 1, 0, 0, 0, 0, 0, 1, 10, 0, 1, "h", "c")).fetchone()[0]
        conn.executemany("INSERT INTO order_line (order_id, position, sku, name, collection, quantity, unit_price, line_total, reward_id) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(oid, p, "SKU", "name", None, 1, 10_000, 10_000, None) for p in range(lines)])
        conn.executemany("INSERT INTO order_earning (order_id, rule_id, points, mode, effective_points, order_amount, minimum_order, eligible_lines, "
                         "explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(oid, e.rule_id, e.points, e.mode, "1", 1, 0, "0", e.explanation) for e in earnings])
        day = now.date()
        conn.execute("INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date) VALUES (?, ?, "
                     "COALESCE((SELECT orders_to_date FROM customer_day WHERE customer_id = ? AND day < ? ORDER BY day DESC LIMIT 1), 0), "
                     "COALESCE((SELECT spent_to_date FROM customer_day WHERE customer_id = ? AND day < ? ORDER BY day DESC LIMIT 1), 0)) "
                     "ON CONFLICT (customer_id, day) DO NOTHING", (customer, day, customer, day, customer, day))
        conn.execute("UPDATE customer_day SET orders_to_date = orders_to_date + 1, spent_to_date = spent_to_date + 1 WHERE customer_id = ? AND day >= ?",
                     (customer, day))
        conn.executemany("INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES (?, ?, ?, 1) ON CONFLICT (customer_id, day, rule_id) "
                         "DO UPDATE SET orders = customer_rule_day.orders + 1", [(customer, now.date(), e.rule_id) for e in earnings if e.points > 0])
        entry = conn.execute("INSERT INTO ledger_entry (card_id, points, kind, \"at\", expires_at, order_id, refund_id, idempotency_key, note, \"user\") "
                             "VALUES (?, 10, 'earn', ?, ?, ?, NULL, ?, '', '') RETURNING id", (card_id, now, now + dt.timedelta(days=365), oid, f"floor:{tag}:{i}")).fetchone()[0]
        conn.execute("INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES (?, ?, 10, ?)", (card_id, now + dt.timedelta(days=365), entry))
        conn.execute("UPDATE card SET balance = balance + 10 WHERE id = ?", (card_id,))
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
            q, _ = checkout.quote(workload.order_request(rng, "HC-shape", number))
            product, floor = measure_pair(lambda i: checkout.commit(commits[i]), commit_floor(conn, number, q), iterations)
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

