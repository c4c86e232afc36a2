"""The bulk-create screen offers the number length as well as the prefix, and lists batches by
what they are (name, count, digits, prefix, created at/by) — never as "numbers 29… to 29…",
which would suggest a sequence the random numbers are not."""

from __future__ import annotations

import re

import pytest

from pos_loyalty.domain import card_numbers
from pos_loyalty.services import cards, settings
from pos_loyalty.ui.bulk_screen import BulkCreateScreen

from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


def test_a_batch_of_a_chosen_length_and_prefix_is_listed_by_its_scheme(qtbot, store):
    screen = BulkCreateScreen(user="Maya")
    show_active(qtbot, screen)
    assert (screen.length.minimum(), screen.length.maximum()) == (card_numbers.MIN_LENGTH, card_numbers.MAX_LENGTH) == (6, 20)
    assert screen.length.value() == int(settings.get("card_length")), "the store's scheme is the default"

    screen.count.setValue(40)
    screen.length.setValue(16)
    screen.prefix.setText("29")
    screen.batch.setText("Long numbers")
    screen.start()
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=20_000)

    numbers = cards.batch_numbers("Long numbers")
    assert len(numbers) == 40 and all(len(n) == 16 and n.startswith("29") for n in numbers)
    status = screen.status.text()
    assert "40 cards" in status and "16-digit" in status and "29" in status
    assert not any(n in status for n in numbers) and " to " not in status, "no first/last number: they are not a sequence"
    headers = [screen.batches.horizontalHeaderItem(c).text() for c in range(screen.batches.columnCount())]
    assert headers == ["Batch", "Cards", "Digits", "Prefix", "Created", "By"]
    row = [screen.batches.item(0, c).text() for c in range(screen.batches.columnCount())]
    assert row[:4] == ["Long numbers", "40", "16", "29"] and row[5] == "Maya"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", row[4])


def test_a_length_the_prefix_does_not_fit_is_refused_with_the_field_named(qtbot, store):
    screen = BulkCreateScreen(user="Maya")
    show_active(qtbot, screen)
    screen.length.setValue(8)
    screen.prefix.setText("1234")
    screen.batch.setText("Too short")
    screen.start()
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=20_000)
    assert screen.errors["prefix"].isVisible() and "8-digit" in screen.errors["prefix"].text()
    assert cards.list_batches() == []


def test_the_selected_batch_exports_its_numbers_as_csv_with_ctrl_e(qtbot, store, tmp_path, monkeypatch):
    import csv

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    cards.bulk_create(12, "Summer 2027", user="Maya")
    screen = BulkCreateScreen(user="Maya")
    show_active(qtbot, screen)
    assert not screen.export_button.isEnabled()  # nothing selected yet
    screen.batches.selectRow(0)
    target = tmp_path / "summer.csv"
    asked: list[str] = []

    def save_as(parent, title, suggested, filters):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked and asked[0].endswith("Summer-2027.csv")
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["number"] for r in rows] == cards.batch_numbers("Summer 2027")
    assert "12 card numbers of batch Summer 2027 saved to" in screen.status.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "summer.txt"), "")))
    screen.export_batch()
    assert screen.general_error.isVisible() and "must end in .csv" in screen.general_error.text()
    assert not (tmp_path / "summer.txt").exists()
