"""Milestones at work (seed 001): paid at the commit, fulfilment or review that reaches a step,
taken back by the refund that takes the customer below it, and the inactivity steps paid by the
daily job (`run_daily`), which also runs the points expiry sweep and the other daily steps.

Figures come from the customer's running sums (`customer_day`: orders, amount spent, points
earned, reviews, each net of refunds and cancellations): the latest row up to the moment (or the
rule's end) less the last row before the rule's start — one statement for every rule, read only
when the bundle has milestones. A customer's awards are one query.

Paying a step: a `milestone_award` row (unique per customer, rule and step) and either bonus
points — ledger kind "milestone", key ``milestone:<award id>:<times>``, expiring like earned
points and NOT counted as points earned — or a coupon for the step's product reward
(`coupons.grant`, with the rule's `coupon_valid_days`). Reversing it: the points go back under
``milestone:<award id>:<times>:reverse``, an unused coupon is voided, the award is 'reversed';
a later reach pays it again as `times` + 1. Every change is guarded by the award's status and
`times` and every ledger key is unique, so doing either twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from typing import Any, Callable, NamedTuple

from peewee import fn

from ..domain.ledger import expiry_for
from ..domain.milestones import (HIDDEN_KINDS, Evaluation, MilestoneWords, amount_text, evaluate, figure_window, gift_words, progress_line,
                                progress_text, reached_line, step_key, step_product)
from ..store.database import SqliteDatabase, lock_customer, locked, transaction
from ..store.fields import MONEY_SCALE, money_from_db
from ..store.models import AuditLog, Card, MilestoneAward, db, now
from ..store.running_totals import as_date, forget_due
from ..store.statements import insert_one
from . import audit, cards, changes, coupons, expiry, ledger, rules_sync, sync

log = logging.getLogger(__name__)

_COLUMNS = {"orders": "orders_to_date", "amount_spent": "spent_to_date", "points_earned": "points_to_date", "reviews": "reviews_to_date"}
_CHUNK = 2_000  # customers read at once by the daily job
_PAY_BATCH = 50  # inactivity steps paid per transaction: a sale waits a few milliseconds at most
_INACTIVITY_RUN = "programme.inactivity"
_EVERYTHING = dt.datetime(9999, 12, 30)  # a refund's figures: every day recorded (up to a rule's end)


@dataclass(frozen=True)
class Unlocked:
    """A step just reached, as the till and the CLI say it."""

    rule_id: str
    rule: str
    requirement: str  # e.g. "5 orders", "€250.00 spent"
    points: int
    coupon: str | None  # the coupon's code, for a free product
    product: str | None
    text: str  # "Order milestones — 5 orders: +100 points" (English: the CLI's)
    kind: str = ""  # the rule's kind, the step's requirement and the currency: `line` says it again
    requirement_value: Decimal = Decimal(0)
    currency: str = ""

    def line(self, words: MilestoneWords) -> str:
        """`text` in `words` (the app's language: the checkout's message after the sale)."""
        if not self.kind:
            return self.text
        return reached_line(self.rule, self.kind, self.requirement_value, self.currency, self.points if self.coupon is None else None,
                            self.product or "", self.coupon, words)


@dataclass(frozen=True)
class Progress:
    """One milestone rule's progress for a card (manager view; `hidden` rows are inactivity)."""

    rule_id: str
    rule: str
    kind: str
    figure: Decimal
    next_requirement: Decimal | None
    hidden: bool
    text: str  # "Order milestones: 7 of 20 orders — next: 500 points" (English: the CLI's)
    next_points: int | None = None  # what the next step gives: points, or
    next_product: str = ""  # the product a free-product step gives
    currency: str = ""  # of an amount_spent rule's figures

    def line(self, words: MilestoneWords) -> str:
        """`text` in `words` (the app's language: the milestone panel and the slip)."""
        gift = gift_words(self.next_points, self.next_product, words) if self.next_requirement is not None else ""
        return progress_line(self.rule, self.kind, self.figure, self.next_requirement, gift, self.currency, words)


_EVENT_RULES: dict[int, tuple[Any, list[Any]]] = {}


