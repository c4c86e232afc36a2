"""Manual points adjustments: manager PIN, a reason, an audit row — always all three."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from ..domain.errors import ValidationError
from ..domain.ledger import expiry_for
from ..store.database import locked, transaction
from ..store.models import now
from . import audit, auth, cards, ledger, rules_sync

MAX_ADJUSTMENT = 1_000_000


@dataclass(frozen=True)
class AdjustmentResult:
    card: str
    points: int
    balance: int
    manager: str
    reason: str


def adjust(card_text: str, points: int, reason: str, manager_pin: str | None, manager: str | None = None,
           key: str | None = None, when: dt.datetime | None = None) -> AdjustmentResult:
    """Add (positive) or remove (negative) points by hand. Never below a zero balance."""
    if isinstance(points, bool) or not isinstance(points, int) or points == 0 or abs(points) > MAX_ADJUSTMENT:
        raise ValidationError("points", f"must be a non-zero whole number between -{MAX_ADJUSTMENT:,} and {MAX_ADJUSTMENT:,}")
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise ValidationError("reason", "a reason is required (at least 3 characters)")
    when = when or now()
    cards.get_card(card_text)  # a mistyped number is named before any PIN is tried
    who = auth.verify_manager(manager_pin, manager)
    with transaction(row_locks=True):
        card = locked(cards.get_card(card_text))
        if card.status not in ("active", "suspended"):
            raise ValidationError("card", f"{card.number} is {card.status}; adjust the customer's current card")
        ledger.expire_due(card, when)
        if card.balance + points < 0:
            raise ValidationError("points", f"removing {-points} would take the balance ({card.balance}) below zero")
        expires = None
        if points > 0:
            rules, _ = rules_sync.active_rules()
            expires = expiry_for(when, rules.settings.points_expire_after_days, rules.settings.points_expire_on)
        entry = ledger.append(card, points, "adjust", key or f"adjust:{uuid.uuid4()}", at=when, expires_at=expires, note=reason, user=who.name)
        if entry is not None:  # a retried adjustment with the same key changes nothing
            audit.record(who.name, "points.adjust", card.number, reason=reason, details={"points": points, "balance": card.balance})
    return AdjustmentResult(card.number, points, card.balance, who.name, reason)
