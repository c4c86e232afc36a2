"""Column types shared by the models and the frozen migration models."""

from __future__ import annotations

from decimal import Decimal

from peewee import BigIntegerField
from peewee import CharField as _CharField
from peewee import TextField as _TextField

from ..domain.limits import MAX_LENGTH, check_text, text_problem

# Money is kept exactly to 1/10,000 of a unit (more than any minor unit): a money column stores
# the amount × 10**MONEY_SCALE, a whole number.
MONEY_SCALE = 4


class MoneyField(BigIntegerField):
    """Money as an exact integer of 1/10,000 units, so SQLite never turns it into a float
    and sums in SQL stay exact on SQLite and PostgreSQL alike."""

    def db_value(self, value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return int(Decimal(value).scaleb(MONEY_SCALE).to_integral_exact())

    def python_value(self, value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-MONEY_SCALE)


def money_from_db(value: int | None) -> Decimal:
    """Convert a raw SQL aggregate (SUM over a MoneyField) back to money."""
    return Decimal(int(value or 0)).scaleb(-MONEY_SCALE)


class CharField(_CharField):
    """Text of at most `max_length` characters, without NUL or lone surrogates: refused with a
    `ValidationError` naming the column before the value is sent, so SQLite (which would store
    it) and PostgreSQL (which would fail) behave the same. The parsers and services check
    their input first with friendlier names; this is the net under all of them."""

    def db_value(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            if ("\x00" in value or not value.isascii()) and text_problem(value, controls=False):  # plain ASCII: the usual, cheap case
                check_text(self.name, value)
            if len(value) > self.max_length:
                check_text(self.name, value, self.max_length)
        return super().db_value(value)


class TextField(_TextField):
    """Text without NUL or lone surrogates (see `CharField`); a column named in
    `MAX_LENGTH` (a `reason`) is held to that length too."""

    def db_value(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            if ("\x00" in value or not value.isascii()) and text_problem(value, controls=False):
                check_text(self.name, value)
            limit = MAX_LENGTH.get(self.name)
            if limit is not None and len(value) > limit:
                check_text(self.name, value, limit)
        return super().db_value(value)
