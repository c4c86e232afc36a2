"""Where two tills meet on the hub: the seams a review found, each now settled the way a store
needs — one lot expires once, points are never spent twice through a replaced card, an order is
never refunded twice, the offline margin holds over a day's sales, a batch never stops between a
row and one it refers to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import cards, checkout, coupons, refunds, sync

from .conftest import MANAGER_PIN, at, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_sync import Tills, enrol, go_offline, go_online, hub_balances, local_balances, tills  # noqa: F401

pytestmark = pytest.mark.hub
LATER = dt.datetime(2027, 12, 10, 12)  # after the demo programme's 365-day expiry of points earned in November 2026


def exceptions_on_hub(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT kind, subject FROM sync_exception ORDER BY id").fetchall()


def coffee(order_id: str, card: str, code: str):  # type: ignore[no-untyped-def]
    return make_order(order_id, card, [("CAKE", 1, "4.00")], rewards=[{"id": "free-coffee", "coupon": code}])


def test_a_lot_past_its_date_expires_once_on_the_hub_whichever_tills_sell_on_the_card(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("B")
    bob = enrol("Bob Jones", "+44 7700 900999")  # B's own rows first: the tills' ids differ
    checkout.commit(make_order("B-0", bob, [("COFFEE", 5, "2.80")]), when=at(1))
    tills.use("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-1", ann, [("COFFEE", 40, "2.80")]), when=at(2))
    sync.run()
    tills.use("B")
    sync.run()
    r_b = checkout.commit(make_order("B-1", ann, [("COFFEE", 1, "2.80")]), when=LATER)  # her lot is past its date here
    tills.use("A")
    r_a = checkout.commit(make_order("A-2", ann, [("COFFEE", 1, "2.80")]), when=LATER)  # and here
    sync.run()
    tills.use("B")
    sync.run()
    tills.use("A")
    sync.run()
    hub = hub_balances(tills.hub)
    assert hub[ann] == r_a.points_earned + r_b.points_earned  # expired once, by the hub
    assert local_balances() == hub
    tills.use("B")
    assert local_balances() == hub
    with psycopg.connect(tills.hub) as conn:
        assert conn.execute("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'expire'").fetchone()[0] == 1  # Ann's lot, once (Bob's card was not used since)
    assert exceptions_on_hub(tills.hub) == []


def test_points_spent_online_on_a_card_another_till_replaced_are_refused_by_the_hub(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    old = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-0", old, [("COFFEE", 100, "2.80")]), when=at(1))
    sync.run()
    tills.use("B")
    sync.run()
    tills.use("A")
    new = cards.replace(old, user="Maya", reason="lost", manager_pin=MANAGER_PIN).number
    checkout.commit(make_order("A-1", new, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 300}]), when=at(2))
    tills.use("B")  # online, not pulled yet: the old card, still in the customer's pocket
    with pytest.raises(ValidationError) as refused:
        checkout.commit(make_order("B-1", old, [("CAKE", 1, "15.00")], rewards=[{"id": "pay-with-points", "points": 300}]), when=at(2))
    assert refused.value.field == "rewards" and "on the hub" in refused.value.message
    sync.run()
    hub = hub_balances(tills.hub)
    assert min(hub.values()) >= 0 and local_balances() == hub


def test_an_order_refunded_on_one_till_is_not_refunded_again_on_another(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-0", ann, [("COFFEE", 100, "2.80")]), when=at(1))
    earned = checkout.commit(make_order("A-1", ann, [("CAKE", 4, "6.05")]), when=at(2)).points_earned
    sync.run()
    tills.use("B")
    sync.run()
    before = cards.lookup(ann).balance
    refunds.refund("A-1", "R-B", "full", when=at(3), manager_pin=MANAGER_PIN)  # online: settled on the hub
    tills.use("A")  # has not pulled the refund
    with pytest.raises(ValidationError) as refused:
        refunds.refund("A-1", "R-A", "full", when=at(3), manager_pin=MANAGER_PIN)
    assert refused.value.field == "refund_id" and "already refunded on another till (R-B)" in refused.value.message
    assert refunds.Refund.get_or_none(refunds.Refund.refund_id == "R-A") is None  # nothing written here
    sync.run()
    assert hub_balances(tills.hub)[ann] == before - earned == cards.lookup(ann).balance


def test_an_order_refunded_on_two_offline_tills_is_flagged(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-1", ann, [("CAKE", 4, "6.05")]), when=at(2))
    sync.run()
    tills.use("B")
    sync.run()
    url = go_offline()
    refunds.refund("A-1", "R-B", "full", when=at(3), manager_pin=MANAGER_PIN)
    tills.use("A")
    refunds.refund("A-1", "R-A", "full", when=at(3), manager_pin=MANAGER_PIN)  # online: the hub has not heard of R-B
    tills.use("B")
    go_online(url)
    sync.run()
    assert ("over_refund", "A-1") in exceptions_on_hub(tills.hub)  # never silently dropped: a manager settles it
    assert [e.kind for e in sync.exceptions()] == ["over_refund"]


def test_the_offline_margin_holds_over_a_day_of_sales(tills: Tills) -> None:
    tills.attach("A", margin=100)
    ann = enrol("Ann Smith", "+44 7700 900123")
    synced = checkout.commit(make_order("A-0", ann, [("COFFEE", 100, "2.80")]), when=at(1)).balance
    sync.run()
    go_offline()
    allowed = synced - 100
    first = checkout.commit(make_order("A-1", ann, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(2))
    assert cards.lookup(ann).balance >= 200  # the card has them (offline earnings included)…
    with pytest.raises(ValidationError) as refused:  # …but points earned offline are not counted on, nor the margin spent twice
        checkout.commit(make_order("A-2", ann, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 200}]), when=at(2))
    assert refused.value.field == "rewards" and f"at most {allowed - first.points_spent} points" in refused.value.message
    second = checkout.commit(make_order("A-3", ann, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(2))
    assert first.points_spent + second.points_spent <= allowed


def test_no_till_may_take_the_hubs_own_name(tills: Tills) -> None:
    tills.use("hub")
    with pytest.raises(ValidationError) as refused:
        sync.attach(tills.hub, "HUB", "Main Street", 0, manager_pin=MANAGER_PIN)
    assert refused.value.field == "till" and sync.attached() is None


def test_a_pull_batch_ending_between_a_coupon_and_the_order_that_used_it_goes_on(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B")
    tills.use("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    code = coupons.issue(ann, "free-coffee", "sorry", MANAGER_PIN).code
    checkout.commit(coffee("A-1", ann, code), when=at(2))
    tills.use("B")
    for _ in range(50):  # one journal row a batch: some end right after the coupon, before its order
        sync.pull(limit=1)
    assert cards.lookup(ann).balance == hub_balances(tills.hub)[ann]
    assert coupons.find(code).status == "redeemed"


def test_a_till_with_history_attaches_whatever_its_first_batch_holds(tmp_path: Path, fresh_pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pos_loyalty.store.database import close_database

    tills = Tills(tmp_path, fresh_pg)
    try:
        tills.use("A")
        ann = enrol("Ann Smith", "+44 7700 900123")
        code = coupons.issue(ann, "free-coffee", "sorry", MANAGER_PIN).code
        checkout.commit(coffee("A-1", ann, code), when=at(2))
        monkeypatch.setattr(sync, "PUSH_BATCH", 1)  # coupons are queued before orders: the first batches split them
        sync.attach(fresh_pg, "A", "Main Street", 0, manager_pin=MANAGER_PIN)
        assert sync.waiting() == 0 and local_balances() == hub_balances(fresh_pg)
    finally:
        close_database()
        sync.close_hubs()


def test_a_coupon_conflict_waiting_in_the_outbox_does_not_refuse_another_customers_sale(tills: Tills) -> None:
    tills.attach("A")
    tills.attach("B", margin=0)
    tills.use("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    bob = enrol("Bob Jones", "+44 7700 900999")
    checkout.commit(make_order("A-0", bob, [("COFFEE", 100, "2.80")]), when=at(1))
    code = coupons.issue(ann, "free-coffee", "sorry", MANAGER_PIN).code
    sync.run()
    tills.use("B")
    sync.run()
    url = go_offline()
    checkout.commit(coffee("B-1", ann, code), when=at(2))  # offline
    tills.use("A")
    checkout.commit(coffee("A-1", ann, code), when=at(2))  # online: the same coupon
    tills.use("B")
    go_online(url)
    r = checkout.commit(make_order("B-2", bob, [("CAKE", 2, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}]), when=at(3))
    assert r.points_spent == 100
    assert ("coupon_twice", code) in exceptions_on_hub(tills.hub)


def test_a_hub_that_stops_answering_while_settling_a_sale_keeps_it_once_when_the_cashier_commits_again(tills: Tills,
                                                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from peewee import OperationalError

    tills.attach("A")
    ann = enrol("Ann Smith", "+44 7700 900123")
    checkout.commit(make_order("A-0", ann, [("COFFEE", 100, "2.80")]), when=at(1))
    sync.run()
    apply = sync._apply_on_hub

    def kept_then_lost(*args, **kwargs):  # type: ignore[no-untyped-def]
        apply(*args, **kwargs)  # the hub commits the sale…
        raise OperationalError("server closed the connection unexpectedly")  # …and its answer never arrives

    monkeypatch.setattr(sync, "_apply_on_hub", kept_then_lost)
    sale = make_order("A-1", ann, [("CAKE", 10, "6.05")], rewards=[{"id": "pay-with-points", "points": 100}])
    with pytest.raises(sync.HubUnreachable) as lost:
        checkout.commit(sale, when=at(2))
    assert "commit again" in lost.value.message
    assert checkout.Order.get_or_none(checkout.Order.order_id == "A-1") is None  # nothing here
    monkeypatch.setattr(sync, "_apply_on_hub", apply)
    result = checkout.commit(sale, when=at(2))  # the cashier presses F12 again
    assert result.points_spent == 100
    sync.run()
    with psycopg.connect(tills.hub) as conn:
        assert conn.execute("SELECT COUNT(*) FROM ledger_entry WHERE idempotency_key = 'order:A-1:spend'").fetchone()[0] == 1
    assert local_balances() == hub_balances(tills.hub)
