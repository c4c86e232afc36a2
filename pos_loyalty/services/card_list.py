"""The cards list for the GUI: keyset pages over a table that may hold a million cards.

A page is found through an index, never by sorting the card table:

* no search: a range on the primary key (`id > ?`) or on the unique number index, with the
  status filter served by the status index (which carries the rowid, so `status = ? AND id > ?`
  is one index range);
* a search: one index range per field the text could be (card number prefix; customer phone,
  email or name prefix), each joined to its cards and cut to one page, then merged here. The
  union of the first `limit` rows of each part, sorted, holds the first `limit` rows of the whole.
  A filter that matches few cards (≤ `COUNT_CAP`) drives the query and its matches are sorted;
  one that matches many is applied while walking the key's index in order, so neither a short
  prefix like "1" nor "status = unassigned, by number" ever sorts a large part of the table.

Counting a million rows is the slow part of any list, so `count()` is exact and cached when
nothing is filtered (only cards added since the last count are counted again; cards are never
deleted), and capped at `COUNT_CAP` when something is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from peewee import JOIN, fn

from ..domain import card_numbers, limits, names, phones
from ..domain.errors import NotFound, ValidationError
from ..store.models import Card, CardBatch, Customer, card_is_visible, db
from . import cards, rules_sync, settings
from .cards import CardView, HistoryRow

PAGE_SIZE = 200
COUNT_CAP = 10_000
STATUSES = ("unassigned", "active", "suspended", "replaced")
ORDERS = ("id", "number")


@dataclass(frozen=True)
class CardRow:
    id: int
    number: str
    status: str
    balance: int
    customer_name: str
    phone: str
    email: str
    batch: str

    def key(self, order: str) -> Any:
        return self.id if order == "id" else self.number


@dataclass(frozen=True)
class CardCount:
    value: int
    exact: bool  # False: there are at least `value` cards (the count stopped at the cap)


@dataclass(frozen=True)
class CardDetailData:
    """Everything the card detail screen shows, read in one call."""

    view: CardView
    history: list[HistoryRow]
    marketing_opt_in: bool


def _check(order: str, status: str | None) -> None:
    if order not in ORDERS:
        raise ValidationError("order", f"must be one of {', '.join(ORDERS)}, not '{order}'")
    if status is not None and status not in STATUSES:
        raise ValidationError("status", f"must be one of {', '.join(STATUSES)}, not '{status}'")


def _prefix(field, text: str):  # type: ignore[no-untyped-def]
    """An index-friendly prefix match (a range), the same on SQLite and PostgreSQL."""
    return (field >= text) & (field < text + "\uffff")


def _search_terms(text: str) -> list[tuple[str, Any, str]]:
    """(what, field, prefix) for each field the search text could be a prefix of."""
    text = " ".join(text.split())
    if not text:
        return []
    terms: list[tuple[str, Any, str]] = []
    compact = card_numbers.normalise(text)
    if limits.is_ascii_digits(compact):
        terms.append(("number", Card.number, compact))
    elif card_numbers.foreign_form(text):  # the start of a number imported from a previous programme (letters and digits)
        terms.append(("number", Card.number, card_numbers.foreign_form(text)))
    if phones.looks_like_phone(text):
        terms.append(("phone", Customer.phone, phones.search_prefix(text, settings.get("country"))))
    if " " not in text:
        terms.append(("email", Customer.email, text.lower()))
    if any(ch.isalpha() for ch in text):
        terms.append(("name", Customer.name_key, names.fold(text)))
    # A prefix as long as its column matches nothing (and its range's upper bound would not fit).
    return [term for term in terms if len(term[2]) < term[1].max_length]


def _select():  # type: ignore[no-untyped-def]
    return (Card.select(Card.id, Card.number, Card.status, Card.balance, Customer.name, Customer.phone, Customer.email, CardBatch.name.alias("batch_name"))
            .join(Customer, JOIN.LEFT_OUTER, on=(Card.customer == Customer.id))
            .switch(Card).join(CardBatch, JOIN.LEFT_OUTER, on=(Card.batch == CardBatch.id))
            .where(card_is_visible()))


def _row(values: tuple) -> CardRow:  # type: ignore[type-arg]
    cid, number, status, balance, name, phone, email, batch = values
    return CardRow(cid, number, status, balance, name or "", phone or "", email or "", batch or "")


def _unindexed(field):  # type: ignore[no-untyped-def]
    """The column as an expression no index serves (`col || ''`): the planner then walks the key."""
    return field.concat("")


def _filters(status: str | None, term: tuple[str, Any, str] | None, walk_key: str | None = None) -> list[Any]:
    """The WHERE conditions, written so the planner picks the right index.

    A search term is far more selective than a status (four values), so with a term the status
    is filtered, not indexed. With `walk_key` the page is found by walking the key's index in
    order: only conditions that index (or the status index, which carries the rowid) serves stay
    indexable."""
    conditions = []
    if status is not None:
        indexed = walk_key == "id" or (term is None and walk_key is None)
        conditions.append((Card.status if indexed else _unindexed(Card.status)) == status)
    if term is not None:
        what, field, text = term
        indexed = walk_key is None or (what == "number" and walk_key == "number")
        conditions.append(_prefix(field if indexed else _unindexed(field), text))
    return conditions


def _walk_key(order: str, status: str | None, term: tuple[str, Any, str] | None, cap: int = COUNT_CAP) -> str | None:
    """Whether to walk the key's index in order, filtering as it goes, rather than let the planner
    pick the filter's index and sort what it finds. The filter's index wins when it matches few
    cards (≤ `cap`: a small sort); when it matches many, walking the key finds a page quickly and
    sorting them all would be the slow part."""
    if term is None and (status is None or order == "id"):
        return None  # the key's index (or status + rowid) already gives the order
    if term is not None and term[0] == "number" and order == "number" and status is None:
        return None
    query = _select().where(*_filters(status, term)).select(Card.id).limit(cap + 1)
    return order if query.count() > cap else None


def page_query(after: Any = None, limit: int = PAGE_SIZE, order: str = "id", descending: bool = False,
               status: str | None = None, term: tuple[str, Any, str] | None = None, walk_key: str | None = None):  # type: ignore[no-untyped-def]
    """The peewee query for one page of one search term (exposed for EXPLAIN in the tests)."""
    _check(order, status)
    key = Card.id if order == "id" else Card.number
    query = _select()
    conditions = _filters(status, term, walk_key)
    if after is not None:
        conditions.append(key < after if descending else key > after)
    if conditions:
        query = query.where(*conditions)
    return query.order_by(key.desc() if descending else key.asc()).limit(limit)


def page(after: Any = None, limit: int = PAGE_SIZE, order: str = "id", descending: bool = False,
         status: str | None = None, search: str = "") -> list[CardRow]:
    """Up to `limit` cards after the key `after` (a card id or number, per `order`)."""
    _check(order, status)
    if not 1 <= limit <= 10_000:
        raise ValidationError("limit", "must be between 1 and 10,000")
    terms: list[tuple[str, Any, str] | None] = list(_search_terms(search))
    if search.strip() and not terms:
        return []
    merged: dict[int, CardRow] = {}
    for term in terms or [None]:
        walk = _walk_key(order, status, term)
        for values in page_query(after, limit, order, descending, status, term, walk).tuples():
            row = _row(values)
            merged[row.id] = row
    rows = sorted(merged.values(), key=lambda r: r.key(order), reverse=descending)
    return rows[:limit]


_total_cache: dict[tuple[int, str], tuple[int, int]] = {}  # (db, path) → (max id counted, count)


def _capped(query, cap: int) -> int:  # type: ignore[no-untyped-def]
    return query.select(Card.id).limit(cap).count()


def count(status: str | None = None, search: str = "", cap: int = COUNT_CAP) -> CardCount:
    """How many cards the list holds: exact when unfiltered (cached), else up to `cap`."""
    _check("id", status)
    terms = _search_terms(search)
    if search.strip() and not terms:
        return CardCount(0, True)
    if not terms and status is None:
        cache_key = (id(db.obj), str(getattr(db.obj, "database", "")))
        seen_max, seen_count = _total_cache.get(cache_key, (0, 0))
        newest = Card.select(fn.MAX(Card.id)).scalar() or 0
        creating = Card.select(fn.MIN(Card.id)).join(CardBatch).where(CardBatch.complete == False).scalar()  # noqa: E712
        if creating:  # a batch still being created is counted once it is complete
            newest = min(newest, creating - 1)
        if newest < seen_max:  # the table was emptied or rebuilt: count afresh
            seen_max, seen_count = 0, 0
        if newest != seen_max:
            seen_count += Card.select().where((Card.id > seen_max) & (Card.id <= newest)).count()
            _total_cache[cache_key] = (newest, seen_count)
        return CardCount(seen_count, True)
    if not terms:
        n = _capped(Card.select().where(Card.status == status), cap + 1)
        return CardCount(min(n, cap), n <= cap)
    ids: set[int] = set()
    for term in terms:
        query = _select().where(*_filters(status, term))
        ids.update(cid for (cid,) in query.select(Card.id).limit(cap + 1).tuples())
        if len(ids) > cap:
            return CardCount(cap, False)
    return CardCount(len(ids), True)


def detail(number: str) -> CardDetailData:
    """The card detail: the view (balance, tier, expiring points…) and the first page of the
    history (`more_history` reads the next ones as the list scrolls), so the screen opens as
    fast on a card with 100,000 entries as on one with ten."""
    card = cards.get_card(number, related=True)
    try:
        rules, _ = rules_sync.active_rules()
    except NotFound:
        rules = None
    view = cards.view(card, rules)
    if view.number != card.number or view.balance != card.balance:
        card = cards.get_card(view.number, related=True)
    opt_in = bool(card.customer.marketing_opt_in) if card.customer_id else False
    return CardDetailData(view, cards.history(card, limit=cards.HISTORY_PAGE), opt_in)


def more_history(number: str, after: HistoryRow, limit: int = cards.HISTORY_PAGE) -> list[HistoryRow]:
    """The page of the card's history after the row `after` (the last one shown)."""
    return cards.history(cards.get_card(number), limit=limit, after=after)


