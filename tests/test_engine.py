"""The engine: points earned (seed 003's table), rewards, totals. Pure domain, no database."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from pos_loyalty.domain.engine import CardState, Engine
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.order import Order, OrderLine, RewardChoice, parse_order
from pos_loyalty.domain.rules import parse_bundle

NOW = dt.datetime(2026, 11, 22, 12, 0)


def bundle(earning: list[dict[str, Any]] | None = None, rewards: list[dict[str, Any]] | None = None, **settings: Any):  # type: ignore[no-untyped-def]
    return parse_bundle(json.dumps({
        "version": "t", "settings": {"currency": "EUR", **settings},
        "earning_rules": earning if earning is not None else [{"id": "spend", "name": "Spend", "mode": "per_amount", "points": 1, "per_amount": "1.00"}],
        "rewards": rewards or [],
    }))


def order(*lines: tuple[str, int, str, str | None], **extra: Any) -> Order:
    return Order("O", tuple(OrderLine(sku, qty, Decimal(price), collection=col) for sku, qty, price, col in lines),
                 **{k: Decimal(v) for k, v in extra.items()})


ACTIVE = CardState(balance=1000)


def test_points_per_amount_count_whole_steps_only() -> None:
    rules = bundle([{"id": "r", "name": "10 per 10", "mode": "per_amount", "points": 10, "per_amount": "10.00"}])
    q = Engine(rules).quote(order(("A", 1, "29.99", None)), ACTIVE, now=NOW)
    assert q.points_earned == 20
    assert "29.99" in q.earnings[0].explanation


def test_mixed_order_per_amount_counts_eligible_items_only() -> None:
    rules = bundle([{"id": "r", "name": "beans", "mode": "per_amount", "points": 1, "per_amount": "1.00",
                     "applies_to": {"kind": "collections", "collections": ["beans"]}}])
    q = Engine(rules).quote(order(("BEANS", 2, "10.00", "beans"), ("MUG", 1, "15.00", "kitchen")), ACTIVE, now=NOW)
    assert q.points_earned == 20


def test_mixed_order_fixed_points_scale_by_eligible_share() -> None:
    rules = bundle([{"id": "r", "name": "fixed", "mode": "fixed", "points": 100, "applies_to": {"kind": "products", "skus": ["A"]}}])
    q = Engine(rules).quote(order(("A", 1, "30.00", None), ("B", 1, "70.00", None)), ACTIVE, now=NOW)
    assert q.points_earned == 30
    all_eligible = Engine(rules).quote(order(("A", 2, "30.00", None)), ACTIVE, now=NOW)
    assert all_eligible.points_earned == 100


def test_minimum_order_amount() -> None:
    rules = bundle([{"id": "r", "name": "min", "mode": "fixed", "points": 50, "minimum_order": "20.00"}])
    assert Engine(rules).quote(order(("A", 1, "19.99", None)), ACTIVE, now=NOW).points_earned == 0
    assert Engine(rules).quote(order(("A", 1, "20.00", None)), ACTIVE, now=NOW).points_earned == 50


def test_order_total_includes_discounts_taxes_shipping_as_configured() -> None:
    o = order(("A", 1, "100.00", None), discount="20.00", tax="16.00", shipping="10.00")
    items_only = bundle(points_total_includes={"discounts": False, "taxes": False, "shipping": False})
    everything = bundle(points_total_includes={"discounts": True, "taxes": True, "shipping": True})
    after_discount = bundle(points_total_includes={"discounts": True, "taxes": False, "shipping": False})
    assert Engine(items_only).quote(o, ACTIVE, now=NOW).points_earned == 100
    assert Engine(everything).quote(o, ACTIVE, now=NOW).points_earned == 106
    assert Engine(after_discount).quote(o, ACTIVE, now=NOW).points_earned == 80


def test_suspended_customers_earn_nothing() -> None:
    q = Engine(bundle()).quote(order(("A", 1, "50.00", None)), CardState(status="suspended", balance=500), now=NOW)
    assert q.points_earned == 0
    assert "suspended" in q.earnings[0].explanation
    with pytest.raises(ValidationError):
        Engine(bundle(rewards=[{"type": "points", "id": "p", "name": "p", "conversion_factor": "0.10"}])).quote(
            order(("A", 1, "50.00", None)), CardState(status="suspended", balance=500), (RewardChoice("p"),), now=NOW)


@pytest.mark.parametrize("frequency, last, earns", [
    ("daily", NOW - dt.timedelta(hours=2), False),
    ("daily", NOW - dt.timedelta(days=1), True),
    ("weekly", NOW - dt.timedelta(days=1), False),  # Saturday and Sunday of one ISO week
    ("monthly", NOW.replace(day=1), False),
    ("monthly", NOW.replace(month=10), True),
    ("yearly", NOW.replace(month=1), False),
    ("every_order", NOW, True),
])
def test_earning_frequency(frequency: str, last: dt.datetime, earns: bool) -> None:
    rules = bundle([{"id": "r", "name": "r", "mode": "fixed", "points": 10, "frequency": frequency}])
    q = Engine(rules).quote(order(("A", 1, "5.00", None)), CardState(last_earned={"r": last}), now=NOW)
    assert q.points_earned == (10 if earns else 0)


def test_first_order_only() -> None:
    rules = bundle([{"id": "w", "name": "welcome", "mode": "fixed", "points": 50, "frequency": "first_order"}])
    assert Engine(rules).quote(order(("A", 1, "5.00", None)), CardState(orders_count=0), now=NOW).points_earned == 50
    assert Engine(rules).quote(order(("A", 1, "5.00", None)), CardState(orders_count=3), now=NOW).points_earned == 0


def test_rule_dates_and_switch() -> None:
    rules = bundle([{"id": "r", "name": "r", "mode": "fixed", "points": 10, "starts": "2026-12-01"},
                    {"id": "s", "name": "s", "mode": "fixed", "points": 5, "active": False}])
    assert Engine(rules).quote(order(("A", 1, "5.00", None)), ACTIVE, now=NOW).points_earned == 0


def test_tier_multiplier_is_applied_and_floored() -> None:
    rules = bundle()
    q = Engine(rules).quote(order(("A", 1, "25.00", None)), CardState(tier="Gold", tier_multiplier=Decimal("1.5")), now=NOW)
    assert q.points_earned == 37


POINTS = {"type": "points", "id": "pay", "name": "Pay with points", "conversion_factor": "0.10", "min_points": 10}
PCT = {"type": "discount", "id": "pct", "name": "15%", "points_cost": 100, "discount": "percent", "value": "15", "max_amount": "5.00"}
FIXED_PRODUCT = {"type": "discount", "id": "mug", "name": "3 off a mug", "points_cost": 50, "discount": "fixed", "value": "3.00", "apply_to": "product", "sku": "MUG"}
SHIP = {"type": "discount", "id": "ship", "name": "Free shipping", "points_cost": 80, "discount": "percent", "value": "100", "apply_to": "shipping"}
FREE = {"type": "product", "id": "free", "name": "Free cookie", "points_cost": 40, "sku": "COOKIE", "product_name": "Cookie", "value": "1.50"}
SWAP = {"type": "product", "id": "swap", "name": "Large instead", "points_cost": 30, "mode": "replace", "sku": "L", "product_name": "Large", "value": "4.00", "replaces_sku": "S"}


def test_points_reward_uses_the_conversion_factor() -> None:
    rules = bundle(rewards=[POINTS])
    q = Engine(rules).quote(order(("A", 1, "20.00", None)), ACTIVE, (RewardChoice("pay", points=100),), now=NOW)
    assert q.points_spent == 100
    assert q.total == Decimal("10.00")
    assert q.points_earned == 10  # earned on what was paid (discounts included)
    assert q.balance_after == 1000 - 100 + 10


def test_points_reward_default_is_the_most_useful_amount_and_never_more_than_left_to_pay() -> None:
    rules = bundle(rewards=[POINTS])
    q = Engine(rules).quote(order(("A", 1, "12.34", None)), ACTIVE, (RewardChoice("pay"),), now=NOW)
    assert q.points_spent == 123 and q.total == Decimal("0.04")
    with pytest.raises(ValidationError, match="use at most 123") as err:
        Engine(rules).quote(order(("A", 1, "12.34", None)), ACTIVE, (RewardChoice("pay", points=200),), now=NOW)
    assert err.value.field == "rewards[0].points"


def test_cannot_spend_more_points_than_the_balance() -> None:
    rules = bundle(rewards=[PCT])
    with pytest.raises(ValidationError, match="costs 100 points; only 99"):
        Engine(rules).quote(order(("A", 1, "20.00", None)), CardState(balance=99), (RewardChoice("pct"),), now=NOW)


def test_percent_discount_with_cap_and_rounding() -> None:
    rules = bundle(rewards=[PCT])
    small = Engine(rules).quote(order(("A", 3, "3.33", None)), ACTIVE, (RewardChoice("pct"),), now=NOW)
    assert small.rewards_off == Decimal("1.50")  # 15% of 9.99 = 1.4985 → 1.50 half-up
    big = Engine(rules).quote(order(("A", 1, "100.00", None)), ACTIVE, (RewardChoice("pct"),), now=NOW)
    assert big.rewards_off == Decimal("5.00") and big.total == Decimal("95.00")


def test_product_discount_only_on_that_product_and_never_below_zero() -> None:
    rules = bundle(rewards=[FIXED_PRODUCT])
    q = Engine(rules).quote(order(("MUG", 1, "2.00", None), ("A", 1, "10.00", None)), ACTIVE, (RewardChoice("mug"),), now=NOW)
    assert q.rewards_off == Decimal("2.00") and q.total == Decimal("10.00")
    with pytest.raises(ValidationError, match="needs MUG"):
        Engine(rules).quote(order(("A", 1, "10.00", None)), ACTIVE, (RewardChoice("mug"),), now=NOW)


def test_free_shipping() -> None:
    rules = bundle(rewards=[SHIP])
    q = Engine(rules).quote(order(("A", 1, "10.00", None), shipping="4.95"), ACTIVE, (RewardChoice("ship"),), now=NOW)
    assert q.shipping_off == Decimal("4.95") and q.total == Decimal("10.00")


def test_free_product_is_added_and_earns_nothing() -> None:
    rules = bundle(rewards=[FREE])
    q = Engine(rules).quote(order(("A", 1, "10.00", None)), ACTIVE, (RewardChoice("free"),), now=NOW)
    assert q.total == Decimal("10.00") and q.points_earned == 10 and q.points_spent == 40
    assert [(f.sku, f.value) for f in q.free_lines] == [("COOKIE", Decimal("1.50"))]


def test_replacement_product_takes_one_unit_off() -> None:
    rules = bundle(rewards=[SWAP])
    q = Engine(rules).quote(order(("S", 3, "2.50", None)), ACTIVE, (RewardChoice("swap"),), now=NOW)
    assert q.total == Decimal("5.00") and q.free_lines[0].sku == "L"


def test_a_reward_applies_once_per_order() -> None:
    rules = bundle(rewards=[PCT])
    with pytest.raises(ValidationError, match="already applied"):
        Engine(rules).quote(order(("A", 1, "20.00", None)), ACTIVE, (RewardChoice("pct"), RewardChoice("pct")), now=NOW)


def test_totals_never_go_below_zero() -> None:
    fixed = {"type": "discount", "id": "f", "name": "f", "points_cost": 1, "discount": "fixed", "value": "50.00"}
    rules = bundle(rewards=[fixed, FIXED_PRODUCT])
    q = Engine(rules).quote(order(("MUG", 1, "5.00", None), discount="4.00"), ACTIVE, (RewardChoice("f"), RewardChoice("mug")), now=NOW)
    assert q.total == Decimal("0.00") and q.points_earned == 0


def test_options_list_what_can_be_taken_now_and_why_not() -> None:
    rules = bundle(rewards=[POINTS, PCT, SHIP, FREE])
    q = Engine(rules).quote(order(("A", 1, "20.00", None)), CardState(balance=90), now=NOW)
    options = {o.reward_id: o for o in q.options}
    assert options["pay"].available and options["pay"].money_off == Decimal("9.00")  # 90 points × 0.10
    assert not options["pct"].available and "needs 100 points" in options["pct"].reason
    assert not options["ship"].available and "shipping" in options["ship"].reason
    assert options["free"].available


def test_parse_order_names_the_bad_field() -> None:
    with pytest.raises(ValidationError) as err:
        parse_order({"order_id": "1", "lines": [{"sku": "A", "quantity": 1, "unit_price": "-1"}]})
    assert err.value.field == "lines[0].unit_price"
    with pytest.raises(ValidationError) as err:
        parse_order({"order_id": "1", "lines": [{"sku": "A", "quantity": 0, "unit_price": "1"}]})
    assert err.value.field == "lines[0].quantity"
    with pytest.raises(ValidationError) as err:
        parse_order({"lines": [{"sku": "A", "unit_price": "1"}]})
    assert err.value.field == "order_id"
    total_only = parse_order({"order_id": "1", "total": "12.50"})
    assert total_only.order.subtotal("EUR") == Decimal("12.50")