def _event_rules(bundle: Any) -> list[Any]:
    """The bundle's milestone rules a sale or an action can reach (not inactivity), one list per
    bundle object (`_layout` keeps its work by the list)."""
    entry = _EVENT_RULES.get(id(bundle))
    if entry is None or entry[0] is not bundle:
        if len(_EVENT_RULES) > 16:
            _EVENT_RULES.clear()
        entry = _EVENT_RULES[id(bundle)] = (bundle, [r for r in getattr(bundle, "milestones", ()) if r.kind not in HIDDEN_KINDS])
    return entry[1]


def has_milestones(bundle: Any) -> bool:
    """Whether the bundle has milestone rules a sale can reach (what a commit reads for them)."""
    return bool(_event_rules(bundle))


# -- figures ------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _figures_sql(p: str, probes: tuple[tuple[str, str], ...], awarded: bool = False) -> str:
    parts = []
    for column, op in probes:
        parts.append(f"(SELECT {column} FROM customer_day WHERE customer_id = {p} AND day {op} {p} ORDER BY day DESC LIMIT 1)")
    if awarded:  # the standing awards as one text: "rule<US>key<RS>rule<US>key…" (`_award_key`; ids are letters, digits and ._-)
        pairs = ("string_agg(rule_id || chr(31) || requirement, chr(30))" if p == "%s"
                 else "group_concat(rule_id || char(31) || requirement, char(30))")
        parts.append(f"(SELECT {pairs} FROM milestone_award WHERE customer_id = {p} AND status = 'awarded')")
    return "SELECT " + ", ".join(parts)


def figures(customer_id: int, rules: list[Any], moment: dt.datetime) -> dict[str, Decimal]:
    """Each rule's figure for the customer at `moment` (within the rule's dates), one statement:
    a probe per distinct (column, day) asked — rules of a kind without dates share theirs."""
    return _figures(customer_id, rules, moment, False)[0]


def _figures(customer_id: int, rules: list[Any], moment: dt.datetime, awarded: bool,
             stored: bool = False) -> tuple[dict[str, Any], set[str], dict[str, int]]:
    """`figures`, and with `awarded` the steps paid to the customer and standing (`_award_key`s),
    in the same statement: what a sale checks its reached steps against, read from the
    (customer, status, rule, requirement) index alone (migration 0021) — no award row is read
    unless a step is to be paid. `stored`: each figure as the counters hold it (an amount in
    1/10,000: `MoneyField`), for a comparison with `_keyed_steps`' thresholds. Last, each
    rule's base as stored: the running total before its start (0 without one), which its
    figure is counted from (`_due_text`)."""
    shape, days, asked = _layout(rules, moment.date())
    if not days and not awarded:
        return {}, set(), {}
    params: list[object] = [value for day in days for value in (customer_id, day)]
    if awarded:
        params.append(customer_id)
    database = db.obj
    row = database.execute_sql(_figures_sql(database.param, shape, awarded), params).fetchone()
    out: dict[str, Any] = {}  # Decimal figures, or whole numbers as stored
    bases: dict[str, int] = {}
    for rule_id, money, upto, before in asked:
        base = bases[rule_id] = int(row[before] or 0) if before is not None else 0
        raw = int(row[upto] or 0) - base
        out[rule_id] = raw if stored else money_from_db(raw) if money else Decimal(raw)
    return out, (set(row[-1].split("\x1e")) if awarded and row[-1] else set()), bases


_LAYOUTS: dict[tuple[int, dt.date], tuple[list[Any], tuple[tuple[tuple[str, str], ...], tuple[dt.date, ...], list[tuple[str, bool, int, int | None]]]]] = {}


def _layout(rules: list[Any], day: dt.date) -> tuple[tuple[tuple[str, str], ...], tuple[dt.date, ...], list[tuple[str, bool, int, int | None]]]:
    """`_figures`' statement for these rules on `day`: its probes — a probe per distinct (column,
    day) asked, rules of a kind without dates share theirs —, their days, and per rule (its id,
    whether money, the place of its figure up to the day, of the one before its start). Worked
    out once per list of rules and day (`_event_rules` keeps one list per bundle)."""
    key = (id(rules), day)
    entry = _LAYOUTS.get(key)
    if entry is not None and entry[0] is rules:
        return entry[1]
    probes: dict[tuple[str, str, dt.date], int] = {}  # (column, op, day) → its place in the row
    asked: list[tuple[str, bool, int, int | None]] = []
    moment = dt.datetime.combine(day, dt.time())
    for rule in rules:
        first, last = figure_window(rule, moment)
        column = _COLUMNS[rule.kind]
        upto = probes.setdefault((column, "<=", last), len(probes))
        before = probes.setdefault((column, "<", first), len(probes)) if first is not None else None
        asked.append((rule.id, rule.kind == "amount_spent", upto, before))
    layout = (tuple((column, op) for column, op, _day in probes), tuple(day for _column, _op, day in probes), asked)
    if len(_LAYOUTS) > 64:
        _LAYOUTS.clear()
    _LAYOUTS[key] = (rules, layout)
    return layout


