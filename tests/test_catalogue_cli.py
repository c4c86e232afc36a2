"""`pos-loyalty products import|find|show`: exit 2 with every problem listed, JSON everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_catalogue import BAD, CLEAN, write
from tests.test_cli import PIN, Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", PIN)
    runner = Cli(tmp_path / "loyalty.db", capsys, user=None)
    assert runner.json("users", "add", "Maya", "--role", "manager")[0] == 0
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    return Cli(tmp_path / "loyalty.db", capsys)


def test_import_dry_run_find_and_show(cli: Cli, tmp_path: Path) -> None:
    path = str(write(tmp_path, CLEAN, bom=True))
    dry = cli.ok("products", "import", path, "--dry-run")
    assert (dry["dry_run"], dry["added"], dry["valid"]) == (True, 4, True)
    assert cli.ok("products", "find", "cake") == []  # the dry run changed nothing
    done = cli.ok("products", "import", path)
    assert (done["added"], done["barcodes_added"]) == (4, 5)
    assert cli.ok("products", "import", path)["unchanged"] == 4
    found = cli.ok("products", "find", "creme")
    assert [(p["sku"], p["price"]) for p in found] == [("CAKE-02", "4.20")]
    shown = cli.ok("products", "show", "4006381333931")
    assert shown["sku"] == "CAKE-01" and shown["barcodes"] == ["2000000000015", "4006381333931"]
    code, out, _err = cli.text("products", "show", "CAKE-01")
    assert code == 0 and "Chocolate cake" in out and "4006381333931" in out
    code, _out, err = cli.text("products", "show", "NOPE")
    assert code == 2 and "no product" in err


def test_a_bad_file_lists_every_problem_and_exits_2(cli: Cli, tmp_path: Path) -> None:
    path = str(write(tmp_path, BAD))
    code, data = cli.json("products", "import", path)
    assert code == 2 and data["valid"] is False and len(data["problems"]) == 8
    assert {"line": 3, "column": "price", "problem": "'1,2,3' is not a price (write it like 3,50 or 3.50)"} in data["problems"]
    code, _out, err = cli.text("products", "import", path, "--dry-run")
    assert code == 2 and "line 2, sku: sku is missing" in err and "8 problems" in err
    assert cli.ok("products", "find", "a-") == []


def test_importing_without_a_manager_pin_is_refused(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "8642")
    assert cli.json("users", "add", "Tom", "--role", "cashier")[0] == 0
    monkeypatch.setenv("POS_LOYALTY_PIN", "8642")
    monkeypatch.delenv("POS_LOYALTY_MANAGER_PIN", raising=False)
    code, data = Cli(cli.db, cli.capsys, user="Tom").json("products", "import", str(write(tmp_path, CLEAN)))
    assert code == 2 and "manager" in data["error"], data
    assert Cli(cli.db, cli.capsys, user=None).ok("products", "find", "cake") == []
