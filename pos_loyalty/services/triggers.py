"""Customer-reward triggers at the till (seed 002): run when an order completes (inside the
commit's transaction when points are awarded on payment, inside the fulfilment's when they are
awarded on fulfilment), on a coupon's redemption (conversion) and on a refund (un-qualify).

What fires is decided by `domain.triggers` on the customer's whole history — every order,
also those from before the trigger existed — read from running totals, never from the
ledger or the order lines: the orders and amount spent from `customer_day`
(`counters.stats`), the products from `customer_product`, and for a BOGO watching several SKUs
the orders containing any of them from `customer_product_group` (per-SKU counts would count an
order with two of them twice): such a row is counted from the customer's orders once, the first
time a sale needs it under the active rules version, then kept with every sale and refund.

A firing writes a `trigger_log` row and issues the reward: a coupon (`coupons.grant`, expiring
after the trigger's `coupon_valid_days`) or bonus points (ledger kind `trigger`, key
`trigger:<log id>`, expiring like earned points); then a message is due (`_queue_message`).

Blocked (seed 002: "email addresses that did not qualify"): the customer is not opted in to
marketing and the trigger sends only to those who are, has no e-mail address, or the card is
not active (suspended). A blocked firing issues NO reward — in seed 002 the message is the
reward's delivery, and a customer outside the sending filter is not part of the campaign — and
does not count as the trigger having fired: the row says why, and if the customer later
qualifies (opts in, adds an address, is reactivated) the next completed order fires it. A
blocked row is written once per trigger and step, not on every order.

A refund that takes the customer back below a firing's criterion voids its coupon if unused or
takes back its bonus points (key `trigger:<log id>:reverse`), and the row says so
(`revoked_at`, reason); reaching the criterion again fires it again. Firings of triggers
deleted from the bundle are left as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Mapping

from peewee import fn

from ..domain import triggers as rules_of
from ..domain.ledger import expiry_for
from ..store.fields import money_from_db
from ..store.models import Card, Coupon, Customer, Message, Order, OrderLine, Refund, TriggerLog, db
from ..store.running_totals import read_standing, refresh_standing, write_standing
from ..store.statements import insert_one
from . import cards, changes, counters, coupons, ledger, rules_sync, sync

EVER = dt.datetime(1900, 1, 1)  # counters.stats from this day on: the whole history


@dataclass(frozen=True)
class CompletedOrder:
    """What a completed order tells the triggers (the commit has it in hand; `fulfil` reads it)."""

    id: int  # the order row's id
    order_id: str
    customer_id: int | None
    total: Decimal  # net of any refund already made
    skus: frozenset[str]  # bought, not the free lines a reward added


@dataclass(frozen=True)
class FiredTrigger:
    """A trigger a completed order fired, as the checkout shows it."""

    log_id: int
    trigger_id: str
    name: str
    status: str  # pending (message queued) | blocked
    reason: str
    coupon: str | None
    points: int

    def summary(self) -> str:
        """E.g. "BOGO: coupon 7KQ2MXP4RT issued — e-mail queued"."""
        if self.status == "blocked":
            return f"{self.name}: reached, nothing issued ({self.reason})"
        what = f"coupon {self.coupon}" if self.coupon else f"{self.points:+,} points"
        return f"{self.name}: {what} issued — e-mail queued"


def completed(order: Order) -> CompletedOrder:
    """An order read back (fulfilment): its total net of refunds and its bought SKUs."""
    skus = frozenset(s for (s,) in OrderLine.select(OrderLine.sku).where((OrderLine.order == order) & OrderLine.reward_id.is_null()).tuples())
    return CompletedOrder(order.id, order.order_id, order.customer_id, order.total - _refunded(order.id), skus)


def _refunded(order_id: int) -> Decimal:
    return money_from_db(Refund.select(fn.SUM(Refund.amount)).where(Refund.order == order_id).scalar())


def _live_rows(customer_id: int) -> list[tuple[int, str, int, str, int | None]]:
    """The customer's firings not taken back: (log id, trigger id, step, status, order id) —
    plain SQL (an index probe), read on every sale a trigger could concern."""
    p = db.obj.param
    sql = f"SELECT id, trigger_id, step, status, order_id FROM trigger_log WHERE customer_id = {p} AND revoked_at IS NULL"
    return [tuple(row) for row in db.obj.execute_sql(sql, (customer_id,))]  # type: ignore[misc]


def standing_column(customer: str) -> str:
    """The firings that stand for the customer whose id is the SQL expression `customer` (per
    trigger the highest step, neither blocked nor taken back: `customer_firing`, migration 0025),
    for a statement that reads something else of the customer (a sale's card, `cards.sale_card`):
    one look-up by the customer's id, whatever the customer's history
    (`store.running_totals.standing_of` reads it)."""
    return f"(SELECT steps FROM customer_firing WHERE customer_id = {customer})"


_LIVE: dict[int, tuple[Any, dt.date, list[Any]]] = {}


def _live(rules: Any, day: dt.date) -> list[Any]:
    """The bundle's triggers live on `day`, worked out once per bundle object and day (every
    sale with a card asks: `on_order_completed`)."""
    entry = _LIVE.get(id(rules))
    if entry is None or entry[0] is not rules or entry[1] != day:
        if len(_LIVE) > 16:
            _LIVE.clear()
        entry = _LIVE[id(rules)] = (rules, day, [t for t in rules.triggers if t.live_on(day)])
    return entry[2]


def _blocked_before(customer_id: int, trigger_id: str, step: int) -> bool:
    """Whether this trigger's step was already logged as blocked for the customer (one probe)."""
    p = db.obj.param
    return db.obj.execute_sql(f"SELECT 1 FROM trigger_log WHERE customer_id = {p} AND trigger_id = {p} AND step = {p} "
                              f"AND status = 'blocked' AND revoked_at IS NULL LIMIT 1", (customer_id, trigger_id, step)).fetchone() is not None


