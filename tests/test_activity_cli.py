"""Points for actions through the command line (seed 004), as a cashier: `customers add`
(sign-up points, a birthday), `activity record` (a share, a review capped daily, `--id`
replays, refusals exit 2 and change nothing), `activity list`, `activity birthdays`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from .db_compare import dump
from .test_activity import seed_004_bundle
from .test_cli import PIN, Cli, write_json

CASHIER_PIN = "8642"


@pytest.fixture
def till(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Manager Maya imports seed 004's programme and adds cashier Sam, who runs the till."""
    db = tmp_path / "loyalty.db"
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", PIN)
    Cli(db, capsys, user=None).ok("users", "add", "Maya", "--role", "manager")  # the store's first user
    maya = Cli(db, capsys)
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    maya.ok("rules", "import", write_json(tmp_path / "seed4.json", seed_004_bundle()))
    monkeypatch.setenv("POS_LOYALTY_NEW_PIN", CASHIER_PIN)
    maya.ok("users", "add", "Sam")
    monkeypatch.setenv("POS_LOYALTY_PIN", CASHIER_PIN)
    return {"db": db, "sam": Cli(db, capsys, user="Sam"), "tmp": tmp_path}


def test_seed_004_through_the_cli_with_exact_figures(till):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123", "--birthday", "1990-03-14")["card"]
    assert sam.ok("cards", "show", card)["card"]["balance"] == 100  # creating an account
    order = write_json(till["tmp"] / "o1.json", {"order_id": "S4-1", "card": card, "lines": [{"sku": "MUG", "quantity": 1, "unit_price": "25.00"}]})
    assert sam.ok("checkout", "commit", order)["balance"] == 125  # 1 point for every $
    shared = sam.ok("activity", "record", card, "--kind", "social_share")
    assert (shared["action"], shared["points"], shared["balance"], shared["replayed"]) == ("share", 100, 225, False)
    code, out, _ = sam.text("activity", "record", card, "--kind", "review", "--at", "2026-11-03T10:00")
    assert code == 0 and out.strip() == f"card {card}: Wrote a review, +50 points; balance 275 points"

    listed = sam.ok("activity", "list", card)
    assert [(r["action"], r["points"], r["user"]) for r in listed] == [("share", 100, "Sam"), ("signup", 100, "Sam"), ("review", 50, "Sam")]
    code, out, _ = sam.text("activity", "list", card)
    assert code == 0 and "2026-11-03 10:00  Wrote a review" in out and "+50" in out


def test_a_second_review_the_same_day_exits_2_with_the_reason_and_changes_nothing(till):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123")["card"]
    assert sam.ok("activity", "record", card, "--kind", "review", "--at", "2026-11-03T10:00+00:00")["points"] == 50
    before = dump(till["db"])
    code, refused = sam.json("activity", "record", card, "--kind", "review", "--at", "2026-11-03T16:00")
    assert code == 2 and refused == {"error": "review already rewarded on 2026-11-03", "field": "kind"}
    code, _out, err = sam.text("activity", "record", card, "--kind", "review")
    assert code == 0  # today is another day
    assert sam.ok("activity", "record", card, "--kind", "review", "--at", "2026-11-04T09:00")["balance"] == 250
    code, _out, err = sam.text("activity", "record", card, "--kind", "review")
    assert code == 2 and err.strip() == "error: kind: review already rewarded today"
    assert before != dump(till["db"])


def test_an_id_replayed_changes_nothing(till):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123")["card"]
    first = sam.ok("activity", "record", card, "--kind", "share", "--id", "T1-share-7")
    before = dump(till["db"])
    again = sam.ok("activity", "record", card, "--kind", "share", "--id", "T1-share-7")
    assert (again["points"], again["balance"], again["replayed"], again["at"]) == (100, 200, True, first["at"])
    code, out, _ = sam.text("activity", "record", card, "--kind", "share", "--id", "T1-share-7")
    assert code == 0 and "already recorded: nothing changed" in out
    code, conflict = sam.json("activity", "record", card, "--kind", "review", "--id", "T1-share-7")
    assert code == 2 and conflict["field"] == "id"
    assert dump(till["db"]) == before


