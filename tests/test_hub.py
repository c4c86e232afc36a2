"""The shared hub on a real PostgreSQL server, started by these tests.

A session fixture runs `initdb` and `pg_ctl` from /usr/lib/postgresql/*/bin on a free port
(as the `postgres` user when the tests run as root); each test gets a brand-new database.
Without PostgreSQL the tests skip locally and fail on CI (where `CI` is set): CI must run them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import pytest
from peewee import fn

from pos_loyalty.domain.errors import Conflict, ValidationError
from pos_loyalty.services import adjustments, cards, checkout, coupons, customers, ledger, refunds, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database, pending_migrations, transaction
from pos_loyalty.store.fields import money_from_db
from pos_loyalty.store.models import Card, LedgerEntry, Order, Refund, RulesVersion, db

from .conftest import MANAGER_PIN, at, make_order, ensure_manager
from .pg_server import PostgresMissing, postgres_server

pytestmark = pytest.mark.hub

TABLES = {"customer", "card_batch", "card", "order", "order_line", "order_earning", "coupon", "order_reward", "refund",
          "refund_line", "refund_reversal", "ledger_entry", "rules_version", "user", "audit_log", "setting"}


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the session; yields the URL of a database created on it."""
    try:
        with postgres_server() as url:
            yield url
    except PostgresMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI must install PostgreSQL")
        pytest.skip(str(missing))


def _server(url: str) -> str:
    return url.rsplit("/", 1)[0]


@pytest.fixture
def fresh_pg(pg_server: str) -> Iterator[str]:
    """The URL of a brand-new, empty database on the session's server (not opened yet)."""
    import psycopg

    name = f"loyalty_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{_server(pg_server)}/{name}"
    finally:
        close_database()
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def hub(fresh_pg: str) -> Iterator[str]:
    """A fresh database opened and migrated, with the demo rules active."""
    open_store(fresh_pg)
    yield fresh_pg
    close_database()


def _balances_match_ledger() -> None:
    for card in Card.select():
        assert card.balance == ledger.sum_of_ledger(card), f"card {card.number}: {card.balance} != ledger"


def scenario() -> dict[str, Any]:
    """Enrol, earn (with the welcome and beans bonus), spend points, refund partly then fully,
    cancel, adjust — returning everything a cashier and an auditor would see."""
    users.add_user("Maya", "manager", MANAGER_PIN)
    _c, card = customers.enrol(customers.CustomerInput("Hub Customer", "0655555555", "hub@example.com"))
    number = card.number
    seen: dict[str, Any] = {}
    r = checkout.commit(make_order("H-1", number, [("COFFEE", 2, "2.80"), ("BEANS@beans", 3, "24.90")]), when=at(2))
    seen["commit"] = (r.total, r.points_earned, r.points_spent, r.balance)
    r = checkout.commit(make_order("H-2", number, [("CAKE", 2, "6.05")], rewards=[{"id": "pay-with-points", "points": 120}]), when=at(3))
    seen["spend"] = (r.total, r.points_earned, r.points_spent, r.balance)
    f = refunds.refund("H-1", "HR-1", "partial", {1: 2}, when=at(4))
    seen["partial"] = (f.amount, f.points_reversed, f.points_returned, f.balance, f.flagged_negative)
    f = refunds.refund("H-1", "HR-1", "partial", {1: 2}, when=at(4))
    seen["partial retry"] = (f.replayed, f.balance)
    f = refunds.refund("H-1", "HR-2", "full", when=at(5))
    seen["full"] = (f.amount, f.points_reversed, f.points_returned, f.balance)
    f = refunds.refund("H-2", "HR-3", "cancel", when=at(6))
    seen["cancel"] = (f.amount, f.points_reversed, f.points_returned, f.balance)
    a = adjustments.adjust(number, 40, "goodwill", MANAGER_PIN, when=at(7))
    seen["adjust"] = (a.points, a.balance, a.manager)
    seen["ledger"] = [(e.kind, e.points, "adjust:*" if e.kind == "adjust" else e.idempotency_key) for e in LedgerEntry.select().order_by(LedgerEntry.id)]
    seen["orders"] = [(o.order_id, o.status, o.total, o.points_earned, o.points_spent) for o in Order.select().order_by(Order.order_id)]
    seen["refunds"] = [(x.refund_id, x.kind, x.amount, x.points_reversed, x.points_returned) for x in Refund.select().order_by(Refund.refund_id)]
    seen["balance"] = cards.lookup(number).balance
    with transaction():  # the checkout's one coupon per reward, the card screen's newest: the same reads on both (migration 0024)
        for reward_id, days in (("free-coffee", 10), ("free-coffee", None), ("upgrade-latte", None)):
            coupons.grant(cards.get_card(number), reward_id, source="milestone", reason="hub", at=at(8),
                          expires_at=at(8) + dt.timedelta(days=days) if days else None)
    seen["coupons at checkout"] = [(c.coupon.reward_id, c.coupon.expires_at, c.more) for c in coupons.at_checkout(number, at(9))]
    seen["newest coupons"] = [c.reward_id for c in coupons.of_card(number, at(9), limit=2)]
    _balances_match_ledger()
    return seen


