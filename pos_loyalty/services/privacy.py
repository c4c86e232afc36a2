"""A customer's own data: everything the store holds about them, on request (access), and
erasing their personal details when they ask to be forgotten (erasure) — GDPR articles 15
and 17, as a store meets them.

Access (`customer_data`, `export_customer_data`): their profile, cards, orders (lines,
rewards, refunds), points ledger, coupons, actions, milestone steps, trigger firings, the
e-mails sent or queued to them and the audit rows about them, as one JSON document.

Erasure (`forget`): what identifies the person goes; what the store must keep for its
accounts stays.

- Goes: name (the record becomes "Forgotten customer #ID"), phone, e-mail, birthday,
  marketing consent, their search words (no search by the old name, phone or e-mail finds
  them), every e-mail to them (address and text; one not sent yet is blocked, never sent),
  and every quote of their details in free text (store/erasure.py): audit reasons, ledger
  notes, coupon and action notes, sync exceptions.
- Stays: the customer row (anonymous), their orders, refunds and the points ledger — the
  sums, card balances and every report are exactly as before — and the card numbers, which
  identify no one once the name is gone. The audit log keeps that a forget happened, when, by
  which manager and why (the reason itself scrubbed of their details).
- Their cards are suspended: nothing more is earned or spent on them, so no new personal
  history starts under an anonymous record. The points stay on the ledger (a store's books
  cannot lose a liability silently) and expire by the programme's rules as any points do; a
  manager who is shown the card later can reactivate it as an anonymous card.

It cannot be undone, needs a manager's PIN and a reason, and forgetting a customer already
forgotten changes nothing. On an attached till the anonymised row travels to the hub like any
customer edit, and a forgotten customer is never brought back by an older copy from another
till (store/replication.py); each database erases the other traces when the forget reaches it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from peewee import fn

from ..domain import card_numbers, money, names, personal
from ..domain.errors import NotFound, ValidationError
from ..domain.limits import check_text
from ..store import erasure
from ..store.database import transaction
from ..store.models import (Activity, AuditLog, Card, Coupon, Customer, LedgerEntry, Message, MilestoneAward, Order, OrderLine,
                            OrderReward, Refund, RefundLine, TriggerLog, db, now)
from . import audit, auth, changes, customers, settings, sync
from .exports import write_atomically

FORMAT = "pos-loyalty customer data 1"
FORGOTTEN_NAME = "Forgotten customer #{id}"


# -- which customer -----------------------------------------------------------------------

def find_customer(text: str) -> Customer:
    """The customer a manager names: ``#12`` (the customer's id, as the commands' answers and a
    forgotten customer's name show it) or the number of any of their cards, as scanned."""
    value = (text or "").strip()
    if not value:
        raise ValidationError("customer", "give a card number of the customer, or #ID")
    if value.startswith("#"):
        if not value[1:].isascii() or not value[1:].isdigit() or len(value) > 12:
            raise ValidationError("customer", f"'{value}' is not a customer id such as #12")
        customer = Customer.get_or_none(Customer.id == int(value[1:]))
        if customer is None:
            raise NotFound("customer", f"no customer {value}")
        return customer
    number = card_numbers.validate(value, "customer")
    card = Card.get_or_none(Card.number == number)
    if card is None:
        raise NotFound("customer", f"{number} is not a card of this store")
    if card.customer_id is None:
        raise NotFound("customer", f"card {number} has not been given to a customer")
    return Customer.get_by_id(card.customer_id)


# -- access ---------------------------------------------------------------------------------

def _text(value: Any) -> Any:
    """A value as JSON holds it: dates ISO, money as exact text."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(**values: Any) -> dict[str, Any]:
    return {key: _text(value) for key, value in values.items()}


def _money(value: Decimal | None, currency: str) -> str | None:
    """An amount with its currency's minor unit, as receipts show it ("20.00", not "20.0000")."""
    if value is None:
        return None
    return str(value.quantize(Decimal(1).scaleb(-money.minor_units(currency))))


