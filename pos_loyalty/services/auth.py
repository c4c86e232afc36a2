"""Proving who is at the till: PIN checks, with throttling and an audit row for every wrong PIN.

Two kinds of check:

* `sign_in(name, pin)` — a named user proves who they are (the desktop app's sign-in, the CLI's
  `--user`). Wrong PINs count against that user.
* `verify_manager(pin, name=None)` — a manager allows a manager-only action. Every service that
  does one calls it, so no front end can skip it. Without a name the PIN is matched against every
  active manager, and wrong PINs count against the till (the `till_id` setting).

Each wrong PIN is written to the audit log (`pin.failure`). After a wrong PIN the next attempt
of the same user (or at the same till) must wait a growing delay (none after a single typo, then
1, 2, 4 … seconds; an attempt too soon is refused without looking at the PIN); at `pin_max_failures` wrong PINs the user (or the till) is locked
for `pin_lockout_minutes` (`pin.lockout`). A correct PIN clears the user's count; a manager's
correct PIN also clears the till's, so a manager who signs in can always lift a till lockout, and
a manager can unlock a user (`users.unlock`). The counters live in the database (migration 0005):
restarting the CLI does not reset them.

Checks commit their own transaction (the failure must stay written when the action is refused),
so services call them before opening theirs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from ..domain.errors import PermissionDenied
from ..store.database import transaction
from ..store.models import PinThrottle, User, db, now
from . import audit, settings

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MAX_DELAY_S = 30


def hash_pin(pin: str, salt: str) -> str:
    """scrypt of the PIN with the user's own random salt (hex); the PIN itself is never stored."""
    return hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def pin_matches(user: User, pin: str) -> bool:
    return hmac.compare_digest(hash_pin(pin, user.pin_salt), user.pin_hash)


def name_key(name: str) -> str:
    """Names are unique regardless of case: 'Maya' and 'maya' are one user."""
    return " ".join(name.split()).casefold()


def find_user(name: str) -> User | None:
    key = name_key(name)
    return next((u for u in User.select() if name_key(u.name) == key), None)


def delay_after(failures: int) -> int:
    """Seconds the next attempt must wait after `failures` wrong PINs in a row: none after one
    typo, then 1, 2, 4 … up to 30."""
    return 0 if failures <= 1 else min(2 ** (failures - 2), MAX_DELAY_S)


def _till() -> str:
    return settings.get("till_id")


def _row(scope: str, key: str) -> PinThrottle | None:
    return PinThrottle.get_or_none((PinThrottle.scope == scope) & (PinThrottle.key == key))


def _refuse_if_throttled(scope: str, key: str, field: str, who: str, at: dt.datetime) -> None:
    row = _row(scope, key)
    if row is None or not row.failures:
        return
    if row.locked_until is not None and at < row.locked_until:
        until = row.locked_until.strftime("%H:%M")
        raise PermissionDenied(f"too many wrong PINs: {who} is locked until {until}; a manager can unlock it sooner", field=field)
    if row.locked_until is None and row.last_failure_at is not None:
        ready = row.last_failure_at + dt.timedelta(seconds=delay_after(row.failures))
        if at < ready:
            wait = max(1, int((ready - at).total_seconds() + 0.999))
            raise PermissionDenied(f"too many wrong PINs: wait {wait} s before the next try", field=field)


def _record_failure(scope: str, key: str, target: str, field: str, at: dt.datetime, details: dict[str, str]) -> None:
    """Count one wrong PIN and write it to the audit log, in a transaction of its own."""
    limit = settings.whole_number("pin_max_failures")
    lockout = dt.timedelta(minutes=settings.whole_number("pin_lockout_minutes"))
    with transaction():
        row = _row(scope, key) or PinThrottle(scope=scope, key=key, failures=0)
        if row.locked_until is not None and at >= row.locked_until:  # a lockout that ran out starts a fresh count
            row.failures, row.locked_until = 0, None
        row.failures += 1
        row.last_failure_at = at
        audit.record(details.get("user", "unknown"), "pin.failure", target, details={**details, "scope": scope, "failures": row.failures})
        if row.failures >= limit:
            row.locked_until = at + lockout
            audit.record("system", "pin.lockout", target, details={"scope": scope, "until": row.locked_until.isoformat(timespec="seconds")})
        row.save()


