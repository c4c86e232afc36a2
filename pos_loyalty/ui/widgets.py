"""Small widgets and helpers every screen shares: the red error line under a field, a keyboard
shortcut that clicks a button at once, and money shown in the store's currency."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ..domain.money import display_money


def error_label(parent: QWidget) -> QLabel:
    """The red line under a field that says what is wrong with it (hidden while empty)."""
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def bind_shortcut(owner: QWidget, button: QAbstractButton, keys: QKeySequence | QKeySequence.StandardKey | str) -> QShortcut:
    """A keyboard shortcut that clicks `button` at once (while it is enabled), shown in its tooltip.
    (A button's own `setShortcut` clicks through an animation, 100 ms later.)"""
    sequence = QKeySequence(keys)
    shortcut = QShortcut(sequence, owner)
    shortcut.activated.connect(lambda: button.click() if button.isEnabled() and button.isVisible() else None)
    text = button.toolTip() or button.text().replace("&", "")
    button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
    return shortcut


def show_field_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def money_text(value: Decimal | str, currency: str) -> str:
    """An amount as the shopper reads it, e.g. ``€1,234.50`` (see `domain.money.display_money`)."""
    return display_money(Decimal(value), currency)
