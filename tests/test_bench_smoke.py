"""The benchmark machinery of `make bench` (tests/bench/) at a tiny scale: the generated
database keeps the product's invariants, is cached and reused, is never written by the
benchmarks that write, and every benchmark returns numbers. Timings are not judged here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pos_loyalty.domain import card_numbers
from tests.bench import bigdb, run_all

SCALE = 0.002  # 2,000 cards, 1,200 customers, 20,000 ledger entries


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in ("card", "customer", "ledger_entry", "order", "card_batch", "audit_log")}


def test_bench_runs_every_benchmark_on_a_valid_cached_database(tmp_path: Path) -> None:
    cfg = run_all.Config(scale=SCALE, cache_dir=tmp_path, iterations=10, print_cards=20, log=lambda text: None, history_sizes=(10, 200),
                         only=tuple(b for b in run_all.BENCHMARKS if b != "sync"))  # sync has its own smoke test below
    report = run_all.run(cfg)
    db = Path(report.database["path"])
    assert db.parent == tmp_path and report.database["built_now"]

    # The database holds what was asked, and the product's invariants.
    counts = _counts(db)
    assert counts["card"] == 2_000 and counts["customer"] == 1_200 and counts["ledger_entry"] == 20_000
    with sqlite3.connect(db) as conn:
        balances = dict(conn.execute("SELECT id, balance FROM card"))
        sums = dict(conn.execute("SELECT card_id, SUM(points) FROM ledger_entry GROUP BY card_id"))
        assert all(balances[card] == sums.get(card, 0) for card in balances)
        assert min(balances.values()) >= 0 and len(sums) == 1_200  # every customer's card has a history
        numbers = [n for (n,) in conn.execute("SELECT number FROM card")]
        assert len(set(numbers)) == 2_000 and all(card_numbers.is_valid(n) and len(n) == 12 for n in numbers)
        keys = conn.execute("SELECT COUNT(DISTINCT idempotency_key) FROM ledger_entry").fetchone()[0]
        assert keys == 20_000
        assert conn.execute("SELECT COUNT(*) FROM customer WHERE phone IS NULL AND email IS NULL").fetchone()[0] == 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        (rules,) = conn.execute("SELECT body FROM rules_version WHERE active = 1 ORDER BY effective_from DESC, published_at DESC LIMIT 1").fetchone()
        assert rules.count('"id":') >= 50  # the 50-rule programme is active
        assert bigdb.check_invariants(conn) == []
    # The running totals (migration 0006) were filled from the generated rows.
    from peewee import SqliteDatabase

    from pos_loyalty.store.running_totals import replay_counters, replayed_lot_totals, stored_counters, stored_lot_totals, without_zeros

    database = SqliteDatabase(str(db))
    try:
        assert stored_lot_totals(database) == replayed_lot_totals(database) != {}
        assert without_zeros(stored_counters(database)) == without_zeros(replay_counters(database))
    finally:
        database.close()

    # The reports' summaries (migration 0015) were caught up from them: every point and order is in.
    with sqlite3.connect(db) as conn:
        summed = conn.execute("SELECT SUM(points) FROM report_day WHERE measure LIKE 'points:%'").fetchone()[0]
        assert summed == conn.execute("SELECT SUM(points) FROM ledger_entry").fetchone()[0]
        assert conn.execute("SELECT SUM(count) FROM report_day WHERE measure IN ('order_card', 'order_nocard')").fetchone()[0] == counts["order"]

    # Every benchmark ran and returned numbers; the writers wrote to a copy.
    ops = " ".join(r.operation for r in report.results)
    assert all(r.floor_p50_ms and r.ratio for r in report.results if r.operation.startswith("report "))
    for name in ("report points, a year by day", "report tiers, a year by day", "cards.lookup", "search.find", "customers.search", "checkout.quote", "GUI start", "checkout.commit", "cards.bulk_create", "PDF",
                 "lookup, card with 200 rows", "quote, customer with 200 orders", "commit, card with 10 rows", "card screen opens, card with 200 rows"):
        assert name in ops
    assert all(r.floor_p50_ms and r.ratio for r in report.results if ", card with" in r.operation or ", customer with" in r.operation)
    for r in report.results:
        assert r.n > 0
        assert (r.p50_ms is not None and 0 < r.p50_ms <= r.p99_ms) or (r.total_s is not None and r.total_s > 0) or r.value.endswith(" MB"), r
    assert _counts(db) == counts
    assert not list(tmp_path.glob("*bench-work*"))
    table = run_all.format_table(report)
    assert "p99 / total" in table and "checkout.commit" in table

    # A second run reuses the cached database.
    path, details = run_all.prepare_database(cfg)
    assert path == db and not details["built_now"] and details["cards"] == 2_000


def test_bench_options() -> None:
    cfg = run_all.parse_args(["--scale", "0.05", "--only", "lookup,quote", "--only", "print", "--db", "x.db"])
    assert cfg.scale == 0.05 and cfg.only == ("lookup", "quote", "print") and cfg.db == Path("x.db")
    assert run_all.parse_args([]).only == run_all.BENCHMARKS
    assert bigdb.Plan.for_scale(1.0) == bigdb.Plan(cards=1_000_000, customers=600_000, suspended=10_000, ledger=10_000_000)


def test_the_sync_benchmark_runs_on_a_hub_it_starts(tmp_path: Path) -> None:
    """`make bench --only sync` on a tiny scale: a PostgreSQL server of its own, tills beside it."""
    import os

    from tests.bench import bench_sync
    from tests.pg_server import PostgresMissing

    try:
        rows = bench_sync.run(0.01, lambda text: None, iterations=10, levels=(1, 2), seconds=0.5)
    except PostgresMissing as missing:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(missing))
    ops = [r["operation"] for r in rows]
    assert any("online, spending points" in o for o in ops) and any(o.startswith("hub: 2 tills") for o in ops)
    assert any(o.startswith("sync push: 100 offline orders") for o in ops)
    for row in rows:
        assert row["n"] > 0 and (row.get("p50_ms") or row.get("total_s")), row
    import re

    for row in rows:
        if row["operation"].startswith("hub:"):  # tills selling on their own cards hardly ever find one another's locks
            assert int(re.search(r"on a lock (\d+) %", row["note"]).group(1)) <= 10, row["note"]
