"""The command line: every command works with --json, and bad input exits 2 with a message
naming the field, no traceback, and a database left exactly as it was."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.resources import resource_path

REPO = Path(__file__).resolve().parents[1]
PIN = "2468"


def run(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, Any, str]:
    code = cli(["--db", str(db), "--json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def order_file(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """A database with a manager, a batch, an enrolled customer and one committed order."""
    db = tmp_path / "cli.db"
    assert run(db, "users", "add", "Maya", "--role", "manager", "--pin", PIN, capsys=capsys)[0] == 0
    code, batch, _ = run(db, "cards", "create", "--count", "5", "--batch", "Window", capsys=capsys)
    assert code == 0 and batch["count"] == 5
    code, enrolled, _ = run(db, "customers", "add", "--name", "Ann Smith", "--phone", "0612345678", "--email", "ann@example.com", "--card", batch["first"], capsys=capsys)
    assert code == 0 and enrolled["card"] == batch["first"]
    card = enrolled["card"]
    order = order_file(tmp_path, "o1.json", {"order_id": "C-1", "card": card, "lines": [
        {"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"}, {"sku": "BEANS", "collection": "beans", "quantity": 1, "unit_price": "24.90"}]})
    code, committed, _ = run(db, "checkout", "commit", order, capsys=capsys)
    assert code == 0 and committed["points_earned"] == 90 and committed["balance"] == 90
    return {"db": db, "card": card, "batch": batch, "order": order, "tmp": tmp_path}


def test_every_command_group_with_json(world: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db, card = world["db"], world["card"]
    code, again, _ = run(db, "checkout", "commit", world["order"], capsys=capsys)
    assert code == 0 and again["replayed"] and again["balance"] == 90

    code, shown, _ = run(db, "cards", "show", card, capsys=capsys)
    assert code == 0 and shown["card"]["balance"] == 90 and shown["card"]["customer_name"] == "Ann Smith"
    assert [h["kind"] for h in shown["history"]] == ["earn"]

    code, found, _ = run(db, "cards", "find", "061234", capsys=capsys)
    assert code == 0 and [h["number"] for h in found] == [card]

    quote_file = order_file(tmp_path, "q.json", {"order_id": "C-2", "card": card, "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "10.00"}],
                                                 "rewards": [{"id": "pay-with-points", "points": 100}]})
    code, _q, err = run(db, "checkout", "quote", quote_file, capsys=capsys)
    assert code == 2 and "only 90 available" in _q["error"]

    code, adjusted, _ = run(db, "points", "adjust", card, "110", "--reason", "welcome gift", "--pin", PIN, capsys=capsys)
    assert code == 0 and adjusted["balance"] == 200 and adjusted["manager"] == "Maya"
    code, q, _ = run(db, "checkout", "quote", quote_file, capsys=capsys)
    assert code == 0 and q["total"] == "5.00" and q["points_spent"] == 100 and q["points_earned"] == 5

    code, partial, _ = run(db, "refund", "C-1", "--refund-id", "RF-1", "--lines", "1:1", capsys=capsys)
    assert code == 0 and partial["points_reversed"] == 34 and partial["balance"] == 166
    code, full, _ = run(db, "refund", "C-1", "--refund-id", "RF-2", capsys=capsys)
    assert code == 0 and full["points_reversed"] == 56 and full["balance"] == 110

    code, replaced, _ = run(db, "cards", "replace", card, "--new", world["batch"]["last"], capsys=capsys)
    assert code == 0 and replaced["balance"] == 110 and replaced["new"] == world["batch"]["last"]
    new = replaced["new"]
    code, suspended, _ = run(db, "cards", "suspend", new, "--reason", "fraud check", capsys=capsys)
    assert code == 0 and suspended["status"] == "suspended"
    code, active, _ = run(db, "cards", "reactivate", new, capsys=capsys)
    assert code == 0 and active["status"] == "active"

    cancel = order_file(tmp_path, "c3.json", {"order_id": "C-3", "card": new, "total": "12.00"})
    assert run(db, "checkout", "commit", cancel, capsys=capsys)[0] == 0
    code, cancelled, _ = run(db, "refund", "C-3", "--refund-id", "RF-3", "--cancel", capsys=capsys)
    assert code == 0 and cancelled["kind"] == "cancel" and cancelled["balance"] == 110

    code, refused, _ = run(db, "orders", "fulfil", "C-3", capsys=capsys)
    assert code == 2 and refused["field"] == "order_id" and "cancelled" in refused["error"]
    code, expired, _ = run(db, "points", "expire", capsys=capsys)
    assert code == 0 and expired == {"cards": 0, "points": 0}

    code, users, _ = run(db, "users", "add", "Sam", "--pin", "1357", "--manager-pin", PIN, capsys=capsys)
    assert code == 0 and users == {"name": "Sam", "role": "cashier"}
    code, listed, _ = run(db, "users", "list", capsys=capsys)
    assert [u["name"] for u in listed] == ["Maya", "Sam"]

    code, checked, _ = run(db, "rules", "check", str(resource_path("demo_rules.json")), capsys=capsys)
    assert code == 0 and checked["valid"]
    code, imported, _ = run(db, "rules", "import", str(resource_path("demo_rules.json")), capsys=capsys)
    assert code == 0 and imported["changed"] is False
    code, shown_rules, _ = run(db, "rules", "show", capsys=capsys)
    assert code == 0 and shown_rules["version"] == "2026.11-demo"


def test_order_from_standard_input(world: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"order_id": "S-1", "card": world["card"], "total": "3.00"})))
    code, result, _ = run(world["db"], "checkout", "commit", "-", capsys=capsys)
    assert code == 0 and result["points_earned"] == 3


def test_fulfilment_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "f.db"
    rules = json.loads(resource_path("demo_rules.json").read_text())
    rules["settings"]["award_on"] = "fulfilled"
    bundle = tmp_path / "rules.json"
    bundle.write_text(json.dumps(rules))
    assert run(db, "rules", "import", str(bundle), capsys=capsys)[1]["changed"]
    card = run(db, "customers", "add", "--name", "Bo", "--email", "bo@example.com", capsys=capsys)[1]["card"]
    order = order_file(tmp_path, "o.json", {"order_id": "F-1", "card": card, "total": "20.00"})
    assert run(db, "checkout", "commit", order, capsys=capsys)[1]["balance"] == 0
    assert run(db, "orders", "fulfil", "F-1", capsys=capsys)[1]["balance"] == 70
    assert run(db, "orders", "fulfil", "F-1", capsys=capsys)[1]["balance"] == 70


BAD = [
    (["cards", "show", "123456789012"], "card"),
    (["cards", "show", "12AB"], "card"),
    (["cards", "show", "000000000000"], "card"),
    (["cards", "find", "  "], "query"),
    (["cards", "create", "--count", "0", "--batch", "X"], "count"),
    (["cards", "create", "--count", "5", "--batch", "Window"], "batch"),
    (["cards", "create", "--count", "5", "--batch", "X", "--prefix", "1234567890"], "prefix"),
    (["cards", "replace", "000000000000"], "card"),
    (["cards", "suspend", "999"], "card"),
    (["customers", "add", "--name", "Cy", "--email", "not-an-email"], "email"),
    (["customers", "add", "--name", "Cy"], "phone"),
    (["customers", "add", "--name", "", "--phone", "0611111111"], "name"),
    (["customers", "add", "--name", "Cy", "--phone", "0611111111", "--card", "{card}"], "card"),
    (["customers", "add", "--name", "Cy", "--phone", "0612345678"], "phone"),
    (["checkout", "commit", "{tmp}/missing.json"], "file"),
    (["checkout", "commit", "{tmp}/notjson.json"], "file"),
    (["checkout", "commit", "{tmp}/negative.json"], "lines[0].unit_price"),
    (["checkout", "commit", "{tmp}/nosku.json"], "lines[0].sku"),
    (["checkout", "commit", "{tmp}/badreward.json"], "rewards[0].id"),
    (["checkout", "commit", "{tmp}/changed.json"], "order_id"),
    (["checkout", "quote", "{tmp}/negative.json"], "lines[0].unit_price"),
    (["orders", "fulfil", "NOPE"], "order_id"),
    (["refund", "NOPE", "--refund-id", "R"], "order_id"),
    (["refund", "C-1", "--refund-id", "R", "--lines", "0:5"], "lines[0]"),
    (["refund", "C-1", "--refund-id", "R", "--lines", "zero:one"], "lines"),
    (["points", "adjust", "{card}", "50", "--reason", "gift", "--pin", "0000"], "pin"),
    (["points", "adjust", "{card}", "50", "--reason", "", "--pin", PIN], "reason"),
    (["points", "adjust", "{card}", "0", "--reason", "gift", "--pin", PIN], "points"),
    (["points", "adjust", "{card}", "-500", "--reason", "oops", "--pin", PIN], "points"),
    (["users", "add", "Zed", "--pin", "123", "--manager-pin", PIN], "pin"),
    (["users", "add", "Zed", "--pin", "1234"], "pin"),
    (["rules", "import", "{tmp}/badrules.json"], "rules"),
    (["rules", "check", "{tmp}/badrules.json"], "rules"),
    (["cards", "print", "--batch", "Nope", "--out", "{tmp}/x.pdf"], "batch"),
]


@pytest.mark.parametrize("args, field", BAD, ids=[" ".join(a[:2]) + f" [{f}]" for a, f in BAD])
def test_bad_input_exits_2_names_the_field_and_changes_nothing(world: dict[str, Any], capsys: pytest.CaptureFixture[str], args: list[str], field: str) -> None:
    tmp = world["tmp"]
    (tmp / "notjson.json").write_text("{nope")
    order_file(tmp, "negative.json", {"order_id": "B-1", "card": world["card"], "lines": [{"sku": "A", "quantity": 1, "unit_price": "-1"}]})
    order_file(tmp, "nosku.json", {"order_id": "B-1", "card": world["card"], "lines": [{"quantity": 1, "unit_price": "1"}]})
    order_file(tmp, "badreward.json", {"order_id": "B-1", "card": world["card"], "total": "5", "rewards": [{"id": "nope"}]})
    order_file(tmp, "changed.json", {"order_id": "C-1", "card": world["card"], "total": "99"})
    (tmp / "badrules.json").write_text(json.dumps({"version": "2", "earning_rules": [{"id": "x", "name": "x", "mode": "fixed", "points": -1}]}))
    args = [a.replace("{card}", world["card"]).replace("{tmp}", str(tmp)) for a in args]
    db = world["db"]
    before = dump(db)

    code = cli(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"error: {field}:"), err
    assert "Traceback" not in out + err

    code = cli(["--db", str(db), "--json", *args])
    out, err = capsys.readouterr()
    assert code == 2
    payload = json.loads(out)
    assert payload.get("field", "rules") == field and payload["error"]
    assert dump(db) == before


def test_a_bad_bundle_lists_every_error_and_keeps_the_old_rules(world: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    bad = world["tmp"] / "bad.json"
    bad.write_text(json.dumps({"version": "9", "earning_rules": [{"id": "x", "name": "x", "mode": "fixed", "points": 0}],
                               "rewards": [{"type": "discount", "id": "d", "name": "d", "points_cost": 1, "discount": "percent", "value": "120"}]}))
    code, payload, _ = run(world["db"], "rules", "import", str(bad), capsys=capsys)
    assert code == 2
    assert {e["where"] for e in payload["errors"]} == {"earning_rules[0].points", "rewards[0]"}
    assert run(world["db"], "rules", "show", capsys=capsys)[1]["version"] == "2026.11-demo"


def test_argparse_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "x.db"), "cards", "create", "--count", "many", "--batch", "B"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not a whole number" in result.stderr and "Traceback" not in result.stderr


def test_real_process_with_env_database(tmp_path: Path) -> None:
    env = {"POS_LOYALTY_DB": str(tmp_path / "env.db"), "PATH": "/usr/bin:/bin", "POS_LOYALTY_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run([sys.executable, "main.py", "--json", "cards", "create", "--count", "3", "--batch", "Env"],
                            cwd=REPO, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["count"] == 3
    assert (tmp_path / "env.db").exists()
