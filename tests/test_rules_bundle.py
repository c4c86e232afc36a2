"""The rules bundle: validation lists every error; the schema file matches the models."""

from __future__ import annotations

import json

import pytest

from pos_loyalty.domain.rules import BundleInvalid, checksum, json_schema, parse_bundle
from pos_loyalty.resources import resource_path


def demo() -> dict:
    return json.loads(resource_path("demo_rules.json").read_text())


def test_demo_bundle_is_valid() -> None:
    bundle = parse_bundle(resource_path("demo_rules.json").read_text())
    assert bundle.settings.currency == "EUR"
    assert {r.id for r in bundle.rewards} >= {"pay-with-points", "free-coffee", "ten-percent"}


def test_schema_file_is_generated_from_the_models() -> None:
    assert json.loads(resource_path("rules.schema.json").read_text()) == json_schema()


def test_every_error_is_listed_with_where_and_what() -> None:
    data = demo()
    data["earning_rules"][0]["points"] = 0
    data["earning_rules"][1]["applies_to"] = {"kind": "products", "skus": [f"S{i}" for i in range(21)]}
    data["rewards"][1]["value"] = "150"
    data["rewards"][2]["id"] = data["rewards"][1]["id"]
    data["settings"]["currency"] = "euro"
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(json.dumps(data))
    where = dict(err.value.errors)
    assert "earning_rules[0].points" in where and where["earning_rules[0].points"] == "must be a whole number above 0, got 0"
    assert "earning_rules[1].applies_to.skus" in where and "20" in where["earning_rules[1].applies_to.skus"]
    assert where["rewards[1]"] == "a percent discount cannot exceed 100"
    assert "settings.currency" in where
    assert len(err.value.errors) >= 4
    assert "rules: bundle rejected" in str(err.value)


@pytest.mark.parametrize(
    "mutate, where, what",
    [
        (lambda d: d["earning_rules"].append(dict(d["earning_rules"][0])), "earning_rules[3].id", "already the id of earning_rules[0]"),
        (lambda d: d["earning_rules"][0].update(mode="per_amount", per_amount=None), "earning_rules[0]", "needs per_amount"),
        (lambda d: d["earning_rules"][0].update(frequency="hourly"), "earning_rules[0].frequency", "every_order"),
        (lambda d: d["rewards"][3].update(mode="replace"), "rewards[3]", "replaces_sku"),
        (lambda d: d["tiers"][2].update(min_orders=5, min_spent="100"), "tiers[2].min_orders", "strictly increase"),
        (lambda d: d["earning_rules"][0].update(starts="2026-12-01", ends="2026-11-01"), "earning_rules[0]", "ends is before starts"),
        (lambda d: d.update(extra_field=1), "extra_field", "not a known field"),
    ],
)
def test_specific_rule_errors(mutate, where: str, what: str) -> None:  # type: ignore[no-untyped-def]
    data = demo()
    mutate(data)
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(json.dumps(data))
    messages = [m for w, m in err.value.errors if w == where]
    assert messages and what in messages[0], err.value.errors


def test_not_json_says_where() -> None:
    with pytest.raises(BundleInvalid) as err:
        parse_bundle('{"version": "1",\n  "rewards": [}')
    assert err.value.errors[0][0].startswith("line 2")


def test_checksum_ignores_formatting_but_not_content() -> None:
    data = demo()
    a = parse_bundle(json.dumps(data))
    b = parse_bundle(json.dumps(data, indent=4))
    assert checksum(a) == checksum(b)
    data["earning_rules"][0]["points"] = 2
    assert checksum(parse_bundle(json.dumps(data))) != checksum(a)
