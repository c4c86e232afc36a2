"""The card detail's history is read a page at a time: the screen opens with the newest page
and the table asks for the next as it scrolls (canFetchMore / fetchMore), so a card with a
long history opens as fast as a new one and still shows every entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pos_loyalty.services import cards, ledger
from pos_loyalty.store.database import transaction
from pos_loyalty.ui.card_detail import CardDetail

pytestmark = pytest.mark.gui


def long_history(number: str, entries: int) -> None:
    start = dt.datetime(2026, 1, 1, 8)
    with transaction():
        card = cards.get_card(number)
        ledger.write(card, [ledger.NewEntry(1 + i % 7, "adjust", f"page:{i}", start + dt.timedelta(minutes=i), note=f"entry {i}")
                            for i in range(entries)])


def test_the_history_opens_on_its_first_page_and_scrolls_to_the_end(qtbot, store: Path, card: str) -> None:  # type: ignore[no-untyped-def]
    long_history(card, cards.HISTORY_PAGE * 2 + 50)
    detail = CardDetail()
    qtbot.addWidget(detail)
    detail.resize(1024, 700)
    detail.show()
    detail.show_card(card)
    model = detail.history_model
    assert model.rowCount() == cards.HISTORY_PAGE  # only the newest page was read
    assert model.data(model.index(0, 5)) == f"entry {cards.HISTORY_PAGE * 2 + 49}"
    while model.canFetchMore():
        detail.history.scrollToBottom()
        model.fetchMore()
    assert model.rowCount() == cards.HISTORY_PAGE * 2 + 50
    notes = [model.data(model.index(row, 5)) for row in range(model.rowCount())]
    assert notes == [f"entry {i}" for i in reversed(range(cards.HISTORY_PAGE * 2 + 50))]  # every entry once, newest first


def test_filling_a_table_keeps_each_sections_resize_mode(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The checkout's rewards list is filled in one layout pass; its columns and rows size to
    their contents afterwards exactly as before."""
    from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

    from pos_loyalty.ui.table_fill import filling

    table = QTableWidget(2, 3)
    qtbot.addWidget(table)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    with filling(table):
        table.setRowCount(5)
        for row in range(5):
            for column in range(3):
                table.setItem(row, column, QTableWidgetItem("x" * (row + 1) * 10))
    modes = [table.horizontalHeader().sectionResizeMode(i) for i in range(3)]
    assert modes == [QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents]
    assert {table.verticalHeader().sectionResizeMode(i) for i in range(5)} == {QHeaderView.ResizeMode.ResizeToContents}
    assert table.columnWidth(0) > table.fontMetrics().horizontalAdvance("x" * 40)  # sized to the widest cell
