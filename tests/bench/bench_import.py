"""The `import` group of `make bench`: importing an existing programme of 100,000 customers
with their cards and balances × scale from CSV (`services.programme_import`), target ≤ 30 s,
all or nothing.

The file is what a spreadsheet writes from another programme: a byte-order mark, `;`
separators, decimal commas ("1 234,00"), dates as DD/MM/YYYY, card numbers with letters and
dashes, one customer, one card and one opening balance a row (a tenth with an expiry date).
It is imported into a fresh store (a store switching programmes starts empty); the dry run,
the import itself and the time its write transaction held the database are measured, beside
the floor: the same file read with the csv module and the same rows inserted into the same
tables (same indexes and triggers) by `sqlite3` executemany in one transaction, with no
checks at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Callable

ROWS = 100_000
TARGET_S = 30.0
FIRST = ["Ann", "Bob", "Zoë", "João", "Marie-Claire", "Li", "Søren", "Fatima", "Aoife", "Jan"]
LAST = ["Smith", "Müller", "Silva", "O'Neil", "Nguyen", "García", "Kowalski", "Dubois", "Rossi", "Ng"]
HEADER = ["Customer", "Name", "Phone", "E-mail", "Marketing opt-in", "Birthday", "Card", "Points", "Expires"]


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    expiry = (dt.date.today() + dt.timedelta(days=400)).strftime("%d/%m/%Y")
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            points = rng.randrange(0, 20_000)
            writer.writerow([f"C{i}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"07{400000000 + i:09d}", f"customer{i}@example.com",
                             rng.choice(("ja", "yes", "no", "0", "1")).replace("ja", "yes"), f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/19{rng.randrange(40, 99)}",
                             f"OLD-{i:07d}", f"{points:,}".replace(",", " ") + ",00", expiry if i % 10 == 0 else ""])


def floor(path: Path, db: Path) -> float:
    """The same file through csv and sqlite3 alone, into the same tables, one transaction."""
    gc.collect()
    start = time.perf_counter()
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    customers, words, cards, entries, lots = [], [], [], [], []
    at = dt.datetime.now()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, delimiter=";")
        next(reader)
        for i, (_ref, name, phone, email, opt_in, _birthday, card, points, _expires) in enumerate(reader, start=1):
            value = int(points.replace(" ", "").split(",")[0])
            customers.append((i, name, name.lower(), phone, email, opt_in == "yes", at))
            words += [(i, word, name.lower()) for word in name.lower().split()]
            cards.append((i, card.replace("-", ""), "active", i, value, at))
            entries.append((i, i, value, "opening", at, f"opening:{card}:1", "", ""))
            lots.append((i, dt.datetime(9999, 12, 31, 23, 59, 59), value, i))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO customer (id, name, name_key, phone, email, marketing_opt_in, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", customers)
    conn.executemany("INSERT INTO customer_word (customer_id, word, words) VALUES (?, ?, ?)", words)
    conn.executemany("INSERT INTO card (id, number, status, customer_id, balance, created_at) VALUES (?, ?, ?, ?, ?, ?)", cards)
    conn.executemany('INSERT INTO ledger_entry (id, card_id, points, kind, "at", idempotency_key, note, "user") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', entries)
    conn.executemany("INSERT INTO card_lot (card_id, expires_at, points, entry_id) VALUES (?, ?, ?, ?)", lots)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def _fresh_store(path: Path) -> None:
    from pos_loyalty.services.setup import open_store

    open_store(str(path))


def run(scale: float, log: Callable[[str], None]) -> list[dict]:
    from pos_loyalty.services import programme_import, users
    from pos_loyalty.store.database import close_database

    count = max(100, round(ROWS * scale))
    target_s = TARGET_S * count / ROWS
    with tempfile.TemporaryDirectory(prefix="pos-loyalty-bench-import-") as folder:
        work = Path(folder)
        source = work / "programme.csv"
        write_file(source, count)
        log(f"import: {count:,} rows, {source.stat().st_size / 1e6:.1f} MB of CSV")
        _fresh_store(work / "floor.db")
        close_database()
        floor_s = floor(source, work / "floor.db")
        _fresh_store(work / "store.db")
        try:
            users.add_user("Bench", "manager", "135790")
            gc.collect()
            start = time.perf_counter()
            dry = programme_import.check(source, manager_pin="135790")
            dry_s = time.perf_counter() - start
            assert not dry.bad, dry.bad[:5]
            gc.collect()
            start = time.perf_counter()
            report = programme_import.import_file(source, "bench", manager_pin="135790")
            seconds = time.perf_counter() - start
            assert report.customers == count and report.written
        finally:
            close_database()
    ratio = seconds / floor_s
    target = f"<= {target_s:.3g} s" + ("" if count == ROWS else f" ({TARGET_S:g} s per {ROWS:,})")
    return [
        {"operation": "import floor: csv read + sqlite3 executemany", "n": count, "target": "baseline", "passed": None, "total_s": floor_s,
         "note": f"{count / floor_s:,.0f} rows/s, no checks"},
        {"operation": "import dry run (every row checked)", "n": count, "target": "not judged", "passed": None, "total_s": dry_s,
         "note": f"{count / dry_s:,.0f} rows/s"},
        {"operation": "import customers, cards, balances from CSV", "n": count, "target": target, "passed": seconds <= target_s,
         "total_s": seconds, "ratio": ratio,
         "note": f"{ratio:.1f}x the floor; {count / seconds:,.0f} rows/s; the write transaction held the database "
                 f"{report.locked_seconds:.2f} s"},
    ]