def customer_data(customer_id: int) -> dict[str, Any]:
    """Everything the store holds about one customer, as plain JSON-ready values (read-only)."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound("customer", f"no customer {customer_id}")
    card_rows = list(Card.select().where(Card.customer == customer_id).order_by(Card.id))
    numbers = {c.id: c.number for c in card_rows}
    card_ids = list(numbers)
    orders = list(Order.select().where(Order.customer == customer_id).order_by(Order.at, Order.id))
    order_ids = {o.id: o.order_id for o in orders}
    currency = {o.id: o.currency for o in orders}
    lines: dict[int, list[dict[str, Any]]] = {}
    for line in OrderLine.select().where(OrderLine.order.in_(list(order_ids) or [0])).order_by(OrderLine.order, OrderLine.position):
        lines.setdefault(line.order_id, []).append(_row(position=line.position, sku=line.sku, name=line.name, quantity=line.quantity,
                                                         unit_price=_money(line.unit_price, currency[line.order_id]),
                                                         line_total=_money(line.line_total, currency[line.order_id]), reward=line.reward_id))
    coupon_codes = dict(Coupon.select(Coupon.id, Coupon.code).where(Coupon.card.in_(card_ids or [0])).tuples())
    rewards: dict[int, list[dict[str, Any]]] = {}
    for r in OrderReward.select().where(OrderReward.order.in_(list(order_ids) or [0])).order_by(OrderReward.id):
        rewards.setdefault(r.order_id, []).append(_row(reward=r.reward_id, kind=r.kind, points_cost=r.points_cost, money_off=_money(r.money_off, currency[r.order_id]),
                                                       coupon=coupon_codes.get(r.coupon_id)))
    refunds: dict[int, list[dict[str, Any]]] = {}
    for refund in Refund.select().where(Refund.order.in_(list(order_ids) or [0])).order_by(Refund.at, Refund.id):
        refund_lines = [_row(position=rl.position, quantity=rl.quantity)
                        for rl in RefundLine.select().where(RefundLine.refund == refund.id).order_by(RefundLine.position)]
        refunds.setdefault(refund.order_id, []).append(_row(refund_id=refund.refund_id, at=refund.at, kind=refund.kind,
                                                            amount=_money(refund.amount, currency[refund.order_id]),
                                                            points_reversed=refund.points_reversed, points_returned=refund.points_returned,
                                                            lines=refund_lines))
    birthday = f"{customer.birth_month:02d}-{customer.birth_day:02d}" if customer.birth_month and customer.birth_day else None
    audit_targets = [*numbers.values(), str(customer_id), *order_ids.values()]
    return {
        "format": FORMAT,
        "store": settings.get("store_name"),
        "generated_at": _text(now().replace(microsecond=0)),
        "customer": _row(id=customer.id, name=customer.name, phone=customer.phone, email=customer.email,
                         marketing_opt_in=bool(customer.marketing_opt_in), birthday=birthday, enrolled_at=customer.created_at,
                         forgotten_at=customer.forgotten_at),
        "cards": [_row(number=c.number, status=c.status, balance=c.balance, assigned_at=c.assigned_at,
                       replaced_by=numbers.get(c.replaced_by_id) or (Card.get_by_id(c.replaced_by_id).number if c.replaced_by_id else None))
                  for c in card_rows],
        "orders": [_row(order_id=o.order_id, card=numbers.get(o.card_id), at=o.at, status=o.status, currency=o.currency,
                        **{name: _money(getattr(o, name), o.currency) for name in ("subtotal", "discount", "rewards_off", "tax", "shipping", "shipping_off", "total")},
                        points_earned=o.points_earned, points_spent=o.points_spent, lines=lines.get(o.id, []), rewards=rewards.get(o.id, []),
                        refunds=refunds.get(o.id, []))
                   for o in orders],
        "ledger": [_row(card=numbers.get(e.card_id), at=e.at, kind=e.kind, points=e.points, expires_at=e.expires_at,
                        order=order_ids.get(e.order_id) if e.order_id else None, note=e.note)
                   for e in LedgerEntry.select().where(LedgerEntry.card.in_(card_ids or [0])).order_by(LedgerEntry.at, LedgerEntry.id)],
        "coupons": [_row(code=c.code, card=numbers.get(c.card_id), reward=c.reward_id, status=c.status, source=c.source, issued_at=c.issued_at,
                         expires_at=c.expires_at, reason=c.reason, redeemed_on=Order.get_by_id(c.redeemed_order_id).order_id if c.redeemed_order_id else None,
                         voided_at=c.voided_at, void_reason=c.void_reason)
                    for c in Coupon.select().where(Coupon.card.in_(card_ids or [0])).order_by(Coupon.issued_at, Coupon.id)],
        "actions": [_row(kind=a.kind, action=a.action_id, card=numbers.get(a.card_id), at=a.at, points=a.points, note=a.note)
                    for a in Activity.select().where(Activity.customer == customer_id).order_by(Activity.at, Activity.id)],
        "milestones": [_row(rule=m.rule_id, requirement=m.requirement, status=m.status, points=m.points, coupon=coupon_codes.get(m.coupon_id),
                            times=m.times, awarded_at=m.awarded_at, reversed_at=m.reversed_at)
                       for m in MilestoneAward.select().where(MilestoneAward.customer == customer_id).order_by(MilestoneAward.id)],
        "triggers": [_row(trigger=t.trigger_id, name=t.trigger_name, card=numbers.get(t.card_id), order=order_ids.get(t.order_id) if t.order_id else None,
                          step=t.step, status=t.status, reason=t.reason, coupon=coupon_codes.get(t.coupon_id), points=t.points, at=t.at,
                          sent_at=t.sent_at, revoked_at=t.revoked_at)
                     for t in TriggerLog.select().where(TriggerLog.customer == customer_id).order_by(TriggerLog.at, TriggerLog.id)],
        "messages": [_row(to=m.to_address, subject=m.subject, text=m.body_text, status=m.status, queued_at=m.created_at, sent_at=m.sent_at)
                     for m in Message.select().where((Message.customer == customer_id) | Message.card.in_(card_ids or [0])).order_by(Message.id)],
        "audit": [_row(at=a.at, user=a.user, action=a.action, target=a.target, reason=a.reason)
                  for a in AuditLog.select().where(AuditLog.target.in_(audit_targets)).order_by(AuditLog.at, AuditLog.id)
                  if a.action.startswith(("customer.", "customers.")) or a.target != str(customer_id)],
    }


@dataclass(frozen=True)
class AccessResult:
    path: Path
    customer_id: int
    records: int  # the rows of every kind the file holds, the profile not counted


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """The customer's data as indented JSON, written whole or not at all (0600: personal data)."""
    def write(stream: TextIO) -> None:
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    write_atomically(path, write, "out")