def _history(customer_id: int, wanted: Iterable[Any], checksum: str, order_total: Decimal = Decimal(0),
             order_skus: frozenset[str] = frozenset()) -> rules_of.History:
    """The customer's history as the triggers `wanted` need it (only what they read is read)."""
    wanted = list(wanted)
    kinds = {t.criterion.kind for t in wanted}
    orders, spent = 0, Decimal(0)
    if kinds & {"order_count", "total_spent", "average_spent"}:
        orders, [(_o, spent)] = counters.stats(customer_id, [EVER])
    products: dict[str, tuple[int, int]] = {}
    any_product = any(t.criterion.kind == "product_units" and not t.products for t in wanted)
    skus = sorted({s for t in wanted if t.criterion.kind in ("bogo", "product_units") for s in t.products})
    database, p = db.obj, db.obj.param
    if any_product:
        rows = database.execute_sql(f"SELECT sku, orders, units FROM customer_product WHERE customer_id = {p}", (customer_id,))
    elif skus:
        rows = database.execute_sql(f"SELECT sku, orders, units FROM customer_product WHERE customer_id = {p} AND sku IN ({', '.join([p] * len(skus))})",
                                    (customer_id, *skus))
    else:
        rows = []
    products = {sku: (o, u) for sku, o, u in rows}
    groups = list(dict.fromkeys(tuple(sorted(set(t.products))) for t in wanted if t.criterion.kind == "bogo" and len(set(t.products)) > 1))
    with_any = _group_orders(customer_id, groups, checksum) if groups else {}
    return rules_of.History(orders, spent, order_total, order_skus, products, with_any)


def group_key(skus: Iterable[str], checksum: str) -> str:
    """The `customer_product_group` key of a set of SKUs under a rules version (44 characters)."""
    return _group_key(tuple(sorted(set(skus))), checksum)


@lru_cache(maxsize=256)
def _group_key(skus: tuple[str, ...], checksum: str) -> str:
    """Worked out once per group and version: every sale with a watched product asks."""
    digest = hashlib.sha256("\n".join(skus).encode()).hexdigest()
    return f"{checksum[:16]}:{digest[:27]}"


_GROUPS: dict[int, tuple[Any, list[tuple[str, ...]]]] = {}


