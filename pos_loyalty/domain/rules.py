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

from pydantic import BaseModel, ConfigDict, Field, ValidationError as PydanticError, ValidationInfo, field_validator, model_validator

from . import trusted_rules
from .errors import LoyaltyError, ValidationError
from .jsonfile import loads_json
from .limits import text_problem
from .money import is_currency
from .rule_problems import Problem, from_pydantic, problem, refuse, shown

FORMAT_VERSION = 1
MAX_PRODUCTS = 20
MAX_COLLECTIONS = 10
MAX_MILESTONES = 100
MAX_STEPS = 50
MILESTONE_KINDS = ("orders", "amount_spent", "points_earned", "reviews", "inactivity")

PositiveMoney = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=4)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=4)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


class _Strict(BaseModel):
    """Unknown keys are refused; `parse_bundle` validates in strict mode (no `true` for 1,
    no "5" for 5); every text is checked like any other input (no NUL, no lone surrogate)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: object) -> object:
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                problem = text_problem(text)
                if problem:
                    raise ValueError(problem)
        return value


class PointsBase(_Strict):
    """What the order total used for points contains, besides the eligible items."""

    discounts: bool = Field(True, description="true: points are earned on the total after discounts (discounts and rewards reduce it)")
    taxes: bool = Field(False, description="true: taxes count towards the points total")
    shipping: bool = Field(False, description="true: shipping counts towards the points total")


class StoreSettings(_Strict):
    currency: str = Field("EUR", description="ISO 4217 code", json_schema_extra={"pattern": "^[A-Z]{3}$"})
    points_total_includes: PointsBase = PointsBase()
    award_on: Literal["paid", "fulfilled"] = Field("paid", description="when earned points reach the card")
    points_expire_after_days: int | None = Field(None, ge=1, le=3650, description="earned points expire this many days after they are earned")
    points_expire_on: dt.date | None = Field(None, description="or: every point expires on this date (not in the past when imported)")

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, code: str) -> str:
        if not is_currency(code):
            raise refuse("'{code}' is not an ISO 4217 currency code (such as EUR, GBP, USD)", code=code)
        return code

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
            raise refuse("skus is only used with kind 'products', not '{kind}'", kind=self.kind)
        if self.kind != "collections" and self.collections:
            raise refuse("collections is only used with kind 'collections', not '{kind}'", kind=self.kind)
        return self

    def covers(self, sku: str, collection: str | None) -> bool:
        return trusted_rules.covers(self, sku, collection)


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
        return trusted_rules.live_on(self, day)


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


MAX_TRIGGERS = 100
_CRITERION_FIELDS = {  # criterion kind → the field it needs (every other measure is refused)
    "bogo": "orders", "order_count": "orders", "total_spent": "amount", "average_spent": "amount", "order_spent": "amount", "product_units": "units",
}


def template_problem(text: str, html: bool = False) -> str | None:
    """Why a message template cannot be used, or None — as the outbox will render it
    (`domain.templates`: Jinja2, only the placeholders a fired trigger fills in)."""
    from .templates import check_template

    try:
        check_template(text, "template", html)
    except ValidationError as exc:
        return exc.message
    return None


class TriggerCriterion(_Strict):
    """What a customer's history must reach (seed 002); each kind takes exactly its own measure."""

    kind: Literal["bogo", "order_count", "total_spent", "average_spent", "order_spent", "product_units"]
    orders: int | None = Field(None, ge=1, le=1_000_000, description="bogo: separate orders containing a watched product; order_count: orders")
    amount: PositiveMoney | None = Field(None, description="total_spent, average_spent, order_spent: the money to reach")
    min_orders: int | None = Field(None, ge=2, le=1_000_000, description="average_spent: orders needed before the average counts (2 or more)")
    units: int | None = Field(None, ge=1, le=100_000_000, description="product_units: units of the watched products bought")

    @model_validator(mode="after")
    def _measure(self) -> "TriggerCriterion":
        needed = _CRITERION_FIELDS[self.kind]
        if getattr(self, needed) is None:
            raise refuse("kind '{kind}' needs {needed}", kind=self.kind, needed=needed)
        for measure in ("orders", "amount", "units"):
            if measure != needed and getattr(self, measure) is not None:
                raise refuse("{measure} is not used by kind '{kind}' (it needs {needed})", measure=measure, kind=self.kind, needed=needed)
        if self.kind == "average_spent" and self.min_orders is None:
            raise ValueError("kind 'average_spent' needs min_orders (2 or more), so one big first order is not an average")
        if self.kind != "average_spent" and self.min_orders is not None:
            raise refuse("min_orders is only used with kind 'average_spent', not '{kind}'", kind=self.kind)
        return self