def export_customer_data(customer: str | int, out: str | Path, user: str = "", *, manager_pin: str | None,
                         manager: str | None = None) -> AccessResult:
    """A customer's data (`customer_data`) to the JSON file `out`, for a request of access: a
    manager's PIN allows it, and the audit log names who, for which customer and where."""
    from .printing import check_output  # not at import: it brings the PDF and barcode libraries, which the card detail does not need

    path = check_output(out, ".json", "out")
    who = auth.verify_manager(manager_pin, manager)
    found = Customer.get_or_none(Customer.id == customer) if isinstance(customer, int) else find_customer(customer)
    if found is None:
        raise NotFound("customer", f"no customer #{customer}")
    data = customer_data(found.id)
    _write_json(path, data)
    records = sum(len(v) for v in data.values() if isinstance(v, list))
    with transaction():
        audit.record(who.name, "customers.access", str(found.id), details={"file": str(path), "records": records, "operator": user or who.name})
    return AccessResult(path, found.id, records)


# -- erasure --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ForgetResult:
    customer_id: int
    name: str  # the anonymous name the record now has
    already: bool  # it had been forgotten before: nothing changed
    forgotten_at: dt.datetime
    cards_suspended: tuple[str, ...] = ()
    messages_blocked: int = 0
    texts_erased: int = 0


