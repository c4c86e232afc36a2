"""Tills as processes of their own against a real PostgreSQL hub: four selling on the same cards
at once, and tills killed (SIGKILL) in the middle of a sync again and again."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import psycopg
import pytest

from pos_loyalty.services import checkout, sync
from pos_loyalty.store.models import db

from .conftest import at, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_sync import Tills, assert_running_totals_replay, enrol, go_offline, go_online, hub_balances, local_balances, tills  # noqa: F401 - fixtures and helpers

pytestmark = pytest.mark.hub
ROOT = Path(__file__).resolve().parents[1]


def worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.sync_worker", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def hub_ledger(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [k for (k,) in conn.execute("SELECT idempotency_key FROM ledger_entry")]


def waiting(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM sync_outbox").fetchone()[0])


def orders(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute('SELECT COUNT(*) FROM "order"').fetchone()[0])


def kill_until_done(path: Path, done: Callable[[], bool], rng: random.Random, batch: int) -> int:
    """Start a syncing till and SIGKILL it, a little later each time, until the work is done;
    returns how many times it was killed with work left (in the middle of the sync)."""
    cut, delay = 0, 0.3
    for _ in range(60):
        if done():
            break
        proc = worker("sync", str(path), str(batch))
        time.sleep(delay + rng.uniform(0, 0.1))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        cut += not done()
        delay += 0.02
    assert done()
    return cut


def local_ledger() -> list[str]:
    return [k for (k,) in db.obj.execute_sql("SELECT idempotency_key FROM ledger_entry")]


def test_four_tills_selling_500_times_each_on_50_shared_cards_agree_with_the_hub(tills: Tills) -> None:
    tills.attach("T1")
    numbers = [enrol(f"Customer {i}", f"+44 7700 9002{i:02d}") for i in range(50)]
    for i, number in enumerate(numbers):
        checkout.commit(make_order(f"seed-{i}", number, [("COFFEE", 60, "2.80")]), when=at(2))
    sync.run()
    for name in ("T2", "T3", "T4"):
        tills.attach(name)
    sync.close_hubs()
    procs = [worker("sell", str(tills.folder / f"{name}.db"), "500", str(seed)) for seed, name in enumerate(("T1", "T2", "T3", "T4"))]
    stats = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        stats.append(json.loads(out.strip().splitlines()[-1]))
    print("four tills:", stats)
    assert sum(s["sales"] + s["refused"] + s["busy"] for s in stats) == 2000
    assert sum(s["spent"] for s in stats) > 0
    keys = hub_ledger(tills.hub)
    assert len(keys) == len(set(keys))  # nothing doubled
    hub = hub_balances(tills.hub)
    assert min(hub.values()) >= 0  # online, no card was overspent
    with psycopg.connect(tills.hub) as conn:
        orders = conn.execute('SELECT COUNT(*) FROM "order"').fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM sync_exception").fetchone()[0] == 0
    assert orders == 50 + sum(s["sales"] for s in stats)  # nothing lost
    for name in ("T1", "T2", "T3", "T4"):
        tills.use(name)
        sync.run()
        assert local_balances() == hub, name
        assert sorted(local_ledger()) == sorted(keys), name
        assert_running_totals_replay(db.obj)
    assert_running_totals_replay(sync.hub_database(tills.hub))


def test_tills_killed_in_the_middle_of_syncing_lose_nothing_and_double_nothing(tills: Tills) -> None:
    rng = random.Random(7)
    tills.attach("A")
    numbers = [enrol(f"Customer {i}", f"+44 7700 9003{i:02d}") for i in range(10)]
    sync.run()
    tills.attach("B")
    tills.use("A")
    url = go_offline()
    for i in range(400):  # a day's sales made offline: a big outbox
        checkout.commit(make_order(f"A-{i}", numbers[i % 10], [("CAKE", 3, "6.05")]), when=at(3))
    go_online(url)
    db.obj.close()
    pushed_kills = kill_until_done(tills.folder / "A.db", lambda: waiting(tills.folder / "A.db") == 0, rng, 4)
    tills.use("A")
    sync.run()
    keys = hub_ledger(tills.hub)
    assert len(keys) == len(set(keys))
    assert sorted(local_ledger()) == sorted(keys)
    assert local_balances() == hub_balances(tills.hub)
    tills.use("B")
    db.obj.close()
    pulled_kills = kill_until_done(tills.folder / "B.db", lambda: orders(tills.folder / "B.db") == 400, rng, 4)
    tills.use("B")
    sync.run()
    assert sorted(local_ledger()) == sorted(keys)
    assert local_balances() == hub_balances(tills.hub)
    print(f"killed mid-push {pushed_kills} times, mid-pull {pulled_kills} times")
    assert pushed_kills >= 3 and pulled_kills >= 2