def test_open_store_migrates_a_fresh_database_and_reopening_is_a_no_op(fresh_pg: str) -> None:
    import psycopg

    with psycopg.connect(fresh_pg) as conn:
        assert conn.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone() == (0,)
    open_store(fresh_pg)
    tables = set(db.get_tables())
    assert TABLES <= tables, TABLES - tables
    assert pending_migrations(db.obj) == []
    assert RulesVersion.select().count() == 1 and RulesVersion.get(RulesVersion.active == True).version == "2026.11-demo"  # noqa: E712
    close_database()

    def snapshot() -> tuple[Any, ...]:
        with psycopg.connect(fresh_pg) as conn:
            columns = conn.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                   "WHERE table_schema = 'public' ORDER BY 1, 2").fetchall()
            migration_table = [t for t in tables if "migration" in t]
            rows = [conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in sorted(migration_table)]
            rules = conn.execute("SELECT id, version, checksum, active FROM rules_version ORDER BY id").fetchall()
        return columns, rows, rules

    before = snapshot()
    assert before[1] and all(before[1]), "the applied migrations are recorded"
    open_store(fresh_pg)
    assert pending_migrations(db.obj) == []
    close_database()
    assert snapshot() == before
    # Money columns are exact integers of 1/10,000, never floating point.
    money = {(t, c): d for t, c, d in before[0] if (t, c) in {("order", "total"), ("order_line", "unit_price"), ("refund", "amount")}}
    assert set(money.values()) == {"bigint"}, money


def test_the_hub_gives_the_same_points_balances_and_money_as_sqlite(hub: str, tmp_path: Path) -> None:
    on_hub = scenario()
    close_database()
    open_store(str(tmp_path / "same.db"))
    try:
        on_sqlite = scenario()
    finally:
        close_database()
    assert on_hub == on_sqlite
    # And both are right, not just equal: 5.60 + 74.70 = 80.30 → 80 + 5×7 (beans) + 50 (welcome) = 165;
    # 120 points × 0.05 = 6.00 off 12.10; refunding 2 of 3 beans reverses 80×49.80/80.30 ≈ 50 and 35×2/3 ≈ 23,
    # which takes the balance below zero: recorded and flagged, not hidden; the rest and the cancel follow.
    assert on_hub["commit"] == ("80.30", 165, 0, 165)
    assert on_hub["spend"] == ("6.10", 6, 120, 51)
    assert on_hub["partial"] == ("49.80", 73, 0, -22, True)
    assert on_hub["partial retry"] == (True, -22)
    assert on_hub["full"] == ("30.50", 92, 0, -114)
    assert on_hub["cancel"] == ("6.10", 6, 120, 0)
    assert on_hub["adjust"] == (40, 40, "Maya") and on_hub["balance"] == 40
    assert on_hub["orders"] == [("H-1", "refunded", Decimal("80.30"), 165, 0), ("H-2", "cancelled", Decimal("6.10"), 6, 120)]
    assert sum(points for _kind, points, _key in on_hub["ledger"]) == on_hub["balance"]
    assert on_hub["coupons at checkout"] == [("free-coffee", at(8) + dt.timedelta(days=10), True), ("upgrade-latte", None, False)]
    assert on_hub["newest coupons"] == ["upgrade-latte", "free-coffee"]


