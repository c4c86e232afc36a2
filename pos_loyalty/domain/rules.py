"""The rules bundle: the loyalty programme as one versioned JSON document.

The pydantic models below *are* the format: `resources/rules.schema.json` is generated
from them (`python -m pos_loyalty.domain.rules > resources/rules.schema.json`) and the
README documents them. `parse_bundle` either returns a whole, valid `RulesBundle` or
raises `BundleInvalid` listing every error with where it is and what is wrong — a
bundle is never half-accepted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError as PydanticError, field_validator, model_validator

from .errors import LoyaltyError

FORMAT_VERSION = 1
MAX_PRODUCTS = 20
MAX_COLLECTIONS = 10

PositiveMoney = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=4)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=4)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PointsBase(_Strict):
    """What the order total used for points contains, besides the eligible items."""

    discounts: bool = Field(True, description="true: points are earned on the total after discounts (discounts and rewards reduce it)")
    taxes: bool = Field(False, description="true: taxes count towards the points total")
    shipping: bool = Field(False, description="true: shipping counts towards the points total")


class StoreSettings(_Strict):
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    points_total_includes: PointsBase = PointsBase()
    award_on: Literal["paid", "fulfilled"] = Field("paid", description="when earned points reach the card")
    points_expire_after_days: int | None = Field(None, ge=1, le=3650, description="earned points expire this many days after they are earned")
    points_expire_on: dt.date | None = Field(None, description="or: every point expires on this date")

    @model_validator(mode="after")
    def _one_expiry(self) -> "StoreSettings":
        if self.points_expire_after_days is not None and self.points_expire_on is not None:
            raise ValueError("set points_expire_after_days or points_expire_on, not both")
        return self


class AppliesTo(_Strict):
    kind: Literal["all", "products", "collections"] = "all"
    skus: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list, max_length=MAX_PRODUCTS)
    collections: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list, max_length=MAX_COLLECTIONS)

    @model_validator(mode="after")
    def _consistent(self) -> "AppliesTo":
        if self.kind == "products" and not self.skus:
            raise ValueError("kind 'products' needs at least one sku in skus")
        if self.kind == "collections" and not self.collections:
            raise ValueError("kind 'collections' needs at least one name in collections")
        if self.kind != "products" and self.skus:
            raise ValueError(f"skus is only used with kind 'products', not '{self.kind}'")
        if self.kind != "collections" and self.collections:
            raise ValueError(f"collections is only used with kind 'collections', not '{self.kind}'")
        return self

    def covers(self, sku: str, collection: str | None) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "products":
            return sku in self.skus
        return collection is not None and collection in self.collections


class _Dated(_Strict):
    starts: dt.date | None = None
    ends: dt.date | None = None
    active: bool = True

    @model_validator(mode="after")
    def _dates(self):  # type: ignore[no-untyped-def]
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError("ends is before starts")
        return self

    def live_on(self, day: dt.date) -> bool:
        return self.active and (self.starts is None or day >= self.starts) and (self.ends is None or day <= self.ends)


class EarningRule(_Dated):
    id: Identifier
    name: str = Field(min_length=1, max_length=120)
    mode: Literal["per_amount", "fixed"]
    points: int = Field(gt=0, le=1_000_000, description="points per step (per_amount) or per order (fixed)")
    per_amount: PositiveMoney | None = Field(None, description="per_amount: the money step that earns `points`")
    minimum_order: NonNegativeMoney = Decimal("0")
    applies_to: AppliesTo = AppliesTo()
    frequency: Literal["every_order", "daily", "weekly", "monthly", "yearly", "first_order"] = "every_order"

    @model_validator(mode="after")
    def _mode(self) -> "EarningRule":
        if self.mode == "per_amount" and self.per_amount is None:
            raise ValueError("mode 'per_amount' needs per_amount (the money step)")
        if self.mode == "fixed" and self.per_amount is not None:
            raise ValueError("mode 'fixed' does not use per_amount")
        return self


class Conditions(_Strict):
    minimum_order: NonNegativeMoney = Decimal("0")
    required_skus: list[str] = Field(default_factory=list, max_length=MAX_PRODUCTS)
    tiers: list[str] = Field(default_factory=list, description="only these tiers may take it (empty: everybody)")


class _Reward(_Dated):
    id: Identifier
    name: str = Field(min_length=1, max_length=120)
    conditions: Conditions = Conditions()


class PointsReward(_Reward):
    """Spend points as money off the order at a conversion factor."""

    type: Literal["points"]
    conversion_factor: Annotated[Decimal, Field(gt=0, le=1000, max_digits=12, decimal_places=6)] = Field(
        description="money each point is worth, e.g. 0.10"
    )
    min_points: int = Field(1, ge=1)
    max_points: int | None = Field(None, ge=1)

    @property
    def points_cost(self) -> int:
        return self.min_points


class DiscountReward(_Reward):
    type: Literal["discount"]
    points_cost: int = Field(ge=0, le=10_000_000)
    discount: Literal["percent", "fixed"]
    value: PositiveMoney
    apply_to: Literal["order", "product", "shipping"] = "order"
    sku: str | None = Field(None, description="apply_to 'product': the product discounted")
    max_amount: PositiveMoney | None = Field(None, description="cap on the money taken off")

    @model_validator(mode="after")
    def _target(self) -> "DiscountReward":
        if self.discount == "percent" and self.value > 100:
            raise ValueError("a percent discount cannot exceed 100")
        if self.apply_to == "product" and not self.sku:
            raise ValueError("apply_to 'product' needs sku")
        if self.apply_to != "product" and self.sku:
            raise ValueError("sku is only used with apply_to 'product'")
        return self


class ProductReward(_Reward):
    type: Literal["product"]
    points_cost: int = Field(ge=0, le=10_000_000)
    mode: Literal["add", "replace"] = "add"
    sku: str = Field(min_length=1, description="the free product")
    product_name: str = Field(min_length=1)
    value: NonNegativeMoney = Field(description="its shelf price, shown to the customer as what they save")
    collection: str | None = None
    replaces_sku: str | None = Field(None, description="mode 'replace': the product in the order it replaces")

    @model_validator(mode="after")
    def _replace(self) -> "ProductReward":
        if self.mode == "replace" and not self.replaces_sku:
            raise ValueError("mode 'replace' needs replaces_sku")
        if self.mode == "add" and self.replaces_sku:
            raise ValueError("replaces_sku is only used with mode 'replace'")
        return self


Reward = Annotated[Union[PointsReward, DiscountReward, ProductReward], Field(discriminator="type")]


class Tier(_Strict):
    """A VIP tier, reached by orders or spend within a rolling period."""

    name: str = Field(min_length=1, max_length=40)
    min_orders: int = Field(0, ge=0)
    min_spent: NonNegativeMoney = Decimal("0")
    period_days: int = Field(365, ge=1, le=3650)
    earn_multiplier: Annotated[Decimal, Field(ge=1, le=10, max_digits=6, decimal_places=3)] = Decimal("1")


class RulesBundle(_Strict):
    """The whole programme. `version` is the author's label; the checksum identifies content."""

    format: Literal[1] = FORMAT_VERSION
    version: str = Field(min_length=1, max_length=40)
    name: str = Field("Loyalty programme", min_length=1, max_length=120)
    settings: StoreSettings = StoreSettings()
    earning_rules: list[EarningRule] = Field(default_factory=list, max_length=500)
    rewards: list[Reward] = Field(default_factory=list, max_length=500)
    tiers: list[Tier] = Field(default_factory=list, max_length=20)

    @field_validator("earning_rules", "rewards")
    @classmethod
    def _unique_ids(cls, items: list) -> list:  # type: ignore[type-arg]
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"id '{item.id}' is used twice")
            seen.add(item.id)
        return items

    @field_validator("tiers")
    @classmethod
    def _tiers_increase(cls, tiers: list[Tier]) -> list[Tier]:
        names = [t.name for t in tiers]
        if len(set(names)) != len(names):
            raise ValueError("tier names must be unique")
        for lower, higher in zip(tiers, tiers[1:]):
            if not (higher.min_orders > lower.min_orders or higher.min_spent > lower.min_spent):
                raise ValueError(f"tier '{higher.name}' must need more orders or spend than '{lower.name}' (thresholds strictly increase)")
        return tiers

    def reward(self, reward_id: str) -> PointsReward | DiscountReward | ProductReward | None:
        return next((r for r in self.rewards if r.id == reward_id), None)


