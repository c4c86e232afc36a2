"""Inserts whose SQL is written once, for the write path of a sale.

Peewee writes an INSERT's SQL afresh, value by value, on every call; on a checkout's commit
that was 42 % of the time (make bench). Here the SQL of an insert into some columns of a
model's table is written once per database kind and kept; each value goes through its
field's `db_value`, as peewee would send it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from itertools import chain, repeat
from typing import Any, Callable, Iterable, Sequence

from peewee import BooleanField, Database, DateTimeField, Field, ForeignKeyField, IntegerField, Model
from peewee import __exception_wrapper__ as peewee_errors

from ..domain.limits import MAX_LENGTH
from .fields import MONEY_SCALE
from .fields import CharField, MoneyField, TextField
from .models import db


@lru_cache(maxsize=64)
def _insert_head(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names})'


@lru_cache(maxsize=64)
def _insert_sql(param: str, table: str, columns: tuple[str, ...], returning: bool, unique: str = "") -> str:
    marks = ", ".join([param] * len(columns))
    conflict = f' ON CONFLICT ("{unique}") DO NOTHING' if unique else ""
    return f"{_insert_head(table, columns)} VALUES ({marks}){conflict}" + (" RETURNING id" if returning else "")


_SQL: dict[tuple[int, str, bool, str], tuple[Sequence[Field], str]] = {}


def _sql(model: type[Model], fields: Sequence[Field], returning: bool, unique: str = "") -> str:
    """The statement for these fields, found by the list's identity (the callers pass module
    constants: a sale asks some four times, and naming the columns afresh each time cost more
    than the look-up)."""
    param = db.obj.param
    key = (id(fields), param, returning, unique)
    entry = _SQL.get(key)
    if entry is None or entry[0] is not fields:
        if len(_SQL) > 256:  # lists made on the fly: do not keep them all
            _SQL.clear()
        entry = _SQL[key] = (fields, _insert_sql(param, model._meta.table_name, tuple(f.column_name for f in fields), returning, unique))
    return entry[1]


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
    if type(field) is MoneyField:
        return _stored_money(convert)
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


def _encodes(text: str) -> bool:
    """Whether `text` has no lone surrogate (what the text fields refuse besides NUL): joined
    values encode exactly when each one does, a surrogate never pairs across a join."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Amounts already converted to what a money column stores (`MoneyField.db_value`), by value:
# a till sells the same prices all day and its rules' minimums never change, and finding an
# amount here costs a fifth of converting it (a 30-line sale stores 60 line amounts). Equal
# amounts store equally (2.5 and 2.50: 25000), so an amount found is what converting it gives.
_STORED_MONEY: dict[Decimal, int] = {}
_STORED_MONEY_LIMIT = 4096


def _remember_money(amounts: Iterable[Decimal], stored: Iterable[int]) -> None:
    if len(_STORED_MONEY) > _STORED_MONEY_LIMIT:
        _STORED_MONEY.clear()
    _STORED_MONEY.update(zip(amounts, stored))


def _money_steps(amounts: Sequence[Decimal]) -> tuple[int, ...]:
    """MoneyField.db_value's own steps, each applied to the whole column at once."""
    return tuple(map(int, map(Decimal.to_integral_exact, map(Decimal.scaleb, amounts, repeat(MONEY_SCALE)))))


