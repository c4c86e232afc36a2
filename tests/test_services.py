"""Services on a real SQLite file: enrol, cards, checkout, refunds, adjustments, expiry."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from pos_loyalty.domain.rules import BundleInvalid
from pos_loyalty.resources import resource_path
from pos_loyalty.services import adjustments, cards, checkout, coupons, customers, expiry, ledger, refunds, rules_sync, search
from pos_loyalty.store.models import AuditLog, Card, CardBatch, Coupon, LedgerEntry, Order, OrderLine, RulesVersion

from .conftest import activate_demo_rules, at, ensure_manager, make_order


def balance(number: str) -> int:
    card = Card.get(Card.number == number)
    assert card.balance == ledger.sum_of_ledger(card), "cached balance drifted from the ledger"
    return card.balance


def give_points(number: str, points: int, pin: str) -> None:
    adjustments.adjust(number, points, "starting balance for the test", pin)


# -- enrolment and cards ------------------------------------------------------------------


def test_enrol_with_a_new_card(store: Path) -> None:
    customer, card = customers.enrol(customers.CustomerInput("  Ann   Smith ", "+44 (0)7700 900123", "Ann@Example.com", True))
    assert customer.name == "Ann Smith" and customer.phone == "+447700900123" and customer.email == "ann@example.com"
    assert card.status == "active" and card_numbers.is_valid(card.number)


def test_enrol_with_a_pre_printed_card_and_refusals(store: Path) -> None:
    batch = cards.bulk_create(3, "Shop window")
    _c, card = customers.enrol(customers.CustomerInput("Bo", "0612345678"), batch.first)
    assert card.number == batch.first
    with pytest.raises(ValidationError, match="already active") as err:
        customers.enrol(customers.CustomerInput("Cy", "0612345679"), batch.first)
    assert err.value.field == "card"
    with pytest.raises(ValidationError, match="already belongs to Bo") as err:
        customers.enrol(customers.CustomerInput("Di", "06-1234-5678"))
    assert err.value.field == "phone"
    with pytest.raises(ValidationError) as err:
        customers.enrol(customers.CustomerInput("Ed"))
    assert err.value.field == "phone"
    with pytest.raises(ValidationError) as err:
        customers.enrol(customers.CustomerInput("Ed", email="not-an-email"))
    assert err.value.field == "email"
    assert Card.select().where(Card.status == "active").count() == 1


def test_bulk_create_makes_unique_valid_numbers_as_one_batch(store: Path) -> None:
    seen = []
    result = cards.bulk_create(5000, "Spring 2026", prefix="29", length=13, progress=lambda done, total: seen.append((done, total)))
    numbers = cards.batch_numbers("Spring 2026")
    assert len(numbers) == len(set(numbers)) == 5000
    assert all(n.startswith("29") and len(n) == 13 and card_numbers.is_valid(n) for n in numbers)
    assert seen[-1] == (5000, 5000)
    assert result.first == numbers[0] and result.last == numbers[-1]
    with pytest.raises(ValidationError, match="already exists"):
        cards.bulk_create(10, "Spring 2026")


def test_cancelled_bulk_create_leaves_nothing(store: Path) -> None:
    calls = {"n": 0}

    def cancel_after_first_chunk() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    with pytest.raises(cards.Cancelled):
        cards.bulk_create(12_000, "Cancelled", should_cancel=cancel_after_first_chunk)  # more than one chunk
    assert Card.select().count() == 0 and CardBatch.select().count() == 0


def test_bulk_create_refuses_bad_input(store: Path) -> None:
    for kwargs, field in [({"count": 0}, "count"), ({"count": 10, "prefix": "12345678"}, "prefix"), ({"count": 10, "length": 40}, "length")]:
        with pytest.raises(ValidationError) as err:
            cards.bulk_create(batch_name="x", **kwargs)
        assert err.value.field == field
    assert Card.select().count() == 0


def test_search_by_phone_email_name_and_number(store: Path, card: str) -> None:
    customers.enrol(customers.CustomerInput("Annabel Lee", "0699999999"))
    assert [h.name for h in search.find("ann")] == ["Ann Smith", "Annabel Lee"]
    assert [h.name for h in search.find("+44 7700")] == ["Ann Smith"]
    assert [h.number for h in search.find("ann@ex")] == [card]
    assert search.find(card)[0].name == "Ann Smith"
    assert search.find("zzz") == []


def test_search_with_more_matches_than_the_limit_stops_early_and_sorts_by_name(store: Path) -> None:
    """A short phone prefix ("07") matches most customers: the search takes the first `limit`
    of the phone index (no sort of every match: 0.7 s among 600,000 customers) and shows them by name."""
    for i in range(12):
        customers.enrol(customers.CustomerInput(f"Person {chr(ord('z') - i)}", f"0770090{i:04d}"))
    found = customers.search("07", limit=5)
    assert [c.name for c in found] == ["Person v", "Person w", "Person x", "Person y", "Person z"]  # the 5 lowest numbers
    # by name: the first 3 in the word index (word, then enrolment), shown by name
    assert [c.name for c in customers.search("person", limit=3)] == ["Person x", "Person y", "Person z"]


# -- checkout -----------------------------------------------------------------------------


def test_commit_earns_points_and_is_idempotent(store: Path, card: str) -> None:
    request = make_order("T1-1", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")])
    first = checkout.commit(request, when=at(2))
    # spend: 30 points on 30.50; beans: 2 × 5; welcome: 50 on the first order
    assert (first.points_earned, first.balance, first.total) == (90, 90, "30.50")
    again = checkout.commit(request, when=at(3))
    assert again.replayed and again.balance == 90
    assert Order.select().count() == 1 and LedgerEntry.select().count() == 1
    assert balance(card) == 90


def test_a_retry_racing_its_first_try_replays_it(store: Path, card: str, manager: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether an order was committed is read before the write lock: a retry that read "not
    yet" while its first try committed (another process, another till) then finds the points it
    would spend gone, or the order id taken, and answers with the first try's result — nothing
    written twice, no error."""
    give_points(card, 100, manager)
    spends = make_order("RACE-1", card, [("CAKE", 1, "7.20")], rewards=[{"id": "pay-with-points", "points": 100}])
    plain = make_order("RACE-2", card, [("COFFEE", 1, "2.80")])
    first_spends, first_plain = checkout.commit(spends, when=at(2)), checkout.commit(plain, when=at(2))
    real = checkout._rules_and_caps
    monkeypatch.setattr(checkout, "_rules_and_caps", lambda when, order_id=None: (*real(when, order_id)[:3], False))
    entries = LedgerEntry.select().count()
    assert balance(card) < 100
    again_spends = checkout.commit(spends, when=at(3))  # its 100 points are spent: refused, then found committed
    again_plain = checkout.commit(plain, when=at(3))  # priced again, then its INSERT finds the order id taken
    assert again_spends.replayed and again_plain.replayed
    assert (again_spends.points_spent, again_spends.total) == (first_spends.points_spent, first_spends.total) == (100, first_spends.total)
    assert again_plain.points_earned == first_plain.points_earned
    assert LedgerEntry.select().count() == entries and Order.select().count() == 2
    with pytest.raises(ValidationError):  # a refusal of an order that was never committed stays a refusal
        checkout.commit(make_order("RACE-3", card, [("CAKE", 1, "7.20")], rewards=[{"id": "pay-with-points", "points": 140}]), when=at(3))


