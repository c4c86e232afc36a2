"""How dates, counts and points read to a person — in the app, the CLI's text output and
printed material alike. One place, so a receipt, a screen and a terminal never disagree
("1 point", not "1 points"; 2026-11-29 14:05 everywhere). JSON output is not formatted
here: it carries ISO 8601 and plain numbers for machines.

The desktop app writes them in its language's way (``29/11/2026``, ``1.234 puntos``) by
calling `use_style` once at start (ui/i18n.py reads the conventions from Qt's locale); the
CLI never calls it and keeps the defaults below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .domain.money import MoneyStyle, set_money_style

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Style:
    """A language's ways with dates and numbers; the default is the app's English look."""

    date_format: str = DATE_FORMAT  # strftime pattern, e.g. "%d/%m/%Y"
    time_format: str = "%H:%M"
    decimal: str = "."
    group: str = ","
    symbol_after: bool = False  # the currency symbol after the amount: "2,80 €"
    point: str = "point"  # the unit `points` writes, in the app's language
    points: str = "points"


_style = Style()


def use_style(style: Style) -> None:
    """Write every later date, count and amount (`domain.money.display_money`) in `style`."""
    global _style
    _style = style
    set_money_style(MoneyStyle(style.decimal, style.group, style.symbol_after))


def style() -> Style:
    return _style


def grouped(text: str) -> str:
    """A number written the English way (``1,234.5``) with the style's separators (``1.234,5``)."""
    if (_style.decimal, _style.group) == (".", ","):
        return text
    return text.translate(str.maketrans({",": _style.group, ".": _style.decimal}))


def number(n: int, signed: bool = False) -> str:
    """A whole number with the style's thousands separator: ``1,234`` / ``1.234``; with
    `signed`, ``+1,234`` for a positive one."""
    return grouped(f"{n:+,}" if signed else f"{n:,}")


def number_text(text: str) -> str:
    """A plain decimal written with the style's decimal mark: ``0.00`` → ``0,00`` in Spanish."""
    return grouped(text)


def money_input(text: str) -> str:
    """A typed amount as `domain.money.parse_money` reads it: in a language that writes a
    decimal comma, ``2,80`` → ``2.80`` and ``1.234,50`` → ``1234.50``; a point still works
    (``2.80``: a scanner or a habit). Anything else is left as typed, for parse_money to refuse
    with its message."""
    text = text.strip()
    if _style.decimal != "," or "," not in text:
        return text
    whole, _, fraction = text.rpartition(",")
    if "," in whole or "." in fraction:
        return text
    if _style.group and _style.group != ",":
        whole = whole.replace(_style.group, "")
    read = f"{whole}.{fraction}"
    return read if re.fullmatch(r"[+-]?\d*\.\d*", read) else text  # "2,8x" is refused as the cashier typed it


def date_text(value: dt.date | dt.datetime | None) -> str:
    """A date as people read it here (``2026-11-29``); empty for None."""
    if value is None:
        return ""
    return value.strftime(_style.date_format)


def datetime_text(value: dt.datetime | None) -> str:
    """A moment to the minute (``2026-11-29 14:05``); empty for None."""
    if value is None:
        return ""
    return value.strftime(f"{_style.date_format} {_style.time_format}")


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 card``, ``2 cards``, ``1,234 cards``, ``-1 point``: the noun agrees with the number."""
    noun = one if abs(n) == 1 else (many if many is not None else one + "s")
    return f"{number(n)} {noun}"


def points(n: int, signed: bool = False) -> str:
    """``1 point``, ``250 points``; with `signed`, ``+250 points`` / ``-1 point``."""
    text = count(n, _style.point, _style.points)
    return f"+{text}" if signed and n > 0 else text