def _stored_money(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` (a money field's `db_value`) for one value, through `_STORED_MONEY`."""
    def one(value: Any) -> Any:
        try:
            return _STORED_MONEY[value]
        except (KeyError, TypeError):
            stored = convert(value)
            if type(value) is Decimal:
                _remember_money((value,), (stored,))
            return stored
    return one


def _column_converter(field: Field) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """`_converter` for a whole column of an `insert_many`: the column as it is when every value
    would pass unchanged (one check over the column: for text, over the values joined — NUL,
    lone surrogates, length), else
    each value through the field's converter. A sale's 30 lines and 30 earnings are 540
    values; one check per column instead of one call per value."""
    convert = _converter(field)
    if isinstance(field, ForeignKeyField) and isinstance(field.rel_field, IntegerField) or (
            isinstance(field, IntegerField) and type(field).db_value is Field.db_value and type(field).adapt is IntegerField.adapt):
        def whole_numbers(values: tuple[Any, ...]) -> tuple[Any, ...]:
            for value in values:
                if type(value) is not int and value is not None:
                    return tuple(map(convert, values))
            return values
        return whole_numbers
    if type(field) in (CharField, TextField):
        limit = field.max_length if type(field) is CharField else MAX_LENGTH.get(field.name)

        def text(values: tuple[Any, ...]) -> tuple[Any, ...]:
            present = [v for v in values if v is not None] if None in values else values
            try:
                joined = "".join(present)  # TypeError: something other than text, for `convert` to judge
            except TypeError:
                return tuple(map(convert, values))
            if "\x00" not in joined and (joined.isascii() or _encodes(joined)) and (limit is None or not present or max(map(len, present)) <= limit):
                return values
            return tuple(map(convert, values))
        return text
    if type(field) is MoneyField:
        def money(values: tuple[Any, ...]) -> tuple[Any, ...]:
            try:
                return tuple(map(_STORED_MONEY.__getitem__, values))  # every amount seen before (`_STORED_MONEY`)
            except (KeyError, TypeError):  # one not seen, or no amount at all (None, a NaN): converted below
                pass
            for value in values:
                if type(value) is not Decimal:
                    return tuple(map(convert, values))
            distinct = set(values)
            if len(distinct) * 2 <= len(values):  # rows sharing their amounts (an order's earnings: its amount, the rules' minimums)
                amounts = tuple(distinct)
                found = dict(zip(amounts, _money_steps(amounts)))
                _remember_money(amounts, found.values())
                return tuple(map(found.__getitem__, values))
            stored = _money_steps(values)
            _remember_money(values, stored)
            return stored
        return money
    return lambda values: tuple(map(convert, values))


_COLUMN_CONVERTERS: dict[int, tuple[Sequence[Field], tuple[Callable[[tuple[Any, ...]], tuple[Any, ...]], ...]]] = {}


def _column_converters(fields: Sequence[Field]) -> tuple[Callable[[tuple[Any, ...]], tuple[Any, ...]], ...]:
    entry = _COLUMN_CONVERTERS.get(id(fields))
    if entry is None or entry[0] is not fields:
        if len(_COLUMN_CONVERTERS) > 256:
            _COLUMN_CONVERTERS.clear()
        entry = _COLUMN_CONVERTERS[id(fields)] = (fields, tuple(_column_converter(f) for f in fields))
    return entry[1]


def db_rows(fields: Sequence[Field], rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """The rows' values (in the order of `fields`) as the driver takes them — each as its
    field's `db_value` makes it —, converted column by column."""
    columns = [convert(column) for convert, column in zip(_column_converters(fields), zip(*rows))]
    return list(zip(*columns))


def _values(fields: Sequence[Field], row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple([convert(value) for convert, value in zip(_converters(fields), row)])


_HEADS: dict[int, tuple[Sequence[Field], str]] = {}


def _head(model: type[Model], fields: Sequence[Field]) -> str:
    """``INSERT INTO "table" ("a", "b", …)`` for these fields, kept per list (as `_sql`)."""
    entry = _HEADS.get(id(fields))
    if entry is None or entry[0] is not fields:
        if len(_HEADS) > 256:
            _HEADS.clear()
        entry = _HEADS[id(fields)] = (fields, _insert_head(model._meta.table_name, tuple(f.column_name for f in fields)))
    return entry[1]


def insert_one(model: type[Model], fields: Sequence[Field], row: Sequence[Any]) -> int:
    """Insert one row (inside the caller's transaction) and return its id."""
    return int(db.obj.execute_sql(_sql(model, fields, True), _values(fields, row)).fetchone()[0])


def insert_new(model: type[Model], fields: Sequence[Field], row: Sequence[Any], unique: Field) -> int | None:
    """Insert one row unless a row with its `unique` value exists (another till's, a retry's):
    its id, or None when nothing was inserted. Inside the caller's transaction."""
    found = db.obj.execute_sql(_sql(model, fields, True, unique.column_name), _values(fields, row)).fetchone()
    return None if found is None else int(found[0])


def insert_many(model: type[Model], fields: Sequence[Field], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows (inside the caller's transaction), as `write_rows` sends them."""
    if not rows:
        return
    if len(rows) == 1:  # a sale's one reward: converted value by value, not column by column
        with peewee_errors:
            db.obj.cursor().execute(_sql(model, fields, False), _values(fields, rows[0]))
        return
    write_rows(_head(model, fields), len(fields), db_rows(fields, rows))


# Rows of one statement at most: 50 rows of up to 19 columns stay within the 999 parameters the
# oldest SQLite allows; a sale's 30 lines go in one statement.
ROWS_PER_STATEMENT = 50


@lru_cache(maxsize=512)
def _rows_sql(head: str, columns: int, tail: str, rows: int) -> str:
    row = "(" + ", ".join("?" * columns) + ")"
    return f"{head} VALUES {', '.join([row] * rows)}{tail}"


def write_rows(head: str, columns: int, rows: Sequence[Sequence[Any]], tail: str = "", database: Database | None = None) -> None:
    """Run `head VALUES (…)tail` for each of `rows` (values as the driver takes them), inside the
    caller's transaction. On SQLite as one statement of many rows (`VALUES (…), (…), …`, up to
    `ROWS_PER_STATEMENT`): an `executemany` steps one statement per row, and for the four
    tables a sale writes some thirty rows into (its lines and earnings, the customer's products
    and rules of the day) that took half as long again as one statement of thirty rows (the
    statement of each row count is prepared once and kept: `store.database.STATEMENT_CACHE`).
    SQLite applies an upsert's rows one after another, as `executemany` does. PostgreSQL takes
    the `executemany` (psycopg sends its rows in one round trip)."""
    if not rows:
        return
    database = database or db.obj
    with peewee_errors:  # the driver's errors as peewee's (IntegrityError …)
        cursor = database.cursor()
        if database.param != "?":
            p = database.param
            cursor.executemany(f"{head} VALUES ({', '.join([p] * columns)}){tail}", rows)
            return
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start:start + ROWS_PER_STATEMENT]
            cursor.execute(_rows_sql(head, columns, tail, len(chunk)), list(chain.from_iterable(chunk)))
