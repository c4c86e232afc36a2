"""0005: wrong-PIN counters, kept in the database so a restarted CLI or till does not reset them.

One row per scope: a user (attempts that name the user) or a till (manager PINs typed without
a name). `failures` counts wrong PINs since the last success; `locked_until` is set when they
reach the store's limit.
"""

from __future__ import annotations

from peewee import AutoField, CharField, DatabaseProxy, DateTimeField, IntegerField, Model

db = DatabaseProxy()


class PinThrottle(Model):
    id = AutoField()
    scope = CharField(max_length=16)  # user|till
    key = CharField(max_length=80)  # the user's name folded to lower case, or the till id
    failures = IntegerField(default=0)
    last_failure_at = DateTimeField(null=True)
    locked_until = DateTimeField(null=True)

    class Meta:
        database = db
        legacy_table_names = False
        indexes = ((("scope", "key"), True),)


def up(migrator, database):  # type: ignore[no-untyped-def]
    db.initialize(database)
    database.create_tables([PinThrottle], safe=True)
