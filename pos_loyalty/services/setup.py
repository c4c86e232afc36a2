"""Opening the app's database for the GUI, the CLI and the tests alike."""

from __future__ import annotations

import os

from peewee import Database

from ..paths import default_database
from ..store.database import open_database
from . import rules_sync


def open_store(target: str | None = None, demo_rules: bool = True, create: bool = False) -> Database:
    """Open and migrate the database; a brand-new one gets the demo rules so it works at once.

    The default location (the user data folder) is created on first run; a database named by
    `target` or POS_LOYALTY_DB in a folder that does not exist is refused unless `create`."""
    named = target or os.environ.get("POS_LOYALTY_DB")
    database = open_database(target or default_database(), create=create or not named)
    if demo_rules:
        rules_sync.ensure_demo_rules()
    return database
