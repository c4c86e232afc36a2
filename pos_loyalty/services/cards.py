"""Cards: bulk creation, lookup, the card's state for the engine, replacement, suspension."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from peewee import JOIN, Case, fn

from ..domain import card_numbers
from ..domain.engine import CardState
from ..domain.errors import NotFound, ValidationError
from ..domain.ledger import expiring_within
from ..domain.rules import RulesBundle, Tier
from ..domain.tiers import resolve_tier
from ..store.fields import money_from_db
from ..store.database import Prepared, insert_rows, transaction
from ..store.models import Card, CardBatch, Customer, LedgerEntry, Order, OrderEarning, now
from . import audit, auth, ledger, settings

MAX_BATCH = 1_000_000
_CHUNK = 2_000
EXPIRING_SOON_DAYS = 30


class Cancelled(Exception):
    """Long work stopped by the user; nothing was written."""


@dataclass(frozen=True)
class BatchResult:
    name: str
    count: int
    prefix: str
    length: int
    first: str
    last: str


@dataclass(frozen=True)
class CardView:
    """Everything the cashier sees after a scan."""

    number: str
    status: str
    balance: int
    customer_id: int | None
    customer_name: str
    phone: str
    email: str
    tier: str | None
    expiring_points: int
    expiring_on: dt.datetime | None
    replaced_by: str | None
    batch: str | None


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    card: str
    kind: str
    points: int
    order_id: str | None
    note: str
    user: str


# -- creation -----------------------------------------------------------------------------


def _scheme() -> tuple[str, int]:
    return settings.get("card_prefix"), int(settings.get("card_length"))


def _fresh_numbers(count: int, prefix: str, length: int) -> list[str]:
    """`count` random numbers not yet in the database (nor twice in the list)."""
    chosen: set[str] = set()
    while len(chosen) < count:
        want = count - len(chosen)
        candidates = {card_numbers.random_number(prefix, length) for _ in range(want + want // 10 + 8)} - chosen
        taken: set[str] = set()
        listed = list(candidates)
        for start in range(0, len(listed), 900):
            part = listed[start:start + 900]
            taken.update(n for (n,) in Card.select(Card.number).where(Card.number.in_(part)).tuples())
        for number in candidates - taken:
            if len(chosen) == count:
                break
            chosen.add(number)
    return sorted(chosen)


def create_single_card() -> Card:
    """A new active-to-be card for an enrolment without a pre-printed card (inside a transaction)."""
    prefix, length = _scheme()
    (number,) = _fresh_numbers(1, prefix, length)
    return Card.create(number=number, status="unassigned", created_at=now())


def bulk_create(count: int, batch_name: str, prefix: str | None = None, length: int | None = None, user: str = "",
                progress: Callable[[int, int], None] | None = None, should_cancel: Callable[[], bool] | None = None) -> BatchResult:
    """Create `count` unassigned cards as one named batch — all of them, or none if cancelled."""
    name = batch_name.strip()
    if not name or len(name) > 80:
        raise ValidationError("batch", "a batch name of 1 to 80 characters is required")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise ValidationError("count", f"must be between 1 and {MAX_BATCH:,}")
    default_prefix, default_length = _scheme()
    prefix = default_prefix if prefix is None else prefix.strip()
    length = default_length if length is None else length
    card_numbers.validate_scheme(prefix, length)
    if count > card_numbers.capacity(prefix, length) // 10:
        raise ValidationError("count", f"{count:,} is too many for prefix '{prefix}' and {length} digits; use a longer number")
    if CardBatch.select().where(CardBatch.name == name).exists():
        raise ValidationError("batch", f"a batch called '{name}' already exists")
    with transaction():
        numbers = _fresh_numbers(count, prefix, length)
        batch = CardBatch.create(name=name, prefix=prefix, length=length, count=count, created_at=now(), created_by=user)
        created = now()
        fields = [Card.number, Card.status, Card.batch, Card.balance, Card.created_at]
        for start in range(0, count, _CHUNK):
            if should_cancel and should_cancel():
                raise Cancelled("bulk creation cancelled; no cards were created")
            insert_rows(Card, fields, [(number, "unassigned", batch.id, 0, created) for number in numbers[start:start + _CHUNK]])
            if progress:
                progress(min(start + _CHUNK, count), count)
        audit.record(user or "manager", "cards.bulk_create", name, details={"count": count, "prefix": prefix, "length": length})
    return BatchResult(name, count, prefix, length, numbers[0], numbers[-1])


def batch_numbers(name: str) -> list[str]:
    batch = CardBatch.get_or_none(CardBatch.name == name)
    if batch is None:
        raise NotFound("batch", f"no batch called '{name}'")
    return [n for (n,) in Card.select(Card.number).where(Card.batch == batch).order_by(Card.number).tuples()]


def list_batches() -> list[CardBatch]:
    return list(CardBatch.select().order_by(CardBatch.created_at.desc()))


# -- lookup -------------------------------------------------------------------------------


# The scan and quote paths run these on every scan and keystroke: their SQL is written once.
_CARD = Prepared(lambda number: Card.select().where(Card.number == number).limit(1))
_CARD_RELATED = Prepared(lambda number: Card.select(Card, Customer, CardBatch)
                         .join(Customer, JOIN.LEFT_OUTER, on=(Card.customer == Customer.id))
                         .switch(Card).join(CardBatch, JOIN.LEFT_OUTER, on=(Card.batch == CardBatch.id))
                         .where(Card.number == number).limit(1))


def get_card(text: str, field: str = "card", related: bool = False) -> Card:
    """The card with this number. `related`: its customer and batch come in the same query
    (the scan path shows both; two lazy loads would be two more round trips)."""
    number = card_numbers.validate(text, field)
    card = (_CARD_RELATED if related else _CARD).first(number)
    if card is None:
        raise NotFound(field, f"{number} is not a card of this store")
    return card


def current_card(card: Card) -> Card:
    """Follow replacements to the card the customer holds now."""
    seen = 0
    while card.replaced_by_id is not None and seen < 100:
        card = Card.get_by_id(card.replaced_by_id)
        seen += 1
    return card


def customer_stats(customer_id: int | None, since: dt.datetime) -> tuple[int, Decimal]:
    if customer_id is None:
        return 0, Decimal(0)
    count, spent = (Order.select(fn.COUNT(Order.id), fn.SUM(Order.total))
                    .where((Order.customer == customer_id) & (Order.at >= since) & (Order.status != "cancelled")).tuples().get())
    return int(count or 0), money_from_db(spent)


def _order_stats_query(customer_id: int, *since: dt.datetime):  # type: ignore[no-untyped-def]
    columns = [fn.COUNT(Order.id)]
    for start in since:
        columns += [fn.SUM(Case(None, [(Order.at >= start, 1)], 0)), fn.SUM(Case(None, [(Order.at >= start, Order.total)], 0))]
    return Order.select(*columns).where((Order.customer == customer_id) & (Order.status != "cancelled")).tuples()


_ORDER_STATS = Prepared(_order_stats_query)
_LAST_EARNED = Prepared(lambda customer_id: OrderEarning.select(OrderEarning.rule_id, fn.MAX(Order.at)).join(Order)
                        .where((Order.customer == customer_id) & (OrderEarning.points > 0) & (Order.status != "cancelled"))
                        .group_by(OrderEarning.rule_id).tuples())


def _order_stats(customer_id: int, since: list[dt.datetime]) -> tuple[int, list[tuple[int, Decimal]]]:
    """In one query: the customer's orders (not cancelled), and `customer_stats` from each `since`."""
    row = _ORDER_STATS.first(customer_id, *since)
    return int(row[0] or 0), [(int(row[1 + 2 * i] or 0), money_from_db(row[2 + 2 * i])) for i in range(len(since))]


