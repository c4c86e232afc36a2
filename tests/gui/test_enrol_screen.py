"""The Enrol screen driven as a cashier would, keyboard first: a new customer with a new card or a
scanned pre-printed one; every refused input is shown under its field and changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_loyalty.services import cards, customers
from pos_loyalty.store.models import Card, Customer
from pos_loyalty.ui.enrol_screen import EnrolScreen

from ..db_compare import assert_same_as_cli, snapshot
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


@pytest.fixture
def screen(qtbot, store):  # type: ignore[no-untyped-def]
    widget = EnrolScreen(user="Sam")
    show_active(qtbot, widget)
    widget.focus_first()
    return widget


@pytest.fixture
def counter_cards(store) -> list[str]:  # type: ignore[no-untyped-def]
    """Three pre-printed, unassigned cards at the counter."""
    cards.bulk_create(3, "Counter")
    return cards.batch_numbers("Counter")


def counts() -> tuple[int, int, int]:
    return Customer.select().count(), Card.select().count(), Card.select().where(Card.status == "active").count()


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def fill(qtbot, screen: EnrolScreen, name: str = "", phone: str = "", email: str = "", number: str = "") -> None:  # type: ignore[no-untyped-def]
    for edit, text in ((screen.name, name), (screen.phone, phone), (screen.email, email), (screen.card_number, number)):
        if text:
            qtbot.keyClicks(edit, text)


def shown_error(screen: EnrolScreen, field: str) -> str:
    label = screen.errors[field]
    return label.text() if not label.isHidden() else ""


# -- success -------------------------------------------------------------------------------


def test_enrol_with_a_new_card(qtbot, screen):
    seen: list[str] = []
    screen.enrolled.connect(seen.append)
    fill(qtbot, screen, "  Bob   Jones ", "+44 (0)7700 900456", "Bob.Jones@Example.COM")
    qtbot.keyClick(screen.opt_in, Qt.Key.Key_Space)
    qtbot.keyClick(screen.email, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    (customer,) = Customer.select()
    assert (customer.name, customer.phone, customer.email, customer.marketing_opt_in) == ("Bob Jones", "+447700900456", "bob.jones@example.com", True)
    (card,) = Card.select()
    assert card.status == "active" and card.customer_id == customer.id and card.assigned_at is not None
    assert seen == [card.number]
    assert screen.confirmation_number() == card.number
    assert "Bob Jones" in screen.confirmation_text.text()
    assert screen.enrolled_number.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert [screen.name.text(), screen.phone.text(), screen.email.text(), screen.card_number.text()] == ["", "", "", ""]
    assert not screen.opt_in.isChecked() and screen.new_card.isChecked()
    assert screen.name.hasFocus(), "ready for the next customer"


def test_enrol_with_a_scanned_preprinted_card(qtbot, screen, counter_cards, store, tmp_path):
    before = snapshot(store, tmp_path / "before.db")
    number = counter_cards[1]
    seen: list[str] = []
    screen.enrolled.connect(seen.append)
    fill(qtbot, screen, "Cara Diaz", email="cara@example.com")
    screen.card_number.setFocus()
    qtbot.keyClicks(screen.card_number, number)  # the scanner types the number…
    assert screen.preprinted.isChecked(), "scanning a number chooses the pre-printed card"
    qtbot.waitUntil(lambda: not screen.card_status.isHidden())
    assert number in screen.card_status.text() and shown_error(screen, "card") == ""
    qtbot.keyClick(screen.card_number, Qt.Key.Key_Return)  # …and Enter

    assert Card.select().count() == 3, "no new card was created"
    customer = Customer.get(Customer.name == "Cara Diaz")
    card = cards.get_card(number)
    assert card.status == "active" and card.customer_id == customer.id
    assert [c.number for c in Card.select().where(Card.status == "unassigned")] == [counter_cards[0], counter_cards[2]]
    assert seen == [number] and screen.confirmation_number() == number
    assert screen.card_number.text() == "" and screen.name.hasFocus()
    assert_same_as_cli(before, store, "customers", "add", "--name", "Cara Diaz", "--email", "cara@example.com", "--card", number, user="Sam")


def test_a_card_scanned_at_the_checkout_is_ready_to_give(qtbot, screen, counter_cards):
    screen.use_card(counter_cards[0])
    assert screen.preprinted.isChecked() and screen.card_number.text() == counter_cards[0]
    assert not screen.card_status.isHidden() and screen.name.hasFocus()
    fill(qtbot, screen, "Dev Patel", "07700 900789")
    qtbot.keyClick(screen.phone, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert cards.get_card(counter_cards[0]).customer.name == "Dev Patel"


# -- refused input -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "phone", "email", "field", "words"), [
    ("", "07700 900456", "", "name", "name is required"),
    ("Bob Jones", "", "bob@nowhere", "email", "not an email address"),
    ("Bob Jones", "", "", "phone", "phone number or an email"),
    ("Bob Jones", "+44 7700 900123", "", "phone", "already belongs to Ann Smith"),
])
def test_bad_customer_details_change_nothing(qtbot, screen, card, name, phone, email, field, words):
    before = counts()
    fill(qtbot, screen, name, phone, email)
    qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    assert words in shown_error(screen, field)
    assert [f for f in ("name", "phone", "email", "card", "general") if shown_error(screen, f)] == [field]
    assert counts() == before
    widget = {"name": screen.name, "phone": screen.phone, "email": screen.email}[field]
    assert widget.hasFocus(), "the cursor goes to the field to fix"
    assert (screen.name.text(), screen.email.text()) == (name, email), "the form is kept for the fix"
    assert screen.confirmation_number() == ""


def test_a_mistyped_preprinted_number_is_caught(qtbot, screen, counter_cards):
    good = counter_cards[0]
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    before = counts()
    fill(qtbot, screen, "Bob Jones", "07700 900456", number=bad)
    qtbot.waitUntil(lambda: shown_error(screen, "card") != "")  # checked as it is typed
    assert "check digit" in shown_error(screen, "card") and screen.card_status.isHidden()
    qtbot.keyClick(screen.card_number, Qt.Key.Key_Return)
    assert "check digit" in shown_error(screen, "card") and screen.card_number.hasFocus()
    assert counts() == before


def test_a_card_already_given_cannot_be_given_again(qtbot, screen, counter_cards):
    customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123"), card_number=counter_cards[2])
    before = counts()
    fill(qtbot, screen, "Bob Jones", "07700 900456", number=counter_cards[2])
    qtbot.waitUntil(lambda: "already active" in shown_error(screen, "card"))
    qtbot.keyClick(screen.card_number, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "already active" in shown_error(screen, "card") and screen.card_number.hasFocus()
    assert counts() == before
    assert cards.get_card(counter_cards[2]).customer.name == "Ann Smith"


def test_preprinted_chosen_without_a_number_asks_for_the_scan(qtbot, screen):
    fill(qtbot, screen, "Bob Jones", "07700 900456")
    screen.preprinted.setChecked(True)
    qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    assert "scan the pre-printed card" in shown_error(screen, "card")
    assert counts() == (0, 0, 0)


# -- keyboard only -------------------------------------------------------------------------


def test_the_whole_flow_by_keyboard(qtbot, screen, counter_cards):
    assert "Ctrl+Return" in screen.enrol_button.toolTip()
    order = [screen.name, screen.phone, screen.email, screen.birthday, screen.opt_in, screen.new_card, screen.card_number, screen.enrol_button]
    visited = [focused()]
    for _ in order[1:]:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())
    assert visited == order

    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.name.hasFocus()
    qtbot.keyClicks(focused(), "Eve Adams")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "07700 900321")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "eve@example.com")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "04-23")  # the birthday
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # opt in
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is screen.new_card
    qtbot.keyClick(focused(), Qt.Key.Key_Right)  # the arrow chooses the pre-printed card
    assert screen.preprinted.isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is screen.card_number
    qtbot.keyClicks(focused(), counter_cards[0])
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    customer = Customer.get(Customer.name == "Eve Adams")
    assert customer.marketing_opt_in and cards.get_card(counter_cards[0]).customer_id == customer.id
    assert (customer.birth_month, customer.birth_day) == (4, 23)
    assert screen.confirmation_number() == counter_cards[0] and screen.name.hasFocus()

    # The next customer, new card, enrolled with Ctrl+Return from the email field.
    qtbot.keyClicks(focused(), "Finn Lee")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "finn@example.com")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    finn = Customer.get(Customer.name == "Finn Lee")
    (card,) = cards.cards_of_customer(finn.id)
    assert screen.confirmation_number() == card.number and Card.select().count() == 4


def test_escape_clears_the_form(qtbot, screen, counter_cards):
    fill(qtbot, screen, "Half Typed", "0770", number=counter_cards[0])
    screen.opt_in.setChecked(True)
    qtbot.keyClick(screen.phone, Qt.Key.Key_Escape)
    assert [screen.name.text(), screen.phone.text(), screen.card_number.text()] == ["", "", ""]
    assert not screen.opt_in.isChecked() and screen.new_card.isChecked() and screen.name.hasFocus()
    assert counts() == (0, 3, 0)


def test_in_the_main_window_enrolling_opens_the_checkout_on_the_new_card(qtbot, store):
    from pos_loyalty.ui.main_window import MainWindow

    window = MainWindow()
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # bulk create: its Ctrl+Return and Esc too
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = window.built["enrol"]
    assert screen.name.hasFocus(), "focus_first on showing"
    qtbot.keyClicks(screen.name, "Gus Hale")
    qtbot.keyClick(screen.name, Qt.Key.Key_Escape)
    assert screen.name.text() == ""
    qtbot.keyClicks(screen.name, "Gus Hale")
    qtbot.keyClicks(screen.email, "gus@example.com")
    qtbot.keyClick(screen.email, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (card,) = Card.select()
    assert card.customer.name == "Gus Hale" and window.current_key() == "checkout"
    checkout = window.built["checkout"]
    assert checkout.card.number == card.number and checkout.customer_name.text() == "Gus Hale"
    assert f"Enrolled: Gus Hale, card {card.number}" in checkout.message.text() and checkout.scan.hasFocus()
    window.close()
