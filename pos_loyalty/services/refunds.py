"""Refunds and cancellations (seed 003), idempotent by refund id.

* Full refund or cancellation: every point the order earned is reversed and every
  point it spent is given back; coupons it used are issued again.
* Partial refund (by lines and quantities): earned points are reversed in proportion
  to the refunded eligible items, computed on the cumulative refunded quantities
  (`domain.refunds`), so no sequence of refunds reverses more than the order earned.
* A refund that takes the order below a rule's minimum reverses all of that rule's points.
* A reversal that would take the balance below zero is written anyway and the refund
  is flagged (`flagged_negative`) for the manager — never hidden, never skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from ..domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..domain.ledger import expiry_for
from ..domain.money import ZERO, prorate, round_money
from ..domain.refunds import EarnedSnapshot, points_to_reverse
from ..store.database import locked, transaction
from ..store.fields import money_from_db
from ..store.models import Card, Order, OrderEarning, OrderLine, Refund, RefundLine, RefundReversal, now
from . import audit, auth, cards, changes, coupons, counters, ledger, programme, rules_sync, settings, sync, triggers

KINDS = ("full", "partial", "cancel")


@dataclass(frozen=True)
class RefundPlan:
    """What a refund will do, shown to the cashier before confirming."""

    order_id: str
    kind: str
    quantities: dict[int, int]
    amount: Decimal
    points_reversed: int
    points_returned: int
    by_rule: dict[str, int]
    completes_order: bool


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    order_id: str
    kind: str
    amount: str
    points_reversed: int
    points_returned: int
    flagged_negative: bool
    balance: int | None
    replayed: bool


def reversed_by_rule(order: Order) -> dict[str, int]:
    rows = (RefundReversal.select(RefundReversal.rule_id, fn.SUM(RefundReversal.points)).join(Refund)
            .where(Refund.order == order).group_by(RefundReversal.rule_id).tuples())
    return {rule_id: int(points) for rule_id, points in rows}


def refunded_quantities(order: Order) -> dict[int, int]:
    """Line position → quantity refunded so far, over all the order's refunds."""
    rows = (RefundLine.select(RefundLine.position, fn.SUM(RefundLine.quantity)).join(Refund)
            .where(Refund.order == order).group_by(RefundLine.position).tuples())
    return {position: int(q) for position, q in rows}


def _snapshots(order: Order) -> list[EarnedSnapshot]:
    return [
        EarnedSnapshot(e.rule_id, e.points, e.mode, Decimal(e.effective_points), e.order_amount, e.minimum_order,
                       tuple(int(i) for i in e.eligible_lines.split(",") if i != ""))
        for e in OrderEarning.select().where(OrderEarning.order == order).order_by(OrderEarning.id)
    ]


def plan(order_id: str, kind: str, quantities: dict[int, int] | None = None) -> RefundPlan:
    """Work out a refund without writing anything (the GUI shows this before confirming)."""
    if kind not in KINDS:
        raise ValidationError("kind", f"must be one of {', '.join(KINDS)}, not '{kind}'")
    order = Order.get_or_none(Order.order_id == order_id)
    if order is None:
        raise NotFound("order_id", f"no order {order_id}")
    if order.status in ("refunded", "cancelled"):
        raise ValidationError("order_id", f"order {order_id} is already {order.status}")
    lines = list(OrderLine.select().where((OrderLine.order == order) & OrderLine.reward_id.is_null()).order_by(OrderLine.position))
    before = refunded_quantities(order)
    left = {l.position: l.quantity - before.get(l.position, 0) for l in lines}
    if kind == "partial":
        if not quantities:
            raise ValidationError("lines", "a partial refund needs at least one line and quantity")
        for position, qty in quantities.items():
            if position not in left:
                raise ValidationError(f"lines[{position}]", f"order {order_id} has no line {position}")
            if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
                raise ValidationError(f"lines[{position}]", "the quantity to refund must be a whole number of at least 1")
            if qty > left[position]:
                raise ValidationError(f"lines[{position}]", f"only {left[position]} left to refund, not {qty}")
        now_qty = {p: q for p, q in quantities.items()}
    else:
        if quantities:
            raise ValidationError("lines", f"a {kind} refund takes every line; give no lines")
        now_qty = {p: q for p, q in left.items() if q > 0}
    after = [before.get(l.position, 0) + now_qty.get(l.position, 0) for l in lines]
    totals = [l.line_total for l in lines]
    qtys = [l.quantity for l in lines]
    done = reversed_by_rule(order)
    by_rule = {}
    for snap in _snapshots(order):
        points = points_to_reverse(snap, totals, qtys, after, done.get(snap.rule_id, 0))
        if points:
            by_rule[snap.rule_id] = points
    completes = all(a == q for a, q in zip(after, qtys))
    subtotal = sum(totals, ZERO)
    refunded_before = Refund.select(fn.SUM(Refund.amount)).where(Refund.order == order).scalar()
    if completes:
        amount = order.total - money_from_db(refunded_before)
    else:
        gross_now = sum((l.line_total * now_qty.get(l.position, 0) / l.quantity for l in lines), ZERO)
        amount = prorate(order.total, gross_now, subtotal, order.currency)
    return RefundPlan(order_id, kind, now_qty, max(ZERO, amount), sum(by_rule.values()), order.points_spent if completes else 0, by_rule, completes)


def _hash(order_id: str, kind: str, quantities: dict[int, int] | None) -> str:
    data = {"order": order_id, "kind": kind, "lines": sorted((quantities or {}).items())}
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def manager_limit() -> Decimal:
    """Refunds of more than this amount need a manager's PIN (the `refund_manager_above` setting)."""
    return settings.money("refund_manager_above")


