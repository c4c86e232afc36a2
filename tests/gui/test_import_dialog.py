"""Importing a programme from the bulk-create screen: a manager's PIN, the file checked first
with its bad rows listed, then Import (in a pool thread, with progress and Cancel)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from pos_loyalty.services import cards, programme_import
from pos_loyalty.store.models import Customer, LedgerEntry
from pos_loyalty.ui.bulk_screen import BulkCreateScreen
from pos_loyalty.ui.import_dialog import ImportDialog
from tests.conftest import MANAGER_PIN

from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui

HEADER = "name,phone,email,marketing_opt_in,birthday,card,points,expires\n"


def table(dialog: ImportDialog) -> list[tuple[str, ...]]:
    t = dialog.bad_rows
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]


def test_the_dry_run_lists_bad_rows_then_the_fixed_file_imports(qtbot, store, manager, tmp_path: Path) -> None:
    path = tmp_path / "old-programme.csv"
    path.write_text(HEADER + "Ann Smith,,ann@example.com,yes,,OLD-1001,150,\nBob,,not-mail,,,OLD-1002,5,\n", encoding="utf-8")
    dialog = ImportDialog(path, manager, "Maya")
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    assert table(dialog) == [("3", "email", "'not-mail' is not an email address")]
    assert "1 bad row" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert Customer.select().count() == 0

    path.write_text(HEADER + "Ann Smith,,ann@example.com,yes,,OLD-1001,150,\nBob,,bob@example.com,,,OLD-1002,5,\n", encoding="utf-8")
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    assert dialog.bad_rows.isHidden() and "2 new customers, 2 cards and 155 points" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and Customer.select().count() == 0  # checked, not yet imported
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    assert dialog.summary.text().startswith("Imported 2 new customers") and dialog.progress.value() == dialog.progress.maximum()
    assert cards.lookup("OLD-1001").balance == 150 and not dialog.import_button.isEnabled()
    dialog.close()


def test_cancel_during_the_import_leaves_nothing(qtbot, store, manager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.csv"
    path.write_text(HEADER + "".join(f"P {i},,p{i}@example.com,,,OLD-{i:04d},10,\n" for i in range(30)), encoding="utf-8")
    clicked = threading.Event()
    publish = programme_import._publish  # held until Cancel is clicked: the cancel comes inside the write transaction
    monkeypatch.setattr(programme_import, "_publish", lambda *a, **k: (clicked.wait(10), publish(*a, **k))[1])
    dialog = ImportDialog(path, manager, "Maya")
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    dialog.import_button.click()
    assert dialog.is_busy() and dialog.cancel_button.isEnabled() and not dialog.close_button.isEnabled()
    dialog.cancel_button.click()
    clicked.set()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    assert dialog.summary.text() == "Cancelled: nothing was imported."
    assert Customer.select().count() == 0 and LedgerEntry.select().count() == 0
    dialog.close()


def test_the_bulk_screen_asks_for_a_file_and_a_managers_pin(qtbot, store, manager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "programme.csv"
    path.write_text(HEADER + "Ann Smith,,ann@example.com,,,OLD-2001,1,\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    pad = PinPad(monkeypatch, qtbot, "000000", MANAGER_PIN)
    opened: list[ImportDialog] = []

    def run(dialog: ImportDialog) -> int:
        opened.append(dialog)
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
        return 0
    monkeypatch.setattr(ImportDialog, "exec", run)
    screen = BulkCreateScreen(user="Maya")
    show_active(qtbot, screen)
    assert "Ctrl+I" in screen.import_button.toolTip()
    screen.import_button.click()
    assert pad.calls == 2 and "not correct" in pad.errors_seen[1]  # a wrong PIN first, then Maya's
    assert [d.path for d in opened] == [path] and opened[0].user == "Maya"
    assert cards.lookup("OLD2001").customer_name == "Ann Smith"
    assert any(screen.batches.item(r, 0).text().startswith("import ") for r in range(screen.batches.rowCount()))


def test_a_card_imported_with_its_old_number_is_scanned_at_the_checkout(qtbot, store, manager, card, tmp_path: Path) -> None:
    from pos_loyalty.ui.checkout_screen import CheckoutScreen

    from .test_checkout_screen import scan

    path = tmp_path / "old.csv"
    path.write_text(HEADER + "Old Customer,,old@example.com,,,AB-77-12,300,\nDigits Only,,digits@example.com,,,1234 5678,20,\n", encoding="utf-8")
    programme_import.import_file(path, manager_pin=manager)
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    for scanned, name, balance in (("ab7712", "Old Customer", "300 points"), ("1234-5678", "Digits Only", "20 points")):
        scan(qtbot, screen, scanned)
        assert (screen.customer_name.text(), screen.balance.text()) == (name, balance)
        assert screen.scan_error.isHidden()
    scan(qtbot, screen, card[:-1] + str((int(card[-1]) + 1) % 10))  # a typo of one of ours: refused as before
    assert "check digit" in screen.scan_error.text()
