"""Money and points arithmetic: the one place where anything is rounded.

Rounding rules (README "Rounding" repeats them):

* Money is `decimal.Decimal`, never float. Every amount is rounded **once**, half-up,
  to the currency's minor unit by `round_money` at these points only: a line total
  (quantity × unit price), each share of an order-level amount spread over lines
  (`prorate`), each reward's effect, and the value of redeemed points.
* Points are `int`. Points earned from money are **floored** (`floor_points`): a
  customer earns for each *whole* step spent, and a refund can never find a
  fraction of a point to take back. Proportional reversals use `round_points`
  (half-up) on the share that *remains*, so the sum of any sequence of partial
  reversals is never more than what the order earned.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

ZERO = Decimal("0")

# ISO 4217 minor units for currencies that do not use two decimals.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "HUF": 2, "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3}


def minor_units(currency: str) -> int:
    """Number of decimals of the currency's minor unit (2 unless ISO says otherwise)."""
    return _MINOR_UNITS.get(currency.upper(), 2)


@lru_cache(maxsize=64)
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(value: Decimal, currency: str = "EUR") -> Decimal:
    """Half-up to the currency's minor unit — the only money rounding in the product."""
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def parse_money(value: object, field: str) -> Decimal:
    """Parse a user's money input (str, int or Decimal; never float) into a Decimal.

    Raises `ValidationError` naming the field for anything that is not a finite number.
    """
    from .errors import ValidationError

    if isinstance(value, bool) or isinstance(value, float):
        # Floats cannot hold 0.10 exactly; insist on text so nothing is lost silently.
        value = str(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(field, f"'{value}' is not an amount of money") from None
    if not amount.is_finite():
        raise ValidationError(field, f"'{value}' is not an amount of money")
    return amount


def floor_points(value: Decimal) -> int:
    """Points earned from a money-derived quantity: whole points only, rounded down."""
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def round_points(value: Decimal) -> int:
    """Half-up to a whole point; used for proportional reversals of earned points."""
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def prorate(amount: Decimal, part: Decimal, whole: Decimal, currency: str = "EUR") -> Decimal:
    """The share of `amount` that `part` of `whole` carries, rounded once."""
    if whole == 0:
        return ZERO
    return round_money(amount * part / whole, currency)


def format_money(value: Decimal, currency: str) -> str:
    """Plain text money for CLI output and receipts, e.g. ``12.50 EUR``."""
    return f"{round_money(value, currency)} {currency.upper()}"


_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CHF": "CHF ", "INR": "₹", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$",
            "SEK": "SEK ", "NOK": "NOK ", "DKK": "DKK ", "PLN": "PLN ", "CZK": "CZK ", "BRL": "R$", "MXN": "MX$", "KRW": "₩"}


def display_money(value: Decimal, currency: str) -> str:
    """Money for the screen: the currency's symbol, thousands grouped, its minor unit shown
    (``€1,234.50``, ``¥1,200``, ``KWD 1.250``); a negative amount as ``-€3.00``.
    Rounded by `round_money` like every other amount, so the screen never shows a figure
    the ledger does not hold."""
    code = currency.upper()
    amount = round_money(value, code)
    symbol = _SYMBOLS.get(code, f"{code} ")
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.{minor_units(code)}f}"
