"""Customer-reward triggers through the services and the CLI (seed 002), with exact figures:
every criterion, BOGO's orders-not-quantity example, history from before the trigger existed,
at most once, repeat_every, blocked firings, conversion, refunds that un-qualify."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty import cli
from pos_loyalty.resources import resource_path
from pos_loyalty.services import cards, checkout, customers, ledger, refunds, rules_sync
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Card, Coupon, LedgerEntry, TriggerLog

from .conftest import MANAGER_PIN, ensure_manager, make_order

T0 = dt.datetime(2026, 11, 2, 10)


def trigger(tid: str = "bogo", **changes: Any) -> dict[str, Any]:
    base = {"id": tid, "name": "BOGO", "products": ["WIDGET"], "criterion": {"kind": "bogo", "orders": 3},
            "reward": {"reward_id": "free-coffee"}, "coupon_valid_days": 30,
            "message": {"subject": "A coffee on us, {{ customer_name }}", "text": "Code {{ coupon_code }} until {{ coupon_expires }}"}}
    base.update(changes)
    return base


def activate(folder: Path, version: str, *triggers: dict[str, Any], **settings: Any) -> None:
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = version
    data["settings"].update(settings)
    data["triggers"] = list(triggers)
    path = folder / f"rules-{version}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


def buy(order_id: str, card: str, lines: list[tuple[str, int, str]], day: int, **extra: Any) -> checkout.CommitResult:
    return checkout.commit(make_order(order_id, card, lines, **extra), when=T0 + dt.timedelta(days=day))


def log_rows() -> list[TriggerLog]:
    return list(TriggerLog.select().order_by(TriggerLog.id))


# -- BOGO: orders, not quantity ------------------------------------------------------------


def test_bogo_fires_at_the_third_order_whatever_the_quantities(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "bogo", trigger())
    first = buy("W-1", card, [("WIDGET", 10, "1.00")], 0)
    second = buy("W-2", card, [("WIDGET", 5, "1.00")], 1)
    third = buy("W-3", card, [("WIDGET", 7, "1.00")], 2)
    assert (first.fired, second.fired) == ((), ())
    [fired] = third.fired
    coupon = Coupon.get(Coupon.code == fired.coupon)
    assert (coupon.reward_id, coupon.source, coupon.status, coupon.expires_at) == ("free-coffee", "trigger", "issued", T0 + dt.timedelta(days=32))
    assert fired.summary() == f"BOGO: coupon {fired.coupon} issued — e-mail queued"
    [row] = log_rows()
    assert (row.trigger_id, row.trigger_name, row.status, row.step, row.order.order_id, row.coupon_id, row.points) == (
        "bogo", "BOGO", "pending", 1, "W-3", coupon.id, 0)
    assert row.reason == "3 orders with WIDGET"
    assert buy("W-4", card, [("WIDGET", 1, "1.00")], 3).fired == ()  # at most once
    assert buy("W-5", card, [("CAKE", 1, "1.00")], 4).fired == ()
    assert len(log_rows()) == 1


def test_bogo_repeats_every_n_more_orders_with_the_product(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "repeat", trigger(criterion={"kind": "bogo", "orders": 2}, repeat_every=2))
    fired_at = [i for i in range(1, 8) if buy(f"R-{i}", card, [("WIDGET", 1, "1.00")], i).fired]
    assert fired_at == [2, 4, 6]
    assert [(r.step, r.order.order_id) for r in log_rows()] == [(1, "R-2"), (2, "R-4"), (3, "R-6")]
    assert Coupon.select().where(Coupon.source == "trigger").count() == 3


# -- every other criterion, exact figures -------------------------------------------------

CRITERIA = [
    # criterion, products, orders (sku, qty, price), index of the order that fires (None: never)
    ({"kind": "order_count", "orders": 3}, [], [[("CAKE", 1, "3.00")]] * 4, 2),
    ({"kind": "total_spent", "amount": "100.00"}, [], [[("CAKE", 1, "40.00")], [("CAKE", 1, "40.00")], [("CAKE", 1, "19.99")], [("CAKE", 1, "0.01")]], 3),
    ({"kind": "average_spent", "amount": "30.00", "min_orders": 3}, [], [[("CAKE", 1, "100.00")], [("CAKE", 1, "20.00")], [("CAKE", 1, "25.00")]], 2),
    ({"kind": "average_spent", "amount": "50.00", "min_orders": 3}, [], [[("CAKE", 1, "100.00")], [("CAKE", 1, "20.00")], [("CAKE", 1, "29.99")]], None),
    ({"kind": "order_spent", "amount": "50.00"}, [], [[("CAKE", 1, "49.99")], [("CAKE", 2, "25.00")]], 1),
    ({"kind": "product_units", "units": 12}, ["CAKE"], [[("CAKE", 5, "1.00")], [("CAKE", 4, "1.00"), ("TEA", 9, "1.00")], [("CAKE", 3, "1.00")]], 2),
    ({"kind": "order_count", "orders": 2}, ["TEA"], [[("CAKE", 1, "1.00")], [("CAKE", 1, "1.00")], [("TEA", 1, "1.00")]], 2),
]


@pytest.mark.parametrize("criterion, products, orders, fires_at", CRITERIA,
                         ids=["order_count", "total_spent", "average_spent", "average_below", "order_spent", "product_units", "count_with_product"])
def test_each_criterion_through_the_services(store: Path, card: str, tmp_path: Path, criterion, products, orders, fires_at) -> None:  # type: ignore[no-untyped-def]
    activate(tmp_path, "criterion", trigger("vip", name="VIP", products=products, criterion=criterion, reward={"points": 100}, coupon_valid_days=None))
    fired = []
    for i, lines in enumerate(orders):
        before = Card.get(Card.number == card).balance
        result = buy(f"O-{i}", card, lines, i)
        if result.fired:
            fired.append(i)
            assert result.balance == before + result.points_earned + 100
            assert result.fired[0].summary() == "VIP: +100 points issued — e-mail queued"
    assert fired == ([] if fires_at is None else [fires_at])
    if fires_at is not None:
        [row] = log_rows()
        entry = LedgerEntry.get(LedgerEntry.idempotency_key == f"trigger:{row.id}")
        assert (entry.kind, entry.points, entry.expires_at) == ("trigger", 100, T0 + dt.timedelta(days=fires_at + 365))
        card_row = Card.get(Card.number == card)
        assert card_row.balance == ledger.sum_of_ledger(card_row)


def test_history_from_before_the_trigger_existed_counts(store: Path, card: str, tmp_path: Path) -> None:
    for i in range(3):
        buy(f"OLD-{i}", card, [("WIDGET", 2, "1.00")], i)  # under the demo bundle: no triggers
    assert log_rows() == []
    activate(tmp_path, "later", trigger(), trigger("five", name="Five orders", products=[], criterion={"kind": "order_count", "orders": 4},
                                                    reward={"points": 40}, coupon_valid_days=None))
    result = buy("NEW-1", card, [("WIDGET", 1, "1.00")], 5)
    assert sorted(f.trigger_id for f in result.fired) == ["bogo", "five"]  # 4 orders with WIDGET, 4 orders in all


def test_the_message_context_fills_every_placeholder(store: Path, card: str, tmp_path: Path) -> None:
    """What `_queue_message` hands the outbox: the template context of the firing."""
    from jinja2 import Environment

    from pos_loyalty.services import triggers

    activate(tmp_path, "context", trigger(criterion={"kind": "bogo", "orders": 1}),
             trigger("pts", name="Points", products=[], criterion={"kind": "order_count", "orders": 1}, reward={"points": 75}, coupon_valid_days=None))
    fired = buy("M-1", card, [("WIDGET", 1, "1.00")], 0).fired
    rules, _ = rules_sync.active_rules()
    coupon_row, points_row = (TriggerLog.get_by_id(f.log_id) for f in fired)
    context = triggers.message_context(coupon_row, rules)
    assert context == {"customer_name": "Ann Smith", "reward_name": "Free coffee", "coupon_code": fired[0].coupon,
                       "coupon_expires": "2026-12-02", "points": 0}
    assert triggers.message_context(points_row, rules) == {"customer_name": "Ann Smith", "reward_name": "75 points", "coupon_code": "",
                                                          "coupon_expires": "", "points": 75}
    message = rules.triggers[0].message
    assert Environment(autoescape=True).from_string(message.text).render(**context) == f"Code {fired[0].coupon} until 2026-12-02"


def test_the_outbox_marks_a_firings_message_sent_by_its_key(store: Path, card: str, tmp_path: Path) -> None:
    from pos_loyalty.services import triggers

    activate(tmp_path, "sent", trigger(criterion={"kind": "bogo", "orders": 1}))
    [fired] = buy("S-1", card, [("WIDGET", 1, "1.00")], 0).fired
    for key in ("manual:7", "trigger:retry", "trigger:", f"trigger:{fired.log_id + 1}"):
        triggers.message_sent(key, T0)
    assert TriggerLog.get_by_id(fired.log_id).status == "pending"
    triggers.message_sent(f"trigger:{fired.log_id}", T0 + dt.timedelta(hours=2))
    row = TriggerLog.get_by_id(fired.log_id)
    assert (row.status, row.sent_at) == ("sent", T0 + dt.timedelta(hours=2))


def test_a_bogo_on_several_products_counts_orders_with_any_of_them_once(store: Path, card: str, tmp_path: Path) -> None:
    """An order with both watched products is one order; the count is taken from the orders once,
    then kept with every sale and refund (a refund that leaves none of them takes the order out)."""
    from pos_loyalty.services import refunds, triggers
    from pos_loyalty.store.models import db

    buy("M-0", card, [("WIDGET", 1, "1.00"), ("CAKE", 1, "1.00")], 0)  # before the trigger existed
    activate(tmp_path, "multi", trigger(products=["WIDGET", "CAKE"], criterion={"kind": "bogo", "orders": 4}))
    assert buy("M-1", card, [("CAKE", 2, "1.00"), ("WIDGET", 3, "1.00")], 1).fired == ()
    assert buy("M-2", card, [("TEA", 1, "1.00")], 2).fired == ()
    assert buy("M-3", card, [("CAKE", 1, "1.00")], 3).fired == ()
    key = triggers.group_key(["CAKE", "WIDGET"], rules_sync.active_rules()[1])

    def kept() -> int:
        return db.obj.execute_sql("SELECT orders FROM customer_product_group WHERE group_key = ?", (key,)).fetchone()[0]

    assert kept() == 3  # M-0, M-1, M-3: four products in them, three orders
    refunds.refund("M-1", "RM-1", "partial", {0: 2}, when=T0 + dt.timedelta(days=4), manager_pin=MANAGER_PIN)
    assert kept() == 3  # M-1 still has its widgets
    refunds.refund("M-1", "RM-1b", "partial", {1: 3}, when=T0 + dt.timedelta(days=4), manager_pin=MANAGER_PIN)
    assert kept() == 2
    assert buy("M-4", card, [("WIDGET", 1, "1.00")], 5).fired == ()
    assert [f.trigger_id for f in buy("M-5", card, [("CAKE", 1, "1.00"), ("WIDGET", 1, "1.00")], 6).fired] == ["bogo"]
    assert kept() == 4 == triggers._orders_with_any(Card.get(Card.number == card).customer_id, ("CAKE", "WIDGET"))


# -- blocked ------------------------------------------------------------------------------


def test_blocked_firings_issue_nothing_and_say_why(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "blocked", trigger(send_to="opted_in", criterion={"kind": "bogo", "orders": 1}))
    [fired] = buy("B-1", card, [("WIDGET", 1, "1.00")], 0).fired  # Ann did not opt in
    assert (fired.status, fired.reason, fired.coupon) == ("blocked", "the customer has not opted in to marketing", None)
    assert fired.summary() == "BOGO: reached, nothing issued (the customer has not opted in to marketing)"
    assert buy("B-2", card, [("WIDGET", 1, "1.00")], 1).fired == ()  # logged once, not on every order
    assert Coupon.select().count() == 0
    _c, no_mail = customers.enrol(customers.CustomerInput("Bo Nomail", "+44 7700 900456", marketing_opt_in=True))
    [fired] = buy("B-3", no_mail.number, [("WIDGET", 1, "1.00")], 2).fired
    assert fired.reason == "the customer has no e-mail address"
    _c, keen = customers.enrol(customers.CustomerInput("Cy Keen", "+44 7700 900457", "cy@example.com", marketing_opt_in=True))
    assert [f.status for f in buy("B-4", keen.number, [("WIDGET", 1, "1.00")], 3).fired] == ["pending"]
    cards.suspend(keen.number, reason="test", manager_pin=MANAGER_PIN)
    activate(tmp_path, "again", trigger("again", criterion={"kind": "bogo", "orders": 1}))
    [fired] = buy("B-5", keen.number, [("WIDGET", 1, "1.00")], 4).fired
    assert fired.reason == f"card {keen.number} is suspended"
    assert [r.status for r in log_rows()] == ["blocked", "blocked", "pending", "blocked"]


# -- conversion and refunds ---------------------------------------------------------------


def test_a_redeemed_coupon_is_a_conversion_with_the_order_total(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "conv", trigger(criterion={"kind": "bogo", "orders": 1}))
    [fired] = buy("C-1", card, [("WIDGET", 1, "1.00")], 0).fired
    used = buy("C-2", card, [("CAKE", 2, "4.10")], 1, rewards=[{"id": "free-coffee", "coupon": fired.coupon}])
    [row] = log_rows()
    assert (row.status, row.conversion_order.order_id, row.conversion_total) == ("conversion", "C-2", Decimal(used.total))
    assert Decimal(used.total) == Decimal("8.20")  # the free coffee added to the two cakes paid

    refunds.refund("C-2", "RC-2", "full", when=T0 + dt.timedelta(days=2), manager_pin=MANAGER_PIN)
    row = TriggerLog.get_by_id(row.id)
    assert (row.status, row.conversion_order_id, row.conversion_total) == ("pending", None, None)


def test_a_refund_that_unqualifies_voids_the_unused_coupon(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "refund", trigger())
    for i, qty in enumerate((10, 5, 7)):
        result = buy(f"W-{i}", card, [("WIDGET", qty, "1.00")], i)
    code = result.fired[0].coupon
    refunds.refund("W-1", "RW-1", "partial", {0: 4}, when=T0 + dt.timedelta(days=5), manager_pin=MANAGER_PIN)
    assert Coupon.get(Coupon.code == code).status == "issued"  # one widget of W-1 left: still 3 orders
    refunds.refund("W-1", "RW-1b", "partial", {0: 1}, when=T0 + dt.timedelta(days=5), manager_pin=MANAGER_PIN)
    coupon = Coupon.get(Coupon.code == code)
    assert coupon.status == "void" and "no longer qualifies: 2 orders with WIDGET" in coupon.void_reason
    [row] = log_rows()
    assert row.revoked_at == T0 + dt.timedelta(days=5)
    assert row.reason == f"refund: no longer qualifies: 2 orders with WIDGET; coupon {code} voided"
    assert stored_standing(db.obj) == {}  # taken back: it no longer stands
    again = buy("W-9", card, [("WIDGET", 1, "1.00")], 6)  # three orders again: it fires again
    assert len(again.fired) == 1 and again.fired[0].coupon != code
    assert stored_standing(db.obj) == replay_standing(db.obj) == {(row.customer_id, "bogo"): 1}


def test_a_refund_takes_back_trigger_points(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "points", trigger("vip", name="VIP", products=[], criterion={"kind": "total_spent", "amount": "50.00"},
                                         reward={"points": 100}, coupon_valid_days=None))
    buy("P-1", card, [("CAKE", 1, "30.00")], 0)
    assert buy("P-2", card, [("CAKE", 1, "30.00")], 1).fired
    before = Card.get(Card.number == card).balance
    result = refunds.refund("P-1", "RP-1", "cancel", when=T0 + dt.timedelta(days=3), manager_pin=MANAGER_PIN)
    assert result.balance == before - result.points_reversed - 100
    [row] = log_rows()
    assert row.reason == "refund: no longer qualifies: 30.00 spent in all; 100 points taken back"
    assert LedgerEntry.get(LedgerEntry.idempotency_key == f"trigger:{row.id}:reverse").points == -100


def test_on_fulfilment_stores_triggers_fire_when_the_order_is_fulfilled(store: Path, card: str, tmp_path: Path) -> None:
    activate(tmp_path, "fulfil", trigger(criterion={"kind": "bogo", "orders": 1}), award_on="fulfilled")
    assert buy("F-1", card, [("WIDGET", 1, "1.00")], 0).fired == ()
    result = checkout.fulfil("F-1", when=T0 + dt.timedelta(days=1))
    assert [f.trigger_id for f in result.fired] == ["bogo"]
    assert checkout.fulfil("F-1", when=T0 + dt.timedelta(days=2)).fired == ()


def test_an_order_refunded_before_fulfilment_cannot_be_fulfilled(store: Path, card: str, tmp_path: Path) -> None:
    """Nothing is delivered, so nothing is earned and no trigger fires on it."""
    from pos_loyalty.domain.errors import ValidationError

    activate(tmp_path, "fulfil", trigger(criterion={"kind": "bogo", "orders": 1}), award_on="fulfilled")
    buy("F-1", card, [("WIDGET", 1, "1.00")], 0)
    refunds.refund("F-1", "R-F1", "full", when=T0 + dt.timedelta(hours=1), manager_pin=MANAGER_PIN)
    with pytest.raises(ValidationError, match="order F-1 was refunded; it cannot be fulfilled"):
        checkout.fulfil("F-1", when=T0 + dt.timedelta(days=1))
    assert log_rows() == [] and Coupon.select().count() == 0


# -- through the CLI ----------------------------------------------------------------------


def _commit_cli(store: Path, as_maya: list[str], folder: Path, order_id: str, card: str, lines: list[tuple[str, int, str]],
                capsys: pytest.CaptureFixture[str]) -> str:
    path = folder / f"{order_id}.json"
    path.write_text(json.dumps({"order_id": order_id, "card": card, "lines": [{"sku": s, "quantity": q, "unit_price": p} for s, q, p in lines]}))
    assert cli.main([*as_maya, "--db", str(store), "checkout", "commit", str(path)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("criterion, products, orders, fires_at", CRITERIA[:3] + CRITERIA[4:6],
                         ids=["order_count", "total_spent", "average_spent", "order_spent", "product_units"])
def test_each_criterion_through_the_cli(store: Path, card: str, tmp_path: Path, as_maya: list[str], capsys: pytest.CaptureFixture[str],
                                        criterion, products, orders, fires_at) -> None:  # type: ignore[no-untyped-def]
    activate(tmp_path, "cli", trigger("vip", name="VIP", products=products, criterion=criterion, reward={"reward_id": "ten-percent"}))
    close_database()
    outputs = [_commit_cli(store, as_maya, tmp_path, f"K-{i}", card, lines, capsys) for i, lines in enumerate(orders)]
    fired = [i for i, text in enumerate(outputs) if "VIP: coupon" in text]
    assert fired == [fires_at]
    assert "issued — e-mail queued" in outputs[fires_at]
    open_store(str(store))


def test_bogo_ten_five_seven_through_the_cli(store: Path, card: str, tmp_path: Path, as_maya: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    activate(tmp_path, "cli-bogo", trigger())
    close_database()
    outputs = [_commit_cli(store, as_maya, tmp_path, f"W-{q}", card, [("WIDGET", q, "1.00")], capsys) for q in (10, 5, 7)]
    assert ["BOGO: coupon" in text for text in outputs] == [False, False, True]
    open_store(str(store))
    code = TriggerLog.get().coupon.code
    assert f"BOGO: coupon {code} issued — e-mail queued" in outputs[2]


# -- property: at most once, balance = ledger, replay changes nothing ------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from pos_loyalty.domain.errors import LoyaltyError  # noqa: E402
from pos_loyalty.store.models import db  # noqa: E402
from pos_loyalty.store.running_totals import replay_products, replay_standing, stored_products, stored_standing  # noqa: E402

PROPERTY_TRIGGERS = [
    trigger("bogo", criterion={"kind": "bogo", "orders": 2}),
    trigger("rep", name="Repeat", criterion={"kind": "bogo", "orders": 2}, repeat_every=2, reward={"points": 15}, coupon_valid_days=None),
    trigger("count", name="Count", products=[], criterion={"kind": "order_count", "orders": 3}, reward={"points": 50}, coupon_valid_days=None),
    trigger("spent", name="Spent", products=[], criterion={"kind": "total_spent", "amount": "20"}),
    trigger("avg", name="Average", products=[], criterion={"kind": "average_spent", "amount": "6", "min_orders": 2}, reward={"points": 5},
            coupon_valid_days=None),
    trigger("one", name="One", products=[], criterion={"kind": "order_spent", "amount": "9"}),
    trigger("units", name="Units", products=["WIDGET", "CAKE"], criterion={"kind": "product_units", "units": 5}),
    trigger("multi", name="Multi", products=["WIDGET", "CAKE"], criterion={"kind": "bogo", "orders": 3}),
]

line = st.tuples(st.sampled_from(["WIDGET", "CAKE", "TEA"]), st.integers(1, 3), st.sampled_from(["1.00", "2.50", "4.10"]))
operation = st.one_of(
    st.tuples(st.just("order"), st.lists(line, min_size=1, max_size=3)),
    st.tuples(st.just("partial"), st.tuples(st.integers(0, 20), st.integers(0, 2))),
    st.tuples(st.just("full"), st.tuples(st.integers(0, 20), st.booleans())),
    st.tuples(st.just("email"), st.booleans()),  # the customer drops or gives back the address: firings are blocked meanwhile
)


def _live_per_trigger() -> dict[tuple[int, str, int], int]:
    seen: dict[tuple[int, str, int], int] = {}
    for row in TriggerLog.select().where(TriggerLog.revoked_at.is_null() & (TriggerLog.status != "blocked")):
        key = (row.customer_id, row.trigger_id, row.step)
        seen[key] = seen.get(key, 0) + 1
    return seen


def _check_group_counts(customer_id: int) -> None:
    """The kept count of orders with WIDGET or CAKE equals a count of the orders."""
    from pos_loyalty.services import triggers

    _rules, checksum = rules_sync.active_rules()
    row = db.obj.execute_sql("SELECT orders FROM customer_product_group WHERE customer_id = ? AND group_key = ?",
                             (customer_id, triggers.group_key(["WIDGET", "CAKE"], checksum))).fetchone()
    if row is not None:
        assert row[0] == triggers._orders_with_any(customer_id, ("CAKE", "WIDGET"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=14))
def test_no_trigger_fires_twice_and_replays_change_nothing(ops, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    from pos_loyalty.services import refunds, users

    folder = tmp_path_factory.mktemp("prop")
    open_store(str(folder / "prop.db"))
    try:
        users.add_user("Maya", "manager", MANAGER_PIN)
        activate(folder, "prop", *PROPERTY_TRIGGERS)
        _c, card = customers.enrol(customers.CustomerInput("Prop Erty", "0611111111", "prop@example.com"))
        done: list[tuple[str, Any]] = []
        orders: list[str] = []
        for step, (kind, arg) in enumerate(ops):
            when = T0 + dt.timedelta(hours=step)
            try:
                if kind == "order":
                    request = make_order(f"P{step}", card.number, [(s, q, p) for s, q, p in arg])
                    checkout.commit(request, when=when)
                    done.append(("order", (request, when)))
                    orders.append(f"P{step}")
                elif kind == "email":
                    customers.update(card.customer_id, customers.CustomerInput("Prop Erty", "0611111111", "prop@example.com" if arg else ""))
                elif orders:
                    order_id = orders[arg[0] % len(orders)]
                    refund = (order_id, f"R{step}", "partial", {arg[1]: 1}) if kind == "partial" else (order_id, f"R{step}", "cancel" if arg[1] else "full", None)
                    refunds.refund(*refund, when=when, manager_pin=MANAGER_PIN)
                    done.append(("refund", (refund, when)))
            except LoyaltyError:
                pass
            assert stored_standing(db.obj) == replay_standing(db.obj)  # the running row of each trigger: its highest step standing
            live = _live_per_trigger()
            assert all(n == 1 for n in live.values()), live  # one standing firing per trigger and step
            assert {t for (_c2, t, s) in live if s > 1} <= {"rep"}  # only the repeating trigger has later steps
            row = Card.get_by_id(card.id)
            assert row.balance == ledger.sum_of_ledger(row)
            _check_group_counts(card.customer_id)
        assert stored_products(db.obj) == replay_products(db.obj)
        snapshot = (list(TriggerLog.select().tuples()), Card.get_by_id(card.id).balance, Coupon.select().count())
        for kind, (what, when) in done:  # a till replaying everything (sync, crash and retry)
            if kind == "order":
                assert checkout.commit(what, when=when).replayed
            else:
                assert refunds.refund(*what, when=when, manager_pin=MANAGER_PIN).replayed
        assert (list(TriggerLog.select().tuples()), Card.get_by_id(card.id).balance, Coupon.select().count()) == snapshot
        assert stored_standing(db.obj) == replay_standing(db.obj)
    finally:
        close_database()


def test_a_sale_reads_the_history_from_running_totals_only(store: Path, card: str, tmp_path: Path) -> None:
    """With triggers of every kind watching the sale (BOGO on one SKU and on two), a commit runs the same
    statements for a customer with 3 orders and one with 60, and never reads the ledger, the
    trigger log or the customer's orders and lines (only the order being committed): the
    firings that stand are read from the customer's running row (`customer_firing`)."""
    from .test_running_totals import _shape, _statements

    activate(tmp_path, "flat", *[trigger(f"t{i}", name=f"T{i}", products=p, criterion=c, reward={"points": 5}, coupon_valid_days=None)
                                 for i, (p, c) in enumerate([(["WIDGET"], {"kind": "bogo", "orders": 500}), ([], {"kind": "order_count", "orders": 500}),
                                                             (["WIDGET", "CAKE"], {"kind": "bogo", "orders": 500}),
                                                             ([], {"kind": "total_spent", "amount": "99999"}),
                                                             ([], {"kind": "average_spent", "amount": "99999", "min_orders": 2}),
                                                             ([], {"kind": "order_spent", "amount": "99999"}), (["WIDGET"], {"kind": "product_units", "units": 9999}),
                                                             ([], {"kind": "product_units", "units": 9999})])])
    _c, busy = customers.enrol(customers.CustomerInput("Bo Busy", "+44 7700 900999", "bo@example.com"))
    for number, orders in ((card, 3), (busy.number, 60)):
        for i in range(orders):
            buy(f"{number}-{i}", number, [("WIDGET", 1, "1.00"), ("CAKE", 1, "2.00")], 0)
    runs = [_statements(lambda n=number: buy(f"X-{n}", n, [("WIDGET", 2, "1.00")], 1)) for number in (card, busy.number)]
    assert {_shape(s) for s in runs[0]} == {_shape(s) for s in runs[1]}
    for statement in runs[1]:
        assert "ledger_entry" not in statement or statement.startswith("INSERT INTO ledger_entry"), statement
        assert "order_line" not in statement or statement.startswith('INSERT INTO "order_line"'), statement
        if 'FROM "order"' in statement:
            assert '"order_id" = ' in statement or ('"at" >= ' in statement and '"at" < ' in statement), statement
    assert any("customer_product" in s and s.startswith("SELECT") for s in runs[1])
    assert any("FROM customer_firing" in s for s in runs[1])
    assert not any("trigger_log" in s for s in runs[1])
    assert any(s.startswith("UPDATE customer_product_group") for s in runs[1])  # the two-SKU BOGO's count, kept


