"""The card detail's manager actions for a customer's own data: export it on request, and forget
the customer — confirmed by typing their name, then the manager's PIN (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pos_loyalty.services import cards
from pos_loyalty.store.models import AuditLog, Customer
from pos_loyalty.ui.card_detail import CardDetail
from pos_loyalty.ui.forget_dialog import ForgetDialog

from ..conftest import MANAGER_PIN
from ..test_privacy import dump_all
from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui


@pytest.fixture
def detail(qtbot, card, manager):  # type: ignore[no-untyped-def]
    widget = CardDetail(user="Maya")
    show_active(qtbot, widget)
    widget.show_card(card)
    return widget


def test_export_customer_data_saves_the_file_with_a_managers_pin(qtbot, monkeypatch, detail, card, tmp_path: Path) -> None:
    target = tmp_path / "ann.json"
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda _p, _t, suggested, _f: (asked.append(suggested), (str(target), ""))[1]))
    PinPad(monkeypatch, qtbot)  # the manager does not come: nothing is written
    detail.data_action.trigger()
    assert not target.exists() and not AuditLog.select().where(AuditLog.action == "customers.access").exists()
    pad = PinPad(monkeypatch, qtbot, MANAGER_PIN)
    detail.data_action.trigger()
    assert pad.calls == 1 and asked[-1].endswith("customer-1.json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["customer"]["name"], data["cards"][0]["number"]) == ("Ann Smith", card)
    assert "saved to" in detail.message.text() and str(target) in detail.message.text()


def drive_forget(monkeypatch: pytest.MonkeyPatch, qtbot, reason: str, typed: list[str]) -> list[ForgetDialog]:  # type: ignore[no-untyped-def]
    """ForgetDialog.exec types the reason and each confirmation in turn, clicking Forget after each."""
    opened: list[ForgetDialog] = []

    def fake_exec(dialog: ForgetDialog) -> int:
        opened.append(dialog)
        qtbot.keyClicks(dialog.reason, reason)
        for text in typed:
            dialog.confirm.clear()
            qtbot.keyClicks(dialog.confirm, text)
            dialog.enabled_after = getattr(dialog, "enabled_after", []) + [dialog.forget_button.isEnabled()]
            if dialog.forget_button.isEnabled():
                qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ForgetDialog, "exec", fake_exec)
    return opened


def test_forget_needs_the_name_typed_and_a_managers_pin_then_the_detail_is_anonymous(qtbot, monkeypatch, detail, card, store) -> None:
    before = dump_all(store)
    pad = PinPad(monkeypatch, qtbot)  # the name right, but no manager: nothing changes
    opened = drive_forget(monkeypatch, qtbot, "asked at the till", ["Ann Smyth", "ann  smith"])
    detail.forget_action.trigger()
    assert opened[0].enabled_after == [False, True] and pad.calls == 1
    assert dump_all(store) == before and Customer.get().forgotten_at is None
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    drive_forget(monkeypatch, qtbot, "asked at the till", ["Ann Smith"])
    detail.forget_action.trigger()
    row = Customer.get()
    assert row.forgotten_at is not None and row.name == "Forgotten customer #1" and row.phone is None and row.email is None
    assert detail.values["customer"].text() == "Forgotten customer #1" and detail.values["email"].text() == "—"
    assert cards.get_card(card).status == "suspended" and "now Forgotten customer #1" in detail.message.text()
    assert not detail.forget_action.isEnabled() and not detail.edit_button.isEnabled() and detail.data_action.isEnabled()
    logged = AuditLog.select().where(AuditLog.action == "customer.forget").get()
    assert (logged.user, logged.reason) == ("Maya", "asked at the till")


def test_forget_without_a_reason_says_so_beside_the_field(qtbot, monkeypatch, detail, card) -> None:
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    opened = drive_forget(monkeypatch, qtbot, "", ["Ann Smith"])
    detail.forget_action.trigger()
    assert "reason is required" in opened[0].reason_error.text() and not opened[0].reason_error.isHidden()
    assert Customer.get().forgotten_at is None and cards.get_card(card).status == "active"
