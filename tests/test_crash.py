"""A till killed (SIGKILL) in the middle of a stream of commits loses no committed order,
doubles nothing, and leaves a database whose invariants hold."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pos_loyalty.services import checkout
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database

from .conftest import make_order

REPO = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {repo!r})
    from pos_loyalty.services import customers, checkout
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.domain.order import parse_order
    from pos_loyalty.store.models import Card
    open_store({db!r})
    card = Card.select().where(Card.status == "active").first()
    if card is None:
        card = customers.enrol(customers.CustomerInput("Crash Test", "0600000001"))[1]
    print("CARD", card.number, flush=True)
    i = 0
    while True:
        order_id = f"{run}-{{i}}"
        checkout.commit(parse_order({{"order_id": order_id, "card": card.number,
                                       "lines": [{{"sku": "CAKE", "quantity": 1 + i % 3, "unit_price": "4.35"}}]}}))
        print("DONE", order_id, flush=True)
        i += 1
""")


def run_and_kill(db: Path, tmp_path: Path, run: str, kill_after: int) -> tuple[str, list[str]]:
    script = tmp_path / f"child-{run}.py"
    script.write_text(CHILD.format(repo=str(REPO), db=str(db), run=run))
    env = dict(os.environ, POS_LOYALTY_LOG_DIR=str(tmp_path / "logs"))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    done: list[str] = []
    card = ""
    deadline = time.monotonic() + 60
    assert child.stdout is not None
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        kind, value = line.split()
        if kind == "CARD":
            card = value
        else:
            done.append(value)
            if len(done) >= kill_after:
                child.send_signal(signal.SIGKILL)  # mid-stream: the next commit is in flight
                break
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    return card, done


def check(db: Path, reported: list[str]) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        committed = {row[0]: row[1] for row in conn.execute('SELECT order_id, points_earned FROM "order"')}
        for order_id in reported:
            assert order_id in committed, f"{order_id} was reported committed but is lost"
        earn = dict(conn.execute("SELECT idempotency_key, points FROM ledger_entry WHERE kind = 'earn'").fetchall())
        for order_id, points in committed.items():
            if points:
                assert earn.get(f"order:{order_id}:earn") == points, f"{order_id} has no single earn entry"
        assert conn.execute("SELECT COUNT(*) FROM ledger_entry l LEFT JOIN \"order\" o ON o.id = l.order_id WHERE l.order_id IS NOT NULL AND o.id IS NULL").fetchone()[0] == 0
        for number, balance, total in conn.execute(
                "SELECT c.number, c.balance, COALESCE(SUM(l.points), 0) FROM card c LEFT JOIN ledger_entry l ON l.card_id = c.id GROUP BY c.id"):
            assert balance == total, f"card {number}: balance {balance} != ledger {total}"


@pytest.mark.slow
def test_sigkill_mid_stream_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(20261122)
    reported: list[str] = []
    card = ""
    for run in ("a", "b", "c"):
        card, done = run_and_kill(db, tmp_path, run, rng.randint(30, 80))
        reported += done
        check(db, reported)
    # A till that retries the last order it saw commit changes nothing.
    open_store(str(db))
    try:
        last = reported[-1]
        run_name, index = last.split("-")
        before = sqlite3.connect(db).execute("SELECT COUNT(*), SUM(points) FROM ledger_entry").fetchone()
        result = checkout.commit(make_order(last, card, [("CAKE", 1 + int(index) % 3, "4.35")]))
        assert result.replayed
        assert sqlite3.connect(db).execute("SELECT COUNT(*), SUM(points) FROM ledger_entry").fetchone() == before
    finally:
        close_database()
