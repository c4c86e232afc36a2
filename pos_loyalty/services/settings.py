"""Store settings kept in the database (name, logo, card number scheme)."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..domain import card_numbers
from ..domain.errors import ValidationError
from ..store.database import transaction
from ..store.models import Setting
from . import audit

DEFAULTS = {
    "store_name": "My Store",
    "logo_path": "",
    "card_prefix": "",
    "card_length": "12",
    "till_id": "TILL1",  # starts every order id this till makes
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


def get(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def _check(key: str, value: str, pending: dict[str, str]) -> None:
    """Refuse a value that would break printing or numbering, naming the setting."""
    if key not in DEFAULTS:
        raise ValidationError("key", f"unknown setting '{key}'; known: {', '.join(sorted(DEFAULTS))}")
    current = {**all_settings(), **pending}
    if key == "card_length":
        if not value.isdigit():
            raise ValidationError("card_length", "must be a number")
        card_numbers.validate_scheme(current["card_prefix"], int(value))
    if key == "card_prefix":
        card_numbers.validate_scheme(value, int(current["card_length"]))
    if key == "logo_path" and value:
        check_logo(value)
    if key == "store_name" and not 1 <= len(value.strip()) <= 120:
        raise ValidationError("store_name", "a store name of 1 to 120 characters is required")
    if key == "till_id" and not (value.isascii() and value.replace("-", "").isalnum() and 1 <= len(value) <= 16):
        raise ValidationError("till_id", "1 to 16 letters, digits or dashes")


def set_values(values: dict[str, str], user: str = "") -> None:
    """Change several settings at once: all of them, or — if one is refused — none."""
    for key, value in values.items():
        _check(key, value, values)
    with transaction():
        for key, value in values.items():
            Setting.insert(key=key, value=value).on_conflict(conflict_target=[Setting.key], update={Setting.value: value}).execute()
            audit.record(user or "system", "setting.change", key, details={"value": value})


def set_value(key: str, value: str, user: str = "") -> None:
    set_values({key: value}, user)


def all_settings() -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({row.key: row.value for row in Setting.select()})
    return values
