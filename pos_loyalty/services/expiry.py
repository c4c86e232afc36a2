"""The expiry sweep: write expiry entries for every card with points past their date.

Cards are also expired one by one when scanned and before each commit, so the sweep
is for reports and for cards nobody scans; it is safe to run at any time, any number
of times (each expiry entry has a unique key).
"""

from __future__ import annotations

import datetime as dt

from ..store.database import locked, transaction
from ..store.models import Card, CardLot, now
from . import ledger


def sweep(when: dt.datetime | None = None) -> dict[str, int]:
    when = when or now()
    # The cards with a lot past its date, by the lots' expiry index (not the whole ledger).
    due = Card.select().where(Card.id.in_(CardLot.select(CardLot.card).where(CardLot.expires_at <= when)))
    expired: dict[str, int] = {}
    for card in due:
        with transaction(row_locks=True):  # one card per short transaction: a sale never waits for the sweep
            points = ledger.expire_due(locked(card), when)
        if points:
            expired[card.number] = points
    return expired