def test_a_firing_e_mails_the_customer_once_and_the_log_says_sent(store: Path, tmp_path: Path) -> None:
    """The whole of seed 002's path: the third order with the product fires the BOGO, its coupon
    goes out by e-mail through a real SMTP server (once, however often the sender runs), and
    the trigger's log row turns from pending to sent."""
    from pos_loyalty.services import customers, messages, settings
    from pos_loyalty.store.models import Message

    from .smtp_server import SmtpServer

    activate(tmp_path, "mail", trigger())
    _customer, card = customers.enrol(customers.CustomerInput("Ann <b>Smith</b>", "", "ann@example.com"))
    for day in range(3):
        result = buy(f"E-{day}", card.number, [("WIDGET", 1, "1.00")], day)
    [fired] = result.fired
    [queued] = Message.select()
    assert (queued.key, queued.status, queued.to_address) == (f"trigger:{fired.log_id}", "pending", "ann@example.com")
    with SmtpServer() as server:
        settings.set_values({"smtp_host": "127.0.0.1", "smtp_port": str(server.port), "smtp_security": "none",
                             "smtp_from": "shop@example.com"}, manager_pin=ensure_manager())
        messages.send_due(now=T0 + dt.timedelta(days=3))
        messages.send_due(now=T0 + dt.timedelta(days=4))  # nothing left to send
        [got] = server.recorder.received
    assert got.recipients == ["ann@example.com"]
    assert str(got.message["Subject"]) == "A coffee on us, Ann <b>Smith</b>"
    assert f"Code {fired.coupon} until 2026-12-04" in got.part("plain")
    row = TriggerLog.get_by_id(fired.log_id)
    assert (row.status, row.sent_at) == ("sent", Message.get_by_id(queued.id).sent_at)