def test_committing_and_refunding_the_same_order_twice_changes_nothing(hub: str) -> None:
    _c, card = customers.enrol(customers.CustomerInput("Twice", "0666666666"))
    request = make_order("H-3", card.number, [("A", 1, "10.10"), ("B", 2, "0.20")])
    first = checkout.commit(request, when=at(2))
    assert not first.replayed and first.points_earned == 60 and first.balance == 60

    def state() -> tuple[Any, ...]:
        return (Order.select().count(), LedgerEntry.select().count(), Refund.select().count(),
                [(c.number, c.balance) for c in Card.select().order_by(Card.id)],
                list(LedgerEntry.select(LedgerEntry.idempotency_key, LedgerEntry.points).order_by(LedgerEntry.id).tuples()))

    before = state()
    second = checkout.commit(request, when=at(3))
    assert second.replayed and (second.balance, second.points_earned, second.total) == (first.balance, first.points_earned, first.total)
    assert state() == before
    with pytest.raises(Conflict) as refused:
        checkout.commit(make_order("H-3", card.number, [("A", 1, "10.11")]), when=at(3))
    assert refused.value.field == "order_id"
    assert state() == before

    f1 = refunds.refund("H-3", "HR-3", "full", when=at(4))
    assert (f1.points_reversed, f1.balance, f1.amount) == (60, 0, "10.50")
    after_refund = state()
    f2 = refunds.refund("H-3", "HR-3", "full", when=at(5))
    assert f2.replayed and f2.balance == 0
    assert state() == after_refund
    _balances_match_ledger()


def test_money_is_exact_on_the_hub(hub: str) -> None:
    _c, card = customers.enrol(customers.CustomerInput("Exact", "0677777777"))
    result = checkout.commit(make_order("H-4", card.number, [("A", 1, "0.10"), ("B", 1, "0.20")]), when=at(2))
    assert result.total == "0.30"
    order = Order.get(Order.order_id == "H-4")
    assert isinstance(order.total, Decimal) and order.total == Decimal("0.30") and str(order.total.quantize(Decimal("0.01"))) == "0.30"
    assert order.subtotal == Decimal("0.30")
    assert [line.unit_price for line in order.lines.order_by(order.lines.model.position)] == [Decimal("0.10"), Decimal("0.20")]
    checkout.commit(make_order("H-5", card.number, [("C", 3, "0.10")]), when=at(3))
    total = money_from_db(Order.select(fn.SUM(Order.total)).scalar())
    assert total == Decimal("0.60")  # 0.1 + 0.2 + 0.3 summed in SQL, exactly
    raw = db.execute_sql('SELECT total FROM "order" WHERE order_id = %s', ("H-4",)).fetchone()[0]
    assert raw == 3000 and isinstance(raw, int)
    f = refunds.refund("H-5", "HR-5", "partial", {0: 1}, when=at(4))
    assert f.amount == "0.10"


def _race(target: str, work: list[Any]) -> list[Any]:
    """Run each callable in its own thread; all of them read the card's state before any writes
    (a barrier after `cards.card_state`), which is exactly the window two tills would hit."""
    barrier = threading.Barrier(len(work), timeout=1.0)
    original = cards.card_state

    def synchronised(*args: Any, **kwargs: Any) -> Any:
        state = original(*args, **kwargs)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:  # the other till is (rightly) blocked on a lock
            pass
        return state

    results: list[Any] = [None] * len(work)

    def run(index: int) -> None:
        try:
            results[index] = work[index]()
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[index] = exc
        finally:
            db.close()

    cards.card_state = synchronised  # type: ignore[assignment]
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        cards.card_state = original  # type: ignore[assignment]
    return results


