"""One table of a report (domain/report_table.py) as a Qt model, for any report: each cell is
shown by its column's `kind` — counts and points grouped, money in the store's currency,
percentages with one decimal, dates in the app's one format — and figures align right so
their digits line up. The raw value stays under `Qt.UserRole` (what a chart or a test reads).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from .. import formats
from ..domain.report_table import Table, Value
from .report_labels import label
from .rows_model import Index
from .widgets import money_text

NUMERIC = ("int", "points", "money", "percent")


def value_text(kind: str, value: Value, currency: str) -> str:
    """A report's value as a person reads it. Percentages are percent points (12.5 → "12.5%"),
    as the rules write them ("10% off")."""
    if value is None:
        return ""
    if kind == "money" and isinstance(value, (int, Decimal)):
        return money_text(Decimal(value), currency)
    if kind == "points" and isinstance(value, int):
        return formats.number(value)
    if kind == "percent" and isinstance(value, (int, Decimal, float)):
        return formats.grouped(f"{Decimal(value):,.1f}%")
    if kind == "int" and isinstance(value, int):
        return formats.number(value)
    if isinstance(value, dt.datetime):
        return formats.datetime_text(value)
    if isinstance(value, dt.date):
        return formats.date_text(value)
    return str(value)


def figure_text(kind: str, value: Value, currency: str) -> str:
    """A headline figure: points say "points" ("1,234 points"), the rest as in a table."""
    if kind == "points" and isinstance(value, int):
        return formats.points(value)
    return value_text(kind, value, currency)


class ReportTableModel(QAbstractTableModel):
    def __init__(self, table: Table, currency: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.currency = currency

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return label(column.label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.table.columns[index.column()]
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value_text(column.kind, value, self.currency)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None