def is_forgotten(customer_id: int) -> bool:
    """Whether the customer asked to be forgotten (the card detail offers no second forget)."""
    return Customer.select().where((Customer.id == customer_id) & Customer.forgotten_at.is_null(False)).exists()


def forget(customer: str | int, reason: str, user: str = "", *, manager_pin: str | None, manager: str | None = None,
           when: dt.datetime | None = None) -> ForgetResult:
    """Erase a customer's personal details for good (see the module's docstring); a manager's
    PIN and a reason are required. A customer already forgotten: nothing changes."""
    why = " ".join((reason or "").split())
    if len(why) < 3:
        raise ValidationError("reason", "a reason is required (at least 3 characters), e.g. 'customer's request by e-mail of 2 May'")
    check_text("reason", why)
    found = Customer.get_or_none(Customer.id == customer) if isinstance(customer, int) else find_customer(customer)
    if found is None:
        raise NotFound("customer", f"no customer #{customer}")
    who = auth.verify_manager(manager_pin, manager)
    moment = when or now()
    with erasure.overwriting_freed_space(db.obj), transaction():
        row = Customer.get_by_id(found.id)  # read again inside: another forget may have come first
        if row.forgotten_at is not None:
            return ForgetResult(row.id, row.name, True, row.forgotten_at)
        people = [row, *_merged_into(row)]
        country = settings.get("country")
        needles = sorted({n for p in people for n in personal.needles(p.name, p.phone, p.email, country)}, key=lambda n: (-len(n), n))
        for person in people:
            _anonymise(person.id, moment)
        active = [c.number for c in Card.select(Card.number).where((Card.customer == row.id) & (Card.status == "active")).order_by(Card.id)]
        if active:
            Card.update(status="suspended").where(Card.number.in_(active)).execute()
        blocked, texts = 0, 0
        for person in people:
            erased = erasure.erase_traces(db.obj, person.id, needles)
            blocked, texts = blocked + erased.messages_blocked, texts + erased.texts
        every = [c.number for c in Card.select(Card.number).where(Card.customer == row.id).order_by(Card.id)]
        audit.record(who.name, "customer.forget", str(row.id), reason=personal.scrub(why, needles),
                     details={"customer": sync.global_id("customer", row.id), "cards": every, "cards_suspended": active,
                              "merged_records": [sync.global_id("customer", p.id) for p in people[1:]], "messages_blocked": blocked,
                              "texts_erased": texts, "operator": user or who.name})
        changes.announce("customer", *[p.id for p in people])
        if every:
            changes.announce("card", *every)
        changes.announce("messages")
    return ForgetResult(row.id, FORGOTTEN_NAME.format(id=row.id), False, moment, tuple(active), blocked, texts)


def _merged_into(row: Customer) -> list[Customer]:
    """What a merge (`customers.merge`) left of the same person enrolled twice: records without a
    card that share the phone or the e-mail (only sync can make two customers share one: the
    same person enrolled on two tills while offline). They are forgotten with the customer."""
    same = [field == value for field, value in ((Customer.phone, row.phone), (Customer.email, row.email)) if value]
    if not same:
        return []
    condition = same[0] if len(same) == 1 else (same[0] | same[1])
    without_cards = ~fn.EXISTS(Card.select(Card.id).where(Card.customer == Customer.id))
    return list(Customer.select().where(condition & (Customer.id != row.id) & Customer.forgotten_at.is_null() & without_cards).order_by(Customer.id))


def _anonymise(customer_id: int, moment: dt.datetime) -> None:
    anonymous = FORGOTTEN_NAME.format(id=customer_id)
    Customer.update(name=anonymous, name_key=names.name_key(anonymous), phone=None, email=None, marketing_opt_in=False,
                    birth_month=None, birth_day=None, forgotten_at=moment).where(Customer.id == customer_id).execute()
    customers.index_words(Customer.get_by_id(customer_id))
