"""The database: pragmas, migrations from every past schema version, backups, append-only ledger."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import IntegrityError, SqliteDatabase
from playhouse.migrations import Runner

from pos_loyalty.services import checkout, counters, customers
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import MIGRATIONS_DIR, close_database, pending_migrations
from pos_loyalty.store.models import LedgerEntry, db

from .conftest import at, make_order

ALL = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def test_sqlite_is_durable_wal_with_foreign_keys(store: Path) -> None:
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert pending_migrations(db.obj) == []


def test_reopening_is_a_no_op(store: Path) -> None:
    close_database()
    open_store(str(store))
    assert not list(store.parent.glob("*.bak"))


@pytest.mark.parametrize("version", ALL[:-1])
def test_a_database_from_each_past_version_opens_with_todays_code(tmp_path: Path, version: str) -> None:
    path = tmp_path / f"at-{version}.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target=version)
    old.execute_sql("INSERT INTO customer (name, name_key, phone, marketing_opt_in, created_at) VALUES ('Old Timer', 'old timer', '0600000000', 0, '2025-01-01')")
    if "customer_word" in old.get_tables():  # as that version's code enrols: the name's words are indexed too
        old.execute_sql("INSERT INTO customer_word (customer_id, word, words) SELECT id, w, ' old timer ' FROM customer, "
                        "(SELECT 'old' AS w UNION SELECT 'timer')")
    _seed_a_refunded_order(old, counted_when_refunded=version < "0009")
    old.close()
    open_store(str(path))
    try:
        assert pending_migrations(db.obj) == []
        assert [c.name for c in customers.search("old")] == ["Old Timer"]
        # The order refunded in full before 0009 no longer counts, nor does its rule's earning that day.
        customer = customers.search("old")[0].id
        assert counters.stats(customer, [dt.datetime(2026, 2, 1)]) == (1, [(1, Decimal("30.00"))])
        assert counters.earned_in_period(customer, [("spend", "daily")], dt.datetime(2026, 2, 2, 18)) == {}
        backups = list(tmp_path.glob("*.before-migration-*.bak"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT name FROM customer").fetchall() == [("Old Timer",)]
    finally:
        close_database()


def _seed_a_refunded_order(old: SqliteDatabase, counted_when_refunded: bool) -> None:
    """Two orders as that version's code wrote them: one kept, one refunded in full (which the
    counters of 0006 to 0008 still counted as an order and as its rule's earning; from 0009 on
    the code takes it out)."""
    run = old.execute_sql
    customer = run("SELECT id FROM customer").fetchone()[0]
    for oid, at, status in ((1, "2026-02-01 10:00:00", "committed"), (2, "2026-02-02 10:00:00", "refunded")):
        run('INSERT INTO "order" (id, order_id, card_id, customer_id, "at", status, currency, subtotal, discount, rewards_off, tax, shipping, '
            "shipping_off, total, points_earned, points_spent, points_awarded, content_hash, rules_checksum) "
            f"VALUES ({oid}, 'O-{oid}', NULL, {customer}, '{at}', '{status}', 'EUR', 300000, 0, 0, 0, 0, 0, 300000, 30, 0, 1, 'h', 'c')")
        run("INSERT INTO order_earning (order_id, rule_id, points, mode, effective_points, order_amount, minimum_order, eligible_lines, explanation) "
            f"VALUES ({oid}, 'spend', 30, 'per_amount', '1', 300000, 0, '0', '')")
    run("INSERT INTO refund (id, refund_id, order_id, \"at\", kind, amount, points_reversed, points_returned, flagged_negative, content_hash, \"user\") "
        "VALUES (1, 'R-2', 2, '2026-02-02 11:00:00', 'full', 300000, 30, 0, 0, 'h', '')")
    if "customer_day" in old.get_tables():  # 0006 on: the running counters, as the services kept them
        run(f"INSERT INTO customer_day (customer_id, day, orders_to_date, spent_to_date) VALUES ({customer}, '2026-02-01', 1, 300000), "
            f"({customer}, '2026-02-02', {2 if counted_when_refunded else 1}, 300000)")
        run(f"INSERT INTO customer_rule_day (customer_id, day, rule_id, orders) VALUES ({customer}, '2026-02-01', 'spend', 1), "
            f"({customer}, '2026-02-02', 'spend', {1 if counted_when_refunded else 0})")


def test_the_ledger_cannot_be_edited_or_deleted(store: Path, card: str) -> None:
    checkout.commit(make_order("A-1", card), when=at(2))
    entry = LedgerEntry.get()
    with pytest.raises(IntegrityError, match="append-only"):
        LedgerEntry.update(points=1_000_000).where(LedgerEntry.id == entry.id).execute()
    with pytest.raises(IntegrityError, match="append-only"):
        LedgerEntry.delete().execute()
    assert LedgerEntry.get_by_id(entry.id).points == entry.points


def test_a_prepared_query_returns_what_peewee_would_for_every_value(store: Path) -> None:
    """The SQL is written once; each call must still get its own values and peewee's own rows."""
    import datetime as dt

    from peewee import JOIN

    from pos_loyalty.services import customers
    from pos_loyalty.store.database import Prepared
    from pos_loyalty.store.models import Card, Customer

    people = [customers.enrol(customers.CustomerInput(name, phone))[1] for name, phone in (("Ann", "0611111111"), ("Bob", "0622222222"))]
    build = lambda number, since: (Card.select(Card, Customer).join(Customer, JOIN.LEFT_OUTER, on=(Card.customer == Customer.id))  # noqa: E731
                                   .where((Card.number == number) & (Card.created_at >= since)).limit(1))
    prepared = Prepared(build)
    long_ago = dt.datetime(2000, 1, 1)
    for card in people:
        got = prepared.first(card.number, long_ago)
        want = build(card.number, long_ago).first()
        assert (got.id, got.number, got.customer.name) == (want.id, want.number, want.customer.name)
    assert prepared.first(people[0].number, dt.datetime(2999, 1, 1)) is None, "the datetime is bound too"
    assert prepared.first("nobody", long_ago) is None
    with pytest.raises(TypeError, match="Decimal"):
        from decimal import Decimal

        prepared.first(Decimal("1.5"), long_ago)