def _tier_and_orders(customer_id: int | None, rules: RulesBundle, when: dt.datetime) -> tuple[Tier | None, int]:
    """The customer's tier now and how many orders they have made (not cancelled), in one query."""
    if customer_id is None:
        return resolve_tier(list(rules.tiers), lambda _days: (0, Decimal(0))), 0
    periods = sorted({t.period_days for t in rules.tiers})
    orders_count, stats = _order_stats(customer_id, [when - dt.timedelta(days=days) for days in periods])
    return resolve_tier(list(rules.tiers), dict(zip(periods, stats)).__getitem__), orders_count


_PERIODS = ("daily", "weekly", "monthly", "yearly")  # the frequencies that need to know when a rule last earned


def card_state(card: Card, rules: RulesBundle, when: dt.datetime | None = None) -> CardState:
    """What the engine needs: status, balance, tier, order count and when each rule last earned.
    Every quote asks, so the order count and the tiers' figures come from one query, and the
    last earnings are read only when a rule is limited to once a day, week, month or year."""
    when = when or now()
    cid = card.customer_id
    tier, orders_count = _tier_and_orders(cid, rules, when)
    last_earned: dict[str, dt.datetime] = {}
    if cid is not None and any(rule.frequency in _PERIODS for rule in rules.earning_rules):
        last_earned = dict(_LAST_EARNED.rows(cid))
    return CardState(
        status=card.status,
        balance=card.balance,
        tier=tier.name if tier else None,
        tier_multiplier=tier.earn_multiplier if tier else Decimal(1),
        orders_count=orders_count,
        last_earned=last_earned,
    )


