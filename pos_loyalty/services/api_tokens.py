"""Tokens of the local HTTP API: created and revoked by a manager, checked on every call.

A token is 32 random bytes (``secrets.token_urlsafe``), shown once when it is made and never
again: the database keeps only its SHA-256. A slow, salted hash (scrypt, as for PINs) is what
protects a secret a person chose from guessing; a 256-bit random token cannot be guessed, so
its plain SHA-256 is as safe and lets every call find its token in one index probe. The API
acts as the token's name: that is the user its orders, refunds and audit rows record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from ..domain.errors import Conflict, NotFound, ValidationError
from ..store.database import transaction
from ..store.models import ApiToken, now
from . import audit, auth

PREFIX = "plk_"  # tells a leaked token for what it is (secret scanners, logs)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
_TOKEN = re.compile(r"plk_[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class TokenView:
    """A token as `api token list` shows it: never the token itself."""

    name: str
    created_at: dt.datetime
    created_by: str
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True)
class NewToken:
    name: str
    token: str  # shown once: only its hash is stored


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.fullmatch(name):
        raise ValidationError("name", "1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. main-till)")
    return name


def _active(name: str) -> ApiToken | None:
    return ApiToken.get_or_none((ApiToken.name == name) & ApiToken.revoked_at.is_null())


def create(name: str, *, manager_pin: str | None, manager: str | None = None) -> NewToken:
    """A new token for `name` (manager PIN; audited as ``api.token_create``). One live token per
    name: revoke the old one first, so a name always means one program."""
    name = check_name(name)
    who = auth.verify_manager(manager_pin, manager)
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction():
        if _active(name) is not None:
            raise Conflict("name", f"a token named '{name}' exists; revoke it first (api token revoke {name})")
        ApiToken.create(name=name, token_hash=digest(token), created_at=now(), created_by=who.name)
        audit.record(who.name, "api.token_create", name)
    return NewToken(name, token)


def revoke(name: str, *, manager_pin: str | None, manager: str | None = None) -> TokenView:
    """Revoke the live token of `name` (manager PIN; audited): its next call is refused."""
    name = check_name(name)
    who = auth.verify_manager(manager_pin, manager)
    with transaction():
        row = _active(name)
        if row is None:
            raise NotFound("name", f"no live token named '{name}'")
        row.revoked_at, row.revoked_by = now(), who.name
        row.save()
        audit.record(who.name, "api.token_revoke", name)
    return _view(row)


def _view(row: ApiToken) -> TokenView:
    return TokenView(row.name, row.created_at, row.created_by, row.last_used_at, row.revoked_at)


def all_tokens() -> list[TokenView]:
    """Every token, live ones first, newest first."""
    rows = ApiToken.select().order_by(ApiToken.revoked_at.is_null(False), ApiToken.created_at.desc(), ApiToken.id.desc())
    return [_view(r) for r in rows]


_TOUCH_EVERY = dt.timedelta(minutes=1)  # `last_used_at` is a hint for the manager, not a write per call


def user_for(token: str) -> str | None:
    """The name a live token acts as, or None for a missing, malformed, unknown or revoked one."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    row = ApiToken.get_or_none((ApiToken.token_hash == digest(token)) & ApiToken.revoked_at.is_null())
    if row is None:
        return None
    at = now()
    if row.last_used_at is None or at - row.last_used_at > _TOUCH_EVERY:
        with transaction():
            ApiToken.update(last_used_at=at).where(ApiToken.id == row.id).execute()
    return str(row.name)


def record_refused(client: str, failures: int) -> None:
    """Audit wrong tokens from one client (a row per burst, not per call: see api/app.py)."""
    with transaction():
        audit.record("api", "api.token_refused", client[:120], details={"failures": failures})


def exists_any() -> bool:
    return ApiToken.select().where(ApiToken.revoked_at.is_null()).exists()
