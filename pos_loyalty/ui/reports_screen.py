"""Reports (managers): pick a report, a date range and a grain — and, on a till attached to a
hub, a store or till — and read its headline figures, its tables and their charts at a glance.
Ctrl+E saves the table on show as CSV, Ctrl+Shift+E its chart as PNG.

The screen knows no report by name: it lists `reports.catalogue()` and draws whatever `Report`
`reports.run` returns (figures, tables, each table's chart hint), so a report added to the
registry shows here unchanged. A report runs in a pool thread (a year of a busy store's
ledger); a newer request supersedes an older one, whose result is dropped when it arrives.

Who may read them: managers. A cashier signed in sees a locked page until a manager enters
their PIN; the reports then stay open until someone signs in again (after the till locks too).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..domain.report_table import GRAINS, Period, Report, Table
from ..services import auth, printing, report_filters, reports, rules_sync
from .i18n import qt_date_format
from .pin_dialog import PinDialog
from .report_chart import ReportChart
from .report_labels import label
from .report_table_model import ReportTableModel, figure_text
from .widgets import bind_shortcut, error_label, scaled, show_field_error
from .workers import Worker

log = logging.getLogger(__name__)

FIGURES_PER_ROW = 4
EDIT_DELAY_MS = 400  # typing a date runs the report once the typing stops, not on every digit


def read_report(name: str, period: Period, should_cancel: Callable[[], bool] | None = None) -> tuple[Report, str]:
    """The report and the store's currency, read together in the pool thread."""
    report = reports.run(name, period)
    try:
        currency = rules_sync.active_rules()[0].settings.currency
    except LoyaltyError:  # no rules imported yet: the counts still read
        currency = "EUR"
    return report, currency


def read_tills(should_cancel: Callable[[], bool] | None = None) -> list[report_filters.Till]:
    return report_filters.tills()


def _file_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "report"


