"""services.orders on a real SQLite file: find an order (by id, or a card's recent orders) and
everything the refund screen shows about it — what is left to refund always matches refunds.plan."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import NotFound, ValidationError
from pos_loyalty.services import adjustments, cards, checkout, orders, refunds

from .conftest import activate_demo_rules, at, ensure_manager, make_order, query_plan, traced


def test_detail_of_a_fresh_order(store: Path, card: str) -> None:
    checkout.commit(make_order("O-1", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")]), when=at(2))
    d = orders.detail("O-1")
    assert (d.order_id, d.at, d.card_number, d.customer_name, d.status, d.currency) == ("O-1", at(2), card, "Ann Smith", "committed", "EUR")
    assert d.total == Decimal("30.50") and d.refunded_amount == 0 and d.open and not d.any_refunded
    assert (d.points_earned, d.points_spent, d.points_awarded) == (90, 0, True)
    assert d.balance == cards.lookup(card).balance == 90
    assert [(l.position, l.sku, l.quantity, l.unit_price, l.line_total, l.refunded, l.refundable, l.reward_id) for l in d.lines] == [
        (0, "COFFEE", 2, Decimal("2.80"), Decimal("5.60"), 0, 2, None), (1, "BEANS", 1, Decimal("24.90"), Decimal("24.90"), 0, 1, None)]
    assert [(e.rule_id, e.points, e.reversed) for e in d.earnings] == [("spend", 30, 0), ("beans-bonus", 10, 0), ("welcome", 50, 0)]
    assert d.rule_name("beans-bonus") == "Coffee beans bonus" and d.rule_name("gone") == "gone"
    assert d.refunds == ()


def test_detail_after_a_partial_refund_shows_what_is_left(store: Path, card: str) -> None:
    checkout.commit(make_order("O-2", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")]), when=at(2))
    made = refunds.refund("O-2", "RF-1", "partial", {0: 1}, when=at(3), user="Sam")
    d = orders.detail("O-2")
    assert d.status == "partially_refunded" and d.open and d.any_refunded
    assert [(l.refunded, l.refundable) for l in d.lines] == [(1, 1), (0, 1)]
    assert d.refunded_amount == Decimal(made.amount) == Decimal("2.80")
    (r,) = d.refunds
    assert (r.refund_id, r.kind, r.amount, r.points_reversed, r.points_returned, r.flagged_negative, r.at, r.user) == (
        "RF-1", "partial", Decimal("2.80"), made.points_reversed, 0, False, at(3), "Sam")
    assert sum(e.reversed for e in d.earnings) == made.points_reversed
    assert d.balance == cards.lookup(card).balance == 90 - made.points_reversed
    # what is left is exactly what the refund maths accepts
    refunds.plan("O-2", "partial", {line.position: line.refundable for line in d.lines})
    with pytest.raises(ValidationError, match="only 1 left"):
        refunds.plan("O-2", "partial", {0: 2})


def test_fully_refunded_order_has_nothing_left(store: Path, card: str) -> None:
    checkout.commit(make_order("O-3", card, [("COFFEE", 2, "2.80")]), when=at(2))
    refunds.refund("O-3", "RF-2", "full", when=at(3))
    d = orders.detail("O-3")
    assert d.status == "refunded" and not d.open
    assert [(l.refunded, l.refundable) for l in d.lines] == [(2, 0)]


def test_free_reward_lines_are_flagged_and_not_refundable(store: Path, card: str, manager: str) -> None:
    adjustments.adjust(card, 300, "starting balance for the test", manager)
    checkout.commit(make_order("O-4", card, [("CAKE", 1, "10.00")], rewards=[{"id": "free-coffee"}]), when=at(2))
    d = orders.detail("O-4")
    free = [l for l in d.lines if l.reward_id]
    assert [(l.sku, l.reward_id, l.refundable) for l in free] == [("COFFEE", "free-coffee", 0)]
    assert d.points_spent == 120


def test_unknown_or_blank_order(store: Path) -> None:
    with pytest.raises(NotFound) as err:
        orders.detail("NOPE-1")
    assert err.value.field == "order_id" and "NOPE-1" in err.value.message
    with pytest.raises(ValidationError) as blank:
        orders.detail("  ")
    assert blank.value.field == "order_id"


def test_of_card_lists_recent_orders_newest_first(store: Path, card: str) -> None:
    for day in (2, 5, 3, 4):
        checkout.commit(make_order(f"D-{day}", card, [("CAKE", day, "1.00")]), when=at(day))
    checkout.commit(make_order("OTHER", None), when=at(6))  # no card: not listed
    listed = orders.of_card(card)
    assert [o.order_id for o in listed] == ["D-5", "D-4", "D-3", "D-2"]
    assert (listed[0].at, listed[0].items, listed[0].total, listed[0].card_number, listed[0].status) == (at(5), 5, Decimal("5.00"), card, "committed")
    assert [o.order_id for o in orders.of_card(card, limit=2)] == ["D-5", "D-4"]
    with pytest.raises(ValidationError):
        orders.of_card(card, limit=0)


def test_orders_follow_the_card_after_a_replacement(store: Path, card: str) -> None:
    checkout.commit(make_order("OLD-1", card, [("CAKE", 1, "4.00")]), when=at(2))
    new = cards.replace(card, manager_pin=ensure_manager()).number
    checkout.commit(make_order("NEW-1", new, [("CAKE", 1, "6.00")]), when=at(3))
    assert [o.order_id for o in orders.of_card(new)] == ["NEW-1", "OLD-1"]
    assert [o.order_id for o in orders.of_card(card)] == ["NEW-1", "OLD-1"]  # the old card's number finds them too
    d = orders.detail("OLD-1")
    assert d.card_number == new and d.balance == cards.lookup(new).balance


def test_a_cards_recent_orders_come_from_its_index_newest_first_across_its_replacements(store: Path, card: str) -> None:
    """Each card of the chain gives its newest orders from the (card, time, id) index (migration
    0022), the walk stopping at the limit: no sort of all the card's orders, however many it has."""
    for day in (2, 4, 6):
        checkout.commit(make_order(f"OLD-{day}", card, [("CAKE", 1, "4.00")]), when=at(day))
    new = cards.replace(card, manager_pin=ensure_manager()).number
    for day in (3, 5, 7):
        checkout.commit(make_order(f"NEW-{day}", new, [("CAKE", 1, "6.00")]), when=at(day))
    assert [o.order_id for o in orders.of_card(new, limit=4)] == ["NEW-7", "OLD-6", "NEW-5", "OLD-4"]
    _listed, sent = traced(lambda: orders.of_card(new))
    reads = [sql for sql in sent if 'FROM "order"' in sql]
    assert len(reads) == 2  # one per card of the chain
    for sql in reads:
        plan = query_plan(sql)
        assert "order_card_id_at_id" in plan and "TEMP B-TREE" not in plan, plan


