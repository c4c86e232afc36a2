"""Points for actions on screen: F7 at the checkout opens the dialog of the store's actions,
Enter records a review (+50 points, the balance follows), a second review the same day is
refused with the reason shown; the card detail lists the customer's actions; the enrol
screen takes a birthday."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.services import activity, cards, customers
from pos_loyalty.store.models import Activity
from pos_loyalty.ui.activity_dialog import ActivityDialog
from pos_loyalty.ui.card_detail import CardDetail
from pos_loyalty.ui.checkout_screen import CheckoutScreen
from pos_loyalty.ui.enrol_screen import EnrolScreen

from ..db_compare import dump
from ..test_activity import activate, seed_004_bundle
from .test_checkout_screen import scan
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


@pytest.fixture
def seeded(store: Path, tmp_path: Path) -> Path:
    activate(tmp_path, seed_004_bundle())
    return store


@pytest.fixture
def ann(seeded: Path) -> str:
    _customer, card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123"), user="Sam")
    return card.number  # 100 sign-up points


def open_dialog(qtbot, number: str) -> ActivityDialog:  # type: ignore[no-untyped-def]
    dialog = ActivityDialog(number, "Ann Smith", cards.get_card(number).balance, user="Sam")
    show_active(qtbot, dialog)
    return dialog


def test_the_dialog_lists_the_till_actions_with_their_points(qtbot, ann):
    dialog = open_dialog(qtbot, ann)
    rows = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text()) for r in range(dialog.table.rowCount())]
    assert rows == [("Wrote a review", "50 points", "once a day"), ("Shared on social media", "100 points", "once a week"),
                    ("Brought a reusable cup", "5 points", "once a day")]  # no sign-up, no birthday: those are automatic
    assert dialog.balance.text() == "Balance: 100 points"


def test_enter_records_a_review_and_a_second_is_refused_with_the_reason(qtbot, ann, seeded):
    dialog = open_dialog(qtbot, ann)
    recorded: list[str] = []
    dialog.recorded.connect(recorded.append)
    dialog.select("review")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.message.text() == "Wrote a review: +50 points. New balance 150 points."
    assert dialog.balance.text() == "Balance: 150 points"
    assert recorded == [ann] and cards.get_card(ann).balance == 150
    dialog.close()

    again = open_dialog(qtbot, ann)  # the cashier tries again later that day
    again.select("review")
    before = dump(seeded)
    qtbot.keyClick(again.table, Qt.Key.Key_Return)
    assert again.error.isVisible() and again.error.text() == "review already rewarded today"
    assert again.message.isHidden()
    assert dump(seeded) == before


def test_a_double_enter_gives_the_points_once(qtbot, ann):
    dialog = open_dialog(qtbot, ann)
    dialog.select("cup")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.message.text() == "Brought a reusable cup: already recorded — nothing changed."
    assert cards.get_card(ann).balance == 105
    assert Activity.select().where(Activity.action_id == "cup").count() == 1


def test_f7_at_the_checkout_opens_the_dialog_and_the_balance_follows(qtbot, ann, monkeypatch):
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    seen: list[ActivityDialog] = []

    def run(dialog: ActivityDialog) -> int:  # what the cashier does in the modal dialog
        seen.append(dialog)
        dialog.select("share")
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        return 0
    monkeypatch.setattr(ActivityDialog, "exec", run)
    qtbot.keyClick(screen, Qt.Key.Key_F7)
    assert not seen and "Scan the customer's card first" in screen.scan_error.text()  # no card yet
    scan(qtbot, screen, ann)
    assert screen.balance.text() == "100 points"
    qtbot.keyClick(screen, Qt.Key.Key_F7)
    assert len(seen) == 1 and seen[0].card_number == ann
    assert screen.balance.text() == "200 points"
    assert screen.scan.hasFocus()


def test_the_card_detail_lists_the_customers_actions(qtbot, ann):
    activity.record(ann, "review", user="Sam", note="on the map")
    detail = CardDetail(user="Maya")
    qtbot.addWidget(detail)
    detail.show_card(ann)
    panel = detail.activity_panel
    assert panel.title.text() == "Actions (2)"
    rows = [[panel.table.item(r, c).text() for c in range(1, 5)] for r in range(panel.table.rowCount())]
    assert sorted(rows) == sorted([["Wrote a review", "+50", "Sam", "on the map"], ["Created an account", "+100", "Sam", ""]])
    detail.show_card(None)
    assert panel.table.rowCount() == 0


def test_the_enrol_screen_takes_a_birthday_and_names_a_wrong_one(qtbot, seeded):
    screen = EnrolScreen(user="Sam")
    show_active(qtbot, screen)
    qtbot.keyClicks(screen.name, "Ann Smith")
    qtbot.keyClicks(screen.phone, "+44 7700 900123")
    qtbot.keyClicks(screen.birthday, "02-30")
    qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.errors["birthday"].isVisible() and "not a real date" in screen.errors["birthday"].text()
    assert screen.birthday.hasFocus()
    screen.birthday.setText("1990-04-23")
    qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    number = screen.confirmation_number()
    assert number
    assert activity.birthday_of(cards.get_card(number).customer_id) == "04-23"
    assert cards.get_card(number).balance == 100
