"""Sign in to the till: choose your name, type your PIN. The audit log then names the person
at the till, not the computer's login.

Shown when the app starts and again when the main window locks itself after the store's
`idle_lock_minutes` without a key or a click (or on Ctrl+Shift+L). On a store with no manager yet it
offers to create the first manager instead. Wrong PINs are counted and throttled by
`services.auth`, which also says when to try again; this dialog only shows what it says.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..domain.errors import LoyaltyError
from ..services import auth, settings, users
from .widgets import error_label, show_field_error


def _pin_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(users.MAX_PIN_DIGITS)
    edit.setAccessibleName(name)
    return edit


class SignInDialog(QDialog):
    """`SignInDialog.ask(parent)` → the signed-in user's name, or None if they quit."""

    def __init__(self, parent: QWidget | None = None, locked: bool = False) -> None:
        super().__init__(parent)
        self.first_manager = not users.managers_exist()
        self.signed_in: str | None = None
        self.setModal(True)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.name = QComboBox(self)
        self.new_name = QLineEdit(self)
        self.new_name.setMaxLength(80)
        self.pin_edit = _pin_edit(self, self.tr("PIN"))
        self.pin_again = _pin_edit(self, self.tr("PIN again"))
        self.error = error_label(self)
        if self.first_manager:
            self.setWindowTitle(self.tr("Welcome: create the store's manager"))
            self.prompt.setText(self.tr("No one can sign in yet. Create the store's first manager: they can then add cashiers "
                                        "and allow manager-only actions. A manager's PIN has at least {digits} digits.").format(
                                            digits=settings.whole_number("manager_pin_digits")))
            form.addRow(self.tr("Manager's &name:"), self.new_name)
            form.addRow(self.tr("&PIN:"), self.pin_edit)
            form.addRow(self.tr("PIN &again:"), self.pin_again)
            self.name.hide()
            ok_text = self.tr("Create and sign in")
        else:
            self.setWindowTitle(self.tr("Locked: sign in to continue") if locked else self.tr("Sign in"))
            self.prompt.setText(self.tr("The till was left idle or locked. Choose your name and type your PIN.") if locked
                                else self.tr("Choose your name and type your PIN."))
            self.name.addItems(users.active_names())
            form.addRow(self.tr("&Name:"), self.name)
            form.addRow(self.tr("&PIN:"), self.pin_edit)
            self.new_name.hide()
            self.pin_again.hide()
            ok_text = self.tr("Sign in")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reject)
        (self.new_name if self.first_manager else self.pin_edit).setFocus()

    def try_sign_in(self) -> None:
        """Check the PIN (or create the first manager); stay open with the reason if refused."""
        show_field_error(self.error, "")
        try:
            if self.first_manager:
                if self.pin_edit.text() != self.pin_again.text():
                    raise LoyaltyError("pin", self.tr("the two PINs are not the same"))
                created = users.add_user(self.new_name.text(), "manager", self.pin_edit.text())
                name = created.name
            else:
                name = self.name.currentText()
            user = auth.sign_in(name, self.pin_edit.text())
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            self.pin_edit.clear()
            self.pin_again.clear()
            self.pin_edit.setFocus()
            return
        self.signed_in = user.name
        self.accept()

    def error_text(self) -> str:
        return self.error.text()

    @classmethod
    def ask(cls, parent: QWidget | None = None, locked: bool = False) -> str | None:
        dialog = cls(parent, locked)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.signed_in
            return None
        finally:
            dialog.deleteLater()
