"""Every limit on input, in one place, enforced before anything reaches the database.

SQLite stores whatever it is given; PostgreSQL refuses a NUL character, a lone surrogate
or a value longer than its column, and its integer columns stop at 2^31 - 1. If the
product left these checks to the database, the same input would be accepted by one and
crash on the other. So the limits live here, with the lengths of `store/models.py`, and
three places apply them: the parsers (orders, rules bundles, customers), the services
(order caps, points), and — as the last net for any text a service forgot — the text
columns themselves (`store/fields.py`), which call `check_text` for every value written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import ValidationError

# Lengths of the text a person or a file gives, the same as the columns in store/models.py.
MAX_LENGTH = {
    "name": 120,  # a customer's name, a product line's name, a rule's name
    "email": 254,  # RFC 5321's limit for an address
    "phone": 32,
    "user": 80,  # a user's name (User.name, and every `user` column)
    "order_id": 64,
    "refund_id": 64,
    "sku": 64,
    "collection": 64,
    "reward_id": 64,
    "coupon": 40,
    "batch": 80,
    "reason": 500,  # a reason given for a manual change, kept in the audit log
    "query": 120,  # what a search box takes
    "barcode": 48,  # a product's barcode (EAN/UPC digits, or a store's own Code128 text)
}

# Whole numbers stored in INTEGER columns: PostgreSQL's integer stops here (SQLite's does not).
INT32_MAX = 2**31 - 1

# Hard bounds, whatever the store's settings say: money fits the MoneyField's 64-bit column
# with room for sums, quantities and points fit a 32-bit integer column.
HARD_MAX_AMOUNT = Decimal("1000000000")  # 10^9 of the currency
SLIP_MIN_WIDTH, SLIP_MAX_WIDTH = 32, 64  # a loyalty slip's columns (domain/slip.py; 32 fit 58 mm paper)
HARD_MAX_QUANTITY = 1_000_000
HARD_MAX_POINTS = INT32_MAX // 4  # one order's points; balances add many orders up

# The store's configurable caps (settings `max_order_total`, `max_line_quantity`,
# `max_order_points`) start at these.
DEFAULT_MAX_ORDER_TOTAL = Decimal("100000.00")
DEFAULT_MAX_LINE_QUANTITY = 10_000
DEFAULT_MAX_ORDER_POINTS = 10_000_000

# How far ahead of this machine's clock a given moment (an order's `at`, `--at`, `--as-of`) may
# be: another till's clock may run a little fast; an order dated later is refused.
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)

_ASCII_DIGITS = re.compile(r"[0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class OrderCaps:
    """The store's sanity caps on one order (store settings)."""

    max_order_total: Decimal = DEFAULT_MAX_ORDER_TOTAL
    max_line_quantity: int = DEFAULT_MAX_LINE_QUANTITY
    max_order_points: int = DEFAULT_MAX_ORDER_POINTS


def text_problem(value: str, controls: bool = True) -> str | None:
    """Why `value` cannot be stored as text (a NUL, a lone surrogate, or — with `controls` —
    another control character than tab and line breaks), or None when it can."""
    if "\x00" in value:
        return "must not contain a NUL character"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contains a character that is not valid text (a lone surrogate)"
    if controls and _CONTROL.search(value):
        return "must not contain control characters"
    return None


def check_text(field: str, value: str, max_length: int | None = None) -> str:
    """Return `value` if it is storable text within `max_length` (default: the field's
    limit in `MAX_LENGTH`); else raise a `ValidationError` naming the field."""
    problem = text_problem(value)
    if problem:
        raise ValidationError(field, problem)
    limit = max_length if max_length is not None else MAX_LENGTH.get(field.rsplit(".", 1)[-1])
    if limit is not None and len(value) > limit:
        raise ValidationError(field, f"is longer than {limit} characters ({len(value)})")
    return value


def is_ascii_digits(text: str) -> bool:
    """True for 0-9 only. `str.isdigit()` is also True for '²', '①' and '٢', which no
    barcode, database or int() agrees on."""
    return bool(_ASCII_DIGITS.fullmatch(text))


def check_int(field: str, value: object, minimum: int, maximum: int) -> int:
    """A whole number from JSON or a form: an int, or ASCII digits (optionally signed).
    Refuses booleans, floats (even 2.0), '1_000', non-ASCII digits and values out of range."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(field, f"must be a whole number, not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not is_ascii_digits(digits) or len(digits) > 18:
            raise ValidationError(field, f"'{value}' is not a whole number")
        value = int(text)
    if value < minimum:
        raise ValidationError(field, f"must be {minimum} or more, not {value}")
    if value > maximum:
        raise ValidationError(field, f"must be at most {maximum}, not {value}")
    return value
