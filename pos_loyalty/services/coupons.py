"""Coupons: a reward issued onto a card (goodwill, a campaign), redeemed at checkout for no
points. A full refund of the order that used one issues it again."""

from __future__ import annotations

import secrets

from ..domain.errors import NotFound, ValidationError
from ..store.database import transaction
from ..store.models import Coupon, now
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
        code = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        coupon = Coupon.create(code=code, card=card, reward_id=reward_id, issued_at=now(), issued_by=who.name, reason=reason)
        changes.announce("card", card.number)
        audit.record(who.name, "coupon.issue", card.number, reason=reason, details={"code": code, "reward": reward_id})
    return coupon


def of_card(card_text: str) -> list[Coupon]:
    card = cards.get_card(card_text)
    return list(Coupon.select().where(Coupon.card == card).order_by(Coupon.issued_at.desc()))
