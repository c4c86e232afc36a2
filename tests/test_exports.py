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