@pytest.mark.parametrize("target", ["postgres", "sqlite"])
def test_two_tills_spending_the_same_points_at_once_never_overdraw(fresh_pg: str, tmp_path: Path, target: str) -> None:
    """Invariant 4 across registers: two tills redeem 100 points each from a 150-point card at
    the same moment; one must be refused, the balance never goes below zero."""
    open_store(fresh_pg if target == "postgres" else str(tmp_path / "race.db"))
    users.add_user("Maya", "manager", MANAGER_PIN)
    _c, card = customers.enrol(customers.CustomerInput("Race", "0688888888"))
    adjustments.adjust(card.number, 150, "opening balance", MANAGER_PIN)
    db.close()
    orders = [make_order(f"R-{i}", card.number, [("CAKE", 1, "9.00")], rewards=[{"id": "pay-with-points", "points": 100}]) for i in (1, 2)]
    results = _race(target, [lambda o=o: checkout.commit(o) for o in orders])
    fresh = Card.get(Card.number == card.number)
    _balances_match_ledger()
    assert fresh.balance == 150 - 100 + 4, f"balance {fresh.balance} after {results}"
    committed = [r for r in results if isinstance(r, checkout.CommitResult)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(committed) == 1 and len(refused) == 1, results
    assert refused[0].field == "rewards[0].points" and "only 54 available" in refused[0].message


@pytest.mark.parametrize("target", ["postgres", "sqlite"])
def test_two_tills_committing_the_same_order_at_once_commit_it_once(fresh_pg: str, tmp_path: Path, target: str) -> None:
    """A sync replay racing the original: both calls return the same result, one is a replay."""
    open_store(fresh_pg if target == "postgres" else str(tmp_path / "race.db"))
    _c, card = customers.enrol(customers.CustomerInput("Race", "0699999999"))
    db.close()
    order = make_order("R-9", card.number, [("CAKE", 2, "4.35")])
    results = _race(target, [lambda: checkout.commit(order), lambda: checkout.commit(order)])
    assert all(isinstance(r, checkout.CommitResult) for r in results), results
    assert sorted(r.replayed for r in results) == [False, True]
    assert {(r.points_earned, r.balance) for r in results} == {(58, 58)}
    assert Order.select().where(Order.order_id == "R-9").count() == 1
    assert LedgerEntry.select().count() == 1
    _balances_match_ledger()


def test_the_ledger_is_append_only_on_the_hub(hub: str) -> None:
    from peewee import DatabaseError

    _c, card = customers.enrol(customers.CustomerInput("Append", "0677777777"))
    checkout.commit(make_order("H-4", card.number, [("A", 1, "9.00")]), when=at(2))
    for statement in (LedgerEntry.update(points=0), LedgerEntry.delete()):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.atomic():
                statement.execute()
    assert cards.lookup(card.number).balance == 59


def test_a_till_notices_what_another_till_changed_on_the_hub(hub: str) -> None:
    """The change log on PostgreSQL: another till's commit is reported once; this till's own are not."""
    import sys

    from pos_loyalty.services import changes, settings

    poller = changes.Poller()
    _c, card = customers.enrol(customers.CustomerInput("Till One", "0688888888"))
    assert not poller.poll(), "this till heard its own change already"
    script = (f"from pos_loyalty.services.setup import open_store\nfrom pos_loyalty.services import settings\n"
              f"open_store({hub!r})\nsettings.set_value('store_name', 'Hub Store', manager_pin={ensure_manager()!r})")
    other = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
    assert other.returncode == 0, other.stderr
    heard = poller.poll()
    assert heard.touches("settings", "store_name") and not heard.touches("card", card.number)
    assert not poller.poll() and settings.get("store_name") == "Hub Store"


def test_running_totals_on_the_hub_equal_a_replay_and_rebuild_the_same(hub: str) -> None:
    """Migration 0006 on PostgreSQL: lots and counters kept by every write equal a replay of
    the ledger and the orders, the scan reads them, and a rebuild (what the migration does on
    a hub with data) gives the same."""
    import datetime as dt

    from pos_loyalty.services import expiry
    from pos_loyalty.store.database import transaction
    from pos_loyalty.store.running_totals import rebuild, replay_counters, replayed_lot_totals, stored_counters, stored_lot_totals, without_zeros

    scenario()
    number = Card.get(Card.status == "active").number
    checkout.commit(make_order("H-9", number, [("CAKE", 30, "9.90")]), when=at(8))
    checkout.commit(make_order("H-10", number, [("CAKE", 3, "9.90")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(9))
    new = cards.replace(number, manager_pin=ensure_manager())
    expiry.sweep(at(2) + dt.timedelta(days=366))  # the first lots expire, the later ones stay
    lots, counters = stored_lot_totals(db.obj), without_zeros(stored_counters(db.obj))
    assert lots == replayed_lot_totals(db.obj) != {} and counters == without_zeros(replay_counters(db.obj)) and counters[0]
    assert cards.lookup(new.number).balance == sum(lots[new.id].values()) and [r.kind for r in cards.history(Card.get(Card.number == new.number))].count("transfer") == 1
    with transaction():
        rebuild(db.obj)
    assert stored_lot_totals(db.obj) == lots and without_zeros(stored_counters(db.obj)) == counters


def test_migration_0009_takes_orders_refunded_before_it_out_of_the_counters_on_the_hub(hub: str) -> None:
    """Counters as the code before 0009 left them (a full refund still counted as an order and
    as its rules' earnings) are corrected by 0009's SQL on PostgreSQL to equal a replay."""
    import importlib

    from pos_loyalty.store.database import transaction
    from pos_loyalty.store.running_totals import replay_counters, stored_counters, without_zeros

    number = customers.enrol(customers.CustomerInput("Old Refund", "0655555556"))[1].number
    for i in range(3):
        checkout.commit(make_order(f"M-{i}", number, [("CAKE", 1, "9.90")]), when=at(3 + i))
    refunds.refund("M-1", "RM-1", "full", when=at(9))
    replayed = without_zeros(replay_counters(db.obj))
    customer = Card.get(Card.number == number).customer_id
    with transaction():  # what the old code kept: M-1 still counted from its day on
        db.execute_sql("UPDATE customer_day SET orders_to_date = orders_to_date + 1 WHERE customer_id = %s AND day >= %s", (customer, at(4).date()))
        db.execute_sql("UPDATE customer_rule_day SET orders = orders + 1 WHERE customer_id = %s AND day = %s", (customer, at(4).date()))
    assert without_zeros(stored_counters(db.obj)) != replayed
    with transaction():
        importlib.import_module("pos_loyalty.store.migrations.0009_refunded_orders_leave_the_history").up(None, db.obj)
    assert without_zeros(stored_counters(db.obj)) == replayed


def test_a_programme_imports_on_the_hub_as_on_sqlite(hub: str, tmp_path: Path) -> None:
    """The import's temporary tables, ids past the highest and the sequences moved past them,
    on PostgreSQL: the imported cards are found, later rows get fresh ids, a second import
    changes nothing."""
    from pos_loyalty.services import programme_import
    from pos_loyalty.store.models import Customer
    from pos_loyalty.store.running_totals import replayed_lot_totals, stored_lot_totals

    manager = ensure_manager()
    customers.enrol(customers.CustomerInput("Before Import", "", "before@example.com"))
    path = tmp_path / "programme.csv"
    path.write_text("name,email,card,points,expires\nAnn Smith,ann@example.com,OLD-1,120,2030-12-31\nBob Jones,bob@example.com,OLD-2,5,\n", encoding="utf-8")
    report = programme_import.import_file(path, "Maya", manager_pin=manager)
    assert (report.customers, report.cards, report.points) == (2, 2, 125)
    assert cards.lookup("old-1").customer_name == "Ann Smith" and [c.name for c in customers.search("bob")] == ["Bob Jones"]
    after, _card = customers.enrol(customers.CustomerInput("After Import", "", "after@example.com"))  # the sequence moved past the imported ids
    assert after.id > max(c.id for c in Customer.select().where(Customer.name != "After Import"))
    adjustments.adjust("OLD1", 10, "goodwill", manager)
    assert programme_import.import_file(path, "Maya", manager_pin=manager).written is False
    _balances_match_ledger()
    assert stored_lot_totals(db.obj) == replayed_lot_totals(db.obj)
