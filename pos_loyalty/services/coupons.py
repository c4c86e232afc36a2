"""Coupons: a reward put on a card (a manager's goodwill, a milestone's free product), taken
at a later checkout for no points, once.

* `issue` — a manager puts one on a card: PIN, reason, audited, an optional expiry.
* `void` — a manager takes an unused one back: PIN, reason, audited.
* `of_card` — a card's coupons with the state a person sees (issued, redeemed on order X,
  void by whom and why, expired).
* `grant` / `void_unused` — the same two writes inside a caller's transaction (milestones).

Expiry is never written: an issued coupon is expired when the moment asked about — the order's
time at checkout — is past `expires_at` (`domain.coupons.state_at`).

A full refund or cancellation of the order that used a coupon puts it back on the card as it
was, with its original expiry (`services.refunds`): the customer gets back what they had. If
that expiry passed meanwhile, the coupon comes back expired and cannot be used again; a
manager who wants to be generous issues a new one, with a reason, like any goodwill.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any, Iterable

from peewee import JOIN

from ..domain import coupons as rules_of_coupons
from ..domain.errors import LoyaltyError, NotFound, ValidationError
from ..domain.limits import MAX_LENGTH
from ..store.database import transaction
from ..store.models import Card, Coupon, Order, now
from ..store.statements import insert_one
from . import audit, auth, cards, changes, rules_sync

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@dataclass(frozen=True)
class CouponView:
    """One coupon as a person sees it at `of_card`'s moment."""

    code: str
    card: str
    reward_id: str
    reward_name: str
    state: str  # issued | redeemed | void | expired
    source: str  # manual | milestone
    issued_at: dt.datetime
    issued_by: str
    reason: str
    expires_at: dt.datetime | None
    order_id: str | None  # the order that used it (redeemed)
    voided_at: dt.datetime | None
    voided_by: str
    void_reason: str


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise ValidationError("reason", "a reason is required (at least 3 characters)")
    if len(reason) > 200:
        raise ValidationError("reason", "is longer than 200 characters")
    return reason


def rewards_for_coupons() -> list[tuple[str, str]]:
    """(id, name) of the active rules' rewards a coupon can pay for: every discount and product
    reward (a points reward turns points into money, so a coupon for it would mean nothing)."""
    rules, _ = rules_sync.active_rules()
    return [(r.id, r.name) for r in rules.rewards if r.type != "points"]


def issue(card_text: str, reward_id: str, reason: str, manager_pin: str | None, manager: str | None = None,
          expires_at: dt.date | dt.datetime | None = None, valid_days: int | None = None) -> Coupon:
    """Put a coupon for `reward_id` on the card (manager PIN; audited). `expires_at` (a date: the
    coupon is valid to the end of that day) or `valid_days` (from today) sets an expiry; with
    neither the coupon never expires. Everything is checked before the PIN is asked for."""
    reason = _reason(reason)
    rules, _ = rules_sync.active_rules()
    reward = rules.reward(reward_id)
    if reward is None:
        raise NotFound("reward", f"no reward '{reward_id}' in the active rules")
    if reward.type == "points":
        raise ValidationError("reward", f"'{reward_id}' converts points to money: a coupon cannot pay for it")
    expires = rules_of_coupons.expiry(now().date(), expires_at, valid_days)
    card = cards.get_card(card_text)
    if card.status != "active":
        raise ValidationError("card", f"{card.number} is {card.status}")
    who = auth.verify_manager(manager_pin, manager)  # before the transaction: a wrong PIN stays counted
    with transaction():
        card = cards.get_card(card_text)
        if card.status != "active":
            raise ValidationError("card", f"{card.number} is {card.status}")
        coupon = grant(card, reward_id, source="manual", reason=reason, user=who.name, expires_at=expires)
        details = {"code": coupon.code, "reward": reward_id, "expires_at": expires.isoformat(timespec="seconds") if expires else None}
        audit.record(who.name, "coupon.issue", card.number, reason=reason, details=details)
    return coupon


def grant(card: Card, reward_id: str, *, source: str, reason: str, user: str = "", at: dt.datetime | None = None,
          expires_at: dt.datetime | None = None) -> Coupon:
    """Put a coupon on the card inside the caller's transaction (a manager's issue, a milestone's
    free product): the one place a coupon is made."""
    code = _new_code()
    values = (code, card.id, reward_id, "issued", at or now(), user, reason, source, expires_at, "", "")
    coupon_id = insert_one(Coupon, _GRANT_FIELDS, values)  # on a sale's path (milestones, triggers): its SQL written once
    changes.announce("card", card.number)
    return Coupon(id=coupon_id, **{field.name: value for field, value in zip(_GRANT_FIELDS, values)})


