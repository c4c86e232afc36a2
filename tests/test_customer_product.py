"""A customer's product history (migration 0011, `customer_product`): separate orders containing
each sku and the units bought, net of refunds, kept in the sale's and the refund's transaction
— one statement per sale — and equal to a replay of the orders; the migration fills it from
the orders already there."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from pos_loyalty.domain.errors import LoyaltyError
from pos_loyalty.services import checkout, customers, refunds, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Card, db
from pos_loyalty.store.running_totals import fill_products, replay_products, stored_products

from .conftest import MANAGER_PIN, ensure_manager, make_order
from .test_running_totals import _statements

START = dt.datetime(2026, 2, 2, 10)


def history(card: str) -> dict[str, tuple[int, int]]:
    customer = Card.get(Card.number == card).customer_id
    return {sku: v for (c, sku), v in stored_products(db.obj).items() if c == customer}


def test_orders_not_quantity_and_refunds_take_back(store: Path, card: str) -> None:
    ensure_manager()
    for i, qty in enumerate((10, 5, 7)):
        checkout.commit(make_order(f"W-{i}", card, [("WIDGET", qty, "1.00"), ("CAKE", 1, "3.00")]), when=START + dt.timedelta(days=i))
    checkout.commit(make_order("W-3", card, [("WIDGET", 2, "1.00"), ("WIDGET", 1, "1.00")]), when=START + dt.timedelta(days=3))
    assert history(card) == {"WIDGET": (4, 25), "CAKE": (3, 3)}
    refunds.refund("W-3", "R-3a", "partial", {0: 2}, when=START + dt.timedelta(days=4), manager_pin=MANAGER_PIN)
    assert history(card) == {"WIDGET": (4, 23), "CAKE": (3, 3)}  # one widget of W-3 left: still an order with it
    refunds.refund("W-3", "R-3b", "partial", {1: 1}, when=START + dt.timedelta(days=4), manager_pin=MANAGER_PIN)
    assert history(card)["WIDGET"] == (3, 22)  # none left: the order no longer counts
    refunds.refund("W-1", "R-1", "full", when=START + dt.timedelta(days=5), manager_pin=MANAGER_PIN)
    refunds.refund("W-0", "R-0", "cancel", when=START + dt.timedelta(days=5), manager_pin=MANAGER_PIN)
    assert history(card) == {"WIDGET": (1, 7), "CAKE": (1, 1)}
    assert stored_products(db.obj) == replay_products(db.obj)


def test_a_sale_writes_its_products_in_one_statement(store: Path, card: str) -> None:
    lines = [(f"SKU-{i}", 1 + i % 3, "1.00") for i in range(30)]
    seen = _statements(lambda: checkout.commit(make_order("BIG", card, lines), when=START))
    writes = [s for s in seen if s.startswith("INSERT INTO customer_product")]
    assert len(writes) == 1 and writes[0].count("), (") == 29  # one statement of 30 rows (store.statements.write_rows)
    assert len(history(card)) == 30


def test_the_migration_fills_it_from_the_orders(store: Path, card: str) -> None:
    ensure_manager()
    checkout.commit(make_order("M-1", card, [("WIDGET", 3, "1.00"), ("CAKE", 1, "3.00")]), when=START)
    checkout.commit(make_order("M-2", card, [("WIDGET", 4, "1.00")]), when=START)
    refunds.refund("M-1", "RM-1", "partial", {1: 1}, when=START, manager_pin=MANAGER_PIN)
    expected = stored_products(db.obj)
    with db.obj.atomic():
        fill_products(db.obj)
    assert stored_products(db.obj) == expected == {(Card.get(Card.number == card).customer_id, "WIDGET"): (2, 7)}


line = st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(1, 3))
operation = st.one_of(
    st.tuples(st.just("order"), st.lists(line, min_size=1, max_size=4)),
    st.tuples(st.just("partial"), st.tuples(st.integers(0, 20), st.integers(0, 3), st.integers(1, 2))),
    st.tuples(st.just("full"), st.tuples(st.integers(0, 20), st.booleans())),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=15))
def test_stored_equals_replay(ops) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        open_store(str(Path(folder) / "prop.db"))
        try:
            users.add_user("Maya", "manager", MANAGER_PIN)
            _c, card = customers.enrol(customers.CustomerInput("Prop Erty", "0611111111"))
            orders: list[str] = []
            for step, (kind, arg) in enumerate(ops):
                when = START + dt.timedelta(days=step)
                try:
                    if kind == "order":
                        checkout.commit(make_order(f"P{step}", card.number, [(sku, q, "2.00") for sku, q in arg]), when=when)
                        orders.append(f"P{step}")
                    elif kind == "partial" and orders:
                        refunds.refund(orders[arg[0] % len(orders)], f"R{step}", "partial", {arg[1]: arg[2]}, when=when, manager_pin=MANAGER_PIN)
                    elif kind == "full" and orders:
                        refunds.refund(orders[arg[0] % len(orders)], f"R{step}", "cancel" if arg[1] else "full", when=when, manager_pin=MANAGER_PIN)
                except LoyaltyError:
                    pass
                assert stored_products(db.obj) == replay_products(db.obj)
        finally:
            close_database()


def test_migration_0011_fills_the_history_of_a_file_made_before_it(tmp_path: Path) -> None:
    """A till's file from before 0011: its orders (a partial refund, a cancelled order, a free
    reward line) give the product history when the file is opened, and sales then add to it."""
    from peewee import SqliteDatabase
    from playhouse.migrations import Runner

    from pos_loyalty.store.database import MIGRATIONS_DIR

    from pos_loyalty.domain.card_numbers import check_digit

    number = "10000000000" + check_digit("10000000000")
    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target="0008_programme")
    run = old.execute_sql
    run("INSERT INTO customer (id, name, name_key, marketing_opt_in, created_at) VALUES (1, 'Old Timer', 'old timer', 0, '2026-01-01')")
    run("INSERT INTO card (id, number, status, customer_id, balance, created_at) VALUES (1, ?, 'active', 1, 0, '2026-01-01')", (number,))
    for oid, status in ((1, "partially_refunded"), (2, "cancelled"), (3, "committed")):
        run('INSERT INTO "order" (id, order_id, card_id, customer_id, "at", status, currency, subtotal, discount, rewards_off, tax, shipping, '
            "shipping_off, total, points_earned, points_spent, points_awarded, content_hash, rules_checksum) "
            f"VALUES ({oid}, 'O-{oid}', 1, 1, '2026-02-0{oid} 10:00:00', '{status}', 'EUR', 100000, 0, 0, 0, 0, 0, 100000, 0, 0, 1, 'h', 'c')")
    lines = [(1, 0, "WIDGET", 3, None), (1, 1, "CAKE", 1, None), (2, 0, "WIDGET", 5, None), (3, 0, "WIDGET", 2, None), (3, 1, "COFFEE", 1, "free-coffee")]
    for order_id, position, sku, quantity, reward in lines:
        run("INSERT INTO order_line (order_id, position, sku, name, quantity, unit_price, line_total, reward_id) VALUES (?, ?, ?, '', ?, 10000, 10000, ?)",
            (order_id, position, sku, quantity, reward))
    for rid, order_id, kind in ((1, 1, "partial"), (2, 2, "cancel")):
        run("INSERT INTO refund (id, refund_id, order_id, \"at\", kind, amount, points_reversed, points_returned, flagged_negative, content_hash, \"user\") "
            f"VALUES ({rid}, 'R-{rid}', {order_id}, '2026-02-05', '{kind}', 10000, 0, 0, 0, 'h', '')")
    run("INSERT INTO refund_line (refund_id, position, quantity) VALUES (1, 1, 1), (1, 0, 1), (2, 0, 5)")
    old.close()

    open_store(str(path))
    try:
        assert stored_products(db.obj) == replay_products(db.obj) == {(1, "WIDGET"): (2, 4)}  # CAKE refunded, O-2 cancelled, free coffee not bought
        checkout.commit(make_order("O-4", number, [("CAKE", 2, "1.00")]), when=START)
        assert stored_products(db.obj) == {(1, "WIDGET"): (2, 4), (1, "CAKE"): (1, 2)}
    finally:
        close_database()
