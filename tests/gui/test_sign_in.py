"""Signing in at the till, offscreen: the first manager on a new store, a cashier's PIN, wrong
PINs counted and shown, the idle lock handing the screens to whoever signs in next, and the
manager's user list (locked until …, unlock, deactivate, role)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pos_loyalty.services import auth, settings, users
from pos_loyalty.store.models import AuditLog
from pos_loyalty.ui.main_window import MainWindow
from pos_loyalty.ui.settings_screen import SettingsScreen
from pos_loyalty.ui.sign_in_dialog import SignInDialog

from ..conftest import MANAGER_PIN
from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui


def test_a_new_store_creates_its_first_manager_at_the_sign_in(qtbot, store):
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    assert dialog.first_manager and not dialog.new_name.isHidden() and dialog.name.isHidden()
    qtbot.keyClicks(dialog.new_name, "Maya")
    qtbot.keyClicks(dialog.pin_edit, "1234")  # too short for a manager
    qtbot.keyClicks(dialog.pin_again, "1234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "6 to 12" in dialog.error_text() and not users.managers_exist()
    assert dialog.pin_edit.echoMode() == dialog.pin_edit.EchoMode.Password
    qtbot.keyClicks(dialog.pin_edit, MANAGER_PIN)
    qtbot.keyClicks(dialog.pin_again, MANAGER_PIN)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.signed_in == "Maya"
    assert [(u.name, u.role) for u in users.list_users()] == [("Maya", "manager")]


def test_a_cashier_signs_in_with_their_own_pin_and_wrong_pins_are_counted(qtbot, manager):
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    dialog = SignInDialog()
    show_active(qtbot, dialog)  # as exec() shows it: Enter presses "Sign in"
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["Maya", "Sam"]
    dialog.name.setCurrentText("Sam")
    qtbot.keyClicks(dialog.pin_edit, "9999")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert "not correct" in dialog.error_text() and dialog.pin_edit.text() == ""
    assert AuditLog.get(AuditLog.action == "pin.failure").target == "Sam"
    qtbot.keyClicks(dialog.pin_edit, "1357")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert dialog.signed_in == "Sam" and dialog.result() == QDialog.DialogCode.Accepted


def test_the_idle_till_locks_and_whoever_signs_in_takes_over_the_screens(qtbot, monkeypatch, manager):
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    settings.set_value("idle_lock_minutes", "7", manager_pin=manager)
    window = MainWindow(user="Maya")
    show_active(qtbot, window)
    assert window.idle_timer.isActive() and window.idle_timer.interval() == 7 * 60_000
    refund = window.go_to("refund")
    assert refund.user == "Maya" and "Maya" in window.status_user.text()

    asked: list[bool] = []

    def sam_signs_in(dialog: SignInDialog) -> int:
        asked.append(True)
        dialog.name.setCurrentText("Sam")
        qtbot.keyClicks(dialog.pin_edit, "1357")
        dialog.try_sign_in()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sam_signs_in)
    window.idle_timer.setInterval(30)  # the store's minutes, shortened for the test
    window.idle_timer.start()
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert window.user == "Sam" and refund.user == "Sam" and window.screen("refund").user == "Sam"
    assert "Sam" in window.status_user.text()
    assert window.idle_timer.isActive() and window.idle_timer.interval() == 7 * 60_000  # counting again

    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.isVisible()  # nobody signed in: the till closes rather than stay open


def test_key_presses_keep_the_till_unlocked_and_it_locks_once_they_stop(qtbot, monkeypatch, manager):
    window = MainWindow(user="Maya")
    show_active(qtbot, window)
    locked: list[bool] = []
    monkeypatch.setattr(SignInDialog, "ask", classmethod(lambda cls, parent=None, locked_=False, **kw: locked.append(True) or "Maya"))
    window.idle_timer.start(400)
    for _ in range(8):  # 8 × 100 ms of typing: twice the idle time, never idle for long
        qtbot.wait(100)
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Shift)
    assert locked == []
    qtbot.waitUntil(lambda: bool(locked), timeout=5_000)


def test_the_manager_sees_a_lockout_and_lifts_it_and_manages_users(qtbot, monkeypatch, manager):
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    now = dt.datetime.now()
    for minute in range(5):
        with pytest.raises(Exception):
            auth.sign_in("Sam", "0000", at=now - dt.timedelta(minutes=5 - minute))
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    rows = {screen.users_table.item(r, 0).text(): screen.users_table.item(r, 3).text() for r in range(screen.users_table.rowCount())}
    assert rows["Sam"].startswith("locked until ") and rows["Maya"] == ""
    assert screen.till_lock.isHidden()
    for minute in range(5):  # someone guesses the manager's PIN at this till
        with pytest.raises(Exception):
            auth.verify_manager(f"99999{minute}", at=now - dt.timedelta(minutes=5 - minute))
    screen.refresh()
    assert not screen.till_lock.isHidden() and "locked at this till until" in screen.till_lock.text()
    assert auth.sign_in("Maya", MANAGER_PIN).name == "Maya"  # the manager is here: the till opens again
    screen.refresh()
    assert screen.till_lock.isHidden()

    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)  # nobody selected
    assert "Select a user" in screen.users_error.text()
    screen.users_table.selectRow(1)
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert auth.locked_until("Sam") is None and screen.users_table.item(1, 3).text() == ""
    assert auth.sign_in("Sam", "1357").name == "Sam"

    screen.users_table.selectRow(1)
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    qtbot.mouseClick(screen.toggle_role_button, Qt.MouseButton.LeftButton)
    assert auth.find_user("Sam").role == "manager"
    screen.users_table.selectRow(0)
    PinPad(monkeypatch, qtbot, "1357")  # Sam, a manager now, deactivates Maya
    qtbot.mouseClick(screen.toggle_active_button, Qt.MouseButton.LeftButton)
    assert not auth.find_user("Maya").active
    screen.users_table.selectRow(1)
    PinPad(monkeypatch, qtbot, "1357")
    qtbot.mouseClick(screen.toggle_active_button, Qt.MouseButton.LeftButton)  # Sam is the last manager now
    assert "last active manager" in screen.users_error.text() and auth.find_user("Sam").active
    row = AuditLog.get(AuditLog.action == "user.deactivate")
    assert row.user == "Sam" and json.loads(row.details)["operator"] == "Maya"
