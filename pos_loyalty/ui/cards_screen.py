"""Cards and customers: search, filter by status, a lazily paged list, and the selected card's detail."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from .card_detail import CardDetail
from .cards_model import BALANCE, NUMBER, PHONE, STATUS, CardsModel
from .widgets import error_label, show_field_error

SEARCH_DELAY_MS = 250


class CardsScreen(QWidget):
    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("cardsScreen")
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search: card number, phone, email or name (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search cards"))
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All statuses"), None)
        for key, text in (("active", self.tr("Active")), ("unassigned", self.tr("Unassigned")),
                          ("suspended", self.tr("Suspended")), ("replaced", self.tr("Replaced"))):
            self.status.addItem(text, key)
        self.status.setToolTip(self.tr("Filter by status (Ctrl+L)"))
        self.order = QComboBox(self)
        for key, text in ((("id", True), self.tr("Newest first")), (("id", False), self.tr("Oldest first")),
                          (("number", False), self.tr("Number ↑")), (("number", True), self.tr("Number ↓"))):
            self.order.addItem(text, key)
        self.order.setToolTip(self.tr("Order of the list"))
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(120)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.order)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.error = error_label(self)
        layout.addWidget(self.error)

        self.model = CardsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # names, emails and batches give way; numbers never do
        for column, width in enumerate((0, 85, 0, 140, 0, 170, 100)):
            if width:
                header.resizeSection(column, width)
        self._fit_figures()

        self.detail = CardDetail(self, user=user)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([400, 600])
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.order.currentIndexChanged.connect(lambda _i: self._apply_order())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.failed.connect(lambda message: show_field_error(self.error, message))
        self.detail.changed.connect(self._card_changed)

        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.status.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.order)
        self.setTabOrder(self.order, self.table)

        self.apply_filter()

    # -- list -----------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.apply_filter()
        if self.model.rowCount() == 1:
            self.table.selectRow(0)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        show_field_error(self.error, "")
        order, descending = self.order.currentData()
        self.model.set_filter(self.search.text(), self.status.currentData(), order, descending)
        self._fit_figures()
        self._update_count()

    def _fit_figures(self) -> None:
        """The number, balance and phone columns as wide as their longest loaded text (at least a
        13-digit number): a card number cut to "5099546879…" cannot be read back to a customer.
        Names, emails and batches may be elided. The list itself is never narrower than number,
        status and balance together."""
        metrics = self.table.fontMetrics()
        loaded = self.model.rowCount()
        pad = 2 * self.table.style().pixelMetric(self.table.style().PixelMetric.PM_FocusFrameHMargin) + 16
        header = self.table.horizontalHeader()

        def widest(column: int, least: str) -> int:
            texts = [str(self.model.data(self.model.index(r, column)) or "") for r in range(loaded)]
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            return max([metrics.horizontalAdvance(t) for t in (*texts, least)] + [header.fontMetrics().horizontalAdvance(title)])

        widths = {NUMBER: widest(NUMBER, "0" * 13), BALANCE: widest(BALANCE, "0"), PHONE: widest(PHONE, "+00 0000 000000")}
        for column, width in widths.items():
            header.resizeSection(column, width + pad)
        self.table.setMinimumWidth(sum(header.sectionSize(c) for c in (NUMBER, STATUS, BALANCE)) + 4)

    def _apply_order(self) -> None:
        self.apply_filter()

    def refresh(self) -> None:
        """Read the list and the selected card again (F5, or a change here or elsewhere), keeping
        the selection and the scroll position."""
        number = self.detail.number
        position = self.table.verticalScrollBar().value()
        if not self.model.requery():  # other cards are listed now: the model was reset
            if number and self.model.row_of(number) >= 0:
                self.table.selectRow(self.model.row_of(number))
            self.table.verticalScrollBar().setValue(position)
        self._update_count()
        self.detail.refresh()

    def _update_count(self) -> None:
        count = self.model.count()
        if count.exact:
            self.count_label.setText(formats.count(count.value, self.tr("card"), self.tr("cards")))
        else:
            self.count_label.setText(self.tr("more than {count} cards").format(count=formats.number(count.value)))

    def select_card(self, number: str) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            self.detail.show_card(number)
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    # -- detail ---------------------------------------------------------------------
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        card = self.model.row_at(rows[0].row()) if rows else None
        if card is not None and card.number != self.detail.number:
            self.detail.show_card(card.number)

    def _card_changed(self, number: str) -> None:
        message = self.detail.message.text()
        self.apply_filter()
        if self.model.row_of(number) >= 0:
            self.select_card(number)
        self.detail.show_card(number)
        self.detail.message.setText(message)