class TriggerReward(_Strict):
    reward_id: Identifier | None = Field(None, description="a coupon for this reward of the bundle")
    points: int | None = Field(None, gt=0, le=1_000_000, description="or: bonus points")

    @model_validator(mode="after")
    def _one(self) -> "TriggerReward":
        if (self.reward_id is None) == (self.points is None):
            raise ValueError("give reward_id (a coupon) or points, not both and not neither")
        return self


class TriggerMessage(_Strict):
    """The e-mail a fired trigger queues; placeholders: {{ customer_name }}, {{ reward_name }},
    {{ coupon_code }}, {{ coupon_expires }}, {{ points }}, {{ store_name }}."""

    subject: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)
    html: str = Field("", max_length=100_000)

    @field_validator("subject", "text", "html")
    @classmethod
    def _template(cls, value: str, info: ValidationInfo) -> str:
        problem = template_problem(value, html=info.field_name == "html")
        if problem:
            raise ValueError(problem)
        return value


class Trigger(_Dated):
    """A customer-reward trigger (seed 002): when a completed order takes the customer's history
    to the criterion, issue the reward and queue the message."""

    id: Identifier
    name: str = Field(min_length=1, max_length=120)
    send_to: Literal["all", "opted_in"] = Field("all", description="opted_in: only customers who agreed to marketing")
    products: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=MAX_PRODUCTS, description="the watched SKUs; empty: any product")
    criterion: TriggerCriterion
    repeat_every: int | None = Field(None, ge=1, le=1_000_000, description="bogo: fire again every N more orders with the product")
    reward: TriggerReward
    coupon_valid_days: int | None = Field(None, ge=1, le=3650, description="a coupon reward expires this many days after it is issued")
    message: TriggerMessage

    @model_validator(mode="after")
    def _combination(self) -> "Trigger":
        if self.criterion.kind == "bogo" and not self.products:
            raise ValueError("kind 'bogo' needs products (the SKUs whose orders are counted)")
        if self.repeat_every is not None and self.criterion.kind != "bogo":
            raise refuse("repeat_every is only used with kind 'bogo', not '{kind}'", kind=self.criterion.kind)
        if self.coupon_valid_days is not None and self.reward.reward_id is None:
            raise ValueError("coupon_valid_days is only used with a coupon reward (reward_id)")
        return self


class Tier(_Strict):
    """A VIP tier, reached by orders or spend within a rolling period."""

    name: str = Field(min_length=1, max_length=40)
    min_orders: int = Field(0, ge=0)
    min_spent: NonNegativeMoney = Decimal("0")
    period_days: int = Field(365, ge=1, le=3650)
    earn_multiplier: Annotated[Decimal, Field(ge=1, le=10, max_digits=6, decimal_places=3)] = Decimal("1")


ACTION_KINDS = ("sign_up", "review", "social_share", "birthday", "custom")


class Action(_Dated):
    """Points for something the customer does besides buying (seed 004): signing up, a review,
    a social share, their birthday, or a store's own action ("brought a reusable cup"). Each
    is capped by its frequency: once ever, or once per calendar day, ISO week, month or year
    of the moment it is recorded. Sign-up is given when the customer is enrolled (always
    once), birthday by the daily job (always yearly); the others are recorded at the till."""

    id: Identifier
    kind: Literal["sign_up", "review", "social_share", "birthday", "custom"]
    name: str = Field(min_length=1, max_length=120)
    points: int = Field(ge=0, le=1_000_000, description="points given each time (0: recorded, e.g. a review counted for milestones, without points)")
    frequency: Literal["once", "daily", "weekly", "monthly", "yearly"] = Field(
        "once", description="at most once ever, or once per calendar day / ISO week / month / year; sign_up is always once, birthday always yearly (its default)")
    birthday_on: Literal["day", "month"] = Field("day", description="birthday only: awarded on the birthday itself, or on the first daily run of its month")

    @field_validator("frequency")
    @classmethod
    def _kind_frequency(cls, frequency: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind == "sign_up" and frequency != "once":
            raise refuse("a sign_up action is given once, when the customer is enrolled: must be 'once', not '{frequency}'", frequency=frequency)
        if kind == "birthday" and frequency != "yearly":
            raise refuse("a birthday action is given once a year: must be 'yearly', not '{frequency}'", frequency=frequency)
        return frequency

    @field_validator("birthday_on")
    @classmethod
    def _only_birthdays(cls, birthday_on: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind is not None and kind != "birthday" and birthday_on != "day":
            raise refuse("is only used with kind 'birthday', not '{kind}'", kind=kind)
        return birthday_on
class MilestoneStep(_Strict):
    """One step of a milestone: reaching `requirement` gives bonus `points` or a free product
    (`reward_id`, a product reward, delivered as a coupon)."""

    requirement: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=4)] = Field(
        description="orders, reviews, points earned or days without an order (whole numbers); amount_spent: money such as \"250.00\"")
    points: int | None = Field(None, ge=1, le=1_000_000, description="bonus points")
    reward_id: Identifier | None = Field(None, description="or: a free product, the id of a reward of type 'product'")

    @model_validator(mode="after")
    def _one_gift(self) -> "MilestoneStep":
        if (self.points is None) == (self.reward_id is None):
            raise ValueError("give either points or reward_id (a free product), not both and not neither")
        return self