class TablePage(QSplitter):
    """One table of a report: its chart above (when it has one), the table below."""

    def __init__(self, table: Table, currency: str, grain: str, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.table = table
        self.chart_view: QChartView | None = None
        chart = ReportChart(table, currency, grain, self).chart()
        if chart is not None:
            self.chart_view = QChartView(chart, self)
            self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_view.setMinimumHeight(160)
            self.addWidget(self.chart_view)
        self.model = ReportTableModel(table, currency, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(False)  # a figure stays beside its label, not across the screen
        self.view.setMinimumHeight(100)
        self.addWidget(self.view)
        self.setChildrenCollapsible(False)
        if self.chart_view is not None:  # the chart is what is read at a glance: most of the height
            self.setStretchFactor(0, 3)
            self.setStretchFactor(1, 2)
            self.setSizes([600, 400])


class ReportsScreen(QWidget):
    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
        self._user = user
        self._opened_by_pin = False  # a manager's PIN opened the reports for this signed-in user
        self.worker: Worker | None = None
        self.dropped = 0  # results dropped as stale (for the tests and the log)
        self.report: Report | None = None
        self.currency = "EUR"
        self.pages_shown: list[TablePage] = []
        self.figure_labels: dict[str, QLabel] = {}
        self.tills: list[report_filters.Till] = []
        self.tills_loaded = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages)
        self.pages.addWidget(self._locked_page())
        self.pages.addWidget(self._reports_page())

        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(EDIT_DELAY_MS)
        self.soon.timeout.connect(self.run_report)
        self._fill_catalogue()
        self.apply_preset("30")
        self._wire()
        self._show_gate()

    # -- building ---------------------------------------------------------------------------

    def _locked_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(scaled(QLabel(self.tr("Reports"), page), 1.4))
        self.locked_text = QLabel(self.tr("Reports are for managers. A manager's PIN opens them until someone else signs in."), page)
        self.locked_text.setWordWrap(True)
        layout.addWidget(self.locked_text)
        self.unlock_button = QPushButton(self.tr("Open with a manager's PIN…"), page)
        self.unlock_button.clicked.connect(self.unlock)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _reports_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)

        when = QHBoxLayout()
        when.addWidget(scaled(QLabel(self.tr("Reports"), page), 1.4))
        when.addSpacing(12)
        self.start = self._date_edit(page, self.tr("First day of the report"))
        self.end = self._date_edit(page, self.tr("Last day of the report (included)"))
        from_label = QLabel(self.tr("&From"), page)
        from_label.setBuddy(self.start)
        to_label = QLabel(self.tr("&to"), page)
        to_label.setBuddy(self.end)
        self.preset = QComboBox(page)
        self.preset.setToolTip(self.tr("A range ending today"))
        for key, text in (("", self.tr("Chosen dates")), ("7", self.tr("Last 7 days")), ("30", self.tr("Last 30 days")),
                          ("month", self.tr("This month")), ("365", self.tr("Last 365 days"))):
            self.preset.addItem(text, key)
        self.grain = QComboBox(page)
        self.grain.setToolTip(self.tr("Group the time series by day, week (from Monday) or month"))
        grain_names = {"day": self.tr("By day"), "week": self.tr("By week"), "month": self.tr("By month")}
        for key in GRAINS:
            self.grain.addItem(grain_names.get(key, key), key)
        self.show_button = QPushButton(self.tr("Show"), page)
        self.show_button.setToolTip(self.tr("Read the report again"))
        bind_shortcut(self, self.show_button, Qt.Key.Key_F5)
        for widget in (from_label, self.start, to_label, self.end, self.preset, self.grain, self.show_button):
            when.addWidget(widget)
        when.addStretch(1)
        layout.addLayout(when)
        self.error = error_label(page)
        layout.addWidget(self.error)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.picker = QListWidget(page)
        self.picker.setObjectName("reportPicker")
        self.picker.setFixedWidth(190)
        self.picker.setAccessibleName(self.tr("Reports"))
        left.addWidget(self.picker, 1)
        self.filters = QWidget(page)
        where = QFormLayout(self.filters)
        where.setContentsMargins(0, 0, 0, 0)
        self.store = QComboBox(self.filters)
        self.till = QComboBox(self.filters)
        for combo in (self.store, self.till):
            combo.setFixedWidth(190 - 50)
        where.addRow(self.tr("Store"), self.store)
        where.addRow(self.tr("Till"), self.till)
        left.addWidget(self.filters)
        body.addLayout(left)

        right = QVBoxLayout()
        self.description = QLabel(page)
        self.description.setWordWrap(True)
        right.addWidget(self.description)
        self.figures_box = QWidget(page)
        self.figures_grid = QGridLayout(self.figures_box)
        self.figures_grid.setContentsMargins(0, 4, 0, 4)
        right.addWidget(self.figures_box)
        self.tabs = QTabWidget(page)
        self.tabs.setDocumentMode(True)
        right.addWidget(self.tabs, 1)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)

        bottom = QHBoxLayout()
        self.busy = QProgressBar(page)
        self.busy.setRange(0, 0)  # no steps to count: it only says "working"
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        bottom.addWidget(self.busy)
        self.status = QLabel(page)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumWidth(1)  # a long path gives way rather than widen the window
        bottom.addWidget(self.status, 1)
        self.export_button = QPushButton(self.tr("Export table…"), page)
        self.export_button.setToolTip(self.tr("Save the table on show as CSV"))
        bind_shortcut(self, self.export_button, "Ctrl+E")
        self.chart_button = QPushButton(self.tr("Save chart as PNG…"), page)
        self.chart_button.setToolTip(self.tr("Save the chart on show as a PNG picture"))
        bind_shortcut(self, self.chart_button, "Ctrl+Shift+E")
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.chart_button)
        layout.addLayout(bottom)
        return page

    def _date_edit(self, parent: QWidget, tip: str) -> QDateEdit:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(qt_date_format())  # the app's date format in its language (formats.date_text)
        edit.setToolTip(tip)
        return edit

    def _titles(self) -> dict[str, tuple[str, str]]:
        """Each report's title and description in the app's language (services.reports writes
        them in English for the CLI); a report added there without a line here shows its own."""
        return {
            "enrolments": (self.tr("Enrolments"), self.tr(
                "New customers per day, week or month.")),
            "points": (self.tr("Points"), self.tr(
                "Points issued (orders, actions, milestones, triggers), redeemed, returned by refunds, expired, "
                "reversed and adjusted per period; the points outstanding now and their money value at the highest "
                "conversion factor of the active rules' points rewards (none: no value); points expiring within 30, "
                "60 and 90 days.")),
            "rewards": (self.tr("Rewards"), self.tr(
                "Redemptions, points and money given away per reward, most popular first; the redemption rate: "
                "customers who took a reward on an order in the range ÷ customers who placed an order with their card"
                " in the range.")),
            "customers": (self.tr("Customers"), self.tr(
                "New customers (enrolled in the range), active (placed an order with their card in the range), lapsed"
                " (had ordered, but not in the last N days up to the range's end; N is --lapsed-days, 90 by default),"
                " enrolments per period, and what the programme gave: milestone steps, actions and trigger firings in"
                " the range, by status.")),
            "tiers": (self.tr("Tiers and top customers"), self.tr(
                "How many customers are in each tier at the range's end (by the active rules' tiers, over each tier's"
                " period), and the customers who spent most (net of refunds) and earned most points (orders and "
                "actions) in the range. Covers every till.")),
            "orders": (self.tr("Orders"), self.tr(
                "Orders with a loyalty card and without, the average basket (order total) of each, and refunds (count"
                " and amount, by the refund's day) per period.")),
        }

    def _fill_catalogue(self) -> None:
        titles = self._titles()
        for info in reports.catalogue():
            title, description = titles.get(info.name, (info.title, info.description))
            item = QListWidgetItem(title)
            item.setToolTip(description)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            self.picker.addItem(item)

    def _wire(self) -> None:
        self.picker.currentRowChanged.connect(lambda _row: self.run_report())
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.preset.activated.connect(lambda index: self.apply_preset(str(self.preset.itemData(index))) or self.run_report())
        self.grain.currentIndexChanged.connect(lambda _index: self.run_report())
        self.store.currentIndexChanged.connect(self._store_chosen)
        self.till.currentIndexChanged.connect(lambda _index: self.run_report())
        self.show_button.clicked.connect(self.run_report)
        self.export_button.clicked.connect(self.export_table)
        self.chart_button.clicked.connect(self.save_chart)
        self.tabs.currentChanged.connect(lambda _index: self._update_buttons())

    # -- who may read -----------------------------------------------------------------------

    @property
    def user(self) -> str:
        return self._user

    @user.setter
    def user(self, name: str) -> None:
        """Someone signed in (the window sets this at every sign-in, the same cashier's after
        the till locked too): a PIN that opened the reports before does not open them now."""
        self._opened_by_pin = False
        self._user = name
        self._show_gate()

    def allowed(self) -> bool:
        if self._opened_by_pin:
            return True
        found = auth.find_user(self._user) if self._user else None
        return found is not None and found.role == "manager" and found.active

    def _show_gate(self) -> None:
        if self.allowed():
            opening = self.pages.currentIndex() != 1
            self.pages.setCurrentIndex(1)
            if opening and self.isVisible():
                self.run_report()  # a manager just signed in or entered their PIN
            return
        self.pages.setCurrentIndex(0)
        self._supersede()
        self._show_report(None)  # nothing a cashier may not read stays on the widgets

    def unlock(self) -> None:
        opened = PinDialog.run(self, auth.verify_manager, self.tr("Reports are for managers: a manager must enter their PIN."))
        if opened is None:
            return
        self._opened_by_pin = True
        self._show_gate()
        self.focus_first()

    # -- choosing ---------------------------------------------------------------------------

    def selected_name(self) -> str | None:
        item = self.picker.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def choose(self, name: str) -> None:
        """Show the report called `name` (as a click in the list does)."""
        for row in range(self.picker.count()):
            if self.picker.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.picker.setCurrentRow(row)
                return
        raise KeyError(name)

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self._set_dates(start, end)
        self.preset.setCurrentIndex(0)

    def _set_dates(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def apply_preset(self, key: str, today: dt.date | None = None) -> None:
        """A range ending today: the last 7, 30 or 365 days, or this month so far."""
        today = today or dt.date.today()
        if key == "month":
            self._set_dates(today.replace(day=1), today)
        elif key.isdigit():
            self._set_dates(today - dt.timedelta(days=int(key) - 1), today)
        index = self.preset.findData(key)
        self.preset.setCurrentIndex(max(index, 0))

    def _dates_edited(self) -> None:
        self.preset.setCurrentIndex(0)  # chosen by hand now
        self.soon.start()

    def period(self) -> Period:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        return reports.check_period(start, end, str(self.grain.currentData()), self.store.currentData(), self.till.currentData())

    # -- the store and till filters (a hub's tills) -------------------------------------------

    def _load_tills(self) -> None:
        show = report_filters.filters_apply()
        self.filters.setVisible(show)
        self.store.blockSignals(True)
        self.till.blockSignals(True)
        self.store.clear()
        self.till.clear()
        self.store.addItem(self.tr("All stores"), None)
        self.till.addItem(self.tr("All tills"), None)
        self.store.blockSignals(False)
        self.till.blockSignals(False)
        if show:
            worker = Worker(read_tills, report_progress=False)
            worker.signals.finished.connect(self._tills_read)
            worker.signals.failed.connect(lambda error: log.warning("the tills could not be listed: %s", error))
            worker.start()

    def _tills_read(self, tills: object) -> None:
        assert isinstance(tills, list)
        self.tills = tills
        self.store.blockSignals(True)
        for store in report_filters.stores(tills):
            self.store.addItem(store, store)
        self.store.blockSignals(False)
        self._fill_tills()

    def _fill_tills(self) -> None:
        store = self.store.currentData()
        self.till.blockSignals(True)
        kept = self.till.currentData()
        self.till.clear()
        self.till.addItem(self.tr("All tills"), None)
        for till in self.tills:
            if store is None or till.store == store:
                self.till.addItem(till.name, till.name)
        self.till.setCurrentIndex(max(self.till.findData(kept), 0))
        self.till.blockSignals(False)

    def _store_chosen(self, _index: int) -> None:
        self._fill_tills()
        self.run_report()

    # -- running ----------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.worker is not None

    def run_report(self) -> None:
        """Read the chosen report for the chosen range in a pool thread; whatever was on its
        way is superseded (its result is dropped)."""
        self.soon.stop()
        name = self.selected_name()
        if name is None or not self.allowed():
            return
        try:
            period = self.period()
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        show_field_error(self.error, "")
        self._supersede()
        worker = Worker(read_report, name, period, report_progress=False)
        # Bound methods, not lambdas: a screen closed while a report is read is not called back.
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        self.busy.show()
        self.status.setText(self.tr("Reading the report…"))
        worker.start()

    def _supersede(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
        self.busy.hide()

    def _current(self) -> bool:
        """Whether the run reporting now is the newest; an older one's result is dropped."""
        if self.worker is not None and self.sender() is self.worker.signals:
            return True
        self.dropped += 1
        log.debug("a superseded report run finished: its result is dropped")
        return False

    def _finished(self, result: object) -> None:
        if not self._current():
            return
        self.worker = None
        self.busy.hide()
        assert isinstance(result, tuple)
        report, self.currency = result
        self._show_report(report)

    def _failed(self, error: object) -> None:
        if not self._current():
            return
        self.worker = None
        self.busy.hide()
        self.status.clear()
        if isinstance(error, LoyaltyError):
            show_field_error(self.error, error.message)
        else:
            log.error("a report failed", exc_info=error if isinstance(error, BaseException) else None)
            show_field_error(self.error, self.tr("The report could not be read: {error}").format(error=str(error)))

    # -- showing ----------------------------------------------------------------------------

    def _show_report(self, report: Report | None) -> None:
        self.report = report
        kept = self.tabs.currentIndex()
        self.tabs.clear()
        for page in self.pages_shown:
            page.deleteLater()
        self.pages_shown = []
        while self.figures_grid.count():
            item = self.figures_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.figure_labels = {}
        if report is None:
            self.description.clear()
            self.status.clear()
            self._update_buttons()
            return
        period = report.period
        title, description = self._titles().get(report.info.name, (report.info.title, report.info.description))
        self.description.setText(self.tr("{title}: {description} {start} to {end}.").format(
            title=title, description=description, start=formats.date_text(period.start), end=formats.date_text(period.end)))
        for index, figure in enumerate(report.figures):
            value = scaled(QLabel(figure_text(figure.kind, figure.value, self.currency), self.figures_box), 1.6)
            value.setObjectName(f"figure_{figure.key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(label(figure.label), self.figures_box)
            row, column = divmod(index, FIGURES_PER_ROW)
            self.figures_grid.addWidget(value, row * 2, column)
            self.figures_grid.addWidget(caption, row * 2 + 1, column)
            self.figure_labels[figure.key] = value
        for table in report.tables:
            page = TablePage(table, self.currency, period.grain, self.tabs)
            self.tabs.addTab(page, label(table.title))
            self.pages_shown.append(page)
        if 0 <= kept < self.tabs.count():
            self.tabs.setCurrentIndex(kept)  # the same table of the next range, as a manager compares them
        self.status.setText(self.tr("Read {moment}.").format(moment=formats.datetime_text(dt.datetime.now())))
        self._update_buttons()

    def current_page(self) -> TablePage | None:
        page = self.tabs.currentWidget()
        return page if isinstance(page, TablePage) else None

    def _update_buttons(self) -> None:
        page = self.current_page()
        self.export_button.setEnabled(page is not None)
        self.chart_button.setEnabled(page is not None and page.chart_view is not None)

    def _suggested(self, page: TablePage, suffix: str) -> str:
        assert self.report is not None
        period = self.report.period
        name = _file_name(f"{self.report.info.name}-{page.table.key}-{period.start.isoformat()}-{period.end.isoformat()}")
        return str(Path.home() / f"{name}{suffix}")

    def export_table(self) -> None:
        """Save the table on show as CSV (`reports.write_csv`) where the user says."""
        page = self.current_page()
        if page is None:
            return
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the table as CSV"), self._suggested(page, ".csv"),
                                                      self.tr("CSV files (*.csv)"))
        if not target:
            return
        try:
            result = reports.write_csv(page.table, target)
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        show_field_error(self.error, "")
        self.status.setText(self.tr("{count} of “{table}” saved to {path}").format(
            count=formats.count(result.rows, self.tr("row"), self.tr("rows")), table=label(page.table.title), path=str(result.path)))

    def save_chart(self) -> None:
        """Save the chart on show as a PNG picture, as large as it is on screen."""
        page = self.current_page()
        if page is None or page.chart_view is None:
            return
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the chart as PNG"), self._suggested(page, ".png"),
                                                      self.tr("PNG pictures (*.png)"))
        if not target:
            return
        try:
            path = printing.check_output(target, ".png", "png")
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        partial = path.with_name(path.name + ".part")
        if not page.chart_view.grab().save(str(partial), "PNG"):
            partial.unlink(missing_ok=True)
            show_field_error(self.error, self.tr("png: {path} could not be written").format(path=str(path)))
            return
        os.replace(partial, path)  # a picture half written never takes the old one's place
        show_field_error(self.error, "")
        self.status.setText(self.tr("Chart “{table}” saved to {path}").format(table=label(page.table.title), path=str(path)))

    # -- the window's hooks -----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._show_gate()
        if not self.tills_loaded:  # once: a store or till chosen stays chosen across visits
            self.tills_loaded = True
            self._load_tills()
        if self.picker.currentRow() < 0 and self.picker.count():
            self.picker.setCurrentRow(0)  # runs it
        else:
            self.run_report()  # what was sold since it was last shown

    def focus_first(self) -> None:
        (self.picker if self.allowed() else self.unlock_button).setFocus()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Closing the window: wait for a report still being read (its connection closes with it)."""
        worker = self.worker
        self._supersede()
        if worker is not None:
            worker.wait(timeout)
