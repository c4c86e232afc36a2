"""PostgreSQL's driver, loaded only when a PostgreSQL database is opened.

peewee imports psycopg (and psycopg2) at its own import time when they are installed: about
50 ms on every start of the command line, for a till that only ever opens a SQLite file.
`defer()` installs an import hook that declines those imports *while peewee or playhouse
probe for them at module level* — peewee then records "no driver", as on a machine without
one — and `load_postgres()` imports psycopg and hands it to peewee the moment a
``postgresql://`` URL is opened. Any other import of psycopg (a test, a tool) is untouched.
"""

from __future__ import annotations

import sys
from typing import Any

DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg2cffi"})


def _probed_by_peewee() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if frame.f_code.co_name == "<module>" and (module == "peewee" or module.startswith("playhouse.")):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class _DeferDrivers:
    """A meta path finder that finds nothing, except that it refuses peewee's probes for drivers."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] in DRIVERS and _probed_by_peewee():
            raise ModuleNotFoundError(f"{name} is loaded when a PostgreSQL database is opened", name=name)
        return None


def defer() -> None:
    """Install the hook, unless peewee is already imported (then it has its drivers anyway)."""
    if "peewee" not in sys.modules and not any(isinstance(f, _DeferDrivers) for f in sys.meta_path):
        sys.meta_path.insert(0, _DeferDrivers())


def load_postgres() -> None:
    """Give peewee the psycopg driver now (before a PostgresqlDatabase is made)."""
    import peewee

    if peewee.psycopg is not None or peewee.psycopg2 is not None:
        return
    try:
        import psycopg
    except ImportError:
        from .domain.errors import ValidationError

        raise ValidationError("db", "a PostgreSQL hub needs the psycopg package: pip install 'psycopg[binary]'") from None
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg, peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = psycopg, TransactionStatus, Json, Jsonb
    adapter = peewee.Psycopg3Adapter  # its status constants are set in the class body, when psycopg was missing
    adapter.txn_idle, adapter.txn_inerror, adapter.txn_unknown = TransactionStatus.IDLE, TransactionStatus.INERROR, TransactionStatus.UNKNOWN
