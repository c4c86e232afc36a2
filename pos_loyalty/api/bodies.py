"""The API's request bodies read into what the services take, with the command line's checks
and field names: an order is the README's order file (`domain.order.parse_order`); a refund
and a cart are small objects checked here, every refusal naming its field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.errors import ValidationError
from ..domain.limits import INT32_MAX, MAX_LENGTH
from ..domain.moments import parse_as_of
from ..domain.order import OrderRequest, parse_order

REFUND_KINDS = ("full", "partial", "cancel")
CART_KEYS = {"order_id", "card", "lines", "total", "discount", "tax", "shipping"}


def _object(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError("body", f"must be a JSON object ({what})")
    return data


def _unknown(data: dict[str, Any], known: set[str], what: str) -> None:
    extra = sorted(set(data) - known)
    if extra:
        raise ValidationError(extra[0], f"is not part of {what} ({', '.join(sorted(known))})")


@dataclass(frozen=True)
class RefundBody:
    refund_id: str
    kind: str
    quantities: dict[int, int] | None
    at: dt.datetime | None


def _whole(value: Any, field: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= INT32_MAX:
        raise ValidationError(field, f"must be a whole number from {low}")
    return value


def parse_refund(data: Any) -> RefundBody:
    """``{"refund_id": "R1", "kind": "partial", "lines": [{"position": 0, "quantity": 1}], "at": …}``;
    `kind` defaults to partial with lines, else full (as `pos-loyalty refund`)."""
    data = _object(data, "a refund")
    _unknown(data, {"refund_id", "kind", "lines", "at"}, "a refund")
    refund_id = data.get("refund_id")
    if not isinstance(refund_id, str) or not refund_id.strip():
        raise ValidationError("refund_id", "is required: the idempotency key, the same id never refunds twice")
    if len(refund_id) > MAX_LENGTH["refund_id"]:
        raise ValidationError("refund_id", f"at most {MAX_LENGTH['refund_id']} characters")
    raw_lines = data.get("lines")
    quantities: dict[int, int] | None = None
    if raw_lines is not None:
        if not isinstance(raw_lines, list) or not raw_lines:
            raise ValidationError("lines", 'a list of {"position": 0, "quantity": 1}, at least one')
        quantities = {}
        for i, item in enumerate(raw_lines):
            if not isinstance(item, dict):
                raise ValidationError(f"lines[{i}]", 'must be {"position": 0, "quantity": 1}')
            _unknown(item, {"position", "quantity"}, f"lines[{i}]")
            position = _whole(item.get("position"), f"lines[{i}].position", 0)
            quantity = _whole(item.get("quantity"), f"lines[{i}].quantity", 1)
            quantities[position] = quantities.get(position, 0) + quantity
    kind = data.get("kind", "partial" if quantities else "full")
    if kind not in REFUND_KINDS:
        raise ValidationError("kind", f"one of {', '.join(REFUND_KINDS)}")
    if kind == "partial" and not quantities:
        raise ValidationError("lines", "a partial refund names its lines")
    if kind != "partial" and quantities:
        raise ValidationError("lines", f"a {kind} refund takes no lines (give kind partial)")
    at = None if data.get("at") is None else parse_as_of(data["at"], "at")
    return RefundBody(refund_id.strip(), kind, quantities, at)


def parse_cart(data: Any, fresh_order_id: str) -> tuple[OrderRequest, dict[str, Any]]:
    """A cart the POS pushes to the checkout screen: an order without rewards (the cashier
    applies those), whose `order_id` is optional (a fresh one is given). Returns the checked
    request and the order document the screen takes."""
    data = _object(data, "a cart")
    _unknown(data, CART_KEYS, "a cart")
    document = {**data, "order_id": data.get("order_id") or fresh_order_id}
    if document.get("card") in ("", None):
        document.pop("card", None)
    return parse_order(document), document
