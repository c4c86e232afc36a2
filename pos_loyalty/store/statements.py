"""Inserts whose SQL is written once, for the write path of a sale.

Peewee writes an INSERT's SQL afresh, value by value, on every call; on a checkout's commit
that was 42 % of the time (make bench). Here the SQL of an insert into some columns of a
model's table is written once per database kind and kept; each value goes through its
field's `db_value`, as peewee would send it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from peewee import Field, Model
from peewee import __exception_wrapper__ as peewee_errors

from .models import db


@lru_cache(maxsize=64)
def _insert_sql(param: str, table: str, columns: tuple[str, ...], returning: bool, unique: str = "") -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join([param] * len(columns))
    conflict = f' ON CONFLICT ("{unique}") DO NOTHING' if unique else ""
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks}){conflict}' + (" RETURNING id" if returning else "")


def _sql(model: type[Model], fields: Sequence[Field], returning: bool, unique: str = "") -> str:
    return _insert_sql(db.obj.param, model._meta.table_name, tuple(f.column_name for f in fields), returning, unique)


def _values(fields: Sequence[Field], row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(field.db_value(value) for field, value in zip(fields, row))


def insert_one(model: type[Model], fields: Sequence[Field], row: Sequence[Any]) -> int:
    """Insert one row (inside the caller's transaction) and return its id."""
    return int(db.obj.execute_sql(_sql(model, fields, True), _values(fields, row)).fetchone()[0])


def insert_new(model: type[Model], fields: Sequence[Field], row: Sequence[Any], unique: Field) -> int | None:
    """Insert one row unless a row with its `unique` value exists (another till's, a retry's):
    its id, or None when nothing was inserted. Inside the caller's transaction."""
    found = db.obj.execute_sql(_sql(model, fields, True, unique.column_name), _values(fields, row)).fetchone()
    return None if found is None else int(found[0])


def insert_many(model: type[Model], fields: Sequence[Field], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows with one `executemany` (inside the caller's transaction)."""
    if not rows:
        return
    values = [_values(fields, row) for row in rows]
    with peewee_errors:  # the driver's errors as peewee's (IntegrityError …)
        db.obj.cursor().executemany(_sql(model, fields, False), values)
