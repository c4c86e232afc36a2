"""Milestones on the screens: after F12 the checkout says what the customer just unlocked; the
card detail shows progress, with inactivity milestones only for a manager; the app's daily job
runs off the GUI thread and pays an inactivity step once a day."""

from __future__ import annotations

import datetime as dt

import pytest

from pos_loyalty.services import checkout, refunds, users
from pos_loyalty.store.models import Coupon, Customer, LedgerEntry, MilestoneAward
from pos_loyalty.ui.card_detail import NOTE_COLUMN, CardDetail
from pos_loyalty.ui.daily_job import DailyJob

from ..conftest import MANAGER_PIN, make_order
from ..test_milestones import SEED_001, activate, bundle, enrol
from .test_checkout_screen import press_f12, scan, screen, type_line  # noqa: F401 (screen: the fixture)
from .test_spanish import spanish  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui

MISS_YOU = {"id": "miss-you", "name": "We miss you", "kind": "inactivity", "steps": [{"requirement": 30, "points": 200}]}


def test_the_checkout_says_what_the_sale_unlocked(qtbot, screen, tmp_path):  # type: ignore[no-untyped-def]
    activate(tmp_path, bundle({**SEED_001, "steps": [{"requirement": 2, "points": 100}, {"requirement": 3, "points": 500}]}))
    number = enrol()
    checkout.commit(make_order("G-1", number, [("COFFEE", 1, "10.00")]))
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 1, "10.00")
    press_f12(qtbot, screen)
    assert "Unlocked: Order milestones — 2 orders: +100 points." in screen.message.text()
    assert "New balance: 120 points" in screen.message.text()
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 1, "10.00")
    press_f12(qtbot, screen)
    assert "Unlocked: Order milestones — 3 orders: +500 points." in screen.message.text()


def test_the_card_detail_shows_progress_and_inactivity_only_to_a_manager(qtbot, store, tmp_path):  # type: ignore[no-untyped-def]
    activate(tmp_path, bundle(SEED_001, MISS_YOU))
    users.add_user("Sam", "cashier", "135790", manager_pin=MANAGER_PIN)
    number = enrol()
    for n in range(7):
        checkout.commit(make_order(f"P-{n}", number, [("COFFEE", 1, "10.00")]))
    cashier = CardDetail(user="Sam")
    qtbot.addWidget(cashier)
    cashier.show()
    cashier.show_card(number)
    assert cashier.milestones.isVisible()
    assert cashier.milestones.lines.text() == "Order milestones: 7 of 20 orders — next: 500 points"
    manager = CardDetail(user="Maya")
    qtbot.addWidget(manager)
    manager.show()
    manager.show_card(number)
    shown = manager.milestones.lines.text().splitlines()
    assert shown[0] == "Order milestones: 7 of 20 orders — next: 500 points"
    assert shown[1].startswith("We miss you: 0 of 30 days without an order — next: 200 points") and "managers only" in shown[1]
    manager.show_card(None)
    assert not manager.milestones.isVisible()


def test_the_daily_job_runs_off_the_gui_thread_once_a_day(qtbot, store, tmp_path):  # type: ignore[no-untyped-def]
    activate(tmp_path, bundle(MISS_YOU))
    enrol()
    Customer.update(created_at=dt.datetime.now() - dt.timedelta(days=31)).execute()
    job = DailyJob("Maya")
    reports: list[object] = []
    job.finished.connect(reports.append)
    with qtbot.waitSignal(job.finished, timeout=20_000):
        job.start()
    assert reports[0]["inactivity_awards"] == 1 and MilestoneAward.select().count() == 1
    assert job.run_if_new_day() is False  # the same day: not again
    with qtbot.waitSignal(job.finished, timeout=20_000):
        assert job.run_if_new_day(dt.date.today() + dt.timedelta(days=1))
    assert reports[1]["inactivity_awards"] == 0 and MilestoneAward.select().count() == 1
    job.stop()


def test_the_milestone_panel_speaks_spanish_with_its_numbers_and_money(qtbot, store, tmp_path, spanish):  # type: ignore[no-untyped-def]
    """Progress on the card detail in a Spanish app: its words, and money and counts in the
    locale's format."""
    spend = {"id": "spend", "name": "Big spender", "kind": "amount_spent", "steps": [{"requirement": "1250", "points": 50}]}
    shirt = {"id": "shirt", "name": "Shirt club", "kind": "orders", "steps": [{"requirement": 10, "reward_id": "free-shirt"}]}
    activate(tmp_path, bundle(SEED_001, spend, shirt, MISS_YOU))
    number = enrol()
    for n in range(7):
        checkout.commit(make_order(f"P-{n}", number, [("COFFEE", 1, "10.05")]))
    detail = CardDetail(user="Maya")
    qtbot.addWidget(detail)
    detail.show()
    detail.show_card(number)
    shown = detail.milestones.lines.text().splitlines()
    assert shown[:3] == ["Order milestones: 7 de 20 pedidos — siguiente: 500 puntos",
                         "Big spender: 70,35 € de 1.250,00 € gastados — siguiente: 50 puntos",
                         "Shirt club: 7 de 10 pedidos — siguiente: T-shirt gratis"]
    assert shown[3].startswith("We miss you: 0 de 30 días sin pedidos — siguiente: 200 puntos")


def test_the_checkout_says_what_the_sale_unlocked_in_spanish(qtbot, screen, tmp_path, spanish):  # type: ignore[no-untyped-def]
    activate(tmp_path, bundle({**SEED_001, "steps": [{"requirement": 1, "points": 1000}, {"requirement": 2, "reward_id": "free-shirt"}]}))
    number = enrol()
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 1, "10,00")
    press_f12(qtbot, screen)
    assert "Order milestones — 1 pedido: +1.000 puntos." in screen.message.text(), screen.message.text()
    scan(qtbot, screen, number)
    type_line(qtbot, screen, "COFFEE", 1, "10,00")
    press_f12(qtbot, screen)
    [coupon] = [c.code for c in Coupon.select().where(Coupon.source == "milestone")]
    assert f"Order milestones — 2 pedidos: T-shirt gratis (cupón {coupon})." in screen.message.text(), screen.message.text()


def test_the_history_notes_of_a_milestone_and_its_refund_read_in_spanish(qtbot, store, tmp_path, spanish):  # type: ignore[no-untyped-def]
    """The notes stored with a card's history are English (the ledger is written once, for the
    CLI and the exports too), with English numbers even when the sale was made in a Spanish
    app; the card detail shows them in Spanish, with its own number and money formats."""
    spend = {"id": "spend", "name": "Big spender", "kind": "amount_spent", "steps": [{"requirement": "1250", "points": 50}]}
    activate(tmp_path, bundle(SEED_001, spend))
    number = enrol()
    checkout.commit(make_order("BIG", number, [("TV", 1, "1300.00")]))
    refunds.refund("BIG", "BIG-R", "full", user="Maya", manager_pin=MANAGER_PIN)
    stored = [e.note for e in LedgerEntry.select().where(LedgerEntry.kind.in_(("milestone", "reverse"))).order_by(LedgerEntry.id)]
    assert stored == ["Big spender — €1,250.00 spent", "full refund", "Big spender — taken back: a refund took the customer below 1250"]
    detail = CardDetail(user="Maya")
    qtbot.addWidget(detail)
    detail.show_card(number)
    model = detail.history_model
    notes = {model.index(row, NOTE_COLUMN).data() for row in range(model.rowCount())}
    assert {"Big spender — 1.250,00 € gastados", "devolución total",
            "Big spender — retirado: una devolución dejó al cliente por debajo de 1250"} <= notes, notes
