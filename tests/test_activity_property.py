"""Property test for points for actions: for random sequences of actions (some capped, some for
unknown kinds), orders and birthday runs, at random times, every card's balance equals the sum
of its ledger and its lots; each action is rewarded at most once per period of its cap; the
customer's running sums of points earned and reviews equal a count from the activity rows and
the orders; and replaying the whole sequence (same keys, same order ids) changes nothing."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from pos_loyalty.domain import actions as pure
from pos_loyalty.domain.errors import LoyaltyError
from pos_loyalty.services import activity, checkout, customers, ledger
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Activity, Card, CustomerDay, LedgerEntry, Order, db
from pos_loyalty.store.running_totals import as_date, replay_counters, replayed_lot_totals, stored_counters, stored_lot_totals, without_zeros

from .conftest import make_order
from .db_compare import dump
from .test_activity import SEED_004_ACTIONS, activate, seed_004_bundle

START = dt.datetime(2026, 1, 5, 9)  # a Monday
operation = st.one_of(
    st.tuples(st.just("record"), st.integers(0, 1), st.sampled_from(["review", "share", "cup", "tweet", "sign_up"]), st.integers(0, 40), st.integers(0, 23)),
    st.tuples(st.just("order"), st.integers(0, 1), st.sampled_from(["2.80", "9.99", "25.00"]), st.integers(0, 40), st.integers(0, 23)),
    st.tuples(st.just("birthdays"), st.just(0), st.just(""), st.integers(0, 60), st.just(0)),
)
FREQUENCY = {a["id"]: a.get("frequency", "yearly" if a["kind"] == "birthday" else "once") for a in SEED_004_ACTIONS}


def run(sequence: list[tuple], numbers: list[str]) -> None:
    for index, (kind, who, what, days, hour) in enumerate(sequence):
        when = START + dt.timedelta(days=days, hours=hour)
        try:
            if kind == "record":
                activity.record(numbers[who], what, at=when, key=f"op-{index}", user="Sam")
            elif kind == "order":
                checkout.commit(make_order(f"O-{index}", numbers[who], [("MUG", 1, what)]), when=when, user="Sam")
            else:
                activity.award_birthdays(when.date())
        except LoyaltyError:
            pass  # capped, unknown, automatic: refused, nothing written


def check() -> None:
    for card in Card.select():
        assert card.balance == ledger.sum_of_ledger(card), card.number
    assert stored_lot_totals(db.obj) == replayed_lot_totals(db.obj)
    assert without_zeros(stored_counters(db.obj)) == without_zeros(replay_counters(db.obj))  # reviews and action points included
    periods = Counter()
    for row in Activity.select():
        bounds = pure.period(FREQUENCY[row.action_id], row.at.date())
        periods[(row.customer_id, row.action_id, bounds)] += 1
    assert all(n == 1 for n in periods.values()), periods
    # The running sums of points earned and reviews, day by day, equal a count from the rows.
    earned: list[tuple[int, dt.date, int, int]] = [(a.customer_id, a.at.date(), a.points, 1 if a.kind == "review" else 0) for a in Activity.select()]
    for entry in LedgerEntry.select(LedgerEntry, Order).join(Order).where(LedgerEntry.kind.in_(("earn", "reverse"))):
        earned.append((entry.order.customer_id, entry.order.at.date(), entry.points, 0))
    for row in CustomerDay.select():
        day = as_date(row.day)
        mine = [(p, r) for c, d, p, r in earned if c == row.customer_id and d <= day]
        assert (row.points_to_date, row.reviews_to_date) == (sum(p for p, _ in mine), sum(r for _, r in mine)), (row.customer_id, day)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=14))
def test_random_actions_keep_the_ledger_whole_and_replay_changes_nothing(sequence: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.db"
        open_store(str(path))
        try:
            activate(Path(folder), seed_004_bundle())
            numbers = [customers.enrol(customers.CustomerInput(name, phone, birthday=birthday), user="Sam")[1].number
                       for name, phone, birthday in (("Ann Smith", "+44 7700 900123", "01-20"), ("Bob Jones", "+44 7700 900124", "02-03"))]
            run(sequence, numbers)
            check()
            first = dump(path)
            run(sequence, numbers)
            assert dump(path) == first
        finally:
            close_database()