def batch_rows() -> list[tuple[str, int, str, str]]:
    """(name, count, created at, created by) of every batch, newest first."""
    return [(b.name, b.count, f"{b.created_at:%Y-%m-%d %H:%M}", b.created_by) for b in cards.list_batches()]


@dataclass(frozen=True)
class BatchSummary:
    """A batch as the bulk-create screen lists it: its numbers are random within the scheme
    (`length` digits starting with `prefix`), so no first/last number is shown."""

    name: str
    count: int
    length: int
    prefix: str
    created_at: dt.datetime
    created_by: str


def batch_summaries() -> list[BatchSummary]:
    """Every batch, newest first, with the number scheme it was made with."""
    return [BatchSummary(b.name, b.count, b.length, b.prefix or "", b.created_at, b.created_by or "") for b in cards.list_batches()]


def statuses() -> Iterable[str]:
    return STATUSES


def database_location() -> str:
    """Where the open database is: a file path, or a PostgreSQL URL without its password."""
    database = db.obj
    if database is None:
        return ""
    name = str(getattr(database, "database", ""))
    params = getattr(database, "connect_params", {}) or {}
    if params.get("host") or type(database).__name__.startswith("Postgres"):
        host = params.get("host", "localhost")
        port = f":{params['port']}" if params.get("port") else ""
        user = f"{params['user']}@" if params.get("user") else ""
        return f"postgresql://{user}{host}{port}/{name}"
    return name