class _Award(NamedTuple):
    """A customer's award as read by a commit or a refund (plain SQL: it runs on every sale that
    has reached a step; a tuple, made a dozen times a sale, costs less than a dataclass)."""

    id: int
    card_id: int
    rule_id: str
    requirement: str
    status: str
    points: int
    coupon_id: int | None
    times: int


@lru_cache(maxsize=4)
def _awards_sql(p: str) -> str:
    return f"SELECT id, card_id, rule_id, requirement, status, points, coupon_id, times FROM milestone_award WHERE customer_id = {p}"


def _awards(customer_id: int) -> dict[tuple[str, str], _Award]:
    database = db.obj
    return {(row[2], row[3]): _Award(*row) for row in database.execute_sql(_awards_sql(database.param), (customer_id,))}


def _award(customer_id: int, rule_id: str, key: str) -> _Award | None:
    """One step's award row (None: never paid), for the step about to be paid."""
    p = db.obj.param
    row = db.obj.execute_sql(_awards_sql(p) + f" AND rule_id = {p} AND requirement = {p}", (customer_id, rule_id, key)).fetchone()
    return None if row is None else _Award(*row)


_KEYED: dict[int, tuple[Any, dict[str, tuple[tuple[Any, str, str, int], ...]]]] = {}


def _award_key(rule_id: str, key: str) -> str:
    """A standing award as `_figures` reads it: the rule's id and the step's key, joined by the
    unit separator (neither holds one: ids are letters, digits and ._-, keys are numbers)."""
    return f"{rule_id}\x1f{key}"


def _keyed_steps(bundle: Any) -> dict[str, tuple[tuple[Any, str, str, int], ...]]:
    """Per milestone rule of the bundle, its steps with their keys (`step_key`), award keys
    (`_award_key`) and thresholds (`_threshold`), worked out once per bundle object: every sale
    asks."""
    entry = _KEYED.get(id(bundle))
    if entry is None or entry[0] is not bundle:
        if len(_KEYED) > 16:
            _KEYED.clear()
        entry = _KEYED[id(bundle)] = (bundle, {r.id: tuple((s, k, _award_key(r.id, k), _threshold(r, s.requirement)) for s in r.steps
                                                           for k in (step_key(s.requirement),))
                                               for r in getattr(bundle, "milestones", ())})
    return entry[1]


def _threshold(rule: Any, requirement: Decimal) -> int:
    """The least figure, as the counters store it (`_figures(stored=True)`: an amount in
    1/10,000), that reaches `requirement`: a sale compares whole numbers, not a `Decimal` made
    of each figure."""
    value = requirement.scaleb(MONEY_SCALE) if rule.kind == "amount_spent" else requirement
    return int(value.to_integral_value(rounding=ROUND_CEILING))


# -- paying and reversing -----------------------------------------------------------------------

_AWARD_FIELDS = (MilestoneAward.customer, MilestoneAward.card, MilestoneAward.rule_id, MilestoneAward.requirement, MilestoneAward.status,
                 MilestoneAward.points, MilestoneAward.times, MilestoneAward.awarded_at, MilestoneAward.coupon)


