"""A quick manual line for a barcode the catalogue does not know (scanned at the checkout).

The barcode is the line's SKU (it can be changed); the cashier types the name and the price,
Enter adds the line, Esc adds nothing. The line is checked by the checkout's own rules
(`check`, given by the screen: the order's parser and the currency's decimals) before the
dialog closes, so a refused price is said here, under the field, and nothing is added.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .. import formats
from .widgets import error_label, show_field_error

Check = Callable[[dict[str, Any]], tuple[str, str]]  # line → (field, problem); ("", "") when it is fine


class ManualLineDialog(QDialog):
    """Emits `line_ready(line)` (the order file's line shape) when the cashier adds it."""

    line_ready = Signal(dict)

    def __init__(self, code: str, check: Check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualLineDialog")
        self._check = check
        self.setWindowTitle(self.tr("Unknown barcode"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("{code} is not in the catalogue. Sell it as a line of its own:").format(code=code), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.sku = QLineEdit(code, self)
        self.name = QLineEdit(self)
        self.collection = QLineEdit(self)
        self.price = QLineEdit(self)
        self.price.setPlaceholderText(formats.number_text("0.00"))
        form.addRow(self.tr("&SKU:"), self.sku)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Collection:"), self.collection)
        form.addRow(self.tr("&Price:"), self.price)
        layout.addLayout(form)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton(self.tr("&Add line (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    def line(self) -> dict[str, Any]:
        return {"sku": self.sku.text().strip(), "name": self.name.text().strip(), "collection": self.collection.text().strip(),
                "quantity": 1, "unit_price": formats.money_input(self.price.text())}

    def accept(self) -> None:
        """Add the line if the checkout's rules take it; else say why, under the form."""
        line = self.line()
        field, problem = self._check(line)
        if problem:
            show_field_error(self.error, problem)
            {"sku": self.sku, "name": self.name, "collection": self.collection}.get(field, self.price).setFocus()
            return
        self.line_ready.emit(line)
        super().accept()
