"""Refunds at the till: find the order, pick lines or all, see exactly what will be reversed, confirm.

The screen holds only what the cashier chose — the order, the mode (by lines, refund all, cancel)
and a quantity per line — and asks `refunds.plan` for every figure it shows, again on every change,
so the preview is exactly what F12 will do. The refund id is made once per confirmation and kept
while the choice stays the same: pressing F12 again after an error (or twice) replays the same
refund, which never reverses twice. After a refund the order is read again and the choice reset.

Keys: F2 the order field (Enter finds an order id, or lists a card's recent orders; ↓ moves into
that list, Enter picks). F3 the quantities to refund (Tab to the next line). F5 by lines, F6 refund
all, F7 cancel the order. F12 confirms. Esc clears the screen.
"""

from __future__ import annotations

import logging
import re
import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import auth, busy, orders, refunds
from ..services.orders import OrderDetail, OrderSummary
from ..services.refunds import RefundPlan, RefundResult
from .pin_dialog import PinDialog
from .table_fill import filling
from .workers import Worker, run_in_thread_pool
from .widgets import ScanField, bind_shortcut, cell, confirmation_label, error_label, money_text, read_only_table, scaled, show_field_error

log = logging.getLogger(__name__)

MAX_TYPED_QUANTITY = 999_999
REFUND_BOX_WIDTH = 84
MINUS = "\u2212"  # a real minus sign: easier to read than a hyphen at arm's length
_REFUND_COLUMN = 7


def signed(points: int) -> str:
    """Points with their sign, as the preview shows them: ``−12``, ``+100``, ``0``."""
    if points < 0:
        return f"{MINUS}{formats.number(-points)}"
    return f"+{formats.number(points)}" if points > 0 else "0"


def noun(points: int) -> str:
    """"point" or "points" in the app's language, agreeing with the number (as `formats.count` does)."""
    style = formats.style()
    return style.point if abs(points) == 1 else style.points


def number(points: int) -> str:
    """A balance: ``1,234``, or ``−195`` below zero."""
    return f"{MINUS}{formats.number(-points)}" if points < 0 else formats.number(points)


def _fit_rows(table: QTableWidget, most: int) -> None:
    """As tall as its rows (up to `most`; it scrolls beyond)."""
    rows = max(1, min(table.rowCount(), most))
    height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()
    table.setFixedHeight(height)


