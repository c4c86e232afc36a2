"""0019: tokens for the local HTTP API (issue 15, `pos_loyalty/api/`).

A manager creates a token for each program that calls the API (the store's POS); the API acts
as the token's name. Only the SHA-256 of the token is kept: the token itself is 32 random bytes
shown once, so its hash cannot be reversed by guessing (unlike a PIN, which needs a slow hash).
A revoked token keeps its row (`revoked_at`) so the audit log's names keep their meaning; a name
is unique among the tokens not revoked (checked by the service).
"""

from __future__ import annotations

import datetime as dt

from peewee import AutoField, CharField, DatabaseProxy, DateTimeField, Model

db = DatabaseProxy()


class ApiToken(Model):
    id = AutoField()
    name = CharField(max_length=40, index=True)
    token_hash = CharField(max_length=64, unique=True)  # hex SHA-256 of the token
    created_at = DateTimeField(default=dt.datetime.now)
    created_by = CharField(max_length=80, default="")
    last_used_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)
    revoked_by = CharField(max_length=80, default="")

    class Meta:
        database = db
        legacy_table_names = False


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([ApiToken], safe=True)
