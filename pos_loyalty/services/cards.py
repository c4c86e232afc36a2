"""Cards: bulk creation, lookup, the card's state for the engine, replacement, suspension."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from peewee import JOIN, Case, fn

from ..domain import card_numbers, limits
from ..domain.errors import NotFound, ValidationError
from ..domain.tiers import resolve_tier
from ..store.database import Prepared, insert_rows, lock_rows, transaction
from ..store.models import Card, CardBatch, Coupon, Customer, LedgerEntry, Order, card_is_visible, db, now
from ..store.running_totals import as_datetime
from . import audit, auth, changes, counters, ledger, settings

if TYPE_CHECKING:
    from ..domain.engine import CardState
    from ..domain.rules import RulesBundle

log = logging.getLogger(__name__)

MAX_BATCH = 1_000_000
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
    entry_id: int = 0  # where the next page starts (`history(after=…)`)


# -- creation -----------------------------------------------------------------------------


def _scheme() -> tuple[str, int]:
    prefix, length = settings.get("card_prefix"), int(settings.get("card_length"))
    return card_numbers.store_prefix(prefix, length), length


MAX_ROUNDS = 50  # rounds of fresh random numbers; with a scheme at most a tenth full, 2 or 3 do


def _random_numbers(count: int, prefix: str, length: int, within: range | None = None) -> set[str]:
    """Up to `count` distinct random numbers of the scheme (not yet checked against the
    database), from the stretch `within` if given (`card_numbers.random_numbers`); fewer only
    when the scheme is nearly exhausted (after `MAX_ROUNDS` draws)."""
    chosen: set[str] = set()
    for _round in range(MAX_ROUNDS):
        if len(chosen) >= count:
            break
        chosen.update(card_numbers.random_numbers(count - len(chosen), prefix, length, within))
    return chosen


def _fresh_numbers(count: int, prefix: str, length: int) -> list[str]:
    """`count` random numbers not yet in the database (nor twice in the list)."""
    chosen: set[str] = set()
    for _round in range(MAX_ROUNDS):
        if len(chosen) == count:
            return sorted(chosen)
        want = count - len(chosen)
        candidates = _random_numbers(want + want // 10 + 8, prefix, length) - chosen
        taken: set[str] = set()
        listed = list(candidates)
        for start in range(0, len(listed), 900):
            part = listed[start:start + 900]
            taken.update(n for (n,) in Card.select(Card.number).where(Card.number.in_(part)).tuples())
        for number in candidates - taken:
            if len(chosen) == count:
                break
            chosen.add(number)
    if len(chosen) == count:
        return sorted(chosen)
    raise ValidationError("card_length", f"the {length}-digit numbers starting '{prefix}' are nearly all used; choose a longer number or another prefix")


def create_single_card() -> Card:
    """A new active-to-be card for an enrolment without a pre-printed card (inside a transaction)."""
    prefix, length = _scheme()
    (number,) = _fresh_numbers(1, prefix, length)
    return Card.create(number=number, status="unassigned", created_at=now())


def cards_in_scheme(prefix: str, length: int) -> int:
    """How many cards (any batch, or none) already have a number of this prefix and length:
    a range of the number index, so it stays quick on a million cards."""
    low, high = prefix.ljust(length, "0"), prefix.ljust(length, "9")
    return Card.select().where((Card.number >= low) & (Card.number <= high) & (fn.LENGTH(Card.number) == length)).count()


def _check_room(count: int, prefix: str, length: int) -> None:
    """Refuse up front a batch the scheme has no room for, counting the cards already in it:
    random numbers in a nearly full scheme would take ever longer to find."""
    upper_bound = Card.select(fn.MAX(Card.id)).scalar() or 0  # ids only grow: no more cards than this exist
    if card_numbers.room(prefix, length, upper_bound) >= count:
        return  # plenty of room whatever the numbers are (the usual case): no need to count
    existing = cards_in_scheme(prefix, length)
    room = card_numbers.room(prefix, length, existing)
    if count > room:
        scheme = f"{length}-digit numbers" + (f" starting '{prefix}'" if prefix else "")
        raise ValidationError("count", f"{count:,} more cards do not fit in the {scheme}: {existing:,} exist and at most "
                                       f"{card_numbers.capacity(prefix, length) // card_numbers.MAX_FILL_DIVISOR:,} may "
                                       f"(room for {room:,}); use a longer number or another prefix")


# Cards per transaction: the first chunk is BULK_CHUNK; each next one is sized from how long the
# last took so that one holds the write lock for about BULK_CHUNK_SECONDS (a sale waits at most
# that long), within BULK_CHUNK_MIN..BULK_CHUNK_MAX. Fewer, larger commits keep creation fast.
BULK_CHUNK = 5_000
BULK_CHUNK_MIN = 500
BULK_CHUNK_MAX = 20_000
BULK_CHUNK_SECONDS = 0.1
# Each chunk draws its numbers from the next stretch of the scheme (sized to its share of the
# batch), so its rows land on one run of pages of the number index: each index page is written
# about once per batch, not at nearly every commit as when each chunk's numbers were spread over
# the whole range (on a million cards that doubled the time of creation). Every number of the
# scheme is still as likely as any other to be drawn. A stretch shorter than this many numbers
# per card wanted is not worth it (the last few numbers drawn again): the whole scheme instead.
MIN_STRETCH_PER_CARD = 4
ABANDONED_AFTER = dt.timedelta(minutes=5)  # an incomplete batch untouched this long was left by a crash


def _remove_batch(batch_id: int) -> None:
    """Delete an incomplete batch and its cards, a chunk per transaction (its cards were never
    visible, so nothing refers to them)."""
    while True:
        with transaction(row_locks=True):
            if not CardBatch.select().where((CardBatch.id == batch_id) & (CardBatch.complete == False)).exists():  # noqa: E712
                return  # finished after all, or removed already
            chunk = Card.select(Card.id).where(Card.batch == batch_id).limit(BULK_CHUNK)
            if Card.delete().where(Card.id.in_(chunk)).execute() == 0:
                CardBatch.delete().where((CardBatch.id == batch_id) & (CardBatch.complete == False)).execute()  # noqa: E712
                return


def clear_abandoned(when: dt.datetime | None = None) -> int:
    """Remove batches whose creation stopped (a crash, a kill) without finishing. Returns how many."""
    stale = (when or now()) - ABANDONED_AFTER
    abandoned = [b.id for b in CardBatch.select(CardBatch.id).where(
        (CardBatch.complete == False) & (CardBatch.touched_at.is_null() | (CardBatch.touched_at < stale)))]  # noqa: E712
    for batch_id in abandoned:
        _remove_batch(batch_id)
    return len(abandoned)


def _write_cards(start: Callable[[], int], finish: Callable[[int], None], count: int, prefix: str, length: int,
                 progress: Callable[[int, int], None] | None, should_cancel: Callable[[], bool] | None) -> tuple[int | None, str, str]:
    """Insert `count` fresh cards, a chunk per transaction: the first chunk's transaction also
    makes the batch (`start`, which returns its id), the last one's completes it (`finish`).
    Each chunk draws from the next stretch of the scheme (`MIN_STRETCH_PER_CARD`). A number
    someone already has is skipped by the database (no look-up first) and drawn again. Returns
    the batch id (None if `start` never ran) and the lowest and highest number."""
    fields = [Card.number, Card.status, Card.batch, Card.balance, Card.created_at]
    batch_id: int | None = None
    written, rounds, size = 0, 0, BULK_CHUNK
    space, reached = card_numbers.capacity(prefix, length), 0  # the stretches so far cover range(reached)
    low, high = "", ""
    try:
        while written < count:
            if should_cancel and should_cancel():
                raise Cancelled("bulk creation cancelled; no cards were created")
            want = min(size, count - written)
            end = reached + (space - reached) * want // (count - written)  # this chunk's share of what is left
            stretch = range(reached, end) if end - reached >= want * MIN_STRETCH_PER_CARD else None
            numbers = sorted(_random_numbers(want, prefix, length, stretch))  # drawn before the lock is taken
            reached = end if stretch is not None else reached
            started = time.perf_counter()
            with transaction(row_locks=True):
                if batch_id is None:
                    batch_id = start()
                newest = Card.select(fn.MAX(Card.id)).where(Card.batch == batch_id).scalar() or 0  # this chunk's cards come after it
                # Every column but the number is the same on each row: converted for the driver once.
                same = [f.db_value(v) for f, v in ((Card.status, "unassigned"), (Card.batch, batch_id), (Card.balance, 0), (Card.created_at, now()))]
                # In number order: the index takes them faster, and ids follow the numbers.
                made = drawn = len(numbers)
                chunk_low, chunk_high = (numbers[0], numbers[-1]) if numbers else ("", "")
                inserted = insert_rows(Card, fields, [(n, *same) for n in numbers], skip_existing=True, converted=True)
                if inserted != drawn:  # some were taken (by another card, or one of this batch): what went in now?
                    made, chunk_low, chunk_high = (Card.select(fn.COUNT(Card.id), fn.MIN(Card.number), fn.MAX(Card.number))
                                                   .where((Card.batch == batch_id) & (Card.id > newest)).tuples().get())
                # Only chunks in a row that got less than half their numbers in mean the range is full;
                # a few taken numbers in every chunk of a large batch are normal.
                rounds = rounds + 1 if made * 2 < drawn else 0
                if rounds > MAX_ROUNDS:
                    raise ValidationError("count", f"the {length}-digit numbers starting '{prefix}' are nearly all used; use a longer number")
                if written + made == count:
                    finish(batch_id)
                else:
                    CardBatch.update(touched_at=now()).where(CardBatch.id == batch_id).execute()
            took = time.perf_counter() - started
            size = max(BULK_CHUNK_MIN, min(BULK_CHUNK_MAX, size * 2, int(size * BULK_CHUNK_SECONDS / max(took, 1e-3))))
            if made:
                low = min(low or chunk_low, chunk_low)
                high = max(high, chunk_high)
            written += made
            if progress:
                progress(written, count)
    except BaseException:
        if batch_id is not None:
            try:
                _remove_batch(batch_id)
            except Exception:  # noqa: BLE001 - the batch stays invisible; the next creation removes it
                log.warning("could not remove the unfinished batch %s now; it stays hidden", batch_id, exc_info=True)
        raise
    return batch_id, low, high


def bulk_create(count: int, batch_name: str, prefix: str | None = None, length: int | None = None, user: str = "",
                progress: Callable[[int, int], None] | None = None, should_cancel: Callable[[], bool] | None = None) -> BatchResult:
    """Create `count` unassigned cards as one named batch — all of them, or none.

    The cards go in chunks, each a short transaction of its own (about BULK_CHUNK_SECONDS),
    so a sale at another till waits for one chunk at most, never for the whole batch. The
    last chunk marks the batch complete; until then neither it nor its cards can be listed,
    scanned, printed or given out (`card_is_visible`). A cancelled or failed creation removes
    what it wrote; one stopped by a crash is removed by the next bulk creation
    (`clear_abandoned`). 13-digit numbers without a prefix start with the GS1 in-store prefix 2."""
    name = batch_name.strip()
    if not name or len(name) > 80:
        raise ValidationError("batch", "a batch name of 1 to 80 characters is required")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise ValidationError("count", f"must be between 1 and {MAX_BATCH:,}")
    default_prefix, default_length = settings.get("card_prefix"), int(settings.get("card_length"))
    length = default_length if length is None else length
    prefix = card_numbers.store_prefix(default_prefix if prefix is None else prefix.strip(), length)
    card_numbers.validate_scheme(prefix, length)
    clear_abandoned()
    _check_room(count, prefix, length)

    def start() -> int:
        existing = CardBatch.get_or_none(CardBatch.name == name)
        if existing is not None:
            state = "already exists" if existing.complete else "is being created"
            raise ValidationError("batch", f"a batch called '{name}' {state}")
        return CardBatch.create(name=name, prefix=prefix, length=length, count=count, created_at=now(), created_by=user,
                                complete=False, touched_at=now()).id

    def finish(batch_id: int) -> None:
        CardBatch.update(complete=True, touched_at=now()).where(CardBatch.id == batch_id).execute()
        audit.record(user or "manager", "cards.bulk_create", name, details={"count": count, "prefix": prefix, "length": length})
        changes.announce("batch", name)  # one announcement for the whole batch, once it is complete

    _batch_id, first, last = _write_cards(start, finish, count, prefix, length, progress, should_cancel)
    return BatchResult(name, count, prefix, length, first, last)


def _complete_batch(name: str) -> CardBatch:
    batch = CardBatch.get_or_none((CardBatch.name == name) & (CardBatch.complete == True))  # noqa: E712
    if batch is None:
        raise NotFound("batch", f"no batch called '{name}'")
    return batch


def batch_numbers(name: str) -> list[str]:
    batch = _complete_batch(name)
    return [n for (n,) in Card.select(Card.number).where(Card.batch == batch).order_by(Card.number).tuples()]


def list_batches() -> list[CardBatch]:
    """Complete batches, newest first (one still being created is not shown)."""
    return list(CardBatch.select().where(CardBatch.complete == True).order_by(CardBatch.created_at.desc()))  # noqa: E712


# -- lookup -------------------------------------------------------------------------------


# The scan and quote paths run these on every scan and keystroke: their SQL is written once.
_CARD = Prepared(lambda number: Card.select().where((Card.number == number) & card_is_visible()).limit(1))
_CARD_RELATED = Prepared(lambda number: Card.select(Card, Customer, CardBatch)
                         .join(Customer, JOIN.LEFT_OUTER, on=(Card.customer == Customer.id))
                         .switch(Card).join(CardBatch, JOIN.LEFT_OUTER, on=(Card.batch == CardBatch.id))
                         .where((Card.number == number) & card_is_visible()).limit(1))


def card_number(text: str, field: str = "card") -> str:
    """The number of the card scanned or typed as `text`: one of ours (its check digit must
    hold: a typo is refused), or else a number imported from a previous programme, found only
    exactly as it was imported (`card_numbers.foreign_form`). The check-digit path costs
    nothing more; a number that fails it costs one indexed look-up before it is refused."""
    try:
        return card_numbers.validate(text, field)
    except ValidationError:
        foreign = card_numbers.foreign_form(text)
        if foreign is not None and _CARD.first(foreign) is not None:
            return foreign
        raise


def get_card(text: str, field: str = "card", related: bool = False) -> Card:
    """The card with this number. `related`: its customer and batch come in the same query
    (the scan path shows both; two lazy loads would be two more round trips)."""
    number = card_number(text, field)
    card = (_CARD_RELATED if related else _CARD).first(number)
    if card is None:
        raise NotFound(field, f"{number} is not a card of this store")
    return card


def find_card(number: str) -> Card | None:
    """The card with this (valid) number and its customer and batch, or None."""
    return _CARD_RELATED.first(number)


def current_card(card: Card) -> Card:
    """Follow replacements to the card the customer holds now."""
    seen = 0
    while card.replaced_by_id is not None and seen < 100:
        card = Card.get_by_id(card.replaced_by_id)
        seen += 1
    return card


_SHAPES: dict[int, tuple[Any, tuple[list[int], list[tuple[str, str]]]]] = {}


def _state_shape(rules: RulesBundle) -> tuple[list[int], list[tuple[str, str]]]:
    """The tiers' periods and the (id, frequency) of the rules limited to once a period: what a
    card's state asks of its customer, worked out once per bundle (kept by the bundle's
    identity: a bundle is built once per version and never changes)."""
    entry = _SHAPES.get(id(rules))
    if entry is None or entry[0] is not rules:
        if len(_SHAPES) > 16:
            _SHAPES.clear()
        shape = (sorted({t.period_days for t in rules.tiers}),
                 [(rule.id, rule.frequency) for rule in rules.earning_rules if rule.frequency in counters.LIMITED])
        entry = _SHAPES[id(rules)] = (rules, shape)
    return entry[1]


# The customer's orders ever, (orders, spent) per tier period, the limited rules that earned in
# their period (`counters.state_values`).
CustomerFigures = tuple[int, list[tuple[int, Decimal]], dict[str, dt.datetime]]


def card_state(card: Card, rules: RulesBundle, when: dt.datetime | None = None) -> CardState:
    """What the engine needs: status, balance, tier, order count and which frequency-limited
    rules already earned in their current period. The order count, the tiers' figures and the
    period's earnings come from one statement (`counters.stats_and_earned`); a sale reads them
    with its card instead (`sale_card`)."""
    when = when or now()
    periods, limited = _state_shape(rules)
    if card.customer_id is None:
        customer: CustomerFigures = (0, [(0, Decimal(0)) for _ in periods], {})
    else:
        customer = counters.stats_and_earned(card.customer_id, [when - dt.timedelta(days=days) for days in periods], limited, when)
    return state_of(card, rules, customer)


def state_of(card: Card, rules: RulesBundle, customer: CustomerFigures) -> CardState:
    """The engine's view of `card` (as it is now: a sale writes off expired points first) and
    its customer's figures."""
    from ..domain.engine import CardState  # the engine is not needed to show a card (CLI start)

    orders_count, stats, last_earned = customer
    periods, _limited = _state_shape(rules)
    tier = resolve_tier(list(rules.tiers), dict(zip(periods, stats)).__getitem__)
    return CardState(
        status=card.status,
        balance=card.balance,
        tier=tier.name if tier else None,
        tier_multiplier=tier.earn_multiplier if tier else Decimal(1),
        orders_count=orders_count,
        last_earned=last_earned,
    )


