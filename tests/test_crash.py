"""A till killed with SIGKILL in the middle of a stream of commits loses no order it reported
committed, doubles nothing, and leaves a database whose invariants hold.

The child process enrols a card, then commits orders in a loop (some paying with points) and
prints each order — id and exact content — only after `checkout.commit` returned. The parent
kills it at a random moment, reopens the database and checks it; three times on one file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.domain.order import parse_order
from pos_loyalty.services import checkout
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database

from .db_compare import dump

REPO = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {repo!r})
    from pos_loyalty.domain.order import parse_order
    from pos_loyalty.services import checkout, customers
    from pos_loyalty.services.setup import open_store

    run = {run!r}
    open_store({db!r})
    _customer, card = customers.enrol(customers.CustomerInput("Crash " + run, email=f"crash-{{run}}@example.com"))
    print(json.dumps({{"card": card.number}}), flush=True)
    balance = 0
    i = 0
    while True:
        order = {{"order_id": f"{{run}}-{{i}}", "card": card.number,
                  "lines": [{{"sku": "CAKE", "quantity": 1 + i % 3, "unit_price": "4.35"}},
                            {{"sku": "BEANS", "collection": "beans", "quantity": 1, "unit_price": "12.10"}}]}}
        if balance >= 150 and i % 4 == 0:
            order["rewards"] = [{{"id": "pay-with-points", "points": 100}}]
        result = checkout.commit(parse_order(order))
        balance = result.balance
        print(json.dumps({{"order": order, "earned": result.points_earned, "spent": result.points_spent, "balance": balance}}), flush=True)
        i += 1
""")


