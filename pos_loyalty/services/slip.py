"""The loyalty slip of a committed sale: what it says (`slip_for`), printed on the store's
receipt printer through ESC/POS (`print_receipt`) or written as an 80 mm PDF (`write_pdf`).

Read-only: a slip changes nothing, so printing it twice, or again a week later, is harmless.
It tells what the sale did — the points earned and spent, the balance right after it, the
milestone steps and triggers it reached and the coupons they issued, the coupons it used —
and, as of the moment it is printed, the points expiring within 30 days and the next
milestone. The card is masked to its last four digits and the customer named by first name
only: a slip left on the counter gives nothing away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from peewee import fn

from ..formats import points
from ..domain.errors import LoyaltyError, NotFound, ValidationError
from ..domain.money import round_money
from ..domain.receipt_printer import parse_target
from ..domain.milestones import amount_text
from ..domain.slip import CouponLine, LoyaltySlip, first_name, mask_card, slip_lines, slip_rows
from ..domain.slip import words as slip_words
from ..printing.escpos_slip import PrinterUnavailable, render, send
from ..printing.slip_pdf import render_slip_pdf
from ..store.models import Card, CardLot, Coupon, Customer, LedgerEntry, MilestoneAward, Order, OrderReward, TriggerLog, now
from . import cards, programme, rules_sync, settings, sync
from .printing import check_output


@dataclass(frozen=True)
class Printed:
    """What `print_receipt` sent: the order, the printer (as people name it) and the job's size."""

    order_id: str
    printer: str
    size: int


def _order(order_id: str) -> Order:
    text = (order_id or "").strip()
    if not text:
        raise ValidationError("order_id", "give the order id printed on the till's receipt")
    order = Order.get_or_none(Order.order_id == text) if len(text) <= 64 else None
    if order is None:
        raise NotFound("order_id", f"no order {text}")
    if order.card_id is None:
        raise ValidationError("order_id", f"order {text} was sold without a loyalty card: it has no loyalty slip")
    return order


def _active_rules() -> Any:
    try:
        rules, _ = rules_sync.active_rules()
    except LoyaltyError:
        return None
    return rules


def _reward_names(rules: Any) -> Any:
    if rules is None:
        return lambda reward_id: reward_id
    return lambda reward_id: (rules.reward(reward_id).name if rules.reward(reward_id) else reward_id)


def _balance_after(order: Order, chain: list[int]) -> int:
    """The card's balance right after the sale: every ledger entry of the card (and the cards it
    replaced) up to the last one the commit wrote at the order's moment — its spend and earn,
    and the milestone and trigger bonuses. Entries written later (another sale, an expiry, the
    points of a fulfilment) are not counted, so a reprint says what the first slip said."""
    mine = LedgerEntry.card.in_(chain) & (LedgerEntry.at == order.at)
    last = LedgerEntry.select(fn.MAX(LedgerEntry.id)).where(mine).scalar()
    upto = (LedgerEntry.id <= last) if last is not None else (LedgerEntry.at <= order.at)
    return int(LedgerEntry.select(fn.COALESCE(fn.SUM(LedgerEntry.points), 0)).where(LedgerEntry.card.in_(chain) & upto).scalar())


class _Steps:
    """The milestone steps paid to the card's chain, found by the key of their ledger entry or
    by the coupon they gave, named in the slip's words (the app's language) from the rule in the
    active bundle; a step whose rule is no longer there keeps the English note stored with it."""

    def __init__(self, chain: list[int], rules: Any, currency: str) -> None:
        self.by_key: dict[str, MilestoneAward] = {}
        self.by_coupon: dict[int, MilestoneAward] = {}
        for award in MilestoneAward.select().where(MilestoneAward.card.in_(chain)):
            gid = sync.global_id("milestone_award", award.id)
            self.by_key.update({f"milestone:{gid}:{times}": award for times in range(1, award.times + 1)})
            if award.coupon_id is not None:
                self.by_coupon[award.coupon_id] = award
        self.rules = {r.id: r for r in getattr(rules, "milestones", ())} if rules is not None else {}
        self.currency = currency
        self.words = slip_words().milestones

    def name(self, award: MilestoneAward | None, stored: str) -> str:
        rule = self.rules.get(award.rule_id) if award is not None else None
        if rule is None:
            return stored
        amount = amount_text(rule.kind, Decimal(award.requirement), self.currency, self.words)
        return self.words.step.format(rule=rule.name, amount=amount)


def _bonuses(order: Order, chain: list[int], name: Any, rules: Any) -> list[str]:
    """The milestone steps and triggers this sale reached, as the slip names them (a coupon
    they issued by its reward: its code is listed under the coupons)."""
    steps = _Steps(chain, rules, order.currency)
    texts = []
    milestone_points = (LedgerEntry.select(LedgerEntry.note, LedgerEntry.points, LedgerEntry.idempotency_key)
                        .where(LedgerEntry.card.in_(chain) & (LedgerEntry.at == order.at) & (LedgerEntry.kind == "milestone")
                               & (LedgerEntry.points > 0)).order_by(LedgerEntry.id))
    texts += [f"{steps.name(steps.by_key.get(entry.idempotency_key), entry.note)}: {points(entry.points, signed=True)}" for entry in milestone_points]
    milestone_coupons = (Coupon.select(Coupon.id, Coupon.reason, Coupon.reward_id)
                         .where(Coupon.card.in_(chain) & (Coupon.issued_at == order.at) & (Coupon.source == "milestone")).order_by(Coupon.id))
    texts += [f"{steps.name(steps.by_coupon.get(coupon.id), coupon.reason)}: {name(coupon.reward_id)}" for coupon in milestone_coupons]
    fired = (TriggerLog.select().where((TriggerLog.order == order.id) & (TriggerLog.status != "blocked") & TriggerLog.revoked_at.is_null())
             .order_by(TriggerLog.id))
    for row in fired:
        if row.points:
            texts.append(f"{row.trigger_name}: {points(row.points, signed=True)}")
        if row.coupon_id is not None:
            texts.append(f"{row.trigger_name}: {name(Coupon.get_by_id(row.coupon_id).reward_id)}")
    return texts