def _visible_by_number(p: str) -> str:
    """The end of a raw statement over `card c` that finds the card with the number given last:
    a card of a batch still being created is not there yet (as `card_is_visible` says)."""
    return f"LEFT JOIN card_batch b ON b.id = c.batch_id WHERE c.number = {p} AND (b.id IS NULL OR b.complete)"


class SaleCard(NamedTuple):
    """A sale's card as `sale_card` reads it."""

    card: Card
    expired: bool  # it holds points past their date, to write off before the sale (`ledger.expire_due`)
    customer: CustomerFigures  # for `state_of`
    also: tuple[Any, ...] = ()  # the values of the caller's own columns (`sale_card`'s `also`)


@lru_cache(maxsize=16)
def _sale_sql(p: str, periods: int, rules: int, also: str = "") -> str:
    columns = ["c.id", "c.number", "c.status", "c.customer_id", "c.batch_id", "c.balance", "c.replaced_by_id",
               f"(SELECT 1 FROM card_lot WHERE card_id = c.id AND expires_at <= {p} LIMIT 1)",  # `ledger.has_expired`
               *counters.state_columns(p, "c.customer_id", periods, rules), *([also] if also else [])]
    return f"SELECT {', '.join(columns)} FROM card c {_visible_by_number(p)}"


