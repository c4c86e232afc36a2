"""The `actions` key of the rules bundle (seed 004's points for actions): what a store may
write, and every mistake listed at its place."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pos_loyalty.domain.rules import BundleInvalid, canonical_json, parse_bundle
from pos_loyalty.resources import resource_path

SEED_004 = [{"id": "signup", "kind": "sign_up", "name": "Created an account", "points": 100},
            {"id": "review", "kind": "review", "name": "Wrote a review", "points": 50, "frequency": "daily"},
            {"id": "share", "kind": "social_share", "name": "Shared on social media", "points": 100, "frequency": "weekly"},
            {"id": "birthday", "kind": "birthday", "name": "Happy birthday", "points": 200},
            {"id": "cup", "kind": "custom", "name": "Brought a reusable cup", "points": 5, "frequency": "daily"},
            {"id": "bag", "kind": "custom", "name": "Brought a bag", "points": 0, "starts": "2026-01-01", "ends": "2026-12-31"}]


def with_actions(actions: list[dict]) -> str:
    data = json.loads(resource_path("demo_rules.json").read_text())
    data["actions"] = actions
    return json.dumps(data)


def test_the_seed_actions_are_read_with_their_defaults():
    bundle = parse_bundle(with_actions(SEED_004))
    assert [(a.id, a.kind, a.points, a.frequency) for a in bundle.actions] == [
        ("signup", "sign_up", 100, "once"), ("review", "review", 50, "daily"), ("share", "social_share", 100, "weekly"),
        ("birthday", "birthday", 200, "yearly"), ("cup", "custom", 5, "daily"), ("bag", "custom", 0, "once")]
    assert bundle.action("birthday").birthday_on == "day"
    assert bundle.action("bag").live_on(dt.date(2026, 6, 1)) and not bundle.action("bag").live_on(dt.date(2027, 1, 1))
    assert parse_bundle(canonical_json(bundle)) == bundle  # the stored form reads back the same


def test_a_bundle_without_actions_has_none():
    assert parse_bundle(resource_path("demo_rules.json").read_text()).actions == []


def test_every_mistake_in_actions_is_listed_at_its_place():
    bad = SEED_004 + [
        {"id": "review", "kind": "review", "name": "Second review", "points": -1, "frequency": "hourly"},
        {"id": "bday2", "kind": "birthday", "name": "Birthday again", "points": 1, "frequency": "monthly"},
        {"id": "signup2", "kind": "sign_up", "name": "Signed up again", "points": 1, "frequency": "daily"},
        {"id": "mug", "kind": "custom", "name": "Mug", "points": 1_000_001, "birthday_on": "month"},
        {"id": "x", "kind": "tweet", "name": "Tweet", "points": 1},
        {"id": "late", "kind": "custom", "name": "Late", "points": 1, "starts": "2026-05-01", "ends": "2026-04-01"},
    ]
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(with_actions(bad))
    where = dict(err.value.errors)
    assert where["actions[6].points"] == "must be a whole number of 0 or more, got -1"
    assert where["actions[6].frequency"] == "must be 'once', 'daily', 'weekly', 'monthly' or 'yearly', got \"hourly\""
    assert where["actions[6].id"] == "'review' is already the id of actions[1]; each id must be different"
    assert where["actions[6].kind"] == "'review' is already the kind of actions[1]; only 'custom' actions may be more than one"
    assert where["actions[7].frequency"] == "a birthday action is given once a year: must be 'yearly', not 'monthly'"
    assert where["actions[7].kind"] == "'birthday' is already the kind of actions[3]; only 'custom' actions may be more than one"
    assert where["actions[8].frequency"].startswith("a sign_up action is given once")
    assert where["actions[8].kind"] == "'sign_up' is already the kind of actions[0]; only 'custom' actions may be more than one"
    assert where["actions[9].points"] == "must be a whole number of at most 1000000, got 1000001"
    assert where["actions[9].birthday_on"] == "is only used with kind 'birthday', not 'custom'"
    assert where["actions[10].kind"].startswith("must be 'sign_up', 'review', 'social_share', 'birthday' or 'custom'")
    assert where["actions[11]"] == "ends is before starts"
    assert len(err.value.errors) == 12


def test_at_most_100_actions():
    many = [{"id": f"c{i}", "kind": "custom", "name": f"Custom {i}", "points": 1} for i in range(101)]
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(with_actions(many))
    assert dict(err.value.errors)["actions"] == "has 101 items; at most 100 are allowed"
    assert len(parse_bundle(with_actions(many[:100])).actions) == 100