def test_same_order_id_with_other_content_is_refused(store: Path, card: str) -> None:
    checkout.commit(make_order("T1-2", card), when=at(2))
    with pytest.raises(Conflict) as err:
        checkout.commit(make_order("T1-2", card, [("COFFEE", 3, "2.80")]), when=at(2))
    assert err.value.field == "order_id"
    assert Order.select().count() == 1


def test_an_order_committed_with_the_first_form_of_fingerprint_still_replays(store: Path, card: str) -> None:
    """Orders committed before the fingerprint's second form ("2:…") keep the first one they
    stored (JSON of the request, 64 hex digits): a retry of one replays, other content under
    its id is still refused."""
    request = make_order("T1-OLD", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")])
    first = checkout.commit(request, when=at(2))
    stored = Order.get(Order.order_id == "T1-OLD")
    assert stored.content_hash == checkout.request_hash(request) and stored.content_hash.startswith("2:") and len(stored.content_hash) == 64
    Order.update(content_hash=checkout._first_hash(request)).where(Order.id == stored.id).execute()  # as a version before it wrote it
    again = checkout.commit(make_order("T1-OLD", card, [("COFFEE", 2, "2.8"), ("BEANS@beans", 1, "24.90")]), when=at(3))
    assert again.replayed and (again.points_earned, again.balance) == (first.points_earned, first.balance)
    with pytest.raises(Conflict):
        checkout.commit(make_order("T1-OLD", card, [("COFFEE", 3, "2.80"), ("BEANS@beans", 1, "24.90")]), when=at(3))
    assert Order.select().count() == 1 and LedgerEntry.select().count() == 1


def test_commit_with_points_and_product_rewards(store: Path, card: str, manager: str) -> None:
    give_points(card, 500, manager)
    request = make_order("T1-3", card, [("COFFEE", 1, "2.80"), ("CAKE", 1, "7.20")],
                         rewards=[{"id": "free-coffee"}, {"id": "pay-with-points", "points": 100}])
    result = checkout.commit(request, when=at(5))
    # 500 − 120 (free coffee) − 100 (5.00 off) = 280; earns on 5.00 paid: 5 + welcome 50
    assert (result.points_spent, result.total, result.points_earned) == (220, "5.00", 55)
    assert balance(card) == 500 - 220 + 55
    order = Order.get(Order.order_id == "T1-3")
    assert [(l.sku, l.reward_id) for l in order.lines.order_by(OrderLine.position)][-1] == ("COFFEE", "free-coffee")


def test_suspended_card_earns_nothing_and_unassigned_card_is_refused(store: Path, card: str) -> None:
    cards.suspend(card, reason="disputed", manager_pin=ensure_manager())
    result = checkout.commit(make_order("T1-4", card, [("CAKE", 1, "30.00")]), when=at(2))
    assert result.points_earned == 0 and balance(card) == 0
    cards.reactivate(card, reason="cleared", manager_pin=ensure_manager())
    blank = cards.bulk_create(1, "B").first
    with pytest.raises(ValidationError, match="enrol the customer first"):
        checkout.commit(make_order("T1-5", blank), when=at(2))


def test_fulfilment_mode_awards_points_once_on_fulfil(store: Path, card: str, tmp_path: Path) -> None:
    activate_demo_rules(tmp_path, "fulfil", award_on="fulfilled")
    result = checkout.commit(make_order("W-1", card, [("CAKE", 1, "20.00")]), when=at(2))
    assert result.points_earned == 70 and not result.points_awarded and balance(card) == 0
    assert checkout.fulfil("W-1", when=at(3)).balance == 70
    assert checkout.fulfil("W-1", when=at(4)).balance == 70
    assert balance(card) == 70


# -- refunds ------------------------------------------------------------------------------


def test_partial_then_full_refund_reverses_exactly_what_was_earned(store: Path, card: str) -> None:
    checkout.commit(make_order("R-1", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "24.90")]), when=at(2))
    plan = refunds.plan("R-1", "partial", {1: 1})
    assert plan.by_rule == {"spend": 24, "beans-bonus": 10}  # welcome bonus stays: 5.60 is still over its 5.00 minimum
    part = refunds.refund("R-1", "RF-1", "partial", {1: 1}, when=at(3))
    assert (part.points_reversed, part.balance, part.amount) == (34, 56, "24.90")
    assert refunds.refund("R-1", "RF-1", "partial", {1: 1}, when=at(4)).replayed
    rest = refunds.refund("R-1", "RF-2", "full", when=at(5))
    assert (rest.points_reversed, rest.balance, rest.amount) == (56, 0, "5.60")
    assert Order.get(Order.order_id == "R-1").status == "refunded"
    with pytest.raises(ValidationError, match="already refunded"):
        refunds.refund("R-1", "RF-3", "full")
    assert balance(card) == 0


