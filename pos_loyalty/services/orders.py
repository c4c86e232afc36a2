"""Orders as the refund screen reads them: find an order by its id (or list a card's recent
orders when the customer has no receipt), and everything a cashier must see before refunding.

Read only: nothing here writes. What a refund will do is `refunds.plan`; doing it is
`refunds.refund`. The quantities already refunded come from `refunds.refunded_quantities`, the
same figures the refund maths uses, so "left to refund" here is exactly what `plan` accepts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from ..domain import card_numbers
from ..domain.errors import LoyaltyError, NotFound, ValidationError
from ..domain.money import round_money
from ..store.models import Order, OrderEarning, OrderLine, Refund, RulesVersion
from . import cards, refunds
from .refunds import RefundPlan

RECENT_ORDERS = 20


@dataclass(frozen=True)
class LineView:
    """One line of an order. Free lines a product reward added carry its `reward_id`; they are
    not refunded on their own (`refundable` 0)."""

    position: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    refunded: int
    refundable: int
    reward_id: str | None


@dataclass(frozen=True)
class EarningView:
    """What one earning rule gave the order, and how much of it refunds took back so far."""

    rule_id: str
    name: str
    points: int
    reversed: int


@dataclass(frozen=True)
class RefundView:
    refund_id: str
    kind: str  # full|partial|cancel
    amount: Decimal
    points_reversed: int
    points_returned: int
    flagged_negative: bool
    at: dt.datetime
    user: str


@dataclass(frozen=True)
class OrderSummary:
    """A row of a card's recent orders, to pick from."""

    order_id: str
    at: dt.datetime
    card_number: str | None
    status: str
    currency: str
    total: Decimal
    points_earned: int
    points_spent: int
    items: int  # quantity bought, free reward lines excluded


@dataclass(frozen=True)
class OrderDetail:
    """Everything the refund screen shows about one order."""

    order_id: str
    at: dt.datetime
    card_number: str | None  # the card the customer holds now (after replacements)
    card_status: str | None
    customer_name: str
    balance: int | None  # that card's balance now
    status: str  # committed|partially_refunded|refunded|cancelled
    currency: str
    total: Decimal
    refunded_amount: Decimal
    points_earned: int
    points_spent: int
    points_awarded: bool  # False while the order waits for fulfilment: its points are not on the card yet
    lines: tuple[LineView, ...]
    earnings: tuple[EarningView, ...]
    refunds: tuple[RefundView, ...]

    @property
    def open(self) -> bool:
        """Not refunded or cancelled as a whole yet."""
        return self.status not in ("refunded", "cancelled")

    @property
    def any_refunded(self) -> bool:
        return bool(self.refunds)

    def rule_name(self, rule_id: str) -> str:
        return next((e.name for e in self.earnings if e.rule_id == rule_id), rule_id)


@dataclass(frozen=True)
class Found:
    """What a typed or scanned text found: one order, or a card and its recent orders."""

    order: OrderDetail | None = None
    card_number: str | None = None
    orders: tuple[OrderSummary, ...] = ()


def _order(order_id: str) -> Order:
    text = (order_id or "").strip()
    if not text:
        raise ValidationError("order_id", "type or scan an order id")
    order = Order.get_or_none(Order.order_id == text)
    if order is None:
        raise NotFound("order_id", f"no order {text}")
    return order


