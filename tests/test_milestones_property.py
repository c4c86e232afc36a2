"""Property test: whatever sequence of orders, full and partial refunds, cancellations, actions
(reviews, shares) and daily jobs a few customers go through, every card's balance equals the sum of its ledger, each
milestone step's net bonus on a customer is 0 or the step's points (never paid twice, never
taken back twice), the running totals equal a replay — and replaying the whole sequence again
(the same order, refund and day ids) changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from pos_loyalty.domain.errors import LoyaltyError
from pos_loyalty.services import activity, checkout, customers, ledger, programme, refunds, rules_sync, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Card, Customer, LedgerEntry, MilestoneAward, db
from pos_loyalty.store.running_totals import replay_counters, stored_counters, without_zeros

from .conftest import MANAGER_PIN, make_order
from .db_compare import dump
from .test_milestones import bundle

RULES = [
    {"id": "orders", "name": "Orders", "kind": "orders", "steps": [{"requirement": 2, "points": 50}, {"requirement": 4, "points": 70},
                                                                  {"requirement": 6, "reward_id": "free-shirt"}]},
    {"id": "spend", "name": "Spend", "kind": "amount_spent", "steps": [{"requirement": "20.00", "points": 30}, {"requirement": "45.50", "points": 11}]},
    {"id": "earned", "name": "Earned", "kind": "points_earned", "steps": [{"requirement": 15, "points": 10}]},
    {"id": "away", "name": "Away", "kind": "inactivity", "steps": [{"requirement": 10, "points": 5}, {"requirement": 25, "points": 9}]},
    {"id": "reviewer", "name": "Reviewer", "kind": "reviews", "steps": [{"requirement": 2, "points": 8}]},
    {"id": "season", "name": "Season", "kind": "orders", "starts": "2025-03-20", "ends": "2025-06-30",  # counted from its start, live for a while
     "steps": [{"requirement": 1, "points": 3}, {"requirement": 3, "points": 4}]},
]
ACTIONS = [{"id": "signup", "kind": "sign_up", "name": "Joined", "points": 20},
           {"id": "review", "kind": "review", "name": "Review", "points": 4, "frequency": "daily"},
           {"id": "share", "kind": "social_share", "name": "Share", "points": 6, "frequency": "weekly"}]
STEP_POINTS = {(r["id"], str(s["requirement"]).rstrip("0").rstrip(".") if "." in str(s["requirement"]) else str(s["requirement"])): s.get("points", 0)
               for r in RULES for s in r["steps"]}
START = dt.datetime(2025, 3, 1, 10)  # a year of sequence stays in the past (actions in the future are refused)

operation = st.one_of(
    st.tuples(st.just("order"), st.integers(0, 2), st.sampled_from(["3.00", "7.50", "12.00"]), st.integers(1, 3)),
    st.tuples(st.just("full"), st.integers(0, 40), st.just(""), st.integers(1, 2)),
    st.tuples(st.just("cancel"), st.integers(0, 40), st.just(""), st.integers(1, 2)),
    st.tuples(st.just("partial"), st.integers(0, 40), st.just(""), st.integers(1, 2)),
    st.tuples(st.just("daily"), st.integers(0, 0), st.just(""), st.integers(1, 12)),
    st.tuples(st.sampled_from(["review", "share"]), st.integers(0, 2), st.just(""), st.integers(0, 3)),
)


def run(ops: list[tuple[str, int, str, int]], numbers: list[str]) -> list[tuple[int, list[tuple[str, str]]]]:
    """Run the sequence; what each sale unlocked (the operation's place, each step's rule and
    requirement)."""
    clock = START
    orders: list[str] = []
    unlocked: list[tuple[int, list[tuple[str, str]]]] = []
    for step, (kind, a, amount, days) in enumerate(ops):
        clock += dt.timedelta(days=days)
        try:
            if kind == "order":
                result = checkout.commit(make_order(f"M{step}", numbers[a], [("COFFEE", 2, amount)]), when=clock)
                unlocked.append((step, [(u.rule_id, u.requirement) for u in result.unlocked]))
                orders.append(f"M{step}")
            elif kind in ("full", "cancel", "partial") and orders:
                target = orders[a % len(orders)]
                refunds.refund(target, f"R{step}", kind, {0: 1} if kind == "partial" else None, when=clock, manager_pin=MANAGER_PIN)
            elif kind == "daily":
                programme.run_daily(clock, user="Maya")
            elif kind in ("review", "share"):
                activity.record(numbers[a], kind, at=clock, key=f"A{step}", user="Sam")
        except LoyaltyError:
            pass  # refused (already refunded, nothing left): changes nothing
    return unlocked


def check() -> None:
    for card in Card.select():
        assert card.balance == ledger.sum_of_ledger(card), card.number
    assert without_zeros(stored_counters(db.obj)) == without_zeros(replay_counters(db.obj))
    for award in MilestoneAward.select():
        keys = [f"milestone:{award.id}:{t}" for t in range(1, award.times + 1)]
        net = sum(e.points for e in LedgerEntry.select().where(LedgerEntry.idempotency_key.in_(keys + [k + ":reverse" for k in keys])))
        step = STEP_POINTS[(award.rule_id, award.requirement)]
        assert net == (step if award.status == "awarded" else 0), (award.rule_id, award.requirement, award.status, net)
        assert LedgerEntry.select().where(LedgerEntry.idempotency_key.in_(keys)).count() == (award.times if step else 0)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=30))
def test_milestones_are_paid_once_and_a_replay_changes_nothing(ops) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ms.db"
        try:
            numbers = _shop(Path(folder))
            run(ops, numbers)
            check()
            before = dump(path)
            run(ops, numbers)
            assert dump(path) == before
        finally:
            close_database()


def _shop(folder: Path) -> list[str]:
    """A store at `folder/ms.db` under the rules above, and its three customers' card numbers."""
    open_store(str(folder / "ms.db"))
    users.add_user("Maya", "manager", MANAGER_PIN)
    rules_file = folder / "rules.json"
    rules_file.write_text(json.dumps({**bundle(*RULES), "actions": ACTIONS}), encoding="utf-8")
    rules_sync.import_file(rules_file, manager_pin=MANAGER_PIN)
    numbers = []
    for i in range(3):
        customer, card = customers.enrol(customers.CustomerInput(f"Cust {i}", f"06111111{i:02d}"))
        Customer.update(created_at=START).where(Customer.id == customer.id).execute()
        numbers.append(card.number)
    return numbers


