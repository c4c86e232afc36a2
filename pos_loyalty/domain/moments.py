"""Moments given by a person or a file: an order's `at`, a command's `--at` / `--as-of`.

Every datetime is stored as the machine's local time without an offset (`store.models.now`),
so a moment given with an offset is converted to local time and the offset dropped. A moment
later than now by more than `limits.MAX_CLOCK_SKEW` is refused, naming the field: a till may
replay sales made offline (the past), never earn for the future.
"""

from __future__ import annotations

import datetime as dt

from .errors import ValidationError
from .limits import MAX_CLOCK_SKEW


def _local_now() -> dt.datetime:
    return dt.datetime.now()


def as_local(moment: dt.datetime) -> dt.datetime:
    """A moment as the database stores it: local time without an offset."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


def not_future(moment: dt.datetime, field: str, now: dt.datetime | None = None) -> dt.datetime:
    """`moment` (local time) when it is not later than now by more than the allowed skew."""
    now = now or _local_now()
    if moment > now + MAX_CLOCK_SKEW:
        minutes = int(MAX_CLOCK_SKEW.total_seconds() // 60)
        raise ValidationError(field, f"{moment:%Y-%m-%d %H:%M} is in the future (more than {minutes} minutes from now)")
    return moment


def _datetime(text: object, field: str, offset_required: bool) -> dt.datetime:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(field, "must be a date and time like 2026-11-20T14:30:00+01:00")
    raw = text.strip()
    try:
        moment = dt.datetime.fromisoformat(raw[:-1] + "+00:00" if raw[-1:] in "Zz" else raw)
    except ValueError:
        raise ValidationError(field, f"'{raw}' is not a date and time like 2026-11-20T14:30:00+01:00") from None
    if moment.tzinfo is None:
        if offset_required:
            raise ValidationError(field, "needs a UTC offset, e.g. +01:00")
        return moment
    return as_local(moment)


def parse_at(text: object, field: str = "at", now: dt.datetime | None = None) -> dt.datetime:
    """An ISO 8601 date and time WITH an offset (``2026-11-20T14:30:00+01:00`` or ``…Z``) as
    naive local time; refused without an offset or in the future beyond the allowed skew."""
    return not_future(_datetime(text, field, offset_required=True), field, now)


def _plain_date(text: object, field: str) -> dt.date | None:
    """The day a plain date (YYYY-MM-DD) names; None for anything else (a date and time)."""
    if not (isinstance(text, str) and len(text.strip()) == 10):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, f"'{text.strip()}' is not a date like 2027-01-31") from None


def parse_as_of(text: object, field: str = "as_of", now: dt.datetime | None = None) -> dt.datetime:
    """What a command line gives: a plain date means the END of that day (local time; today:
    now), a date and time may omit its offset (then it is local time). Refused in the future
    beyond the allowed skew."""
    day = _plain_date(text, field)
    if day is not None:
        now = now or _local_now()
        if day == now.date():  # the end of today has not come yet: as of today is as of now
            return now
        return not_future(dt.datetime.combine(day, dt.time.max), field, now)
    return not_future(_datetime(text, field, offset_required=False), field, now)


def parse_from(text: object, field: str = "effective_from", now: dt.datetime | None = None) -> dt.datetime:
    """When a change takes effect (`rules publish --effective-from`): unlike `parse_as_of`, a
    plain date means the START of that day (today: now) and a moment to come is the point, so
    it is not refused; a date and time may omit its offset (then it is local time)."""
    day = _plain_date(text, field)
    if day is not None:
        now = now or _local_now()
        return now if day == now.date() else dt.datetime.combine(day, dt.time.min)
    return _datetime(text, field, offset_required=False)
