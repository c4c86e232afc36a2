"""`pos-loyalty reports`: list, text, --json and --csv (several tables: FILE and FILE-stem-key.csv),
and bad input refused with exit 2 naming the field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pos_loyalty.cli import main as cli

from .test_reports import shop  # noqa: F401 - the fixture


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_reports_list_names_every_report(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store, capsys, "--json", "reports", "list")
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == ["enrolments", "points", "rewards", "customers", "tiers", "orders"]


def test_a_report_as_text_json_and_csv_files(shop: dict[str, str], store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    span = ["--from", "2026-11-01", "--to", "2026-11-30"]
    code, out, _ = run(store, capsys, "reports", "orders", *span, "--grain", "month")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Orders, 2026-11-01 to 2026-11-30 by month"
    assert "  Average basket with a card     86.87" in lines
    assert lines[-2].split() == ["Period", "Orders", "with", "a", "card", "Orders", "without", "Average", "basket", "with", "a", "card",
                                 "Average", "basket", "without", "Refunds", "Amount", "refunded"]
    assert lines[-1].split() == ["2026-11-01", "3", "1", "86.87", "8.00", "1", "5.60"]

    code, out, _ = run(store, capsys, "--json", "reports", "rewards", *span)
    data = json.loads(out)
    assert data["period"] == {"from": "2026-11-01", "to": "2026-11-30", "grain": "day", "store": None, "till": None, "lapsed_days": 90}
    assert data["figures"] == {"redemptions": 1, "money_off": "15.00", "customers_redeemed": 1, "customers_ordering": 2, "redemption_rate": "50.0"}
    assert data["tables"][0]["rows"] == [{"reward": "ten-percent", "name": "10% off the order", "redemptions": 1, "points": 200, "money_off": "15.00"}]

    target = tmp_path / "out" / "tiers.csv"
    target.parent.mkdir()
    code, out, _ = run(store, capsys, "reports", "tiers", *span, "--csv", str(target))
    assert code == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["tiers-top_points.csv", "tiers-top_spend.csv", "tiers.csv"]
    with open(target, newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [["Tier", "Customers"], ["Bronze", "2"], ["Silver", "1"], ["Gold", "0"]]
    with open(target.with_name("tiers-top_spend.csv"), newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [["Customer", "Orders", "Spent"], ["Ann Smith (#1)", "2", "255.00"]]


@pytest.mark.parametrize("args, message", [
    (["reports", "nope"], "report: no report named 'nope'"),
    (["reports", "orders", "--from", "2026-11-31"], "'2026-11-31' is not a date"),
    (["reports", "orders", "--from", "2026-12-01", "--to", "2026-11-01"], "to: 2026-11-01 is before the start"),
    (["reports", "orders", "--till", "T9"], "till: no till named 'T9'"),
    (["reports", "orders", "--grain", "hour"], "invalid choice: 'hour'"),
])
def test_bad_input_exits_2_naming_the_field(store: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _out, err = run(store, capsys, *args)
    assert code == 2
    assert message in err
