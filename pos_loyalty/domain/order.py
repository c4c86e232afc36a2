"""An order as the till sees it: lines, order-level discount, tax and shipping.

Pure data; `parse_order` turns the documented JSON shape (README "Order files") into
it, naming the field of the first problem it finds. Everything is strict: unknown keys,
floats for money, '1_000' or non-ASCII digits, a missing quantity or price are refused,
never guessed at. `check_order` and `check_points` add the store's own caps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import ValidationError
from .limits import HARD_MAX_AMOUNT, HARD_MAX_POINTS, HARD_MAX_QUANTITY, MAX_LENGTH, OrderCaps, check_int, check_text
from .moments import parse_at
from .money import ZERO, check_decimals, has_extra_decimals, parse_money, round_money

MAX_LINES = 500
MAX_REWARDS = 50


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal
    name: str = ""
    collection: str | None = None

    def total(self, currency: str) -> Decimal:
        return round_money(self.unit_price * self.quantity, currency)


@dataclass(frozen=True)
class Order:
    order_id: str
    lines: tuple[OrderLine, ...]
    discount: Decimal = ZERO
    tax: Decimal = ZERO
    shipping: Decimal = ZERO
    from_total: bool = field(default=False, compare=False)  # given as {"total": …}: errors name `total`

    def subtotal(self, currency: str) -> Decimal:
        return sum((line.total(currency) for line in self.lines), ZERO)


@dataclass(frozen=True)
class RewardChoice:
    """A reward the cashier applied: `points` for a points reward, or paid by a coupon."""

    reward_id: str
    points: int | None = None
    coupon: str | None = None


@dataclass(frozen=True)
class OrderRequest:
    order: Order
    card: str | None
    rewards: tuple[RewardChoice, ...] = field(default_factory=tuple)
    at: dt.datetime | None = None  # when the sale was made (local time); None: now


def _text(value: Any, field_name: str, required: bool = True, max_len: int = MAX_LENGTH["name"]) -> str:
    if value is None or value == "":
        if required:
            raise ValidationError(field_name, "is required")
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValidationError(field_name, f"must be text, not {type(value).__name__}")
    text = str(value).strip()
    if required and not text:
        raise ValidationError(field_name, "is required")
    return check_text(field_name, text, max_len)


def _amount(value: Any, field_name: str, currency: str | None, required: bool = False) -> Decimal:
    if value is None:
        if required:
            raise ValidationError(field_name, "is required")
        return ZERO
    amount = parse_money(value, field_name, currency)
    if amount < 0:
        raise ValidationError(field_name, f"cannot be negative ({amount})")
    if amount > HARD_MAX_AMOUNT:
        raise ValidationError(field_name, f"{amount} is not a plausible amount")
    return amount


def _check_keys(data: dict, known: set[str], where: str, what: str) -> None:  # type: ignore[type-arg]
    unknown = sorted(str(key) for key in set(data) - known)
    if unknown:
        prefix = f"{where}." if where else ""
        raise ValidationError(f"{prefix}{unknown[0]}", f"is not a known {what} field (known: {', '.join(sorted(known))})")


def parse_line(data: Any, where: str, currency: str | None = None) -> OrderLine:
    """One order line; `quantity` and `unit_price` are required, `quantity` a whole number ≥ 1."""
    if not isinstance(data, dict):
        raise ValidationError(where, "must be an object with sku, quantity and unit_price")
    _check_keys(data, {"sku", "name", "collection", "quantity", "unit_price"}, where, "line")
    if "quantity" not in data:
        raise ValidationError(f"{where}.quantity", "is required")
    return OrderLine(
        sku=_text(data.get("sku"), f"{where}.sku", max_len=MAX_LENGTH["sku"]),
        name=_text(data.get("name"), f"{where}.name", required=False),
        collection=_text(data.get("collection"), f"{where}.collection", required=False, max_len=MAX_LENGTH["collection"]) or None,
        quantity=check_int(f"{where}.quantity", data["quantity"], 1, HARD_MAX_QUANTITY),
        unit_price=_amount(data.get("unit_price"), f"{where}.unit_price", currency, required=True),
    )


def parse_rewards(data: Any) -> tuple[RewardChoice, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ValidationError("rewards", "must be a list")
    if len(data) > MAX_REWARDS:
        raise ValidationError("rewards", f"at most {MAX_REWARDS} rewards on one order")
    choices = []
    for index, item in enumerate(data):
        where = f"rewards[{index}]"
        if isinstance(item, str):
            item = {"id": item}
        if not isinstance(item, dict):
            raise ValidationError(where, "must be a reward id or an object with id")
        _check_keys(item, {"id", "points", "coupon"}, where, "reward")
        points = item.get("points")
        choices.append(
            RewardChoice(
                reward_id=_text(item.get("id"), f"{where}.id", max_len=MAX_LENGTH["reward_id"]),
                points=None if points is None else check_int(f"{where}.points", points, 1, HARD_MAX_POINTS),
                coupon=_text(item.get("coupon"), f"{where}.coupon", required=False, max_len=MAX_LENGTH["coupon"]) or None,
            )
        )
    return tuple(choices)


def parse_order(data: Any, currency: str | None = None) -> OrderRequest:
    """Validate the JSON order document (see README "Order files") into an `OrderRequest`.

    Without `currency` amounts may have up to 4 decimals (what is stored); the checkout
    service checks them again against the active currency with `check_order`."""
    if not isinstance(data, dict):
        raise ValidationError("order", "must be a JSON object")
    _check_keys(data, {"order_id", "card", "at", "lines", "total", "discount", "tax", "shipping", "rewards"}, "", "order")
    order_id = _text(data.get("order_id"), "order_id", max_len=MAX_LENGTH["order_id"])
    raw_lines = data.get("lines")
    from_total = raw_lines is None and "total" in data
    if "total" in data and raw_lines is not None:
        raise ValidationError("total", "give either lines or total, not both")
    if from_total:
        # Just an order total: one line that every 'all products' rule covers.
        lines: tuple[OrderLine, ...] = (
            OrderLine(sku="ORDER", name="Order total", quantity=1, unit_price=_amount(data["total"], "total", currency, required=True)),
        )
    else:
        if not isinstance(raw_lines, list) or not raw_lines:
            raise ValidationError("lines", "at least one line (or a total) is required")
        if len(raw_lines) > MAX_LINES:
            raise ValidationError("lines", f"at most {MAX_LINES} lines")
        lines = tuple(parse_line(item, f"lines[{i}]", currency) for i, item in enumerate(raw_lines))
    card = data.get("card")
    if card not in (None, "") and not isinstance(card, str):
        raise ValidationError("card", f"must be the card number as text, not {type(card).__name__}")
    order = Order(
        order_id=order_id,
        lines=lines,
        discount=_amount(data.get("discount"), "discount", currency),
        tax=_amount(data.get("tax"), "tax", currency),
        shipping=_amount(data.get("shipping"), "shipping", currency),
        from_total=from_total,
    )
    at = None if data.get("at") is None else parse_at(data["at"], "at")
    return OrderRequest(order=order, card=None if card in (None, "") else check_text("card", card, 40), rewards=parse_rewards(data.get("rewards")), at=at)


def line_field(order: Order, index: int, name: str) -> str:
    """How the order document names a line's field: ``total`` for a total-only order."""
    return "total" if order.from_total else f"lines[{index}].{name}"