def test_find_an_order_id_or_a_card_number(store: Path, card: str) -> None:
    checkout.commit(make_order("F-1", card), when=at(2))
    checkout.commit(make_order("F-2", card), when=at(3))
    by_id = orders.find(" F-1 ")
    assert by_id.order is not None and by_id.order.order_id == "F-1" and by_id.orders == ()
    spaced = " ".join([card[:4], card[4:8], card[8:]])  # as printed on the card
    by_card = orders.find(spaced)
    assert by_card.order is None and by_card.card_number == card and [o.order_id for o in by_card.orders] == ["F-2", "F-1"]
    with pytest.raises(NotFound) as err:
        orders.find("NOPE-1")
    assert err.value.field == "order_id"
    mistyped = card[:-1] + str((int(card[-1]) + 1) % 10)
    with pytest.raises(NotFound, match="check digit") as err:
        orders.find(mistyped)
    assert err.value.field == "order_id"
    with pytest.raises(ValidationError):
        orders.find("")


def test_balance_after_is_what_the_refund_leaves(store: Path, card: str, manager: str) -> None:
    adjustments.adjust(card, 300, "starting balance for the test", manager)
    checkout.commit(make_order("B-1", card, [("CAKE", 2, "10.00")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(2))
    partial = refunds.plan("B-1", "partial", {0: 1})
    assert orders.balance_after(orders.detail("B-1"), partial) == cards.lookup(card).balance - partial.points_reversed
    whole = refunds.plan("B-1", "full")
    expected = orders.balance_after(orders.detail("B-1"), whole)
    assert whole.points_returned == 100
    refunds.refund("B-1", "RF-B", "full", when=at(3))
    assert cards.lookup(card).balance == expected
    no_card = "B-2"
    checkout.commit(make_order(no_card, None), when=at(3))
    assert orders.balance_after(orders.detail(no_card), refunds.plan(no_card, "full")) is None


def test_balance_after_when_the_points_were_never_awarded(store: Path, card: str, tmp_path: Path) -> None:
    activate_demo_rules(tmp_path, "fulfil", award_on="fulfilled")
    checkout.commit(make_order("W-1", card, [("CAKE", 1, "20.00")]), when=at(2))
    d = orders.detail("W-1")
    assert not d.points_awarded and d.points_earned == 70 and d.balance == 0
    plan = refunds.plan("W-1", "full")
    assert plan.points_reversed == 70 and orders.balance_after(d, plan) == 0
    refunds.refund("W-1", "RF-W", "full", when=at(3))
    assert cards.lookup(card).balance == 0


def test_reading_writes_nothing(store: Path, card: str) -> None:
    checkout.commit(make_order("N-1", card), when=at(2))
    refunds.refund("N-1", "RF-N", "partial", {0: 1}, when=at(3))

    def dump() -> str:
        conn = sqlite3.connect(store)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()

    before = dump()
    orders.detail("N-1")
    orders.find("N-1")
    orders.find(card)
    orders.balance_after(orders.detail("N-1"), refunds.plan("N-1", "full"))
    with pytest.raises(NotFound):
        orders.find("NOPE")
    assert dump() == before
