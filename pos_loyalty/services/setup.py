"""Opening and closing the app's database for the GUI, the CLI and the tests alike.

The front ends (``ui/``, ``cli.py``) reach the database only through the services; these
three functions are all they need to open it, close it, and let a worker thread give back
the connection peewee opened for it.
"""

from __future__ import annotations

import logging
import os

from peewee import Database

from ..paths import default_database
from ..store.database import close_database, open_database
from ..store.models import db
from . import rules_sync

log = logging.getLogger(__name__)


def open_store(target: str | None = None, demo_rules: bool = True, create: bool = False) -> Database:
    """Open and migrate the database; a brand-new one gets the demo rules so it works at once.

    The default location (the user data folder) is created on first run; a database named by
    `target` or POS_LOYALTY_DB in a folder that does not exist is refused unless `create`."""
    named = target or os.environ.get("POS_LOYALTY_DB")
    database = open_database(target or default_database(), create=create or not named)
    if demo_rules:
        rules_sync.ensure_demo_rules()
    return database


def close_store() -> None:
    """Close this thread's connection and stop the background checkpointer (at exit)."""
    close_database()


def release_thread_connection() -> None:
    """Close the calling thread's own connection, if it opened one (peewee's connections are per
    thread): a worker thread calls this when its job ends, whatever happened. The GUI thread's
    connection is not touched. Never raises, so cleanup cannot hide the job's own outcome."""
    try:
        if db.obj is not None and not db.is_closed():
            db.close()
    except Exception:
        log.exception("closing a worker thread's database connection")
