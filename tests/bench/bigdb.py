"""The benchmark database: 1,000,000 cards and 10,000,000 ledger entries (× scale), built fast.

The schema comes from the real migrations (`services.setup.open_store`, which also activates
the demo rules; the 50-rule benchmark programme is then imported with
`rules_sync.import_bundle`). The rows are then written with the stdlib `sqlite3` module:
journal off, `synchronous=OFF`, the tables' indexes dropped during the load and re-created
from their own `CREATE INDEX` text afterwards, `executemany` in large batches. The file is
built under a temporary name, checked (every card's balance is the sum of its ledger) and
only then renamed into place, back in WAL mode — so an interrupted build never leaves a
half-filled database behind.

What is in it, at scale 1.0 (everything is multiplied by the scale, deterministic per seed):

* 1,000,000 cards, 12 digits with their Luhn check digit, random (as `cards.bulk_create`
  makes them), in batches of 50,000; 59 % active, 1 % suspended, 40 % unassigned;
* 600,000 customers, one per active or suspended card: realistic names (many share a
  surname), unique phone numbers (UK numbers in E.164, as the app stores them; 90 % have one)
  and unique e-mail addresses (85 %; everyone has a phone or an e-mail); each name's folded
  words in `customer_word`, as `customers.enrol` writes them;
* 10,000,000 ledger entries over the customers' cards (1 to a few hundred per card,
  exponentially distributed, mean ≈ 16.7), earning and spending in time order over the past
  two years, interleaved across cards as a real till writes them; earned points expire three
  years after they were earned, so no lot expires within a year of the build (a lookup never
  has to write expiry entries); the balance never goes negative and each card's `balance` is
  the sum of its entries;
* about 1,700,000 orders (about one earning entry in six comes from an order), each with one
  line and one earning row, so tier and frequency queries have history to read;
* the running totals the sale path reads (each card's open lots, each customer's counters),
  filled from those rows as migration 0006 fills them;
* the reports' summaries (migrations 0015, 0020), caught up from those rows as the first report does (each
  customer's days for the tiers report copied from the counters at once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.names import fold
from pos_loyalty.domain.names import words as name_words
from pos_loyalty.domain.names import words_key
from pos_loyalty.domain.rules import checksum
from pos_loyalty.store.database import MIGRATIONS_DIR

from . import workload

BUILD_FORMAT = 4  # bump when the generated content changes: old caches are rebuilt
MAX_AGE_DAYS = 300  # generated lots expire ≥ 365 days after the build; rebuild well before
CARDS_PER_SCALE = 1_000_000
LEDGER_PER_SCALE = 10_000_000
CUSTOMER_SHARE = 0.60  # customers (one card each) per card
SUSPENDED_PER_CUSTOMER = 1 / 60
BATCH_SIZE = 50_000
ORDER_SHARE = 0.125  # earning entries that come from an order
CARD_LENGTH = 12  # the store's default scheme (settings.card_length), no prefix
FILLED_TABLES = ("customer", "customer_word", "card_batch", "card", "order", "order_line", "order_earning", "ledger_entry")
_FLUSH = 100_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    cards: int
    customers: int
    suspended: int
    ledger: int
    seed: int = 2026

    @classmethod
    def for_scale(cls, scale: float, seed: int = 2026) -> "Plan":
        cards = max(10, round(CARDS_PER_SCALE * scale))
        customers = max(2, round(cards * CUSTOMER_SHARE))
        ledger = max(customers, round(LEDGER_PER_SCALE * scale))
        return cls(cards=cards, customers=customers, suspended=max(1, round(customers * SUSPENDED_PER_CUSTOMER)), ledger=ledger, seed=seed)


@dataclass(frozen=True)
class BuildInfo:
    """What a built database holds; saved as JSON beside it."""

    scale: float
    cards: int
    customers: int
    ledger: int
    orders: int
    seconds: float
    built_at: str
    migrations: str
    format: int = BUILD_FORMAT


def migrations_key() -> str:
    """Changes when a migration is added, so a cached database is never migrated (and backed up) in place."""
    names = sorted(p.name for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:10]


def info_path(db: Path) -> Path:
    return db.with_name(db.name + ".json")


def read_info(db: Path) -> BuildInfo | None:
    try:
        return BuildInfo(**json.loads(info_path(db).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def is_current(db: Path, scale: float) -> bool:
    info = read_info(db)
    if info is None or not db.exists():
        return False
    age = dt.datetime.now() - dt.datetime.fromisoformat(info.built_at)
    return (info.format == BUILD_FORMAT and info.migrations == migrations_key() and info.scale == scale
            and age < dt.timedelta(days=MAX_AGE_DAYS))


def remove_db(db: Path) -> None:
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), info_path(db)):
        path.unlink(missing_ok=True)


def db_size(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())


# -- generation -----------------------------------------------------------------------------


def _card_numbers(rng: random.Random, count: int) -> list[str]:
    """`count` distinct random 12-digit numbers with their check digit, in random order."""
    free = CARD_LENGTH - 1
    bodies: set[int] = set()
    while len(bodies) < count:
        bodies.update(rng.randrange(10 ** (free - 1), 10**free) for _ in range(count - len(bodies)))
    ordered = list(bodies)
    rng.shuffle(ordered)
    out = []
    check = card_numbers.check_digit
    for body in ordered:
        text = str(body)
        out.append(text + check(text))
    return out


def _phones(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        r = rng.random()
        lead = "07" if r < 0.7 else ("01" if r < 0.85 else "02")
        phone = f"+44{lead[1:]}{rng.randrange(10**9):09d}"  # E.164 of 0{lead}…
        if phone not in seen:
            seen.add(phone)
            out.append(phone)
    return out


def _ledger_counts(rng: random.Random, holders: int, total: int) -> list[int]:
    """Entries per card: at least one each, exponentially distributed, summing to `total`."""
    weights = [rng.expovariate(1.0) for _ in range(holders)]
    spare = total - holders
    scale = spare / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(holders)
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > 1:
            counts[i] -= 1
            diff += 1
    return counts


class _Writer:
    def __init__(self, conn: sqlite3.Connection, table: str, columns: int, tail: str = "") -> None:
        """`tail`: SQL for the table's last columns that every generated row leaves at their default."""
        self.conn = conn
        self.sql = f'INSERT INTO "{table}" VALUES ({", ".join("?" * columns)}{tail})'
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= _FLUSH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.conn.executemany(self.sql, self.rows)
            self.rows = []