@pytest.mark.parametrize("args, field", [
    (["--kind", "tweet"], "kind"),
    (["--kind", "review", "--at", "2999-01-01T10:00"], "--at"),
    (["--kind", "review", "--at", "yesterday"], "--at"),
    (["--kind", "sign_up"], "kind"),
])
def test_bad_input_exits_2_naming_the_field_and_changes_nothing(till, args, field):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123")["card"]
    before = dump(till["db"])
    code, refused = sam.json("activity", "record", card, *args)
    assert code == 2 and refused["field"] == field, refused
    assert dump(till["db"]) == before


def test_a_suspended_card_is_refused(till, monkeypatch):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123")["card"]
    monkeypatch.setenv("POS_LOYALTY_PIN", PIN)
    Cli(till["db"], sam.capsys).ok("cards", "suspend", card, "--reason", "fraud check")
    monkeypatch.setenv("POS_LOYALTY_PIN", CASHIER_PIN)
    before = dump(till["db"])
    code, refused = sam.json("activity", "record", card, "--kind", "review")
    assert code == 2 and refused["field"] == "card" and "suspended" in refused["error"]
    assert dump(till["db"]) == before


def test_recording_needs_a_proven_user_and_listing_does_not(till, monkeypatch):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123")["card"]
    nobody = Cli(till["db"], sam.capsys, user=None)
    code, refused = nobody.json("activity", "record", card, "--kind", "review")
    assert code == 2 and refused["field"] == "user"
    monkeypatch.delenv("POS_LOYALTY_PIN")
    assert len(nobody.ok("activity", "list", card)) == 1


def test_birthdays_through_the_cli(till):
    sam: Cli = till["sam"]
    card = sam.ok("customers", "add", "--name", "Ann Smith", "--phone", "+44 7700 900123", "--birthday", "02-29")["card"]
    assert sam.ok("activity", "birthdays", "--as-of", "2026-02-28") == {"as_of": "2026-02-28", "customers": 1, "points": 200}
    assert sam.ok("activity", "birthdays", "--as-of", "2026-02-28")["customers"] == 0  # once a year
    assert sam.ok("cards", "show", card)["card"]["balance"] == 300
    code, refused = sam.json("customers", "add", "--name", "Bob Jones", "--phone", "+44 7700 900124", "--birthday", "02-30")
    assert code == 2 and refused["field"] == "birthday"
    code, refused = sam.json("activity", "birthdays", "--as-of", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    assert code == 2 and refused["field"] == "--as-of"


def test_a_pos_records_actions_through_serve(store, tmp_path):
    """The POS's long-running `serve --stdio` records actions as its cashier; a retry with the
    same id changes nothing, a capped one is answered with exit 2 and the reason."""
    from pos_loyalty.services import customers, users

    from .conftest import ensure_manager
    from .test_activity import activate
    from .test_serve import TILL_PIN, Server

    activate(tmp_path, seed_004_bundle())
    users.add_user("Till1", "cashier", TILL_PIN, ensure_manager())
    card = customers.enrol(customers.CustomerInput("Ann Smith", "+44 7700 900123"), user="Sam")[1].number
    server = Server(store, tmp_path)
    try:
        first = server.ask(1, "activity", "record", card, "--kind", "review", "--id", "POS-R1")
        assert first["exit"] == 0 and (first["output"]["points"], first["output"]["balance"]) == (50, 150)
        assert server.ask(2, "activity", "record", card, "--kind", "review", "--id", "POS-R1")["output"]["replayed"] is True
        capped = server.ask(3, "activity", "record", card, "--kind", "review", "--id", "POS-R2")
        assert capped == {"id": 3, "exit": 2, "output": {"error": "review already rewarded today", "field": "kind"}}
        listed = server.ask(4, "activity", "list", card)
        assert [(r["action"], r["user"]) for r in listed["output"]] == [("review", "Till1"), ("signup", "Sam")]
        code, out, err = server.close()
        assert code == 0 and out == "" and "Traceback" not in err
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
