"""A batch's card numbers out as CSV (issue 14, "data in and out"), read back with the csv module."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.errors import NotFound, ValidationError
from pos_loyalty.services import cards, customers, exports


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_batch_exports_every_number_with_its_barcode_and_state(store: Path, manager: str, tmp_path: Path) -> None:
    cards.bulk_create(25, "Spring EAN", prefix="20", length=13, user="Maya")
    cards.bulk_create(5, "Other", user="Maya")  # 12 digits: Code 128
    numbers = cards.batch_numbers("Spring EAN")
    customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", ""), numbers[3])  # one already given out
    result = exports.export_batch("Spring EAN", tmp_path / "spring.csv")
    rows = read_csv(result.path)
    assert result.rows == 25 and [r["number"] for r in rows] == numbers  # every number, in order, none of the other batch
    assert list(rows[0]) == ["number", "barcode", "batch", "status"]
    assert all(len(r["number"]) == 13 and card_numbers.is_valid(r["number"]) and r["barcode"] == "EAN-13" and r["batch"] == "Spring EAN" for r in rows)
    assert [r["status"] for r in rows].count("active") == 1 and rows[3]["status"] == "active"
    assert {r["barcode"] for r in read_csv(exports.export_batch("Other", tmp_path / "other.csv").path)} == {"Code 128"}


def test_bad_exports_name_the_problem_and_leave_no_file(store: Path, manager: str, tmp_path: Path) -> None:
    cards.bulk_create(3, "B", user="Maya")
    with pytest.raises(NotFound) as unknown:
        exports.export_batch("Nope", tmp_path / "x.csv")
    assert unknown.value.field == "batch"
    for target, problem in ((tmp_path / "x.txt", "must end in .csv"), (tmp_path / "missing" / "x.csv", "does not exist")):
        with pytest.raises(ValidationError) as refused:
            exports.export_batch("B", target)
        assert refused.value.field == "csv" and problem in refused.value.message
    assert list(tmp_path.glob("*.csv")) == [] and list(tmp_path.glob(".*partial")) == []


def test_the_command_line_exports_a_batch_without_a_user(store: Path, manager: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cards.bulk_create(4, "Batch 7", user="Maya")
    out = tmp_path / "batch7.csv"
    assert cli(["--db", str(store), "--json", "cards", "export", "--batch", "Batch 7", "--csv", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["cards"] == 4
    assert [r["number"] for r in read_csv(out)] == cards.batch_numbers("Batch 7")
    assert cli(["--db", str(store), "--json", "cards", "export", "--batch", "Nope", "--csv", str(tmp_path / "n.csv")]) == 2
    refused = capsys.readouterr()
    assert json.loads(refused.out or refused.err)["field"] == "batch" and not (tmp_path / "n.csv").exists()


def test_customers_export_with_their_cards_and_balances_for_a_manager_only(store: Path, manager: str, tmp_path: Path) -> None:
    from pos_loyalty.domain.errors import PermissionDenied
    from pos_loyalty.services import adjustments
    from pos_loyalty.store.models import AuditLog

    _ann, ann_card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123", "ann@example.com", True, "03-14"))
    _bob, bob_card = customers.enrol(customers.CustomerInput("Bob Jones", "", "bob@example.com"))
    adjustments.adjust(ann_card.number, 120, "goodwill", manager)
    new = cards.replace(bob_card.number, user="Maya", reason="lost", manager_pin=manager)
    with pytest.raises(PermissionDenied):
        exports.export_customers(tmp_path / "no.csv", manager_pin=None)
    assert not (tmp_path / "no.csv").exists()
    result = exports.export_customers(tmp_path / "customers.csv", "Maya", manager_pin=manager)
    rows = read_csv(result.path)
    assert result.rows == 3 and list(rows[0]) == list(exports.CUSTOMER_COLUMNS)
    ann = rows[0]
    assert (ann["name"], ann["phone"], ann["email"], ann["marketing_opt_in"], ann["birthday"]) == ("Ann Smith", "+447700900123", "ann@example.com", "yes", "03-14")
    assert (ann["card"], ann["card_status"], int(ann["balance"])) == (ann_card.number, "active", cards.lookup(ann_card.number).balance)
    bob = {r["card"]: r for r in rows if r["name"] == "Bob Jones"}
    assert bob[bob_card.number]["card_status"] == "replaced" and bob[new.number]["card_status"] == "active"
    assert bob[bob_card.number]["balance"] == "0" and bob[new.number]["marketing_opt_in"] == "no"
    logged = AuditLog.select().where(AuditLog.action == "customers.export").get()
    assert logged.user == "Maya" and json.loads(logged.details)["rows"] == 3
