"""Calendar periods of a frequency cap — one definition for the earning rules limited to once a
day, week, month or year and for the points-for-actions caps."""

from __future__ import annotations

import calendar
import datetime as dt


def period(frequency: str, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the calendar period `day` falls in for a cap of `frequency`
    (daily, weekly = ISO week from Monday, monthly, yearly); None for 'once' (ever)."""
    if frequency == "daily":
        return day, day
    if frequency == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if frequency == "monthly":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if frequency == "yearly":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return None
