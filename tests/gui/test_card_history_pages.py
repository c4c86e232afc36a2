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
