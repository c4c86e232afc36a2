"""Forgetting a customer from the card detail: what it does said plainly, a reason, and the
customer's name typed again before the manager's PIN is asked — it cannot be undone."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..domain.errors import LoyaltyError
from ..services import privacy
from .pin_dialog import PinDialog
from .widgets import error_label, show_field_error


def _same(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold() != ""


class ForgetDialog(QDialog):
    """Reason, confirmation (the customer's name typed), then the manager's PIN and
    `privacy.forget`. `result_value` holds what was done once accepted."""

    def __init__(self, customer_id: int, name: str, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.name = name
        self.user = user
        self.result_value: privacy.ForgetResult | None = None
        self.setWindowTitle(self.tr("Forget customer"))
        layout = QVBoxLayout(self)
        explanation = QLabel(self.tr(
            "{name}'s name, phone, e-mail and birthday are erased for good from every record of this store, and from "
            "the texts that quote them. Their orders and points stay, anonymous, so the accounts add up; their cards are "
            "suspended. E-mails not yet sent to them are never sent.\n\nThis cannot be undone.").format(name=name), self)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        form = QFormLayout()
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why (required), e.g. request by e-mail of 2 May"))
        self.reason.setMaxLength(200)
        self.reason_error = error_label(self)
        self.confirm = QLineEdit(self)
        self.confirm.setPlaceholderText(name)
        self.confirm_error = error_label(self)
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow("", self.reason_error)
        form.addRow(self.tr("Type &their name to confirm:"), self.confirm)
        form.addRow("", self.confirm_error)
        layout.addLayout(form)
        self.general_error = error_label(self)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(self)
        self.forget_button = buttons.addButton(self.tr("Forget for good…"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # Enter never erases a customer by accident
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self.forget)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm.textChanged.connect(self._confirmed)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _confirmed(self, text: str) -> None:
        self.forget_button.setEnabled(_same(text, self.name))

    def forget(self) -> None:
        for label in (self.reason_error, self.confirm_error, self.general_error):
            show_field_error(label, "")
        if not _same(self.confirm.text(), self.name):
            show_field_error(self.confirm_error, self.tr("type the customer's name exactly as shown"))
            return
        reason = self.reason.text()
        try:
            result = PinDialog.run(self, lambda pin: privacy.forget(self.customer_id, reason, self.user, manager_pin=pin),
                                   self.tr("Forgetting {name} cannot be undone: a manager must enter their PIN.").format(name=self.name))
        except LoyaltyError as exc:
            show_field_error(self.reason_error if exc.field == "reason" else self.general_error, exc.message)
            return
        if result is None:  # the PIN dialog was cancelled: nothing changed
            return
        self.result_value = result
        self.accept()
