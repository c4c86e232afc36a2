"""Points for actions through the services (seed 004): "creating an account (100 points), order
placement (1 point for every $ spent), share on social media (100 points)", with a review
capped once a day, birthdays once a year, replays that change nothing, exact figures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.domain import actions as pure
from pos_loyalty.domain.errors import Conflict, ValidationError
from pos_loyalty.services import activity, cards, checkout, customers, ledger, rules_sync
from pos_loyalty.store.models import Activity, AuditLog, Card, CustomerDay, LedgerEntry, now

from .conftest import ensure_manager, make_order, query_plan, traced
from .db_compare import dump

SEED_004_ACTIONS = [
    {"id": "signup", "kind": "sign_up", "name": "Created an account", "points": 100},
    {"id": "review", "kind": "review", "name": "Wrote a review", "points": 50, "frequency": "daily"},
    {"id": "share", "kind": "social_share", "name": "Shared on social media", "points": 100, "frequency": "weekly"},
    {"id": "birthday", "kind": "birthday", "name": "Happy birthday", "points": 200},
    {"id": "cup", "kind": "custom", "name": "Brought a reusable cup", "points": 5, "frequency": "daily"},
]


def seed_004_bundle(version: str = "seed-004", birthday_on: str = "day", **settings: Any) -> dict[str, Any]:
    """Seed 004's programme: 1 point for every $ spent, and its actions."""
    actions = [dict(a) for a in SEED_004_ACTIONS]
    actions[3]["birthday_on"] = birthday_on
    return {"format": 1, "version": version, "name": "Seed 004",
            "settings": {"currency": "USD", "points_expire_after_days": 365, **settings},
            "earning_rules": [{"id": "spend", "name": "1 point per $", "mode": "per_amount", "points": 1, "per_amount": "1.00"}],
            "actions": actions}


def activate(folder: Path, bundle: dict[str, Any]) -> None:
    path = folder / f"{bundle['version']}.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


@pytest.fixture
def seed(store: Path, tmp_path: Path) -> Path:
    activate(tmp_path, seed_004_bundle())
    return store


def enrol(name: str, phone: str, birthday: str | None = None) -> tuple[int, str]:
    customer, card = customers.enrol(customers.CustomerInput(name, phone, birthday=birthday), user="Sam")
    return customer.id, card.number


def balance(number: str) -> int:
    return cards.get_card(number).balance


