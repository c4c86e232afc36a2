"""Milestones (seed 001) with exact figures: the bundle's milestones key, the pure evaluation,
and the services — paid once at the commit that reaches a step, taken back by the refund that
goes below it, paid again when reached again; amount spent, points earned, inactivity (the
daily job), rule dates, suspended cards, progress."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_loyalty.domain import milestones as domain
from pos_loyalty.domain.rules import BundleInvalid, parse_bundle
from pos_loyalty.services import cards, checkout, customers, ledger, programme, refunds, rules_sync
from pos_loyalty.store.models import Card, Coupon, Customer, LedgerEntry, MilestoneAward

from .conftest import ensure_manager, make_order

SEED_001 = {"id": "orders", "name": "Order milestones", "kind": "orders", "coupon_valid_days": 30,
            "steps": [{"requirement": 5, "points": 100}, {"requirement": 20, "points": 500}, {"requirement": 30, "reward_id": "free-shirt"}]}


def bundle(*milestones: dict[str, Any], version: str = "ms") -> dict[str, Any]:
    """1 point per 1.00 spent, a free shirt product reward, and the given milestone rules."""
    return {
        "format": 1, "version": version, "settings": {"currency": "EUR", "points_expire_after_days": 365},
        "earning_rules": [{"id": "spend", "name": "1 point per 1.00", "mode": "per_amount", "points": 1, "per_amount": "1.00"}],
        "rewards": [{"type": "product", "id": "free-shirt", "name": "Free shirt", "points_cost": 0, "sku": "SHIRT",
                     "product_name": "T-shirt", "value": "15.00"},
                    {"type": "points", "id": "pay", "name": "Pay with points", "conversion_factor": "0.10"}],
        "milestones": list(milestones),
    }


def activate(tmp: Path, data: dict[str, Any]) -> None:
    path = tmp / f"{data['version']}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


def enrol(name: str = "Ann Smith", phone: str = "+44 7700 900123", when: dt.datetime | None = None) -> str:
    customer, card = customers.enrol(customers.CustomerInput(name, phone))
    if when is not None:
        Customer.update(created_at=when).where(Customer.id == customer.id).execute()
    return card.number


def day(n: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 1, 1, hour) + dt.timedelta(days=n)


def buy(order_id: str, number: str, amount: str = "10.00", when: dt.datetime | None = None) -> checkout.CommitResult:
    return checkout.commit(make_order(order_id, number, [("COFFEE", 1, amount)]), when=when or day(1))


def balance(number: str) -> int:
    card = Card.get(Card.number == number)
    assert card.balance == ledger.sum_of_ledger(card), "balance is not the sum of the ledger"
    return card.balance


def milestone_entries(number: str) -> list[tuple[int, str]]:
    card = Card.get(Card.number == number)
    return [(e.points, e.idempotency_key) for e in LedgerEntry.select().where((LedgerEntry.card == card) & (LedgerEntry.kind == "milestone")).order_by(LedgerEntry.id)]


# -- the bundle ---------------------------------------------------------------------------------


def test_a_bundle_with_milestones_is_read_with_its_steps() -> None:
    rules = parse_bundle(json.dumps(bundle(SEED_001, {"id": "spend", "name": "Big spender", "kind": "amount_spent",
                                                      "steps": [{"requirement": "250.50", "points": 50}]})))
    orders, spend = rules.milestones
    assert [s.requirement for s in orders.steps] == [5, 20, 30] and orders.steps[2].reward_id == "free-shirt" and orders.coupon_valid_days == 30
    assert spend.steps[0].requirement == Decimal("250.50") and spend.active and spend.starts is None


def test_a_bad_bundle_is_rejected_with_every_milestone_error_listed() -> None:
    bad = bundle(
        {"id": "orders", "name": "Orders", "kind": "orders", "steps": [{"requirement": 5, "points": 100}, {"requirement": 5, "points": 500},
                                                                      {"requirement": 30, "reward_id": "pay"}]},
        {"id": "visits", "name": "Visits", "kind": "visits", "steps": [{"requirement": 1, "points": 1}]},
        {"id": "gift", "name": "Gift", "kind": "reviews", "steps": [{"requirement": 2, "reward_id": "no-such-thing"},
                                                                   {"requirement": 3, "points": 5, "reward_id": "free-shirt"}]},
        {"id": "orders", "name": "Again", "kind": "orders", "steps": [{"requirement": "2.5", "points": 1}]},
    )
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(json.dumps(bad))
    errors = dict(err.value.errors)
    assert errors["milestones[0].steps[1].requirement"] == "must be higher than the previous step's 5 (requirements strictly increase)"
    assert errors["milestones[0].steps[2].reward_id"] == "a free product needs a product reward: 'pay' is a points reward"
    assert errors["milestones[1].kind"].startswith("must be 'orders', 'amount_spent', 'points_earned', 'reviews' or 'inactivity'")
    assert errors["milestones[2].steps[0].reward_id"] == "a free product needs a product reward: there is no reward 'no-such-thing'"
    assert "not both" in errors["milestones[2].steps[1]"]
    assert errors["milestones[3].id"].startswith("'orders' is already the id of milestones[0]")
    assert errors["milestones[3].steps[0].requirement"].startswith("must be a whole number for kind 'orders'")
    assert len(err.value.errors) == 7


# -- the pure part ------------------------------------------------------------------------------


def test_evaluate_pays_steps_reached_once_and_reverses_steps_above_the_figure() -> None:
    rule = parse_bundle(json.dumps(bundle(SEED_001))).milestones[0]
    when = dt.datetime(2026, 6, 1)
    first = domain.evaluate(rule, Decimal(5), [], when)
    assert [s.requirement for s in first.reached] == [5] and first.to_reverse == ()
    assert domain.evaluate(rule, Decimal(7), ["5"], when).reached == ()
    back = domain.evaluate(rule, Decimal(4), ["5"], when)
    assert back.reached == () and back.to_reverse == ("5",)
    assert [s.requirement for s in domain.evaluate(rule, Decimal(31), ["5"], when).reached] == [20, 30]


def test_progress_text_names_the_next_step() -> None:
    rules = parse_bundle(json.dumps(bundle(SEED_001, {"id": "spend", "name": "Big spender", "kind": "amount_spent",
                                                      "steps": [{"requirement": "250", "points": 50}]})))
    orders, spend = rules.milestones
    assert domain.progress_text(orders, Decimal(7), rules) == "Order milestones: 7 of 20 orders — next: 500 points"
    assert domain.progress_text(orders, Decimal(25), rules) == "Order milestones: 25 of 30 orders — next: a free T-shirt"
    assert domain.progress_text(orders, Decimal(30), rules) == "Order milestones: 30 orders — every step reached"
    assert domain.progress_text(spend, Decimal("70.5"), rules) == "Big spender: €70.50 of €250.00 spent — next: 50 points"


# -- seed 001 through the services --------------------------------------------------------------


def test_seed_001_five_twenty_thirty_orders(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle(SEED_001))
    number = enrol()
    for n in range(1, 5):
        assert buy(f"O-{n}", number).unlocked == ()
    fifth = buy("O-5", number)
    assert [u.text for u in fifth.unlocked] == ["Order milestones — 5 orders: +100 points"]
    assert fifth.unlocked[0].points == 100 and fifth.balance == 5 * 10 + 100 == balance(number)
    replay = buy("O-5", number)  # the same commit again: nothing more
    assert replay.replayed and replay.unlocked == () and balance(number) == 150
    assert buy("O-6", number).unlocked == ()
    award = MilestoneAward.get(rule_id="orders", requirement="5")
    assert milestone_entries(number) == [(100, f"milestone:{award.id}:1")]
    # Cancelling one order takes the customer back to 5... not below: nothing reversed.
    refunds.refund("O-6", "R-6", "cancel", when=day(2))
    assert milestone_entries(number) == [(100, f"milestone:{award.id}:1")] and balance(number) == 150
    # ...cancelling another takes them to 4 orders: the 100 go back. (A full refund counts the
    # same once refunded orders stop counting: see test_amount_spent_and_a_full_refund.)
    refunds.refund("O-5", "R-5", "cancel", when=day(2))
    assert milestone_entries(number) == [(100, f"milestone:{award.id}:1"), (-100, f"milestone:{award.id}:1:reverse")]
    assert balance(number) == 4 * 10 + 100 - 100 - 0 == 40
    assert MilestoneAward.get_by_id(award.id).status == "reversed"
    refunds.refund("O-5", "R-5", "cancel", when=day(2))  # the retried refund changes nothing
    assert len(milestone_entries(number)) == 2 and balance(number) == 40
    again = buy("O-7", number)  # the 5th order again: paid again
    assert [u.points for u in again.unlocked] == [100] and balance(number) == 40 + 10 + 100
    assert milestone_entries(number)[-1] == (100, f"milestone:{award.id}:2")
    for n in range(8, 23):
        result = buy(f"O-{n}", number)
    assert MilestoneAward.get(rule_id="orders", requirement="20").points == 500
    assert [p for p, _ in milestone_entries(number)] == [100, -100, 100, 500]
    for n in range(23, 33):
        result = buy(f"O-{n}", number, when=day(3))
    shirt = list(result.unlocked)
    coupon = Coupon.get(Coupon.source == "milestone")
    assert coupon.reward_id == "free-shirt" and coupon.status == "issued" and coupon.expires_at == day(3) + dt.timedelta(days=30)
    assert MilestoneAward.get(rule_id="orders", requirement="30").coupon_id == coupon.id
    assert [u.text for u in shirt] == [f"Order milestones — 30 orders: a free T-shirt (coupon {coupon.code})"]
    assert MilestoneAward.select().count() == 3 and balance(number) == 30 * 10 + 100 + 500
    assert [p.text for p in programme.progress(number, at=day(3))] == ["Order milestones: 30 orders — every step reached"]
    # A refund below 30 voids the unused coupon.
    refunds.refund("O-32", "R-32", "cancel", when=day(4))
    assert Coupon.get_by_id(coupon.id).status == "void" and MilestoneAward.get(rule_id="orders", requirement="30").status == "reversed"


def test_the_thirtieth_order_says_free_shirt(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({**SEED_001, "steps": [{"requirement": 2, "reward_id": "free-shirt"}]}))
    number = enrol()
    buy("A-1", number)
    result = buy("A-2", number)
    coupon = Coupon.get(Coupon.source == "milestone")
    assert [u.text for u in result.unlocked] == [f"Order milestones — 2 orders: a free T-shirt (coupon {coupon.code})"]
    assert result.unlocked[0].product == "T-shirt" and result.unlocked[0].points == 0


def test_amount_spent_and_a_partial_refund(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({"id": "spend", "name": "Big spender", "kind": "amount_spent",
                               "steps": [{"requirement": "50.00", "points": 20}, {"requirement": "100.00", "points": 50}]}))
    number = enrol()
    assert buy("S-1", number, "30.00").unlocked == ()
    second = checkout.commit(make_order("S-2", number, [("COFFEE", 2, "15.00")]), when=day(1))
    assert [u.text for u in second.unlocked] == ["Big spender — €50.00 spent: +20 points"] and balance(number) == 60 + 20
    refunds.refund("S-2", "R-1", "partial", {0: 1}, when=day(2))  # 15.00 back: 45.00 spent
    assert balance(number) == 60 - 15 + 20 - 20 == 45
    assert [p.text for p in programme.progress(number, at=day(2))] == ["Big spender: €45.00 of €50.00 spent — next: 20 points"]
    third = buy("S-3", number, "55.00")  # 100.00: both steps at once
    assert [u.points for u in third.unlocked] == [20, 50] and balance(number) == 45 + 55 + 20 + 50


def test_amount_spent_and_a_full_refund(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({"id": "spend", "name": "Big spender", "kind": "amount_spent", "steps": [{"requirement": "50.00", "points": 100}]}))
    number = enrol()
    for n in range(1, 6):
        result = buy(f"F-{n}", number)
    assert [u.text for u in result.unlocked] == ["Big spender — €50.00 spent: +100 points"] and balance(number) == 150
    buy("F-6", number)
    refunds.refund("F-6", "R-6", when=day(2))
    assert balance(number) == 150  # back to 50.00: still reached
    refunds.refund("F-2", "R-2", when=day(2))
    award = MilestoneAward.get(rule_id="spend")
    assert milestone_entries(number) == [(100, f"milestone:{award.id}:1"), (-100, f"milestone:{award.id}:1:reverse")]
    assert balance(number) == 40
    refunds.refund("F-2", "R-2", when=day(2))
    assert balance(number) == 40 and len(milestone_entries(number)) == 2
    assert [u.points for u in buy("F-7", number).unlocked] == [100] and balance(number) == 150
    assert milestone_entries(number)[-1] == (100, f"milestone:{award.id}:2")


def test_points_earned_do_not_count_milestone_bonuses(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({"id": "pts", "name": "Earner", "kind": "points_earned", "steps": [{"requirement": 100, "points": 25}, {"requirement": 125, "points": 7}]}))
    number = enrol()
    assert buy("P-1", number, "99.00").unlocked == ()
    assert [u.points for u in buy("P-2", number, "1.00").unlocked] == [25]  # 100 earned; the 25 bonus is not "earned"
    assert buy("P-3", number, "24.00").unlocked == () and balance(number) == 124 + 25
    assert [u.points for u in buy("P-4", number, "1.00").unlocked] == [7]


def test_stores_that_award_on_fulfilment_pay_points_earned_steps_when_the_points_land(store: Path, tmp_path: Path) -> None:
    data = bundle({"id": "pts", "name": "Earner", "kind": "points_earned", "steps": [{"requirement": 20, "points": 5}]},
                  {**SEED_001, "steps": [{"requirement": 2, "points": 3}]})
    data["settings"]["award_on"] = "fulfilled"
    activate(tmp_path, data)
    number = enrol()
    assert buy("W-1", number, "12.00").unlocked == ()
    assert [u.text for u in buy("W-2", number, "12.00").unlocked] == ["Order milestones — 2 orders: +3 points"]  # orders count at the commit
    assert checkout.fulfil("W-1", when=day(2)).unlocked == () and balance(number) == 3 + 12
    fulfilled = checkout.fulfil("W-2", when=day(2))
    assert [u.text for u in fulfilled.unlocked] == ["Earner — 20 points earned: +5 points"] and fulfilled.balance == 3 + 24 + 5 == balance(number)
    assert checkout.fulfil("W-2", when=day(3)).unlocked == () and balance(number) == 32


def test_reviews_reach_steps_when_the_review_is_recorded(store: Path, tmp_path: Path) -> None:
    """How recording an action calls it: `counters.record_review`, then `on_activity`, in one transaction."""
    from pos_loyalty.services import counters
    from pos_loyalty.store.database import transaction

    activate(tmp_path, bundle({"id": "reviews", "name": "Reviewer", "kind": "reviews", "steps": [{"requirement": 2, "points": 15}]}))
    number = enrol()
    card = Card.get(Card.number == number)
    unlocked = []
    for n in range(3):
        with transaction():
            counters.record_review(card.customer_id, day(n))
            unlocked.append([u.text for u in programme.on_activity(Card.get(Card.number == number), card.customer_id, day(n))])
    assert unlocked == [[], ["Reviewer — 2 reviews: +15 points"], []] and balance(number) == 15
    assert [p.text for p in programme.progress(number, at=day(3))] == ["Reviewer: 3 reviews — every step reached"]


def test_a_step_is_reached_only_while_the_rule_is_live_and_counts_from_its_start(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({**SEED_001, "starts": "2026-01-10", "ends": "2026-01-20", "steps": [{"requirement": 2, "points": 10}]}))
    number = enrol()
    buy("D-1", number, when=day(3))
    buy("D-2", number, when=day(4))  # before the start: neither order counts
    assert buy("D-3", number, when=day(10)).unlocked == ()
    assert [u.points for u in buy("D-4", number, when=day(11)).unlocked] == [10]
    other = enrol("Bo", "+44 7700 900124")
    buy("E-1", other, when=day(15))
    assert buy("E-2", other, when=day(25)).unlocked == ()  # after the end


def test_an_order_replayed_offline_with_an_earlier_time_takes_nothing_back(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({**SEED_001, "steps": [{"requirement": 3, "points": 100}]}))
    number = enrol()
    for n in range(3):
        buy(f"L-{n}", number, when=day(10 + n))
    assert balance(number) == 130
    late = buy("L-old", number, when=day(1))  # as of day 1 the customer had 1 order: below 3, but nothing to take back
    assert late.unlocked == () and balance(number) == 140 and MilestoneAward.get().status == "awarded"
    refunds.refund("L-0", "R-L0", "cancel", when=day(5))  # a refund recorded with an early time: 3 orders remain
    assert balance(number) == 130 and MilestoneAward.get().status == "awarded"
    refunds.refund("L-1", "R-L1", "cancel", when=day(5))
    assert balance(number) == 20 and MilestoneAward.get().status == "reversed"


def test_a_suspended_card_earns_no_milestone(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({**SEED_001, "steps": [{"requirement": 1, "points": 10}]}))
    number = enrol()
    cards.suspend(number, reason="lost wallet", manager_pin=ensure_manager())
    try:
        result = buy("X-1", number)
    except Exception:  # a suspended card may be refused at checkout altogether
        result = None
    assert result is None or result.unlocked == ()
    assert MilestoneAward.select().count() == 0


# -- inactivity: the daily job -----------------------------------------------------------------


def test_inactivity_is_paid_once_by_the_daily_job_and_hidden_from_customers(store: Path, tmp_path: Path) -> None:
    activate(tmp_path, bundle({"id": "miss-you", "name": "We miss you", "kind": "inactivity",
                               "steps": [{"requirement": 30, "points": 200}, {"requirement": 60, "points": 300}]}))
    ann = enrol(when=day(0))
    bo = enrol("Bo", "+44 7700 900124", when=day(0))
    cy = enrol("Cy", "+44 7700 900125", when=day(20))  # never ordered: counts from enrolment
    buy("I-1", ann, when=day(1))
    buy("I-2", bo, when=day(1))
    buy("I-3", bo, when=day(25))
    refunds.refund("I-3", "R-3", "cancel", when=day(26))  # a cancelled order is no order
    report = programme.run_daily(day(30, 23))
    assert report["inactivity_awards"] == 0  # 29 days since the orders
    report = programme.run_daily(day(31, 23))
    assert report["inactivity_awards"] == 2 and balance(ann) == 10 + 200 and balance(bo) == 10 + 200 and balance(cy) == 0
    assert programme.run_daily(day(31, 23))["inactivity_awards"] == 0  # twice the same day: nothing more
    assert programme.run_daily(day(50, 23))["inactivity_awards"] == 1 and balance(cy) == 200
    manager_view = programme.progress(ann, include_hidden=True, at=day(40))
    assert [p.text for p in manager_view] == ["We miss you: 39 of 60 days without an order — next: 300 points"]
    assert programme.progress(ann, at=day(40)) == []
    buy("I-4", ann, when=day(41))
    assert programme.run_daily(day(80, 23))["inactivity_awards"] == 2  # Bo's and Cy's 60; Ann ordered again (and 30 is paid once ever)
    assert balance(ann) == 10 + 200 + 10 and balance(bo) == 10 + 200 + 300 and balance(cy) == 200 + 300
    assert programme.run_daily(day(101, 23))["inactivity_awards"] == 1 and balance(ann) == 10 + 200 + 10 + 300


# -- the command line ---------------------------------------------------------------------------


def test_seed_001_through_the_cli(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_maya: list[str]) -> None:
    from pos_loyalty.cli import main as cli
    from pos_loyalty.store.database import close_database

    rules_file = tmp_path / "ms.json"
    rules_file.write_text(json.dumps(bundle(SEED_001, {"id": "miss-you", "name": "We miss you", "kind": "inactivity",
                                                        "steps": [{"requirement": 30, "points": 200}]})), encoding="utf-8")
    number = enrol()
    close_database()
    base = ["--db", str(store), *as_maya]

    def run(*args: str) -> tuple[int, str, str]:
        code = cli([*base, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("rules", "import", str(rules_file))[0] == 0
    for n in range(1, 6):
        order = tmp_path / f"o{n}.json"
        order.write_text(json.dumps({"order_id": f"CLI-{n}", "card": number, "lines": [{"sku": "COFFEE", "quantity": 1, "unit_price": "10.00"}]}))
        code, out, _ = run("checkout", "commit", str(order))
        assert code == 0
    assert "Unlocked: Order milestones — 5 orders: +100 points" in out and "balance 150 points" in out
    code, out, _ = run("checkout", "commit", str(order))  # the replay unlocks nothing
    assert code == 0 and "Unlocked" not in out
    code, out, _ = run("--json", "checkout", "commit", str(tmp_path / "o5.json"))
    assert json.loads(out)["unlocked"] == []
    code, out, _ = run("cards", "show", number)
    assert "milestone: Order milestones: 5 of 20 orders — next: 500 points" in out and "miss you" not in out
    code, out, _ = run("--json", "cards", "show", number)
    assert [m["text"] for m in json.loads(out)["milestones"]] == ["Order milestones: 5 of 20 orders — next: 500 points"]
    code, out, _ = run("programme", "progress", number)
    assert code == 0 and "We miss you:" in out and "(hidden from customers)" in out
    code, out, err = run("programme", "run-daily", "--as-of", "2099-01-01")
    assert code == 2 and "--as-of" in err and "future" in err
    code, out, err = run("programme", "run-daily", "--as-of", "last tuesday")
    assert code == 2 and "--as-of" in err
    # Enrolled today: as of yesterday, nothing is due.
    code, out, _ = run("--json", "programme", "run-daily", "--as-of", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    assert code == 0 and json.loads(out)["inactivity_awards"] == 0
    code, out, err = cli(["--db", str(store), "programme", "run-daily"]), *capsys.readouterr()
    assert code == 2 and "--user" in err
    code, out, err = cli(["--db", str(store), "programme", "progress", number]), *capsys.readouterr()
    assert code == 2 and "We miss you" not in out  # managers only: nobody signed in sees nothing


def test_inactivity_through_the_cli(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_maya: list[str]) -> None:
    from pos_loyalty.cli import main as cli
    from pos_loyalty.store.database import close_database

    rules_file = tmp_path / "ms.json"
    rules_file.write_text(json.dumps(bundle({"id": "miss-you", "name": "We miss you", "kind": "inactivity",
                                             "steps": [{"requirement": 30, "points": 200}]})), encoding="utf-8")
    number = enrol(when=day(0))
    close_database()
    base = ["--db", str(store), *as_maya]
    assert cli([*base, "rules", "import", str(rules_file)]) == 0
    capsys.readouterr()
    assert cli([*base, "--json", "programme", "run-daily", "--as-of", "2026-01-30"]) == 0
    assert json.loads(capsys.readouterr().out)["inactivity_awards"] == 0  # 29 days after enrolment
    assert cli([*base, "programme", "run-daily", "--as-of", "2026-01-31"]) == 0
    assert "inactivity awards 1" in capsys.readouterr().out
    assert cli([*base, "--json", "programme", "run-daily", "--as-of", "2026-01-31"]) == 0
    assert json.loads(capsys.readouterr().out)["inactivity_awards"] == 0
    assert cli([*base, "--json", "cards", "show", number]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["card"]["balance"] == 200 and shown["milestones"] == []
    assert [(h["kind"], h["points"]) for h in shown["history"]] == [("milestone", 200)]


@given(kind=st.sampled_from(["orders", "points_earned", "reviews", "inactivity", "amount_spent"]),
       value=st.integers(min_value=0, max_value=10**9), cents=st.integers(min_value=0, max_value=99),
       currency=st.sampled_from(["EUR", "USD", "CAD", "CHF", "JPY", "KWD", "GBP", "MXN", "XAF"]))
def test_a_stored_amount_text_reads_back_as_what_was_written(kind: str, value: int, cents: int, currency: str) -> None:
    """The notes stored with an award carry `amount_text` in English; a screen in another
    language reads it back (`read_amount_text`) to write it in its own words."""
    figure = Decimal(value) + (Decimal(cents) / 100 if kind == "amount_spent" and currency not in ("JPY", "XAF") else 0)
    kind_read, value_read, currency_read = domain.read_amount_text(domain.amount_text(kind, figure, currency))
    assert (kind_read, value_read) == (kind, figure) and currency_read == (currency if kind == "amount_spent" else "")


def test_text_that_is_not_an_amount_is_not_read_as_one() -> None:
    for text in ("5 apples", "spent", "€ spent", "1,00 orders", "-3 reviews x", "EUR12 spent", "€1,2345.00 spent"):
        assert domain.read_amount_text(text) is None, text