class BundleInvalid(LoyaltyError):
    """The bundle is rejected whole; `errors` lists (where, what) for each problem."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {where}: {what}" for where, what in errors)
        super().__init__("rules", f"bundle rejected ({len(errors)} error{'s' if len(errors) != 1 else ''}):\n{lines}")


def _where(loc: tuple) -> str:  # type: ignore[type-arg]
    parts: list[str] = []
    for position, item in enumerate(loc):
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif position == 2 and loc[0] == "rewards" and item in ("points", "discount", "product"):
            continue  # the discriminator tag pydantic inserts for tagged unions
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(document)"


def parse_bundle(text: str | bytes) -> RulesBundle:
    """Parse and validate a bundle, or raise `BundleInvalid` with every error found."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "(file)"
        raise BundleInvalid([(where, f"not valid JSON: {exc.msg if hasattr(exc, 'msg') else exc}")]) from None
    if not isinstance(data, dict):
        raise BundleInvalid([("(document)", "must be a JSON object")])
    try:
        return RulesBundle.model_validate(data)
    except PydanticError as exc:
        errors = [(_where(e["loc"]), e["msg"].removeprefix("Value error, ")) for e in exc.errors()]
        raise BundleInvalid(errors) from None


def canonical_json(bundle: RulesBundle) -> str:
    """A stable text of the bundle, so equal content always has an equal checksum."""
    return json.dumps(bundle.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def checksum(bundle: RulesBundle) -> str:
    return hashlib.sha256(canonical_json(bundle).encode()).hexdigest()


def json_schema() -> dict:  # type: ignore[type-arg]
    schema = RulesBundle.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pos_loyalty rules bundle"
    return schema


if __name__ == "__main__":  # regenerate resources/rules.schema.json
    print(json.dumps(json_schema(), indent=2))
