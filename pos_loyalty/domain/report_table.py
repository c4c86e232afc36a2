"""What a report is, independent of where it is shown: headline figures, tables and a hint of
the chart each table reads best as. The CLI prints it or writes it as CSV/JSON, the Reports
screen draws it; neither needs to know which report it is.

Values in rows are plain Python: `int` (counts, points), `Decimal` (money, percentages),
`datetime.date` (periods), `str`. A column's `kind` says how to show and export its values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

Value = Union[int, Decimal, dt.date, str, None]

KINDS = ("text", "int", "points", "money", "percent", "date")
GRAINS = ("day", "week", "month")
CHARTS = ("line", "bar", "pie")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # one of KINDS


@dataclass(frozen=True)
class Chart:
    """How a table reads at a glance: a line over time, bars per category, a pie of shares.
    `x` is the column along the axis (or the slice names), `series` the columns plotted."""

    kind: str  # one of CHARTS
    x: str
    series: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    key: str  # short, file-name safe: "per_period", "by_reward"
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    chart: Chart | None = None

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


@dataclass(frozen=True)
class Figure:
    """A headline number: "Outstanding points 1,234,567 (123,456.70 EUR)"."""

    key: str
    label: str
    value: Value
    kind: str = "int"


@dataclass(frozen=True)
class Period:
    """The range a report covers: whole days, both ends included, counted by each event's own
    time (`at`); `grain` buckets the time series."""

    start: dt.date
    end: dt.date
    grain: str = "day"
    store: str | None = None  # a hub's store or till filter; None: all
    till: str | None = None
    lapsed_days: int = 90  # the customers report: a customer is lapsed after this many days without an order


@dataclass(frozen=True)
class ReportInfo:
    name: str  # what the CLI takes: `reports points`
    title: str
    description: str


@dataclass(frozen=True)
class Report:
    info: ReportInfo
    period: Period
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = field(default_factory=tuple)