def view(card: Card, rules: RulesBundle | None = None, when: dt.datetime | None = None) -> CardView:
    when = when or now()
    open_lots, _debt = ledger.lots(card)
    if any(lot.expires_at is not None and lot.expires_at <= when for lot in open_lots):
        with transaction():
            ledger.expire_due(card, when)
        card = Card.get_by_id(card.id)
        open_lots, _debt = ledger.lots(card)
    soon = expiring_within(open_lots, when, EXPIRING_SOON_DAYS)
    customer = card.customer if card.customer_id else None
    tier = None
    if rules is not None and customer is not None:
        tier_obj, _orders = _tier_and_orders(customer.id, rules, when)
        tier = tier_obj.name if tier_obj else None
    return CardView(
        number=card.number,
        status=card.status,
        balance=card.balance,
        customer_id=customer.id if customer else None,
        customer_name=customer.name if customer else "",
        phone=(customer.phone or "") if customer else "",
        email=(customer.email or "") if customer else "",
        tier=tier,
        expiring_points=sum(lot.points for lot in soon),
        expiring_on=min((lot.expires_at for lot in soon), default=None),  # type: ignore[type-var]
        replaced_by=Card.get_by_id(card.replaced_by_id).number if card.replaced_by_id else None,
        batch=card.batch.name if card.batch_id else None,
    )


def lookup(text: str, rules: RulesBundle | None = None) -> CardView:
    """The scan path: number → everything the cashier needs."""
    return view(get_card(text, related=True), rules)


def cards_of_customer(customer_id: int) -> list[Card]:
    return list(Card.select().where(Card.customer == customer_id).order_by(Card.assigned_at.desc()))


def replaced_chain(card: Card) -> list[int]:
    """The ids of this card and of every card it replaced, directly or not: their history and
    orders are this card's too."""
    chain, frontier = [card.id], [card.id]
    while frontier and len(chain) < 1000:
        frontier = [c.id for c in Card.select(Card.id).where(Card.replaced_by.in_(frontier))]
        chain.extend(frontier)
    return chain


