"""Checkout: quote an order, commit it (one transaction, idempotent), mark it fulfilled.

A commit writes the order, its lines, the points earned and spent, and the coupons used
in one transaction. The till's order id is the idempotency key: committing the same
order again (double click, crash and retry, sync replay) returns the first result and
changes nothing; the same id with different content is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Sequence

from peewee import IntegrityError

from ..domain.coupons import state_at as coupon_state
from ..domain.engine import CardState, Engine, Quote
from ..domain.errors import Conflict, NotFound, ValidationError
from ..domain.ledger import already_expired, expiry_for
from ..domain.money import round_money
from ..domain.order import OrderRequest, check_order, check_points
from ..store.database import Prepared, locked, transaction
from ..store.models import Card, Coupon, LedgerEntry, Order, OrderEarning, OrderLine, OrderReward, db, now
from ..store.running_totals import standing_of
from ..store.statements import insert_many, insert_one
from ..formats import date_text
from . import cards, changes, counters, ledger, programme, refunds, rules_sync, settings, sync, triggers

if TYPE_CHECKING:
    from ..domain.limits import OrderCaps
    from ..domain.rules import RulesBundle


@dataclass(frozen=True)
class CommitResult:
    order_id: str
    card: str | None
    total: str
    points_earned: int
    points_spent: int
    points_awarded: bool
    balance: int | None
    replayed: bool
    unlocked: tuple[programme.Unlocked, ...] = ()  # milestone steps this commit (or fulfilment) reached
    fired: tuple[triggers.FiredTrigger, ...] = ()  # customer-reward triggers this completion fired (seed 002)


def new_order_id(when: dt.datetime | None = None) -> str:
    """A fresh id for a sale at this till, e.g. ``TILL1-20261122-143005-7f3a09c2``. The till makes
    it once per sale and keeps it until the sale commits: it is the commit's idempotency key.
    Eight random hex digits: with four, two sales in the same second collided one time in
    65,536 (the soak test met it within 1,000 fast sales) and the second was refused."""
    when = when or now()
    return f"{settings.get('till_id')}-{when:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


# What `request_hash` returns: "2:" and 62 hex digits of a SHA-256 of the request's fields
# joined with NUL. Orders committed before it (a fingerprint of 64 hex digits, no colon) keep
# theirs: a retry of one is checked against the first form (`same_request`).
_FINGERPRINT = "2:"


def request_hash(request: OrderRequest) -> str:
    """A stable fingerprint of what the till sent, to tell a retry from a different order: its
    card, lines (amounts as their normalised text: 2.5 and 2.50 are one price), discount, tax,
    shipping, rewards and, only when given, its time. The fields are joined with NUL, which no
    stored text may hold (a request with a NUL in a field, refused when written, is
    fingerprinted in the first form instead: no two requests share one by where a NUL falls);
    a field that may be absent is "-" when it is and "=" and its value when it is not; the
    first field is the number of lines and of rewards, which the rest is read by. Every
    sale computes it: the first form, JSON of the same fields, cost a sale of 30 lines three
    times as much."""
    order = request.order
    parts = [f"{len(order.lines)} {len(request.rewards)}", "-" if request.card is None else "=" + request.card]
    for l in order.lines:
        parts += (l.sku, l.name, "-" if l.collection is None else "=" + l.collection, str(l.quantity), str(l.unit_price.normalize()))
    parts += (str(order.discount.normalize()), str(order.tax.normalize()), str(order.shipping.normalize()))
    for r in request.rewards:
        parts += (r.reward_id, "-" if r.points is None else str(r.points), "-" if r.coupon is None else "=" + r.coupon)
    if request.at is not None:
        parts.append(request.at.isoformat())
    text = "\x00".join(parts)
    if text.count("\x00") != len(parts) - 1:
        text = _first_hash(request)
    return _FINGERPRINT + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:62]


def _first_hash(request: OrderRequest) -> str:
    """The first form of `request_hash` (what orders committed before "2:" stored)."""
    order = request.order
    data = {
        "card": request.card,
        "lines": [[l.sku, l.name, l.collection, l.quantity, str(l.unit_price.normalize())] for l in order.lines],
        "discount": str(order.discount.normalize()), "tax": str(order.tax.normalize()), "shipping": str(order.shipping.normalize()),
        "rewards": [[r.reward_id, r.points, r.coupon] for r in request.rewards],
    }
    if request.at is not None:  # only when given: an order without `at` keeps the fingerprint it always had
        data["at"] = request.at.isoformat()
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def same_request(stored: str, request: OrderRequest, digest: str) -> bool:
    """Whether an order's stored fingerprint is that of `request` (whose `request_hash` is
    `digest`), in whichever form it was stored."""
    return stored == (digest if stored.startswith(_FINGERPRINT) else _first_hash(request))


def _sale_card(number: str | None, rules: RulesBundle, when: dt.datetime, lock: bool = False,
               also: Callable[[str], tuple[str, int, Sequence[Any]]] | None = None) -> cards.SaleCard | None:
    """The order's card with what the engine needs of it, read in one statement (`cards.sale_card`);
    `lock`: held until the transaction ends (a commit: another till's sale on this card waits)."""
    if number is None:
        return None
    sale = cards.sale_card(number, rules, when, lock=lock, also=also)
    card = sale.card
    if card.status == "replaced":
        raise ValidationError("card", f"{card.number} was replaced by {cards.current_card(card).number}; scan the new card")
    if card.status == "unassigned":
        raise ValidationError("card", f"{card.number} has not been given to a customer yet; enrol the customer first")
    return sale


def _check_coupons(request: OrderRequest, card: Card | None, when: dt.datetime) -> dict[str, Coupon]:
    """The order's coupons, each of this card, unused, unexpired at the order's time, for its reward."""
    coupons: dict[str, Coupon] = {}
    for index, choice in enumerate(request.rewards):
        if not choice.coupon:
            continue
        coupon = Coupon.get_or_none(Coupon.code == choice.coupon)
        where = f"rewards[{index}].coupon"
        if coupon is None or card is None or coupon.card_id != card.id:
            raise ValidationError(where, f"{choice.coupon} is not a coupon of this card")
        if coupon.status == "redeemed":
            raise ValidationError(where, f"{choice.coupon} was already used on order {Order.get_by_id(coupon.redeemed_order_id).order_id}")
        if coupon.status != "issued":
            raise ValidationError(where, f"{choice.coupon} is {coupon.status}")
        if coupon_state(coupon.status, coupon.expires_at, when) == "expired":
            raise ValidationError(where, f"{choice.coupon} expired on {date_text(coupon.expires_at)}")
        if coupon.reward_id != choice.reward_id:
            raise ValidationError(where, f"{choice.coupon} is for reward '{coupon.reward_id}', not '{choice.reward_id}'")
        coupons[choice.coupon] = coupon
    return coupons


def order_time(request: OrderRequest, when: dt.datetime | None = None) -> dt.datetime:
    """The one time an order is counted at — frequency, rule dates, tiers, expiry: the order's
    own `at` (a till replaying offline sales), else `when`, else now."""
    return request.at or when or now()


@lru_cache(maxsize=8)
def _setup_sql(p: str, order: bool) -> str:
    committed = f', (SELECT 1 FROM "order" WHERE "order_id" = {p})' if order else ""
    return f"SELECT {rules_sync.in_force_column(p)}, {settings.cap_columns(p)}{committed}"


def _rules_and_caps(when: dt.datetime, order_id: str | None = None) -> tuple[RulesBundle, str, OrderCaps, bool]:
    """The rules an order at `when` is counted under (those in force at `rules_sync.moment_for`), their checksum,
    the store's caps on an order (`settings.order_caps`) and, given `order_id`, whether that
    order was already committed: one statement, as every quote and commit asks these before
    anything else."""
    moment = rules_sync.moment_for(when)
    database = db.obj
    params = (*rules_sync.in_force_params(moment), *settings.CAP_KEYS, *((order_id,) if order_id is not None else ()))
    row = database.execute_sql(_setup_sql(database.param, order_id is not None), params).fetchone()
    rules, checksum = rules_sync.in_force(row[0], moment)
    return rules, checksum, settings.caps_from(row[1:1 + len(settings.CAP_KEYS)]), order_id is not None and row[-1] is not None


def quote(request: OrderRequest, when: dt.datetime | None = None) -> tuple[Quote, RulesBundle]:
    """What the order earns and costs at its time (`request.at`, else `when`, else now),
    without writing anything."""
    when = order_time(request, when)
    rules, _checksum, caps, _committed = _rules_and_caps(when)  # one version for the whole quote
    check_order(request.order, rules.settings.currency, caps)
    sale = _sale_card(request.card, rules, when)
    card = sale.card if sale is not None else None
    state = cards.state_of(sale.card, rules, sale.customer) if sale is not None else None
    _check_coupons(request, card, when or now())
    q = Engine(rules).quote(request.order, state, request.rewards, when)
    check_points(q.points_earned, caps)
    return q, rules


def _result(order: Order, replayed: bool) -> CommitResult:
    card = cards.current_card(order.card) if order.card_id else None
    return CommitResult(order.order_id, card.number if card else None, str(round_money(order.total, order.currency)), order.points_earned, order.points_spent,
                        order.points_awarded, card.balance if card else None, replayed)


_ORDER_BY_ID = Prepared(lambda order_id: Order.select().where(Order.order_id == order_id).limit(1))


_ORDER_FIELDS = (Order.order_id, Order.card, Order.customer, Order.at, Order.status, Order.currency, Order.subtotal, Order.discount,
                 Order.rewards_off, Order.tax, Order.shipping, Order.shipping_off, Order.total, Order.points_earned, Order.points_spent,
                 Order.points_awarded, Order.content_hash, Order.rules_checksum, Order.till, Order.store)
_LINE_FIELDS = (OrderLine.order, OrderLine.position, OrderLine.sku, OrderLine.name, OrderLine.collection, OrderLine.quantity,
                OrderLine.unit_price, OrderLine.line_total, OrderLine.reward_id)
_EARNING_FIELDS = (OrderEarning.order, OrderEarning.rule_id, OrderEarning.points, OrderEarning.mode, OrderEarning.effective_points,
                   OrderEarning.order_amount, OrderEarning.minimum_order, OrderEarning.eligible_lines, OrderEarning.explanation)
_REWARD_FIELDS = (OrderReward.order, OrderReward.reward_id, OrderReward.kind, OrderReward.points_cost, OrderReward.money_off,
                  OrderReward.coupon, OrderReward.explanation)


def commit(request: OrderRequest, when: dt.datetime | None = None, user: str = "") -> CommitResult:
    """Commit the order and its points in one transaction; a replay returns the first result.

    The write path of every sale, kept lean: whether the order was already committed is read
    with the rules, before the write lock (a retry is answered without waiting for it); the card
    is read once, its lots and the customer's counters are running totals, and every INSERT's
    SQL is written once (`store.statements`). Two tills (or a retry racing its first try)
    committing one order commit it once: the order id is unique, so the second one's INSERT
    fails — or, before it, its coupon or points are found used by the first — and it then finds
    the first one's order and replays it."""
    when = order_time(request, when)
    digest = request_hash(request)
    rules, rules_checksum, caps, committed = _rules_and_caps(when, request.order.order_id)  # read once: the whole commit uses this one version
    existing = _ORDER_BY_ID.first(request.order.order_id) if committed else None
    if existing is not None:
        return _replay(existing, request, digest)
    check_order(request.order, rules.settings.currency, caps)
    try:
        return _commit(request, when, user, digest, rules, rules_checksum, caps)
    except (IntegrityError, ValidationError):  # committed meanwhile (another till, the first try): that order's result, else the error
        existing = _ORDER_BY_ID.first(request.order.order_id)
        if existing is None:
            raise
        return _replay(existing, request, digest)


def _read_with_card(rules: RulesBundle, day: dt.date) -> Callable[[str], tuple[str, int, Sequence[Any]]]:
    """What a commit reads with its card (`cards.sale_card`'s `also`) besides what the engine
    needs: the customer's latest day with a row (a second sale that day opens none:
    `counters.record_order`); under rules with triggers, the customer's firings that stand
    (`triggers.standing_column`: what `triggers.on_commit` decides on); under rules with
    milestones, the running totals they count up to the sale's day and the next steps due
    (`programme.due_columns`: what tells `programme.on_order` that nothing is due). The sale
    writes none of them before it asks."""
    firings, milestones = bool(rules.triggers), programme.has_milestones(rules)

    def columns(p: str) -> tuple[str, int, Sequence[Any]]:
        return _also_sql(p, firings, milestones), 1 + firings + 2 * milestones, (day,) if milestones else ()
    return columns


@lru_cache(maxsize=8)
def _also_sql(p: str, firings: bool, milestones: bool) -> str:
    parts = [counters.latest_day_column("c.customer_id")]
    if firings:
        parts.append(triggers.standing_column("c.customer_id"))
    if milestones:
        parts.append(programme.due_columns(p, "c.customer_id"))
    return ", ".join(parts)


def _commit(request: OrderRequest, when: dt.datetime, user: str, digest: str, rules: RulesBundle, rules_checksum: str,
            caps: OrderCaps) -> CommitResult:
    with transaction(row_locks=True):
        sale = _sale_card(request.card, rules, when, lock=True, also=_read_with_card(rules, when.date()))  # another till's sale on this card waits until we commit
        card = sale.card if sale is not None else None
        state: CardState | None = None
        if sale is not None:
            if sale.expired:
                ledger.expire_due(sale.card, when)  # the card's balance is then what is left
            state = cards.state_of(sale.card, rules, sale.customer)
        coupons = _check_coupons(request, card, when)
        q = Engine(rules).quote(request.order, state, request.rewards, when, options=False)  # nothing is offered at a commit
        check_points(q.points_earned, caps)
        award_now = rules.settings.award_on == "paid"
        awarded = award_now or q.points_earned == 0
        customer_id = card.customer_id if card else None
        order_id = insert_one(Order, _ORDER_FIELDS, (
            request.order.order_id, card.id if card else None, customer_id, when, "committed", q.currency, q.subtotal, q.discount,
            q.rewards_off, q.tax, q.shipping, q.shipping_off, q.total, q.points_earned, q.points_spent, awarded, digest, rules_checksum,
            *sync.this_till()))
        line_rows = [(order_id, i, l.sku, l.name, l.collection, l.quantity, l.unit_price, q.line_totals[i], None) for i, l in enumerate(request.order.lines)]
        offset = len(line_rows)
        line_rows += [(order_id, offset + i, f.sku, f.name, None, 1, f.value, f.value, f.reward_id) for i, f in enumerate(q.free_lines)]
        insert_many(OrderLine, _LINE_FIELDS, line_rows)
        earnings = [e for e in q.earnings if e.rule_id != "-"]
        insert_many(OrderEarning, _EARNING_FIELDS, [(order_id, e.rule_id, e.points, e.mode, str(e.effective_points), e.order_amount, e.minimum_order,
                                                     _lines_text(e.eligible_lines, texts), e.explanation) for texts in ({},) for e in earnings])
        insert_many(OrderReward, _REWARD_FIELDS, [(order_id, a.reward_id, a.kind, a.points_cost, a.money_off + a.shipping_off,
                                                   coupons[a.coupon].id if a.coupon else None, a.explanation) for a in q.applied])
        for a in q.applied:
            if a.coupon:
                Coupon.update(status="redeemed", redeemed_order=order_id).where(Coupon.id == coupons[a.coupon].id).execute()
                if coupons[a.coupon].source == "trigger":  # a trigger's coupon used: its campaign converted
                    triggers.on_coupon_redeemed(coupons[a.coupon].id, order_id, q.total)
        counters.record_order(customer_id, when, q.total, [e.rule_id for e in earnings if e.points > 0],
                              q.points_earned if card is not None and award_now else 0,  # the points earned counted with the order
                              sale.also[0] if sale is not None else None)
        counters.record_products(customer_id, counters.sale_products((l.sku, l.quantity) for l in request.order.lines))
        if card is not None:
            entries = [ledger.NewEntry(-q.points_spent, "spend", f"order:{request.order.order_id}:spend", when, order_id=order_id, note="rewards", user=user)]
            if award_now:
                expires = expiry_for(when, rules.settings.points_expire_after_days, rules.settings.points_expire_on)
                entries.append(ledger.NewEntry(q.points_earned, "earn", f"order:{request.order.order_id}:earn", when, expires, order_id=order_id, user=user))
            ledger.write(card, entries)
            changes.announce("card", card.number)  # its orders and tier, even when no point moved
            if q.points_spent or coupons:  # on a till of a hub: the hub settles it, holding the card (services/sync.py)
                sync.guard_redemption(card.id, card.number, q.points_spent, coupons)
        unlocked: tuple[programme.Unlocked, ...] = ()
        if card is not None:
            milestones = programme.SaleTotals(*sale.also[-2:], (1, counters.stored_money(q.total), q.points_earned if award_now else 0, 0)) \
                if programme.has_milestones(rules) else None
            unlocked = tuple(programme.on_order(card, customer_id, when, user, rules=rules, sale=milestones))
        fired: tuple[triggers.FiredTrigger, ...] = ()
        if card is not None:
            fired = triggers.on_commit(triggers.CompletedOrder(order_id, request.order.order_id, customer_id, q.total,
                                                               frozenset(l.sku for l in request.order.lines)), card, when, user,
                                       rules, rules_checksum, standing_of(sale.also[1]) if rules.triggers else None)
        changes.announce("order", request.order.order_id)
    return CommitResult(request.order.order_id, card.number if card else None, str(round_money(q.total, q.currency)), q.points_earned,
                        q.points_spent, awarded, card.balance if card else None, False, unlocked, fired)


def _lines_text(lines: tuple[int, ...], texts: dict[int, str]) -> str:
    """An earning's eligible lines as stored ("0,3,7"), written once per set of lines in an order
    (`texts`, by the tuple's identity: the quote's rules share the one tuple of every line, and
    hashing its 30 numbers for each rule cost more than the look-up saved)."""
    text = texts.get(id(lines))
    if text is None:
        text = texts[id(lines)] = ",".join(map(str, lines))
    return text


def _replay(existing: Order, request: OrderRequest, digest: str) -> CommitResult:
    if not same_request(existing.content_hash, request, digest):
        raise Conflict("order_id", f"order {existing.order_id} was already committed with different content")
    return _result(existing, replayed=True)


def fulfil(order_id: str, when: dt.datetime | None = None, user: str = "") -> CommitResult:
    """Mark the order fulfilled; for stores that award on fulfilment, the points land now, once."""
    when = when or now()
    unlocked: tuple[programme.Unlocked, ...] = ()
    with transaction(row_locks=True):
        order = locked(Order.get_or_none(Order.order_id == order_id))
        if order is None:
            raise NotFound("order_id", f"no order {order_id}")
        if order.status in ("cancelled", "refunded"):  # nothing left to deliver: no points, no trigger
            raise ValidationError("order_id", f"order {order_id} was {order.status}; it cannot be fulfilled")
        if order.fulfilled_at is None or not order.points_awarded:  # a second fulfil changes nothing
            changes.announce("order", order.order_id)
        fired: tuple[triggers.FiredTrigger, ...] = ()
        if order.fulfilled_at is None:
            order.fulfilled_at = when
            if order.card_id is not None and rules_sync.active_rules()[0].settings.award_on == "fulfilled":
                fired = triggers.on_order_completed(triggers.completed(order), locked(cards.current_card(order.card)), when, user)
        rules, _ = rules_sync.active_rules()
        expired = already_expired(when, rules.settings.points_expire_after_days, rules.settings.points_expire_on)
        if not order.points_awarded and order.card_id is not None and not expired:
            reversed_before = sum(refunds.reversed_by_rule(order).values())
            card = locked(cards.current_card(order.card))
            expires = expiry_for(when, rules.settings.points_expire_after_days, rules.settings.points_expire_on)
            ledger.append(card, order.points_earned - reversed_before, "earn", f"order:{order.order_id}:earn", at=when, expires_at=expires, order=order, user=user)
            counters.record_points(order.customer_id, order.at, order.points_earned - reversed_before)
            unlocked = tuple(programme.on_order(card, order.customer_id, when, user))
        order.points_awarded = order.points_awarded or not expired  # points past their date the moment they land are never awarded
        order.save()
    return dataclasses.replace(_result(order, replayed=False), unlocked=unlocked, fired=fired)


def order_ledger(order: Order) -> list[LedgerEntry]:
    return list(LedgerEntry.select().where(LedgerEntry.order == order).order_by(LedgerEntry.id))
