"""Forgetting a customer on a till attached to a real PostgreSQL hub: the erasure travels, the
hub and the other till erase what they held too, and a late edit from a till that had not heard
of it never brings the person back."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from pos_loyalty.services import adjustments, cards, checkout, customers, privacy, search, sync
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Customer, db

from .conftest import MANAGER_PIN, at, ensure_manager, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_privacy import dump_all
from .test_sync import Tills, hub_balances, local_balances

pytestmark = pytest.mark.hub

SECRETS = ("ann smith", "+447700900123", "07700 900123", "+447700900555", "ann.smith@example.com")


@pytest.fixture
def tills(tmp_path: Path, fresh_pg: str) -> Iterator[Tills]:
    yield Tills(tmp_path, fresh_pg)
    close_database()
    sync.close_hubs()


def hub_text(url: str) -> str:
    """Every row of every table on the hub, as text."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
        return "\n".join(row[0] for t in tables for row in conn.execute(f'SELECT t::text FROM "{t}" t').fetchall()).lower()


def hub_customer(url: str) -> tuple[str, str | None, str | None, bool]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT name, phone, email, forgotten_at IS NOT NULL FROM customer").fetchone()


def test_a_forget_travels_and_a_late_edit_from_another_till_never_undoes_it(tills: Tills, tmp_path: Path) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    _ann, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann.smith@example.com", True))
    checkout.commit(make_order("A-1", card.number, [("COFFEE", 10, "2.80")]), when=at(2))
    adjustments.adjust(card.number, 30, "goodwill for Ann Smith", MANAGER_PIN)
    sync.run()
    tills.use("B")
    sync.run()  # B knows Ann now, then edits her phone while it cannot reach the hub
    b_id = cards.lookup(card.number).customer_id
    customers.update(b_id, customers.CustomerInput("Ann Smith", "+44 7700 900555", "ann.smith@example.com", True))

    tills.use("A")
    privacy.forget(card.number, "asked by letter", "Maya", manager_pin=MANAGER_PIN)
    sync.run()
    name, phone, email, forgotten = hub_customer(tills.hub)
    assert (name.startswith("Forgotten customer #"), phone, email, forgotten) == (True, None, None, True)

    tills.use("B")
    sync.run()  # pushes its late edit, then pulls the forget
    assert hub_customer(tills.hub)[1:] == (None, None, True)  # the older edit did not bring her phone back
    customer = Customer.get_by_id(b_id)
    assert (customer.name.startswith("Forgotten customer #"), customer.phone, customer.email, customer.forgotten_at is not None) == (True, None, None, True)
    assert cards.lookup(card.number).status == "suspended"
    for query in ("Ann", "ann smith", "07700 900555", "ann.smith@"):
        assert b_id not in [h.customer_id for h in search.find(query)], query
    assert local_balances() == hub_balances(tills.hub)
    till_b = dump_all(tmp_path / "B.db").lower()
    everything = hub_text(tills.hub)
    for secret in SECRETS:
        assert secret not in till_b, secret
        assert secret not in everything, secret
    assert "customer.forget" in everything  # the hub keeps the record that it happened
    tills.use("A")
    sync.run()
    assert local_balances() == hub_balances(tills.hub) and db.obj is not None


def test_a_hub_from_before_0014_migrates_and_journals_a_forget(fresh_pg: str) -> None:
    """Migration 0014 makes the hub's capture triggers before 0017 adds the column they will also
    watch: each watches the columns the tables have then, and 0017 makes them again."""
    import psycopg
    from playhouse.db_url import connect
    from playhouse.migrations import Runner

    from pos_loyalty._drivers import load_postgres
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store.database import MIGRATIONS_DIR

    load_postgres()  # peewee's own connect, before the product opened any hub (alone, this test is the first)
    old = connect(fresh_pg)
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target="0013_rules_published")
    old.execute_sql("INSERT INTO sync_state (key, value) VALUES ('role', 'hub')")
    old.close()
    open_store(fresh_pg)
    customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", ""))
    privacy.forget("#1", "asked by letter", manager_pin=ensure_manager())
    close_database()
    with psycopg.connect(fresh_pg) as conn:
        changed = [c for (c,) in conn.execute("SELECT changed FROM sync_journal WHERE tbl = 'customer' AND changed IS NOT NULL")]
    assert len(changed) == 1 and "forgotten_at," in changed[0] and "phone," in changed[0]
