"""Store settings kept in the database (name, logo, card number scheme)."""

from __future__ import annotations

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


def get(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def set_value(key: str, value: str, user: str = "") -> None:
    if key not in DEFAULTS:
        raise ValidationError("key", f"unknown setting '{key}'; known: {', '.join(sorted(DEFAULTS))}")
    if key == "card_length":
        if not value.isdigit():
            raise ValidationError("card_length", "must be a number")
        card_numbers.validate_scheme(get("card_prefix"), int(value))
    if key == "card_prefix":
        card_numbers.validate_scheme(value, int(get("card_length")))
    if key == "till_id" and not (value.isascii() and value.replace("-", "").isalnum() and 1 <= len(value) <= 16):
        raise ValidationError("till_id", "1 to 16 letters, digits or dashes")
    with transaction():
        Setting.insert(key=key, value=value).on_conflict(conflict_target=[Setting.key], update={Setting.value: value}).execute()
        audit.record(user or "system", "setting.change", key, details={"value": value})


def all_settings() -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({row.key: row.value for row in Setting.select()})
    return values
