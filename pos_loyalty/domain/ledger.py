"""Replaying a card's points ledger into lots: what expires when, what is spent first.

The ledger is append-only and the balance is its sum; expiry is therefore written as
ledger entries too (by the service, from `expired_lots`). Spending takes the
soonest-expiring points first (ERPNext's rule); points without an expiry go last; among
lots of the same expiry, the oldest first.

The store keeps each card's open lots up to date entry by entry (`apply`), in the order the
entries were written; `open_lots` replays a whole ledger the same way and is what the
stored lots are checked against. Written order, not `at` order: a sale replayed offline
with an earlier `at` spends from the lots that were open when it was written, as it did.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Entry:
    points: int
    at: dt.datetime
    expires_at: dt.datetime | None = None


@dataclass
class Lot:
    points: int
    expires_at: dt.datetime | None
    entry_id: int | None = None  # the ledger entry that opened it, when known


def spend_key(expires_at: dt.datetime | None) -> tuple[bool, dt.datetime]:
    """Spending order: soonest expiry first, never-expiring last."""
    return (expires_at is None, expires_at or dt.datetime.max)


def _spend_key(lot: Lot) -> tuple[bool, dt.datetime]:
    return spend_key(lot.expires_at)


@dataclass(frozen=True)
class Change:
    """What one entry does to a card's lots: points taken from existing lots (by position in
    spending order), a new lot opened, and the debt after it."""

    taken: tuple[tuple[int, int], ...]  # (index in spending order, points taken)
    opened: int  # points of the new lot (0: none)
    debt: int


def plan_entry(lots_in_spend_order: list[Lot], debt: int, points: int) -> Change:
    """What appending an entry of `points` does, given the card's open lots in spending order
    and its debt. A positive entry pays any debt (a flagged negative refund) first, and the
    rest opens a lot; a negative entry takes from the lots in spending order, and what they
    cannot cover becomes debt."""
    if points > 0:
        paid = min(debt, points)
        return Change((), points - paid, debt - paid)
    need = -points
    taken = []
    for index, lot in enumerate(lots_in_spend_order):
        if need == 0:
            break
        used = min(lot.points, need)
        if used:
            taken.append((index, used))
            need -= used
    return Change(tuple(taken), 0, debt + need)


def apply(lots: list[Lot], debt: int, points: int, expires_at: dt.datetime | None, entry_id: int | None = None) -> int:
    """Apply one entry to `lots` (kept in spending order, changed in place); returns the debt.
    Spending takes from the front and a new lot is put in its place by binary search, so a
    replay stays linear however many lots a card holds."""
    change = plan_entry(lots, debt, points) if points > 0 else None
    if change is not None:
        if change.opened:
            lot = Lot(change.opened, expires_at, entry_id)
            lots.insert(bisect.bisect_right(lots, _spend_key(lot), key=_spend_key), lot)
        return change.debt
    need = -points
    used_up = 0
    for lot in lots:
        if need == 0:
            break
        used = min(lot.points, need)
        lot.points -= used
        need -= used
        if lot.points == 0:
            used_up += 1
    del lots[:used_up]
    return debt + need


def open_lots(entries: Iterable[Entry]) -> tuple[list[Lot], int]:
    """Replay entries in the order written. Returns the open lots (spending order) and any
    unpaid debt (points)."""
    lots: list[Lot] = []
    debt = 0
    for entry in entries:
        debt = apply(lots, debt, entry.points, entry.expires_at)
    return lots, debt


def by_expiry(lots: Iterable[Lot]) -> dict[dt.datetime | None, int]:
    """Points per expiry date: how lots compare, whether stored one per entry or merged."""
    totals: dict[dt.datetime | None, int] = {}
    for lot in lots:
        if lot.points:
            totals[lot.expires_at] = totals.get(lot.expires_at, 0) + lot.points
    return totals


def expired_lots(lots: list[Lot], now: dt.datetime) -> list[Lot]:
    return [lot for lot in lots if lot.expires_at is not None and lot.expires_at <= now]


def expiring_within(lots: list[Lot], now: dt.datetime, days: int) -> list[Lot]:
    """Lots still valid now that expire within `days` — shown to the cashier as 'expiring soon'."""
    limit = now + dt.timedelta(days=days)
    return [lot for lot in lots if lot.expires_at is not None and now < lot.expires_at <= limit]


def expiry_for(earned_at: dt.datetime, after_days: int | None, on_date: dt.date | None) -> dt.datetime | None:
    """When points earned at `earned_at` expire under the store settings (None: never)."""
    if after_days:
        return earned_at + dt.timedelta(days=after_days)
    if on_date:
        return dt.datetime.combine(on_date, dt.time.max)
    return None


def already_expired(earned_at: dt.datetime, after_days: int | None, on_date: dt.date | None) -> bool:
    """Whether points earned at `earned_at` would be past their expiry the moment they land
    (an order replayed after the programme's fixed expiry date): such points are not awarded."""
    expires = expiry_for(earned_at, after_days, on_date)
    return expires is not None and expires <= earned_at
