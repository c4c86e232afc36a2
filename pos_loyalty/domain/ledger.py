"""Replaying a card's points ledger into lots: what expires when, what is spent first.

The ledger is append-only and the balance is its sum; expiry is therefore written as
ledger entries too (by the service, from `expired_lots`). Spending takes the
soonest-expiring points first (ERPNext's rule); points without an expiry go last.
"""

from __future__ import annotations

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


def _spend_key(lot: Lot) -> tuple[bool, dt.datetime]:
    return (lot.expires_at is None, lot.expires_at or dt.datetime.max)


def open_lots(entries: Iterable[Entry]) -> tuple[list[Lot], int]:
    """Replay entries in time order. Returns the open lots and any unpaid debt (points)."""
    lots: list[Lot] = []
    debt = 0
    for entry in sorted(entries, key=lambda e: e.at):
        if entry.points > 0:
            points = entry.points
            if debt:  # a negative balance (flagged refund) is paid back first
                paid = min(debt, points)
                debt -= paid
                points -= paid
            if points:
                lots.append(Lot(points, entry.expires_at))
            continue
        need = -entry.points
        for lot in sorted(lots, key=_spend_key):
            if need == 0:
                break
            used = min(lot.points, need)
            lot.points -= used
            need -= used
        lots = [lot for lot in lots if lot.points > 0]
        debt += need
    return sorted(lots, key=_spend_key), debt


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
