"""How dates, counts and points read to a person — in the app, the CLI's text output and
printed material alike. One place, so a receipt, a screen and a terminal never disagree
("1 point", not "1 points"; 2026-11-29 14:05 everywhere). JSON output is not formatted
here: it carries ISO 8601 and plain numbers for machines.
"""

from __future__ import annotations

import datetime as dt

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def date_text(value: dt.date | dt.datetime | None) -> str:
    """A date as people read it here (``2026-11-29``); empty for None."""
    if value is None:
        return ""
    return value.strftime(DATE_FORMAT)


def datetime_text(value: dt.datetime | None) -> str:
    """A moment to the minute (``2026-11-29 14:05``); empty for None."""
    if value is None:
        return ""
    return value.strftime(DATETIME_FORMAT)


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 card``, ``2 cards``, ``1,234 cards``, ``-1 point``: the noun agrees with the number."""
    noun = one if abs(n) == 1 else (many if many is not None else one + "s")
    return f"{n:,} {noun}"


def points(n: int, signed: bool = False) -> str:
    """``1 point``, ``250 points``; with `signed`, ``+250 points`` / ``-1 point``."""
    text = count(n, "point")
    return f"+{text}" if signed and n > 0 else text
