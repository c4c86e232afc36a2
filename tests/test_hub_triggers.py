"""Triggers on the PostgreSQL hub: the product history upsert, the BOGO counts (one SKU and
several), a refund that un-qualifies, the stats and the migration's fill — the same figures as
on SQLite. Skipped without PostgreSQL locally, like tests/test_hub.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from pos_loyalty.services import customers, refunds, trigger_reports
from pos_loyalty.store.models import Coupon, TriggerLog, db
from pos_loyalty.store.running_totals import fill_products, fill_standing, replay_products, replay_standing, stored_products, stored_standing

from .conftest import MANAGER_PIN, ensure_manager
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 (fixtures)
from .test_triggers import T0, activate, buy, trigger


def test_triggers_on_the_hub(hub: str, tmp_path: Path) -> None:  # noqa: F811
    ensure_manager()
    activate(tmp_path, "hub", trigger(), trigger("multi", name="Multi", products=["WIDGET", "CAKE"], criterion={"kind": "bogo", "orders": 2}),
             trigger("units", name="Units", products=["WIDGET"], criterion={"kind": "product_units", "units": 20}, reward={"points": 30},
                     coupon_valid_days=None))
    _c, card = customers.enrol(customers.CustomerInput("Hub Ann", "+44 7700 900777", "hub@example.com"))
    fired = [sorted(f.trigger_id for f in buy(f"H-{q}", card.number, [("WIDGET", q, "1.00"), ("CAKE", 1, "2.00")], i).fired)
             for i, q in enumerate((10, 5, 7))]
    assert fired == [[], ["multi"], ["bogo", "units"]]
    steps = {(card.customer_id, t): 1 for t in ("bogo", "multi", "units")}
    assert stored_standing(db.obj) == replay_standing(db.obj) == steps  # kept by the firings' upsert on PostgreSQL too
    assert stored_products(db.obj) == replay_products(db.obj) == {(card.customer_id, "WIDGET"): (3, 22), (card.customer_id, "CAKE"): (3, 3)}
    refunds.refund("H-5", "RH-5", "cancel", when=T0 + dt.timedelta(days=5), manager_pin=MANAGER_PIN)
    bogo = TriggerLog.get(TriggerLog.trigger_id == "bogo")
    assert Coupon.get_by_id(bogo.coupon_id).status == "void" and bogo.revoked_at is not None
    assert TriggerLog.get(TriggerLog.trigger_id == "units").reason.endswith("30 points taken back")  # 17 units left
    assert TriggerLog.get(TriggerLog.trigger_id == "multi").revoked_at is None  # still two orders with WIDGET or CAKE
    assert stored_standing(db.obj) == replay_standing(db.obj) == {(card.customer_id, "multi"): 1}  # the two taken back no longer stand
    from pos_loyalty.services import rules_sync, triggers

    key = triggers.group_key(["WIDGET", "CAKE"], rules_sync.active_rules()[1])
    assert db.obj.execute_sql(f"SELECT orders FROM customer_product_group WHERE group_key = {db.obj.param}", (key,)).fetchone()[0] == 2
    expected = stored_products(db.obj)
    with db.obj.atomic():
        fill_products(db.obj)
        fill_standing(db.obj)  # migration 0025's fill
    assert stored_products(db.obj) == expected
    assert stored_standing(db.obj) == {(card.customer_id, "multi"): 1}
    s = trigger_reports.stats()
    assert (s.pending, s.sent, s.conversions, s.revenue) == (3, 0, 0, Decimal("0.00"))
    assert [r.trigger_id for r in trigger_reports.log(dt.date(2026, 11, 4), dt.date(2026, 11, 4))] == ["units", "bogo"]
