"""`make bench` — tills and the PostgreSQL hub (services/sync.py), on a server started here
(`tests/pg_server.py`, durable: fsync on, as a real hub runs) and tills on SQLite files in a
scratch folder:

  commit   a sale at an attached till, online (earning only: no hub round trip; and spending
           points: pushed to the hub holding the card) and offline (the hub unreachable), beside
           the floor: the same sale on a till of its own
  hub      commits/s on the hub with 1, 4 and 16 till processes at once, each redeeming on its
           own cards (every sale a hub transaction that locks its card), beside the floor: the
           same number of processes running bare psycopg transactions that lock a row, insert
           one and update it
  sync     push and pull throughput (ledger entries/s) and the catch-up of 10,000 orders a till
           made offline: its push to the hub, and another till's pull of them (the hub takes a
           CHECKPOINT first: the hub rows' dirty pages are written then, not during the push)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
LOAD_SECONDS = 6.0
CARDS_PER_TILL = 10
PIN = "246810"


def _order(order_id: str, number: str, points: int = 0, cakes: int = 20) -> Any:
    from pos_loyalty.domain.order import parse_order

    return parse_order({"order_id": order_id, "card": number, "lines": [{"sku": "CAKE", "quantity": cakes, "unit_price": "6.05"}],
                        "rewards": [{"id": "pay-with-points", "points": points}] if points else []})


class _Tills:
    def __init__(self, folder: Path, hub: str) -> None:
        self.folder, self.hub = folder, hub

    def use(self, name: str) -> None:
        from pos_loyalty.services import users
        from pos_loyalty.services.setup import open_store
        from pos_loyalty.store.database import close_database

        close_database()
        open_store(str(self.folder / f"{name}.db"))
        if not users.managers_exist():
            users.add_user("Maya", "manager", PIN)

    def attach(self, name: str) -> None:
        from pos_loyalty.services import sync

        self.use(name)
        sync.attach(self.hub, name, "Bench Street", 0, manager_pin=PIN)


def _latency(name: str, calls: list[Callable[[], Any]], floor_p50: float | None = None, note: str = "") -> dict[str, Any]:
    samples = []
    for call in calls:
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    p50 = samples[len(samples) // 2] / 1e6
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))] / 1e6
    row: dict[str, Any] = {"operation": name, "n": len(samples), "p50_ms": p50, "p99_ms": p99, "target": "p99 <= 15 ms",
                           "passed": p99 <= 15.0, "note": note}
    if floor_p50:
        row["floor_p50_ms"], row["ratio"] = floor_p50, p50 / floor_p50
    return row


def bench_commits(tills: _Tills, count: int, log: Callable[[str], None]) -> list[dict[str, Any]]:
    from pos_loyalty.services import checkout, customers, sync
    from pos_loyalty.store.models import db

    log(f"sync bench: {count} sales each way at a till")
    tills.use("ALONE")
    alone = [customers.enrol(customers.CustomerInput(f"Alone {i}", f"+44 7700 91{i:04d}", ""))[1].number for i in range(20)]
    for i, number in enumerate(alone):
        checkout.commit(_order(f"alone-seed-{i}", number, cakes=200))
    floor = _latency("floor: the same sale at a till of its own", [lambda i=i: checkout.commit(_order(f"alone-{i}", alone[i % 20], 100)) for i in range(count)])
    floor.update(target="", passed=None)
    tills.attach("T0")
    numbers = [customers.enrol(customers.CustomerInput(f"Bench {i}", f"+44 7700 92{i:04d}", ""))[1].number for i in range(20)]
    for i, number in enumerate(numbers):
        checkout.commit(_order(f"seed-{i}", number, cakes=200))
    sync.run()
    base = floor["p50_ms"]
    rows = [floor,
            _latency("commit at an attached till, online, earning only", [lambda i=i: checkout.commit(_order(f"on-earn-{i}", numbers[i % 20])) for i in range(count)],
                     base, "no hub round trip: the outbox row is written in the sale's transaction")]
    sync.run()
    rows.append(_latency("commit, online, spending points (settled on the hub)",
                         [lambda i=i: checkout.commit(_order(f"on-spend-{i}", numbers[i % 20], 100)) for i in range(count)], base,
                         "pushed inside the sale's transaction; the hub holds the card (FOR UPDATE)"))
    sync.run()
    url = sync.attached()[0]
    db.obj.execute_sql("UPDATE sync_state SET value = 'postgresql://postgres@127.0.0.1:9/none' WHERE key = 'hub_url'")
    sync._forget_cache()
    rows.append(_latency("commit, offline, earning only", [lambda i=i: checkout.commit(_order(f"off-earn-{i}", numbers[i % 20])) for i in range(count)], base))
    rows.append(_latency("commit, offline, spending points (margin rule)",
                         [lambda i=i: checkout.commit(_order(f"off-spend-{i}", numbers[i % 20], 100)) for i in range(count)], base,
                         "the hub refuses the connection at once; a hub that drops packets costs the connect timeout (3 s) per redemption"))
    db.obj.execute_sql("UPDATE sync_state SET value = ? WHERE key = 'hub_url'", (url,))
    sync._forget_cache()
    sync.run()
    return rows


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.sync_worker", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


_BARE = """
import sys, time, psycopg
url, seconds, key = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
done = 0
with psycopg.connect(url) as conn:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        with conn.transaction():
            conn.execute("SELECT n FROM bench_floor WHERE id = %s FOR UPDATE", (key,))
            conn.execute("INSERT INTO bench_floor_log (floor_id, n) VALUES (%s, 1)", (key,))
            conn.execute("UPDATE bench_floor SET n = n + 1 WHERE id = %s", (key,))
        done += 1
