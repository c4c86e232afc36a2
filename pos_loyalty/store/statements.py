"""Inserts whose SQL is written once, for the write path of a sale.

Peewee writes an INSERT's SQL afresh, value by value, on every call; on a checkout's commit
that was 42 % of the time (make bench). Here the SQL of an insert into some columns of a
model's table is written once per database kind and kept; each value goes through its
field's `db_value`, as peewee would send it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable, Sequence

from peewee import BooleanField, DateTimeField, Field, ForeignKeyField, IntegerField, Model
from peewee import __exception_wrapper__ as peewee_errors

from ..domain.limits import MAX_LENGTH
from .fields import CharField, TextField
from .models import db


@lru_cache(maxsize=64)
def _insert_sql(param: str, table: str, columns: tuple[str, ...], returning: bool, unique: str = "") -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join([param] * len(columns))
    conflict = f' ON CONFLICT ("{unique}") DO NOTHING' if unique else ""
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks}){conflict}' + (" RETURNING id" if returning else "")


def _sql(model: type[Model], fields: Sequence[Field], returning: bool, unique: str = "") -> str:
    return _insert_sql(db.obj.param, model._meta.table_name, tuple(f.column_name for f in fields), returning, unique)


def _converter(field: Field) -> Callable[[Any], Any]:
    """`field.db_value`, with the values it would send unchanged let through without the call:
    a sale's commit converts some 600 values (30 lines, 30 earnings), and the calls through
    peewee's field classes cost more than the inserts themselves. Whole numbers for integer
    columns and keys, datetimes, booleans, and plain ASCII text within the column's length (what
    `fields.CharField`/`TextField` check is NUL, non-ASCII and length: such text passes their
    checks unchanged); anything else goes through `db_value` as before."""
    convert = field.db_value
    if isinstance(field, ForeignKeyField):
        target = field.rel_field
        if isinstance(target, IntegerField):
            return lambda value: value if value is None or type(value) is int else convert(value)
        return convert
    if isinstance(field, IntegerField) and type(field).db_value is Field.db_value and type(field).adapt is IntegerField.adapt:
        return lambda value: value if value is None or type(value) is int else convert(value)
    if type(field) is DateTimeField:
        return lambda value: value if value is None or type(value) is dt.datetime else convert(value)
    if type(field) is BooleanField:
        return lambda value: value if value is None or type(value) is bool else convert(value)
    if type(field) in (CharField, TextField):
        limit = field.max_length if type(field) is CharField else MAX_LENGTH.get(field.name)
        if limit is None:
            return lambda value: value if value is None or (type(value) is str and value.isascii() and "\x00" not in value) else convert(value)
        return lambda value: (value if value is None or (type(value) is str and len(value) <= limit and value.isascii() and "\x00" not in value)
                              else convert(value))
    return convert


_CONVERTERS: dict[int, tuple[Sequence[Field], tuple[Callable[[Any], Any], ...]]] = {}


def _converters(fields: Sequence[Field]) -> tuple[Callable[[Any], Any], ...]:
    """The converters of a field list, made once per list (the callers pass module constants)."""
    entry = _CONVERTERS.get(id(fields))
    if entry is None or entry[0] is not fields:
        if len(_CONVERTERS) > 256:  # lists made on the fly: do not keep them all
            _CONVERTERS.clear()
        entry = _CONVERTERS[id(fields)] = (fields, tuple(_converter(f) for f in fields))
    return entry[1]


def _values(fields: Sequence[Field], row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple([convert(value) for convert, value in zip(_converters(fields), row)])


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
    converters = _converters(fields)
    values = [tuple([convert(value) for convert, value in zip(converters, row)]) for row in rows]
    with peewee_errors:  # the driver's errors as peewee's (IntegrityError …)
        db.obj.cursor().executemany(_sql(model, fields, False), values)