class RefundScreen(QWidget):
    """Emits `refunded(card number or "")` after a refund, so the window can refresh what it shows."""

    refunded = Signal(str)

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("refundScreen")
        self.user = user or str(getattr(parent, "user", "") or "")  # the main window knows who is at the till
        self.order: OrderDetail | None = None
        self.plan: RefundPlan | None = None
        self.found: tuple[OrderSummary, ...] = ()
        self.listed_card = ""
        self.spins: dict[int, QSpinBox] = {}  # line position → quantity to refund
        self._picked: dict[int, int] = {}  # the by-lines choice, kept while Refund all / Cancel is chosen
        self._refund_worker: Worker | None = None
        self._pending: tuple[tuple[object, ...], str] | None = None  # (choice, refund id) of the last confirmation that did not finish
        self._statuses = {"committed": self.tr("paid"), "partially_refunded": self.tr("partly refunded"),
                          "refunded": self.tr("refunded"), "cancelled": self.tr("cancelled")}
        self._kinds = {"full": self.tr("refund all"), "partial": self.tr("by lines"), "cancel": self.tr("cancellation")}
        self._build()
        self._connect()
        self.clear()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        caption = QLabel(self.tr("&Order (F2):"), self)
        self.order_field = ScanField(self)
        self.order_field.setObjectName("orderField")
        self.order_field.setPlaceholderText(self.tr("Order id from the receipt, or a card number — then Enter"))
        self.order_field.setAccessibleName(self.tr("Order id or card number"))
        self.order_field.setClearButtonEnabled(True)
        self.order_field.setMaxLength(64)
        self.order_field.setStyleSheet("QLineEdit { font-size: 15pt; padding: 5px 8px; border: 2px solid #ef6c00; border-radius: 5px; }")
        caption.setBuddy(self.order_field)
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setToolTip(self.tr("Find the order, or the card's orders (Enter)"))
        self.clear_button = QPushButton(self.tr("Clear"), self)
        top.addWidget(caption)
        top.addWidget(self.order_field, 1)
        top.addWidget(self.find_button)
        top.addWidget(self.clear_button)
        layout.addLayout(top)
        self.order_error = error_label(self)
        layout.addWidget(self.order_error)

        self.message = confirmation_label(self)
        layout.addWidget(self.message)
        self.warning = QLabel(self)
        self.warning.setObjectName("refundWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #ffebee; border: 1px solid #b00020; border-radius: 5px; color: #b00020; padding: 8px; font-weight: bold;")
        self.warning.hide()
        layout.addWidget(self.warning)

        self.orders_box = QGroupBox(self)
        orders_layout = QVBoxLayout(self.orders_box)
        self.orders_table = read_only_table(self.orders_box, [self.tr("When"), self.tr("Order"), self.tr("Status"), self.tr("Items"),
                                                     self.tr("Total"), self.tr("Earned"), self.tr("Spent")])
        self.orders_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.orders_table.horizontalHeader().setStretchLastSection(False)
        self.orders_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        orders_layout.addWidget(self.orders_table)
        self.orders_box.hide()
        layout.addWidget(self.orders_box)

        # -- the order -----------------------------------------------------------------------
        head = QGroupBox(self.tr("Order"), self)
        grid = QGridLayout(head)
        self.title = scaled(QLabel(self.tr("No order"), head), 1.45)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(head)
        self.status.setObjectName("orderStatus")
        self.when = QLabel(head)
        self.customer = QLabel(head)
        self.customer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.amounts = QLabel(head)
        self.points = QLabel(head)
        for label in (self.when, self.amounts):
            label.setStyleSheet("color: #546e7a;")
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.status, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.customer, 1, 0)
        grid.addWidget(self.when, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.points, 2, 0)
        grid.addWidget(self.amounts, 2, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        layout.addWidget(head)

        body = QHBoxLayout()
        left = QVBoxLayout()
        right = QVBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 0)
        layout.addLayout(body, 1)

        # -- what to refund ------------------------------------------------------------------
        box = QGroupBox(self.tr("What to refund — quantities: F3"), self)
        lines_layout = QVBoxLayout(box)
        modes = QHBoxLayout()
        self.lines_mode = QRadioButton(self.tr("By lines — F5"), box)
        self.all_mode = QRadioButton(self.tr("Refund all — F6"), box)
        self.cancel_mode = QRadioButton(self.tr("Cancel order — F7"), box)
        self.lines_mode.setToolTip(self.tr("Refund the quantities picked below"))
        self.all_mode.setToolTip(self.tr("Refund everything not refunded yet"))
        self.cancel_mode.setToolTip(self.tr("Cancel the whole order (before anything was refunded)"))
        self.modes = QButtonGroup(box)
        for button, kind in ((self.lines_mode, "partial"), (self.all_mode, "full"), (self.cancel_mode, "cancel")):
            button.setProperty("kind", kind)
            self.modes.addButton(button)
            modes.addWidget(button)
        modes.addStretch(1)
        lines_layout.addLayout(modes)
        self.lines_table = read_only_table(box, [self.tr("#"), self.tr("SKU"), self.tr("Name"), self.tr("Qty"), self.tr("Price"),
                                        self.tr("Total"), self.tr("Refunded"), self.tr("Refund")])
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the quantities take the focus, Tab goes line to line
        self.lines_table.setTabKeyNavigation(False)
        # Figures and SKUs as wide as their text; only the product name gives way (elided, full text in its tooltip).
        self.lines_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines_table.horizontalHeader().setStretchLastSection(False)
        self.lines_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.lines_table.horizontalHeader().setSectionResizeMode(_REFUND_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.lines_table.horizontalHeader().resizeSection(_REFUND_COLUMN, REFUND_BOX_WIDTH)
        self.lines_table.verticalHeader().setDefaultSectionSize(max(self.fontMetrics().height() + 16, 30))
        lines_layout.addWidget(self.lines_table, 1)
        self.history_caption = QLabel(self.tr("Earlier refunds of this order"), box)
        self.history_caption.setStyleSheet("font-weight: bold; color: #37474f;")
        self.history = QLabel(box)
        self.history.setObjectName("refundHistory")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lines_layout.addWidget(self.history_caption)
        lines_layout.addWidget(self.history)
        left.addWidget(box, 1)

        # -- the preview ---------------------------------------------------------------------
        box = QGroupBox(self.tr("What will be reversed"), self)
        figures = QGridLayout(box)

        def figure(row: int, caption: str, factor: float = 1.0) -> QLabel:
            value = QLabel("—", box)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if factor != 1.0:
                scaled(value, factor)
            figures.addWidget(QLabel(caption, box), row, 0)
            figures.addWidget(value, row, 1)
            return value

        self.preview_money = figure(0, self.tr("Money to give back"), 1.7)
        self.preview_reversed = figure(1, self.tr("Points reversed"), 1.35)
        self.preview_reversed.setStyleSheet("color: #b00020;")
        self.preview_rules = QLabel(box)
        self.preview_rules.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.preview_rules.setStyleSheet("color: #546e7a;")
        self.preview_rules.setWordWrap(True)
        figures.addWidget(self.preview_rules, 2, 0, 1, 2)
        self.preview_returned = figure(3, self.tr("Points given back"), 1.15)
        self.preview_returned.setStyleSheet("color: #1b5e20;")
        line = QFrame(box)
        line.setFrameShape(QFrame.Shape.HLine)
        figures.addWidget(line, 4, 0, 1, 2)
        self.preview_balance_now = figure(5, self.tr("Balance now"))
        self.preview_balance = figure(6, self.tr("Balance after"), 1.35)
        self.preview_note = QLabel(box)
        self.preview_note.setObjectName("explanation")
        self.preview_note.setStyleSheet("color: #546e7a;")
        self.preview_note.setWordWrap(True)
        figures.addWidget(self.preview_note, 7, 0, 1, 2)
        figures.setRowStretch(8, 1)
        self.confirm_error = error_label(box)
        figures.addWidget(self.confirm_error, 9, 0, 1, 2)
        self.confirm_button = QPushButton(self.tr("Confirm refund — F12"), box)
        self.confirm_button.setObjectName("confirmRefundButton")
        self.confirm_button.setToolTip(self.tr("Make the refund shown above"))
        self.confirm_button.setStyleSheet(
            "QPushButton { font-size: 14pt; font-weight: bold; padding: 10px; background: #e65100; color: white; border-radius: 5px; }"
            " QPushButton:disabled { background: #b0bec5; }")
        figures.addWidget(self.confirm_button, 10, 0, 1, 2)
        figures.setColumnStretch(0, 1)
        box.setMinimumWidth(280)
        box.setMaximumWidth(400)
        right.addWidget(box, 1)

    def _connect(self) -> None:
        self.order_field.returnPressed.connect(self.search)
        self.order_field.down_pressed.connect(self._into_orders)
        self.find_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear)
        self.orders_table.itemActivated.connect(lambda item: self.pick_order(item.row()))
        self.modes.buttonToggled.connect(self._mode_toggled)
        self.confirm_button.clicked.connect(self.confirm)

        bind_shortcut(self, self.confirm_button, Qt.Key.Key_F12)
        bind_shortcut(self, self.clear_button, Qt.Key.Key_Escape)
        bind_shortcut(self, self.lines_mode, Qt.Key.Key_F5)
        bind_shortcut(self, self.all_mode, Qt.Key.Key_F6)
        bind_shortcut(self, self.cancel_mode, Qt.Key.Key_F7)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self.focus_first)
        QShortcut(QKeySequence(Qt.Key.Key_F3), self, activated=self.focus_lines)

    # -- focus ----------------------------------------------------------------------------

    def focus_first(self) -> None:
        """The order field, ready for the next scan."""
        self.order_field.setFocus()
        self.order_field.selectAll()

    def focus_lines(self) -> None:
        """The first quantity that can still be refunded."""
        spin = next((s for s in self.spins.values() if s.isEnabled()), None)
        if spin is None:
            return
        spin.setFocus(Qt.FocusReason.TabFocusReason)
        spin.selectAll()

    def spin_for(self, position: int) -> QSpinBox:
        return self.spins[position]

    def _into_orders(self) -> None:
        """↓ in the order field: into the card's orders, on the first one."""
        if self.orders_box.isVisible() and self.orders_table.rowCount():
            self.orders_table.setFocus()
            self.orders_table.selectRow(0)

    # -- finding ----------------------------------------------------------------------------

    def search(self) -> None:
        """An order id opens the order; a card number lists the card's recent orders to pick from."""
        text = self.order_field.text().strip()
        show_field_error(self.order_error, "")
        self._hide_messages()
        try:
            found = orders.find(text)
        except LoyaltyError as exc:
            # Nothing of the order looked at before stays on screen: F12 must not refund it by mistake.
            self._show_order(None, keep=False)
            self.orders_box.hide()
            self.listed_card = ""
            show_field_error(self.order_error, exc.message)
            self.order_field.selectAll()
            return
        if found.order is not None:
            self.orders_box.hide()
            self._show_order(found.order, keep=False)
            self.focus_first()  # the next scan replaces it; F3 picks quantities, F6 refunds all
            return
        self._list_orders(found.card_number or "", found.orders)

    def _list_orders(self, card_number: str, rows: tuple[OrderSummary, ...]) -> None:
        self._show_order(None, keep=False)  # no order stays open behind the list: F12 cannot refund the wrong one
        self.listed_card = card_number
        self._fill_orders(rows)
        if not rows:
            self.orders_box.hide()
            show_field_error(self.order_error, self.tr("Card {number} has no orders.").format(number=card_number))
            self.order_field.selectAll()
            return
        self.orders_box.setTitle(self.tr("Recent orders of card {number} — ↓ and Enter to pick").format(number=card_number))
        self.orders_box.show()
        self._fill_header(None)
        self.orders_table.clearSelection()  # ↓ from the order field then lands on the first (newest) order
        self.orders_table.setCurrentCell(-1, -1)
        self.focus_first()

    def _fill_orders(self, rows: tuple[OrderSummary, ...]) -> None:
        self.found = rows
        self.orders_table.setRowCount(len(rows))
        with filling(self.orders_table):  # one layout pass, not one per cell
            for row, o in enumerate(rows):
                values = (formats.datetime_text(o.at), o.order_id, self._statuses.get(o.status, o.status), formats.number(o.items),
                          money_text(o.total, o.currency), formats.number(o.points_earned), formats.number(o.points_spent))
                for column, value in enumerate(values):
                    self.orders_table.setItem(row, column, cell(value, right=column >= 3))
        _fit_rows(self.orders_table, 6)

    def _refresh_orders(self) -> None:
        """After a refund the card's list shows the orders' new status."""
        if not self.orders_box.isVisible() or not self.listed_card:
            return
        try:
            rows = tuple(orders.of_card(self.listed_card))
        except LoyaltyError:
            return
        self._fill_orders(rows)
        current = self.order.order_id if self.order else None
        row = next((i for i, o in enumerate(rows) if o.order_id == current), -1)
        if row >= 0:
            self.orders_table.selectRow(row)

    def pick_order(self, row: int) -> None:
        """Open the order on that row of the card's orders."""
        if 0 <= row < len(self.found):
            self.open_order(self.found[row].order_id)

    def open_order(self, order_id: str) -> bool:
        """Show the order, ready to pick what to refund."""
        show_field_error(self.order_error, "")
        self._hide_messages()
        try:
            detail = orders.detail(order_id)
        except LoyaltyError as exc:
            show_field_error(self.order_error, exc.message)
            return False
        self._show_order(detail, keep=False)
        self.focus_lines()
        return True

    def refresh(self) -> None:
        """Read the order again (another till may have refunded part of it), keeping the choice."""
        if self.order is None:
            return
        try:
            detail = orders.detail(self.order.order_id)
        except LoyaltyError as exc:
            show_field_error(self.order_error, exc.message)
            return
        self._show_order(detail, keep=True)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def clear(self) -> None:
        """Esc: forget the order and the choice; back to the order field."""
        self.order = None
        self.plan = None
        self.found = ()
        self.listed_card = ""
        self._picked = {}
        self._pending = None
        self.order_field.clear()
        self.orders_box.hide()
        self.orders_table.setRowCount(0)
        show_field_error(self.order_error, "")
        self._hide_messages()
        self._show_order(None, keep=False)
        self.focus_first()

    def _hide_messages(self) -> None:
        self.message.hide()
        self.warning.hide()

    # -- the order --------------------------------------------------------------------------

    def _show_order(self, detail: OrderDetail | None, keep: bool) -> None:
        """Fill the header, the lines and the earlier refunds; `keep` keeps the cashier's choice."""
        previous = dict(self._picked) if keep else {}
        self.order = detail
        self._fill_header(detail)
        self._fill_lines(detail, previous)
        self._fill_history(detail)
        if not keep:
            self.modes.blockSignals(True)
            self.lines_mode.setChecked(True)
            self.modes.blockSignals(False)
        self._apply_mode()

    def _fill_header(self, detail: OrderDetail | None) -> None:
        if detail is None:
            self.title.setText(self.tr("No order"))
            self.status.setText("")
            self.status.setStyleSheet("")
            self.when.setText("")
            self.customer.setText(self.tr("Pick the order in the list above (↓, then Enter).") if self.found
                                  else self.tr("Scan or type the order id from the receipt (F2)."))
            self.amounts.setText("")
            self.points.setText("")
            return
        cur = detail.currency
        self.title.setText(self.tr("Order {order}").format(order=detail.order_id))
        status = self._statuses.get(detail.status, detail.status)
        colour = {"committed": "#1b5e20", "partially_refunded": "#e65100"}.get(detail.status, "#b00020")
        self.status.setText(status.upper())
        self.status.setStyleSheet(f"color: white; background: {colour}; padding: 2px 8px; border-radius: 3px; font-weight: bold;")
        self.when.setText(formats.datetime_text(detail.at))
        if detail.card_number:
            who = detail.customer_name or self.tr("no customer")
            self.customer.setText(self.tr("{name} · card {number} · balance {balance} points").format(
                name=who, number=detail.card_number, balance=number(detail.balance or 0)))
        else:
            self.customer.setText(self.tr("Sold without a card: no points to reverse."))
        amounts = self.tr("Total {total}").format(total=money_text(detail.total, cur))
        if detail.refunded_amount:
            amounts += " · " + self.tr("refunded so far {amount}").format(amount=money_text(detail.refunded_amount, cur))
        self.amounts.setText(amounts)
        points = self.tr("Earned {earned} · spent {spent}").format(earned=formats.points(detail.points_earned), spent=formats.points(detail.points_spent))
        if detail.points_earned and not detail.points_awarded:
            points += " " + self.tr("(not added yet: waiting for fulfilment)")
        self.points.setText(points)

    def _fill_lines(self, detail: OrderDetail | None, previous: dict[int, int]) -> None:
        self.spins = {}
        self._picked = {}
        lines = detail.lines if detail else ()
        self.lines_table.setRowCount(0)  # drops the old quantity boxes too
        self.lines_table.setRowCount(len(lines))
        cur = detail.currency if detail else "EUR"
        grey = self.palette().placeholderText()
        for row, line in enumerate(lines):
            name = line.name if not line.reward_id else self.tr("{name} — free with reward {reward}").format(name=line.name or line.sku, reward=line.reward_id)
            values = (str(line.position), line.sku, name, formats.number(line.quantity), money_text(line.unit_price, cur),
                      money_text(line.line_total, cur) if not line.reward_id else self.tr("free"), formats.number(line.refunded) if line.refunded else "")
            for column, value in enumerate(values):
                item = cell(value, right=column >= 3)
                item.setToolTip(value)
                if line.reward_id or not line.refundable:
                    item.setForeground(grey)
                self.lines_table.setItem(row, column, item)
            if line.reward_id:
                free = cell("—", right=True)
                free.setToolTip(self.tr("A free line of a reward: it goes with the order, not on its own"))
                free.setForeground(grey)
                self.lines_table.setItem(row, _REFUND_COLUMN, free)
                continue
            spin = QSpinBox(self.lines_table)
            # Typing more than is left is not silently clamped: the preview says what is left.
            spin.setRange(0, MAX_TYPED_QUANTITY)
            spin.setProperty("left", line.refundable)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setMaximumWidth(REFUND_BOX_WIDTH)
            spin.setAccessibleName(self.tr("Quantity of {sku} to refund").format(sku=line.sku))
            spin.setToolTip(self.tr("0 to {most} (↑ ↓ or type)").format(most=line.refundable))
            spin.setEnabled(line.refundable > 0)
            spin.setValue(min(previous.get(line.position, 0), line.refundable))
            if spin.value():
                self._picked[line.position] = spin.value()
            spin.valueChanged.connect(lambda value, position=line.position: self._quantity_changed(position, value))
            self.lines_table.setCellWidget(row, _REFUND_COLUMN, spin)
            self.spins[line.position] = spin
        chain = [self.order_field, self.orders_table, self.lines_mode, self.all_mode, self.cancel_mode, *self.spins.values(), self.confirm_button]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)

    def _fill_history(self, detail: OrderDetail | None) -> None:
        made = detail.refunds if detail else ()
        rows = []
        for r in made:
            text = self.tr("{when} · {kind} · {amount} · {reversed} / {returned} points · {user} · {refund}").format(
                when=formats.datetime_text(r.at), kind=self._kinds.get(r.kind, r.kind), amount=money_text(r.amount, detail.currency),  # type: ignore[union-attr]
                reversed=signed(-r.points_reversed), returned=signed(r.points_returned), user=r.user or "—", refund=r.refund_id)
            if r.flagged_negative:
                text += " · " + self.tr("⚑ balance went below zero")
            rows.append(text)
        self.history.setText("\n".join(rows))
        self.history_caption.setVisible(bool(made))
        self.history.setVisible(bool(made))

    # -- the choice -------------------------------------------------------------------------

    def kind(self) -> str:
        button = self.modes.checkedButton()
        return str(button.property("kind")) if button is not None else "partial"

    def selection(self) -> tuple[str, dict[int, int]]:
        """The refund kind and, by lines, the quantities picked (positions with 0 left out)."""
        kind = self.kind()
        if kind != "partial":
            return kind, {}
        return kind, {position: spin.value() for position, spin in self.spins.items() if spin.value() > 0}

    def set_mode(self, kind: str) -> None:
        {"partial": self.lines_mode, "full": self.all_mode, "cancel": self.cancel_mode}[kind].setChecked(True)

    def set_quantity(self, position: int, quantity: int) -> None:
        self.spins[position].setValue(quantity)

    def _mode_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._apply_mode()

    def _apply_mode(self) -> None:
        """By lines: the picked quantities, editable. Refund all / Cancel: every quantity left, shown and locked."""
        by_lines = self.kind() == "partial"
        for position, spin in self.spins.items():
            spin.blockSignals(True)
            left = int(spin.property("left"))
            spin.setValue(self._picked.get(position, 0) if by_lines else left)
            spin.setEnabled(by_lines and left > 0)
            spin.blockSignals(False)
        self.refresh_preview()

    def _quantity_changed(self, position: int, value: int) -> None:
        if self.kind() != "partial":
            return
        if value:
            self._picked[position] = value
        else:
            self._picked.pop(position, None)
        self.refresh_preview()

    # -- the preview ------------------------------------------------------------------------

    def _blank_preview(self, note: str) -> None:
        self.plan = None
        for label in (self.preview_money, self.preview_reversed, self.preview_returned, self.preview_balance):
            label.setText("—")
        self.preview_rules.setText("")
        self.preview_rules.hide()
        balance = self.order.balance if self.order is not None else None
        self.preview_balance_now.setText(f"{number(balance)} {noun(balance)}" if balance is not None else "—")
        self.preview_balance.setStyleSheet("")
        self.preview_note.setText(note)
        self.confirm_button.setEnabled(False)

    def _error_text(self, order: OrderDetail, exc: LoyaltyError) -> str:
        """The service's message, with "lines[2]" said as the cashier sees it: "Line 2 (CAKE)"."""
        match = re.fullmatch(r"lines\[(\d+)\]", exc.field)
        if match is None:
            return exc.message
        position = int(match.group(1))
        sku = next((line.sku for line in order.lines if line.position == position), "")
        return self.tr("Line {position} ({sku}): {message}").format(position=position, sku=sku, message=exc.message)

    def refresh_preview(self) -> None:
        """Ask `refunds.plan` what the current choice will do, and show exactly that."""
        show_field_error(self.confirm_error, "")
        order = self.order
        if order is None:
            self._blank_preview(self.tr("Find an order first: F2, then scan or type its id."))
            return
        kind, quantities = self.selection()
        if kind == "partial" and not quantities:
            if not order.open:
                note = self.tr("This order is {status}: nothing is left to refund.").format(status=self._statuses.get(order.status, order.status))
            else:
                note = self.tr("Pick the quantities to refund (F3), or choose Refund all (F6) or Cancel order (F7).")
            self._blank_preview(note)
            return
        try:
            plan = refunds.plan(order.order_id, kind, quantities or None)
        except LoyaltyError as exc:
            self._blank_preview("")
            show_field_error(self.confirm_error, self._error_text(order, exc))
            return
        self.plan = plan
        cur = order.currency
        self.preview_money.setText(money_text(plan.amount, cur))
        self.preview_reversed.setText(f"{signed(-plan.points_reversed)} {noun(plan.points_reversed)}")
        if len(plan.by_rule) > 1:
            self.preview_rules.setText("\n".join(self.tr("{rule}: {points}").format(rule=order.rule_name(rule), points=signed(-points))
                                                 for rule, points in plan.by_rule.items()))
            self.preview_rules.show()
        else:
            self.preview_rules.setText("")
            self.preview_rules.hide()
        self.preview_returned.setText(f"{signed(plan.points_returned)} {noun(plan.points_returned)}")
        after = orders.balance_after(order, plan)
        if after is None:
            self.preview_balance_now.setText(self.tr("no card"))
            self.preview_balance.setText(self.tr("no card"))
            self.preview_balance.setStyleSheet("")
        else:
            self.preview_balance_now.setText(f"{number(order.balance or 0)} {noun(order.balance or 0)}")
            self.preview_balance.setText(f"{number(after)} {noun(after)}")
            self.preview_balance.setStyleSheet("color: #b00020;" if after < 0 else "color: #1b5e20;")
        self.preview_note.setText(self._explain(order, plan, after))
        self.confirm_button.setEnabled(not self.is_committing())

    def _explain(self, order: OrderDetail, plan: RefundPlan, after: int | None) -> str:
        notes = []
        if plan.completes_order:
            status = self._statuses["cancelled" if plan.kind == "cancel" else "refunded"]
            notes.append(self.tr("Nothing of the order is left after this: it becomes {status}.").format(status=status))
            if order.points_spent:
                notes.append(self.tr("The {points} it spent are given back.").format(points=formats.points(order.points_spent)))
        else:
            notes.append(self.tr("The rest of the order stays; its points are reversed in proportion."))
            if order.points_spent:
                notes.append(self.tr("The {points} it spent come back only when the whole order is refunded.").format(points=formats.points(order.points_spent)))
        if order.card_number is None:
            notes.append(self.tr("Sold without a card: no points change."))
        elif not order.points_awarded and plan.points_reversed:
            notes.append(self.tr("Its points were never added (waiting for fulfilment): nothing is taken from the balance."))
        if after is not None and after < 0:
            notes.append(self.tr("The balance will go below zero: the refund is made and flagged for the manager."))
        return "\n".join(notes)

    # -- confirming -------------------------------------------------------------------------

    def _refund_id(self, key: tuple[object, ...], order_id: str) -> str:
        """The same id for the same choice until a refund goes through: a retry never refunds twice."""
        if self._pending is None or self._pending[0] != key:
            self._pending = (key, f"R-{order_id[:53]}-{uuid.uuid4().hex[:8]}")
        return self._pending[1]

    def unfinished_work(self) -> str:
        """A sentence for the "leave / close?" question while a refund is picked but not confirmed."""
        if self.is_committing():
            return self.tr("A refund is being made right now.")
        if self.order is None or self.plan is None:
            return ""
        return self.tr("A refund of order {order} is picked and not confirmed.").format(order=self.order.order_id)

    def is_committing(self) -> bool:
        """True while F12's refund runs in the background."""
        return self._refund_worker is not None

    def confirm(self) -> None:
        """Make the refund shown in the preview, off the GUI thread (the till stays responsive
        while the database is slow or locked); say what happened; show the order as it is now.
        F12 again while it runs does nothing; after a failure F12 retries with the same refund id."""
        if self._refund_worker is not None:
            return
        show_field_error(self.confirm_error, "")
        order = self.order
        if order is None or self.plan is None:
            show_field_error(self.confirm_error, self.tr("Nothing to refund: find an order and pick what to refund."))
            return
        kind, quantities = self.selection()
        refund_id = self._refund_id((order.order_id, kind, tuple(sorted(quantities.items()))), order.order_id)
        manager_pin: str | None = None
        try:
            if refunds.needs_manager(order.order_id, refund_id, kind, quantities or None):
                manager_pin = PinDialog.run(self, lambda pin: auth.verify_manager(pin) and pin,
                                            self.tr("A refund above {limit} needs a manager's PIN.").format(limit=money_text(refunds.manager_limit(), order.currency)))
                if manager_pin is None:
                    show_field_error(self.confirm_error, self.tr("Not refunded: a manager must allow a refund of this amount."))
                    return
        except LoyaltyError as exc:  # e.g. another till refunded the order meanwhile, or the database was busy
            self._refund_failed(order, refund_id, exc)
            return
        self._set_committing(True)
        self._refund_worker = run_in_thread_pool(_refund_in_pool, order.order_id, refund_id, kind, quantities or None, self.user, manager_pin,
                                                 report_progress=False, on_finished=lambda result: self._refund_done(order, result),
                                                 on_failed=lambda error: self._refund_failed(order, refund_id, error))

    def _set_committing(self, busy_now: bool) -> None:
        self.confirm_button.setText(self.tr("Refunding…") if busy_now else self.tr("Confirm refund — F12"))
        for widget in (self.order_field, self.find_button, self.clear_button, self.orders_table, self.lines_mode, self.all_mode,
                       self.cancel_mode, self.lines_table):
            widget.setEnabled(not busy_now)
        self.confirm_button.setEnabled(not busy_now and self.plan is not None)

    def _refund_failed(self, order: OrderDetail, refund_id: str, error: object) -> None:
        self._refund_worker = None
        self._set_committing(False)
        if isinstance(error, Exception) and busy.is_busy(error):  # first: Busy is a LoyaltyError too
            show_field_error(self.confirm_error, self.tr("The database is busy — press F12 to try again. Nothing was refunded yet."))
        elif isinstance(error, LoyaltyError):
            show_field_error(self.confirm_error, error.message)
        else:  # e.g. the connection went away: say so, keep the id for the retry
            log.error("refund %s of order %s failed: %r", refund_id, order.order_id, error)
            show_field_error(self.confirm_error, self.tr("The refund did not go through ({error}). Press F12 to try again: "
                                                         "it will not refund twice.").format(error=error))

    def _refund_done(self, order: OrderDetail, result: object) -> None:
        self._refund_worker = None
        assert isinstance(result, RefundResult)
        self._pending = None
        self._set_committing(False)
        cur = order.currency
        text = self.tr("Refund {refund} done: give back {amount}.").format(refund=result.refund_id, amount=money_text(Decimal(result.amount), cur))
        if result.balance is not None:
            text += " " + self.tr("{reversed} reversed, {returned} given back. New balance: {balance}.").format(
                reversed=formats.points(result.points_reversed), returned=formats.points(result.points_returned), balance=formats.points(result.balance))
        if result.replayed:  # the first try went through after all: say what it did, and that nothing was done twice
            text += " " + self.tr("(It had already gone through: nothing was done twice.)")
        try:
            self._show_order(orders.detail(order.order_id), keep=False)
        except LoyaltyError as exc:
            show_field_error(self.order_error, exc.message)
        self._refresh_orders()
        self.message.setText(text)
        self.message.show()
        if result.flagged_negative:
            self.warning.setText(self.tr("The balance is now {balance} — below zero. The refund is flagged for the manager.").format(
                balance=formats.points(result.balance or 0)))
            self.warning.show()
        self.focus_first()
        self.refunded.emit(order.card_number or "")

    def shutdown(self) -> None:
        """The window is closing: let a refund under way finish (it is one short transaction)."""
        worker = self._refund_worker
        if worker is not None:
            worker.wait(30)


def _refund_in_pool(order_id: str, refund_id: str, kind: str, quantities: dict[int, int] | None, user: str,
                    manager_pin: str | None, should_cancel: Any = None) -> RefundResult:
    """Runs in the pool thread (`workers.Worker`): one transaction, never cancelled half-way.
    `manager_pin` is the PIN a manager entered for a refund above the store's limit (the
    service checks it again)."""
    return refunds.refund(order_id, refund_id, kind, quantities, user=user, manager_pin=manager_pin)
