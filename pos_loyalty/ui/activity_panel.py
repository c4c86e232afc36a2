"""The card detail's list of the customer's recent actions (sign-up, reviews, shares, birthdays,
the store's own), with the points each gave and who recorded it — read from
`services.activity.of_card`, newest first."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import activity
from .widgets import cell, read_only_table

log = logging.getLogger(__name__)


class ActivityPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Actions"), self)
        layout.addWidget(self.title)
        self.table = read_only_table(self, [self.tr("When"), self.tr("Action"), self.tr("Points"), self.tr("By"), self.tr("Note")])
        self.table.setMaximumHeight(140)
        layout.addWidget(self.table)
        self.rows: list[activity.ActivityRow] = []

    def show_card(self, number: str | None) -> None:
        """The actions of the card's customer (none for no card, or a card not given yet)."""
        try:
            self.rows = activity.of_card(number) if number else []
        except LoyaltyError as exc:  # the card changed meanwhile: the detail says why
            log.info("actions not read: %s", exc.message)
            self.rows = []
        self.title.setText(self.tr("Actions ({count})").format(count=len(self.rows)) if self.rows else self.tr("Actions: none recorded"))
        self.table.setRowCount(len(self.rows))
        for position, row in enumerate(self.rows):
            values = (formats.datetime_text(row.at), row.name, formats.number(row.points, signed=True), row.user, row.note)
            for column, value in enumerate(values):
                self.table.setItem(position, column, cell(value, right=column == 2))
