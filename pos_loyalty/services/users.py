"""Users (cashiers and managers) and their PINs. PINs are stored as scrypt hashes with a
per-user salt (`auth.hash_pin`).

Rules: names are unique regardless of case; two users never share a PIN (checked by trying
the candidate against every user's salted hash — a small table); a PIN is ASCII digits
only, at least `cashier_pin_digits` long (`manager_pin_digits` for managers), at most 12.
Adding, deactivating, changing a role and unlocking need a manager's PIN — except the very first
user, who becomes the store's manager. The last active manager can never be deactivated or
demoted.
"""

from __future__ import annotations

import datetime as dt
import getpass
import secrets
from dataclasses import dataclass

from ..domain.errors import NotFound, ValidationError
from ..store.database import transaction
from ..store.models import User
from . import audit, auth, changes, settings

ROLES = ("cashier", "manager")
MAX_PIN_DIGITS = 12

# Kept here for the callers that knew them from this module.
managers_exist = auth.managers_exist
verify_manager = auth.verify_manager


def login_name() -> str:
    """The operating system's login name: only where no person has signed in (scripts' logs)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "till"


def check_pin_format(pin: str, role: str, field: str = "pin") -> None:
    """ASCII digits only (no '²', '①' or Arabic-Indic digits, which `str.isdigit` accepts), and
    long enough for the role."""
    shortest = settings.whole_number("manager_pin_digits" if role == "manager" else "cashier_pin_digits")
    if not (isinstance(pin, str) and pin.isascii() and pin.isdigit() and shortest <= len(pin) <= MAX_PIN_DIGITS):
        raise ValidationError(field, f"a {role}'s PIN is {shortest} to {MAX_PIN_DIGITS} digits (0-9)")


def _check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 80 or not name.isprintable():
        raise ValidationError("name", "a user name of 1 to 80 characters is required")
    return name


def _check_pin_free(pin: str, field: str, except_user: User | None = None) -> None:
    """Refuse a PIN another user has — without saying whose it is. Deactivated users count
    too, so reactivating one never makes two users share a PIN."""
    for user in User.select():
        if (except_user is None or user.id != except_user.id) and auth.pin_matches(user, pin):
            raise ValidationError(field, "this PIN cannot be used; choose another")


def _get(name: str) -> User:
    user = auth.find_user(name or "")
    if user is None:
        raise NotFound("name", f"no user called '{name}'")
    return user


def _other_active_managers(user: User) -> int:
    return User.select().where((User.role == "manager") & (User.active == True) & (User.id != user.id)).count()  # noqa: E712


def add_user(name: str, role: str, pin: str, manager_pin: str | None = None, manager: str | None = None, operator: str = "") -> User:
    """Add a user. The first user of a store (no active manager yet) must be a manager and needs
    no PIN but their own; after that a manager's PIN allows it."""
    name = _check_name(name)
    if role not in ROLES:
        raise ValidationError("role", f"must be one of {', '.join(ROLES)}, not '{role}'")
    check_pin_format(pin, role)
    first = not auth.managers_exist()
    if first and role != "manager":
        raise ValidationError("role", "the first user must be a manager (who can then add cashiers)")
    by = "setup" if first else auth.verify_manager(manager_pin, manager).name
    with transaction():
        if auth.find_user(name) is not None:
            raise ValidationError("name", f"a user called '{name}' already exists (names ignore upper and lower case)")
        _check_pin_free(pin, "pin")
        salt = secrets.token_hex(16)
        user = User.create(name=name, role=role, pin_salt=salt, pin_hash=auth.hash_pin(pin, salt))
        changes.announce("users", name)
        audit.record(by, "user.add", name, details={"role": role, "operator": operator or by})
    return user


def change_pin(name: str, old_pin: str, new_pin: str) -> None:
    """A user changes their own PIN, proving the current one (counted like a sign-in)."""
    user = auth.sign_in(name, old_pin, field="old_pin")
    check_pin_format(new_pin, user.role, "new_pin")
    with transaction():
        _check_pin_free(new_pin, "new_pin", except_user=user)
        user.pin_salt = secrets.token_hex(16)
        user.pin_hash = auth.hash_pin(new_pin, user.pin_salt)
        user.save()
        changes.announce("users", user.name)
        audit.record(user.name, "user.pin_change", user.name)


def set_active(name: str, active: bool, manager_pin: str | None, manager: str | None = None, operator: str = "") -> User:
    """Deactivate (they can no longer sign in; their history stays) or reactivate a user."""
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        user = _get(name)
        if user.active == active:
            return user
        if not active and user.role == "manager" and not _other_active_managers(user):
            raise ValidationError("name", f"{user.name} is the last active manager; add another manager first")
        user.active = active
        user.save()
        changes.announce("users", user.name)
        audit.record(who.name, "user.activate" if active else "user.deactivate", user.name, details={"operator": operator or who.name})
    return user


def set_role(name: str, role: str, manager_pin: str | None, manager: str | None = None, operator: str = "") -> User:
    """Make a cashier a manager or a manager a cashier (never the last active manager)."""
    if role not in ROLES:
        raise ValidationError("role", f"must be one of {', '.join(ROLES)}, not '{role}'")
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        user = _get(name)
        if user.role == role:
            return user
        if role == "cashier" and user.active and not _other_active_managers(user):
            raise ValidationError("role", f"{user.name} is the last active manager; make someone else a manager first")
        user.role = role
        user.save()
        changes.announce("users", user.name)
        audit.record(who.name, "user.role", user.name, details={"role": role, "operator": operator or who.name})
    return user


def unlock(name: str, manager_pin: str | None, manager: str | None = None, operator: str = "") -> User:
    """Lift a user's wrong-PIN lockout before it runs out."""
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        user = _get(name)
        auth.clear_user(user.name)
        changes.announce("users", user.name)
        audit.record(who.name, "user.unlock", user.name, details={"operator": operator or who.name})
    return user


@dataclass(frozen=True)
class UserRow:
    """A user as a manager sees them in the list."""

    name: str
    role: str
    active: bool
    locked_until: dt.datetime | None


def list_users(at: dt.datetime | None = None) -> list[UserRow]:
    return [UserRow(u.name, u.role, u.active, auth.locked_until(u.name, at)) for u in User.select().order_by(User.name)]


def active_names() -> list[str]:
    """Who can sign in, for the sign-in dialog's list."""
    return [u.name for u in User.select(User.name).where(User.active == True).order_by(User.name)]  # noqa: E712

