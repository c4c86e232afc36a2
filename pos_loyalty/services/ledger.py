"""Writing to the points ledger. The only code that changes a card's balance.

Every entry carries a unique idempotency key, and the card's cached balance moves by
the same amount in the same transaction — so a replay can never count twice and the
balance always equals the sum of the ledger.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Entry, Lot, expired_lots, open_lots
from ..store.database import Prepared
from ..store.models import Card, LedgerEntry, Order, Refund, now
from . import changes


def append(card: Card, points: int, kind: str, key: str, *, at: dt.datetime | None = None, expires_at: dt.datetime | None = None,
           order: Order | None = None, refund: Refund | None = None, note: str = "", user: str = "") -> LedgerEntry | None:
    """Append one entry (call inside a transaction). Returns None when the key already exists."""
    if points == 0 or LedgerEntry.select().where(LedgerEntry.idempotency_key == key).exists():
        return None
    entry = LedgerEntry.create(card=card, points=points, kind=kind, at=at or now(), expires_at=expires_at, order=order,
                               refund=refund, idempotency_key=key, note=note, user=user)
    Card.update(balance=Card.balance + points).where(Card.id == card.id).execute()
    card.balance += points
    changes.announce("card", card.number)
    return entry


_ENTRIES = Prepared(lambda card_id: LedgerEntry.select(LedgerEntry.points, LedgerEntry.at, LedgerEntry.expires_at)
                    .where(LedgerEntry.card == card_id).order_by(LedgerEntry.at, LedgerEntry.id).tuples())


def lots(card: Card) -> tuple[list[Lot], int]:
    """The card's open lots (what is left of each earning, with its expiry) and any debt."""
    return open_lots(Entry(p, a, e) for p, a, e in _ENTRIES.rows(card.id))


def expire_due(card: Card, when: dt.datetime | None = None) -> int:
    """Write expiry entries for lots past their date (inside a transaction). Returns points expired."""
    when = when or now()
    open_, _debt = lots(card)
    due: dict[dt.datetime, int] = {}
    for lot in expired_lots(open_, when):
        assert lot.expires_at is not None
        due[lot.expires_at] = due.get(lot.expires_at, 0) + lot.points
    total = 0
    for expires_at, points in sorted(due.items()):
        if append(card, -points, "expire", f"expire:{card.id}:{expires_at.isoformat()}", at=when, note=f"expired {expires_at:%Y-%m-%d}"):
            total += points
    return total


def sum_of_ledger(card: Card) -> int:
    from peewee import fn

    return int(LedgerEntry.select(fn.COALESCE(fn.SUM(LedgerEntry.points), 0)).where(LedgerEntry.card == card).scalar())
