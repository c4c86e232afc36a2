"""Trigger logs and stats (seed 002's "Logs" and "Dashboard Overview"), read-only.

Everything is computed from `trigger_log`, where each firing keeps its trigger's name, so
rules later deleted from the bundle still count ("all-time historical stats … no matter if
rules have been deleted"). A date range is whole days, both ends included:

- log rows and the pending / conversion / blocked counts and the revenue are those of the
  firings made in the range (`at`);
- messages sent and the weekly chart count messages by the day they were sent (`sent_at`),
  whatever their status now (a converted message was sent too);
- revenue attributed is the sum of the converting orders' totals, rounded once, half-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import csv
import operator
from functools import reduce
from typing import IO, Iterable

from peewee import JOIN, SQL, fn

from ..domain.errors import ValidationError
from ..domain.money import round_money
from ..store.fields import money_from_db
from ..store.models import Card, Coupon, Customer, Order, TriggerLog
from . import rules_sync

STATUSES = ("pending", "sent", "conversion", "blocked")
MAX_PAGE = 1000


@dataclass(frozen=True)
class LogRow:
    id: int
    at: dt.datetime
    trigger_id: str
    trigger_name: str
    customer: str
    email: str
    card: str
    order_id: str
    status: str
    reason: str
    coupon: str
    points: int
    sent_at: dt.datetime | None
    conversion_order: str
    conversion_total: Decimal | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True)
class WeekCount:
    week: str  # ISO week, e.g. "2026-W45"
    monday: dt.date
    sent: int


@dataclass(frozen=True)
class TriggerStats:
    since: dt.date | None
    until: dt.date | None
    pending: int
    sent: int
    conversions: int
    blocked: int
    revenue: Decimal
    currency: str
    weekly: tuple[WeekCount, ...]


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    if since is not None and until is not None and until < since:
        raise ValidationError("to", f"{until.isoformat()} is before --from {since.isoformat()}")


def _in_range(column, since: dt.date | None, until: dt.date | None) -> list:  # type: ignore[no-untyped-def, type-arg]
    conditions = []
    if since is not None:
        conditions.append(column >= dt.datetime.combine(since, dt.time()))
    if until is not None:
        conditions.append(column < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    return conditions


def _where(since: dt.date | None, until: dt.date | None, status: str | None) -> list:  # type: ignore[type-arg]
    """The conditions of a filter (AND-ed by `.where(*conditions)`); bad input is refused."""
    check_range(since, until)
    conditions = _in_range(TriggerLog.at, since, until)
    if status is not None:
        if status not in STATUSES:
            raise ValidationError("status", f"must be one of {', '.join(STATUSES)}, not '{status}'")
        conditions.append(TriggerLog.status == status)
    return conditions


def _and(conditions: list) -> object:  # type: ignore[type-arg]
    return reduce(operator.and_, conditions) if conditions else SQL("1 = 1")


def log(since: dt.date | None = None, until: dt.date | None = None, status: str | None = None, offset: int = 0,
        limit: int = 100) -> list[LogRow]:
    """One page of log rows, newest first."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError("limit", f"must be 1 to {MAX_PAGE}, not {limit}")
    if offset < 0:
        raise ValidationError("offset", "cannot be negative")
    converting = Order.alias()
    query = (TriggerLog.select(TriggerLog, Customer.name, Customer.email, Card.number, Order.order_id, Coupon.code, converting.order_id)
             .join(Customer, on=(TriggerLog.customer == Customer.id))
             .switch(TriggerLog).join(Card, on=(TriggerLog.card == Card.id))
             .switch(TriggerLog).join(Order, JOIN.LEFT_OUTER, on=(TriggerLog.order == Order.id))
             .switch(TriggerLog).join(Coupon, JOIN.LEFT_OUTER, on=(TriggerLog.coupon == Coupon.id))
             .switch(TriggerLog).join(converting, JOIN.LEFT_OUTER, on=(TriggerLog.conversion_order == converting.id))
             .where(_and(_where(since, until, status))).order_by(TriggerLog.at.desc(), TriggerLog.id.desc()).offset(offset).limit(limit).tuples())
    fields = len(TriggerLog._meta.sorted_fields)
    names = [f.name for f in TriggerLog._meta.sorted_fields]
    currency = _currency()
    rows = []
    for values in query:
        r = dict(zip(names, values[:fields]))
        name, email, number, order_id, code, conversion_order = values[fields:]
        total = r["conversion_total"]
        rows.append(LogRow(r["id"], r["at"], r["trigger_id"], r["trigger_name"], name, email or "", number, order_id or "", r["status"], r["reason"],
                           code or "", r["points"], r["sent_at"], conversion_order or "",
                           round_money(_money(total), currency) if total is not None else None, r["revoked_at"]))
    return rows


