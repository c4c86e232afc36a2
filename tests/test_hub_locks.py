"""Waiting for the database on the PostgreSQL hub: tills lock the card they sell on, not the
whole hub; a bulk creation never holds a sale up; migrations take a lock; the ledger cannot
be emptied with TRUNCATE. (The server and fixtures are those of test_hub.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from peewee import DatabaseError

from pos_loyalty.domain.errors import Busy
from pos_loyalty.services import cards, checkout, customers
from pos_loyalty.store.database import MIGRATIONS_DIR, close_database, locked, transaction
from pos_loyalty.store.models import Card, CardBatch, LedgerEntry, db

from .conftest import make_order
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 - the fixtures

pytestmark = pytest.mark.hub
ROOT = Path(__file__).resolve().parents[1]


def test_truncate_and_upserts_cannot_rewrite_the_ledger_on_the_hub(hub: str) -> None:
    _c, card = customers.enrol(customers.CustomerInput("Truncate", "+44 7700 900301"))
    checkout.commit(make_order("T-1", card.number))
    before = list(LedgerEntry.select().tuples())
    with pytest.raises(DatabaseError, match="append-only"):
        with db.atomic():
            db.execute_sql("TRUNCATE ledger_entry CASCADE")
    entry = LedgerEntry.get()
    with pytest.raises(DatabaseError, match="append-only"):
        with db.atomic():
            db.execute_sql("INSERT INTO ledger_entry (id, card_id, points, kind, at, idempotency_key, note, \"user\") "
                           "VALUES (%s, %s, 1000000, 'earn', now(), %s, '', '') ON CONFLICT (id) DO UPDATE SET points = 1000000",
                           (entry.id, entry.card_id, entry.idempotency_key))
    assert list(LedgerEntry.select().tuples()) == before


def _hold_card_lock(number: str, seconds: float, held: threading.Event) -> threading.Thread:
    """Another till in the middle of a sale on this card (its row locked) for `seconds`."""
    def run() -> None:
        try:
            with transaction(row_locks=True):
                locked(cards.get_card(number))
                held.set()
                time.sleep(seconds)
        finally:
            db.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert held.wait(10)
    return thread


def test_tills_selling_on_different_cards_do_not_wait_for_each_other(hub: str) -> None:
    _c, one = customers.enrol(customers.CustomerInput("One", "+44 7700 900302"))
    _c, two = customers.enrol(customers.CustomerInput("Two", "+44 7700 900303"))
    held = threading.Event()
    holder = _hold_card_lock(one.number, 4.0, held)
    try:
        start = time.monotonic()
        assert checkout.commit(make_order("P-2", two.number)).points_earned > 0
        assert time.monotonic() - start < 1.0  # the old global lock made this wait the full 4 s
        start = time.monotonic()
        with pytest.raises(Busy) as refused:  # the same card: waits for the other till, then says so
            checkout.commit(make_order("P-1", one.number))
        assert 1.5 <= time.monotonic() - start <= 3.5 and refused.value.field == "database"
    finally:
        holder.join()
    assert checkout.commit(make_order("P-1", one.number)).points_earned > 0  # and goes through once it is free


def test_a_sale_is_not_held_up_by_a_bulk_creation_on_the_hub(hub: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _c, card = customers.enrol(customers.CustomerInput("Bulk", "+44 7700 900304"))
    errors: list[BaseException] = []

    def create() -> None:
        try:
            cards.bulk_create(100_000, "Hub batch")  # long enough for several sales during it, now that creation is faster
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()

    creator = threading.Thread(target=create)
    creator.start()
    try:
        deadline = time.monotonic() + 60
        while not CardBatch.select().where(CardBatch.name == "Hub batch").exists():
            assert time.monotonic() < deadline and creator.is_alive(), errors
            time.sleep(0.005)
        timings = []
        for i in range(200):
            listed = [b.name for b in cards.list_batches()]  # read before: a batch still unfinished after was unfinished then
            batch = CardBatch.get_or_none(CardBatch.name == "Hub batch")
            if batch is None or batch.complete:
                break
            assert "Hub batch" not in listed
            start = time.monotonic()
            checkout.commit(make_order(f"HB-{i}", card.number))
            timings.append(time.monotonic() - start)
    finally:
        creator.join(timeout=300)
    assert not errors, errors
    assert len(timings) >= 3 and max(timings) < 1.0, timings
    assert Card.select().where(Card.batch == CardBatch.get(CardBatch.name == "Hub batch")).count() == 100_000


def test_four_processes_starting_together_on_a_fresh_hub_all_succeed(fresh_pg: str) -> None:
    close_database()
    procs = [subprocess.Popen([sys.executable, "main.py", "--db", fresh_pg, "--json", "users", "list"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}) for _ in range(4)]
    results: list[Any] = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    import psycopg

    with psycopg.connect(fresh_pg) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM schema_migration").fetchall()]
        assert len(names) == len(set(names)) == len(list(MIGRATIONS_DIR.glob("[0-9]*.py")))
        assert conn.execute("SELECT COUNT(*) FROM rules_version WHERE active").fetchone() == (1,)
