"""Rules bundle checks a store manager relies on: tiers that go up, real currencies, strict
types, clean text, no expiry in the past, every duplicate reported, plain messages, and an
empty programme only with confirmation (CLI and GUI)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

import pytest

from pos_loyalty import cli
from pos_loyalty.domain.rules import BundleInvalid, parse_bundle
from pos_loyalty.resources import resource_path
from pos_loyalty.services import rules_sync
from pos_loyalty.store.models import RulesVersion

from .db_compare import dump

TODAY = dt.date(2026, 11, 29)


def demo() -> dict[str, Any]:
    return json.loads(resource_path("demo_rules.json").read_text())


def errors_of(data: dict[str, Any], today: dt.date | None = TODAY) -> dict[str, str]:
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(json.dumps(data), today)
    return dict(err.value.errors)


def test_the_demo_bundle_is_valid_today() -> None:
    parse_bundle(resource_path("demo_rules.json").read_bytes(), dt.date.today())


def test_a_tier_with_fewer_orders_than_the_one_below_is_rejected() -> None:
    data = demo()
    data["tiers"][1].update(min_orders=10, min_spent="0")
    data["tiers"][2].update(min_orders=5, min_spent="1000.00")  # Gold at 5 orders above Silver at 10
    found = errors_of(data)
    assert "'Gold' needs 5 (orders) but 'Silver' below it already needs 10" in found["tiers[2].min_orders"]
    data["tiers"][2].update(min_orders=0)  # Gold by spend only, Silver by orders only: each goes up on what it uses
    parse_bundle(json.dumps(data), TODAY)
    data["tiers"].append({"name": "Entry", "min_orders": 0})
    assert "only the first tier may have neither" in errors_of(data)["tiers[3]"]


@pytest.mark.parametrize(("mutate", "where", "message"), [
    (lambda d: d["settings"].update(currency="XYZ"), "settings.currency", "'XYZ' is not an ISO 4217 currency code"),
    (lambda d: d["settings"].update(currency="eur"), "settings.currency", "'eur' is not an ISO 4217 currency code"),
    (lambda d: d.update(format=True), "format", "must be the number 1, got true"),
    (lambda d: d["earning_rules"][0].update(points=True), "earning_rules[0].points", "must be a whole number, got true"),
    (lambda d: d["earning_rules"][0].update(points="5"), "earning_rules[0].points", "must be a whole number, got \"5\""),
    (lambda d: d["earning_rules"][0].update(points=-5), "earning_rules[0].points", "must be a whole number above 0, got -5"),
    (lambda d: d["earning_rules"][0].update(active="yes"), "earning_rules[0].active", "must be true or false, got \"yes\""),
    (lambda d: d["earning_rules"][0].update(name="Spend\x00more"), "earning_rules[0].name", "NUL"),
    (lambda d: d.update(name="Club \udc80"), "name", "surrogate"),
    (lambda d: d["rewards"][0].update(point=100), "rewards[0].point", "is not a known field here (a typo?)"),
    (lambda d: d["rewards"][0].pop("name"), "rewards[0].name", "is required"),
    (lambda d: d["settings"].update(points_expire_after_days=None, points_expire_on="2026-11-28"), "settings.points_expire_on", "is in the past"),
])
def test_bad_bundles_get_a_message_for_a_store_manager(mutate: Callable[[dict], Any], where: str, message: str) -> None:
    data = demo()
    mutate(data)
    found = errors_of(data)
    assert where in found and message in found[where], found
    assert not any(raw in text for text in found.values() for raw in ("Input should", "Value error", "Extra inputs"))


def test_an_expiry_date_is_only_checked_against_the_day_of_import() -> None:
    data = demo()
    data["settings"].update(points_expire_after_days=None, points_expire_on="2026-11-29")
    parse_bundle(json.dumps(data), TODAY)  # today is still fine
    parse_bundle(json.dumps(data))  # the stored active bundle is read back without a date


def test_every_duplicate_id_is_reported_with_the_other_errors() -> None:
    data = demo()
    data["earning_rules"] += [dict(data["earning_rules"][0]), dict(data["earning_rules"][1], points=-1)]
    data["rewards"] += [dict(data["rewards"][0]), dict(data["rewards"][0])]
    data["settings"]["currency"] = "XXX"
    found = errors_of(data)
    assert "already the id of earning_rules[0]" in found["earning_rules[3].id"]
    assert "already the id of earning_rules[1]" in found["earning_rules[4].id"]
    assert "rewards[5].id" in found and "rewards[6].id" in found
    assert "earning_rules[4].points" in found and "settings.currency" in found


def test_bad_json_bundles_are_rejected_not_crashed_on(tmp_path: Path) -> None:
    for content in ("[" * 100_000, '{"format": 1, "version": ' + "9" * 5000 + "}", '{"version": NaN}'):
        with pytest.raises(BundleInvalid):
            parse_bundle(content)
    with pytest.raises(BundleInvalid) as err:
        parse_bundle(json.dumps(demo()).encode("utf-16"))
    assert "not UTF-8" in err.value.errors[0][1]


def empty_bundle(tmp_path: Path) -> Path:
    data = demo()
    data.update(version="empty", earning_rules=[], rewards=[])
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(data))
    return path


def test_an_empty_bundle_needs_allow_empty_in_the_cli(as_maya, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_loyalty.store.database import close_database

    path = empty_bundle(tmp_path)
    close_database()
    before = dump(store)
    assert cli.main([*as_maya, "--db", str(store), "rules", "import", str(path)]) == 2
    assert "--allow-empty" in capsys.readouterr().err
    assert dump(store) == before
    assert cli.main([*as_maya, "--db", str(store), "rules", "import", "--allow-empty", str(path)]) == 0
    assert cli.main([*as_maya, "--db", str(store), "rules", "import", "--allow-empty", str(resource_path("demo_rules.json"))]) == 0


def test_an_empty_bundle_needs_a_confirmation_in_the_gui(qtbot: Any, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, manager: str) -> None:
    from pos_loyalty.ui.rules_screen import RulesScreen

    from .gui.test_manager_screens import PinPad

    PinPad(monkeypatch, qtbot, manager)  # once confirmed, the manager allows the import
    path = empty_bundle(tmp_path)
    screen = RulesScreen()
    qtbot.addWidget(screen)
    before = rules_sync.active_version().version
    monkeypatch.setattr(screen, "confirm_empty", lambda: False)
    screen.import_file(str(path))
    assert rules_sync.active_version().version == before and "Not imported" in screen.error.text()
    asked: list[bool] = []
    monkeypatch.setattr(screen, "confirm_empty", lambda: asked.append(True) or True)
    screen.import_file(str(path))
    assert asked and rules_sync.active_version().version == "empty" and RulesVersion.select().count() == 2