def run_and_kill(db: Path, tmp_path: Path, run: str, kill_after: int, rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """Start a child, let it report `kill_after` commits, then SIGKILL it at once."""
    script = tmp_path / f"child-{run}.py"
    script.write_text(CHILD.format(repo=str(REPO), db=str(db), run=run), encoding="utf-8")
    env = dict(os.environ, POS_LOYALTY_LOG_DIR=str(tmp_path / "logs"), POS_LOYALTY_DATA_DIR=str(tmp_path / "data"),
               POS_LOYALTY_CONFIG_DIR=str(tmp_path / "config"))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    reported: list[dict[str, Any]] = []
    card = ""
    deadline = time.monotonic() + 30
    assert child.stdout is not None
    try:
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            message = json.loads(line)
            if "card" in message:
                card = message["card"]
                continue
            reported.append(message)
            if len(reported) >= kill_after:
                time.sleep(rng.random() * 0.004)  # land anywhere in the next commit
                child.send_signal(signal.SIGKILL)
                break
    finally:
        if child.poll() is None:
            child.kill()  # already killed, or past the deadline
        child.wait(timeout=10)
        stderr = child.stderr.read() if child.stderr else ""
    # A fast till may have printed more commits than were read before the kill: every complete
    # line still in the pipe is a commit it reported too (the one in flight is the next index).
    for line in child.stdout.read().splitlines(keepends=True):
        if line.endswith("\n"):
            reported.append(json.loads(line))
    assert child.returncode == -signal.SIGKILL, f"the child died on its own: {stderr}"
    assert len(reported) >= kill_after, f"only {len(reported)} commits reported before the deadline: {stderr}"
    assert card
    return card, reported


def check(db: Path, reported: list[dict[str, Any]], runs: dict[str, int]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orders = conn.execute('SELECT id, order_id, points_earned, points_spent, points_awarded FROM "order"').fetchall()
        by_order_id: dict[str, list[tuple[Any, ...]]] = {}
        for row in orders:
            by_order_id.setdefault(row[1], []).append(row)
        for message in reported:
            order_id = message["order"]["order_id"]
            rows = by_order_id.get(order_id, [])
            assert len(rows) == 1, f"{order_id} was reported committed; found {len(rows)} times"
            assert (rows[0][2], rows[0][3]) == (message["earned"], message["spent"]), order_id
        # Nothing the children did not do: at most the one commit in flight per run, the next index.
        for order_id in by_order_id:
            run, _, index = order_id.partition("-")
            assert run in runs and int(index) <= runs[run], f"unexpected order {order_id}"
        earn = dict(conn.execute("SELECT idempotency_key, points FROM ledger_entry WHERE kind = 'earn'").fetchall())
        spend = dict(conn.execute("SELECT idempotency_key, points FROM ledger_entry WHERE kind = 'spend'").fetchall())
        for _id, order_id, earned, spent, awarded in orders:
            assert awarded == 1
            assert earned > 0 and earn.get(f"order:{order_id}:earn") == earned, f"{order_id}: no earn entry of {earned}"
            assert spend.get(f"order:{order_id}:spend") == (-spent if spent else None), f"{order_id}: wrong spend entry"
        orphans = conn.execute('SELECT COUNT(*) FROM ledger_entry l LEFT JOIN "order" o ON o.id = l.order_id '
                               'WHERE l.order_id IS NOT NULL AND o.id IS NULL').fetchone()[0]
        assert orphans == 0, "a ledger entry references a missing order"
        assert conn.execute("SELECT COUNT(*) FROM ledger_entry WHERE kind IN ('earn', 'spend') AND order_id IS NULL").fetchone()[0] == 0
        mismatched = conn.execute("SELECT COUNT(*) FROM ledger_entry l JOIN \"order\" o ON o.id = l.order_id "
                                  "WHERE l.idempotency_key NOT LIKE 'order:' || o.order_id || ':%'").fetchone()[0]
        assert mismatched == 0, "a ledger entry is attached to the wrong order"
        for number, balance, total in conn.execute(
                "SELECT c.number, c.balance, COALESCE(SUM(l.points), 0) FROM card c LEFT JOIN ledger_entry l ON l.card_id = c.id GROUP BY c.id"):
            assert balance == total, f"card {number}: balance {balance} != sum of ledger {total}"
            assert balance >= 0
        # Each card's balance is what its till last reported, plus the one commit in flight if it landed.
        for run, count in runs.items():
            last = [m for m in reported if m["order"]["order_id"].startswith(f"{run}-")][-1]
            balance = conn.execute("SELECT balance FROM card WHERE number = ?", (last["order"]["card"],)).fetchone()[0]
            in_flight = conn.execute('SELECT points_earned - points_spent FROM "order" WHERE order_id = ?', (f"{run}-{count}",)).fetchone()
            assert balance == last["balance"] + (in_flight[0] if in_flight else 0), f"run {run}: balance {balance}"
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_mid_stream_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    reported: list[dict[str, Any]] = []
    runs: dict[str, int] = {}
    started = time.monotonic()
    for run in ("a", "b", "c"):
        kill_after = rng.randint(30, 80)
        card, done = run_and_kill(db, tmp_path, run, kill_after, rng)
        assert {m["order"]["card"] for m in done} == {card}
        runs[run] = len(done)
        reported += done
        assert any(m["spent"] for m in done), "the stream should pay with points now and then"
        check(db, reported, runs)
    assert time.monotonic() - started < 20

    # Each run's last reported commit is the last of its card's balance (or one more in flight).
    # A till that retries the last order it saw commit (same content) changes nothing.
    last = reported[-1]
    before = dump(db)
    open_store(str(db))
    try:
        again = checkout.commit(parse_order(last["order"]))
        assert again.replayed and again.order_id == last["order"]["order_id"]
        assert (again.points_earned, again.points_spent) == (last["earned"], last["spent"])
    finally:
        close_database()
    assert dump(db) == before
    check(db, reported, runs)


BULK_CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {repo!r})
    from pos_loyalty.services import cards
    from pos_loyalty.services.setup import open_store

    open_store({db!r})
    for name in ("BULK_CHUNK", "BULK_CHUNK_MIN", "BULK_CHUNK_MAX"):
        setattr(cards, name, 2_000)  # many chunks, so the kill lands in the middle of the batch
    made = cards.bulk_create(3_000, {before!r})
    print(json.dumps({{"complete": made.name, "count": made.count}}), flush=True)
    cards.bulk_create({count}, {name!r}, progress=lambda done, total: print(json.dumps({{"done": done}}), flush=True))
    print(json.dumps({{"complete": {name!r}}}), flush=True)
""")


@pytest.mark.slow
def test_sigkill_mid_bulk_create_leaves_a_hidden_batch_that_is_cleared_and_made_again_whole(tmp_path: Path) -> None:
    """A creation killed between (or inside) its chunk commits: the batch made before it is there
    in full; the killed one — some chunks committed — shows nowhere, is removed once stale, and
    the same name then makes exactly its count of cards, none twice."""
    from pos_loyalty.services import cards, customers
    from pos_loyalty.store.models import Card, CardBatch
    from pos_loyalty.domain import card_numbers
    from pos_loyalty.domain.errors import NotFound

    db = tmp_path / "bulk-crash.db"
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    count = 40_000
    script = tmp_path / "bulk-child.py"
    script.write_text(BULK_CHILD.format(repo=str(REPO), db=str(db), before="Before", name="Killed", count=count), encoding="utf-8")
    env = dict(os.environ, POS_LOYALTY_LOG_DIR=str(tmp_path / "logs"), POS_LOYALTY_DATA_DIR=str(tmp_path / "data"),
               POS_LOYALTY_CONFIG_DIR=str(tmp_path / "config"))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    kill_at = rng.randrange(2, count // 2_000 // 2) * 2_000  # cards reported written when the kill comes: half way at most
    done = 0
    assert child.stdout is not None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            done = json.loads(line).get("done", done)
            if done >= kill_at:
                time.sleep(rng.random() * 0.01)  # anywhere in the next chunk
                child.send_signal(signal.SIGKILL)
                break
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
        stderr = child.stderr.read() if child.stderr else ""
    assert child.returncode == -signal.SIGKILL and done >= kill_at, stderr

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        killed = conn.execute("SELECT id, complete FROM card_batch WHERE name = 'Killed'").fetchone()
        assert killed is not None and not killed[1], "the killed batch must stay incomplete"
        left = conn.execute("SELECT COUNT(*) FROM card WHERE batch_id = ?", (killed[0],)).fetchone()[0]
        assert done <= left < count, f"{done} cards were reported written before the kill; {left} are there"
    open_store(str(db))
    try:
        assert len(cards.batch_numbers("Before")) == 3_000  # made before the kill: all there
        some = Card.select(Card.number).where(Card.batch == killed[0]).first().number
        with pytest.raises(NotFound):
            cards.lookup(some)
        with pytest.raises(NotFound):
            customers.card_to_give(some)
        assert [b.name for b in cards.list_batches()] == ["Before"]
        stale = dt.datetime.now() - cards.ABANDONED_AFTER - dt.timedelta(seconds=1)  # as if the kill was long ago
        CardBatch.update(touched_at=stale).where(CardBatch.id == killed[0]).execute()
        made = cards.bulk_create(count, "Killed")  # clears the stale batch first, then makes it whole
        numbers = cards.batch_numbers("Killed")
        assert made.count == len(numbers) == len(set(numbers)) == count and all(card_numbers.is_valid(n) for n in numbers[:: 97])
        assert Card.select().count() == 3_000 + count
        assert not CardBatch.select().where(CardBatch.complete == False).exists()  # noqa: E712
    finally:
        close_database()
