"""Milestones on the PostgreSQL hub give exactly what they give on a till's SQLite file: the
figures' scalar subqueries, the inactivity job's window function and the daily audit marker run
the same on both (DESIGN invariant 9)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.services import checkout, customers, programme, refunds, rules_sync, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Card, LedgerEntry, MilestoneAward, db

from .conftest import MANAGER_PIN, make_order
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 (fixtures)
from .test_milestones import SEED_001, activate, bundle, day, enrol

RULES = [{**SEED_001, "steps": [{"requirement": 2, "points": 100}, {"requirement": 3, "reward_id": "free-shirt"}]},
         {"id": "spend", "name": "Big spender", "kind": "amount_spent", "starts": "2026-01-02", "steps": [{"requirement": "25.50", "points": 40}]},
         {"id": "away", "name": "We miss you", "kind": "inactivity", "steps": [{"requirement": 30, "points": 200}]}]


def scenario(folder: Path) -> dict[str, Any]:
    users.add_user("Maya", "manager", MANAGER_PIN)
    path = folder / "ms.json"
    path.write_text(json.dumps(bundle(*RULES)), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=MANAGER_PIN)
    ann = enrol(when=day(0))
    bo = enrol("Bo", "+44 7700 900124", when=day(0))
    seen: dict[str, Any] = {}
    seen["orders"] = [[u.text for u in checkout.commit(make_order(f"HM-{n}", ann, [("COFFEE", 1, "9.50")]), when=day(n)).unlocked
                       if not u.coupon] for n in range(1, 4)]
    refunds.refund("HM-3", "HMR-3", "cancel", when=day(5))
    seen["progress"] = [p.text for p in programme.progress(ann, include_hidden=True, at=day(6))]
    seen["daily"] = [programme.run_daily(day(31, 23))["inactivity_awards"], programme.run_daily(day(40, 23))["inactivity_awards"]]
    seen["awards"] = sorted((a.rule_id, a.requirement, a.status, a.times, a.points) for a in MilestoneAward.select())
    seen["ledger"] = sorted((e.card.number == bo, e.points, e.kind) for e in LedgerEntry.select().where(LedgerEntry.kind == "milestone"))
    seen["balances"] = sorted(c.balance for c in Card.select())
    return seen


def test_milestones_on_the_hub_match_sqlite(hub: str, tmp_path: Path) -> None:
    on_hub = scenario(tmp_path)
    close_database()
    open_store(str(tmp_path / "till.db"))
    try:
        on_sqlite = scenario(tmp_path)
    finally:
        close_database()
    assert on_hub == on_sqlite
    assert on_hub["orders"] == [[], ["Order milestones — 2 orders: +100 points"], ["Big spender — €25.50 spent: +40 points"]]  # and the shirt coupon
    assert ("spend", "25.5", "reversed", 1, 40) in on_hub["awards"] and ("orders", "3", "reversed", 1, 0) in on_hub["awards"]
    assert on_hub["daily"] == [1, 1]  # day 31: Bo, who never ordered (Ann's last order, day 2 — day 3's was cancelled — is 29 days back); day 40: Ann
    assert on_hub["progress"] == ["Order milestones: 2 of 3 orders — next: a free T-shirt",
                                  "Big spender: €19.00 of €25.50 spent — next: 40 points",
                                  "We miss you: 4 of 30 days without an order — next: 200 points"]


def test_two_cards_of_one_customer_selling_at_once_on_the_hub_pay_the_step_they_reach_together(hub: str, tmp_path: Path,  # noqa: F811
                                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """On the hub two tills sell to one customer's two cards side by side: the second sale read
    its card (and the customer's totals) while the first, which takes the customer to 2 orders,
    was still open. The sale that takes them to 3 pays the step: it decides on the totals read
    again under the customer's lock, after its own writes, not on what it read with its card."""
    users.add_user("Maya", "manager", MANAGER_PIN)
    activate(tmp_path, bundle({"id": "orders", "name": "Orders", "kind": "orders", "steps": [{"requirement": 3, "points": 100}]}))
    keep, one = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123"))
    other, two = customers.enrol(customers.CustomerInput("Ann Smyth", "+44 7700 900124"))
    customers.merge(keep.id, other.id, "Maya", manager_pin=MANAGER_PIN)  # one customer, two cards
    checkout.commit(make_order("R-1", one.number, [("COFFEE", 1, "5.00")]), when=day(1))  # 1 order; the next step due at 3
    original = programme.on_order
    inside, release = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:  # till A stops after its counters' writes, before it commits
        if threading.current_thread().name == "A":
            inside.set()
            release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(programme, "on_order", held)
    errors: list[BaseException] = []

    def sell(order_id: str, number: str) -> None:
        try:
            checkout.commit(make_order(order_id, number, [("COFFEE", 1, "5.00")]), when=day(2))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()

    a = threading.Thread(target=sell, args=("R-2", one.number), name="A")
    a.start()
    assert inside.wait(10)
    b = threading.Thread(target=sell, args=("R-3", two.number), name="B")
    b.start()
    time.sleep(1.0)  # B has read its card and the totals, and waits for the customer's day row
    release.set()
    a.join()
    b.join()
    assert not errors, errors
    assert db.obj.execute_sql("SELECT orders_to_date FROM customer_day WHERE customer_id = %s ORDER BY day DESC LIMIT 1", (keep.id,)).fetchone()[0] == 3
    assert [(award.requirement, award.status) for award in MilestoneAward.select()] == [("3", "awarded")]
