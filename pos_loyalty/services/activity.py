"""Points for actions (seed 004): a review, a social share, a store's own action recorded at
the till; the sign-up given when a customer is enrolled; the birthday given by the daily job.

Each recorded action is one `Activity` row, unique by its key, written in one transaction
with its ledger entry (kind "action", key ``activity:<key>``, expiring like earned points),
the customer's running sums (points earned; reviews), an audit row and the card's change
notice. So:
- the same key replayed (a double click, a retried script with ``--id``) returns the first
  result and changes nothing; the same key for another card or action is refused;
- an action's cap (once ever, or once per day/week/month/year of the action's own time `at`)
  is counted from the customer's activity rows of that action, in that period, by the
  (customer, action_id, at) index;
- everything uses `at`, never the wall clock; an `at` more than a few minutes ahead is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError

from ..domain import actions as rules_of_actions
from ..domain.errors import Conflict, NotFound, ValidationError
from ..domain.ledger import already_expired, expiry_for
from ..domain.limits import check_text
from ..domain.moments import as_local, not_future
from ..store.database import locked, transaction
from ..store.models import Activity, Card, Customer, db, now
from . import audit, cards, changes, counters, ledger, programme, rules_sync, sync

MAX_KEY = 120  # the ledger key `activity:<key>` fits its 160 characters
MAX_NOTE = 500
BIRTHDAY_CHUNK = 500  # customers awarded per transaction: other tills wait at most one chunk
LIST_LIMIT = 50


@dataclass(frozen=True)
class ActionResult:
    card: str
    action: str  # the action's id in the bundle
    kind: str
    name: str
    points: int
    balance: int
    at: dt.datetime
    key: str
    replayed: bool
    unlocked: tuple[Any, ...] = ()  # milestone steps the action reached (programme.Unlocked)


@dataclass(frozen=True)
class ActivityRow:
    at: dt.datetime
    action: str
    kind: str
    name: str
    points: int
    card: str
    user: str
    note: str


@dataclass(frozen=True)
class BirthdayRun:
    as_of: dt.date
    customers: int
    points: int


def _check_at(at: dt.datetime | None, field: str = "at") -> dt.datetime:
    return now() if at is None else not_future(as_local(at), field)


def _described(actions: list[Any]) -> str:
    shown = [f"{a.id} ({rules_of_actions.label(a.kind, a.name)}, {a.points} points)" for a in actions if a.kind not in rules_of_actions.AUTOMATIC_KINDS]
    return "this store's actions: " + ", ".join(shown) if shown else "this store has no actions to record at the till (the rules bundle's 'actions')"


def find_action(action: str, rules: Any | None = None) -> Any:
    """The bundle's action with this id, or — for a built-in kind ("review", "social_share") —
    the action of that kind; anything else is refused naming `kind`, with the store's actions."""
    rules = rules or rules_sync.active_rules()[0]
    text = (action or "").strip()
    found = rules.action(text) or next((a for a in rules.actions if a.kind == text and a.kind != "custom"), None)
    if found is None:
        raise ValidationError("kind", f"no action '{text}'; {_described(rules.actions)}")
    return found


def till_actions() -> list[Any]:
    """The actions a cashier records by hand (not sign-up or birthday, which are automatic),
    live today, in the bundle's order."""
    rules, _ = rules_sync.active_rules()
    today = now().date()
    return [a for a in rules.actions if a.kind not in rules_of_actions.AUTOMATIC_KINDS and a.live_on(today)]


def _expiry(at: dt.datetime, rules: Any) -> tuple[dt.datetime | None, bool]:
    settings = rules.settings
    return expiry_for(at, settings.points_expire_after_days, settings.points_expire_on), already_expired(
        at, settings.points_expire_after_days, settings.points_expire_on)


def _give(card: Card, customer_id: int, action: Any, at: dt.datetime, key: str, rules: Any, user: str, note: str = "") -> tuple[int, list[Any]]:
    """Write one action for the customer on `card` (inside the caller's transaction, the card
    read in it): the activity row, its points, the running sums, the audit row, and the
    milestone steps it reaches (its points count as points earned, a review as a review).
    Returns the points given — none when the programme's fixed expiry date is already past at
    `at` — and the steps unlocked."""
    expires, expired = _expiry(at, rules)
    points = 0 if expired else int(action.points)
    Activity.create(key=key, customer=customer_id, card=card.id, action_id=action.id, kind=action.kind, at=at, points=points, user=user, note=note)
    if ledger.has_expired(card.id, at):
        ledger.expire_due(card, at)
    ledger.append(card, points, "action", f"activity:{key}", at=at, expires_at=expires, note=action.name, user=user)
    counters.record_points(customer_id, at, points)
    if action.kind == "review":
        counters.record_review(customer_id, at)
    audit.record(user or "system", "activity.record", card.number, reason=note,
                 details={"action": action.id, "kind": action.kind, "points": points, "key": key, "at": at})
    changes.announce("card", card.number)
    return points, programme.on_activity(card, customer_id, at, user)


