"""Who may do what: manager PINs enforced by the services themselves, PIN rules, wrong-PIN
throttling that survives a restart, user management, and files only their owner can read."""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from pos_loyalty.domain.errors import PermissionDenied, ValidationError
from pos_loyalty.resources import resource_path
from pos_loyalty.services import auth, cards, checkout, refunds, rules_sync, settings, users
from pos_loyalty.services.setup import open_store
from pos_loyalty.store.database import close_database
from pos_loyalty.store.models import AuditLog, Card, PinThrottle, RulesVersion, Setting, User

from .conftest import MANAGER_PIN, make_order

T0 = dt.datetime(2026, 11, 5, 9, 0, 0)


def rows_except(db: Path, *skip: str) -> dict[str, list[tuple]]:
    """Every row of every table but `skip`, read through a connection of its own."""
    with sqlite3.connect(db) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if t not in skip]
        return {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}


def actions() -> list[str]:
    return [row.action for row in AuditLog.select().order_by(AuditLog.id)]


# -- manager-only services ----------------------------------------------------------------------


def mint_bundle(tmp_path: Path) -> Path:
    data = json.loads(resource_path("demo_rules.json").read_text(encoding="utf-8"))
    data["version"] = "2027.01-mint"
    data["earning_rules"][0].update(points=1_000_000, per_amount="0.01")
    path = tmp_path / "mint.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_every_manager_only_service_refuses_without_a_manager_pin_and_changes_nothing(store: Path, manager: str, card: str, tmp_path: Path) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    spare = cards.bulk_create(1, "Spare").first
    checkout.commit(make_order("BIG-1", card, [("CAKE", 1, "80.00")]))
    before = rows_except(store, "audit_log", "pin_throttle")
    audited = AuditLog.select().count()
    attempts = [
        lambda pin: rules_sync.import_file(mint_bundle(tmp_path), user="Sam", manager_pin=pin),
        lambda pin: cards.replace(card, spare, user="Sam", manager_pin=pin),
        lambda pin: cards.suspend(card, user="Sam", reason="fraud check", manager_pin=pin),
        lambda pin: settings.set_value("refund_manager_above", "1000", user="Sam", manager_pin=pin),
        lambda pin: users.add_user("Zed", "cashier", "8642", manager_pin=pin),
        lambda pin: users.set_role("Sam", "manager", manager_pin=pin),
        lambda pin: users.set_active("Sam", False, manager_pin=pin),
        lambda pin: refunds.refund("BIG-1", "RF-BIG", "full", user="Sam", manager_pin=pin),
    ]
    for attempt in attempts:
        for pin in (None, "", "1357"):  # no PIN, a blank one, a cashier's own PIN
            with pytest.raises(PermissionDenied) as refused:
                attempt(pin)
            assert refused.value.field == "manager_pin"
    # Only the wrong PINs ('1357' is not a manager's) were written: counted and audited (after the
    # second one the till must wait, and attempts too soon are refused without a look at the PIN).
    assert actions()[audited:] == ["pin.failure", "pin.failure"]
    assert rows_except(store, "audit_log", "pin_throttle") == before
    assert RulesVersion.select().count() == 1 and Card.get(Card.number == card).status == "active"


def test_with_a_manager_pin_the_action_happens_and_the_audit_names_the_manager(store: Path, manager: str, card: str, tmp_path: Path) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    result = rules_sync.import_file(mint_bundle(tmp_path), user="Sam", manager_pin=manager)
    assert result.changed
    row = AuditLog.get(AuditLog.action == "rules.import", AuditLog.target == "2027.01-mint")
    assert row.user == "Maya" and json.loads(row.details)["operator"] == "Sam"
    suspended = cards.suspend(card, user="Sam", reason="  lost  wallet ", manager_pin=manager)
    assert suspended.status == "suspended"
    row = AuditLog.get(AuditLog.action == "card.suspend")
    assert (row.user, row.reason) == ("Maya", "lost wallet")
    with pytest.raises(ValidationError) as refused:
        cards.reactivate(card, reason="", manager_pin=manager)
    assert refused.value.field == "reason"


