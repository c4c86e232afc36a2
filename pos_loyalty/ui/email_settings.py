"""The e-mail part of the Settings screen: the store's mail server (host, port, security, user,
sender), its password, and the outbox at a glance (waiting, in doubt, failed) with "Send now".

Saving needs a manager's PIN (the services check it). The password field is never filled from
anywhere: left empty, the stored password stays; typed, it goes to the private file
(services/smtp.py), never to the database.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import messages, settings, smtp
from .outbox_sender import OutboxSender
from .service_texts import translated
from .pin_dialog import PinDialog
from .widgets import error_label, show_field_error

FIELDS = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_from")


class EmailSettingsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setTitle(self.tr("E-mail to customers"))
        self.user = user
        form = QFormLayout(self)
        self.host = QLineEdit(self)
        self.host.setMaxLength(253)
        self.host.setPlaceholderText(self.tr("smtp.example.com (empty: no e-mail is sent)"))
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.security = QComboBox(self)
        for value, text in (("starttls", self.tr("STARTTLS")), ("ssl", self.tr("SSL/TLS")), ("none", self.tr("None (local relay only)"))):
            self.security.addItem(text, value)
        self.smtp_user = QLineEdit(self)
        self.smtp_user.setMaxLength(254)
        self.sender = QLineEdit(self)
        self.sender.setMaxLength(254)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(smtp.MAX_PASSWORD_LENGTH)
        self.password.setPlaceholderText(self.tr("leave empty to keep the stored one"))
        self.errors = {key: error_label(self) for key in (*FIELDS, "smtp_password", "email")}
        self.save_button = QPushButton(self.tr("Save e-mail settings"), self)
        self.message = QLabel(self)
        self.outbox = QLabel(self)
        self.outbox.setWordWrap(True)
        self.send_button = QPushButton(self.tr("Send waiting e-mails now"), self)
        for caption, edit, key in ((self.tr("Mail server:"), self.host, "smtp_host"), (self.tr("Port:"), self.port, "smtp_port"),
                                   (self.tr("Security:"), self.security, "smtp_security"), (self.tr("Server user:"), self.smtp_user, "smtp_user"),
                                   (self.tr("Sender address:"), self.sender, "smtp_from"), (self.tr("Server password:"), self.password, "smtp_password")):
            form.addRow(caption, edit)
            form.addRow("", self.errors[key])
        form.addRow("", self.errors["email"])
        form.addRow(self.save_button, self.message)
        form.addRow(self.send_button, self.outbox)
        self.sender_worker = OutboxSender(self)
        self.sender_worker.sent.connect(self._sent)
        self.sender_worker.failed.connect(self._send_failed)
        self.save_button.clicked.connect(self.save)
        self.send_button.clicked.connect(self.send_now)
        self.refresh()

    def refresh(self) -> None:
        values = settings.all_settings()
        self.host.setText(values["smtp_host"])
        self.port.setValue(settings.whole_number("smtp_port"))
        self.security.setCurrentIndex(max(self.security.findData(values["smtp_security"]), 0))
        self.smtp_user.setText(values["smtp_user"])
        self.sender.setText(values["smtp_from"])
        self.show_outbox()

    def show_outbox(self) -> None:
        counts = messages.counts()
        _config, why = smtp.configured()
        text = self.tr("{pending} waiting, {sent} sent, {doubt} in doubt, {failed} failed, {blocked} blocked").format(
            pending=formats.number(counts['pending']), sent=formats.number(counts['sent']), doubt=formats.number(counts['in_doubt']),
            failed=formats.number(counts['failed']), blocked=formats.number(counts['blocked']))
        self.outbox.setText(text + (f"\n{translated(why)}" if why else ""))

    def save(self) -> None:
        for label in self.errors.values():
            show_field_error(label, "")
        self.message.clear()
        current = settings.all_settings()
        wanted = {"smtp_host": self.host.text().strip(), "smtp_port": str(self.port.value()), "smtp_security": self.security.currentData(),
                  "smtp_user": self.smtp_user.text().strip(), "smtp_from": self.sender.text().strip()}
        changed = {key: value for key, value in wanted.items() if current.get(key) != value}
        password = self.password.text()
        if not changed and not password:
            self.message.setText(self.tr("Nothing to save."))
            return

        def apply(pin: str) -> bool:
            if changed:
                settings.set_values(changed, user=self.user, manager_pin=pin)
            if password:
                smtp.set_password(password, user=self.user, manager_pin=pin)
            return True
        try:
            done = PinDialog.run(self, apply, self.tr("Changing the e-mail settings needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.errors.get(exc.field, self.errors["email"]), exc.message)
            return
        if done:
            self.password.clear()
            self.message.setText(self.tr("Saved."))
            self.show_outbox()

    def send_now(self) -> None:
        if self.sender_worker.send_now():
            self.send_button.setEnabled(False)

    def _sent(self, report: object) -> None:
        self.send_button.setEnabled(True)
        self.show_outbox()

    def _send_failed(self, error: object) -> None:
        self.send_button.setEnabled(True)
        show_field_error(self.errors["email"], error.message if isinstance(error, LoyaltyError) else str(error))