def _pay(card: Card, customer_id: int, rule: Any, step: Any, award: _Award | MilestoneAward | None, bundle: Any, at: dt.datetime, user: str) -> Unlocked | None:
    key = step_key(step.requirement)
    reached = amount_text(rule.kind, step.requirement, bundle.settings.currency)
    coupon = None
    if award is None:
        if step.points is None:  # the coupon first: the award row is then written whole, in one INSERT
            coupon = _grant(card, rule, step, reached, at, user)
        values = (customer_id, card.id, rule.id, key, "awarded", step.points or 0, 1, at, coupon.id if coupon is not None else None)
        award = MilestoneAward(id=insert_one(MilestoneAward, _AWARD_FIELDS, values), **{f.name: v for f, v in zip(_AWARD_FIELDS, values)})
    else:
        if award.status != "reversed":
            return None
        times = award.times + 1
        moved = (MilestoneAward.update(status="awarded", times=times, card=card.id, points=step.points or 0, coupon=None, awarded_at=at, reversed_at=None)
                 .where((MilestoneAward.id == award.id) & (MilestoneAward.status == "reversed") & (MilestoneAward.times == award.times)).execute())
        if not moved:
            return None
        award = MilestoneAward.get_by_id(award.id)
    coupon_code, product = None, None
    if step.points is not None:
        settings = bundle.settings
        ledger.append(card, step.points, "milestone", f"milestone:{sync.global_id('milestone_award', award.id)}:{award.times}", at=at,
                      expires_at=expiry_for(at, settings.points_expire_after_days, settings.points_expire_on),
                      note=f"{rule.name} — {reached}", user=user)
    else:
        if coupon is None:  # a step paid again after a reversal
            coupon = _grant(card, rule, step, reached, at, user)
            MilestoneAward.update(coupon=coupon.id).where(MilestoneAward.id == award.id).execute()
        reward = bundle.reward(step.reward_id)
        coupon_code, product = coupon.code, (reward.product_name if reward is not None else step.reward_id)
    changes.announce("card", card.number)
    text = reached_line(rule.name, rule.kind, step.requirement, bundle.settings.currency, step.points, product or "", coupon_code)
    return Unlocked(rule.id, rule.name, reached, step.points or 0, coupon_code, product, text, rule.kind, step.requirement, bundle.settings.currency)


def _grant(card: Card, rule: Any, step: Any, reached: str, at: dt.datetime, user: str) -> Any:
    """The coupon of a step that gives a product."""
    expires = at + dt.timedelta(days=rule.coupon_valid_days) if rule.coupon_valid_days else None
    return coupons.grant(card, step.reward_id, source="milestone", reason=f"{rule.name} — {reached}", user=user, at=at, expires_at=expires)


def _reverse(award: _Award, rule_name: str, at: dt.datetime, user: str) -> bool:
    """Take an awarded step back (inside the caller's transaction); False when it already was."""
    moved = (MilestoneAward.update(status="reversed", reversed_at=at)
             .where((MilestoneAward.id == award.id) & (MilestoneAward.status == "awarded") & (MilestoneAward.times == award.times)).execute())
    if not moved:
        return False
    card = locked(cards.current_card(Card.get_by_id(award.card_id)))
    if award.points:
        ledger.append(card, -award.points, "milestone", f"milestone:{sync.global_id('milestone_award', award.id)}:{award.times}:reverse", at=at,
                      note=f"{rule_name} — taken back: a refund took the customer below {award.requirement}", user=user)
    if award.coupon_id is not None:
        coupons.void_unused(award.coupon_id, f"{rule_name}: a refund took the customer below the step", user=user, at=at)
    changes.announce("card", card.number)
    return True


def _apply(card: Card | None, customer_id: int | None, at: dt.datetime, user: str, reach: bool, bundle: Any = None) -> list[Unlocked]:
    """Pay the steps reached as of `at` (`reach`), or reverse the paid steps the customer's whole
    recorded history is now below (a refund). A commit never reverses: an order replayed
    offline with an earlier `at` sees a smaller figure as of then, which is no reason to take
    back what later orders reached; a refund looks at everything recorded, whatever its `at`."""
    if customer_id is None:
        return []
    if not reach:  # a refund: a total may have gone down, an award back
        lock_customer(customer_id)
        forget_due(db.obj, [customer_id])
    if bundle is None:
        bundle, _ = rules_sync.active_rules()
    rules = _event_rules(bundle)
    if not rules:
        return []
    if reach:
        return _reach(card, customer_id, rules, bundle, at, user)
    values = figures(customer_id, rules, _EVERYTHING)
    awards = _awards(customer_id)
    if not any(a.status == "awarded" for a in awards.values()):
        return []
    live_by_rule: dict[str, list[str]] = {}
    for (rid, k), a in awards.items():
        if a.status == "awarded":
            live_by_rule.setdefault(rid, []).append(k)
    for rule in rules:
        ev: Evaluation = evaluate(rule, values[rule.id], live_by_rule.get(rule.id, ()), at)
        for key in ev.to_reverse:
            _reverse(awards[(rule.id, key)], rule.name, at, user)
    return []


