"""The active rules bundle read back from the database without pydantic.

A bundle is validated once, when it is imported (`rules.parse_bundle`): its canonical JSON
(every field, defaults included) is what the database stores, under the SHA-256 of that text.
Reading it back through pydantic costs about 70 ms of imports and model building on every
start of the command line — more than the command itself. `load_trusted` builds the same
bundle as plain read-only objects instead: the same attribute names and values (Decimals,
dates), the same methods the engine uses (`covers`, `live_on`, `reward`, `points_cost`). It
trusts only text whose checksum matches; `services.rules_sync` falls back to full validation
otherwise. tests/test_trusted_rules.py keeps this module in step with the pydantic models.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Sequence

# Fields of the pydantic models (domain/rules.py) that hold a Decimal or a date.
DECIMAL_FIELDS = frozenset({"per_amount", "minimum_order", "conversion_factor", "value", "max_amount", "min_spent", "earn_multiplier", "requirement"})
DATE_FIELDS = frozenset({"starts", "ends", "points_expire_on"})
DECIMAL_FIELDS |= {"amount"}  # a trigger criterion's money


class Node:
    """One read-only object of the bundle; attributes are the model's fields."""

    def __init__(self, fields: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, getattr(self, "id", None) or getattr(self, "name", None)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class PointsBase(Node):
    pass


class StoreSettings(Node):
    pass


def covers(applies_to: Any, sku: str, collection: str | None) -> bool:
    """Whether a line (sku, collection) is in what a rule applies to — for this module's objects
    and the pydantic models alike (`rules.AppliesTo.covers` asks here)."""
    if applies_to.kind == "all":
        return True
    if applies_to.kind == "products":
        return sku in applies_to.skus
    return collection is not None and collection in applies_to.collections


class ScopeIndex:
    """What a list of earning rules applies to, turned around once per list: for each SKU and
    each collection, the rules (by position) that cover it. A quote walks the order's lines once
    and each line joins the rules that cover it, where asking each rule for its lines cost an
    index of the order's lines and a sort per rule (30 rules on every commit)."""

    def __init__(self, scopes: Sequence[Any]) -> None:
        self.count = len(scopes)
        by_sku: dict[str, set[int]] = {}
        by_collection: dict[str, set[int]] = {}
        for position, scope in enumerate(scopes):
            if scope.kind == "products":
                for sku in scope.skus:
                    by_sku.setdefault(sku, set()).add(position)
            elif scope.kind == "collections":
                for collection in scope.collections:
                    by_collection.setdefault(collection, set()).add(position)
        self.by_sku = {sku: tuple(sorted(found)) for sku, found in by_sku.items()}
        self.by_collection = {collection: tuple(sorted(found)) for collection, found in by_collection.items()}

    def covered(self, lines: Sequence[Any]) -> list[list[int]]:
        """For each rule of a 'products' or 'collections' scope, the positions of the lines
        (each with `.sku` and `.collection`) that `covers` says yes to, in order; an empty list
        for a rule that applies to everything (every line is its)."""
        covered: list[list[int]] = [[] for _ in range(self.count)]
        by_sku, by_collection = self.by_sku, self.by_collection
        for index, line in enumerate(lines):
            for position in by_sku.get(line.sku, ()):
                covered[position].append(index)
            if line.collection is not None:
                for position in by_collection.get(line.collection, ()):
                    covered[position].append(index)
        return covered


def live_on(rule: Any, day: dt.date) -> bool:
    """Whether a dated rule or reward is active on `day` (its start and end days included)."""
    return rule.active and (rule.starts is None or day >= rule.starts) and (rule.ends is None or day <= rule.ends)


class AppliesTo(Node):
    covers = covers


class _Dated(Node):
    live_on = live_on


class EarningRule(_Dated):
    pass


class Conditions(Node):
    pass


class PointsReward(_Dated):
    @property
    def points_cost(self) -> int:
        return self.min_points


class DiscountReward(_Dated):
    pass


class ProductReward(_Dated):
    pass


class TriggerCriterion(Node):
    pass


class TriggerReward(Node):
    pass


class TriggerMessage(Node):
    pass


class Trigger(_Dated):
    pass


class Tier(Node):
    pass


class Action(_Dated):
    pass


class MilestoneStep(Node):
    pass


class MilestoneRule(_Dated):
    pass


class RulesBundle(Node):
    def reward(self, reward_id: str) -> PointsReward | DiscountReward | ProductReward | None:
        return next((r for r in self.rewards if r.id == reward_id), None)

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)


REWARD_TYPES: dict[str, type[Node]] = {"points": PointsReward, "discount": DiscountReward, "product": ProductReward}


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for key, value in data.items():
        if value is None:
            continue
        if key in DECIMAL_FIELDS:
            out[key] = Decimal(value)
        elif key in DATE_FIELDS:
            out[key] = dt.date.fromisoformat(value)
    return out


def build(data: dict[str, Any]) -> RulesBundle:
    """The bundle from its canonical JSON data (a validated bundle's ``model_dump(mode="json")``)."""
    fields = _fields(data)
    settings = _fields(data["settings"])
    settings["points_total_includes"] = PointsBase(dict(settings["points_total_includes"]))
    fields["settings"] = StoreSettings(settings)
    rules = []
    for rule in data["earning_rules"]:
        rule_fields = _fields(rule)
        rule_fields["applies_to"] = AppliesTo(dict(rule["applies_to"]))
        rules.append(EarningRule(rule_fields))
    fields["earning_rules"] = rules
    rewards = []
    for reward in data["rewards"]:
        reward_fields = _fields(reward)
        reward_fields["conditions"] = Conditions(_fields(reward["conditions"]))
        rewards.append(REWARD_TYPES[reward["type"]](reward_fields))
    fields["rewards"] = rewards
    fields["triggers"] = [_trigger(trigger) for trigger in data.get("triggers", [])]  # bundles stored before triggers have none
    fields["tiers"] = [Tier(_fields(tier)) for tier in data["tiers"]]
    fields["actions"] = [Action(_fields(action)) for action in data.get("actions", [])]  # bundles stored before actions had none
    milestones = []
    for rule in data.get("milestones", []):
        rule_fields = _fields(rule)
        rule_fields["steps"] = [MilestoneStep(_fields(step)) for step in rule["steps"]]
        milestones.append(MilestoneRule(rule_fields))
    fields["milestones"] = milestones
    return RulesBundle(fields)


def _trigger(data: dict[str, Any]) -> Trigger:
    fields = _fields(data)
    fields["criterion"] = TriggerCriterion(_fields(data["criterion"]))
    fields["reward"] = TriggerReward(dict(data["reward"]))
    fields["message"] = TriggerMessage(dict(data["message"]))
    return Trigger(fields)


def load_trusted(body: str, expected_checksum: str) -> RulesBundle | None:
    """The bundle stored as `body`, or None when the text is not the one validated on import
    (its checksum differs): then the caller validates it in full."""
    import hashlib

    if hashlib.sha256(body.encode()).hexdigest() != expected_checksum:
        return None
    return build(json.loads(body))
