"""The shared hub: the same migrations and services on a real PostgreSQL server, started by
the tests (CI installs PostgreSQL; locally the tests skip when it is not installed)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from pos_loyalty.services import cards, checkout, customers, ledger, refunds
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database, pending_migrations
from pos_loyalty.store.models import Card, LedgerEntry, Order, db

from .conftest import at, make_order

pytestmark = pytest.mark.hub


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; CI must install it (make system-deps)")
        pytest.skip("PostgreSQL is not installed")
    folder = Path(tempfile.mkdtemp(prefix="pos-loyalty-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        shutil.chown(sock, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run([*prefix, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60",
                    "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def hub(pg_server: str) -> Iterator[str]:
    import psycopg

    name = f"loyalty_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = f"{pg_server}/{name}"
    open_store(url)
    yield url
    close_database()


def scenario() -> list[tuple[str, int, int]]:
    """Enrol, earn, spend, partly and fully refund; returns what the cashier would see."""
    seen = []
    _c, card = customers.enrol(customers.CustomerInput("Hub Customer", "0655555555"))
    number = card.number
    r = checkout.commit(make_order("H-1", number, [("COFFEE", 2, "2.80"), ("BEANS@beans", 3, "24.90")]), when=at(2))
    seen.append(("commit", r.points_earned, r.balance))
    r = checkout.commit(make_order("H-2", number, [("CAKE", 1, "12.00")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(3))
    seen.append(("spend", r.points_spent, r.balance))
    f = refunds.refund("H-1", "HR-1", "partial", {1: 2}, when=at(4))
    seen.append(("partial", f.points_reversed, f.balance))
    f = refunds.refund("H-2", "HR-2", "full", when=at(5))
    seen.append(("full", f.points_reversed - f.points_returned, f.balance))
    return seen


def test_migrations_create_the_schema_and_reopening_is_a_no_op(hub: str) -> None:
    assert {"card", "ledger_entry", "order", "schema_migration"} <= set(db.get_tables())
    assert pending_migrations(db.obj) == []
    close_database()
    open_store(hub)
    assert pending_migrations(db.obj) == []


def test_the_hub_gives_the_same_points_as_sqlite(hub: str, tmp_path: Path) -> None:
    on_hub = scenario()
    for card in Card.select():
        assert card.balance == ledger.sum_of_ledger(card)
    close_database()
    open_store(str(tmp_path / "same.db"))
    assert scenario() == on_hub


def test_committing_twice_changes_nothing_and_money_is_exact(hub: str) -> None:
    _c, card = customers.enrol(customers.CustomerInput("Exact", "0666666666"))
    request = make_order("H-3", card.number, [("A", 1, "10.10"), ("B", 1, "0.20")])
    first = checkout.commit(request, when=at(2))
    second = checkout.commit(request, when=at(3))
    assert second.replayed and second.balance == first.balance
    assert LedgerEntry.select().count() == 1
    assert Order.get(Order.order_id == "H-3").total == Decimal("10.30")


def test_the_ledger_is_append_only_on_the_hub(hub: str) -> None:
    from peewee import DatabaseError

    _c, card = customers.enrol(customers.CustomerInput("Append", "0677777777"))
    checkout.commit(make_order("H-4", card.number, [("A", 1, "9.00")]), when=at(2))
    with pytest.raises(DatabaseError, match="append-only"):
        with db.atomic():
            LedgerEntry.update(points=0).execute()
    assert cards.lookup(card.number).balance == 59