def _new_code() -> str:
    """Ten random characters of `_ALPHABET` (32 of them: five random bits each, all drawn at once
    — the same odds as ten separate draws, in a tenth of the time on a sale that issues coupons)."""
    bits = secrets.randbits(50)
    return "".join(_ALPHABET[(bits >> shift) & 31] for shift in range(0, 50, 5))


_GRANT_FIELDS = (Coupon.code, Coupon.card, Coupon.reward_id, Coupon.status, Coupon.issued_at, Coupon.issued_by, Coupon.reason,
                 Coupon.source, Coupon.expires_at, Coupon.voided_by, Coupon.void_reason)


def give_back(order: Order, at: dt.datetime, user: str = "") -> None:
    """A refund that completes `order` gives back the coupons it used (inside the refund's
    transaction) — except one whose milestone step or trigger firing a refund has taken back
    meanwhile: that one is void, or the customer would hold a reward they no longer qualify for."""
    from ..store.models import MilestoneAward, TriggerLog

    for coupon in Coupon.select(Coupon.id).where(Coupon.redeemed_order == order):
        taken_back = (MilestoneAward.select().where((MilestoneAward.coupon == coupon.id) & (MilestoneAward.status == "reversed")).exists()
                      or TriggerLog.select().where((TriggerLog.coupon == coupon.id) & TriggerLog.revoked_at.is_null(False)).exists())
        if taken_back:
            Coupon.update(status="void", redeemed_order=None, voided_at=at, voided_by=user,
                          void_reason="refund: the milestone or trigger that gave it was taken back").where(Coupon.id == coupon.id).execute()
        else:
            Coupon.update(status="issued", redeemed_order=None).where(Coupon.id == coupon.id).execute()


def void_unused(coupon_id: int, reason: str, user: str = "", at: dt.datetime | None = None) -> bool:
    """Void the coupon if it is still unused (inside the caller's transaction); True when voided.
    A milestone reversed by a refund takes back its free-product coupon this way."""
    voided = (Coupon.update(status="void", voided_at=at or now(), voided_by=user, void_reason=reason)
              .where((Coupon.id == coupon_id) & (Coupon.status == "issued")).execute())
    if voided:
        changes.announce("card", Coupon.get_by_id(coupon_id).card.number)
    return bool(voided)


def find(code: str) -> Coupon:
    """The coupon with this code (as printed or typed: case and spaces do not matter)."""
    text = "".join((code or "").split()).upper()
    if not text:
        raise ValidationError("code", "a coupon code is required")
    coupon = Coupon.get_or_none(Coupon.code == text) if len(text) <= MAX_LENGTH["coupon"] else None
    if coupon is None:
        raise NotFound("code", f"no coupon {text}")
    return coupon


def _refuse_unless_issued(coupon: Coupon) -> None:
    if coupon.status == "redeemed":
        order = Order.get_by_id(coupon.redeemed_order_id)
        raise ValidationError("code", f"{coupon.code} was already used on order {order.order_id}")
    if coupon.status == "void":
        raise ValidationError("code", f"{coupon.code} is already void")


def void(code: str, reason: str, manager_pin: str | None, manager: str | None = None) -> Coupon:
    """Take back an unused coupon (manager PIN, reason; audited as ``coupon.void``). A coupon
    already used, or already void, is refused and nothing changes. An expired one can be voided
    (it tidies the list). Milestone coupons are voided the same way."""
    reason = _reason(reason)
    coupon = find(code)
    _refuse_unless_issued(coupon)
    who = auth.verify_manager(manager_pin, manager)  # before the transaction: a wrong PIN stays counted
    with transaction():
        if not void_unused(coupon.id, reason, user=who.name):  # used or voided at another till meanwhile
            _refuse_unless_issued(Coupon.get_by_id(coupon.id))
        coupon = Coupon.get_by_id(coupon.id)
        audit.record(who.name, "coupon.void", coupon.card.number, reason=reason,
                     details={"code": coupon.code, "reward": coupon.reward_id, "source": coupon.source})
    return coupon


def of_card(card_text: str, at: dt.datetime | None = None, limit: int | None = None) -> list[CouponView]:
    """The card's coupons, newest first, each in the state it has at `at` (default: now); with
    `limit`, the newest that many (the card detail: a card can gather thousands over years)."""
    card = cards.get_card(card_text)
    rows = _rows(Coupon.card == card).order_by(Coupon.issued_at.desc(), Coupon.id.desc())  # the (card, issued at) index, read backwards
    return _views(rows if limit is None else rows.limit(limit), at)


