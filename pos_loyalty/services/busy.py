"""Telling "the database is busy" apart from every other failure.

A sale or refund that cannot get the write lock in time (another till, a long bulk job, a
backup) has changed nothing and can simply be tried again with the same order or refund id;
the screens say so instead of showing an internal error. Only this module knows what the
drivers (sqlite3 through peewee, psycopg2 on the hub) call that situation.
"""

from __future__ import annotations

_BUSY_TEXTS = (
    "database is locked",  # SQLite: busy_timeout ran out
    "database table is locked",
    "database is busy",
    "could not obtain lock",  # PostgreSQL: lock_timeout / NOWAIT
    "canceling statement due to lock timeout",
    "deadlock detected",
    "could not serialize access",
)


def is_busy(error: BaseException) -> bool:
    """True when `error` (or what caused it) only says another connection held the lock."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).lower()
        if any(part in text for part in _BUSY_TEXTS):
            return True
        current = current.__cause__ or current.__context__
    return False
