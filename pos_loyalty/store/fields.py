"""Column types shared by the models and the frozen migration models."""

from __future__ import annotations

from decimal import Decimal

from peewee import BigIntegerField

_SCALE = 4  # money is kept exactly to 1/10,000 of a unit: more than any minor unit


class MoneyField(BigIntegerField):
    """Money as an exact integer of 1/10,000 units, so SQLite never turns it into a float
    and sums in SQL stay exact on SQLite and PostgreSQL alike."""

    def db_value(self, value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return int(Decimal(value).scaleb(_SCALE).to_integral_exact())

    def python_value(self, value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-_SCALE)


def money_from_db(value: int | None) -> Decimal:
    """Convert a raw SQL aggregate (SUM over a MoneyField) back to money."""
    return Decimal(int(value or 0)).scaleb(-_SCALE)
