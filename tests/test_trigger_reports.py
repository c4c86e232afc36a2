"""Trigger logs and stats (seed 002's logs and dashboard) through the services and the CLI:
exact counts, revenue attributed, ISO weeks, filters, CSV — and rules deleted from the bundle
still count."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pos_loyalty import cli
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.services import customers, trigger_reports, triggers
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import TriggerLog

from .conftest import make_order
from .test_triggers import T0, activate, buy, trigger


def campaign(tmp_path: Path, card: str) -> None:
    """Ann: BOGO coupon on 4 Nov, converted on 12 Nov (order total 8.20); Bo: coupon on 5 Nov,
    sent 10 Nov, pending conversion; Cy (not opted in): blocked. Then the trigger is deleted."""
    activate(tmp_path, "campaign", trigger(send_to="opted_in", criterion={"kind": "bogo", "orders": 1}))
    from pos_loyalty.store.models import Customer

    Customer.update(marketing_opt_in=True).execute()  # Ann opted in
    _c, bo = customers.enrol(customers.CustomerInput("Bo Brown", "+44 7700 900222", "bo@example.com", marketing_opt_in=True))
    _c, cy = customers.enrol(customers.CustomerInput("Cy Cole", "+44 7700 900333", "cy@example.com"))
    [ann_fired] = buy("A-1", card, [("WIDGET", 1, "1.00")], 2).fired
    buy("B-1", bo.number, [("WIDGET", 1, "1.00")], 3)
    buy("C-1", cy.number, [("WIDGET", 1, "1.00")], 3)
    triggers.mark_sent(ann_fired.log_id, T0 + dt.timedelta(days=2, hours=1))
    triggers.mark_sent(TriggerLog.get(TriggerLog.card == bo.id).id, T0 + dt.timedelta(days=8))
    buy("A-2", card, [("CAKE", 2, "4.10")], 10, rewards=[{"id": "free-coffee", "coupon": ann_fired.coupon}])
    activate(tmp_path, "gone", trigger("other", criterion={"kind": "bogo", "orders": 50}))  # the campaign's rule deleted


def test_stats_all_time_and_per_range(store: Path, card: str, tmp_path: Path) -> None:
    campaign(tmp_path, card)
    s = trigger_reports.stats()
    assert (s.pending, s.sent, s.conversions, s.blocked, s.revenue, s.currency) == (0, 2, 1, 1, Decimal("8.20"), "EUR")
    assert [(w.week, w.sent) for w in s.weekly] == [("2026-W45", 1), ("2026-W46", 1)]  # 4 Nov and 10 Nov 2026
    early = trigger_reports.stats(dt.date(2026, 11, 4), dt.date(2026, 11, 4))
    assert (early.pending, early.sent, early.conversions, early.blocked, early.revenue) == (0, 1, 1, 0, Decimal("8.20"))
    assert [(w.week, w.sent) for w in early.weekly] == [("2026-W45", 1)]
    with pytest.raises(ValidationError) as err:
        trigger_reports.stats(dt.date(2026, 11, 5), dt.date(2026, 11, 4))
    assert err.value.field == "to"


def test_log_rows_filtered_and_paged(store: Path, card: str, tmp_path: Path) -> None:
    campaign(tmp_path, card)
    rows = trigger_reports.log()
    assert [(r.customer, r.status, r.trigger_name) for r in rows] == [("Cy Cole", "blocked", "BOGO"), ("Bo Brown", "sent", "BOGO"),
                                                                       ("Ann Smith", "conversion", "BOGO")]
    ann = rows[2]
    assert (ann.order_id, ann.conversion_order, ann.conversion_total, ann.email) == ("A-1", "A-2", Decimal("8.20"), "ann@example.com")
    assert rows[0].reason == "the customer has not opted in to marketing"
    assert [r.customer for r in trigger_reports.log(status="blocked")] == ["Cy Cole"]
    assert [r.customer for r in trigger_reports.log(dt.date(2026, 11, 5), dt.date(2026, 11, 5))] == ["Cy Cole", "Bo Brown"]
    assert [r.customer for r in trigger_reports.log(offset=1, limit=1)] == ["Bo Brown"]
    assert trigger_reports.count(status="conversion") == 1
    with pytest.raises(ValidationError) as err:
        trigger_reports.log(status="opened")
    assert err.value.field == "status"


def test_the_cli_log_csv_and_stats_json(store: Path, card: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    campaign(tmp_path, card)
    close_database()
    assert cli.main(["--db", str(store), "triggers", "log", "--status", "conversion", "--csv"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0][:4] == ["id", "at", "trigger_id", "trigger_name"]
    assert len(table) == 2
    row = dict(zip(table[0], table[1]))
    assert (row["customer"], row["status"], row["order_id"], row["conversion_order"], row["conversion_total"], row["at"]) == (
        "Ann Smith", "conversion", "A-1", "A-2", "8.20", "2026-11-04 10:00:00")
    assert cli.main(["--db", str(store), "--json", "triggers", "stats", "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["pending"], data["sent"], data["conversions"], data["blocked"], data["revenue"]) == (0, 2, 1, 1, "8.20")
    assert [w["sent"] for w in data["weekly"]] == [0, 1, 1, 0, 0, 0]  # W44 (Sunday 1 Nov) to W49 (Monday 30 Nov)
    assert cli.main(["--db", str(store), "triggers", "stats"]) == 0
    text = capsys.readouterr().out
    assert "messages sent     2" in text and "revenue           8.20 EUR" in text and "2026-W46 (2026-11-09)  1 message" in text
    assert cli.main(["--db", str(store), "triggers", "log", "--from", "2026-13-01"]) == 2
    assert "is not a date" in capsys.readouterr().err
    open_store(str(store))
