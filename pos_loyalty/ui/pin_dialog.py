"""Manager PIN entry: a masked field, the refusal shown under it, retry or cancel.

`PinDialog.run(parent, action)` asks for the PIN and calls ``action(pin)``; the service checks
the PIN (the dialog never does). A refused PIN (`PermissionDenied`) is shown in the dialog, which
stays open for another try; any other `LoyaltyError` is the caller's to show next to its own field.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..domain.errors import PermissionDenied
from .widgets import error_label
from .service_texts import translated

T = TypeVar("T")


class PinDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, prompt: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Manager PIN"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.prompt = QLabel(prompt or self.tr("A manager must enter their PIN to allow this."), self)
        self.prompt.setWordWrap(True)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setPlaceholderText(self.tr("PIN"))
        self.pin_edit.setAccessibleName(self.tr("Manager PIN"))
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Allow"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.prompt)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reject)
        self.pin_edit.setFocus()

    def pin(self) -> str:
        return self.pin_edit.text()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def error_text(self) -> str:
        return self.error.text()

    @classmethod
    def run(cls, parent: QWidget | None, action: Callable[[str], T], prompt: str = "") -> T | None:
        """Ask for the PIN until `action(pin)` is allowed or the user cancels (→ None)."""
        dialog = cls(parent, prompt)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:
                try:
                    return action(dialog.pin())
                except PermissionDenied as exc:
                    dialog.show_error(translated(exc.message))
            return None
        finally:
            dialog.deleteLater()