EXPIRED_AT_CHECKOUT = 3  # the coupons that expired last, listed greyed at the checkout saying why


@dataclass(frozen=True)
class CheckoutCoupon:
    """A coupon the checkout offers: the one of its reward a sale would use, and whether the card
    holds more open coupons for that reward (a sale takes one; the next sale offers the next)."""

    coupon: CouponView
    more: bool = False


def at_checkout(card_text: str, at: dt.datetime | None = None) -> list[CheckoutCoupon]:
    """What the checkout lists with the rewards: for each reward the card holds coupons open at
    `at` for (issued, not past their date), the one a sale would use — the soonest to expire,
    else the oldest without a date — the soonest to expire first; then the few that expired last
    (`EXPIRED_AT_CHECKOUT`: a customer holding one hears why it no longer works).

    A sale takes one coupon per reward (`Engine.quote`), so one per reward is all a cashier can
    use: listing every open coupon cost 1.6 s on each change to the basket for a card holding
    16,000. Every read is the first entries of a range of the (card, state, reward, expiry) or
    (card, state, expiry) index (migrations 0023, 0024): a card with thousands of coupons, open,
    used or long expired, costs what a new one does — the checkout asks on every change."""
    at = at or now()
    card = cards.get_card(card_text)
    issued = (Coupon.card == card) & (Coupon.status == "issued")
    picked: list[tuple[Coupon, bool]] = []  # (the one a sale would use, whether more wait)
    for reward_id in _rewards_with_issued(issued):
        mine = issued & (Coupon.reward_id == reward_id)
        # dated ones first (soonest first), then those without a date (oldest first): two ranges
        # of the index, the first two entries of each tell the one to use and whether more wait
        found = list(_rows(mine & (Coupon.expires_at >= at)).order_by(Coupon.expires_at, Coupon.id).limit(2))
        found += list(_rows(mine & Coupon.expires_at.is_null()).order_by(Coupon.id).limit(2))
        if found:
            picked.append((found[0], len(found) > 1))
    picked.sort(key=lambda p: (p[0].expires_at is None, p[0].expires_at or at, p[0].issued_at))
    expired_last = list(_rows(issued & (Coupon.expires_at < at)).order_by(Coupon.expires_at.desc(), Coupon.id.desc()).limit(EXPIRED_AT_CHECKOUT))
    views = _views([row for row, _more in picked] + expired_last, at)
    return [CheckoutCoupon(view, more) for view, (_row, more) in zip(views, picked)] + [CheckoutCoupon(view) for view in views[len(picked):]]


def _rewards_with_issued(issued: object) -> list[str]:
    """The rewards the card holds issued coupons for, one index seek each (past the last one
    found): however many coupons of a reward it holds, one step."""
    rewards: list[str] = []
    while True:
        query = Coupon.select(Coupon.reward_id).where(issued & (Coupon.reward_id > rewards[-1]) if rewards else issued)
        found = query.order_by(Coupon.reward_id).limit(1).scalar()
        if found is None:
            return rewards
        rewards.append(found)


def view(code: str, at: dt.datetime | None = None) -> CouponView:
    """One coupon, by its code, in the state it has at `at` (default: now)."""
    return _views(_rows(Coupon.id == find(code).id), at)[0]


def _rows(where: object) -> Any:
    """The coupons `where` says, each with the order it was used on and its card's number."""
    return (Coupon.select(Coupon, Order.order_id.alias("used_on"), Card.number.alias("card_number"))
            .join(Order, JOIN.LEFT_OUTER, on=(Coupon.redeemed_order == Order.id)).switch(Coupon).join(Card, on=(Coupon.card == Card.id))
            .where(where).objects())


def _views(rows: Iterable[Coupon], at: dt.datetime | None) -> list[CouponView]:
    """The coupons (`_rows`) as the screens show them, each in its state at `at`."""
    at = at or now()
    try:
        rules, _ = rules_sync.active_rules()
    except LoyaltyError:  # no rules yet: the reward's id stands for its name
        rules = None
    views = []
    for c in rows:
        reward = rules.reward(c.reward_id) if rules is not None else None
        views.append(CouponView(c.code, c.card_number, c.reward_id, reward.name if reward else c.reward_id,
                                rules_of_coupons.state_at(c.status, c.expires_at, at), c.source, c.issued_at, c.issued_by, c.reason,
                                c.expires_at, c.used_on, c.voided_at, c.voided_by, c.void_reason))
    return views
