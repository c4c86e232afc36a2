"""Milestones on the PostgreSQL hub give exactly what they give on a till's SQLite file: the
figures' scalar subqueries, the inactivity job's window function and the daily audit marker run
the same on both (DESIGN invariant 9)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pos_loyalty.services import checkout, programme, refunds, rules_sync, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import Card, LedgerEntry, MilestoneAward

from .conftest import MANAGER_PIN, make_order
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 (fixtures)
from .test_milestones import SEED_001, bundle, day, enrol

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