def test_refund_below_the_minimum_reverses_the_whole_rule(store: Path, card: str) -> None:
    checkout.commit(make_order("R-2", card, [("A", 1, "4.00"), ("B", 1, "3.00")]), when=at(2))
    # welcome bonus (min 5.00) + 7 spend points = 57
    result = refunds.refund("R-2", "RF-4", "partial", {0: 1}, when=at(3))
    assert result.points_reversed == 4 + 50
    assert balance(card) == 3


def test_full_refund_gives_back_points_spent_and_coupons(store: Path, card: str, manager: str) -> None:
    give_points(card, 300, manager)
    coupon = coupons.issue(card, "free-coffee", "sorry for the wait", manager)
    request = make_order("R-3", card, [("CAKE", 1, "10.00")],
                         rewards=[{"id": "pay-with-points", "points": 100}, {"id": "free-coffee", "coupon": coupon.code}])
    result = checkout.commit(request, when=at(2))
    assert result.points_spent == 100 and Coupon.get_by_id(coupon.id).status == "redeemed"
    after_commit = balance(card)
    refund = refunds.refund("R-3", "RF-5", "cancel", when=at(3))
    assert refund.points_returned == 100 and refund.points_reversed == result.points_earned
    assert balance(card) == after_commit + 100 - result.points_earned == 300
    assert Coupon.get_by_id(coupon.id).status == "issued"
    assert Order.get(Order.order_id == "R-3").status == "cancelled"


