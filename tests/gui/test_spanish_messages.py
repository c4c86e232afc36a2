"""The refusals a cashier meets at the till, read in the app's language: the services write
them in English (the CLI and the log read them so), and the screens show them through
`ui.service_texts.translated` — with their values kept, numbers in the app's format, and the
field a message is shown with translated too. In English nothing changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.domain.errors import Busy
from pos_loyalty.services import adjustments
from pos_loyalty.ui.enrol_screen import EnrolScreen
from pos_loyalty.ui.service_texts import translated

from ..conftest import MANAGER_PIN
from .test_checkout_screen import give_points, press_f12, press_reward, scan, screen, type_line  # noqa: F401 (screen: the fixture)
from .test_manager_screens import show_active
from .test_spanish import spanish  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui


def _mistyped(card: str) -> str:
    return card[:-1] + str((int(card[-1]) + 1) % 10)


def test_a_mistyped_card_scanned_at_the_checkout_is_refused_in_spanish(qtbot, spanish, screen, card):
    wrong = _mistyped(card)
    scan(qtbot, screen, wrong)
    assert screen.scan_error.text() == f"'{wrong}' no cuadra con su dígito de control — probablemente mal tecleado"


def test_a_bad_price_in_the_line_entry_names_the_field_in_spanish(qtbot, spanish, screen, card):
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2,8x")
    assert screen.lines == []
    assert screen.line_error.text() == "precio unitario: '2,8x' no es un importe (escríbalo así: 12,50)"


def test_a_reward_without_enough_points_is_taken_off_in_spanish(qtbot, spanish, screen, card, manager):
    give_points(card, 250)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 1, "2,80")
    press_reward(qtbot, screen, "ten-percent")  # costs 200 points
    adjustments.adjust(card, -100, "points spent at another till", MANAGER_PIN)
    press_f12(qtbot, screen)
    shown = screen.rewards_error.text()
    assert "cuesta 200 puntos; solo hay 150 disponibles" in shown, shown


def test_a_bad_phone_at_enrol_is_refused_in_spanish(qtbot, spanish, store):
    form = EnrolScreen(user="Sam")
    show_active(qtbot, form)
    form.focus_first()
    qtbot.keyClicks(form.name, "Bob Jones")
    qtbot.keyClicks(form.phone, "0770 CALL ME")
    qtbot.mouseClick(form.enrol_button, Qt.MouseButton.LeftButton)
    assert form.errors["phone"].text() == "'0770 CALL ME' no es un número de teléfono: no se admiten letras"


def test_spanish_texts_keep_their_values_and_write_numbers_the_spanish_way(spanish):
    assert translated("a refund above 50.00 needs a manager's PIN") == "una devolución de más de 50,00 requiere el PIN de un encargado"
    assert translated(Busy().message) == "la base de datos está ocupada (otra caja o un trabajo largo la tiene); inténtelo de nuevo"
    assert translated("2900001 is suspended: it earns nothing until a manager reactivates it").startswith("2900001 está suspendida")
    assert translated("the card is suspended; rewards cannot be used") == "la tarjeta está suspendida; no se pueden usar premios"
    assert translated("too many wrong PINs: Sam is locked until 14:05; a manager can unlock it sooner") == (
        "demasiados PIN incorrectos: Sam está bloqueado hasta las 14:05; un encargado puede desbloquearlo antes")
    assert translated("order POS-1 was already committed with different content") == "el pedido POS-1 ya se registró con otro contenido"
    assert translated("a message no shape knows") == "a message no shape knows"


ENGLISH = ["'12AB' is not a card number (digits only, 0-9)", "'2,8x' is not an amount of money (write it like 12.50)",
           "unit price: '2,8x' is not an amount of money (write it like 12.50)", "Cake costs 1200 points; only 150 available",
           "a refund above 50.00 needs a manager's PIN", "07700 900123 already belongs to Ann Smith", "the card is suspended; rewards cannot be used"]


def test_english_stays_as_the_services_wrote_it(qapp):
    assert [translated(text) for text in ENGLISH] == ENGLISH


def test_the_checkout_in_english_is_unchanged(qtbot, screen, card):
    wrong = _mistyped(card)
    scan(qtbot, screen, wrong)
    assert screen.scan_error.text() == f"'{wrong}' fails its check digit — probably mistyped"


def test_an_unknown_order_at_the_refund_screen_is_refused_in_spanish(qtbot, spanish, store):
    from pos_loyalty.ui.refund_screen import RefundScreen

    refunds = RefundScreen(user="Sam")
    show_active(qtbot, refunds)
    qtbot.keyClick(refunds, Qt.Key.Key_F2)
    qtbot.keyClicks(refunds.order_field, "K-404")
    qtbot.keyClick(refunds.order_field, Qt.Key.Key_Return)
    assert "no hay ningún pedido K-404" in refunds.order_error.text(), refunds.order_error.text()
    assert translated("only 1 left to refund, not 3") == "solo quedan 1 por devolver, no 3"