class MilestoneRule(_Dated):
    """Steps a customer reaches over their history (within `starts`..`ends`): each step is paid
    once, at the commit, review or daily job that reaches it, and reversed if a refund takes the
    customer back below it. Inactivity milestones are never shown to customers."""

    id: Identifier
    name: str = Field(min_length=1, max_length=120)
    kind: Literal["orders", "amount_spent", "points_earned", "reviews", "inactivity"]
    coupon_valid_days: int | None = Field(None, ge=1, le=3650, description="a free product's coupon expires this many days after it is given (null: never)")
    steps: list[MilestoneStep] = Field(min_length=1, max_length=MAX_STEPS, description="requirements strictly increasing")


class RulesBundle(_Strict):
    """The whole programme. `version` is the author's label; the checksum identifies content."""

    format: Literal[1] = Field(FORMAT_VERSION, description="always 1 (the number, not true)")
    version: str = Field(min_length=1, max_length=40)
    name: str = Field("Loyalty programme", min_length=1, max_length=120)
    settings: StoreSettings = StoreSettings()
    earning_rules: list[EarningRule] = Field(default_factory=list, max_length=500)
    rewards: list[Reward] = Field(default_factory=list, max_length=500)
    triggers: list[Trigger] = Field(default_factory=list, max_length=MAX_TRIGGERS)
    tiers: list[Tier] = Field(default_factory=list, max_length=20)
    actions: list[Action] = Field(default_factory=list, max_length=100, description="points for actions: sign-up, review, social share, birthday, custom")
    milestones: list[MilestoneRule] = Field(default_factory=list, max_length=MAX_MILESTONES)

    @field_validator("format", mode="before")
    @classmethod
    def _format_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool):  # Literal[1] would take `true`, which equals 1 in Python
            raise refuse("must be the number 1, got {value}", value=json.dumps(value))
        return value

    def reward(self, reward_id: str) -> PointsReward | DiscountReward | ProductReward | None:
        return next((r for r in self.rewards if r.id == reward_id), None)

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)


class BundleInvalid(LoyaltyError):
    """The bundle is rejected whole; `errors` lists (where, what) for each problem, in English;
    `problems` the same as `Problem`s (shape and values), for a screen to say in its language."""

    def __init__(self, errors: list[Problem] | list[tuple[str, str]]) -> None:
        self.problems = [e if isinstance(e, Problem) else Problem(e[0], e[1]) for e in errors]
        self.errors = [(p.where, p.what) for p in self.problems]
        lines = "\n".join(f"  {where}: {what}" for where, what in self.errors)
        count = len(self.errors)
        super().__init__("rules", f"bundle rejected ({count} error{'s' if count != 1 else ''}):\n{lines}")


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


