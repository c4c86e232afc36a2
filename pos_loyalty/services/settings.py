"""Store settings kept in the database (name, logo, card number scheme)."""

from __future__ import annotations

import warnings
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Sequence

from .. import languages
from ..domain import card_numbers, limits
from ..domain.errors import ValidationError
from ..domain.money import parse_money
from ..store.database import Prepared, transaction
from ..store.models import Setting, db
from . import audit, auth, changes

DEFAULTS = {
    "store_name": "My Store",
    "logo_path": "",
    "card_prefix": "",
    "card_length": "12",
    "till_id": "TILL1",  # starts every order id this till makes
    "country": "GB",  # ISO 3166 code: phone numbers typed without +country code are read as this country's
    # Sanity caps on one order (README "Order files"): refused, naming the field, above these.
    "max_order_total": str(limits.DEFAULT_MAX_ORDER_TOTAL),
    "max_line_quantity": str(limits.DEFAULT_MAX_LINE_QUANTITY),
    "max_order_points": str(limits.DEFAULT_MAX_ORDER_POINTS),
    # Who may do what (services/auth.py): a refund above this amount needs a manager's PIN; the
    # desktop app asks for a PIN again after this many idle minutes; PIN lengths; wrong-PIN lockout.
    "refund_manager_above": "50.00",
    "idle_lock_minutes": "5",
    "cashier_pin_digits": "4",
    "manager_pin_digits": "6",
    "pin_max_failures": "5",
    "pin_lockout_minutes": "15",
    # E-mail to customers (services/smtp.py): no host, no sending (messages wait as pending).
    # The password is never a setting: $POS_LOYALTY_SMTP_PASSWORD or `settings smtp-password`.
    "smtp_host": "",
    "smtp_port": "587",
    "smtp_security": "starttls",  # none|starttls|ssl
    "smtp_user": "",
    "smtp_from": "",  # the sender's address customers see
    # The loyalty slip's receipt printer (services/slip.py, README "Loyalty slip and receipt printers").
    "slip_printer": "none",  # none|network|usb|file
    "slip_printer_address": "",  # host:port, vendor:product (hex) or a device file such as /dev/usb/lp0
    "slip_columns": "42",  # characters a line: 42 or 48 on 80 mm paper, 32 on 58 mm
    "slip_auto_print": "no",  # yes: the checkout prints the slip after every sale with a card
    # The local HTTP API inside the desktop app (pos_loyalty/api/): off until a manager turns it on;
    # it listens on 127.0.0.1 at this port (a POS that needs no screen runs `serve --http`).
    "api_enabled": "off",  # on|off
    "api_port": "8765",
    # The desktop app's language (README "Languages"): system follows the computer's locale;
    # else one of languages.available() ("en", "es", ... one per translation file).
    "language": "system",
    # The line printed under the store's name on every card; empty: "LOYALTY CARD" in the app's language.
    "card_tagline": "",
}

CARD_TAGLINE_MAX = 40

SMTP_SECURITY = ("none", "starttls", "ssl")

# Limits of the whole-number settings above: (smallest, largest).
WHOLE_NUMBER_LIMITS = {
    "idle_lock_minutes": (1, 240),
    "cashier_pin_digits": (4, 12),
    "manager_pin_digits": (4, 12),
    "pin_max_failures": (3, 20),
    "pin_lockout_minutes": (1, 1440),
    "smtp_port": (1, 65535),
    "slip_columns": (limits.SLIP_MIN_WIDTH, limits.SLIP_MAX_WIDTH),
    "api_port": (1024, 65535),  # not a port only root may open
}


LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif")  # what reportlab draws on the printed cards
# A logo fills about 2 cm of a card: 2,000 pixels a side is more than a 600 dpi printer uses.
# Without a limit a 12,000 × 12,000 image took 470 MB to print two cards.
LOGO_MAX_SIDE = 2_000
LOGO_MAX_BYTES = 5 * 1024 * 1024