_SALE_FIELDS = ("id", "number", "status", "customer", "batch", "balance", "replaced_by")


def sale_card(text: str, rules: RulesBundle, when: dt.datetime, field: str = "card", lock: bool = False,
              also: Callable[[str], tuple[str, int, Sequence[Any]]] | None = None) -> SaleCard:
    """The card a quote or a commit is for (as `get_card` finds it), whether it holds points
    past their date, and what the engine needs of its customer (as `card_state` reads them):
    one statement, where three cost each sale a round trip and the building of a model row.
    The card comes back with the columns a sale uses (not its dates). `lock` (inside a
    transaction): the card's row is locked first (`lock_rows`), so on the hub what is read is
    what another till's sale on the card left. `also(p)`: more columns of the card's customer
    for the caller, in the same statement — their SQL (the customer's id is `c.customer_id`),
    how many, and their parameters; their values come back in `SaleCard.also`."""
    number = card_number(text, field)
    if lock:
        lock_rows("card", "number", number)
    periods, limited = _state_shape(rules)
    asked, params = counters.state_params([when - dt.timedelta(days=days) for days in periods], limited, when)
    database = db.obj
    more, count, more_params = also(database.param) if also is not None else ("", 0, ())
    row = database.execute_sql(_sale_sql(database.param, len(periods), len(asked), more), [when, *params, *more_params, number]).fetchone()
    if row is None:
        raise NotFound(field, f"{number} is not a card of this store")
    card = Card(__no_default__=1)
    card.__data__ = dict(zip(_SALE_FIELDS, row))  # what the fields' setters would store (a key's id), nothing marked changed
    values = row[:len(row) - count] if count else row
    return SaleCard(card, row[7] is not None, counters.state_values(values[8:], len(periods), asked), tuple(row[len(row) - count:]) if count else ())


