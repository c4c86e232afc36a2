"""Erasing a forgotten customer's details from the rows around their own (services/privacy.py).

The customer's own row is anonymised by the service (or arrives anonymised from the hub,
store/replication.py); this removes the details from everywhere else they were copied to:

- the e-mail outbox: every message to them loses its address and bodies (rendered with their
  name) and its subject is scrubbed; one not yet sent is blocked, so it never goes out — a
  sender that claimed it meanwhile finds it no longer "sending" and leaves it (its trigger
  firing, pending on that e-mail, is blocked with it);
- free text people or servers wrote that quotes a detail (`domain.personal.needles`): audit
  reasons, targets and details, sync exceptions, and on the customer's own rows the ledger
  notes (the one change the ledger's guard allows: a redaction carrying the marker), action
  notes, coupon reasons, trigger log reasons, message subjects and server answers.

Plain SQL over the given database, so the same code runs on a till's SQLite file and on the
PostgreSQL hub when the forget arrives there. Inside the caller's transaction.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from peewee import Database, SqliteDatabase

from ..domain import personal
from .running_totals import fill_standing

THEIR_CARDS = "card_id IN (SELECT id FROM card WHERE customer_id = {p})"
THEM = "customer_id = {p}"
THEIRS = "(customer_id = {p} OR card_id IN (SELECT id FROM card WHERE customer_id = {p}))"
EVERY = ""

# (table, its text columns that may quote a customer's details, which rows are looked at).
# The big tables are looked at through the customer's own rows (an index each: a ledger of ten
# million entries is never read whole inside the forget's transaction); the audit log whole but
# for enrolments (most of its rows, which never hold text: skipped by a comparison, not read).
TEXTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("audit_log", ("target", "reason", "details"), "action <> 'customer.enrol'"),
    ("ledger_entry", ("note",), THEIR_CARDS),
    ("activity", ("note",), THEM),
    ("coupon", ("reason", "void_reason"), THEIR_CARDS),
    ("trigger_log", ("reason",), THEM),
    ("message", ("subject", "last_answer"), THEIRS),
    ("sync_exception", ("subject", "details"), EVERY),
)

NOT_SENT = "not sent: the customer asked to be forgotten"
UNSENT = ("pending", "sending", "in_doubt", "failed")


@dataclass(frozen=True)
class Erased:
    messages_blocked: int
    messages_cleared: int
    texts: int  # rows of other tables whose text quoted a detail


def _q(name: str) -> str:
    return f'"{name}"'


def _contains(database: Database, column: str, needles: list[str]) -> tuple[str, list[str]]:
    """A condition that `column` contains one of `needles` whatever their case, and its
    parameters. No LIKE (an address may hold '_' or '%'); LOWER folds only ASCII on SQLite, so
    a needle with other letters is also looked for as written and in capitals."""
    function = "instr" if database.param == "?" else "strpos"
    tests, params = [], []
    for needle in needles:
        tests.append(f"{function}(LOWER({_q(column)}), {database.param}) > 0")
        params.append(needle.lower())
        if not needle.isascii():
            for form in dict.fromkeys((needle, needle.upper())):
                tests.append(f"{function}({_q(column)}, {database.param}) > 0")
                params.append(form)
    return " OR ".join(tests), params


def _scrub_texts(database: Database, customer_id: int, needles: list[str]) -> int:
    """Replace the details in every text of `TEXTS`: one read per table, an update per row changed."""
    if not needles:
        return 0
    p = database.param
    changed = 0
    tables = set(database.get_tables())
    for table, columns, scope in TEXTS:
        if table not in tables:
            continue
        conditions, params = [], []
        for column in columns:
            condition, found = _contains(database, column, needles)
            conditions.append(f"({condition})")
            params += found
        scoped = scope.format(p=p)
        where = f"{scoped} AND ({' OR '.join(conditions)})" if scoped else " OR ".join(conditions)
        scope_params = [customer_id] * scoped.count(p)
        names = ", ".join(_q(c) for c in columns)
        for row in database.execute_sql(f"SELECT id, {names} FROM {_q(table)} WHERE {where}", scope_params + params).fetchall():
            cleaned = {column: personal.scrub(text, needles) for column, text in zip(columns, row[1:]) if text}
            updates = {column: text for column, text in cleaned.items() if text != row[1 + columns.index(column)]}
            if updates:
                sets = ", ".join(f"{_q(c)} = {p}" for c in updates)
                database.execute_sql(f"UPDATE {_q(table)} SET {sets} WHERE id = {p}", (*updates.values(), row[0]))
                changed += 1
    return changed


def erase_traces(database: Database, customer_id: int, needles: list[str]) -> Erased:
    """Remove customer `customer_id`'s details (the forms in `needles`) from the outbox and
    every free text of the database."""
    p = database.param
    mine = f"(customer_id = {p} OR card_id IN (SELECT id FROM card WHERE customer_id = {p}))"
    marks = ", ".join([p] * len(UNSENT))
    blocked = database.execute_sql(
        f"UPDATE message SET status = 'blocked', next_attempt_at = NULL, claimed_by = '', last_answer = {p} "
        f"WHERE {mine} AND status IN ({marks})", (NOT_SENT, customer_id, customer_id, *UNSENT)).rowcount
    database.execute_sql(  # a firing whose e-mail waited: its e-mail is blocked, and so is it
        f"UPDATE trigger_log SET status = 'blocked', reason = {p} WHERE customer_id = {p} AND status = 'pending'", (NOT_SENT, customer_id))
    fill_standing(database, [customer_id])  # a blocked firing no longer stands
    cleared = database.execute_sql(
        f"UPDATE message SET to_address = '', body_text = '', body_html = '' WHERE {mine}", (customer_id, customer_id)).rowcount
    texts = _scrub_texts(database, customer_id, needles)
    return Erased(int(blocked or 0), int(cleared or 0), texts)


@contextmanager
def overwriting_freed_space(database: Database) -> Iterator[None]:
    """SQLite: while the block runs, the space the old values leave in the file is overwritten
    with zeros (``PRAGMA secure_delete``), so the erased details cannot be read back from the
    file's free pages either — whatever the SQLite build's default. PostgreSQL leaves dead rows
    to its vacuum."""
    if not isinstance(database, SqliteDatabase):
        yield
        return
    before = int(database.execute_sql("PRAGMA secure_delete").fetchone()[0])
    database.execute_sql("PRAGMA secure_delete = 1")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA secure_delete = {before}")