def test_refund_that_takes_balance_below_zero_is_recorded_and_flagged(store: Path, card: str, manager: str) -> None:
    checkout.commit(make_order("R-4", card, [("CAKE", 1, "200.00")]), when=at(2))  # 250 points
    checkout.commit(make_order("R-5", card, [("CAKE", 1, "5.00")], rewards=[{"id": "ten-percent"}]), when=at(3))
    assert balance(card) == 250 - 200 + 5  # 4.50 paid × 1.25 (Silver after spending 200.00) = 5
    result = refunds.refund("R-4", "RF-6", "full", when=at(4), manager_pin=ensure_manager())  # 200.00: above the manager limit
    assert result.flagged_negative and result.balance == 55 - 250
    assert balance(card) == -195


def test_refund_bad_input_changes_nothing(store: Path, card: str) -> None:
    checkout.commit(make_order("R-6", card, [("COFFEE", 2, "2.80")]), when=at(2))
    before = balance(card)
    for args, field in [(("NOPE", "x", "full"), "order_id"), (("R-6", "x", "partial", {0: 3}), "lines[0]"),
                        (("R-6", "x", "partial", {7: 1}), "lines[7]"), (("R-6", "", "full"), "refund_id"), (("R-6", "x", "bogus"), "kind")]:
        with pytest.raises((ValidationError, NotFound)) as err:
            refunds.refund(*args)
        assert err.value.field == field
    assert balance(card) == before and Order.get(Order.order_id == "R-6").status == "committed"


# -- adjustments, replacement, expiry -----------------------------------------------------


def test_adjustment_needs_a_manager_pin_and_is_audited(store: Path, card: str, manager: str) -> None:
    with pytest.raises(PermissionDenied):
        adjustments.adjust(card, 50, "goodwill", None)
    with pytest.raises(PermissionDenied, match="not correct"):
        adjustments.adjust(card, 50, "goodwill", "0000")
    with pytest.raises(ValidationError) as err:
        adjustments.adjust(card, 50, "", manager)
    assert err.value.field == "reason"
    assert balance(card) == 0 and not AuditLog.select().where(AuditLog.action == "points.adjust").exists()
    result = adjustments.adjust(card, 50, "coffee was cold", manager)
    assert result.balance == 50 and result.manager == "Maya"
    row = AuditLog.get(AuditLog.action == "points.adjust")
    assert (row.user, row.target, row.reason) == ("Maya", card, "coffee was cold")
    with pytest.raises(ValidationError, match="below zero"):
        adjustments.adjust(card, -51, "typo", manager)
    assert balance(card) == 50


