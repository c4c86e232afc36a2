"""Campaigns: what the customer-reward triggers achieved (seed 002's dashboard and logs) — the
stats, a weekly chart of messages sent, the log with date and status filters and a CSV export,
and the messages waiting to be sent. Reads only; every figure comes from
`services.trigger_reports`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError, ValidationError
from ..services import trigger_reports
from ..services.trigger_reports import LogRow, TriggerStats
from .widgets import bind_shortcut, error_label, money_text, scaled, show_field_error

PAGE = 100


class TriggerLogModel(QAbstractTableModel):
    """One page of trigger log rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[LogRow] = []
        self.currency = "EUR"
        self._headers = [self.tr("When"), self.tr("Trigger"), self.tr("Customer"), self.tr("Card"), self.tr("Status"), self.tr("Reward"),
                         self.tr("Conversion"), self.tr("Why")]
        self._statuses = {"pending": self.tr("pending"), "sent": self.tr("sent"), "conversion": self.tr("conversion"), "blocked": self.tr("blocked")}

    def set_rows(self, rows: list[LogRow], currency: str) -> None:
        self.beginResetModel()
        self.rows, self.currency = rows, currency
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return formats.datetime_text(r.at)
        if column == 1:
            return r.trigger_name
        if column == 2:
            return r.customer
        if column == 3:
            return r.card
        if column == 4:
            status = self._statuses.get(r.status, r.status)
            return status + (self.tr(" (taken back)") if r.revoked_at else "")
        if column == 5:
            return self.tr("coupon {0}").format(r.coupon) if r.coupon else formats.points(r.points) if r.points else ""
        if column == 6:
            return f"{r.conversion_order} · {money_text(r.conversion_total, self.currency)}" if r.conversion_order and r.conversion_total is not None else ""
        return r.reason