def needs_manager(order_id: str, refund_id: str, kind: str = "full", quantities: dict[int, int] | None = None) -> bool:
    """Whether this refund, as planned now, needs a manager's PIN (a retry of a refund already
    made never does). Bad input raises as `refund` would."""
    if Refund.select().where(Refund.refund_id == (refund_id or "").strip()).exists():
        return False
    return plan(order_id, kind, quantities).amount > manager_limit()


def refund(order_id: str, refund_id: str, kind: str = "full", quantities: dict[int, int] | None = None,
           when: dt.datetime | None = None, user: str = "", manager_pin: str | None = None, manager: str | None = None) -> RefundResult:
    """Refund or cancel; retrying with the same refund id returns the first result. A refund of
    more than `refund_manager_above` needs a manager's PIN; the audit log names the manager."""
    refund_id = (refund_id or "").strip()
    if not refund_id or len(refund_id) > 64:
        raise ValidationError("refund_id", "a refund id of 1 to 64 characters is required")
    when = when or now()
    digest = _hash(order_id, kind, quantities)
    approver = None
    if needs_manager(order_id, refund_id, kind, quantities):
        approver = auth.verify_manager(manager_pin, manager)
    with transaction(row_locks=True):
        locked(Order.get_or_none(Order.order_id == order_id))  # refunds of one order queue here, on the hub too
        existing = Refund.get_or_none(Refund.refund_id == refund_id)
        if existing is not None:
            if existing.content_hash != digest:
                raise Conflict("refund_id", f"refund {refund_id} was already made with different content")
            return _result(existing, replayed=True)
        p = plan(order_id, kind, quantities)
        if p.amount > manager_limit() and approver is None:  # the order changed since the check above
            raise PermissionDenied(f"a refund above {manager_limit()} needs a manager's PIN", field="manager_pin")
        if approver is not None:
            audit.record(approver.name, "refund.approve", order_id, details={"refund_id": refund_id, "amount": p.amount, "kind": kind, "operator": user or approver.name})
        order = Order.get(Order.order_id == order_id)
        card = locked(cards.current_card(order.card)) if order.card_id else None
        balance_before = card.balance if card is not None else 0
        row = Refund.create(refund_id=refund_id, order=order, at=when, kind=kind, amount=p.amount, points_reversed=p.points_reversed,
                            points_returned=p.points_returned, flagged_negative=False, content_hash=digest, user=user)
        RefundLine.insert_many([(row.id, pos, q) for pos, q in p.quantities.items()], fields=[RefundLine.refund, RefundLine.position, RefundLine.quantity]).execute()
        for rule_id, points in p.by_rule.items():
            RefundReversal.create(refund=row, rule_id=rule_id, points=points)
        if card is not None:
            if order.points_awarded:  # points not yet awarded (waiting for fulfilment) are simply never awarded
                ledger.append(card, -p.points_reversed, "reverse", f"refund:{refund_id}:reverse", at=when, order=order, refund=row, note=f"{kind} refund", user=user)
                counters.record_points(order.customer_id, order.at, -p.points_reversed)
            if p.points_returned:
                rules, _ = rules_sync.active_rules()
                expires = expiry_for(when, rules.settings.points_expire_after_days, rules.settings.points_expire_on)
                ledger.append(card, p.points_returned, "return", f"order:{order.order_id}:return", at=when, expires_at=expires, order=order, refund=row, note="points spent given back", user=user)
        earned_rules = [rule_id for (rule_id,) in OrderEarning.select(OrderEarning.rule_id)
                        .where((OrderEarning.order == order) & (OrderEarning.points > 0)).tuples()] if p.completes_order else []
        counters.record_refund(order.customer_id, order.at, p.amount, p.completes_order, earned_rules)
        if p.completes_order:  # before the milestones and triggers look: a coupon given back is one they may take back
            coupons.give_back(order, when, user)
        programme.on_refund(order.customer_id, when, user)  # milestone steps now above the customer's history are taken back
        if p.completes_order:
            order.status = "cancelled" if kind == "cancel" else "refunded"
        else:
            order.status = "partially_refunded"
        order.save()

        if order.customer_id is not None:  # the customer's product history, then the triggers on the history as it is now
            bought = OrderLine.select(OrderLine.position, OrderLine.sku, OrderLine.quantity).where(
                (OrderLine.order == order) & OrderLine.reward_id.is_null()).tuples()
            counters.record_products(order.customer_id, counters.refund_products(bought, refunded_quantities(order), p.quantities))
        triggers.on_refund(order, p.completes_order, when, user, card, p.quantities)
        if card is not None:
            # Flagged when the refund — its reversal, and any milestone or trigger it took back —
            # leaves the card below zero, lower than it found it: written, never hidden.
            balance_after = Card.select(Card.balance).where(Card.id == card.id).scalar()
            if balance_after < 0 and balance_after < balance_before:
                row.flagged_negative = True
                Refund.update(flagged_negative=True).where(Refund.id == row.id).execute()
        changes.announce("order", order.order_id)
        if card is not None:
            changes.announce("card", card.number)
        sync.guard_refund(order.order_id)  # on a till of a hub: settled there, so two tills never refund one order twice
    return _result(row, replayed=False)


def _result(row: Refund, replayed: bool) -> RefundResult:
    order = row.order
    card = cards.current_card(Card.get_by_id(order.card_id)) if order.card_id else None  # read afresh: every hook has written
    return RefundResult(row.refund_id, order.order_id, row.kind, str(round_money(row.amount, order.currency)), row.points_reversed, row.points_returned,
                        row.flagged_negative, card.balance if card else None, replayed)