@lru_cache(maxsize=16)
def _scan_sql(p: str, periods: int) -> str:
    """Everything a scan shows, in one statement: the card, its customer and batch, the card it
    was replaced by, its lots past their date and expiring soon, and the tiers' figures. Cards
    of a batch still being created are not found (as `card_is_visible` says for every query)."""
    columns = ["c.id", "c.number", "c.status", "c.balance", "c.customer_id", "u.name", "u.phone", "u.email", "b.name",
               "(SELECT r.number FROM card r WHERE r.id = c.replaced_by_id)",
               f"(SELECT 1 FROM card_lot WHERE card_id = c.id AND expires_at <= {p} LIMIT 1)",
               f"(SELECT COALESCE(SUM(points), 0) FROM card_lot WHERE card_id = c.id AND expires_at > {p} AND expires_at <= {p})",
               f"(SELECT MIN(expires_at) FROM card_lot WHERE card_id = c.id AND expires_at > {p} AND expires_at <= {p})",
               *counters.period_columns(p, "c.customer_id", periods)]
    return (f"SELECT {', '.join(columns)} FROM card c LEFT JOIN customer u ON u.id = c.customer_id "
            f"{_visible_by_number(p)}")


def _scan(number: str, when: dt.datetime, since: list[dt.datetime]) -> tuple | None:
    database = db.obj
    soon = when + dt.timedelta(days=EXPIRING_SOON_DAYS)
    params = [when, when, soon, when, soon, *counters.period_params(since, when), number]
    return database.execute_sql(_scan_sql(database.param, len(since)), params).fetchone()


