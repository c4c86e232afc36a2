"""Rules sync: check, publish (import) and read the rules bundle in force.

A publish validates the whole bundle first; only a valid one is stored, as a new version with
the moment it takes effect (`effective_from`: at once, or a time to come). Which version
applies is a function of time: the newest version whose `effective_from` has come (ties: the
later published), so a version published for tomorrow takes over by itself at that moment,
on every till, with no restart and nothing written then. Publishing content that is already
in force (at once), or already scheduled for the same moment, changes nothing.

A quote or a commit asks for the rules once (`active_rules(at)`) and uses that one bundle to
the end: a switch while it runs is seen by the next one, never half-way.

The parsed bundle is cached by checksum, so quoting at the till never re-parses JSON, and the
bundle in force is read back without pydantic (`domain/trusted_rules.py`): it was validated
when published and its stored text still has the checksum it had then, so a command-line start
does not pay for building the validation models. Text whose checksum differs is validated in
full, as an import is.

Rows published on the hub reach a till through the sync engine (`store_published`), unchanged:
the same version, checksum, effective moment and publisher everywhere, so every till switches at
the same moment to the same content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import NotFound, ValidationError
from ..domain.limits import MAX_CLOCK_SKEW
from ..domain.trusted_rules import build, load_trusted
from ..formats import datetime_text
from ..resources import resource_path
from ..store.database import transaction
from ..store.models import RulesVersion, db, now
from . import audit, auth, changes

if TYPE_CHECKING:
    from ..domain.rules import RulesBundle

_cache: dict[str, Any] = {}  # checksum → the bundle as the engine reads it (trusted_rules)

ACTIVE, SCHEDULED, RETIRED = "active", "scheduled", "retired"


@dataclass(frozen=True)
class ImportResult:
    version: str
    checksum: str
    changed: bool
    source: str


@dataclass(frozen=True)
class PublishResult:
    version: str
    checksum: str
    changed: bool
    source: str
    effective_from: dt.datetime
    state: str  # active (in force now) or scheduled


@dataclass(frozen=True)
class VersionInfo:
    """One published version and where it stands at a moment: active (in force), scheduled (takes
    effect later) or retired (a later one took over)."""

    version: str
    name: str
    checksum: str
    effective_from: dt.datetime
    published_at: dt.datetime
    published_by: str
    imported_at: dt.datetime  # when it arrived in this database (a till: when it was synced)
    state: str


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


def _refuse(bundle: RulesBundle, allow_empty: bool, command: str) -> None:
    """What no import or publish may do: give a till of a hub a programme of its own (one
    programme for every till, published centrally), or an empty bundle unconfirmed."""
    from . import sync

    hub = sync.attached()
    if hub is not None:
        raise ValidationError("rules", f"this till takes its rules from the hub ({sync.shown_url(hub[0])}): "
                                       f"publish there, e.g. pos-loyalty --db HUB_URL rules {command} FILE")
    if is_empty(bundle) and not allow_empty:
        raise EmptyBundle("rules", "this bundle has no earning rules and no rewards: customers would earn and spend nothing. "
                                   f"Confirm to import it anyway (rules {command} --allow-empty)")


def import_bundle(bundle: RulesBundle, source: str, user: str = "", *, manager_pin: str | None, manager: str | None = None,
                  allow_empty: bool = False) -> ImportResult:
    """Activate a validated bundle at once (a publish effective now). The rules decide how many
    points every sale earns, so a manager's PIN allows it; the audit log names that manager. An
    empty bundle (`is_empty`) is refused unless `allow_empty`: the person importing confirmed it
    (`rules import --allow-empty`, or yes in the GUI)."""
    _refuse(bundle, allow_empty, "import")
    who = auth.verify_manager(manager_pin, manager)
    return _activate(bundle, source, who.name, user)


def publish_bundle(bundle: RulesBundle, source: str, user: str = "", *, effective_from: dt.datetime | None = None,
                   manager_pin: str | None, manager: str | None = None, allow_empty: bool = False,
                   when: dt.datetime | None = None) -> PublishResult:
    """Publish a validated bundle, in force from `effective_from` (None: at once), as a manager
    (PIN; audited as `rules.publish` with who, checksum and effective moment). `when` is the
    moment of publishing (default now). A moment already past is refused, beyond the clock skew a
    till may have: the programme of sales already made does not change afterwards. The same
    content for the same moment again changes nothing, as does content already in force at once."""
    when = when or now()
    if effective_from is not None and effective_from < when - MAX_CLOCK_SKEW:
        raise ValidationError("effective_from", f"{datetime_text(effective_from)} has already passed; leave it out to publish at once")
    _refuse(bundle, allow_empty, "publish")
    who = auth.verify_manager(manager_pin, manager)
    return _publish(bundle, source, who.name, user, effective_from, when, "rules.publish")


def publish_file(path: str | Path, user: str = "", *, effective_from: dt.datetime | None = None, manager_pin: str | None,
                 manager: str | None = None, allow_empty: bool = False, when: dt.datetime | None = None) -> PublishResult:
    return publish_bundle(read_bundle_file(path), str(Path(path).resolve()), user, effective_from=effective_from, manager_pin=manager_pin,
                          manager=manager, allow_empty=allow_empty, when=when)


def _publish(bundle: RulesBundle, source: str, by: str, operator: str, effective_from: dt.datetime | None, when: dt.datetime,
             action: str) -> PublishResult:
    """Store the version (already validated, the manager already checked) in one transaction.
    At once (`effective_from` None or not after `when`): it takes effect at `when`, unless the
    version in force then has the same content."""
    from ..domain.rules import canonical_json, checksum

    digest = checksum(bundle)
    at_once = effective_from is None or effective_from <= when
    effective = when if at_once else effective_from
    with transaction():
        current = _version_at(when) if at_once else RulesVersion.get_or_none((RulesVersion.checksum == digest) & (RulesVersion.effective_from == effective))
        if current is not None and current.checksum == digest:
            return PublishResult(bundle.version, digest, False, current.source, current.effective_from, ACTIVE if at_once else SCHEDULED)
        RulesVersion.create(version=bundle.version, name=bundle.name, checksum=digest, source=source, body=canonical_json(bundle),
                            imported_at=when, effective_from=effective, published_at=when, published_by=by, active=True)
        changes.announce("rules", bundle.version)
        audit.record(by, action, bundle.version, details={"checksum": digest, "source": source, "operator": operator or by,
                                                          "effective_from": effective.isoformat()})
    _cache[digest] = build(bundle.model_dump(mode="json"))
    return PublishResult(bundle.version, digest, True, source, effective, ACTIVE if at_once else SCHEDULED)


def _activate(bundle: RulesBundle, source: str, by: str, operator: str = "") -> ImportResult:
    """A validated bundle in force at once, without a PIN (the caller vouches for it): what
    callers written before versions had a moment expect (the sync's pull until it hands rows to
    `store_published`, which keeps the hub's effective moment)."""
    result = _publish(bundle, source, by, operator, None, now(), "rules.import")
    return ImportResult(result.version, result.checksum, result.changed, result.source)


def import_file(path: str | Path, user: str = "", *, manager_pin: str | None, manager: str | None = None, allow_empty: bool = False) -> ImportResult:
    return import_bundle(read_bundle_file(path), str(Path(path).resolve()), user, manager_pin=manager_pin, manager=manager, allow_empty=allow_empty)


def store_published(version: str, name: str, checksum: str, source: str, body: str, effective_from: dt.datetime,
                    published_at: dt.datetime, published_by: str) -> bool:
    """Store a version published elsewhere (the sync engine, for a rules row pulled from the hub),
    inside the caller's transaction; True when it was new. The same checksum for the same
    `effective_from` is already here: nothing changes (False). The body is validated as an import
    validates it, and must have `checksum`: a bad one raises `ValidationError` (field 'body' or
    'checksum') and changes nothing. The body is stored in its canonical text (the hub's is
    already), so reading it back needs no validation. Not audited here: the publish was, where
    it happened."""
    from ..domain.rules import BundleInvalid, canonical_json, parse_bundle
    from ..domain.rules import checksum as checksum_of

    try:
        bundle = parse_bundle(body)
    except BundleInvalid as exc:
        raise ValidationError("body", f"rules version {version}: {exc.message}") from None
    if checksum_of(bundle) != checksum:
        raise ValidationError("checksum", f"rules version {version}: the body does not have checksum {checksum}")
    with transaction():
        if RulesVersion.select().where((RulesVersion.checksum == checksum) & (RulesVersion.effective_from == effective_from)).exists():
            return False
        RulesVersion.create(version=version, name=name, checksum=checksum, source=source, body=canonical_json(bundle), imported_at=now(),
                            effective_from=effective_from, published_at=published_at, published_by=published_by, active=True)
        changes.announce("rules", version)
    if checksum not in _cache:
        _cache[checksum] = build(bundle.model_dump(mode="json"))
    return True


_NEWEST_FIRST = (RulesVersion.effective_from.desc(), RulesVersion.published_at.desc(), RulesVersion.checksum.desc())


def _in_force(at: dt.datetime) -> Any:
    return (RulesVersion.active == True) & (RulesVersion.effective_from <= at)  # noqa: E712


def _version_at(at: dt.datetime) -> RulesVersion | None:
    return RulesVersion.select().where(_in_force(at)).order_by(*_NEWEST_FIRST).first()


def active_version(at: dt.datetime | None = None) -> RulesVersion:
    """The version in force at `at` (default now): the newest that has taken effect."""
    version = _version_at(at or now())
    if version is None:
        raise NotFound("rules", "no rules bundle is active; import one with `pos-loyalty rules import FILE`")
    return version


@lru_cache(maxsize=4)
def _active_checksum_sql(p: str) -> str:
    """`_version_at`'s query for the checksum alone, written once and run on the driver: every
    quote and commit asks (peewee's query and row building cost more than SQLite's probe)."""
    return (f'SELECT "checksum" FROM "rules_version" WHERE "active" = {p} AND "effective_from" <= {p} '
            'ORDER BY "effective_from" DESC, "published_at" DESC, "checksum" DESC LIMIT 1')


def _active_checksum(at: dt.datetime) -> tuple[str] | None:
    database = db.obj
    return database.execute_sql(_active_checksum_sql(database.param), in_force_params(at)).fetchone()


def active_rules(at: dt.datetime | None = None) -> tuple[Any, str]:
    """The bundle in force at `at` (default now; as `trusted_rules` builds it) and its checksum.
    Every quote asks, once, so only the checksum is read; the body is read and parsed once per
    version. Ask once per quote or commit and keep the answer: asking again could see the next
    version, if its moment came in between."""
    row = _active_checksum(at or now())
    bundle = _cache.get(row[0]) if row is not None else None
    if bundle is not None:
        return bundle, row[0]
    version = active_version(at)
    bundle = _cache.get(version.checksum)
    if bundle is None:
        bundle = load_trusted(version.body, version.checksum)
        if bundle is None:  # not the text that was validated: validate it now
            from ..domain.rules import parse_bundle

            bundle = build(parse_bundle(version.body).model_dump(mode="json"))
        _cache[version.checksum] = bundle
    return bundle, version.checksum


def moment_for(at: dt.datetime) -> dt.datetime:
    """The moment whose rules an order at `at` is counted under: `at` when it is still to come —
    a quote dated a minute ahead sees a version due then —, else now. An order dated in the past
    (entered late) is counted under today's programme, as it was before versions had a moment:
    a published version never reaches back."""
    current = now()
    return at if at > current else current


def in_force_column(p: str) -> str:
    """`active_rules`' read of the checksum in force as a scalar subquery (its parameters:
    `in_force_params`), for a caller that reads more in the same statement (a sale reads the
    store's order caps with it)."""
    return f"({_active_checksum_sql(p)})"


def in_force_params(moment: dt.datetime) -> tuple[Any, ...]:
    return (True, RulesVersion.effective_from.db_value(moment))


def in_force(checksum: str | None, moment: dt.datetime) -> tuple[Any, str]:
    """The bundle of `checksum` (what `in_force_column` read for `moment`) and that checksum:
    from the cache, else as `active_rules` loads it."""
    bundle = _cache.get(checksum) if checksum is not None else None
    if bundle is not None:
        return bundle, checksum  # type: ignore[return-value]
    return active_rules(moment)


def versions(at: dt.datetime | None = None) -> list[VersionInfo]:
    """Every version, the latest to take effect first, each with its state at `at` (default now)."""
    at = at or now()
    rows = list(RulesVersion.select(RulesVersion.id, RulesVersion.version, RulesVersion.name, RulesVersion.checksum, RulesVersion.effective_from,
                                    RulesVersion.published_at, RulesVersion.published_by, RulesVersion.imported_at, RulesVersion.active)
                .order_by(*_NEWEST_FIRST))
    found = False
    listed = []
    for row in rows:
        if not row.active:
            state = RETIRED
        elif row.effective_from > at:
            state = SCHEDULED
        elif not found:
            state, found = ACTIVE, True
        else:
            state = RETIRED
        listed.append(VersionInfo(row.version, row.name, row.checksum, row.effective_from, row.published_at, row.published_by, row.imported_at, state))
    return listed


def next_version(at: dt.datetime | None = None) -> VersionInfo | None:
    """The scheduled version that takes effect next after `at` (default now), if any: of those
    due at the same moment, the later published, as `active_rules` will pick it then."""
    scheduled = [v for v in versions(at) if v.state == SCHEDULED]  # latest to take effect first
    if not scheduled:
        return None
    soonest = min(v.effective_from for v in scheduled)
    return next(v for v in scheduled if v.effective_from == soonest)


def ensure_demo_rules() -> bool:
    """On a brand-new database, activate the demo programme so a new user sees it working.

    The emptiness is checked again under the write lock: several processes opening a fresh hub
    at once would otherwise each find no version and each activate the demo (their clocks
    differ by microseconds, so none sees the other's version as already in force)."""
    if RulesVersion.select().exists():
        return False
    path = resource_path("demo_rules.json")  # the store's own starting point: no manager exists yet
    bundle = read_bundle_file(path)
    with transaction():
        if RulesVersion.select().exists():
            return False
        _activate(bundle, str(Path(path).resolve()), "setup")
    return True