def _reach(card: Card | None, customer_id: int, rules: list[Any], bundle: Any, at: dt.datetime, user: str,
           known: str | None = None) -> list[Unlocked]:
    """The steps newly reached as of `at`, paid onto `card` (what `evaluate` reaches: the live
    rules' steps at or below the figure that are not standing awards, in order). A suspended
    card earns nothing: nothing is read. The sale's path: one read of the figures and of the
    standing awards' keys together, a row only to pay a step; then the customer's next steps
    due are kept (`_due_text`; `known`: the row the sale read, not written again unchanged)."""
    if card is None or card.status != "active":
        return []
    lock_customer(customer_id)  # on the hub: a refund's `forget_due` and this sale's row of steps due, one after the other
    values, awarded, bases = _figures(customer_id, rules, at, awarded=True, stored=True)
    keyed = _keyed_steps(bundle)
    day = at.date()
    due = []
    for rule in rules:
        if rule.live_on(day):
            figure = values[rule.id]
            steps = [(step, key, paid) for step, key, paid, threshold in keyed[rule.id] if figure >= threshold and paid not in awarded]
            if steps:
                due.append((rule, steps))
    unlocked: list[Unlocked] = []
    settled = True  # every step due is paid now (one another till changed meanwhile is not known to be)
    for rule, steps in due:
        for step, key, paid in steps:
            done = _pay(card, customer_id, rule, step, _award(customer_id, rule.id, key), bundle, at, user)
            if done is None:
                settled = False
                continue
            unlocked.append(done)
            awarded.add(paid)
    if settled:
        _keep_due(customer_id, _due_text(rules, bundle, day, awarded, bases), known)
    return unlocked


# -- the next steps due (migration 0026) --------------------------------------------------------
#
# Per customer, how far each running total a milestone counts (orders, amount spent, points
# earned, reviews: `customer_day`'s to-date sums, as stored) may go before a step not yet paid
# is reached — the least of each such step's threshold plus its rule's base —, worked out by the
# last sale that read the milestones, for the rules live from its day until the day before a
# rule starts or after one ends (`customer_milestone`). A sale whose totals stay below them
# pays nothing: it does not read the figures and awards again. Totals only go down, and awards
# only go back, with a refund — or when sync or a merge replays the totals: each forgets the
# customer's row (`forget_due`), and the next sale reads the milestones again.

_TOTALS = ("orders_to_date", "spent_to_date", "points_to_date", "reviews_to_date")
_RULES_KEYS: dict[int, tuple[Any, str]] = {}


def _rules_key(bundle: Any, rules: list[Any]) -> str:
    """What the next steps due depend on in the bundle — the milestone rules a sale can reach,
    their kinds, dates and steps' thresholds —, as a short digest: a version published with
    other rewards or earning rules leaves the customers' rows standing."""
    entry = _RULES_KEYS.get(id(bundle))
    if entry is None or entry[0] is not bundle:
        if len(_RULES_KEYS) > 16:
            _RULES_KEYS.clear()
        keyed = _keyed_steps(bundle)
        shape = [(r.id, r.kind, str(r.starts), str(r.ends), bool(r.active), [(k, t) for _s, k, _p, t in keyed[r.id]]) for r in rules]
        entry = _RULES_KEYS[id(bundle)] = (bundle, hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16])
    return entry[1]


