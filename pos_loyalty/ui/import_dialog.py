"""Importing an existing programme from CSV (services/programme_import.py), for a manager.

The dialog checks the file first (the dry run) in a pool thread with a progress bar and
Cancel, and lists every bad row (line, column, problem): the Import button is only enabled
on a file without bad rows. The import itself runs the same way; Cancel stops it with
nothing written. The manager's PIN was asked for before the dialog opened (the service checks
it again for each run)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import programme_import
from ..services.cards import Cancelled
from ..services.programme_import import ImportRefused, ImportReport
from .service_texts import translated
from .widgets import bind_shortcut, error_label, show_field_error
from .workers import Worker

log = logging.getLogger(__name__)


class _Stages(QObject):
    """Progress from the pool thread, queued to the dialog (created in the GUI thread)."""

    progress = Signal(str, int, int)  # stage, done, total


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport of an import that wrote something

    def __init__(self, path: str | Path, manager_pin: str, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import customers"))
        self.resize(760, 520)
        self.path = Path(path)
        self._pin = manager_pin
        self.user = user
        self.worker: Worker | None = None
        self.report: ImportReport | None = None
        self._stages = _Stages(self)
        self._stages.progress.connect(self._progress)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Customers, the cards they carry and their balances from {file}. The file is checked first; "
                               "nothing is imported until every row is right, and then all of it at once. While the import "
                               "writes, sales at other tills wait: import a large programme when the tills are quiet.").format(file=self.path.name), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.stage = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        row.addWidget(self.stage)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self.bad_rows = QTableWidget(0, 3, self)
        self.bad_rows.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Column"), self.tr("Problem")])
        self.bad_rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bad_rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bad_rows.verticalHeader().hide()
        self.bad_rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.bad_rows.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.bad_rows.hide()
        layout.addWidget(self.bad_rows, 1)
        buttons = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check again"), self)
        self.check_button.setToolTip(self.tr("Read and check the file again, after fixing it (F5)"))
        bind_shortcut(self, self.check_button, "F5")
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setToolTip(self.tr("Import every row, all at once (Ctrl+Return)"))
        bind_shortcut(self, self.import_button, "Ctrl+Return")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop: nothing is imported (Esc)"))
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._escape)
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.check()

    # -- running --------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self.worker is not None

    def _run(self, dry_run: bool) -> None:
        if self.worker is not None:
            return
        show_field_error(self.error, "")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        emit = self._stages.progress.emit
        worker = Worker(programme_import.import_file, self.path, self.user, manager_pin=self._pin, dry_run=dry_run,
                        report_progress=False, progress=lambda stage, done, total: emit(stage, done, total))
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        self._set_running(True)
        worker.start()

    def check(self) -> None:
        """The dry run: every row read and checked, nothing written."""
        self.summary.setText(self.tr("Checking {file}…").format(file=self.path.name))
        self._run(dry_run=True)

    def start_import(self) -> None:
        if self.report is None or self.report.bad or not self.report.dry_run:
            return
        self.summary.setText(self.tr("Importing {file}…").format(file=self.path.name))
        self._run(dry_run=False)

    def cancel(self) -> None:
        if self.worker is not None and not self.worker.is_cancelled():
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(self.tr("Cancelling…"))

    def _escape(self) -> None:
        if self.worker is not None:
            self.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self.worker is not None:  # closing while it runs: stop it first (nothing is written)
            self.cancel()
            return
        super().reject()

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.check_button.setEnabled(not running)
        self.close_button.setEnabled(not running)
        self.import_button.setEnabled(not running and self.report is not None and self.report.dry_run and not self.report.bad)

    def _progress(self, stage: str, done: int, total: int) -> None:
        names = {"reading": self.tr("Reading"), "checking": self.tr("Checking"), "writing": self.tr("Writing")}
        if self.worker is not None and not self.worker.is_cancelled():
            self.stage.setText(names.get(stage, stage))
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _what(self, report: ImportReport) -> str:
        return self.tr("{customers}, {cards} and {points} in {balances}").format(
            customers=formats.count(report.customers, self.tr("new customer"), self.tr("new customers")),
            cards=formats.count(report.cards, self.tr("card"), self.tr("cards")), points=formats.points(report.points),
            balances=formats.count(report.balances, self.tr("opening balance"), self.tr("opening balances")))

    def _finished(self, result: object) -> None:
        self.worker = None
        assert isinstance(result, ImportReport)
        self.progress.setValue(self.progress.maximum())
        self.stage.setText("")
        already = (self.tr(" {rows} imported before are left as they are.").format(
            rows=formats.count(result.already_imported, self.tr("row"), self.tr("rows"))) if result.already_imported else "")
        if result.dry_run:
            self.report = result
            self._show_bad(result)
            if result.bad:
                self.summary.setText(self.tr("{bad} in {rows}: fix them in the file, then check again. Nothing is imported "
                                             "while a row is wrong.").format(
                    bad=formats.count(result.bad_rows, self.tr("bad row"), self.tr("bad rows")),
                    rows=formats.count(result.rows, self.tr("row"), self.tr("rows"))))
            elif not result.customers and not result.cards:
                self.summary.setText(self.tr("Nothing new to import: every row was imported before."))
                self.report = None
            else:
                self.summary.setText(self.tr("{rows}, no bad rows. Import adds {what}.").format(
                    rows=formats.count(result.rows, self.tr("row"), self.tr("rows")), what=self._what(result)) + already)
        else:
            self.report = None
            self.summary.setText(self.tr("Imported {what} (batch “{batch}”).").format(what=self._what(result), batch=result.batch) + already
                                 if result.written else self.tr("Nothing new to import.") + already)
            if result.written:
                self.imported.emit(result)
        self._set_running(False)

    def _show_bad(self, report: ImportReport) -> None:
        self.bad_rows.setRowCount(len(report.bad))
        for r, bad in enumerate(report.bad):
            for c, value in enumerate((formats.number(bad.line), bad.column, translated(bad.problem))):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.bad_rows.setItem(r, c, item)
        self.bad_rows.setVisible(bool(report.bad))

    def _failed(self, error: object) -> None:
        self.worker = None
        self.progress.setValue(0)
        self.stage.setText("")
        self.report = None
        if isinstance(error, Cancelled):
            self.summary.setText(self.tr("Cancelled: nothing was imported."))
        elif isinstance(error, ImportRefused):  # a row went wrong since the check (another till): list it
            self._show_bad(error.report)
            self.summary.setText(translated(error.message))
        elif isinstance(error, LoyaltyError):
            self.summary.clear()
            show_field_error(self.error, error.message)
        else:
            log.error("import failed", exc_info=error if isinstance(error, BaseException) else None)
            self.summary.clear()
            show_field_error(self.error, self.tr("The file could not be imported: {error}").format(error=error))
        self._set_running(False)