print(done)
"""


class _WaitSampler:
    """What the hub's busy sessions wait on while the tills sell, sampled every 10 ms from
    pg_stat_activity: a global lock would show as `Lock` waits; the disk as WAL flushes."""

    def __init__(self, url: str) -> None:
        import threading

        self.url = url
        self.counts: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "_WaitSampler":
        self._thread.start()
        return self

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.wait(0.01):
                for kind, event in conn.execute("SELECT wait_event_type, wait_event FROM pg_stat_activity "
                                                "WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"):
                    name = "running" if kind is None else ("lock" if kind == "Lock" else f"{kind}:{event}")
                    self.counts[name] = self.counts.get(name, 0) + 1

    def stop(self) -> str:
        self._stop.set()
        self._thread.join()
        total = sum(self.counts.values()) or 1
        lock = self.counts.get("lock", 0)
        top = sorted(((n, c) for n, c in self.counts.items() if n not in ("lock", "running")), key=lambda item: -item[1])[:2]
        return f"on a lock {100 * lock / total:.0f} %, " + ", ".join(f"{n} {100 * c / total:.0f} %" for n, c in top)


def bench_hub(tills: _Tills, log: Callable[[str], None], levels: tuple[int, ...] = (1, 4, 16), seconds: float = LOAD_SECONDS) -> list[dict[str, Any]]:
    import psycopg

    from pos_loyalty.services import checkout, customers, sync

    tills.use("T0")
    for group in range(max(levels)):
        for i in range(CARDS_PER_TILL):
            number = customers.enrol(customers.CustomerInput(f"L{group} {i}", f"+44 7700 93{group:02d}{i:02d}", ""))[1].number
            checkout.commit(_order(f"load-seed-{group}-{i}", number, cakes=300))
    sync.run()
    with psycopg.connect(tills.hub, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INT PRIMARY KEY, n BIGINT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS bench_floor_log (id BIGSERIAL PRIMARY KEY, floor_id INT NOT NULL, n INT NOT NULL)")
        conn.execute("INSERT INTO bench_floor SELECT g, 0 FROM generate_series(0, %s) g ON CONFLICT DO NOTHING", (max(levels) - 1,))
    rows = []
    for processes in levels:
        names = [f"H{processes}-{k}" for k in range(processes)]
        for name in names:
            tills.attach(name)
        from pos_loyalty.store.database import close_database

        close_database()
        sync.close_hubs()
        log(f"sync bench: hub load with {processes} till processes")
        waits = _WaitSampler(tills.hub).start()
        procs = [_worker("hubload", str(tills.folder / f"{name}.db"), str(seconds), f"L{k}") for k, name in enumerate(names)]
        commits, hub_ms = 0, []
        for proc in procs:
            out, err = proc.communicate(timeout=600)
            if proc.returncode != 0:
                raise RuntimeError(err[-2000:])
            result = json.loads(out.strip().splitlines()[-1])
            commits += result["commits"]
            hub_ms.append(result["hub_p50_ms"])
        waited = waits.stop()
        floors = [subprocess.Popen([sys.executable, "-c", _BARE, tills.hub, str(seconds), str(k)], stdout=subprocess.PIPE, text=True)
                  for k in range(processes)]
        bare = sum(int(p.communicate(timeout=600)[0].strip()) for p in floors)
        ours, floor = commits / seconds, bare / seconds
        rows.append({"operation": f"hub: {processes} till{'s' if processes > 1 else ''} redeeming at once", "n": commits, "total_s": seconds,
                     "value": f"{ours:,.0f} commits/s", "floor_value": f"{floor:,.0f}/s", "ratio": floor / ours if ours else None,
                     "target": "grows with the tills", "passed": None, "commits_per_s": ours, "hub_ms": sorted(hub_ms)[len(hub_ms) // 2],
                     "waits": waited})
    by = [r["commits_per_s"] for r in rows]
    for row in rows[1:]:
        row["passed"] = row["commits_per_s"] > by[0] * 1.2
    rows[0]["passed"] = None
    for row in rows:
        row["note"] = (f"floor: bare psycopg, lock a row + insert + update, {row['floor_value']} (ratio = floor / ours); "
                       f"the sale's hub transaction p50 {row['hub_ms']:.1f} ms; hub sessions seen waiting: {row['waits']}")
    return rows


def bench_catch_up(tills: _Tills, orders: int, log: Callable[[str], None]) -> list[dict[str, Any]]:
    import psycopg

    from pos_loyalty.services import checkout, customers, sync
    from pos_loyalty.store.models import db

    with psycopg.connect(tills.hub, autocommit=True) as conn:  # the load rows' dirty pages written now, not during the push
        conn.execute("CHECKPOINT")

    tills.attach("OFF")
    numbers = [customers.enrol(customers.CustomerInput(f"Off {i}", f"+44 7700 94{i:04d}", ""))[1].number for i in range(200)]
    sync.run()
    tills.attach("OTHER")
    tills.use("OFF")
    url = sync.attached()[0]
    db.obj.execute_sql("UPDATE sync_state SET value = 'postgresql://postgres@127.0.0.1:9/none' WHERE key = 'hub_url'")
    sync._forget_cache()
    log(f"sync bench: {orders:,} sales offline")
    for i in range(orders):
        checkout.commit(_order(f"offline-{i}", numbers[i % 200], cakes=3))
    entries = int(db.obj.execute_sql("SELECT COUNT(*) FROM ledger_entry l JOIN sync_outbox o ON o.tbl = 'ledger_entry' AND o.row_id = l.id").fetchone()[0])
    rows_waiting = sync.waiting()
    db.obj.execute_sql("UPDATE sync_state SET value = ? WHERE key = 'hub_url'", (url,))
    sync._forget_cache()
    start = time.perf_counter()
    sync.push()
    pushed_s = time.perf_counter() - start
    tills.use("OTHER")
    start = time.perf_counter()
    sync.pull()
    pulled_s = time.perf_counter() - start
    total = pushed_s + pulled_s
    return [
        {"operation": f"sync push: {orders:,} offline orders ({entries:,} ledger entries, {rows_waiting:,} rows)", "n": entries,
         "total_s": pushed_s, "value": f"{entries / pushed_s:,.0f} entries/s", "target": ">= 5,000 entries/s", "passed": entries / pushed_s >= 5000},
        {"operation": "sync pull of them at another till", "n": entries, "total_s": pulled_s, "value": f"{entries / pulled_s:,.0f} entries/s",
         "target": ">= 5,000 entries/s", "passed": entries / pulled_s >= 5000},
        {"operation": f"catch-up of {orders:,} offline orders (push + pull)", "n": orders, "total_s": total, "target": "<= 10 s",
         "passed": total <= 10.0 if orders >= 10_000 else None},
    ]


def run(scale: float, log: Callable[[str], None], iterations: int | None = None, levels: tuple[int, ...] = (1, 4, 16),
        seconds: float = LOAD_SECONDS) -> list[dict[str, Any]]:
    """All the sync rows, on a PostgreSQL server started and removed here."""
    from pos_loyalty.services import sync
    from pos_loyalty.store.database import close_database

    from tests.pg_server import postgres_server

    folder = Path(tempfile.mkdtemp(prefix="pos-loyalty-sync-bench-"))
    saved = {k: os.environ.get(k) for k in ("POS_LOYALTY_DATA_DIR", "POS_LOYALTY_CONFIG_DIR", "POS_LOYALTY_LOG_DIR")}
    for key in saved:  # the tills' settings and logs in the scratch folder, never the user's
        os.environ[key] = str(folder / key.lower())
    try:
        with postgres_server("loyalty_bench", settings="") as url:
            sync.init_hub(url)
            tills = _Tills(folder, url)
            rows = bench_commits(tills, iterations or 300, log)
            rows += bench_hub(tills, log, levels, seconds)
            rows += bench_catch_up(tills, max(100, int(10_000 * scale)), log)
            close_database()
            sync.close_hubs()
            return rows
    finally:
        close_database()
        sync.close_hubs()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)
