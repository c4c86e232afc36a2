"""The main window: a navigation bar on the left and one screen at a time on the right.

Screens are built the first time they are shown, so the window opens at once even on a
database with a million cards. Ctrl+1…Ctrl+9 and Ctrl+0 switch screens; F1 lists every shortcut. The
window remembers its size and last screen (QSettings, an INI file in the config folder).

The window belongs to whoever signed in (`user`, recorded with every change the screens make).
After the store's `idle_lock_minutes` without a key press or a click, or on Ctrl+Shift+L, it locks:
the sign-in dialog asks for a PIN again, and whoever signs in takes over the screens.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..paths import config_dir
from ..resources import resource_path
from ..services import card_list, rules_sync, settings, sync, users
from .changes import ChangeWatcher, follow_screen
from .local_api import LocalApi
from .outbox_sender import OutboxSender
from .sync_status import SyncIndicator
from .sync_worker import SyncWorker

log = logging.getLogger(__name__)

SETTINGS_FILE = "pos_loyalty.ini"
# A scheduled rules version is looked at again at least this often (ms) until its moment: a
# timer set days ahead would miss a clock changed in between, and Qt's timers stop at 24 days.
RULES_RECHECK_MS = 60 * 60 * 1000


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

    from .slip_printer import SlipPrinter

    screen = CheckoutScreen(window, user=window.user)
    screen.enrol_requested.connect(window.enrol_card)
    screen.slip_printer = SlipPrinter(screen)  # type: ignore[attr-defined]  # the loyalty slip: after a sale, or Ctrl+P
    screen.cart_opened.connect(window.local_api.opened)  # what became of the POS's carts: back to the API
    screen.cart_committed.connect(window.local_api.committed)
    screen.cart_dropped.connect(window.local_api.dropped)
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


def _campaigns(window: "MainWindow") -> QWidget:
    from .campaigns_screen import CampaignsScreen

    screen = CampaignsScreen(window, user=window.user)
    # A sale may fire a trigger, a refund take one back, the outbox send its message.
    window.changes.follow(screen, {"order": None, "card": None, "messages": None}, screen.refresh)
    screen.send_now_requested.connect(lambda _log_ids: window.outbox.send_now())  # every message due now, in the pool thread
    return screen


def _sync_exceptions(window: "MainWindow") -> QWidget:
    from .sync_exceptions_screen import SyncExceptionsScreen

    screen = SyncExceptionsScreen(window, user=window.user, worker=window.sync)
    window.changes.follow(screen, {"settings": None}, screen.refresh)  # each sync round announces ("settings", "sync")
    return screen


def _reports(window: "MainWindow") -> QWidget:
    from .reports_screen import ReportsScreen

    return ReportsScreen(window, user=window.user)


def _settings(window: "MainWindow") -> QWidget:
    from .settings_screen import SettingsScreen

    screen = SettingsScreen(window, user=window.user)
    screen.api.saved.connect(window.local_api.apply)  # on, off or another port: at once
    screen.api.show_state(window.local_api.state)
    window.local_api.state_changed.connect(screen.api.show_state)
    return screen


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


def _key_name(keys: str) -> str:
    """Keys as the keyboard in the app's language labels them ("Ctrl+Mayús+L", "Supr"); "↓" as it is."""
    sequence = QKeySequence(keys)
    native = sequence.toString(QKeySequence.SequenceFormat.NativeText) if not sequence.isEmpty() else ""
    return native if native and sequence.count() == 1 and sequence[0].key() != Qt.Key.Key_unknown else keys


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
            Screen("campaigns", self.tr("Campaigns"), "campaigns", "Ctrl+8", _campaigns),
            Screen("sync", self.tr("Sync"), "sync", "Ctrl+9", _sync_exceptions),
            Screen("reports", self.tr("Reports"), "reports", "Ctrl+0", _reports),
        ]
        self.built: dict[str, QWidget] = {}
        self._shown_row = -1  # the screen on show, to go back to when leaving it is called off
        self._ask_before_leaving = True
        self.shortcuts_dialog: QDialog | None = None

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
        self.sync_indicator = self._add_sync_indicator()  # online/offline, last sync, rows waiting (the sync worker's)
        self.status_user = QLabel(self)
        for label in (self.status_user, self.status_store, self.status_rules):
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self.status_db)
        self.status_api = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_api)
        self.local_api = LocalApi(self)  # the store's POS sends carts here when a manager turns it on (Settings)
        self.local_api.cart_arrived.connect(self.cart_arrived)
        self.local_api.state_changed.connect(lambda _text: self.status_api.setText(self.local_api.state if self.local_api.running else ""))
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, activated=self.show_shortcuts)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, activated=self.lock)
        self.customer_display: QWidget | None = None  # the second screen's window (ui/customer_display.py)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, activated=self.toggle_customer_display)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self._locking = False
        self._restart_idle_timer()
        self.activity = ActivityWatcher(self.idle_timer, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.activity)

        self.rules_switch_timer = QTimer(self)  # the moment a scheduled rules version takes over
        self.rules_switch_timer.setSingleShot(True)
        self.rules_switch_timer.timeout.connect(self._rules_switched)
        self.changes = ChangeWatcher(self)  # every screen shows what the database holds, whoever changed it
        self.changes.follow(self, {"settings": None, "rules": None}, self.update_status)
        self.changes.changed.connect(self.sync_indicator.on_changes)
        self.nav.currentRowChanged.connect(self._show_row)
        self._restore()
        self.changes.start()
        self.outbox = OutboxSender(self)  # the customers' e-mails, sent in a pool thread every 30 s
        self.outbox.start()
        self.sync.start()  # an attached till syncs with its hub now and every 30 s, in a pool thread
        self.local_api.apply()

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
            follow_screen(self.changes, key, widget)
        return self.built[key]

    def current_key(self) -> str:
        return self.screens[max(self.nav.currentRow(), 0)].key

    def go_to(self, key: str, ask: bool = True) -> QWidget:
        """Show the screen called `key`; with `ask` False the window moves on without asking
        about unfinished work (a step of the same task, e.g. enrolling the card just scanned)."""
        index = next(i for i, s in enumerate(self.screens) if s.key == key)
        self._ask_before_leaving = ask
        try:
            self.nav.setCurrentRow(index)
        finally:
            self._ask_before_leaving = True
        return self.screen(key)

    def unfinished_work(self, keys: list[str] | None = None) -> list[str]:
        """What the built screens (or those in `keys`) hold that is not committed yet, one sentence each."""
        found = []
        for key, widget in self.built.items():
            check = getattr(widget, "unfinished_work", None)
            if (keys is None or key in keys) and callable(check) and (text := check()):
                found.append(text)
        return found

    def _may_leave(self, row: int) -> bool:
        """Ask before leaving a screen with a sale or refund in progress."""
        if not self._ask_before_leaving or row < 0 or row == self.nav.currentRow():
            return True
        work = self.unfinished_work([self.screens[row].key])
        if not work:
            return True
        answer = QMessageBox.question(
            self, self.tr("Leave this screen?"),
            "\n".join(work) + "\n\n" + self.tr("Leave it unfinished? It stays on the {screen} screen until you come back.").format(
                screen=self.screens[row].title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _show_row(self, index: int) -> None:
        if index < 0:
            return
        if not self._may_leave(self._shown_row):
            self.nav.blockSignals(True)  # called off: the navigation bar shows the screen still on show
            self.nav.setCurrentRow(self._shown_row)
            self.nav.blockSignals(False)
            return
        self._shown_row = index
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

    def cart_arrived(self, cart: object) -> None:
        """The POS sent a cart (GUI thread): the checkout takes it, and comes to the front unless
        another screen holds unfinished work (the cart waits on the checkout then)."""
        from .checkout_screen import CheckoutScreen

        screen = self.screen("checkout")
        assert isinstance(screen, CheckoutScreen)
        screen.receive_cart(cart)
        if self.current_key() != "checkout" and not self.unfinished_work([self.current_key()]):
            self.go_to("checkout", ask=False)
        elif self.current_key() != "checkout":
            self.statusBar().showMessage(self.tr("A cart from the POS waits on the checkout (Ctrl+1)."), 10_000)

    def enrol_card(self, number: str) -> None:
        """The checkout scanned an unassigned card: enrol a customer on it."""
        screen = self.go_to("enrol", ask=False)  # the sale waits on the checkout while the customer is enrolled
        use_card = getattr(screen, "use_card", None)
        if callable(use_card):
            use_card(number)

    def sell_to(self, number: str) -> None:
        """A customer was just enrolled: back to the checkout with their card open."""
        screen = self.go_to("checkout", ask=False)
        if screen.open_card(number):  # type: ignore[attr-defined]
            screen.show_message(self.tr("Enrolled: {name}, card {number}. Ready to sell.").format(  # type: ignore[attr-defined]
                name=screen.card.customer_name, number=number))  # type: ignore[attr-defined]

    def toggle_customer_display(self) -> None:
        """Ctrl+Shift+D: open the customer display (on the second screen, if any), or close it."""
        from .customer_display import CustomerDisplay

        if self.customer_display is not None and self.customer_display.isVisible():
            self.customer_display.close()
            return
        if self.customer_display is None:
            self.customer_display = CustomerDisplay(self)  # a window of its own, closed with this one
            self.customer_display.follow(self.screen("checkout"))
        self.customer_display.place()  # type: ignore[attr-defined]

    # -- the hub --------------------------------------------------------------------------------

    def _add_sync_indicator(self) -> SyncIndicator:
        """The sync worker, its status bar label and "Sync now" (Ctrl+Shift+Y, a click on the
        label or its context menu); the navigation counts the open exceptions."""
        self.sync = SyncWorker(self)
        indicator = SyncIndicator(self.sync, self)
        self.sync_now_action = QAction(self.tr("Sync now"), self)
        self.sync_now_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.sync_now_action.triggered.connect(self.sync.sync_now)
        self.addAction(self.sync_now_action)
        indicator.addAction(self.sync_now_action)
        indicator.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        indicator.sync_requested.connect(self.sync.sync_now)
        indicator.exceptions_changed.connect(self._show_exception_count)
        self.statusBar().addPermanentWidget(indicator)
        # The database path gives way (cut at the right) when the bar is full, rather than
        # pushing the window wider than a 1024-pixel till screen.
        self.status_db.setMinimumWidth(1)
        self._show_exception_count(indicator.exceptions)
        return indicator

    def _show_exception_count(self, open_count: int) -> None:
        index = next(i for i, s in enumerate(self.screens) if s.key == "sync")
        title = self.screens[index].title
        self.nav.item(index).setText(f"{title} ({open_count})" if open_count > 0 else title)

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
        self.status_rules.setText(self.rules_status_text())
        self.status_db.setText(card_list.database_location())

    def rules_status_text(self, at: dt.datetime | None = None) -> str:
        """The version in force at `at` (default now) and when it arrived here, and the one
        scheduled next, if any; the status bar is told again when that one takes over."""
        at = at or dt.datetime.now()
        try:
            version = rules_sync.active_version(at)
            coming = rules_sync.next_version(at)
        except LoyaltyError:
            return self.tr("No rules active")
        text = self.tr("Rules: {name} {version}, synced {synced}").format(name=version.name, version=version.version,
                                                                            synced=formats.datetime_text(version.imported_at))
        self.rules_switch_timer.stop()
        if coming is not None:
            text += self.tr(" — next: {version} from {moment}").format(version=coming.version, moment=formats.datetime_text(coming.effective_from))
            wait_ms = (coming.effective_from - at) / dt.timedelta(milliseconds=1)
            self.rules_switch_timer.start(max(0, min(int(wait_ms) + 1, RULES_RECHECK_MS)))
        self.status_rules.setToolTip(text)
        if sync.attached() is not None and coming is None:  # the sync status beside it gives the time: the bar fits 1024 px
            text = self.tr("Rules: {name} {version}").format(name=version.name, version=version.version)
        return text

    def _rules_switched(self) -> None:
        """A scheduled version's moment came: nothing was written, so nothing was announced."""
        self.update_status()
        screen = self.built.get("rules")
        if screen is not None:
            screen.refresh()

    def shortcut_rows(self) -> list[tuple[str, list[str], str]]:
        """Every keyboard shortcut of the window and its screens: (where, keys, what it does).
        F1 shows this list; tests check it against the shortcuts the screens really define."""
        # pyside6-lupdate files the texts of a bare tr() under the empty context: looked up there.
        tr = partial(QCoreApplication.translate, "")
        title = {s.key: s.title for s in self.screens}
        rows: list[tuple[str, list[str], str]] = [(tr("Everywhere"), [s.shortcut], tr("go to {screen}").format(screen=s.title)) for s in self.screens]
        rows.append((tr("Everywhere"), ["F1"], tr("this list of shortcuts")))
        rows.append((tr("Everywhere"), ["Ctrl+Shift+L"], tr("lock the till (sign in again)")))
        rows.append((tr("Everywhere"), ["Ctrl+Shift+Y"], tr("sync with the hub now")))
        rows.append((tr("Everywhere"), ["Ctrl+Shift+D"], tr("open or close the customer display (second screen)")))
        rows += [(title["checkout"], keys, what) for keys, what in (
            (["Enter"], tr("look up the scanned card, or search phone, email, name")), (["↓"], tr("into the search matches")),
            (["F2"], tr("the scan field")), (["F3"], tr("type a line (Enter adds it)")), (["F4"], tr("order total (no lines)")),
            (["Del"], tr("remove the selected line")), ([f"Alt+{n}" for n in range(1, 10)], tr("apply or remove reward 1…9")),
            (["Space"], tr("apply or remove the selected reward")), (["F7"], tr("record an action (a review, a share…)")), (["F12"], tr("commit the sale")),
            (["Ctrl+N", "Esc"], tr("new sale (Esc in the scan field)")), (["Ctrl+P"], tr("print the loyalty slip of the last sale")))]
        rows += [(title["enrol"], keys, what) for keys, what in (
            (["Ctrl+Return", "Ctrl+Enter"], tr("enrol the customer")), (["Esc"], tr("clear the form")))]
        rows += [(title["refund"], keys, what) for keys, what in (
            (["F2"], tr("order id or card number (Enter finds, ↓ into the orders)")), (["F3"], tr("quantities to refund")),
            (["F5"], tr("refund by lines")), (["F6"], tr("refund all")), (["F7"], tr("cancel the order")),
            (["F12"], tr("confirm the refund")), (["Esc"], tr("clear")))]
        rows += [(title["cards"], keys, what) for keys, what in (
            (["Ctrl+F"], tr("search cards")), (["Ctrl+L"], tr("filter by status")), (["F5"], tr("reload the list")),
            (["Ctrl+J"], tr("adjust points")), (["Ctrl+R"], tr("replace a lost card")), (["Ctrl+U"], tr("suspend or reactivate")),
            (["Ctrl+E"], tr("edit the customer")), (["Ctrl+P"], tr("reprint the card")))]
        rows += [(title["cards"], ["Ctrl+K"], tr("issue a coupon")), (title["cards"], ["Ctrl+Shift+K"], tr("void the selected coupon"))]
        rows += [(title["bulk"], keys, what) for keys, what in (
            (["Ctrl+Return", "Ctrl+Enter"], tr("create the cards")), (["Esc"], tr("cancel the run")), (["Ctrl+P"], tr("print the selected batch")),
            (["Ctrl+E"], tr("export the selected batch's numbers as CSV")),
            (["Ctrl+I"], tr("import customers, their cards and balances from CSV")))]
        rows += [(title["rules"], ["Ctrl+O"], tr("import a rules bundle"))]
        rows += [(title["settings"], ["Ctrl+S"], tr("save the store details"))]
        rows += [(title["campaigns"], keys, what) for keys, what in (
            (["Ctrl+E"], tr("export the trigger log as CSV")), (["PgUp"], tr("previous page of the log")), (["PgDown"], tr("next page of the log")))]
        rows += [(title["sync"], keys, what) for keys, what in (
            (["Ctrl+R"], tr("resolve the selected exception (manager PIN)")), (["Ctrl+M"], tr("merge a duplicate customer (manager PIN)")), (["F5"], tr("reload the list")))]
        rows += [(title["reports"], keys, what) for keys, what in (
            (["F5"], tr("read the report again")), (["Ctrl+E"], tr("export the table on show as CSV")),
            (["Ctrl+Shift+E"], tr("save the chart on show as PNG")))]
        return rows

    def show_shortcuts(self) -> None:
        """F1: every shortcut in one table (where · keys · what), so the columns line up."""
        from .widgets import cell, read_only_table

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(dialog)
        table = read_only_table(dialog, [self.tr("Where"), self.tr("Keys"), self.tr("What it does")])
        rows = self.shortcut_rows()
        table.setRowCount(len(rows))
        for row, (where, keys, what) in enumerate(rows):
            keys = [_key_name(k) for k in keys]
            shown = f"{keys[0]} … {keys[-1]}" if len(keys) > 3 else " / ".join(keys)
            for column, text in enumerate((where, shown, what)):
                table.setItem(row, column, cell(text))
        table.resizeColumnsToContents()
        layout.addWidget(table)
        close = QPushButton(self.tr("Close"), dialog)
        close.clicked.connect(dialog.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        table.horizontalHeader().setStretchLastSection(False)
        width = sum(table.columnWidth(c) for c in range(table.columnCount())) + table.verticalScrollBar().sizeHint().width() + 48
        dialog.resize(min(width, 1000), 640)  # wide enough for every line: nothing of the list is cut
        self.shortcuts_dialog = dialog
        dialog.show()

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
        work = self.unfinished_work()
        if work:
            answer = QMessageBox.question(
                self, self.tr("Close POS Loyalty?"),
                "\n".join(work) + "\n\n" + self.tr("Close anyway? What is not committed is lost."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        for widget in self.built.values():
            shutdown = getattr(widget, "shutdown", None)
            if callable(shutdown):
                shutdown()
        self.local_api.stop()  # the POS's requests under way are answered first
        self.save_state()
        if self.customer_display is not None:
            self.customer_display.close()
        self.changes.stop()
        self.outbox.stop()
        self.sync.stop()
        super().closeEvent(event)
