"""Telling "the database is busy" apart from every other failure, for the screens.

A sale or refund that cannot get the write lock in time (another till, a long bulk job, a
backup) has changed nothing and can simply be tried again with the same order or refund id;
the screens say so instead of showing an internal error. The store turns a lock that did not
come in time into `Busy` (`store.database.transaction`); a driver's own "locked" error that
escaped a transaction is recognised by the same test the store uses.
"""

from __future__ import annotations

from ..domain.errors import Busy
from ..store.database import is_busy as _driver_says_busy


def is_busy(error: BaseException) -> bool:
    """True when `error` (or what caused it) only says another connection held the lock."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, Busy) or _driver_says_busy(current):
            return True
        current = current.__cause__ or current.__context__
    return False