def _due_text(rules: list[Any], bundle: Any, day: dt.date, awarded: set[str], bases: dict[str, int]) -> str:
    """The customer's next steps due as `customer_milestone` keeps them (JSON): the rules' key
    (`_rules_key`), the first and last day they hold for (the last: before a rule starts, or
    the day one ends — the rules live change), and per running total the least value that
    reaches a step not paid."""
    keyed = _keyed_steps(bundle)
    limits: dict[str, int] = {}
    last: dt.date | None = None
    for rule in rules:
        for bound in (rule.starts - dt.timedelta(days=1) if rule.starts is not None and rule.starts > day else None,
                      rule.ends if rule.ends is not None and rule.ends >= day else None):
            if bound is not None and (last is None or bound < last):
                last = bound
        if not rule.live_on(day):
            continue
        column = _COLUMNS[rule.kind]
        for _step, _key, paid, threshold in keyed[rule.id]:
            if paid not in awarded:
                limit = bases[rule.id] + threshold
                limits[column] = min(limit, limits.get(column, limit))
    return json.dumps({"rules": _rules_key(bundle, rules), "from": day.isoformat(), "to": last.isoformat() if last else None, "due": limits},
                      separators=(",", ":"), sort_keys=True)


def _keep_due(customer_id: int, text: str, known: str | None) -> None:
    if text != known:
        p = db.obj.param
        db.obj.execute_sql(f"INSERT INTO customer_milestone (customer_id, due) VALUES ({p}, {p}) "
                           "ON CONFLICT (customer_id) DO UPDATE SET due = excluded.due", (customer_id, text))


def due_columns(p: str, customer: str) -> str:
    """For the statement that reads a sale's card (`cards.sale_card`'s `also`): the running totals
    a milestone counts, up to the sale's day (the parameter), as one text, then the customer's
    next steps due (`customer_milestone`) — what `on_order` needs to know that nothing is due."""
    totals = " || ',' || ".join(_TOTALS)
    return (f"(SELECT {totals} FROM customer_day WHERE customer_id = {customer} AND day <= {p} ORDER BY day DESC LIMIT 1), "
            f"(SELECT due FROM customer_milestone WHERE customer_id = {customer})")


@dataclass(frozen=True)
class SaleTotals:
    """What a commit read with its card (`due_columns`: the totals before its order, the next
    steps due) and what its order adds to the totals (orders, amount as stored, points earned,
    reviews)."""

    totals: str | None
    due: str | None
    added: tuple[int, int, int, int]


def _nothing_due(sale: SaleTotals, bundle: Any, rules: list[Any], day: dt.date) -> bool:
    """Whether the customer's next steps due, kept for these rules and for `day`, say that no
    step is reached with the sale's totals."""
    if not sale.due:
        return False
    due = json.loads(sale.due)
    when = day.isoformat()
    if due["rules"] != _rules_key(bundle, rules) or when < due["from"] or (due["to"] is not None and when > due["to"]):
        return False
    totals = [int(v) for v in sale.totals.split(",")] if sale.totals else [0, 0, 0, 0]
    limits = due["due"]
    return all(column not in limits or totals[i] + sale.added[i] < limits[column] for i, column in enumerate(_TOTALS))


def on_order(card: Card | None, customer_id: int | None, at: dt.datetime, user: str = "", rules: Any = None,
             sale: SaleTotals | None = None) -> list[Unlocked]:
    """After a commit's (or a fulfilment's) counters and ledger writes, inside its transaction:
    the steps the customer just reached, paid onto `card` (a suspended card earns nothing).
    `rules`: the bundle the commit used (default: the one in force now), so one commit never
    mixes two versions. `sale`: what the commit read with its card (`due_columns`) — when its
    totals stay below the customer's next steps due, nothing is paid and nothing more is read."""
    if sale is None or customer_id is None or rules is None:
        return _apply(card, customer_id, at, user, reach=True, bundle=rules)
    event = _event_rules(rules)
    if not event:
        return []
    if not isinstance(db.obj, SqliteDatabase):  # the hub: another till's sale or refund of the customer may have committed since
        sale = _read_due(customer_id, at.date())
    if _nothing_due(sale, rules, event, at.date()):
        return []
    return _reach(card, customer_id, event, rules, at, user, sale.due)


def _read_due(customer_id: int, day: dt.date) -> SaleTotals:
    """`due_columns` read again under the customer's lock, after the sale's own writes (they
    count in the totals): on the hub two cards of one customer sell side by side, and what the
    sale read with its card may be from before the other's sale or refund committed."""
    lock_customer(customer_id)
    p = db.obj.param
    totals, due = db.obj.execute_sql(f"SELECT {due_columns(p, p)}", (customer_id, day, customer_id)).fetchone()
    return SaleTotals(totals, due, (0, 0, 0, 0))


