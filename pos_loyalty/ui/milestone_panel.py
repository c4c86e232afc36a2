"""A card's milestone progress on the card detail: one line per live milestone rule ("Order
milestones: 7 of 20 orders — next: 500 points"), in the app's language and number formats
(ui/programme_texts.py). Inactivity milestones are shown only when the signed-in user is a
manager: they are never shown to customers, and the cashier's screen faces the customer."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..domain.errors import LoyaltyError
from ..services import auth, programme
from .programme_texts import milestone_words

log = logging.getLogger(__name__)


class MilestonePanel(QWidget):
    """`show_card(number)` loads the progress of the card's customer; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.user = user
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self.tr("Milestones"), self)
        layout.addWidget(self.heading)
        self.lines = QLabel(self)
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.lines)
        self.rows: list[programme.Progress] = []
        self.hide()

    def _is_manager(self) -> bool:
        found = auth.find_user(self.user) if self.user else None
        return found is not None and found.role == "manager"

    def show_card(self, number: str | None) -> None:
        self.rows = []
        if number:
            try:
                self.rows = programme.progress(number, include_hidden=self._is_manager())
            except LoyaltyError as exc:  # the card detail reports the card itself; here nothing is shown
                log.info("no milestone progress for %s: %s", number, exc)
        words = milestone_words()
        texts = [row.line(words) + (" " + self.tr("(managers only: never shown to customers)") if row.hidden else "") for row in self.rows]
        self.lines.setText("\n".join(texts))
        self.setVisible(bool(texts))
