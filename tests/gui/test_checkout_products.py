"""Products at the checkout: a scanned barcode adds its line (a repeat scan adds one), a card
still opens the card, a mistyped card still says so, an unknown barcode offers a manual line,
and a SKU or name typed in the line entry offers the catalogue's matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_loyalty.services import catalogue
from pos_loyalty.ui.checkout_screen import CheckoutScreen

from ..conftest import MANAGER_PIN, ensure_manager
from ..test_catalogue import CLEAN, write
from .test_checkout_screen import scan, screen, type_line  # noqa: F401 - the fixture

pytestmark = pytest.mark.gui


@pytest.fixture
def products(store: Path, tmp_path: Path) -> None:
    ensure_manager()
    catalogue.import_file(write(tmp_path, CLEAN), manager_pin=MANAGER_PIN)


def lines(screen: CheckoutScreen) -> list[tuple[str, str, str, int, str]]:
    return [(l["sku"], l["name"], l["collection"] or "", l["quantity"], l["unit_price"]) for l in screen.lines]


def test_a_scanned_product_adds_its_line_and_a_repeat_scan_adds_one(qtbot, screen, products, card):  # noqa: F811
    scan(qtbot, screen, "4006381333931")
    assert lines(screen) == [("CAKE-01", "Chocolate cake", "Bakery", 1, "3.50")]
    assert screen.lines_table.item(0, 1).text() == "Chocolate cake" and screen.scan.text() == "" and screen.scan.hasFocus()
    scan(qtbot, screen, "2000000000015")  # the same product's other barcode
    scan(qtbot, screen, "2000000000022")
    assert lines(screen) == [("CAKE-01", "Chocolate cake", "Bakery", 2, "3.50"), ("CAKE-02", "Crème brûlée", "Bakery", 1, "4.20")]
    assert screen.total.text().endswith("11.20") or "11.20" in screen.total.text()
    scan(qtbot, screen, card)  # a card still opens the card; the order stays
    assert screen.card is not None and screen.card.number == card and len(screen.lines) == 2
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    scan(qtbot, screen, wrong)  # a mistyped card still gets the card's message, not a manual line
    assert "check digit" in screen.scan_error.text() and screen.manual_dialog is None


def test_an_unknown_barcode_offers_a_quick_manual_line(qtbot, screen, products):  # noqa: F811
    scan(qtbot, screen, "5012345678900")
    dialog = screen.manual_dialog
    assert dialog is not None and dialog.isVisible() and dialog.sku.text() == "5012345678900"
    qtbot.waitUntil(dialog.name.hasFocus)  # the cashier types the name at once
    qtbot.keyClicks(dialog.name, "Candle")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # no price yet: said in the dialog, nothing added
    assert "price" in dialog.error.text() and screen.lines == [] and dialog.isVisible()
    dialog.price.setFocus()
    qtbot.keyClicks(dialog.price, "6.5")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert lines(screen) == [("5012345678900", "Candle", "", 1, "6.5")]
    assert screen.manual_dialog is None
    qtbot.waitUntil(screen.scan.hasFocus)  # back in the scan field for the next item
    scan(qtbot, screen, "5012345678900")
    qtbot.keyClick(screen.manual_dialog, Qt.Key.Key_Escape)  # Esc: nothing added
    assert len(screen.lines) == 1 and screen.manual_dialog is None


def test_typing_a_name_offers_matches_and_enter_adds_the_chosen_one(qtbot, screen, products):  # noqa: F811
    qtbot.keyClick(screen, Qt.Key.Key_F3)
    qtbot.keyClicks(screen.sku, "cake")  # a SKU prefix, any case
    popup = screen.completers[screen.sku].popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 2
    screen.sku.clear()
    screen.item_name.setFocus()
    qtbot.keyClicks(screen.item_name, "creme")  # a name word, without its accent
    popup = screen.completers[screen.item_name].popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1 and "Crème brûlée" in popup.model().index(0, 0).data()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert lines(screen) == [("CAKE-02", "Crème brûlée", "Bakery", 1, "4.20")]
    assert screen.line_error.isHidden() and screen.sku.text() == "" and screen.item_name.text() == ""


def test_a_line_typed_by_hand_is_added_as_typed_while_matches_are_offered(qtbot, screen, products):  # noqa: F811
    type_line(qtbot, screen, "CAKE-9", 2, "2.00", name="Cake of the day")  # "CAKE" and "Cake" both have matches
    assert lines(screen) == [("CAKE-9", "Cake of the day", "", 2, "2.00")]
    assert screen.line_error.isHidden()
