"""The commit floor of `make bench` (tests/bench/bench_history.py) writes exactly the rows the
product's commit writes — the same tables, as many rows in each, a fired trigger's coupon, log
row, message and bonus points included — so the ratio printed beside it compares like with
like (issue 10: commit p50 within 2x the same rows' floor)."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

from pos_loyalty.services import checkout, customers, rules_sync
from pos_loyalty.store.models import db
from tests.bench import bench_history, workload

from .conftest import ensure_manager

_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _rows(sql: str) -> int:
    """The rows an INSERT's text (as traced, values written out) gives: the product sends a
    sale's lines, earnings, products and rules of the day as one statement of many rows
    (`store.statements.write_rows`), the floor a row per statement (`executemany`)."""
    values = sql[sql.upper().index(" VALUES ") + 8:]
    return 1 + values.split(" ON CONFLICT ")[0].count("), (")


def _writes(statements: list[str]) -> Counter[tuple[str, str]]:
    """(verb, table) → rows written. A spend takes from the card's first lots: the product deletes
    those it uses up and updates the one it uses in part, the floor updates the first one;
    either way one write of "taking from the lots". The card's row is written once by the
    floor, by the product once per ledger write (the sale's, a trigger's bonus): one row."""
    found: Counter[tuple[str, str]] = Counter()
    for sql in statements:
        match = _WRITE.match(sql)
        if match:
            verb, table = match.group(1).upper(), match.group(2)
            if table == "card_lot" and verb != "INSERT INTO":
                found[("TAKE FROM", table)] = 1
            elif table == "card" and verb == "UPDATE":
                found[(verb, table)] = 1
            elif verb == "INSERT INTO":
                found[(verb, table)] += _rows(sql)
            else:
                found[(verb, table)] += 1
    return found


def test_the_commit_floor_writes_the_rows_the_product_writes(store: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bench-rules.json"
    bundle.write_text(json.dumps(workload.bundle_dict()), encoding="utf-8")
    rules_sync.import_file(bundle, manager_pin=ensure_manager())
    rules, checksum = rules_sync.active_rules()
    _customer, card = customers.enrol(customers.CustomerInput("Floor Test", "", "floor@example.com"))
    rng = random.Random(11)
    for i in range(3):  # points to pay with, every step and first-order bonus behind it
        checkout.commit(workload.order_request(rng, f"WARM-{i}", card.number))
    requests = [workload.order_request(rng, f"SALE-{i}", card.number, rewards=[{"id": "pay-with-points", "points": 100}] if i % 2 == 0 else [])
                for i in range(24)]
    sales = bench_history.floor_sales(requests, card.number, rules, checksum)
    floor_conn = bench_history.floor_connection(str(store))
    extra = bench_history.ProductRows(str(store), card.number)
    floor = bench_history.commit_floor(floor_conn, card.number, sales, extra)
    fired = 0
    try:
        for i, request in enumerate(requests):
            sent: list[str] = []
            connection = db.obj.connection()
            connection.set_trace_callback(sent.append)
            try:
                result = checkout.commit(request)
            finally:
                connection.set_trace_callback(None)
            extra.take(i)  # untimed in the bench: what the sale wrote beyond its own rows, for the floor to copy
            fired += bool(result.fired)
            floor_sent: list[str] = []
            floor_conn.set_trace_callback(floor_sent.append)
            floor(i)
            floor_conn.set_trace_callback(None)
            product_writes, floor_writes = _writes(sent), _writes(floor_sent)
            if ("INSERT INTO", "customer_day") not in product_writes:
                # the product knows from its card read that the customer's row of the day exists and opens
                # none; the floor, which reads nothing, opens it if new: a statement that writes no row
                del floor_writes[("INSERT INTO", "customer_day")]
            assert floor_writes == product_writes, request.order.order_id
    finally:
        floor_conn.close()
        extra.close()
    assert fired >= 2  # the copies were compared too
