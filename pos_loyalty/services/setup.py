"""Opening the app's database for the GUI, the CLI and the tests alike."""

from __future__ import annotations

from peewee import Database

from ..paths import default_database
from ..store.database import open_database
from . import rules_sync


def open_store(target: str | None = None, demo_rules: bool = True) -> Database:
    """Open and migrate the database; a brand-new one gets the demo rules so it works at once."""
    database = open_database(target or default_database())
    if demo_rules:
        rules_sync.ensure_demo_rules()
    return database
