"""0013: rules versions are published with the moment they take effect (issue 13).

Which version applies stops being a flag flipped by an import: it is the newest version whose
`effective_from` has come (ties: the later `published_at`), so a version published for
tomorrow takes over by itself, on every till, without anyone touching the database then.

- `rules_version.effective_from`: when the version takes effect (a version published "at once"
  carries its publishing moment).
- `rules_version.published_at` / `published_by`: when and by whom it was published on the hub
  (`imported_at` stays the moment it arrived in this database: the till's "synced at").
- A unique key on (checksum, effective_from): the same content for the same moment is one
  version, so a sync replaying a pulled row inserts nothing twice.

Existing databases keep what they run: every row takes effect from its `imported_at`, and the
`active` flag keeps one meaning — False for a version retired before this migration, which
never applies again; it is not written any more — so the version active before is active after.
"""

from __future__ import annotations

from peewee import SqliteDatabase

SQLITE = [
    "ALTER TABLE rules_version ADD COLUMN effective_from DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00'",
    "ALTER TABLE rules_version ADD COLUMN published_at DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00'",
    "ALTER TABLE rules_version ADD COLUMN published_by VARCHAR(80) NOT NULL DEFAULT ''",
    "UPDATE rules_version SET effective_from = imported_at, published_at = imported_at",
]

POSTGRES = [
    "ALTER TABLE rules_version ADD COLUMN effective_from TIMESTAMP",
    "ALTER TABLE rules_version ADD COLUMN published_at TIMESTAMP",
    "ALTER TABLE rules_version ADD COLUMN published_by VARCHAR(80) NOT NULL DEFAULT ''",
    "UPDATE rules_version SET effective_from = imported_at, published_at = imported_at",
    "ALTER TABLE rules_version ALTER COLUMN effective_from SET NOT NULL",
    "ALTER TABLE rules_version ALTER COLUMN published_at SET NOT NULL",
]

INDEXES = [
    "CREATE UNIQUE INDEX rules_version_checksum_effective_from ON rules_version (checksum, effective_from)",
    # The version in force, read on every quote: one backward step along this (covering) index, no sort.
    "CREATE INDEX rules_version_active_effective_from_published_at_checksum ON rules_version (active, effective_from, published_at, checksum)",
]


def up(migrator, database):  # type: ignore[no-untyped-def]
    for statement in (SQLITE if isinstance(database, SqliteDatabase) else POSTGRES) + INDEXES:
        database.execute_sql(statement)