def _groups(rules: Any) -> list[tuple[str, ...]]:
    """The SKU sets of the bundle's BOGO triggers that watch several products (worked out once
    per bundle object: the active bundle is kept, and every sale asks)."""
    entry = _GROUPS.get(id(rules))
    if entry is None or entry[0] is not rules:
        if len(_GROUPS) > 16:
            _GROUPS.clear()
        groups = sorted({tuple(sorted(set(t.products))) for t in rules.triggers if t.criterion.kind == "bogo" and len(set(t.products)) > 1})
        entry = _GROUPS[id(rules)] = (rules, groups)
    return entry[1]


def _group_orders(customer_id: int, groups: list[tuple[str, ...]], checksum: str) -> dict[tuple[str, ...], int]:
    """For each group of SKUs, the customer's orders containing any of them: the kept rows (one
    read for all), or (the first time under this rules version) counted from the customer's
    orders and kept from now on."""
    p = db.obj.param
    keys = {group_key(skus, checksum): skus for skus in groups}
    found = dict(db.obj.execute_sql(f"SELECT group_key, orders FROM customer_product_group WHERE customer_id = {p} "
                                    f"AND group_key IN ({', '.join([p] * len(keys))})", (customer_id, *keys)).fetchall())
    out: dict[tuple[str, ...], int] = {}
    for key, skus in keys.items():
        if key in found:
            out[skus] = int(found[key])
            continue
        out[skus] = orders = _orders_with_any(customer_id, skus)
        db.obj.execute_sql(f"INSERT INTO customer_product_group (customer_id, group_key, orders) VALUES ({p}, {p}, {p}) "
                           "ON CONFLICT (customer_id, group_key) DO NOTHING", (customer_id, key, orders))
    return out


def _add_to_groups(customer_id: int, changes: Iterable[tuple[tuple[str, ...], int]], checksum: str) -> None:
    """A sale (+1) or a refund (-1) changes the orders of these groups: rows not counted yet
    are left to be counted from the orders when first needed (they will include this one)."""
    rows = [(delta, customer_id, group_key(skus, checksum)) for skus, delta in changes if delta]
    if rows:
        p = db.obj.param
        db.obj.cursor().executemany(f"UPDATE customer_product_group SET orders = orders + {p} WHERE customer_id = {p} AND group_key = {p}", rows)


def on_commit(order: CompletedOrder, card: Card, at: dt.datetime, user: str, rules: Any, checksum: str,
              fired: Mapping[str, int] | None = None) -> tuple[FiredTrigger, ...]:
    """A sale committed (inside its transaction): the groups of watched products it contains
    count one more order; when points are awarded on payment the order is completed now, and
    what it fires is returned (with award on fulfilment, `fulfil` completes it). `fired`: the
    customer's firings that stand, read with its card (`standing_column`; else read here)."""
    if order.customer_id is None or not rules.triggers:
        return ()
    _add_to_groups(order.customer_id, [(g, 1) for g in _groups(rules) if not order.skus.isdisjoint(g)], checksum)
    if rules.settings.award_on != "paid":
        return ()
    return on_order_completed(order, card, at, user, (rules, checksum), fired)


def _orders_with_any(customer_id: int, skus: tuple[str, ...]) -> int:
    """Separate orders of the customer with some of these SKUs left after refunds (a BOGO
    watching several products; an index range of the customer's orders)."""
    p = db.obj.param
    marks = ", ".join([p] * len(skus))
    sql = ('SELECT COUNT(*) FROM (SELECT o.id FROM "order" o JOIN order_line l ON l.order_id = o.id '
           f"WHERE o.customer_id = {p} AND o.status NOT IN ('refunded', 'cancelled') AND l.reward_id IS NULL AND l.sku IN ({marks}) "
           "AND l.quantity > COALESCE((SELECT SUM(rl.quantity) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id "
           "WHERE r.order_id = o.id AND rl.position = l.position), 0) GROUP BY o.id) with_any")
    return int(db.obj.execute_sql(sql, (customer_id, *skus)).fetchone()[0])