class CampaignsScreen(QWidget):
    send_now_requested = Signal(list)  # the log ids of the pending messages to send now (wired to the sender)

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("campaignsScreen")
        self.user = user
        self.page = 0
        self.total_rows = 0
        self.filters: tuple[dt.date | None, dt.date | None, str | None] = (None, None, None)
        layout = QVBoxLayout(self)

        layout.addWidget(scaled(QLabel(self.tr("Campaigns"), self), 1.4))

        filters = QHBoxLayout()
        self.since = QLineEdit(self)
        self.until = QLineEdit(self)
        for field, hint in ((self.since, self.tr("from YYYY-MM-DD")), (self.until, self.tr("to YYYY-MM-DD"))):
            field.setPlaceholderText(hint)
            field.setMaxLength(10)
            field.setClearButtonEnabled(True)
            field.returnPressed.connect(self.apply_filters)
            filters.addWidget(field)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Every status"), None)
        for key, text in (("pending", self.tr("Pending")), ("sent", self.tr("Sent")), ("conversion", self.tr("Conversions")), ("blocked", self.tr("Blocked"))):
            self.status.addItem(text, key)
        filters.addWidget(self.status)
        self.apply_button = QPushButton(self.tr("Show"), self)
        self.apply_button.clicked.connect(self.apply_filters)
        filters.addWidget(self.apply_button)
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.clicked.connect(self.export_csv)
        bind_shortcut(self, self.export_button, "Ctrl+E")
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.error = error_label(self)
        layout.addWidget(self.error)

        figures = QGridLayout()
        self.figures: dict[str, QLabel] = {}
        for column, (key, text) in enumerate((("pending", self.tr("Messages pending")), ("sent", self.tr("Messages sent")),
                                              ("conversions", self.tr("Conversions")), ("blocked", self.tr("Blocked")), ("revenue", self.tr("Revenue")))):
            value = scaled(QLabel("0", self), 1.6)
            value.setObjectName(f"figure_{key}")
            figures.addWidget(value, 0, column)
            figures.addWidget(QLabel(text, self), 1, column)
            self.figures[key] = value
        layout.addLayout(figures)

        self.chart = QChart()
        self.chart.setTitle(self.tr("Messages sent per week"))
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(160)
        layout.addWidget(self.chart_view, 1)

        self.model = TriggerLogModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 2)
        pages = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("Previous page"), self)
        self.next_button = QPushButton(self.tr("Next page"), self)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        bind_shortcut(self, self.previous_button, QKeySequence.StandardKey.MoveToPreviousPage)
        bind_shortcut(self, self.next_button, QKeySequence.StandardKey.MoveToNextPage)
        self.page_label = QLabel(self)
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        pages.addWidget(self.next_button)
        layout.addLayout(pages)

        pending = QHBoxLayout()
        self.pending = QListWidget(self)
        self.pending.setMaximumHeight(120)
        self.pending.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        pending.addWidget(self.pending, 1)
        self.send_button = QPushButton(self.tr("Send now"), self)
        self.send_button.setToolTip(self.tr("Send the selected pending messages (all when none is selected)"))
        self.send_button.clicked.connect(self._send_now)
        pending.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(QLabel(self.tr("Messages waiting to be sent"), self))
        layout.addLayout(pending)
        self.refresh()

    # -- reading ------------------------------------------------------------------------

    def _read_filters(self) -> tuple[dt.date | None, dt.date | None, str | None]:
        days = []
        for field, name in ((self.since, "from"), (self.until, "to")):
            text = field.text().strip()
            if not text:
                days.append(None)
                continue
            try:
                if len(text) != 10 or not text.isascii():
                    raise ValueError(text)
                days.append(dt.date.fromisoformat(text))
            except ValueError:
                raise ValidationError(name, self.tr("'{0}' is not a date such as 2026-11-29").format(text)) from None
        trigger_reports.check_range(days[0], days[1])
        return days[0], days[1], self.status.currentData()

    def apply_filters(self) -> None:
        try:
            self.filters = self._read_filters()
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        show_field_error(self.error, "")
        self.page = 0
        self.refresh()

    def refresh(self) -> None:
        """Reload the figures, the chart, the log page and the pending messages."""
        since, until, _status = self.filters
        stats = trigger_reports.stats(since, until)
        self._show_stats(stats)
        self.show_page(self.page, stats.currency)
        pending = trigger_reports.log(status="pending", limit=trigger_reports.MAX_PAGE)
        self.pending.clear()
        for row in pending:
            item = QListWidgetItem(self.tr("{0} → {1} <{2}> ({3})").format(row.trigger_name, row.customer, row.email, formats.datetime_text(row.at)))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.pending.addItem(item)
        self.send_button.setEnabled(bool(pending))

    def _show_stats(self, stats: TriggerStats) -> None:
        self.figures["pending"].setText(formats.number(stats.pending))
        self.figures["sent"].setText(formats.number(stats.sent))
        self.figures["conversions"].setText(formats.number(stats.conversions))
        self.figures["blocked"].setText(formats.number(stats.blocked))
        self.figures["revenue"].setText(money_text(stats.revenue, stats.currency))
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        weeks = stats.weekly[-26:]  # the last half year reads on a till's screen
        bars = QBarSet(self.tr("Sent"))
        bars.append([float(w.sent) for w in weeks])
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append([w.week[5:] for w in weeks])
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        top = max([w.sent for w in weeks], default=0) or 1
        if top > 5:
            top = -(-top // 4) * 4  # a multiple of 4: five ticks, each a whole number of messages
        y_axis.setRange(0, top)
        y_axis.setTickCount(top + 1 if top <= 5 else 5)  # ticks on whole numbers only ("0, 0, 1" read as nonsense)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.weekly = weeks

    def show_page(self, page: int, currency: str | None = None) -> None:
        since, until, status = self.filters
        self.total_rows = trigger_reports.count(since, until, status)
        last = max(0, (self.total_rows - 1) // PAGE)
        self.page = min(max(0, page), last)
        rows = trigger_reports.log(since, until, status, self.page * PAGE, PAGE)
        self.model.set_rows(rows, currency or self.model.currency)
        self.page_label.setText(self.tr("Page {0} of {1} — {2}").format(self.page + 1, last + 1, formats.count(self.total_rows, self.tr("row"), self.tr("rows"))))
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < last)

    # -- actions --------------------------------------------------------------------------

    def export_csv(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the trigger log"), str(Path.home() / "trigger-log.csv"),
                                                    self.tr("CSV files (*.csv)"))
        if not name:
            return
        self.export_to(Path(name))

    def export_to(self, path: Path) -> int:
        """Write every row of the current filter to `path` as CSV; returns the rows written."""
        since, until, status = self.filters
        try:
            with path.open("w", encoding="utf-8", newline="") as stream:
                written = trigger_reports.write_csv(stream, trigger_reports.all_rows(since, until, status))
        except OSError as exc:
            show_field_error(self.error, self.tr("Could not write {0}: {1}").format(str(path), exc.strerror or str(exc)))
            return 0
        show_field_error(self.error, "")
        return written

    def _send_now(self) -> None:
        chosen = self.pending.selectedItems() or [self.pending.item(i) for i in range(self.pending.count())]
        self.send_now_requested.emit([item.data(Qt.ItemDataRole.UserRole) for item in chosen])
