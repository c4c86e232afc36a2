"""An order as the till sees it: lines, order-level discount, tax and shipping.

Pure data; `parse_order` turns the documented JSON shape (README "Order files") into
it, naming the field of the first problem it finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import ValidationError
from .money import ZERO, parse_money, round_money

MAX_LINES = 500


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


def _text(value: Any, field_name: str, required: bool = True, max_len: int = 120) -> str:
    if value is None or value == "":
        if required:
            raise ValidationError(field_name, "is required")
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValidationError(field_name, f"must be text, not {type(value).__name__}")
    text = str(value).strip()
    if required and not text:
        raise ValidationError(field_name, "is required")
    if len(text) > max_len:
        raise ValidationError(field_name, f"is longer than {max_len} characters")
    return text


def _amount(value: Any, field_name: str) -> Decimal:
    if value is None:
        return ZERO
    amount = parse_money(value, field_name)
    if amount < 0:
        raise ValidationError(field_name, f"cannot be negative ({amount})")
    if amount > Decimal("10000000"):
        raise ValidationError(field_name, f"{amount} is not a plausible amount")
    return amount


def _int(value: Any, field_name: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(field_name, f"must be a whole number, not {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ValidationError(field_name, f"'{value}' is not a whole number") from None
    if not minimum <= number <= maximum:
        raise ValidationError(field_name, f"must be between {minimum} and {maximum}, not {number}")
    return number


def parse_line(data: Any, where: str) -> OrderLine:
    if not isinstance(data, dict):
        raise ValidationError(where, "must be an object with sku, quantity and unit_price")
    unknown = set(data) - {"sku", "name", "collection", "quantity", "unit_price"}
    if unknown:
        raise ValidationError(f"{where}.{sorted(unknown)[0]}", "is not a known line field")
    if "unit_price" not in data:
        raise ValidationError(f"{where}.unit_price", "is required")
    return OrderLine(
        sku=_text(data.get("sku"), f"{where}.sku", max_len=64),
        name=_text(data.get("name"), f"{where}.name", required=False),
        collection=_text(data.get("collection"), f"{where}.collection", required=False, max_len=64) or None,
        quantity=_int(data.get("quantity", 1), f"{where}.quantity", 1, 100_000),
        unit_price=_amount(data["unit_price"], f"{where}.unit_price"),
    )


def parse_rewards(data: Any) -> tuple[RewardChoice, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ValidationError("rewards", "must be a list")
    choices = []
    for index, item in enumerate(data):
        where = f"rewards[{index}]"
        if isinstance(item, str):
            item = {"id": item}
        if not isinstance(item, dict):
            raise ValidationError(where, "must be a reward id or an object with id")
        points = item.get("points")
        choices.append(
            RewardChoice(
                reward_id=_text(item.get("id"), f"{where}.id", max_len=64),
                points=None if points is None else _int(points, f"{where}.points", 1, 100_000_000),
                coupon=_text(item.get("coupon"), f"{where}.coupon", required=False, max_len=40) or None,
            )
        )
    return tuple(choices)


def parse_order(data: Any) -> OrderRequest:
    """Validate the JSON order document (see README) into an `OrderRequest`."""
    if not isinstance(data, dict):
        raise ValidationError("order", "must be a JSON object")
    unknown = set(data) - {"order_id", "card", "lines", "total", "discount", "tax", "shipping", "rewards"}
    if unknown:
        raise ValidationError(sorted(unknown)[0], "is not a known order field")
    order_id = _text(data.get("order_id"), "order_id", max_len=64)
    raw_lines = data.get("lines")
    if raw_lines is None and "total" in data:
        # Just an order total: one line that every 'all products' rule covers.
        raw_lines = [{"sku": "ORDER", "name": "Order total", "quantity": 1, "unit_price": data["total"]}]
    elif "total" in data:
        raise ValidationError("total", "give either lines or total, not both")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise ValidationError("lines", "at least one line (or a total) is required")
    if len(raw_lines) > MAX_LINES:
        raise ValidationError("lines", f"at most {MAX_LINES} lines")
    lines = tuple(parse_line(item, f"lines[{i}]") for i, item in enumerate(raw_lines))
    card = data.get("card")
    order = Order(
        order_id=order_id,
        lines=lines,
        discount=_amount(data.get("discount"), "discount"),
        tax=_amount(data.get("tax"), "tax"),
        shipping=_amount(data.get("shipping"), "shipping"),
    )
    return OrderRequest(order=order, card=None if card in (None, "") else str(card), rewards=parse_rewards(data.get("rewards")))