def _coupons_issued(order: Order, chain: list[int], name: Any) -> list[CouponLine]:
    issued = (Coupon.select().where(Coupon.card.in_(chain) & (Coupon.issued_at == order.at) & Coupon.source.in_(("milestone", "trigger")))
              .order_by(Coupon.id))
    return [CouponLine(c.code, name(c.reward_id), c.expires_at) for c in issued]


def _coupons_used(order: Order, name: Any) -> list[CouponLine]:
    used = (Coupon.select().join(OrderReward, on=(OrderReward.coupon == Coupon.id)).where(OrderReward.order == order.id).order_by(Coupon.id))
    return [CouponLine(c.code, name(c.reward_id)) for c in used]


def _expiring(chain: list[int], when: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Points of the card's lots that expire within `cards.EXPIRING_SOON_DAYS` of `when`, and the first such date."""
    soon = when + dt.timedelta(days=cards.EXPIRING_SOON_DAYS)
    within = CardLot.card.in_(chain) & (CardLot.expires_at > when) & (CardLot.expires_at <= soon) & (CardLot.points > 0)
    total, first = CardLot.select(fn.COALESCE(fn.SUM(CardLot.points), 0), fn.MIN(CardLot.expires_at)).where(within).tuples().get()
    if not total:
        return 0, None
    if isinstance(first, str):
        first = dt.datetime.fromisoformat(first)
    return int(total), first


def _next_milestones(number: str, when: dt.datetime) -> list[str]:
    try:
        rows = programme.progress(number, include_hidden=False, at=when)
    except LoyaltyError:
        return []
    words = slip_words().milestones
    return [row.line(words) for row in rows if row.next_requirement is not None and not row.hidden]


def slip_for(order_id: str, when: dt.datetime | None = None) -> LoyaltySlip:
    """What the slip of the committed order `order_id` says, printed at `when` (default now: the
    points expiring soon and the next milestone are as of then)."""
    when = when or now()
    order = _order(order_id)
    sold_on = Card.get_by_id(order.card_id)
    current = cards.current_card(sold_on)
    chain = cards.replaced_chain(current)
    customer = Customer.get_or_none(Customer.id == order.customer_id) if order.customer_id else None
    rules = _active_rules()
    name = _reward_names(rules)
    expiring, expiring_on = _expiring(chain, when)
    return LoyaltySlip(
        store_name=settings.get("store_name"),
        order_id=order.order_id,
        at=order.at,
        currency=order.currency,
        total=round_money(order.total, order.currency),
        card=mask_card(sold_on.number),
        customer=first_name(customer.name) if customer else "",
        points_earned=order.points_earned,
        points_pending=not order.points_awarded,
        points_spent=order.points_spent,
        balance=_balance_after(order, chain),
        bonuses=tuple(_bonuses(order, chain, name, rules)),
        coupons_issued=tuple(_coupons_issued(order, chain, name)),
        coupons_used=tuple(_coupons_used(order, name)),
        expiring_points=expiring,
        expiring_on=expiring_on,
        next_milestones=tuple(_next_milestones(current.number, when)),
        status=order.status,
    )


def columns() -> int:
    """The receipt printer's characters a line (the `slip_columns` setting)."""
    return settings.whole_number("slip_columns")


def text_lines(order_id: str, width: int | None = None, when: dt.datetime | None = None) -> list[str]:
    """The slip as the receipt printer prints it, as plain text lines."""
    return slip_lines(slip_for(order_id, when), width or columns())


def escpos_job(order_id: str, width: int | None = None, when: dt.datetime | None = None, printer: Any = None) -> bytes:
    """The slip as ESC/POS bytes (ending with a paper cut). `printer`: an escpos printer object
    to draw into (the library's `Dummy` by default)."""
    return render(slip_rows(slip_for(order_id, when)), width or columns(), printer)


def auto_print() -> bool:
    """Whether the checkout prints the slip after every sale with a card (`slip_auto_print`)."""
    return settings.get("slip_auto_print") == "yes" and settings.get("slip_printer") != "none"


def print_receipt(order_id: str, when: dt.datetime | None = None, device: Any = None) -> Printed:
    """Print the slip on the store's receipt printer (Settings: `slip_printer`, its address and
    `slip_columns`). ValidationError naming `printer` when none is set up or it does not print;
    the sale itself is never touched. `device`: an escpos printer object to send to (tests)."""
    target = parse_target(settings.get("slip_printer"), settings.get("slip_printer_address"))
    if target.kind == "none" and device is None:
        raise ValidationError("printer", "no receipt printer is set up: a manager chooses one in Settings → Receipt printer "
                                         "(or write a PDF: orders slip ORDER_ID --pdf FILE)")
    data = escpos_job(order_id, when=when)
    try:
        send(data, target, device)
    except PrinterUnavailable as exc:
        raise ValidationError("printer", str(exc)) from None
    return Printed(order_id.strip(), target.describe(), len(data))


def write_pdf(order_id: str, out: str | Path, when: dt.datetime | None = None) -> Path:
    """Write the slip to the PDF `out` (80 mm wide, written whole or not at all)."""
    path = check_output(out)
    slip = slip_for(order_id, when)
    try:
        return render_slip_pdf(slip, path)
    except OSError as exc:
        raise ValidationError("out", f"cannot write {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValidationError("order_id", str(exc)) from None