def test_a_refund_above_the_store_limit_needs_a_manager_and_a_small_one_does_not(store: Path, manager: str, card: str) -> None:
    checkout.commit(make_order("SMALL", card, [("COFFEE", 2, "2.80")]))
    checkout.commit(make_order("BIG", card, [("CAKE", 1, "50.01")]))
    assert not refunds.needs_manager("SMALL", "RF-S")
    assert refunds.refund("SMALL", "RF-S", "full", user="Sam").amount == "5.60"
    assert refunds.needs_manager("BIG", "RF-B")
    with pytest.raises(PermissionDenied):
        refunds.refund("BIG", "RF-B", "full", user="Sam")
    made = refunds.refund("BIG", "RF-B", "full", user="Sam", manager_pin=manager)
    assert made.amount == "50.01"
    assert refunds.refund("BIG", "RF-B", "full", user="Sam").replayed  # a retry needs nobody
    assert AuditLog.get(AuditLog.action == "refund.approve").user == "Maya"
    settings.set_value("refund_manager_above", "0", manager_pin=manager)
    checkout.commit(make_order("TINY", card, [("COFFEE", 1, "0.50")]))
    assert refunds.needs_manager("TINY", "RF-T")


@pytest.mark.parametrize("key, value", [("refund_manager_above", "-1"), ("refund_manager_above", "fifty"), ("refund_manager_above", "1.234"),
                                        ("idle_lock_minutes", "0"), ("idle_lock_minutes", "٥"), ("manager_pin_digits", "3"),
                                        ("pin_max_failures", "x"), ("pin_lockout_minutes", "99999")])
