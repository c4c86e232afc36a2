"""Rules sync: check, import and read the active rules bundle.

An import validates the whole bundle first; only a valid one is activated, in one
transaction that also retires the previous version. Importing content that is already
active is a no-op (same checksum). The parsed active bundle is cached by checksum, so
quoting at the till never re-parses JSON.

The active bundle is read back without pydantic (`domain/trusted_rules.py`): it was validated
when imported and its stored text still has the checksum it had then, so a command-line start
does not pay for building the validation models. Text whose checksum differs is validated in
full, as an import is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import NotFound, ValidationError
from ..domain.trusted_rules import build, load_trusted
from ..resources import resource_path
from ..store.database import Prepared, transaction
from ..store.models import RulesVersion, now
from . import audit, auth, changes

if TYPE_CHECKING:
    from ..domain.rules import RulesBundle

_cache: dict[str, Any] = {}  # checksum → the bundle as the engine reads it (trusted_rules)


@dataclass(frozen=True)
class ImportResult:
    version: str
    checksum: str
    changed: bool
    source: str


def read_bundle_file(path: str | Path, today: dt.date | None = None) -> RulesBundle:
    """Read and validate a bundle file as of `today` (default: the date now); `BundleInvalid`
    lists every problem."""
    from ..domain.rules import BundleInvalid, parse_bundle

    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise BundleInvalid([("file", f"cannot read {path}: {exc.strerror}")]) from None
    return parse_bundle(text, today or dt.date.today())


def is_empty(bundle: RulesBundle) -> bool:
    """A bundle with no earning rules and no rewards: customers would earn and spend nothing."""
    return not bundle.earning_rules and not bundle.rewards


class EmptyBundle(ValidationError):
    """A bundle with no earning rules and no rewards, imported without confirmation."""


def import_bundle(bundle: RulesBundle, source: str, user: str = "", *, manager_pin: str | None, manager: str | None = None,
                  allow_empty: bool = False) -> ImportResult:
    """Activate a validated bundle. The rules decide how many points every sale earns, so a
    manager's PIN allows it; the audit log names that manager. An empty bundle (`is_empty`) is
    refused unless `allow_empty`: the person importing confirmed it (`rules import
    --allow-empty`, or yes in the GUI)."""
    if is_empty(bundle) and not allow_empty:
        raise EmptyBundle("rules", "this bundle has no earning rules and no rewards: customers would earn and spend nothing. "
                                   "Confirm to import it anyway (rules import --allow-empty)")
    who = auth.verify_manager(manager_pin, manager)
    return _activate(bundle, source, who.name, user)


def _activate(bundle: RulesBundle, source: str, by: str, operator: str = "") -> ImportResult:
    from ..domain.rules import canonical_json, checksum

    digest = checksum(bundle)
    with transaction():
        active = RulesVersion.get_or_none(RulesVersion.active == True)  # noqa: E712
        if active is not None and active.checksum == digest:
            return ImportResult(bundle.version, digest, False, active.source)
        RulesVersion.update(active=False).where(RulesVersion.active == True).execute()  # noqa: E712
        RulesVersion.create(version=bundle.version, name=bundle.name, checksum=digest, source=source, body=canonical_json(bundle), imported_at=now(), active=True)
        changes.announce("rules", bundle.version)
        audit.record(by, "rules.import", bundle.version, details={"checksum": digest, "source": source, "operator": operator or by})
    _cache[digest] = build(bundle.model_dump(mode="json"))
    return ImportResult(bundle.version, digest, True, source)


def import_file(path: str | Path, user: str = "", *, manager_pin: str | None, manager: str | None = None, allow_empty: bool = False) -> ImportResult:
    return import_bundle(read_bundle_file(path), str(Path(path).resolve()), user, manager_pin=manager_pin, manager=manager, allow_empty=allow_empty)


def active_version() -> RulesVersion:
    version = RulesVersion.get_or_none(RulesVersion.active == True)  # noqa: E712
    if version is None:
        raise NotFound("rules", "no rules bundle is active; import one with `pos-loyalty rules import FILE`")
    return version


_ACTIVE_CHECKSUM = Prepared(lambda: RulesVersion.select(RulesVersion.checksum).where(RulesVersion.active == True).limit(1).tuples())  # noqa: E712


def active_rules() -> tuple[Any, str]:
    """The active bundle (as `trusted_rules` builds it) and its checksum. Every quote asks, so
    only the checksum is read; the body is read and parsed once per version."""
    row = _ACTIVE_CHECKSUM.first()
    bundle = _cache.get(row[0]) if row is not None else None
    if bundle is not None:
        return bundle, row[0]
    version = active_version()
    bundle = _cache.get(version.checksum)
    if bundle is None:
        bundle = load_trusted(version.body, version.checksum)
        if bundle is None:  # not the text that was validated: validate it now
            from ..domain.rules import parse_bundle

            bundle = build(parse_bundle(version.body).model_dump(mode="json"))
        _cache[version.checksum] = bundle
    return bundle, version.checksum


def ensure_demo_rules() -> bool:
    """On a brand-new database, activate the demo programme so a new user sees it working."""
    if RulesVersion.select().exists():
        return False
    path = resource_path("demo_rules.json")  # the store's own starting point: no manager exists yet
    _activate(read_bundle_file(path), str(Path(path).resolve()), "setup")
    return True
