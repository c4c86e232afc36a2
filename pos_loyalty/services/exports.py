"""Data out, as CSV: a batch's card numbers for a card-printing company; the customers with
their cards and balances.

Written with the csv module (UTF-8, a header row, every number as text so a spreadsheet keeps
its leading zeros when opened as text), to a temporary file beside the target moved over it
at the end: a refused export or a crash never leaves half a file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from typing import Callable, Iterable, Sequence, TextIO, TypeVar

from ..domain.errors import ValidationError
from ..printing.barcodes import CODE128, EAN13, symbology_for
from ..store.database import transaction
from ..store.models import Card, CardBatch, db
from . import audit, auth, cards
from .printing import check_output

T = TypeVar("T")

BATCH_COLUMNS = ("number", "barcode", "batch", "status")
BARCODE_NAMES = {EAN13: "EAN-13", CODE128: "Code 128"}  # as a printer's order form names them


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def write_atomically(path: Path, write: Callable[[TextIO], T], field: str = "csv") -> T:
    """Run `write` on a temporary file beside `path` (mode 0600, as mkstemp makes it: exports
    hold customers' details), synced to disk, then move it over `path`; returns what `write`
    returns. Any failure leaves nothing behind; a file system error is the user's, on `field`."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ValidationError(field, f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return result


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write `rows` under `header` as CSV, atomically; returns the rows written."""
    def write(stream: TextIO) -> int:
        writer = csv.writer(stream)
        writer.writerow(header)
        written = 0
        for row in rows:
            writer.writerow(row)
            written += 1
        return written
    return write_atomically(path, write)


def export_batch(name: str, out: str | Path) -> ExportResult:
    """Every card of batch `name` (number order): its number, the barcode it is printed with
    (EAN-13 for 13 digits, else Code128), the batch and the card's state."""
    path = check_output(out, ".csv", "csv")
    numbers = cards.batch_numbers(name)  # NotFound for an unknown or unfinished batch
    states = dict(Card.select(Card.number, Card.status).join(CardBatch).where(CardBatch.name == name).tuples())
    rows = ((number, BARCODE_NAMES[symbology_for(number)], name, states[number]) for number in numbers)
    return ExportResult(path, _write_csv(path, BATCH_COLUMNS, rows))


CUSTOMER_COLUMNS = ("name", "phone", "email", "marketing_opt_in", "birthday", "enrolled_at", "card", "card_status", "balance", "forgotten_at")
_CUSTOMER_ROWS = (
    "SELECT c.name, c.phone, c.email, c.marketing_opt_in, c.birth_month, c.birth_day, c.created_at, k.number, k.status, k.balance, "
    "c.forgotten_at "
    "FROM customer c LEFT JOIN card k ON k.customer_id = c.id ORDER BY c.id, k.id")


def _moment(value: object) -> str:
    """A stored time as 'YYYY-MM-DD HH:MM:SS' (SQLite gives text, PostgreSQL a datetime)."""
    return str(value if isinstance(value, str) else value.isoformat(sep=" ", timespec="seconds"))[:19]  # type: ignore[attr-defined]


def export_customers(out: str | Path, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> ExportResult:
    """Every customer with each of their cards and its balance, a row per card (a customer
    without a card: one row, the card columns empty; a forgotten customer: their anonymous
    name, no details, and when they were forgotten — services/privacy.py). Customers' personal details leave the
    till: a manager's PIN allows it and the audit log names who and how many rows. Read row by
    row from the database, so a million customers take no more memory than ten."""
    path = check_output(out, ".csv", "csv")
    who = auth.verify_manager(manager_pin, manager)

    def rows() -> Iterable[Sequence[object]]:
        for name, phone, email, opt_in, month, day, created, number, status, balance, forgotten in db.obj.execute_sql(_CUSTOMER_ROWS):
            birthday = f"{month:02d}-{day:02d}" if month and day else ""
            yield (name, phone or "", email or "", "yes" if opt_in else "no", birthday, _moment(created), number or "", status or "",
                   balance if number else "", _moment(forgotten) if forgotten else "")

    written = _write_csv(path, CUSTOMER_COLUMNS, rows())
    with transaction():
        audit.record(who.name, "customers.export", str(path), details={"rows": written, "operator": user or who.name})
    return ExportResult(path, written)
