"""The command line, driven in-process through `pos_loyalty.cli.main` on real SQLite files.

Every command group works with `--json` (output parsed and checked: points, balances, money);
every kind of bad input exits 2 with a message that names the field, never a traceback, and
leaves the database exactly as it was (a dump of every table before and after).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.domain import card_numbers
from pos_loyalty.resources import resource_path

from .db_compare import dump

REPO = Path(__file__).resolve().parents[1]
PIN = "246810"  # Maya's, the store's manager; the CLI reads it from POS_LOYALTY_PIN
DEMO = resource_path("demo_rules.json")
C1 = {"order_id": "C-1", "lines": [{"sku": "COFFEE", "quantity": 2, "unit_price": "2.80"},
                                   {"sku": "BEANS", "collection": "beans", "quantity": 1, "unit_price": "24.90"}]}


# -- helpers ------------------------------------------------------------------------------


class Cli:
    """Runs the CLI on one database file, as `user` (their PIN in POS_LOYALTY_PIN), and captures
    what it printed."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str], user: str | None = "Maya") -> None:
        self.db = db
        self.capsys = capsys
        self.user = ["--user", user] if user else []

    def text(self, *args: str) -> tuple[int, str, str]:
        code = cli(["--db", str(self.db), *self.user, *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    def json(self, *args: str) -> tuple[int, Any]:
        code = cli(["--db", str(self.db), *self.user, "--json", *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        assert err == "", f"--json printed to stderr: {err}"
        return code, json.loads(out)

    def ok(self, *args: str) -> Any:
        code, data = self.json(*args)
        assert code == 0, data
        return data


def write_json(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def bundle_variant(tmp: Path, name: str, **changes: Any) -> str:
    """The demo bundle with a new version and some settings or rules changed."""
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["version"] = name
    for key, value in changes.items():
        if key == "spend_points":
            data["earning_rules"][0]["points"] = value
        else:
            data["settings"][key] = value
    return write_json(tmp / f"{name}.json", data)


def unknown_card(*taken: str) -> str:
    """A well-formed number (check digit right) that is not a card of the store."""
    while True:
        number = card_numbers.random_number("", 12)
        if number not in taken:
            return number


def bad_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@contextlib.contextmanager
def pins(**values: str) -> Any:
    """Set the PIN variables (POS_LOYALTY_<NAME>) for the commands run inside."""
    names = {f"POS_LOYALTY_{k.upper()}": v for k, v in values.items()}
    saved = {k: os.environ.get(k) for k in names}
    os.environ.update(names)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def quiet_cli(db: Path, *args: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()), pins(pin=PIN):
        code = cli(["--db", str(db), "--json", *args])
    assert code == 0, out.getvalue()
    return json.loads(out.getvalue())


# -- a world built once, copied for each test ---------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Manager Maya; batch 'Window' of 5 cards; Ann enrolled on the first; order C-1 (90 points)
    on her card; order C-9 (no card) cancelled by refund R-9."""
    folder = tmp_path_factory.mktemp("cli-world")
    db = folder / "world.db"
    with pins(new_pin=PIN):
        quiet_cli(db, "users", "add", "Maya", "--role", "manager")
    batch = quiet_cli(db, "--user", "Maya", "cards", "create", "--count", "5", "--batch", "Window")
    enrolled = quiet_cli(db, "--user", "Maya", "customers", "add", "--name", "Ann Smith", "--phone", "06 12 34 56 78", "--email", "Ann@Example.com", "--card", batch["first"])
    card = enrolled["card"]
    committed = quiet_cli(db, "--user", "Maya", "checkout", "commit", write_json(folder / "c1.json", {**C1, "card": card}))
    assert committed["points_earned"] == 90 and committed["balance"] == 90 and committed["total"] == "30.50"
    quiet_cli(db, "--user", "Maya", "checkout", "commit", write_json(folder / "c9.json", {"order_id": "C-9", "total": "12.00"}))
    quiet_cli(db, "--user", "Maya", "refund", "C-9", "--refund-id", "R-9", "--cancel")
    with sqlite3.connect(db) as conn:
        spare = [n for (n,) in conn.execute("SELECT number FROM card WHERE status = 'unassigned' ORDER BY number")]
        all_numbers = [n for (n,) in conn.execute("SELECT number FROM card")]
    assert len(spare) == 4
    return {"db": db, "card": card, "spare": spare, "numbers": all_numbers, "batch": batch}


@pytest.fixture
def world(template: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "8642")  # for `users add`
    db = tmp_path / "loyalty.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(template["db"]) + suffix)
        if source.exists():
            shutil.copy(source, str(db) + suffix)
    return {**template, "db": db, "tmp": tmp_path, "cli": Cli(db, capsys), "unknown": unknown_card(*template["numbers"])}


# -- happy paths, every command group ----------------------------------------------------------


def test_rules_check_import_show_and_a_bad_bundle_keeps_the_old_rules(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    tmp: Path = world["tmp"]
    checked = c.ok("rules", "check", str(DEMO))
    assert checked == {"valid": True, "version": "2026.11-demo", "earning_rules": 3, "rewards": 5}
    shown = c.ok("rules", "show")
    assert shown["version"] == "2026.11-demo" and shown["rules"]["name"] == "Corner Café Rewards"
    assert c.ok("rules", "import", str(DEMO))["changed"] is False  # the demo is already active

    double = bundle_variant(tmp, "2026.12-double", spend_points=2)
    first = c.ok("rules", "import", double)
    assert first["changed"] is True and first["version"] == "2026.12-double" and len(first["checksum"]) == 64
    second = c.ok("rules", "import", double)
    assert second["changed"] is False and second["checksum"] == first["checksum"]
    code, out, _ = c.text("rules", "import", double)
    assert code == 0 and "already active: nothing changed" in out
    shown = c.ok("rules", "show")
    assert shown["version"] == "2026.12-double" and shown["checksum"] == first["checksum"]
    assert shown["rules"]["earning_rules"][0]["points"] == 2
    quote_file = write_json(tmp / "q.json", {"order_id": "Q-1", "card": world["card"], "total": "5.60"})
    assert c.ok("checkout", "quote", quote_file)["points_earned"] == 10  # 5 whole euros × 2

    bad = tmp / "bad-rules.json"
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["version"] = "2027.01-broken"
    data["earning_rules"][0]["points"] = -1
    data["rewards"][0]["conversion_factor"] = "0"
    bad.write_text(json.dumps(data))
    before = dump(world["db"])
    code, rejected = c.json("rules", "import", str(bad))
    assert code == 2 and rejected["error"] == "rules bundle rejected"
    wheres = {e["where"] for e in rejected["errors"]}
    assert "earning_rules[0].points" in wheres and any(w.startswith("rewards[0]") for w in wheres), wheres
    assert dump(world["db"]) == before
    code, _ = c.json("rules", "check", str(bad))
    assert code == 2
    shown = c.ok("rules", "show")
    assert shown["version"] == "2026.12-double" and shown["checksum"] == first["checksum"]
    assert c.ok("checkout", "quote", quote_file)["points_earned"] == 10
    code, out, _ = c.text("rules", "show")
    assert code == 0 and "2026.12-double" in out


def test_cards_create_show_find_suspend_reactivate_replace(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    created = c.ok("cards", "create", "--count", "3", "--batch", "Counter", "--prefix", "99", "--length", "13")
    assert created["count"] == 3 and created["name"] == "Counter" and created["prefix"] == "99" and created["length"] == 13
    for number in (created["first"], created["last"]):
        assert len(number) == 13 and number.startswith("99") and card_numbers.is_valid(number)
    with sqlite3.connect(world["db"]) as conn:
        rows = conn.execute("SELECT c.number, c.status, c.balance FROM card c JOIN card_batch b ON b.id = c.batch_id WHERE b.name = 'Counter'").fetchall()
    assert len(rows) == 3 and {r[1] for r in rows} == {"unassigned"} and {r[2] for r in rows} == {0}

    shown = c.ok("cards", "show", card)
    assert shown["card"]["balance"] == 90 and shown["card"]["status"] == "active"
    assert shown["card"]["customer_name"] == "Ann Smith" and shown["card"]["phone"] == "+44612345678" and shown["card"]["email"] == "ann@example.com"
    assert shown["card"]["batch"] == "Window" and shown["card"]["tier"] == "Bronze"
    assert [(h["kind"], h["points"]) for h in shown["history"]] == [("earn", 90)]
    assert shown["history"][0]["order_id"] == "C-1", "the history row must name the order that earned the points"
    spaced = c.ok("cards", "show", " ".join([card[:4], card[4:8], card[8:]]))  # a number typed with spaces
    assert spaced["card"]["number"] == card
    code, out, _ = c.text("cards", "show", card)
    assert code == 0 and f"card {card}: active" in out and "balance: 90 points" in out and "Ann Smith" in out

    for query in ("0612", "ann@", "ann sm", card):
        hits = c.ok("cards", "find", query)
        assert [(h["number"], h["name"], h["balance"]) for h in hits] == [(card, "Ann Smith", 90)], query
    assert c.ok("cards", "find", "Nobody") == []

    assert c.ok("cards", "suspend", card, "--reason", "fraud check") == {"card": card, "status": "suspended"}
    quote = write_json(world["tmp"] / "q.json", {"order_id": "Q-S", "card": card, "total": "20.00"})
    assert c.ok("checkout", "quote", quote)["points_earned"] == 0  # suspended customers earn nothing
    assert c.ok("cards", "reactivate", card, "--reason", "cleared") == {"card": card, "status": "active"}
    assert c.ok("checkout", "quote", quote)["points_earned"] == 20
    with sqlite3.connect(world["db"]) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["card.suspend", "card.reactivate"]

    new = world["spare"][0]
    replaced = c.ok("cards", "replace", card, "--new", new, "--reason", "lost")
    assert replaced == {"old": card, "new": new, "balance": 90}
    old_view = c.ok("cards", "show", card)["card"]
    assert old_view["status"] == "replaced" and old_view["balance"] == 0 and old_view["replaced_by"] == new
    new_view = c.ok("cards", "show", new)
    assert new_view["card"]["status"] == "active" and new_view["card"]["balance"] == 90 and new_view["card"]["customer_name"] == "Ann Smith"
    assert sum(h["points"] for h in new_view["history"] if h["card"] == new) == 90
    assert 90 in [h["points"] for h in new_view["history"] if h["kind"] == "earn"]  # the history moved too
    again = c.ok("cards", "replace", new)  # no --new: a fresh number
    assert again["balance"] == 90 and again["new"] not in (card, new) and card_numbers.is_valid(again["new"])
    with sqlite3.connect(world["db"]) as conn:
        for number, balance, total in conn.execute("SELECT c.number, c.balance, COALESCE(SUM(l.points), 0) FROM card c LEFT JOIN ledger_entry l ON l.card_id = c.id GROUP BY c.id"):
            assert balance == total, number


def test_cards_print_a_batch(world: dict[str, Any]) -> None:
    out = world["tmp"] / "cards.pdf"
    printed = world["cli"].ok("cards", "print", "--batch", "Window", "--out", str(out))
    assert printed["cards"] == 5 and printed["pages"] == 1 and printed["layout"] == "a4"
    assert out.read_bytes().startswith(b"%PDF")


def test_customers_add_with_a_new_card_or_a_preprinted_one(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    added = c.ok("customers", "add", "--name", "  Bob   Brown ", "--email", "BOB@example.com", "--opt-in")
    assert added["name"] == "Bob Brown" and card_numbers.is_valid(added["card"])
    view = c.ok("cards", "show", added["card"])["card"]
    assert view["status"] == "active" and view["balance"] == 0 and view["email"] == "bob@example.com" and view["customer_name"] == "Bob Brown"
    with sqlite3.connect(world["db"]) as conn:
        assert conn.execute("SELECT marketing_opt_in, phone FROM customer WHERE name = 'Bob Brown'").fetchone() == (1, None)
    spare = world["spare"][1]
    code, out, _ = c.text("customers", "add", "--name", "Cy Cole", "--phone", "+33 6 11 22 33 44", "--card", spare)
    assert code == 0 and out.strip() == f"enrolled Cy Cole with card {spare}"
    assert c.ok("cards", "show", spare)["card"]["phone"] == "+33611223344"


def test_checkout_quote_and_commit_from_a_file_and_from_stdin(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    tmp: Path = world["tmp"]
    # Replaying C-1 (same content) changes nothing.
    before = dump(world["db"])
    replay = c.ok("checkout", "commit", write_json(tmp / "c1.json", {**C1, "card": card}))
    assert replay["replayed"] is True and replay["balance"] == 90 and replay["points_earned"] == 90
    assert dump(world["db"]) == before

    order = {"order_id": "C-2", "card": card, "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "10.00"}],
             "rewards": [{"id": "pay-with-points", "points": 100}]}
    code, refused = c.json("checkout", "quote", write_json(tmp / "c2.json", order))
    assert code == 2 and refused["field"] == "rewards[0].points" and "90" in refused["error"]
    c.ok("points", "adjust", card, "110", "--reason", "welcome gift")
    q = c.ok("checkout", "quote", str(tmp / "c2.json"))
    assert (q["subtotal"], q["rewards_off"], q["total"]) == ("10.00", "5.00", "5.00")  # 100 points × 0.05
    assert q["points_spent"] == 100 and q["points_earned"] == 5
    assert dump(world["db"]) != before  # the adjustment, but …
    after_adjust = dump(world["db"])
    c.ok("checkout", "quote", str(tmp / "c2.json"))
    assert dump(world["db"]) == after_adjust  # … a quote writes nothing
    code, out, _ = c.text("checkout", "quote", str(tmp / "c2.json"))
    assert code == 0 and "total 5.00 EUR" in out and "points to earn: 5" in out

    done = c.ok("checkout", "commit", str(tmp / "c2.json"))
    assert (done["total"], done["points_spent"], done["points_earned"], done["balance"], done["replayed"]) == ("5.00", 100, 5, 105, False)

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"order_id": "C-3", "card": card, "total": "3.99"})))
    q = c.ok("checkout", "quote", "-")
    assert q["points_earned"] == 3 and q["total"] == "3.99"
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"order_id": "C-3", "card": card, "total": "3.99"})))
    done = c.ok("checkout", "commit", "-")
    assert done["order_id"] == "C-3" and done["points_earned"] == 3 and done["balance"] == 108
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"order_id": "C-4", "total": "7.00"})))
    anonymous = c.ok("checkout", "commit", "-")
    assert anonymous["card"] is None and anonymous["balance"] is None and anonymous["total"] == "7.00"
    with sqlite3.connect(world["db"]) as conn:
        assert conn.execute("SELECT points FROM ledger_entry WHERE idempotency_key = 'order:C-2:spend'").fetchone() == (-100,)
        assert conn.execute("SELECT points FROM ledger_entry WHERE idempotency_key = 'order:C-2:earn'").fetchone() == (5,)
        assert conn.execute("SELECT balance FROM card WHERE number = ?", (card,)).fetchone() == (108,)


def test_orders_fulfil_awards_points_once_when_the_store_awards_on_fulfilment(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    assert c.ok("orders", "fulfil", "C-1")["balance"] == 90  # paid mode: already awarded, nothing more
    assert c.ok("rules", "import", bundle_variant(world["tmp"], "2026.12-fulfil", award_on="fulfilled"))["changed"]
    committed = c.ok("checkout", "commit", write_json(world["tmp"] / "f.json", {"order_id": "F-1", "card": card, "total": "20.00"}))
    assert committed["points_earned"] == 20 and committed["points_awarded"] is False and committed["balance"] == 90
    fulfilled = c.ok("orders", "fulfil", "F-1")
    assert fulfilled["points_awarded"] is True and fulfilled["balance"] == 110
    before = dump(world["db"])
    assert c.ok("orders", "fulfil", "F-1")["balance"] == 110
    with sqlite3.connect(world["db"]) as conn:
        assert conn.execute("SELECT COUNT(*), SUM(points) FROM ledger_entry WHERE idempotency_key = 'order:F-1:earn'").fetchone() == (1, 20)
    assert dump(world["db"]) == before


def test_refund_partial_full_cancel_and_retry(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    partial = c.ok("refund", "C-1", "--refund-id", "RF-1", "--lines", "0:1")  # one of the two coffees
    assert (partial["kind"], partial["amount"], partial["points_reversed"], partial["points_returned"], partial["balance"]) == ("partial", "2.80", 3, 0, 87)
    before = dump(world["db"])
    retry = c.ok("refund", "C-1", "--refund-id", "RF-1", "--lines", "0:1")
    assert retry["replayed"] is True and retry["balance"] == 87 and retry["points_reversed"] == 3
    assert dump(world["db"]) == before
    full = c.ok("refund", "C-1", "--refund-id", "RF-2")
    assert (full["kind"], full["amount"], full["points_reversed"], full["balance"]) == ("full", "27.70", 87, 0)
    code, again = c.json("refund", "C-1", "--refund-id", "RF-3")
    assert code == 2 and again["field"] == "order_id" and "already refunded" in again["error"]

    c.ok("points", "adjust", card, "200", "--reason", "goodwill")
    spent = c.ok("checkout", "commit", write_json(world["tmp"] / "c5.json", {"order_id": "C-5", "card": card, "total": "12.00", "rewards": ["ten-percent"]}))
    # C-1 was refunded in full, so C-5 is the first order that counts: it earns the welcome bonus.
    assert (spent["total"], spent["points_spent"], spent["points_earned"], spent["balance"]) == ("10.80", 200, 10 + 50, 60)
    cancelled = c.ok("refund", "C-5", "--refund-id", "RF-5", "--cancel")
    assert (cancelled["kind"], cancelled["amount"], cancelled["points_reversed"], cancelled["points_returned"], cancelled["balance"]) == ("cancel", "10.80", 60, 200, 200)
    code, refused = c.json("orders", "fulfil", "C-5")
    assert code == 2 and refused["field"] == "order_id" and "cancelled" in refused["error"]
    code, out, _ = c.text("refund", "C-5", "--refund-id", "RF-5", "--cancel")
    assert code == 0 and "already made: nothing changed" in out
    with sqlite3.connect(world["db"]) as conn:
        assert dict(conn.execute("SELECT order_id, status FROM \"order\"")) == {"C-1": "refunded", "C-9": "cancelled", "C-5": "cancelled"}
        assert conn.execute("SELECT balance FROM card WHERE number = ?", (card,)).fetchone() == (200,)
        assert conn.execute("SELECT SUM(points) FROM ledger_entry l JOIN card c ON c.id = l.card_id WHERE c.number = ?", (card,)).fetchone() == (200,)


def test_points_expire_and_adjust(world: dict[str, Any]) -> None:
    c: Cli = world["cli"]
    card = world["card"]
    assert c.ok("points", "expire") == {"cards": 0, "points": 0}
    # Points earned 400 days ago, with the demo's 365-day expiry, are past their date.
    from pos_loyalty.services import checkout
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store.database import close_database

    from .conftest import make_order

    open_store(str(world["db"]))
    try:
        old = checkout.commit(make_order("OLD-1", card, [("CAKE", 1, "12.00")]), when=dt.datetime.now() - dt.timedelta(days=400))
    finally:
        close_database()
    assert old.points_earned == 12 and old.balance == 102
    assert c.ok("points", "expire") == {"cards": 1, "points": 12}
    before = dump(world["db"])
    assert c.ok("points", "expire") == {"cards": 0, "points": 0}
    assert dump(world["db"]) == before
    shown = c.ok("cards", "show", card)
    assert shown["card"]["balance"] == 90
    assert [(h["kind"], h["points"]) for h in shown["history"]][0] == ("expire", -12)

    added = c.ok("points", "adjust", card, "25", "--reason", "  broken   cup ")
    assert added == {"card": card, "points": 25, "balance": 115, "manager": "Maya", "reason": "broken cup"}
    removed = c.ok("points", "adjust", card, "-15", "--reason", "double scan", "--manager", "Maya")
    assert removed["points"] == -15 and removed["balance"] == 100
    code, out, _ = c.text("points", "adjust", card, "-100", "--reason", "closing account")
    assert code == 0 and out.strip() == f"card {card}: -100 points by Maya (closing account); balance 0 points"
    with sqlite3.connect(world["db"]) as conn:
        audit = conn.execute("SELECT user, action, reason FROM audit_log WHERE action = 'points.adjust' ORDER BY id").fetchall()
        assert audit == [("Maya", "points.adjust", "broken cup"), ("Maya", "points.adjust", "double scan"), ("Maya", "points.adjust", "closing account")]
        assert conn.execute("SELECT SUM(points) FROM ledger_entry l JOIN card c ON c.id = l.card_id WHERE c.number = ?", (card,)).fetchone() == (0,)


def test_users_add_list_deactivate_role_and_pins_never_on_the_command_line(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    c: Cli = world["cli"]
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "1357")
    assert c.ok("users", "add", "Sam") == {"name": "Sam", "role": "cashier"}
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "975310")
    assert c.ok("users", "add", "Lee", "--role", "manager") == {"name": "Lee", "role": "manager"}
    assert [(u["name"], u["role"], u["active"], u["locked_until"]) for u in c.ok("users", "list")] == [
        ("Lee", "manager", True, None), ("Maya", "manager", True, None), ("Sam", "cashier", True, None)]
    # A manager's PIN works for a manager action and names that manager; a cashier alone cannot.
    lee = Cli(world["db"], c.capsys, user="Lee")
    monkeypatch.setenv("POS_LOYALTY_PIN", "975310")
    assert lee.ok("points", "adjust", world["card"], "5", "--reason", "test")["manager"] == "Lee"
    sam = Cli(world["db"], c.capsys, user="sam")  # names ignore case
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    before = dump(world["db"])
    code, refused = sam.json("points", "adjust", world["card"], "5", "--reason", "test")
    assert code == 2 and refused["field"] == "manager_pin" and "POS_LOYALTY_MANAGER_PIN" in refused["error"]
    assert dump(world["db"]) == before
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", PIN)
    allowed = sam.ok("points", "adjust", world["card"], "5", "--reason", "test")
    assert allowed["manager"] == "Maya"
    with sqlite3.connect(world["db"]) as conn:
        for salt, hashed in conn.execute("SELECT pin_salt, pin_hash FROM user"):
            assert len(hashed) == 64 and hashed not in ("1357", "975310", PIN)
        assert conn.execute("SELECT user FROM audit_log WHERE action = 'points.adjust' ORDER BY id DESC").fetchone() == ("Maya",)
    # Deactivate, change role, and the last manager is protected.
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    assert c.ok("users", "role", "Sam", "manager")["role"] == "manager"
    assert c.ok("users", "role", "Sam", "cashier")["role"] == "cashier"
    assert c.ok("users", "deactivate", "Lee")["active"] is False
    code, refused = c.json("users", "deactivate", "Maya")
    assert code == 2 and refused["field"] == "name" and "last active manager" in refused["error"]
    code, refused = c.json("users", "role", "Maya", "cashier")
    assert code == 2 and refused["field"] == "role" and "last active manager" in refused["error"]
    monkeypatch.setenv("POS_LOYALTY_PIN", "975310")
    code, refused = lee.json("cards", "show", world["card"])
    assert code == 2 and refused["field"] == "user"  # a deactivated user is no longer anyone
    # The old options are refused with the reason, before anything runs.
    for option in (["--pin", PIN], ["--manager-pin", PIN], ["--pin"]):
        code, out, err = c.text("points", "adjust", world["card"], "5", "--reason", "test", *option)
        assert code == 2 and "never taken on the command line" in err and "POS_LOYALTY_PIN" in err and "--pin-stdin" in err


def test_a_cashier_cannot_import_rules_or_replace_a_card_without_a_manager(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit's two findings: a bundle earning 1,000,000 points per 0.0001, and a replaced card
    whose balance the cashier then spends. Without a manager's PIN both are refused, nothing changes."""
    c: Cli = world["cli"]
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "1357")
    c.ok("users", "add", "Sam")
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["version"] = "2027.01-mint"
    data["earning_rules"][0].update(points=1_000_000, per_amount="0.01")
    mint = write_json(world["tmp"] / "mint.json", data)
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    sam = Cli(world["db"], c.capsys, user="Sam")
    nobody = Cli(world["db"], c.capsys, user=None)
    before = dump(world["db"])
    for runner in (sam, nobody):
        for args in (["rules", "import", mint], ["cards", "replace", world["card"], "--new", world["spare"][0]],
                     ["cards", "suspend", world["card"], "--reason", "fraud check"], ["settings", "set", "store_name", "Mine"],
                     ["points", "adjust", world["card"], "500", "--reason", "gift"]):
            code, refused = runner.json(*args)
            assert code == 2 and refused["field"] == ("manager_pin" if runner is sam else "user"), (args, refused)
    assert dump(world["db"]) == before
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", "000000")
    code, refused = sam.json("cards", "replace", world["card"], "--new", world["spare"][0])
    assert code == 2 and refused["field"] == "manager_pin" and "not correct" in refused["error"]
    with sqlite3.connect(world["db"]) as conn:
        assert conn.execute("SELECT status FROM card WHERE number = ?", (world["spare"][0],)).fetchone() == ("unassigned",)
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone() == ("pin.failure",)
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", PIN)
    assert sam.ok("cards", "replace", world["card"], "--new", world["spare"][0])["balance"] == 90
    with sqlite3.connect(world["db"]) as conn:
        row = conn.execute("SELECT user, details FROM audit_log WHERE action = 'card.replace'").fetchone()
    assert row[0] == "Maya" and json.loads(row[1])["operator"] == "Sam"
    # A script gives both PINs on standard input: the cashier's, then the manager's.
    monkeypatch.delenv("POS_LOYALTY_PIN")
    monkeypatch.delenv("POS_LOYALTY_MANAGER_PIN")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"1357\n{PIN}\n"))
    assert sam.ok("--pin-stdin", "cards", "suspend", world["spare"][0], "--reason", "fraud check")["status"] == "suspended"


def test_writes_need_a_user_proven_by_a_pin_and_reads_do_not(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    c: Cli = world["cli"]
    nobody = Cli(world["db"], c.capsys, user=None)
    for args in (["cards", "show", world["card"]], ["cards", "find", "ann"], ["rules", "show"], ["rules", "check", str(DEMO)], ["users", "list"],
                 ["checkout", "quote", write_json(world["tmp"] / "q.json", {"order_id": "Q", "total": "5.00"})]):
        assert nobody.json(*args)[0] == 0, args
    before = dump(world["db"])
    code, refused = nobody.json("customers", "add", "--name", "Dee", "--phone", "0611111111")
    assert code == 2 and refused["field"] == "user" and "--user" in refused["error"]
    monkeypatch.delenv("POS_LOYALTY_PIN")
    code, refused = c.json("customers", "add", "--name", "Dee", "--phone", "0611111111")
    assert code == 2 and refused["field"] == "pin" and "POS_LOYALTY_PIN" in refused["error"] and "--pin-stdin" in refused["error"]
    code, refused = Cli(world["db"], c.capsys, user="Nobody").json("cards", "show", world["card"])
    assert code == 2 and refused["field"] == "user"
    assert dump(world["db"]) == before
    # --pin-stdin: the PIN on the first line, the order after it.
    monkeypatch.setattr(sys, "stdin", io.StringIO(PIN + "\n" + json.dumps({"order_id": "S-1", "total": "4.00"})))
    assert c.ok("--pin-stdin", "checkout", "commit", "-")["order_id"] == "S-1"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, refused = c.json("--pin-stdin", "customers", "add", "--name", "Dee", "--phone", "0611111111")
    assert code == 2 and refused["field"] == "pin" and "ended" in refused["error"]


def test_wrong_pins_are_audited_throttled_and_lock_the_user_until_a_manager_unlocks(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    c: Cli = world["cli"]
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "1357")
    c.ok("users", "add", "Sam")
    sam = Cli(world["db"], c.capsys, user="Sam")
    monkeypatch.setenv("POS_LOYALTY_PIN", "9999")
    codes = []
    clock = [dt.datetime(2026, 11, 5, 9, 0, 0)]
    monkeypatch.setattr("pos_loyalty.services.auth.now", lambda: clock[0])
    for _ in range(6):
        code, refused = sam.json("cards", "show", world["card"])
        codes.append((code, refused["field"], "locked" in refused["error"]))
        clock[0] += dt.timedelta(seconds=60)  # past every delay, within the lockout window
    assert codes == [(2, "pin", False)] * 5 + [(2, "pin", True)]
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    code, refused = sam.json("cards", "show", world["card"])  # the right PIN, but locked (a new process: counted in the database)
    assert code == 2 and "locked until" in refused["error"]
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    listed = {u["name"]: u["locked_until"] for u in c.ok("users", "list")}
    assert listed["Sam"] is not None and listed["Maya"] is None
    code, out, _ = c.text("users", "list")
    assert "locked until" in out
    with sqlite3.connect(world["db"]) as conn:
        failures = conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'pin.failure' AND target = 'Sam'").fetchone()[0]
        assert failures == 5 and conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'pin.lockout'").fetchone()[0] == 1
    c.ok("users", "unlock", "Sam")
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    assert sam.json("cards", "show", world["card"])[0] == 0
    # Guessing a manager's PIN (without naming the manager) locks this till for such PINs.
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", "000000")
    for _ in range(5):
        clock[0] += dt.timedelta(seconds=60)
        code, refused = sam.json("cards", "suspend", world["card"], "--reason", "fraud check")
        assert code == 2 and refused["field"] == "manager_pin"
    monkeypatch.setenv("POS_LOYALTY_MANAGER_PIN", PIN)
    code, refused = sam.json("cards", "suspend", world["card"], "--reason", "fraud check")
    assert code == 2 and "locked until" in refused["error"]
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    code, out, _ = Cli(world["db"], c.capsys, user=None).text("users", "list")
    assert "locked at this till until" in out
    c.ok("cards", "show", world["card"])  # Maya, a manager, signs in: the till opens again
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    assert sam.ok("cards", "suspend", world["card"], "--reason", "fraud check")["status"] == "suspended"


def test_a_new_database_gets_the_demo_rules_and_text_output_is_plain(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    c = Cli(tmp_path / "fresh.db", capsys, user=None)
    code, out, err = c.text("users", "list")
    assert (code, out.strip(), err) == (0, "no users", "")
    assert c.ok("rules", "show")["version"] == "2026.11-demo"
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", "1357")
    code, refused = c.json("users", "add", "Sam")
    assert code == 2 and refused["field"] == "role" and "first user must be a manager" in refused["error"]
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", PIN)
    assert c.ok("users", "add", "Maya", "--role", "manager") == {"name": "Maya", "role": "manager"}  # the first: no one to ask
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    code, out, _ = Cli(tmp_path / "fresh.db", capsys).text("cards", "create", "--count", "2", "--batch", "First")
    assert code == 0 and out.startswith("created 2 cards in batch 'First'")


# -- bad input: exit 2, the field named, no traceback, nothing changed ---------------------------

Builder = Callable[[dict[str, Any]], list[str]]


def _file(name: str, data: Any) -> Callable[[dict[str, Any]], str]:
    def make(w: dict[str, Any]) -> str:
        content = data(w) if callable(data) else data
        path = w["tmp"] / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return str(path)
    return make


def _order(**fields: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def make(w: dict[str, Any]) -> dict[str, Any]:
        data = {"order_id": "B-1", "card": w["card"], "lines": [{"sku": "CAKE", "quantity": 1, "unit_price": "5.00"}]}
        for key, value in fields.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value(w) if callable(value) else value
        return data
    return make


def _bad_bundle(w: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["version"] = "2027.01-broken"
    data["earning_rules"][0]["points"] = 0
    return data


NEG_PRICE = _file("neg.json", _order(lines=[{"sku": "CAKE", "quantity": 1, "unit_price": "-2.50"}]))
NO_PRICE = _file("noprice.json", _order(lines=[{"sku": "CAKE", "quantity": 1}]))
NO_SKU = _file("nosku.json", _order(lines=[{"quantity": 1, "unit_price": "2.00"}]))
NO_ID = _file("noid.json", _order(order_id=None))
NO_LINES = _file("nolines.json", _order(lines=[]))
BAD_QTY = _file("badqty.json", _order(lines=[{"sku": "CAKE", "quantity": 0, "unit_price": "2.00"}]))
BAD_MONEY = _file("badmoney.json", _order(lines=[{"sku": "CAKE", "quantity": 1, "unit_price": "two euros"}]))
EXTRA_FIELD = _file("extra.json", _order(coupon_code="X"))
UNKNOWN_REWARD = _file("reward.json", _order(rewards=[{"id": "free-unicorn"}]))
TOO_MANY_POINTS = _file("points.json", _order(rewards=[{"id": "pay-with-points", "points": 500}]))
UNKNOWN_CARD_ORDER = _file("unknown-card.json", _order(card=lambda w: w["unknown"]))
BAD_CHECK_ORDER = _file("badcheck.json", _order(card=lambda w: bad_check_digit(w["card"])))
UNASSIGNED_ORDER = _file("unassigned.json", _order(card=lambda w: w["spare"][0]))
CHANGED_C1 = _file("changed.json", lambda w: {**C1, "card": w["card"], "lines": [{"sku": "COFFEE", "quantity": 3, "unit_price": "2.80"}]})
NOT_JSON = _file("notjson.json", '{"order_id": "B-1", "lines": [')
NOT_OBJECT = _file("list.json", [1, 2, 3])
BAD_RULES = _file("bad-rules.json", _bad_bundle)
RULES_NOT_JSON = _file("rules-syntax.json", "{ not json")


def _missing(w: dict[str, Any]) -> str:
    return str(w["tmp"] / "no-such-order.json")


BAD: list[tuple[str, Builder, str, str | None]] = [
    # rules
    ("rules import invalid bundle", lambda w: ["rules", "import", BAD_RULES(w)], "earning_rules[0].points", None),
    ("rules import not json", lambda w: ["rules", "import", RULES_NOT_JSON(w)], "rules", None),
    ("rules import missing file", lambda w: ["rules", "import", str(w["tmp"] / "nope.json")], "file", "cannot read"),
    ("rules check invalid bundle", lambda w: ["rules", "check", BAD_RULES(w)], "earning_rules[0].points", None),
    # cards
    ("cards show unknown", lambda w: ["cards", "show", w["unknown"]], "card", "not a card of this store"),
    ("cards show check digit", lambda w: ["cards", "show", bad_check_digit(w["card"])], "card", "check digit"),
    ("cards show letters", lambda w: ["cards", "show", "12AB56"], "card", "digits only"),
    ("cards show too short", lambda w: ["cards", "show", "1234"], "card", None),
    ("cards find blank", lambda w: ["cards", "find", "   "], "query", None),
    ("cards create count 0", lambda w: ["cards", "create", "--count", "0", "--batch", "New"], "count", None),
    ("cards create count negative", lambda w: ["cards", "create", "--count", "-3", "--batch", "New"], "count", None),
    ("cards create duplicate batch", lambda w: ["cards", "create", "--count", "2", "--batch", "Window"], "batch", "already exists"),
    ("cards create blank batch", lambda w: ["cards", "create", "--count", "2", "--batch", "  "], "batch", None),
    ("cards create bad prefix", lambda w: ["cards", "create", "--count", "2", "--batch", "New", "--prefix", "AB"], "prefix", None),
    ("cards create bad length", lambda w: ["cards", "create", "--count", "2", "--batch", "New", "--length", "3"], "length", None),
    ("cards replace unknown", lambda w: ["cards", "replace", w["unknown"]], "card", None),
    ("cards replace check digit", lambda w: ["cards", "replace", bad_check_digit(w["card"])], "card", "check digit"),
    ("cards replace new check digit", lambda w: ["cards", "replace", w["card"], "--new", bad_check_digit(w["spare"][0])], "new_card", "check digit"),
    ("cards replace new unknown", lambda w: ["cards", "replace", w["card"], "--new", w["unknown"]], "new_card", None),
    ("cards replace by itself", lambda w: ["cards", "replace", w["card"], "--new", w["card"]], "new_card", "active"),
    ("cards replace unassigned", lambda w: ["cards", "replace", w["spare"][0]], "card", "unassigned"),
    ("cards suspend unknown", lambda w: ["cards", "suspend", w["unknown"], "--reason", "fraud check"], "card", None),
    ("cards suspend check digit", lambda w: ["cards", "suspend", bad_check_digit(w["card"]), "--reason", "fraud check"], "card", "check digit"),
    ("cards suspend unassigned", lambda w: ["cards", "suspend", w["spare"][0], "--reason", "fraud check"], "card", "unassigned"),
    ("cards reactivate unknown", lambda w: ["cards", "reactivate", w["unknown"], "--reason", "fraud check"], "card", None),
    ("cards reactivate unassigned", lambda w: ["cards", "reactivate", w["spare"][0], "--reason", "fraud check"], "card", "unassigned"),
    ("cards print unknown batch", lambda w: ["cards", "print", "--batch", "Nope", "--out", str(w["tmp"] / "x.pdf")], "batch", None),
    # customers
    ("customers add bad email", lambda w: ["customers", "add", "--name", "Dee", "--email", "dee-at-example.com"], "email", "not an email"),
    ("customers add no phone nor email", lambda w: ["customers", "add", "--name", "Dee"], "phone", "phone number or an email"),
    ("customers add bad phone", lambda w: ["customers", "add", "--name", "Dee", "--phone", "12"], "phone", None),
    ("customers add blank name", lambda w: ["customers", "add", "--name", "  ", "--phone", "0611111111"], "name", None),
    ("customers add phone taken", lambda w: ["customers", "add", "--name", "Dee", "--phone", "0612345678"], "phone", "Ann Smith"),
    ("customers add email taken", lambda w: ["customers", "add", "--name", "Dee", "--email", "ANN@example.com"], "email", "Ann Smith"),
    ("customers add assigned card", lambda w: ["customers", "add", "--name", "Dee", "--phone", "0611111111", "--card", w["card"]], "card", "already active"),
    ("customers add unknown card", lambda w: ["customers", "add", "--name", "Dee", "--phone", "0611111111", "--card", w["unknown"]], "card", None),
    ("customers add check digit", lambda w: ["customers", "add", "--name", "Dee", "--phone", "0611111111", "--card", bad_check_digit(w["spare"][0])], "card", "check digit"),
    # checkout
    ("commit missing file", lambda w: ["checkout", "commit", _missing(w)], "file", "cannot read"),
    ("commit not json", lambda w: ["checkout", "commit", NOT_JSON(w)], "file", "not valid JSON"),
    ("commit not an object", lambda w: ["checkout", "commit", NOT_OBJECT(w)], "order", None),
    ("commit negative price", lambda w: ["checkout", "commit", NEG_PRICE(w)], "lines[0].unit_price", "negative"),
    ("commit missing price", lambda w: ["checkout", "commit", NO_PRICE(w)], "lines[0].unit_price", "required"),
    ("commit missing sku", lambda w: ["checkout", "commit", NO_SKU(w)], "lines[0].sku", "required"),
    ("commit missing order id", lambda w: ["checkout", "commit", NO_ID(w)], "order_id", "required"),
    ("commit no lines", lambda w: ["checkout", "commit", NO_LINES(w)], "lines", None),
    ("commit quantity 0", lambda w: ["checkout", "commit", BAD_QTY(w)], "lines[0].quantity", None),
    ("commit price not money", lambda w: ["checkout", "commit", BAD_MONEY(w)], "lines[0].unit_price", None),
    ("commit unknown field", lambda w: ["checkout", "commit", EXTRA_FIELD(w)], "coupon_code", None),
    ("commit unknown reward", lambda w: ["checkout", "commit", UNKNOWN_REWARD(w)], "rewards[0].id", "free-unicorn"),
    ("commit more points than the balance", lambda w: ["checkout", "commit", TOO_MANY_POINTS(w)], "rewards[0].points", None),
    ("commit unknown card", lambda w: ["checkout", "commit", UNKNOWN_CARD_ORDER(w)], "card", "not a card of this store"),
    ("commit check digit", lambda w: ["checkout", "commit", BAD_CHECK_ORDER(w)], "card", "check digit"),
    ("commit unassigned card", lambda w: ["checkout", "commit", UNASSIGNED_ORDER(w)], "card", None),
    ("commit same id other content", lambda w: ["checkout", "commit", CHANGED_C1(w)], "order_id", "different content"),
    ("quote missing file", lambda w: ["checkout", "quote", _missing(w)], "file", None),
    ("quote negative price", lambda w: ["checkout", "quote", NEG_PRICE(w)], "lines[0].unit_price", None),
    ("quote missing sku", lambda w: ["checkout", "quote", NO_SKU(w)], "lines[0].sku", None),
    ("quote unknown reward", lambda w: ["checkout", "quote", UNKNOWN_REWARD(w)], "rewards[0].id", None),
    ("quote unknown card", lambda w: ["checkout", "quote", UNKNOWN_CARD_ORDER(w)], "card", None),
    # orders and refunds
    ("fulfil unknown order", lambda w: ["orders", "fulfil", "NOPE-1"], "order_id", "NOPE-1"),
    ("fulfil cancelled order", lambda w: ["orders", "fulfil", "C-9"], "order_id", "cancelled"),
    ("refund unknown order", lambda w: ["refund", "NOPE-1", "--refund-id", "R-X"], "order_id", "NOPE-1"),
    ("refund more than bought", lambda w: ["refund", "C-1", "--refund-id", "R-X", "--lines", "0:3"], "lines[0]", "only 2 left"),
    ("refund no such line", lambda w: ["refund", "C-1", "--refund-id", "R-X", "--lines", "7:1"], "lines[7]", None),
    ("refund quantity 0", lambda w: ["refund", "C-1", "--refund-id", "R-X", "--lines", "0:0"], "lines[0]", None),
    ("refund lines not pos:qty", lambda w: ["refund", "C-1", "--refund-id", "R-X", "--lines", "coffee"], "lines", "POSITION:QUANTITY"),
    ("refund blank refund id", lambda w: ["refund", "C-1", "--refund-id", "  "], "refund_id", None),
    ("refund id reused", lambda w: ["refund", "C-1", "--refund-id", "R-9"], "refund_id", "different content"),
    ("refund cancelled order", lambda w: ["refund", "C-9", "--refund-id", "R-X"], "order_id", "cancelled"),
    ("refund cancel with lines", lambda w: ["refund", "C-1", "--refund-id", "R-X", "--cancel", "--lines", "0:1"], "lines", None),
    # points
    ("adjust blank reason", lambda w: ["points", "adjust", w["card"], "50", "--reason", ""], "reason", None),
    ("adjust short reason", lambda w: ["points", "adjust", w["card"], "50", "--reason", " ok "], "reason", None),
    ("adjust zero points", lambda w: ["points", "adjust", w["card"], "0", "--reason", "goodwill"], "points", None),
    ("adjust below zero", lambda w: ["points", "adjust", w["card"], "-91", "--reason", "goodwill"], "points", "below zero"),
    ("adjust too many", lambda w: ["points", "adjust", w["card"], "1000001", "--reason", "goodwill"], "points", None),
    ("adjust unknown card", lambda w: ["points", "adjust", w["unknown"], "50", "--reason", "goodwill"], "card", None),
    ("adjust check digit", lambda w: ["points", "adjust", bad_check_digit(w["card"]), "50", "--reason", "goodwill"], "card", "check digit"),
    ("adjust unassigned card", lambda w: ["points", "adjust", w["spare"][0], "50", "--reason", "goodwill"], "card", None),
    ("adjust wrong manager", lambda w: ["points", "adjust", w["card"], "50", "--reason", "goodwill", "--manager", "Bob"], "manager", "Bob"),
    ("suspend without a reason", lambda w: ["cards", "suspend", w["card"], "--reason", "  "], "reason", None),
    ("refund above the limit, manager named wrong", lambda w: ["refund", "C-1", "--refund-id", "R-X", "--manager", "Bob"], "manager", None),
    # users
    ("users add duplicate name", lambda w: ["users", "add", "MAYA"], "name", "already exists"),
    ("users add blank name", lambda w: ["users", "add", " "], "name", None),
    ("users deactivate the last manager", lambda w: ["users", "deactivate", "Maya"], "name", "last active manager"),
    ("users unknown", lambda w: ["users", "role", "Nobody", "manager"], "name", None),
]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("build, field, words", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_exits_2_names_the_field_and_changes_nothing(world: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                                               build: Builder, field: str, words: str | None, as_json: bool) -> None:
    args = build(world)
    db: Path = world["db"]
    before = dump(db)
    code = cli(["--db", str(db), "--user", "Maya", *(["--json"] if as_json else []), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 2, (out, err)
    if as_json:
        assert err == ""
        payload = json.loads(out)
        if "errors" in payload:  # a rejected rules bundle lists every error
            assert payload["error"] == "rules bundle rejected"
            assert field in [e["where"] for e in payload["errors"]] or field == "rules", payload
            message = " ".join(e["what"] for e in payload["errors"])
        else:
            assert payload["field"] == field, payload
            message = payload["error"]
        assert message
    else:
        assert out == ""
        assert err.startswith("error: ") and field in err, err
        assert err.count("\n") <= 10
        message = err
    if words:
        assert words in message, message
    assert dump(db) == before


ARGPARSE_BAD = [
    (["points", "adjust", "{card}", "50"], "--reason"),
    (["points", "adjust", "{card}", "fifty", "--reason", "goodwill"], "points"),
    (["cards", "suspend", "{card}"], "--reason"),
    (["cards", "create", "--count", "many", "--batch", "B"], "--count"),
    (["cards", "create", "--batch", "B"], "--count"),
    (["refund", "C-1"], "--refund-id"),
    (["users", "add", "Zed", "--role", "owner"], "--role"),
    (["customers", "add", "--phone", "0611111111"], "--name"),
    (["checkout", "commit"], "file"),
    (["nonsense"], "nonsense"),
]


@pytest.mark.parametrize("args, names", ARGPARSE_BAD, ids=[" ".join(a[:2]) + f" [{n}]" for a, n in ARGPARSE_BAD])
def test_malformed_command_lines_exit_2_with_usage_and_change_nothing(world: dict[str, Any], capsys: pytest.CaptureFixture[str], args: list[str], names: str) -> None:
    args = [a.replace("{card}", world["card"]) for a in args]
    before = dump(world["db"])
    assert cli(["--db", str(world["db"]), *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("usage: pos-loyalty")
    assert names in err and "Traceback" not in out + err
    # With --json the same mistake is a JSON error object like every other refusal, on stdout.
    assert cli(["--db", str(world["db"]), "--json", *args]) == 2
    out, err = capsys.readouterr()
    assert err == ""
    error = json.loads(out)
    assert set(error) == {"error", "field"} and names in error["field"] + error["error"], error
    assert dump(world["db"]) == before


def test_a_rules_import_that_fails_half_way_is_not_half_applied(world: dict[str, Any]) -> None:
    """A bundle with errors in several places: every one is listed, none is applied."""
    c: Cli = world["cli"]
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["version"] = "2027.02-many-errors"
    data["earning_rules"][1]["applies_to"] = {"kind": "collections", "collections": []}
    data["rewards"][1]["points_cost"] = -5
    data["tiers"].append({"name": "Platinum", "min_orders": 5, "period_days": 365, "earn_multiplier": "2"})
    bad = write_json(world["tmp"] / "many.json", data)
    before = dump(world["db"])
    code, rejected = c.json("rules", "import", bad)
    assert code == 2 and len(rejected["errors"]) >= 2
    wheres = " ".join(e["where"] for e in rejected["errors"])
    assert "earning_rules[1]" in wheres and "rewards[1]" in wheres
    assert dump(world["db"]) == before
    assert c.ok("rules", "show")["version"] == "2026.11-demo"


# -- a real process ------------------------------------------------------------------------------


def test_a_real_process_creates_cards_and_refuses_bad_input_without_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "process.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POS_LOYALTY_", "VIRTUAL_ENV"))}
    env.update(POS_LOYALTY_DATA_DIR=str(tmp_path / "data"), POS_LOYALTY_CONFIG_DIR=str(tmp_path / "config"), POS_LOYALTY_LOG_DIR=str(tmp_path / "logs"))
    # The database chosen by POS_LOYALTY_DB here, by --db below; the PINs on standard input.
    first = subprocess.run([sys.executable, "main.py", "--pin-stdin", "users", "add", "Maya", "--role", "manager"], input=f"{PIN}\n",
                           cwd=REPO, capture_output=True, text=True, timeout=120, env={**env, "POS_LOYALTY_DB": str(db)})
    assert first.returncode == 0, first.stderr
    result = subprocess.run([sys.executable, "main.py", "--user", "Maya", "--pin-stdin", "--json", "cards", "create", "--count", "4", "--batch", "Process"],
                            input=f"{PIN}\n", cwd=REPO, capture_output=True, text=True, timeout=120, env={**env, "POS_LOYALTY_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    created = json.loads(result.stdout)
    assert created["count"] == 4 and created["name"] == "Process"
    with sqlite3.connect(db) as conn:
        numbers = sorted(n for (n,) in conn.execute("SELECT c.number FROM card c JOIN card_batch b ON b.id = c.batch_id WHERE b.name = 'Process' AND c.status = 'unassigned'"))
        assert conn.execute("SELECT version FROM rules_version WHERE active").fetchone() == ("2026.11-demo",)
    assert len(numbers) == 4 and numbers[0] == created["first"] and numbers[-1] == created["last"]
    assert all(card_numbers.is_valid(n) for n in numbers)

    before = dump(db)
    bad = subprocess.run([sys.executable, "main.py", "--db", str(db), "cards", "show", bad_check_digit(numbers[0])],
                         cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: card:") and "check digit" in bad.stderr and "Traceback" not in bad.stderr
    assert dump(db) == before