def _capped(customer_id: int, action: Any, at: dt.datetime) -> str:
    """Why the action may not be given again at `at` (its cap is reached), or ''."""
    query = Activity.select(Activity.id).where((Activity.customer == customer_id) & (Activity.action_id == action.id))
    bounds = rules_of_actions.period(action.frequency, at.date())
    if bounds is not None:
        start, end = bounds
        query = query.where((Activity.at >= dt.datetime.combine(start, dt.time())) & (Activity.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time())))
    if not query.exists():
        return ""
    return rules_of_actions.already_rewarded(action.kind, action.name, action.frequency, at.date(), now().date())


def _usable(card: Card) -> None:
    if card.status == "replaced":
        raise ValidationError("card", f"{card.number} was replaced by {cards.current_card(card).number}; scan the new card")
    if card.status == "suspended":
        raise ValidationError("card", f"{card.number} is suspended: it earns nothing until a manager reactivates it")
    if card.status != "active" or card.customer_id is None:
        raise ValidationError("card", f"{card.number} has not been given to a customer yet; enrol the customer first")


def _replay(existing: Activity, card: Card, action: Any, at: dt.datetime | None) -> ActionResult:
    if existing.customer_id != card.customer_id or existing.action_id != action.id or (at is not None and as_local(at) != existing.at):
        raise Conflict("id", f"'{existing.key}' was already used to record another action ({existing.action_id} at {existing.at:%Y-%m-%d %H:%M}); "
                             "use a new id for a new action")
    holder = cards.current_card(Card.get_by_id(existing.card_id))
    return ActionResult(holder.number, existing.action_id, existing.kind, action.name, existing.points, holder.balance, existing.at, existing.key, True)


def record(card_text: str, action: str, at: dt.datetime | None = None, key: str | None = None, *, user: str, note: str = "") -> ActionResult:
    """Record an action the customer did (a review, a share, a custom action), with its points.

    `action` is an action id of the bundle or a built-in kind ("review"). `key` makes it
    idempotent: the same key again returns the first result and changes nothing (without a
    key each call is a new action). A capped action, a suspended card, an `at` in the future
    are refused (`ValidationError` naming the field) and write nothing."""
    key_given = key is not None
    key = check_text("id", key.strip(), MAX_KEY) if key is not None else str(uuid.uuid4())
    if key_given and not key:
        raise ValidationError("id", "an id cannot be empty (leave it out for a new action)")
    note = " ".join(check_text("note", note or "", MAX_NOTE).split())
    when = _check_at(at)
    rules, _ = rules_sync.active_rules()
    chosen = find_action(action, rules)
    cards.get_card(card_text)  # a mistyped number is named before anything else
    try:
        with transaction(row_locks=True):
            return _record(card_text, chosen, when, at, key, rules, user, note)
    except IntegrityError:  # another till recorded the same key first
        existing = Activity.get_or_none(Activity.key == key)
        if existing is None:
            raise
        return _replay(existing, cards.get_card(card_text), chosen, at)


def _record(card_text: str, action: Any, when: dt.datetime, at: dt.datetime | None, key: str, rules: Any, user: str, note: str) -> ActionResult:
    card = locked(cards.get_card(card_text))
    existing = Activity.get_or_none(Activity.key == key)
    if existing is not None:
        return _replay(existing, card, action, at)
    if action.kind in rules_of_actions.AUTOMATIC_KINDS:
        how = "when the customer is enrolled" if action.kind == "sign_up" else "by the daily job on the customer's birthday"
        raise ValidationError("kind", f"{rules_of_actions.label(action.kind, action.name)} points are given {how}, not recorded at the till")
    if not action.live_on(when.date()):
        raise ValidationError("kind", f"{rules_of_actions.label(action.kind, action.name)} is not active on {when:%Y-%m-%d} (see the rules bundle)")
    _usable(card)
    reason = _capped(card.customer_id, action, when)
    if reason:
        raise ValidationError("kind", reason)
    points, unlocked = _give(card, card.customer_id, action, when, key, rules, user, note)
    return ActionResult(card.number, action.id, action.kind, action.name, points, card.balance, when, key, False, tuple(unlocked))


