"""Coupons through the services: a manager issues one (PIN, reason, audited, optional expiry),
the customer takes it once at a checkout for no points, a manager can void an unused one, and
an expiry is judged by the order's own time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pos_loyalty.domain.coupons import end_of_day
from pos_loyalty.domain.errors import NotFound, PermissionDenied, ValidationError
from pos_loyalty.services import cards, checkout, coupons, refunds
from pos_loyalty.store.database import transaction
from pos_loyalty.store.models import AuditLog, Card, Coupon, LedgerEntry, now

from .conftest import MANAGER_PIN, at, make_order, query_plan, traced


def today() -> dt.date:
    return now().date()


def audits(action: str) -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id))


def coffee_order(order_id: str, card: str, code: str) -> object:
    return make_order(order_id, card, [("CAKE", 1, "4.00")], rewards=[{"id": "free-coffee", "coupon": code}])


def milestone_coupon(card: str, expires_on: dt.date | None = None) -> Coupon:
    """A coupon as a milestone's free product leaves it (its own expiry, no manager)."""
    with transaction():
        return coupons.grant(cards.get_card(card), "free-coffee", source="milestone", reason="30 orders",
                             expires_at=end_of_day(expires_on) if expires_on else None)


def test_issue_lists_it_issued_with_its_expiry_and_audits_it(store: Path, card: str, manager: str) -> None:
    expires_on = today() + dt.timedelta(days=30)
    coupon = coupons.issue(card, "free-coffee", "  sorry for   the wait ", MANAGER_PIN, expires_at=expires_on)
    (view,) = coupons.of_card(card)
    assert (view.code, view.reward_id, view.reward_name, view.state, view.source) == (coupon.code, "free-coffee", "Free coffee", "issued", "manual")
    assert view.expires_at == dt.datetime.combine(expires_on, dt.time.max), "valid to the end of that day"
    assert (view.issued_by, view.reason, view.order_id) == ("Maya", "sorry for the wait", None)
    (audit,) = audits("coupon.issue")
    assert (audit.user, audit.target, audit.reason) == ("Maya", card, "sorry for the wait")
    assert json.loads(audit.details)["code"] == coupon.code
    days = coupons.issue(card, "free-coffee", "birthday treat", MANAGER_PIN, valid_days=7)
    assert days.expires_at == dt.datetime.combine(today() + dt.timedelta(days=7), dt.time.max)
    assert coupons.issue(card, "free-coffee", "no end", MANAGER_PIN).expires_at is None


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"reason": ""}, "reason", "a reason is required"),
    ({"expires_at": dt.date(2020, 1, 1)}, "expires", "2020-01-01 is in the past"),
    ({"expires_at": dt.date(2099, 1, 1), "valid_days": 3}, "expires", "not both"),
    ({"valid_days": -1}, "expires", "from 0 to 3,650"),
    ({"reward_id": "pay-with-points"}, "reward", "a coupon cannot pay for it"),
    ({"reward_id": "no-such"}, "reward", "no reward 'no-such'"),
    ({"manager_pin": "0000"}, "manager_pin", "not correct"),
    ({"manager_pin": None}, "manager_pin", "PIN is required"),
])
def test_bad_issue_is_refused_naming_the_field_and_changes_nothing(store: Path, card: str, manager: str, kwargs: dict, field: str, message: str) -> None:
    args = {"reward_id": "free-coffee", "reason": "goodwill", "manager_pin": MANAGER_PIN, **kwargs}
    with pytest.raises((ValidationError, NotFound, PermissionDenied)) as caught:
        coupons.issue(card, **args)
    assert caught.value.field == field and message in caught.value.message
    assert Coupon.select().count() == 0 and audits("coupon.issue") == []


def test_a_coupon_costs_no_points_is_used_once_and_names_its_order(store: Path, card: str, manager: str) -> None:
    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN).code
    result = checkout.commit(coffee_order("C-1", card, code), when=at(2))
    # CAKE 4.00 → 4 spend points + 0 for the free coffee; the first order under 5.00 gets no welcome bonus
    assert (result.points_spent, result.points_earned, result.balance, result.total) == (0, 4, 4, "4.00")
    assert LedgerEntry.select().where(LedgerEntry.kind == "spend", LedgerEntry.points != 0).count() == 0
    (view,) = coupons.of_card(card)
    assert (view.state, view.order_id) == ("redeemed", "C-1")
    with pytest.raises(ValidationError) as again:
        checkout.quote(coffee_order("C-2", card, code))
    assert again.value.field == "rewards[0].coupon" and again.value.message == f"{code} was already used on order C-1"
    with pytest.raises(ValidationError, match="already used on order C-1"):
        checkout.commit(coffee_order("C-2", card, code), when=at(3))
    assert cards.get_card(card).balance == 4


