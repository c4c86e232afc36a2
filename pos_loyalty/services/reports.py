"""The reports managers read: a registry of named reports, each a function of a `Period` that
returns a `Report` (domain/report_table.py). The CLI (`reports NAME`) and the Reports screen
go through `catalogue()` and `run()` only, so a new report is one function and one entry here.

A range is whole days, both ends included, read by each event's own time (`at`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..domain.errors import NotFound, ValidationError
from ..domain.report_table import GRAINS, Chart, Column, Figure, Period, Report, ReportInfo, Table
from . import report_days
from .exports import ExportResult, _write_csv
from .printing import check_output

MAX_DAYS = 3660  # ten years: a typo'd year ("2062") is refused rather than bucketed for minutes


@dataclass(frozen=True)
class _Entry:
    info: ReportInfo
    build: Callable[[Period], Report]


_REGISTRY: dict[str, _Entry] = {}


def _report(name: str, title: str, description: str) -> Callable[[Callable[[Period], Report]], Callable[[Period], Report]]:
    def register(build: Callable[[Period], Report]) -> Callable[[Period], Report]:
        _REGISTRY[name] = _Entry(ReportInfo(name, title, description), build)
        return build
    return register


def catalogue() -> tuple[ReportInfo, ...]:
    """Every report, in the order a manager meets them."""
    return tuple(e.info for e in _REGISTRY.values())


def check_period(start: dt.date, end: dt.date, grain: str = "day", store: str | None = None, till: str | None = None,
                 *, lapsed_days: int = 90) -> Period:
    if not 1 <= lapsed_days <= MAX_DAYS:
        raise ValidationError("lapsed_days", f"a number of days from 1 to {MAX_DAYS}, not {lapsed_days}")
    if grain not in GRAINS:
        raise ValidationError("grain", f"must be one of {', '.join(GRAINS)}, not {grain!r}")
    if end < start:
        raise ValidationError("to", f"{end.isoformat()} is before the start {start.isoformat()}")
    if (end - start).days > MAX_DAYS:
        raise ValidationError("to", f"a report covers at most {MAX_DAYS} days")
    return Period(start, end, grain, store or None, till or None, lapsed_days)


def run(name: str, period: Period) -> Report:
    entry = _REGISTRY.get(name)
    if entry is None:
        raise NotFound("report", f"no report named {name!r}; `reports list` shows them")
    report_days.catch_up()  # the summaries only: nothing a user sees changes
    report_days.tills(period)  # a store or till nobody here knows is refused
    return entry.build(period)


def bucket(day: dt.date, grain: str) -> dt.date:
    """The first day of the day/week (Monday)/month `day` falls in: a time series' x value."""
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def buckets(period: Period) -> list[dt.date]:
    """Every bucket of the range, empty ones included: a chart's line does not skip a quiet week."""
    out: list[dt.date] = []
    day = period.start
    while day <= period.end:
        b = bucket(day, period.grain)
        if not out or out[-1] != b:
            out.append(b)
        day += dt.timedelta(days=1)
    return out


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00): the half-open range SQL compares `at` with."""
    return (dt.datetime.combine(period.start, dt.time()), dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time()))


def write_csv(table: Table, out: str | Path) -> ExportResult:
    """One table as CSV (a header of the column labels); atomic like every export."""
    path = check_output(out, ".csv", "csv")
    rows = ((("" if v is None else v.isoformat() if isinstance(v, dt.date) else v) for v in row) for row in table.rows)
    return ExportResult(path, _write_csv(path, [c.label for c in table.columns], rows))


@_report("enrolments", "Enrolments", "New customers per day, week or month.")
def _enrolments(period: Period) -> Report:
    per: dict[dt.date, int] = {b: 0 for b in buckets(period)}
    for (day, _measure), total in report_days.day_sums(period.start, period.end, "enrol", None).items():
        per[bucket(day, period.grain)] += total.count
    table = Table("per_period", "New customers",
                  (Column("period", "Period", "date"), Column("new_customers", "New customers", "int")),
                  tuple(per.items()), Chart("line", "period", ("new_customers",)))
    return Report(_REGISTRY["enrolments"].info, period, (Figure("new_customers", "New customers", sum(per.values())),), (table,))

from . import report_builders  # noqa: E402,F401  (the reports: each registers itself)