def test_bad_security_settings_are_refused_by_name(store: Path, manager: str, key: str, value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings.set_value(key, value, manager_pin=manager)
    assert refused.value.field == key
    assert not Setting.select().where(Setting.key == key).exists()


# -- PINs and users -------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["1²34", "①②③④", "١٢٣٤", "12 34", "12a4", "123", "1234567890123", "+1234", ""])
def test_a_cashier_pin_is_4_to_12_ascii_digits(store: Path, manager: str, pin: str) -> None:
    with pytest.raises(ValidationError) as refused:
        users.add_user("Zed", "cashier", pin, manager_pin=manager)
    assert refused.value.field == "pin"
    assert auth.find_user("Zed") is None


def test_a_manager_pin_is_at_least_6_digits_unless_the_store_says_otherwise(store: Path, manager: str) -> None:
    with pytest.raises(ValidationError, match="6 to 12"):
        users.add_user("Lee", "manager", "97531", manager_pin=manager)
    settings.set_value("manager_pin_digits", "5", manager_pin=manager)
    assert users.add_user("Lee", "manager", "97531", manager_pin=manager).role == "manager"
    with pytest.raises(ValidationError) as refused:  # the first manager too
        close_database()
        open_store(str(store.with_name("other.db")))
        users.add_user("Ann", "manager", "2468")
    assert refused.value.field == "pin"


def test_two_users_cannot_share_a_pin_and_the_refusal_does_not_say_whose(store: Path, manager: str) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    users.set_active("Sam", False, manager_pin=manager)
    for pin in ("1357", MANAGER_PIN):  # a deactivated user's PIN stays taken: reactivating them must stay safe
        with pytest.raises(ValidationError) as refused:
            users.add_user("Kim", "cashier", pin, manager_pin=manager)
        assert refused.value.field == "pin" and "Sam" not in refused.value.message and "Maya" not in refused.value.message
    with pytest.raises(ValidationError) as refused:
        users.change_pin("Maya", MANAGER_PIN, "1357")
    assert refused.value.field == "new_pin"
    users.change_pin("Maya", MANAGER_PIN, MANAGER_PIN[::-1])
    assert auth.verify_manager(MANAGER_PIN[::-1]).name == "Maya"


def test_names_are_unique_regardless_of_case(store: Path, manager: str) -> None:
    for name in ("maya", "MAYA", "  Maya "):
        with pytest.raises(ValidationError) as refused:
            users.add_user(name, "cashier", "8642", manager_pin=manager)
        assert refused.value.field == "name"
    assert auth.sign_in("mAyA", MANAGER_PIN).name == "Maya"


def test_deactivate_and_change_role_never_leave_the_store_without_a_manager(store: Path, manager: str) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    with pytest.raises(ValidationError, match="last active manager"):
        users.set_active("Maya", False, manager_pin=manager)
    with pytest.raises(ValidationError, match="last active manager"):
        users.set_role("Maya", "cashier", manager_pin=manager)
    users.set_role("Sam", "manager", manager_pin=manager)
    users.set_role("Maya", "cashier", manager_pin=manager)  # Sam is a manager now
    with pytest.raises(PermissionDenied):
        auth.verify_manager(MANAGER_PIN)  # Maya is a cashier: her PIN allows nothing
    users.set_active("Maya", False, manager_pin="1357")
    with pytest.raises(PermissionDenied) as refused:
        auth.sign_in("Maya", MANAGER_PIN)
    assert refused.value.field == "user"
    assert [(u.name, u.role, u.active) for u in users.list_users()] == [("Maya", "cashier", False), ("Sam", "manager", True)]
    assert {"user.role", "user.deactivate"} <= set(actions())


def test_the_first_user_becomes_the_manager_without_a_pin_and_then_never_again(store: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        users.add_user("Sam", "cashier", "1357")
    assert refused.value.field == "role"
    users.add_user("Maya", "manager", MANAGER_PIN)
    with pytest.raises(PermissionDenied):
        users.add_user("Eve", "manager", "975310")
    assert User.select().count() == 1


# -- throttling -------------------------------------------------------------------------------------


def test_wrong_pins_wait_longer_then_lock_the_user_and_every_failure_is_audited(store: Path, manager: str) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    clock = T0
    with pytest.raises(PermissionDenied, match="not correct"):
        auth.sign_in("Sam", "0000", at=clock)
    with pytest.raises(PermissionDenied, match="not correct"):
        auth.sign_in("Sam", "0001", at=clock)  # one typo is free of any wait
    with pytest.raises(PermissionDenied, match="wait 1 s"):
        auth.sign_in("Sam", "1357", at=clock)  # too soon: even the right PIN is not looked at
    with pytest.raises(PermissionDenied, match="not correct"):
        auth.sign_in("Sam", "0002", at=clock + dt.timedelta(seconds=1))
    with pytest.raises(PermissionDenied, match="wait 2 s"):
        auth.sign_in("Sam", "0003", at=clock + dt.timedelta(seconds=1))
    assert [auth.delay_after(n) for n in range(1, 9)] == [0, 1, 2, 4, 8, 16, 30, 30]
    clock += dt.timedelta(minutes=1)
    for pin in ("0004", "0005"):
        with pytest.raises(PermissionDenied, match="not correct"):
            auth.sign_in("Sam", pin, at=clock)
        clock += dt.timedelta(minutes=1)
    assert auth.locked_until("Sam", clock) == clock - dt.timedelta(minutes=1) + dt.timedelta(minutes=15)
    with pytest.raises(PermissionDenied, match="locked until"):
        auth.sign_in("Sam", "1357", at=clock)
    assert actions().count("pin.failure") == 5 and actions().count("pin.lockout") == 1
    failure = AuditLog.get(AuditLog.action == "pin.failure")
    assert failure.target == "Sam" and json.loads(failure.details)["till"] == "TILL1"

    # The counters are in the database: a restart changes nothing.
    close_database()
    open_store(str(store))
    assert [r.locked_until for r in users.list_users(clock) if r.name == "Sam"][0] is not None
    with pytest.raises(PermissionDenied, match="locked until"):
        auth.sign_in("Sam", "1357", at=clock)
    # The lockout runs out on its own, or a manager lifts it sooner.
    assert auth.sign_in("Sam", "1357", at=clock + dt.timedelta(minutes=15)).name == "Sam"
    assert auth.locked_until("Sam", clock) is None and not PinThrottle.select().where(PinThrottle.failures > 0).exists()


def test_a_manager_unlocks_a_user_and_the_settings_set_the_limits(store: Path, manager: str) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    settings.set_values({"pin_max_failures": "3", "pin_lockout_minutes": "60"}, manager_pin=manager)
    for minute in range(3):
        with pytest.raises(PermissionDenied):
            auth.sign_in("Sam", "0000", at=T0 + dt.timedelta(minutes=minute))
    assert auth.locked_until("Sam", T0) == T0 + dt.timedelta(minutes=62)
    users.unlock("Sam", manager_pin=manager)
    assert auth.locked_until("Sam", T0) is None
    assert auth.sign_in("Sam", "1357").name == "Sam"
    assert AuditLog.get(AuditLog.action == "user.unlock").user == "Maya"


def test_guessing_a_managers_pin_at_a_till_locks_the_till_until_a_manager_signs_in(store: Path, manager: str, card: str) -> None:
    users.add_user("Sam", "cashier", "1357", manager_pin=manager)
    for minute in range(5):
        with pytest.raises(PermissionDenied, match="not correct"):
            auth.verify_manager(f"99999{minute}", at=T0 + dt.timedelta(minutes=minute))
    later = T0 + dt.timedelta(minutes=5)
    assert auth.till_locked_until(later) is not None
    with pytest.raises(PermissionDenied, match="locked until"):
        auth.verify_manager(MANAGER_PIN, at=later)
    assert auth.sign_in("Sam", "1357", at=later).name == "Sam"  # a cashier can still sign in …
    with pytest.raises(PermissionDenied, match="locked until"):
        auth.verify_manager(MANAGER_PIN, at=later)  # … but that does not reopen the till
    assert auth.sign_in("Maya", MANAGER_PIN, at=later).name == "Maya"  # a manager signing in does
    assert auth.verify_manager(MANAGER_PIN, at=later).name == "Maya"
    rows = AuditLog.select().where(AuditLog.action == "pin.failure")
    assert rows.count() == 5 and {r.target for r in rows} == {"till TILL1"}


# -- files only their owner can read --------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_its_backup_and_the_log_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        db = tmp_path / "shop" / "data" / "loyalty.db"
        open_store(str(db), create=True)
        assert mode(db) == 0o600 and mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
        for suffix in ("-wal", "-shm"):
            side = Path(str(db) + suffix)
            if side.exists():
                assert mode(side) == 0o600, suffix
        close_database()
        from pos_loyalty.store import database

        backup = database.backup_sqlite(database.make_database(db))
        assert backup is not None and mode(backup) == 0o600

        from pos_loyalty import logs

        log_folder = tmp_path / "logs" / "pos"
        os.environ["POS_LOYALTY_LOG_DIR"] = str(log_folder)
        root = logging.getLogger()
        kept = list(root.handlers)
        root.handlers = [h for h in kept if not isinstance(h, (logging.handlers.RotatingFileHandler, logs.FileOnFirstRecord))]
        try:
            logs.setup_logging()
            logging.getLogger("test").info("hello")  # the file is opened on the first record
            handler = next(h._target for h in root.handlers if isinstance(h, logs.FileOnFirstRecord))
            assert isinstance(handler, logging.handlers.RotatingFileHandler)
            handler.doRollover()  # the file made after a rotation is private too
            assert mode(log_folder) == 0o700 and mode(log_folder.parent) == 0o700
            assert mode(log_folder / "pos_loyalty.log") == 0o600 and mode(log_folder / "pos_loyalty.log.1") == 0o600
        finally:
            for h in root.handlers:
                if h not in kept:
                    h.close()
            root.handlers = kept
    finally:
        os.umask(old_umask)


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    open_store(str(shared / "loyalty.db"))
    close_database()
    assert mode(shared) == 0o755 and mode(shared / "loyalty.db") == 0o600