def test_void_needs_a_manager_pin_and_a_reason_and_is_audited(store: Path, card: str, manager: str) -> None:
    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN).code
    with pytest.raises(PermissionDenied, match="not correct"):
        coupons.void(code, "issued by mistake", "0000")
    (failure,) = audits("pin.failure")
    assert coupons.of_card(card)[0].state == "issued" and audits("coupon.void") == []
    with pytest.raises(ValidationError) as no_reason:
        coupons.void(code, " ", MANAGER_PIN)
    assert no_reason.value.field == "reason" and coupons.of_card(card)[0].state == "issued"
    with pytest.raises(NotFound) as unknown:
        coupons.void("NOSUCHCODE", "issued by mistake", MANAGER_PIN)
    assert unknown.value.field == "code"

    coupons.void(code.lower(), "issued by mistake", MANAGER_PIN)  # typed in lower case: the same coupon
    (view,) = coupons.of_card(card)
    assert (view.state, view.voided_by, view.void_reason) == ("void", "Maya", "issued by mistake")
    (audit,) = audits("coupon.void")
    assert (audit.user, audit.target, audit.reason, json.loads(audit.details)["code"]) == ("Maya", card, "issued by mistake", code)
    with pytest.raises(ValidationError, match="already void"):
        coupons.void(code, "again", MANAGER_PIN)
    with pytest.raises(ValidationError) as refused:
        checkout.commit(coffee_order("C-3", card, code), when=at(2))
    assert (refused.value.field, refused.value.message) == ("rewards[0].coupon", f"{code} is void")
    assert Card.get(Card.number == card).balance == 0 and len(audits("coupon.void")) == 1


def test_a_used_coupon_cannot_be_voided(store: Path, card: str, manager: str) -> None:
    code = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN).code
    checkout.commit(coffee_order("C-4", card, code), when=at(2))
    with pytest.raises(ValidationError) as refused:
        coupons.void(code, "changed my mind", MANAGER_PIN)
    assert (refused.value.field, refused.value.message) == ("code", f"{code} was already used on order C-4")
    assert coupons.of_card(card)[0].state == "redeemed" and audits("coupon.void") == []


def test_a_milestone_coupon_is_voided_the_same_way(store: Path, card: str, manager: str) -> None:
    coupon = milestone_coupon(card)
    coupons.void(coupon.code, "customer left the programme", MANAGER_PIN)
    (view,) = coupons.of_card(card)
    assert (view.source, view.state, view.voided_by) == ("milestone", "void", "Maya")


def test_expiry_is_judged_at_the_order_time_not_the_wall_clock(store: Path, card: str, manager: str) -> None:
    """A till replaying a sale made on the 9th takes a coupon valid to the 10th, even days later."""
    early = milestone_coupon(card, dt.date(2026, 11, 10))
    late = milestone_coupon(card, dt.date(2026, 11, 10))
    assert {v.state for v in coupons.of_card(card)} == {"expired"}, "past the 10th now"
    assert coupons.of_card(card, at=at(10, 23))[0].state == "issued", "all of the 10th"
    assert checkout.quote(coffee_order("C-5", card, early.code), when=at(9))[0].points_spent == 0
    result = checkout.commit(coffee_order("C-5", card, early.code), when=at(10, 23))
    assert (result.points_spent, result.points_earned) == (0, 4)
    for attempt in (lambda: checkout.quote(coffee_order("C-6", card, late.code), when=at(11, 0)),
                    lambda: checkout.commit(coffee_order("C-6", card, late.code), when=at(11, 0)),
                    lambda: checkout.commit(coffee_order("C-7", card, late.code))):  # no time: now
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert (refused.value.field, refused.value.message) == ("rewards[0].coupon", f"{late.code} expired on 2026-11-10")
    assert {v.code: v.state for v in coupons.of_card(card)} == {early.code: "redeemed", late.code: "expired"}


def test_a_full_refund_gives_the_coupon_back_with_its_original_expiry(store: Path, card: str, manager: str) -> None:
    keeps = milestone_coupon(card)
    lapses = milestone_coupon(card, dt.date(2026, 11, 10))
    checkout.commit(coffee_order("C-8", card, keeps.code), when=at(2))
    checkout.commit(coffee_order("C-9", card, lapses.code), when=at(3))
    refunds.refund("C-8", "RF-C8", "full", when=at(12))
    refunds.refund("C-9", "RF-C9", "full", when=at(12))
    states = {v.code: (v.state, v.order_id) for v in coupons.of_card(card)}
    assert states == {keeps.code: ("issued", None), lapses.code: ("expired", None)}


