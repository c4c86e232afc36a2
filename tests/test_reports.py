"""Reports: each figure checked exactly on a small database built through the services."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import NotFound, ValidationError
from pos_loyalty.services import customers, reports


def test_enrolments_count_new_customers_per_day_in_the_range(store: Path, tmp_path: Path) -> None:
    for name in ("Ann", "Bob"):
        customers.enrol(customers.CustomerInput(name=name, email=f"{name.lower()}@example.com"))
    today = dt.date.today()
    report = reports.run("enrolments", reports.check_period(today - dt.timedelta(days=2), today))
    assert [(f.key, f.value) for f in report.figures] == [("new_customers", 2)]
    assert report.tables[0].rows == ((today - dt.timedelta(days=2), 0), (today - dt.timedelta(days=1), 0), (today, 2))
    out = reports.write_csv(report.tables[0], tmp_path / "enrolments.csv")
    with open(out.path, newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [["Period", "New customers"], [str(today - dt.timedelta(days=2)), "0"],
                                            [str(today - dt.timedelta(days=1)), "0"], [str(today), "2"]]
    yesterday = reports.run("enrolments", reports.check_period(today - dt.timedelta(days=1), today - dt.timedelta(days=1)))
    assert yesterday.figures[0].value == 0


def test_a_bad_period_or_name_is_refused_naming_the_field(store: Path) -> None:
    today = dt.date.today()
    with pytest.raises(ValidationError, match="to: .* is before the start"):
        reports.check_period(today, today - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="grain"):
        reports.check_period(today, today, grain="hour")
    with pytest.raises(NotFound, match="report"):
        reports.run("nope", reports.check_period(today, today))


# -- the reports on a small programme, every figure checked ---------------------------------

from pos_loyalty.services import adjustments, checkout, expiry, refunds, report_builders  # noqa: E402

from .conftest import at, ensure_manager, make_order  # noqa: E402

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture
def shop(store: Path) -> dict[str, str]:
    """Three customers' year (demo rules: 1 point per 1.00, a 50-point welcome on a first order
    of 5.00 or more, points expire after 365 days; tiers Bronze, Silver at 200.00 in 365 days):

    - Cy, 2025-11-20: 4.00 → 4 points (below the welcome's minimum), expiring 2026-11-20;
    - Ann, Nov 3: 20.00 → 20 + 50 welcome; Nov 5: +200 goodwill; Nov 6: 250.00 with 10% off
      (200 points, 15.00 off — the cap) → 235.00, 235 points; Ann is Silver (255.00 spent);
    - Bob, Nov 3: 5.60 → 5 + 50 welcome, refunded in full on Nov 8 (55 reversed);
    - Nov 4: 8.00 without a card; Nov 21: the expiry run takes Cy's 4 points.
    """
    pin = ensure_manager()
    cards = {}
    for name, phone, email in (("Ann Smith", "+44 7700 900123", "ann@example.com"), ("Bob Jones", "", "bob@example.com"),
                               ("Cy Twist", "", "cy@example.com")):
        cards[name.split()[0]] = customers.enrol(customers.CustomerInput(name, phone, email))[1].number
    checkout.commit(make_order("C-0", cards["Cy"], [("CAKE", 1, "4.00")]), when=dt.datetime(2025, 11, 20, 12))
    checkout.commit(make_order("A-1", cards["Ann"], [("CAKE", 1, "20.00")]), when=at(3))
    checkout.commit(make_order("B-1", cards["Bob"], [("COFFEE", 2, "2.80")]), when=at(3, 15))
    checkout.commit(make_order("N-1", None, [("CAKE", 1, "8.00")]), when=at(4))
    adjustments.adjust(cards["Ann"], 200, "goodwill gesture", pin, when=at(5))
    checkout.commit(make_order("A-2", cards["Ann"], [("CAKE", 1, "250.00")], rewards=[{"id": "ten-percent"}]), when=at(6))
    refunds.refund("B-1", "RF-B1", "full", when=at(8))
    expiry.sweep(at(21))
    return cards


def _figures(report: reports.Report) -> dict[str, object]:
    return {f.key: f.value for f in report.figures}


def test_points_issued_redeemed_expired_reversed_adjusted_outstanding_and_their_value(shop: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_builders, "now", lambda: dt.datetime(2026, 11, 25, 12))
    checkout.commit(make_order("C-1", shop["Cy"], [("CAKE", 1, "7.00")]), when=dt.datetime(2025, 12, 10, 12))  # expires 2026-12-10: in 30 days
    report = reports.run("points", reports.check_period(*NOV, grain="week"))
    assert _figures(report) == {"issued": 360, "redeemed": 200, "returned": 0, "expired": 4, "reversed": 55, "adjusted": 200,
                                # Ann 70 + 200 - 200 + 235, Bob 0, Cy 4 - 4 + 7; × 0.05, the demo's points reward
                                "outstanding": 312, "outstanding_value": Decimal("15.60"),
                                "expiring_30": 7, "expiring_60": 7, "expiring_90": 7}
    table = report.tables[0]
    assert [c.key for c in table.columns] == ["period", "issued", "redeemed", "returned", "expired", "reversed", "adjusted", "net"]
    assert table.rows == ((dt.date(2026, 10, 26), 0, 0, 0, 0, 0, 0, 0),  # the week of Monday Oct 26 holds Nov 1
                          (dt.date(2026, 11, 2), 360, 200, 0, 0, 55, 200, 305),
                          (dt.date(2026, 11, 9), 0, 0, 0, 0, 0, 0, 0),
                          (dt.date(2026, 11, 16), 0, 0, 0, 4, 0, 0, -4),
                          (dt.date(2026, 11, 23), 0, 0, 0, 0, 0, 0, 0),
                          (dt.date(2026, 11, 30), 0, 0, 0, 0, 0, 0, 0))
    # Bob's reversal is on Nov 8, a Sunday: the week of Monday Nov 2; Cy's points expired on Nov 21


def test_rewards_by_popularity_money_given_away_and_the_redemption_rate(shop: dict[str, str]) -> None:
    checkout.commit(make_order("A-3", shop["Ann"], [("COFFEE", 1, "2.80")], rewards=[{"id": "free-coffee"}]), when=at(9))
    checkout.commit(make_order("A-4", shop["Ann"], [("COFFEE", 1, "2.80")], rewards=[{"id": "free-coffee"}]), when=at(10))
    report = reports.run("rewards", reports.check_period(*NOV))
    table = report.tables[0]
    assert [c.key for c in table.columns] == ["reward", "name", "redemptions", "points", "money_off"]
    assert table.rows == (("free-coffee", "Free coffee", 2, 240, Decimal("5.60")), ("ten-percent", "10% off the order", 1, 200, Decimal("15.00")))
    assert _figures(report) == {"redemptions": 3, "money_off": Decimal("20.60"), "customers_redeemed": 1, "customers_ordering": 2,
                                "redemption_rate": Decimal("50.0")}  # Ann redeemed; Ann and Bob ordered with a card


def test_customers_new_active_lapsed_enrolments_and_programme_results(shop: dict[str, str]) -> None:
    report = reports.run("customers", reports.check_period(*NOV, lapsed_days=90))
    today = dt.date.today()
    enrolled_in_nov = 3 if NOV[0] <= today <= NOV[1] else 0  # the three enrolled "now"
    assert _figures(report)["new_customers"] == enrolled_in_nov
    assert _figures(report)["active_customers"] == 2  # Ann and Bob ordered in November
    assert _figures(report)["lapsed_customers"] == 1  # Cy: last order 2025-11-20, more than 90 days before Nov 30
    assert reports.run("customers", reports.check_period(*NOV, lapsed_days=400)).figures[2].value == 0
    assert [t.key for t in report.tables] == ["per_period", "programme"]


def test_tiers_and_top_customers(shop: dict[str, str]) -> None:
    report = reports.run("tiers", reports.check_period(*NOV))
    tiers, spend, points = report.tables
    assert tiers.rows == (("Bronze", 2), ("Silver", 1), ("Gold", 0))  # Ann spent 255.00 in 365 days (Bob's order was refunded)
    assert spend.rows == (("Ann Smith (#1)", 2, Decimal("255.00")),)
    assert points.rows == (("Ann Smith (#1)", 305),)  # 20 + 50 welcome + 235; Bob's 55 were reversed


def test_orders_with_and_without_a_card_average_baskets_and_refunds(shop: dict[str, str]) -> None:
    report = reports.run("orders", reports.check_period(*NOV, grain="month"))
    assert _figures(report) == {"orders_card": 3, "orders_nocard": 1, "card_share": Decimal("75.0"),
                                "basket_card": Decimal("86.87"),  # (20.00 + 5.60 + 235.00) / 3, half up
                                "basket_nocard": Decimal("8.00"), "refunds": 1, "refunded": Decimal("5.60")}
    assert report.tables[0].rows == ((dt.date(2026, 11, 1), 3, 1, Decimal("86.87"), Decimal("8.00"), 1, Decimal("5.60")),)


def test_every_report_writes_each_table_as_csv_that_reads_back(shop: dict[str, str], tmp_path: Path) -> None:
    for info in reports.catalogue():
        report = reports.run(info.name, reports.check_period(*NOV))
        for table in report.tables:
            out = reports.write_csv(table, tmp_path / f"{info.name}-{table.key}.csv")
            with open(out.path, newline="", encoding="utf-8") as stream:
                rows = list(csv.reader(stream))
            assert rows[0] == [c.label for c in table.columns]
            assert len(rows) == 1 + len(table.rows)
    orders = reports.run("orders", reports.check_period(*NOV, grain="month")).tables[0]
    with open(reports.write_csv(orders, tmp_path / "o.csv").path, newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream))[1] == ["2026-11-01", "3", "1", "86.87", "8.00", "1", "5.60"]


def test_a_summary_catches_up_with_what_was_written_after_the_last_report(shop: dict[str, str]) -> None:
    before = _figures(reports.run("orders", reports.check_period(*NOV)))
    checkout.commit(make_order("N-2", None, [("CAKE", 1, "2.00")]), when=at(12))
    after = _figures(reports.run("orders", reports.check_period(*NOV)))
    assert (before["orders_nocard"], after["orders_nocard"]) == (1, 2)
    assert after["basket_nocard"] == Decimal("5.00")


def test_a_till_filter_on_a_database_of_its_own_is_refused_naming_the_field(store: Path) -> None:
    today = dt.date.today()
    with pytest.raises(ValidationError, match="till: no till named 'T9'"):
        reports.run("orders", reports.check_period(today, today, till="T9"))
    with pytest.raises(ValidationError, match="store: no till of a store"):
        reports.run("orders", reports.check_period(today, today, store="Elm Street"))


def test_a_row_that_appears_below_the_mark_later_is_counted_once(store: Path) -> None:
    """What a PostgreSQL transaction committing after a later one looks like: ids with no row
    when the summary moved past them, filled afterwards."""
    from pos_loyalty.services import report_days
    from pos_loyalty.store.models import db

    def add(customer_id: int) -> None:
        db.obj.execute_sql("INSERT INTO customer (id, name, name_key, marketing_opt_in, created_at) VALUES (?, 'X', 'x', 0, ?)",
                           (customer_id, dt.datetime(2026, 11, 3, 9)))

    def enrolled() -> int:
        return _figures(reports.run("customers", reports.check_period(*NOV)))["new_customers"]  # type: ignore[return-value]

    add(10)  # ids 1..9 are a gap
    assert enrolled() == 1
    assert db.obj.execute_sql("SELECT low, high FROM report_gap WHERE source = 'customer'").fetchall() == [(1, 9)]
    add(4)
    assert enrolled() == 2
    assert db.obj.execute_sql("SELECT low, high FROM report_gap WHERE source = 'customer' ORDER BY low").fetchall() == [(1, 3), (5, 9)]
    assert enrolled() == 2  # counted once
    db.obj.execute_sql("UPDATE report_gap SET noticed_at = ?", (dt.datetime.now() - report_days.GAP_WAIT - dt.timedelta(seconds=1),))
    report_days.catch_up()
    assert db.obj.execute_sql("SELECT COUNT(*) FROM report_gap").fetchone()[0] == 0  # ids never used are let go


def test_missing_ranges() -> None:
    from pos_loyalty.services.report_days import _missing

    assert _missing([], 1, 5) == [(1, 5)]
    assert _missing([1, 2, 3], 1, 3) == []
    assert _missing([2, 5], 1, 7) == [(1, 1), (3, 4), (6, 7)]


def test_a_sale_replayed_with_an_earlier_time_counts_in_its_own_days_range(card: str) -> None:
    """An offline till's sale lands between two days already summarised: distinct customers,
    redemptions and lapsing are counted from the days as they are now."""
    checkout.commit(make_order("D-10", card, [("CAKE", 1, "300.00")]), when=at(10))
    checkout.commit(make_order("D-20", card, [("CAKE", 1, "3.00")]), when=at(20))

    def figures(start: int, end: int, lapsed: int = 90) -> tuple[object, ...]:
        c = _figures(reports.run("customers", reports.check_period(dt.date(2026, 11, start), dt.date(2026, 11, end), lapsed_days=lapsed)))
        r = _figures(reports.run("rewards", reports.check_period(dt.date(2026, 11, start), dt.date(2026, 11, end))))
        return c["active_customers"], r["customers_redeemed"], c["lapsed_customers"]

    assert figures(12, 18) == (0, 0, 0)
    checkout.commit(make_order("D-15", card, [("CAKE", 1, "9.00")], rewards=[{"id": "ten-percent"}]), when=at(15))
    assert figures(12, 18) == (1, 1, 0)
    assert figures(1, 30) == (1, 1, 0)  # one customer, three days
    assert figures(16, 30) == (1, 0, 0)
    assert figures(1, 30, lapsed=12)[2] == 0  # last order Nov 20: within 12 days of Nov 30
    assert figures(1, 30, lapsed=5)[2] == 1
    assert (figures(1, 17, lapsed=5)[2], figures(1, 17, lapsed=2)[2]) == (0, 1)  # up to Nov 17, the last order is Nov 15's


# -- tiers and top customers from each customer's days (migration 0020) ---------------------


def _tiers(start: dt.date, end: dt.date) -> tuple[tuple[tuple[object, ...], ...], ...]:
    return tuple(t.rows for t in reports.run("tiers", reports.check_period(start, end)).tables)


def test_a_tier_is_placed_by_the_days_in_its_period_up_to_the_ranges_end(card: str) -> None:
    """Silver is 200.00 in 365 days: 150.00 a year ago and 100.00 now make Silver only while
    both are within 365 days of the range's end."""
    checkout.commit(make_order("T-1", card, [("CAKE", 1, "150.00")]), when=dt.datetime(2025, 11, 10, 12))

    def silver(end: int) -> int:  # the customer was enrolled today: whether they count as Bronze depends on the date
        return dict(_tiers(dt.date(2026, 11, 1), dt.date(2026, 11, end))[0])["Silver"]

    assert silver(9) == 0  # 150.00 only
    checkout.commit(make_order("T-2", card, [("CAKE", 1, "100.00")]), when=at(5))
    assert silver(4) == 0  # before the second order
    assert silver(9) == 1  # 2025-11-10 is within 365 days of 2026-11-09
    assert silver(10) == 1  # the period's first day counts
    assert silver(11) == 0  # the old order left the period
    # the top lists count the range only: in November, the 100.00 (100 points); over the year, both
    assert _tiers(dt.date(2026, 11, 1), dt.date(2026, 11, 30))[1:] == ((("Ann Smith (#1)", 1, Decimal("100.00")),), (("Ann Smith (#1)", 100),))
    assert _tiers(dt.date(2025, 11, 1), dt.date(2026, 11, 30))[1:] == ((("Ann Smith (#1)", 2, Decimal("250.00")),), (("Ann Smith (#1)", 300),))


def test_a_refund_after_the_last_report_lowers_spend_points_and_tier(shop: dict[str, str]) -> None:
    assert _tiers(*NOV)[1] == (("Ann Smith (#1)", 2, Decimal("255.00")),)
    refunds.refund("A-2", "RF-A2", "full", when=at(20), manager_pin=ensure_manager())  # the 235.00 of Nov 6
    tiers, spend, points = _tiers(*NOV)
    assert tiers == (("Bronze", 3), ("Silver", 0), ("Gold", 0))  # 20.00 left in 365 days
    assert spend == (("Ann Smith (#1)", 1, Decimal("20.00")),)  # the refunded order no longer counts, on its own day
    assert points == (("Ann Smith (#1)", 70),)  # 235 reversed


def test_a_merge_moves_the_figures_to_the_kept_customer(shop: dict[str, str]) -> None:
    """A merge rewrites two customers' counters without a new order: the next report copies
    both again (`report_customer_stale`)."""
    _tiers(*NOV)
    checkout.commit(make_order("B-2", shop["Bob"], [("CAKE", 1, "30.00")]), when=at(12))
    assert _tiers(*NOV)[1] == (("Ann Smith (#1)", 2, Decimal("255.00")), ("Bob Jones (#2)", 1, Decimal("30.00")))
    customers.merge(1, 2, manager_pin=ensure_manager())
    tiers, spend, points = _tiers(*NOV)
    assert spend == (("Ann Smith (#1)", 3, Decimal("285.00")),)
    assert points == (("Ann Smith (#1)", 385),)  # 305 + Bob's 30 and the welcome (his refunded first order left the history)
    assert tiers == (("Bronze", 2), ("Silver", 1), ("Gold", 0))
    # their days with an order are one customer's too: active once, and Bob's redemption-free day is Ann's
    figures = {f.key: f.value for f in reports.run("customers", reports.check_period(*NOV)).figures}
    assert figures["active_customers"] == 1
    rewards = {f.key: f.value for f in reports.run("rewards", reports.check_period(*NOV)).figures}
    assert (rewards["customers_redeemed"], rewards["customers_ordering"]) == (1, 1)


def test_the_top_lists_and_tiers_equal_the_counters_read_in_full(store: Path) -> None:
    """The report reads only the customers whose bound can reach a list or a threshold: the
    same figures as every customer's counters read in full, on ranges across the history
    (customers who spent a lot outside the range, ties broken by id, refunds)."""
    from pos_loyalty.services import report_customers
    from pos_loyalty.store import running_totals
    from pos_loyalty.store.models import db

    pin = ensure_manager()
    prices = ["40.00", "5.00", "250.00", "12.50", "99.99", "5.00", "180.00", "60.00", "5.00", "300.00", "7.25", "45.00", "5.00", "120.00"]
    numbers = [customers.enrol(customers.CustomerInput(f"Customer {i}", "", f"c{i}@example.com"))[1].number for i in range(14)]
    for i, number in enumerate(numbers):
        for k in range(i % 4 + 1):
            when = dt.datetime(2025, 6, 1, 12) + dt.timedelta(days=(37 * i + 53 * k) % 540)  # 2025-06-01 to 2026-11-22
            checkout.commit(make_order(f"O-{i}-{k}", number, [("CAKE", 1, prices[(i + k) % len(prices)])]), when=when)
    refunds.refund("O-3-1", "RF-1", "full", when=dt.datetime(2026, 11, 20, 12), manager_pin=pin)
    refunds.refund("O-9-0", "RF-2", "full", when=dt.datetime(2026, 11, 20, 12), manager_pin=pin)
    reports.run("enrolments", reports.check_period(dt.date(2026, 11, 1), dt.date(2026, 11, 1)))  # caught up
    days, _rules = running_totals.replay_counters(db.obj)

    def added(customer: int, start: dt.date, end: dt.date) -> tuple[int, int, int]:
        def upto(day: dt.date) -> list[int]:
            past = [d for (c, d) in days if c == customer and d <= day]
            return days[(customer, max(past))][:3] if past else [0, 0, 0]
        before, after = upto(start - dt.timedelta(days=1)), upto(end)
        return after[0] - before[0], after[1] - before[1], after[2] - before[2]

    ids = sorted({c for c, _d in days})
    for start, end in ((dt.date(2025, 6, 1), dt.date(2025, 12, 31)), (dt.date(2025, 11, 1), dt.date(2026, 10, 31)),
                       (dt.date(2026, 1, 15), dt.date(2026, 11, 30)), (dt.date(2024, 1, 1), dt.date(2026, 12, 31))):
        for column, index in (("spent", 1), ("points", 2)):
            expected = sorted(((c, *added(c, start, end)) for c in ids), key=lambda r: (-r[index + 1], r[0]))
            expected = [(c, o, (s, p)[index - 1]) for c, o, s, p in expected if (s, p)[index - 1] > 0][:3]
            assert report_customers.top(column, start, end, 3) == expected, (column, start, end)
        silver = sum(1 for c in ids if added(c, end - dt.timedelta(days=365), end)[1] >= 2_000_000)
        tiers = dict(_tiers(start, end)[0])
        enrolled = report_builders._customers_by(end)  # enrolled today: none before today
        assert (tiers["Silver"], tiers["Bronze"] + tiers["Silver"] + tiers["Gold"]) == (silver, enrolled), (start, end)
    assert db.obj.execute_sql("SELECT COUNT(*) FROM report_customer_stale").fetchone()[0] == 0


def test_migration_0020_and_a_rebuild_copy_the_counters_as_the_catch_up_keeps_them(shop: dict[str, str]) -> None:
    """A database with a history before 0020 gets every customer's days at once (and the marks
    at its ids now): the same rows as the catch-up kept sale by sale."""
    import importlib

    from pos_loyalty.services import report_customers
    from pos_loyalty.store.models import db

    checkout.commit(make_order("A-5", shop["Ann"], [("CAKE", 2, "10.00")]), when=at(12))
    refunds.refund("A-5", "RF-A5", "partial", {0: 1}, when=at(22), manager_pin=ensure_manager())
    checkout.commit(make_order("C-9", shop["Cy"], [("CAKE", 1, "12.00")]), when=dt.datetime(2025, 12, 24, 12))
    customers.merge(1, 3, manager_pin=ensure_manager())  # Cy's days move to Ann
    _tiers(*NOV)

    def kept() -> tuple[list[tuple[object, ...]], ...]:
        return (db.obj.execute_sql("SELECT customer_id, day, orders, spent, points FROM report_customer_change ORDER BY 1, 2").fetchall(),
                db.obj.execute_sql("SELECT customer_id, orders, spent, points FROM report_customer_bound ORDER BY 1").fetchall())

    expected = kept()
    assert [row[0] for row in expected[1]] == [1]  # Ann, with Cy's days; Bob's only order was refunded: his days add nothing
    migration = importlib.import_module("pos_loyalty.store.migrations.0020_report_customer_sums")
    with db.obj.atomic():
        for table in ("report_customer_change", "report_customer_bound", "report_customer_stale"):
            db.obj.execute_sql(f"DROP TABLE {table}")
        db.obj.execute_sql("DELETE FROM report_mark WHERE source LIKE 'customers:%'")
        migration.up(None, db.obj)
    assert kept() == expected
    assert _tiers(*NOV)[1] == (("Ann Smith (#1)", 3, Decimal("265.00")),)  # 10.00 of A-5 refunded; Cy's orders were in 2025
    with db.obj.atomic():
        report_customers.rebuild()
    assert kept() == expected
