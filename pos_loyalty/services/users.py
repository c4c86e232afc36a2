"""Users and manager PINs. PINs are stored as scrypt hashes with a per-user salt."""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets

from ..domain.errors import PermissionDenied, ValidationError
from ..store.database import transaction
from ..store.models import User
from . import audit, changes

ROLES = ("cashier", "manager")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def login_name() -> str:
    """Who is at the keyboard, for the audit log and the ledger: the operating system's login
    name (the CLI's `--user` overrides it). Manager actions name the manager whose PIN allowed them."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "till"


def hash_pin(pin: str, salt: str) -> str:
    return hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def _check_pin_format(pin: str, field: str = "pin") -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError(field, "a PIN is 4 to 8 digits")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationError("name", "a user name of 1 to 80 characters is required")
    return name


def managers_exist() -> bool:
    return User.select().where((User.role == "manager") & (User.active == True)).exists()  # noqa: E712


def verify_manager(pin: str | None, name: str | None = None) -> User:
    """The manager whose PIN this is (optionally: this named manager), or `PermissionDenied`."""
    if not pin:
        raise PermissionDenied("a manager PIN is required for this action")
    query = User.select().where((User.role == "manager") & (User.active == True))  # noqa: E712
    if name:
        query = query.where(User.name == name)
    for user in query:
        if hmac.compare_digest(hash_pin(pin, user.pin_salt), user.pin_hash):
            return user
    if not managers_exist():
        raise PermissionDenied("no manager exists yet; create one with `pos-loyalty users add NAME --role manager --pin PIN`")
    raise PermissionDenied("the manager PIN is not correct")


def add_user(name: str, role: str, pin: str, manager_pin: str | None = None) -> User:
    """Add a user. The first manager can be created freely; after that a manager PIN is needed."""
    name = _check_name(name)
    if role not in ROLES:
        raise ValidationError("role", f"must be one of {', '.join(ROLES)}, not '{role}'")
    _check_pin_format(pin)
    with transaction():
        by = verify_manager(manager_pin).name if managers_exist() else "setup"
        if User.select().where(User.name == name).exists():
            raise ValidationError("name", f"a user called '{name}' already exists")
        salt = secrets.token_hex(16)
        user = User.create(name=name, role=role, pin_salt=salt, pin_hash=hash_pin(pin, salt))
        changes.announce("users", name)
        audit.record(by, "user.add", name, details={"role": role})
    return user


def change_pin(name: str, old_pin: str, new_pin: str) -> None:
    _check_pin_format(new_pin, "new_pin")
    with transaction():
        user = User.get_or_none(User.name == name)
        if user is None or not hmac.compare_digest(hash_pin(old_pin, user.pin_salt), user.pin_hash):
            raise PermissionDenied("the current PIN is not correct", field="old_pin")
        user.pin_salt = secrets.token_hex(16)
        user.pin_hash = hash_pin(new_pin, user.pin_salt)
        user.save()
        changes.announce("users", name)
        audit.record(name, "user.pin_change", name)


def list_users() -> list[User]:
    return list(User.select().order_by(User.name))
