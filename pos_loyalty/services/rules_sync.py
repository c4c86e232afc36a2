"""Rules sync: check, import and read the active rules bundle.

An import validates the whole bundle first; only a valid one is activated, in one
transaction that also retires the previous version. Importing content that is already
active is a no-op (same checksum). The parsed active bundle is cached by checksum, so
quoting at the till never re-parses JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import NotFound
from ..domain.rules import BundleInvalid, RulesBundle, canonical_json, checksum, parse_bundle
from ..resources import resource_path
from ..store.database import Prepared, transaction
from ..store.models import RulesVersion, now
from . import audit, auth

_cache: dict[str, RulesBundle] = {}


@dataclass(frozen=True)
class ImportResult:
    version: str
    checksum: str
    changed: bool
    source: str


def read_bundle_file(path: str | Path) -> RulesBundle:
    """Read and validate a bundle file; `BundleInvalid` lists every problem."""
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise BundleInvalid([("file", f"cannot read {path}: {exc.strerror}")]) from None
    return parse_bundle(text)


def import_bundle(bundle: RulesBundle, source: str, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> ImportResult:
    """Activate a validated bundle. The rules decide how many points every sale earns, so a
    manager's PIN allows it; the audit log names that manager."""
    who = auth.verify_manager(manager_pin, manager)
    return _activate(bundle, source, who.name, user)


def _activate(bundle: RulesBundle, source: str, by: str, operator: str = "") -> ImportResult:
    digest = checksum(bundle)
    with transaction():
        active = RulesVersion.get_or_none(RulesVersion.active == True)  # noqa: E712
        if active is not None and active.checksum == digest:
            return ImportResult(bundle.version, digest, False, active.source)
        RulesVersion.update(active=False).where(RulesVersion.active == True).execute()  # noqa: E712
        RulesVersion.create(version=bundle.version, name=bundle.name, checksum=digest, source=source, body=canonical_json(bundle), imported_at=now(), active=True)
        audit.record(by, "rules.import", bundle.version, details={"checksum": digest, "source": source, "operator": operator or by})
    _cache[digest] = bundle
    return ImportResult(bundle.version, digest, True, source)


def import_file(path: str | Path, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> ImportResult:
    return import_bundle(read_bundle_file(path), str(Path(path).resolve()), user, manager_pin=manager_pin, manager=manager)


def active_version() -> RulesVersion:
    version = RulesVersion.get_or_none(RulesVersion.active == True)  # noqa: E712
    if version is None:
        raise NotFound("rules", "no rules bundle is active; import one with `pos-loyalty rules import FILE`")
    return version


_ACTIVE_CHECKSUM = Prepared(lambda: RulesVersion.select(RulesVersion.checksum).where(RulesVersion.active == True).limit(1).tuples())  # noqa: E712


def active_rules() -> tuple[RulesBundle, str]:
    """The active bundle and its checksum. Every quote asks, so only the checksum is read;
    the body is read and parsed once per version."""
    row = _ACTIVE_CHECKSUM.first()
    bundle = _cache.get(row[0]) if row is not None else None
    if bundle is not None:
        return bundle, row[0]
    version = active_version()
    bundle = _cache.get(version.checksum)
    if bundle is None:
        bundle = parse_bundle(version.body)
        _cache[version.checksum] = bundle
    return bundle, version.checksum


def ensure_demo_rules() -> bool:
    """On a brand-new database, activate the demo programme so a new user sees it working."""
    if RulesVersion.select().exists():
        return False
    path = resource_path("demo_rules.json")  # the store's own starting point: no manager exists yet
    _activate(read_bundle_file(path), str(Path(path).resolve()), "setup")
    return True