def test_a_prepared_query_works_out_how_to_read_its_rows_once(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Peewee's row builder works out which column is which field, its converter and joined
    model on every query; a prepared query does it once and hands it to each new builder — and
    the rows stay peewee's own: a card without a customer after one with, tuples, dicts."""
    import datetime as dt

    import peewee
    from peewee import JOIN

    from pos_loyalty.services import cards, customers
    from pos_loyalty.store.database import Prepared
    from pos_loyalty.store.models import Card, Customer

    _customer, ann = customers.enrol(customers.CustomerInput("Ann", "0611111111"))
    blank = Card.get(Card.number == cards.bulk_create(1, "spare").first)
    joined = lambda number: (Card.select(Card, Customer).join(Customer, JOIN.LEFT_OUTER, on=(Card.customer == Customer.id))  # noqa: E731
                             .where(Card.number == number).limit(1))
    set_ups = [0]
    initialize = peewee.ModelCursorWrapper.initialize

    def counted(self):  # type: ignore[no-untyped-def]
        set_ups[0] += 1
        return initialize(self)

    monkeypatch.setattr(peewee.ModelCursorWrapper, "initialize", counted)
    prepared = Prepared(joined)
    for number in (ann.number, blank.number, ann.number, blank.number, ann.number):
        got, want = prepared.first(number), joined(number).first()
        assert (got.id, got.number, got.status, got.created_at, got.customer_id) == (want.id, want.number, want.status, want.created_at, want.customer_id)
        assert isinstance(got.created_at, dt.datetime)
        assert (got.customer.name if got.customer_id else None) == (want.customer.name if want.customer_id else None)
    assert set_ups[0] == 1 + 5  # once for the prepared query, once per plain peewee query
    as_tuples = Prepared(lambda number: Card.select(Card.number, Card.balance, Card.created_at).where(Card.number == number).tuples())
    as_dicts = Prepared(lambda number: Card.select(Card.number, Card.balance).where(Card.number == number).dicts())
    for _ in range(2):
        assert as_tuples.rows(ann.number) == list(Card.select(Card.number, Card.balance, Card.created_at).where(Card.number == ann.number).tuples())
        assert as_dicts.rows(blank.number) == [{"number": blank.number, "balance": 0}]


def test_the_log_reaches_the_database_file_without_a_commit_waiting_for_it(store: Path, tmp_path: Path) -> None:
    """The WalCheckpointer moves committed pages into the file itself: a copy of the file alone,
    without its -wal, holds orders committed a moment ago (SQLite's own checkpoint is far away)."""
    import shutil
    import time

    from pos_loyalty.store import database

    assert db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 10_000
    _c, card = customers.enrol(customers.CustomerInput("Wal Ker", "0655555555"))
    for i in range(20):
        checkout.commit(make_order(f"W-{i}", card.number, [("CAKE", 1, "4.10")]))

    def orders_in_the_file_alone() -> int:
        copy = tmp_path / "file-only.db"
        shutil.copyfile(store, copy)
        conn = sqlite3.connect(copy)
        try:
            return conn.execute('SELECT COUNT(*) FROM "order"').fetchone()[0]
        except sqlite3.OperationalError:  # not even the tables have reached the file yet
            return 0
        finally:
            conn.close()

    deadline = time.monotonic() + 10 * database.CHECKPOINT_EVERY_S
    while orders_in_the_file_alone() < 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert orders_in_the_file_alone() == 20


def test_migration_0008_fills_points_earned_running_sums_from_past_orders(store: Path, card: str) -> None:
    """Databases from before 0008 get the customers' points earned (order earnings net of their
    reversals, on the order's day) as running sums on every customer_day row."""
    import importlib

    from pos_loyalty.services import refunds

    checkout.commit(make_order("P-1", card, [("COFFEE", 10, "2.80")]), when=at(2))
    checkout.commit(make_order("P-2", card, [("CAKE", 5, "4.10")]), when=at(4))
    checkout.commit(make_order("P-3", card, [("COFFEE", 1, "2.80")]), when=at(9))
    refunds.refund("P-2", "R-2", "full", when=at(10))
    earned = {o: sum(e.points for e in LedgerEntry.select().join(checkout.Order).where(checkout.Order.order_id == o))
              for o in ("P-1", "P-2", "P-3")}
    db.execute_sql("UPDATE customer_day SET points_to_date = 0")
    importlib.import_module("pos_loyalty.store.migrations.0008_programme")._fill_points(db.obj)
    rows = db.execute_sql("SELECT day, points_to_date FROM customer_day ORDER BY day").fetchall()
    want = [earned["P-1"], earned["P-1"] + earned["P-2"], earned["P-1"] + earned["P-2"] + earned["P-3"]]
    assert earned["P-2"] == 0 and earned["P-1"] > 0 and earned["P-3"] > 0  # the refund took back what P-2 earned
    assert [int(p) for _d, p in rows] == want