def day(y: int, m: int, d: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(y, m, d, hour)


# -- sign-up, an order, a share: seed 004's example ----------------------------------------


def test_seed_004_account_order_and_share_with_exact_figures(seed):
    customer_id, number = enrol("Ann Smith", "+44 7700 900123")
    assert balance(number) == 100  # creating an account
    signup = Activity.get(Activity.key == f"signup:{customer_id}")
    assert (signup.kind, signup.points, signup.action_id) == ("sign_up", 100, "signup")
    entry = LedgerEntry.get(LedgerEntry.idempotency_key == f"activity:signup:{customer_id}")
    assert (entry.kind, entry.points, entry.note) == ("action", 100, "Created an account")
    assert entry.expires_at == entry.at + dt.timedelta(days=365)  # expires like earned points

    result = checkout.commit(make_order("S4-1", number, [("MUG", 1, "25.00")]), user="Sam")
    assert (result.points_earned, result.balance) == (25, 125)  # 1 point for every $ spent

    shared = activity.record(number, "social_share", user="Sam")
    assert (shared.action, shared.points, shared.balance, shared.replayed) == ("share", 100, 225, False)
    assert balance(number) == 225 == ledger.sum_of_ledger(cards.get_card(number))
    audit = AuditLog.select().where(AuditLog.action == "activity.record").order_by(AuditLog.id.desc()).get()
    assert (audit.user, audit.target) == ("Sam", number)
    assert json.loads(audit.details)["points"] == 100


def test_each_new_customer_gets_the_sign_up_once(seed):
    first_id, first = enrol("Ann Smith", "+44 7700 900123")
    _second_id, second = enrol("Bob Jones", "+44 7700 900124")
    assert (balance(first), balance(second)) == (100, 100)
    card = cards.get_card(first)
    assert activity.give_sign_up(card, first_id, now()) == 0  # a retry for the same customer gives nothing
    assert balance(first) == 100
    assert Activity.select().where(Activity.kind == "sign_up").count() == 2


def test_no_sign_up_action_no_points(store):
    _id, number = enrol("Ann Smith", "+44 7700 900123")  # the demo bundle has no actions
    assert balance(number) == 0
    assert Activity.select().count() == 0


def test_a_sign_up_action_not_live_gives_nothing(store, tmp_path):
    bundle = seed_004_bundle("later")
    bundle["actions"][0]["starts"] = "2030-01-01"
    activate(tmp_path, bundle)
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    assert balance(number) == 0


# -- reviews: capped daily -------------------------------------------------------------------


def test_a_second_review_the_same_day_is_refused_with_the_reason_and_writes_nothing(seed):
    customer_id, number = enrol("Ann Smith", "+44 7700 900123")
    first = activity.record(number, "review", user="Sam")
    assert (first.points, first.balance) == (50, 150)
    before = dump(seed)
    with pytest.raises(ValidationError) as refused:
        activity.record(number, "review", user="Sam")
    assert refused.value.field == "kind"
    assert refused.value.message == "review already rewarded today"
    assert dump(seed) == before


def test_a_review_the_next_day_is_accepted_and_counted(seed):
    customer_id, number = enrol("Ann Smith", "+44 7700 900123")
    assert activity.record(number, "review", at=day(2026, 11, 3, 10), user="Sam").points == 50
    with pytest.raises(ValidationError, match="review already rewarded on 2026-11-03$"):
        activity.record(number, "review", at=day(2026, 11, 3, 18), user="Sam")
    nxt = activity.record(number, "review", at=day(2026, 11, 4, 9), user="Sam")
    assert (nxt.points, nxt.balance, nxt.at) == (50, 200, day(2026, 11, 4, 9))
    rows = {r.day: (r.reviews_to_date, r.points_to_date) for r in CustomerDay.select().where(CustomerDay.customer == customer_id)}
    assert rows[dt.date(2026, 11, 3)] == (1, 50)
    assert rows[dt.date(2026, 11, 4)] == (2, 100)


def test_the_cap_counts_in_the_period_of_at(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    activity.record(number, "share", at=day(2026, 11, 2), user="Sam")  # a Monday
    with pytest.raises(ValidationError, match="social share already rewarded in the week of 2026-11-02$"):
        activity.record(number, "share", at=day(2026, 11, 8), user="Sam")  # the Sunday of that week
    assert activity.record(number, "share", at=day(2026, 11, 9), user="Sam").points == 100  # the next week
    activity.record(number, "cup", at=day(2026, 11, 9), user="Sam")
    with pytest.raises(ValidationError, match="'Brought a reusable cup' already rewarded on 2026-11-09$"):
        activity.record(number, "cup", at=day(2026, 11, 9, 17), user="Sam")


def test_actions_reach_milestones_in_their_own_transaction(store, tmp_path):
    """A review counts toward a 'number of reviews' milestone and an action's points toward a
    'points earned' one: the step is paid by the record that reaches it, and said in its result."""
    bundle = seed_004_bundle()
    bundle["rewards"] = []
    bundle["milestones"] = [
        {"id": "reviewer", "name": "Reviewer", "kind": "reviews", "steps": [{"requirement": 2, "points": 15}]},
        {"id": "earner", "name": "Earner", "kind": "points_earned", "steps": [{"requirement": 200, "points": 7}]},
    ]
    activate(tmp_path, bundle)
    _id, number = enrol("Ann Smith", "+44 7700 900123")  # sign-up: 100 points earned
    first = activity.record(number, "review", at=day(2026, 11, 2), user="Sam")
    assert first.unlocked == () and balance(number) == 150
    second = activity.record(number, "review", at=day(2026, 11, 3), user="Sam")
    assert [u.text for u in second.unlocked] == ["Reviewer — 2 reviews: +15 points"] and balance(number) == 215
    # As of 3 November the customer has earned 50 + 50 + 100 (the sign-up, given today, is later).
    share = activity.record(number, "share", at=day(2026, 11, 3), user="Sam")
    assert [u.text for u in share.unlocked] == ["Earner — 200 points earned: +7 points"] and balance(number) == 322
    assert balance(number) == ledger.sum_of_ledger(cards.get_card(number))


# -- keys, refusals -----------------------------------------------------------------------


def test_the_same_id_replayed_changes_nothing_and_another_action_under_it_is_refused(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    first = activity.record(number, "review", at=day(2026, 11, 3), key="till1-review-42", user="Sam")
    before = dump(seed)
    again = activity.record(number, "review", key="till1-review-42", user="Sam")
    assert (again.points, again.balance, again.replayed, again.at) == (50, 150, True, first.at)
    assert dump(seed) == before
    with pytest.raises(Conflict) as conflict:
        activity.record(number, "share", key="till1-review-42", user="Sam")
    assert conflict.value.field == "id"
    with pytest.raises(Conflict):
        activity.record(number, "review", at=day(2026, 11, 4), key="till1-review-42", user="Sam")
    assert dump(seed) == before


def test_without_an_id_each_call_is_a_new_action(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    activity.record(number, "cup", at=day(2026, 11, 3), user="Sam")
    activity.record(number, "cup", at=day(2026, 11, 4), user="Sam")
    assert balance(number) == 110


def test_a_suspended_card_is_refused(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    cards.suspend(number, user="Maya", reason="fraud check", manager_pin=ensure_manager())
    before = dump(seed)
    with pytest.raises(ValidationError) as refused:
        activity.record(number, "review", user="Sam")
    assert refused.value.field == "card" and "suspended" in refused.value.message
    assert dump(seed) == before


def test_a_future_at_is_refused_naming_at(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    with pytest.raises(ValidationError) as refused:
        activity.record(number, "review", at=now() + dt.timedelta(hours=1), user="Sam")
    assert refused.value.field == "at"
    assert activity.record(number, "review", at=now() + dt.timedelta(minutes=2), user="Sam").points == 50  # a fast till clock is fine


def test_an_unknown_action_names_kind_and_lists_the_store_actions(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    with pytest.raises(ValidationError) as refused:
        activity.record(number, "tweet", user="Sam")
    assert refused.value.field == "kind"
    assert refused.value.message == ("no action 'tweet'; this store's actions: review (review, 50 points), share (social share, 100 points), "
                                     "cup ('Brought a reusable cup', 5 points)")
    for automatic in ("sign_up", "birthday"):
        with pytest.raises(ValidationError, match="not recorded at the till"):
            activity.record(number, automatic, user="Sam")


def test_an_unassigned_or_replaced_card_is_refused(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    new = cards.replace(number, user="Maya", manager_pin=ensure_manager())
    with pytest.raises(ValidationError, match=f"replaced by {new.number}"):
        activity.record(number, "review", user="Sam")
    result = activity.record(new.number, "review", user="Sam")
    assert (result.card, result.balance) == (new.number, 150)


def test_activity_list_shows_the_customers_actions_newest_first(seed):
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    activity.record(number, "review", at=day(2026, 11, 3), user="Sam", note="5 stars on the map")
    rows = activity.of_card(number)
    assert [(r.action, r.name, r.points, r.note, r.card) for r in rows] == [("signup", "Created an account", 100, "", number),
                                                                            ("review", "Wrote a review", 50, "5 stars on the map", number)]



def test_activity_list_reads_the_newest_actions_from_the_index(seed):
    """The card screen's list of actions is the end of a range of the (customer, at) index, read
    in order (migration 0024): a customer with years of actions costs what a new one does."""
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    activity.record(number, "review", at=day(2026, 11, 3), user="Sam")
    rows, sent = traced(lambda: activity.of_card(number, limit=1))
    assert [r.action for r in rows] == ["signup"], "the newest one"
    (read,) = [sql for sql in sent if 'FROM "activity"' in sql]
    plan = query_plan(read)
    assert "activity_customer_id_at (customer_id=?)" in plan and "TEMP B-TREE" not in plan, plan

# -- birthdays --------------------------------------------------------------------------


def test_birthday_on_the_day_once_a_year(seed):
    _a, ann = enrol("Ann Smith", "+44 7700 900123", birthday="03-14")
    _b, bob = enrol("Bob Jones", "+44 7700 900124", birthday="1990-03-15")
    _c, cat = enrol("Cat Brown", "+44 7700 900125")
    run = activity.award_birthdays(dt.date(2026, 3, 14))
    assert (run.customers, run.points) == (1, 200)
    assert (balance(ann), balance(bob), balance(cat)) == (300, 100, 100)
    assert activity.award_birthdays(dt.date(2026, 3, 14)).customers == 0  # the job run twice
    assert Activity.get(Activity.key == f"birthday:{_a}:2026").points == 200
    assert activity.award_birthdays(dt.date(2026, 3, 15)).customers == 1
    assert balance(bob) == 300


def test_a_29_february_birthday_is_on_the_28th_in_other_years(seed):
    _a, leap = enrol("Ann Smith", "+44 7700 900123", birthday="02-29")
    assert activity.award_birthdays(dt.date(2024, 2, 28)).customers == 0  # 2024 has a 29th
    assert activity.award_birthdays(dt.date(2024, 2, 29)).customers == 1
    assert activity.award_birthdays(dt.date(2025, 2, 28)).customers == 1  # 2025 has none
    assert activity.award_birthdays(dt.date(2026, 2, 28)).customers == 1
    assert [a.key for a in Activity.select().where(Activity.kind == "birthday").order_by(Activity.at)] == [
        f"birthday:{_a}:2024", f"birthday:{_a}:2025", f"birthday:{_a}:2026"]
    assert balance(leap) == 100 + 200  # 2024's and 2025's birthday points expired after 365 days


def test_birthday_in_the_month_on_the_first_run_and_for_those_enrolled_later(store, tmp_path):
    activate(tmp_path, seed_004_bundle("month", birthday_on="month"))
    _a, ann = enrol("Ann Smith", "+44 7700 900123", birthday="03-30")
    _b, bob = enrol("Bob Jones", "+44 7700 900124", birthday="04-01")
    assert activity.award_birthdays(dt.date(2026, 3, 1)).customers == 1
    assert (balance(ann), balance(bob)) == (300, 100)
    _c, cat = enrol("Cat Brown", "+44 7700 900125", birthday="03-02")  # enrolled later that month
    run = activity.award_birthdays(dt.date(2026, 3, 9))
    assert (run.customers, run.points) == (1, 200)
    assert activity.award_birthdays(dt.date(2026, 3, 31)).customers == 0
    assert balance(cat) == 300
    assert activity.award_birthdays(dt.date(2026, 4, 1)).customers == 1
    assert balance(bob) == 300


def test_a_suspended_customer_gets_no_birthday(seed):
    _a, ann = enrol("Ann Smith", "+44 7700 900123", birthday="03-14")
    cards.suspend(ann, user="Maya", reason="fraud check", manager_pin=ensure_manager())
    assert activity.award_birthdays(dt.date(2026, 3, 14)).customers == 0
    assert balance(ann) == 100


def test_birthdays_are_awarded_in_chunks(seed, monkeypatch):
    monkeypatch.setattr(activity, "BIRTHDAY_CHUNK", 2)
    numbers = [enrol(f"Customer {i}", f"+44 7700 90{i:04d}", birthday="05-05")[1] for i in range(5)]
    assert activity.award_birthdays(dt.date(2026, 5, 5)).customers == 5
    assert [balance(n) for n in numbers] == [300] * 5


def test_a_future_as_of_is_refused(seed):
    with pytest.raises(ValidationError) as refused:
        activity.award_birthdays(now().date() + dt.timedelta(days=2))
    assert refused.value.field == "as_of"


# -- customers' birthdays ------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [("04-23", (4, 23)), ("1990-04-23", (4, 23)), ("02-29", (2, 29)), (" 12-31 ", (12, 31)), ("", None)])
def test_a_birthday_is_typed_as_month_and_day(text, expected):
    assert pure.parse_birthday(text) == expected


@pytest.mark.parametrize("text", ["13-01", "02-30", "2023-02-29", "4-23", "23/04", "tomorrow", "00-10"])
def test_a_wrong_birthday_is_refused_naming_birthday(text):
    with pytest.raises(ValidationError) as refused:
        pure.parse_birthday(text)
    assert refused.value.field == "birthday"


def test_enrol_stores_the_birthday_and_an_edit_without_it_keeps_it(seed):
    customer_id, _number = enrol("Ann Smith", "+44 7700 900123", birthday="1990-04-23")
    assert activity.birthday_of(customer_id) == "04-23"
    customers.update(customer_id, customers.CustomerInput("Ann Smith", "+44 7700 900123"))
    assert activity.birthday_of(customer_id) == "04-23"
    customers.update(customer_id, customers.CustomerInput("Ann Smith", "+44 7700 900123", birthday=""))
    assert activity.birthday_of(customer_id) == ""
    with pytest.raises(ValidationError) as refused:
        customers.enrol(customers.CustomerInput("Bob Jones", "+44 7700 900124", birthday="02-30"))
    assert refused.value.field == "birthday"
    assert Card.select().where(Card.status == "active").count() == 1


def test_rules_show_names_the_actions_in_plain_words(seed):
    from pos_loyalty.services.describe import describe_rules

    lines = describe_rules(rules_sync.active_rules()[0])
    assert lines[lines.index("Points for actions:") + 1:] == [
        "  • Created an account: 100 points when the customer is enrolled", "  • Wrote a review: 50 points recorded at the till, at most once a day",
        "  • Shared on social media: 100 points recorded at the till, at most once a week", "  • Happy birthday: 200 points on the birthday",
        "  • Brought a reusable cup: 5 points recorded at the till, at most once a day"]


def test_a_store_without_active_rules_still_enrols(store):
    from pos_loyalty.store.models import RulesVersion

    RulesVersion.update(active=False).execute()
    rules_sync._cache.clear()
    _id, number = enrol("Ann Smith", "+44 7700 900123")
    assert balance(number) == 0
