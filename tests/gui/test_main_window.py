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
