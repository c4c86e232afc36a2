"""0007: the change log — one row per committed write transaction saying what it changed.

Open windows poll it (`id > cursor`, an index range on the primary key) to notice changes made
by another process: the CLI, another till on the PostgreSQL hub. A frozen copy of the model.
"""

from __future__ import annotations

import datetime as dt

from peewee import AutoField, CharField, DatabaseProxy, DateTimeField, Model, TextField

db = DatabaseProxy()


class ChangeLog(Model):
    id = AutoField()
    kinds = CharField(max_length=120)
    keys = TextField(default="{}")
    at = DateTimeField(default=dt.datetime.now)

    class Meta:
        database = db
        table_name = "change_log"


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([ChangeLog])
