"""The active bundle read back without pydantic (`domain/trusted_rules.py`) is the validated
bundle: every field, every value and type, every answer of the engine — and text that is not
what was validated is validated again, never trusted."""

from __future__ import annotations

import datetime as dt
import json
import typing
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from pos_loyalty.domain import rules as models
from pos_loyalty.domain import trusted_rules
from pos_loyalty.domain.engine import CardState, Engine
from pos_loyalty.domain.order import parse_order
from pos_loyalty.domain.rules import canonical_json, checksum, parse_bundle
from pos_loyalty.resources import resource_path


def rich_bundle() -> dict[str, Any]:
    """The demo programme plus dates, a product rule, every reward kind and condition, tiers."""
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = "trusted-test"
    data["settings"].pop("points_expire_after_days")
    data["settings"]["points_expire_on"] = "2027-12-31"
    data["triggers"] = [
        {"id": "bogo-cake", "name": "Every third cake order", "starts": "2026-01-01", "send_to": "opted_in", "products": ["CAKE"],
         "criterion": {"kind": "bogo", "orders": 3}, "repeat_every": 3, "reward": {"reward_id": "free-coffee"}, "coupon_valid_days": 30,
         "message": {"subject": "A coffee on us, {{ customer_name }}", "text": "Code {{ coupon_code }}", "html": "<p>{{ reward_name }}</p>"}},
        {"id": "big-average", "name": "Big spenders", "criterion": {"kind": "average_spent", "amount": "25.50", "min_orders": 3},
         "reward": {"points": 250}, "message": {"subject": "Thank you", "text": "{{ points }} points"}},
    ]
    data["earning_rules"].append({"id": "cake-week", "name": "Cake week", "mode": "fixed", "points": 7, "starts": "2026-01-01",
                                  "ends": "2027-01-01", "applies_to": {"kind": "products", "skus": ["CAKE"]}, "frequency": "weekly"})
    data["rewards"].append({"type": "discount", "id": "cake-off", "name": "1.50 off a cake", "points_cost": 30, "discount": "fixed",
                            "value": "1.5", "apply_to": "product", "sku": "CAKE", "conditions": {"minimum_order": "3", "tiers": ["Silver", "Gold"]}})
    data["actions"] = [{"id": "signup", "kind": "sign_up", "name": "Created an account", "points": 100},
                       {"id": "review", "kind": "review", "name": "Wrote a review", "points": 50, "frequency": "daily", "starts": "2026-01-01"},
                       {"id": "bday", "kind": "birthday", "name": "Birthday", "points": 200, "birthday_on": "month", "ends": "2027-12-31"},
                       {"id": "cup", "kind": "custom", "name": "Brought a reusable cup", "points": 5, "frequency": "weekly", "active": False}]
    data["milestones"] = [
        {"id": "orders", "name": "Order milestones", "kind": "orders", "coupon_valid_days": 30,
         "steps": [{"requirement": 5, "points": 100}, {"requirement": 30, "reward_id": "free-coffee"}]},
        {"id": "spend", "name": "Big spenders", "kind": "amount_spent", "starts": "2026-01-01", "ends": "2027-01-01",
         "steps": [{"requirement": "250.50", "points": 50}]},
    ]
    return data


def tree(value: Any) -> Any:
    """Every field of a bundle object as nested plain values, with their types."""
    if isinstance(value, (BaseModel, trusted_rules.Node)):
        names = type(value).model_fields if isinstance(value, BaseModel) else vars(value)
        return (type(value).__name__, {name: tree(getattr(value, name)) for name in names})
    if isinstance(value, list):
        return [tree(v) for v in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize("bundle", [json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8")), rich_bundle()], ids=["demo", "rich"])
def test_the_trusted_bundle_is_the_validated_one(bundle):
    validated = parse_bundle(json.dumps(bundle))
    body = canonical_json(validated)
    trusted = trusted_rules.load_trusted(body, checksum(validated))
    assert trusted is not None
    assert tree(trusted) == tree(validated)
    assert [r.points_cost for r in trusted.rewards] == [r.points_cost for r in validated.rewards]
    assert trusted.reward("free-coffee") == trusted.rewards[[r.id for r in trusted.rewards].index("free-coffee")]
    for action in validated.actions:
        assert tree(trusted.action(action.id)) == tree(validated.action(action.id))
        assert trusted.action(action.id).live_on(dt.date(2026, 6, 1)) == action.live_on(dt.date(2026, 6, 1))
    assert trusted.action("nope") is None
    # The engine gives the same answers on both.
    order = parse_order({"order_id": "T-1", "lines": [{"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"},
                                                      {"sku": "CAKE", "quantity": 1, "unit_price": "4.10"},
                                                      {"sku": "BEANS", "collection": "beans", "quantity": 1, "unit_price": "24.90"}],
                         "rewards": [{"id": "free-coffee"}, {"id": "pay-with-points", "points": 100}]})
    card = CardState(balance=900, tier="Silver", tier_multiplier=Decimal("1.5"))
    when = dt.datetime(2026, 6, 1, 12)
    assert Engine(trusted).quote(order.order, card, order.rewards, when) == Engine(validated).quote(order.order, card, order.rewards, when)


def test_text_that_was_not_validated_is_not_trusted():
    validated = parse_bundle(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    body = canonical_json(validated)
    tampered = body.replace('"points":1,', '"points":-1,')
    assert tampered != body
    assert trusted_rules.load_trusted(tampered, checksum(validated)) is None


def test_a_changed_stored_body_is_validated_again(store):
    from pos_loyalty.domain.rules import BundleInvalid
    from pos_loyalty.services import rules_sync
    from pos_loyalty.store.models import RulesVersion

    RulesVersion.update(body=RulesVersion.body.concat(" ")).where(RulesVersion.active == True).execute()  # noqa: E712
    rules_sync._cache.clear()
    bundle, _ = rules_sync.active_rules()  # still valid JSON of a valid bundle: read through pydantic
    assert bundle.settings.currency == "EUR"
    RulesVersion.update(body='{"format": 1, "version": ""}').where(RulesVersion.active == True).execute()  # noqa: E712
    rules_sync._cache.clear()
    with pytest.raises(BundleInvalid):
        rules_sync.active_rules()


def _leaf_types(annotation: Any) -> set[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if origin is not None:
        return set().union(*(_leaf_types(a) for a in typing.get_args(annotation)))
    return {annotation}


def test_the_conversion_tables_name_every_decimal_and_date_field():
    """A field added to the pydantic models as a Decimal or a date must be converted too."""
    decimals, dates, others = set(), set(), set()
    pending: list[type[BaseModel]] = [models.RulesBundle]
    seen: set[type] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            leaves = _leaf_types(info.annotation)
            pending += [t for t in leaves if isinstance(t, type) and issubclass(t, BaseModel)]
            (decimals if Decimal in leaves else dates if dt.date in leaves else others).add(name)
    assert decimals == trusted_rules.DECIMAL_FIELDS
    assert dates == trusted_rules.DATE_FIELDS
    assert not (others & (trusted_rules.DECIMAL_FIELDS | trusted_rules.DATE_FIELDS)), "one name, two types"
    assert {m.__name__ for m in seen} <= {c.__name__ for c in vars(trusted_rules).values() if isinstance(c, type)}