def on_activity(card: Card | None, customer_id: int | None, at: dt.datetime, user: str = "") -> list[Unlocked]:
    """After an action is recorded (`services.activity`: its points count as points earned, a
    review as a review), inside its transaction."""
    return _apply(card, customer_id, at, user, reach=True)


def on_refund(customer_id: int | None, at: dt.datetime, user: str = "") -> None:
    """After a refund's or cancellation's writes, inside its transaction: every awarded step the
    customer is now below is reversed (points back, unused coupon voided)."""
    _apply(None, customer_id, at, user, reach=False)


# -- the daily job ------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _chunk_sql(p: str, rules: int) -> tuple[str, str, str]:
    """For the customers whose ids are low..high: their active card and enrolment; the last day
    up to the as-of day on which they ordered (a day whose running order count went up — a
    cancelled or refunded order does not count), read in one pass over their rows; and the
    inactivity steps they were already given."""
    holders = ("SELECT c.id, MAX(k.id), c.created_at FROM customer c JOIN card k ON k.customer_id = c.id AND k.status = 'active' "
               f"WHERE c.id >= {p} AND c.id <= {p} GROUP BY c.id, c.created_at")
    last_orders = ("SELECT customer_id, MAX(day) FROM (SELECT customer_id, day, orders_to_date - LAG(orders_to_date, 1, 0) "
                   "OVER (PARTITION BY customer_id ORDER BY day) AS added FROM customer_day "
                   f"WHERE customer_id >= {p} AND customer_id <= {p} AND day <= {p}) days WHERE added > 0 GROUP BY customer_id")
    given = (f"SELECT customer_id, rule_id, requirement FROM milestone_award WHERE customer_id >= {p} AND customer_id <= {p} "
             f"AND rule_id IN ({', '.join([p] * rules)})")
    return holders, last_orders, given


def _inactivity(bundle: Any, as_of: dt.datetime, user: str) -> int:
    """Pay every live inactivity step due as of `as_of`; the number of steps paid. Customers are
    read in chunks of ids, three set-based statements a chunk whatever the number of rules and
    steps, and each chunk's payments are one short transaction: a sale never waits long."""
    rules = [r for r in bundle.milestones if r.kind == "inactivity" and r.live_on(as_of.date())]
    if not rules:
        return 0
    database = db.obj
    holders_sql, last_sql, given_sql = _chunk_sql(database.param, len(rules))
    top = database.execute_sql("SELECT MAX(id) FROM customer").fetchone()[0] or 0
    today = as_of.date()
    paid = 0
    for low in range(1, top + 1, _CHUNK):
        high = low + _CHUNK - 1
        holders = database.execute_sql(holders_sql, (low, high)).fetchall()
        if not holders:
            continue
        last = {cid: as_date(day) for cid, day in database.execute_sql(last_sql, (low, high, today))}
        given = {(cid, rid, req) for cid, rid, req in database.execute_sql(given_sql, (low, high, *[r.id for r in rules]))}
        due = []
        for customer_id, card_id, created_at in holders:
            since = last.get(customer_id) or as_date(created_at)
            idle = (today - since).days
            due += [(customer_id, card_id, rule, step) for rule in rules for step in rule.steps
                    if idle >= step.requirement and (customer_id, rule.id, step_key(step.requirement)) not in given]
        if not due:
            continue
        for first in range(0, len(due), _PAY_BATCH):
            paid += _pay_due(due[first:first + _PAY_BATCH], bundle, as_of, user)
    return paid


def _pay_due(due: list[tuple[int, int, Any, Any]], bundle: Any, as_of: dt.datetime, user: str) -> int:
    """Pay some due inactivity steps in one short transaction; the number paid."""
    paid = 0
    with transaction(row_locks=True):
        for customer_id, card_id, rule, step in due:
            card = locked(Card.get_by_id(card_id))
            key = step_key(step.requirement)
            if card.status != "active" or MilestoneAward.select().where((MilestoneAward.customer == customer_id) & (MilestoneAward.rule_id == rule.id)
                                                                        & (MilestoneAward.requirement == key)).exists():
                continue  # changed since the chunk was read (another till, another job)
            if _pay(card, customer_id, rule, step, None, bundle, as_of, user) is not None:
                paid += 1
    return paid


