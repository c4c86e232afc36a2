"""Reports: each figure checked exactly on a small database built through the services."""

from __future__ import annotations

import csv
import datetime as dt
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
