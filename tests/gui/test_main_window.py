"""The main window: screens on Ctrl+1…7, built on first use; size and last screen remembered;
the app starts on any database named by --db."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.__main__ import wants_gui
from pos_loyalty.ui.main_window import MainWindow, window_settings

from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


def test_screens_switch_with_ctrl_digits_and_are_built_on_first_use(qtbot, store):
    window = MainWindow()
    show_active(qtbot, window)
    assert window.current_key() == "checkout" and set(window.built) == {"checkout"}
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "cards" and window.stack.currentWidget() is window.built["cards"]
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "rules" and "Corner Café Rewards" in window.status_rules.text()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    checkout = window.built["checkout"]
    assert window.stack.currentWidget() is checkout and checkout.scan.hasFocus(), "back on the till, ready to scan"
    assert window.status_db.text().endswith("loyalty.db")


def test_the_window_remembers_its_size_and_last_screen(qtbot, store):
    window = MainWindow()
    show_active(qtbot, window)
    window.resize(1100, 700)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    window.close()
    assert window_settings().value("window/screen") == "settings"

    again = MainWindow()
    qtbot.addWidget(again)
    # The offscreen screen is 800 px wide, so only the height comes back exactly.
    assert again.current_key() == "settings" and again.height() == 700
    assert set(again.built) == {"settings"}, "only the remembered screen is built at start"


@pytest.mark.parametrize(("args", "gui"), [([], True), (["--db", "x.db"], True), (["--db=x.db"], True), (["--gui"], True),
                                           (["--db", "x.db", "cards", "show", "1"], False), (["--help"], False), (["rules", "show"], False)])
def test_arguments_without_a_command_open_the_app(args, gui):
    assert wants_gui(args) is gui


def test_f1_lists_every_shortcut_of_every_screen_in_aligned_columns(qtbot, store):
    """Every QShortcut / QAction key the window and each screen define is in the F1 table, under
    that screen — a new shortcut without a line in the list fails here."""
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    window = MainWindow()
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.findChild(type(window.built["checkout"].lines_table))
    assert table.columnCount() == 3, "where · keys · what: one column each, so they line up"
    listed = window.shortcut_rows()
    assert table.rowCount() == len(listed)
    shown = [(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    assert shown == [(where, what) for where, _keys, what in listed]
    assert table.item(0, 1).text() == "Ctrl+1"

    def keys_under(where: str) -> set[str]:
        return {key for w, keys, _what in window.shortcut_rows() if w == where for key in keys}

    def defined(widget) -> set[str]:  # type: ignore[no-untyped-def]
        keys = {s.key().toString(QKeySequence.SequenceFormat.PortableText) for s in widget.findChildren(QShortcut)}
        keys |= {a.shortcut().toString(QKeySequence.SequenceFormat.PortableText) for a in widget.findChildren(QAction) if not a.shortcut().isEmpty()}
        return keys

    everywhere = {s.key().toString() for s in window.findChildren(QShortcut) if s.parent() is window}
    assert everywhere <= keys_under("Everywhere")
    for screen in window.screens:
        missing = defined(window.screen(screen.key)) - keys_under(screen.title)
        assert not missing, f"F1 does not list {sorted(missing)} of the {screen.title} screen"
    dialog.close()