def _expiry_step(bundle: Any, as_of: dt.datetime, user: str) -> dict[str, int]:
    expired = expiry.sweep(as_of)
    return {"expired_points": sum(expired.values()), "expired_cards": len(expired)}


def _inactivity_step(bundle: Any, as_of: dt.datetime, user: str) -> dict[str, int]:
    """Inactivity steps as of `as_of`, once per day: a day at or before the last day run is not
    run again (a later refund could otherwise make a day already run pay something new), and
    each run is in the audit log (action 'programme.inactivity', target the day)."""
    if not any(r.kind == "inactivity" for r in bundle.milestones):
        return {"inactivity_awards": 0}
    day = as_of.date().isoformat()
    last = AuditLog.select(fn.MAX(AuditLog.target)).where(AuditLog.action == _INACTIVITY_RUN).scalar()
    if last is not None and day <= last:
        return {"inactivity_awards": 0}
    paid = _inactivity(bundle, as_of, user)
    with transaction():
        audit.record(user or "daily job", _INACTIVITY_RUN, day, details={"as_of": as_of, "awards": paid})
    return {"inactivity_awards": paid}


# Each daily step: (bundle, as_of, user) → figures to report. Birthdays (the actions) go here too.
def _birthday_step(bundle: Any, as_of: dt.datetime, user: str) -> dict[str, int]:
    from . import activity

    run = activity.award_birthdays(as_of, user=user)
    return {"birthday_customers": run.customers, "birthday_points": run.points}


DAILY_STEPS: list[Callable[[Any, dt.datetime, str], dict[str, int]]] = [_expiry_step, _inactivity_step, _birthday_step]


def run_daily(as_of: dt.datetime | None = None, user: str = "") -> dict[str, int]:
    """The daily job as of `as_of` (default now): points expiry, inactivity milestones, and every
    other daily step. Safe to run any number of times for the same day: nothing is paid twice."""
    as_of = as_of or now()
    bundle, _ = rules_sync.active_rules()
    report: dict[str, int] = {}
    for step in DAILY_STEPS:
        report.update(step(bundle, as_of, user))
    log.info("daily job as of %s: %s", as_of.isoformat(), report)
    return report


# -- progress -----------------------------------------------------------------------------------

def _last_order_day(customer_id: int, as_of: dt.date) -> dt.date | None:
    p = db.obj.param
    row = db.obj.execute_sql(
        f"SELECT MAX(d.day) FROM customer_day d WHERE d.customer_id = {p} AND d.day <= {p} AND d.orders_to_date > COALESCE("
        f"(SELECT b.orders_to_date FROM customer_day b WHERE b.customer_id = d.customer_id AND b.day < d.day ORDER BY b.day DESC LIMIT 1), 0)",
        (customer_id, as_of)).fetchone()
    if row is None or row[0] is None:
        return None
    value = row[0]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def progress(card_number: str, include_hidden: bool = False, at: dt.datetime | None = None) -> list[Progress]:
    """Each live milestone rule's progress for the card's customer. Inactivity rules only with
    `include_hidden` (managers): they are never shown to customers."""
    at = at or now()
    bundle, _ = rules_sync.active_rules()
    rules = [r for r in getattr(bundle, "milestones", ()) if r.live_on(at.date()) and (include_hidden or r.kind not in HIDDEN_KINDS)]
    card = cards.get_card(card_number)
    if not rules or card.customer_id is None:
        return []
    values = figures(card.customer_id, [r for r in rules if r.kind not in HIDDEN_KINDS], at)
    if any(r.kind in HIDDEN_KINDS for r in rules):
        last = _last_order_day(card.customer_id, at.date())
        since = last or card.customer.created_at.date()
        days = Decimal(max(0, (at.date() - since).days))
        values.update({r.id: days for r in rules if r.kind in HIDDEN_KINDS})
    out = []
    for rule in rules:
        figure = values[rule.id]
        nxt = next((s for s in rule.steps if figure < s.requirement), None)
        out.append(Progress(rule.id, rule.name, rule.kind, figure, nxt.requirement if nxt is not None else None, rule.kind in HIDDEN_KINDS,
                            progress_text(rule, figure, bundle), nxt.points if nxt is not None else None,
                            step_product(nxt, bundle) if nxt is not None else "", bundle.settings.currency))
    return out
