"""Record an action for the customer at the till (F7 at the checkout): the store's actions —
a review, a social share, its own ones; sign-up and birthday are given automatically — with
the points each gives. ↑/↓ choose, Enter records, Esc closes.

`services.activity.record` decides everything: a capped action ("review already rewarded
today"), a suspended card or a missing action is refused and the reason shown under the list.
Each action gets one key for the time the dialog is open, so a second Enter on the same action
(a double press) replays it and never gives its points twice.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import activity
from .widgets import cell, confirmation_label, error_label, read_only_table, show_field_error


class ActivityDialog(QDialog):
    """Emits `recorded(card number)` after points landed on the card (the checkout reads it again)."""

    recorded = Signal(str)

    def __init__(self, card_number: str, customer_name: str, balance: int, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.card_number = card_number
        self.user = user
        self.balance_value = balance
        self._keys: dict[str, str] = {}
        self.setWindowTitle(self.tr("Record an action"))
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("{name} — card {number}").format(name=customer_name or self.tr("no customer"), number=card_number), self)
        self.balance = QLabel(self)
        self.balance.setObjectName("activityBalance")
        layout.addWidget(self.heading)
        layout.addWidget(self.balance)
        self.table = read_only_table(self, [self.tr("Action"), self.tr("Points"), self.tr("At most")])
        self.table.setMinimumWidth(420)
        layout.addWidget(self.table, 1)
        self.error = error_label(self)
        self.message = confirmation_label(self)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.record_button = buttons.addButton(self.tr("&Record (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(buttons)
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.record_selected)
        self.close_button.clicked.connect(self.reject)
        self.table.doubleClicked.connect(lambda _index: self.record_selected())  # Enter: keyPressEvent (the table passes it on)
        self._frequency = {"once": self.tr("once"), "daily": self.tr("once a day"), "weekly": self.tr("once a week"),
                           "monthly": self.tr("once a month"), "yearly": self.tr("once a year")}
        self.actions = []
        self._show_balance()
        self.load()

    def load(self) -> None:
        """The store's till actions live today, in the bundle's order."""
        try:
            self.actions = activity.till_actions()
        except LoyaltyError as exc:
            self.actions = []
            show_field_error(self.error, exc.message)
        self.table.setRowCount(len(self.actions))
        for row, action in enumerate(self.actions):
            self.table.setItem(row, 0, cell(action.name))
            self.table.setItem(row, 1, cell(formats.points(action.points), right=True))
            self.table.setItem(row, 2, cell(self._frequency.get(action.frequency, action.frequency)))
        if self.actions:
            self.table.selectRow(0)
            self.table.setFocus()
        else:
            show_field_error(self.error, self.tr("This store gives no points for actions at the till (the rules' \"actions\")."))
        self.record_button.setEnabled(bool(self.actions))

    def select(self, action_id: str) -> None:
        ids = [a.id for a in self.actions]
        if action_id in ids:
            self.table.selectRow(ids.index(action_id))

    def _show_balance(self) -> None:
        self.balance.setText(self.tr("Balance: {points}").format(points=formats.points(self.balance_value)))

    def record_selected(self) -> None:
        """Enter: record the selected action; the reason is shown when it is refused."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.actions):
            return
        action = self.actions[row]
        show_field_error(self.error, "")
        self.message.hide()
        key = self._keys.setdefault(action.id, f"till:{uuid.uuid4()}")
        try:
            result = activity.record(self.card_number, action.id, key=key, user=self.user)
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        self.balance_value = result.balance
        self._show_balance()
        if result.replayed:
            self.message.setText(self.tr("{name}: already recorded — nothing changed.").format(name=result.name))
        else:
            self.message.setText(self.tr("{name}: {points}. New balance {balance}.").format(
                name=result.name, points=formats.points(result.points, signed=True), balance=formats.points(result.balance)))
        self.message.show()
        self.recorded.emit(result.card)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.record_selected()  # Enter records and the dialog stays open for another action
            return
        super().keyPressEvent(event)
