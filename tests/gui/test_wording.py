"""What the screens say reads right: "1 point", "1 card on 1 page"; a reward says what it costs
and what it gives, with the currency ("100 points → …", "1 point → €0.05 off"); one date format
everywhere (`formats.date_text` / `formats.datetime_text`)."""

from __future__ import annotations

import datetime as dt

import pytest

from pos_loyalty import formats
from pos_loyalty.services import checkout
from pos_loyalty.ui.card_detail import CardDetail
from pos_loyalty.ui.refund_screen import RefundScreen

from ..conftest import make_order
from .test_checkout_screen import give_points, scan, screen, type_line  # noqa: F401 (screen: the fixture)
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


def test_rewards_say_what_they_cost_and_give_in_the_currency(qtbot, screen, card, manager):
    give_points(card, 150)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 30, "2.80")
    offers = {row.reward_id: row.effect for row in screen.reward_rows}
    assert offers["pay-with-points"].startswith("1 point → €0.05 off")
    assert "up to €" in offers["pay-with-points"] and "from 100 points" in offers["pay-with-points"]
    assert offers["ten-percent"] == "200 points → 10% off the order (at most €15.00)"
    assert offers["free-coffee"] == "120 points → free Filter coffee"
    shown = [screen.rewards.item(r, 1).text() for r in range(screen.rewards.rowCount())]
    assert not any("per point" in text or "off now —" in text for text in shown)
    assert all(text.count("\n") == 1 for text in shown), "name, then cost → what it gives"


def test_one_point_is_one_point_not_one_points(qtbot, screen, card, manager):
    give_points(card, 1)
    scan(qtbot, screen, card)
    assert screen.balance.text() == "1 point"
    detail = CardDetail(user="Sam")
    qtbot.addWidget(detail)
    detail.show_card(card)
    assert detail.values["balance"].text() == "1 point"


def test_dates_on_screens_use_the_one_format(qtbot, store, card):
    when = dt.datetime(2026, 11, 3, 14, 5)
    checkout.commit(make_order("W-1", card, [("COFFEE", 2, "2.80")]), when=when)
    refund = RefundScreen(user="Sam")
    show_active(qtbot, refund)
    refund.order_field.setText("W-1")
    refund.search()
    assert refund.when.text() == formats.datetime_text(when) == "2026-11-03 14:05"
    refund.order_field.setText(card)
    refund.search()
    assert refund.orders_table.item(0, 0).text() == "2026-11-03 14:05"

    detail = CardDetail(user="Sam")
    qtbot.addWidget(detail)
    detail.show_card(card)
    model = detail.history_model
    assert model.data(model.index(0, 0)) == "2026-11-03 14:05"
