"""A report table's chart hint (`Chart`: line, bar or pie) drawn with QtCharts, for any report:
a line per series over a date axis, bars per category, a pie of shares. The chart reads the
table's own values, so the picture and the table (and its CSV) never disagree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtGui import QFont

from ..domain.report_table import Table, Value
from .report_labels import label
from .report_table_model import value_text

MAX_BARS = 20  # categories a bar chart shows (the table lists them all): more do not read at a glance
MAX_PIE_LABELS = 8  # slices labelled on the pie itself; more are named in a legend instead


def number(value: Value) -> float:
    """A plotted value: counts, points, money and percentages as floats; nothing as 0."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    return 0.0


def _msecs(day: dt.date) -> float:
    return float(QDateTime(day, dt.time(0, 0)).toMSecsSinceEpoch())


def _small_labels(*axes: QAbstractAxis) -> None:
    """Axis labels a size below the app's (large) type: a month of dates fits 1024 pixels."""
    for axis in axes:
        font = QFont(axis.labelsFont())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        axis.setLabelsFont(font)


class ReportChart(QObject):
    """Builds the QChart for one table (`chart()`); None when the table has no chart hint."""

    def __init__(self, table: Table, currency: str, grain: str = "day", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.currency = currency
        self.grain = grain

    def chart(self) -> QChart | None:
        hint = self.table.chart
        if hint is None:
            return None
        chart = QChart()
        chart.setTitle(label(self.table.title))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # a grab right after drawing shows the whole chart
        chart.layout().setContentsMargins(0, 0, 0, 0)
        if hint.kind == "line":
            self._line(chart)
        elif hint.kind == "bar":
            self._bars(chart)
        else:
            self._pie(chart)
        return chart

    def _series_columns(self) -> list[int]:
        hint = self.table.chart
        assert hint is not None
        return [self.table.column(key) for key in hint.series]

    def _x_column(self) -> int:
        hint = self.table.chart
        assert hint is not None
        return self.table.column(hint.x)

    def _value_axis(self, columns: list[int], top: float) -> QValueAxis:
        axis = QValueAxis()
        whole = all(self.table.columns[c].kind in ("int", "points") for c in columns)
        axis.setRange(0.0, top if top > 0 else 1.0)
        if whole:
            axis.setLabelFormat("%d")
            if top <= 5:
                axis.setRange(0.0, max(1.0, top))
                axis.setTickCount(int(max(1.0, top)) + 1)  # ticks on whole numbers only
            else:
                axis.applyNiceNumbers()
        else:
            axis.setLabelFormat("%.2f")
            axis.applyNiceNumbers()
        return axis

    def _line(self, chart: QChart) -> None:
        x = self._x_column()
        columns = self._series_columns()
        days = [row[x] for row in self.table.rows]
        dated = bool(days) and all(isinstance(d, dt.date) for d in days)
        top = 0.0
        for c in columns:
            series = QLineSeries()
            series.setName(label(self.table.columns[c].label))
            for index, row in enumerate(self.table.rows):
                value = number(row[c])
                top = max(top, value)
                day = row[x]
                series.append(_msecs(day) if dated and isinstance(day, dt.date) else float(index), value)
            chart.addSeries(series)
        if dated:
            x_axis = QDateTimeAxis()
            first, last = min(days), max(days)  # type: ignore[type-var]
            # Short labels that fit a till's screen: the year only when the range spans two.
            if self.grain == "month":
                x_axis.setFormat("yyyy-MM")
            else:
                x_axis.setFormat("MM-dd" if first.year == last.year else "yy-MM-dd")  # type: ignore[union-attr]
            if first == last:  # one point: a day either side, or the axis has no width
                first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)  # type: ignore[operator]
            x_axis.setRange(QDateTime(first, dt.time(0, 0)), QDateTime(last, dt.time(0, 0)))
            x_axis.setTickCount(max(2, min(len(days), 7)))
        else:
            x_axis = QValueAxis()
            x_axis.setLabelFormat("%d")
            x_axis.setRange(0.0, float(max(len(days) - 1, 1)))
        y_axis = self._value_axis(columns, top)
        _small_labels(x_axis, y_axis)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in chart.series():
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        chart.legend().setVisible(len(columns) > 1)

    def _bars(self, chart: QChart) -> None:
        x = self._x_column()
        columns = self._series_columns()
        rows = self.table.rows[:MAX_BARS]
        if len(self.table.rows) > MAX_BARS:
            chart.setTitle(self.tr("{title} (the first {count})").format(title=label(self.table.title), count=MAX_BARS))
        series = QBarSeries()
        top = 0.0
        for c in columns:
            bars = QBarSet(label(self.table.columns[c].label))
            values = [number(row[c]) for row in rows]
            top = max([top, *values])
            bars.append(values)
            series.append(bars)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        kind = self.table.columns[x].kind
        x_axis.append([value_text(kind, row[x], self.currency) or "—" for row in rows])
        y_axis = self._value_axis(columns, top)
        _small_labels(x_axis, y_axis)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        chart.legend().setVisible(len(columns) > 1)

    def _pie(self, chart: QChart) -> None:
        x = self._x_column()
        column = self._series_columns()[0]  # a pie shows one series: the shares of its first
        kind, name_kind = self.table.columns[column].kind, self.table.columns[x].kind
        series = QPieSeries()
        for row in self.table.rows:
            value = number(row[column])
            if value > 0:  # an empty slice only crowds the labels
                name = value_text(name_kind, row[x], self.currency) or "—"
                series.append(f"{name}: {value_text(kind, row[column], self.currency)}", value)
        labelled = series.count() <= MAX_PIE_LABELS
        series.setLabelsVisible(labelled)
        chart.addSeries(series)
        chart.legend().setVisible(not labelled)  # many slices: named in the legend rather than on the pie
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
