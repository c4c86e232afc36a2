"""Small widgets and helpers every screen shares: the red error line under a field, a keyboard
shortcut that clicks a button at once, money shown in the store's currency, the scan field
and the short read-only tables of the till screens."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QWidget

from ..domain.money import display_money
from .service_texts import translated


def error_label(parent: QWidget) -> QLabel:
    """The red line under a field that says what is wrong with it (hidden while empty)."""
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def confirmation_label(parent: QWidget) -> QLabel:
    """The green line that says what just happened (a sale committed, a refund made); hidden
    until there is something to say. Styled by `#confirmation` in resources/style.qss."""
    label = QLabel(parent)
    label.setObjectName("confirmation")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def bind_shortcut(owner: QWidget, button: QAbstractButton, keys: QKeySequence | QKeySequence.StandardKey | str,
                  reveal: Callable[[], None] | None = None) -> QShortcut:
    """A keyboard shortcut that clicks `button` at once (while it is enabled), shown in its tooltip.
    (A button's own `setShortcut` clicks through an animation, 100 ms later.) `reveal` first
    shows a button that may be out of sight (on a tab not shown)."""
    sequence = QKeySequence(keys)
    shortcut = QShortcut(sequence, owner)

    def activated() -> None:
        if reveal is not None:
            reveal()
        if button.isEnabled() and button.isVisible():
            button.click()

    shortcut.activated.connect(activated)
    text = button.toolTip() or button.text().replace("&", "")
    button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
    return shortcut


def scaled(label: QLabel, factor: float, bold: bool = True) -> QLabel:
    """`label` in a bigger (bold) font: a screen's title, a figure read from across the counter."""
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def show_field_error(label: QLabel, message: str) -> None:
    """Show (or, with "", hide) a refusal under its field; a service's English message is shown
    in the app's language when `service_texts` knows its shape."""
    label.setText(translated(message))
    label.setVisible(bool(message))


def money_text(value: Decimal | str, currency: str) -> str:
    """An amount as the shopper reads it, e.g. ``€1,234.50`` (see `domain.money.display_money`)."""
    return display_money(Decimal(value), currency)


class ScanField(QLineEdit):
    """A field a barcode scanner types into (the number, then Enter). ↓ moves into the list of
    matches below it and Esc asks to start over: the screen connects what those mean."""

    down_pressed = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


def read_only_table(parent: QWidget, headers: list[str]) -> QTableWidget:
    """A short list (an order's lines, search matches): whole rows selected, one line a row."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # ids with dashes would otherwise wrap out of sight
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def cell(text: str, right: bool = False) -> QTableWidgetItem:
    """A table cell; figures (`right`) align right so their digits line up."""
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