def _blocked(trigger: Any, customer: Customer, card: Card) -> str:
    if card.status != "active":
        return f"card {card.number} is {card.status}"
    if trigger.send_to == "opted_in" and not customer.marketing_opt_in:
        return "the customer has not opted in to marketing"
    if not customer.email:
        return "the customer has no e-mail address"
    return ""


def on_order_completed(order: CompletedOrder, card: Card, at: dt.datetime, user: str = "", active: tuple[Any, str] | None = None,
                       known: Mapping[str, int] | None = None) -> tuple[FiredTrigger, ...]:
    """Fire what the completed order fires (inside its transaction, on the order's card read in
    it); returns what fired, blocked firings included. Cheap when nothing can fire: triggers
    that are not live or do not watch the order's products cost nothing, and the history is
    read only for those that can."""
    if order.customer_id is None:
        return ()
    rules, checksum = active or rules_sync.active_rules()
    candidates = [t for t in _live(rules, at.date()) if rules_of.watches(t, order.skus)]
    if not candidates:
        return ()
    fired = known if known is not None else read_standing(db.obj, order.customer_id)
    candidates = [t for t in candidates if t.repeat_every or t.id not in fired]
    if not candidates:
        return ()
    history = _history(order.customer_id, candidates, checksum, order.total, order.skus)
    firings = rules_of.to_fire(candidates, history, fired, at.date())
    if not firings:
        return ()
    customer = _customer(order.customer_id)
    out: list[FiredTrigger] = []
    bonus: list[ledger.NewEntry] = []  # every bonus of this order in one ledger write (one balance update)
    store: tuple[str, str] | None = None
    standing: dict[str, int] = {}  # the steps that stand from now on
    for firing in firings:
        trigger, reason = firing.trigger, _blocked(firing.trigger, customer, card)
        if reason and _blocked_before(order.customer_id, trigger.id, firing.step):
            continue  # already logged as blocked for this step
        coupon = None
        if not reason and trigger.reward.reward_id is not None:
            expires = at + dt.timedelta(days=trigger.coupon_valid_days) if trigger.coupon_valid_days else None
            coupon = coupons.grant(card, trigger.reward.reward_id, source="trigger", reason=f"trigger '{trigger.name}': {firing.explanation}",
                                   user=user, at=at, expires_at=expires)
        points = trigger.reward.points if not reason and trigger.reward.points else 0
        status = "blocked" if reason else "pending"
        values = (trigger.id, trigger.name, order.customer_id, card.id, order.id, firing.step, status, reason or firing.explanation,
                  coupon.id if coupon else None, points, at)
        row = TriggerLog(id=insert_one(TriggerLog, _LOG_FIELDS, values), **{f.name: v for f, v in zip(_LOG_FIELDS, values)})
        if points:
            bonus.append(ledger.NewEntry(points, "trigger", f"trigger:{sync.global_id('trigger_log', row.id)}", at, _points_expiry(rules, at), note=trigger.name, user=user))
        if not reason:
            standing[trigger.id] = max(firing.step, standing.get(trigger.id, firing.step))
            if store is None:
                from . import messages  # the outbox and its mail modules: loaded when a trigger first fires

                store = messages.store_settings()  # read once for every message of this order
            _queue_message(row, trigger, customer, rules, coupon, store)
        out.append(FiredTrigger(row.id, trigger.id, trigger.name, row.status, row.reason, coupon.code if coupon else None, points))
    if standing:
        _stand(order.customer_id, standing)
    if bonus:
        ledger.write(card, bonus)
    if out:
        changes.announce("order", order.order_id)
        changes.announce("card", card.number)
    return tuple(out)


def _stand(customer_id: int, steps: Mapping[str, int]) -> None:
    """Firings that stand from now on (trigger id → step) kept in the customer's row of
    `customer_firing`, in the firing's transaction (read again, locked on the hub: what the
    sale read with its card may be another sale's by now)."""
    standing = read_standing(db.obj, customer_id)
    for trigger_id, step in steps.items():
        standing[trigger_id] = max(step, standing.get(trigger_id, step))
    write_standing(db.obj, customer_id, standing)


