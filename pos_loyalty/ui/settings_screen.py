"""Settings: database location, store name and logo, currency (from the rules), who may do what
(refund limit, idle lock, PIN rules), PIN change, and the users — add, deactivate, change role,
unlock after wrong PINs. Every change but a user's own PIN needs a manager's PIN (the services
check it; this screen only asks for it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import languages
from ..domain.errors import LoyaltyError
from ..formats import datetime_text, money_input, number_text
from ..services import auth, card_list, rules_sync, settings, users
from .api_settings import ApiSettingsBox
from .email_settings import EmailSettingsBox
from .i18n import default_card_tagline, language_name
from .pin_dialog import PinDialog
from .printer_settings import PrinterSettingsBox
from .widgets import bind_shortcut, error_label, show_field_error


SECURITY_SETTINGS = ("refund_manager_above", "idle_lock_minutes", "cashier_pin_digits", "manager_pin_digits", "pin_max_failures", "pin_lockout_minutes")


def _pin_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(users.MAX_PIN_DIGITS)
    return edit


LIMIT_KEYS = ("country", "max_order_total", "max_line_quantity", "max_order_points")
# Shown and typed with the language's decimal mark ("50,00" in Spanish); stored as the services read them.
MONEY_KEYS = ("max_order_total", "refund_manager_above")

class SettingsScreen(QWidget):
    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.user = user
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        body.setMaximumWidth(820)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)

        # -- database -----------------------------------------------------------------
        box = QGroupBox(self.tr("Database"), body)
        db_layout = QVBoxLayout(box)
        self.db_location = QLabel(box)
        self.db_location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.db_location.setWordWrap(True)
        note = QLabel(self.tr("To use another database, start the app with --db PATH (a SQLite file or a postgresql:// URL) "
                              "or set the POS_LOYALTY_DB environment variable."), box)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        db_layout.addWidget(self.db_location)
        db_layout.addWidget(note)
        layout.addWidget(box)

        # -- store --------------------------------------------------------------------
        box = QGroupBox(self.tr("Store"), body)
        form = QFormLayout(box)
        self.store_name = QLineEdit(box)
        self.store_name.setMaxLength(120)
        logo_row = QHBoxLayout()
        self.logo_path = QLineEdit(box)
        self.logo_browse = QPushButton(self.tr("Browse…"), box)
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(self.logo_browse)
        self.logo_preview = QLabel(box)
        self.logo_preview.setFixedHeight(48)
        self.logo_preview.hide()
        self.currency = QLabel(box)
        # What input the store accepts (README "Order files", "Customers"): checked by services.settings.
        self.limit_edits = {key: QLineEdit(box) for key in LIMIT_KEYS}
        self.limit_edits["country"].setMaxLength(2)
        # The app's language (ui/i18n.py) and the line printed under the store's name on the cards.
        self.language = QComboBox(box)
        self.language.addItem(self.tr("The computer's language"), languages.SYSTEM)
        for code in languages.available():
            self.language.addItem(language_name(code), code)
        self.card_tagline = QLineEdit(box)
        self.card_tagline.setMaxLength(settings.CARD_TAGLINE_MAX)
        self.card_tagline.setPlaceholderText(default_card_tagline())
        self.card_tagline.setToolTip(self.tr("Printed under the store's name on every card; empty: the default in the app's language"))
        self.store_errors = {key: error_label(box) for key in ("store_name", "logo_path", *LIMIT_KEYS, "language", "card_tagline", "store")}
        self.save_store_button = QPushButton(self.tr("Save store details"), box)
        bind_shortcut(self, self.save_store_button, QKeySequence.StandardKey.Save)
        self.store_message = QLabel(box)
        form.addRow(self.tr("Store &name:"), self.store_name)
        form.addRow("", self.store_errors["store_name"])
        form.addRow(self.tr("Logo file:"), logo_row)
        form.addRow("", self.logo_preview)
        form.addRow("", self.store_errors["logo_path"])
        form.addRow(self.tr("Currency:"), self.currency)
        captions = {"country": self.tr("Countr&y of phone numbers:"), "max_order_total": self.tr("Largest order &total:"),
                    "max_line_quantity": self.tr("Largest &quantity on a line:"), "max_order_points": self.tr("Most points for one or&der:")}
        for key in LIMIT_KEYS:
            form.addRow(captions[key], self.limit_edits[key])
            form.addRow("", self.store_errors[key])
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", self.store_errors["language"])
        form.addRow(self.tr("Card ta&gline:"), self.card_tagline)
        form.addRow("", self.store_errors["card_tagline"])
        self.limit_edits["country"].setToolTip(self.tr("Two letters (GB, FR, US…): numbers typed without +country code are read as this country's"))
        self.security = {key: QLineEdit(box) for key in SECURITY_SETTINGS}
        for key, edit in self.security.items():
            edit.setMaxLength(12)
            self.store_errors[key] = error_label(box)
            form.addRow(self._security_label(key), edit)
            form.addRow("", self.store_errors[key])
        form.addRow("", self.store_errors["store"])
        form.addRow(self.save_store_button, self.store_message)
        layout.addWidget(box)

        # -- PIN change ---------------------------------------------------------------
        box = QGroupBox(self.tr("Change a PIN"), body)
        form = QFormLayout(box)
        self.pin_user = QComboBox(box)
        self.old_pin = _pin_edit(box)
        self.new_pin = _pin_edit(box)
        self.new_pin_again = _pin_edit(box)
        self.pin_errors = {key: error_label(box) for key in ("old_pin", "new_pin", "new_pin_again", "pin")}
        self.change_pin_button = QPushButton(self.tr("Change PIN"), box)
        self.pin_message = QLabel(box)
        form.addRow(self.tr("&User:"), self.pin_user)
        form.addRow(self.tr("&Current PIN:"), self.old_pin)
        form.addRow("", self.pin_errors["old_pin"])
        form.addRow(self.tr("New P&IN:"), self.new_pin)
        form.addRow("", self.pin_errors["new_pin"])
        form.addRow(self.tr("New PIN &again:"), self.new_pin_again)
        form.addRow("", self.pin_errors["new_pin_again"])
        form.addRow("", self.pin_errors["pin"])
        form.addRow(self.change_pin_button, self.pin_message)
        layout.addWidget(box)

        # -- users --------------------------------------------------------------------
        box = QGroupBox(self.tr("Users"), body)
        users_layout = QVBoxLayout(box)
        self.users_table = QTableWidget(0, 4, box)
        self.users_table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Active"), self.tr("Wrong PINs")])
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.verticalHeader().hide()
        self.users_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.users_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.users_table.setMinimumHeight(120)
        users_layout.addWidget(self.users_table)
        row_buttons = QHBoxLayout()
        self.toggle_active_button = QPushButton(self.tr("Deactivate / activate…"), box)
        self.toggle_role_button = QPushButton(self.tr("Make manager / cashier…"), box)
        self.unlock_button = QPushButton(self.tr("Unlock…"), box)
        for button in (self.toggle_active_button, self.toggle_role_button, self.unlock_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        users_layout.addLayout(row_buttons)
        self.till_lock = error_label(box)  # a till locked by wrong manager PINs: shown to the manager
        users_layout.addWidget(self.till_lock)
        self.users_error = error_label(box)
        users_layout.addWidget(self.users_error)
        form = QFormLayout()
        self.new_user = QLineEdit(box)
        self.new_user.setMaxLength(80)
        self.new_role = QComboBox(box)
        self.new_role.addItem(self.tr("Cashier"), "cashier")
        self.new_role.addItem(self.tr("Manager"), "manager")
        self.new_user_pin = _pin_edit(box)
        self.user_errors = {key: error_label(box) for key in ("name", "role", "pin", "user")}
        self.add_user_button = QPushButton(self.tr("Add user…"), box)
        self.user_message = QLabel(box)
        form.addRow(self.tr("Na&me:"), self.new_user)
        form.addRow("", self.user_errors["name"])
        form.addRow(self.tr("R&ole:"), self.new_role)
        form.addRow(self.tr("Their &PIN:"), self.new_user_pin)
        form.addRow("", self.user_errors["pin"])
        form.addRow("", self.user_errors["user"])
        form.addRow(self.add_user_button, self.user_message)
        users_layout.addLayout(form)
        layout.addWidget(box)
        self.email = EmailSettingsBox(body, user=user)
        layout.addWidget(self.email)
        self.printer = PrinterSettingsBox(body, user=user)
        layout.addWidget(self.printer)
        self.api = ApiSettingsBox(body, user=user)
        layout.addWidget(self.api)
        layout.addStretch(1)

        self.logo_browse.clicked.connect(self.choose_logo)
        self.logo_path.textChanged.connect(self._show_logo)
        self.save_store_button.clicked.connect(self.save_store)
        self.change_pin_button.clicked.connect(self.change_pin)
        self.add_user_button.clicked.connect(self.add_user)
        self.toggle_active_button.clicked.connect(self.toggle_active)
        self.toggle_role_button.clicked.connect(self.toggle_role)
        self.unlock_button.clicked.connect(self.unlock_user)
        self.refresh()

    def _security_label(self, key: str) -> str:
        return {
            "refund_manager_above": self.tr("Refunds needing a manager, above:"),
            "idle_lock_minutes": self.tr("Ask for the PIN again after (idle minutes):"),
            "cashier_pin_digits": self.tr("Shortest cashier PIN (digits):"),
            "manager_pin_digits": self.tr("Shortest manager PIN (digits):"),
            "pin_max_failures": self.tr("Wrong PINs before a lockout:"),
            "pin_lockout_minutes": self.tr("Lockout (minutes):"),
        }[key]

    # -- loading --------------------------------------------------------------------
    def refresh(self) -> None:
        self.db_location.setText(self.tr("Location: {where}").format(where=card_list.database_location() or self.tr("not open")))
        values = settings.all_settings()
        self.store_name.setText(values.get("store_name", ""))
        self.logo_path.setText(values.get("logo_path", ""))
        self.language.setCurrentIndex(max(0, self.language.findData(values.get("language", languages.SYSTEM))))
        self.card_tagline.setText(values.get("card_tagline", ""))
        for key, edit in (*self.limit_edits.items(), *self.security.items()):
            edit.setText(number_text(values.get(key, "")) if key in MONEY_KEYS else values.get(key, ""))
        try:
            bundle, _ = rules_sync.active_rules()
            self.currency.setText(self.tr("{currency} (set by the rules bundle)").format(currency=bundle.settings.currency))
        except LoyaltyError:
            self.currency.setText(self.tr("— (no rules active)"))
        self._load_users()
        self.email.refresh()
        self.printer.refresh()
        self.api.refresh()

    def _load_users(self) -> None:
        rows = users.list_users()
        self._user_rows = rows
        till_until = auth.till_locked_until()
        show_field_error(self.till_lock, self.tr("Manager PINs typed without a name are locked at this till until {when} "
                                                 "(too many wrong ones); a manager signing in reopens it.").format(
                                                     when=datetime_text(till_until)) if till_until else "")
        self.users_table.setRowCount(len(rows))
        roles = {"cashier": self.tr("cashier"), "manager": self.tr("manager")}
        for r, user in enumerate(rows):
            locked = self.tr("locked until {when}").format(when=datetime_text(user.locked_until)) if user.locked_until else ""
            for c, text in enumerate((user.name, roles.get(user.role, user.role), self.tr("yes") if user.active else self.tr("no"), locked)):
                self.users_table.setItem(r, c, QTableWidgetItem(text))
        current = self.pin_user.currentText()
        self.pin_user.clear()
        self.pin_user.addItems([u.name for u in rows if u.active])
        if current:
            self.pin_user.setCurrentText(current)

    def _show_logo(self, path: str) -> None:
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
        else:
            self.logo_preview.setPixmap(pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))
        self.logo_preview.setVisible(not pixmap.isNull())

    # -- actions --------------------------------------------------------------------
    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the store logo"), "", self.tr("Images (*.png *.jpg *.jpeg *.gif)"))
        if path:
            self.logo_path.setText(path)

    def save_store(self) -> None:
        for label in self.store_errors.values():
            show_field_error(label, "")
        self.store_message.clear()
        current = settings.all_settings()
        wanted = {"store_name": self.store_name.text().strip(), "logo_path": self.logo_path.text().strip(),
                  "language": self.language.currentData(), "card_tagline": self.card_tagline.text().strip(),
                  **{key: money_input(edit.text()) if key in MONEY_KEYS else edit.text().strip()
                     for key, edit in (*self.limit_edits.items(), *self.security.items())}}
        changed = {key: value for key, value in wanted.items() if current.get(key) != value}
        if not changed:
            self.store_message.setText(self.tr("Nothing to save."))
            return
        try:
            done = PinDialog.run(self, lambda pin: settings.set_values(changed, user=self.user, manager_pin=pin) or True,
                                 self.tr("Changing the store settings needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.store_errors.get(exc.field, self.store_errors["store"]), exc.message)
            return
        if done:
            self.store_message.setText(self.tr("Saved. The new language is used from the next start of the app.") if "language" in changed
                                       else self.tr("Saved."))

    def change_pin(self) -> None:
        for label in self.pin_errors.values():
            show_field_error(label, "")
        self.pin_message.clear()
        if self.new_pin.text() != self.new_pin_again.text():
            show_field_error(self.pin_errors["new_pin_again"], self.tr("the two new PINs are not the same"))
            return
        try:
            users.change_pin(self.pin_user.currentText(), self.old_pin.text(), self.new_pin.text())
        except LoyaltyError as exc:
            show_field_error(self.pin_errors.get(exc.field, self.pin_errors["pin"]), exc.message)
            return
        for edit in (self.old_pin, self.new_pin, self.new_pin_again):
            edit.clear()
        self.pin_message.setText(self.tr("The PIN of {name} was changed.").format(name=self.pin_user.currentText()))

    def add_user(self) -> None:
        for label in self.user_errors.values():
            show_field_error(label, "")
        self.user_message.clear()
        name, role, pin = self.new_user.text(), self.new_role.currentData(), self.new_user_pin.text()
        try:
            if users.managers_exist():
                user = PinDialog.run(self, lambda manager_pin: users.add_user(name, role, pin, manager_pin, operator=self.user),
                                     self.tr("Adding a user needs a manager's PIN."))
                if user is None:
                    return
            else:  # the very first manager: nobody to ask yet
                user = users.add_user(name, role, pin)
        except LoyaltyError as exc:
            show_field_error(self.user_errors.get(exc.field, self.user_errors["user"]), exc.message)
            return
        self.new_user.clear()
        self.new_user_pin.clear()
        self.user_message.setText(self.tr("{name} was added.").format(name=user.name))
        self._load_users()

    # -- a manager's decisions about the selected user -------------------------------
    def selected_user(self) -> users.UserRow | None:
        row = self.users_table.currentRow()
        return self._user_rows[row] if 0 <= row < len(self._user_rows) else None

    def _manage(self, action, prompt: str) -> None:  # type: ignore[no-untyped-def]
        """Run `action(manager_pin)` on the selected user once a manager allows it."""
        show_field_error(self.users_error, "")
        self.user_message.clear()
        chosen = self.selected_user()
        if chosen is None:
            show_field_error(self.users_error, self.tr("Select a user in the list first."))
            return
        try:
            done = PinDialog.run(self, lambda pin: action(chosen, pin), prompt)
        except LoyaltyError as exc:
            show_field_error(self.users_error, exc.message)
            return
        if done is not None:
            self.user_message.setText(self.tr("{name}: done.").format(name=chosen.name))
            self._load_users()

    def toggle_active(self) -> None:
        self._manage(lambda u, pin: users.set_active(u.name, not u.active, pin, operator=self.user),
                     self.tr("Deactivating or activating a user needs a manager's PIN."))

    def toggle_role(self) -> None:
        self._manage(lambda u, pin: users.set_role(u.name, "cashier" if u.role == "manager" else "manager", pin, operator=self.user),
                     self.tr("Changing a user's role needs a manager's PIN."))

    def unlock_user(self) -> None:
        self._manage(lambda u, pin: users.unlock(u.name, pin, operator=self.user),
                     self.tr("Unlocking a user needs a manager's PIN."))