# Per currency, the unit prices found to fit its minor unit (`check_order`): a till sells the
# same prices all day, and looking one up costs a quarter of checking it again. By value: 2.5
# and 2.50 fit alike.
_FITTING: dict[str, set[Decimal]] = {}
_FITTING_LIMIT = 4096


def check_order(order: Order, currency: str, caps: OrderCaps) -> None:
    """The checks that need the store: amounts in the currency's minor unit, and the store's
    caps on a line's quantity and on the order's total (refused, naming the field)."""
    fitting = _FITTING.get(currency)
    if fitting is None or len(fitting) > _FITTING_LIMIT:
        fitting = _FITTING[currency] = set()
    for i, line in enumerate(order.lines):
        price = line.unit_price
        try:
            known = price in fitting
        except TypeError:  # not hashable (a signalling NaN): checked below, and refused
            known = False
        if not known:
            if has_extra_decimals(price, currency):  # the line's name is spelled out only to refuse it
                check_decimals(price, line_field(order, i, "unit_price"), currency)
            fitting.add(price)
        if line.quantity > caps.max_line_quantity:
            raise ValidationError(line_field(order, i, "quantity"), f"{line.quantity} is more than this store allows on one line ({caps.max_line_quantity}, setting max_line_quantity)")
    for name in ("discount", "tax", "shipping"):
        check_decimals(getattr(order, name), name, currency)
    gross = sum((line.unit_price * line.quantity for line in order.lines), ZERO) + order.tax + order.shipping
    if gross > caps.max_order_total:
        field_name = "total" if order.from_total or len(order.lines) != 1 else line_field(order, 0, "unit_price")
        raise ValidationError(field_name, f"the order comes to {gross.normalize():f}, more than this store allows ({caps.max_order_total}, setting max_order_total)")


def check_points(points: int, caps: OrderCaps, field_name: str = "points") -> None:
    """Refuse an order that would earn more points than the store's cap (and than a 32-bit
    column holds on every database)."""
    limit = min(caps.max_order_points, HARD_MAX_POINTS)
    if points > limit:
        raise ValidationError(field_name, f"this order would earn {points} points, more than this store allows on one order ({limit}, setting max_order_points)")
