"""The Campaigns screen (seed 002's dashboard and logs), offscreen: the figures and a log row
after a trigger fired, the weekly chart, filters, paging, the CSV export's content, "Send now",
and Ctrl+8 from the main window."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_loyalty.services import checkout, triggers
from pos_loyalty.store.models import Customer, TriggerLog
from pos_loyalty.ui.campaigns_screen import CampaignsScreen
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import make_order
from ..test_triggers import T0, activate, trigger
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


def fire(tmp_path: Path, card: str) -> str:
    """BOGO after one WIDGET order: Ann's coupon on 2 Nov, its message sent on 3 Nov, redeemed on 4 Nov (8.20)."""
    activate(tmp_path, "gui", trigger(criterion={"kind": "bogo", "orders": 1}))
    [fired] = checkout.commit(make_order("G-1", card, [("WIDGET", 1, "1.00")]), when=T0).fired
    triggers.mark_sent(fired.log_id, T0 + dt.timedelta(days=1))
    checkout.commit(make_order("G-2", card, [("CAKE", 2, "4.10")], rewards=[{"id": "free-coffee", "coupon": fired.coupon}]),
                    when=T0 + dt.timedelta(days=2))
    return fired.coupon or ""


def test_figures_chart_and_log_after_a_trigger_fired(qtbot, store, card, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = fire(tmp_path, card)
    screen = CampaignsScreen()
    qtbot.addWidget(screen)
    figures = {key: label.text() for key, label in screen.figures.items()}
    assert figures == {"pending": "0", "sent": "1", "conversions": "1", "blocked": "0", "revenue": "€8.20"}
    assert [(w.week, w.sent) for w in screen.weekly] == [("2026-W45", 1)]
    assert screen.chart.series()[0].barSets()[0].at(0) == 1.0
    [count_axis] = [a for a in screen.chart.axes() if a.orientation() == Qt.Orientation.Vertical]
    assert (count_axis.min(), count_axis.max(), count_axis.tickCount()) == (0, 1, 2), "ticks only on whole numbers of messages"
    model = screen.model
    assert model.rowCount() == 1
    shown = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert shown[:3] == ["2026-11-02 10:00", "BOGO", "Ann Smith"]
    assert shown[4] == "conversion" and shown[5] == f"coupon {code}" and shown[6] == "G-2 · €8.20"


def test_filters_and_the_csv_export(qtbot, store, card, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = fire(tmp_path, card)
    Customer.update(marketing_opt_in=False).execute()
    activate(tmp_path, "gui-2", trigger("opt", name="Opted in only", send_to="opted_in", criterion={"kind": "bogo", "orders": 1}))
    checkout.commit(make_order("G-3", card, [("WIDGET", 1, "1.00")]), when=T0 + dt.timedelta(days=3))
    screen = CampaignsScreen()
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 2 and screen.figures["blocked"].text() == "1"
    screen.status.setCurrentIndex(screen.status.findData("blocked"))
    screen.apply_button.click()
    assert [r.trigger_name for r in screen.model.rows] == ["Opted in only"]
    screen.since.setText("2026-11-30")
    screen.apply_button.click()
    assert screen.model.rowCount() == 0 and screen.figures["blocked"].text() == "0"
    screen.since.setText("30/11/2026")
    screen.apply_button.click()
    assert not screen.error.isHidden() and "'30/11/2026' is not a date" in screen.error.text()
    screen.since.setText("")
    screen.status.setCurrentIndex(0)
    screen.apply_button.click()
    assert screen.error.isHidden()
    target = tmp_path / "log.csv"
    assert screen.export_to(target) == 2
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["trigger_name"], r["status"], r["coupon"], r["conversion_order"], r["conversion_total"]) for r in rows] == [
        ("Opted in only", "blocked", "", "", ""), ("BOGO", "conversion", code, "G-2", "8.20")]
    assert rows[0]["reason"] == "the customer has not opted in to marketing"


def test_pending_messages_and_send_now(qtbot, store, card, tmp_path) -> None:  # type: ignore[no-untyped-def]
    activate(tmp_path, "pending", trigger(criterion={"kind": "bogo", "orders": 1}))
    checkout.commit(make_order("P-1", card, [("WIDGET", 1, "1.00")]), when=T0)
    screen = CampaignsScreen()
    qtbot.addWidget(screen)
    assert screen.pending.count() == 1 and "BOGO → Ann Smith <ann@example.com>" in screen.pending.item(0).text()
    with qtbot.waitSignal(screen.send_now_requested) as sent:
        screen.send_button.click()
    assert sent.args == [[TriggerLog.get().id]]


def test_ctrl_8_opens_campaigns_and_a_sale_refreshes_it(qtbot, store, card, tmp_path) -> None:  # type: ignore[no-untyped-def]
    activate(tmp_path, "window", trigger(criterion={"kind": "bogo", "orders": 1}))
    window = MainWindow()
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "campaigns"
    screen = window.built["campaigns"]
    assert screen.figures["pending"].text() == "0"
    checkout.commit(make_order("W-1", card, [("WIDGET", 1, "1.00")]), when=T0)
    qtbot.waitUntil(lambda: screen.figures["pending"].text() == "1", timeout=10_000)
    assert screen.model.rowCount() == 1


def test_the_checkout_says_what_the_sale_fired(qtbot, store, card, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos_loyalty.ui.checkout_screen import CheckoutScreen

    from .test_checkout_screen import press_f12, scan, type_line

    activate(tmp_path, "till", trigger(criterion={"kind": "bogo", "orders": 1}))
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    screen.resize(1200, 760)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "WIDGET", 1, "1.00")
    press_f12(qtbot, screen)
    code = TriggerLog.get().coupon.code
    assert f"BOGO: coupon {code} issued — e-mail queued." in screen.message.text()