def _ids(data: dict, key: str) -> list[tuple[int, str]]:  # type: ignore[type-arg]
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item["id"]) for i, item in enumerate(items) if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _number(value: object) -> Decimal | None:
    """A threshold as written, or None if it is not one (pydantic then reports it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


_MEASURES = (("min_orders", "orders"), ("min_spent", "spend"))
_TIER_ORDER = {word: f"tier {{label}} needs {{value}} ({word}) but {{below}} below it already needs {{previous}}: tiers are listed from "
                     f"the lowest, and each needs more than the ones before (thresholds strictly increase)" for _, word in _MEASURES}


def cross_checks(data: dict, today: dt.date | None = None) -> list[Problem]:  # type: ignore[type-arg]
    """The checks that look across the document, run on the raw JSON so they are reported
    together with every other error: ids used twice (each of them), tier names used twice,
    tier thresholds that do not go up, and an expiry date already past on `today`."""
    errors: list[Problem] = []
    for key in ("earning_rules", "rewards", "actions", "milestones"):
        first: dict[str, int] = {}
        for index, ident in _ids(data, key):
            if ident in first:
                errors.append(problem(f"{key}[{index}].id", "'{ident}' is already the id of {key}[{first}]; each id must be different", ident=ident, key=key, first=first[ident]))
            else:
                first[ident] = index
    errors += _action_kinds(data)
    tiers = data.get("tiers")
    if isinstance(tiers, list):
        seen_names: dict[str, int] = {}
        highest: dict[str, tuple[Decimal, str]] = {}
        for index, tier in enumerate(tiers):
            if not isinstance(tier, dict):
                continue
            name = tier.get("name")
            label = f"'{name}'" if isinstance(name, str) else f"tiers[{index}]"
            if isinstance(name, str):
                if name in seen_names:
                    errors.append(problem(f"tiers[{index}].name", "'{name}' is already the name of tiers[{first}]", name=name, first=seen_names[name]))
                seen_names.setdefault(name, index)
            used = {m: _number(tier.get(m, 0)) for m, _ in _MEASURES}
            if any(v is None for v in used.values()):
                continue
            if index > 0 and all(v == 0 for v in used.values()):
                errors.append(problem(f"tiers[{index}]", "tier {label} needs min_orders or min_spent: only the first tier may have neither", label=label))
            for measure, word in _MEASURES:
                value = used[measure]
                assert value is not None
                if value == 0:
                    continue
                below = highest.get(measure)
                if below is not None and value <= below[0]:
                    errors.append(problem(f"tiers[{index}].{measure}", _TIER_ORDER[word], label=label, value=value, below=below[1], previous=below[0]))
                if below is None or value > below[0]:
                    highest[measure] = (value, label)
    errors += _milestone_checks(data)
    settings = data.get("settings")
    if today is not None and isinstance(settings, dict) and isinstance(settings.get("points_expire_on"), str):
        try:
            day = dt.date.fromisoformat(settings["points_expire_on"])
        except ValueError:
            day = None  # pydantic reports the format
        if day is not None and day < today:
            errors.append(problem("settings.points_expire_on", "{day} is in the past: every point would expire at once", day=day.isoformat()))
    errors += _trigger_checks(data)
    return errors


def _action_kinds(data: dict) -> list[Problem]:  # type: ignore[type-arg]
    """At most one action of each built-in kind (a second 'review' would make the cap and the
    till's shortcut ambiguous); custom actions may be many."""
    errors: list[Problem] = []
    actions = data.get("actions")
    if not isinstance(actions, list):
        return errors
    first: dict[str, int] = {}
    for index, action in enumerate(actions):
        kind = action.get("kind") if isinstance(action, dict) else None
        if not isinstance(kind, str) or kind == "custom" or kind not in ACTION_KINDS:
            continue
        if kind in first:
            errors.append(problem(f"actions[{index}].kind", "'{kind}' is already the kind of actions[{first}]; only 'custom' actions may be more than one",
                                   kind=kind, first=first[kind]))
        else:
            first[kind] = index
    return errors


def _kind_defaults(data: dict) -> None:  # type: ignore[type-arg]
    """A birthday action's frequency defaults to 'yearly' (the only one it takes). Filled in
    on the raw document: a 'before' validator on the model would make pydantic read the
    whole action as Python values, and strict mode then refuses dates written as text."""
    actions = data.get("actions")
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, dict) and action.get("kind") == "birthday" and "frequency" not in action:
            action["frequency"] = "yearly"