def _customer(customer_id: int) -> Customer:
    """The firing's customer as the sending filter and the message read it (name, address,
    opt-in): one plain read, not a whole row built by peewee (a third of a firing's reads)."""
    p = db.obj.param
    name, email, opt_in = db.obj.execute_sql(f"SELECT name, email, marketing_opt_in FROM customer WHERE id = {p}", (customer_id,)).fetchone()
    return Customer(id=customer_id, name=name, email=email, marketing_opt_in=bool(opt_in))


_LOG_FIELDS = (TriggerLog.trigger_id, TriggerLog.trigger_name, TriggerLog.customer, TriggerLog.card, TriggerLog.order, TriggerLog.step,
               TriggerLog.status, TriggerLog.reason, TriggerLog.coupon, TriggerLog.points, TriggerLog.at)


def _points_expiry(rules: Any, at: dt.datetime) -> dt.datetime | None:
    return expiry_for(at, rules.settings.points_expire_after_days, rules.settings.points_expire_on)


def _queue_message(log_row: TriggerLog, trigger: Any, customer: Customer, rules: Any, coupon: Coupon | None,
                   store: tuple[str, str] | None = None) -> None:
    """Queue the firing's message to the customer in the outbox, inside the firing's transaction
    (key ``trigger:<log id>``: queueing is idempotent). The log row stays `pending` until the
    outbox records the message sent, which calls `message_sent` in that same transaction."""
    from . import messages

    messages.queue(f"trigger:{sync.global_id('trigger_log', log_row.id)}", customer, trigger.message.subject, trigger.message.text, trigger.message.html,
                   message_context(log_row, rules, customer, coupon), source=trigger.id, card=log_row.card_id, coupon=coupon, at=log_row.at,
                   fresh_key=True, store=store)  # the log row was just inserted: no message can have its key yet


def message_context(log_row: TriggerLog, rules: Any, customer: Customer | None = None, coupon: Coupon | None = None) -> dict[str, object]:
    """The template context of a firing's message. `customer` and `coupon`: the rows the firing
    already holds (read from the log row otherwise)."""
    from ..formats import date_text

    if coupon is None and log_row.coupon_id:
        coupon = log_row.coupon
    reward = rules.reward(coupon.reward_id) if coupon is not None else None
    return {
        "customer_name": (customer or log_row.customer).name,
        "reward_name": (reward.name if reward is not None else coupon.reward_id) if coupon is not None else f"{log_row.points} points",
        "coupon_code": coupon.code if coupon is not None else "",
        "coupon_expires": date_text(coupon.expires_at) if coupon is not None and coupon.expires_at else "",
        "points": log_row.points,
    }


def mark_sent(log_id: int, when: dt.datetime) -> None:
    """The firing's message was accepted by the mail server (called by the sender). A row
    already converted stays `conversion`."""
    TriggerLog.update(status="sent", sent_at=when).where((TriggerLog.id == log_id) & (TriggerLog.status == "pending")).execute()
    TriggerLog.update(sent_at=when).where((TriggerLog.id == log_id) & TriggerLog.sent_at.is_null()).execute()


def message_sent(key: str, when: dt.datetime) -> None:
    """The outbox sent the message queued under `key` (call in the transaction that records it):
    when it is a firing's (`trigger:<log id>`), that log row says sent. Other keys are left alone."""
    prefix, _, log_id = key.partition(":")
    if prefix == "trigger" and log_id.isascii() and log_id.isdigit():
        mark_sent(int(log_id), when)


def on_coupon_redeemed(coupon_id: int, order_id: int, total: Decimal) -> None:
    """A later order redeemed a coupon a trigger issued (inside the commit): a conversion, linked
    to that order and its total."""
    TriggerLog.update(status="conversion", conversion_order=order_id, conversion_total=total).where(
        (TriggerLog.coupon == coupon_id) & (TriggerLog.status != "blocked")).execute()


