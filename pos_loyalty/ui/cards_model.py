"""The cards list as a Qt table model that loads pages lazily (a million cards stay fast).

Only the rows already fetched live in memory. The view asks `canFetchMore`/`fetchMore` as the
user scrolls; each call reads one keyset page through `services.card_list`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from .. import formats
from ..domain.errors import LoyaltyError
from ..services import card_list
from ..services.card_list import CardCount, CardRow
from .rows_model import Index, RowsModel

log = logging.getLogger(__name__)

NUMBER, STATUS, BALANCE, CUSTOMER, PHONE, EMAIL, BATCH = range(7)
REQUERY_MAX = 2_000  # rows read again after a change; further rows load again as the user scrolls


class CardsModel(RowsModel):
    page_size = card_list.PAGE_SIZE
    failed = Signal(str)  # a message for the screen when a page cannot be read

    def __init__(self, parent: Any = None, page_size: int | None = None) -> None:
        super().__init__(parent)
        if page_size:
            self.page_size = page_size
        self._rows: list[CardRow] = []
        self._exhausted = True
        self._status: str | None = None
        self._search = ""
        self._order = "id"
        self._descending = True  # newest cards first: a manager just created a batch
        self._headers = [self.tr("Number"), self.tr("Status"), self.tr("Balance"), self.tr("Customer"),
                         self.tr("Phone"), self.tr("Email"), self.tr("Batch")]
        self._status_names = {"unassigned": self.tr("unassigned"), "active": self.tr("active"),
                              "suspended": self.tr("suspended"), "replaced": self.tr("replaced")}

    # -- loading --------------------------------------------------------------------
    def set_filter(self, search: str = "", status: str | None = None, order: str | None = None, descending: bool | None = None) -> None:
        self._search = search
        self._status = status or None
        if order is not None:
            self._order = order
        if descending is not None:
            self._descending = descending
        self.reload()

    def reload(self) -> None:
        """Drop the loaded rows and read the first page again."""
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self.endResetModel()
        self._load_page()

    def requery(self) -> bool:
        """Read the rows loaded so far again (a change here or elsewhere). Returns True when the
        same cards are listed in the same order: then only their values change and the view keeps
        its selection and scroll position; otherwise the model is reset with the new rows."""
        want = min(max(len(self._rows), self.page_size), REQUERY_MAX)
        try:
            rows = card_list.page(None, want, self._order, self._descending, self._status, self._search)
        except LoyaltyError as exc:
            self.failed.emit(exc.message)
            return True
        exhausted = len(rows) < want
        if [r.number for r in rows] == [r.number for r in self._rows]:
            self._rows, self._exhausted = rows, exhausted
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return True
        self.beginResetModel()
        self._rows, self._exhausted = rows, exhausted
        self.endResetModel()
        return False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._load_page()

    def _load_page(self) -> None:
        if self._exhausted:
            return
        after = self._rows[-1].key(self._order) if self._rows else None
        try:
            rows = card_list.page(after, self.page_size, self._order, self._descending, self._status, self._search)
        except LoyaltyError as exc:
            self._exhausted = True
            self.failed.emit(exc.message)
            return
        if len(rows) < self.page_size:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def count(self) -> CardCount:
        return card_list.count(self._status, self._search)

    # -- reading --------------------------------------------------------------------
    def row_at(self, row: int) -> CardRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        for index, row in enumerate(self._rows):
            if row.number == number:
                return index
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.number, self._status_names.get(row.status, row.status), formats.number(row.balance), row.customer_name,
                    row.phone, row.email, row.batch)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BALANCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.number
        return None

    # -- sorting: by number or by creation (id), both keyset-paged -----------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = "number" if column == NUMBER else "id"
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._order, self._descending