def _clear(scope: str, key: str) -> None:
    PinThrottle.delete().where((PinThrottle.scope == scope) & (PinThrottle.key == key) & (PinThrottle.failures > 0)).execute()


def _outside_transaction() -> None:
    if db.obj is not None and db.obj.in_transaction():
        raise RuntimeError("PIN checks commit their own transaction; call them before the action's transaction")


def sign_in(name: str, pin: str | None, at: dt.datetime | None = None, field: str = "pin") -> User:
    """The active user called `name` whose PIN this is, or `PermissionDenied` (the wrong PIN is
    counted and audited). `field` names the PIN in the message ('pin' or 'manager_pin')."""
    _outside_transaction()
    at = at or now()
    name = " ".join((name or "").split())
    user = find_user(name) if name else None
    if user is None or not user.active:
        raise PermissionDenied(f"no active user called '{name}'" if name else "a user name is required", field="user" if field == "pin" else "manager")
    key = name_key(user.name)
    _refuse_if_throttled("user", key, field, user.name, at)
    if not pin or not pin_matches(user, pin):
        _record_failure("user", key, user.name, field, at, {"user": user.name, "till": _till()})
        raise PermissionDenied("a PIN is required" if not pin else f"the PIN for {user.name} is not correct", field=field)
    with transaction():
        _clear("user", key)
        if user.role == "manager":
            _clear("till", _till())
    return user


def verify_manager(pin: str | None, name: str | None = None, at: dt.datetime | None = None) -> User:
    """The active manager whose PIN this is (or this named manager), else `PermissionDenied`
    on the field 'manager_pin'. Every manager-only service calls this before its transaction."""
    _outside_transaction()
    if not managers_exist():
        raise PermissionDenied("no manager exists yet; the first user added becomes the store's manager", field="manager_pin")
    if not pin:
        raise PermissionDenied("a manager's PIN is required for this action", field="manager_pin")
    if name:
        user = sign_in(name, pin, at, field="manager_pin")
        if user.role != "manager":
            raise PermissionDenied(f"{user.name} is not a manager", field="manager")
        return user
    at = at or now()
    till = _till()
    _refuse_if_throttled("till", till, "manager_pin", f"till {till}", at)
    for user in User.select().where((User.role == "manager") & (User.active == True)):  # noqa: E712
        if pin_matches(user, pin):
            with transaction():
                _clear("till", till)
                _clear("user", name_key(user.name))
            return user
    _record_failure("till", till, f"till {till}", "manager_pin", at, {"user": "unknown", "till": till})
    raise PermissionDenied("the manager PIN is not correct", field="manager_pin")


def managers_exist() -> bool:
    return User.select().where((User.role == "manager") & (User.active == True)).exists()  # noqa: E712


def locked_until(name: str, at: dt.datetime | None = None) -> dt.datetime | None:
    """When this user's lockout ends, or None if they are not locked out."""
    row = _row("user", name_key(name))
    at = at or now()
    return row.locked_until if row is not None and row.locked_until is not None and row.locked_until > at else None


def till_locked_until(at: dt.datetime | None = None) -> dt.datetime | None:
    row = _row("till", _till())
    at = at or now()
    return row.locked_until if row is not None and row.locked_until is not None and row.locked_until > at else None


def clear_user(name: str) -> None:
    """Forget a user's wrong PINs (a manager's unlock); inside the caller's transaction."""
    _clear("user", name_key(name))


def clear_till() -> None:
    _clear("till", _till())