def view(card: Card, rules: RulesBundle | None = None, when: dt.datetime | None = None) -> CardView:
    """What the cashier sees for a card: one statement (`_scan_sql`), whatever the length of
    its history. Points past their date are written off first (then it is read again)."""
    return _view(card.number, rules, when)


def _view(number: str, rules: RulesBundle | None, when: dt.datetime | None, field: str = "card") -> CardView:
    when = when or now()
    periods = sorted({t.period_days for t in rules.tiers}) if rules is not None else []
    since = [when - dt.timedelta(days=days) for days in periods]
    row = _scan(number, when, since)
    if row is None:
        raise NotFound(field, f"{number} is not a card of this store")
    if row[10]:
        with transaction():
            ledger.expire_due(Card.get_by_id(row[0]), when)
        row = _scan(number, when, since)
    customer_id = row[4]
    tier = None
    if rules is not None and customer_id is not None:
        figures = dict(zip(periods, counters.period_figures(row[13:], len(periods))[1]))
        reached = resolve_tier(list(rules.tiers), figures.__getitem__)
        tier = reached.name if reached else None
    soon_points = int(row[11] or 0)
    return CardView(
        number=row[1],
        status=row[2],
        balance=row[3],
        customer_id=customer_id,
        customer_name=row[5] or "",
        phone=row[6] or "",
        email=row[7] or "",
        tier=tier,
        expiring_points=soon_points,
        expiring_on=as_datetime(row[12]) if soon_points else None,
        replaced_by=row[9],
        batch=row[8],
    )


