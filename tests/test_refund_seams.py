"""Refunds where milestones, triggers, coupons and the outbox meet: a reward taken back stays
taken back (its coupon is not given back by a later refund), a firing taken back does not
e-mail its dead coupon, and a refund that leaves the card below zero through what it took back
is flagged and reports the balance as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pos_loyalty.services import checkout, refunds
from pos_loyalty.store.models import Coupon, Message, MilestoneAward, TriggerLog

from . import test_milestones as M
from . import test_triggers as T
from .conftest import MANAGER_PIN, make_order


def test_a_milestone_coupon_is_not_given_back_once_its_step_was_taken_back(store: Path, tmp_path: Path) -> None:
    M.activate(tmp_path, M.bundle({**M.SEED_001, "steps": [{"requirement": 2, "reward_id": "free-shirt"}]}))
    number = M.enrol()
    M.buy("A-1", number)
    M.buy("A-2", number)
    shirt = Coupon.get(Coupon.source == "milestone")
    checkout.commit(make_order("A-3", number, [("COFFEE", 1, "10.00"), ("SHIRT", 1, "15.00")],
                               rewards=[{"id": "free-shirt", "coupon": shirt.code}]), when=M.day(1))
    refunds.refund("A-2", "R-2", "full", when=M.day(2), manager_pin=MANAGER_PIN)  # 2 orders left: still on the step
    refunds.refund("A-3", "R-3", "full", when=M.day(2), manager_pin=MANAGER_PIN)  # 1 order: the step is taken back
    assert MilestoneAward.get(MilestoneAward.rule_id == "orders").status == "reversed"
    assert Coupon.get_by_id(shirt.id).status == "void", "the order that used it was refunded, but the step it came from is gone"
    M.buy("A-4", number, when=M.day(3))  # 2 orders again: the step pays again, once
    usable = Coupon.select().where((Coupon.source == "milestone") & (Coupon.status == "issued")).count()
    assert usable == 1


def test_a_trigger_coupon_is_not_given_back_once_its_firing_was_taken_back(store: Path, card: str, tmp_path: Path) -> None:
    T.activate(tmp_path, "refund", T.trigger())
    for i in range(3):
        result = T.buy(f"W-{i}", card, [("WIDGET", 1, "1.00")], i)
    coupon = Coupon.get(Coupon.code == result.fired[0].coupon)
    checkout.commit(make_order("X-1", card, [("CAKE", 1, "3.00"), ("COFFEE", 1, "2.80")], rewards=[{"id": coupon.reward_id, "coupon": coupon.code}]),
                    when=T.T0 + dt.timedelta(days=4))
    refunds.refund("W-1", "R-W1", "full", when=T.T0 + dt.timedelta(days=5), manager_pin=MANAGER_PIN)  # 2 WIDGET orders: taken back
    refunds.refund("X-1", "R-X1", "full", when=T.T0 + dt.timedelta(days=6), manager_pin=MANAGER_PIN)
    assert Coupon.get_by_id(coupon.id).status == "void"
    [row] = TriggerLog.select()
    assert row.revoked_at is not None and row.status != "pending", "a firing taken back is not waiting for anything"


def test_a_firing_taken_back_before_its_e_mail_went_out_is_not_sent(store: Path, card: str, tmp_path: Path) -> None:
    T.activate(tmp_path, "refund", T.trigger())
    for i, quantity in enumerate((10, 5, 7)):
        result = T.buy(f"W-{i}", card, [("WIDGET", quantity, "1.00")], i)
    code = result.fired[0].coupon
    refunds.refund("W-2", "RW-2", "full", when=T.T0 + dt.timedelta(days=5), manager_pin=MANAGER_PIN)
    [row] = TriggerLog.select()
    message = Message.get(Message.key == f"trigger:{row.id}")
    assert Coupon.get(Coupon.code == code).status == "void"
    assert (message.status, message.next_attempt_at) == ("blocked", None) and message.last_answer.startswith("not sent: refund:")


def test_a_refund_below_zero_through_a_milestone_taken_back_is_flagged_with_the_real_balance(store: Path, tmp_path: Path) -> None:
    M.activate(tmp_path, M.bundle({"id": "spend", "name": "Big spender", "kind": "amount_spent", "steps": [{"requirement": "50.00", "points": 100}]}))
    number = M.enrol()
    for n in range(1, 6):
        M.buy(f"F-{n}", number)
    assert M.balance(number) == 150
    checkout.commit(make_order("F-6", number, [("COFFEE", 1, "20.00")], rewards=[{"id": "pay", "points": 120}]), when=M.day(1))
    result = refunds.refund("F-1", "R-1", "cancel", when=M.day(2), manager_pin=MANAGER_PIN)
    assert M.balance(number) < 0
    assert result.balance == M.balance(number) and result.flagged_negative
    assert refunds.refund("F-1", "R-1", "cancel", when=M.day(2), manager_pin=MANAGER_PIN).flagged_negative, "a retry says the same"