def give_sign_up(card: Card, customer_id: int, at: dt.datetime, user: str = "") -> int:
    """The sign-up points of a customer just enrolled on `card` (inside the enrolment's
    transaction), if the bundle has a sign-up action live at `at`; once per customer (key
    ``signup:<customer id>``). Returns the points given. A store with no rules active yet
    still enrols customers: there is no sign-up action to give then."""
    try:
        rules, _ = rules_sync.active_rules()
    except NotFound:
        return 0
    action = next((a for a in rules.actions if a.kind == "sign_up" and a.live_on(at.date())), None)
    key = f"signup:{sync.global_id('customer', customer_id)}"
    if action is None or Activity.get_or_none(Activity.key == key) is not None:
        return 0
    return _give(card, customer_id, action, at, key, rules, user)[0]


def _birthday_candidates(action: Any, as_of: dt.date, after: int, limit: int) -> list[tuple[int, int]]:
    """(customer id, their active card) of customers with a birthday to award on `as_of` and
    none awarded this year, from customer id `after` on: the (birth_month, birth_day) index
    finds them; a customer without an active card (suspended) gets nothing."""
    database = db.obj
    p = database.param
    if action.birthday_on == "month":
        where, params = f"c.birth_month = {p}", [as_of.month]
    else:
        days = rules_of_actions.birthday_days(as_of)
        where = " OR ".join(f"(c.birth_month = {p} AND c.birth_day = {p})" for _ in days)
        params = [value for pair in days for value in pair]
    key = f"({p} || {sync.global_id_sql('customer', 'c.id')} || {p})"  # the award's key, birthday:<customer id>:<year>, by the unique index
    sql = (f"SELECT c.id, (SELECT MAX(k.id) FROM card k WHERE k.customer_id = c.id AND k.status = 'active') FROM customer c "
           f"WHERE ({where}) AND c.id > {p} AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.key = {key}) "
           f"ORDER BY c.id LIMIT {int(limit)}")
    rows = database.execute_sql(sql, [*params, after, "birthday:", f":{as_of.year}"]).fetchall()
    return [(int(customer_id), int(card_id) if card_id is not None else 0) for customer_id, card_id in rows]


def award_birthdays(as_of: dt.date | dt.datetime, user: str = "") -> BirthdayRun:
    """The daily job's birthday step: give the birthday action's points to every customer whose
    birthday is `as_of` (birthday_on "day"; 29 February birthdays on the 28th in other years)
    or in `as_of`'s month ("month": any run of the month gives them to those not yet given,
    so a customer enrolled later that month gets theirs on the next run), once a year (key
    ``birthday:<customer id>:<year>``), on the customer's active card. A few hundred
    customers a transaction, so the tills never wait long; running it twice changes nothing."""
    at = _check_at(as_of if isinstance(as_of, dt.datetime) else dt.datetime.combine(as_of, dt.time()), "as_of")
    day = at.date()
    rules, _ = rules_sync.active_rules()
    action = next((a for a in rules.actions if a.kind == "birthday" and a.live_on(day)), None)
    given = points = 0
    if action is None:
        return BirthdayRun(day, 0, 0)
    after = 0
    while True:
        with transaction(row_locks=True):
            rows = _birthday_candidates(action, day, after, BIRTHDAY_CHUNK)
            for customer_id, card_id in rows:
                if not card_id:
                    continue
                card = locked(Card.get_by_id(card_id))
                points += _give(card, customer_id, action, at, f"birthday:{sync.global_id('customer', customer_id)}:{day.year}", rules, user)[0]
                given += 1
        if len(rows) < BIRTHDAY_CHUNK:
            return BirthdayRun(day, given, points)
        after = rows[-1][0]


def of_card(card_text: str, limit: int = LIST_LIMIT) -> list[ActivityRow]:
    """The card's customer's recent actions, newest first, with their points (read-only). The
    history is the customer's: it stays with them when a lost card is replaced."""
    limit = max(1, min(int(limit), 1000))
    card = cards.get_card(card_text)
    if card.customer_id is None:
        return []
    rules, _ = rules_sync.active_rules()
    names = {a.id: a.name for a in rules.actions}
    query = (Activity.select(Activity, Card.number).join(Card, on=(Activity.card == Card.id))
             .where(Activity.customer == card.customer_id).order_by(Activity.at.desc(), Activity.id.desc()).limit(limit))
    return [ActivityRow(row.at, row.action_id, row.kind, names.get(row.action_id, row.action_id), row.points, row.card.number, row.user, row.note)
            for row in query]


def birthday_of(customer_id: int) -> str:
    """The customer's birthday as MM-DD, or ''."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    return rules_of_actions.birthday_text(customer.birth_month, customer.birth_day) if customer else ""