def lookup(text: str, rules: RulesBundle | None = None, when: dt.datetime | None = None) -> CardView:
    """The scan path: number → everything the cashier needs, in one statement; as of `when`
    (default now: `cards show --as-of` asks for another moment)."""
    return _view(card_number(text, "card"), rules, when)


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


HISTORY_PAGE = 100  # a screenful or more; Qt sizes the columns on what is loaded


def _history_query(card_id: int, show_out: bool, *after_and_limit: Any):  # type: ignore[no-untyped-def]
    """One card's entries, newest first, one row per transfer: the first entry of the transfer
    carries the points of all of it (one pair of entries per lot is written). Transfers out are
    shown only on the card they left (`show_out`); on its successor the incoming side tells it.
    `after_and_limit`: (limit) or (at, id, limit) — the rows older than that (at, id)."""
    other = LedgerEntry.alias()
    same_transfer = ((other.card == LedgerEntry.card) & (other.at == LedgerEntry.at) & (other.kind == "transfer")
                     & (other.idempotency_key.endswith(":out") == LedgerEntry.idempotency_key.endswith(":out")))
    first_of_transfer = ~fn.EXISTS(other.select(other.id).where(same_transfer & (other.id < LedgerEntry.id)))
    points = Case(None, [(LedgerEntry.kind == "transfer", other.select(fn.SUM(other.points)).where(same_transfer))], LedgerEntry.points)
    where = (LedgerEntry.card == card_id) & ((LedgerEntry.kind != "transfer") | first_of_transfer)
    if not show_out:
        where &= ~((LedgerEntry.kind == "transfer") & LedgerEntry.idempotency_key.endswith(":out"))
    *after, limit = after_and_limit
    if after:
        at, entry_id = after
        where &= (LedgerEntry.at < at) | ((LedgerEntry.at == at) & (LedgerEntry.id < entry_id))
    # Tuples, not model rows: the ledger's `order_id` column and the order's `order_id` would collide.
    return (LedgerEntry.select(LedgerEntry.at, Card.number, LedgerEntry.kind, points, Order.order_id, LedgerEntry.note, LedgerEntry.user, LedgerEntry.id)
            .join(Card).switch(LedgerEntry).join(Order, JOIN.LEFT_OUTER)
            .where(where).order_by(LedgerEntry.at.desc(), LedgerEntry.id.desc()).limit(limit).tuples())


