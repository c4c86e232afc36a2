"""A customer's history (README "A customer's history"): an order refunded in full — by a full
refund, a cancellation or partial refunds of every line — no longer counts toward a tier, the
first-order bonus, or a rule's once-a-day earning."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from pos_loyalty.resources import resource_path
from pos_loyalty.services import cards, checkout, counters, refunds, rules_sync
from pos_loyalty.store.models import Card

from .conftest import ensure_manager, make_order

START = dt.datetime(2026, 3, 2, 10)


def tier_of(number: str, when: dt.datetime) -> str | None:
    return cards.card_state(Card.get(Card.number == number), rules_sync.active_rules()[0], when).tier


def test_a_fully_refunded_order_no_longer_lifts_a_tier(store: Path, card: str) -> None:
    """Silver needs 10 orders (or 200.00) in a year: ten orders of 10.00 reach it; refunding
    one in full (here by two partial refunds that together take every line) takes it away."""
    for i in range(10):
        checkout.commit(make_order(f"T-{i}", card, [("CAKE", 2, "5.00")]), when=START + dt.timedelta(days=i))
    assert tier_of(card, START + dt.timedelta(days=11)) == "Silver"
    refunds.refund("T-4", "R-4a", "partial", {0: 1}, when=START + dt.timedelta(days=12))
    assert tier_of(card, START + dt.timedelta(days=12)) == "Silver"  # half of it: still an order
    refunds.refund("T-4", "R-4b", "partial", {0: 1}, when=START + dt.timedelta(days=12))
    customer = Card.get(Card.number == card).customer_id
    assert counters.stats(customer, [START]) == (9, [(9, Decimal("90.00"))])
    assert tier_of(card, START + dt.timedelta(days=12)) == "Bronze"


def test_a_full_refund_takes_the_order_and_its_amount_out_of_the_tier_figures(store: Path, card: str) -> None:
    for i in range(3):
        checkout.commit(make_order(f"F-{i}", card, [("CAKE", 1, "40.00")]), when=START + dt.timedelta(days=i))
    refunds.refund("F-1", "R-F1", "full", when=START + dt.timedelta(days=5))
    customer = Card.get(Card.number == card).customer_id
    assert counters.stats(customer, [START + dt.timedelta(days=1)]) == (2, [(1, Decimal("40.00"))])


def test_a_refunded_first_order_lets_the_next_order_earn_the_welcome_bonus(store: Path, card: str) -> None:
    first = checkout.commit(make_order("W-1", card, [("CAKE", 1, "20.00")]), when=START)
    assert first.points_earned == 20 + 50
    refunds.refund("W-1", "R-W1", "full", when=START + dt.timedelta(hours=1))
    second = checkout.commit(make_order("W-2", card, [("CAKE", 1, "20.00")]), when=START + dt.timedelta(days=1))
    assert second.points_earned == 20 + 50
    third = checkout.commit(make_order("W-3", card, [("CAKE", 1, "20.00")]), when=START + dt.timedelta(days=2))
    assert third.points_earned == 20  # W-2 still counts: the bonus is once


def test_a_once_a_day_rule_earns_again_the_day_its_earning_order_was_refunded(store: Path, card: str, tmp_path: Path) -> None:
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = "daily-visit"
    data["earning_rules"].append({"id": "visit", "name": "10 points a day for a visit", "mode": "fixed", "points": 10, "frequency": "daily"})
    path = tmp_path / "daily.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())
    morning = checkout.commit(make_order("D-1", card, [("CAKE", 1, "5.00")]), when=START)
    assert morning.points_earned == 5 + 50 + 10
    refunds.refund("D-1", "R-D1", "full", when=START + dt.timedelta(hours=1))
    noon = checkout.commit(make_order("D-2", card, [("CAKE", 1, "5.00")]), when=START + dt.timedelta(hours=2))
    assert noon.points_earned == 5 + 50 + 10  # the visit and the welcome again: D-1 no longer counts
    evening = checkout.commit(make_order("D-3", card, [("CAKE", 1, "5.00")]), when=START + dt.timedelta(hours=8))
    assert evening.points_earned == 5  # D-2 earned today's visit
