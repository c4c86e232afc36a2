"""A customer's own data on request (access) and erasure when they ask to be forgotten (issue 14):
the export holds every kind of record with its values; a forget leaves none of the person's
details in any table while the ledger, balances and reports stay exactly as they were."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from peewee import IntegrityError

from pos_loyalty.cli import main as cli
from pos_loyalty.domain.errors import NotFound, PermissionDenied, ValidationError
from pos_loyalty.resources import resource_path
from pos_loyalty.services import activity, adjustments, cards, checkout, coupons, customers, privacy, refunds, reports, rules_sync, search
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import AuditLog, Card, Customer, CustomerWord, LedgerEntry, Message, TriggerLog, db
from pos_loyalty.store.running_totals import replay_standing, stored_standing

from .conftest import ensure_manager, make_order
from .test_activity import SEED_004_ACTIONS

T0 = dt.datetime(2026, 11, 2, 10)
NAME, PHONE, EMAIL = "Ann Smith", "+44 7700 900123", "ann.smith@example.com"
# Every form in which Ann's details could sit in the file.
SECRETS = ("Ann Smith", "ann smith", "+447700900123", "447700900123", "07700 900123", "07700900123", "7700 900123", "ann.smith@example.com")


def programme(folder: Path) -> None:
    """The demo programme with a trigger that e-mails the customer by name, a milestone and actions."""
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = "privacy"
    data["triggers"] = [{"id": "bogo", "name": "BOGO", "products": ["WIDGET"], "criterion": {"kind": "bogo", "orders": 1},
                         "reward": {"reward_id": "free-coffee"}, "coupon_valid_days": 30,
                         "message": {"subject": "A coffee on us, {{ customer_name }}", "text": "Dear {{ customer_name }}, code {{ coupon_code }}"}}]
    data["milestones"] = [{"id": "orders", "name": "Order milestones", "kind": "orders", "steps": [{"requirement": 2, "points": 10}]}]
    data["actions"] = SEED_004_ACTIONS
    path = folder / "privacy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())


def ann_with_everything(folder: Path) -> tuple[int, str]:
    """Ann with a record of every kind (and Bob beside her, who must be left alone)."""
    programme(folder)
    manager = ensure_manager()
    ann, card = customers.enrol(customers.CustomerInput(NAME, PHONE, EMAIL, True, "03-14"), user="Sam")  # sign-up: an action, 100 points
    customers.enrol(customers.CustomerInput("Bob Jones", "+44 7700 900999", "bob@example.com"), user="Sam")
    checkout.commit(make_order("A-1", card.number, [("WIDGET", 2, "10.00")]), when=T0)  # the trigger fires: coupon + e-mail
    checkout.commit(make_order("A-2", card.number, [("COFFEE", 1, "6.00")], rewards=[{"id": "pay-with-points", "points": 100}]),
                    when=T0 + dt.timedelta(days=1))  # a reward redeemed, and the milestone's second order
    refunds.refund("A-1", "R-1", "partial", {0: 1}, when=T0 + dt.timedelta(days=2), user="Sam")
    adjustments.adjust(card.number, 25, f"goodwill for {NAME}, called from 07700 900123", manager)
    coupons.issue(card.number, "free-coffee", f"complaint by {EMAIL}", manager)
    activity.record(card.number, "review", at=T0 + dt.timedelta(days=3), user="Sam", note=f"review signed {NAME.upper()}")
    return ann.id, card.number


def dump_all(path: Path) -> str:
    """Every row of every table of the file, as SQL text."""
    close_database()
    try:
        with sqlite3.connect(path) as conn:
            return "\n".join(conn.iterdump())
    finally:
        from pos_loyalty.services.setup import open_store

        open_store(str(path))


def sums() -> dict[str, Any]:
    period = reports.check_period(dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    return {"balances": dict(Card.select(Card.number, Card.balance).tuples()),
            "ledger": sorted(LedgerEntry.select(LedgerEntry.card, LedgerEntry.points, LedgerEntry.kind, LedgerEntry.idempotency_key).tuples()),
            "enrolments": [f.value for f in reports.run("enrolments", period).figures]}


def test_access_gives_every_kind_of_record_with_its_values(store: Path, tmp_path: Path) -> None:
    ann, number = ann_with_everything(tmp_path)
    expected = privacy.customer_data(ann)
    result = privacy.export_customer_data(number, tmp_path / "ann.json", "Sam", manager_pin=ensure_manager())
    data = json.loads(result.path.read_text(encoding="utf-8"))
    assert data == expected | {"generated_at": data["generated_at"]}  # the file is what the service reads, every value
    profile = data["customer"]
    assert (profile["id"], profile["name"], profile["phone"], profile["email"], profile["marketing_opt_in"], profile["birthday"],
            profile["forgotten_at"]) == (ann, NAME, "+447700900123", EMAIL, True, "03-14", None)
    [card] = data["cards"]
    assert (card["number"], card["status"], card["balance"]) == (number, "active", cards.lookup(number).balance)
    first, second = data["orders"]
    assert (first["order_id"], first["status"], first["total"], first["lines"][0]["sku"], first["lines"][0]["quantity"]) == ("A-1", "partially_refunded", "20.00", "WIDGET", 2)
    assert [(r["refund_id"], r["kind"], r["lines"]) for r in first["refunds"]] == [("R-1", "partial", [{"position": 0, "quantity": 1}])]
    assert [(r["reward"], r["points_cost"], r["money_off"]) for r in second["rewards"]] == [("pay-with-points", 100, "5.00")]
    assert sum(e["points"] for e in data["ledger"]) == card["balance"]
    assert {e["kind"] for e in data["ledger"]} >= {"action", "earn", "spend", "reverse", "adjust", "milestone"}
    assert sorted((c["reward"], c["source"]) for c in data["coupons"]) == [("free-coffee", "manual"), ("free-coffee", "trigger")]
    assert [(a["kind"], a["points"]) for a in data["actions"]] == [("review", 50), ("sign_up", 100)]  # by time: the sign-up is today
    assert [(m["rule"], m["requirement"], m["points"], m["status"]) for m in data["milestones"]] == [("orders", "2", 10, "awarded")]
    assert [(t["trigger"], t["order"], t["status"]) for t in data["triggers"]] == [("bogo", "A-1", "pending")]
    [message] = data["messages"]
    assert (message["to"], message["subject"], message["status"]) == (EMAIL, f"A coffee on us, {NAME}", "pending")
    assert {"customer.enrol", "points.adjust", "coupon.issue", "activity.record"} <= {a["action"] for a in data["audit"]}
    assert result.records == sum(len(v) for v in data.values() if isinstance(v, list))
    logged = AuditLog.select().where(AuditLog.action == "customers.access").get()
    assert (logged.user, logged.target, json.loads(logged.details)["file"]) == ("Maya", str(ann), str(result.path))


def test_access_is_for_a_manager_and_bad_requests_write_nothing(store: Path, tmp_path: Path, card: str) -> None:
    ensure_manager()
    for customer, out, error, field in ((card, tmp_path / "a.json", PermissionDenied, None), ("#999", tmp_path / "b.json", NotFound, "customer"),
                                        ("12", tmp_path / "c.json", ValidationError, "customer"), (card, tmp_path / "d.csv", ValidationError, "out")):
        with pytest.raises(error) as refused:
            privacy.export_customer_data(customer, out, manager_pin=None if error is PermissionDenied else ensure_manager())
        assert field is None or refused.value.field == field
    assert list(tmp_path.glob("*.json")) == [] and list(tmp_path.glob(".*partial")) == []
    assert not AuditLog.select().where(AuditLog.action == "customers.access").exists()


def test_forget_erases_every_personal_value_from_every_table_and_keeps_the_sums(store: Path, tmp_path: Path) -> None:
    ann, number = ann_with_everything(tmp_path)
    before = sums()
    assert all(secret.lower() in dump_all(store).lower() for secret in ("Ann Smith", "+447700900123", EMAIL))  # the scan can see them
    result = privacy.forget(number, f"asked by {NAME} in store", "Sam", manager_pin=ensure_manager(), when=T0 + dt.timedelta(days=5))
    assert (result.already, result.name, result.cards_suspended, result.messages_blocked) == (False, f"Forgotten customer #{ann}", (number,), 1)
    everything = dump_all(store)
    for secret in SECRETS:
        assert secret.lower() not in everything.lower(), secret
    assert "Bob Jones" in everything and "bob@example.com" in everything  # only Ann is forgotten
    assert sums() == before  # balances, every ledger entry, the reports
    row = Customer.get_by_id(ann)
    assert (row.name, row.phone, row.email, row.marketing_opt_in, row.birth_month, row.forgotten_at) == (
        f"Forgotten customer #{ann}", None, None, False, None, T0 + dt.timedelta(days=5))
    assert cards.get_card(number).status == "suspended"
    for query in ("Ann", "smith", "ann smith", "07700 900123", "+44 7700 900123", "ann.smith@"):
        assert ann not in [h.customer_id for h in search.find(query)], query
    [scanned] = search.find(number)  # the card itself still scans: an anonymous, suspended card
    assert (scanned.customer_id, scanned.name, scanned.phone, scanned.email, scanned.status) == (ann, f"Forgotten customer #{ann}", "", "", "suspended")
    assert {w for (w,) in CustomerWord.select(CustomerWord.word).where(CustomerWord.customer == ann).tuples()} == {"forgotten", "customer", f"#{ann}"}
    message = Message.get()
    assert (message.status, message.to_address, message.body_text, message.subject) == ("blocked", "", "", "A coffee on us, [erased]")
    assert TriggerLog.get().status == "blocked"
    assert stored_standing(db.obj) == replay_standing(db.obj) == {}  # its firing blocked: it no longer stands
    note = LedgerEntry.get(LedgerEntry.kind == "adjust").note
    assert note == "goodwill for [erased], called from [erased]"
    logged = AuditLog.select().where(AuditLog.action == "customer.forget").get()
    assert (logged.user, logged.target, logged.reason) == ("Maya", str(ann), "asked by [erased] in store")
    assert json.loads(logged.details)["cards_suspended"] == [number]
    data = privacy.customer_data(ann)  # access after erasure: only the anonymous record and the money facts
    assert data["customer"]["name"] == f"Forgotten customer #{ann}" and data["customer"]["email"] is None
    assert sum(e["points"] for e in data["ledger"]) == before["balances"][number]


def test_forgetting_twice_changes_nothing_and_says_so(store: Path, tmp_path: Path, card: str) -> None:
    first = privacy.forget(card, "customer's request", manager_pin=ensure_manager())
    snapshot = dump_all(store)
    again = privacy.forget(f"#{first.customer_id}", "customer's request", manager_pin=ensure_manager())
    assert again.already and again.forgotten_at == first.forgotten_at and again.name == first.name
    assert dump_all(store) == snapshot


@pytest.mark.parametrize("reason, pin", [("", "246810"), ("  x ", "246810"), ("customer's request", None), ("customer's request", "000000")])
def test_forget_without_a_reason_or_a_manager_changes_nothing(store: Path, card: str, reason: str, pin: str | None) -> None:
    ensure_manager()
    snapshot = dump_all(store)
    with pytest.raises((ValidationError, PermissionDenied)) as refused:
        privacy.forget(card, reason, manager_pin=pin)
    assert refused.value.field in ("reason", "pin", "manager_pin") or isinstance(refused.value, PermissionDenied)
    after = dump_all(store)
    if pin == "000000":  # a wrong PIN is itself recorded (throttling, audit), nothing else
        after = "\n".join(line for line in after.splitlines() if "pin_throttle" not in line and "pin.failure" not in line)
        snapshot = "\n".join(line for line in snapshot.splitlines() if "pin_throttle" not in line)
    assert after == snapshot


def test_the_command_line_exports_and_forgets(store: Path, tmp_path: Path, card: str, as_maya: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ann.json"
    assert cli(["--db", str(store), *as_maya, "--json", "customers", "data", card, "--out", str(out)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["path"] == str(out) and json.loads(out.read_text(encoding="utf-8"))["customer"]["name"] == NAME
    assert cli(["--db", str(store), *as_maya, "customers", "forget", card]) == 2  # --reason is required
    capsys.readouterr()
    assert cli(["--db", str(store), *as_maya, "--json", "customers", "forget", card, "--reason", "asked by letter"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert (done["already"], done["cards_suspended"]) == (False, [card])
    assert cli(["--db", str(store), *as_maya, "customers", "forget", card, "--reason", "asked by letter"]) == 0
    assert "already forgotten" in capsys.readouterr().out
    assert Customer.get().name.startswith("Forgotten customer #")


def test_the_command_line_refuses_without_a_manager(store: Path, tmp_path: Path, card: str, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from pos_loyalty.services import users

    ensure_manager()
    users.add_user("Sam", "cashier", "135790", manager_pin=ensure_manager())
    monkeypatch.setenv("POS_LOYALTY_PIN", "135790")
    monkeypatch.delenv("POS_LOYALTY_MANAGER_PIN", raising=False)
    assert cli(["--db", str(store), "--user", "Sam", "customers", "forget", card, "--reason", "asked by letter"]) == 2
    assert cli(["--db", str(store), "--user", "Sam", "customers", "data", card, "--out", str(tmp_path / "x.json")]) == 2
    assert Customer.get().name == NAME and not (tmp_path / "x.json").exists()


def test_the_customers_export_shows_a_forgotten_customer_without_details(store: Path, tmp_path: Path, card: str) -> None:
    import csv

    from pos_loyalty.services import exports

    privacy.forget(card, "customer's request", manager_pin=ensure_manager(), when=T0)
    with exports.export_customers(tmp_path / "all.csv", manager_pin=ensure_manager()).path.open(encoding="utf-8", newline="") as stream:
        [row] = list(csv.DictReader(stream))
    assert (row["name"], row["phone"], row["email"], row["marketing_opt_in"], row["card"], row["card_status"], row["forgotten_at"]) == (
        "Forgotten customer #1", "", "", "no", card, "suspended", "2026-11-02 10:00:00")


def test_the_ledger_allows_only_a_redaction_of_a_note(store: Path, card: str) -> None:
    """Migration 0017: amounts, cards, kinds and keys never change; a note may only be redacted."""
    adjustments.adjust(card, 10, "for Ann Smith", ensure_manager())
    entry = LedgerEntry.get()
    for change in ({"note": "rewritten"}, {"points": 1_000, "note": "[erased]"}, {"kind": "earn", "note": "[erased]"}):
        with pytest.raises(IntegrityError, match="append-only"):
            LedgerEntry.update(**change).where(LedgerEntry.id == entry.id).execute()
    with pytest.raises(IntegrityError, match="append-only"):
        LedgerEntry.delete().execute()
    LedgerEntry.update(note="for [erased]").where(LedgerEntry.id == entry.id).execute()
    assert (LedgerEntry.get().note, LedgerEntry.get().points, cards.get_card(card).balance) == ("for [erased]", 10, 10)


def test_a_forgotten_customer_cannot_be_edited_back(store: Path, card: str) -> None:
    customer_id = privacy.forget(card, "customer's request", manager_pin=ensure_manager()).customer_id
    with pytest.raises(ValidationError) as refused:
        customers.update(customer_id, customers.CustomerInput(NAME, PHONE, EMAIL))
    assert refused.value.field == "customer" and "enrol them again" in refused.value.message
    assert Customer.get_by_id(customer_id).phone is None


def test_a_record_merged_into_the_customer_is_forgotten_with_them(store: Path, card: str) -> None:
    """The same person enrolled on two tills offline, then merged: the card-less record the merge
    kept (same phone) goes too, under its own anonymous name; another customer stays."""
    from pos_loyalty.store.models import now

    ann = cards.lookup(card).customer_id
    twin, _twin_card = customers.enrol(customers.CustomerInput("Ann Smyth", "+44 7700 900777", "annsmyth@example.com"))
    Customer.update(phone="+447700900123").where(Customer.id == twin.id).execute()  # as sync leaves a duplicate
    customers.merge(ann, twin.id, manager_pin=ensure_manager())
    other = Customer.create(name="Someone Else", name_key="someone else", created_at=now(), email="else@example.com")
    result = privacy.forget(card, "customer's request", manager_pin=ensure_manager())
    assert Customer.get_by_id(twin.id).name == f"Forgotten customer #{twin.id}" and Customer.get_by_id(twin.id).email is None
    assert Customer.get_by_id(other.id).email == "else@example.com"
    assert json.loads(AuditLog.get(AuditLog.action == "customer.forget").details)["merged_records"] == [str(twin.id)]
    assert not result.already and search.find("smyth") == []


def test_the_erased_details_cannot_be_read_back_from_the_files_bytes(store: Path, card: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only the rows: the SQLite file's freed space is overwritten too (PRAGMA secure_delete
    during the forget, whatever the build's default)."""
    from pos_loyalty.services.setup import open_store
    from pos_loyalty.store import database

    monkeypatch.setitem(database.SQLITE_PRAGMAS, "secure_delete", 0)  # as a build without that default opens it
    close_database()
    open_store(str(store))
    db.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # her details are in the file's pages, not only in the log
    assert b"ann smith" in store.read_bytes()  # the name key, the search words: there to be found
    privacy.forget(card, "customer's request", manager_pin=ensure_manager())
    assert db.obj.execute_sql("PRAGMA secure_delete").fetchone()[0] == 0  # a sale after it pays nothing for it
    close_database()  # the last connection moves the log into the file
    raw = b"".join(p.read_bytes() for p in (store, store.with_name(store.name + "-wal")) if p.exists())
    for secret in (b"Ann Smith", b"ann smith", b" smith ", b"+447700900123", b"ann@example.com"):
        assert secret not in raw, secret


def test_the_forms_a_detail_is_looked_for_in_and_what_scrubbing_leaves() -> None:
    from pos_loyalty.domain import personal

    found = personal.needles("João  Silva", "+447700900123", "js@example.com", "GB")
    assert {"João Silva", "Jo\\u00e3o Silva", "+447700900123", "447700900123", "+44 7700 900123", "07700 900123", "07700900123",
            "js@example.com"} <= set(found)
    assert personal.needles("Al", None, None) == []  # too short to look for: it would erase parts of other words
    text = 'called JOÃO SILVA on 07700 900123, "Jo\\u00e3o Silva" js@example.com; Annual goodwill'
    assert personal.scrub(text, found) == 'called [erased] on [erased], "[erased]" [erased]; Annual goodwill'
    assert personal.scrub(text, []) == text and personal.scrub("", found) == ""