# The card screen reads a page on every open and scroll: the SQL of each shape is written once.
_HISTORY = {(show_out, paged): Prepared(lambda card_id, *rest, _s=show_out: _history_query(card_id, _s, *rest))
            for show_out in (False, True) for paged in (False, True)}


def history(card: Card, limit: int | None = None, after: HistoryRow | None = None) -> list[HistoryRow]:
    """The card's ledger including the cards it replaced (the history moves with the balance),
    newest first, one line per transfer. `limit` rows at most, older than `after` (the last row
    of the page before): each page reads only its own rows, on a card of any length."""
    page = limit or 1_000_000_000
    rows: list[HistoryRow] = []
    for card_id in replaced_chain(card):  # each card's newest rows by its (card, at) index, merged
        values = (card_id, after.at, after.entry_id, page) if after is not None else (card_id, page)
        rows.extend(HistoryRow(*row) for row in _HISTORY[(card_id == card.id, after is not None)].rows(*values))
    rows.sort(key=lambda r: (r.at, r.entry_id), reverse=True)
    return rows[:page]


# -- changes ------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    """A manager's reason for a card's change: at least 3 characters, within the one limit on
    reasons (`limits.MAX_LENGTH`), clean text."""
    reason = limits.check_text("reason", " ".join((reason or "").split()))
    if len(reason) < 3:
        raise ValidationError("reason", "a reason of at least 3 characters is required")
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
        changes.announce("card", card.number)
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
        at = now()
        ledger.transfer(old, new, at, user=user)
        Coupon.update(card=new).where(Coupon.card == old).execute()  # coupons go with the balance, used ones as history
        new.customer = old.customer_id
        new.status = old.status
        new.assigned_at = at
        new.save()
        old.status = "replaced"
        old.replaced_by = new
        old.save()
        changes.announce("card", old.number, new.number)
        audit.record(who.name, "card.replace", old.number, reason=reason, details={"new_card": new.number, "balance": new.balance, "operator": user or who.name})
    return new


def customer_for(card: Card) -> Customer | None:
    return card.customer if card.customer_id else None
