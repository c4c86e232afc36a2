"""The local API part of the Settings screen: on or off, its port, and whether it runs.

Turning it on lets the store's POS, on this computer, send carts to the checkout and commit
sales (README "Local HTTP API"); every call needs a token a manager makes with
``pos-loyalty api token create NAME``. Saving needs a manager's PIN; the window applies the
change at once (`saved` → `LocalApi.apply`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QWidget

from ..domain.errors import LoyaltyError
from ..services import settings
from .pin_dialog import PinDialog
from .widgets import error_label, show_field_error


class ApiSettingsBox(QGroupBox):
    saved = Signal()

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Local API for the store's POS"))
        self.user = user
        form = QFormLayout(self)
        self.enabled = QCheckBox(self.tr("&Answer the POS on this computer (127.0.0.1)"), self)
        self.port = QSpinBox(self)
        self.port.setRange(1024, 65535)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        note = QLabel(self.tr("The POS needs a token: a manager makes one with “pos-loyalty api token create NAME”. "
                              "The API's description is at /docs."), self)
        note.setWordWrap(True)
        self.error = error_label(self)
        self.save_button = QPushButton(self.tr("Save API settings"), self)
        self.message = QLabel(self)
        form.addRow(self.enabled)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow("", self.state)
        form.addRow("", note)
        form.addRow("", self.error)
        form.addRow(self.save_button, self.message)
        self.save_button.clicked.connect(self.save)
        self.refresh()

    def refresh(self) -> None:
        self.enabled.setChecked(settings.get("api_enabled") == "on")
        self.port.setValue(settings.whole_number("api_port"))

    def show_state(self, text: str) -> None:
        self.state.setText(text)

    def save(self) -> None:
        show_field_error(self.error, "")
        self.message.clear()
        wanted = {"api_enabled": "on" if self.enabled.isChecked() else "off", "api_port": str(self.port.value())}
        current = settings.all_settings()
        changed = {key: value for key, value in wanted.items() if current.get(key) != value}
        if not changed:
            self.message.setText(self.tr("Nothing to save."))
            return
        try:
            done = PinDialog.run(self, lambda pin: settings.set_values(changed, user=self.user, manager_pin=pin) or True,
                                 self.tr("Changing the local API needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        if done:
            self.message.setText(self.tr("Saved."))
            self.saved.emit()
