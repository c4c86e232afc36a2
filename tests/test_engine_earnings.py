"""The engine's points per rule, worked out once per order (`Engine._earnings`), against the plain
walk it replaced: every rule asks every line whether it covers it and sums what is left to pay.
Points, amounts, eligible lines and the explanation text (stored with the order, parsed by the
GUI) must be the same for any bundle, order and card — hypothesis draws them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from pos_loyalty.domain.engine import HUNDRED, CardState, Earning, Engine, _Basket, same_period
from pos_loyalty.domain.money import ZERO, floor_points, prorate, round_money
from pos_loyalty.domain.order import Order, OrderLine
from pos_loyalty.domain.rules import parse_bundle
from pos_loyalty.domain.trusted_rules import build

NOW = dt.datetime(2026, 11, 22, 12, 0)
SKUS = ["A", "B", "C", "D", "E"]
COLLECTIONS = ["food", "drinks", "gifts", None]


def _amount(engine: Engine, indexes: list[int], order: Order, basket: _Basket) -> Decimal:
    includes, cur = engine.rules.settings.points_total_includes, engine.currency
    left = [basket.line_left(i) for i in range(len(order.lines))]
    if includes.discounts:
        goods, whole = sum((left[i] for i in indexes), ZERO), sum(left, ZERO)
        value = goods - prorate(basket.order_off, goods, whole, cur)
    else:
        goods, whole = sum((basket.line_totals[i] for i in indexes), ZERO), sum(basket.line_totals, ZERO)
        value = goods
    if includes.taxes:
        value += prorate(order.tax, goods, whole, cur)
    if includes.shipping:
        value += prorate(basket.shipping_left if includes.discounts else order.shipping, goods, whole, cur)
    return max(ZERO, value)


def plain_earnings(engine: Engine, order: Order, card: CardState, now: dt.datetime) -> list[Earning]:
    """The engine's earning before it was made quick: rule by rule, line by line."""
    basket, cur, out = _Basket(order, engine.currency), engine.currency, []
    for rule in engine.rules.earning_rules:
        if not rule.live_on(now.date()):
            continue
        if rule.frequency == "first_order" and card.orders_count > 0:
            out.append(Earning(rule.id, rule.name, 0, ZERO, f"{rule.name}: first order only — not the first order", mode=rule.mode, minimum_order=rule.minimum_order))
            continue
        last = card.last_earned.get(rule.id)
        if last is not None and same_period(rule.frequency, last, now):
            out.append(Earning(rule.id, rule.name, 0, ZERO, f"{rule.name}: already earned this {rule.frequency.removesuffix('ly').replace('dai', 'day')}",
                               mode=rule.mode, minimum_order=rule.minimum_order))
            continue
        eligible = [i for i, line in enumerate(order.lines) if rule.applies_to.covers(line.sku, line.collection)]
        order_amount = _amount(engine, list(range(len(order.lines))), order, basket)
        effective = rule.points * card.tier_multiplier
        mode, minimum = rule.mode, rule.minimum_order
        if order_amount < minimum:
            out.append(Earning(rule.id, rule.name, 0, order_amount, f"{rule.name}: order {round_money(order_amount, cur)} is below the minimum {round_money(minimum, cur)}",
                               mode, effective, order_amount, minimum, tuple(eligible)))
            continue
        if not eligible:
            out.append(Earning(rule.id, rule.name, 0, ZERO, f"{rule.name}: no eligible items", mode, effective, order_amount, minimum, ()))
            continue
        base = _amount(engine, eligible, order, basket)
        tier_note = f" × {card.tier_multiplier} ({card.tier})" if card.tier_multiplier != 1 else ""
        if mode == "per_amount":
            steps = floor_points(base / rule.per_amount)
            points = floor_points(steps * effective)
            text = f"{rule.name}: {round_money(base, cur)} eligible → {steps} × {rule.points} per {rule.per_amount}{tier_note} = {points}"
        else:
            share = base / order_amount if order_amount else Decimal(1)
            points = floor_points(effective * share)
            share_note = "" if share == 1 else f" × {round_money(share * HUNDRED, cur)}% eligible"
            text = f"{rule.name}: {rule.points} per order{share_note}{tier_note} = {points}"
        out.append(Earning(rule.id, rule.name, points, base, text, mode, effective, order_amount, minimum, tuple(eligible)))
    return out


money = st.decimals(min_value=Decimal("0"), max_value=Decimal("300"), places=2)


@st.composite
def rule(draw: Any, index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["all", "products", "collections"]))
    applies = {"kind": kind}
    if kind == "products":
        applies["skus"] = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=3, unique=True))
    elif kind == "collections":
        applies["collections"] = draw(st.lists(st.sampled_from(COLLECTIONS[:-1]), min_size=1, max_size=2, unique=True))
    mode = draw(st.sampled_from(["per_amount", "fixed"]))
    data = {"id": f"r{index}", "name": f"Rule {index}", "mode": mode, "points": draw(st.integers(1, 50)), "applies_to": applies,
            "minimum_order": str(draw(st.sampled_from([Decimal(0), Decimal("10.00"), Decimal("150.00")]))),
            "frequency": draw(st.sampled_from(["every_order", "daily", "weekly", "first_order"]))}
    if mode == "per_amount":
        data["per_amount"] = str(draw(st.sampled_from([Decimal("1.00"), Decimal("2.50"), Decimal("10.00")])))
    return data


