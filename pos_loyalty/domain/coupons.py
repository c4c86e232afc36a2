"""A coupon's life, in one place: when it stops being usable and what state it is in.

A coupon is stored as issued, redeemed or void; "expired" is never stored. It is what an issued
coupon is once the moment asked about (an order's time, the list's "now") is past its expiry,
so a till replaying yesterday's sale accepts yesterday's still-valid coupon, and nothing has to
run at midnight to expire coupons.
"""

from __future__ import annotations

import datetime as dt

from .errors import ValidationError

STATES = ("issued", "redeemed", "void", "expired")
MAX_VALID_DAYS = 3650  # ten years: a longer expiry is a typo, and no database meets a year 9999 date


def state_at(status: str, expires_at: dt.datetime | None, at: dt.datetime) -> str:
    """The state a person sees at `at`: an issued coupon past its expiry is expired."""
    if status == "issued" and expires_at is not None and at > expires_at:
        return "expired"
    return status


def end_of_day(day: dt.date) -> dt.datetime:
    """A coupon "valid until 2026-12-31" can be used all that day (local time), not until midnight before."""
    return dt.datetime.combine(day, dt.time.max)


def expiry(today: dt.date, expires_on: dt.date | dt.datetime | None = None, valid_days: int | None = None) -> dt.datetime | None:
    """The moment a coupon issued `today` stops being usable: the end of `expires_on`, or of the
    day `valid_days` after today; None (never) when neither is given. Refused (field ``expires``):
    both given, a date in the past, more than ten years ahead."""
    if expires_on is not None and valid_days is not None:
        raise ValidationError("expires", "give an expiry date or a number of days, not both")
    if valid_days is not None:
        if isinstance(valid_days, bool) or not isinstance(valid_days, int) or not 0 <= valid_days <= MAX_VALID_DAYS:
            raise ValidationError("expires", f"the number of days must be a whole number from 0 to {MAX_VALID_DAYS:,}")
        return end_of_day(today + dt.timedelta(days=valid_days))
    if expires_on is None:
        return None
    day = expires_on.date() if isinstance(expires_on, dt.datetime) else expires_on
    if day < today:
        raise ValidationError("expires", f"{day.isoformat()} is in the past; a coupon must be valid at least today")
    if day > today + dt.timedelta(days=MAX_VALID_DAYS):
        raise ValidationError("expires", f"{day.isoformat()} is more than ten years ahead")
    return end_of_day(day)


def parse_day(text: str) -> dt.date:
    """An expiry typed as YYYY-MM-DD (CLI, GUI); anything else is refused naming ``expires``."""
    text = (text or "").strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError("expires", f"'{text}' is not a date as YYYY-MM-DD (e.g. 2026-12-31)") from None
