"""Rules published with the moment they take effect (issue 13): at once or scheduled, the switch
at that moment with every quote and commit on exactly one version, idempotent republishing,
the manager's PIN and the audit row, the rows the sync engine stores (`store_published`), the
command line, and databases migrated from before versions had a moment."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from pos_loyalty.cli import main as cli
from pos_loyalty.domain.errors import PermissionDenied, ValidationError
from pos_loyalty.domain.rules import BundleInvalid
from pos_loyalty.resources import resource_path
from pos_loyalty.services import checkout, rules_sync
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import MIGRATIONS_DIR, close_database, transaction
from pos_loyalty.store.models import AuditLog, ChangeLog, Order, RulesVersion

from .conftest import make_order, traced
from .db_compare import dump
from .test_hub import fresh_pg, hub, pg_server  # noqa: F401 (the hub's fixtures: a real PostgreSQL)

HOUR = dt.timedelta(hours=1)
DEMO = "2026.11-demo"


def bundle_file(folder: Path, version: str, points: int = 10, **change: Any) -> Path:
    """The demo programme as `version`, earning `points` per 1.00 spent (the demo: 1)."""
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = version
    data["earning_rules"][0]["points"] = points
    data.update(change)
    path = folder / f"rules-{version}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def moment() -> dt.datetime:
    """A fixed 'now' for a test, after everything written so far: whole seconds, so moments
    computed from it compare exactly."""
    return (dt.datetime.now() + dt.timedelta(seconds=1)).replace(microsecond=0)


def spend_points(request_time: dt.datetime, card: str) -> tuple[int, str]:
    """What the 'spend' rule earns on a 10.00 order quoted at `request_time`, and the version used."""
    q, rules = checkout.quote(make_order("Q", card, [("CAKE", 1, "10.00")]), when=request_time)
    return {e.rule_id: e.points for e in q.earnings}["spend"], rules.version


# -- publishing ---------------------------------------------------------------------------------


def test_publishing_at_once_activates_the_bundle_and_audits_who_and_when(store: Path, manager: str, tmp_path: Path) -> None:
    now = moment()
    result = rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), user="Sam", manager_pin=manager, when=now)
    assert result.changed and result.state == "active" and result.effective_from == now
    assert rules_sync.active_version(now).version == "2026.12-ten" and rules_sync.active_rules(now)[1] == result.checksum
    row = RulesVersion.get(RulesVersion.checksum == result.checksum)
    assert (row.published_by, row.published_at, row.imported_at) == ("Maya", now, now)
    audit = AuditLog.get(AuditLog.action == "rules.publish", AuditLog.target == "2026.12-ten")
    details = json.loads(audit.details)
    assert audit.user == "Maya" and details["checksum"] == result.checksum and details["effective_from"] == now.isoformat()
    assert details["operator"] == "Sam"
    assert [(v.version, v.state) for v in rules_sync.versions(now)] == [("2026.12-ten", "active"), (DEMO, "retired")]


def test_a_version_published_for_later_is_scheduled_and_takes_over_at_its_moment(store: Path, manager: str, card: str, tmp_path: Path) -> None:
    now = moment()
    takes_over = now + HOUR
    result = rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), effective_from=takes_over, manager_pin=manager, when=now)
    assert result.changed and result.state == "scheduled" and result.effective_from == takes_over
    assert rules_sync.active_version().version == DEMO  # nothing changes before its moment
    assert [(v.version, v.state) for v in rules_sync.versions(now)] == [("2026.12-ten", "scheduled"), (DEMO, "active")]
    assert rules_sync.next_version(now).version == "2026.12-ten"
    # Quotes just before and at the moment: each on one version, the switch with nothing written.
    assert spend_points(takes_over - dt.timedelta(microseconds=1), card) == (10, DEMO)
    assert spend_points(takes_over, card) == (100, "2026.12-ten")
    before = checkout.commit(make_order("BEFORE", card, [("CAKE", 1, "10.00")]), when=takes_over - dt.timedelta(seconds=1))
    after = checkout.commit(make_order("AFTER", card, [("CAKE", 1, "10.00")]), when=takes_over + dt.timedelta(seconds=1))
    assert before.points_earned == 10 + 50  # v1's 1 point per 1.00, and the welcome bonus of a first order
    assert after.points_earned == 100  # v2's 10 points per 1.00
    demo = RulesVersion.get(RulesVersion.version == DEMO)
    assert Order.get(Order.order_id == "BEFORE").rules_checksum == demo.checksum
    assert Order.get(Order.order_id == "AFTER").rules_checksum == result.checksum
    assert [(v.version, v.state) for v in rules_sync.versions(takes_over)] == [("2026.12-ten", "active"), (DEMO, "retired")]
    assert rules_sync.next_version(takes_over) is None


def test_a_commit_reads_the_rules_once_and_keeps_them_to_the_end(store: Path, card: str) -> None:
    """Reading them again mid-commit (the milestones after the points) could see the next version
    if its moment came in between: one commit would mix two programmes."""
    for call in (lambda: checkout.commit(make_order("ONCE", card, [("CAKE", 1, "10.00")])),
                 lambda: checkout.quote(make_order("ONCE-Q", card, [("CAKE", 1, "10.00")]))):
        _result, sent = traced(call)
        assert len([s for s in sent if 'FROM "rules_version"' in s]) == 1


def test_ties_go_to_the_later_published(store: Path, manager: str, card: str, tmp_path: Path) -> None:
    now = moment()
    takes_over = now + HOUR
    rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), effective_from=takes_over, manager_pin=manager, when=now)
    rules_sync.publish_file(bundle_file(tmp_path, "2026.12-twenty", points=20), effective_from=takes_over, manager_pin=manager,
                            when=now + dt.timedelta(minutes=1))
    assert spend_points(takes_over, card) == (200, "2026.12-twenty")
    assert rules_sync.next_version(now).version == "2026.12-twenty"


def test_publishing_the_same_content_for_the_same_moment_again_changes_nothing(store: Path, manager: str, tmp_path: Path) -> None:
    now = moment()
    path = bundle_file(tmp_path, "2026.12-ten")
    first = rules_sync.publish_file(path, effective_from=now + HOUR, manager_pin=manager, when=now)
    before = dump(store)
    again = rules_sync.publish_file(path, effective_from=now + HOUR, manager_pin=manager, when=now + dt.timedelta(minutes=5))
    assert first.changed and not again.changed and again.checksum == first.checksum and again.state == "scheduled"
    assert dump(store) == before
    # At once: content already in force is not published twice either (as `rules import` always did).
    at_once = rules_sync.publish_file(bundle_file(tmp_path, "2026.12-once", points=3), manager_pin=manager, when=now)
    before = dump(store)
    assert not rules_sync.publish_file(bundle_file(tmp_path, "2026.12-once", points=3), manager_pin=manager, when=now + dt.timedelta(minutes=1)).changed
    assert at_once.changed and dump(store) == before
    # The same content for another moment is another version.
    assert rules_sync.publish_file(path, effective_from=now + 2 * HOUR, manager_pin=manager, when=now).changed


def test_a_bad_bundle_is_refused_whole_and_changes_nothing(store: Path, manager: str, tmp_path: Path) -> None:
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["earning_rules"][0]["points"] = -1
    data["rewards"][0]["points_cost"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = dump(store)
    with pytest.raises(BundleInvalid) as refused:
        rules_sync.publish_file(bad, effective_from=moment() + HOUR, manager_pin=manager)
    wheres = [where for where, _what in refused.value.errors]
    assert "earning_rules[0].points" in wheres and any(w.startswith("rewards[0]") for w in wheres)
    assert dump(store) == before


def test_publishing_needs_a_manager_pin_and_a_moment_still_to_come(store: Path, manager: str, tmp_path: Path) -> None:
    path = bundle_file(tmp_path, "2026.12-ten")
    before = dump(store)
    for pin in (None, "000000"):
        with pytest.raises(PermissionDenied):
            rules_sync.publish_file(path, effective_from=moment() + HOUR, manager_pin=pin)
    with pytest.raises(ValidationError) as past:
        rules_sync.publish_file(path, effective_from=moment() - HOUR, manager_pin=manager)
    assert past.value.field == "effective_from" and "passed" in past.value.message
    assert RulesVersion.select().count() == 1 and not AuditLog.select().where(AuditLog.action == "rules.publish").exists()
    assert rules_sync.active_version().version == DEMO
    assert before.count("rules_version") == dump(store).count("rules_version")


def test_rules_import_is_a_publish_at_once(store: Path, manager: str, tmp_path: Path) -> None:
    result = rules_sync.import_file(bundle_file(tmp_path, "2026.12-ten"), manager_pin=manager)
    assert result.changed and rules_sync.active_version().version == "2026.12-ten"
    assert AuditLog.get(AuditLog.action == "rules.import", AuditLog.target == "2026.12-ten").user == "Maya"
    assert [v.state for v in rules_sync.versions()] == ["active", "retired"]


# -- rows from the hub (the sync engine) ----------------------------------------------------------


def _published(tmp_path: Path, version: str = "2026.12-ten", points: int = 10) -> dict[str, Any]:
    """A version as the hub holds it: the fields the sync engine passes to `store_published`."""
    from pos_loyalty.domain.rules import canonical_json, checksum

    bundle = rules_sync.read_bundle_file(bundle_file(tmp_path, version, points))
    return {"version": version, "name": bundle.name, "checksum": checksum(bundle), "source": "hub", "body": canonical_json(bundle),
            "effective_from": moment() + HOUR, "published_at": moment() - HOUR, "published_by": "Maya"}


def test_store_published_stores_a_pulled_version_once_and_it_takes_over_at_its_moment(store: Path, card: str, tmp_path: Path) -> None:
    row = _published(tmp_path)
    announced = ChangeLog.select().count()
    assert rules_sync.store_published(**row) is True
    assert ChangeLog.select().count() == announced + 1 and "rules" in ChangeLog.select().order_by(ChangeLog.id.desc()).get().kinds
    before = dump(store)
    assert rules_sync.store_published(**row) is False  # a replayed pull
    assert dump(store) == before
    stored = RulesVersion.get(RulesVersion.checksum == row["checksum"])
    assert (stored.effective_from, stored.published_at, stored.published_by, stored.body) == (
        row["effective_from"], row["published_at"], "Maya", row["body"])
    assert rules_sync.active_version().version == DEMO
    assert spend_points(row["effective_from"], card) == (100, "2026.12-ten")


def test_store_published_validates_the_body_and_changes_nothing_on_a_bad_one(store: Path, tmp_path: Path) -> None:
    row = _published(tmp_path)
    before = dump(store)
    data = json.loads(row["body"])
    data["earning_rules"][0]["points"] = -1
    with pytest.raises(ValidationError) as bad:
        rules_sync.store_published(**{**row, "body": json.dumps(data)})
    assert bad.value.field == "body" and "earning_rules[0].points" in bad.value.message
    with pytest.raises(ValidationError) as mismatch:
        rules_sync.store_published(**{**row, "checksum": "0" * 64})
    assert mismatch.value.field == "checksum"
    assert dump(store) == before


def test_store_published_runs_in_the_callers_transaction(store: Path, tmp_path: Path) -> None:
    row = _published(tmp_path)
    with pytest.raises(RuntimeError):
        with transaction():
            assert rules_sync.store_published(**row)
            raise RuntimeError("the rest of the pull failed")
    assert not RulesVersion.select().where(RulesVersion.checksum == row["checksum"]).exists()


# -- command line -------------------------------------------------------------------------------


def test_the_command_line_publishes_for_later_and_lists_the_versions(store: Path, as_maya: list[str], tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    path = str(bundle_file(tmp_path, "2027.01-new-year"))
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    base = ["--db", str(store), *as_maya, "--json"]
    assert cli([*base, "rules", "publish", path, "--effective-from", tomorrow]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published["changed"] and published["state"] == "scheduled" and published["effective_from"] == f"{tomorrow}T00:00:00"
    assert cli([*base, "rules", "publish", path, "--effective-from", tomorrow]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] is False
    assert cli([*base, "rules", "versions"]) == 0
    listed = json.loads(capsys.readouterr().out)["versions"]
    assert [(v["version"], v["state"], v["published_by"]) for v in listed] == [("2027.01-new-year", "scheduled", "Maya"), (DEMO, "active", "setup")]
    assert cli([*base, "rules", "publish", path, "--effective-from", "tomorrow"]) == 2
    assert "--effective-from" in capsys.readouterr().out
    assert cli(["--db", str(store), *as_maya, "rules", "versions"]) == 0
    text = capsys.readouterr().out
    assert "2027.01-new-year" in text and "scheduled" in text and "active" in text


def test_the_command_line_refuses_a_publish_by_a_cashier_without_a_managers_pin(store: Path, manager: str, tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from pos_loyalty.services import users

    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    close_database()
    monkeypatch.setenv("POS_LOYALTY_PIN", "1357")
    before = dump(store)
    code = cli(["--db", str(store), "--user", "Sam", "--json", "rules", "publish", str(bundle_file(tmp_path, "2027.01-x"))])
    assert code == 2 and json.loads(capsys.readouterr().out)["field"] == "manager_pin"
    assert dump(store) == before


# -- databases from before 0013 -----------------------------------------------------------------


def test_a_database_from_before_0013_keeps_its_active_version(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    before_0013 = [p.stem for p in sorted(MIGRATIONS_DIR.glob("[0-9]*.py")) if p.stem < "0013"][-1]
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target=before_0013)
    body = json.dumps(json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8")))
    # As the old code left them: one version active, the ones it replaced retired — one of them
    # imported "later" by a clock that had gone back, which must not come back to life.
    for version, imported, active in (("2026.09-old", "2026-09-01 10:00:00", 0), ("2026.10-kept", "2026-10-01 10:00:00", 1),
                                      ("2026.10-skewed", "2026-10-05 10:00:00", 0)):
        old.execute_sql("INSERT INTO rules_version (version, name, checksum, source, body, imported_at, active) VALUES (?, 'Café', ?, 'f', ?, ?, ?)",
                        (version, version.ljust(64, "0"), body, imported, active))
    old.close()
    open_store(str(path))
    try:
        kept = rules_sync.active_version()
        assert kept.version == "2026.10-kept" and kept.effective_from == dt.datetime(2026, 10, 1, 10) == kept.published_at
        assert [(v.version, v.state) for v in rules_sync.versions()] == [
            ("2026.10-skewed", "retired"), ("2026.10-kept", "active"), ("2026.09-old", "retired")]
    finally:
        close_database()


# -- the PostgreSQL hub -------------------------------------------------------------------------


def test_publishing_and_the_version_in_force_work_on_the_hub(hub: str, tmp_path: Path) -> None:
    from .conftest import ensure_manager

    manager = ensure_manager()
    now = moment()
    takes_over = now + HOUR
    scheduled = rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), effective_from=takes_over, manager_pin=manager, when=now)
    assert scheduled.changed and not rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), effective_from=takes_over,
                                                              manager_pin=manager, when=now).changed
    assert rules_sync.active_version(now).version == DEMO and rules_sync.active_rules(now)[0].version == DEMO
    assert rules_sync.active_rules(takes_over)[1] == scheduled.checksum
    row = {**_published(tmp_path, "2026.12-twenty", points=20), "effective_from": takes_over, "published_at": now + dt.timedelta(minutes=1)}
    assert rules_sync.store_published(**row) and not rules_sync.store_published(**row)
    assert rules_sync.active_rules(takes_over)[0].version == "2026.12-twenty"  # the same moment: the later published
    assert [(v.version, v.state) for v in rules_sync.versions(now)] == [
        ("2026.12-twenty", "scheduled"), ("2026.12-ten", "scheduled"), (DEMO, "active")]


def test_a_hub_from_before_0013_keeps_its_active_version(fresh_pg: str) -> None:
    from playhouse.db_url import connect

    old = connect(fresh_pg)
    before_0013 = [p.stem for p in sorted(MIGRATIONS_DIR.glob("[0-9]*.py")) if p.stem < "0013"][-1]
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target=before_0013)
    body = json.dumps(json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8")))
    for version, imported, active in (("2026.09-old", dt.datetime(2026, 9, 1, 10), False), ("2026.10-kept", dt.datetime(2026, 10, 1, 10), True)):
        old.execute_sql("INSERT INTO rules_version (version, name, checksum, source, body, imported_at, active) VALUES (%s, 'Café', %s, 'f', %s, %s, %s)",
                        (version, version.ljust(64, "0"), body, imported, active))
    old.close()
    open_store(fresh_pg)
    kept = rules_sync.active_version()
    assert kept.version == "2026.10-kept" and kept.effective_from == dt.datetime(2026, 10, 1, 10)
    assert [(v.version, v.state) for v in rules_sync.versions()] == [("2026.10-kept", "active"), ("2026.09-old", "retired")]
