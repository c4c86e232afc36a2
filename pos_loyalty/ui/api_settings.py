"""The local API part of the Settings screen: on or off, its port, whether it runs, and the
tokens the POS calls it with.

Turning it on lets the store's POS, on this computer, send carts to the checkout and commit
sales (README "Local HTTP API"). Saving needs a manager's PIN; the window applies the change at
once (`saved` → `LocalApi.apply`). A manager makes a token here (or with ``pos-loyalty api token
create NAME``): it is shown once, to be copied into the POS, and only its hash is kept.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from ..domain.errors import LoyaltyError
from ..formats import datetime_text
from ..services import api_tokens, settings
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
        note = QLabel(self.tr("Every call of the POS needs a token. The API's description is at /docs."), self)
        note.setWordWrap(True)
        self.error = error_label(self)
        self.save_button = QPushButton(self.tr("Save API settings"), self)
        self.message = QLabel(self)
        self.tokens = QLabel(self)
        self.tokens.setWordWrap(True)
        self.token_name = QLineEdit(self)
        self.token_name.setMaxLength(40)
        self.token_name.setPlaceholderText(self.tr("a name for the POS, e.g. main-till"))
        self.create_button = QPushButton(self.tr("&Make a token"), self)
        self.revoke_button = QPushButton(self.tr("&Revoke its token"), self)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_name, 1)
        token_row.addWidget(self.create_button)
        token_row.addWidget(self.revoke_button)
        self.new_token = QLineEdit(self)
        self.new_token.setReadOnly(True)
        self.new_token.hide()
        self.token_error = error_label(self)
        self.token_message = QLabel(self)
        self.token_message.setWordWrap(True)
        form.addRow(self.enabled)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow("", self.state)
        form.addRow("", self.error)
        form.addRow(self.save_button, self.message)
        form.addRow(self.tr("Tokens:"), self.tokens)
        form.addRow(self.tr("&Name:"), token_row)
        form.addRow("", self.token_error)
        form.addRow("", self.token_message)
        form.addRow("", self.new_token)
        form.addRow("", note)
        self.save_button.clicked.connect(self.save)
        self.create_button.clicked.connect(self.create_token)
        self.revoke_button.clicked.connect(self.revoke_token)
        self.refresh()

    def refresh(self) -> None:
        self.enabled.setChecked(settings.get("api_enabled") == "on")
        self.port.setValue(settings.whole_number("api_port"))
        self._show_tokens()

    def _show_tokens(self) -> None:
        live = [t for t in api_tokens.all_tokens() if t.revoked_at is None]
        lines = [self.tr("{name}: made {made} by {who}, {used}").format(
            name=t.name, made=datetime_text(t.created_at), who=t.created_by or "-",
            used=self.tr("last used {when}").format(when=datetime_text(t.last_used_at)) if t.last_used_at else self.tr("never used"))
            for t in live]
        self.tokens.setText("\n".join(lines) or self.tr("none yet"))

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

    def create_token(self) -> None:
        """A token for the name typed, shown once here to be copied into the POS."""
        self._clear_token_messages()
        name = self.token_name.text().strip()
        try:
            made = PinDialog.run(self, lambda pin: api_tokens.create(name, manager_pin=pin),
                                 self.tr("Making an API token needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.token_error, exc.message)
            return
        if made is None:
            return
        self.new_token.setText(made.token)
        self.new_token.show()
        self.new_token.selectAll()
        self.new_token.setFocus()
        self.token_message.setText(self.tr("The token for {name}: copy it into the POS now — it is shown only this once.").format(name=made.name))
        self._show_tokens()

    def revoke_token(self) -> None:
        self._clear_token_messages()
        name = self.token_name.text().strip()
        try:
            done = PinDialog.run(self, lambda pin: api_tokens.revoke(name, manager_pin=pin),
                                 self.tr("Revoking an API token needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.token_error, exc.message)
            return
        if done is not None:
            self.token_message.setText(self.tr("The token of {name} is revoked: its next call is refused.").format(name=done.name))
            self._show_tokens()

    def _clear_token_messages(self) -> None:
        show_field_error(self.token_error, "")
        self.token_message.clear()
        self.new_token.clear()
        self.new_token.hide()