def _outcome(folder: Path, ops: list[tuple[str, int, str, int]]) -> list[object]:
    """What the sequence leaves each customer (by enrolment order): the steps paid and taken back,
    the card's balance and its ledger's bonuses."""
    try:
        numbers = _shop(folder)
        out: list[object] = [run(ops, numbers)]  # the steps each sale paid, in order
        check()
        for number in numbers:
            card = Card.get(Card.number == number)
            out.append((card.balance, sorted((a.rule_id, a.requirement, a.status, a.times, a.points) for a in MilestoneAward.select().where(
                MilestoneAward.customer == card.customer_id)), sorted((e.kind, e.points) for e in LedgerEntry.select().where(LedgerEntry.card == card))))
        return out
    finally:
        close_database()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=30))
def test_a_sale_that_skips_the_milestones_pays_what_reading_them_would(ops) -> None:  # type: ignore[no-untyped-def]
    """A sale below the customer's next steps due (`customer_milestone`) reads no figures and
    pays nothing: over any sequence, every sale pays the same steps, and the same are taken back
    when, as when every sale reads the milestones — a rule with dates starting and ending on the
    way, refunds taking totals and awards back between."""
    with tempfile.TemporaryDirectory() as skipping, tempfile.TemporaryDirectory() as reading:
        with_rows = _outcome(Path(skipping), ops)
        kept = programme._nothing_due
        programme._nothing_due = lambda *args: False  # every sale reads the figures and the paid steps
        try:
            without = _outcome(Path(reading), ops)
        finally:
            programme._nothing_due = kept
    assert with_rows == without


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["orders", "amount_spent", "points_earned", "reviews"]),
       st.decimals(min_value=0, max_value=10_000, places=5, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=200_000_000))
def test_a_step_is_reached_by_the_stored_figure_exactly_when_by_the_figure(kind: str, requirement, stored: int) -> None:  # type: ignore[no-untyped-def]
    """A sale compares each figure as the counters store it (an amount in 1/10,000) with the
    step's threshold (`programme._threshold`): the same answer as the figure itself against the
    requirement, for amounts and counts, a requirement with more decimals than a figure has
    included."""
    from decimal import Decimal

    from pos_loyalty.store.fields import money_from_db

    class Rule:
        pass

    rule = Rule()
    rule.kind = kind  # type: ignore[attr-defined]
    figure = money_from_db(stored) if kind == "amount_spent" else Decimal(stored)
    assert (stored >= programme._threshold(rule, requirement)) == (figure >= requirement)
    threshold = programme._threshold(rule, requirement)  # the least stored figure that reaches it
    as_figure = lambda value: money_from_db(value) if kind == "amount_spent" else Decimal(value)  # noqa: E731
    assert as_figure(threshold) >= requirement and not as_figure(threshold - 1) >= requirement