def test_the_card_detail_lists_the_newest_coupons_from_the_index(store: Path, card: str) -> None:
    """`of_card(limit=…)`: the card screen's newest coupons are the end of a range of the (card,
    issued at) index, read in order (migration 0024) — not every coupon the card was ever given,
    sorted to keep a hundred."""
    with transaction():
        made = [coupons.grant(cards.get_card(card), "free-coffee", source="milestone", reason="30 orders", at=at(day)).code for day in (3, 1, 2)]
    assert [v.code for v in coupons.of_card(card, limit=2)] == [made[0], made[2]], "the newest two, newest first"
    assert [v.code for v in coupons.of_card(card)] == [made[0], made[2], made[1]]
    _views, sent = traced(lambda: coupons.of_card(card, limit=2))
    (read,) = [sql for sql in sent if 'FROM "coupon"' in sql]
    plan = query_plan(read)
    assert "coupon_card_id_issued_at (card_id=?)" in plan and "TEMP B-TREE" not in plan, plan


def test_a_replaced_card_takes_its_coupons_along(store: Path, card: str, manager: str) -> None:
    coupon = coupons.issue(card, "free-coffee", "sorry for the wait", MANAGER_PIN)
    new = cards.replace(card, manager_pin=MANAGER_PIN)
    assert [v.code for v in coupons.of_card(new.number)] == [coupon.code] and coupons.of_card(card) == []
    result = checkout.commit(coffee_order("C-10", new.number, coupon.code), when=at(2))
    assert result.points_spent == 0 and coupons.of_card(new.number)[0].order_id == "C-10"


def test_the_checkout_offers_the_coupon_a_sale_would_use_per_reward_and_the_last_few_expired(store: Path, card: str) -> None:
    """`at_checkout`: for each reward the card holds open coupons for, the one a sale would use —
    the soonest to expire, else the oldest without a date (a sale takes one per reward) — saying
    whether more wait; then the `EXPIRED_AT_CHECKOUT` that expired last. Never the used, voided
    or long expired ones, nor every open one: a card gathers thousands over years. Each read is
    the first entries of an index range (migrations 0023, 0024), whatever the card holds."""
    old = [milestone_coupon(card, today() - dt.timedelta(days=40 - i)) for i in range(6)]  # expired, the last one 35 days ago
    never = milestone_coupon(card)
    later = milestone_coupon(card, today() + dt.timedelta(days=20))
    dated = milestone_coupon(card, today() + dt.timedelta(days=10))
    used = milestone_coupon(card)
    checkout.commit(coffee_order("C-USED", card, used.code))
    with transaction():
        latte = coupons.grant(cards.get_card(card), "upgrade-latte", source="milestone", reason="30 orders")
    listed = coupons.at_checkout(card)
    assert [(c.coupon.code, c.coupon.state, c.more) for c in listed] == (
        [(dated.code, "issued", True), (latte.code, "issued", False)]
        + [(c.code, "expired", False) for c in reversed(old)][:coupons.EXPIRED_AT_CHECKOUT])
    checkout.commit(coffee_order("C-DATED", card, dated.code))
    assert [c.coupon.code for c in coupons.at_checkout(card)][:2] == [later.code, latte.code], "the next sale is offered the next one"
    checkout.commit(coffee_order("C-LATER", card, later.code))
    first = coupons.at_checkout(card)[0]
    assert (first.coupon.code, first.more) == (never.code, False), "then the one without a date; undated ones oldest first"
    assert [c.coupon.code for c in coupons.at_checkout(card)][:2] == [never.code, latte.code]
    _listed, sent = traced(lambda: coupons.at_checkout(card))
    reads = [sql for sql in sent if 'FROM "coupon"' in sql]
    for sql in reads:
        plan = query_plan(sql)
        assert "coupon_card_id_status_" in plan and "TEMP B-TREE" not in plan and "COUNT" not in sql.upper(), plan
    with transaction():
        for _ in range(40):
            coupons.grant(cards.get_card(card), "free-coffee", source="milestone", reason="30 orders")
    listed, sent = traced(lambda: coupons.at_checkout(card))
    assert len([sql for sql in sent if 'FROM "coupon"' in sql]) == len(reads), "40 more open coupons: not one more read"
    assert [(c.coupon.code, c.more) for c in listed[:2]] == [(never.code, True), (latte.code, False)]
