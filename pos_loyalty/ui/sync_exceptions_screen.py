"""Sync exceptions (manager): what the hub could not settle by itself — a card overdrawn by
redemptions made offline on several tills, a card number issued twice, the same customer
enrolled on two tills, a coupon used twice — with the card, customer or coupon, the balance
and the orders involved, and the till that sent them. A manager does what is needed (an
adjustment, a merge) elsewhere, then resolves the exception here with a note and their PIN.

The list is the hub's, as this till last pulled it (`sync.exceptions`). Resolving writes on
the hub, so it runs in the sync worker's pool thread, never the GUI thread; the PIN is checked
first, in the dialog, so a wrong one can be typed again there.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import auth, sync
from .pin_dialog import PinDialog
from .rows_model import Index, RowsModel
from .sync_worker import SyncWorker
from .widgets import bind_shortcut, confirmation_label, error_label, scaled, show_field_error


class ExceptionsModel(RowsModel):
    """One exception a row: when, what, about which card/customer/coupon, its figures, whence."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = [self.tr("When"), self.tr("What"), self.tr("Card / customer / coupon"), self.tr("Balance"),
                         self.tr("Orders"), self.tr("Till"), self.tr("Resolved")]
        self._kinds = {"overdraft": self.tr("Card overdrawn"), "card_collision": self.tr("Card number issued twice"),
                       "duplicate_customer": self.tr("Customer enrolled twice"), "coupon_twice": self.tr("Coupon used twice"),
                       "duplicate_award": self.tr("Reward given twice"), "duplicate_trigger": self.tr("Trigger bonus given twice")}
        self._details: list[dict[str, Any]] = []

    def set_rows(self, rows: list[sync.SyncException]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._details = [_details(r) for r in rows]
        self.endResetModel()

    def row_at(self, row: int) -> sync.SyncException:
        return self._rows[row]

    def kind_text(self, kind: str) -> str:
        return self._kinds.get(kind, kind)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: sync.SyncException = self._rows[index.row()]
        details = self._details[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and r.resolved_at:
            return r.resolution
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return formats.datetime_text(r.at)
        if column == 1:
            return self.kind_text(r.kind)
        if column == 2:
            return r.subject
        if column == 3:
            return formats.points(int(details["balance"])) if "balance" in details else ""
        if column == 4:
            return ", ".join(str(o) for o in details.get("orders", []))
        if column == 5:
            return str(details.get("till", ""))
        if r.resolved_at is None:
            return ""
        return self.tr("{time} by {name}: {note}").format(time=formats.datetime_text(r.resolved_at), name=r.resolved_by, note=r.resolution)


def _details(row: sync.SyncException) -> dict[str, Any]:
    try:
        found = json.loads(row.details or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


class SyncExceptionsScreen(QWidget):
    def __init__(self, parent: QWidget | None = None, user: str = "", worker: SyncWorker | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncExceptionsScreen")
        self.user = user
        self.worker = worker or SyncWorker(self)
        self.resolving: int | None = None  # the exception being resolved in the pool
        layout = QVBoxLayout(self)
        layout.addWidget(scaled(QLabel(self.tr("Sync exceptions"), self), 1.4))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        top = QHBoxLayout()
        self.show_resolved = QCheckBox(self.tr("Show resolved ones too"), self)
        self.show_resolved.toggled.connect(self.refresh)
        top.addWidget(self.show_resolved)
        top.addStretch(1)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.clicked.connect(self.refresh)
        bind_shortcut(self, self.reload_button, Qt.Key.Key_F5)
        top.addWidget(self.reload_button)
        layout.addLayout(top)

        self.model = ExceptionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        resolve = QHBoxLayout()
        resolve.addWidget(QLabel(self.tr("What was done:"), self))
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("e.g. points adjusted, customers merged, customer paid the difference"))
        self.note.setAccessibleName(self.tr("What was done"))
        self.note.textChanged.connect(self._update_buttons)
        resolve.addWidget(self.note, 1)
        self.resolve_button = QPushButton(self.tr("Resolve…"), self)
        self.resolve_button.setToolTip(self.tr("Mark the selected exception settled on the hub (manager PIN)"))
        self.resolve_button.clicked.connect(self.resolve_selected)
        bind_shortcut(self, self.resolve_button, "Ctrl+R")
        resolve.addWidget(self.resolve_button)
        self.merge_button = QPushButton(self.tr("Merge customers…"), self)
        self.merge_button.setToolTip(self.tr("One person enrolled twice: their cards and orders become one customer's (manager PIN)"))
        self.merge_button.clicked.connect(self.merge_selected)
        bind_shortcut(self, self.merge_button, "Ctrl+M")
        resolve.addWidget(self.merge_button)
        layout.addLayout(resolve)
        self.error = error_label(self)
        self.confirmation = confirmation_label(self)
        layout.addWidget(self.error)
        layout.addWidget(self.confirmation)

        self.worker.resolved.connect(self._resolved)
        self.worker.resolve_failed.connect(self._resolve_failed)
        self.refresh()

    # -- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (the hub's, as last pulled), keeping the selected exception selected."""
        chosen = self.selected()
        rows = sync.exceptions(include_resolved=self.show_resolved.isChecked())
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if chosen is not None and row.id == chosen.id:
                self.table.selectRow(number)
        open_count = sum(1 for r in rows if r.resolved_at is None)
        if sync.attached() is None:
            self.summary.setText(self.tr("This till is not attached to a hub: sync has nothing to report."))
        elif open_count:
            self.summary.setText(self.tr("{count} for a manager. Settle each (an adjustment, a merge…), then resolve it with a note.").format(
                count=formats.count(open_count, self.tr("open exception"), self.tr("open exceptions"))))
        else:
            self.summary.setText(self.tr("No open exceptions: every till's sales merged cleanly."))
        self._update_buttons()

    def selected(self) -> sync.SyncException | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def is_busy(self) -> bool:
        """A resolution is on its way to the hub."""
        return self.resolving is not None

    def _update_buttons(self, *_args: object) -> None:
        row = self.selected()
        self.resolve_button.setEnabled(row is not None and row.resolved_at is None and bool(self.note.text().strip()) and not self.is_busy())
        self.merge_button.setEnabled(row is not None and row.resolved_at is None and row.kind == "duplicate_customer" and not self.is_busy())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.refresh()

    def focus_first(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and self.selected() is None:
            self.table.selectRow(0)

    # -- resolving ----------------------------------------------------------------------------

    def resolve_selected(self) -> None:
        row = self.selected()
        if row is not None and self.resolve_button.isEnabled():
            prompt = self.tr("A manager's PIN resolves the exception {what} — {subject}.").format(what=self.model.kind_text(row.kind), subject=row.subject)
            self._settle(row, prompt, self.note.text())

    def merge_selected(self) -> None:
        row = self.selected()
        if row is not None and self.merge_button.isEnabled():
            self._settle(row, self.tr("A manager's PIN merges the two customers of {subject} into one.").format(subject=row.subject), None)

    def _settle(self, row: sync.SyncException, prompt: str, note: str | None) -> None:
        """Ask for a manager's PIN, then resolve (with `note`) or merge (no note) in the pool."""
        show_field_error(self.error, "")
        self.confirmation.hide()
        pin = PinDialog.run(self, lambda typed: (auth.verify_manager(typed), typed)[1], prompt)
        if pin is None:
            return
        self.resolving = row.id
        self._update_buttons()
        self.worker.resolve(row.id, note, self.user, pin)

    def _resolved(self, exception_id: int) -> None:
        if exception_id != self.resolving:
            return
        self.resolving = None
        self.note.clear()
        self.confirmation.setText(self.tr("Resolved; the other tills see it at their next sync."))
        self.confirmation.show()
        self.refresh()

    def _resolve_failed(self, error: object) -> None:
        if self.resolving is None:
            return
        self.resolving = None
        message = error.message if isinstance(error, LoyaltyError) else self.tr("Could not resolve it: {error}").format(error=str(error))
        show_field_error(self.error, message)
        self.refresh()

