"""Coupons: a reward issued onto a card (goodwill, a campaign), redeemed at checkout for no
points. A full refund of the order that used one issues it again."""

from __future__ import annotations

import datetime as dt
import secrets

from ..domain.errors import NotFound, ValidationError
from ..store.database import transaction
from ..store.models import Card, Coupon, now
from . import audit, auth, cards, changes, rules_sync

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def issue(card_text: str, reward_id: str, reason: str, manager_pin: str | None, manager: str | None = None) -> Coupon:
    """Put a coupon for `reward_id` on the card (manager PIN; audited)."""
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise ValidationError("reason", "a reason is required (at least 3 characters)")
    rules, _ = rules_sync.active_rules()
    if rules.reward(reward_id) is None:
        raise NotFound("reward", f"no reward '{reward_id}' in the active rules")
    cards.get_card(card_text)
    who = auth.verify_manager(manager_pin, manager)  # before the transaction: a wrong PIN stays counted
    with transaction():
        card = cards.get_card(card_text)
        if card.status != "active":
            raise ValidationError("card", f"{card.number} is {card.status}")
        coupon = grant(card, reward_id, source="manual", reason=reason, user=who.name)
        audit.record(who.name, "coupon.issue", card.number, reason=reason, details={"code": coupon.code, "reward": reward_id})
    return coupon


def grant(card: Card, reward_id: str, *, source: str, reason: str, user: str = "", at: dt.datetime | None = None,
          expires_at: dt.datetime | None = None) -> Coupon:
    """Put a coupon on the card inside the caller's transaction (a manager's issue, a milestone's
    free product): the one place a coupon is made."""
    code = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    coupon = Coupon.create(code=code, card=card, reward_id=reward_id, issued_at=at or now(), issued_by=user, reason=reason,
                           source=source, expires_at=expires_at)
    changes.announce("card", card.number)
    return coupon


def void_unused(coupon_id: int, reason: str, user: str = "", at: dt.datetime | None = None) -> bool:
    """Void the coupon if it is still unused (inside the caller's transaction); True when voided.
    A milestone reversed by a refund takes back its free-product coupon this way."""
    voided = (Coupon.update(status="void", voided_at=at or now(), voided_by=user, void_reason=reason)
              .where((Coupon.id == coupon_id) & (Coupon.status == "issued")).execute())
    if voided:
        changes.announce("card", Coupon.get_by_id(coupon_id).card.number)
    return bool(voided)


def of_card(card_text: str) -> list[Coupon]:
    card = cards.get_card(card_text)
    return list(Coupon.select().where(Coupon.card == card).order_by(Coupon.issued_at.desc()))
