"""The receipt printer part of the Settings screen: how the loyalty slip's printer is reached
(network host:port, USB vendor:product, or a device file), how many characters a line holds,
and whether the checkout prints the slip after every sale with a card.

Saving needs a manager's PIN; the address is checked by the services (`services.settings`),
and a refusal is shown under the field it names.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from ..domain import slip as slip_layout
from ..domain.errors import LoyaltyError
from ..services import settings
from .pin_dialog import PinDialog
from .widgets import error_label, show_field_error

FIELDS = ("slip_printer", "slip_printer_address", "slip_columns", "slip_auto_print")


class PrinterSettingsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Receipt printer"))
        self.user = user
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        for value, text in (("none", self.tr("None")), ("network", self.tr("Network (host:port)")),
                            ("usb", self.tr("USB (vendor:product ids)")), ("file", self.tr("Device file (/dev/usb/lp0)"))):
            self.kind.addItem(text, value)
        self.address = QLineEdit(self)
        self.address.setMaxLength(255)
        self.columns = QSpinBox(self)
        self.columns.setRange(slip_layout.MIN_WIDTH, slip_layout.MAX_WIDTH)
        self.columns.setToolTip(self.tr("Characters a line: 42 or 48 on 80 mm paper, 32 on 58 mm"))
        self.auto_print = QCheckBox(self.tr("Print the loyalty slip after every sale with a card"), self)
        self.errors = {key: error_label(self) for key in (*FIELDS, "printer")}
        self.save_button = QPushButton(self.tr("Save printer settings"), self)
        self.message = QLabel(self)
        for caption, widget, key in ((self.tr("Printer:"), self.kind, "slip_printer"), (self.tr("Address:"), self.address, "slip_printer_address"),
                                     (self.tr("Characters a line:"), self.columns, "slip_columns"), ("", self.auto_print, "slip_auto_print")):
            form.addRow(caption, widget)
            form.addRow("", self.errors[key])
        form.addRow("", self.errors["printer"])
        form.addRow(self.save_button, self.message)
        self.kind.currentIndexChanged.connect(self._show_example)
        self.save_button.clicked.connect(self.save)
        self.refresh()

    def _show_example(self) -> None:
        examples = {"none": "", "network": "192.168.1.50:9100", "usb": "04b8:0202", "file": "/dev/usb/lp0"}
        self.address.setPlaceholderText(examples.get(self.kind.currentData(), ""))
        self.address.setEnabled(self.kind.currentData() != "none")

    def refresh(self) -> None:
        values = settings.all_settings()
        self.kind.setCurrentIndex(max(self.kind.findData(values["slip_printer"]), 0))
        self.address.setText(values["slip_printer_address"])
        self.columns.setValue(settings.whole_number("slip_columns"))
        self.auto_print.setChecked(values["slip_auto_print"] == "yes")
        self._show_example()

    def wanted(self) -> dict[str, str]:
        return {"slip_printer": self.kind.currentData(), "slip_printer_address": self.address.text().strip() if self.kind.currentData() != "none" else "",
                "slip_columns": str(self.columns.value()), "slip_auto_print": "yes" if self.auto_print.isChecked() else "no"}

    def save(self) -> None:
        for label in self.errors.values():
            show_field_error(label, "")
        self.message.clear()
        current = settings.all_settings()
        changed = {key: value for key, value in self.wanted().items() if current.get(key) != value}
        if not changed:
            self.message.setText(self.tr("Nothing to save."))
            return
        try:
            done = PinDialog.run(self, lambda pin: settings.set_values(changed, user=self.user, manager_pin=pin) or True,
                                 self.tr("Changing the receipt printer needs a manager's PIN."))
        except LoyaltyError as exc:
            show_field_error(self.errors.get(exc.field, self.errors["printer"]), exc.message)
            return
        if done:
            self.message.setText(self.tr("Saved."))
