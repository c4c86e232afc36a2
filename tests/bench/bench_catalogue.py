"""`make bench --only catalogue`: the product catalogue (services/catalogue.py) with 100,000
products × scale, imported from a CSV file as a store would, in a scratch SQLite file opened as
the app opens it:

  import   the whole file, checked and written in one transaction (not judged: a manager's
           occasional job; reported in products/s)
  lookups  `catalogue.by_barcode` (the scan path), `catalogue.find` by SKU prefix and by a name
           word's prefix, each p99 against the 2 ms target, beside its floor measured in the
           same run on the same file: the same indexed SELECT through a bare `sqlite3`
           connection, and the ratio of the two p50s
"""

from __future__ import annotations

import gc
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

PRODUCTS = 100_000
TARGET_MS = 2.0
PIN = "246810"
WORDS = ("chocolate", "cake", "green", "tea", "crème", "brûlée", "almond", "butter", "biscuit", "coffee", "vanilla", "lemon", "tart",
         "bread", "rye", "honey", "ginger", "oat", "milk", "dark", "apple", "pear", "plum", "fig", "walnut", "hazelnut", "caramel",
         "salted", "espresso", "latte", "mocha", "scone", "muffin", "cookie", "brownie", "pie", "cherry", "berry", "mint", "orange")
COLLECTIONS = ("Bakery", "Drinks", "Pastry", "Deli", "Gifts")


def ean13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def catalogue_csv(count: int, rng: random.Random) -> tuple[bytes, list[str], list[str]]:
    """A catalogue file of `count` products (1 or 2 EAN-13 barcodes each), with its barcodes and names."""
    lines = ["sku;name;collection;price;barcodes;active"]
    barcodes, names = [], []
    for i in range(count):
        name = " ".join(rng.sample(WORDS, rng.randint(2, 3))).capitalize() + f" {i % 97}"
        codes = [ean13(f"20{i:010d}")] + ([ean13(f"21{i:010d}")] if i % 3 == 0 else [])
        price = f"{rng.randint(50, 9999) // 100},{rng.randint(0, 99):02d}"
        lines.append(f"P{i:06d};{name};{COLLECTIONS[i % len(COLLECTIONS)]};{price};{'|'.join(codes)};{'no' if i % 50 == 0 else 'yes'}")
        barcodes += codes
        names.append(name)
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"), barcodes, names


def _samples(calls: list[Callable[[], Any]], cpu: list[int] | None = None) -> list[int]:
    """Wall-clock times of the calls, sorted; with `cpu`, this thread's CPU time of each too
    (on a busy machine the wall clock also counts the time spent waiting for a core)."""
    out = []
    clock, thread = time.perf_counter_ns, time.thread_time_ns
    for call in calls:
        start, used = clock(), thread()
        call()
        out.append(clock() - start)
        if cpu is not None:
            cpu.append(thread() - used)
    out.sort()
    if cpu is not None:
        cpu.sort()
    return out


def _at(values: list[int], q: float) -> float:
    return values[min(len(values) - 1, max(0, int(round(q * len(values))) - 1))] / 1e6


def _row(name: str, samples: list[int], floor: list[int], cpu: list[int]) -> dict[str, Any]:
    p50, p99, floor_p50 = _at(samples, 0.5), _at(samples, 0.99), _at(floor, 0.5)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {"operation": name, "n": len(samples), "p50_ms": p50, "p99_ms": p99, "target": f"p99 <= {TARGET_MS:g} ms", "passed": p99 <= TARGET_MS,
            "floor_p50_ms": floor_p50, "ratio": p50 / floor_p50 if floor_p50 else None,
            "note": f"max {samples[-1] / 1e6:.2f} ms; floor p99 {_at(floor, 0.99):.3f} ms; CPU time p99 {_at(cpu, 0.99):.3f} ms "
                    f"(load average {load:.1f} on {os.cpu_count()} cores)"}


FLOOR_BARCODE = ("SELECT p.sku, p.name, p.collection, p.price, p.active FROM product_barcode b JOIN product p ON p.id = b.product_id "
                 "WHERE b.barcode = ?")
FLOOR_SKU = ("SELECT id, sku, name, collection, price, active FROM product WHERE sku_key >= ? AND sku_key < ? AND active = 1 "
             "ORDER BY sku_key LIMIT 20")
FLOOR_WORD = ("SELECT p.id, p.sku, p.name, p.collection, p.price, p.active FROM product p WHERE p.active = 1 AND p.id IN "
              "(SELECT product_id FROM product_word WHERE word >= ? AND word < ? ORDER BY word, product_id LIMIT 40)")


def run(scale: float, log: Callable[[str], None], iterations: int | None = None, seed: int = 1) -> list[dict[str, Any]]:
    from pos_loyalty.domain import names as name_keys
    from pos_loyalty.services import catalogue, users
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store.database import close_database

    rng = random.Random(seed)
    count = max(100, round(PRODUCTS * scale))
    each = iterations or 2_000
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as folder:
        path = Path(folder) / "catalogue.db"
        data, barcodes, names = catalogue_csv(count, rng)
        csv_path = Path(folder) / "catalogue.csv"
        csv_path.write_bytes(data)
        open_store(str(path), create=True)
        try:
            users.add_user("Maya", "manager", PIN)
            started = time.perf_counter()
            result = catalogue.import_file(csv_path, "bench", manager_pin=PIN)
            seconds = time.perf_counter() - started
            log(f"imported {result.added:,} products in {seconds:.1f} s")
            rows.append({"operation": f"catalogue import, {count:,} products (catalogue.import_file)", "n": count, "target": "not judged",
                         "passed": None, "total_s": seconds, "note": f"{count / seconds:,.0f} products/s, one transaction"})
            codes = [rng.choice(barcodes) for _ in range(each + 50)]
            skus = [f"P{rng.randrange(count):06d}"[: rng.randint(3, 7)] for _ in range(each + 50)]
            words = []
            for _ in range(each + 50):
                word = rng.choice([w for w in rng.choice(names).split() if not w.isdigit()])
                words.append(word[: rng.randint(2, len(word))])
            from pos_loyalty.store.models import db

            db.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the import's WAL folded in: lookups as on a till the next morning
            gc.collect()
            bare = sqlite3.connect(str(path))
            try:
                for label, items, ours, floor_sql, floor_args in (
                        ("catalogue: product by scanned barcode (catalogue.by_barcode)", codes, catalogue.by_barcode, FLOOR_BARCODE, lambda c: (c,)),
                        ("catalogue: find by SKU prefix (catalogue.find)", skus, catalogue.find, FLOOR_SKU,
                         lambda s: (name_keys.fold(s), name_keys.fold(s) + "\uffff")),
                        ("catalogue: find by a name word's prefix (catalogue.find)", words, catalogue.find, FLOOR_WORD,
                         lambda w: (name_keys.fold(w), name_keys.fold(w) + "\uffff"))):
                    for item in items[:50]:  # warm-up, on other items than the timed ones
                        ours(item)
                        bare.execute(floor_sql, floor_args(item)).fetchall()
                    timed = items[50:]
                    cpu: list[int] = []
                    samples = _samples([lambda item=item: ours(item) for item in timed], cpu)
                    floor = _samples([lambda item=item: bare.execute(floor_sql, floor_args(item)).fetchall() for item in timed])
                    rows.append(_row(label, samples, floor, cpu))
            finally:
                bare.close()
        finally:
            close_database()
    return rows
