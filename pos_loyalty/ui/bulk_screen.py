"""Bulk create: a count, the number length, a prefix and a batch name; the cards are made in a
worker thread with a progress bar and Cancel (all of them, or none). Lists the batches made so
far with their number scheme — the numbers are random within it, not a sequence, so no
"first to last" range is shown."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain import card_numbers
from ..domain.errors import LoyaltyError
from ..services import card_list, cards, exports, settings
from ..services.cards import MAX_BATCH, BatchResult, Cancelled
from .widgets import bind_shortcut, error_label, show_field_error
from .workers import Worker

log = logging.getLogger(__name__)


class BulkCreateScreen(QWidget):
    batch_created = Signal(str)  # the batch name, once its cards are in the database

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("bulkScreen")
        self.user = user
        self.worker: Worker | None = None
        self.last_result: BatchResult | None = None
        layout = QVBoxLayout(self)

        intro = QLabel(self.tr("Create a batch of unassigned card numbers to print and hand out later. "
                               "Either every card is created, or — if you cancel — none."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form_box = QWidget(self)
        form_box.setMaximumWidth(640)
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.count = QSpinBox(self)
        self.count.setRange(1, MAX_BATCH)
        self.count.setValue(5_000)
        self.count.setGroupSeparatorShown(True)
        self.count.setSingleStep(1_000)
        self.length = QSpinBox(self)
        self.length.setRange(card_numbers.MIN_LENGTH, card_numbers.MAX_LENGTH)
        self.length.setValue(int(settings.get("card_length")))  # the store's scheme (Settings), changeable per batch
        self.length.setSuffix(self.tr(" digits"))
        self.length.setToolTip(self.tr("How many digits each card number has, check digit included (13 prints as EAN-13)"))
        self.prefix = QLineEdit(self)
        self.prefix.setMaxLength(16)
        self.prefix.setPlaceholderText(self.tr("digits the numbers start with (optional)"))
        self.batch = QLineEdit(self)
        self.batch.setMaxLength(80)
        self.batch.setPlaceholderText(self.tr("e.g. Spring 2026 flyers"))
        self.errors = {key: error_label(self) for key in ("count", "length", "prefix", "batch")}
        form.addRow(self.tr("&How many cards:"), self.count)
        form.addRow("", self.errors["count"])
        form.addRow(self.tr("Number &length:"), self.length)
        form.addRow("", self.errors["length"])
        form.addRow(self.tr("Number &prefix:"), self.prefix)
        form.addRow("", self.errors["prefix"])
        form.addRow(self.tr("&Batch name:"), self.batch)
        form.addRow("", self.errors["batch"])
        layout.addWidget(form_box)

        row = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Create cards"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop: no cards are created (Esc)"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.setTextVisible(False)
        row.addWidget(self.create_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        self.general_error = error_label(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.general_error)
        layout.addWidget(self.status)
        layout.addSpacing(8)
        batches_row = QHBoxLayout()
        batches_row.addWidget(QLabel(self.tr("Batches"), self))
        batches_row.addStretch(1)
        self.print_button = QPushButton(self.tr("Print batch…"), self)
        self.print_button.setToolTip(self.tr("Print the selected batch as barcoded cards"))
        bind_shortcut(self, self.print_button, QKeySequence.StandardKey.Print)
        batches_row.addWidget(self.print_button)
        self.import_button = QPushButton(self.tr("Import customers…"), self)
        self.import_button.setToolTip(self.tr("Bring in an existing programme from CSV: customers, the cards they carry, "
                                              "their balances (a manager's PIN)"))
        bind_shortcut(self, self.import_button, "Ctrl+I")
        batches_row.addWidget(self.import_button)
        self.export_button = QPushButton(self.tr("Export numbers…"), self)
        self.export_button.setToolTip(self.tr("Save the selected batch's numbers as CSV, for a card-printing company"))
        bind_shortcut(self, self.export_button, "Ctrl+E")
        batches_row.addWidget(self.export_button)
        layout.addLayout(batches_row)
        self.batches = QTableWidget(0, 6, self)
        self.batches.setHorizontalHeaderLabels([self.tr("Batch"), self.tr("Cards"), self.tr("Digits"), self.tr("Prefix"),
                                                self.tr("Created"), self.tr("By")])
        self.batches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.batches.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.batches.verticalHeader().hide()
        self.batches.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.batches.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.batches, 1)

        self.create_button.clicked.connect(self.start)
        self.print_button.clicked.connect(self.print_batch)
        self.export_button.clicked.connect(self.export_batch)
        self.import_button.clicked.connect(self.import_customers)
        self.batches.itemSelectionChanged.connect(self._update_print_button)
        self.batches.itemActivated.connect(lambda _item: self.print_batch())
        self.cancel_button.clicked.connect(self.cancel)
        bind_shortcut(self, self.create_button, "Ctrl+Return")
        bind_shortcut(self, self.create_button, "Ctrl+Enter")
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)
        self.prefix.setText(settings.get("card_prefix"))
        self.refresh_batches()

    # -- running --------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        if self.worker is not None:
            return
        for label in (*self.errors.values(), self.general_error):
            show_field_error(label, "")
        self.status.clear()
        count = self.count.value()
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        worker = Worker(cards.bulk_create, count, self.batch.text(), prefix=self.prefix.text(), length=self.length.value(), user=self.user)
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        self._set_running(True)
        self.status.setText(self.tr("Creating {count}…").format(count=formats.count(count, self.tr("card"), self.tr("cards"))))
        worker.start()

    def cancel(self) -> None:
        if self.worker is not None and not self.worker.is_cancelled():
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def _set_running(self, running: bool) -> None:
        self.create_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.count, self.length, self.prefix, self.batch):
            widget.setEnabled(not running)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, result: object) -> None:
        self.worker = None
        self._set_running(False)
        assert isinstance(result, BatchResult)
        self.last_result = result
        self.progress.setValue(self.progress.maximum())
        self.status.setText(self.tr("Batch “{name}”: {count} created — {scheme}, in no particular order.").format(
            name=result.name, count=formats.count(result.count, self.tr("card"), self.tr("cards")), scheme=self._scheme(result.length, result.prefix)))
        self.batch.clear()
        self.refresh_batches()
        self.batches.selectRow(0)  # the new batch (newest first), ready to print
        self.batch_created.emit(result.name)

    def _failed(self, error: object) -> None:
        self.worker = None
        self._set_running(False)
        self.progress.setValue(0)
        if isinstance(error, Cancelled):
            self.status.setText(self.tr("Cancelled: no cards were created."))
        elif isinstance(error, LoyaltyError):
            self.status.clear()
            show_field_error(self.errors.get(error.field, self.general_error), error.message)
        else:
            log.error("bulk creation failed", exc_info=error if isinstance(error, BaseException) else None)
            self.status.clear()
            show_field_error(self.general_error, self.tr("The cards could not be created: {error}").format(error=error))

    def selected_batch(self) -> str | None:
        rows = self.batches.selectionModel().selectedRows()
        return self.batches.item(rows[0].row(), 0).text() if rows else None

    def _update_print_button(self) -> None:
        ready = self.selected_batch() is not None and self.worker is None
        self.print_button.setEnabled(ready)
        self.export_button.setEnabled(ready)

    def export_batch(self) -> None:
        """Save the selected batch's numbers as CSV (services/exports.py) where the user says."""
        name = self.selected_batch()
        if name is None or self.worker is not None:
            return
        suggested = str(Path.home() / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', name).strip('-') or 'batch'}.csv")
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the batch's card numbers"), suggested, self.tr("CSV files (*.csv)"))
        if not target:
            return
        try:
            result = exports.export_batch(name, target)
        except LoyaltyError as exc:
            show_field_error(self.general_error, exc.message)
            return
        show_field_error(self.general_error, "")
        self.status.setText(self.tr("{count} of batch {batch} saved to {path}").format(
            count=formats.count(result.rows, self.tr("card number"), self.tr("card numbers")), batch=name, path=str(result.path)))

    def import_customers(self) -> None:
        """Choose a CSV file, have a manager allow it, then check and import it in the import
        dialog (ui/import_dialog.py); its batch is listed here afterwards."""
        if self.worker is not None:
            return
        source, _filter = QFileDialog.getOpenFileName(self, self.tr("Import customers from CSV"), str(Path.home()),
                                                      self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if not source:
            return
        from ..services import auth
        from .import_dialog import ImportDialog
        from .pin_dialog import PinDialog

        pin = PinDialog.run(self, lambda typed: auth.verify_manager(typed) and typed,
                            self.tr("Importing customers needs a manager's PIN."))
        if pin is None:
            return
        dialog = ImportDialog(source, pin, self.user, parent=self)
        dialog.imported.connect(lambda _report: self.refresh_batches())
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def print_batch(self) -> None:
        """Open the print dialog on the selected batch: layout, preview, save or print."""
        name = self.selected_batch()
        if name is None or self.worker is not None:
            return
        from .print_dialog import PrintDialog  # QtPdf is loaded only when printing

        dialog = PrintDialog(batch=name, parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _scheme(self, length: int, prefix: str) -> str:
        if prefix:
            return self.tr("random {length}-digit numbers starting with {prefix}").format(length=length, prefix=prefix)
        return self.tr("random {length}-digit numbers").format(length=length)

    def refresh_batches(self) -> None:
        """List the batches (after a creation here or elsewhere), keeping the selected one selected."""
        selected = self.selected_batch()
        rows = card_list.batch_summaries()
        self.batches.setRowCount(len(rows))
        for r, batch in enumerate(rows):
            values = (batch.name, formats.number(batch.count), str(batch.length) if batch.length else "—",  # an import keeps its numbers' lengths
                      batch.prefix or "—", formats.datetime_text(batch.created_at), batch.created_by)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.batches.setItem(r, c, item)
        keep = next((r for r, row in enumerate(rows) if row.name == selected), -1) if selected else -1
        if keep >= 0:
            self.batches.selectRow(keep)
        else:
            self.batches.clearSelection()
        self._update_print_button()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel a running creation and wait for it (closing the window)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(timeout)