def on_refund(order: Order, completes: bool, at: dt.datetime, user: str = "", card: Card | None = None,
              refunded_now: dict[int, int] | None = None) -> list[str]:
    """After a refund of `order` (inside its transaction; `card`: the order's card as the refund
    locked it, kept up to date): a refund that completes the order takes back the conversions
    it made (its coupons are issued again); firings the customer no longer qualifies for are
    taken back. Returns the reasons written."""
    if completes:
        for row in TriggerLog.select().where((TriggerLog.conversion_order == order) & TriggerLog.revoked_at.is_null()):
            row.status, row.conversion_order, row.conversion_total = ("sent" if row.sent_at else "pending"), None, None
            row.save()
    if order.customer_id is None:
        return []
    rules, checksum = rules_sync.active_rules()
    groups = _groups(rules)
    if groups and refunded_now:
        _add_to_groups(order.customer_id, _groups_left(order, groups, refunded_now), checksum)
    rows = [r for r in _live_rows(order.customer_id) if r[3] != "blocked"]
    if not rows:
        return []
    present = {t.id: t for t in rules.triggers}
    wanted = [present[r[1]] for r in rows if r[1] in present]
    if not wanted:
        return []
    history = _history(order.customer_id, wanted, checksum)
    standing = [rules_of.Fired(log_id, trigger_id, step, (_net_total(order_ref) if present[trigger_id].criterion.kind == "order_spent" else Decimal(0)))
                for log_id, trigger_id, step, _status, order_ref in rows if trigger_id in present]
    reasons = []
    for log_id, why in rules_of.unqualified(wanted, history, standing):
        reasons.append(_revoke(TriggerLog.get_by_id(log_id), why, at, user, card))
    return reasons


def _groups_left(order: Order, groups: list[tuple[str, ...]], refunded_now: dict[int, int]) -> list[tuple[tuple[str, ...], int]]:
    """The groups the refunded order no longer counts for: it had some of their products before
    this refund and has none left (-1 each)."""
    from .refunds import refunded_quantities

    after = refunded_quantities(order)
    lines = list(OrderLine.select(OrderLine.position, OrderLine.sku, OrderLine.quantity).where(
        (OrderLine.order == order) & OrderLine.reward_id.is_null()).tuples())
    out = []
    for group in groups:
        mine = [(position, quantity) for position, sku, quantity in lines if sku in group]
        left_after = sum(q - after.get(pos, 0) for pos, q in mine)
        left_before = left_after + sum(refunded_now.get(pos, 0) for pos, _q in mine)
        if left_before > 0 >= left_after:
            out.append((group, -1))
    return out


def _net_total(order_id: int | None) -> Decimal:
    """An order's total net of its refunds (what 'spent in one order' compares after a refund)."""
    if order_id is None:
        return Decimal(0)
    order = Order.get_by_id(order_id)
    return order.total - _refunded(order_id)


def _revoke(row: TriggerLog, why: str, at: dt.datetime, user: str, locked_card: Card | None) -> str:
    card = cards.current_card(row.card)
    if locked_card is not None and locked_card.id == card.id:
        card = locked_card  # the refund's own copy: its balance stays right for the refund's result
    if row.coupon_id:
        voided = coupons.void_unused(row.coupon_id, f"trigger '{row.trigger_name}' {why}", user=user, at=at)
        what = f"coupon {row.coupon.code} voided" if voided else f"coupon {row.coupon.code} already {Coupon.get_by_id(row.coupon_id).status}, kept"
    else:
        ledger.append(card, -row.points, "trigger", f"trigger:{sync.global_id('trigger_log', row.id)}:reverse", at=at, note=f"{row.trigger_name}: taken back", user=user)
        what = f"{row.points} points taken back"
    row.revoked_at = at
    row.reason = f"refund: {why}; {what}"
    row.save()
    refresh_standing(db.obj, [(row.customer_id, row.trigger_id)])  # a lower step may stand now, or none
    # Its e-mail, if not sent yet, must not go out with a reward taken back.
    Message.update(status="blocked", next_attempt_at=None, last_answer=f"not sent: {row.reason}").where(
        (Message.key == f"trigger:{sync.global_id('trigger_log', row.id)}") & (Message.status == "pending")).execute()
    changes.announce("card", card.number)
    return row.reason
