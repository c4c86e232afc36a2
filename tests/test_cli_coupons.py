"""`coupons issue / list / void` on the command line, with exact figures: a manager's coupon is
listed issued, taken at a checkout for 0 points, then listed redeemed on that order; voiding
needs a manager and a reason; bad input exits 2 naming the field and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.cli import build_parser
from pos_loyalty.serve import answer
from pos_loyalty.services import users
from pos_loyalty.store.models import now

from .conftest import MANAGER_PIN, ensure_manager
from .db_compare import dump
from .test_cli import Cli, template, world, write_json  # noqa: F401 (the shared CLI world)


def coffee_order(folder: Path, order_id: str, card: str, code: str) -> str:
    return write_json(folder / f"{order_id}.json", {"order_id": order_id, "card": card, "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "4.00"}],
                                                     "rewards": [{"id": "free-coffee", "coupon": code}]})


def test_issue_list_redeem_for_no_points_then_refused_a_second_time(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    assert c.ok("coupons", "list", card) == []
    expires = (now().date() + dt.timedelta(days=30)).isoformat()
    issued = c.ok("coupons", "issue", card, "--reward", "free-coffee", "--reason", "sorry for the wait", "--expires", expires)
    code = issued["code"]
    assert (issued["card"], issued["reward_name"], issued["state"], issued["source"], issued["issued_by"]) == (card, "Free coffee", "issued", "manual", "Maya")
    assert issued["expires_at"].startswith(f"{expires}T23:59:59")
    (listed,) = c.ok("coupons", "list", card)
    assert (listed["code"], listed["state"], listed["order_id"]) == (code, "issued", None)
    status, out, _ = c.text("coupons", "list", card)
    assert status == 0 and code in out and "Free coffee" in out and f"expires {expires}" in out and "manual" in out

    committed = c.ok("checkout", "commit", coffee_order(world["tmp"], "CP-1", card, code))
    assert (committed["points_spent"], committed["points_earned"], committed["balance"], committed["total"]) == (0, 4, 94, "4.00")
    (listed,) = c.ok("coupons", "list", card)
    assert (listed["state"], listed["order_id"]) == ("redeemed", "CP-1")
    status, out, _ = c.text("coupons", "list", card)
    assert "redeemed on order CP-1" in out

    before = dump(world["db"])
    status, refused = c.json("checkout", "commit", coffee_order(world["tmp"], "CP-2", card, code))
    assert status == 2 and refused == {"field": "rewards[0].coupon", "error": f"{code} was already used on order CP-1"}
    status, refused = c.json("coupons", "void", code, "--reason", "too late")
    assert status == 2 and refused == {"field": "code", "error": f"{code} was already used on order CP-1"}
    assert dump(world["db"]) == before


def test_void_needs_a_manager_pin_and_a_reason(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    code = c.ok("coupons", "issue", card, "--reward", "free-coffee", "--reason", "sorry for the wait")["code"]
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "1357")
    c.ok("users", "add", "Sam")
    sam = Cli(world["db"], c.capsys, user="Sam")
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    before = dump(world["db"])
    for args in (["coupons", "void", code, "--reason", "mistake"], ["coupons", "issue", card, "--reward", "free-coffee", "--reason", "gift"]):
        status, refused = sam.json(*args)
        assert status == 2 and refused["field"] == "manager_pin", refused
    assert dump(world["db"]) == before
    assert sam.ok("coupons", "list", card)[0]["state"] == "issued", "a cashier may read a card's coupons"
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", "000000")
    status, refused = sam.json("coupons", "void", code, "--reason", "mistake")
    assert status == 2 and refused["field"] == "manager_pin" and "not correct" in refused["error"]
    with sqlite3.connect(world["db"]) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'pin.failure'").fetchone() == (1,)
        assert conn.execute("SELECT status FROM coupon WHERE code = ?", (code,)).fetchone() == ("issued",)
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", MANAGER_PIN)
    status, refused = sam.json("coupons", "void", code, "--reason", "")
    assert status == 2 and refused["field"] == "reason"
    voided = sam.ok("coupons", "void", code, "--reason", "issued to the wrong card")
    assert (voided["state"], voided["voided_by"], voided["void_reason"]) == ("void", "Maya", "issued to the wrong card")
    status, out, _ = sam.text("coupons", "list", card)
    assert "void by Maya: issued to the wrong card" in out
    status, refused = sam.json("checkout", "commit", coffee_order(world["tmp"], "CP-3", card, code))
    assert status == 2 and refused == {"field": "rewards[0].coupon", "error": f"{code} is void"}
    with sqlite3.connect(world["db"]) as conn:
        assert conn.execute("SELECT user, target, reason FROM audit_log WHERE action = 'coupon.void'").fetchall() == [("Maya", card, "issued to the wrong card")]


@pytest.mark.parametrize(("args", "field"), [
    (["--expires", "2020-01-01"], "expires"),
    (["--expires", "31/12/2026"], "expires"),
    (["--expires", "2026-02-30"], "expires"),
    (["--reason", "  "], "reason"),
    (["--reward", "pay-with-points"], "reward"),
    (["--reward", "nope"], "reward"),
])
def test_a_bad_issue_exits_2_naming_the_field_and_changes_nothing(world: dict[str, Any], args: list[str], field: str) -> None:
    c: Cli = world["cli"]
    options = {"--reward": "free-coffee", "--reason": "goodwill"}
    for i in range(0, len(args), 2):
        options[args[i]] = args[i + 1]
    before = dump(world["db"])
    status, refused = c.json("coupons", "issue", world["card"], *[w for pair in options.items() for w in pair])
    assert status == 2 and refused["field"] == field, refused
    assert dump(world["db"]) == before


def test_serve_lists_coupons_but_refuses_to_issue_or_void_them(store: Path, card: str) -> None:
    users.add_user("Till1", "cashier", "1357", ensure_manager())
    parser = build_parser()
    for command in (["coupons", "issue", card, "--reward", "free-coffee", "--reason", "gift"], ["coupons", "void", "ABCDEFGHJK", "--reason", "mistake"]):
        reply = answer(parser, json.dumps({"id": 1, "command": command}), "Till1")
        assert reply["exit"] == 2 and reply["output"]["field"] == "command", reply
    reply = answer(parser, json.dumps({"id": 2, "command": ["coupons", "list", card]}), "Till1")
    assert reply == {"id": 2, "exit": 0, "output": []}
