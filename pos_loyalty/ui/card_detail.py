"""One card: its customer, status, tier, balance, expiring points and full history, with the
manager's actions — adjust points, replace a lost card, suspend/reactivate, edit the customer,
export the customer's data on request, forget the customer."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import adjustments, card_list, cards, customers, privacy
from ..services.adjustments import MAX_ADJUSTMENT, AdjustmentResult
from ..services.cards import HistoryRow
from .activity_panel import ActivityPanel
from .coupon_panel import CouponPanel
from .history_notes import note_text
from .milestone_panel import MilestonePanel
from .pin_dialog import PinDialog
from .rows_model import Index, RowsModel
from .widgets import bind_shortcut, error_label, scaled, show_field_error

log = logging.getLogger(__name__)



CARD_COLUMN, NOTE_COLUMN = 1, 5


class HistoryModel(RowsModel):
    """The card's ledger, newest first, a page at a time: the service gives the first page and
    the view asks for more as it scrolls (Qt's canFetchMore / fetchMore), so a card with
    100,000 entries opens as fast as one with ten."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryRow] = []
        self._cells = {}
        self._more: Callable[[HistoryRow], list[HistoryRow]] | None = None
        self._headers = [self.tr("When"), self.tr("Card"), self.tr("What"), self.tr("Points"), self.tr("Order"), self.tr("Note"), self.tr("By")]
        self._kinds = {"earn": self.tr("earned"), "spend": self.tr("spent"), "reverse": self.tr("reversed"), "return": self.tr("returned"),
                       "adjust": self.tr("adjustment"), "expire": self.tr("expired"), "transfer": self.tr("transfer"), "action": self.tr("action"),
                       "milestone": self.tr("milestone"), "trigger": self.tr("campaign"), "opening": self.tr("opening balance")}

    def set_rows(self, rows: list[HistoryRow], more: Callable[[HistoryRow], list[HistoryRow]] | None = None) -> None:
        """The first page; `more(last_row)` reads the page after it (None: there is no more)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._cells: dict[int, tuple[str, ...]] = {}
        self._more = more if rows else None
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802 (Qt's name)
        return not parent.isValid() and self._more is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._more is None or not self._rows:
            return
        try:
            page = self._more(self._rows[-1])
        except LoyaltyError as exc:  # the card changed meanwhile: the next refresh shows it
            log.info("history page not read: %s", exc.message)
            page = []
        if not page:
            self._more = None
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def _texts(self, position: int) -> tuple[str, ...]:
        """A row's cells as shown, formatted once (Qt asks for each cell many times)."""
        texts = self._cells.get(position)
        if texts is None:
            row = self._rows[position]
            texts = self._cells[position] = (formats.datetime_text(row.at), row.card, self._kinds.get(row.kind, row.kind), formats.number(row.points, signed=True),
                                             row.order_id or "", note_text(row.note), row.user)
        return texts

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NOTE_COLUMN:
            return note_text(self._rows[index.row()].note) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AdjustDialog(QDialog):
    """Points (+/-) and a reason; Apply asks for the manager PIN, then `adjustments.adjust`."""

    def __init__(self, card_number: str, balance: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_number = card_number
        self.result_value: AdjustmentResult | None = None
        self.setWindowTitle(self.tr("Adjust points"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Card {number} — balance {balance}").format(number=card_number, balance=formats.points(balance)), self))
        form = QFormLayout()
        self.points = QSpinBox(self)
        self.points.setRange(-MAX_ADJUSTMENT, MAX_ADJUSTMENT)
        self.points.setValue(0)
        self.points.setToolTip(self.tr("Positive adds points, negative removes them"))
        self.points_error = error_label(self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why (required), e.g. goodwill for a late order"))
        self.reason.setMaxLength(200)
        self.reason_error = error_label(self)
        form.addRow(self.tr("&Points:"), self.points)
        form.addRow("", self.points_error)
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow("", self.reason_error)
        layout.addLayout(form)
        self.general_error = error_label(self)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(self.tr("Apply…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.points.setFocus()
        self.points.selectAll()

    def _errors(self) -> dict[str, QLabel]:
        return {"points": self.points_error, "reason": self.reason_error}

    def apply(self) -> None:
        for label in (*self._errors().values(), self.general_error):
            show_field_error(label, "")
        points, reason = self.points.value(), self.reason.text()
        try:
            result = PinDialog.run(self, lambda pin: adjustments.adjust(self.card_number, points, reason, pin),
                                   self.tr("Adjusting {points} needs a manager's PIN.").format(points=formats.points(points, signed=True)))
        except LoyaltyError as exc:
            show_field_error(self._errors().get(exc.field, self.general_error), exc.message)
            return
        if result is None:  # the PIN dialog was cancelled: nothing changed
            return
        self.result_value = result
        self.accept()


class CustomerDialog(QDialog):
    """Edit a customer's name, phone, email and marketing opt-in (`customers.update`)."""

    def __init__(self, customer_id: int, data: customers.CustomerInput, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.user = user
        self.setWindowTitle(self.tr("Edit customer"))
        form = QFormLayout(self)
        self.name = QLineEdit(data.name, self)
        self.phone = QLineEdit(data.phone, self)
        self.email = QLineEdit(data.email, self)
        self.opt_in = QCheckBox(self.tr("Agrees to receive offers"), self)
        self.opt_in.setChecked(data.marketing_opt_in)
        self.errors = {key: error_label(self) for key in ("name", "phone", "email", "customer")}
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow("", self.errors["name"])
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow("", self.errors["phone"])
        form.addRow(self.tr("&Email:"), self.email)
        form.addRow("", self.errors["email"])
        form.addRow("", self.opt_in)
        form.addRow("", self.errors["customer"])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        for label in self.errors.values():
            show_field_error(label, "")
        data = customers.CustomerInput(self.name.text(), self.phone.text(), self.email.text(), self.opt_in.isChecked())
        try:
            customers.update(self.customer_id, data, user=self.user)
        except LoyaltyError as exc:
            show_field_error(self.errors.get(exc.field, self.errors["customer"]), exc.message)
            return
        self.accept()


class CardDetail(QWidget):
    """Shows one card; `show_card(number)` loads it. Emits `changed(number)` after an action
    (the number of the card to show next: a replacement's new number)."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.user = user
        self.number: str | None = None
        self._data: card_list.CardDetailData | None = None
        layout = QVBoxLayout(self)

        self.title = scaled(QLabel(self.tr("Select a card"), self), 1.5)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)

        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        captions = [("status", self.tr("Status")), ("balance", self.tr("Balance")), ("tier", self.tr("Tier")),
                    ("expiring", self.tr("Expiring soon")), ("customer", self.tr("Customer")), ("phone", self.tr("Phone")),
                    ("email", self.tr("Email")), ("batch", self.tr("Batch"))]
        for position, (key, caption) in enumerate(captions):
            row, col = divmod(position, 2)
            name = QLabel(caption + ":", self)
            name.setStyleSheet("color: palette(mid);")
            value = QLabel("—", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            grid.addWidget(name, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        scaled(self.values["balance"], 1.3)
        layout.addLayout(grid)

        actions = QGridLayout()  # three a row: the detail stays narrow enough to sit beside the list at 1024 px
        self.adjust_button = QPushButton(self.tr("Adjust points…"), self)
        self.replace_button = QPushButton(self.tr("Replace lost card…"), self)
        self.suspend_button = QPushButton(self.tr("Suspend"), self)
        self.suspend_button.setToolTip(self.tr("Suspend or reactivate the card"))
        self.edit_button = QPushButton(self.tr("Edit customer…"), self)
        self.print_button = QPushButton(self.tr("Reprint card…"), self)
        self.print_button.setToolTip(self.tr("Print this card again"))
        # A customer's own data (access, erasure): rare manager actions, in one menu so the detail stays narrow.
        self.privacy_button = QPushButton(self.tr("Privacy"), self)
        self.privacy_button.setToolTip(self.tr("The customer's own data: export it at their request, or forget them (manager)"))
        privacy_menu = QMenu(self.privacy_button)
        self.data_action = privacy_menu.addAction(self.tr("Export customer data…"))
        self.data_action.setToolTip(self.tr("Everything the store holds about this customer, as a JSON file, for their request"))
        self.forget_action = privacy_menu.addAction(self.tr("Forget customer…"))
        self.forget_action.setToolTip(self.tr("Erase the customer's personal details for good, at their request"))
        self.privacy_button.setMenu(privacy_menu)
        for button, keys in ((self.adjust_button, "Ctrl+J"), (self.replace_button, "Ctrl+R"), (self.suspend_button, "Ctrl+U"),
                             (self.edit_button, "Ctrl+E"), (self.print_button, "Ctrl+P")):
            bind_shortcut(self, button, keys)
        for position, button in enumerate((self.adjust_button, self.replace_button, self.suspend_button, self.edit_button, self.print_button,
                                           self.privacy_button)):
            actions.addWidget(button, *divmod(position, 3))
        layout.addLayout(actions)
        self.error = error_label(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        self.milestones = MilestonePanel(self, user=user)
        layout.addWidget(self.milestones)

        # History, coupons and actions share the room below as tabs: at 1024×768 three tables
        # stacked would each show two rows.
        self.tabs = QTabWidget(self)
        self.coupon_panel = CouponPanel(self)
        self.coupon_panel.changed.connect(self.changed)
        self.activity_panel = ActivityPanel(self)
        self.history_model = HistoryModel(self)
        self.history = QTableView(self)
        self.history.setModel(self.history_model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history.setWordWrap(False)
        header = self.history.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # dates, numbers, points: never cut
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)  # only the note gives way (elided, full text in its tooltip)
        header.setMinimumSectionSize(40)
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.coupon_panel, self.tr("Coupons"))
        self.tabs.addTab(self.activity_panel, self.tr("Actions"))
        layout.addWidget(self.tabs, 1)
        for button, keys in self.coupon_panel.shortcuts:  # from any tab: show the coupons, then act
            bind_shortcut(self, button, keys, reveal=lambda: self.tabs.setCurrentWidget(self.coupon_panel))

        self.adjust_button.clicked.connect(self.open_adjust)
        self.replace_button.clicked.connect(self.replace_card)
        self.suspend_button.clicked.connect(self.toggle_suspension)
        self.edit_button.clicked.connect(self.edit_customer)
        self.print_button.clicked.connect(self.reprint)
        self.data_action.triggered.connect(self.export_customer_data)
        self.forget_action.triggered.connect(self.forget_customer)
        self._forgotten = False
        self._update_buttons()

    # -- showing --------------------------------------------------------------------
    def show_card(self, number: str | None) -> None:
        self.number = number
        show_field_error(self.error, "")
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        self.activity_panel.show_card(self.number)
        if not self.number:
            self._data = None
            self.title.setText(self.tr("Select a card"))
            for value in self.values.values():
                value.setText("—")
            self.history_model.set_rows([])
            self.coupon_panel.show_card(None, False)
            self.milestones.show_card(None)
            self._update_buttons()
            return
        try:
            self._data = card_list.detail(self.number)
        except LoyaltyError as exc:
            self._data = None
            show_field_error(self.error, exc.message)
            self._update_buttons()
            return
        view = self._data.view
        self.milestones.show_card(view.number)
        status = {"unassigned": self.tr("unassigned (not given to a customer yet)"), "active": self.tr("active"),
                  "suspended": self.tr("suspended — earns and spends nothing"), "replaced": self.tr("replaced")}.get(view.status, view.status)
        if view.replaced_by:
            status = self.tr("replaced by {number}").format(number=view.replaced_by)
        self.title.setText(self.tr("Card {number}").format(number=view.number))
        self.values["status"].setText(status)
        self.values["balance"].setText(formats.points(view.balance))
        self.values["tier"].setText(view.tier or "—")
        if view.expiring_points and view.expiring_on:
            self.values["expiring"].setText(self.tr("{points} by {date}").format(points=formats.points(view.expiring_points), date=formats.date_text(view.expiring_on)))
        else:
            self.values["expiring"].setText(self.tr("none"))
        self.values["customer"].setText(view.customer_name or self.tr("no customer"))
        self.values["phone"].setText(view.phone or "—")
        self.values["email"].setText(view.email or "—")
        self.values["batch"].setText(view.batch or "—")
        number = view.number
        more = (lambda last: card_list.more_history(number, last)) if len(self._data.history) >= cards.HISTORY_PAGE else None
        self.history_model.set_rows(self._data.history, more)
        # The card column only matters once the card replaced another (rows of the old number).
        self.history.setColumnHidden(CARD_COLUMN, all(row.card == view.number for row in self._data.history))
        self.coupon_panel.show_card(view.number, view.status == "active")
        self._forgotten = view.customer_id is not None and privacy.is_forgotten(view.customer_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        view = self._data.view if self._data else None
        usable = view is not None and view.status in ("active", "suspended")
        self.adjust_button.setEnabled(usable)
        self.replace_button.setEnabled(usable)
        self.suspend_button.setEnabled(usable)
        self.suspend_button.setText(self.tr("Reactivate") if view and view.status == "suspended" else self.tr("Suspend"))
        self.edit_button.setEnabled(view is not None and view.customer_id is not None and not self._forgotten)
        self.privacy_button.setEnabled(view is not None and view.customer_id is not None)
        self.data_action.setEnabled(view is not None and view.customer_id is not None)
        self.forget_action.setEnabled(view is not None and view.customer_id is not None and not self._forgotten)
        self.print_button.setEnabled(view is not None and view.status != "replaced")

    def balance_text(self) -> str:
        return self.values["balance"].text()

    # -- actions --------------------------------------------------------------------
    def _done(self, message: str, number: str) -> None:
        show_field_error(self.error, "")
        self.number = number
        self.refresh()
        self.message.setText(message)
        self.changed.emit(number)

    def open_adjust(self) -> None:
        if not self._data:
            return
        dialog = AdjustDialog(self._data.view.number, self._data.view.balance, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
                r = dialog.result_value
                self._done(self.tr("{points} by {manager}: {reason}. New balance {balance}.").format(
                    points=formats.points(r.points, signed=True), manager=r.manager, reason=r.reason, balance=formats.points(r.balance)), r.card)
        finally:
            dialog.deleteLater()

    def replace_card(self) -> None:
        if not self._data:
            return
        old = self._data.view.number
        text, ok = QInputDialog.getText(self, self.tr("Replace lost card"),
                                        self.tr("Scan the new pre-printed card, or leave empty to create a new number.\n"
                                                "The balance and history move to the new card; {old} stops working.").format(old=old))
        if not ok:
            return
        try:
            if text.strip():
                cards.get_card(text.strip(), "new_card")  # a mistyped number is named before a manager is called
            new = PinDialog.run(self, lambda pin: cards.replace(old, text.strip() or None, user=self.user, reason="lost", manager_pin=pin),
                                self.tr("Replacing a card moves its balance: a manager must enter their PIN."))
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        if new is None:  # the manager did not allow it: nothing changed
            return
        self._done(self.tr("{old} was replaced by {new}; {balance} moved.").format(old=old, new=new.number, balance=formats.points(new.balance)), new.number)

    def toggle_suspension(self) -> None:
        if not self._data:
            return
        number = self._data.view.number
        suspended = self._data.view.status == "suspended"
        title = self.tr("Reactivate card") if suspended else self.tr("Suspend card")
        reason, ok = QInputDialog.getText(self, title, self.tr("Why? (kept in the audit log; a manager's PIN is asked next)"))
        if not ok:
            return
        change = cards.reactivate if suspended else cards.suspend
        try:
            done = PinDialog.run(self, lambda pin: change(number, user=self.user, reason=reason, manager_pin=pin),
                                 self.tr("A manager must enter their PIN to allow this."))
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        if done is None:
            return
        message = (self.tr("{number} is active again.") if suspended else
                   self.tr("{number} is suspended: it earns and spends nothing until reactivated.")).format(number=number)
        self._done(message, number)

    def reprint(self) -> None:
        """A lost or worn card printed again (the same number; replacing is Ctrl+R)."""
        if not self._data:
            return
        from .print_dialog import PrintDialog  # QtPdf is loaded only when printing

        dialog = PrintDialog(numbers=[self._data.view.number], parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def edit_customer(self) -> None:
        if not self._data or self._data.view.customer_id is None:
            return
        view = self._data.view
        dialog = CustomerDialog(view.customer_id, customers.CustomerInput(view.customer_name, view.phone, view.email, self._data.marketing_opt_in), self, self.user)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self._done(self.tr("Customer details saved."), view.number)
        finally:
            dialog.deleteLater()

    def export_customer_data(self) -> None:
        """A customer's request for their data: a JSON file, with a manager's PIN."""
        if not self._data or self._data.view.customer_id is None:
            return
        customer_id = self._data.view.customer_id
        suggested = str(Path.home() / f"customer-{customer_id}.json")
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the customer's data"), suggested, self.tr("JSON files (*.json)"))
        if not target:
            return
        try:
            result = PinDialog.run(self, lambda pin: privacy.export_customer_data(customer_id, target, self.user, manager_pin=pin),
                                   self.tr("A customer's data leaves the till: a manager must enter their PIN."))
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        if result is None:
            return
        show_field_error(self.error, "")
        self.message.setText(self.tr("The customer's data ({records}) saved to {path}.").format(
            records=formats.count(result.records, self.tr("record"), self.tr("records")), path=str(result.path)))

    def forget_customer(self) -> None:
        """The customer asks to be forgotten: confirmed by typing their name, then a manager's PIN."""
        from .forget_dialog import ForgetDialog

        if not self._data or self._data.view.customer_id is None:
            return
        view = self._data.view
        dialog = ForgetDialog(view.customer_id, view.customer_name, self, self.user)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
                r = dialog.result_value
                self._done(self.tr("The customer is forgotten: now {name}; {cards} suspended, their points kept.").format(
                    name=r.name, cards=formats.count(len(r.cards_suspended), self.tr("card"), self.tr("cards"))), view.number)
        finally:
            dialog.deleteLater()
