"""The main window: for now the scan field and the card it finds (the full screens follow)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from ..domain.errors import LoyaltyError
from ..services import cards, rules_sync


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("POS Loyalty"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.scan = QLineEdit(central)
        self.scan.setPlaceholderText(self.tr("Scan or type a card number, then Enter"))
        self.result = QLabel(central)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.scan)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.scan.returnPressed.connect(self.look_up)
        self.resize(900, 600)

    def look_up(self) -> None:
        try:
            rules, _ = rules_sync.active_rules()
            view = cards.lookup(self.scan.text(), rules)
        except LoyaltyError as exc:
            self.result.setText(str(exc))
            return
        self.result.setText(self.tr("{name} — {balance} points ({status})").format(name=view.customer_name or self.tr("no customer"), balance=view.balance, status=view.status))
        self.scan.selectAll()
