"""`pos-loyalty serve --stdio`, driven as a POS drives it: one real process, JSON requests
written one per line, answers read one per line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pos_loyalty.services import users

from .conftest import ensure_manager
from .db_compare import dump
from .test_cli_output import REPO, cli_env

TILL_PIN = "1357"


class Server:
    def __init__(self, db: Path, tmp_path: Path) -> None:
        # The POS runs serve as its own cashier, Till1, proven once at start (PIN from the environment).
        env = {**cli_env(tmp_path), "POS_LOYALTY_PIN": TILL_PIN}
        self.process = subprocess.Popen([sys.executable, "main.py", "--db", str(db), "--user", "Till1", "serve", "--stdio"], cwd=REPO,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def send(self, line: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"no answer; stderr: {self.process.stderr.read() if self.process.stderr else ''}"
        return json.loads(answer)

    def ask(self, request_id: Any, *command: str, **extra: Any) -> dict[str, Any]:
        answer = self.send(json.dumps({"id": request_id, "command": list(command), **extra}))
        assert answer["id"] == request_id
        return answer

    def close(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=60)
        return self.process.returncode, out, err


@pytest.fixture
def server(store: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    users.add_user("Till1", "cashier", TILL_PIN, ensure_manager())
    s = Server(store, tmp_path)
    yield s
    if s.process.poll() is None:
        s.process.kill()
        s.process.wait()


def test_many_sales_in_one_process_with_the_cli_formats_and_guarantees(server, card, store):
    order = {"order_id": "POS-1", "card": card, "lines": [{"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"}]}
    quoted = server.ask(1, "checkout", "quote", "-", input=order)
    assert quoted["exit"] == 0 and quoted["output"]["points_earned"] == 55 and quoted["output"]["discount"] == "0.00"
    committed = server.ask(2, "checkout", "commit", "-", input=order)
    assert committed["exit"] == 0 and committed["output"]["balance"] == 55 and committed["output"]["replayed"] is False
    again = server.ask(3, "checkout", "commit", "-", input=order)  # the POS retries: nothing changes
    assert again["exit"] == 0 and again["output"]["replayed"] is True and again["output"]["balance"] == 55
    changed = server.ask("4-a", "checkout", "commit", "-", input={**order, "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "4.10"}]})
    assert changed["exit"] == 2 and changed["output"]["field"] == "order_id"
    shown = server.ask(5, "cards", "show", card)
    assert shown["exit"] == 0 and shown["output"]["card"]["balance"] == 55
    assert shown["output"]["history"][0]["user"] == "Till1", "--user of serve is the operator of every request"
    for n in range(6, 26):  # a till's day, quickly: every answer in order, one line each
        sale = {"order_id": f"POS-{n}", "card": card, "total": "1.00"}
        assert server.ask(n, "checkout", "commit", "-", input=sale)["exit"] == 0
    assert server.ask(99, "cards", "show", card)["output"]["card"]["balance"] == 75
    code, out, err = server.close()
    assert code == 0 and out == "" and "Traceback" not in err


def test_bad_requests_are_answered_not_fatal_and_change_nothing(server, card, store):
    before = dump(store)
    assert server.send("not json") == {"id": None, "exit": 2, "output": {"error": "not valid JSON (column 1: Expecting value)", "field": "request"}}
    assert server.send("[1, 2]")["output"]["field"] == "request"
    assert server.ask(1, "cards", "show", "1234")["exit"] == 2
    missing = server.ask(2, "checkout", "commit", "-")  # no input: the order is missing
    assert missing["exit"] == 2 and missing["output"]["field"] == "file"
    usage = server.ask(3, "cards", "create", "--count", "many", "--batch", "B")
    assert usage == {"id": 3, "exit": 2, "output": {"error": "argument --count: 'many' is not a whole number", "field": "--count"}}
    assert server.ask(4, "--db", "/elsewhere.db", "cards", "show", card)["output"]["field"] == "--db"
    assert server.ask(5, "serve", "--stdio")["exit"] == 2
    assert server.send(json.dumps({"id": 6, "command": "cards show"}))["output"]["field"] == "command"
    assert server.send(json.dumps({"id": 7, "command": ["cards", "show", card], "extra": 1}))["output"]["field"] == "extra"
    helped = server.ask(8, "cards", "--help")
    assert helped["exit"] == 0 and "usage: pos-loyalty cards" in helped["output"]["help"]
    other_user = server.ask(10, "--user", "Maya", "cards", "show", card)  # serve runs as the user proven at its start
    assert other_user["exit"] == 2 and other_user["output"]["field"] == "--user"
    manager_only = server.ask(11, "points", "adjust", card, "500", "--reason", "goodwill")  # needs a manager's PIN there and then
    assert manager_only["exit"] == 2 and manager_only["output"]["field"] == "command"
    unknown = server.ask(12, "refund", "NO-SUCH-ORDER", "--refund-id", "R-1")  # looked up to know who may refund it
    assert unknown["exit"] == 2 and unknown["output"]["field"] == "order_id"
    pin_change = server.ask(13, "users", "pin")  # a PIN is never taken in a request
    assert pin_change["exit"] == 2 and pin_change["output"]["field"] == "pin"
    assert server.ask(9, "cards", "show", card)["exit"] == 0, "still answering after all that"
    code, out, err = server.close()
    assert code == 0 and out == "" and "Traceback" not in err
    assert dump(store) == before


def test_an_internal_error_is_answered_with_exit_1_and_the_next_request_still_works(store, monkeypatch):
    from pos_loyalty import cli
    from pos_loyalty.serve import answer

    def broken(args, out):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "cmd_users_list", broken)
    parser = cli.build_parser()
    failed = answer(parser, json.dumps({"id": "a", "command": ["users", "list"]}), "Till1")
    assert failed == {"id": "a", "exit": 1, "output": {"error": "internal error: RuntimeError: disk on fire"}}
    assert answer(parser, json.dumps({"id": "b", "command": ["rules", "show"]}), "Till1")["exit"] == 0
