"""The main window: a navigation bar on the left and one screen at a time on the right.

Screens are built the first time they are shown, so the window opens at once even on a
database with a million cards. Ctrl+1…Ctrl+7 switch screens; F1 lists every shortcut. The
window remembers its size and last screen (QSettings, an INI file in the config folder).

The window belongs to whoever signed in (`user`, recorded with every change the screens make).
After the store's `idle_lock_minutes` without a key press or a click, or on Ctrl+Shift+L, it locks:
the sign-in dialog asks for a PIN again, and whoever signs in takes over the screens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QStackedWidget, QWidget

from ..domain.errors import LoyaltyError
from ..paths import config_dir
from ..resources import resource_path
from ..services import card_list, rules_sync, settings, users

log = logging.getLogger(__name__)

SETTINGS_FILE = "pos_loyalty.ini"


@dataclass(frozen=True)
class Screen:
    key: str
    title: str
    icon: str
    shortcut: str
    make: Callable[["MainWindow"], QWidget]


def window_settings() -> QSettings:
    """The window's own settings (size, last screen) — not the store's, which live in the database."""
    return QSettings(str(config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def _checkout(window: "MainWindow") -> QWidget:
    from .checkout_screen import CheckoutScreen

    screen = CheckoutScreen(window, user=window.user)
    screen.enrol_requested.connect(window.enrol_card)
    return screen


def _enrol(window: "MainWindow") -> QWidget:
    from .enrol_screen import EnrolScreen

    screen = EnrolScreen(window, user=window.user)
    screen.enrolled.connect(window.sell_to)
    return screen


def _refund(window: "MainWindow") -> QWidget:
    from .refund_screen import RefundScreen

    return RefundScreen(window, user=window.user)


def _cards(window: "MainWindow") -> QWidget:
    from .cards_screen import CardsScreen

    return CardsScreen(window, user=window.user)


def _bulk(window: "MainWindow") -> QWidget:
    from .bulk_screen import BulkCreateScreen

    return BulkCreateScreen(window, user=window.user)


def _rules(window: "MainWindow") -> QWidget:
    from .rules_screen import RulesScreen

    return RulesScreen(window, user=window.user)


def _settings(window: "MainWindow") -> QWidget:
    from .settings_screen import SettingsScreen

    return SettingsScreen(window, user=window.user)


class ActivityWatcher(QObject):
    """Any key or click anywhere in the app keeps the till unlocked a while longer: restarts
    the idle timer (installed as an event filter on the application)."""

    ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)

    def __init__(self, timer: QTimer, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in self.ACTIVITY and self.timer.isActive():
            self.timer.start()  # the same interval, from now
        return False


class MainWindow(QMainWindow):
    def __init__(self, user: str = "") -> None:
        super().__init__()
        self.user = user or users.login_name()  # recorded with every change the screens make
        self.setWindowTitle(self.tr("POS Loyalty"))
        self.setWindowIcon(QIcon(str(resource_path("icons/app.svg"))))
        self.screens = [
            Screen("checkout", self.tr("Checkout"), "checkout", "Ctrl+1", _checkout),
            Screen("enrol", self.tr("Enrol"), "enrol", "Ctrl+2", _enrol),
            Screen("refund", self.tr("Refund"), "refund", "Ctrl+3", _refund),
            Screen("cards", self.tr("Cards"), "cards", "Ctrl+4", _cards),
            Screen("bulk", self.tr("Bulk create"), "bulk", "Ctrl+5", _bulk),
            Screen("rules", self.tr("Rules"), "rules", "Ctrl+6", _rules),
            Screen("settings", self.tr("Settings"), "settings", "Ctrl+7", _settings),
        ]
        self.built: dict[str, QWidget] = {}

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(24, 24))
        self.nav.setFixedWidth(180)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the screen; Ctrl+digits switch
        for index, screen in enumerate(self.screens):
            item = QListWidgetItem(QIcon(str(resource_path(f"icons/{screen.icon}.svg"))), screen.title)
            item.setToolTip(f"{screen.title} ({screen.shortcut})")
            self.nav.addItem(item)
            QShortcut(QKeySequence(screen.shortcut), self, activated=lambda index=index: self.nav.setCurrentRow(index))
        self.stack = QStackedWidget(central)
        for _screen in self.screens:  # placeholders until a screen is first shown
            self.stack.addWidget(QWidget(self.stack))
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_store = QLabel(self)
        self.status_rules = QLabel(self)
        self.status_db = QLabel(self)
        self.status_user = QLabel(self)
        for label in (self.status_user, self.status_store, self.status_rules):
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self.status_db)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, activated=self.show_shortcuts)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, activated=self.lock)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self._locking = False
        self._restart_idle_timer()
        self.activity = ActivityWatcher(self.idle_timer, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.activity)

        self.nav.currentRowChanged.connect(self._show_row)
        self._restore()

    # -- screens ----------------------------------------------------------------------------

    def screen(self, key: str) -> QWidget:
        """The screen called `key`, built now if it has not been shown yet."""
        index = next(i for i, s in enumerate(self.screens) if s.key == key)
        if key not in self.built:
            widget = self.screens[index].make(self)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.built[key] = widget
        return self.built[key]

    def current_key(self) -> str:
        return self.screens[max(self.nav.currentRow(), 0)].key

    def go_to(self, key: str) -> QWidget:
        index = next(i for i, s in enumerate(self.screens) if s.key == key)
        self.nav.setCurrentRow(index)
        return self.screen(key)

    def _show_row(self, index: int) -> None:
        if index < 0:
            return
        key = self.screens[index].key
        widget = self.screen(key)
        self.stack.setCurrentIndex(index)
        refresh = getattr(widget, "refresh", None)
        if key in ("rules", "settings") and callable(refresh):
            refresh()  # these show what another screen or till may have changed
        focus = getattr(widget, "focus_first", None)
        if callable(focus):
            focus()
        self.update_status()

    def enrol_card(self, number: str) -> None:
        """The checkout scanned an unassigned card: enrol a customer on it."""
        screen = self.go_to("enrol")
        use_card = getattr(screen, "use_card", None)
        if callable(use_card):
            use_card(number)

    def sell_to(self, number: str) -> None:
        """A customer was just enrolled: back to the checkout with their card open."""
        screen = self.go_to("checkout")
        if screen.open_card(number):  # type: ignore[attr-defined]
            screen.show_message(self.tr("Enrolled: {name}, card {number}. Ready to sell.").format(  # type: ignore[attr-defined]
                name=screen.card.customer_name, number=number))  # type: ignore[attr-defined]

    # -- who is at the till --------------------------------------------------------------------

    def _restart_idle_timer(self) -> None:
        self.idle_timer.start(settings.whole_number("idle_lock_minutes") * 60_000)

    def lock(self) -> None:
        """Ask for a PIN again; whoever signs in takes over. Quitting the dialog closes the app."""
        if self._locking:
            return
        from .sign_in_dialog import SignInDialog

        self._locking = True
        self.idle_timer.stop()
        try:
            name = SignInDialog.ask(self, locked=True)
        finally:
            self._locking = False
        if name is None:
            self.close()
            return
        self.set_user(name)
        self._restart_idle_timer()

    def set_user(self, name: str) -> None:
        """Every screen (and every widget within) records `name` from now on."""
        self.user = name
        for widget in self.findChildren(QWidget):
            if isinstance(getattr(widget, "user", None), str):
                widget.user = name  # type: ignore[attr-defined]
        self.update_status()

    # -- status and help ----------------------------------------------------------------------

    def update_status(self) -> None:
        self.status_user.setText(self.tr("Signed in: {name}").format(name=self.user))
        self.status_store.setText(settings.get("store_name"))
        try:
            version = rules_sync.active_version()
            self.status_rules.setText(self.tr("Rules: {name} {version}").format(name=version.name, version=version.version))
        except LoyaltyError:
            self.status_rules.setText(self.tr("No rules active"))
        self.status_db.setText(card_list.database_location())

    def show_shortcuts(self) -> None:
        lines = [f"{s.shortcut}\t{s.title}" for s in self.screens]
        lines += ["", self.tr("Checkout"), self.tr("Enter\tlook up the scanned card, or search"), self.tr("↓\tinto the search matches"),
                  self.tr("F2\tscan field"), self.tr("F3\tadd a line (Enter adds it)"), self.tr("F4\torder total"),
                  self.tr("Delete\tremove the selected line"), self.tr("Alt+1…9\tapply or remove a reward"), self.tr("F12\tcommit the sale"),
                  self.tr("Ctrl+N or Esc\tnew sale"), self.tr("Ctrl+Shift+L\tlock the till (sign in again)"),
                  "", self.tr("Refund"), self.tr("F2\torder id or card number (Enter finds)"), self.tr("F3\trefund quantities"),
                  self.tr("F5 / F6 / F7\tby lines / refund all / cancel the order"), self.tr("F12\tconfirm the refund"), self.tr("Esc\tclear")]
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), "\n".join(lines))

    # -- remembering ----------------------------------------------------------------------------

    def _restore(self) -> None:
        store = window_settings()
        geometry = store.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        last = str(store.value("window/screen", "checkout"))
        index = next((i for i, s in enumerate(self.screens) if s.key == last), 0)
        self.nav.setCurrentRow(index)

    def save_state(self) -> None:
        store = window_settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/screen", self.current_key())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.activity)
        for widget in self.built.values():
            shutdown = getattr(widget, "shutdown", None)
            if callable(shutdown):
                shutdown()
        self.save_state()
        super().closeEvent(event)
