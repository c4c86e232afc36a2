"""The coupons on one card, in the card detail: a table of them (code, reward, state, expiry,
where it came from) and the manager's two actions — issue one (reward, reason, optional expiry)
and void an unused one (reason) — each allowed by a manager's PIN (`PinDialog`). The services
check everything (`services.coupons`); this panel only shows what they say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.coupons import parse_day
from ..domain.errors import LoyaltyError
from ..services import coupon_slip, coupons
from ..services.coupons import CouponView
from .history_notes import note_text
from .pin_dialog import PinDialog
from .programme_texts import coupon_slip_words
from .widgets import cell, error_label, read_only_table, show_field_error

class IssueCouponDialog(QDialog):
    """Reward, reason and an optional last day; Issue asks for the manager PIN, then `coupons.issue`."""

    def __init__(self, card_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_number = card_number
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Issue a coupon"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Card {number}: the customer takes the reward once, at a later checkout, for no points.").format(number=card_number), self))
        form = QFormLayout()
        self.reward = QComboBox(self)
        for reward_id, name in coupons.rewards_for_coupons():
            self.reward.addItem(name, reward_id)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why (required), e.g. sorry for the wait"))
        self.reason.setMaxLength(200)
        self.expires = QLineEdit(self)
        self.expires.setPlaceholderText(self.tr("YYYY-MM-DD, or empty: never expires"))
        self.expires.setMaxLength(10)
        self.errors = {key: error_label(self) for key in ("reward", "reason", "expires")}
        form.addRow(self.tr("Re&ward:"), self.reward)
        form.addRow("", self.errors["reward"])
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow("", self.errors["reason"])
        form.addRow(self.tr("&Last day:"), self.expires)
        form.addRow("", self.errors["expires"])
        layout.addLayout(form)
        self.general_error = error_label(self)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(self)
        self.issue_button = buttons.addButton(self.tr("Issue…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setDefault(True)
        self.issue_button.setEnabled(self.reward.count() > 0)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        self.issue_button.clicked.connect(self.apply)
        layout.addWidget(buttons)
        if self.reward.count() == 0:
            show_field_error(self.errors["reward"], self.tr("The active rules have no discount or product reward to give."))
        self.reward.setFocus()

    def apply(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            show_field_error(label, "")
        reward_id, reason, expires_text = self.reward.currentData(), self.reason.text(), self.expires.text().strip()
        try:
            expires: dt.date | None = parse_day(expires_text) if expires_text else None
            result = PinDialog.run(self, lambda pin: coupons.issue(self.card_number, reward_id, reason, pin, expires_at=expires),
                                   self.tr("Issuing a coupon needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.errors.get(exc.field, self.general_error), exc.message)
            return
        if result is None:  # the PIN dialog was cancelled: nothing changed
            return
        self.result_value = result
        self.accept()


SHOWN = 100  # the newest coupons the panel lists; `pos-loyalty coupons list NUMBER` lists them all


class CouponPanel(QWidget):
    """Shows the card's newest coupons (`SHOWN`; a card gathers them for years, and listing
    8,000 held the screen 0.3 s); `show_card(number, can_issue)` loads them. Emits
    `changed(number)` after a coupon was issued or voided."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number: str | None = None
        self.can_issue = False
        self.rows: list[CouponView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Coupons"), self), 1)
        self.issue_button = QPushButton(self.tr("Issue coupon…"), self)
        self.void_button = QPushButton(self.tr("Void…"), self)
        self.void_button.setToolTip(self.tr("Take back the selected coupon"))
        self.slip_button = QPushButton(self.tr("Print slip…"), self)
        self.slip_button.setToolTip(self.tr("The selected coupon on an 80 mm slip with its barcode, to hand to the customer"))
        self.shortcuts = ((self.issue_button, "Ctrl+K"), (self.void_button, "Ctrl+Shift+K"))  # bound by the card detail, which shows the panel first
        top.addWidget(self.issue_button)
        top.addWidget(self.void_button)
        top.addWidget(self.slip_button)
        layout.addLayout(top)
        self.table = read_only_table(self, [self.tr("Code"), self.tr("Reward"), self.tr("State"), self.tr("Expires"), self.tr("From")])
        layout.addWidget(self.table, 1)  # the panel is a tab of its own: the table takes its height
        self.more = QLabel(self)  # shown when the card has more coupons than the table lists
        self.more.setWordWrap(True)
        self.more.hide()
        layout.addWidget(self.more)
        self.error = error_label(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        self.issue_button.clicked.connect(self.issue)
        self.void_button.clicked.connect(self.void_selected)
        self.slip_button.clicked.connect(self.print_slip)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- showing --------------------------------------------------------------------
    def show_card(self, number: str | None, can_issue: bool) -> None:
        if number != self.number:
            show_field_error(self.error, "")
            self.message.hide()
        self.number = number
        self.can_issue = can_issue
        self.refresh()

    def refresh(self) -> None:
        try:
            self.rows = coupons.of_card(self.number, limit=SHOWN + 1) if self.number else []
        except LoyaltyError as exc:
            self.rows = []
            show_field_error(self.error, exc.message)
        more = len(self.rows) > SHOWN
        del self.rows[SHOWN:]
        self.more.setText(self.tr("The {count} newest coupons; pos-loyalty coupons list {number} lists them all.").format(count=SHOWN, number=self.number)
                          if more else "")
        self.more.setVisible(more)
        self.table.setRowCount(len(self.rows))
        for row, view in enumerate(self.rows):
            texts = (view.code, view.reward_name, self.state_text(view),
                     formats.date_text(view.expires_at) if view.expires_at else self.tr("never"),
                     self.tr("milestone") if view.source == "milestone" else self.tr("manager"))
            for column, text in enumerate(texts):
                item = cell(text)
                if view.state != "issued":
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        self._update_buttons()

    def state_text(self, view: CouponView) -> str:
        if view.state == "redeemed":
            return self.tr("used on order {order}").format(order=view.order_id)
        if view.state == "void":
            return self.tr("void by {who}: {reason}").format(who=view.voided_by, reason=note_text(view.void_reason))
        if view.state == "expired":
            return self.tr("expired on {date}").format(date=formats.date_text(view.expires_at))
        return self.tr("issued")

    def selected(self) -> CouponView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        self.issue_button.setEnabled(self.number is not None and self.can_issue)
        chosen = self.selected()
        self.void_button.setEnabled(chosen is not None and chosen.state in ("issued", "expired"))
        self.slip_button.setEnabled(chosen is not None and chosen.state == "issued")

    def _done(self, message: str) -> None:
        show_field_error(self.error, "")
        self.refresh()
        self.message.setText(message)
        self.message.show()
        if self.number:
            self.changed.emit(self.number)

    # -- actions --------------------------------------------------------------------
    def issue(self) -> None:
        if not self.number:
            return
        dialog = IssueCouponDialog(self.number, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
                view = coupons.view(dialog.result_value.code)
                self._done(self.tr("Coupon {code} for {reward} issued by {who}.").format(code=view.code, reward=view.reward_name, who=view.issued_by))
        finally:
            dialog.deleteLater()

    def print_slip(self) -> None:
        """Save the selected coupon's slip as a PDF (a coupon waiting for an e-mail that cannot be
        sent, or a customer who prefers paper)."""
        chosen = self.selected()
        if chosen is None:
            return
        suggested = str(Path.home() / f"coupon-{chosen.code}.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the coupon slip as PDF"), suggested, self.tr("PDF files (*.pdf)"))
        if not name:
            return
        target = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            written = coupon_slip.print_slip(chosen.code, target, coupon_slip_words())
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        show_field_error(self.error, "")
        self.message.setText(self.tr("Slip of coupon {code} saved to {path}.").format(code=chosen.code, path=written))
        self.message.show()

    def void_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Void coupon {code}").format(code=chosen.code),
                                          self.tr("Why? (kept in the audit log; a manager's PIN is asked next)"))
        if not ok:
            return
        try:
            done = PinDialog.run(self, lambda pin: coupons.void(chosen.code, reason, pin),
                                 self.tr("Voiding a coupon needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        if done is None:  # no manager came: nothing changed
            return
        self._done(self.tr("Coupon {code} is void.").format(code=chosen.code))