def history(card: Card, limit: int | None = None) -> list[HistoryRow]:
    """The card's ledger including the cards it replaced (the history moves with the balance)."""
    chain = replaced_chain(card)
    # Tuples, not model rows: the ledger's `order_id` column and the order's `order_id` would collide.
    query = (LedgerEntry.select(LedgerEntry.at, Card.number, LedgerEntry.kind, LedgerEntry.points, Order.order_id, LedgerEntry.note, LedgerEntry.user)
             .join(Card).switch(LedgerEntry).join(Order, JOIN.LEFT_OUTER)
             .where(LedgerEntry.card.in_(chain)).order_by(LedgerEntry.at.desc(), LedgerEntry.id.desc()))
    if limit:
        query = query.limit(limit)
    return [HistoryRow(*row) for row in query.tuples()]


# -- changes ------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not 3 <= len(reason) <= 200:
        raise ValidationError("reason", "a reason of 3 to 200 characters is required")
    return reason


def _set_status(text: str, status: str, allowed_from: tuple[str, ...], action: str, user: str, reason: str,
                manager_pin: str | None, manager: str | None) -> Card:
    reason = _reason(reason)
    get_card(text)  # a mistyped number is named before any PIN is tried
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        card = get_card(text)
        if card.status == status:
            return card
        if card.status not in allowed_from:
            raise ValidationError("card", f"{card.number} is {card.status}; it cannot become {status}")
        card.status = status
        card.save()
        audit.record(who.name, action, card.number, reason=reason, details={"operator": user or who.name})
    return card


def suspend(text: str, user: str = "", reason: str = "", *, manager_pin: str | None, manager: str | None = None) -> Card:
    """A suspended card earns nothing and cannot spend until reactivated. A manager's PIN and
    a reason are required; the audit log names the manager."""
    return _set_status(text, "suspended", ("active",), "card.suspend", user, reason, manager_pin, manager)


def reactivate(text: str, user: str = "", reason: str = "", *, manager_pin: str | None, manager: str | None = None) -> Card:
    return _set_status(text, "active", ("suspended",), "card.reactivate", user, reason, manager_pin, manager)


def replace(old_text: str, new_text: str | None = None, user: str = "", reason: str = "lost", *,
            manager_pin: str | None, manager: str | None = None) -> Card:
    """Replace a lost card: the new card gets the customer, the balance (lot by lot, keeping
    each lot's expiry) and the history; the old card can never be used again. A manager's PIN
    allows it (the balance moves to a number the cashier holds)."""
    reason = _reason(reason)
    get_card(old_text, "card")
    if new_text:
        get_card(new_text, "new_card")
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        old = get_card(old_text, "card")
        if old.status not in ("active", "suspended"):
            raise ValidationError("card", f"{old.number} is {old.status}; only an active or suspended card can be replaced")
        if new_text:
            new = get_card(new_text, "new_card")
            if new.status != "unassigned":
                raise ValidationError("new_card", f"{new.number} is already {new.status}")
        else:
            new = create_single_card()
        ledger.expire_due(old)
        open_lots, debt = ledger.lots(old)
        at = now()
        for index, lot in enumerate(open_lots):
            note = f"moved from {old.number}"
            ledger.append(old, -lot.points, "transfer", f"transfer:{old.id}:{new.id}:{index}:out", at=at, note=f"moved to {new.number}", user=user)
            ledger.append(new, lot.points, "transfer", f"transfer:{old.id}:{new.id}:{index}:in", at=at, expires_at=lot.expires_at, note=note, user=user)
        if debt:
            ledger.append(old, debt, "transfer", f"transfer:{old.id}:{new.id}:debt:out", at=at, note=f"debt moved to {new.number}", user=user)
            ledger.append(new, -debt, "transfer", f"transfer:{old.id}:{new.id}:debt:in", at=at, note=f"debt moved from {old.number}", user=user)
        new.customer = old.customer_id
        new.status = old.status
        new.assigned_at = at
        new.save()
        old.status = "replaced"
        old.replaced_by = new
        old.save()
        audit.record(who.name, "card.replace", old.number, reason=reason, details={"new_card": new.number, "balance": new.balance, "operator": user or who.name})
    return new


def customer_for(card: Card) -> Customer | None:
    return card.customer if card.customer_id else None
