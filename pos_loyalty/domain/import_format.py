"""The CSV format of a programme import (customers, their cards and opening balances): its
columns and how each cell is read. Pure Python: `services.programme_import` reads the file
with the csv module and checks the rows against the database.

Spreadsheets write the same table in many ways; each cell is read strictly, and what cannot
be read is refused with the column and the reason, never guessed:
- separator `,` or `;` (or a tab), decided from the header line;
- whole numbers with or without a decimal part of zeros, either decimal mark ("120", "120,00",
  "120.0"), spaces or apostrophes as thousands separators ("1 250", "1'250"); "1.250" and
  "1,250" are refused (a thousands separator or three decimals cannot be told apart);
- yes/no, true/false, y/n, 1/0, sí/no (any case) for the opt-in;
- dates as YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY (never MM/DD: 03/04 is 3 April);
  a birthday may also be MM-DD (no year).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import ValidationError

# The columns, in the order the README shows them. `name` and `card` are required, and a
# `phone` or an `email` column (each customer needs one or the other, as at enrolment).
COLUMNS = ("customer", "name", "phone", "email", "marketing_opt_in", "birthday", "enrolled_at", "card", "points", "expires")
REQUIRED = ("name", "card")
DELIMITERS = (",", ";", "\t")
MAX_OPENING_POINTS = 100_000_000  # one card's opening balance: far above any real one, far below the column's limit

_TRUE = frozenset({"yes", "y", "true", "1", "sí", "si", "s"})  # a Spanish spreadsheet says sí/no
_FALSE = frozenset({"no", "n", "false", "0", ""})
_WHOLE = re.compile(r"(\d+)(?:[.,](\d+))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_GROUPING = str.maketrans("", "", " \u00a0\u202f'")  # spaces, no-break spaces, apostrophes between thousands


# Other names spreadsheets and other programmes give the same columns.
ALIASES = {"e_mail": "email", "opt_in": "marketing_opt_in", "card_number": "card", "balance": "points", "expiry": "expires",
           "enrolled": "enrolled_at"}


def column_key(header: str) -> str:
    """A header cell as a column name: case, surrounding spaces and the choice of space,
    dash or underscore between words do not matter ("Marketing opt-in" is marketing_opt_in;
    "E-mail" is email, see `ALIASES`)."""
    key = re.sub(r"[\s\-_]+", "_", header.strip().lower())
    return ALIASES.get(key, key)


def delimiter(header_line: str) -> str:
    """The separator of a file whose first line is `header_line`: the one it uses most (a
    header has no quoted separators in practice; a one-column header has none, and is refused
    later for its missing columns)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Header:
    """Where each known column is (index in a row)."""

    positions: dict[str, int]
    width: int


def read_header(cells: list[str]) -> tuple[Header, list[tuple[str, str]]]:
    """The header's columns, and every problem with it as (column, message): an unknown or
    repeated column, a required one missing."""
    problems: list[tuple[str, str]] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = column_key(cell)
        if not key:
            problems.append((f"column {index + 1}", "has no name in the header"))
        elif key not in COLUMNS:
            problems.append((cell.strip(), f"is not a column of the import; the columns are {', '.join(COLUMNS)}"))
        elif key in positions:
            problems.append((key, "appears twice in the header"))
        else:
            positions[key] = index
    for column in REQUIRED:
        if column not in positions:
            problems.append((column, "is a required column and is missing from the header"))
    if "phone" not in positions and "email" not in positions:
        problems.append(("phone", "the file needs a phone or an email column (or both)"))
    return Header(positions, len(cells)), problems


def opt_in(text: str, column: str = "marketing_opt_in") -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValidationError(column, f"'{text}' is not yes or no (write yes/no, true/false or 1/0)")


def whole_points(text: str, column: str = "points") -> int:
    """Points as a spreadsheet writes them: "1250", "1 250", "1250,00", "1250.0"; empty is 0."""
    compact = text.strip().translate(_GROUPING)
    if not compact:
        return 0
    if compact.startswith("-"):
        raise ValidationError(column, f"'{text}' is negative; an opening balance is 0 or more")
    match = _WHOLE.fullmatch(compact)
    if match is None:
        raise ValidationError(column, f"'{text}' is not a number of points")
    whole, decimals = match.groups()
    if decimals and len(decimals) == 3:  # 1.250 or 1,250: a thousands separator or three decimals?
        raise ValidationError(column, f"'{text}' is ambiguous: write 1250 or 1 250")
    if decimals and decimals.strip("0"):
        raise ValidationError(column, f"'{text}' is not a whole number of points")
    points = int(whole)
    if points > MAX_OPENING_POINTS:
        raise ValidationError(column, f"'{text}' is more than {MAX_OPENING_POINTS:,} points")
    return points


def _real_date(column: str, text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(column, f"'{text}' is not a real date") from None


def date(text: str, column: str) -> dt.date | None:
    """A date written YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY; None for an empty cell."""
    value = text.strip()
    if not value:
        return None
    iso = _ISO.fullmatch(value)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return _real_date(column, text, year, month, day)
    day_first = _DAY_FIRST.fullmatch(value)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        return _real_date(column, text, year, month, day)
    raise ValidationError(column, f"'{text}' is not a date: write YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-03-31")


_TIME = re.compile(r"(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


def moment(text: str, column: str) -> dt.datetime | None:
    """A date (its start) or a date and time "YYYY-MM-DD HH:MM[:SS]" (as `customers export`
    writes `enrolled_at`); None for an empty cell."""
    value = text.strip()
    if not value:
        return None
    timed = _TIME.fullmatch(value)
    day = date(timed.group(1) if timed else value, column)
    assert day is not None
    if not timed:
        return dt.datetime.combine(day, dt.time())
    hour, minute, second = int(timed.group(2)), int(timed.group(3)), int(timed.group(4) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValidationError(column, f"'{text}' is not a time of day")
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def birthday(text: str, column: str = "birthday") -> tuple[int, int] | None:
    """A birthday as (month, day): a full date (the year is not kept) or MM-DD; None if empty."""
    value = text.strip()
    if not value:
        return None
    month_day = _MONTH_DAY.fullmatch(value)
    if month_day:
        month, day = (int(g) for g in month_day.groups())
        _real_date(column, text, 2000, month, day)  # a leap year: 02-29 is a birthday too
        return month, day
    found = date(value, column)
    assert found is not None
    return found.month, found.day