def _rule_names(checksum: str) -> dict[str, str]:
    """Earning rule names from the rules the order was priced with (ids if they are gone)."""
    version = RulesVersion.get_or_none(RulesVersion.checksum == checksum)
    if version is None:
        return {}
    try:
        return {str(r["id"]): str(r.get("name") or r["id"]) for r in json.loads(version.body).get("earning_rules", [])}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def detail(order_id: str) -> OrderDetail:
    """The order with its lines, what is left to refund on each, its earnings and its refunds."""
    order = _order(order_id)
    done = refunds.refunded_quantities(order)
    lines = []
    for line in OrderLine.select().where(OrderLine.order == order).order_by(OrderLine.position):
        refunded = 0 if line.reward_id else done.get(line.position, 0)
        refundable = 0 if line.reward_id or order.status in ("refunded", "cancelled") else max(0, line.quantity - refunded)
        lines.append(LineView(line.position, line.sku, line.name, line.quantity, round_money(line.unit_price, order.currency),
                              round_money(line.line_total, order.currency), refunded, refundable, line.reward_id))
    names = _rule_names(order.rules_checksum)
    taken = refunds.reversed_by_rule(order)
    earnings = tuple(EarningView(e.rule_id, names.get(e.rule_id, e.rule_id), e.points, taken.get(e.rule_id, 0))
                     for e in OrderEarning.select().where(OrderEarning.order == order).order_by(OrderEarning.id))
    made = tuple(RefundView(r.refund_id, r.kind, round_money(r.amount, order.currency), r.points_reversed, r.points_returned, r.flagged_negative, r.at, r.user)
                 for r in Refund.select().where(Refund.order == order).order_by(Refund.at, Refund.id))
    card = cards.current_card(order.card) if order.card_id else None
    customer = order.customer if order.customer_id else (card.customer if card is not None and card.customer_id else None)
    return OrderDetail(
        order_id=order.order_id,
        at=order.at,
        card_number=card.number if card else None,
        card_status=card.status if card else None,
        customer_name=customer.name if customer else "",
        balance=card.balance if card else None,
        status=order.status,
        currency=order.currency,
        total=round_money(order.total, order.currency),
        refunded_amount=round_money(sum((r.amount for r in made), Decimal(0)), order.currency),
        points_earned=order.points_earned,
        points_spent=order.points_spent,
        points_awarded=order.points_awarded,
        lines=tuple(lines),
        earnings=earnings,
        refunds=made,
    )


def of_card(number: str, limit: int = RECENT_ORDERS) -> list[OrderSummary]:
    """A card's most recent orders, newest first (including those on the cards it replaced)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError("limit", "must be a whole number of at least 1")
    card = cards.get_card(number, "card")
    items = (OrderLine.select(fn.COALESCE(fn.SUM(OrderLine.quantity), 0))
             .where((OrderLine.order == Order.id) & OrderLine.reward_id.is_null()))
    current = cards.current_card(card)
    # each card of the chain's newest orders walked from the (card, time, id) index (migration
    # 0022), newest first, stopping at `limit`; then the newest of those: the cost does not grow
    # with the card's history (a card with 20,000 orders took 0.3 s, all of them read and sorted)
    found = [o for card_id in cards.replaced_chain(current)
             for o in Order.select(Order, items.alias("items")).where(Order.card == card_id)
             .order_by(Order.card.desc(), Order.at.desc(), Order.id.desc()).limit(limit)]
    found.sort(key=lambda o: (o.at, o.id), reverse=True)
    return [OrderSummary(o.order_id, o.at, current.number, o.status, o.currency, round_money(o.total, o.currency), o.points_earned, o.points_spent,
                         int(o.items or 0)) for o in found[:limit]]


def find(text: str, limit: int = RECENT_ORDERS) -> Found:
    """What the cashier typed or scanned: an order id (exact), else a card number → its recent orders."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("order_id", "type or scan an order id, or a card number")
    order = Order.get_or_none(Order.order_id == text)
    if order is not None:
        return Found(order=detail(text))
    number = card_numbers.normalise(text)
    if number.isdigit():
        try:
            found = of_card(number, limit)
        except LoyaltyError as exc:
            raise NotFound("order_id", f"no order {text}, and not a card of this store: {exc.message}") from None
        return Found(card_number=cards.current_card(cards.get_card(number)).number, orders=tuple(found))
    raise NotFound("order_id", f"no order {text}")


def balance_after(order: OrderDetail, plan: RefundPlan) -> int | None:
    """The card's balance once the planned refund is made (None for an order without a card).
    Points never awarded (waiting for fulfilment) are not taken from the balance."""
    if order.balance is None:
        return None
    return order.balance - (plan.points_reversed if order.points_awarded else 0) + plan.points_returned