def test_replacing_a_lost_card_moves_balance_expiry_and_history(store: Path, card: str) -> None:
    checkout.commit(make_order("L-1", card, [("CAKE", 1, "20.00")]), when=dt.datetime.now() - dt.timedelta(days=350))
    new = cards.replace(card, reason="lost", manager_pin=ensure_manager())
    assert new.balance == 70 and balance(new.number) == 70 and balance(card) == 0
    view = cards.lookup(new.number)
    assert view.customer_name == "Ann Smith" and view.expiring_points == 70  # still expires a year after it was earned
    kinds = [(h.card, h.kind, h.points) for h in cards.history(Card.get(Card.number == new.number))]
    assert (card, "earn", 70) in kinds and (new.number, "transfer", 70) in kinds
    with pytest.raises(ValidationError, match="was replaced by"):
        checkout.commit(make_order("L-2", card), when=dt.datetime.now())


def test_points_expire_and_soonest_expiring_are_spent_first(store: Path, card: str) -> None:
    start = dt.datetime(2025, 1, 10, 12)
    checkout.commit(make_order("E-1", card, [("CAKE", 1, "150.00")]), when=start)                      # 200 pts, expire 2026-01-10
    checkout.commit(make_order("E-2", card, [("CAKE", 1, "100.00")]), when=start + dt.timedelta(days=100))  # 100 pts
    checkout.commit(make_order("E-3", card, [("CAKE", 1, "10.00")], rewards=[{"id": "pay-with-points", "points": 100}]),
                    when=start + dt.timedelta(days=200))  # spends 100 from the oldest lot; 5.00 paid × 1.25 (Silver) = 6
    assert balance(card) == 206
    expired = expiry.sweep(dt.datetime(2026, 1, 11))
    assert expired == {card: 100}  # had the spend come from the newer lot, 200 would have expired
    assert balance(card) == 106
    assert expiry.sweep(dt.datetime(2026, 1, 12)) == {}
    assert balance(card) == 106


# -- rules --------------------------------------------------------------------------------


def test_bad_bundle_leaves_the_old_rules_active_and_reimport_is_a_no_op(store: Path, tmp_path: Path) -> None:
    old = rules_sync.active_version()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": "2", "earning_rules": [{"id": "x"}]}))
    with pytest.raises(BundleInvalid):
        rules_sync.import_file(bad, manager_pin=ensure_manager())
    assert rules_sync.active_version().checksum == old.checksum
    again = rules_sync.import_file(resource_path("demo_rules.json"), manager_pin=ensure_manager())
    assert not again.changed and RulesVersion.select().count() == 1


def test_quote_uses_tiers_from_order_history(store: Path, card: str) -> None:
    for i in range(10):
        checkout.commit(make_order(f"TIER-{i}", card, [("CAKE", 1, "5.00")]), when=dt.datetime.now() - dt.timedelta(days=20 - i))
    q, _rules = checkout.quote(make_order("TIER-X", card, [("CAKE", 1, "20.00")]))
    assert cards.lookup(card, _rules).tier == "Silver"
    assert q.points_earned == 25  # 20 × 1.25


def test_money_is_stored_exactly(store: Path, card: str) -> None:
    checkout.commit(make_order("M-1", card, [("A", 1, "0.10"), ("B", 1, "0.20")], tax="0.07"), when=at(2))
    order = Order.get(Order.order_id == "M-1")
    assert order.total == Decimal("0.37") and order.subtotal == Decimal("0.30")


def test_settings_refuse_a_logo_that_cannot_be_printed_and_change_nothing(store: Path, tmp_path: Path) -> None:
    from pos_loyalty.services import settings

    from PIL import Image

    picture = tmp_path / "logo.png"
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    Image.new("RGB", (40, 20), "white").save(picture)
    for value, message in ((str(tmp_path / "missing.png"), "does not exist"), (str(tmp_path / "logo.svg"), "not a PNG, JPEG or GIF"),
                           (str(tmp_path / "broken.png"), "cannot be read as an image")):
        with pytest.raises(ValidationError, match=message) as err:
            settings.set_value("logo_path", value, manager_pin=ensure_manager())
        assert err.value.field == "logo_path"
    with pytest.raises(ValidationError) as err:
        settings.set_value("store_name", "   ", manager_pin=ensure_manager())
    assert err.value.field == "store_name"
    assert settings.all_settings()["logo_path"] == "" and settings.get("store_name") == "My Store"
    settings.set_value("logo_path", str(picture), manager_pin=ensure_manager())
    assert settings.get("logo_path") == str(picture)