@st.composite
def case(draw: Any) -> tuple[Any, Order, CardState]:
    rules = [draw(rule(i)) for i in range(draw(st.integers(1, 6)))]
    includes = {name: draw(st.booleans()) for name in ("discounts", "taxes", "shipping")}
    validated = parse_bundle(json.dumps({"version": "t", "settings": {"currency": "EUR", "points_total_includes": includes},
                                         "earning_rules": rules, "rewards": []}))
    bundle = draw(st.sampled_from([validated, build(validated.model_dump(mode="json"))]))  # the pydantic bundle and its trusted copy
    lines = tuple(OrderLine(draw(st.sampled_from(SKUS)), draw(st.integers(1, 4)), draw(money), collection=draw(st.sampled_from(COLLECTIONS)))
                  for _ in range(draw(st.integers(1, 8))))
    order = Order("O", lines, discount=draw(st.sampled_from([ZERO, Decimal("3.33"), Decimal("5000")])), tax=draw(st.sampled_from([ZERO, Decimal("2.10")])),
                  shipping=draw(st.sampled_from([ZERO, Decimal("4.99")])))
    multiplier = draw(st.sampled_from([Decimal(1), Decimal("1.5")]))
    earned = {r["id"]: NOW - dt.timedelta(days=draw(st.sampled_from([0, 3, 40]))) for r in rules if draw(st.booleans())}
    card = CardState(balance=500, tier=None if multiplier == 1 else "Gold", tier_multiplier=multiplier, orders_count=draw(st.integers(0, 2)), last_earned=earned)
    return bundle, order, card


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case())
def test_earnings_equal_the_plain_walk_over_every_line(drawn: tuple[Any, Order, CardState]) -> None:
    bundle, order, card = drawn
    engine = Engine(bundle)
    assert list(engine.quote(order, card, now=NOW, options=False).earnings) == plain_earnings(engine, order, card, NOW)


def test_rules_that_share_a_set_of_lines_have_its_amount_worked_out_once(monkeypatch: Any) -> None:
    """A commit prices 30 rules over 30 lines: most cover every line or the same collection, and
    the eligible amount of each distinct set of lines is summed and prorated once per quote."""
    rules = [{"id": f"all-{i}", "name": f"All {i}", "mode": "per_amount", "points": 1, "per_amount": "1.00"} for i in range(20)]
    rules += [{"id": f"food-{i}", "name": f"Food {i}", "mode": "fixed", "points": 5, "applies_to": {"kind": "collections", "collections": ["food"]}}
              for i in range(10)]
    bundle = parse_bundle(json.dumps({"version": "t", "settings": {"currency": "EUR"}, "earning_rules": rules, "rewards": []}))
    lines = tuple(OrderLine(SKUS[i % 5], 1, Decimal("2.50"), collection=COLLECTIONS[i % 4]) for i in range(30))
    amounts: list[tuple[int, ...]] = []
    plain = Engine._amount

    def counted(self: Engine, indexes: Any, *rest: Any) -> Decimal:
        amounts.append(tuple(indexes))
        return plain(self, indexes, *rest)

    monkeypatch.setattr(Engine, "_amount", counted)
    quote = Engine(bundle).quote(Order("O", lines), CardState(balance=0), now=NOW, options=False)
    assert len(quote.earnings) == 30 and quote.points_earned == 20 * 75 + 10 * 1  # 75.00 over all lines; food is 8 of 30 lines
    assert len(amounts) == len(set(amounts)) == 2  # every line once, the food lines once


def test_a_read_only_bundle_plans_its_rules_once_and_follows_the_day(monkeypatch: Any) -> None:
    """The services price every sale with the same read-only bundle: each rule's fixed texts are
    worked out once for it, and which rules are live is worked out again when the day changes
    (a rule that starts tomorrow earns nothing today and earns tomorrow, same bundle object)."""
    import pos_loyalty.domain.engine as engine_module
    tomorrow = (NOW + dt.timedelta(days=1)).date()
    rules = [{"id": "base", "name": "Base", "mode": "per_amount", "points": 1, "per_amount": "1.00"},
             {"id": "soon", "name": "Soon", "mode": "fixed", "points": 7, "starts": tomorrow.isoformat()}]
    validated = parse_bundle(json.dumps({"version": "t", "settings": {"currency": "EUR"}, "earning_rules": rules, "rewards": []}))
    bundle = build(validated.model_dump(mode="json"))
    made: list[str] = []
    plan = engine_module._RulePlan

    def counted(rule: Any, currency: str) -> Any:
        made.append(rule.id)
        return plan(rule, currency)

    monkeypatch.setattr(engine_module, "_RulePlan", counted)
    order, card = Order("O", (OrderLine("A", 1, Decimal("10.00")),)), CardState(balance=0)
    today = [Engine(bundle).quote(order, card, now=NOW, options=False) for _ in range(3)]
    later = Engine(bundle).quote(order, card, now=NOW + dt.timedelta(days=1), options=False)
    assert made == ["base", "soon"]
    assert [e.rule_id for e in today[0].earnings] == ["base"] and today[-1].points_earned == 10
    assert [e.rule_id for e in later.earnings] == ["base", "soon"] and later.points_earned == 17
    assert list(later.earnings) == plain_earnings(Engine(bundle), order, card, NOW + dt.timedelta(days=1))