def check_logo(value: str | Path) -> Path:
    """The logo file, if it is an image the cards can carry: a PNG, JPEG or GIF that exists,
    of at most `LOGO_MAX_BYTES` and `LOGO_MAX_SIDE` pixels a side (read from its header,
    without decoding it). Asked when the setting changes and again before printing."""
    from PIL import Image, UnidentifiedImageError

    logo = Path(value).expanduser()
    if logo.suffix.lower() not in LOGO_TYPES:
        raise ValidationError("logo_path", f"{value} is not a PNG, JPEG or GIF image")
    if not logo.is_file():
        raise ValidationError("logo_path", f"{value} does not exist")
    size = logo.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise ValidationError("logo_path", f"{value} is {size / 1024 / 1024:.1f} MB; a logo may be at most {LOGO_MAX_BYTES // 1024 // 1024} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we refuse it ourselves, below
            with Image.open(logo) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        raise ValidationError("logo_path", f"{value} has far too many pixels; a logo may be at most {LOGO_MAX_SIDE:,} pixels a side") from None
    except (OSError, UnidentifiedImageError):
        raise ValidationError("logo_path", f"{value} cannot be read as an image") from None
    if max(width, height) > LOGO_MAX_SIDE:
        raise ValidationError("logo_path", f"{value} is {width:,} × {height:,} pixels; a logo may be at most "
                                           f"{LOGO_MAX_SIDE:,} pixels a side (scale it down)")
    return logo


_BY_KEY = Prepared(lambda key: Setting.select(Setting.value).where(Setting.key == key).limit(1))


def get(key: str) -> str:
    row = _BY_KEY.first(key)
    return row.value if row is not None else DEFAULTS.get(key, "")


_SOME = Prepared(lambda first, second: Setting.select(Setting.key, Setting.value).where(Setting.key.in_([first, second])).tuples())


def values(keys: tuple[str, str]) -> tuple[str, str]:
    """Two settings in one statement (a message queued in a sale reads the store's name and
    sender address), each as `get` gives it."""
    found = dict(_SOME.rows(*keys))
    return found.get(keys[0], DEFAULTS.get(keys[0], "")), found.get(keys[1], DEFAULTS.get(keys[1], ""))


def _check(key: str, value: str, pending: dict[str, str]) -> None:
    """Refuse a value that would break printing or numbering, naming the setting."""
    if key not in DEFAULTS:
        raise ValidationError("key", f"unknown setting '{key}'; known: {', '.join(sorted(DEFAULTS))}")
    current = {**all_settings(), **pending}
    if key == "card_length":
        card_numbers.validate_scheme(current["card_prefix"], limits.check_int("card_length", value, 1, 99))
    if key == "card_prefix":
        card_numbers.validate_scheme(value, int(current["card_length"]))
    if key == "logo_path" and value:
        check_logo(value)
    if key == "store_name" and not 1 <= len(value.strip()) <= 120:
        raise ValidationError("store_name", "a store name of 1 to 120 characters is required")
    if key == "country":
        from ..domain import phones  # phonenumbers: loaded when a number is read (a command's start does without it)

        phones.check_country(value)
    if key == "max_order_total":
        amount = parse_money(value, key)
        if not 0 < amount <= limits.HARD_MAX_AMOUNT:
            raise ValidationError(key, f"must be above 0 and at most {limits.HARD_MAX_AMOUNT}")
    if key == "max_line_quantity":
        limits.check_int(key, value, 1, limits.HARD_MAX_QUANTITY)
    if key == "max_order_points":
        limits.check_int(key, value, 1, limits.HARD_MAX_POINTS)
    if key in WHOLE_NUMBER_LIMITS:
        low, high = WHOLE_NUMBER_LIMITS[key]
        if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
            raise ValidationError(key, f"a whole number from {low} to {high}")
    if key == "refund_manager_above":
        try:
            amount = Decimal(value) if value.isascii() and value.replace(".", "", 1).isdigit() else None
        except InvalidOperation:
            amount = None
        if amount is None or amount.as_tuple().exponent < -2 or amount > 1_000_000:  # type: ignore[operator]
            raise ValidationError(key, "an amount such as 50.00 (0 asks a manager for every refund)")
    if key in ("smtp_host", "smtp_security", "smtp_user", "smtp_from"):
        _check_smtp(key, value)
    if key in ("slip_printer", "slip_printer_address"):
        from ..domain.receipt_printer import parse_target

        parse_target(current["slip_printer"], current["slip_printer_address"])
    if key == "slip_auto_print" and value not in ("yes", "no"):
        raise ValidationError(key, "yes or no")
    if key == "api_enabled" and value not in ("on", "off"):
        raise ValidationError(key, "on or off")
    if key == "language" and value not in languages.choices():
        raise ValidationError(key, f"one of {', '.join(languages.choices())}")
    if key == "card_tagline" and (len(value) > CARD_TAGLINE_MAX or any(ch < " " for ch in value)):
        raise ValidationError(key, f"at most {CARD_TAGLINE_MAX} characters on one line")
    if key == "till_id" and not (value.isascii() and value.replace("-", "").isalnum() and 1 <= len(value) <= 16):
        raise ValidationError("till_id", "1 to 16 letters, digits or dashes")


def _check_smtp(key: str, value: str) -> None:
    """The mail server's settings: a host name (or empty: no sending), a security mode, a user
    and a sender address without spaces or line breaks (they end up in SMTP commands)."""
    from .customers import EMAIL

    if key == "smtp_host" and value and not (len(value) <= 253 and value.isascii()
                                             and all(part and (part.replace("-", "").isalnum()) for part in value.split("."))):
        raise ValidationError(key, f"'{value}' is not a host name such as smtp.example.com (empty: no e-mail is sent)")
    if key == "smtp_security" and value not in SMTP_SECURITY:
        raise ValidationError(key, f"one of {', '.join(SMTP_SECURITY)}")
    if key == "smtp_user" and (len(value) > 254 or any(ch.isspace() or ch < " " for ch in value)):
        raise ValidationError(key, "at most 254 characters, without spaces")
    if key == "smtp_from" and value and not (len(value) <= 254 and EMAIL.match(value)):
        raise ValidationError(key, f"'{value}' is not an e-mail address")


def set_values(values: dict[str, str], user: str = "", *, manager_pin: str | None, manager: str | None = None) -> None:
    """Change several settings at once: all of them, or — if one is refused — none.
    A manager's PIN allows it; the audit log names that manager (and the signed-in `user`)."""
    for key, value in values.items():
        _check(key, value, values)
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        for key, value in values.items():
            Setting.insert(key=key, value=value).on_conflict(conflict_target=[Setting.key], update={Setting.value: value}).execute()
            audit.record(who.name, "setting.change", key, details={"value": value, "operator": user or who.name})
        changes.announce("settings", *values)


def set_value(key: str, value: str, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> None:
    set_values({key: value}, user, manager_pin=manager_pin, manager=manager)


def whole_number(key: str) -> int:
    """A whole-number setting, read for the services (its default if the stored text is not one)."""
    value = get(key)
    return int(value) if value.isascii() and value.isdigit() else int(DEFAULTS[key])


def money(key: str) -> Decimal:
    try:
        return Decimal(get(key))
    except InvalidOperation:
        return Decimal(DEFAULTS[key])


CAP_KEYS = ("max_order_total", "max_line_quantity", "max_order_points")
@lru_cache(maxsize=4)
def _caps_sql(p: str) -> str:
    return f'SELECT "key", "value" FROM "setting" WHERE "key" IN ({p}, {p}, {p})'


@lru_cache(maxsize=16)
def _caps_of(rows: frozenset[tuple[str, str]]) -> limits.OrderCaps:
    """The caps these stored values say (parsed once per set of values: they rarely change)."""
    values = {key: DEFAULTS[key] for key in CAP_KEYS}
    values.update(dict(rows))
    return limits.OrderCaps(parse_money(values["max_order_total"], "max_order_total"), int(values["max_line_quantity"]), int(values["max_order_points"]))


def cap_columns(p: str) -> str:
    """The order caps as scalar subqueries, one per key of `CAP_KEYS` (their parameters), for a
    caller that reads more in the same statement (a sale reads the rules in force with them)."""
    return ", ".join([f'(SELECT "value" FROM "setting" WHERE "key" = {p})'] * len(CAP_KEYS))


def caps_from(values: Sequence[str | None]) -> limits.OrderCaps:
    """The caps the stored values `cap_columns` read say (None: not set, the default)."""
    return _caps_of(frozenset((key, value) for key, value in zip(CAP_KEYS, values) if value is not None))


def order_caps() -> limits.OrderCaps:
    """The store's caps on one order, read in one statement written once and run on the driver
    (every quote and commit asks: peewee writing this SQL afresh cost a quarter of a commit's
    own time, and building its rows more than SQLite's work); the values are parsed once."""
    database = db.obj
    return _caps_of(frozenset(database.execute_sql(_caps_sql(database.param), CAP_KEYS).fetchall()))


def all_settings() -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({row.key: row.value for row in Setting.select()})
    return values
