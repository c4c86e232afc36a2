"""Reports by till and by store on the hub: two tills of two stores sell, sync, and the hub's
reports keep each till's orders, points and customers apart (PostgreSQL, its summaries
caught up in one snapshot)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import checkout, customers, refunds, reports, sync
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database

from .conftest import MANAGER_PIN, at, make_order
from .test_hub import fresh_pg, pg_server  # noqa: F401 - the fixtures
from .test_sync import Tills, tills  # noqa: F401 - the fixtures

pytestmark = pytest.mark.hub

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _figures(name: str, **scope: str) -> dict[str, object]:
    return {f.key: f.value for f in reports.run(name, reports.check_period(*NOV, **scope)).figures}  # type: ignore[arg-type]


def test_reports_on_the_hub_filter_by_till_and_by_store(tills: Tills, tmp_path: Path) -> None:
    tills.attach("A")  # Main Street
    tills.use("B")
    sync.attach(tills.hub, "B", "High Street", 0, manager_pin=MANAGER_PIN)
    tills.use("A")
    ann = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com"))[1].number
    checkout.commit(make_order("A-1", ann, [("CAKE", 1, "20.00")]), when=at(3))
    assert reports.run("orders", reports.check_period(*NOV, till="A")).figures[0].value == 1  # the till's own file knows its name
    sync.run()
    tills.use("B")
    bob = customers.enrol(customers.CustomerInput("Bob Jones", "", "bob@example.com"))[1].number
    checkout.commit(make_order("B-1", bob, [("CAKE", 1, "10.00")]), when=at(4))
    checkout.commit(make_order("B-2", None, [("CAKE", 1, "6.00")]), when=at(4))
    sync.run()
    tills.use("A")
    sync.run()  # B's orders reach A, with their till and store
    on_a = _figures("orders", store="High Street")
    assert (on_a["orders_card"], on_a["orders_nocard"]) == (1, 1)
    assert _figures("orders", store="Elm Street")["orders_card"] == 0  # a store the hub may list but A has no order of
    close_database()
    open_store(tills.hub)

    everything = _figures("orders")
    assert (everything["orders_card"], everything["orders_nocard"]) == (2, 1)
    by_a = _figures("orders", till="A")
    assert (by_a["orders_card"], by_a["orders_nocard"], by_a["basket_card"]) == (1, 0, Decimal("20.00"))
    high_street = _figures("orders", store="High Street")
    assert (high_street["orders_card"], high_street["orders_nocard"], high_street["basket_card"]) == (1, 1, Decimal("10.00"))
    assert _figures("points", till="A")["issued"] == 70  # 20 + the 50-point welcome
    assert _figures("points", store="High Street")["issued"] == 60  # Bob: 10 + the welcome
    assert _figures("customers", store="Main Street")["active_customers"] == 1
    assert _figures("customers")["active_customers"] == 2
    tiers = reports.run("tiers", reports.check_period(*NOV))  # each customer's days, on PostgreSQL too
    assert [t.rows for t in tiers.tables] == [(("Bronze", 2), ("Silver", 0), ("Gold", 0)),
                                              (("Ann Smith (#1)", 1, Decimal("20.00")), ("Bob Jones (#2)", 1, Decimal("10.00"))),
                                              (("Ann Smith (#1)", 70), ("Bob Jones (#2)", 60))]
    with pytest.raises(ValidationError, match="store: no till of a store named 'Elm Street' is known here; stores: High Street, Main Street"):
        reports.run("orders", reports.check_period(*NOV, store="Elm Street"))

    # The tiers report's copy of the counters follows a refund and a merge made on the hub
    # (PostgreSQL: read in the catch-up's snapshot, the merge's customers listed as stale).
    refunds.refund("B-1", "RF-B1", "full", when=at(9))
    assert [t.rows for t in reports.run("tiers", reports.check_period(*NOV)).tables][1:] == [
        (("Ann Smith (#1)", 1, Decimal("20.00")),), (("Ann Smith (#1)", 70),)]
    checkout.commit(make_order("H-1", bob, [("CAKE", 1, "5.00")]), when=at(10))
    customers.merge(1, 2, manager_pin=MANAGER_PIN)
    assert [t.rows for t in reports.run("tiers", reports.check_period(*NOV)).tables][1:] == [
        (("Ann Smith (#1)", 2, Decimal("25.00")),), (("Ann Smith (#1)", 125),)]  # 70 + Bob's 5 and his welcome (his first order was refunded)
