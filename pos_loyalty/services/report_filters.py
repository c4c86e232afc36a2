"""The tills and stores a report can be narrowed to, for the Reports screen's filters.

Only a database that is part of a hub has more than one till to tell apart: a till attached to
a hub asks the hub for its list (`sync_till`, the tills that ever attached), the hub's own
database reads it where it is, and a till on its own has no filter to offer. Read-only; the
hub is reached over the network, so callers run `tills()` off the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from peewee import InterfaceError, OperationalError

from ..store.models import SyncTill
from . import sync

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Till:
    name: str
    store: str


def filters_apply() -> bool:
    """Whether a store/till filter means anything here: a till attached to a hub, or the hub
    itself. Local and cheap: the screen decides at once whether to show the filters."""
    return sync.attached() is not None or SyncTill.select().exists()


def tills() -> list[Till]:
    """Every till a report can be narrowed to, by store then name. An attached till whose hub
    cannot be reached lists itself alone (its own sales are all it holds for sure)."""
    found = sync.attached()
    if found is None:
        return sorted((Till(t.name, t.store) for t in SyncTill.select()), key=lambda t: (t.store.casefold(), t.name.casefold()))
    url, me = found
    hub = sync.hub_database(url)
    try:
        hub.connect(reuse_if_open=True)
        rows = hub.execute_sql("SELECT name, store FROM sync_till").fetchall()
    except (OperationalError, InterfaceError) as exc:
        log.info("the hub's tills could not be read: %s", exc)
        return [Till(me, sync.status().store)]
    finally:
        hub.close()  # this thread's connection only: the sync worker keeps its own
    return sorted((Till(str(name), str(store)) for name, store in rows), key=lambda t: (t.store.casefold(), t.name.casefold()))


def stores(listed: list[Till]) -> list[str]:
    """The stores of `listed`, each once, in the order listed."""
    return list(dict.fromkeys(t.store for t in listed))
