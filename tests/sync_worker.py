"""A till in a process of its own, for the sync tests (tests/test_sync_processes.py):

    python -m tests.sync_worker sell DB COUNT SEED   # sell COUNT times on the cards it holds, syncing now and then
    python -m tests.sync_worker sync DB BATCH        # sync again and again, BATCH rows a transaction (until killed)
    python -m tests.sync_worker hubload DB SECONDS GROUP  # redeem on GROUP's cards for SECONDS (the hub throughput bench)

`sell` prints one JSON line: sales, points spent, redemptions the hub refused, sales refused as busy."""

from __future__ import annotations

import json
import random
import sys

from pos_loyalty.domain.errors import Busy, ValidationError
from pos_loyalty.domain.order import parse_order
from pos_loyalty.services import checkout, sync
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.models import db


def sell(path: str, count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    open_store(path)
    till = sync.attached()[1]
    numbers = [n for (n,) in db.obj.execute_sql("SELECT number FROM card WHERE status = 'active' ORDER BY number")]
    stats = {"sales": 0, "spent": 0, "refused": 0, "busy": 0}
    for i in range(count):
        number = rng.choice(numbers)
        balance = db.obj.execute_sql("SELECT balance FROM card WHERE number = ?", (number,)).fetchone()[0]
        rewards = [{"id": "pay-with-points", "points": 100}] if balance >= 100 and rng.random() < 0.3 else []
        order = parse_order({"order_id": f"{till}-{i}", "card": number, "rewards": rewards,
                             "lines": [{"sku": "CAKE", "quantity": rng.randint(2, 4), "unit_price": "6.05"}]})
        try:
            result = checkout.commit(order)
            stats["sales"] += 1
            stats["spent"] += result.points_spent
        except ValidationError as refused:  # the hub had fewer points: another till spent them
            if "on the hub" not in refused.message:
                raise
            stats["refused"] += 1
        except Busy:  # another till held the card on the hub longer than a sale waits: the cashier tries again
            stats["busy"] += 1
        if i % 25 == 24:
            sync.run()
    while sync.status().waiting:
        sync.run()
    return stats


def hub_load(path: str, seconds: float, group: str) -> dict[str, int]:
    """Sell for `seconds`, every sale taking 100 points on one of this till's own cards (named
    `group` …): each goes to the hub in its transaction, holding its card — the hub's commits."""
    import time

    open_store(path)
    till = sync.attached()[1]
    numbers = [n for (n,) in db.obj.execute_sql(
        "SELECT k.number FROM card k JOIN customer c ON c.id = k.customer_id WHERE c.name LIKE ? ORDER BY k.number", (f"{group} %",))]
    on_hub: list[float] = []  # how long each sale's hub transaction took (lock waits included)
    apply = sync._apply_on_hub

    def timed_apply(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return apply(*args, **kwargs)
        finally:
            on_hub.append(time.perf_counter() - start)

    sync._apply_on_hub = timed_apply
    done, i = 0, 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        order = parse_order({"order_id": f"{till}-load-{i}", "card": numbers[i % len(numbers)], "rewards": [{"id": "pay-with-points", "points": 100}],
                             "lines": [{"sku": "CAKE", "quantity": 20, "unit_price": "6.05"}]})
        checkout.commit(order)
        done += 1
        i += 1
    on_hub.sort()
    return {"commits": done, "waiting": sync.status().waiting, "hub_p50_ms": on_hub[len(on_hub) // 2] * 1000 if on_hub else 0.0}


def sync_forever(path: str, batch: int) -> None:
    sync.PUSH_BATCH = sync.PULL_BATCH = batch  # many small hub and local transactions: a kill lands inside one
    open_store(path)
    while True:
        sync.run()


if __name__ == "__main__":
    if sys.argv[1] == "sell":
        print(json.dumps(sell(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    elif sys.argv[1] == "hubload":
        print(json.dumps(hub_load(sys.argv[2], float(sys.argv[3]), sys.argv[4])))
    else:
        sync_forever(sys.argv[2], int(sys.argv[3]))
