"""The loyalty slip as data, and its layout in receipt columns.

After a sale the till hands the customer a slip: the store, their card (masked), what the sale
earned and spent, the balance after it, coupons issued or used, points expiring soon and the
next milestone. `LoyaltySlip` holds those facts as the services read them; `slip_rows` lays
them out for a receipt of `width` columns (42 or 48 on the usual 80 mm printers) as rows of a
few kinds, so the thermal printer (ESC/POS) and the PDF print the same words. Pure: no Qt, no
database, no printer.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from ..formats import date_text, datetime_text, points
from .limits import SLIP_MAX_WIDTH, SLIP_MIN_WIDTH
from .milestones import ENGLISH, MilestoneWords
from .money import display_money

MASK = "•"
MIN_WIDTH, MAX_WIDTH = SLIP_MIN_WIDTH, SLIP_MAX_WIDTH  # 32: 58 mm paper
DEFAULT_WIDTH = 42  # 80 mm paper, font A


@dataclass(frozen=True)
class SlipWords:
    """The slip's own words. English unless the desktop app sets its language's (`use_words`,
    from ui/i18n.py); the command line always prints these."""

    title: str = "Loyalty slip"
    date: str = "Date"
    order: str = "Order"
    card: str = "Card"
    customer: str = "Customer"
    total: str = "Total"
    order_status: str = "Order status"
    partly_refunded: str = "PARTLY REFUNDED"
    refunded: str = "REFUNDED"
    cancelled: str = "CANCELLED"
    points_earned: str = "Points earned"
    when_fulfilled: str = " (when fulfilled)"
    points_spent: str = "Points spent"
    balance: str = "Balance"
    reached: str = "Reached with this sale:"
    coupons_for_you: str = "Coupons for you:"
    coupons_used: str = "Coupons used:"
    until: str = ", until {date}"
    expire_by: str = "{points} expire by {date}"
    next_milestone: str = "Next milestone:"
    thanks: str = "Thank you!"
    milestones: MilestoneWords = ENGLISH  # the milestone steps reached and the next one


_words = SlipWords()


def use_words(words: SlipWords) -> None:
    """Print every later slip with `words` (the desktop app's language)."""
    global _words
    _words = words


def words() -> SlipWords:
    """The words slips are printed with now (the services write the milestone lines with them)."""
    return _words


@dataclass(frozen=True)
class CouponLine:
    """A coupon on the slip: its code, the reward's name, until when it is valid (None: no end)."""

    code: str
    reward: str
    expires: dt.datetime | None = None


@dataclass(frozen=True)
class LoyaltySlip:
    store_name: str
    order_id: str
    at: dt.datetime
    currency: str
    total: Decimal
    card: str  # masked: •••• •••• 4303
    customer: str  # the first name; empty without one
    points_earned: int
    points_pending: bool  # earned, but added only when the order is fulfilled
    points_spent: int
    balance: int
    bonuses: tuple[str, ...] = ()  # milestone steps and triggers this sale reached ("Order milestones — 5 orders: +100 points")
    coupons_issued: tuple[CouponLine, ...] = ()
    coupons_used: tuple[CouponLine, ...] = ()
    expiring_points: int = 0
    expiring_on: dt.datetime | None = None
    next_milestones: tuple[str, ...] = ()
    status: str = "committed"  # a reprint of a refunded order says so


@dataclass(frozen=True)
class Row:
    """One row of the slip. kind: title (large, centred), centre, pair (`text` left, `value`
    right), text (wrapped), rule (a line across)."""

    kind: str
    text: str = ""
    value: str = ""


def mask_card(number: str) -> str:
    """A card number as the slip shows it: only its last four digits (``•••• •••• 4303``), so a
    slip left on the counter does not give the card away."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"{MASK * 4} {MASK * 4} {digits[-4:]}"


def first_name(name: str) -> str:
    """The customer's first name, the only part of their name a slip carries."""
    parts = name.split()
    return parts[0] if parts else ""


def check_width(width: int) -> int:
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValueError(f"a slip is {MIN_WIDTH} to {MAX_WIDTH} columns wide, not {width}")
    return width


def _status_text(status: str) -> str:
    return {"partially_refunded": _words.partly_refunded, "refunded": _words.refunded, "cancelled": _words.cancelled}.get(status, "")


def _coupon_text(coupon: CouponLine) -> str:
    until = _words.until.format(date=date_text(coupon.expires)) if coupon.expires else ""
    return f"{coupon.code} {coupon.reward}{until}"


def slip_rows(slip: LoyaltySlip) -> list[Row]:
    """The slip's content in order, before it is fitted to a width."""
    w = _words
    rows = [Row("title", slip.store_name), Row("centre", w.title), Row("rule"),
            Row("pair", w.date, datetime_text(slip.at)), Row("pair", w.order, slip.order_id),
            Row("pair", w.card, slip.card)]
    if slip.customer:
        rows.append(Row("pair", w.customer, slip.customer))
    rows.append(Row("pair", w.total, display_money(slip.total, slip.currency)))
    if status := _status_text(slip.status):
        rows.append(Row("pair", w.order_status, status))
    rows.append(Row("rule"))
    earned = points(slip.points_earned, signed=True)
    rows.append(Row("pair", w.points_earned, earned + (w.when_fulfilled if slip.points_pending and slip.points_earned else "")))
    if slip.points_spent:
        rows.append(Row("pair", w.points_spent, points(-slip.points_spent)))
    rows.append(Row("pair", w.balance, points(slip.balance)))
    if slip.bonuses:
        rows.append(Row("text", w.reached))
        rows += [Row("text", f"  {bonus}") for bonus in slip.bonuses]
    if slip.coupons_issued:
        rows.append(Row("text", w.coupons_for_you))
        rows += [Row("text", f"  {_coupon_text(c)}") for c in slip.coupons_issued]
    if slip.coupons_used:
        rows.append(Row("text", w.coupons_used))
        rows += [Row("text", f"  {_coupon_text(c)}") for c in slip.coupons_used]
    if slip.expiring_points and slip.expiring_on:
        rows.append(Row("rule"))
        rows.append(Row("text", w.expire_by.format(points=points(slip.expiring_points), date=date_text(slip.expiring_on))))
    if slip.next_milestones:
        rows.append(Row("rule"))
        rows.append(Row("text", w.next_milestone))
        rows += [Row("text", f"  {text}") for text in slip.next_milestones]
    rows += [Row("rule"), Row("centre", w.thanks)]
    return rows


def fit_row(row: Row, width: int) -> list[str]:
    """A row as lines of at most `width` characters (a title at double width: half as many).
    A pair puts its value at the right edge, or under its label when both do not fit."""
    if row.kind == "rule":
        return ["-" * width]
    if row.kind in ("title", "centre"):
        room = width // 2 if row.kind == "title" else width
        return [line.center(room).rstrip() for line in textwrap.wrap(row.text, room) or [""]]
    if row.kind == "pair":
        if len(row.text) + 1 + len(row.value) <= width:
            return [row.text + row.value.rjust(width - len(row.text))]
        return [row.text[:width], *[line.rjust(width) for line in textwrap.wrap(row.value, width)]]
    indent = len(row.text) - len(row.text.lstrip(" "))
    return textwrap.wrap(row.text.strip(), width, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2)) or [""]


def slip_lines(slip: LoyaltySlip, width: int = DEFAULT_WIDTH) -> list[str]:
    """The slip as plain text lines of `width` columns (what a receipt printer prints)."""
    check_width(width)
    return [line for row in slip_rows(slip) for line in fit_row(row, width)]
