"""Erasing a forgotten customer's details from the rows around their own (services/privacy.py).

The customer's own row is anonymised by the service (or arrives anonymised from the hub,
store/replication.py); this removes the details from everywhere else they were copied to:

- the e-mail outbox: every message to them loses its address and bodies (rendered with their
  name) and its subject is scrubbed; one not yet sent is blocked, so it never goes out — a
  sender that claimed it meanwhile finds it no longer "sending" and leaves it (its trigger
  firing, pending on that e-mail, is blocked with it);
- free text people or servers wrote that quotes a detail (`domain.personal.needles`): audit
  reasons, targets and details, ledger notes (the one change the ledger's guard allows:
  a redaction carrying the marker), action notes, coupon reasons, trigger log reasons,
  message subjects and server answers, sync exceptions.

Plain SQL over the given database, so the same code runs on a till's SQLite file and on the
PostgreSQL hub when the forget arrives there. Inside the caller's transaction.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from peewee import Database, SqliteDatabase

from ..domain import personal

# (table, its text columns that may quote a customer's details)
TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("audit_log", ("target", "reason", "details")),
    ("ledger_entry", ("note",)),
    ("activity", ("note",)),
    ("coupon", ("reason", "void_reason")),
    ("trigger_log", ("reason",)),
    ("message", ("subject", "last_answer")),
    ("sync_exception", ("subject", "details")),
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


def _find(database: Database, column: str, needle: str) -> str:
    """A condition: `column` contains `needle` (as written, or lower-cased), with no LIKE
    wildcards to escape (an address may hold '_' or '%')."""
    function = "instr" if database.param == "?" else "strpos"
    return f"({function}({_q(column)}, {database.param}) > 0 OR {function}(LOWER({_q(column)}), {database.param}) > 0)"


def _scrub_texts(database: Database, needles: list[str]) -> int:
    if not needles:
        return 0
    p = database.param
    changed = 0
    tables = set(database.get_tables())
    for table, columns in TEXTS:
        if table not in tables:
            continue
        for column in columns:
            where = " OR ".join(_find(database, column, n) for n in needles)
            params = [v for n in needles for v in (n, n.lower())]
            rows = database.execute_sql(f"SELECT id, {_q(column)} FROM {_q(table)} WHERE {where}", params).fetchall()
            for row_id, text in rows:
                cleaned = personal.scrub(text, needles)
                if cleaned != text:
                    database.execute_sql(f"UPDATE {_q(table)} SET {_q(column)} = {p} WHERE id = {p}", (cleaned, row_id))
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
    cleared = database.execute_sql(
        f"UPDATE message SET to_address = '', body_text = '', body_html = '' WHERE {mine}", (customer_id, customer_id)).rowcount
    texts = _scrub_texts(database, needles)
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