def count(since: dt.date | None = None, until: dt.date | None = None, status: str | None = None) -> int:
    """How many log rows the same filter gives (for paging)."""
    return TriggerLog.select().where(_and(_where(since, until, status))).count()


def stats(since: dt.date | None = None, until: dt.date | None = None) -> TriggerStats:
    """The dashboard figures, all time (no dates) or for a range."""
    fired = _where(since, until, None)
    by_status = dict(TriggerLog.select(TriggerLog.status, fn.COUNT(TriggerLog.id)).where(_and(fired)).group_by(TriggerLog.status).tuples())
    revenue = TriggerLog.select(fn.SUM(TriggerLog.conversion_total)).where(_and([*fired, TriggerLog.status == "conversion"])).scalar()
    sent_rows = [at for (at,) in TriggerLog.select(TriggerLog.sent_at).where(
        _and([TriggerLog.sent_at.is_null(False), *_in_range(TriggerLog.sent_at, since, until)])).tuples()]
    currency = _currency()
    return TriggerStats(since, until, by_status.get("pending", 0), len(sent_rows), by_status.get("conversion", 0), by_status.get("blocked", 0),
                        round_money(_money(revenue), currency), currency, weekly(sent_rows, since, until))


def _money(value: object) -> Decimal:
    """A SUM of a money column: peewee converts it through the field (a Decimal) on some
    drivers and not on others (raw 1/10,000 units)."""
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else money_from_db(int(value))  # type: ignore[call-overload]


def _currency() -> str:
    try:
        return rules_sync.active_rules()[0].settings.currency
    except Exception:  # noqa: BLE001 - no rules imported yet: the stats still show
        return "EUR"


def weekly(sent: list[dt.datetime], since: dt.date | None = None, until: dt.date | None = None) -> tuple[WeekCount, ...]:
    """Messages sent per ISO week, every week from the first to the last (zeros included; the
    range's own weeks when one is given)."""
    if not sent and (since is None or until is None):
        return ()
    days = [s.date() if isinstance(s, dt.datetime) else dt.datetime.fromisoformat(str(s)).date() for s in sent]
    first = since or min(days)
    last = until or max(days)
    monday = first - dt.timedelta(days=first.weekday())
    counts: dict[dt.date, int] = {}
    for day in days:
        week = day - dt.timedelta(days=day.weekday())
        counts[week] = counts.get(week, 0) + 1
    out = []
    while monday <= last and len(out) < 1000:
        year, number, _ = monday.isocalendar()
        out.append(WeekCount(f"{year}-W{number:02d}", monday, counts.get(monday, 0)))
        monday += dt.timedelta(days=7)
    return tuple(out)


CSV_HEADER = ["id", "at", "trigger_id", "trigger_name", "customer", "email", "card", "order_id", "status", "reason", "coupon", "points",
              "sent_at", "conversion_order", "conversion_total", "revoked_at"]


def write_csv(stream: IO[str], rows: Iterable[LogRow]) -> int:
    """Log rows as CSV with a header row (times ISO 8601 to the second, money as text);
    returns the number of rows written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    written = 0
    for row in rows:
        values = []
        for name in CSV_HEADER:
            value = getattr(row, name)
            if isinstance(value, dt.datetime):
                value = value.isoformat(sep=" ", timespec="seconds")
            values.append("" if value is None else value)
        writer.writerow(values)
        written += 1
    return written


def all_rows(since: dt.date | None = None, until: dt.date | None = None, status: str | None = None) -> Iterable[LogRow]:
    """Every log row of the filter, read a page at a time (an export)."""
    offset = 0
    while True:
        page = log(since, until, status, offset, MAX_PAGE)
        yield from page
        if len(page) < MAX_PAGE:
            return
        offset += MAX_PAGE
