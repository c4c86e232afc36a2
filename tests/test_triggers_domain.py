"""domain/triggers.py: seed 002's criteria on a customer's history, with exact figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from pos_loyalty.domain.rules import parse_bundle
from pos_loyalty.domain.triggers import Fired, History, step_reached, to_fire, unqualified
from pos_loyalty.resources import resource_path

DAY = dt.date(2026, 11, 20)


def make(**changes: Any):  # type: ignore[no-untyped-def]
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    base = {"id": "t", "name": "T", "criterion": {"kind": "order_count", "orders": 3}, "reward": {"points": 10},
            "message": {"subject": "s", "text": "t"}}
    base.update(changes)
    data["triggers"] = [base]
    return parse_bundle(json.dumps(data)).triggers[0]


def widgets(*units: int) -> History:
    return History(len(units), Decimal(10) * len(units), order_skus=frozenset({"WIDGET"}), products={"WIDGET": (len(units), sum(units))})


def test_bogo_counts_orders_not_quantity() -> None:
    bogo = make(products=["WIDGET"], criterion={"kind": "bogo", "orders": 3})
    assert [step_reached(bogo, widgets(*u)) for u in ((10,), (10, 5), (10, 5, 7))] == [0, 0, 1]  # 22 units: only the third order fires
    assert [f.explanation for f in to_fire([bogo], widgets(10, 5, 7), {}, DAY)] == ["3 orders with WIDGET"]
    assert to_fire([bogo], widgets(10, 5, 7, 1), {"t": 1}, DAY) == []  # at most once


def test_bogo_repeats_every_n_more_orders() -> None:
    bogo = make(products=["WIDGET"], criterion={"kind": "bogo", "orders": 3}, repeat_every=2)
    steps = [step_reached(bogo, widgets(*[1] * n)) for n in range(1, 9)]
    assert steps == [0, 0, 1, 1, 2, 2, 3, 3]
    assert [f.step for f in to_fire([bogo], widgets(1, 1, 1, 1, 1), {"t": 1}, DAY)] == [2]
    assert to_fire([bogo], widgets(1, 1, 1, 1), {"t": 1}, DAY) == []


def test_every_other_criterion() -> None:
    h = History(4, Decimal("95.00"), Decimal("40.00"), frozenset({"CAKE"}), {"CAKE": (2, 7), "TEA": (1, 5)})
    cases = [({"kind": "order_count", "orders": 4}, 1), ({"kind": "order_count", "orders": 5}, 0),
             ({"kind": "total_spent", "amount": "95"}, 1), ({"kind": "total_spent", "amount": "95.01"}, 0),
             ({"kind": "average_spent", "amount": "23.75", "min_orders": 4}, 1), ({"kind": "average_spent", "amount": "23.76", "min_orders": 2}, 0),
             ({"kind": "average_spent", "amount": "10", "min_orders": 5}, 0),
             ({"kind": "order_spent", "amount": "40"}, 1), ({"kind": "order_spent", "amount": "40.01"}, 0),
             ({"kind": "product_units", "units": 12}, 1), ({"kind": "product_units", "units": 13}, 0)]
    for criterion, expected in cases:
        assert step_reached(make(criterion=criterion), h) == expected, criterion
    assert step_reached(make(criterion={"kind": "product_units", "units": 7}, products=["CAKE"]), h) == 1
    assert step_reached(make(criterion={"kind": "product_units", "units": 8}, products=["CAKE"]), h) == 0


def test_products_dates_and_active_gate_firing() -> None:
    h = History(5, Decimal(50), order_skus=frozenset({"TEA"}))
    assert to_fire([make(products=["CAKE"])], h, {}, DAY) == []  # the order has no watched product
    assert to_fire([make(starts="2026-12-01")], h, {}, DAY) == []
    assert to_fire([make(active=False)], h, {}, DAY) == []
    assert len(to_fire([make()], h, {}, DAY)) == 1


def test_a_refund_unqualifies_what_the_history_no_longer_reaches() -> None:
    bogo = make(products=["WIDGET"], criterion={"kind": "bogo", "orders": 3})
    one = make(id="one", criterion={"kind": "order_spent", "amount": "50"})
    fired = [Fired(1, "t", 1, Decimal(0)), Fired(2, "one", 1, Decimal("45.00")), Fired(3, "deleted", 1, Decimal(0))]
    assert unqualified([bogo, one], widgets(10, 5), fired) == [(1, "no longer qualifies: 2 orders with WIDGET"),
                                                               (2, "no longer qualifies: 45.00 in one order")]
    assert unqualified([bogo], widgets(10, 5, 7), fired[:1]) == []
