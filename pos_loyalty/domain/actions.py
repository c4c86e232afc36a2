"""Points for actions, the pure part: the period an action's cap counts in, how a refusal
reads, a customer's birthday as typed, and whose birthday a day is.

The cap of an action is counted in calendar periods of the moment it is recorded (`at`),
never of the wall clock: a review recorded for Tuesday is capped by Tuesday's reviews, so a
till replaying yesterday's actions refuses exactly what it would have refused then.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .errors import ValidationError
from .periods import period  # noqa: F401 (the cap's period: `actions.period`)

# How each built-in kind is named in a sentence; a custom action is named by its own name.
KIND_WORDS = {"sign_up": "sign-up", "review": "review", "social_share": "social share", "birthday": "birthday"}
AUTOMATIC_KINDS = ("sign_up", "birthday")  # given by enrolment and by the daily job, never typed in at the till

_BIRTHDAY = re.compile(r"^(?:(\d{4})-)?(\d{2})-(\d{2})$")


def label(kind: str, name: str) -> str:
    """What the action is called in a sentence: "review", "social share", or a custom action's name."""
    return KIND_WORDS.get(kind) or f"'{name}'"


def already_rewarded(kind: str, name: str, frequency: str, day: dt.date, today: dt.date) -> str:
    """Why a capped action is refused, in the words a cashier reads out: "review already
    rewarded today" when the period is the current one, else the period named by its dates."""
    what = f"{label(kind, name)} already rewarded"
    bounds = period(frequency, day)
    if bounds is None:
        return what
    start, end = bounds
    current = start <= today <= end
    if frequency == "daily":
        return f"{what} today" if current else f"{what} on {day.isoformat()}"
    if frequency == "weekly":
        return f"{what} this week" if current else f"{what} in the week of {start.isoformat()}"
    if frequency == "monthly":
        return f"{what} this month" if current else f"{what} in {start:%Y-%m}"
    return f"{what} this year" if current else f"{what} in {start.year}"


def parse_birthday(text: str) -> tuple[int, int] | None:
    """A birthday typed as MM-DD or YYYY-MM-DD (the year is dropped: the programme needs the
    day, not the age) as (month, day); None for an empty text. 02-29 is a birthday too."""
    text = text.strip()
    if not text:
        return None
    match = _BIRTHDAY.match(text)
    if match is None:
        raise ValidationError("birthday", f"'{text}' is not a birthday: write MM-DD or YYYY-MM-DD, e.g. 04-23")
    year, month, day = match.groups()
    try:
        dt.date(int(year) if year else 2000, int(month), int(day))  # 2000 is a leap year: 02-29 is allowed without a year
    except ValueError:
        raise ValidationError("birthday", f"'{text}' is not a real date") from None
    return int(month), int(day)


def birthday_days(day: dt.date) -> list[tuple[int, int]]:
    """The (month, day) birthdays celebrated on `day`: its own, and on 28 February of a year
    without a 29th, the 29 February birthdays too."""
    days = [(day.month, day.day)]
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        days.append((2, 29))
    return days


def birthday_text(month: int | None, day: int | None) -> str:
    """A stored birthday as MM-DD (empty when none)."""
    return f"{month:02d}-{day:02d}" if month and day else ""
