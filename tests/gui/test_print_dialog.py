"""The print dialog, driven offscreen: preview, save, cancel, reprint layout and printing.

Every modal (QFileDialog, QPrintDialog) is patched so nothing blocks. QtPdf comes with the
PySide6 package, a dependency of the app: these tests never skip.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from pos_loyalty.services import cards, printing, settings
from pos_loyalty.ui import print_dialog
from pos_loyalty.ui.print_dialog import PrintDialog

from ..conftest import ensure_manager

from ..printing.test_cards_pdf import A4, CR80, assert_page_size, assert_scans_back, needs_tools, page_sizes

pytestmark = pytest.mark.gui
WAIT_MS = 15_000


def kinds(numbers: list[str]) -> list[str]:
    return ["EAN13" if len(n) == 13 else "CODE128" for n in numbers]


@pytest.fixture
def open_dialog(qtbot):
    def make(**kwargs) -> PrintDialog:
        dialog = PrintDialog(**kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()  # shortcuts (Ctrl+S, Ctrl+P, Esc) go to the active window
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog
    return make


def render(qtbot, dialog: PrintDialog) -> None:
    qtbot.mouseClick(dialog.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.document.pageCount() > 0, timeout=WAIT_MS)


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def fake(parent, caption, directory, filter_):
        asked.append(directory)
        return str(path), filter_
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


@needs_tools
def test_batch_preview_shows_pages_and_saves_a_pdf_that_scans_back(store, tmp_path, qtbot, open_dialog, monkeypatch):
    settings.set_value("store_name", "Corner Café", manager_pin=ensure_manager())
    # prefix "29": python-barcode 0.16.1 drops a leading "99" from Code128 (its issue #251)
    cards.bulk_create(25, "Spring 2026", prefix="29")
    numbers = cards.batch_numbers("Spring 2026")
    dialog = open_dialog(batch="Spring 2026")
    assert dialog.windowTitle() == "Print batch Spring 2026 (25 cards)"
    assert dialog.layout_name == "a4"

    render(qtbot, dialog)
    assert dialog.progress.value() == dialog.progress.maximum() == 25
    assert dialog.document.pageCount() == 3
    assert dialog.page_label.text() == "of 3"
    dialog.page_selector.setCurrentPage(2)
    qtbot.waitUntil(lambda: dialog.view.pageNavigator().currentPage() == 2, timeout=WAIT_MS)
    assert dialog.error_label.isHidden()
    dialog.grab().save(str(tmp_path / "dialog.png"))

    out = tmp_path / "saved" / "spring.pdf"
    out.parent.mkdir()
    asked = save_to(monkeypatch, out)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert asked and asked[0].endswith("cards-Spring-2026.pdf")
    assert out.is_file()
    assert_page_size(page_sizes(out), A4, 3)
    assert_scans_back(out, tmp_path, "a4", numbers, kinds(numbers))


def test_the_preview_renders_on_opening_and_on_a_new_layout(store, tmp_path, qtbot, open_dialog):
    cards.bulk_create(3, "Window")
    dialog = open_dialog(batch="Window")
    # Rendering started by itself, in the background (three cards may be done already).
    assert dialog.is_busy() or dialog.document.pageCount() > 0, "rendering started by itself, in the background"
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.document.pageCount() > 0, timeout=WAIT_MS)
    assert dialog.status_label.text() == "3 cards on 1 page"
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("card"))
    assert dialog.document.pageCount() == 0 and dialog.is_busy(), "the old layout's preview is gone; the new one renders"
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.document.pageCount() > 0, timeout=WAIT_MS)
    assert dialog.document.pageCount() == 3 and dialog.status_label.text() == "3 cards on 3 pages"


def test_save_pressed_while_the_preview_renders_saves_it_once_ready(store, tmp_path, qtbot, open_dialog, monkeypatch):
    cards.bulk_create(3, "Window")
    real, gate = printing.print_cards, threading.Event()

    def held(out, **kwargs):
        """The real service, held until Save has been pressed (a render is never over by chance)."""
        assert gate.wait(WAIT_MS / 1000)
        return real(out, **kwargs)
    monkeypatch.setattr(printing, "print_cards", held)
    dialog = open_dialog(batch="Window")
    out = tmp_path / "window"  # the dialog adds .pdf
    save_to(monkeypatch, out)
    assert dialog.is_busy()
    dialog.save_as_pdf()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.is_busy() and (tmp_path / "window.pdf").is_file(), timeout=WAIT_MS)
    assert dialog.error_label.isHidden() and dialog.document.pageCount() == 1


def test_cancel_during_a_big_render_leaves_no_file_and_the_dialog_ready(store, tmp_path, qtbot, open_dialog, monkeypatch):
    cards.bulk_create(3000, "Big")
    real = printing.print_cards
    gate = threading.Event()
    outputs: list[Path] = []

    def held(out, **kwargs):
        """The real service, held at card 150 until the test has pressed Cancel."""
        outputs.append(Path(out))
        should_cancel, calls = kwargs.pop("should_cancel"), [0]

        def check() -> bool:
            calls[0] += 1
            if calls[0] == 150:
                assert gate.wait(WAIT_MS / 1000)
            return should_cancel()
        return real(out, should_cancel=check, **kwargs)
    monkeypatch.setattr(printing, "print_cards", held)

    dialog = open_dialog(batch="Big")
    assert dialog.windowTitle() == "Print batch Big (3,000 cards)"
    qtbot.mouseClick(dialog.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 100, timeout=WAIT_MS)  # progress while working
    assert dialog.is_busy() and not dialog.render_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT_MS)

    assert dialog.status_label.text() == "Cancelled" and dialog.error_label.isHidden()
    assert dialog.render_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.document.pageCount() == 0
    assert outputs and not any(p.exists() for p in outputs)
    assert not list(outputs[0].parent.iterdir())  # no temp file left either


def test_a_single_card_reprint_defaults_to_the_card_layout(store, card, qtbot, open_dialog):
    dialog = open_dialog(numbers=[card])
    assert dialog.windowTitle() == f"Reprint card {card}"
    assert dialog.layout_name == "card"
    render(qtbot, dialog)
    assert dialog.document.pageCount() == 1
    size = dialog.document.pagePointSize(0)
    assert (size.width(), size.height()) == pytest.approx(CR80, abs=0.5)


def test_an_unknown_batch_is_shown_in_red_and_disables_printing(store, qtbot, open_dialog):
    dialog = open_dialog(batch="Nope")
    assert not dialog.error_label.isHidden()
    assert "no batch called 'Nope'" in dialog.error_label.text()
    assert not any(b.isEnabled() for b in (dialog.render_button, dialog.save_button, dialog.print_button))


def test_a_failed_save_is_shown_in_red(store, tmp_path, qtbot, open_dialog, monkeypatch):
    cards.bulk_create(2, "Window")
    dialog = open_dialog(batch="Window")
    save_to(monkeypatch, tmp_path / "missing" / "x.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT_MS)
    assert "does not exist" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert dialog.render_button.isEnabled()


@needs_tools
@pytest.mark.parametrize("batch_size, layout, pages, page_size", [(12, "a4", 2, A4), (2, "card", 2, CR80)])
def test_print_paints_every_page_on_the_printer(store, tmp_path, qtbot, open_dialog, monkeypatch,
                                                 batch_size, layout, pages, page_size):
    cards.bulk_create(batch_size, "Window", prefix="29")  # see python-barcode's issue #251 above
    numbers = cards.batch_numbers("Window")
    dialog = open_dialog(batch="Window")
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData(layout))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog.printer = printer
    asked: list[int] = []

    def accept(self) -> int:
        asked.append(1)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(print_dialog.QPrintDialog, "exec", accept)

    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P: renders, then prints
    qtbot.waitUntil(lambda: bool(asked) and not dialog.is_busy(), timeout=WAIT_MS)
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    assert printed.is_file()
    assert_page_size(page_sizes(printed), page_size, pages)
    assert dialog.status_label.text().startswith(f"Sent {pages} pages")
    assert_scans_back(printed, tmp_path, layout, numbers, kinds(numbers))  # rasterised at 300 dpi, still scans


def test_esc_closes_and_removes_the_preview(store, qtbot, open_dialog):
    cards.bulk_create(2, "Window")
    dialog = open_dialog(batch="Window")
    render(qtbot, dialog)
    temp = dialog._temp
    assert list(temp.glob("*.pdf"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert not temp.exists()


# -- opened from the screens -------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, tuple[str, ...], str]]:
    """Records each print dialog the screens open (what it will print, its layout) instead of blocking."""
    seen: list[tuple[str | None, tuple[str, ...], str]] = []

    def fake_exec(dialog: PrintDialog) -> int:
        seen.append((dialog._batch, dialog._numbers, dialog.layout_name))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PrintDialog, "exec", fake_exec)
    return seen


def test_the_bulk_screen_prints_the_batch_it_just_made(store, qtbot, opened):
    from pos_loyalty.ui.bulk_screen import BulkCreateScreen

    from .test_manager_screens import show_active

    screen = BulkCreateScreen()
    show_active(qtbot, screen)
    assert not screen.print_button.isEnabled(), "nothing to print before a batch exists"
    screen.count.setValue(12)
    qtbot.keyClicks(screen.batch, "Window flyers")
    with qtbot.waitSignal(screen.batch_created, timeout=WAIT_MS):
        qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.selected_batch() == "Window flyers" and screen.print_button.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert opened == [("Window flyers", (), "a4")]


def test_the_card_detail_reprints_one_card_on_the_card_layout(store, card, qtbot, opened):
    from pos_loyalty.ui.card_detail import CardDetail

    from .test_manager_screens import show_active

    detail = CardDetail()
    show_active(qtbot, detail)
    detail.show_card(card)
    qtbot.keyClick(detail, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert opened == [(None, (card,), "card")]
    replacement = cards.replace(card, manager_pin=ensure_manager())
    detail.show_card(card)
    assert not detail.print_button.isEnabled(), "a replaced card is never printed again"
    detail.show_card(replacement.number)
    assert detail.print_button.isEnabled()
