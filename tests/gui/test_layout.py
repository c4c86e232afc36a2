"""Every screen at till sizes: in the main window at 1024×768 and 1280×800 the widgets a cashier
or manager needs are on screen — inside the window, not zero-size, not clipped by a parent —
the order lines show 8 rows or more, and figures (card numbers, amounts, points, dates) are
never cut: their columns are at least as wide as their text.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from pos_loyalty.services import adjustments, checkout
from pos_loyalty.ui.app import apply_style
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import MANAGER_PIN, make_order
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui

SIZES = [(1024, 768), (1280, 800)]
CELL_PADDING = 6  # a cell's text needs this much more than its advance to be drawn whole


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` a person can see: its rect in window coordinates, cut by every
    parent on the way up (a scroll area's viewport, a group box, the window itself)."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def assert_fully_visible(window: QWidget, **widgets: QWidget) -> None:
    for name, widget in widgets.items():
        assert widget.isVisible(), f"{name} is hidden"
        assert widget.width() > 0 and widget.height() > 0, f"{name} has no size"
        whole = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert visible_rect(widget, window) == whole, f"{name} is cut: {whole} shows only {visible_rect(widget, window)} of {window.size()}"


def assert_figures_fit(view: QAbstractItemView, columns: list[int]) -> None:
    """Each listed column is wider than the text of every row it holds (no "5099546879…")."""
    model = view.model()
    metrics = view.fontMetrics()
    for column in columns:
        if view.isColumnHidden(column):  # type: ignore[attr-defined]
            continue
        for row in range(model.rowCount()):
            text = str(model.data(model.index(row, column)) or "")
            needed = metrics.horizontalAdvance(text) + CELL_PADDING
            assert view.columnWidth(column) >= needed, f"column {column} row {row}: {text!r} needs {needed} px, has {view.columnWidth(column)}"  # type: ignore[attr-defined]


@pytest.fixture
def styled(qapp):  # type: ignore[no-untyped-def]
    """The app's own font and style sheet, as a till shows them (larger type than Qt's default)."""
    font, sheet = qapp.font(), qapp.styleSheet()
    apply_style(qapp)
    yield qapp
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def window(qtbot, styled, store, manager, card):  # type: ignore[no-untyped-def]
    checkout.commit(make_order("LAYOUT-1", card, [("COFFEE", 2, "2.80"), ("BEANS@beans", 1, "14.50")]), when=dt.datetime(2026, 11, 2, 9, 30))
    adjustments.adjust(card, 50, "goodwill: the coffee machine was broken for a week and she came back anyway", MANAGER_PIN)
    widget = MainWindow(user="Sam")
    show_active(qtbot, widget)
    return widget


def settle(window: QWidget, size: tuple[int, int]) -> None:
    window.resize(*size)
    for _ in range(3):
        QApplication.processEvents()
    assert (window.width(), window.height()) == size, f"the window cannot shrink to {size}: its screens need {window.minimumSizeHint()}"


def fill_sale(screen, card: str, lines: int = 10) -> None:  # type: ignore[no-untyped-def]
    screen.scan.setText(card)
    screen.scan_entered()
    for n in range(lines):
        screen.sku.setText(f"SKU-{n}")
        screen.item_name.setText(f"A product with a rather long name number {n}")
        screen.collection.setText("drinks")
        screen.quantity.setValue(12)
        screen.price.setText("1234.50")
        screen.add_line()


@pytest.mark.parametrize("size", SIZES)
def test_the_checkout_fits_a_till_screen_with_eight_lines_or_more(qtbot, window, card, size):
    screen = window.go_to("checkout")
    fill_sale(screen, card)
    settle(window, size)
    assert_fully_visible(window, scan=screen.scan, lines=screen.lines_table, rewards=screen.rewards, balance=screen.balance,
                         earns=screen.points_earned, total=screen.total, commit=screen.commit_button, sku=screen.sku, price=screen.price,
                         add=screen.add_button, discount=screen.discount)
    table = screen.lines_table
    assert table.viewport().height() >= 8 * table.rowHeight(0), f"only {table.viewport().height() / table.rowHeight(0):.1f} rows show"
    assert_figures_fit(table, [0, 2, 3, 4, 5])
    for edit in (screen.sku, screen.collection, screen.price):  # the placeholder is the field's label
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 8


@pytest.mark.parametrize("size", SIZES)
def test_an_inline_error_never_pushes_the_commit_button_off_screen(qtbot, window, card, size):
    screen = window.go_to("checkout")
    fill_sale(screen, card)
    screen.price.setText("not a price")
    screen.add_line()
    screen.show_message("Order 1 committed: €5.60. " * 6)
    screen.commit_error.setText("The database is busy — press F12 to try again. " * 4)
    screen.commit_error.show()
    settle(window, size)
    assert screen.line_error.isVisible()
    assert_fully_visible(window, commit=screen.commit_button, error=screen.commit_error, total=screen.total, lines=screen.lines_table)


@pytest.mark.parametrize("size", SIZES)
def test_the_cards_list_and_history_show_whole_numbers(qtbot, window, card, size):
    screen = window.go_to("cards")
    screen.search.setText("Ann")
    screen.apply_filter()
    screen.select_card(card)
    settle(window, size)
    detail = screen.detail
    assert_fully_visible(window, search=screen.search, table=screen.table, title=detail.title, history=detail.history,
                         adjust=detail.adjust_button, replace=detail.replace_button, reprint=detail.print_button)
    assert_figures_fit(screen.table, [0, 1, 2, 4])  # number, status, balance, phone
    assert_figures_fit(detail.history, [0, 1, 2, 3, 4, 6])  # when, card, what, points, order, by (the note may be elided)
    assert detail.history_model.rowCount() >= 2


@pytest.mark.parametrize("size", SIZES)
def test_every_other_screen_fits(qtbot, window, size):
    settle(window, size)
    enrol = window.go_to("enrol")
    assert_fully_visible(window, name=enrol.name, phone=enrol.phone, email=enrol.email, card=enrol.card_number, enrol=enrol.enrol_button)
    refund = window.go_to("refund")
    refund.order_field.setText("LAYOUT-1")
    refund.search()
    refund.all_mode.setChecked(True)
    settle(window, size)
    assert_fully_visible(window, order=refund.order_field, find=refund.find_button, lines=refund.lines_table, confirm=refund.confirm_button,
                         quantity=refund.spin_for(0))
    assert_figures_fit(refund.lines_table, [0, 1, 3, 4, 5])  # position, SKU, qty, price, total
    bulk = window.go_to("bulk")
    assert_fully_visible(window, count=bulk.count, prefix=bulk.prefix, batch=bulk.batch, create=bulk.create_button, batches=bulk.batches)
    rules = window.go_to("rules")
    assert_fully_visible(window, title=rules.title, import_button=rules.import_button, description=rules.description)
    settings = window.go_to("settings")
    assert_fully_visible(window, store_name=settings.store_name, save=settings.save_store_button)
    assert window.go_to("checkout").commit_button.isVisibleTo(window)


@pytest.mark.parametrize("size", SIZES)
def test_the_reports_screen_shows_its_figures_chart_and_table_whole(qtbot, window, size):
    window.set_user("Maya")  # managers read the reports
    screen = window.go_to("reports")
    qtbot.waitUntil(lambda: screen.report is not None and not screen.is_busy(), timeout=20_000)
    settle(window, size)
    page = screen.current_page()
    assert page is not None and page.chart_view is not None
    assert_fully_visible(window, picker=screen.picker, start=screen.start, end=screen.end, preset=screen.preset, grain=screen.grain,
                         show=screen.show_button, export=screen.export_button, save_chart=screen.chart_button, chart=page.chart_view,
                         table=page.view, **{f"figure {key}": label for key, label in screen.figure_labels.items()})
    assert page.chart_view.height() >= 200, "the chart reads at a glance"
    assert_figures_fit(page.view, list(range(page.model.columnCount())))
