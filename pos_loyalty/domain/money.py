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

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache

ZERO = Decimal("0")

# ISO 4217: every current currency code with the number of decimals of its minor unit
# (funds codes included; precious metals and test codes, which have none, excluded).
_ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DECIMALS = "CLF UYW"
_TWO_DECIMALS = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD "
    "CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL "
    "GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD "
    "LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN "
    "PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL "
    "THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL"
)
ISO_4217: dict[str, int] = {
    **{code: 2 for code in _TWO_DECIMALS.split()},
    **{code: 0 for code in _ZERO_DECIMALS.split()},
    **{code: 3 for code in _THREE_DECIMALS.split()},
    **{code: 4 for code in _FOUR_DECIMALS.split()},
}

# What a person or a file may write as an amount: ASCII digits, an optional sign and point.
# Decimal() itself also takes '1_000', '١٢', ' 1e3' and 'NaN'; none of them is money.
_STORED = Decimal("0.0001")  # what a MoneyField keeps
_TOO_LARGE = Decimal(10) ** 15  # checked before any arithmetic; the order caps are far lower
_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def is_currency(code: str) -> bool:
    """True for a current ISO 4217 code (upper case, e.g. ``EUR``)."""
    return code in ISO_4217


def minor_units(currency: str) -> int:
    """Number of decimals of the currency's minor unit (from ISO 4217; 2 for an unknown code)."""
    return ISO_4217.get(currency.upper(), 2)


@lru_cache(maxsize=64)
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(value: Decimal, currency: str = "EUR") -> Decimal:
    """Half-up to the currency's minor unit — the only money rounding in the product."""
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def parse_money(value: object, field: str, currency: str | None = None) -> Decimal:
    """Parse a user's money input (text of ASCII digits with an optional point, an int, or a
    Decimal; never a float) into a Decimal.

    Raises `ValidationError` naming the field for anything else: a float (which cannot hold
    0.10 exactly), '2,80', '1_000', non-ASCII digits, exponents, NaN. With `currency`, an
    amount finer than its minor unit ('1.005' in EUR) is refused rather than rounded.
    """
    from .errors import ValidationError

    if isinstance(value, float):
        raise ValidationError(field, f"write the amount as text, e.g. \"{value}\": a number with a decimal point is not exact")
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValidationError(field, f"must be an amount of money, not {value!r}")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = value.strip()
        if len(text) > 40 or not _AMOUNT.fullmatch(text):
            raise ValidationError(field, f"'{value}' is not an amount of money (write it like 12.50)")
        amount = Decimal(text)
    if not amount.is_finite():
        raise ValidationError(field, f"'{value}' is not an amount of money")
    if abs(amount) >= _TOO_LARGE:
        raise ValidationError(field, f"{value} is too large to be an amount of money")
    if currency is not None:
        check_decimals(amount, field, currency)
    elif amount != amount.quantize(_STORED, rounding=ROUND_HALF_UP):
        raise ValidationError(field, f"{amount} has more decimals than any currency (4)")
    return amount


def has_extra_decimals(amount: Decimal, currency: str) -> bool:
    """Whether `amount` has more decimals than the currency's minor unit (what `check_decimals` refuses)."""
    return amount != amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def check_decimals(amount: Decimal, field: str, currency: str) -> None:
    """Refuse an amount with more decimals than the currency's minor unit (not rounded:
    a till that sends 1.005 has a bug the cashier should see)."""
    from .errors import ValidationError

    if has_extra_decimals(amount, currency):
        places = minor_units(currency)
        raise ValidationError(field, f"{amount} has more decimals than {currency} allows ({places})")


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


@dataclass(frozen=True)
class MoneyStyle:
    """How the screen writes an amount in the app's language: ``€1,234.50`` in English,
    ``1.234,50 €`` in Spanish. The desktop app sets it once at start (`set_money_style`);
    the CLI and files keep the default."""

    decimal: str = "."
    group: str = ","
    symbol_after: bool = False  # "2,80 €" rather than "€2.80"


_style = MoneyStyle()


def set_money_style(style: MoneyStyle) -> None:
    """Use `style` for every later `display_money` (the desktop app's language)."""
    global _style
    _style = style


def money_style() -> MoneyStyle:
    return _style


def read_display_money(text: str) -> tuple[Decimal, str] | None:
    """The amount and currency of a `display_money` text written in the default (English)
    style (``€1,234.50``, ``-CHF 3.00``, ``KWD 1.250``), or None. Notes the services stored
    with an amount in them are read back with it to be shown in another language."""
    sign, rest = ("-", text[1:]) if text.startswith("-") else ("", text)
    for code, symbol in sorted(_SYMBOLS.items(), key=lambda item: -len(item[1])):
        if rest.startswith(symbol):
            break
    else:
        code, _, after = rest.partition(" ")
        if not (len(code) == 3 and code.isalpha() and code.isupper() and after):
            return None
        symbol = f"{code} "
    number = rest[len(symbol):]
    if not _DISPLAYED.fullmatch(number):
        return None
    return Decimal(sign + number.replace(",", "")), code


_DISPLAYED = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?")


def display_money(value: Decimal, currency: str, style: MoneyStyle | None = None) -> str:
    """Money for the screen: the currency's symbol, thousands grouped, its minor unit shown
    (``€1,234.50``, ``¥1,200``, ``KWD 1.250``); a negative amount as ``-€3.00``; in the
    separators and symbol place of `money_style` (``-1.234,50 €`` in Spanish).
    Rounded by `round_money` like every other amount, so the screen never shows a figure
    the ledger does not hold. `style` overrides the app's (text that is stored, not shown, is
    written in the default style whatever the screen's language)."""
    code = currency.upper()
    amount = round_money(value, code)
    symbol = _SYMBOLS.get(code, f"{code} ")
    sign = "-" if amount < 0 else ""
    number = f"{abs(amount):,.{minor_units(code)}f}"
    style = style or _style
    if (style.decimal, style.group) != (".", ","):
        number = number.translate(str.maketrans({",": style.group, ".": style.decimal}))
    if style.symbol_after:
        return f"{sign}{number} {symbol.strip()}"
    return f"{sign}{symbol}{number}"