def _milestone_checks(data: dict) -> list[Problem]:  # type: ignore[type-arg]
    """Each milestone's steps: requirements strictly increasing (the step that is not higher is
    named), whole numbers except for amount_spent, and a free product naming a product reward."""
    errors: list[Problem] = []
    rules = data.get("milestones")
    if not isinstance(rules, list):
        return errors
    rewards = data.get("rewards") if isinstance(data.get("rewards"), list) else []
    types = {r.get("id"): r.get("type") for r in rewards if isinstance(r, dict)}  # type: ignore[union-attr]
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("steps"), list):
            continue
        whole = rule.get("kind") in MILESTONE_KINDS and rule.get("kind") != "amount_spent"
        previous: Decimal | None = None
        for position, step in enumerate(rule["steps"]):
            if not isinstance(step, dict):
                continue
            where = f"milestones[{index}].steps[{position}]"
            reward_id = step.get("reward_id")
            if isinstance(reward_id, str) and types.get(reward_id) != "product":
                if reward_id in types:
                    errors.append(problem(f"{where}.reward_id", "a free product needs a product reward: '{reward}' is a {type} reward",
                                          reward=reward_id, type=types[reward_id]))
                else:
                    errors.append(problem(f"{where}.reward_id", "a free product needs a product reward: there is no reward '{reward}'", reward=reward_id))
            value = _number(step.get("requirement"))
            if value is None or value <= 0:
                continue  # pydantic reports it
            if whole and value != value.to_integral_value():
                errors.append(problem(f"{where}.requirement", "must be a whole number for kind '{kind}', got {value}", kind=rule["kind"],
                                      value=shown(step.get("requirement"))))
            if previous is not None and value <= previous:
                errors.append(problem(f"{where}.requirement", "must be higher than the previous step's {previous} (requirements strictly increase)",
                                      previous=previous))
            if previous is None or value > previous:
                previous = value
    return errors


def _clean_text(value: object, where: str, errors: list[Problem]) -> object:
    """A copy of the raw document with every text that cannot be stored (NUL, lone
    surrogates, control characters) reported at its place and replaced by a harmless one,
    so that the rest of the document is still checked (pydantic's JSON reader stops at the
    first lone surrogate)."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            errors.append(Problem(where or "(document)", problem))
            return "?"
        return value
    if isinstance(value, list):
        return [_clean_text(item, f"{where}[{i}]", errors) for i, item in enumerate(value)]
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            place = f"{where}.{key}" if where else str(key)
            if text_problem(str(key)):
                errors.append(Problem(place.encode("utf-8", "replace").decode(), "this key is not valid text"))
                continue
            cleaned[key] = _clean_text(item, place, errors)
        return cleaned
    return value


def _trigger_checks(data: dict) -> list[Problem]:  # type: ignore[type-arg]
    """Trigger ids used twice; a trigger's coupon must be for a discount or product reward of this bundle."""
    errors: list[Problem] = []
    first: dict[str, int] = {}
    for index, ident in _ids(data, "triggers"):
        if ident in first:
            errors.append(problem(f"triggers[{index}].id", "'{ident}' is already the id of {key}[{first}]; each id must be different",
                                  ident=ident, key="triggers", first=first[ident]))
        first.setdefault(ident, index)
    rewards = data.get("rewards")
    kinds = {r["id"]: r.get("type") for r in rewards if isinstance(r, dict) and isinstance(r.get("id"), str)} if isinstance(rewards, list) else {}
    triggers = data.get("triggers")
    for index, trigger in enumerate(triggers if isinstance(triggers, list) else []):
        reward = trigger.get("reward") if isinstance(trigger, dict) else None
        reward_id = reward.get("reward_id") if isinstance(reward, dict) else None
        if not isinstance(reward_id, str):
            continue
        where = f"triggers[{index}].reward.reward_id"
        if reward_id not in kinds:
            errors.append(problem(where, "'{reward}' is not the id of a reward in this bundle", reward=reward_id))
        elif kinds[reward_id] == "points":
            errors.append(problem(where, "'{reward}' is a points reward (money off for points); a coupon needs a discount or product reward", reward=reward_id))
    return errors


def parse_bundle(text: str | bytes, today: dt.date | None = None) -> RulesBundle:
    """Parse and validate a bundle, or raise `BundleInvalid` with every error found.

    `today` (given when a bundle is checked or imported, not when the stored active one is
    read back) refuses a `points_expire_on` already in the past."""
    try:
        data = loads_json(text, "the bundle")
    except ValidationError as exc:
        raise BundleInvalid([(getattr(exc, "position", None) or "(file)", exc.message)]) from None
    if not isinstance(data, dict):
        raise BundleInvalid([Problem("(document)", "must be a JSON object")])
    errors: list[Problem] = []
    data = _clean_text(data, "", errors)
    _kind_defaults(data)  # type: ignore[arg-type]
    errors += cross_checks(data, today)  # type: ignore[arg-type]
    try:
        bundle = RulesBundle.model_validate_json(json.dumps(data), strict=True)
    except PydanticError as exc:
        errors = [from_pydantic(_where(e["loc"]), e) for e in exc.errors()] + errors
    if errors:
        raise BundleInvalid(errors)
    return bundle


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
