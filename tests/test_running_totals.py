"""Running totals (migration 0006): a card's open lots and a customer's counters are kept with
every write, so a sale costs the same on a long history; expiry writes off every lot; a
transfer reads as one line; the history is read a page at a time."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path


from pos_loyalty.services import adjustments, cards, checkout, counters, customers, expiry, refunds, rules_sync
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import Card, CardLot, Order, db
from pos_loyalty.store.running_totals import replayed_lot_totals, stored_lot_totals

from .conftest import activate_demo_rules, make_order, ensure_manager


def balance(number: str) -> int:
    return Card.get(Card.number == number).balance


def fixed_expiry(tmp_path: Path) -> None:
    activate_demo_rules(tmp_path, "fixed-expiry", points_expire_after_days=None, points_expire_on="2026-12-31")


# -- expiry (issue 9) ---------------------------------------------------------------------


def test_orders_after_the_fixed_expiry_date_earn_nothing_spendable(store: Path, card: str, tmp_path: Path) -> None:
    """5 and 6 January 2027 under `points_expire_on: 2026-12-31`: their points would already be
    expired, so none are awarded (before, the second day's points never expired at all)."""
    fixed_expiry(tmp_path)
    first = checkout.commit(make_order("J-5", card, [("CAKE", 1, "40.00")]), when=dt.datetime(2027, 1, 5, 10))
    cards.lookup(card)  # a scan in between writes off what is due
    expiry.sweep(dt.datetime(2027, 1, 5, 18))
    second = checkout.commit(make_order("J-6", card, [("CAKE", 1, "40.00")]), when=dt.datetime(2027, 1, 6, 10))
    expiry.sweep(dt.datetime(2027, 1, 7))
    assert (first.points_earned, second.points_earned) == (0, 0)
    assert balance(card) == 0
    quote, _rules = checkout.quote(make_order("J-7", card, [("CAKE", 1, "40.00")]), when=dt.datetime(2027, 1, 7, 10))
    assert quote.points_earned == 0 and any("expired on 2026-12-31" in e.explanation for e in quote.earnings)


def test_every_lot_expires_even_two_with_the_same_expiry(store: Path, card: str, tmp_path: Path) -> None:
    """A second lot with the same expiry timestamp as one already written off expires too
    (the expiry entry's key is the lot, not the card and date)."""
    fixed_expiry(tmp_path)
    checkout.commit(make_order("D-5", card, [("CAKE", 1, "80.00")]), when=dt.datetime(2026, 12, 5, 10))  # 100 + 50 welcome
    checkout.commit(make_order("D-10", card, [("CAKE", 1, "10.00")], rewards=[{"id": "pay-with-points", "points": 100}]),
                    when=dt.datetime(2026, 12, 10, 10))
    left = balance(card)
    assert left > 0 and expiry.sweep(dt.datetime(2027, 1, 2)) == {card: left}
    assert balance(card) == 0
    # Giving back the 100 points D-10 spent lands a new lot expiring 2026-12-31 23:59:59.999999,
    # like the first one (less what D-10 earned, reversed first).
    refunds.refund("D-10", "R-1", "full", when=dt.datetime(2027, 1, 5, 10))
    returned = balance(card)
    assert 90 <= returned <= 100
    assert expiry.sweep(dt.datetime(2027, 1, 6)) == {card: returned}
    assert balance(card) == 0
    assert CardLot.select().count() == 0


# -- flat in the history ------------------------------------------------------------------


def _statements(action) -> list[str]:  # type: ignore[no-untyped-def]
    """The SQL statements `action` runs (the driver's trace)."""
    seen: list[str] = []
    conn: sqlite3.Connection = db.obj.connection()
    conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return [" ".join(s.split()) for s in seen]


def _busy_card(number: str, orders: int, start: dt.datetime) -> None:
    for i in range(orders):
        rewards = [{"id": "pay-with-points", "points": 100}] if i % 5 == 4 else []
        checkout.commit(make_order(f"{number}-{i}", number, [("CAKE", 1, "30.00")], rewards=rewards), when=start + dt.timedelta(hours=i))


def test_scan_quote_and_commit_never_read_the_history(store: Path, card: str) -> None:
    """The same statements for a card with 3 orders and one with 120, and none of them reads
    the ledger or the customer's orders beyond one day."""
    _c, other = customers.enrol(customers.CustomerInput("Bo Busy", "+44 7700 900999"))
    start = dt.datetime(2026, 6, 1, 9)
    _busy_card(card, 3, start)
    _busy_card(other.number, 120, start)
    rules, _ = rules_sync.active_rules()
    when = start + dt.timedelta(days=30)
    runs = {}
    for number in (card, other.number):
        runs[number] = (_statements(lambda: cards.lookup(number, rules)),
                        _statements(lambda: checkout.quote(make_order(f"Q-{number}", number, [("CAKE", 1, "30.00")]), when=when)),
                        _statements(lambda: checkout.commit(make_order(f"C-{number}", number, [("CAKE", 1, "30.00")],
                                                                       rewards=[{"id": "pay-with-points", "points": 100}]), when=when)))
    small, big = runs[card], runs[other.number]
    commit = big[2]
    assert sum(1 for st in commit if st.startswith("SELECT") and 'FROM "order"' in st and '"order_id" = ' in st) == 1  # the order id, once
    assert sum(1 for st in commit if st.startswith("SELECT") and re.search(r'FROM "?card"?\b', st)) == 1  # the card, once
    assert sum(1 for st in commit if st.startswith("UPDATE card SET balance")) == 1  # one balance update for spend and earn
    for few, many in zip(small, big):
        assert {_shape(s) for s in few} == {_shape(s) for s in many}
        for statement in many:
            assert "ledger_entry" not in statement or statement.startswith("INSERT INTO ledger_entry"), statement
            if 'FROM "order"' in statement:  # only the order itself, or one day of the customer's orders
                assert '"order_id" = ' in statement or ('"at" >= ' in statement and '"at" < ' in statement), statement


def _shape(statement: str) -> str:
    """A statement without its values."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", statement)


def test_tier_figures_come_from_the_counters_net_of_refunds(store: Path, card: str) -> None:
    start = dt.datetime(2026, 3, 1, 15)
    for i in range(10):
        checkout.commit(make_order(f"T-{i}", card, [("CAKE", 1, "25.00")]), when=start + dt.timedelta(days=i))
    customer = Card.get(Card.number == card).customer_id
    since = start + dt.timedelta(days=2, hours=-1)  # inside the third order's day, before it
    orders, [(count, spent)] = counters.stats(customer, [since])
    assert (orders, count, spent) == (10, 8, 200)
    refunds.refund("T-9", "RT-9", "partial", {0: 1}, when=start + dt.timedelta(days=20))
    refunds.refund("T-5", "RT-5", "cancel", when=start + dt.timedelta(days=20))
    orders, [(count, spent)] = counters.stats(customer, [since])
    assert (orders, count, spent) == (8, 6, 150)  # neither counts: the cancel, nor T-9's refund of its only line
    refunds.refund("T-8", "RT-8", "full", when=start + dt.timedelta(days=20))
    tier = cards.card_state(Card.get(Card.number == card), rules_sync.active_rules()[0],
                            start + dt.timedelta(days=21)).tier
    orders, [(count, spent)] = counters.stats(customer, [since])
    assert (orders, count, spent) == (7, 5, 125)  # refunded in full: no longer an order, like the cancel
    assert tier == "Bronze"  # 7 orders and 175.00 net: neither threshold of Silver (10 orders or 200.00)


def test_a_rule_limited_to_once_a_day_earns_once_that_day(store: Path, card: str) -> None:
    customer = Card.get(Card.number == card).customer_id
    when = dt.datetime(2026, 5, 6, 12)  # a Wednesday
    with transaction():
        counters.record_order(customer, dt.datetime(2026, 5, 4, 9), checkout_total("5.00"), ["daily", "weekly"])
    earned = counters.earned_in_period(customer, [("daily", "daily"), ("weekly", "weekly"), ("monthly", "monthly"), ("other", "yearly")], when)
    assert set(earned) == {"weekly"}  # Monday is this week, not today; nothing for the others


def checkout_total(text: str):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    return Decimal(text)


# -- transfers and history ----------------------------------------------------------------


def test_a_transfer_is_one_line_of_history_on_each_card(store: Path, card: str) -> None:
    for i, day in enumerate((1, 40, 80)):
        checkout.commit(make_order(f"X-{i}", card, [("CAKE", 1, "20.00")]), when=dt.datetime.now() - dt.timedelta(days=100 - day))
    lots_before = len(CardLot.select().where(CardLot.card == Card.get(Card.number == card)))
    assert lots_before == 3
    moved = balance(card)
    new = cards.replace(card, reason="lost", manager_pin=ensure_manager())
    rows = cards.history(Card.get(Card.number == new.number))
    transfers = [r for r in rows if r.kind == "transfer"]
    assert [(t.card, t.points) for t in transfers] == [(new.number, moved)]
    assert sum(r.points for r in rows if r.kind != "transfer") == moved  # the earnings on the old card, once each
    old_rows = cards.history(Card.get(Card.number == card))
    assert [(r.card, r.points) for r in old_rows if r.kind == "transfer"] == [(card, -moved)]
    assert stored_lot_totals(db.obj) == replayed_lot_totals(db.obj)
    assert CardLot.select().where(CardLot.card == Card.get(Card.number == new.number)).count() == 3


def test_history_is_read_a_page_at_a_time(store: Path, card: str, manager: str) -> None:
    for i in range(25):
        adjustments.adjust(card, 1 + i, "page test", manager, when=dt.datetime(2026, 1, 1) + dt.timedelta(hours=i // 2))
    c = Card.get(Card.number == card)
    everything = cards.history(c)
    pages, after = [], None
    while True:
        page = cards.history(c, limit=7, after=after)
        if not page:
            break
        pages.append(page)
        after = page[-1]
    assert [len(p) for p in pages] == [7, 7, 7, 5, 1][: len(pages)] or sum(map(len, pages)) == len(everything)
    assert [r for p in pages for r in p] == everything
    assert all(len(p) <= 7 for p in pages)


def test_migration_fills_the_running_totals_from_an_existing_ledger(store: Path, card: str) -> None:
    _busy_card(card, 12, dt.datetime(2026, 2, 1, 9))
    refunds.refund(f"{card}-3", "RM-1", "cancel", when=dt.datetime(2026, 2, 3))
    from pos_loyalty.store.running_totals import rebuild, replay_counters, stored_counters, without_zeros

    before_lots, before_counters = stored_lot_totals(db.obj), without_zeros(stored_counters(db.obj))
    assert before_lots == replayed_lot_totals(db.obj) and before_counters == without_zeros(replay_counters(db.obj))
    with transaction():
        rebuild(db.obj)
    assert stored_lot_totals(db.obj) == before_lots and without_zeros(stored_counters(db.obj)) == before_counters
    assert Order.select().count() == 12


def test_migration_0006_fills_lots_and_counters_from_a_database_made_before_it(tmp_path: Path) -> None:
    """A till's file from before 0006 (ledger and orders written by the old code: two lots of
    the same expiry, a spend, a cancelled order, a negative balance paid back) opens with its
    open lots and counters filled, and they then move with the sales as on a new file."""
    from peewee import SqliteDatabase
    from playhouse.migrations import Runner

    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store.database import MIGRATIONS_DIR, close_database

    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target="0002_ledger_append_only")
    run = old.execute_sql
    run("INSERT INTO customer (id, name, name_key, marketing_opt_in, created_at) VALUES (1, 'Old Timer', 'old timer', 0, '2026-01-01')")
    run("INSERT INTO card (id, number, status, customer_id, balance, created_at) VALUES (1, '100000000009', 'active', 1, 0, '2026-01-01')")
    expiry = "2026-12-31 23:59:59.999999"
    for oid, at, status, total in ((1, "2026-02-01 10:00:00", "committed", 200000), (2, "2026-02-01 15:00:00", "cancelled", 50000),
                                   (3, "2026-03-05 09:00:00", "committed", 100000)):
        run('INSERT INTO "order" (id, order_id, card_id, customer_id, "at", status, currency, subtotal, discount, rewards_off, tax, shipping, '
            "shipping_off, total, points_earned, points_spent, points_awarded, content_hash, rules_checksum) "
            f"VALUES ({oid}, 'O-{oid}', 1, 1, '{at}', '{status}', 'EUR', {total}, 0, 0, 0, 0, 0, {total}, 20, 0, 1, 'h', 'c')")
        run(f"INSERT INTO order_earning (order_id, rule_id, points, mode, effective_points, order_amount, minimum_order, eligible_lines, explanation) "
            f"VALUES ({oid}, 'spend', 20, 'per_amount', '1', {total}, 0, '0', '')")
    run("INSERT INTO refund (id, refund_id, order_id, \"at\", kind, amount, points_reversed, points_returned, flagged_negative, content_hash, \"user\") "
        "VALUES (1, 'R-2', 2, '2026-02-02 10:00:00', 'cancel', 50000, 20, 0, 1, 'h', '')")
    entries = [(1, 20, "earn", "2026-02-01 10:00:00", expiry, 1), (2, 20, "earn", "2026-02-01 15:00:00", expiry, 2),
               (3, -45, "spend", "2026-02-01 16:00:00", None, None), (4, -20, "reverse", "2026-02-02 10:00:00", None, 2),
               (5, 20, "earn", "2026-03-05 09:00:00", "2027-03-05 09:00:00", 3)]
    for eid, points, kind, at, expires, order in entries:
        run("INSERT INTO ledger_entry (id, card_id, points, kind, \"at\", expires_at, order_id, refund_id, idempotency_key, note, \"user\") "
            "VALUES (?, 1, ?, ?, ?, ?, ?, NULL, ?, '', '')", (eid, points, kind, at, expires, order, f"k{eid}"))
    run("UPDATE card SET balance = -5 WHERE id = 1")  # 20 + 20 - 45 - 20 = -25 (flagged); the last earning pays 20 of that debt back
    old.close()

    open_store(str(path))
    try:
        assert stored_lot_totals(db.obj) == replayed_lot_totals(db.obj) == {}  # -5: all lots spent, debt 5 left
        from pos_loyalty.store.running_totals import replay_counters, stored_counters, without_zeros

        days, rules = stored_counters(db.obj)
        assert without_zeros((days, rules)) == without_zeros(replay_counters(db.obj))
        assert days[(1, dt.date(2026, 2, 1))] == [1, 200000, 20, 0] and days[(1, dt.date(2026, 3, 5))] == [2, 300000, 40, 0]  # orders, spent, points earned, reviews
        orders, [(count, spent)] = counters.stats(1, [dt.datetime(2026, 2, 15)])
        assert (orders, count, spent) == (2, 1, 10)
        adjustments_before = Card.get_by_id(1).balance
        with transaction():
            from pos_loyalty.services import ledger

            ledger.append(Card.get_by_id(1), 30, "adjust", "after-migration", at=dt.datetime(2026, 4, 1))
        assert Card.get_by_id(1).balance == adjustments_before + 30
        assert stored_lot_totals(db.obj) == replayed_lot_totals(db.obj) == {1: {dt.datetime(9999, 12, 31, 23, 59, 59): 25}}
    finally:
        close_database()
