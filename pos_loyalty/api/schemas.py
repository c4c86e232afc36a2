"""The OpenAPI description's words and body schemas. The bodies are read by the same parsers
as the command line's files (`domain.order.parse_order`, `api.bodies`), which are the truth;
these schemas describe them for the POS's developer (/docs)."""

from __future__ import annotations

from typing import Any

DESCRIPTION = """The loyalty companion's API for the store's POS software, on this computer only.

Every call but `/health` needs `Authorization: Bearer TOKEN` — a manager makes one with
`pos-loyalty api token create NAME` (shown once). Answers are the JSON of the command line's
`--json`; a refusal is `{"error": "...", "field": "..."}` naming what to fix, and changes nothing.
`POST /orders` is idempotent on `order_id` and refunds on `refund_id`: send again after a timeout,
the answer is the first one with `replayed: true`; the same id with other content is 409."""

_MONEY = {"type": "string", "pattern": r"^\d+(\.\d+)?$", "examples": ["12.50"]}
_LINE = {
    "type": "object", "required": ["sku", "quantity", "unit_price"], "additionalProperties": False,
    "properties": {"sku": {"type": "string", "maxLength": 64}, "name": {"type": "string"}, "collection": {"type": "string"},
                   "quantity": {"type": "integer", "minimum": 1}, "unit_price": _MONEY},
}
_AMOUNTS = {"discount": _MONEY, "tax": _MONEY, "shipping": _MONEY}
_REWARD = {"type": "object", "required": ["id"], "additionalProperties": False,
           "properties": {"id": {"type": "string"}, "points": {"type": "integer"}, "coupon": {"type": "string"}}}

ORDER: dict[str, Any] = {
    "type": "object", "required": ["order_id"], "additionalProperties": False,
    "description": 'An order as in the README\'s "Order files": lines, or just a total.',
    "properties": {"order_id": {"type": "string", "maxLength": 64, "description": "the till's id for the sale: the idempotency key"},
                   "card": {"type": ["string", "null"], "description": "the card number scanned, if any"},
                   "at": {"type": "string", "description": "the sale's time when it is not now (ISO 8601)"},
                   "lines": {"type": "array", "items": _LINE, "minItems": 1, "maxItems": 500},
                   "total": _MONEY, **_AMOUNTS,
                   "rewards": {"type": "array", "items": _REWARD}},
    "example": {"order_id": "POS-20261129-0042", "card": "080894804303",
                "lines": [{"sku": "CAKE", "name": "Carrot cake", "collection": "bakery", "quantity": 2, "unit_price": "3.50"}]},
}

CART: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "description": "An order for the checkout screen: the cashier scans the card and applies the rewards.",
    "properties": {k: v for k, v in ORDER["properties"].items() if k not in ("at", "rewards")},
    "example": {"lines": [{"sku": "CAKE", "name": "Carrot cake", "quantity": 2, "unit_price": "3.50"}]},
}

REFUND: dict[str, Any] = {
    "type": "object", "required": ["refund_id"], "additionalProperties": False,
    "properties": {"refund_id": {"type": "string", "maxLength": 64, "description": "idempotency key: the same id never refunds twice"},
                   "kind": {"type": "string", "enum": ["full", "partial", "cancel"], "description": "default: partial with lines, else full"},
                   "lines": {"type": "array", "items": {"type": "object", "required": ["position", "quantity"],
                                                        "properties": {"position": {"type": "integer", "minimum": 0},
                                                                       "quantity": {"type": "integer", "minimum": 1}}}},
                   "at": {"type": "string"}},
    "example": {"refund_id": "R-0042-1", "lines": [{"position": 0, "quantity": 1}]},
}

_ERROR = {"content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}, "field": {"type": "string"}}}}}}
_WHY = {400: "the body is not JSON", 401: "no token, or not a live one", 403: "needs a manager: use the app or the CLI",
        404: "no such card, order or cart", 409: "the same id was used for other content", 413: "the body is larger than 1 MB",
        422: "bad input: the field is named", 429: "too many wrong tokens", 503: "busy, or no checkout screen"}


def body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"description": _WHY[status], **_ERROR} for status in (*statuses, 401, 413)}
