"""The bundle's `triggers` (seed 002) are validated like everything else: each criterion takes
exactly its measure, every cross-reference and combination is checked with its place named,
and the message templates parse and use only the placeholders a fired trigger fills in."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pos_loyalty.domain.rules import BundleInvalid, parse_bundle
from pos_loyalty.resources import resource_path


def bundle(*triggers: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["triggers"] = list(triggers)
    return data


def trigger(**changes: Any) -> dict[str, Any]:
    base = {"id": "bogo", "name": "Third cake", "products": ["CAKE"], "criterion": {"kind": "bogo", "orders": 3},
            "reward": {"reward_id": "free-coffee"}, "message": {"subject": "Hi {{ customer_name }}", "text": "Your code: {{ coupon_code }}"}}
    base.update(changes)
    return base


def errors_of(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(json.dumps(data))
    return dict(err.value.errors)


def test_a_valid_trigger_of_every_kind_is_accepted() -> None:
    parsed = parse_bundle(json.dumps(bundle(
        trigger(repeat_every=3, coupon_valid_days=30, send_to="opted_in"),
        trigger(id="count", products=[], criterion={"kind": "order_count", "orders": 5}, reward={"points": 100}),
        trigger(id="total", criterion={"kind": "total_spent", "amount": "100.00"}),
        trigger(id="avg", products=[], criterion={"kind": "average_spent", "amount": "20", "min_orders": 3}),
        trigger(id="one", products=[], criterion={"kind": "order_spent", "amount": "50"}),
        trigger(id="units", criterion={"kind": "product_units", "units": 12}, message={"subject": "s", "text": "t", "html": "<b>{{ points }}</b>"}),
    )))
    assert [t.criterion.kind for t in parsed.triggers] == ["bogo", "order_count", "total_spent", "average_spent", "order_spent", "product_units"]
    assert parsed.triggers[0].repeat_every == 3 and parsed.triggers[2].criterion.amount == 100


@pytest.mark.parametrize("changes, where, message", [
    ({"reward": {"reward_id": "nope"}}, "triggers[0].reward.reward_id", "'nope' is not the id of a reward in this bundle"),
    ({"reward": {"reward_id": "pay-with-points"}}, "triggers[0].reward.reward_id", "a coupon needs a discount or product reward"),
    ({"products": []}, "triggers[0]", "kind 'bogo' needs products"),
    ({"criterion": {"kind": "order_count", "orders": 3, "amount": "5"}}, "triggers[0].criterion", "amount is not used by kind 'order_count'"),
    ({"criterion": {"kind": "total_spent"}}, "triggers[0].criterion", "kind 'total_spent' needs amount"),
    ({"criterion": {"kind": "average_spent", "amount": "5"}}, "triggers[0].criterion", "needs min_orders"),
    ({"criterion": {"kind": "average_spent", "amount": "5", "min_orders": 1}}, "triggers[0].criterion.min_orders", "2 or more"),
    ({"criterion": {"kind": "order_spent", "amount": "5", "min_orders": 2}}, "triggers[0].criterion", "min_orders is only used with kind 'average_spent'"),
    ({"criterion": {"kind": "order_count", "orders": 3}, "repeat_every": 2}, "triggers[0]", "repeat_every is only used with kind 'bogo'"),
    ({"reward": {"points": 10}, "coupon_valid_days": 5}, "triggers[0]", "coupon_valid_days is only used with a coupon reward"),
    ({"reward": {"points": 10, "reward_id": "free-coffee"}}, "triggers[0].reward", "not both"),
    ({"criterion": {"kind": "weekly", "orders": 3}}, "triggers[0].criterion.kind", "must be"),
    ({"send_to": "friends"}, "triggers[0].send_to", "must be"),
    ({"products": [f"S{i}" for i in range(21)]}, "triggers[0].products", "at most 20"),
    ({"message": {"subject": "Hi {{ name }}", "text": "x"}}, "triggers[0].message.subject", "unknown placeholder name; known: customer_name"),
    ({"message": {"subject": "Hi", "text": "{{ coupon_code"}}, "triggers[0].message.text", "line 1: unexpected end of template"),
    ({"message": {"subject": "Hi", "text": "x", "html": "{% if points %}"}}, "triggers[0].message.html", "line 1: Unexpected end of template"),
])
def test_bad_triggers_are_rejected_with_the_place_named(changes: dict[str, Any], where: str, message: str) -> None:
    errors = errors_of(bundle(trigger(**changes)))
    assert where in errors, errors
    assert message in errors[where]


def test_duplicate_ids_and_every_error_are_listed_together() -> None:
    errors = errors_of(bundle(trigger(), trigger(reward={"reward_id": "gone"}), *[trigger(id=f"t{i}") for i in range(99)]))
    assert "'bogo' is already the id of triggers[0]" in errors["triggers[1].id"]
    assert "triggers[1].reward.reward_id" in errors
    assert "at most 100" in errors["triggers"]


def test_rules_show_says_each_trigger_in_plain_words() -> None:
    from pos_loyalty.services.describe import describe_rules

    parsed = parse_bundle(json.dumps(bundle(
        trigger(repeat_every=3, send_to="opted_in"),
        trigger(id="avg", name="Big spenders", products=[], criterion={"kind": "average_spent", "amount": "40", "min_orders": 3}, reward={"points": 250}),
    )))
    lines = describe_rules(parsed)
    start = lines.index("Customer-reward triggers:")
    assert lines[start + 1:start + 3] == [
        "  • Third cake: at 3 separate orders with CAKE, again every 3 more orders → a coupon for free-coffee and an e-mail (opted-in customers only)",
        "  • Big spenders: at 40.00 EUR on average over at least 3 orders → 250 bonus points and an e-mail",
    ]


def test_a_mangled_rewards_list_is_reported_not_crashed_on() -> None:
    data = bundle(trigger())
    data["rewards"][0]["id"] = {"not": "text"}  # found by the bad-input property test
    errors = errors_of(data)
    assert "rewards[0].id" in errors


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from .test_bad_input_property import mutated  # noqa: E402

RICH = bundle(trigger(repeat_every=3, coupon_valid_days=30, send_to="opted_in", products=["CAKE", "TEA"]),
              trigger(id="avg", products=[], criterion={"kind": "average_spent", "amount": "20", "min_orders": 3}, reward={"points": 100},
                      message={"subject": "s", "text": "t", "html": "<b>{{ points }}</b>"}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=mutated(RICH))
def test_any_mangled_trigger_is_refused_with_places_never_crashed_on(doc) -> None:  # type: ignore[no-untyped-def]
    try:
        parse_bundle(json.dumps(doc))
    except BundleInvalid as exc:
        assert exc.errors and all(isinstance(where, str) and isinstance(what, str) for where, what in exc.errors)