def _fill(conn: sqlite3.Connection, plan: Plan, rules_checksum: str, progress: Progress) -> int:
    """Write every generated row; returns the number of orders."""
    rng = random.Random(plan.seed)
    now = dt.datetime.now().replace(microsecond=0)
    base = (now - dt.timedelta(days=800)).replace(hour=0, minute=0, second=0)
    days = [(base + dt.timedelta(days=d)).strftime("%Y-%m-%d") for d in range(800 + 3 * 366 + 2)]
    hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)]
    end_s = int((now - base).total_seconds()) - 3_600

    def stamp(sec: int) -> str:
        return f"{days[sec // 86_400]} {hms[sec % 86_400]}"

    three_years = 3 * 365 * 86_400

    # Batches and card numbers.
    batches = -(-plan.cards // BATCH_SIZE)
    batch_at = [stamp(int(end_s * (0.02 + 0.05 * b / batches))) for b in range(batches)]
    conn.executemany('INSERT INTO "card_batch" (id, name, prefix, length, count, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
                     [(b + 1, f"Bench batch {b + 1:02d}", "", CARD_LENGTH, min(BATCH_SIZE, plan.cards - b * BATCH_SIZE), batch_at[b], "bench")
                      for b in range(batches)])
    progress(f"card numbers ({plan.cards:,})")
    numbers = _card_numbers(rng, plan.cards)

    # Which cards customers hold (card ids 1..cards), and each customer's history.
    holders = plan.customers
    held = sorted(rng.sample(range(1, plan.cards + 1), holders))
    counts = _ledger_counts(rng, holders, plan.ledger)
    starts = [int(end_s * rng.uniform(0.08, 0.98)) for _ in range(holders)]  # first entry (and enrolment)
    suspended = set(rng.sample(range(holders), plan.suspended))

    progress(f"customers ({holders:,})")
    phones = _phones(rng, holders)
    writer = _Writer(conn, "customer", 7, ", NULL, NULL, NULL")  # no birthday, not forgotten
    words = _Writer(conn, "customer_word", 4)
    word_id = 0
    firsts, lasts, domains = workload.FIRST_NAMES, workload.LAST_NAMES, workload.EMAIL_DOMAINS
    for k in range(holders):
        first, last = rng.choice(firsts), rng.choice(lasts)
        name = f"{first} {last}"
        r = rng.random()
        has_phone, has_email = (True, True) if r < 0.75 else ((True, False) if r < 0.90 else (False, True))
        style = rng.random()
        local = (f"{first}.{last}{k + 1}" if style < 0.5 else f"{first[0]}{last}{k + 1}" if style < 0.8 else f"{first}{k + 1}").lower()
        email = f"{local}@{domains[k % len(domains)]}" if has_email else None
        writer.add((k + 1, name, fold(name), phones[k] if has_phone else None, email, int(rng.random() < 0.4), stamp(starts[k])))
        key = words_key(name)
        for word in name_words(name):
            word_id += 1
            words.add((word_id, k + 1, word, key))
    writer.flush()
    words.flush()

    # The ledger, written round by round (the r-th entry of every card in round r) so that a
    # card's entries are spread over the table as a real till's are, not stored side by side.
    progress(f"ledger ({plan.ledger:,} entries) and orders")
    balances = [0] * holders
    order_of_card = sorted(range(holders), key=lambda k: -counts[k])  # rounds shrink to the busiest cards
    steps = [max(1, (end_s - starts[k]) // counts[k]) for k in range(holders)]
    ledger = _Writer(conn, "ledger_entry", 11)
    orders = _Writer(conn, "order", 20, ", '', ''")  # till and store: none (a till of its own)
    lines = _Writer(conn, "order_line", 10)
    earnings = _Writer(conn, "order_earning", 10)
    catalogue = workload.catalogue()
    entry_id = order_id = 0
    rand = rng.random
    active_in_round = holders
    rounds = max(counts)
    for r in range(rounds):
        while active_in_round and counts[order_of_card[active_in_round - 1]] <= r:
            active_in_round -= 1
        for k in order_of_card[:active_in_round]:
            entry_id += 1
            card_id = held[k]
            sec = starts[k] + r * steps[k] + int(rand() * steps[k] * 0.9)
            at = stamp(sec)
            balance = balances[k]
            x = rand()
            if balance >= 200 and x < 0.10:
                points = -(100 + int(rand() * (min(balance, 500) - 99)))
                ledger.add((entry_id, card_id, points, "spend", at, None, None, None, f"seed:{entry_id}", "rewards", "till"))
            elif x > 0.995:
                points = 5 + int(rand() * 50) if balance < 100 else -int(rand() * 50) - 1
                ledger.add((entry_id, card_id, points, "adjust", at, None, None, None, f"seed:{entry_id}", "goodwill", "manager"))
            else:
                points = 1 + int(rand() * 60)
                expires = stamp(sec + three_years)
                if x < 0.10 + ORDER_SHARE:
                    order_id += 1
                    oid = f"SEED-{order_id:09d}"
                    cents = int(rand() * 100)
                    total = (points * 100 + cents) * 100  # MoneyField: 1/10,000 units; 1 point per 1.00
                    item = catalogue[order_id % len(catalogue)]
                    orders.add((order_id, oid, card_id, k + 1, at, "committed", workload.CURRENCY, total, 0, 0, 0, 0, 0, total,
                                points, 0, 1, None, f"{order_id:064x}", rules_checksum))
                    lines.add((order_id, order_id, 0, item["sku"], item["name"], item["collection"], 1, total, total, None))
                    earnings.add((order_id, order_id, "spend", points, "per_amount", "1", total, 0, "0",
                                  f"1 point per 1.00 spent: {points}.{cents:02d} eligible → {points}"))
                    ledger.add((entry_id, card_id, points, "earn", at, expires, order_id, None, f"order:{oid}:earn", "", "till"))
                else:
                    ledger.add((entry_id, card_id, points, "earn", at, expires, None, None, f"seed:{entry_id}", "", "till"))
            balances[k] = balance + points
        if r % 10 == 0 and r:
            progress(f"  ledger round {r}/{rounds}, {entry_id:,} entries")
    for w in (ledger, orders, lines, earnings):
        w.flush()
    assert entry_id == plan.ledger, (entry_id, plan.ledger)

    progress(f"cards ({plan.cards:,})")
    customer_of = {card_id: k for k, card_id in enumerate(held)}
    writer = _Writer(conn, "card", 9)
    for i, number in enumerate(numbers):
        card_id = i + 1
        batch = i // BATCH_SIZE
        k = customer_of.get(card_id)
        if k is None:
            writer.add((card_id, number, "unassigned", None, batch + 1, 0, batch_at[batch], None, None))
        else:
            status = "suspended" if k in suspended else "active"
            writer.add((card_id, number, status, k + 1, batch + 1, balances[k], batch_at[batch], stamp(starts[k]), None))
    writer.flush()
    return order_id


def check_invariants(conn: sqlite3.Connection) -> list[str]:
    """Problems found (empty: all good): every balance is its ledger's sum, numbers are valid."""
    problems = []
    bad = conn.execute("""SELECT COUNT(*) FROM card c LEFT JOIN (SELECT card_id, SUM(points) AS s FROM ledger_entry GROUP BY card_id) l
                          ON l.card_id = c.id WHERE c.balance != COALESCE(l.s, 0)""").fetchone()[0]
    if bad:
        problems.append(f"{bad} cards whose balance is not the sum of their ledger")
    invalid = sum(1 for (n,) in conn.execute("SELECT number FROM card") if not card_numbers.is_valid(n))
    if invalid:
        problems.append(f"{invalid} card numbers fail their check digit")
    negative = conn.execute("SELECT COUNT(*) FROM card WHERE balance < 0").fetchone()[0]
    if negative:
        problems.append(f"{negative} cards with a negative balance")
    return problems


def fill_running_totals(db: Path, progress: Progress) -> None:
    """Each card's open lots and each customer's counters from the rows just written, as
    migration 0006 fills them (`store.running_totals.rebuild`), the lots' indexes made after."""
    from peewee import SqliteDatabase

    from pos_loyalty.store.running_totals import fill_products, rebuild

    progress("running totals (open lots, customer counters)")
    database = SqliteDatabase(str(db), pragmas={"journal_mode": "off", "synchronous": 0, "cache_size": -1_000_000, "temp_store": "memory"})
    database.connect()
    try:
        indexes = database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name = 'card_lot'").fetchall()
        with database.atomic():
            for name, _sql in indexes:
                database.execute_sql(f'DROP INDEX "{name}"')
            rebuild(database)
            fill_products(database)  # each customer's orders and units per product (migration 0011)
            for _name, sql in indexes:
                database.execute_sql(sql)
    finally:
        database.close()


def fill_report_summaries(db: Path, progress: Progress) -> None:
    """The reports' daily summaries (migration 0015) from the rows just written, as the first
    report on an upgraded database fills them (`services.report_days.catch_up`), in big chunks."""
    from pos_loyalty.services import report_customers, report_days
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store.database import close_database, transaction

    progress("report summaries (ledger, orders, refunds and enrolments per day; customers' days with an order; their counters' days)")
    open_store(str(db))
    try:
        with transaction():
            report_customers.rebuild()  # each customer's days for the tiers report, from the counters just filled
        report_days.catch_up(chunk=1_000_000)
    finally:
        close_database()


def build(db: Path, scale: float, seed: int = 2026, progress: Progress = print) -> BuildInfo:
    """Build the database at `db` (replacing it) and return what it holds."""
    from pos_loyalty.services import rules_sync
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store.database import close_database

    plan = Plan.for_scale(scale, seed)
    started = time.perf_counter()
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(db.name + ".building")
    remove_db(tmp)
    progress(f"building {db} (scale {scale:g}: {plan.cards:,} cards, {plan.customers:,} customers, {plan.ledger:,} ledger entries)")
    open_store(str(tmp))  # the real migrations and the demo rules
    bundle = workload.bundle()
    rules_sync.import_bundle(bundle, "tests/bench/workload.py", user="bench", manager_pin=workload.manager_pin())
    close_database()

    conn = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-1000000")  # 1 GB while building indexes
        conn.execute("PRAGMA temp_store=MEMORY")
        names = ", ".join(f"'{t}'" for t in FILLED_TABLES)
        indexes = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ({names})").fetchall()
        # The ledger's triggers look rows up by index: without the indexes every insert would scan.
        triggers = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name IN ({names})").fetchall()
        conn.execute("BEGIN")
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        orders = _fill(conn, plan, checksum(bundle), progress)
        progress(f"indexes ({len(indexes)})")
        for _name, sql in indexes + triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
        progress("checking invariants")
        problems = check_invariants(conn)
        if problems:
            raise RuntimeError("the generated database is wrong: " + "; ".join(problems))
    finally:
        conn.close()
    fill_running_totals(tmp, progress)
    fill_report_summaries(tmp, progress)
    conn = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # as the app runs it
    finally:
        conn.close()
    remove_db(db)
    os.replace(tmp, db)
    info = BuildInfo(scale=scale, cards=plan.cards, customers=plan.customers, ledger=plan.ledger, orders=orders,
                     seconds=round(time.perf_counter() - started, 1), built_at=dt.datetime.now().isoformat(timespec="seconds"),
                     migrations=migrations_key())
    info_path(db).write_text(json.dumps(asdict(info), indent=2))
    progress(f"built in {info.seconds:.0f} s, {db_size(db) / 1e9:.2f} GB")
    return info
